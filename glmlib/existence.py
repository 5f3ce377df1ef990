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

Both come down to one linear program: find g with ``held @ g == 0`` and
``pushed @ g <= 0`` that makes as many rows of ``pushed`` strictly negative
as possible. No such row: a finite estimate exists.

Which rows are pushed is read from the family, not from its name
(``ExponentialFamily.mean_edges``): a row is pushed when its y sits at an
edge of the family's means that the link reaches only as theta^T x runs to
+-infinity (a count of 0 under the log link; 0 or all successes under the
logit, probit or complementary log-log). One such edge gives the count
words above, two the separation words; a family with a vector natural
parameter says itself which directions separate its classes
(``separation_constraints``). Where no row can be pushed the estimate is
finite: a gaussian (identity link) or gamma log-likelihood falls without
bound along every direction, and with the identity or sqrt link a Poisson
mean reaches 0 at finite coefficients (the estimate may then sit where a
fitted mean is 0; ``glmlib.fit`` says so). The linear program is exact when
the log-likelihood is concave in the linear predictor (the canonical link,
or one of the family's ``concave_links``); glmlib has no check for the
other links that can push a row (a gaussian with the log or inverse link).
"""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy import linalg, optimize, sparse
from scipy.linalg import lapack

from ._checks import WELL_CONDITIONED, check_data, check_rank
from .families import get_family

# Singular values of the column-scaled held rows below this fraction of the
# largest count as zero: those directions are free.
_NULL_TOL = 1e-10
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


class Routes:
    """The directions along which the likelihood might rise without end.

    ``pushed`` rows r want ``r @ g <= 0`` (one per row of X whose y sits at
    an edge, or per class comparison), ``held`` rows want ``r @ g == 0``;
    ``row_of`` names the row of X behind each pushed row. ``kind`` is
    "edge" (one edge, as counts at 0) or "separation" (classes or both
    outcomes); ``edge`` is that edge's mean, for the words; ``unflatten``
    gives a direction the shape of theta; ``low`` says the edge is the low
    end of the means, ``discrete`` that y is a count (both for the words).
    For one edge, ``at_edge`` is the mask of the pushed rows of X, and the
    arrays are made from it only when a check needs them: the cheap checks
    need only the mask, and a large X is not copied for nothing.
    """

    def __init__(
        self,
        kind,
        pushed,
        held,
        row_of,
        edge=None,
        unflatten=None,
        low=True,
        discrete=True,
        at_edge=None,
    ):
        self.kind, self.edge, self.at_edge = kind, edge, at_edge
        self.unflatten, self.low, self.discrete = unflatten, low, discrete
        self._made = {"pushed": pushed, "held": held, "row_of": row_of}

    def _get(self, name):
        value = self._made[name]
        if callable(value):
            value = self._made[name] = value()
        return value

    pushed = property(lambda self: self._get("pushed"))
    held = property(lambda self: self._get("held"))
    row_of = property(lambda self: self._get("row_of"))


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
    fam = get_family(family)
    lnk = fam.get_link(link)
    X, y = check_data(X, y, fam)
    check_rank(X, fam)
    found = escape_routes(X, y, fam.for_data(y), lnk)
    return found if isinstance(found, Existence) else check_routes(X, y, found)


class _Plan(NamedTuple):
    """What a family and link allow, whatever the data (``_plan``)."""

    escapes: tuple  # (edge mean, sign of theta^T x there, low end?) per edge
    finite_edge: object  # the mean of an edge reached at finite theta^T x, or None
    exact: bool  # the linear program is exact (a concave log-likelihood)


# Plans by family class, link class and range of means: a fit asks once per
# call, and the answer depends on nothing else.
_PLANS = {}


def _plan(fam, link):
    """Which edges of the means a row can be pushed toward without end."""
    try:
        key = (type(fam), type(link), link.name, tuple(map(float, fam.mean_range)))
    except TypeError:  # a range that differs by row (the binomial's trials)
        key = None
    plan = _PLANS.get(key) if key is not None else None
    if plan is not None:
        return plan
    escapes, finite_edge = [], None
    for edge, low in zip(fam.mean_edges(link), (True, False), strict=True):
        if not np.all(np.isfinite(edge.mean)):
            continue
        if np.isfinite(edge.linear):
            finite_edge = edge.mean if finite_edge is None else finite_edge
        elif np.any(fam.in_support(np.atleast_1d(edge.mean))):
            escapes.append((edge.mean, float(np.sign(edge.linear)), low))
    exact = link.name == fam.canonical_link or link.name in fam.concave_links
    plan = _Plan(tuple(escapes), finite_edge, exact)
    if key is not None:
        _PLANS[key] = plan
    return plan


def escape_routes(X, y, fam, link):
    """The ``Routes`` a fit of these (checked) data could run off along, or the
    ``Existence`` that settles without them (no row can be pushed)."""
    if len(fam.coef_shape(X.shape[1])) == 2:  # a vector natural parameter: classes
        pushed, held, row_of, unflatten = fam.separation_constraints(X, y)
        return Routes("separation", pushed, held, row_of, unflatten=unflatten)
    plan = _plan(fam, link)
    if not plan.escapes:
        if plan.finite_edge is not None:
            where = _number(plan.finite_edge)
            return Existence(
                True,
                f"with the {link.name!r} link a fitted mean reaches {where} at finite "
                "coefficients, so a finite estimate exists (it may sit where "
                f"a fitted mean is {where})",
            )
        return Existence(
            True,
            f"the {fam.name} log-likelihood falls without bound along every "
            "direction of the coefficients, so its maximum is at finite ones",
        )
    if not plan.exact:
        raise ValueError(
            f"{fam.name}: glmlib has no existence check for the {link.name!r} link "
            "(its estimate can be infinite in ways no linear program settles); "
            f"only the {fam.canonical_link!r} link"
            + "".join(f", {name!r}" for name in fam.concave_links)
            + " are covered"
        )
    if len(plan.escapes) == 1:  # one edge (counts at 0)
        mean, sign, low = plan.escapes[0]
        at_edge = (y <= mean) if low else (y >= mean)
        return Routes(
            "edge",
            lambda: X[at_edge] if sign < 0 else -X[at_edge],
            lambda: X[~at_edge],
            lambda: np.flatnonzero(at_edge),
            mean,
            low=low,
            discrete=fam.discrete,
            at_edge=at_edge,
        )
    at_edge = np.zeros(y.shape, dtype=bool)
    signed = np.zeros(X.shape)
    for mean, sign, low in plan.escapes:
        rows = (y <= mean) if low else (y >= mean)
        signed[rows] = -sign * X[rows]
        at_edge |= rows
    return Routes(
        "separation",
        signed[at_edge],
        X[~at_edge],
        np.flatnonzero(at_edge),
        edge=plan.escapes[0][0],
        low=plan.escapes[0][2],
        discrete=fam.discrete,
    )


def check_routes(X, y, routes):
    """The full check of ``Routes`` (``escape_routes``) on checked X and y."""
    if routes.kind == "edge":
        return _edge_existence(X, y, routes)
    return _separation_existence(routes)


def separated_by(routes, coef):
    """The Existence of separation if ``coef`` itself separates, else None.

    A cheap certificate after a fit: when every pushed row is strictly on
    its own side along theta (and no row is held), theta is a separating
    direction.
    """
    if routes.kind != "separation" or routes.held.shape[0]:
        return None
    g = np.ravel(coef.T) if routes.unflatten is not None else coef
    if routes.pushed.shape[0] and np.all(routes.pushed @ g < 0):
        return separated(np.unique(routes.row_of), coef, _outcomes(routes))
    return None


def _outcomes(routes):
    """What separation separates: classes (a vector parameter) or two outcomes."""
    return "classes" if routes.unflatten is not None else "outcomes"


# --------------------------------------------------------------------------
# one edge: counts at 0


class _EdgeWords(NamedTuple):
    """How the reasons name the rows at the edge and the others."""

    at: str  # rows "with a count of 0"
    away: str  # rows "with a positive count"
    none_at: str  # "no count is 0"
    every: str  # "every count is 0"
    owner: str  # "a zero count's" mean
    edge: str  # "0"
    toward: str  # what moving toward the edge does to a mean: "lowers"
    away_verb: str  # and moving away from it: "raises"


def edge_words(routes):
    """The words for the rows at ``routes``' edge and the others (``_EdgeWords``)."""
    return _words_for(_number(routes.edge), routes.discrete, routes.low)


@lru_cache(maxsize=32)
def _words_for(edge, discrete, low):
    toward, away = ("lowers", "raises") if low else ("raises", "lowers")
    if discrete and edge == "0":
        return _EdgeWords(
            "a count of 0",
            "a positive count",
            "no count is 0",
            "every count is 0",
            "a zero count's",
            edge,
            toward,
            away,
        )
    return _EdgeWords(
        f"y = {edge}",
        f"y other than {edge}",
        f"no y is {edge}",
        f"every y is {edge}",
        f"a row with y = {edge} and its",
        edge,
        toward,
        away,
    )


def _edge_existence(X, y, routes):
    """The count condition: the rows at one edge pushed, every other row held."""
    words = edge_words(routes)
    if not routes.at_edge.any():
        return Existence(
            True,
            f"{words.none_at}, so no fitted mean is pulled toward {words.edge}: "
            "a finite estimate exists",
        )
    pinned = (
        f"the rows with {words.away} pin down every coefficient{{}}, so no change "
        f"of the coefficients can pull {words.owner} mean to {words.edge} without "
        "moving them: a finite estimate exists"
    )
    held_rows = ~routes.at_edge
    if _full_column_rank(X[held_rows]):
        return Existence(True, pinned.format(""))
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    null = _free_directions(X[held_rows] / norms)
    if null is None:
        return Existence(True, pinned.format(" (though only just)"))
    if not held_rows.any():
        # The quick exact case: every row at the edge and a column of one sign
        # (an intercept) -- moving its coefficient pulls every row toward the edge.
        for sign in (-1.0, 1.0):
            one_signed = np.flatnonzero(np.all(sign * routes.pushed <= 0, axis=0))
            if one_signed.size:
                j = one_signed[0]
                direction = np.zeros(X.shape[1])
                direction[j] = sign
                rows = routes.row_of[routes.pushed[:, j] != 0]
                return _no_estimate_at_edge(y, routes, rows, direction, words)
    pushed = routes.pushed / norms
    strict, h = max_support(pushed @ null, np.linalg.norm(pushed, axis=1))
    if not strict.any():
        return Existence(
            True,
            "every change of the coefficients that leaves the rows with "
            f"{words.away} alone {words.away_verb} the fitted mean of some row "
            f"with {words.at}, so a finite estimate exists",
        )
    return _no_estimate_at_edge(
        y, routes, routes.row_of[strict], (null @ h) / norms, words
    )


def _no_estimate_at_edge(y, routes, rows, direction, words):
    direction = direction / np.max(np.abs(direction))
    n_edge = routes.row_of.size
    if n_edge == y.size:
        reason = (
            f"{words.every}: the likelihood keeps rising as the fitted means "
            f"fall toward {words.edge}, and no finite coefficients reach a mean "
            f"of {words.edge}"
        )
    else:
        if rows.size == n_edge:
            who = "the" if n_edge == 1 else f"all {n_edge}"
        else:
            who = f"{rows.size} of the {n_edge}"
        many = rows.size > 1
        reason = (
            f"{who} row{'s' if n_edge > 1 else ''} with {words.at} "
            f"({rows_in_words(rows)}) can have {'their' if many else 'its'} fitted "
            f"mean{'s' if many else ''} pushed toward {words.edge} without end: "
            f"moving the coefficients along {vector_in_words(direction)} "
            f"{words.toward} {'them' if many else 'it'} and leaves the fitted mean "
            f"of every row with {words.away} where it is, and each such move "
            "raises the likelihood, so no finite coefficients are best"
        )
    return Existence(False, reason, np.asarray(rows, dtype=int), direction)


# --------------------------------------------------------------------------
# separated classes


def _separation_existence(routes):
    """Separation of yes/no or categorical data, from their ``Routes``."""
    pushed, held = routes.pushed, routes.held
    if pushed.shape[0] == 0:
        return Existence(
            True,
            "every row has both outcomes in it, so no direction favours "
            "one side: a finite estimate exists",
        )
    both = np.concatenate([pushed, held])
    norms = np.sqrt(np.einsum("ij,ij->j", both, both))
    norms = np.where(norms > 0, norms, 1.0)
    null = _free_directions(held / norms)
    strict = np.zeros(pushed.shape[0], dtype=bool)
    if null is not None:
        scaled = pushed / norms
        strict, h = max_support(scaled @ null, np.linalg.norm(scaled, axis=1))
    if not strict.any():
        return Existence(
            True,
            "no direction of the coefficients moves every row toward its own "
            "outcome, so a finite estimate exists",
        )
    direction = (null @ h) / norms
    if routes.unflatten is not None:
        direction = routes.unflatten(direction)
    return separated(np.unique(routes.row_of[strict]), direction, _outcomes(routes))


def separated(rows, direction, what):
    """The Existence of separated ``what`` ("classes" or "outcomes"): rows
    that X puts on their own side."""
    direction = direction / np.max(np.abs(direction))
    reason = (
        f"the {what} are perfectly separated by X: moving the coefficients along "
        f"{vector_in_words(direction)} pushes the fitted probability of "
        f"{rows_in_words(rows)} toward the outcome observed there without ever "
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
    return info == 0 and bool(np.diagonal(factor).min() > WELL_CONDITIONED)


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


def rows_in_words(rows):
    rows = [int(i) for i in rows]
    if len(rows) == 1:
        return f"row {rows[0]}"
    shown = rows[:_LISTED_ROWS]
    text = ", ".join(str(i) for i in shown[:-1])
    if len(rows) > _LISTED_ROWS:
        return f"rows {text}, {shown[-1]} and {len(rows) - len(shown)} more"
    return f"rows {text} and {shown[-1]}"


def vector_in_words(vector):
    values = np.ravel(vector)
    return "(" + ", ".join(f"{v:.3g}".replace("-", "\u2212") for v in values) + ")"


def _number(value):
    """An edge of the means as the reasons write it: 0, 1, 2.5."""
    if isinstance(value, float):
        return f"{value:g}"
    return f"{float(np.ravel(value)[0]):g}"
