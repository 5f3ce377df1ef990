"""Chapter 8: one gradient for every GLM, and training played step by step.

The chapter's claim: for every exponential family with its canonical link,
the gradient of the log-likelihood is sum_i (y_i - h(x_i)) x_i, because the
slope of the log-partition a(eta) is the mean. Everything here either shows
that claim or checks it with numbers computed two ways.

Helpers the notebook calls (no widgets):

* ``log_partition_calculus`` -- a(eta), its slope and its curvature, next to
  the family's ``response`` and ``variance`` and to the mean and variance
  summed over the distribution itself;
* ``score_in_eta``, ``loglik_gradient_check`` -- the gradient derived in
  steps, each against a finite difference of ``loglik``;
* ``universal_loop`` -- gradient ascent whose only family-specific line
  computes h = response(X theta); ``softmax_response`` is that line for the
  categorical family;
* ``largest_curvature`` -- the largest eigenvalue of the averaged
  log-likelihood's curvature, X^T diag(a''(X theta)) X / n, from which
  2 / L, the learning rate beyond which steps overshoot, follows;
* ``race`` -- gradient ascent and Newton's method on the shop's hours, every
  iterate kept (``glmlib.fit(..., trace=True)``);
* ``probit_gradients`` -- where the claim stops: the probit link's gradient
  and its extra factor;
* data: ``shop_design``, ``spector_grades`` and ``stack_loss`` (two small
  real data sets that statsmodels ships), ``three_classes``.

Simulations: ``TangentOfLogPartition`` (a(eta) and its tangent),
``TrainingRace`` (the Play button steps both methods; the chapter's main
simulation) and ``SoftmaxRegions`` (three classes, the loop's decision
regions step by step).
"""

import warnings
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from .. import curvature
from ..data import design_matrix, shop_hours
from ..exceptions import DivergenceWarning, GLMWarning
from ..families import Bernoulli, Categorical, get_family
from ..fitting import fit, gradient_step
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import (
    FAMILY_COLOURS,
    FAMILY_LABELS,
    PALETTE,
    course_figure,
    format_number,
    set_ticks,
    style_axes,
)

# --------------------------------------------------------------------------
# a(eta): its slope is the mean, its curvature the variance

#: the families of the chapter; the categorical has three classes
CALCULUS_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical")
#: classes of the categorical family in this chapter
N_CLASSES = 3
#: the tangent figure moves eta_1; the categorical's eta_2 stays here
OTHER_ETA = 0.5
#: the natural parameter's range in the tangent figure
ETA_RANGE = (-3.0, 3.0)
ETA_GRID = np.linspace(*ETA_RANGE, 241)
#: steps of the central differences (first and second derivative)
SLOPE_STEP = 1e-5
CURVATURE_STEP = 1e-4


def _as_eta(family_name, eta):
    """eta as the family wants it: a float, or a vector of K - 1 for the categorical."""
    if family_name == "categorical":
        eta = np.atleast_1d(np.asarray(eta, dtype=float))
        if eta.shape == (1,):
            eta = np.array([eta[0], OTHER_ETA])
        return eta
    return float(eta)


def _slope(f, eta, h=SLOPE_STEP):
    """Central-difference gradient of a scalar function of a float or a vector."""
    eta = np.asarray(eta, dtype=float)
    if eta.ndim == 0:
        return float((f(eta + h) - f(eta - h)) / (2 * h))
    out = np.empty(eta.shape)
    for j in range(eta.size):
        e = np.zeros(eta.shape)
        e[j] = h
        out[j] = (f(eta + e) - f(eta - e)) / (2 * h)
    return out


def _curvature(f, eta, h=CURVATURE_STEP):
    """Central second differences: f'' of a float, or the Hessian of a vector."""
    eta = np.asarray(eta, dtype=float)
    if eta.ndim == 0:
        return float((f(eta + h) - 2 * f(eta) + f(eta - h)) / h**2)
    m = eta.size
    out = np.empty((m, m))
    for j in range(m):
        for k in range(m):
            ej = np.zeros(m)
            ek = np.zeros(m)
            ej[j] = h
            ek[k] = h
            out[j, k] = (
                f(eta + ej + ek)
                - f(eta + ej - ek)
                - f(eta - ej + ek)
                + f(eta - ej - ek)
            ) / (4 * h * h)
    return out


def mean_of_statistic(family, eta):
    """E[T(y)] as glmlib's ``response`` gives it (chapter 8).

    For the scalar families the response itself; for the categorical the
    probabilities of classes 1..K-1, because T(y) is the one-hot vector
    without the reference class 0.
    """
    family = get_family(family)
    if isinstance(family, Categorical):
        return family.response(eta)[..., 1:]
    return family.response(eta)


def moments_by_summation(family_name, eta):
    """Mean and variance of T(y) computed from the distribution itself (chapter 8).

    Sums (or, for the Gaussian, integrates on a fine grid) T(y) and its
    square against ``family.density(y, eta)``, which is b(y) exp(eta T(y) -
    a(eta)): a route to the mean and the variance that never calls
    ``response`` or ``variance``. Returns (mean, variance, total
    probability); for the categorical the mean is a vector and the variance
    a matrix, over classes 1..K-1.
    """
    family = get_family(family_name)
    eta = _as_eta(family_name, eta)
    if family_name == "categorical":
        k = np.asarray(eta).size + 1
        classes = np.arange(k, dtype=float)
        p = np.array([float(family.density(c, eta)) for c in classes])
        onehot = Categorical(k).sufficient_statistic(classes.astype(int), k)
        mean = p @ onehot
        centred = onehot - mean
        return mean, (centred * p[:, None]).T @ centred, float(p.sum())
    if family_name == "gaussian":
        y = np.linspace(eta - 12.0, eta + 12.0, 24001)
        p = family.density(y, eta)
        total = float(np.trapezoid(p, y))
        mean = float(np.trapezoid(y * p, y))
        return mean, float(np.trapezoid((y - mean) ** 2 * p, y)), total
    if family_name == "bernoulli":
        y = np.array([0.0, 1.0])
    else:  # counts: far beyond any mean the chapter shows (e^3 ~ 20)
        y = np.arange(0.0, 400.0)
    p = family.density(y, eta)
    mean = float(np.sum(y * p))
    return mean, float(np.sum((y - mean) ** 2 * p)), float(np.sum(p))


@dataclass(frozen=True)
class LogPartitionCalculus:
    """a(eta), its slope and its curvature, each found two or three ways (chapter 8).

    ``response`` is glmlib's mean of T(y) at eta (the tangent's slope, if
    the chapter is right), ``slope_by_difference`` a central difference of
    ``log_partition``, ``mean_by_summation`` the mean summed over the
    distribution. Likewise ``variance`` (glmlib's a''), the second difference
    ``curvature_by_difference`` and ``variance_by_summation``. For the
    categorical family eta is a vector (eta_1, eta_2), the slopes are
    vectors (the softmax probabilities of classes 1 and 2) and the
    curvatures 2 x 2 matrices.
    """

    family: str
    eta: object
    log_partition: float
    response: object
    slope_by_difference: object
    mean_by_summation: object
    variance: object
    curvature_by_difference: object
    variance_by_summation: object
    total_probability: float
    probabilities: object = None

    @property
    def slopes_agree(self):
        """Do the response, the finite difference and the sum give one mean?"""
        return bool(
            np.allclose(self.response, self.slope_by_difference, rtol=1e-6, atol=1e-8)
            and np.allclose(self.response, self.mean_by_summation, rtol=1e-6, atol=1e-8)
        )

    @property
    def curvatures_agree(self):
        """Do the variance, the second difference and the sum give one variance?"""
        return bool(
            np.allclose(
                self.variance, self.curvature_by_difference, rtol=1e-5, atol=1e-6
            )
            and np.allclose(
                self.variance, self.variance_by_summation, rtol=1e-6, atol=1e-8
            )
        )


def log_partition_calculus(family_name, eta):
    """The slope and curvature of a(eta) next to the mean and variance (chapter 8).

    ``eta`` is a number; for the categorical family it is eta_1 (with eta_2
    held at ``OTHER_ETA``) or the whole vector (eta_1, eta_2).
    """
    if family_name not in CALCULUS_FAMILIES:
        raise ValueError(
            f"chapter 8 computes a'(eta) and a''(eta) for "
            f"{', '.join(CALCULUS_FAMILIES)}, not {family_name!r}"
        )
    family = get_family(family_name)
    eta = _as_eta(family_name, eta)

    def a(e):
        return float(family.log_partition(e))

    mean, variance, total = moments_by_summation(family_name, eta)
    categorical = family_name == "categorical"
    return LogPartitionCalculus(
        family=family_name,
        eta=eta,
        log_partition=a(eta),
        response=mean_of_statistic(family, eta)
        if categorical
        else float(family.response(eta)),
        slope_by_difference=_slope(a, eta),
        mean_by_summation=mean,
        variance=np.asarray(family.unit_variance(eta))
        if categorical
        else float(family.unit_variance(eta)),
        curvature_by_difference=_curvature(a, eta),
        variance_by_summation=variance,
        total_probability=total,
        probabilities=family.response(eta) if categorical else None,
    )


# --------------------------------------------------------------------------
# the gradient of the log-likelihood, in steps


@dataclass(frozen=True)
class GradientCheck:
    """A gradient by the formula and by finite differences of ``loglik`` (chapter 8).

    ``by_formula`` is sum_i (T(y_i) - h(x_i)) x_i, i.e. X^T (T - h); the
    other is a central difference of the summed ``family.loglik`` in each
    coefficient. ``largest_gap`` is the largest difference between them
    relative to the size of the gradient (plus one).
    """

    by_formula: np.ndarray
    by_difference: np.ndarray

    @property
    def largest_gap(self):
        scale = 1.0 + float(np.max(np.abs(self.by_formula)))
        return float(np.max(np.abs(self.by_formula - self.by_difference))) / scale

    @property
    def agree(self):
        """True when the two routes agree to 1e-6 (relative)."""
        return self.largest_gap < 1e-6


def score_in_eta(family_name, y, eta):
    """Step 1 of the derivation for one observation (chapter 8).

    The slope of log p(y; eta) = log b(y) + eta T(y) - a(eta) in eta is
    T(y) - a'(eta) = y - mean. Returns (y - response(eta), the central
    difference of ``family.loglik`` in eta).
    """
    family = get_family(family_name)
    y = float(y)
    eta = float(eta)

    def loglik(e):
        return float(family.loglik(y, e))

    return y - float(family.response(eta)), _slope(loglik, eta)


def loglik_gradient_check(X, y, family, theta, step=1e-6):
    """Steps 2 and 3 of the derivation: X^T (T - h) against finite differences (chapter 8).

    ``theta`` has shape (p,), or (p, K - 1) for the categorical family. The
    log-likelihood is the dispersion-free one (sigma = 1 for the Gaussian):
    any other dispersion only divides both sides by it.
    """
    fam = get_family(family)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    theta = np.asarray(theta, dtype=float)
    if isinstance(fam, Categorical):
        k = theta.shape[1] + 1
        fam = Categorical(k)
        statistic = fam.sufficient_statistic(y.astype(int), k)
    else:
        statistic = fam.sufficient_statistic(y)
    h = mean_of_statistic(fam, X @ theta)
    by_formula = X.T @ (statistic - h)

    def total(th):
        return float(np.sum(fam.loglik(y, X @ th)))

    flat = theta.ravel()
    by_difference = np.empty(flat.size)
    for j in range(flat.size):
        e = np.zeros(flat.size)
        e[j] = step
        up = total((flat + e).reshape(theta.shape))
        down = total((flat - e).reshape(theta.shape))
        by_difference[j] = (up - down) / (2 * step)
    return GradientCheck(by_formula, by_difference.reshape(theta.shape))


# --------------------------------------------------------------------------
# one loop for every model


def universal_loop(X, T, response, learning_rate, n_steps, start=None):
    """Gradient ascent for any GLM with its canonical link (chapter 8).

    ``T`` is the sufficient statistic of each row (y itself, or the one-hot
    rows of a categorical target), ``response`` maps X @ theta to the mean
    of T. The only line that knows which model is trained is the one that
    computes h; the step is the averaged gradient X^T (T - h) / n.
    """
    theta = np.zeros((X.shape[1], *T.shape[1:])) if start is None else start
    for _ in range(n_steps):
        h = response(X @ theta)  # the one family-specific line
        theta = theta + learning_rate * X.T @ (T - h) / len(X)
    return theta


def softmax_response(eta):
    """The categorical family's h: softmax probabilities of classes 1..K-1 (chapter 8).

    ``eta`` holds K - 1 columns (class 0, the reference, has eta_0 = 0); the
    softmax over all K classes comes from ``Categorical().response`` and the
    reference class's column is dropped, as T(y) drops it.
    """
    return Categorical().response(eta)[..., 1:]


def largest_curvature(X, family, theta):
    """L: the largest curvature of the averaged log-likelihood at theta (chapter 8).

    The averaged log-likelihood's Hessian is -X^T diag(a''(X theta)) X / n,
    with a'' the family's ``variance``; L is the largest eigenvalue of
    X^T diag(a''(X theta)) X / n (for the categorical family a'' is a
    matrix per row and the Hessian a Kronecker sum over rows). Near theta,
    gradient ascent with a learning rate above 2 / L overshoots along that
    direction by more than it started from.
    """
    return curvature.largest_curvature(X, family, theta)


# --------------------------------------------------------------------------
# data


def shop_design():
    """The shop's hours as (X, customers), spend centred on its average (chapter 8).

    X = [1, spend - mean spend], in hundreds of dollars. Centring keeps
    theta_1 (the effect of a hundred dollars) as it was and makes theta_0
    the model at the average spend: gradient ascent then needs hundreds of
    steps, not thousands (the notebook shows both).
    """
    spend, customers = shop_hours()
    return design_matrix(spend - spend.mean()), customers


def standardized_design(features):
    """A column of ones next to each feature scaled to mean 0, spread 1 (chapter 8)."""
    features = np.asarray(features, dtype=float)
    if features.ndim == 1:
        features = features[:, None]
    z = (features - features.mean(axis=0)) / features.std(axis=0)
    return np.column_stack([np.ones(len(z)), z])


def _statsmodels_data(name):
    try:
        from statsmodels import datasets
    except ImportError as exc:  # pragma: no cover - statsmodels is pinned
        raise ImportError(
            f"chapter 8 loads the {name!r} data set that statsmodels ships; "
            "install statsmodels (pip install statsmodels)"
        ) from exc
    return getattr(datasets, name).load_pandas().data


def spector_grades():
    """Spector and Mazzeo's 32 students, from statsmodels (chapter 8).

    Returns (features, grade, names): GPA, TUCE score and PSI (a new
    teaching method, 0/1), and whether the student's grade improved (0/1).
    """
    data = _statsmodels_data("spector")
    names = ("GPA", "TUCE", "PSI")
    return data[list(names)].to_numpy(float), data["GRADE"].to_numpy(float), names


def stack_loss():
    """Brownlee's 21 days of a nitric-acid plant, from statsmodels (chapter 8).

    Returns (features, stack loss, names): air flow, cooling water
    temperature and acid concentration, and the ammonia lost.
    """
    data = _statsmodels_data("stackloss")
    names = ("AIRFLOW", "WATERTEMP", "ACIDCONC")
    return data[list(names)].to_numpy(float), data["STACKLOSS"].to_numpy(float), names


#: the three-class example: seed, size and the coefficients it is drawn from
#: (columns: class 1 and class 2 against class 0; rows: intercept, x1, x2)
THREE_CLASS_SEED = 3
THREE_CLASS_SIZE = 150
THREE_CLASS_THETA = np.array([[0.3, -0.2], [1.6, -0.4], [0.2, 1.7]])
FEATURE_RANGE = (-3.0, 3.0)


def three_classes(seed=THREE_CLASS_SEED, size=THREE_CLASS_SIZE):
    """Three classes in two features, drawn with glmlib's categorical family (chapter 8).

    Features uniform on [-3, 3]^2; the class of each point is drawn from the
    softmax of ``THREE_CLASS_THETA`` (so the classes overlap and a finite
    estimate exists). Returns (X with its column of ones, labels 0, 1, 2).
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(*FEATURE_RANGE, size=(size, 2))
    X = np.column_stack([np.ones(size), x])
    labels = Categorical(N_CLASSES).sample(X @ THREE_CLASS_THETA, rng)
    return X, labels


# --------------------------------------------------------------------------
# where the claim stops: a non-canonical link


@dataclass(frozen=True)
class ProbitGradients:
    """The probit model's gradient three ways, and the factor it gains (chapter 8).

    ``true`` is what ``glmlib.gradient_step(..., link="probit")`` steps
    along (averaged over rows), ``naive`` the canonical-looking
    X^T (y - Phi(X theta)) / n, ``by_difference`` a central difference of
    the averaged log-likelihood. ``factor`` is each row's
    Phi'(eta) / (mu (1 - mu)), which is 1 for every row only under the logit.
    """

    true: np.ndarray
    naive: np.ndarray
    by_difference: np.ndarray
    factor: np.ndarray


def probit_gradients(X, y, theta, step=1e-6):
    """The gradient of a probit model at theta, by glmlib and by hand (chapter 8)."""
    family = Bernoulli()
    probit = family.get_link("probit")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    theta = np.asarray(theta, dtype=float)
    n = len(y)
    lin = X @ theta
    mu = probit.response(lin)
    true = gradient_step(theta, X, y, family, 1.0, link="probit") - theta
    naive = X.T @ (y - mu) / n

    def average(th):
        # the Bernoulli's natural parameter is the log-odds of Phi(X theta)
        return float(np.mean(family.loglik(y, family.link(probit.response(X @ th)))))

    by_difference = _slope(average, theta, step)
    factor = probit.response_derivative(lin) / family.variance_from_mean(mu)
    return ProbitGradients(true, naive, by_difference, factor)


# --------------------------------------------------------------------------
# the race: gradient ascent against Newton's method

#: the models the race offers on the shop's hours
RACE_MODELS = ("poisson", "gaussian")
RACE_LABELS = {
    "poisson": "Poisson (chapter 7)",
    "gaussian": "Gaussian (chapter 0's line)",
}
#: most gradient steps computed (and frames played)
RACE_STEPS = 400
#: learning rates offered: dense around both models' 2 / L
LEARNING_RATES = (
    0.002,
    0.005,
    0.01,
    0.015,
    0.02,
    0.03,
    0.04,
    0.045,
    0.05,
    0.055,
    0.06,
    0.07,
    0.08,
    0.1,
    0.15,
    0.2,
    0.25,
    0.28,
    0.3,
    0.32,
    0.4,
)
START_RATE = 0.03
#: gaps below this (the log-likelihood at the peak's own rounding) sit on the floor
GAP_FLOOR = 1e-10
GAP_LIMITS = (GAP_FLOOR, 1e3)
#: the (theta_0, theta_1) window and the contour levels, per model
RACE_WINDOWS = {
    "poisson": {
        "theta0": (-0.25, 1.45),
        "theta1": (-0.15, 0.85),
        "xticks": [0, 0.5, 1],
        "yticks": [0, 0.4, 0.8],
        "xlabel": "\u03b8\u2080 (log-rate at the average spend)",
    },
    "gaussian": {
        "theta0": (-1.0, 6.0),
        "theta1": (-0.6, 3.0),
        "xticks": [0, 2, 4, 6],
        "yticks": [0, 1, 2, 3],
        "xlabel": "\u03b8\u2080 (customers at the average spend)",
    },
}
#: contours: this far below the peak, per hour
CONTOUR_GAPS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
CONTOUR_GRID = 81


@dataclass(frozen=True)
class RaceState:
    """Both methods' iterates on the shop's hours, for one model and rate (chapter 8).

    ``gradient_path`` and ``newton_path`` hold every iterate from
    theta = (0, 0) (shape (steps + 1, 2)), ``gradient_loglik`` and
    ``newton_loglik`` the log-likelihood per hour at each. ``curvature`` is
    L at the peak (``largest_curvature``) and ``threshold`` = 2 / L.
    When gradient ascent diverged, its path ends with the step glmlib
    refused (the one that fell below the start), if that step is finite.
    ``gradient_outcome`` is one of "converged", "diverged", "crawling"
    (still climbing when the steps ran out) and "overshooting" (above 2 / L,
    neither settling nor running off within the steps).
    """

    model: str
    learning_rate: float
    gradient_path: np.ndarray
    gradient_loglik: np.ndarray
    gradient_outcome: str
    gradient_steps: int
    newton_path: np.ndarray
    newton_loglik: np.ndarray
    newton_steps: int
    peak: np.ndarray
    peak_loglik: float
    curvature: float
    threshold: float
    smallest_curvature: float

    @property
    def n_frames(self):
        """Frames to play: the longer of the two paths."""
        return max(len(self.gradient_path), len(self.newton_path))

    def at(self, path, k):
        """Iterate k of ``path``, or its last one once the method has stopped."""
        return path[min(k, len(path) - 1)]

    def gap(self, loglik):
        """How far each log-likelihood lies below the peak's, floored at ``GAP_FLOOR``."""
        return np.maximum(self.peak_loglik - loglik, GAP_FLOOR)

    def summary(self):
        """What gradient ascent did, in a few words ("converged in 265 steps")."""
        n = self.gradient_steps
        return {
            "converged": f"converged in {n} steps",
            "diverged": f"diverged at step {n + 1}",
            "crawling": f"still climbing after {n} steps",
            "overshooting": f"not settling after {n} steps",
        }[self.gradient_outcome]

    def verdict(self):
        """What gradient ascent did, and why, in words."""
        rate = format_number(self.learning_rate, 3)
        limit = format_number(self.threshold, 4)
        relation = "<" if self.learning_rate < self.threshold else "\u2265"
        # near the peak, the share of the distance one step closes along the
        # flattest direction: alpha times the smallest curvature
        closed = format_number(100 * self.learning_rate * self.smallest_curvature, 1)
        why = {
            "converged": f"(\u03b1 = {rate} {relation} 2/L = {limit})",
            "diverged": f"\u03b1 = {rate} is above 2/L = {limit}, so each step "
            "overshoots the peak by more than the last",
            "crawling": f"\u03b1 = {rate} is below 2/L = {limit}, but along the "
            f"flattest direction each step closes only {closed}% of the distance "
            "to the peak",
            "overshooting": f"\u03b1 = {rate} is above 2/L = {limit}, so each step "
            "overshoots the peak and it bounces around it",
        }[self.gradient_outcome]
        separator = " " if self.gradient_outcome == "converged" else ": "
        return self.summary() + separator + why


@lru_cache(maxsize=4)
def _newton_run(model):
    X, y = shop_design()
    result = fit(X, y, model, start=np.zeros(2), trace=True)
    return result, largest_curvature(X, model, result.coef)


def _smallest_curvature(model, peak):
    X, _ = shop_design()
    return float(curvature.curvatures(X, model, peak)[0])


@lru_cache(maxsize=64)
def race(model, learning_rate, n_steps=RACE_STEPS):
    """Gradient ascent and Newton's method from theta = (0, 0) on the shop's hours (chapter 8).

    Both runs are ``glmlib.fit(..., trace=True)``: Newton with its default
    tolerance, gradient ascent with ``learning_rate`` for at most ``n_steps``
    steps. The warnings glmlib gives for the gradient run (it stopped at
    ``n_steps``, or it diverged) become ``gradient_outcome``; no warning
    leaves this function. Results are cached: a learner going back to a
    rate sees its path at once.
    """
    if model not in RACE_MODELS:
        raise ValueError(f"the race runs {', '.join(RACE_MODELS)}, not {model!r}")
    X, y = shop_design()
    n = len(y)
    newton, curvature = _newton_run(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GLMWarning)
        grad = fit(
            X,
            y,
            model,
            method="gradient",
            learning_rate=learning_rate,
            max_iter=n_steps,
            start=np.zeros(2),
            trace=True,
        )
    path, history = grad.coef_path, grad.history
    if grad.diverged:
        # glmlib stops before the step that fell below the start; show that
        # step too, where it landed (when it landed anywhere finite)
        path, history = _with_refused_step(X, y, model, learning_rate, path, history)
    threshold = 2.0 / curvature
    if grad.converged:
        outcome = "converged"
    elif grad.diverged:
        outcome = "diverged"
    elif learning_rate < threshold:
        outcome = "crawling"
    else:
        outcome = "overshooting"
    return RaceState(
        model=model,
        learning_rate=float(learning_rate),
        gradient_path=path,
        gradient_loglik=history / n,
        gradient_outcome=outcome,
        gradient_steps=grad.n_iter,
        newton_path=newton.coef_path,
        newton_loglik=newton.history / n,
        newton_steps=newton.n_iter,
        peak=newton.coef,
        peak_loglik=float(newton.history[-1] / n),
        curvature=curvature,
        threshold=threshold,
        smallest_curvature=_smallest_curvature(model, newton.coef),
    )


def _with_refused_step(X, y, model, learning_rate, path, history):
    """``path`` and ``history`` with the step gradient ascent refused, if finite."""
    try:
        refused = gradient_step(path[-1], X, y, model, learning_rate)
    except ValueError:  # the step itself is too large to hold
        return path, history
    loglik = float(np.sum(get_family(model).loglik(y, X @ refused)))
    if not np.isfinite(loglik):
        return path, history
    return np.vstack([path, refused]), np.append(history, loglik)


def loglik_surface(model, theta0, theta1):
    """The averaged log-likelihood of the shop's hours over a grid of (theta_0, theta_1) (chapter 8)."""
    X, y = shop_design()
    family = get_family(model)
    t0, t1 = np.meshgrid(theta0, theta1)
    eta = t0[..., None] + t1[..., None] * X[:, 1]
    return np.mean(family.loglik(y, eta), axis=-1)


def _pair(values, decimals=3):
    return "(" + ", ".join(format_number(v, decimals) for v in values) + ")"


class TrainingRace(Simulation):
    """Gradient ascent and Newton's method, played step by step (chapter 8).

    Both start at theta = (0, 0) on the shop's hours (spend centred) and
    climb the same log-likelihood. Left: their paths over its contours.
    Right: how far each lies below the peak, per hour, on a log scale.
    Controls: ``model`` (Poisson or Gaussian) and ``learning_rate`` (of
    gradient ascent; Newton has none). The Play button (``self.playback``)
    steps through the precomputed iterates; a new rate computes a new path
    and shows its last step. Readouts: the rate, L and 2/L, the step shown,
    both iterates, and what gradient ascent did, in words.
    """

    chapter = 8

    def make_controls(self):
        return {
            "model": widgets.ToggleButtons(
                options=[(RACE_LABELS[m], m) for m in RACE_MODELS],
                value="poisson",
                description="model",
                style={"description_width": "initial", "button_width": "215px"},
            ),
            "learning_rate": widgets.SelectionSlider(
                options=[(f"{r:g}", r) for r in LEARNING_RATES],
                value=START_RATE,
                description="learning rate \u03b1",
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
        }

    def build_figure(self):
        fig, (path_ax, gap_ax) = course_figure(
            "Gradient ascent and Newton's method on the shop's hours",
            ncols=2,
            figsize=(8.8, 3.5),
            left=0.08,
            right=0.98,
            bottom=0.16,
            top=0.8,
            wspace=0.3,
        )
        self.path_ax, self.gap_ax = path_ax, gap_ax
        self.contours = {}
        for model in RACE_MODELS:
            window = RACE_WINDOWS[model]
            t0 = np.linspace(*window["theta0"], CONTOUR_GRID)
            t1 = np.linspace(*window["theta1"], CONTOUR_GRID)
            surface = loglik_surface(model, t0, t1)
            newton, _ = _newton_run(model)
            peak = float(newton.history[-1] / len(shop_design()[1]))
            levels = sorted(peak - g for g in CONTOUR_GAPS)
            self.contours[model] = path_ax.contour(
                t0,
                t1,
                surface,
                levels=levels,
                colors=PALETTE["grey"],
                linewidths=0.7,
            )
        (self.peak_mark,) = path_ax.plot(
            [],
            [],
            "*",
            color=PALETTE["black"],
            markersize=11,
            label=r"peak $\hat\theta$",
        )
        path_ax.plot([0], [0], "s", color=PALETTE["grey"], markersize=5)
        (self.grad_line,) = path_ax.plot(
            [], [], "-o", color=PALETTE["blue"], linewidth=1.2, markersize=2.5,
            label="gradient ascent",
        )  # fmt: skip
        (self.newton_line,) = path_ax.plot(
            [], [], "-D", color=PALETTE["vermillion"], linewidth=1.5, markersize=3.5,
            label="Newton",
        )  # fmt: skip
        (self.grad_dot,) = path_ax.plot(
            [], [], "o", color=PALETTE["blue"], markersize=8, markeredgecolor="white"
        )
        (self.newton_dot,) = path_ax.plot(
            [], [], "D", color=PALETTE["vermillion"], markersize=7,
            markeredgecolor="white",
        )  # fmt: skip
        style_axes(
            gap_ax,
            "how far below the peak",
            "step",
            "",
            (0, RACE_STEPS),
            GAP_LIMITS,
            [0, 100, 200, 300, 400],
            [1],
        )
        gap_ax.set_yscale("log")
        gap_ax.set_ylim(*GAP_LIMITS)
        powers = [-10, -7, -4, -1, 2]
        set_ticks(
            gap_ax.yaxis,
            [10.0**p for p in powers],
            [f"10$^{{{p}}}$".replace("-", "\u2212") for p in powers],
        )
        gap_ax.minorticks_off()
        gap_ax.set_ylabel(r"$\ell(\hat\theta) - \ell(\theta)$ per hour")
        (self.grad_gap,) = gap_ax.plot([], [], color=PALETTE["blue"], linewidth=1.6)
        (self.newton_gap,) = gap_ax.plot(
            [], [], "-D", color=PALETTE["vermillion"], linewidth=1.6, markersize=3
        )
        self.step_line = gap_ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        # the lower right of the contour panel is where no path goes
        path_ax.legend(loc="lower right", handlelength=1.5, borderpad=0.2)
        self.step_text = path_ax.text(
            0.02, 0.97, "", transform=path_ax.transAxes, ha="left", va="top",
            fontsize=10,
        )  # fmt: skip
        fig.add_moving(
            self.grad_line,
            self.newton_line,
            self.grad_dot,
            self.newton_dot,
            self.grad_gap,
            self.newton_gap,
            self.step_line,
            self.step_text,
        )
        self.shown_model = None
        self.make_playback(
            1,
            self.draw_frame,
            label="step",
            play_label="Play both methods step by step",
            interval=100,
        )
        return fig

    def compute(self, model, learning_rate):
        state = race(model, learning_rate)
        if state.gradient_outcome == "diverged":
            warnings.warn(
                f"at step {state.gradient_steps + 1}: the learning rate "
                f"{learning_rate:g} is above 2 / (largest curvature) = "
                f"{state.threshold:.4f}, so every step overshoots the peak by more "
                "than the one before; take a smaller learning rate",
                DivergenceWarning,
                stacklevel=2,
            )
        return state

    def draw_state(self, state):
        if state.model != self.shown_model:
            self._show_model(state.model)
        self.playback.set_frames(state.n_frames, frame=state.n_frames - 1, draw=False)
        self.draw_frame(state.n_frames - 1)

    def _show_model(self, model):
        window = RACE_WINDOWS[model]
        style_axes(
            self.path_ax,
            "paths over the log-likelihood's contours",
            window["xlabel"],
            "\u03b8\u2081 (per $100 of spend)",
            window["theta0"],
            window["theta1"],
            window["xticks"],
            window["yticks"],
        )
        for name, contour in self.contours.items():
            contour.set_visible(name == model)
        newton, _ = _newton_run(model)
        self.peak_mark.set_data([newton.coef[0]], [newton.coef[1]])
        self.shown_model = model
        self.figure.show_layer(model)

    def draw_frame(self, k):
        """Show step k of both methods, from scratch."""
        state = self.state
        g_end = min(k, len(state.gradient_path) - 1) + 1
        n_end = min(k, len(state.newton_path) - 1) + 1
        g_path = state.gradient_path[:g_end]
        n_path = state.newton_path[:n_end]
        self.grad_line.set_data(g_path[:, 0], g_path[:, 1])
        self.newton_line.set_data(n_path[:, 0], n_path[:, 1])
        self.grad_dot.set_data(g_path[-1:, 0], g_path[-1:, 1])
        self.newton_dot.set_data(n_path[-1:, 0], n_path[-1:, 1])
        steps = np.arange(max(g_end, n_end))
        self.grad_gap.set_data(steps[:g_end], state.gap(state.gradient_loglik[:g_end]))
        self.newton_gap.set_data(steps[:n_end], state.gap(state.newton_loglik[:n_end]))
        self.step_line.set_xdata([k, k])
        self.step_text.set_text(f"step {k}")
        self.frame = k

    def readouts(self):
        state = self.state
        k = self.frame
        grad = state.at(state.gradient_path, k)
        newton = state.at(state.newton_path, k)
        return [
            Readout(r"\text{model}", "model", FAMILY_LABELS[state.model]),
            Readout(r"\alpha", "\u03b1", state.learning_rate, 3),
            Readout(r"L", "largest curvature L at the peak", state.curvature, 3),
            Readout(r"2/L", "2/L", state.threshold, 4),
            Readout(
                r"\text{gradient ascent}",
                "gradient ascent",
                state.verdict(),
                separator=": ",
            ),
            Readout(
                r"\text{Newton}",
                "Newton",
                f"converged in {state.newton_steps} steps (no learning rate)",
                separator=": ",
            ),
            # what changes from frame to frame comes last
            Readout(r"k", "step", float(k), 0),
            Readout(r"\theta_k", "gradient ascent \u03b8", _pair(grad)),
            Readout(r"\theta_k", "Newton \u03b8", _pair(newton)),
            Readout(
                r"\ell/n",
                "log-likelihood per hour (gradient, Newton)",
                _pair(
                    (
                        state.at(state.gradient_loglik, k),
                        state.at(state.newton_loglik, k),
                    ),
                    4,
                ),
            ),
        ]


# --------------------------------------------------------------------------
# a(eta) and its tangent

#: y-limits and ticks of the two panels, per family: (a panel, mean panel)
TANGENT_AXES = {
    "gaussian": (((-0.5, 4.6), [0, 2, 4]), ((-3.2, 3.2), [-3, 0, 3])),
    "bernoulli": (((-0.3, 3.3), [0, 1, 2, 3]), ((-0.05, 1.05), [0, 0.5, 1])),
    "poisson": (((-1.0, 21.0), [0, 10, 20]), ((-1.0, 21.0), [0, 10, 20])),
    "categorical": (((0.5, 3.6), [1, 2, 3]), ((-0.05, 1.05), [0, 0.5, 1])),
}
CALCULUS_LABELS = {**FAMILY_LABELS, "categorical": f"Categorical ({N_CLASSES} classes)"}
#: what the mean panel is called, per family
MEAN_NAMES = {
    "gaussian": "mean \u03bc = a\u2032(\u03b7)",
    "bernoulli": "mean \u03c6 = a\u2032(\u03b7)",
    "poisson": "mean \u03bb = a\u2032(\u03b7)",
    "categorical": "p\u2081 = \u2202a/\u2202\u03b7\u2081",
}
#: half the width of each drawn tangent, in eta
TANGENT_HALF_WIDTH = 1.2


class TangentOfLogPartition(Simulation):
    """a(eta) with its tangent, and the mean a'(eta) with its own (chapter 8).

    Controls: ``family`` (Gaussian, Bernoulli, Poisson, categorical) and
    ``eta`` (for the categorical, eta_1 with eta_2 = ``OTHER_ETA``). Left:
    a(eta) and the tangent whose slope is the family's ``response(eta)``.
    Right: that response (the mean) as eta moves, and its tangent, whose
    slope is the family's ``variance(eta)``, a''(eta). Readouts: a(eta), the
    tangent's slope next to a finite difference of ``log_partition``, and
    a'' next to a second difference.
    """

    chapter = 8

    def make_controls(self):
        return {
            "family": widgets.ToggleButtons(
                options=[
                    (CALCULUS_LABELS[f].split(" (")[0], f) for f in CALCULUS_FAMILIES
                ],
                value="bernoulli",
                description="distribution",
                style={"description_width": "initial", "button_width": "105px"},
            ),
            "eta": slider("natural parameter \u03b7", 0.8, *ETA_RANGE, 0.05),
        }

    def compute(self, family, eta):
        return log_partition_calculus(family, eta)

    def build_figure(self):
        fig, (a_ax, mean_ax) = course_figure(
            "The slope of a(\u03b7) is the mean; its curvature is the variance",
            ncols=2,
            figsize=(8.8, 3.2),
            left=0.08,
            right=0.98,
            wspace=0.28,
        )
        self.a_ax, self.mean_ax = a_ax, mean_ax
        (self.a_curve,) = a_ax.plot([], [], linewidth=2)
        (self.mean_curve,) = mean_ax.plot([], [], linewidth=2)
        (self.a_tangent,) = a_ax.plot(
            [], [], "--", color=PALETTE["black"], linewidth=1.3
        )
        (self.mean_tangent,) = mean_ax.plot(
            [], [], "--", color=PALETTE["black"], linewidth=1.3
        )
        (self.a_dot,) = a_ax.plot([], [], "o", color=PALETTE["black"], markersize=7)
        (self.mean_dot,) = mean_ax.plot(
            [], [], "o", color=PALETTE["black"], markersize=7
        )
        self.a_label = a_ax.text(
            0.03, 0.95, "", transform=a_ax.transAxes, va="top", fontsize=10
        )
        self.mean_label = mean_ax.text(
            0.03, 0.95, "", transform=mean_ax.transAxes, va="top", fontsize=10
        )
        fig.add_moving(
            self.a_tangent,
            self.mean_tangent,
            self.a_dot,
            self.mean_dot,
            self.a_label,
            self.mean_label,
        )
        self.shown_family = None
        return fig

    def _curves(self, family):
        fam = get_family(family)
        if family == "categorical":
            eta = np.column_stack([ETA_GRID, np.full_like(ETA_GRID, OTHER_ETA)])
            return fam.log_partition(eta), fam.response(eta)[:, 1]
        return fam.log_partition(ETA_GRID), fam.response(ETA_GRID)

    def _show_family(self, family):
        (a_lim, a_ticks), (m_lim, m_ticks) = TANGENT_AXES[family]
        categorical = family == "categorical"
        xlabel = (
            f"\u03b7\u2081 (\u03b7\u2082 = {OTHER_ETA:g} held)"
            if categorical
            else "\u03b7"
        )
        style_axes(
            self.a_ax,
            f"{CALCULUS_LABELS[family]}: log-partition a(\u03b7)",
            xlabel,
            "a(\u03b7)",
            ETA_RANGE,
            a_lim,
            [-3, -2, -1, 0, 1, 2, 3],
            a_ticks,
        )
        style_axes(
            self.mean_ax,
            "a\u2032(\u03b7), the mean; its slope is the variance",
            xlabel,
            MEAN_NAMES[family],
            ETA_RANGE,
            m_lim,
            [-3, -2, -1, 0, 1, 2, 3],
            m_ticks,
        )
        a_values, means = self._curves(family)
        colour = FAMILY_COLOURS[family]
        self.a_curve.set_data(ETA_GRID, a_values)
        self.mean_curve.set_data(ETA_GRID, means)
        self.a_curve.set_color(colour)
        self.mean_curve.set_color(colour)
        self.shown_family = family
        self.figure.show_layer(family)

    def draw_state(self, state):
        if state.family != self.shown_family:
            self._show_family(state.family)
        eta, slope, curvature, mean = self._first(state)
        a = state.log_partition
        span = np.array([eta - TANGENT_HALF_WIDTH, eta + TANGENT_HALF_WIDTH])
        self.a_tangent.set_data(span, a + slope * (span - eta))
        self.a_dot.set_data([eta], [a])
        self.mean_tangent.set_data(span, mean + curvature * (span - eta))
        self.mean_dot.set_data([eta], [mean])
        # each label reads the slope off the line as drawn: rise over run
        for line, label in (
            (self.a_tangent, self.a_label),
            (self.mean_tangent, self.mean_label),
        ):
            (x0, x1), (y0, y1) = line.get_data()
            label.set_text(
                f"slope of this tangent {format_number((y1 - y0) / (x1 - x0), 4)}"
            )

    @staticmethod
    def _first(state):
        """eta, a' and a'' along the moving coordinate (eta_1 for the categorical)."""
        if state.family == "categorical":
            return (
                float(state.eta[0]),
                float(state.response[0]),
                float(state.variance[0, 0]),
                float(state.response[0]),
            )
        return state.eta, state.response, state.variance, state.response

    def readouts(self):
        state = self.state
        eta, slope, curvature, _ = self._first(state)
        categorical = state.family == "categorical"
        if categorical:
            fd_slope = float(state.slope_by_difference[0])
            fd_curvature = float(state.curvature_by_difference[0, 0])
        else:
            fd_slope = state.slope_by_difference
            fd_curvature = state.curvature_by_difference
        sub = "\u2081" if categorical else ""
        rows = [
            Readout(
                r"\text{distribution}", "distribution", CALCULUS_LABELS[state.family]
            ),
            Readout(r"\eta", f"\u03b7{sub}", eta, 2),
            Readout(r"a(\eta)", "a(\u03b7)", state.log_partition, 4),
            Readout(
                r"a'(\eta)",
                "a\u2032 = response(\u03b7)"
                if not categorical
                else "a\u2032 = softmax p\u2081",
                slope,
                4,
            ),
            Readout(r"\Delta a / \Delta\eta", "finite difference of a", fd_slope, 4),
            Readout(r"a''(\eta)", "a\u2032\u2032 = variance(\u03b7)", curvature, 4),
            Readout(r"\Delta^2 a", "second difference of a", fd_curvature, 4),
        ]
        if categorical:
            rows.append(
                Readout(
                    r"\text{softmax}",
                    "softmax (p\u2080, p\u2081, p\u2082)",
                    _pair(state.probabilities),
                )
            )
        return rows


# --------------------------------------------------------------------------
# softmax regression: three classes, the loop's regions step by step

#: the loop's iterates that the steps slider offers
LOOP_CHECKPOINTS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)
REGION_GRID = 121
#: one colour per class
CLASS_COLOURS = (PALETTE["orange"], PALETTE["sky_blue"], PALETTE["green"])
CLASS_MARKERS = ("o", "s", "^")


@dataclass(frozen=True)
class SoftmaxFit:
    """Softmax regression of the three-class example, two ways (chapter 8).

    ``newton`` is ``glmlib.fit(X, labels, "categorical")``; ``path`` holds
    ``universal_loop`` 's theta after each of ``LOOP_CHECKPOINTS`` steps,
    with learning rate 1 / L (L = ``largest_curvature`` at Newton's answer).
    """

    X: np.ndarray
    labels: np.ndarray
    newton: np.ndarray
    learning_rate: float
    curvature: float
    path: dict


@lru_cache(maxsize=1)
def softmax_fit():
    """Fit the three-class example by Newton and by the universal loop (chapter 8)."""
    X, labels = three_classes()
    newton = fit(X, labels, "categorical").coef
    curvature = largest_curvature(X, "categorical", newton)
    rate = 1.0 / curvature
    onehot = Categorical(N_CLASSES).sufficient_statistic(labels.astype(int), N_CLASSES)
    path = {}
    theta, done = None, 0
    for k in LOOP_CHECKPOINTS:
        theta = universal_loop(X, onehot, softmax_response, rate, k - done, start=theta)
        path[k] = theta
        done = k
    return SoftmaxFit(X, labels, newton, rate, curvature, path)


def class_probabilities(theta, points):
    """Softmax probabilities of the three classes at each point (x1, x2) (chapter 8)."""
    points = np.atleast_2d(np.asarray(points, dtype=float))
    X = np.column_stack([np.ones(len(points)), points])
    return Categorical(N_CLASSES).response(X @ theta)


@dataclass(frozen=True)
class RegionsState:
    """The loop after ``steps`` steps, and one query point (chapter 8)."""

    steps: int
    theta: np.ndarray
    point: tuple
    probabilities: np.ndarray
    loglik: float
    accuracy: float
    gap_to_newton: float


class SoftmaxRegions(Simulation):
    """Softmax regression's decision regions as the universal loop trains (chapter 8).

    Three classes in two features (``three_classes``). The shaded regions
    are the most probable class under the loop's theta after ``steps``
    steps (error = one-hot y minus softmax, nothing else); the dashed lines
    are the boundaries of glmlib's Newton fit, which the loop reaches.
    Controls: ``steps`` and the query point ``x1``, ``x2``, whose three
    class probabilities the right panel shows. Readouts: the probabilities,
    the predicted class, the log-likelihood per point, the accuracy on the
    data and the largest |theta_loop - theta_Newton|.
    """

    chapter = 8

    def make_controls(self):
        return {
            "steps": widgets.SelectionSlider(
                options=[(str(k), k) for k in LOOP_CHECKPOINTS],
                value=LOOP_CHECKPOINTS[3],
                description="steps of the loop",
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="340px"),
            ),
            "x1": slider("query x\u2081", 1.5, *FEATURE_RANGE, 0.1),
            "x2": slider("query x\u2082", -1.0, *FEATURE_RANGE, 0.1),
        }

    def build_figure(self):
        fig, (ax, bar_ax) = course_figure(
            "Softmax regression: three classes, one loop",
            ncols=2,
            figsize=(8.0, 3.6),
            width_ratios=[1.6, 1],
            left=0.09,
            right=0.97,
            bottom=0.15,
            top=0.82,
            wspace=0.6,
        )
        fitted = softmax_fit()
        self.fitted = fitted
        style_axes(
            ax, "most probable class", "x\u2081", "x\u2082",
            FEATURE_RANGE, FEATURE_RANGE, [-3, 0, 3], [-3, 0, 3],
        )  # fmt: skip
        ax.grid(False)  # the regions are drawn over the still layer, grid included
        grid = np.linspace(*FEATURE_RANGE, REGION_GRID)
        g1, g2 = np.meshgrid(grid, grid)
        self.grid_points = np.column_stack([g1.ravel(), g2.ravel()])
        self.colours = np.array(
            [[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in CLASS_COLOURS]
        )
        self.regions = ax.imshow(
            np.ones((REGION_GRID, REGION_GRID, 3)),
            extent=(*FEATURE_RANGE, *FEATURE_RANGE),
            origin="lower",
            aspect="auto",
            interpolation="nearest",
            zorder=0,
        )
        winners = class_probabilities(fitted.newton, self.grid_points).argmax(axis=1)
        winners = winners.reshape(REGION_GRID, REGION_GRID)
        # The regions change with the steps, so they are a moving artist; what
        # lies on them (Newton's boundaries, the points) must move too, or the
        # regions would be painted over it.
        on_top = [
            ax.contour(
                g1,
                g2,
                (winners == k).astype(float),
                levels=[0.5],
                colors=PALETTE["black"],
                linewidths=1.0,
                linestyles="--",
            )
            for k in range(N_CLASSES)
        ]
        x = fitted.X[:, 1:]
        for k in range(N_CLASSES):
            mine = fitted.labels == k
            on_top += ax.plot(
                x[mine, 0], x[mine, 1], CLASS_MARKERS[k], color=CLASS_COLOURS[k],
                markeredgecolor=PALETTE["black"], markeredgewidth=0.5, markersize=5,
                label=f"class {k}",
            )  # fmt: skip
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            handletextpad=0.2,
            borderpad=0.2,
        )
        (self.query,) = ax.plot(
            [], [], "X", color=PALETTE["black"], markersize=11,
            markeredgecolor="white",
        )  # fmt: skip
        style_axes(
            bar_ax, "softmax at the query point", "class", "probability",
            (-0.6, 2.6), (0, 1.05), [0, 1, 2], [0, 0.5, 1],
        )  # fmt: skip
        self.bars = bar_ax.bar(
            range(N_CLASSES), [0.0] * N_CLASSES, color=CLASS_COLOURS,
            edgecolor=PALETTE["black"], linewidth=0.6,
        )  # fmt: skip
        # The spines lie on the image's edge: redraw them over it too.
        on_top += [ax.spines["left"], ax.spines["bottom"]]
        fig.add_moving(self.regions, *on_top, self.query, *self.bars)
        self.shown_steps = None
        return fig

    def compute(self, steps, x1, x2):
        fitted = self.fitted
        theta = fitted.path[steps]
        p = class_probabilities(theta, [(x1, x2)])[0]
        eta = fitted.X @ theta
        predicted = Categorical(N_CLASSES).response(eta).argmax(axis=1)
        return RegionsState(
            steps=steps,
            theta=theta,
            point=(float(x1), float(x2)),
            probabilities=p,
            loglik=float(np.mean(Categorical(N_CLASSES).loglik(fitted.labels, eta))),
            accuracy=float(np.mean(predicted == fitted.labels)),
            gap_to_newton=float(np.max(np.abs(theta - fitted.newton))),
        )

    def draw_state(self, state):
        if state.steps != self.shown_steps:
            p = class_probabilities(state.theta, self.grid_points)
            winner = p.argmax(axis=1)
            # a pale tint of the winner's colour, paler where the winner is unsure
            strength = 0.15 + 0.4 * (p.max(axis=1) - 1 / N_CLASSES) / (
                1 - 1 / N_CLASSES
            )
            rgb = 1 - strength[:, None] * (1 - self.colours[winner])
            self.regions.set_data(rgb.reshape(REGION_GRID, REGION_GRID, 3))
            self.shown_steps = state.steps
        self.query.set_data([state.point[0]], [state.point[1]])
        for bar, p in zip(self.bars, state.probabilities, strict=True):
            bar.set_height(p)

    def readouts(self):
        state = self.state
        return [
            Readout(r"k", "steps of the loop", float(state.steps), 0),
            Readout(r"\alpha = 1/L", "\u03b1 = 1/L", self.fitted.learning_rate, 3),
            Readout(r"x", "query (x\u2081, x\u2082)", _pair(state.point, 1)),
            Readout(
                r"p", "softmax (p\u2080, p\u2081, p\u2082)", _pair(state.probabilities)
            ),
            Readout(
                r"\hat y",
                "most probable class",
                f"class {int(np.argmax(state.probabilities))}",
            ),
            Readout(r"\ell/n", "log-likelihood per point", state.loglik, 4),
            Readout(
                r"\text{accuracy}",
                "share of points classified right",
                state.accuracy,
                3,
            ),
            Readout(
                r"\max|\theta - \hat\theta|",
                "largest |\u03b8_loop \u2212 \u03b8_Newton|",
                state.gap_to_newton,
                6,
            ),
        ]
