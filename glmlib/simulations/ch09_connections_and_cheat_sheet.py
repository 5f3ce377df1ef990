"""Chapter 9: the course on one page, and a fit loop that survives real data.

Three kinds of helper live here:

* the summary tables, built from glmlib's own families and links
  (``one_page_summary``, ``link_table``), so that the cheat sheet cannot
  drift from the code;
* ``gradient_ascent_path``, the universal update theta <- theta + alpha *
  X^T (y - h) with the two repairs chapter 9 argues for switched on or off:
  an averaged gradient, and a step that is halved whenever the
  log-likelihood would fall;
* ``FitLoopOnTheShop``, the simulation: that loop on the shop's 40 hours of
  chapter 0, with a learning-rate slider and a switch for each repair.

Without the repairs, at the learning rate 0.01 that cheat sheets like to
use, the loop ends at theta of about (-3.5e38, -3.3e39): every prediction
underflows to zero customers, the updates are too small to move numbers that
large, and nothing warns.
"""

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import curvature
from ..data import SPEND_RANGE, design_matrix, shop_hours
from ..families import get_family
from ..fitting import fit
from ..links import LINKS
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import MINUS, PALETTE, course_figure, set_ticks, style_axes

# --------------------------------------------------------------------------
# the summary tables

#: The regression model each family gives with its canonical link (chapters 5-9).
MODEL_NAMES = {
    "gaussian": "linear regression",
    "bernoulli": "logistic regression",
    "binomial": "logistic regression on counts of successes",
    "poisson": "Poisson regression",
    "categorical": "softmax regression",
    "gamma": "gamma regression",
    "exponential": "exponential regression",
}
#: How the cheat sheet names each family.
FAMILY_NAMES = {
    "gaussian": "Gaussian",
    "bernoulli": "Bernoulli",
    "binomial": "binomial",
    "poisson": "Poisson",
    "categorical": "categorical",
    "gamma": "gamma",
    "exponential": "exponential",
}
#: The families in the one-page summary: the lesson's four and the one that
#: chapter 9 invents.
SUMMARY_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical", "gamma")
#: Every family in the link table.
TABLE_FAMILIES = (
    "gaussian",
    "bernoulli",
    "binomial",
    "poisson",
    "categorical",
    "gamma",
    "exponential",
)


@dataclass(frozen=True)
class Table:
    """A small table shown as Markdown in JupyterLab and as text elsewhere (chapter 9).

    ``rows`` hold pairs of strings: LaTeX-flavoured Markdown for the
    rendered table, plain Unicode for the text form that nbval compares.
    """

    header: tuple
    rows: tuple

    def markdown(self):
        """The table in Markdown, formulas in LaTeX."""
        lines = [
            "| " + " | ".join(self.header) + " |",
            "|" + "---|" * len(self.header),
        ]
        lines += [
            "| " + " | ".join(cell[0] for cell in row) + " |" for row in self.rows
        ]
        return "\n".join(lines)

    def text(self):
        """The table in plain text, one block per row, formulas in Unicode."""
        blocks = []
        for row in self.rows:
            first, *rest = (cell[1] for cell in row)
            lines = [first]
            lines += [
                f"    {name}: {value}"
                for name, value in zip(self.header[1:], rest, strict=True)
            ]
            blocks.append("\n".join(lines))
        return "\n".join(blocks)

    def _repr_markdown_(self):
        return self.markdown()

    def __repr__(self):
        return self.text()


def _same(text):
    """A cell that reads the same in Markdown and in plain text."""
    return (text, text)


def canonical_link_description(family_name):
    """The ``LinkDescription`` of a family's canonical link (chapter 9).

    Looked up twice, by the family's declared ``canonical_link`` name in
    ``glmlib.links.LINKS`` and by ``get_link()``, and the two must agree.
    """
    family = get_family(family_name)
    by_name = LINKS[family.canonical_link]().description
    by_family = family.get_link().description
    if by_name != by_family:
        raise AssertionError(
            f"{family_name}: canonical link {family.canonical_link!r} disagrees with "
            f"get_link() ({by_family.name!r})"
        )
    return by_family


def _per_family(family_names, describe):
    """One clause per family, joined: "identity (Gaussian); sigmoid (Bernoulli)"."""
    latex, text = [], []
    for name in family_names:
        d = canonical_link_description(name)
        clause_latex, clause_text = describe(d)
        latex.append(f"{clause_latex} ({FAMILY_NAMES[name]})")
        text.append(f"{clause_text} ({FAMILY_NAMES[name]})")
    return "; ".join(latex), "; ".join(text)


def one_page_summary(families=SUMMARY_FAMILIES):
    """The whole course in one table; the response and link rows come from glmlib (chapter 9).

    The idea rows are the course's wording; the rows for the response and the
    link functions are assembled from each family's canonical link
    (``get_family(name).get_link().description``), so renaming a link or
    changing its formula in ``glmlib.links`` changes this table too.
    """
    response = _per_family(
        families,
        lambda d: (
            f"{d.response_name}, ${d.response_latex}$",
            f"{d.response_name}, {d.response_text}",
        ),
    )
    link = _per_family(
        families,
        lambda d: (
            f"{d.display_name}, ${d.link_latex}$",
            f"{d.display_name}, {d.link_text}",
        ),
    )
    rows = (
        (
            _same("Exponential family"),
            (
                r"$p(y;\eta) = b(y)\exp\big(\eta\,T(y) - a(\eta)\big)$: natural "
                r"parameter $\eta$, sufficient statistic $T(y)$, log-partition "
                r"$a(\eta)$, base measure $b(y)$ (chapter 1)",
                "p(y; η) = b(y) exp(η T(y) − a(η)): natural parameter η, sufficient "
                "statistic T(y), log-partition a(η), base measure b(y) (chapter 1)",
            ),
        ),
        (
            (r"What $a(\eta)$ knows", "What a(η) knows"),
            (
                r"$a'(\eta) = E[T(y)]$, the mean; $a''(\eta) = \operatorname{Var} T(y)$ "
                "(chapters 1 and 8)",
                "a\u2032(η) = E[T(y)], the mean; a\u2033(η) = Var T(y) (chapters 1 and 8)",
            ),
        ),
        (
            _same("Assumption 1"),
            (
                r"given $x$, $y$ follows an exponential-family distribution; the kind "
                "of target picks which (chapter 4)",
                "given x, y follows an exponential-family distribution; the kind of "
                "target picks which (chapter 4)",
            ),
        ),
        (
            _same("Assumption 2"),
            (
                r"predict the mean: $h(x) = E[y \mid x]$ (chapter 4)",
                "predict the mean: h(x) = E[y | x] (chapter 4)",
            ),
        ),
        (
            _same("Assumption 3"),
            (
                r"the natural parameter is linear: $\eta = \theta^T x$ (chapter 4)",
                "the natural parameter is linear: η = θᵀx (chapter 4)",
            ),
        ),
        (
            (r"Response function $g^{-1}$", "Response function g⁻¹"),
            (
                r"$\eta \mapsto \mu$: " + response[0],
                "η → μ: " + response[1],
            ),
        ),
        (
            (r"Link function $g$", "Link function g"),
            (
                r"$\mu \mapsto \eta$, the inverse: " + link[0],
                "μ → η, the inverse: " + link[1],
            ),
        ),
        (
            _same("Gradient"),
            (
                r"$\nabla_\theta \ell = \sum_i \big(y_i - h(x_i)\big)\,x_i$ for a "
                "canonical link, because $a'(\\eta)$ is the mean; another link "
                "multiplies each term by a factor (chapter 8)",
                "∇\u2113(θ) = Σᵢ (yᵢ − h(xᵢ)) xᵢ for a canonical link, because a\u2032(η) is "
                "the mean; another link multiplies each term by a factor (chapter 8)",
            ),
        ),
        (
            _same("Fitting"),
            (
                "Newton (IRLS): a handful of steps; gradient ascent: hundreds or "
                "thousands, safe with an averaged gradient and a step that is "
                "halved when the log-likelihood would fall (chapters 8 and 9)",
                "Newton (IRLS): a handful of steps; gradient ascent: hundreds or "
                "thousands, safe with an averaged gradient and a step that is "
                "halved when the log-likelihood would fall (chapters 8 and 9)",
            ),
        ),
    )
    return Table(header=("idea", "what it says"), rows=rows)


def link_table(families=TABLE_FAMILIES):
    """One row per family: its model, canonical link, response and valid means (chapter 9).

    Every formula and name is read from ``glmlib.links``' descriptions of the
    family's canonical link; the last column lists the other links the
    family accepts in ``glmlib.fit``.
    """
    rows = []
    for name in families:
        family = get_family(name)
        d = canonical_link_description(name)
        others = [n for n in family.link_names if n != family.canonical_link]
        rows.append(
            (
                _same(FAMILY_NAMES[name]),
                _same(MODEL_NAMES[name]),
                (
                    f"{d.display_name}: ${d.link_latex}$",
                    f"{d.display_name}: {d.link_text}",
                ),
                (
                    f"{d.response_name}: ${d.response_latex}$",
                    f"{d.response_name}: {d.response_text}",
                ),
                _same(d.mean_interval_text),
                _same(", ".join(others) if others else "none"),
            )
        )
    return Table(
        header=(
            "distribution",
            "model",
            "canonical link g",
            "response g⁻¹",
            "valid means",
            "other links",
        ),
        rows=tuple(rows),
    )


# --------------------------------------------------------------------------
# the loop, with and without its two repairs

#: Steps the chapter's loops take: as many as the cheat sheet's loop.
N_STEPS = 3000
#: A fall of the log-likelihood smaller than this fraction of it is rounding
#: noise, not a step that went too far.
ROUNDING_SLACK = 1e-12


@dataclass(frozen=True)
class LoopPath:
    """Every step of one run of the universal update (chapter 9).

    ``thetas[k]`` and ``logliks[k]`` are theta and the log-likelihood after
    step k (row 0 is the start, theta = 0). A run that stopped early because
    it had settled repeats its last row to the end. ``overflow_step`` is the
    step at which theta or the predicted mean left the floating-point
    numbers (None if it never did); the rows from there on repeat the last
    finite theta. ``halvings`` counts how often the step was halved.
    """

    thetas: np.ndarray
    logliks: np.ndarray
    learning_rate: float
    average: bool
    halve: bool
    halvings: int
    overflow_step: int | None

    @property
    def theta(self):
        """theta after the last step."""
        return self.thetas[-1]

    @property
    def loglik(self):
        """The log-likelihood after the last step."""
        return float(self.logliks[-1])


def gradient_ascent_path(
    X,
    y,
    family="poisson",
    learning_rate=0.01,
    n_steps=N_STEPS,
    average=True,
    halve=True,
):
    """Run theta <- theta + alpha * X^T (y - h(X theta)) [/ n] for ``n_steps`` (chapter 9).

    The response h and the log-likelihood come from glmlib's family (its
    canonical link). ``average`` divides the gradient by the number of rows;
    ``halve`` halves the step, again and again, until the log-likelihood
    does not fall (beyond rounding). With both off this is the cheat-sheet
    loop, fixed step and summed gradient. Overflow is not an error here: it
    is what the chapter shows, so it is recorded, not warned about.
    """
    fam = get_family(family)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    statistic = fam.sufficient_statistic(y)
    log_base = float(np.sum(fam.log_base_measure(y)))
    scale = 1.0 / len(y) if average else 1.0
    X_T = np.ascontiguousarray(X.T)

    def loglik(eta):
        return float(statistic @ eta - fam.log_partition(eta).sum()) + log_base

    thetas = np.zeros((n_steps + 1, X.shape[1]))
    logliks = np.empty(n_steps + 1)
    theta = thetas[0]
    eta = X @ theta
    logliks[0] = loglik(eta)
    rate, halvings, overflow_step, last = float(learning_rate), 0, None, n_steps
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, n_steps + 1):
            gradient = X_T @ (y - fam.response(eta))
            if scale != 1.0:
                gradient *= scale
            if halve:
                while True:
                    new_theta = theta + rate * gradient
                    eta = X @ new_theta
                    new_loglik = loglik(eta)
                    slack = ROUNDING_SLACK * (1.0 + abs(logliks[k - 1]))
                    if new_loglik >= logliks[k - 1] - slack:
                        break
                    rate /= 2
                    halvings += 1
                logliks[k] = new_loglik
            else:
                new_theta = theta + rate * gradient
                eta = X @ new_theta
            if not np.isfinite(new_theta @ new_theta):
                # theta itself overflowed (or is about to: its square did)
                overflow_step, last = k, k - 1
                break
            thetas[k] = theta = new_theta
            # Every 25 steps: has the run settled? (Checking every step costs more.)
            if k % 25 == 0:
                moved = np.abs(theta - thetas[k - 25]).max()
                if moved <= 1e-13 * (1.0 + np.abs(theta).max()):
                    last = k
                    break
    thetas[last + 1 :] = thetas[last]
    if not halve:
        # The fixed-step run needs no log-likelihood to decide anything: compute
        # them all at once afterwards.
        with np.errstate(over="ignore", invalid="ignore"):
            etas = thetas[: last + 1] @ X_T
            logliks[: last + 1] = (
                etas @ statistic - fam.log_partition(etas).sum(axis=1) + log_base
            )
    logliks[last + 1 :] = logliks[last]
    return LoopPath(
        thetas=thetas,
        logliks=logliks,
        learning_rate=float(learning_rate),
        average=bool(average),
        halve=bool(halve),
        halvings=halvings,
        overflow_step=overflow_step,
    )


def stable_learning_rate(X, y, family="poisson", theta=None, average=False):
    """2 / (largest curvature of the log-likelihood) at theta (chapter 9).

    A fixed step alpha makes gradient ascent settle near theta only if alpha
    times the largest eigenvalue of the curvature X^T W X is below 2, where W
    holds each row's variance a''(eta) (chapter 8). This returns that bound,
    for the summed gradient or, with ``average``, for the averaged one.
    """
    X = np.asarray(X, dtype=float)
    theta = np.zeros(X.shape[1]) if theta is None else theta
    return curvature.stable_learning_rate(X, family, theta, average=average)


def standardized_design(*columns):
    """A column of ones beside each feature rescaled to mean 0 and spread 1 (chapter 9).

    Gradient ascent's step sizes work across data sets only when the
    features share a scale; ``fit_glm``'s promise is stated for such X.
    """
    features = np.column_stack([np.asarray(c, dtype=float) for c in columns])
    spread = features.std(axis=0)
    if np.any(spread == 0):
        raise ValueError("standardized_design: a feature is constant; drop it")
    scaled = (features - features.mean(axis=0)) / spread
    return np.column_stack([np.ones(len(scaled)), scaled])


# --------------------------------------------------------------------------
# number formats for huge and tiny values

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def scientific(value, digits=2):
    """A number of any size, readable, never "nan": -3.5 x 10^38 in superscripts (chapter 9).

    Numbers between 0.001 and 10,000 are written plainly with ``digits``
    significant figures; infinities as the infinity sign.
    """
    value = float(value)
    if math.isnan(value):
        raise ValueError("a readout was NaN; every number shown must be defined")
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if math.isinf(size):
        return sign + "∞"
    if size == 0:
        return "0"
    exponent = math.floor(math.log10(size))
    mantissa = size / 10.0**exponent
    if round(mantissa, digits - 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    if -3 <= exponent <= 3:
        decimals = max(digits - 1 - exponent, 0)
        return sign + f"{size:.{decimals}f}"
    power = str(exponent).translate(_SUPERSCRIPTS)
    return f"{sign}{mantissa:.{digits - 1}f} \u00d7 10{power}"


def format_pair(theta, digits=3):
    """A pair such as theta, each number written by ``scientific`` (chapter 9)."""
    return "(" + ", ".join(scientific(t, digits) for t in theta) + ")"


# --------------------------------------------------------------------------
# the simulation

#: the learning rate's slider runs over its base-10 logarithm
LOG_RATE_RANGE = (-5.0, 0.0)
#: the log-likelihood gap drawn on the right, clipped to this range
GAP_RANGE = (1e-8, 1e6)
GAP_TICKS = [1e-8, 1e-4, 1.0, 1e4]
STEP_TICKS = [1, 10, 100, 1000]
#: steps at which the right-hand curve is drawn: every step would be 3000 points
DRAWN_STEPS = np.unique(np.geomspace(1, N_STEPS, 160).round().astype(int))
SPEND_GRID = np.linspace(*SPEND_RANGE, 81)
#: fitted means are drawn up to this many customers; beyond, the curve leaves the axes
MEAN_CLIP = 60.0


@dataclass(frozen=True)
class ShopDesign:
    """The shop's hours as the loop sees them: raw or standardized spend (chapter 9).

    ``X`` has the intercept column and the spend (raw, or rescaled to mean 0
    and spread 1); ``newton`` is ``glmlib.fit``'s Poisson fit on that X, the
    answer every run is measured against. ``spend_mean`` and ``spend_scale``
    turn a grid of raw spends into the loop's feature.
    """

    X: np.ndarray
    y: np.ndarray
    newton: object
    spend_mean: float
    spend_scale: float

    def feature(self, spend):
        """Raw spend -> the feature column the loop was fitted on."""
        return (np.asarray(spend, dtype=float) - self.spend_mean) / self.spend_scale


def shop_designs():
    """``{False: raw design, True: standardized design}`` of the shop's 40 hours (chapter 9)."""
    spend, customers = shop_hours()
    designs = {}
    for standardize in (False, True):
        mean, scale = (spend.mean(), spend.std()) if standardize else (0.0, 1.0)
        X = design_matrix((spend - mean) / scale)
        designs[standardize] = ShopDesign(
            X=X,
            y=customers,
            newton=fit(X, customers, family="poisson"),
            spend_mean=float(mean),
            spend_scale=float(scale),
        )
    return designs


@dataclass(frozen=True)
class ShopLoopState:
    """One run of the loop on the shop's hours, and how it ended (chapter 9)."""

    path: LoopPath
    standardize: bool
    newton_theta: np.ndarray
    newton_loglik: float
    gap: np.ndarray
    verdict: str
    curve_mean: np.ndarray

    @property
    def final_gap(self):
        """Best log-likelihood minus the loop's final one."""
        return float(self.gap[-1])


def judge(path, newton_theta, newton_loglik):
    """Say in words how a run ended (chapter 9).

    Overflowed; diverged (the log-likelihood ended below its start);
    at the maximum (theta within 0.1% of Newton's); still climbing; or
    bouncing without settling.
    """
    if path.overflow_step is not None:
        return f"overflow at step {path.overflow_step}: θ left the range of floating-point numbers"
    if not path.loglik >= path.logliks[0]:
        return "diverged: \u2113 ended far below where it started"
    distance = np.max(np.abs(path.theta - newton_theta))
    if distance <= 1e-3 * (1.0 + np.max(np.abs(newton_theta))):
        return "at the maximum: θ matches Newton's"
    recent = np.diff(path.logliks[-200:])
    if np.all(recent >= -ROUNDING_SLACK * (1.0 + abs(newton_loglik))):
        return "still climbing: too slow to arrive"
    return "bouncing: the steps overshoot and never settle"


def shop_loop(log10_rate, average, halve, standardize=False, designs=None):
    """The loop on the shop's 40 hours at learning rate 10**log10_rate (chapter 9).

    ``designs`` is ``shop_designs()`` (built here if not given); the run uses
    the standardized one when ``standardize`` is true.
    """
    design = (designs or shop_designs())[bool(standardize)]
    path = gradient_ascent_path(
        design.X,
        design.y,
        "poisson",
        10.0**log10_rate,
        N_STEPS,
        average=average,
        halve=halve,
    )
    gap = design.newton.loglik - path.logliks
    gap = np.where(gap > 0, gap, 0.0)  # a NaN-free gap: -inf log-likelihood -> inf
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        eta = path.theta[0] + path.theta[1] * design.feature(SPEND_GRID)
        curve = np.exp(np.minimum(eta, 700.0))  # tiny means underflow to 0
    return ShopLoopState(
        path=path,
        standardize=bool(standardize),
        newton_theta=design.newton.coef,
        newton_loglik=design.newton.loglik,
        gap=np.where(np.isnan(gap), np.inf, gap),
        verdict=judge(path, design.newton.coef, design.newton.loglik),
        curve_mean=np.minimum(curve, MEAN_CLIP),
    )


class FitLoopOnTheShop(Simulation):
    """The universal update on the shop's counts, with and without its repairs (chapter 9).

    Controls: ``log10_rate`` (the learning rate alpha = 10^x), ``average``
    (divide the gradient by the 40 hours), ``halve`` (halve the step
    whenever the log-likelihood would fall) and ``standardize`` (run on the
    spend rescaled to mean 0 and spread 1). Left: the shop's hours, Newton's
    fitted mean and the loop's after 3000 steps. Right: how far the loop's
    log-likelihood stays below the best one, step by step. Readouts: the
    settings, theta after the run, that gap and a verdict in words.

    Runs are remembered (up to ``CACHE_SIZE``), so going back to a setting
    costs only the redraw.
    """

    chapter = 9
    CACHE_SIZE = 64

    def __init__(self):
        self.designs = shop_designs()
        self.spend, self.customers = shop_hours()
        self._runs = {}
        super().__init__()

    def make_controls(self):
        toggle = {"layout": widgets.Layout(width="auto")}
        return {
            "log10_rate": slider(
                "learning rate: log₁₀ \u03b1", -2.0, *LOG_RATE_RANGE, 0.1
            ),
            "average": widgets.ToggleButton(
                value=False,
                description="average the gradient",
                tooltip="Divide the summed gradient by the number of hours",
                **toggle,
            ),
            "halve": widgets.ToggleButton(
                value=False,
                description="halve the step when \u2113 falls",
                tooltip="Halve the step whenever the log-likelihood would fall",
                **toggle,
            ),
            "standardize": widgets.ToggleButton(
                value=False,
                description="standardize the spend",
                tooltip="Rescale the spend to mean 0 and spread 1 before fitting",
                **toggle,
            ),
        }

    def compute(self, log10_rate, average, halve, standardize):
        key = (
            round(float(log10_rate), 9),
            bool(average),
            bool(halve),
            bool(standardize),
        )
        state = self._runs.get(key)
        if state is None:
            state = shop_loop(*key, designs=self.designs)
            if len(self._runs) >= self.CACHE_SIZE:
                self._runs.pop(next(iter(self._runs)))
            self._runs[key] = state
        return state

    def build_figure(self):
        fig, (data_ax, gap_ax) = course_figure(
            "The update rule on the shop's counts",
            ncols=2,
            figsize=(7.6, 3.1),
            left=0.08,
            right=0.97,
            wspace=0.38,
        )
        style_axes(
            data_ax,
            "the hours and the fitted mean",
            "ad spend (hundreds of dollars)",
            "customers",
            (-0.3, 10.3),
            (-1.0, 22.0),
            [0, 2, 4, 6, 8, 10],
            [0, 5, 10, 15, 20],
        )
        data_ax.plot(
            self.spend,
            self.customers,
            "o",
            color=PALETTE["grey"],
            alpha=0.6,
            markersize=4,
        )
        newton = self.designs[False].newton
        data_ax.plot(
            SPEND_GRID,
            newton.predict(design_matrix(SPEND_GRID)),
            "--",
            color=PALETTE["black"],
            linewidth=1.4,
            label="Newton (glmlib.fit)",
        )
        (self.curve,) = data_ax.plot(
            [], [], color=PALETTE["vermillion"], label="the loop after 3000 steps"
        )
        data_ax.legend(loc="upper left")
        gap_ax.set_xscale("log")
        gap_ax.set_yscale("log")
        style_axes(
            gap_ax,
            "how far below the best \u2113",
            "step",
            "best \u2113 − \u2113",
            (1, N_STEPS),
            GAP_RANGE,
            STEP_TICKS,
            GAP_TICKS,
        )
        set_ticks(gap_ax.yaxis, GAP_TICKS, ["10⁻⁸", "10⁻⁴", "1", "10⁴"])
        (self.gap_line,) = gap_ax.plot([], [], color=PALETTE["vermillion"])
        self.gap_note = gap_ax.text(
            1.4, 2e5, "", fontsize=10, color=PALETTE["vermillion"], va="top"
        )
        self.settings_note = gap_ax.text(
            1.4, 3e-8, "", fontsize=10, color=PALETTE["grey"], va="bottom"
        )
        self.data_ax, self.gap_ax = data_ax, gap_ax
        fig.add_moving(self.curve, self.gap_line, self.gap_note, self.settings_note)
        return fig

    def draw_state(self, state):
        self.curve.set_data(SPEND_GRID, state.curve_mean)
        gap = np.clip(state.gap[DRAWN_STEPS], GAP_RANGE[0] / 10, GAP_RANGE[1] * 10)
        self.gap_line.set_data(DRAWN_STEPS, gap)
        peak = float(np.max(state.gap))
        if state.path.overflow_step is not None:
            note = f"overflow at step {state.path.overflow_step}"
        elif peak > GAP_RANGE[1]:
            note = f"off the chart: up to {scientific(peak)}"
        else:
            note = ""
        self.gap_note.set_text(note)
        path = state.path
        self.settings_note.set_text(
            " \u00b7 ".join(
                [
                    "averaged" if path.average else "summed",
                    "halved" if path.halve else "fixed step",
                    "standardized" if state.standardize else "raw spend",
                ]
            )
        )
        for control in self.controls.values():
            if isinstance(control, widgets.ToggleButton):
                control.icon = "check" if control.value else ""

    def readouts(self, state=None):
        state = state or self.state
        path = state.path
        hours = len(self.customers)
        how = "averaged" if path.average else "summed"
        if not path.halve:
            step = "fixed"
        elif path.halvings == 0:
            step = "never halved"
        else:
            step = (
                "halved once" if path.halvings == 1 else f"halved {path.halvings} times"
            )
        spend = "standardized spend" if state.standardize else "raw spend"
        theta_label = (
            f"θ after {N_STEPS} steps ({spend})"
            if path.overflow_step is None
            else f"θ after step {path.overflow_step - 1} ({spend})"
        )
        return [
            Readout(r"\alpha", "\u03b1", scientific(path.learning_rate)),
            Readout(r"\text{gradient}", "gradient", f"{how} over {hours} hours"),
            Readout(r"\text{step}", "step", step),
            Readout(r"\theta", theta_label, format_pair(path.theta)),
            Readout(
                r"\hat\theta",
                f"Newton's θ ({spend})",
                format_pair(state.newton_theta),
            ),
            Readout(
                r"\hat\ell - \ell", "best \u2113 − \u2113", scientific(state.final_gap)
            ),
            Readout(r"\text{verdict}", "verdict", state.verdict, separator=": "),
        ]
