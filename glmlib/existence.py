"""Does a finite maximum-likelihood estimate exist? (chapters 3 and 7)

Some data sets have no best coefficients: the log-likelihood keeps rising
as the coefficients run off to infinity along one direction g, and any fit
only returns "very large" numbers. Two kinds of data do this:

* **Counts** (Poisson, log link). Each row with y = 0 would be fitted best
  by a mean of exactly 0, which only eta = -infinity gives. If a direction g
  keeps X g = 0 on every row with y > 0 and X g <= 0 on the rows with
  y = 0, strictly on some, then moving along g leaves every positive count
  as it was and pulls those zero rows toward a mean of 0: better without
  end (Santos Silva and Tenreyro 2010; Correia, Guimaraes and Zylkin 2019,
  the check behind Stata's ppmlhdfe). All counts 0 is the simplest case;
  positive counts only at the largest value of a feature is the next.
* **Yes/no and categorical classes** that X separates (chapter 3): a
  direction g puts every row on the side of its own outcome.

Both come down to one linear program: find g with ``fixed @ g == 0`` and
``pushed @ g <= 0`` that makes as many rows of ``pushed`` strictly negative
as possible. No such row: a finite estimate exists.

Other families need no check: a gaussian (identity link) or gamma
log-likelihood falls without bound along every direction, and the gamma
and exponential allow only y > 0, so no row pulls a mean to the edge. With
the identity or sqrt link a Poisson mean can reach 0 at finite
coefficients, so its estimate is finite too (it may sit where a fitted
mean is 0). glmlib has no check for a gaussian with the log or inverse link.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, optimize, sparse
from scipy.linalg import lapack

# Singular values of the column-scaled positive-count rows below this
# fraction of the largest count as zero: those directions are free.
_NULL_TOL = 1e-10
# The quick full-rank test, as in fitting: a Cholesky diagonal of the scaled
# Gram matrix above this leaves no doubt.
_WELL_CONDITIONED = 1e-4
# Entries of a constraint row this small next to the row's length are zero.
_ENTRY_TOL = 1e-9
_LISTED_ROWS = 6
# Linear programs with more rows than this get a sparse constraint matrix.
_DENSE_ROWS = 1000


@dataclass(frozen=True, eq=False)
class Existence:
    """The answer of an existence check: a bool, the reason in words, and the evidence.

    ``rows`` are the rows whose fitted mean runs to the edge of its range
    (to 0 for counts; to 0 or 1 for yes/no data) as the coefficients move
    along ``direction``; both are empty / None when an estimate exists.
    ``bool(result)`` is ``result.exists``.
    """

    exists: bool
    reason: str
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    direction: np.ndarray | None = None

    def __bool__(self):
        return self.exists


def finite_estimate_exists(X, y, family="poisson", link=None):
    """Say whether ``glmlib.fit(X, y, family, link=link)`` has a finite estimate, and why.

    Runs without fitting, so a lab can explain an empty fit in its readout
    (chapter 7). X and y are checked as ``fit`` checks them (a ``ValueError``
    for bad input). Poisson with the log link: the count condition above;
    yes/no, binomial and categorical data: separation; gaussian (identity
    link), gamma, exponential and the other Poisson links: always True.

    Returns
    -------
    Existence
        ``exists``, ``reason`` (a sentence for a learner), ``rows`` and
        ``direction`` (the evidence when no estimate exists).
    """
    from . import fitting  # fitting imports this module for its own check

    fam = fitting.get_family(family)
    lnk = fam.get_link(link)
    X, y = fitting._check_data(X, y, fam)
    fitting._check_rank(X, fam)
    problem = fitting._make_problem(X, y, fam, lnk, well_conditioned=True)
    return problem.existence()


# --------------------------------------------------------------------------
# counts


def poisson_existence(X, y):
    """The count condition for Poisson data with the log link (X, y already checked)."""
    positive = y > 0
    if positive.all():
        return Existence(
            True,
            "no count is 0, so no fitted mean is pulled toward 0: "
            "a finite estimate exists",
        )
    if _full_column_rank(X[positive]):
        return Existence(
            True,
            "the rows with a positive count pin down every coefficient, so no "
            "change of the coefficients can pull a zero count's mean to 0 "
            "without moving them: a finite estimate exists",
        )
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    scaled = X / norms
    null = _free_directions(scaled[positive])
    if null is None:
        return Existence(
            True,
            "the rows with a positive count pin down every coefficient (though "
            "only just), so no change of the coefficients can pull a zero "
            "count's mean to 0 without moving them: a finite estimate exists",
        )
    zero_rows = np.flatnonzero(~positive)
    if not positive.any():
        # The quick exact case: all counts 0 and a column of one sign (an
        # intercept) -- lowering that coefficient pulls every row toward 0.
        one_signed = np.flatnonzero(np.all(X >= 0, axis=0) | np.all(X <= 0, axis=0))
        if one_signed.size:
            j = one_signed[0]
            direction = np.zeros(X.shape[1])
            direction[j] = -1.0 if np.all(X[:, j] >= 0) else 1.0
            pushed = np.flatnonzero(X[:, j] != 0)
            return _no_poisson_estimate(X, y, pushed, direction)
    pushed = scaled[zero_rows]
    strict, h = max_support(pushed @ null, np.linalg.norm(pushed, axis=1))
    if not strict.any():
        return Existence(
            True,
            "every change of the coefficients that leaves the rows with a positive "
            "count alone raises the fitted mean of some row with a count of 0, "
            "so a finite estimate exists",
        )
    return _no_poisson_estimate(X, y, zero_rows[strict], (null @ h) / norms)


def _no_poisson_estimate(X, y, rows, direction):
    direction = direction / np.max(np.abs(direction))
    if not np.any(y > 0):
        reason = (
            "every count is 0: the likelihood keeps rising as the fitted means "
            "fall toward 0, and no finite coefficients reach a mean of 0"
        )
    else:
        n_zero = int(np.sum(y == 0))
        if rows.size == n_zero:
            who = "the" if n_zero == 1 else f"all {n_zero}"
        else:
            who = f"{rows.size} of the {n_zero}"
        many = rows.size > 1
        reason = (
            f"{who} row{'s' if n_zero > 1 else ''} with a count of 0 "
            f"({_rows_in_words(rows)}) can have {'their' if many else 'its'} fitted "
            f"mean{'s' if many else ''} pushed toward 0 without end: moving the "
            f"coefficients along {_vector_in_words(direction)} lowers "
            f"{'them' if many else 'it'} and leaves the fitted mean of every row with "
            "a positive count where it is, and each such move raises the likelihood, "
            "so no finite coefficients are best"
        )
    return Existence(False, reason, np.asarray(rows, dtype=int), direction)


# --------------------------------------------------------------------------
# separated classes


def separation_existence(signed, fixed, row_of, name, unflatten=None):
    """Separation of yes/no or categorical data, from a problem's constraints.

    ``signed`` rows must stay >= 0 along a separating direction, ``fixed``
    rows must stay 0, and ``row_of`` maps each signed row to its row of X.
    ``unflatten`` gives a direction the shape of the coefficients.
    """
    if signed.shape[0] == 0:
        return Existence(
            True,
            "every row has both outcomes in it, so no direction favours "
            "one side: a finite estimate exists",
        )
    both = np.concatenate([signed, fixed])
    norms = np.sqrt(np.einsum("ij,ij->j", both, both))
    norms = np.where(norms > 0, norms, 1.0)
    null = _free_directions(fixed / norms)
    strict = np.zeros(signed.shape[0], dtype=bool)
    if null is not None:
        scaled = signed / norms
        strict, h = max_support(-scaled @ null, np.linalg.norm(scaled, axis=1))
    if not strict.any():
        return Existence(
            True,
            "no direction of the coefficients moves every row toward its own "
            "outcome, so a finite estimate exists",
        )
    direction = (null @ h) / norms
    if unflatten is not None:
        direction = unflatten(direction)
    return separated(np.unique(row_of[strict]), direction, name)


def separated(rows, direction, name):
    """The Existence of separated classes (rows that X puts on their own side)."""
    direction = direction / np.max(np.abs(direction))
    what = "classes" if name == "categorical" else "outcomes"
    reason = (
        f"the {what} are perfectly separated by X: moving the coefficients along "
        f"{_vector_in_words(direction)} pushes the fitted probability of "
        f"{_rows_in_words(rows)} toward the outcome observed there without ever "
        "moving another row away from its own, so the likelihood keeps rising and "
        "the best coefficients are infinite"
    )
    return Existence(False, reason, np.asarray(rows, dtype=int), direction)


# --------------------------------------------------------------------------
# the linear program


def max_support(pushed, lengths=None):
    """Find h with ``pushed @ h <= 0``, strictly negative on as many rows as possible.

    The directions form a cone, so scaling h up costs nothing: maximize
    sum(t) with ``pushed @ h + t <= 0``, 0 <= t <= 1 and h free. At the
    optimum t is 1 exactly on the rows that some direction makes negative
    (the sum of two good directions is good), and 0 elsewhere.
    ``lengths`` (one per row, the length of the row before any projection)
    says what counts as zero: entries below _ENTRY_TOL of it are rounding.
    Returns (mask of those rows, h).
    """
    m, r = pushed.shape
    strict = np.zeros(m, dtype=bool)
    h = np.zeros(r)
    if m == 0 or r == 0:
        return strict, h
    if lengths is None:
        lengths = np.sqrt(np.einsum("ij,ij->i", pushed, pushed))
    rows = np.where(np.abs(pushed) > _ENTRY_TOL * lengths[:, None], pushed, 0.0)
    biggest = np.max(np.abs(rows), axis=1)
    live = biggest > 0
    if not live.any():
        return strict, h
    rows = rows[live] / biggest[live, None]
    if r == 1:
        # One free direction, h or -h: no linear program needed.
        a = rows[:, 0]
        for sign in (1.0, -1.0):
            if not np.any(sign * a > 0):
                strict[np.flatnonzero(live)[sign * a < 0]] = True
                return strict, np.array([sign])
        return strict, h
    k = rows.shape[0]
    slack = np.eye(k) if k <= _DENSE_ROWS else sparse.identity(k)
    stack = np.hstack if k <= _DENSE_ROWS else sparse.hstack
    outcome = optimize.linprog(
        np.concatenate([np.zeros(r), -np.ones(k)]),
        A_ub=stack([rows, slack]),
        b_ub=np.zeros(k),
        bounds=[(None, None)] * r + [(0.0, 1.0)] * k,
        method="highs",
    )
    if outcome.status != 0 or -outcome.fun < 0.5:
        return strict, h
    strict[np.flatnonzero(live)[outcome.x[r:] > 0.5]] = True
    return strict, outcome.x[:r]


def _full_column_rank(rows):
    """The cheap, sure test: does a Cholesky factor of the column-scaled Gram
    matrix have no tiny diagonal entry? (False means "look closer".)"""
    n, p = rows.shape
    if n < p:
        return False
    gram = rows.T @ rows
    lengths = np.sqrt(np.diagonal(gram))
    if not np.all(lengths > 0):
        return False
    factor, info = lapack.dpotrf(gram / np.outer(lengths, lengths), lower=1, clean=0)
    return info == 0 and bool(np.diagonal(factor).min() > _WELL_CONDITIONED)


def _free_directions(rows):
    """A basis (columns) of the directions g with rows @ g = 0, or None if only g = 0.

    ``rows`` has columns scaled to comparable length; an SVD finds the free
    directions after the quick full-rank test.
    """
    n, p = rows.shape
    if _full_column_rank(rows):
        return None
    if n == 0:
        return np.eye(p)
    _, s, vt = linalg.svd(rows, full_matrices=True, check_finite=False)
    rank = int(np.sum(s > _NULL_TOL * s[0])) if s.size and s[0] > 0 else 0
    if rank == p:
        return None
    return vt[rank:].T


# --------------------------------------------------------------------------
# words


def _rows_in_words(rows):
    rows = [int(i) for i in rows]
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = rows[:_LISTED_ROWS]
    text = ", ".join(str(i) for i in shown[:-1])
    if len(rows) > _LISTED_ROWS:
        return f"rows {text}, {shown[-1]} and {len(rows) - len(shown)} more"
    return f"rows {text} and {shown[-1]}"


def _vector_in_words(vector):
    values = np.ravel(vector)
    return "(" + ", ".join(f"{v:.3g}".replace("-", "\u2212") for v in values) + ")"
