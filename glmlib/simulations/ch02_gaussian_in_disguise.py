"""Chapter 2: the Gaussian (spread 1) written in exponential-family form.

Move the mean mu. The bell curve is assembled from glmlib's pieces,
``b(y) * exp(eta * T(y) - a(eta))`` with ``eta = Gaussian().link(mu)``, and
checked point by point against the textbook normal density
(``scipy.stats.norm.pdf``). The two factors are drawn apart: the base
measure b(y) beside the product, and the tilting factor
``exp(eta * y - a(eta))`` in a panel of its own. A third panel shows the
log-partition ``a(eta) = eta^2 / 2`` with the current eta on it.

For a spread sigma other than 1, ``gaussian_with_spread`` writes the same
density both ways the chapter explains (chapter 1's form with
eta = mu / sigma^2, and the dispersion form glmlib uses, eta = mu with
sigma^2 dividing the exponent), and ``fits_for_spreads`` fits one data set
under several sigmas to show that the coefficients do not move.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..data import spread_example
from ..families import Gaussian
from ..fitting import fit
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import PALETTE, course_figure, style_axes

MU_RANGE = (-3.0, 3.0)
Y_GRID = np.linspace(-5.0, 5.0, 161)
#: the tilting factor's panel shows values up to this; beyond, it leaves the top
TILT_TOP = 5.0
#: every 10th grid point carries a marker of the reference density
REFERENCE_EVERY = 10
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


class GaussianInDisguise(Simulation):
    """The bell curve, its two factors and its readouts as mu moves (chapter 2).

    Control: ``mu``. Panels: b(y) with the product b(y) exp(eta y - a(eta))
    and the normal density; the tilting factor exp(eta y - a(eta)) alone;
    the log-partition. Readouts: eta (equal to mu), T(y) = y, a(eta) and the
    check that the exponential-family form equals the normal density.
    """

    chapter = 2

    def make_controls(self):
        return {"mu": slider("mean \u03bc (= \u03b7)", 0.6, *MU_RANGE, 0.05)}

    def compute(self, mu):
        return gaussian_pieces(mu)

    def build_figure(self):
        fig, (bell_ax, tilt_ax, a_ax) = course_figure(
            "The Gaussian in exponential-family form",
            ncols=3,
            figsize=(8.6, 3.1),
            width_ratios=[1.55, 1.15, 0.8],
            left=0.07,
            right=0.985,
            wspace=0.42,
        )
        style_axes(
            bell_ax,
            "b(y) \u00d7 tilt = density",
            "y",
            "density",
            (-5, 5),
            (0, 0.54),
            [-4, -2, 0, 2, 4],
            [0, 0.1, 0.2, 0.3, 0.4],
        )
        family = Gaussian()
        base = np.exp(family.log_base_measure(Y_GRID))
        bell_ax.plot(
            Y_GRID,
            base,
            "--",
            color=PALETTE["grey"],
            linewidth=1.4,
            label="b(y)",
        )
        (self.bell,) = bell_ax.plot(
            [], [], color=PALETTE["blue"], label="b(y)\u00b7tilt"
        )
        (self.reference,) = bell_ax.plot(
            [],
            [],
            "o",
            color=PALETTE["orange"],
            markersize=4,
            label="normal",
        )
        self.mean_line = bell_ax.axvline(
            0.0, color=PALETTE["black"], linestyle="--", lw=1.2
        )
        bell_ax.legend(loc="upper center", ncol=3, handlelength=1.2, columnspacing=0.8)

        style_axes(
            tilt_ax,
            "tilt: exp(\u03b7y \u2212 a(\u03b7))",
            "y",
            "factor",
            (-5, 5),
            (0, TILT_TOP),
            [-4, -2, 0, 2, 4],
            [0, 1, 2, 3, 4, 5],
        )
        tilt_ax.axhline(1.0, color=PALETTE["grey"], linestyle=":", linewidth=1.2)
        (self.tilt,) = tilt_ax.plot([], [], color=PALETTE["purple"])

        style_axes(
            a_ax,
            "log-partition",
            "\u03b7",
            "a(\u03b7) = \u03b7\u00b2/2",
            (-3.2, 3.2),
            (-0.2, 5),
            [-3, 0, 3],
            [0, 2, 4],
        )
        etas = np.linspace(*MU_RANGE, 61)
        a_ax.plot(
            etas, family.log_partition(etas), color=PALETTE["grey"], linewidth=1.5
        )
        (self.a_dot,) = a_ax.plot([], [], "o", color=PALETTE["blue"], markersize=8)
        self.bell_ax, self.tilt_ax, self.a_ax = bell_ax, tilt_ax, a_ax
        fig.add_moving(self.bell, self.reference, self.mean_line, self.tilt, self.a_dot)
        return fig

    def draw_state(self, state):
        self.bell.set_data(state.y, state.density_from_form)
        self.reference.set_data(
            state.y[::REFERENCE_EVERY], state.normal_density[::REFERENCE_EVERY]
        )
        self.mean_line.set_xdata([state.mu, state.mu])
        # Values far above the panel would only slow the drawing down.
        self.tilt.set_data(state.y, np.minimum(state.tilt, 2 * TILT_TOP))
        self.a_dot.set_data([state.eta], [state.log_partition])

    def readouts(self, state=None):
        state = state or self.state
        verdict = (
            f"equal within {AGREEMENT_TOLERANCE:.0e} \u2713"
            if state.forms_agree
            else "NOT equal \u2717"
        )
        return [
            Readout(r"\mu", "\u03bc", state.mu, 2),
            Readout(r"\eta", "\u03b7", state.eta, 2),
            Readout(r"T(y)", "T(y)", "y"),
            Readout(r"a(\eta)", "a(\u03b7)", state.log_partition),
            Readout(
                r"b(y)\,e^{\eta T(y) - a(\eta)}\ \text{vs}\ \mathcal{N}(y;\mu,1)",
                "b(y)\u00b7exp(\u03b7\u00b7T(y) \u2212 a(\u03b7)) vs normal density",
                verdict,
                separator=": ",
            ),
        ]
