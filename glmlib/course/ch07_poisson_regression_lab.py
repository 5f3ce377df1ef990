"""Chapter 7's lesson helpers: a Poisson regression of the shop's counts, and what surrounds it.

* ``check_data`` says, before any fit, whether the hours have a finite
  Poisson estimate at all (every count 0, customers at a single spend,
  every hour at one spend), in words (``no_estimate_in_words``);
* ``poisson_fit`` (IRLS, warm-started) and chapter 0's ``straight_line_fit``
  (least squares) are the two fits the lab draws;
* ``gradient_catch_up`` runs the lesson's gradient rule
  (``glmlib.gradient_step``) from the previous theta, on spend measured from
  the balance point (``balance_point``), until it reaches the IRLS theta;
* ``effect_in_words``, ``dollars`` and ``number_text`` write the readouts;
* ``CHALLENGES``: three "can you ...?" goals that check themselves on a
  ``LabState``;
* ``pearson_check`` and ``factor_interval``: the check of the
  Poisson's variance = mean, and e^theta_1 with its Wald interval;
* ``three_slopes`` and ``average_slopes``: Poisson regression against a
  line through log y (empty hours dropped) and through log(y + 1), over
  shops simulated like the shop.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from ..curvature import information, largest_weighted_curvature
from ..data import SPEND_RANGE, design_matrix, shop_hours
from ..existence import finite_estimate_exists
from ..families import Poisson
from ..fitting import GLMResult, fit, gradient_step
from .formatting import MINUS, format_number, power_of_ten, readable_number

#: the gradient rule stops when no coefficient moves by more than this
GRADIENT_TOL = 1e-9


#: most gradient steps per change, so a drag stays within its time budget;
#: the rule carries on from where it stopped at the next change
GRADIENT_MAX_STEPS = 200


#: "agrees with IRLS" means no coefficient differs by more than this
AGREEMENT = 5e-7


@dataclass(frozen=True)
class DataCheck:
    """Can a Poisson regression of customers on spend be fitted to these hours? (chapter 7)

    ``kind`` is "ok", "no estimate" (glmlib's existence check found no
    finite maximum-likelihood estimate) or "one spend" (the spend column
    cannot be told apart from the intercept's column of ones). ``reason``
    says why in words; ``rows`` are the hours (0-based) whose fitted mean
    would run off to 0, when the existence check names them.
    """

    kind: str
    reason: str
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def ok(self):
        """True when a finite estimate exists and can be fitted."""
        return self.kind == "ok"


def check_data(spend, customers):
    """Say, before fitting, whether these hours have a Poisson estimate (chapter 7).

    Runs ``glmlib.existence.finite_estimate_exists`` (cheap: no fit), so a
    drag that makes the data degenerate is explained instead of costing
    dozens of Newton steps that go nowhere. Every hour at one spend makes
    the design's two columns dependent, which glmlib refuses with a
    ``ValueError``; that is caught and put into words too.
    """
    spend = np.asarray(spend, dtype=float)
    customers = np.asarray(customers, dtype=float)
    if np.ptp(spend) == 0:
        return DataCheck(
            "one spend",
            f"every hour has the same spend, x = {format_number(spend[0], 2)}: "
            "the intercept and the slope then change the log-rate of every hour "
            "alike, so the data cannot tell them apart. Every curve through "
            f"their average, {format_number(np.mean(customers), 2)} customers "
            "at that spend, fits them equally well, whatever its slope: "
            "infinitely many \u03b8 are best, and the lab draws none. Move one "
            "hour to another spend",
        )
    try:
        found = finite_estimate_exists(design_matrix(spend), customers, "poisson")
    except ValueError as exc:
        # nearly equal spends: glmlib's rank test (R's tolerance) says the two
        # columns are dependent
        return DataCheck(
            "one spend",
            "the hours' spends are too close together to tell the intercept from "
            f"the slope (glmlib: {exc})",
        )
    if not found.exists:
        return DataCheck(
            "no estimate", no_estimate_in_words(spend, customers, found), found.rows
        )
    return DataCheck("ok", found.reason)


def no_estimate_in_words(spend, customers, found):
    """Why these hours have no finite Poisson estimate, for a learner (chapter 7).

    ``found`` is glmlib's ``Existence`` answer. With an intercept and one
    spend there are two ways to have no estimate: every count is 0, or the
    hours with customers all sit at one spend and every empty hour on one
    side of it (``found.rows``) can have its fitted count pushed towards 0
    by turning the curve about that spend, which the hours with customers
    do not feel.
    """
    spend = np.asarray(spend, dtype=float)
    customers = np.asarray(customers, dtype=float)
    busy = customers > 0
    if not busy.any():
        return (
            "every hour has 0 customers. The lower the curve, the better it fits, "
            "but e^(\u03b8\u2080 + \u03b8\u2081x) only comes ever closer to 0 as "
            "\u03b8\u2080 falls and never reaches it, so no finite \u03b8 is best"
        )
    pivot = float(spend[busy][0])
    where = "below" if np.all(spend[found.rows] < pivot) else "above"
    turn = "ever steeper upwards" if where == "below" else "ever steeper downwards"
    n = found.rows.size
    hours = f"the {n} hour{'s' if n != 1 else ''} with 0 customers {where} x = " + (
        f"{format_number(pivot, 2)}"
    )
    return (
        f"every hour with customers is at one spend, x = {format_number(pivot, 2)}. "
        f"Turning the curve about that spend, {turn}, leaves their fitted counts "
        f"alone and pushes those of {hours} (ringed in red) ever closer to 0. "
        "Each turn fits better, so \u03b8 runs off to infinity: no finite "
        "estimate exists (glmlib's existence check)"
    )


def poisson_fit(spend, customers, start=None):
    """The Poisson regression of customers on spend, by IRLS (chapter 7).

    ``glmlib.fit(design_matrix(spend), customers, family="poisson",
    start=start)``: ``start`` is the previous theta (a warm start), so a
    drag that changes one count needs only a couple of Newton steps.
    """
    return fit(design_matrix(spend), customers, family="poisson", start=start)


@dataclass(frozen=True)
class GradientCatchUp:
    """Where the lesson's gradient rule stands after one change of the data (chapter 7).

    ``theta`` is in the lab's own coordinates (intercept, slope per hundred
    dollars); ``steps`` is how many ``gradient_step`` calls this change
    took, ``converged`` whether the last step moved no coefficient by more
    than ``GRADIENT_TOL``; ``gap`` is the largest difference from the IRLS
    theta, and ``centre`` the spend c the rule measured spend from.
    """

    theta: np.ndarray
    steps: int
    converged: bool
    gap: float
    centre: float
    learning_rate: float

    @property
    def agrees(self):
        """Does the rule's theta match the IRLS theta (to ``AGREEMENT``)?"""
        return self.gap <= AGREEMENT


def balance_point(spend, fitted_means):
    """The spend where the fitted customers balance: sum(mu x) / sum(mu) (chapter 7).

    Measuring spend from this point makes the intercept and the slope of a
    Poisson fit pull independently (the off-diagonal of X^T W X vanishes),
    so plain gradient ascent converges in tens of steps instead of thousands.
    """
    spend = np.asarray(spend, dtype=float)
    return float(np.sum(fitted_means * spend) / np.sum(fitted_means))


def gradient_catch_up(theta, spend, customers, irls, max_steps=None, tol=GRADIENT_TOL):
    """Run the lesson's rule, theta <- theta + alpha X^T (y - e^(X theta)) / n, from ``theta`` (chapter 7).

    Each step is ``glmlib.gradient_step`` with the Poisson family: the same
    error-times-feature step that trains logistic regression, with the
    exponential in place of the sigmoid. It runs on spend measured from the
    balance point c of the IRLS fit ``irls`` (``balance_point``): the model
    is the same, log-rate = theta_0' + theta_1 (x - c) with theta_0' =
    theta_0 + theta_1 c, and the theta returned is in the lab's own
    coordinates again. The learning rate is 1 / (the largest curvature of
    the log-likelihood at the start or at the IRLS fit), small enough not
    to overshoot. The steps stop when no coefficient moves by more than
    ``tol``, or after ``max_steps`` (default ``GRADIENT_MAX_STEPS``).

    The IRLS fit's means choose only the centre c and the step size; no
    step uses the IRLS theta, which serves afterwards to say how close the
    rule came (``gap``).
    """
    theta = np.asarray(theta, dtype=float)
    spend = np.asarray(spend, dtype=float)
    X = design_matrix(spend)
    with np.errstate(over="ignore"):
        fitted_means = irls.predict(X)
        start_means = Poisson().response(X @ theta)
    if not np.all(np.isfinite(fitted_means)):
        raise ValueError(
            "the fitted counts are too large to hold, so no finite step can be taken"
        )
    if not np.all(np.isfinite(start_means)):
        # the last theta is too steep for these spends: start from zero
        theta = np.zeros(2)
        start_means = Poisson().response(X @ theta)
    centre = balance_point(spend, fitted_means)
    centred = design_matrix(spend - centre)
    learning_rate = 1.0 / max(
        largest_weighted_curvature(centred, fitted_means),
        largest_weighted_curvature(centred, start_means),
    )
    shifted = np.array([theta[0] + theta[1] * centre, theta[1]])
    if max_steps is None:
        max_steps = GRADIENT_MAX_STEPS
    steps, converged = 0, False
    while steps < max_steps:
        new = gradient_step(shifted, centred, customers, "poisson", learning_rate)
        steps += 1
        moved = float(np.max(np.abs(new - shifted)))
        shifted = new
        if moved <= tol:
            converged = True
            break
    result = np.array([shifted[0] - shifted[1] * centre, shifted[1]])
    return GradientCatchUp(
        theta=result,
        steps=steps,
        converged=converged,
        gap=float(np.max(np.abs(result - irls.coef))),
        centre=centre,
        learning_rate=learning_rate,
    )


def dollars(spend):
    """A spend in hundreds of dollars as money: 5.0 -> "500 dollars" (chapter 7).

    Written in words: a readout's plain text never holds "$", the mark of
    LaTeX that did not render.
    """
    return f"{spend * 100:,.0f} dollars".replace("-", MINUS)


def number_text(value, decimals=2):
    """A readout number, ``readable_number``, or words when it overflowed (chapter 7).

    Nearly degenerate data can still have a finite estimate with a very
    steep curve; its factors and counts are then written with a power of
    ten, and one too large for a float in words.
    """
    value = float(value)
    if np.isinf(value):
        return f"too large to hold (over {power_of_ten(1e308)})"
    return readable_number(value, decimals)


def effect_in_words(factor):
    """What e^theta_1 says about one more hundred dollars, in words (chapter 7).

    Under the model, each extra $100 of ad spend multiplies the expected
    number of customers by ``factor``, wherever the spend starts.
    """
    text = f"multiplies expected customers by {number_text(factor)}"
    if factor < 1:
        text += " (fewer customers)"
    return text


@dataclass(frozen=True)
class LabState:
    """Everything chapter 7's figure and readouts show, computed by glmlib."""

    spend: np.ndarray
    customers: np.ndarray
    show_line: bool
    chosen_spend: float
    data: DataCheck
    fit: GLMResult | None
    curve_mean: np.ndarray | None
    log_rate: float | None
    fitted_count: float | None
    factor: float | None
    line: GLMResult | None
    line_values: np.ndarray | None
    line_at_spend: float | None
    gradient: GradientCatchUp | None
    gradient_note: str


@dataclass(frozen=True)
class Challenge:
    """A "can you ...?" goal that the lab checks after every change (chapter 7).

    ``task`` says what to do, ``goal`` the condition in a few words;
    ``check(state)`` returns ``(achieved, where the data stand now)``.
    """

    number: int
    title: str
    task: str
    goal: str
    check: Callable[[LabState], tuple]


def _factor_between(low, high):
    def check(state):
        if state.factor is None:
            return False, "no finite estimate"
        now = f"e^\u03b8\u2081 = {number_text(state.factor)}"
        return bool(low <= state.factor <= high), now

    return check


#: challenge 3's line must rise by at least this many customers per hundred
#: dollars: a line through 39 empty hours and one customer rises too, by 0.0003
RESCUE_SLOPE = 0.5


def _line_rescued(state):
    if state.line is None:
        return False, "no straight line can be fitted"
    ends = state.line_values[[0, -1]]  # a line is lowest at one of its ends
    lowest = int(np.argmin(ends))
    slope = float(state.line.coef[1])
    now = (
        f"lowest {number_text(ends[lowest])} (at {dollars(SPEND_RANGE[lowest])}), "
        f"slope {number_text(slope)}"
    )
    return bool(ends[lowest] >= 0 and slope >= RESCUE_SLOPE), now


#: The lab's challenges. Each can be achieved by dragging points (tests/test_sims_ch07.py).
CHALLENGES = (
    Challenge(
        1,
        "double the crowd",
        "drag hours until each extra hundred dollars doubles the expected customers",
        "e^\u03b8\u2081 between 1.95 and 2.05",
        _factor_between(1.95, 2.05),
    ),
    Challenge(
        2,
        "switch the ads off",
        "drag hours until ad spend makes no difference to the expected customers",
        "e^\u03b8\u2081 between 0.99 and 1.01",
        _factor_between(0.99, 1.01),
    ),
    Challenge(
        3,
        "rescue the straight line",
        "drag hours until the least-squares line predicts no negative count "
        "anywhere from 0 to 1,000 dollars, while still rising by at least half "
        "a customer per hundred dollars",
        f"line \u2265 0 at 0 and at 1,000 dollars, slope \u2265 {RESCUE_SLOPE}",
        _line_rescued,
    ),
)


# --------------------------------------------------------------------------
# what the fit assumes, and how sure it is


@dataclass(frozen=True)
class PearsonCheck:
    """Pearson's check of a Poisson fit's variance = mean (chapter 7).

    ``chi2`` is sum((y - mu)^2 / V(mu)), ``df`` = n - p its degrees of
    freedom, ``ratio`` = chi2 / df, and ``p_value`` the chance of a chi2
    at least this large when the model is right (chi^2 with df degrees of
    freedom, approximately).
    """

    chi2: float
    df: int
    ratio: float
    p_value: float


def pearson_check(fit, X, y):
    """Pearson's chi^2 over its degrees of freedom, sum((y - mu)^2 / V(mu)) / (n - p) (chapter 7).

    A Poisson count's variance equals its mean, V(mu) = mu, so each term
    is about 1 on average when the model is right and the ratio is near 1.
    Counts that scatter more than their mean (customers who arrive in
    groups) push it well above 1; the standard errors of
    ``factor_interval`` would then be too small.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    means = fit.predict(X)
    chi2 = float(np.sum((y - means) ** 2 / fit.family.variance_from_mean(means)))
    df = X.shape[0] - X.shape[1]
    return PearsonCheck(chi2, df, chi2 / df, float(stats.chi2.sf(chi2, df)))


@dataclass(frozen=True)
class FactorInterval:
    """e^theta_j and its Wald interval, from a fit's information (chapter 7)."""

    factor: float
    low: float
    high: float
    standard_error: float
    level: float


def factor_interval(fit, X, column=1, level=0.95):
    """e^theta_j with its Wald interval, exp(theta_j -/+ z se_j) (chapter 7).

    The standard error is the square root of the diagonal of the inverse of
    the information X^T W X at the fit (``glmlib.curvature.information``;
    W = mu for the Poisson), so it holds when the model's variance is right
    (``pearson_check``'s ratio near 1) and the hours are independent.
    """
    X = np.asarray(X, dtype=float)
    info = information(X, fit.family, fit.coef, fit.link, average=False)
    se = float(np.sqrt(np.linalg.inv(info)[column, column]))
    z = float(stats.norm.ppf(0.5 + level / 2))
    theta = float(fit.coef[column])
    return FactorInterval(
        factor=float(np.exp(theta)),
        low=float(np.exp(theta - z * se)),
        high=float(np.exp(theta + z * se)),
        standard_error=se,
        level=level,
    )


# --------------------------------------------------------------------------
# a line through the logs of the counts, and its usual patch


@dataclass(frozen=True)
class Slopes:
    """One data set's slope three ways (chapter 7).

    ``poisson``: Poisson regression (the log of the mean is linear);
    ``log_dropped``: least squares on log y, the hours with y = 0 dropped;
    ``log_plus_one``: least squares on log(y + 1), every hour kept.
    """

    poisson: float
    log_dropped: float
    log_plus_one: float


def _least_squares_slope(spend, target):
    design = design_matrix(spend)
    return float(np.linalg.lstsq(design, target, rcond=None)[0][1])


def three_slopes(spend, customers):
    """The slope of customers on spend by Poisson regression and two lines through logs (chapter 7)."""
    spend = np.asarray(spend, dtype=float)
    customers = np.asarray(customers, dtype=float)
    busy = customers > 0
    return Slopes(
        poisson=float(poisson_fit(spend, customers).coef[1]),
        log_dropped=_least_squares_slope(spend[busy], np.log(customers[busy])),
        log_plus_one=_least_squares_slope(spend, np.log1p(customers)),
    )


#: the seeds of chapter 7's 500 more shops (the shop's own seed is not among them)
SIMULATED_SHOPS = range(100, 600)


def average_slopes(seeds=SIMULATED_SHOPS):
    """The three slopes averaged over shops simulated like the shop (chapter 7).

    Each seed draws 40 hours from the model the shop's hours came from
    (``glmlib.data.shop_hours``, true slope ``SHOP_SLOPE``): Poisson
    regression averages near the truth, both lines through logs below it.
    """
    found = [three_slopes(*shop_hours(seed)) for seed in seeds]
    return Slopes(
        *(
            float(np.mean([getattr(s, name) for s in found]))
            for name in Slopes.__dataclass_fields__
        )
    )
