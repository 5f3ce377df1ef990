"""Chapter 8's lesson helpers: one gradient for every GLM, checked two ways.

The chapter's claim: for every exponential family with its canonical link,
the gradient of the log-likelihood is sum_i (y_i - h(x_i)) x_i, because the
slope of the log-partition a(eta) is the mean. Everything here either shows
that claim or checks it with numbers computed two ways:

* ``log_partition_calculus`` -- a(eta), its slope and its curvature, next to
  the family's ``response`` and ``unit_variance`` and to the mean and
  variance summed over the distribution itself;
* ``score_in_eta``, ``loglik_gradient_check`` -- the gradient derived in
  steps, each against a finite difference of ``loglik``;
* ``universal_loop`` -- gradient ascent whose only family-specific line
  computes h = response(X theta); ``softmax_response`` is that line for the
  categorical family, and ``softmax_fit`` runs it on three classes;
* ``race`` -- gradient ascent and Newton's method on the shop's hours, every
  iterate kept (``glmlib.fit(..., trace=True)``); ``newton_steps_taken``
  shows which Newton steps glmlib halved, ``logistic_curvature_bound`` and
  ``ascent_from`` what the curvature says away from the peak;
* ``probit_gradients`` -- where the claim stops: the probit link's gradient
  and its extra factor.

Its data sets (the shop's hours with the spend centred, two small real
data sets that statsmodels ships, three classes) are in ``glmlib.data``.
"""

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import curvature
from ..data import shop_design, three_classes
from ..exceptions import GLMWarning
from ..families import Bernoulli, Categorical, get_family
from ..fitting import fit, gradient_step
from .formatting import format_number

# --------------------------------------------------------------------------
# a(eta): its slope is the mean, its curvature the variance


#: the families of the chapter; the categorical has three classes
CALCULUS_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical")


#: classes of the categorical family in this chapter
N_CLASSES = 3


#: the tangent figure moves eta_1; the categorical's eta_2 stays here
OTHER_ETA = 0.5


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
    ``response`` or ``unit_variance``. Returns (mean, variance, total
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
    distribution. Likewise ``unit_variance`` (glmlib's a'', the variance at
    unit dispersion), the second difference ``curvature_by_difference`` and
    ``variance_by_summation``. For the
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
    unit_variance: object
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
        """Do a'', the second difference and the sum give one variance?"""
        return bool(
            np.allclose(
                self.unit_variance,
                self.curvature_by_difference,
                rtol=1e-5,
                atol=1e-6,
            )
            and np.allclose(
                self.unit_variance, self.variance_by_summation, rtol=1e-6, atol=1e-8
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
        unit_variance=np.asarray(family.unit_variance(eta))
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


#: most gradient steps computed (and frames played)
RACE_STEPS = 400


#: gaps below this (the log-likelihood at the peak's own rounding) sit on the floor
GAP_FLOOR = 1e-10


@dataclass(frozen=True)
class RaceState:
    """Both methods' iterates on the shop's hours, for one model and rate (chapter 8).

    ``gradient_path`` and ``newton_path`` hold every iterate from
    theta = (0, 0) (shape (steps + 1, 2)), ``gradient_loglik`` and
    ``newton_loglik`` the log-likelihood per hour at each. ``curvature`` is
    L at the peak (``glmlib.curvature.largest_curvature``) and ``threshold`` = 2 / L.
    When gradient ascent diverged, its path ends with the step glmlib
    refused (the one that fell below the start), if that step is finite.
    ``gradient_outcome`` is one of "converged", "diverged", "crawling"
    (still climbing when the steps ran out) and "overshooting" (above 2 / L,
    neither settling nor running off within the steps). ``newton_shares``
    holds, per Newton step, the part of the full Newton step that glmlib
    took (``newton_steps_taken``): below 1 where it halved the step.
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
    newton_shares: tuple
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
        return outcome_words(self.gradient_outcome, self.gradient_steps)

    def newton_summary(self):
        """What Newton did, and which steps glmlib shortened, in words.

        "converged in 6 steps (no learning rate; step 1 cut to 1/4)": the
        count is glmlib's ``n_iter``, the cuts come from ``newton_shares``.
        """
        cuts = [
            f"step {k} cut to {share_words(share)}"
            for k, share in enumerate(self.newton_shares, 1)
            if share < FULL_STEP
        ]
        shortened = ", ".join(cuts) if cuts else "every step at full length"
        return f"converged in {self.newton_steps} steps (no learning rate; {shortened})"

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


def outcome_words(outcome, n_steps):
    """A gradient run's outcome in a few words: "diverged at step 4" (chapter 8)."""
    return {
        "converged": f"converged in {n_steps} steps",
        "diverged": f"diverged at step {n_steps + 1}",
        "crawling": f"still climbing after {n_steps} steps",
        "overshooting": f"not settling after {n_steps} steps",
    }[outcome]


#: a Newton step that kept at least this share of its full length counts as full
FULL_STEP = 0.99


def share_words(share):
    """A shortened step's share in words: "1/4" for a step halved twice (chapter 8)."""
    halvings = round(-np.log2(share))
    if halvings > 0 and np.isclose(share, 0.5**halvings):
        return f"1/{2**halvings}"
    return f"{format_number(share, 3)} of its length"


@lru_cache(maxsize=4)
def newton_run(model):
    X, y = shop_design()
    result = fit(X, y, model, start=np.zeros(2), trace=True)
    return result, curvature.largest_curvature(X, model, result.coef)


@dataclass(frozen=True)
class NewtonStep:
    """One step of glmlib's Newton fit next to the full Newton step (chapter 8).

    From ``start`` the full step lands at ``full``: start +
    (X^T W X)^-1 X^T (y - h), computed here from ``glmlib.curvature`` and the
    family's response, not by the fit. ``taken`` is where the fit went (its
    ``coef_path``) and ``share`` the part of the full step that is (1
    unless glmlib shortened it). ``tried`` lists (share, landing point,
    log-likelihood per row) for the full step and each half of it down to
    the share taken: glmlib halves a step that lands below ``start_loglik``.
    """

    start: np.ndarray
    start_loglik: float
    full: np.ndarray
    taken: np.ndarray
    share: float
    tried: tuple


def _share_of(taken, full, start):
    """The part of the full step ``full - start`` that ``taken - start`` is."""
    whole = full - start
    size = float(whole @ whole)
    if size <= (1e-10 * (1.0 + float(np.max(np.abs(start))))) ** 2:
        return 1.0  # nothing left to step: rounding, not a shortened step
    return float((taken - start) @ whole) / size


@lru_cache(maxsize=4)
def newton_steps_taken(model):
    """Every step of the race's Newton fit, with the full step it shortened (chapter 8).

    glmlib's Newton halves a step that would lower the log-likelihood until
    it no longer does; this recovers, from the fit's ``coef_path``, how much
    of each full Newton step was taken.
    """
    X, y = shop_design()
    family = get_family(model)
    result, _ = newton_run(model)

    def loglik(theta):
        return float(np.mean(family.loglik(y, X @ theta)))

    steps = []
    for start, taken in zip(result.coef_path[:-1], result.coef_path[1:], strict=True):
        info = curvature.information(X, model, start, average=False)
        full = start + np.linalg.solve(info, X.T @ (y - family.response(X @ start)))
        share = _share_of(taken, full, start)
        tried, part = [], 1.0
        while part >= share * (1 - 1e-9) and len(tried) < 60:
            point = start + part * (full - start)
            tried.append((part, point, loglik(point)))
            part /= 2
        steps.append(NewtonStep(start, loglik(start), full, taken, share, tuple(tried)))
    return tuple(steps)


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
    newton, largest = newton_run(model)
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
    threshold = 2.0 / largest
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
        newton_shares=tuple(step.share for step in newton_steps_taken(model)),
        peak=newton.coef,
        peak_loglik=float(newton.history[-1] / n),
        curvature=largest,
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


def logistic_curvature_bound(X):
    """lambda_max(X^T X) / (4 n): logistic regression's L at every theta (chapter 8).

    The Bernoulli's a'' = phi (1 - phi) is largest at eta = 0, where it is
    1/4; every row weight is at most that, so X^T W X / n never bends more
    than X^T X / (4 n) does. The bound is reached at theta = 0.
    """
    X = np.asarray(X, dtype=float)
    most = float(Bernoulli().unit_variance(0.0))
    return curvature.largest_weighted_curvature(X, np.full(X.shape[0], most))


def ascent_from(model, learning_rate, start, n_steps=RACE_STEPS):
    """What gradient ascent on the shop's hours does from ``start``, in words (chapter 8).

    The race starts at theta = (0, 0); a start far from the peak meets other
    curvatures, so a rate below 2 / L at the peak may still diverge there.
    """
    X, y = shop_design()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GLMWarning)
        run = fit(
            X,
            y,
            model,
            method="gradient",
            learning_rate=learning_rate,
            max_iter=n_steps,
            start=np.asarray(start, dtype=float),
        )
    if run.converged:
        outcome = "converged"
    elif run.diverged:
        outcome = "diverged"
    else:
        outcome = "crawling"
    return outcome_words(outcome, run.n_iter)


def loglik_surface(model, theta0, theta1):
    """The averaged log-likelihood of the shop's hours over a grid of (theta_0, theta_1) (chapter 8)."""
    X, y = shop_design()
    family = get_family(model)
    t0, t1 = np.meshgrid(theta0, theta1)
    eta = t0[..., None] + t1[..., None] * X[:, 1]
    return np.mean(family.loglik(y, eta), axis=-1)


# --------------------------------------------------------------------------
# softmax regression: three classes, one loop

#: the loop's iterates that the steps slider offers
LOOP_CHECKPOINTS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)


@dataclass(frozen=True)
class SoftmaxFit:
    """Softmax regression of the three-class example, two ways (chapter 8).

    ``newton`` is ``glmlib.fit(X, labels, "categorical")``; ``path`` holds
    ``universal_loop`` 's theta after each of ``LOOP_CHECKPOINTS`` steps,
    with learning rate 1 / L (L = ``glmlib.curvature.largest_curvature`` at Newton's answer).
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
    bend = curvature.largest_curvature(X, "categorical", newton)
    rate = 1.0 / bend
    onehot = Categorical(N_CLASSES).sufficient_statistic(labels.astype(int), N_CLASSES)
    path = {}
    theta, done = None, 0
    for k in LOOP_CHECKPOINTS:
        theta = universal_loop(X, onehot, softmax_response, rate, k - done, start=theta)
        path[k] = theta
        done = k
    return SoftmaxFit(X, labels, newton, rate, bend, path)


def class_probabilities(theta, points):
    """Softmax probabilities of the three classes at each point (x1, x2) (chapter 8)."""
    points = np.atleast_2d(np.asarray(points, dtype=float))
    X = np.column_stack([np.ones(len(points)), points])
    return Categorical(N_CLASSES).response(X @ theta)
