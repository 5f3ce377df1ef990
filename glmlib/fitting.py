"""Fitting a GLM by maximum likelihood (chapters 7 to 9).

Two methods, one answer:

* ``method="newton"`` -- Newton's method as iteratively reweighted least
  squares, after R's ``glm.fit``: start from a mean inside the family's
  range (or from ``start=``), solve a weighted least-squares problem each
  step (p x p normal equations for well-conditioned X, QR otherwise) and
  halve the step while the deviance is not finite or a mean leaves its
  range (R's rule) or the deviance got worse (R's ``glm.fit`` does not
  check that; the ``glm2`` package does, and so does glmlib). With the canonical link the
  weights are a''(eta) and the step is Newton's; with any other link the
  weights come from the true second derivative of the log-likelihood
  where that is negative definite (so the step is Newton's there too) and
  from the Fisher information elsewhere (Fisher scoring, R's choice, which
  converges only linearly).
* ``method="gradient"`` -- the lesson's universal rule, one
  ``gradient_step`` at a time:
  theta <- theta + alpha * X^T (y - h(X theta)) / n, where h is the response
  function. It needs many more steps; chapter 9 shows why.

When Newton stops. Two things must hold after a full (unhalved) step: the
deviance changed by less than tol * (0.1 + |deviance|), R's rule, and the
gain still to come, estimated from the score scaled by the information,
is below the same bound. That gain is the *decrement* score . step (the
rise in log-likelihood the step predicts), times q / (1 - q) where q is the
ratio of the last two decrements: about 0 for Newton's quadratic
convergence, the squared rate of Fisher scoring's linear one. A step that
no halving can make useful ends the fit, converged only if the score is
too small to lower the deviance by tol.

Estimates on the edge. Some links reach the edge of the family's means at
finite coefficients (the identity and square-root links give a count a
mean of exactly 0 at theta^T x = 0). A row whose y lives on that edge (a
count of 0) has a finite likelihood there, and the maximum can put its
fitted mean exactly on the edge. Newton then steps onto the edge, holds
that row there while it optimises the rest (an active set, with the
Lagrange multipliers checked before it stops, as in any constrained
Newton method), returns that constrained maximum as converged, and warns
with a ``BoundaryEstimateWarning`` that says where and why.

After either method, the fit checks that a finite estimate exists at all
(``glmlib.existence``): counts whose zeros can be fitted ever better by
running the coefficients off to infinity, and separated yes/no or
categorical classes, warn with a ``NoFiniteEstimateWarning`` and report
``converged=False``. ``trace=True`` keeps every iterate in ``coef_path``.

Everything asked of the family is a method of ``ExponentialFamily`` (or of
its link): this module names no concrete family. A family with a vector
natural parameter (``coef_shape`` has two axes: softmax regression) is
fitted with its canonical link by the same loop.

``X`` is used as given: add a column of ones yourself for an intercept.
"""

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy import linalg, optimize
from scipy.linalg import lapack

from . import existence as _existence
from ._checks import (
    check_coef,
    check_data,
    check_max_iter,
    check_positive,
    check_rank,
)
from .curvature import largest_curvature, largest_weighted_curvature
from .exceptions import (
    BoundaryEstimateWarning,
    ConvergenceWarning,
    DivergenceWarning,
    NoFiniteEstimateWarning,
    PerfectSeparationWarning,
)
from .families import DEFAULT_FAMILY, ExponentialFamily, get_family
from .links import Link

METHODS = ("newton", "gradient")
DEFAULT_MAX_ITER = {"newton": 100, "gradient": 10_000}
DEFAULT_TOL = {"newton": 1e-10, "gradient": 1e-8}
_MAX_HALVINGS = 50
# Fitted means within this fraction of the range of an edge reached only at
# infinite coefficients make a fit check for separation.
_SUSPECT_EPS = 1e-6
# A row held on the edge is let go when its Lagrange multiplier says the
# likelihood would rise by moving it inside, by more than this fraction of
# the largest row score.
_RELEASE_TOL = 1e-7
# Where a held row's score is taken: this far inside the edge, relative.
_NUDGE = 1e-8
# Rows a boundary warning lists by their features.
_SHOWN_ROWS = 3
# The true Hessian is used only when the Cholesky factor's pivots of X^T W X
# stay above this fraction of the largest (a condition number below 1e10).
_NEWTON_PIVOT = 1e-5


class _State(NamedTuple):
    """Where a fit stands for one set of coefficients."""

    lin: np.ndarray  # linear predictor X theta
    mean: np.ndarray  # fitted mean mu (categorical: all K class probabilities)
    eta: np.ndarray  # natural parameter (= lin for a canonical link)
    held: object = None  # the rows held on an edge there (_Held), if any


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
    ``edge_rows`` are the rows whose fitted mean the estimate puts exactly
    on the edge of the family's range (a ``BoundaryEstimateWarning``);
    usually none.
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
    edge_rows: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=int), repr=False
    )

    def linear_predictor(self, X):
        """X @ coef: the natural parameter for a canonical link (chapter 4)."""
        X = np.asarray(X, dtype=float)
        return X @ self.coef

    def predict(self, X):
        """The predicted mean h(x) = E[y | x] for each row of X (chapter 4).

        Categorical: all K class probabilities per row. Binomial: the mean
        number of successes, with the family's ``trials``.
        """
        return self.family.mean_from_linear(self.linear_predictor(X), self.link)


def fit(
    X,
    y,
    family=DEFAULT_FAMILY,
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
        "exponential", "categorical", or a family object (also one written
        outside glmlib, from ``ExponentialFamily``).
    method : "newton" or "gradient"
        Newton's method (a handful of iterations) or the lesson's
        gradient-ascent rule, ``gradient_step`` repeated.
    link : str or Link, optional
        A link the family offers; the canonical link by default.
    learning_rate : float, optional
        Step size alpha of ``method="gradient"``. The default is
        1 / (largest eigenvalue of X^T W X / n) at the starting mean, which
        converges on standardized features. The result reports the one used.
    max_iter : int, optional
        Most steps to take (100 for Newton, 10,000 for gradient ascent).
    tol : float, optional
        Convergence tolerance: for Newton (1e-10), on the relative change of
        the deviance and on the gain still to come (see the module's
        docstring); for gradient ascent (1e-8), on the relative size of a step,
        confirmed by the same gain still to come, so that a learning rate far
        too small for the features never passes for convergence.
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

    Raises ``ValueError`` for bad input (naming the value) and when no
    coefficients at all keep every fitted mean in the family's range, and
    warns with ``ConvergenceWarning`` (iteration limit, or no Newton step
    could lower the deviance), ``DivergenceWarning`` (gradient ascent ran
    away), ``NoFiniteEstimateWarning`` (no finite estimate exists; its
    subclass ``PerfectSeparationWarning`` when classes are separated) or
    ``BoundaryEstimateWarning`` (the estimate puts some fitted means exactly
    on the edge of the family's range).
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    if method not in METHODS:
        raise ValueError(
            f"{fam.name}: unknown method {method!r}; choose one of "
            f"{', '.join(repr(m) for m in METHODS)}"
        )
    max_iter = check_max_iter(
        DEFAULT_MAX_ITER[method] if max_iter is None else max_iter, fam
    )
    tol = check_positive(DEFAULT_TOL[method] if tol is None else tol, "tol", fam)
    if learning_rate is not None:
        if method != "gradient":
            raise ValueError(
                f"{fam.name}: learning_rate applies to method='gradient' only, "
                f"not to {method!r}"
            )
        learning_rate = check_positive(learning_rate, "learning_rate", fam)
    X, y = check_data(X, y, fam)
    well_conditioned = check_rank(X, fam)
    problem = _make_problem(X, y, fam, lnk, well_conditioned)
    if start is not None:
        start = check_coef(start, problem.shape, "start", fam)
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
    learning_rate = check_positive(learning_rate, "learning_rate", fam)
    fam = fam.for_coef(theta)
    X, y = check_data(X, y, fam, whole_fit=False)
    problem = _make_problem(X, y, fam, lnk, well_conditioned=True)
    theta = check_coef(theta, problem.shape, "theta", fam)
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
# the two kinds of problem: a scalar natural parameter, or a vector one


def _make_problem(X, y, fam, lnk, well_conditioned):
    fam = fam.for_data(y)
    if len(fam.coef_shape(X.shape[1])) == 2:
        return _VectorProblem(X, y, fam, lnk)
    solver = _solve_normal_equations if well_conditioned else _solve_by_qr
    return _ScalarProblem(X, y, fam, lnk, solver)


class _Held(NamedTuple):
    """Rows a Newton fit holds on an edge of the family's means."""

    rows: np.ndarray  # which rows
    at: np.ndarray  # the linear predictor each is held at (the edge)
    inward: np.ndarray  # +1 where theta^T x must rise to leave the edge, else -1
    free: np.ndarray  # mask of the rows not held
    basis: np.ndarray  # directions of the coefficients that keep them there


def _held(n, rows, at, inward, X):
    free = np.ones(n, dtype=bool)
    free[rows] = False
    _, s, vt = linalg.svd(X[rows], full_matrices=True, check_finite=False)
    rank = int(np.sum(s > 1e-12 * s[0])) if s.size and s[0] > 0 else 0
    return _Held(rows, at, inward, free, vt[rank:].T)


class _ScalarProblem:
    """One family with a scalar mean per row, under any link it offers."""

    def __init__(self, X, y, fam, link, solver):
        self.X, self.y, self.fam, self.link, self.solve = X, y, fam, link, solver
        self.canonical = link.name == fam.canonical_link
        # a canonical link reaches no edge of the means at finite eta (``edges``)
        self.may_hold = not self.canonical
        self.shape = (X.shape[1],)
        self.held = None  # rows held on an edge (a Newton fit's active set)
        self.releases = 0

    # The parts of the log-likelihood that do not move with the coefficients,
    # computed once and only when a log-likelihood is asked for.
    @cached_property
    def statistic(self):
        return self.fam.sufficient_statistic(self.y)

    @cached_property
    def log_base(self):
        return float(np.sum(self.fam.log_base_measure(self.y)))

    @cached_property
    def edges(self):
        """The edges a fitted mean can sit on: (linear predictor there, inward
        sign, which rows' y have a finite likelihood there), one per edge that
        the link reaches at finite coefficients."""
        found = []
        if self.canonical:
            # The natural parameter reaches a finite edge of the means only as
            # it runs to infinity (the families are steep): nothing to sit on.
            return found
        low, high = self.fam.mean_edges(self.link)
        for edge, inward in ((low, 1.0), (high, -1.0)):
            if not (np.isfinite(edge.linear) and np.all(np.isfinite(edge.mean))):
                continue
            if self.link.linear_at_mean_ends[0] > self.link.linear_at_mean_ends[1]:
                inward = -inward  # a decreasing link: a low mean at a high eta
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                eta = self.fam.link(np.broadcast_to(edge.mean, self.y.shape))
                can_sit = np.isfinite(self.fam.loglik(self.y, eta))
            if can_sit.any():
                found.append((edge.linear, inward, can_sit))
        return found

    def state(self, coef, held=False):
        """The _State at ``coef``, or None if a mean falls outside the family's range.

        Rows held on an edge (``held``: the fit's own by default) are put on
        it exactly; the others must lie strictly inside.
        """
        held = self.held if held is False else held
        lin = self.X @ coef
        if held is not None:
            return self._held_state(lin, held)
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

    def _held_state(self, lin, held):
        lin[held.rows] = held.at
        free = held.free
        if not np.all(self.link.valid_eta(lin[free])):
            return None
        mu = self.fam.mean_from_linear(lin, self.link)
        if not np.all(self.fam.valid_mean(mu[free])):
            return None
        with np.errstate(divide="ignore"):
            return _State(lin, mu, self.fam.link(mu), held)

    def deviance(self, st):
        if st.held is not None:
            # A held row sits on the mean its y lives at: its deviance is 0.
            free = st.held.free
            dev = float(np.sum(self.fam.unit_deviance(self.y[free], st.eta[free])))
        else:
            dev = float(np.sum(self.fam.unit_deviance(self.y, st.eta)))
        return dev if np.isfinite(dev) else np.inf

    def loglik(self, st):
        """sum of (eta T(y) - a(eta)) / dispersion + log b(y), with the last sum cached."""
        if st.held is not None:  # means on an edge: 0 * inf terms
            with np.errstate(invalid="ignore"):
                return float(np.sum(self.fam.loglik(self.y, st.eta)))
        core = self.statistic @ st.eta - np.sum(self.fam.log_partition(st.eta))
        return float(core / self.fam.dispersion + self.log_base)

    def score_and_weights(self, st):
        """Per-row score s (gradient = X^T s), Newton weights, and Fisher weights.

        Canonical link: s = y - mu and the weights a''(eta), both kinds.
        Otherwise s = (y - mu) mu' / V(mu), the Fisher weight mu'^2 / V(mu),
        and the Newton weight (minus the second derivative of the row's
        log-likelihood) adds (y - mu) / V(mu) * (mu'^2 V'(mu) / V(mu) - mu'').
        """
        if self.canonical:
            w = self.fam.unit_variance(st.lin)
            return self.y - st.mean, w, w
        dmu = self.fam.mean_derivative(st.lin, self.link)
        var = self.fam.variance_from_mean(st.mean)
        residual = (self.y - st.mean) / var
        fisher = dmu * dmu / var
        curving = dmu * dmu * self.fam.variance_derivative(st.mean) / var
        curving -= self.fam.mean_second_derivative(st.lin, self.link)
        return residual * dmu, fisher + residual * curving, fisher

    def newton_step(self, st):
        """(step, decrement, exact): the Newton step from ``st`` (within the held
        rows' edge), the rise in log-likelihood it predicts at unit dispersion
        (score . step), and whether the true Hessian gave it (False: Fisher
        scoring, where that Hessian is not negative definite)."""
        s, w, fisher = self.score_and_weights(st)
        X, held = self.X, self.held
        if held is not None:
            X = X[held.free] @ held.basis
            s, w, fisher = s[held.free], w[held.free], fisher[held.free]
            if X.shape[1] == 0:  # held at a vertex: nothing left to move
                return np.zeros(self.shape), 0.0, True
        g = X.T @ s
        if self.canonical:  # Newton's method and Fisher scoring coincide
            step, exact = self.solve(X, s, w, g), True
        else:
            step = self.solve(X, s, w, g, newton=True)
            exact = step is not None and float(g @ step) > 0
            if not exact:
                step = self.solve(X, s, fisher, g)
        decrement = float(g @ step)
        if held is not None:
            step = held.basis @ step
        return step, decrement, exact

    def step_to_edge(self, coef, step, limit, beyond=False):
        """The point where ``coef + t * step`` first reaches an edge on which the
        row that reaches it can sit, if the deviance there is no worse than
        ``limit``: (coef, state, deviance), the row now held. None otherwise.

        The full step crosses the edge (t < 1), or, with ``beyond``, it heads
        for it (t > 1) and the edge is better than the full step: Fisher
        scoring only creeps up on an edge, its weights growing without bound
        there, and where a Newton step could not be taken that is all it does.
        """
        if self.canonical or not self.edges:
            return None
        held = self.held
        free = np.ones(self.y.size, dtype=bool) if held is None else held.free
        lin, move = self.X @ coef, self.X @ step
        best_t, best = 1.0, None
        best_beyond = (np.inf, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            for at, inward, can_sit in self.edges:
                t = np.where(free & (inward * move < 0), (at - lin) / move, np.inf)
                first = int(np.argmin(t))
                if t[first] < best_t:
                    best_t, best = t[first], (first, at, inward, can_sit)
                elif t[first] < best_beyond[0]:
                    best_beyond = (t[first], (first, at, inward, can_sit))
        if beyond:
            if best is not None or not np.isfinite(best_beyond[0]):
                return None
            best_t, best = best_beyond
        if best is None or not best[3][best[0]]:
            return None
        row, at, inward, _ = best
        candidate = coef + best_t * step
        rows = np.array([row]) if held is None else np.append(held.rows, row)
        ats = np.array([at]) if held is None else np.append(held.at, at)
        signs = np.array([inward]) if held is None else np.append(held.inward, inward)
        new_held = _held(self.y.size, rows, ats, signs, self.X)
        st = self.state(candidate, new_held)
        if st is None:
            return None
        dev = self.deviance(st)
        if dev > limit:
            return None
        self.held = new_held
        return candidate, st, dev

    def release(self, st):
        """Let go of a held row whose Lagrange multiplier says the likelihood
        would rise by moving it inside: the state to step from next (the row
        just inside its edge, where its score and weight are finite), or None
        if every held row stays.

        At a maximum on the edge, the score of the free rows is balanced by
        the held rows' constraints: g + X_A^T (inward * lambda) = 0 with every
        lambda >= 0. A held row's own score is taken just inside the edge.
        """
        held = self.held
        if held is None or self.releases > 2 * self.y.size:
            return None
        s = self.score_and_weights(st)[0]
        inside = st.lin.copy()
        inside[held.rows] += held.inward * _NUDGE * (1.0 + np.abs(held.at))
        nudged = self.state_at_linear(inside)
        s_held = self.score_and_weights(nudged)[0][held.rows]
        g = self.X[held.free].T @ s[held.free] + self.X[held.rows].T @ s_held
        weighted = linalg.lstsq(self.X[held.rows].T, -g, check_finite=False)[0]
        multipliers = held.inward * weighted
        worst = int(np.argmin(multipliers))
        scale = max(1.0, float(np.max(np.abs(s[held.free]), initial=0.0)))
        if multipliers[worst] >= -_RELEASE_TOL * scale:
            return None
        keep = np.arange(held.rows.size) != worst
        self.held = (
            _held(
                self.y.size,
                held.rows[keep],
                held.at[keep],
                held.inward[keep],
                self.X,
            )
            if keep.any()
            else None
        )
        self.releases += 1
        lin = st.lin.copy()
        lin[held.rows[worst]] = inside[held.rows[worst]]
        return self.state_at_linear(lin)

    def state_at_linear(self, lin):
        """The _State at given linear predictors (no validity check)."""
        mu = self.fam.mean_from_linear(lin, self.link)
        with np.errstate(divide="ignore"):
            return _State(lin, mu, self.fam.link(mu))

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

    def _usable(self, coef):
        """The state at ``coef`` if it is inside the range with a finite deviance."""
        st = self.state(coef, None)
        return st if st is not None and np.isfinite(self.deviance(st)) else None

    def start(self):
        """The first coefficients of a Newton fit and their state, inside the range.

        R's first IRLS step from the first starting mean that gives one;
        else the coefficients that give every row the same mean (when X can:
        an intercept); else a point deep inside the allowed coefficients,
        found by a linear program. (None, None) if no coefficients keep
        every mean in range.
        """
        for mu, lin in self.starting_means():
            dmu = self.fam.mean_derivative(lin, self.link)
            w = dmu * dmu / self.fam.variance_from_mean(mu)
            z = lin + (self.y - mu) / dmu
            coef = self.solve(self.X, z * w, w, self.X.T @ (z * w))
            st = self.state(coef, None)
            if st is not None:
                return coef, st
        candidates = [
            linalg.lstsq(self.X, lin, check_finite=False)[0]
            for _, lin in self.starting_means()
        ]
        for coef in (*candidates, self._deep_inside()):
            st = None if coef is None else self._usable(coef)
            if st is not None:
                return coef, st
        return None, None

    def _deep_inside(self):
        """Coefficients whose linear predictors clear the link's finite bounds
        by as much as possible (at most 1), or None if none clear them."""
        low, high = sorted(self.fam.mean_edges(self.link)[i].linear for i in (0, 1))
        rows, bounds = [], []
        if np.isfinite(low):  # X theta - margin >= low
            rows.append(np.column_stack([-self.X, np.ones(self.y.size)]))
            bounds.append(np.full(self.y.size, -low))
        if np.isfinite(high):  # X theta + margin <= high
            rows.append(np.column_stack([self.X, np.ones(self.y.size)]))
            bounds.append(np.full(self.y.size, high))
        if not rows:
            return None
        p = self.X.shape[1]
        outcome = optimize.linprog(
            np.r_[np.zeros(p), -1.0],
            A_ub=np.concatenate(rows),
            b_ub=np.concatenate(bounds),
            bounds=[(None, None)] * p + [(None, 1.0)],
            method="highs",
        )
        if outcome.status != 0 or outcome.x[-1] <= 0:
            return None
        return outcome.x[:p]

    def no_start_message(self):
        low, high = sorted(self.fam.mean_edges(self.link)[i].linear for i in (0, 1))
        where = " and ".join(
            f"X @ theta {side} {bound:g}"
            for side, bound in ((">", low), ("<", high))
            if np.isfinite(bound)
        )
        means = _range_words(self.fam)
        return (
            f"{self.fam.name}: with link {self.link.name!r} no coefficients keep "
            f"every fitted mean inside the family's range (a {self.fam.display_name} "
            f"mean lies {means}, which this link gives only where "
            f"{where or 'X @ theta is finite'}), so the model cannot be fitted to "
            "these data; add a column of ones (an intercept) or use the "
            f"{self.fam.canonical_link!r} link"
        )

    def gradient(self, st):
        """X^T s / n: the lesson's X^T (y - h) / n for a canonical link."""
        if self.canonical:
            s = self.y - st.mean
        else:
            s = self.score_and_weights(st)[0]
        return self.X.T @ s / self.X.shape[0]

    def curvature(self):
        """Largest eigenvalue of X^T W X / n at the starting mean."""
        mu, lin = next(self.starting_means(), (None, None))
        if mu is None:
            return 1.0
        dmu = self.fam.mean_derivative(lin, self.link)
        w = dmu * dmu / self.fam.variance_from_mean(mu)
        return largest_weighted_curvature(self.X, w)

    def near_edge(self, coef):
        """Are some fitted means within _SUSPECT_EPS of an edge of the range?"""
        low, high = self.fam.mean_range
        width = high - low
        if not np.all(np.isfinite(width)):
            return False
        share = (self.fam.mean_from_linear(self.X @ coef, self.link) - low) / width
        return bool(np.any((share < _SUSPECT_EPS) | (share > 1 - _SUSPECT_EPS)))

    @cached_property
    def routes(self):
        """Where the likelihood could rise without end (``glmlib.existence``),
        or the Existence that settles it without the data; None when glmlib
        has no check for this family and link."""
        try:
            return _existence.escape_routes(self.X, self.y, self.fam, self.link)
        except ValueError:
            return None

    def existence_after_fit(self, coef, method, converged):
        """The check a fit runs: always for one edge (counts), on suspicion for two.

        Counts: the check settles most data with exact cheap tests (no zero
        count; the rows with positive counts fix every coefficient) and runs
        its linear program only when those leave a direction free. Yes/no
        data: a fit that puts every row strictly on its own side settles
        it; fitted probabilities near 0 or 1, or a gradient run that did not
        converge, only raise the suspicion that the linear program then
        settles (quasi-complete separation, as in Konis's
        safeBinaryRegression).
        """
        return _after_fit(self, coef, method, converged)


class _VectorProblem:
    """A family with a vector natural parameter (softmax regression), canonical link."""

    canonical = True
    held = None
    may_hold = False

    def __init__(self, X, y, fam, link):
        self.X, self.y, self.fam, self.link = X, y, fam, link
        self.statistic = fam.sufficient_statistic(y)
        self.shape = fam.coef_shape(X.shape[1])
        self.log_base = float(np.sum(fam.log_base_measure(y)))

    def state(self, coef, held=False):
        lin = self.X @ coef
        if not np.all(np.isfinite(lin)):
            return None
        return _State(lin, self.fam.response(lin), lin)

    def deviance(self, st):
        return float(np.sum(self.fam.unit_deviance(self.y, st.eta)))

    def loglik(self, st):
        """sum of eta . T(y) - a(eta), plus log b(y)."""
        core = np.sum(self.statistic * st.eta) - np.sum(self.fam.log_partition(st.eta))
        return float(core + self.log_base)

    def start(self):
        coef = np.zeros(self.shape)
        return coef, self.state(coef)

    def gradient(self, st):
        """X^T (T(y) - E[T(y)]) / n: one-hot y minus softmax, class 0 left out."""
        residual = self.statistic - self.fam.mean_of_statistic(st.eta)
        return self.X.T @ residual / self.X.shape[0]

    def newton_step(self, st):
        X = self.X
        n_feat, m = self.shape
        cov = self.fam.variance_from_mean(st.mean)  # (n, m, m): the rows' a''(eta)
        hessian = np.empty((m, n_feat, m, n_feat))
        for j in range(m):
            for k in range(j, m):
                block = (X * cov[:, j, k][:, None]).T @ X
                hessian[j, :, k, :] = block
                hessian[k, :, j, :] = block.T
        grad = X.T @ (self.statistic - self.fam.mean_of_statistic(st.eta))
        hessian = hessian.reshape(m * n_feat, m * n_feat)
        rhs = grad.T.reshape(-1)
        try:
            step = linalg.solve(hessian, rhs, assume_a="pos", check_finite=False)
        except (linalg.LinAlgError, ValueError):
            step = linalg.lstsq(hessian, rhs, check_finite=False)[0]
        return step.reshape(m, n_feat).T, float(rhs @ step), True

    def step_to_edge(self, coef, step, limit, beyond=False):
        return None

    def release(self, st):
        return None

    def curvature(self):
        """Largest eigenvalue of the information / n at the start, theta = 0."""
        return largest_curvature(self.X, self.fam, np.zeros(self.shape))

    def near_edge(self, coef):
        return bool(np.any(self.fam.response(self.X @ coef) < _SUSPECT_EPS))

    @cached_property
    def routes(self):
        return _existence.escape_routes(self.X, self.y, self.fam, self.link)

    def existence_after_fit(self, coef, method, converged):
        return _after_fit(self, coef, method, converged)


def _after_fit(problem, coef, method, converged):
    """The existence check after a fit (``existence_after_fit``)."""
    routes = problem.routes
    if routes is None or isinstance(routes, _existence.Existence):
        return None
    if routes.kind == "edge":
        return _existence.check_routes(problem.X, problem.y, routes)
    certificate = _existence.separated_by(routes, coef)
    if certificate is not None:
        return certificate
    if problem.near_edge(coef) or (method == "gradient" and not converged):
        return _existence.check_routes(problem.X, problem.y, routes)
    return None


def _solve_normal_equations(X, s, w, g, newton=False):
    """Solve (X^T W X) b = X^T s (= g) through the p x p normal equations.

    Fast, and exact enough for a Newton step when X is well conditioned: the
    fixed point of the iteration is where the score X^T s vanishes, which
    does not depend on how accurately each step is solved. ``newton``: the
    weights are the true Hessian's, which may not be positive definite;
    return None unless X^T W X clearly is (the fit then takes the Fisher
    information instead).
    """
    if newton and np.any(w < 0):
        gram = (X * w[:, None]).T @ X
    else:
        weighted = X * np.sqrt(w)[:, None]
        gram = weighted.T @ weighted
    # LAPACK's Cholesky solver straight away: numpy's solve costs several
    # times more per call at p = 2, and chapter 7 refits on every drag.
    factor, step, info = lapack.dposv(gram, g, lower=1)
    if newton:
        pivots = np.abs(np.diagonal(factor))
        if info != 0 or pivots.min() <= _NEWTON_PIVOT * pivots.max():
            return None
        return step
    if info == 0:
        return step
    return _solve_by_qr(X, s, w, g)  # weights underflowed to zero


def _solve_by_qr(X, s, w, g=None, newton=False):
    """The same step by QR of sqrt(W) X, as R's glm.fit does, for ill-conditioned X.

    With the true Hessian's weights (``newton``) only when every one is
    positive; None otherwise, and the fit takes the Fisher information.
    """
    if newton and not np.all(w > 0):
        return None
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
    else the first valid one of ``order`` ("irls": ``problem.start()``, R's
    first IRLS iteration or a fall-back; "zeros"), else (None, None)."""
    if start is not None:
        st = problem.state(start)
        if st is not None and np.isfinite(problem.deviance(st)):
            return start, st
    for kind in order:
        if kind == "irls":
            coef, st = problem.start()
        else:
            coef = np.zeros(problem.shape)
            st = problem.state(coef)
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
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
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
            problem.held = None
    coef, st = _first_point(problem, None, ("irls", "zeros"))
    if st is None:
        raise ValueError(problem.no_start_message())
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
    fields = _result(
        problem,
        run.coef,
        run.state,
        "newton",
        run.converged,
        run.history,
        run.path,
        dev=run.deviance,
    )
    if problem.held is not None:
        fields["edge_rows"] = np.sort(problem.held.rows)
        if run.converged:
            _warn_boundary(problem, run.state, stacklevel=6)
    return fields


def _newton_from(problem, coef, st, max_iter, tol, trace):
    """Newton steps with step halving from ``coef``, at most ``max_iter``."""
    dev = problem.deviance(st)
    loglik = problem.loglik(st)
    history = [loglik]
    path = [coef] if trace else None
    # loglik = loglik_saturated - deviance / (2 dispersion): one exact
    # log-likelihood gives the rest of the history from the deviance.
    to_loglik = 0.5 / problem.fam.dispersion
    saturated = loglik + to_loglik * dev
    converged = stuck = False
    previous = None  # the decrement before the last full step
    n_iter = 0
    while n_iter < max_iter:
        step, decrement, exact = problem.newton_step(st)
        bound = tol * (0.1 + abs(dev))
        new_coef, new_st, new_dev, full = _halve_until_better(problem, coef, step, dev)
        if new_st is None:
            # No step along the Newton direction, however short, keeps the
            # deviance from rising. At the optimum that is rounding; anywhere
            # else the fit is stuck. The full step would lower the deviance by
            # about 2 * decrement: at the optimum that is below tol too.
            converged = abs(2.0 * decrement) <= bound
            released = problem.release(st) if converged else None
            if released is not None:
                st, converged, previous = released, False, None
                continue
            stuck = not converged
            break
        n_iter += 1
        coef, st, dev_old, dev = new_coef, new_st, dev, new_dev
        history.append(saturated - to_loglik * dev)
        if trace:
            path.append(coef)
        change = dev_old - dev
        if (abs(change) <= bound or 2.0 * abs(decrement) <= bound) and _settled(
            change, decrement, previous, exact, full, bound
        ):
            released = problem.release(st)
            if released is not None:
                st, previous = released, None
                continue
            converged = True
            break
        previous = decrement if full else None
    return _Run(coef, st, dev, history, path, converged, stuck)


def _settled(change, decrement, previous, exact, full, bound):
    """Has the last Newton step brought the fit to its maximum?

    Two tests, both against ``bound`` = tol * (0.1 + |deviance|):

    * R's: the deviance changed by less than the bound, or by less than
      rounding (the step's own predicted gain, 2 * decrement, was below it);
    * the score scaled by the information: the gain still to come,
      2 * decrement / (1 - q) from before the step and q times that after a
      full step, where q, the ratio of the last two decrements, estimates
      the rate (the sum of a geometric series of gains). Newton's method
      proper converges quadratically: its first step counts q as 0, and a
      ratio above 1/2 near the maximum is rounding. Fisher scoring converges
      linearly: it needs a second step to measure its rate.
    """
    gain = 2.0 * abs(decrement)
    if abs(change) > bound and gain > bound:
        return False
    if previous is None:
        q = 0.0 if exact else 1.0
    else:
        q = decrement / previous if previous > 0 else 0.0
        if exact:
            q = min(q, 0.5)
    if q >= 1.0:
        return False
    return gain * (q if full else 1.0) / (1.0 - q) <= bound


def _halve_until_better(problem, coef, step, dev):
    """Halve ``step`` until coef + step is valid and its deviance is no worse.

    When the full step leaves the range through an edge that the row reaching
    it can sit on, the step stops there instead and holds that row
    (``step_to_edge``). Returns (new coef, its state, its deviance, whether
    that is the full step), or (coef, None, dev, False) when
    ``_MAX_HALVINGS`` tries found none.
    """
    slack = 1e-12 * (0.1 + abs(dev))
    for tries in range(_MAX_HALVINGS):
        new_coef = coef + step
        st = problem.state(new_coef)
        if st is not None:
            new_dev = problem.deviance(st)
            if new_dev <= dev + slack:
                if tries == 0 and problem.may_hold:
                    on_edge = problem.step_to_edge(coef, step, new_dev, beyond=True)
                    if on_edge is not None:
                        return (*on_edge, False)
                return new_coef, st, new_dev, tries == 0
        elif tries == 0 and problem.may_hold:
            on_edge = problem.step_to_edge(coef, step, dev + slack)
            if on_edge is not None:
                return (*on_edge, False)
        step = step / 2
    return coef, None, dev, False


def _warn_boundary(problem, st, stacklevel):
    """Say where the estimate puts fitted means on the edge, and why."""
    held = problem.held
    order = np.argsort(held.rows)
    rows = held.rows[order]
    edge = float(
        np.ravel(problem.fam.mean_from_linear(held.at[order], problem.link))[0]
    )
    increasing = (
        problem.link.linear_at_mean_ends[0] < problem.link.linear_at_mean_ends[1]
    )
    low = bool(held.inward[order][0] > 0) == increasing
    shown = rows[:_SHOWN_ROWS]
    where = "; ".join(
        f"row {i}, x = {_existence.vector_in_words(problem.X[i])}" for i in shown
    ) + ("; ..." if rows.size > shown.size else "")
    values = " or ".join(f"{v:g}" for v in np.unique(problem.y[rows]))
    many = rows.size > 1
    fam = problem.fam
    warnings.warn(
        f"{fam.name} with link {problem.link.name!r}: the estimate lies on the edge "
        f"of the valid coefficients: it puts the fitted mean of "
        f"{rows.size} row{'s' if many else ''} ({where}) exactly at {edge:g}, the "
        f"{'lowest' if low else 'highest'} mean the {fam.display_name} family allows. "
        f"With y = {values}, {'those rows are' if many else 'that row is'} fitted "
        f"best by a mean of {edge:g}, and the other rows pull theta^T x "
        f"{'lower' if low else 'higher'} still there; the "
        f"{problem.link.description.display_name} link reaches a mean of {edge:g} at "
        f"finite coefficients and no {fam.display_name} mean lies "
        f"{'below' if low else 'above'} it, so the likelihood is highest with "
        f"{'those means' if many else 'that mean'} held at {edge:g}. These "
        "coefficients are that constrained maximum (converged=True; edge_rows "
        "names the rows); the slope of the log-likelihood there is not zero, so "
        "standard errors from the information matrix do not apply",
        BoundaryEstimateWarning,
        stacklevel=stacklevel,
    )


def _gradient(problem, start, learning_rate, max_iter, tol, trace):
    fam = problem.fam
    if learning_rate is None:
        learning_rate = 1.0 / max(problem.curvature(), np.finfo(float).tiny)
    # Coefficients 0 can be outside the range (the gamma's natural parameter
    # must be negative): start from one least-squares fit instead.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        coef, st = _first_point(problem, start, ("zeros", "irls"))
    if st is None:
        raise ValueError(problem.no_start_message())
    ll_start = problem.loglik(st)
    history = [ll_start]
    path = [coef] if trace else None
    converged = diverged = left_range = False
    n_iter = next_check = 0
    while n_iter < max_iter:
        new_coef, step = _gradient_step(problem, coef, st, learning_rate)
        new_st = problem.state(new_coef)
        left_range = new_st is None
        new_ll = problem.loglik(new_st) if new_st is not None else -np.inf
        if not np.isfinite(new_ll) or new_ll < ll_start:
            diverged = True
            break
        n_iter += 1
        coef, st = new_coef, new_st
        history.append(new_ll)
        if trace:
            path.append(coef)
        small = np.max(np.abs(step)) <= tol * (1.0 + np.max(np.abs(coef)))
        if small and n_iter >= next_check:
            # A small step only says the score is small next to 1 / alpha:
            # with a learning rate far below the curvature's scale (raw
            # features) that holds far from the maximum. Confirm with the gain
            # still to come, the score scaled by the information, as Newton
            # judges it; otherwise go on and look again a little later.
            if _near_maximum(problem, st, tol):
                converged = True
                break
            next_check = n_iter + max(10, n_iter // 10)
    if diverged and left_range and not problem.canonical:
        warnings.warn(
            f"{fam.name}: gradient ascent stopped at iteration {n_iter + 1}: its step "
            f"(learning_rate={learning_rate:g}) would put a fitted mean outside the "
            f"{fam.display_name} family's range ({_range_words(fam)}), which link "
            f"{problem.link.name!r} reaches at finite coefficients; the maximum may "
            "lie on that edge, where a fixed step cannot stop: use method='newton', "
            "which finds it",
            DivergenceWarning,
            stacklevel=3,
        )
    elif diverged:
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


def _near_maximum(problem, st, tol):
    """Is the log-likelihood's gain still to come (Newton's decrement) below tol?"""
    _, decrement, _ = problem.newton_step(st)
    return 2.0 * abs(decrement) <= tol * (0.1 + abs(problem.deviance(st)))


def _range_words(fam):
    """The family's range of means in words: "above 0", "above 0 and below 1"."""
    lowest, highest = fam.mean_range
    return (
        " and ".join(
            f"{side} {np.ravel(bound)[0]:g}"
            for side, bound in (("above", lowest), ("below", highest))
            if np.all(np.isfinite(bound))
        )
        or "anywhere"
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
    if problem.routes.kind == "edge":
        category = NoFiniteEstimateWarning
        away = _existence.edge_words(problem.routes).away
        advice = (
            f"{away} among those rows, or dropping the feature that "
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
