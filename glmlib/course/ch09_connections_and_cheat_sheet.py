"""Chapter 9's lesson helpers: the course on one page, and a fit loop that survives real data.

* the one-page summary of the course, its response and link rows built from
  glmlib's own families and links (``one_page_summary``), so that the cheat
  sheet cannot drift from the code (the per-family table is
  ``glmlib.course.tables.link_table``);
* ``gradient_ascent_path``, the universal update theta <- theta + alpha *
  X^T (y - h) with the two repairs chapter 9 argues for switched on or off:
  an averaged gradient, and a step that is halved whenever the
  log-likelihood would fall; ``shop_loop`` runs it on the shop's 40 hours,
  ``judge`` says in words how it ended and ``fixed_step_verdict`` does both
  for the cheat sheet's loop on any data;
* ``feature_units``, one fit with its feature as recorded, centred and
  standardised: how sharply the log-likelihood bends (the condition number)
  and how many steps gradient ascent and Newton need, the measure of what
  ``fit_glm``'s standard units buy.

Without the repairs, at the learning rate 0.01 that cheat sheets like to
use, the loop ends at theta of about (-3.5e38, -3.3e39): every prediction
underflows to zero customers, the updates are too small to move numbers that
large, and nothing warns.
"""

from dataclasses import dataclass

import numpy as np

from ..curvature import curvatures
from ..data import SPEND_RANGE, design_matrix, shop_hours
from ..families import get_family
from ..fitting import fit
from .tables import Table, canonical_link_description

# --------------------------------------------------------------------------
# the summary tables


#: The families in the one-page summary: the lesson's four and the one that
#: chapter 9 invents.
SUMMARY_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical", "gamma")


def _per_family(family_names, describe):
    """One clause per family, joined: "identity (Gaussian); sigmoid (Bernoulli)"."""
    latex, text = [], []
    for name in family_names:
        d = canonical_link_description(name)
        clause_latex, clause_text = describe(d)
        shown = get_family(name).display_name
        latex.append(f"{clause_latex} ({shown})")
        text.append(f"{clause_text} ({shown})")
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
            "Exponential family",
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
                r"$a'(\eta) = E[T(y)]$, the mean of $T(y)$; "
                r"$a''(\eta) = \operatorname{Var} T(y)$ (chapters 1 and 8)",
                "a\u2032(η) = E[T(y)], the mean of T(y); a\u2033(η) = Var T(y) "
                "(chapters 1 and 8)",
            ),
        ),
        (
            "Assumption 1",
            (
                r"given $x$, $y$ follows an exponential-family distribution; the kind "
                "of target picks which (chapter 4)",
                "given x, y follows an exponential-family distribution; the kind of "
                "target picks which (chapter 4)",
            ),
        ),
        (
            "Assumption 2",
            (
                r"predict the mean: $h(x) = E[y \mid x]$ (chapter 4)",
                "predict the mean: h(x) = E[y | x] (chapter 4)",
            ),
        ),
        (
            "Assumption 3",
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
            "Gradient",
            (
                r"$\nabla_\theta \ell = \sum_i \big(y_i - h(x_i)\big)\,x_i$ for a "
                "canonical link and $T(y) = y$, because $a'(\\eta)$ is then the mean "
                "of $y$; another link multiplies each term by a factor (chapter 8)",
                "∇\u2113(θ) = Σᵢ (yᵢ − h(xᵢ)) xᵢ for a canonical link and T(y) = y, "
                "because a\u2032(η) is then the mean of y; another link multiplies "
                "each term by a factor (chapter 8)",
            ),
        ),
        (
            "Fitting",
            (
                "Newton (IRLS): a handful of steps; gradient ascent: hundreds or "
                "thousands, safe with an averaged gradient and a step that is "
                "halved when the log-likelihood would fall, quick only with "
                "features in standard units (chapters 8 and 9)",
                "Newton (IRLS): a handful of steps; gradient ascent: hundreds or "
                "thousands, safe with an averaged gradient and a step that is "
                "halved when the log-likelihood would fall, quick only with "
                "features in standard units (chapters 8 and 9)",
            ),
        ),
    )
    return Table(header=("idea", "what it says"), rows=rows)


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


# --------------------------------------------------------------------------
# the loop on the shop's hours

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


def fixed_step_verdict(X, y, family, learning_rate, n_steps=N_STEPS):
    """How the cheat sheet's loop ends on (X, y), in ``judge``'s words (chapter 9).

    The loop is the plain one: the gradient summed over the rows, a fixed
    ``learning_rate``, no halving; the verdict measures it against
    ``glmlib.fit`` on the same data.
    """
    path = gradient_ascent_path(
        X, y, family, learning_rate, n_steps, average=False, halve=False
    )
    best = fit(X, y, family=family)
    return judge(path, best.coef, best.loglik)


# --------------------------------------------------------------------------
# what the units of a feature cost gradient ascent


@dataclass(frozen=True)
class UnitsFit:
    """One fit with the feature in one set of units (chapter 9).

    ``condition_number`` is the sharpest over the flattest curvature of the
    log-likelihood at the fit; ``gradient_steps`` the steps plain gradient
    ascent takes at the learning rate 1 / (sharpest curvature);
    ``newton_steps`` Newton's.
    """

    units: str
    condition_number: float
    gradient_steps: int
    newton_steps: int
    gradient_coef: np.ndarray
    newton_coef: np.ndarray


#: the units ``feature_units`` compares, and how each is made from the feature
UNITS = {
    "as recorded": lambda x: x,
    "centred": lambda x: x - x.mean(),
    "standardised": lambda x: (x - x.mean()) / x.std(),
}


def feature_units(feature, y, family="poisson", max_iter=20_000):
    """One model fitted with its feature as recorded, centred and standardised (chapter 9).

    The model is the same in all three (a column of ones takes up the
    shift, the slope the scale); what changes is how differently the
    log-likelihood bends along its directions, and with it the steps
    gradient ascent needs at the learning rate 1 / L. Newton's method
    rescales itself and needs the same few steps in every case. This was
    chapter 8's closing comparison; chapter 9 uses it to show what
    ``fit_glm``'s standard units are for.
    """
    feature = np.asarray(feature, dtype=float)
    fits = []
    for units, rescale in UNITS.items():
        X = design_matrix(rescale(feature))
        newton = fit(X, y, family)
        bends = curvatures(X, family, newton.coef)
        ascent = fit(
            X,
            y,
            family,
            method="gradient",
            learning_rate=1 / bends[-1],
            max_iter=max_iter,
        )
        fits.append(
            UnitsFit(
                units=units,
                condition_number=float(bends[-1] / bends[0]),
                gradient_steps=int(ascent.n_iter),
                newton_steps=int(newton.n_iter),
                gradient_coef=ascent.coef,
                newton_coef=newton.coef,
            )
        )
    return fits


def feature_units_table(fits, feature_name="spend"):
    """``feature_units`` as a table: condition number and steps, one row per units (chapter 9)."""
    return Table.from_rows(
        (feature_name, "L / λ_min", "gradient ascent steps", "Newton steps"),
        [(f.units, f.condition_number, f.gradient_steps, f.newton_steps) for f in fits],
        decimals=0,
        decimals_for={"L / λ_min": 1},
    )
