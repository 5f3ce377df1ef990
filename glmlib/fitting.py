"""Fitting a GLM by maximum likelihood (chapters 8 and 9).

Two methods, one answer:

* ``method="newton"`` -- iteratively reweighted least squares (Fisher
  scoring; Newton's method for a canonical link), as R's ``glm.fit`` does
  it: start from a mean inside the family's range, solve a weighted least
  squares problem each step (p x p normal equations for well-conditioned X,
  QR otherwise), halve the step while the deviance is not finite, the mean
  leaves its range or the deviance got worse, and stop when
  |dev - dev_old| / (0.1 + |dev|) < tol (non-canonical links also wait for
  small steps). Separation of yes/no or categorical data is checked after
  the fit and reported with a ``PerfectSeparationWarning``.
* ``method="gradient"`` -- the lesson's universal rule,
  theta <- theta + alpha * X^T (y - h(X theta)) / n, where h is the response
  function. It needs many more steps; chapter 9 shows why.

``X`` is used as given: add a column of ones yourself for an intercept.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, optimize

from ._checks import as_float_array, check_finite
from .exceptions import ConvergenceWarning, DivergenceWarning, PerfectSeparationWarning
from .families import Binomial, Categorical, ExponentialFamily, get_family
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


@dataclass(frozen=True, eq=False)
class GLMResult:
    """What a fit found: coefficients, the fit's state and its history.

    ``coef`` has shape (p,), or (p, K-1) for the categorical family, whose
    column k-1 compares class k with class 0. ``history`` holds the
    log-likelihood after each iteration, for convergence plots.
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
        IRLS (a handful of iterations) or the lesson's gradient-ascent rule.
    link : str, optional
        A link the family offers; the canonical link by default.
    learning_rate : float, optional
        Step size alpha of ``method="gradient"``. The default is
        1 / (largest eigenvalue of X^T W X / n) at the starting mean, which
        converges on standardized features.
    max_iter : int, optional
        Iteration limit (100 for Newton, 10,000 for gradient ascent).
    tol : float, optional
        Convergence tolerance: on the relative change of the deviance for
        Newton (1e-10), on the relative size of a step for gradient ascent (1e-8).

    Returns
    -------
    GLMResult

    Raises ``ValueError`` for bad input and warns with ``ConvergenceWarning``
    (iteration limit), ``DivergenceWarning`` (gradient ascent ran away) or
    ``PerfectSeparationWarning`` (classes separated: infinite coefficients).
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

    if isinstance(fam, Categorical):
        problem = _CategoricalProblem(X, y, fam)
    else:
        solver = _solve_normal_equations if well_conditioned else _solve_by_qr
        problem = _ScalarProblem(X, y, fam, lnk, solver)
    if method == "newton":
        result = _newton(problem, max_iter, tol)
    else:
        result = _gradient(problem, learning_rate, max_iter, tol)
    _warn_if_separated(problem, result)
    return result


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


def _check_data(X, y, fam):
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
    if isinstance(fam, Categorical):
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
    scaled_gram = (X.T @ X) / np.outer(norms, norms)
    try:
        fractions = np.diag(np.linalg.cholesky(scaled_gram))
        if fractions.min() > _WELL_CONDITIONED:
            return True
    except np.linalg.LinAlgError:
        pass
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


class _ScalarProblem:
    """One family with a scalar mean per row, under any link it offers."""

    def __init__(self, X, y, fam, link, solver):
        self.X, self.y, self.fam, self.link, self.solve = X, y, fam, link, solver
        self.canonical = link.name == fam.canonical_link
        self.shape = (X.shape[1],)
        # The parts of the log-likelihood that do not move with the coefficients.
        self.statistic = fam.sufficient_statistic(y)
        self.log_base = float(np.sum(fam.log_base_measure(y)))

    def state(self, coef):
        """(linear predictor, mean, natural parameter), or None if outside the range."""
        lin = self.X @ coef
        if self.canonical:
            if not np.all(self.fam.valid_eta(lin)):
                return None
            with np.errstate(over="ignore"):
                mu = self.fam.response(lin)
            return lin, mu, lin
        if not np.all(self.link.valid_eta(lin)):
            return None
        mu = self.fam.mean_from_linear(lin, self.link)
        if not np.all(self.fam.valid_mean(mu)):
            return None
        return lin, mu, self.fam.link(mu)

    def deviance(self, st):
        dev = float(np.sum(self.fam.unit_deviance(self.y, st[2])))
        return dev if np.isfinite(dev) else np.inf

    def loglik(self, st):
        """sum of (eta T(y) - a(eta)) / dispersion + log b(y), with the last sum cached."""
        eta = st[2]
        core = self.statistic @ eta - np.sum(self.fam.log_partition(eta))
        return float(core / self.fam.dispersion + self.log_base)

    def score_and_weights(self, st):
        """Per-row score factor s (gradient = X^T s) and Fisher weights w."""
        lin, mu, _ = st
        if self.canonical:
            return self.y - mu, self.fam.variance(lin)
        dmu = self.fam.mean_derivative(lin, self.link)
        var = self.fam.variance_from_mean(mu)
        return (self.y - mu) * dmu / var, dmu * dmu / var

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
        s, _ = self.score_and_weights(st)
        return self.X.T @ s / self.X.shape[0]

    def curvature(self):
        """Largest eigenvalue of X^T W X / n at the starting mean."""
        mu, lin = next(self.starting_means(), (None, None))
        if mu is None:
            return 1.0
        dmu = self.fam.mean_derivative(lin, self.link)
        w = dmu * dmu / self.fam.variance_from_mean(mu)
        return _largest_eigenvalue((self.X * w[:, None]).T @ self.X / self.X.shape[0])

    def separation_constraints(self):
        """Rows of X, signed so that separation means each is >= 0 (or == 0).

        Rows with y = 0 want X theta <= 0, rows with y = trials want
        X theta >= 0, and rows with both outcomes pin X theta = 0.
        """
        if not isinstance(self.fam, Binomial):
            return None
        y, n = self.y, self.fam.trials
        low, high = y == 0, y == n
        sign = np.where(high, 1.0, -1.0)
        ends = low | high
        return self.X[ends] * sign[ends, None], self.X[~ends]

    def suspect_separation(self, coef):
        if not isinstance(self.fam, Binomial):
            return False, False
        lin = self.X @ coef
        y, n = self.y, self.fam.trials
        complete = bool(np.all(np.where(y == n, lin > 0, False) | (y == 0) & (lin < 0)))
        p = self.fam.mean_from_linear(lin, self.link) / n
        extreme = bool(np.any((p < _SUSPECT_EPS) | (p > 1 - _SUSPECT_EPS)))
        return complete, extreme


class _CategoricalProblem:
    """Softmax regression: K - 1 columns of coefficients, class 0 the reference."""

    canonical = True

    def __init__(self, X, y, fam):
        self.X, self.y = X, y
        self.k = fam.n_classes or int(y.max()) + 1
        self.fam = Categorical(self.k)
        self.link = fam.get_link(None)
        self.onehot = self.fam.sufficient_statistic(y, self.k)
        self.shape = (X.shape[1], self.k - 1)

    def state(self, coef):
        lin = self.X @ coef
        if not np.all(np.isfinite(lin)):
            return None
        return lin, self.fam.response(lin), lin

    def deviance(self, st):
        return float(-2.0 * np.sum(self.fam.loglik(self.y, st[2])))

    def loglik(self, st):
        """sum of eta . T(y) - a(eta); the base measure of the categorical is 1."""
        eta = st[2]
        return float(np.sum(self.onehot * eta) - np.sum(self.fam.log_partition(eta)))

    def start(self):
        return np.zeros(self.shape)

    def gradient(self, st):
        return self.X.T @ (self.onehot - st[1][:, 1:]) / self.X.shape[0]

    def newton_step(self, st):
        X, p = self.X, st[1][:, 1:]
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
        return 0.5 * _largest_eigenvalue(self.X.T @ self.X / self.X.shape[0])

    def separation_constraints(self):
        """Rows over vec(theta) that separation makes >= 0: x_i (theta_{y_i} - theta_k).

        theta_0 = 0 (class 0 is the reference), so its columns are left out.
        """
        n_feat, m = self.shape
        labels = self.y.astype(int)
        rows = []
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
        return np.concatenate(rows), np.zeros((0, m * n_feat))

    def suspect_separation(self, coef):
        probs = self.fam.response(self.X @ coef)
        labels = self.y.astype(int)
        own = probs[np.arange(labels.size), labels]
        others = np.where(np.arange(self.k) == labels[:, None], -np.inf, probs)
        complete = bool(np.all(own > others.max(axis=1)))
        return complete, bool(np.any(probs < _SUSPECT_EPS))


def _solve_normal_equations(X, s, w):
    """Solve (X^T W X) b = X^T s through the p x p normal equations.

    Fast, and exact enough for a Newton step when X is well conditioned: the
    fixed point of IRLS is where the score X^T s vanishes, which does not
    depend on how accurately each step is solved.
    """
    weighted = X * np.sqrt(w)[:, None]
    gram = weighted.T @ weighted
    try:
        return np.linalg.solve(gram, X.T @ s)
    except np.linalg.LinAlgError:
        return _solve_by_qr(X, s, w)


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


def _largest_eigenvalue(sym):
    return float(np.linalg.eigvalsh(sym)[-1])


# --------------------------------------------------------------------------
# the two methods


def _newton(problem, max_iter, tol):
    fam = problem.fam
    coef = problem.start()
    st = None if coef is None else problem.state(coef)
    if st is None:
        # R: "no valid set of coefficients has been found: please supply starting values"
        coef = np.zeros(problem.shape)
        st = problem.state(coef)
        if st is None:
            raise ValueError(
                f"{fam.name} with link {problem.link.name!r}: no coefficients found that "
                "keep every fitted mean inside the family's range; try another link "
                "(for example 'log')"
            )
    dev = problem.deviance(st)
    loglik = problem.loglik(st)
    history = [loglik]
    # loglik = loglik_saturated - deviance / (2 dispersion): one exact
    # log-likelihood gives the rest of the history from the deviance.
    to_loglik = 0.5 / problem.fam.dispersion
    saturated = loglik + to_loglik * dev
    converged = False
    n_iter = 1
    while n_iter < max_iter:
        n_iter += 1
        step = problem.newton_step(st)
        new_coef, new_st, new_dev = _halve_until_better(problem, coef, step, dev)
        if new_st is None:
            # No step, however small, improves the deviance: we are at the optimum
            # to machine precision.
            converged = True
            break
        taken = new_coef - coef
        coef, st, dev_old, dev = new_coef, new_st, dev, new_dev
        history.append(saturated - to_loglik * dev)
        if abs(dev - dev_old) / (0.1 + abs(dev)) < tol and (
            problem.canonical
            or _small(taken, coef)
            or problem.suspect_separation(coef)[1]
        ):
            # Fisher scoring with a non-canonical link converges only linearly,
            # so the deviance settles before the coefficients do: wait for both,
            # unless the coefficients are running off to infinity (separation).
            converged = True
            break
    if not converged:
        warnings.warn(
            f"{fam.name}: Newton (IRLS) stopped at max_iter={max_iter} before it "
            "converged; raise max_iter or check the data",
            ConvergenceWarning,
            stacklevel=3,
        )
    return _result(problem, coef, st, "newton", converged, n_iter, history, dev=dev)


def _small(step, coef):
    return np.max(np.abs(step)) <= _STEP_TOL * (1.0 + np.max(np.abs(coef)))


def _halve_until_better(problem, coef, step, dev):
    """Halve ``step`` until coef + step is valid and its deviance is no worse."""
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


def _gradient(problem, learning_rate, max_iter, tol):
    fam = problem.fam
    if learning_rate is None:
        learning_rate = 1.0 / max(problem.curvature(), np.finfo(float).tiny)
    coef = np.zeros(problem.shape)
    st = problem.state(coef)
    if st is None:
        # Coefficients 0 are outside the range (the gamma's natural parameter
        # must be negative): start from one least-squares fit instead.
        coef = problem.start()
        st = None if coef is None else problem.state(coef)
    if st is None:
        raise ValueError(
            f"{fam.name} with link {problem.link.name!r}: gradient ascent found no "
            "starting coefficients that keep every mean inside the family's range; "
            "use method='newton' or another link"
        )
    ll_start = problem.loglik(st)
    history = [ll_start]
    converged = diverged = False
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        step = learning_rate * problem.gradient(st)
        new_coef = coef + step
        new_st = problem.state(new_coef)
        new_ll = problem.loglik(new_st) if new_st is not None else -np.inf
        if not np.isfinite(new_ll) or new_ll < ll_start:
            diverged = True
            break
        coef, st = new_coef, new_st
        history.append(new_ll)
        if np.max(np.abs(step)) <= tol * (1.0 + np.max(np.abs(coef))):
            converged = True
            break
    if diverged:
        warnings.warn(
            f"{fam.name}: gradient ascent diverged at iteration {n_iter} with "
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
    return _result(problem, coef, st, "gradient", converged, n_iter, history, diverged)


def _result(
    problem, coef, st, method, converged, n_iter, history, diverged=False, dev=None
):
    return GLMResult(
        coef=coef,
        family=problem.fam,
        link=problem.link,
        method=method,
        converged=converged,
        n_iter=n_iter,
        loglik=history[-1],
        deviance=problem.deviance(st) if dev is None else dev,
        history=np.asarray(history),
        diverged=diverged,
    )


def _warn_if_separated(problem, result):
    """Warn when the classes are separated, so that the MLE is at infinity.

    A fit that classifies every row strictly right (complete separation)
    settles it; fitted probabilities near 0 or 1, or a gradient run that did
    not converge, only raise the suspicion, and a linear program settles
    that: is there a direction theta != 0 that no row disagrees with
    (quasi-complete separation, as in Konis's safeBinaryRegression)?
    """
    constraints = problem.separation_constraints()
    if constraints is None:
        return
    complete, extreme = problem.suspect_separation(result.coef)
    suspect = extreme or (result.method == "gradient" and not result.converged)
    if complete or (suspect and _separable(*constraints)):
        warnings.warn(
            f"{problem.fam.name}: the classes are perfectly separated by X: a "
            "direction of the coefficients puts every row on its own side, so the "
            "maximum-likelihood coefficients are infinite and the ones returned only "
            "say 'very large'; drop the separating feature, collect more data, or "
            "regularize",
            PerfectSeparationWarning,
            stacklevel=3,
        )


def _separable(signed_rows, zero_rows):
    """Is there theta != 0 with signed_rows @ theta >= 0 and zero_rows @ theta == 0?"""
    if signed_rows.shape[0] == 0:
        return False
    n_var = signed_rows.shape[1]
    outcome = optimize.linprog(
        -signed_rows.sum(axis=0),
        A_ub=-signed_rows,
        b_ub=np.zeros(signed_rows.shape[0]),
        A_eq=zero_rows if zero_rows.shape[0] else None,
        b_eq=np.zeros(zero_rows.shape[0]) if zero_rows.shape[0] else None,
        bounds=[(-1.0, 1.0)] * n_var,
        method="highs",
    )
    scale = float(np.abs(signed_rows).sum(axis=1).max())
    return outcome.status == 0 and -outcome.fun > 1e-7 * scale
