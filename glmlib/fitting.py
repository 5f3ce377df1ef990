"""Fitting a GLM by maximum likelihood (chapters 7 to 9).

Two methods, one answer:

* ``method="newton"`` -- iteratively reweighted least squares (Fisher
  scoring; Newton's method for a canonical link), as R's ``glm.fit`` does
  it: start from a mean inside the family's range (or from ``start=``),
  solve a weighted least squares problem each step (p x p normal equations
  for well-conditioned X, QR otherwise), halve the step while the deviance
  is not finite, the mean leaves its range or the deviance got worse, and
  stop when |dev - dev_old| / (0.1 + |dev|) < tol (non-canonical links also
  wait for small steps). If no halved step helps, the fit is at its optimum
  only when the score is too small to lower the deviance by tol; otherwise
  it says it did not converge.
* ``method="gradient"`` -- the lesson's universal rule, one
  ``gradient_step`` at a time:
  theta <- theta + alpha * X^T (y - h(X theta)) / n, where h is the response
  function. It needs many more steps; chapter 9 shows why.

After either, the fit checks that a finite estimate exists at all
(``glmlib.existence``): counts whose zeros can be fitted ever better by
running the coefficients off to infinity, and separated yes/no or
categorical classes, warn with a ``NoFiniteEstimateWarning`` and report
``converged=False``. ``trace=True`` keeps every iterate in ``coef_path``.

``X`` is used as given: add a column of ones yourself for an intercept.
"""

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy import linalg
from scipy.linalg import lapack

from . import existence as _existence
from ._checks import as_float_array, check_finite
from .curvature import largest_weighted_curvature
from .exceptions import (
    ConvergenceWarning,
    DivergenceWarning,
    NoFiniteEstimateWarning,
    PerfectSeparationWarning,
)
from .families import (
    Binomial,
    Categorical,
    ExponentialFamily,
    Gaussian,
    Poisson,
    get_family,
)
from .links import Link

METHODS = ("newton", "gradient")
DEFAULT_MAX_ITER = {"newton": 100, "gradient": 10_000}
DEFAULT_TOL = {"newton": 1e-10, "gradient": 1e-8}
_MAX_HALVINGS = 50
# R's rank tolerance in glm.fit: a column is dependent on the others when its
# pivoted-QR diagonal is below 1e-11 times the largest one.
_RANK_TOL = 1e-11
# When every column of X keeps more than this fraction of its length after
# removing the columns before it, Newton steps use the normal equations.
_WELL_CONDITIONED = 1e-4
# Non-canonical Newton fits also wait for steps this small (relative to coef).
_STEP_TOL = 1e-8
# Fitted probabilities this close to 0 or 1 make a fit check for separation.
_SUSPECT_EPS = 1e-6


class _State(NamedTuple):
    """Where a fit stands for one set of coefficients."""

    lin: np.ndarray  # linear predictor X theta
    mean: np.ndarray  # fitted mean mu (categorical: all K class probabilities)
    eta: np.ndarray  # natural parameter (= lin for a canonical link)


@dataclass(frozen=True, eq=False)
class GLMResult:
    """What a fit found: coefficients, the fit's state and its history.

    ``coef`` has shape (p,), or (p, K-1) for the categorical family, whose
    column k-1 compares class k with class 0. ``n_iter`` counts the steps
    taken from the first coefficients: ``history`` holds the log-likelihood
    there and after each step (n_iter + 1 values, for convergence plots), and
    with ``trace=True`` ``coef_path`` holds the coefficients themselves, shape
    (n_iter + 1, *coef.shape), ``coef_path[-1]`` equal to ``coef``.
    ``coef_path[0]`` is ``start`` when one was given and used; otherwise
    zeros for gradient ascent and, for Newton, the weighted least-squares
    fit at the family's starting mean (R's first IRLS iteration).

    ``learning_rate`` is the step size a gradient fit used (None for
    Newton). ``estimate_exists`` is False when no finite estimate exists
    (``existence`` then says why, and ``converged`` is False).
    """

    coef: np.ndarray
    family: ExponentialFamily
    link: Link
    method: str
    converged: bool
    n_iter: int
    loglik: float
    deviance: float
    history: np.ndarray = field(repr=False)
    diverged: bool = False
    learning_rate: float | None = None
    coef_path: np.ndarray | None = field(default=None, repr=False)
    estimate_exists: bool = True
    existence: _existence.Existence | None = field(default=None, repr=False)

    def linear_predictor(self, X):
        """X @ coef: the natural parameter for a canonical link (chapter 4)."""
        X = np.asarray(X, dtype=float)
        return X @ self.coef

    def predict(self, X):
        """The predicted mean h(x) = E[y | x] for each row of X (chapter 4).

        Categorical: all K class probabilities per row. Binomial: the mean
        number of successes, with the family's ``trials``.
        """
        lin = self.linear_predictor(X)
        if isinstance(self.family, Categorical):
            return self.family.response(lin)
        return self.family.mean_from_linear(lin, self.link)


def fit(
    X,
    y,
    family="gaussian",
    method="newton",
    link=None,
    *,
    learning_rate=None,
    max_iter=None,
    tol=None,
    start=None,
    trace=False,
):
    """Fit a generalized linear model of ``y`` on ``X`` by maximum likelihood.

    Parameters
    ----------
    X : array (n, p)
        Features, used as given (no intercept is added).
    y : array (n,)
        Targets in the family's support: counts for "poisson", 0/1 for
        "bernoulli", successes for ``Binomial(trials=...)``, class labels
        0..K-1 for "categorical" (class 0 is the reference).
    family : str or ExponentialFamily
        "gaussian", "bernoulli", "binomial", "poisson", "gamma",
        "exponential", "categorical", or a family object.
    method : "newton" or "gradient"
        IRLS (a handful of iterations) or the lesson's gradient-ascent rule,
        ``gradient_step`` repeated.
    link : str, optional
        A link the family offers; the canonical link by default.
    learning_rate : float, optional
        Step size alpha of ``method="gradient"``. The default is
        1 / (largest eigenvalue of X^T W X / n) at the starting mean, which
        converges on standardized features. The result reports the one used.
    max_iter : int, optional
        Most steps to take (100 for Newton, 10,000 for gradient ascent).
    tol : float, optional
        Convergence tolerance: on the relative change of the deviance for
        Newton (1e-10), on the relative size of a step for gradient ascent (1e-8).
    start : array, optional
        Coefficients to start from (a warm start, e.g. the previous fit when
        one point of the data moved), shape (p,) or (p, K-1). Coefficients
        whose fitted means leave the family's range are ignored, and so is a
        start from which Newton does not converge (far-off coefficients can
        leave most rows with no weight): the fit then starts over as it
        would without one.
    trace : bool
        Keep every iterate in ``result.coef_path``.

    Returns
    -------
    GLMResult

    Raises ``ValueError`` for bad input and warns with ``ConvergenceWarning``
    (iteration limit, or no Newton step could lower the deviance),
    ``DivergenceWarning`` (gradient ascent ran away) or
    ``NoFiniteEstimateWarning`` (no finite estimate exists; its subclass
    ``PerfectSeparationWarning`` when classes are separated).
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    if method not in METHODS:
        raise ValueError(
            f"{fam.name}: unknown method {method!r}; choose one of "
            f"{', '.join(repr(m) for m in METHODS)}"
        )
    max_iter = _check_max_iter(
        DEFAULT_MAX_ITER[method] if max_iter is None else max_iter, fam
    )
    tol = _check_positive(DEFAULT_TOL[method] if tol is None else tol, "tol", fam)
    if learning_rate is not None:
        if method != "gradient":
            raise ValueError(
                f"{fam.name}: learning_rate applies to method='gradient' only, "
                f"not to {method!r}"
            )
        learning_rate = _check_positive(learning_rate, "learning_rate", fam)
    X, y = _check_data(X, y, fam)
    well_conditioned = _check_rank(X, fam)
    problem = _make_problem(X, y, fam, lnk, well_conditioned)
    if start is not None:
        start = _check_coef(start, problem.shape, "start", fam)
    if method == "newton":
        result = _newton(problem, start, max_iter, tol, trace)
    else:
        result = _gradient(problem, start, learning_rate, max_iter, tol, trace)
    return _check_existence(problem, result)


def gradient_step(theta, X, y, family, learning_rate, link=None):
    """One step of the lesson's gradient-ascent rule (chapter 8).

    ``theta + learning_rate * X.T @ (y - h(X @ theta)) / n``: the error
    times the feature, averaged over the rows, where h is the family's
    response function. For the categorical family theta has shape (p, K-1)
    and the error is the one-hot y minus the softmax probabilities, class 0
    (the reference) left out. This is the step ``fit(method="gradient")``
    takes, every time.

    Only a canonical link gives the clean (y - h) x: for any other link
    (probit, cloglog, log for a gamma, ...) the step follows the true
    gradient of the log-likelihood, whose error in each row gains the factor
    (dmu/deta) / Var(mu). Either way the dispersion (sigma^2 of a gaussian,
    1 / shape of a gamma) is left out, as the lesson's sigma = 1 does; it
    would only rescale the learning rate.

    X, y and theta are checked as ``fit`` checks them (a ``ValueError`` that
    names the problem), but cheaply: chapter 8 calls this once per frame.
    A step that is not finite (fitted means too large to hold, or a huge
    learning rate) is a ``ValueError`` too, never NaN or infinity.
    Returns the new theta, a new array.
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    learning_rate = _check_positive(learning_rate, "learning_rate", fam)
    if isinstance(fam, Categorical):
        fam = _categorical_for_theta(theta, fam)
    X, y = _check_data(X, y, fam, whole_fit=False)
    problem = _make_problem(X, y, fam, lnk, well_conditioned=True)
    theta = _check_coef(theta, problem.shape, "theta", fam)
    st = problem.state(theta)
    if st is None:
        raise ValueError(
            f"{fam.name}: theta = {np.array2string(theta, precision=4)} puts the "
            f"linear predictor X @ theta of some row outside what link "
            f"{lnk.name!r} allows (a fitted mean outside the family's range); "
            "start from coefficients inside it"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        new_theta = _gradient_step(problem, theta, st, learning_rate)[0]
    if not np.all(np.isfinite(new_theta)):
        raise ValueError(
            f"{fam.name}: the step from theta = {np.array2string(theta, precision=4)} "
            f"with learning_rate={learning_rate:g} is not finite (the fitted means "
            "there are too large to hold, or the step is); start from smaller "
            "coefficients or take a smaller learning_rate"
        )
    return new_theta


def _gradient_step(problem, coef, st, learning_rate):
    """The rule itself, for the fit loop and ``gradient_step``: (new coef, step)."""
    step = learning_rate * problem.gradient(st)
    return coef + step, step


# --------------------------------------------------------------------------
# input checks


def _check_max_iter(max_iter, fam):
    if (
        isinstance(max_iter, bool)
        or not isinstance(max_iter, (int, np.integer))
        or max_iter < 1
    ):
        raise ValueError(
            f"{fam.name}: max_iter must be a whole number >= 1, not {max_iter!r}"
        )
    return int(max_iter)


def _check_positive(value, name, fam):
    try:
        ok = np.isfinite(value) and value > 0 and not isinstance(value, bool)
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(
            f"{fam.name}: {name} must be a positive finite number, not {value!r}"
        )
    return float(value)


def _check_data(X, y, fam, whole_fit=True):
    """X and y as float arrays, or a ValueError naming what is wrong with them.

    ``whole_fit=False`` (one gradient step) allows a class that never
    occurs: a step is defined for it, only the maximum is not.
    """
    X = as_float_array(X, "X", fam.name)
    y = as_float_array(y, "y", fam.name)
    if X.ndim != 2:
        hint = "; for one feature use X.reshape(-1, 1)" if X.ndim == 1 else ""
        raise ValueError(
            f"{fam.name}: X must be a 2-D array (n_samples, n_features), "
            f"got shape {X.shape}{hint}"
        )
    if y.ndim != 1:
        raise ValueError(f"{fam.name}: y must be a 1-D array, got shape {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{fam.name}: X has {X.shape[0]} rows but y has {y.shape[0]} values; "
            "they must match"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{fam.name}: no data: X and y have no rows")
    if X.shape[1] == 0:
        raise ValueError(
            f"{fam.name}: X has no columns; add a column of ones for an intercept"
        )
    check_finite(X, "X", fam.name)
    check_finite(y, "y", fam.name)
    if (
        isinstance(fam, Binomial)
        and np.ndim(fam.trials)
        and np.shape(fam.trials) != y.shape
    ):
        raise ValueError(
            f"{fam.name}: trials has shape {np.shape(fam.trials)} but y has shape {y.shape}; "
            "give one number of trials per row"
        )
    fam.check_y(y)
    if isinstance(fam, Categorical) and whole_fit:
        k = fam.n_classes or int(y.max()) + 1
        counts = np.bincount(y.astype(int), minlength=k)
        if k < 2:
            raise ValueError(
                "categorical: y holds only class 0; a fit needs two or more classes"
            )
        missing = np.flatnonzero(counts == 0)
        if missing.size:
            raise ValueError(
                f"categorical: class {missing[0]} of 0..{k - 1} never occurs in y, so its "
                "maximum-likelihood coefficients are minus infinity; relabel the classes "
                "0..K-1 without gaps"
            )
    return X, y


def _check_coef(coef, shape, name, fam):
    """Coefficients (``start`` or ``theta``) as a new float array of ``shape``."""
    arr = np.array(as_float_array(coef, name, fam.name), dtype=float)
    if arr.shape != shape:
        raise ValueError(
            f"{fam.name}: {name} must have shape {shape} (one coefficient per "
            f"column of X{', per class but class 0' if len(shape) == 2 else ''}), "
            f"got shape {arr.shape}"
        )
    check_finite(arr, name, fam.name)
    return arr


def _categorical_for_theta(theta, fam):
    """The categorical family whose K matches theta's K - 1 columns."""
    shape = np.shape(theta)
    if len(shape) != 2 or shape[1] < 1:
        raise ValueError(
            f"categorical: theta must have shape (p, K-1), one column per class "
            f"but the reference class 0, got shape {shape}"
        )
    k = shape[1] + 1
    if fam.n_classes is not None and fam.n_classes != k:
        raise ValueError(
            f"categorical: theta has {shape[1]} columns, so K = {k} classes, but "
            f"the family says n_classes={fam.n_classes}"
        )
    return fam if fam.n_classes == k else Categorical(n_classes=k)


def _check_rank(X, fam):
    """Raise if X's columns are dependent; say whether X is well conditioned.

    As R's glm.fit does, column j counts as dependent on the columns before
    it when the part of it they do not explain is below 1e-11 of its length.
    The cheap test first: a Cholesky factor of X's Gram matrix, scaled to
    unit columns, gives those fractions (squared) for well-conditioned X;
    only when some fraction is small does the exact QR of X decide.
    """
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    if np.any(norms == 0):
        _raise_dependent(X, fam, [int(np.flatnonzero(norms == 0)[0])])
    factor, info = lapack.dpotrf((X.T @ X) / np.outer(norms, norms), lower=1, clean=0)
    if info == 0 and np.diagonal(factor).min() > _WELL_CONDITIONED:
        return True
    r = linalg.qr(X, mode="r", check_finite=False)[0]
    fractions = np.abs(np.diag(r)) / norms
    dependent = np.flatnonzero(fractions < _RANK_TOL)
    if dependent.size:
        _raise_dependent(X, fam, dependent)
    return False


def _raise_dependent(X, fam, dependent):
    raise ValueError(
        f"{fam.name}: the columns of X are linearly dependent: column(s) "
        f"{[int(j) for j in dependent]} can be written with the columns before them "
        f"(or are all zeros), so the {X.shape[1]} coefficients are not determined; drop "
        "them (a duplicated column, or dummies for every level beside an intercept, do this)"
    )


# --------------------------------------------------------------------------
# the two kinds of problem: a scalar natural parameter, or a categorical one


def _make_problem(X, y, fam, lnk, well_conditioned):
    if isinstance(fam, Categorical):
        return _CategoricalProblem(X, y, fam)
    solver = _solve_normal_equations if well_conditioned else _solve_by_qr
    return _ScalarProblem(X, y, fam, lnk, solver)


class _ScalarProblem:
    """One family with a scalar mean per row, under any link it offers."""

    def __init__(self, X, y, fam, link, solver):
        self.X, self.y, self.fam, self.link, self.solve = X, y, fam, link, solver
        self.canonical = link.name == fam.canonical_link
        self.shape = (X.shape[1],)

    # The parts of the log-likelihood that do not move with the coefficients,
    # computed once and only when a log-likelihood is asked for.
    @cached_property
    def statistic(self):
        return self.fam.sufficient_statistic(self.y)

    @cached_property
    def log_base(self):
        return float(np.sum(self.fam.log_base_measure(self.y)))

    def state(self, coef):
        """The _State at ``coef``, or None if a mean falls outside the family's range."""
        lin = self.X @ coef
        if self.canonical:
            if not np.all(self.fam.valid_eta(lin)):
                return None
            with np.errstate(over="ignore"):
                mu = self.fam.response(lin)
            return _State(lin, mu, lin)
        if not np.all(self.link.valid_eta(lin)):
            return None
        mu = self.fam.mean_from_linear(lin, self.link)
        if not np.all(self.fam.valid_mean(mu)):
            return None
        return _State(lin, mu, self.fam.link(mu))

    def deviance(self, st):
        dev = float(np.sum(self.fam.unit_deviance(self.y, st.eta)))
        return dev if np.isfinite(dev) else np.inf

    def loglik(self, st):
        """sum of (eta T(y) - a(eta)) / dispersion + log b(y), with the last sum cached."""
        core = self.statistic @ st.eta - np.sum(self.fam.log_partition(st.eta))
        return float(core / self.fam.dispersion + self.log_base)

    def score_and_weights(self, st):
        """Per-row score factor s (gradient = X^T s) and Fisher weights w."""
        if self.canonical:
            return self.y - st.mean, self.fam.unit_variance(st.lin)
        dmu = self.fam.mean_derivative(st.lin, self.link)
        var = self.fam.variance_from_mean(st.mean)
        return (self.y - st.mean) * dmu / var, dmu * dmu / var

    def starting_means(self):
        """Candidate starting means, R's first, each inside the family's and link's range.

        R's ``initialize`` can fall outside a non-canonical link's range (log(y)
        of y <= 0 for a Gaussian with log link) or lead to a first step outside
        it (sqrt link); statsmodels' (y + mean(y)) / 2 and the constant mean(y)
        are the fall-backs.
        """
        y = self.y
        average = float(np.mean(y))
        for mu in (
            self.fam.initial_mean(y),
            (y + average) / 2,
            np.full_like(y, average),
        ):
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                lin = self.fam.linear_from_mean(mu, self.link)
                ok = np.all(self.fam.valid_mean(mu)) and np.all(
                    self.link.valid_eta(lin)
                )
            if ok:
                yield mu, lin

    def start(self):
        """Coefficients of the first IRLS step from the first starting mean that works."""
        for mu, lin in self.starting_means():
            dmu = self.fam.mean_derivative(lin, self.link)
            w = dmu * dmu / self.fam.variance_from_mean(mu)
            z = lin + (self.y - mu) / dmu
            coef = self.solve(self.X, z * w, w)
            if self.state(coef) is not None:
                return coef
        return None

    def newton_step(self, st):
        s, w = self.score_and_weights(st)
        return self.solve(self.X, s, w)

    def gradient(self, st):
        """X^T s / n: the lesson's X^T (y - h) / n for a canonical link."""
        if self.canonical:
            s = self.y - st.mean
        else:
            s, _ = self.score_and_weights(st)
        return self.X.T @ s / self.X.shape[0]

    def curvature(self):
        """Largest eigenvalue of X^T W X / n at the starting mean."""
        mu, lin = next(self.starting_means(), (None, None))
        if mu is None:
            return 1.0
        dmu = self.fam.mean_derivative(lin, self.link)
        w = dmu * dmu / self.fam.variance_from_mean(mu)
        return largest_weighted_curvature(self.X, w)

    def separation_constraints(self):
        """Rows of X, signed so that separation makes each >= 0, rows held at 0, row numbers.

        Rows with y = 0 want X theta <= 0, rows with y = trials want
        X theta >= 0, and rows with both outcomes pin X theta = 0.
        """
        y, n = self.y, self.fam.trials
        low, high = y == 0, y == n
        sign = np.where(high, 1.0, -1.0)
        ends = low | high
        return self.X[ends] * sign[ends, None], self.X[~ends], np.flatnonzero(ends)

    def existence(self):
        """The full existence check (``glmlib.existence.finite_estimate_exists``)."""
        fam, link = self.fam, self.link.name
        if isinstance(fam, Poisson):
            if link == "log":
                return _existence.poisson_existence(self.X, self.y)
            return _existence.Existence(
                True,
                f"with the {link!r} link a fitted mean reaches 0 at finite "
                "coefficients, so a finite estimate exists (it may sit where "
                "a fitted mean is 0)",
            )
        if isinstance(fam, Binomial):
            return _existence.separation_existence(
                *self.separation_constraints(), fam.name
            )
        if isinstance(fam, Gaussian) and link != "identity":
            raise ValueError(
                f"gaussian: glmlib has no existence check for the {link!r} link "
                "(its estimate can be infinite in ways no linear program settles); "
                "only the identity link is covered"
            )
        return _existence.Existence(
            True,
            f"the {fam.name} log-likelihood falls without bound along every "
            "direction of the coefficients, so its maximum is at finite ones",
        )

    def existence_after_fit(self, coef, method, converged):
        """The check a fit runs: always for counts, on suspicion for yes/no data.

        Counts: ``poisson_existence`` settles most data with exact cheap tests
        (no zero count; the rows with positive counts fix every coefficient)
        and runs its linear program only when those leave a direction free.
        Yes/no data: a fit that puts every row strictly on its own side
        settles it; fitted probabilities near 0 or 1, or a gradient run that
        did not converge, only raise the suspicion that the linear program
        then settles (quasi-complete separation, as in Konis's
        safeBinaryRegression).
        """
        if isinstance(self.fam, Poisson) and self.link.name == "log":
            return _existence.poisson_existence(self.X, self.y)
        if not isinstance(self.fam, Binomial):
            return None
        lin = self.X @ coef
        y, n = self.y, self.fam.trials
        if np.all(np.where(y == n, lin > 0, False) | (y == 0) & (lin < 0)):
            return _existence.separated(np.arange(y.size), coef, self.fam.name)
        p = self.fam.mean_from_linear(lin, self.link) / n
        extreme = bool(np.any((p < _SUSPECT_EPS) | (p > 1 - _SUSPECT_EPS)))
        if extreme or (method == "gradient" and not converged):
            return self.existence()
        return None

    def suspect_separation(self, coef):
        """Are some fitted probabilities within _SUSPECT_EPS of 0 or 1?"""
        if not isinstance(self.fam, Binomial):
            return False
        p = self.fam.mean_from_linear(self.X @ coef, self.link) / self.fam.trials
        return bool(np.any((p < _SUSPECT_EPS) | (p > 1 - _SUSPECT_EPS)))


class _CategoricalProblem:
    """Softmax regression: K - 1 columns of coefficients, class 0 the reference."""

    canonical = True

    def __init__(self, X, y, fam):
        self.X, self.y = X, y
        self.k = fam.n_classes or int(y.max()) + 1
        self.fam = fam if fam.n_classes == self.k else Categorical(self.k)
        self.link = fam.get_link(None)
        self.onehot = self.fam.sufficient_statistic(y, self.k)
        self.shape = (X.shape[1], self.k - 1)

    def state(self, coef):
        lin = self.X @ coef
        if not np.all(np.isfinite(lin)):
            return None
        return _State(lin, self.fam.response(lin), lin)

    def deviance(self, st):
        return float(-2.0 * np.sum(self.fam.loglik(self.y, st.eta)))

    def loglik(self, st):
        """sum of eta . T(y) - a(eta); the base measure of the categorical is 1."""
        return float(
            np.sum(self.onehot * st.eta) - np.sum(self.fam.log_partition(st.eta))
        )

    def start(self):
        return np.zeros(self.shape)

    def gradient(self, st):
        """X^T (one-hot y - softmax) / n, class 0 left out."""
        return self.X.T @ (self.onehot - st.mean[:, 1:]) / self.X.shape[0]

    def newton_step(self, st):
        X, p = self.X, st.mean[:, 1:]
        n_feat, m = self.shape
        hessian = np.empty((m, n_feat, m, n_feat))
        for j in range(m):
            for k in range(j, m):
                w = p[:, j] * ((j == k) - p[:, k])
                block = (X * w[:, None]).T @ X
                hessian[j, :, k, :] = block
                hessian[k, :, j, :] = block.T
        grad = X.T @ (self.onehot - p)
        hessian = hessian.reshape(m * n_feat, m * n_feat)
        rhs = grad.T.reshape(-1)
        try:
            step = linalg.solve(hessian, rhs, assume_a="pos", check_finite=False)
        except (linalg.LinAlgError, ValueError):
            step = linalg.lstsq(hessian, rhs, check_finite=False)[0]
        return step.reshape(m, n_feat).T

    def curvature(self):
        # diag(p) - p p^T is at most I / 2: a bound that holds for every theta
        return 0.5 * largest_weighted_curvature(self.X, np.ones(self.X.shape[0]))

    def separation_constraints(self):
        """Rows over vec(theta) that separation makes >= 0: x_i (theta_{y_i} - theta_k).

        theta_0 = 0 (class 0 is the reference), so its columns are left out.
        Also returns no rows held at 0, and the row of X behind each constraint.
        """
        n_feat, m = self.shape
        labels = self.y.astype(int)
        rows, row_of = [], []
        for k in range(self.k):
            others = labels != k
            block = np.zeros((int(others.sum()), m, n_feat))
            idx = np.flatnonzero(others)
            own = labels[others]
            has_own = own >= 1
            block[np.flatnonzero(has_own), own[has_own] - 1, :] += self.X[idx[has_own]]
            if k >= 1:
                block[:, k - 1, :] -= self.X[idx]
            rows.append(block.reshape(len(idx), m * n_feat))
            row_of.append(idx)
        return np.concatenate(rows), np.zeros((0, m * n_feat)), np.concatenate(row_of)

    def existence(self):
        n_feat, m = self.shape
        return _existence.separation_existence(
            *self.separation_constraints(),
            "categorical",
            # the constraints work on vec(theta) class by class
            unflatten=lambda g: g.reshape(m, n_feat).T,
        )

    def existence_after_fit(self, coef, method, converged):
        probs = self.fam.response(self.X @ coef)
        labels = self.y.astype(int)
        own = probs[np.arange(labels.size), labels]
        others = np.where(np.arange(self.k) == labels[:, None], -np.inf, probs)
        if np.all(own > others.max(axis=1)):
            return _existence.separated(np.arange(labels.size), coef, "categorical")
        if np.any(probs < _SUSPECT_EPS) or (method == "gradient" and not converged):
            return self.existence()
        return None

    def suspect_separation(self, coef):
        return bool(np.any(self.fam.response(self.X @ coef) < _SUSPECT_EPS))


def _solve_normal_equations(X, s, w):
    """Solve (X^T W X) b = X^T s through the p x p normal equations.

    Fast, and exact enough for a Newton step when X is well conditioned: the
    fixed point of IRLS is where the score X^T s vanishes, which does not
    depend on how accurately each step is solved.
    """
    weighted = X * np.sqrt(w)[:, None]
    # LAPACK's Cholesky solver straight away: numpy's solve costs several
    # times more per call at p = 2, and chapter 7 refits on every drag.
    _, step, info = lapack.dposv(weighted.T @ weighted, X.T @ s, lower=1)
    if info != 0:  # not positive definite: weights underflowed to zero
        return _solve_by_qr(X, s, w)
    return step


def _solve_by_qr(X, s, w):
    """The same step by QR of sqrt(W) X, as R's glm.fit does, for ill-conditioned X."""
    sw = np.sqrt(w)
    # Rows whose weight underflowed to zero carry no information.
    with np.errstate(divide="ignore", invalid="ignore"):
        target = np.where(sw > 0, s / sw, 0.0)
    q, r = linalg.qr(X * sw[:, None], mode="economic", check_finite=False)
    rhs = q.T @ target
    try:
        return linalg.solve_triangular(r, rhs, check_finite=False)
    except linalg.LinAlgError:
        return linalg.lstsq(r, rhs, check_finite=False)[0]


# --------------------------------------------------------------------------
# the two methods


def _first_point(problem, start, order):
    """The coefficients and state a fit starts from: ``start`` if it is valid,
    else the first valid one of ``order`` ("irls": the weighted least-squares
    fit at the starting mean; "zeros"), else (None, None)."""
    if start is not None:
        st = problem.state(start)
        if st is not None and np.isfinite(problem.deviance(st)):
            return start, st
    for kind in order:
        coef = problem.start() if kind == "irls" else np.zeros(problem.shape)
        st = None if coef is None else problem.state(coef)
        if st is not None:
            return coef, st
    return None, None


class _Run(NamedTuple):
    """How one Newton run from one starting point ended."""

    coef: np.ndarray
    state: _State
    deviance: float
    history: list
    path: list | None
    converged: bool
    stuck: bool  # no shortened step lowered the deviance, away from the optimum


def _newton(problem, start, max_iter, tol, trace):
    # Far-off coefficients (a step being halved, a warm start) can overflow
    # the deviance or the weights: that is an infinite deviance or a zero
    # weight, which the steps below handle, not an error. One errstate for
    # the whole fit: entering one costs microseconds, and the lab refits often.
    with np.errstate(over="ignore", invalid="ignore"):
        return _newton_runs(problem, start, max_iter, tol, trace)


def _newton_runs(problem, start, max_iter, tol, trace):
    fam = problem.fam
    if start is not None:
        coef, st = _first_point(problem, start, ())
        if st is not None:
            run = _newton_from(problem, coef, st, max_iter, tol, trace)
            if run.converged:
                return _newton_result(problem, run)
            # From far-off coefficients (say, the last fit of data that had
            # no finite estimate) the weights of most rows underflow and
            # Newton can stall: start over as if no start had been given.
    # R: "no valid set of coefficients has been found: please supply starting values"
    coef, st = _first_point(problem, None, ("irls", "zeros"))
    if st is None:
        raise ValueError(
            f"{fam.name} with link {problem.link.name!r}: no coefficients found that "
            "keep every fitted mean inside the family's range; try another link "
            "(for example 'log')"
        )
    run = _newton_from(problem, coef, st, max_iter, tol, trace)
    if run.stuck:
        warnings.warn(
            f"{fam.name}: Newton (IRLS) stopped after {len(run.history) - 1} step(s) "
            "before it converged: no step along its direction lowered the deviance "
            f"(the full step and {_MAX_HALVINGS - 1} halvings of it were tried), yet "
            "the slope of the log-likelihood there is not zero, so these "
            "coefficients are not the maximum; rescale the features",
            ConvergenceWarning,
            stacklevel=4,
        )
    elif not run.converged:
        warnings.warn(
            f"{fam.name}: Newton (IRLS) stopped at max_iter={max_iter} before it "
            "converged; raise max_iter or check the data",
            ConvergenceWarning,
            stacklevel=4,
        )
    return _newton_result(problem, run)


def _newton_result(problem, run):
    return _result(
        problem,
        run.coef,
        run.state,
        "newton",
        run.converged,
        run.history,
        run.path,
        dev=run.deviance,
    )


def _newton_from(problem, coef, st, max_iter, tol, trace):
    """Newton (IRLS) steps with step halving from ``coef``, at most ``max_iter``."""
    dev = problem.deviance(st)
    loglik = problem.loglik(st)
    history = [loglik]
    path = [coef] if trace else None
    # loglik = loglik_saturated - deviance / (2 dispersion): one exact
    # log-likelihood gives the rest of the history from the deviance.
    to_loglik = 0.5 / problem.fam.dispersion
    saturated = loglik + to_loglik * dev
    converged = stuck = False
    n_iter = 0
    while n_iter < max_iter:
        step = problem.newton_step(st)
        new_coef, new_st, new_dev = _halve_until_better(problem, coef, step, dev)
        if new_st is None:
            # No step along the Newton direction, however short, keeps the
            # deviance from rising. At the optimum that is rounding; anywhere
            # else the fit is stuck. The full step would lower the deviance by
            # about 2 * score . step: at the optimum that is below tol too.
            decrease = (
                2.0 * problem.X.shape[0] * float(np.sum(problem.gradient(st) * step))
            )
            converged = abs(decrease) <= tol * (0.1 + abs(dev))
            stuck = not converged
            break
        n_iter += 1
        taken = new_coef - coef
        coef, st, dev_old, dev = new_coef, new_st, dev, new_dev
        history.append(saturated - to_loglik * dev)
        if trace:
            path.append(coef)
        if abs(dev - dev_old) / (0.1 + abs(dev)) < tol and (
            problem.canonical or _small(taken, coef) or problem.suspect_separation(coef)
        ):
            # Fisher scoring with a non-canonical link converges only linearly,
            # so the deviance settles before the coefficients do: wait for both,
            # unless the coefficients are running off to infinity (separation).
            converged = True
            break
    return _Run(coef, st, dev, history, path, converged, stuck)


def _small(step, coef):
    return np.max(np.abs(step)) <= _STEP_TOL * (1.0 + np.max(np.abs(coef)))


def _halve_until_better(problem, coef, step, dev):
    """Halve ``step`` until coef + step is valid and its deviance is no worse.

    Returns (coef + step, its state, its deviance), or (coef, None, dev) when
    ``_MAX_HALVINGS`` tries found none.
    """
    slack = 1e-12 * (0.1 + abs(dev))
    for _ in range(_MAX_HALVINGS):
        new_coef = coef + step
        st = problem.state(new_coef)
        if st is not None:
            new_dev = problem.deviance(st)
            if new_dev <= dev + slack:
                return new_coef, st, new_dev
        step = step / 2
    return coef, None, dev


def _gradient(problem, start, learning_rate, max_iter, tol, trace):
    fam = problem.fam
    if learning_rate is None:
        learning_rate = 1.0 / max(problem.curvature(), np.finfo(float).tiny)
    # Coefficients 0 can be outside the range (the gamma's natural parameter
    # must be negative): start from one least-squares fit instead.
    coef, st = _first_point(problem, start, ("zeros", "irls"))
    if st is None:
        raise ValueError(
            f"{fam.name} with link {problem.link.name!r}: gradient ascent found no "
            "starting coefficients that keep every mean inside the family's range; "
            "use method='newton' or another link"
        )
    ll_start = problem.loglik(st)
    history = [ll_start]
    path = [coef] if trace else None
    converged = diverged = False
    n_iter = 0
    while n_iter < max_iter:
        new_coef, step = _gradient_step(problem, coef, st, learning_rate)
        new_st = problem.state(new_coef)
        new_ll = problem.loglik(new_st) if new_st is not None else -np.inf
        if not np.isfinite(new_ll) or new_ll < ll_start:
            diverged = True
            break
        n_iter += 1
        coef, st = new_coef, new_st
        history.append(new_ll)
        if trace:
            path.append(coef)
        if np.max(np.abs(step)) <= tol * (1.0 + np.max(np.abs(coef))):
            converged = True
            break
    if diverged:
        warnings.warn(
            f"{fam.name}: gradient ascent diverged at iteration {n_iter + 1} with "
            f"learning_rate={learning_rate:g} (the log-likelihood fell below its "
            "starting value or stopped being finite); try a smaller learning_rate, "
            "or standardize the features",
            DivergenceWarning,
            stacklevel=3,
        )
    elif not converged:
        warnings.warn(
            f"{fam.name}: gradient ascent stopped at max_iter={max_iter} before it "
            f"converged (learning_rate={learning_rate:g}); raise max_iter or "
            "learning_rate, standardize the features, or use method='newton'",
            ConvergenceWarning,
            stacklevel=3,
        )
    return _result(
        problem, coef, st, "gradient", converged, history, path, diverged, learning_rate
    )


def _result(
    problem,
    coef,
    st,
    method,
    converged,
    history,
    path,
    diverged=False,
    learning_rate=None,
    dev=None,
):
    """The fields of a GLMResult (the existence check adds its own)."""
    return {
        "coef": coef,
        "family": problem.fam,
        "link": problem.link,
        "method": method,
        "converged": converged,
        "n_iter": len(history) - 1,
        "loglik": history[-1],
        "deviance": problem.deviance(st) if dev is None else dev,
        "history": np.asarray(history),
        "diverged": diverged,
        "learning_rate": learning_rate,
        "coef_path": None if path is None else np.array(path),
    }


# --------------------------------------------------------------------------
# does a finite estimate exist?


def _check_existence(problem, fields):
    """The GLMResult of a fit, after checking that a finite estimate exists.

    When none does, warn and say not converged: the coefficients returned
    then only say "very large" in the direction that the check names (see
    ``glmlib.existence``).
    """
    found = problem.existence_after_fit(
        fields["coef"], fields["method"], fields["converged"]
    )
    if found is None or found.exists:
        return GLMResult(**fields, existence=found)
    if isinstance(problem.fam, Poisson):
        category = NoFiniteEstimateWarning
        advice = (
            "a positive count among those rows, or dropping the feature that "
            "singles them out, gives one"
        )
    else:
        category = PerfectSeparationWarning
        advice = "drop the separating feature, collect more data, or regularize"
    message = (
        f"{problem.fam.name}: no finite estimate exists: {found.reason}. The "
        "coefficients returned only say 'very large', and the fit is marked "
        f"converged=False; {advice}"
    )
    warnings.warn(message, category, stacklevel=3)
    fields.update(converged=False, estimate_exists=False, existence=found)
    return GLMResult(**fields)
