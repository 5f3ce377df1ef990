"""Chapter 5's lesson helpers: the recipe, applied twice, gives linear and logistic regression.

``crank_both`` fits a Gaussian GLM to the shop's takings and a Bernoulli
GLM to whether a queue formed (``glmlib.fit``), and checks each against a
route that does not use glmlib: least squares (``numpy.linalg.lstsq``) for
the Gaussian's theta, a direct minimisation of the mean cross-entropy
(``scipy.optimize.minimize``) for the Bernoulli's. ``turn_the_crank``
follows one chosen model through the pipeline at one spend.
``cross_entropies`` scores the chapter's misconception, a sigmoid put on a
least squares line, against the GLM and a constant by mean cross-entropy.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import optimize, special

from ..data import SAMPLES, SPEND_RANGE, design_matrix, takings_and_queues
from ..families import get_family
from ..fitting import fit
from .formatting import format_number, power_of_ten
from .tables import Table

#: Agreement demanded of the two independent checks (largest difference in theta).
LEAST_SQUARES_TOLERANCE = 1e-9


CROSS_ENTROPY_TOLERANCE = 1e-8


CURVE_SPEND = np.linspace(*SPEND_RANGE, 101)


def least_squares(X, y):
    """The least squares coefficients, by ``numpy.linalg.lstsq`` (chapter 5).

    Ordinary linear regression as it is usually taught: minimise the sum of
    squared errors. No glmlib code is involved.
    """
    theta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return theta


def mean_cross_entropy(theta, X, y):
    """Logistic regression's loss: the mean cross-entropy of 0/1 labels (chapter 5).

    With z = X theta and phi = sigmoid(z), each row costs
    -[y log phi + (1 - y) log(1 - phi)] = log(1 + e^z) - y z, written with
    ``numpy.logaddexp`` so that it never overflows. No glmlib code is involved.
    """
    z = X @ theta
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def minimise_cross_entropy(X, y):
    """The theta that minimises ``mean_cross_entropy``, by scipy's BFGS (chapter 5).

    An independent route to logistic regression: a general-purpose optimiser
    on the loss, with the loss's own derivative X^T (sigmoid(X theta) - y) / n.
    """

    def gradient(theta, X, y):
        return X.T @ (special.expit(X @ theta) - y) / len(y)

    result = optimize.minimize(
        mean_cross_entropy,
        np.zeros(X.shape[1]),
        args=(X, y),
        jac=gradient,
        method="BFGS",
        options={"gtol": 1e-12, "maxiter": 1000},
    )
    return result.x


@dataclass(frozen=True)
class CrankedModels:
    """Both models fitted to one sample, with their independent checks (chapter 5)."""

    sample: int
    spend: np.ndarray
    takings: np.ndarray
    queued: np.ndarray
    gaussian_fit: object
    bernoulli_fit: object
    least_squares_theta: np.ndarray
    cross_entropy_theta: np.ndarray

    @property
    def least_squares_gap(self):
        """Largest |theta_GLM - theta_least_squares| over the coefficients."""
        return float(np.max(np.abs(self.gaussian_fit.coef - self.least_squares_theta)))

    @property
    def cross_entropy_gap(self):
        """Largest |theta_GLM - theta_cross_entropy| over the coefficients."""
        return float(np.max(np.abs(self.bernoulli_fit.coef - self.cross_entropy_theta)))


@lru_cache(maxsize=len(SAMPLES))
def crank_both(sample=1):
    """Fit the Gaussian and the Bernoulli GLM to one sample, and check both (chapter 5).

    ``glmlib.fit`` does the fitting; ``least_squares`` and
    ``minimise_cross_entropy`` give the same coefficients by the two
    classical routes, without glmlib. Cached: a sample is fitted once.
    """
    spend, takings, queued = takings_and_queues(sample)
    X = design_matrix(spend)
    return CrankedModels(
        sample=sample,
        spend=spend,
        takings=takings,
        queued=queued,
        gaussian_fit=fit(X, takings, family="gaussian"),
        bernoulli_fit=fit(X, queued, family="bernoulli"),
        least_squares_theta=least_squares(X, takings),
        cross_entropy_theta=minimise_cross_entropy(X, queued),
    )


@dataclass(frozen=True)
class CrankState:
    """What chapter 5's figure shows for one choice of model, spend and sample."""

    family: str
    spend_x: float
    models: CrankedModels
    theta: np.ndarray
    eta: float
    mean: float
    curve_spend: np.ndarray
    gaussian_curve: np.ndarray
    bernoulli_curve: np.ndarray
    gaussian_at_x: float
    bernoulli_at_x: float
    check_name: str
    check_verdict: str


def turn_the_crank(family, spend_x, sample=1):
    """The chosen model's theta, eta = theta^T x and h(x) at one spend (chapter 5).

    Both fitted curves are the family's response applied to theta^T x over
    the spend axis (``GLMResult.predict``); eta and the prediction at
    ``spend_x`` are worked out step by step, as the pipeline strip shows.
    """
    models = crank_both(sample)
    chosen = {"gaussian": models.gaussian_fit, "bernoulli": models.bernoulli_fit}
    theta = chosen[family].coef
    x = np.array([1.0, float(spend_x)])
    eta = float(x @ theta)
    mean = float(get_family(family).response(eta))
    curve_X = design_matrix(CURVE_SPEND)
    at_x = design_matrix([float(spend_x)])
    if family == "gaussian":
        check = "same \u03b8 as least squares"
        verdict = _verdict(
            models.least_squares_gap <= LEAST_SQUARES_TOLERANCE, LEAST_SQUARES_TOLERANCE
        )
    else:
        check = "same \u03b8 as the cross-entropy minimiser"
        verdict = _verdict(
            models.cross_entropy_gap <= CROSS_ENTROPY_TOLERANCE, CROSS_ENTROPY_TOLERANCE
        )
    return CrankState(
        family=family,
        spend_x=float(spend_x),
        models=models,
        theta=theta,
        eta=eta,
        mean=mean,
        curve_spend=CURVE_SPEND,
        gaussian_curve=models.gaussian_fit.predict(curve_X),
        bernoulli_curve=models.bernoulli_fit.predict(curve_X),
        gaussian_at_x=float(models.gaussian_fit.predict(at_x)[0]),
        bernoulli_at_x=float(models.bernoulli_fit.predict(at_x)[0]),
        check_name=check,
        check_verdict=verdict,
    )


def _verdict(agree, tolerance):
    bound = power_of_ten(tolerance)
    return f"yes (within {bound})" if agree else f"NO (differs by more than {bound})"


@dataclass(frozen=True)
class CrossEntropies:
    """Mean cross-entropy of three ways to predict one sample's queues (chapter 5).

    ``glm`` -- the Bernoulli GLM, which minimises this very quantity;
    ``squashed_line`` -- the sigmoid of the least squares line through the
    0/1 labels (the chapter's misconception); ``constant`` -- one
    probability for every hour, ``share``, the share of hours with a queue
    (the intercept-only Bernoulli GLM). Lower is better; the constant is the
    baseline a model of the spend must beat.
    """

    sample: int
    glm: float
    squashed_line: float
    constant: float
    share: float

    def table(self):
        """The three scores as a ``Table``, best first."""
        return Table.from_rows(
            ("prediction", "mean cross-entropy"),
            [
                ("Bernoulli GLM (maximum likelihood)", self.glm),
                ("sigmoid of the least squares line", self.squashed_line),
                (
                    f"constant: the share of hours with a queue, "
                    f"{format_number(self.share)}",
                    self.constant,
                ),
            ],
        )


def cross_entropies(sample=1):
    """Score the GLM, the squashed least squares line and a constant (chapter 5).

    Each is a theta for ``mean_cross_entropy``: the Bernoulli GLM's fit, the
    least squares line through the labels (whose sigmoid is the squashed
    line), and the intercept-only Bernoulli fit with a zero slope (a
    constant probability, the share of queues).
    """
    models = crank_both(sample)
    X = design_matrix(models.spend)
    y = models.queued
    intercept_only = fit(X[:, :1], y, family="bernoulli")
    constant_theta = np.array([intercept_only.coef[0], 0.0])
    return CrossEntropies(
        sample=sample,
        glm=mean_cross_entropy(models.bernoulli_fit.coef, X, y),
        squashed_line=mean_cross_entropy(least_squares(X, y), X, y),
        constant=mean_cross_entropy(constant_theta, X, y),
        share=float(special.expit(intercept_only.coef[0])),
    )
