"""Chapter 2's lesson helpers: the Gaussian rebuilt from its exponential-family pieces.

``gaussian_pieces`` assembles the unit-spread bell curve as
``b(y) * exp(eta * T(y) - a(eta))`` from glmlib's Gaussian and checks it
point by point against ``scipy.stats.norm.pdf``. For a spread sigma other
than 1, ``gaussian_with_spread`` writes the same density both ways the
chapter explains (chapter 1's form with eta = mu / sigma^2, and the
dispersion form glmlib uses, eta = mu with sigma^2 dividing the exponent),
and ``fits_for_spreads`` fits one data set under several sigmas to show
that the coefficients do not move.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..data import spread_example
from ..families import Gaussian
from ..fitting import fit

Y_GRID = np.linspace(-5.0, 5.0, 161)


#: the exponential-family form and the normal density must agree this well
AGREEMENT_TOLERANCE = 1e-12


@dataclass(frozen=True)
class GaussianFormState:
    """The Gaussian at one mean, in its exponential-family pieces (chapter 2)."""

    mu: float
    eta: float
    log_partition: float
    y: np.ndarray
    sufficient_statistic: np.ndarray
    base_measure: np.ndarray
    tilt: np.ndarray
    density_from_form: np.ndarray
    normal_density: np.ndarray
    largest_difference: float

    @property
    def forms_agree(self):
        """True when b(y) exp(eta T(y) - a(eta)) matches the normal density."""
        return self.largest_difference < AGREEMENT_TOLERANCE


def gaussian_pieces(mu, y=Y_GRID):
    """eta, T(y), a(eta), b(y) of the unit-spread Gaussian with mean ``mu`` (chapter 2).

    The density is rebuilt from those pieces, b(y) * exp(eta * T(y) - a(eta)),
    and compared with ``scipy.stats.norm.pdf(y, mu, 1)``.
    """
    family = Gaussian()
    eta = float(family.link(mu))
    log_partition = float(family.log_partition(eta))
    t = family.sufficient_statistic(y)
    b = np.exp(family.log_base_measure(y))
    with np.errstate(over="ignore"):
        tilt = np.exp(eta * t - log_partition)
    from_form = b * tilt
    reference = stats.norm.pdf(y, loc=mu, scale=1.0)
    return GaussianFormState(
        mu=float(mu),
        eta=eta,
        log_partition=log_partition,
        y=y,
        sufficient_statistic=t,
        base_measure=b,
        tilt=tilt,
        density_from_form=from_form,
        normal_density=reference,
        largest_difference=float(np.max(np.abs(from_form - reference))),
    )


@dataclass(frozen=True)
class SpreadForms:
    """One Gaussian with spread sigma, written two ways (chapter 2).

    ``eta_chapter1`` and ``a_chapter1`` are the natural parameter and
    log-partition of chapter 1's form b(y) exp(eta y - a(eta)), where
    eta = mu / sigma^2; ``eta_dispersion`` is glmlib's natural parameter in
    the dispersion form b(y) exp((eta y - a(eta)) / sigma^2), where eta = mu.
    Each ``*_gap`` is the largest distance from the normal density with that
    sigma (``scipy.stats.norm.pdf``) over the grid.
    """

    mu: float
    sigma: float
    dispersion: float
    eta_chapter1: float
    a_chapter1: float
    eta_dispersion: float
    chapter1_gap: float
    dispersion_gap: float


def gaussian_with_spread(mu, sigma, y=Y_GRID):
    """Chapter 1's form and the dispersion form of N(mu, sigma^2), both checked (chapter 2).

    Every piece comes from ``Gaussian(sigma)``: its ``link`` gives the
    dispersion form's eta, its ``log_partition`` and ``log_base_measure``
    the rest. Chapter 1's form divides eta and a(eta) by the dispersion
    sigma^2. Both rebuilt densities are compared with the normal density.
    """
    family = Gaussian(sigma=sigma)
    dispersion = family.dispersion
    eta = float(family.link(mu))
    b = np.exp(family.log_base_measure(y))
    eta_ch1 = eta / dispersion
    a_ch1 = float(family.log_partition(eta)) / dispersion
    chapter1 = b * np.exp(eta_ch1 * y - a_ch1)
    reference = stats.norm.pdf(y, loc=mu, scale=sigma)
    return SpreadForms(
        mu=float(mu),
        sigma=float(sigma),
        dispersion=float(dispersion),
        eta_chapter1=eta_ch1,
        a_chapter1=a_ch1,
        eta_dispersion=eta,
        chapter1_gap=float(np.max(np.abs(chapter1 - reference))),
        dispersion_gap=float(np.max(np.abs(family.density(y, mu) - reference))),
    )


@dataclass(frozen=True)
class SpreadFit:
    """The fit of chapter 2's data under one assumed spread sigma (chapter 2)."""

    sigma: float
    coef: np.ndarray
    loglik: float
    loglik_drop: float


def fits_for_spreads(sigmas=(1.0, 2.0), nudge=(0.3, -0.1)):
    """Fit chapter 2's line under each spread in ``sigmas`` (chapter 2).

    Each fit is ``glmlib.fit`` with ``Gaussian(sigma)``. ``loglik_drop`` is
    how much that family's log-likelihood falls when the fitted coefficients
    are moved by ``nudge``: it scales as 1 / sigma^2, while the coefficients
    themselves stay where they are.
    """
    x, y = spread_example()
    X = np.column_stack([np.ones_like(x), x])
    fits = []
    for sigma in sigmas:
        family = Gaussian(sigma=sigma)
        result = fit(X, y, family=family)
        moved = result.coef + np.asarray(nudge, dtype=float)
        at_fit = float(np.sum(family.loglik(y, X @ result.coef)))
        at_moved = float(np.sum(family.loglik(y, X @ moved)))
        fits.append(
            SpreadFit(
                sigma=float(sigma),
                coef=result.coef,
                loglik=at_fit,
                loglik_drop=at_fit - at_moved,
            )
        )
    return fits
