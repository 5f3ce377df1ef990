"""Chapter 6: the link g and the response g^-1, two translators between mu and eta.

The link g takes a mean mu to the linear predictor eta = g(mu) (up to the
linear world where eta = theta^T x lives); the response g^-1 brings eta back
to a mean. Every family and link glmlib offers can be picked, canonical or
not. Move the mean and read eta, or move eta and read the mean: on the left
both curves share one pair of axes, and the dot on one is the mirror image,
across the diagonal, of the dot on the other.

On the right the same family and link are fitted (``glmlib.fit``) to data
that suit the family, and the fitted mean h(x) = g^-1(theta^T x) is drawn.
A toggle draws the common mistake next to it: the link applied to
theta^T x, where the response belongs. For a non-canonical link the
canonical link's fit is drawn dashed beside it (the probit beside the
logit).

Every edge is described in words instead of drawn as something undefined:
a mean of exactly 0 or 1 under the logit (eta = minus or plus infinity), a
mean outside the link's range, an eta that no mean maps to (the inverse
link needs eta > 0), a fit that does not exist.
"""

import html
import warnings
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ..data import SPEND_RANGE, design_matrix, shop_hours
from ..families import Exponential, Gamma, get_family
from ..fitting import fit
from ..links import LINKS
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import (
    FAMILY_COLOURS,
    FAMILY_LABELS,
    PALETTE,
    course_figure,
    format_number,
    style_axes,
)
from .ch05_linear_and_logistic_from_the_recipe import takings_and_queues

#: the families the translator offers (the categorical's link is a vector;
#: the table covers it)
TRANSLATOR_FAMILIES = ("gaussian", "bernoulli", "poisson", "gamma", "exponential")
#: the rows of the lesson's table, then the extension rows
TABLE_FAMILIES = ("gaussian", "bernoulli", "poisson", "categorical")
EXTENSION_FAMILIES = ("gamma", "exponential")
#: the regression model each family gives with its canonical link
MODEL_NAMES = {
    "gaussian": "linear regression",
    "bernoulli": "logistic regression",
    "binomial": "logistic regression (n trials)",
    "poisson": "Poisson regression",
    "categorical": "softmax regression",
    "gamma": "gamma regression",
    "exponential": "exponential regression",
}
#: how the table names each distribution (the categorical is one multinomial trial)
TABLE_NAMES = {"categorical": "Multinomial (one trial: categorical)"}

#: The mirror panel: the same limits on both axes, per family
MIRROR_LIMITS = {
    "gaussian": ((-4.0, 4.0), [-4, -2, 0, 2, 4]),
    "bernoulli": ((-4.0, 4.0), [-4, -2, 0, 2, 4]),
    "poisson": ((-4.0, 8.0), [-4, 0, 4, 8]),
    "gamma": ((-4.0, 8.0), [-4, 0, 4, 8]),
    "exponential": ((-4.0, 8.0), [-4, 0, 4, 8]),
}
#: The mean slider: the family's means, from edge to edge where there is one
MEAN_SLIDER = {
    "gaussian": (-4.0, 4.0, 0.05),
    "bernoulli": (0.0, 1.0, 0.01),
    "poisson": (0.0, 8.0, 0.05),
    "gamma": (0.0, 8.0, 0.05),
    "exponential": (0.0, 8.0, 0.05),
}
ETA_STEP = 0.05
#: where a dot for an eta beyond the mirror panel is parked, as a share of its span
EDGE_INSET = 0.04

#: The fitted panel: what y is for each family, and its axes
FIT_PANELS = {
    "gaussian": ("takings ($100s)", (-2.0, 10.5), [0, 3, 6, 9]),
    "bernoulli": ("queue formed (1 = yes)", (-0.3, 1.3), [0, 0.5, 1]),
    "poisson": ("customers", (-2.0, 22.0), [0, 5, 10, 15, 20]),
    "gamma": ("minutes to the next customer", (-1.0, 14.0), [0, 4, 8, 12]),
    "exponential": ("minutes to the next customer", (-1.0, 14.0), [0, 4, 8, 12]),
}
CURVE_SPEND = np.linspace(*SPEND_RANGE, 201)
#: The seeded waiting times (minutes): the natural parameter is
#: -(WAIT_RATE + WAIT_RATE_SLOPE * spend), so the mean wait is 1 / that rate
WAIT_SEED = 4
WAIT_RATE = 0.1
WAIT_RATE_SLOPE = 0.05
GAMMA_SHAPE = 4.0


def waiting_minutes(seed=WAIT_SEED):
    """Minutes until the next customer, for 40 hours (chapter 6's gamma data).

    Returns ``(spend, gamma_waits, exponential_waits)``. The mean wait is
    1 / (WAIT_RATE + WAIT_RATE_SLOPE * spend) minutes: 10 minutes with no
    advertising, under 2 at the top spend. Gamma waits (shape 4) are drawn
    from ``glmlib.Gamma``, exponential ones from ``glmlib.Exponential``.
    """
    rng = np.random.default_rng(seed)
    spend = np.sort(rng.uniform(*SPEND_RANGE, size=40))
    eta = -(WAIT_RATE + WAIT_RATE_SLOPE * spend)
    gamma_waits = Gamma(shape=GAMMA_SHAPE).sample(eta, rng)
    exponential_waits = Exponential().sample(eta, rng)
    return spend, gamma_waits, exponential_waits


def family_data(family):
    """The 40 hours chapter 6 fits for ``family``: ``(spend, y)`` (chapter 6).

    The takings and queues of chapter 5, the shop's customers of chapter 0,
    and the waiting times of ``waiting_minutes``.
    """
    if family in ("gaussian", "bernoulli"):
        spend, takings, queued = takings_and_queues(1)
        return spend, takings if family == "gaussian" else queued
    if family == "poisson":
        return shop_hours()
    spend, gamma_waits, exponential_waits = waiting_minutes()
    return spend, gamma_waits if family == "gamma" else exponential_waits


def link_label(family, link_name):
    """``"probit"`` or ``"logit (log-odds), canonical"``: a link as a picker shows it (chapter 6)."""
    fam = get_family(family)
    name = LINKS[link_name]().description.display_name
    return f"{name}, canonical" if link_name == fam.canonical_link else name


def family_mean_text(family):
    """The means a family allows, in words, from its canonical link (chapter 6)."""
    return get_family(family).get_link().description.mean_interval_text


# --------------------------------------------------------------------------
# the translation itself


@dataclass(frozen=True)
class Translation:
    """One trip through the translators for a family and a link (chapter 6).

    ``source`` says which side the learner set: ``"mean"`` (then ``eta`` is
    g(mean)) or ``"eta"`` (then ``mean`` is g^-1(eta)). ``mean`` or ``eta``
    is None when no value corresponds; ``eta`` may be plus or minus infinity
    at the edge of the link's range. ``ok`` says whether mean and eta are a
    finite, valid pair; ``status`` says in words what happened.
    """

    family: str
    link: str
    source: str
    mean: object
    eta: object
    round_trip: object
    ok: bool
    status: str


def translate(family, link, source, value):
    """Send a mean through the link, or an eta through the response (chapter 6).

    ``source="mean"``: eta = g(value), then g^-1(eta) back again.
    ``source="eta"``: mean = g^-1(value), then g(mean) back again.
    Values outside what the family or the link allows are reported in
    ``status`` instead of computed into NaN.
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    about = lnk.description
    label = FAMILY_LABELS[fam.name]
    value = float(value)
    low, high = about.mean_interval

    def result(mean, eta, back, ok, status):
        return Translation(family, link, source, mean, eta, back, ok, status)

    if source == "mean":
        mu = value
        shown = format_number(mu, 2)
        if not low <= mu <= high:
            return result(
                mu,
                None,
                None,
                False,
                f"the {about.display_name} link takes only "
                f"{about.mean_interval_text}; \u03bc = {shown} has no \u03b7",
            )
        with np.errstate(divide="ignore", over="ignore"):
            eta = float(lnk.link(mu))
        back = float(lnk.response(eta))
        if not np.isfinite(eta):
            return result(
                mu,
                eta,
                back,
                False,
                f"\u03bc = {shown} is the edge of {about.mean_interval_text}: the "
                f"{about.display_name} link sends it to \u03b7 = {format_number(eta)}, "
                "so no finite \u03b8\u1d40x predicts this mean exactly",
            )
        if not fam.valid_mean(mu):
            return result(
                mu,
                eta,
                back,
                False,
                f"\u03bc = {shown} is not a possible {label} mean "
                f"({family_mean_text(family)} is needed)",
            )
        return result(
            mu,
            eta,
            back,
            True,
            "g turns \u03bc into \u03b7, and g\u207b\u00b9 brings it back: "
            "g\u207b\u00b9(g(\u03bc)) = \u03bc",
        )
    if source != "eta":
        raise ValueError(f"source must be 'mean' or 'eta', not {source!r}")
    eta = value
    with np.errstate(divide="ignore", over="ignore"):
        mu = float(lnk.response(eta))
    if not lnk.valid_eta(eta):
        return result(
            None,
            eta,
            None,
            False,
            f"no mean maps to \u03b7 = {format_number(eta, 2)} under the "
            f"{about.display_name} link (its means are {about.mean_interval_text})",
        )
    if not (np.isfinite(mu) and fam.valid_mean(mu)):
        return result(
            None,
            eta,
            None,
            False,
            f"g\u207b\u00b9(\u03b7) = {format_number(mu, 2)} is not a possible "
            f"{label} mean ({family_mean_text(family)} is needed)",
        )
    with np.errstate(divide="ignore"):
        back = float(lnk.link(mu))
    return result(
        mu,
        eta,
        back,
        True,
        "g\u207b\u00b9 turns \u03b7 into \u03bc, and g brings it back: "
        "g(g\u207b\u00b9(\u03b7)) = \u03b7",
    )


@dataclass(frozen=True)
class TranslatorCurves:
    """The link and response curves of one family and link, on the mirror panel (chapter 6).

    ``link_mean, link_eta`` trace eta = g(mu) over the valid means;
    ``response_eta, response_mean`` trace mu = g^-1(eta) over the valid
    etas; both are computed with glmlib's link, each in its own direction.
    """

    link_mean: np.ndarray
    link_eta: np.ndarray
    response_eta: np.ndarray
    response_mean: np.ndarray


@lru_cache(maxsize=32)
def translator_curves(family, link, points=241):
    """g over the family's valid means, g^-1 over the valid etas (chapter 6).

    Both are restricted to the mirror panel's range and to pairs the family
    and the link allow, so each curve is the other's mirror image across the
    diagonal; values beyond the panel are clipped for drawing.
    """
    fam = get_family(family)
    lnk = fam.get_link(link)
    (low, high), _ = MIRROR_LIMITS[family]
    span = high - low
    interval = lnk.description.mean_interval
    mean_low, mean_high = max(low, interval[0]), min(high, interval[1])
    # points crowd towards the ends, where a link runs off to infinity
    crowd = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, points))
    inset = 1e-7 * (mean_high - mean_low)
    means = mean_low + inset + (mean_high - mean_low - 2 * inset) * crowd
    means = means[fam.valid_mean(means)]
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        link_eta = lnk.link(means)
        etas = np.linspace(low, high, points)
        etas = etas[lnk.valid_eta(etas)]
        response_mean = lnk.response(etas)
    keep = np.isfinite(response_mean) & fam.valid_mean(response_mean)
    clip = (low - span, high + span)
    return TranslatorCurves(
        link_mean=means,
        link_eta=np.clip(link_eta, *clip),
        response_eta=etas[keep],
        response_mean=np.clip(response_mean[keep], *clip),
    )


def mirror_gap(family, link):
    """How far the drawn link curve, mirrored, is from the response (chapter 6).

    Each drawn point (mu, eta) of the link curve, swapped to (eta, mu), must
    lie on the response curve: g^-1(eta) = mu. Returns the largest relative
    miss over the points inside the mirror panel (0 up to rounding).
    """
    curves = translator_curves(family, link)
    lnk = get_family(family).get_link(link)
    (low, high), _ = MIRROR_LIMITS[family]
    inside = (curves.link_eta > low) & (curves.link_eta < high)
    mean = curves.link_mean[inside]
    back = lnk.response(curves.link_eta[inside])
    return float(np.max(np.abs(back - mean) / np.maximum(1.0, np.abs(mean))))


# --------------------------------------------------------------------------
# a fitted model, and the mix-up


@dataclass(frozen=True)
class FittedLink:
    """One family and link fitted to chapter 6's data for that family (chapter 6).

    ``result`` is the ``GLMResult``, or None when glmlib found no fit;
    ``problem`` then says why, in glmlib's own words (also any warning).
    ``curve`` is h(x) = g^-1(theta^T x) over ``CURVE_SPEND``; ``mistake``
    is g(theta^T x), the link applied where the response belongs, over
    ``mistake_spend`` (the spends where it is a real number at all).
    """

    family: str
    link: str
    spend: np.ndarray
    y: np.ndarray
    result: object
    problem: str
    curve: np.ndarray
    mistake_spend: np.ndarray
    mistake: np.ndarray
    mistake_defined_share: float
    mistake_largest_gap: float

    @property
    def mistake_is_invisible(self):
        """True when g(t) = g^-1(t) wherever the fit runs: the link is its own inverse."""
        return bool(
            self.mistake_defined_share == 1.0
            and self.mistake_largest_gap <= 1e-9 * max(1.0, np.max(np.abs(self.curve)))
        )

    def mistake_verdict(self):
        """What applying g instead of g^-1 does to this fit's predictions, in words."""
        if self.result is None:
            return "no fit to predict with"
        if self.mistake_is_invisible:
            return (
                "the same curve: this link is its own inverse (g = g\u207b\u00b9), "
                "so here the slip goes unseen"
            )
        undefined = 1.0 - self.mistake_defined_share
        parts = []
        if undefined > 0:
            parts.append(f"undefined at {undefined:.0%} of the spends shown")
        if self.mistake_defined_share > 0:
            parts.append(
                f"up to {format_number(self.mistake_largest_gap, 2)} away from h(x)"
                + (" where defined" if undefined > 0 else "")
            )
        return "wrong: " + "; ".join(parts)


@lru_cache(maxsize=64)
def fitted_link(family, link):
    """Fit ``family`` with ``link`` to chapter 6's data, and apply the mix-up (chapter 6).

    ``glmlib.fit`` does the fit. Warnings (no convergence, separation) are
    caught and kept as words in ``problem``; a fit glmlib refuses (a
    ValueError: no coefficients keep every fitted mean in the family's
    range) gives ``result=None``.
    """
    spend, y = family_data(family)
    empty = np.empty(0)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = fit(design_matrix(spend), y, family=family, link=link)
    except ValueError as error:
        return FittedLink(
            family, link, spend, y, None, str(error), empty, empty, empty, 0.0, 0.0
        )
    problem = "; ".join(str(w.message) for w in caught)
    lin = design_matrix(CURVE_SPEND) @ result.coef
    curve = result.predict(design_matrix(CURVE_SPEND))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mistake = result.link.link(lin)
    defined = np.isfinite(mistake)
    gap = (
        float(np.max(np.abs(mistake[defined] - curve[defined])))
        if defined.any()
        else 0.0
    )
    return FittedLink(
        family=family,
        link=link,
        spend=spend,
        y=y,
        result=result,
        problem=problem,
        curve=curve,
        mistake_spend=CURVE_SPEND[defined],
        mistake=mistake[defined],
        mistake_defined_share=float(defined.mean()),
        mistake_largest_gap=gap,
    )


def spend_for_mean(fitted, eta):
    """The spend x at which the fitted model has theta^T x = eta, or None (chapter 6).

    With one feature, theta_0 + theta_1 x = eta gives x = (eta - theta_0) / theta_1:
    the hour for which the fitted model predicts the mean that eta stands for.
    """
    if fitted.result is None or eta is None or not np.isfinite(eta):
        return None
    theta0, theta1 = fitted.result.coef
    if theta1 == 0:
        return None
    return float((eta - theta0) / theta1)


# --------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class TableRow:
    """One row of chapter 6's table, read from glmlib's family and its canonical link."""

    family: str
    distribution: str
    model: str
    response_name: str
    response_text: str
    response_latex: str
    link_name: str
    link_text: str
    link_latex: str
    other_links: tuple
    extension: bool


class TranslatorTable:
    """Distribution, model, response and link, generated from glmlib (chapter 6).

    Shown in a notebook it is an HTML table with LaTeX formulas; as text
    (``str``) it uses the Unicode formulas. Both read the families'
    canonical links (``LinkDescription``), so the table follows glmlib.
    """

    headers = (
        "distribution",
        "model",
        "response g\u207b\u00b9 (\u03b7 \u2192 mean)",
        "link g (mean \u2192 \u03b7)",
        "other links in glmlib",
    )

    def __init__(self, rows):
        self.rows = list(rows)

    def _cells(self, row, latex):
        def formula(name, text, tex):
            return f"{name}: ${tex}$" if latex else f"{name}: {text}"

        distribution = row.distribution + (" (extension)" if row.extension else "")
        return (
            distribution,
            row.model,
            formula(row.response_name, row.response_text, row.response_latex),
            formula(row.link_name, row.link_text, row.link_latex),
            ", ".join(row.other_links) or "none",
        )

    def __str__(self):
        lines = [" | ".join(self.headers)]
        lines += [" | ".join(self._cells(row, latex=False)) for row in self.rows]
        return "\n".join(lines)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td style='text-align:left'>{html.escape(cell)}</td>"
                for cell in self._cells(row, latex=True)
            )
            + "</tr>"
            for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def translator_table(families=TABLE_FAMILIES, extension=EXTENSION_FAMILIES):
    """The lesson's table of translators, plus extension rows (chapter 6).

    Each row reads the family's canonical link from glmlib
    (``get_family(name).get_link().description``) and the other links it
    offers (``family.link_names``), so nothing in it is typed by hand
    except the model's name.
    """
    rows = []
    for name, is_extension in [(f, False) for f in families] + [
        (f, True) for f in extension
    ]:
        fam = get_family(name)
        about = fam.get_link().description
        others = tuple(
            LINKS[n]().description.display_name
            for n in fam.link_names
            if n != fam.canonical_link
        )
        rows.append(
            TableRow(
                family=name,
                distribution=TABLE_NAMES.get(name, FAMILY_LABELS[name]),
                model=MODEL_NAMES[name],
                response_name=about.response_name,
                response_text=about.response_text,
                response_latex=about.response_latex,
                link_name=about.display_name,
                link_text=about.link_text,
                link_latex=about.link_latex,
                other_links=others,
                extension=is_extension,
            )
        )
    return TranslatorTable(rows)


# --------------------------------------------------------------------------
# the simulation


@dataclass(frozen=True)
class TranslatorState:
    """What chapter 6's figure shows: the translation and the fitted model."""

    translation: Translation
    fitted: FittedLink
    canonical: FittedLink
    show_mistake: bool
    spend_x: object

    @property
    def family(self):
        return self.translation.family

    @property
    def link(self):
        return self.translation.link


class LinkAndResponse(Simulation):
    """The link and the response as mirror images, and a fitted model (chapter 6).

    Controls: ``family`` and ``link`` (any link glmlib offers for it),
    ``mean`` and ``eta`` (move either; the other follows), and
    ``mistake`` (draw the link applied to theta^T x, the common mix-up).
    Readouts: the link, mu, eta = g(mu), the way back, what happened in
    words, and the spend at which the fitted model predicts mu.
    """

    chapter = 6
    infinite_readouts = ("\u03b7 = g(\u03bc)",)

    def __init__(self):
        self._syncing = False
        self._source = "mean"
        #: the value last given to the following slider, to spot its echo
        self._follower_values = {}
        self.shown_look = None
        super().__init__()

    def make_controls(self):
        family = "bernoulli"
        low, high, step = MEAN_SLIDER[family]
        (eta_low, eta_high), _ = MIRROR_LIMITS[family]
        # the eta slider follows the mean, on its own grid of steps
        start_eta = round(float(get_family(family).link(0.7)) / ETA_STEP) * ETA_STEP
        start_eta = round(start_eta, 10)
        self._follower_values["eta"] = start_eta
        return {
            "family": widgets.ToggleButtons(
                options=[(FAMILY_LABELS[f], f) for f in TRANSLATOR_FAMILIES],
                value=family,
                description="distribution",
                style={"description_width": "initial", "button_width": "100px"},
            ),
            "link": widgets.Dropdown(
                options=self._link_options(family),
                value=get_family(family).canonical_link,
                description="link g",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="300px"),
            ),
            "mean": slider("mean \u03bc", 0.7, low, high, step),
            "eta": slider(
                "\u03b7 = \u03b8\u1d40x", start_eta, eta_low, eta_high, ETA_STEP
            ),
            "mistake": widgets.ToggleButton(
                value=False,
                description="apply g to \u03b8\u1d40x (the mix-up)",
                tooltip="Draw the link applied where the response belongs",
                layout=widgets.Layout(width="240px"),
            ),
        }

    @staticmethod
    def _link_options(family):
        return [(link_label(family, n), n) for n in get_family(family).link_names]

    # --- keeping the controls consistent ----------------------------------
    def _on_control_change(self, change):
        if self._syncing:
            return
        self._syncing = True
        try:
            owner = change["owner"]
            if owner is self.controls["family"]:
                self._new_family(change["new"])
            elif owner is self.controls["link"]:
                self._follow(self._source)
            elif owner in (self.controls["mean"], self.controls["eta"]):
                name = "mean" if owner is self.controls["mean"] else "eta"
                if self._is_echo(name, change["new"]):
                    return
                self._source = name
                self._follow(name)
        finally:
            self._syncing = False
        self.update()

    def _is_echo(self, name, value):
        """Is this change the browser snapping a value we set to the slider's step?

        A slider that follows the other one is given values between its steps
        (eta = 0.847 on a 0.05 grid); the browser's slider moves them to the
        nearest step and sends that back. Taken as a move by the learner, it
        would hand the translation to the other side and nudge the mean. A
        learner's own move is at least one step away from what we set.
        """
        expected = self._follower_values.pop(name, None)
        step = self.controls[name].step
        return expected is not None and abs(value - expected) <= step / 2 + 1e-9

    def _new_family(self, family):
        """New family: its links (the canonical one chosen), its ranges, then follow.

        Each widget's new options, limits and value go to the browser in one
        message (``hold_sync``): sent one by one, the browser would snap a
        value to a step that is about to change and send the snap back.
        """
        link = self.controls["link"]
        with link.hold_sync():
            link.options = self._link_options(family)
            link.value = get_family(family).canonical_link
        (eta_low, eta_high), _ = MIRROR_LIMITS[family]
        ranges = {"mean": MEAN_SLIDER[family], "eta": (eta_low, eta_high, ETA_STEP)}
        source = self.controls[self._source]
        with source.hold_sync():
            _set_range(source, *ranges[self._source])
            source.value = _on_step(source, source.value)
        follower = "eta" if self._source == "mean" else "mean"
        with self.controls[follower].hold_sync():
            _set_range(self.controls[follower], *ranges[follower])
            self._follow(self._source)

    def _follow(self, source):
        """Move the other slider to the value that corresponds, when there is one.

        The follower is put on its own step grid, as the browser would put
        it; the readouts keep the exact value. With no corresponding value
        the follower stays where it is.
        """
        values = self.values()
        state = translate(values["family"], values["link"], source, values[source])
        follower = "eta" if source == "mean" else "mean"
        value = state.eta if source == "mean" else state.mean
        target = self.controls[follower]
        target.value = _on_step(target, target.value if value is None else value)
        self._follower_values[follower] = target.value

    # --- the simulation ----------------------------------------------------
    def compute(self, family, link, mean, eta, mistake):
        source = self._source
        translation = translate(family, link, source, mean if source == "mean" else eta)
        fitted = fitted_link(family, link)
        canonical = fitted_link(family, get_family(family).canonical_link)
        spend_x = spend_for_mean(fitted, translation.eta) if translation.ok else None
        return TranslatorState(
            translation=translation,
            fitted=fitted,
            canonical=canonical,
            show_mistake=bool(mistake),
            spend_x=spend_x,
        )

    def build_figure(self):
        fig, (mirror, fitted) = course_figure(
            "Two translators: the link g and the response g\u207b\u00b9",
            ncols=2,
            figsize=(8.4, 3.9),
            width_ratios=[1, 1.55],
            left=0.08,
            right=0.98,
            bottom=0.27,
            top=0.84,
            wspace=0.32,
        )
        self.mirror_ax, self.fit_ax = mirror, fitted
        grey = PALETTE["grey"]
        (self.diagonal,) = mirror.plot([], [], ":", color=grey, linewidth=1.0)
        self.diagonal_label = mirror.text(
            0.0,
            0.0,
            "diagonal",
            rotation=45,
            rotation_mode="anchor",
            ha="center",
            va="bottom",
            fontsize=10,
            color=grey,
        )
        (self.canonical_response_line,) = mirror.plot(
            [], [], "--", color=grey, linewidth=1.4
        )
        (self.link_line,) = mirror.plot(
            [], [], "--", color=PALETTE["black"], linewidth=1.6
        )
        (self.response_line,) = mirror.plot([], [], linewidth=2.2)
        (self.mirror_segment,) = mirror.plot(
            [], [], ":", color=PALETTE["black"], linewidth=1.2
        )
        (self.link_dot,) = mirror.plot(
            [], [], "o", color=PALETTE["black"], markersize=8, zorder=5, clip_on=False
        )
        (self.response_dot,) = mirror.plot(
            [], [], "o", markersize=8, zorder=5, clip_on=False
        )
        self.mirror_note = mirror.text(
            0.5,
            0.93,
            "",
            transform=mirror.transAxes,
            ha="center",
            va="top",
            fontsize=10,
            color=PALETTE["vermillion"],
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )

        (self.points,) = fitted.plot([], [], "o", alpha=0.45, markersize=4.5)
        (self.canonical_curve,) = fitted.plot([], [], "--", color=grey, linewidth=1.6)
        (self.fit_curve,) = fitted.plot([], [], linewidth=2.2)
        (self.mistake_curve,) = fitted.plot(
            [], [], "-.", color=PALETTE["black"], linewidth=1.8
        )
        self.fit_note = fitted.text(
            0.02,
            0.97,
            "",
            transform=fitted.transAxes,
            ha="left",
            va="top",
            fontsize=10,
            wrap=True,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )
        (self.fit_guide,) = fitted.plot([], [], ":", color=PALETTE["black"], lw=1.0)
        (self.fit_dot,) = fitted.plot(
            [], [], "o", color=PALETTE["black"], markersize=7, zorder=5
        )
        fig.add_moving(
            self.mirror_segment,
            self.link_dot,
            self.response_dot,
            self.mirror_note,
            self.fit_guide,
            self.fit_dot,
        )
        return fig

    def draw_state(self, state):
        look = (state.family, state.link, state.show_mistake)
        if look != self.shown_look:
            self._show_look(state)
        self._draw_translation(state)

    def _draw_translation(self, state):
        t = state.translation
        (low, high), _ = MIRROR_LIMITS[state.family]
        inset = EDGE_INSET * (high - low)
        pair_shown = t.mean is not None and t.eta is not None
        for artist in (self.link_dot, self.response_dot, self.mirror_segment):
            artist.set_visible(pair_shown)
        note = ""
        if pair_shown:
            eta = float(np.clip(t.eta, low + inset, high - inset))
            marker = "o"
            if eta != t.eta:
                marker = "^" if t.eta > 0 else "v"
                note = f"\u03b7 = {format_number(t.eta, 2)}: off the chart"
            self.link_dot.set_data([t.mean], [eta])
            self.link_dot.set_marker(marker)
            self.response_dot.set_data([eta], [t.mean])
            self.response_dot.set_marker({"o": "o", "^": ">", "v": "<"}[marker])
            self.mirror_segment.set_data([t.mean, eta], [eta, t.mean])
        elif t.eta is None:
            note = f"no \u03b7 for \u03bc = {format_number(t.mean, 2)}"
        else:
            note = f"no mean for \u03b7 = {format_number(t.eta, 2)}"
        self.mirror_note.set_text(note)
        self.mirror_note.set_visible(bool(note))
        x = state.spend_x
        on_fit = x is not None and SPEND_RANGE[0] <= x <= SPEND_RANGE[1]
        self.fit_dot.set_visible(on_fit)
        self.fit_guide.set_visible(on_fit)
        if on_fit:
            bottom = FIT_PANELS[state.family][1][0]
            self.fit_dot.set_data([x], [t.mean])
            self.fit_guide.set_data(
                [x, x, SPEND_RANGE[0] - 0.3], [bottom, t.mean, t.mean]
            )

    def _show_look(self, state):
        """Restyle the still parts for a new family, link or mix-up switch."""
        family, link = state.family, state.link
        fam = get_family(family)
        colour = FAMILY_COLOURS[family]
        about = fam.get_link(link).description
        canonical = fam.get_link().description
        (low, high), ticks = MIRROR_LIMITS[family]
        style_axes(
            self.mirror_ax,
            "g and g\u207b\u00b9 mirror each other",
            "input: \u03bc for g, \u03b7 for g\u207b\u00b9",
            "output",
            (low, high),
            (low, high),
            ticks,
            ticks,
        )
        self.mirror_ax.set_aspect("equal", adjustable="box")
        self.diagonal.set_data([low, high], [low, high])
        corner = low + 0.2 * (high - low)  # clear of the notes at the top
        self.diagonal_label.set_position((corner, corner))
        curves = translator_curves(family, link)
        self.link_line.set_data(curves.link_mean, curves.link_eta)
        self.response_line.set_data(curves.response_eta, curves.response_mean)
        self.response_line.set_color(colour)
        self.response_dot.set_color(colour)
        is_canonical = link == fam.canonical_link
        if is_canonical:
            self.canonical_response_line.set_data([], [])
        else:
            reference = translator_curves(family, fam.canonical_link)
            self.canonical_response_line.set_data(
                reference.response_eta, reference.response_mean
            )
        self.canonical_response_line.set_visible(not is_canonical)
        handles = [
            (self.link_line, f"g: {about.link_text}"),
            (self.response_line, f"g\u207b\u00b9: {about.response_text}"),
        ]
        if not is_canonical:
            handles.append(
                (
                    self.canonical_response_line,
                    f"canonical g\u207b\u00b9 ({canonical.response_name})",
                )
            )
        self.mirror_ax.legend(
            [h for h, _ in handles],
            [label for _, label in handles],
            loc="upper left",
            bbox_to_anchor=(-0.2, -0.2),
            fontsize=10,
            handlelength=1.8,
            borderaxespad=0,
        )

        ylabel, ylim, yticks = FIT_PANELS[family]
        style_axes(
            self.fit_ax,
            f"{FAMILY_LABELS[family]} fitted with the {about.display_name} link",
            "ad spend x ($100s)",
            ylabel,
            (SPEND_RANGE[0] - 0.3, SPEND_RANGE[1] + 0.3),
            ylim,
            [0, 2, 4, 6, 8, 10],
            yticks,
        )
        fitted, reference = state.fitted, state.canonical
        self.points.set_data(fitted.spend, fitted.y)
        self.points.set_color(colour)
        self.fit_curve.set_color(colour)
        if fitted.result is None:
            self.fit_curve.set_data([], [])
        else:
            self.fit_curve.set_data(CURVE_SPEND, fitted.curve)
        show_reference = not is_canonical and reference.result is not None
        self.canonical_curve.set_data(
            CURVE_SPEND if show_reference else [],
            reference.curve if show_reference else [],
        )
        self.canonical_curve.set_visible(show_reference)
        span = ylim[1] - ylim[0]
        self.mistake_curve.set_data(
            fitted.mistake_spend,
            np.clip(fitted.mistake, ylim[0] - span, ylim[1] + span),
        )
        self.mistake_curve.set_visible(state.show_mistake)
        notes = []
        if fitted.result is None:
            notes.append(f"no fit: {fitted.problem}")
        elif fitted.problem:
            notes.append(fitted.problem)
        if state.show_mistake:
            notes.append(f"g(\u03b8\u1d40x): {fitted.mistake_verdict()}")
        self.fit_note.set_text("\n".join(notes))
        fit_handles = [(self.points, "one hour")]
        if fitted.result is not None:
            fit_handles.append((self.fit_curve, "h(x) = g\u207b\u00b9(\u03b8\u1d40x)"))
        if show_reference:
            fit_handles.append(
                (self.canonical_curve, f"fit with {canonical.display_name}")
            )
        if state.show_mistake and fitted.result is not None:
            fit_handles.append((self.mistake_curve, "g(\u03b8\u1d40x): the mix-up"))
        self.fit_ax.legend(
            [h for h, _ in fit_handles],
            [label for _, label in fit_handles],
            loc="upper left",
            bbox_to_anchor=(0.0, -0.2),
            ncol=2,
            fontsize=10,
            handlelength=1.8,
            borderaxespad=0,
        )
        self.shown_look = (family, link, state.show_mistake)
        self.figure.show_layer(self.shown_look)

    def readouts(self, state=None):
        state = state or self.state
        t = state.translation
        fam = get_family(t.family)
        link_text = link_label(t.family, t.link)
        if t.link != fam.canonical_link:
            canonical = fam.get_link().description.display_name
            link_text += (
                f" (not canonical; the {FAMILY_LABELS[t.family]}'s is {canonical})"
            )
        if t.source == "mean":
            pair = [
                _value_or_words(r"\mu", "\u03bc", t.mean),
                _value_or_words(r"\eta = g(\mu)", "\u03b7 = g(\u03bc)", t.eta),
                _value_or_words(
                    r"g^{-1}(\eta)", "back: g\u207b\u00b9(\u03b7)", t.round_trip
                ),
            ]
        else:
            pair = [
                _value_or_words(r"\eta", "\u03b7", t.eta),
                _value_or_words(
                    r"\mu = g^{-1}(\eta)", "\u03bc = g\u207b\u00b9(\u03b7)", t.mean
                ),
                _value_or_words(r"g(\mu)", "back: g(\u03bc)", t.round_trip),
            ]
        rows = [
            Readout(r"\text{link } g", "link g", link_text, separator=": "),
            *pair,
            Readout(r"\text{what happens}", "what happens", t.status, separator=": "),
            Readout(
                r"\text{fitted model}",
                "the fitted model predicts this \u03bc at spend",
                _spend_words(state),
                separator=": ",
            ),
        ]
        if state.show_mistake:
            rows.append(
                Readout(
                    r"g(\theta^T x)",
                    "g(\u03b8\u1d40x) in place of g\u207b\u00b9(\u03b8\u1d40x)",
                    state.fitted.mistake_verdict(),
                    separator=": ",
                )
            )
        return rows


def _value_or_words(latex, text, value):
    """A number readout, or the word "none" when no value corresponds."""
    if value is None:
        return Readout(latex, text, "none", separator=": ")
    return Readout(latex, text, float(value))


def _spend_words(state):
    if state.fitted.result is None:
        return "no fit with this link"
    if state.spend_x is None:
        return "no finite \u03b7 to look for"
    x = state.spend_x
    if SPEND_RANGE[0] <= x <= SPEND_RANGE[1]:
        return f"x = {format_number(x, 2)}"
    return f"x = {format_number(x, 2)}, beyond the spends shown"


def _on_step(control, value):
    """``value`` inside a slider's limits and on its grid of steps (chapter 6)."""
    steps = round(
        (float(np.clip(value, control.min, control.max)) - control.min) / control.step
    )
    return float(
        np.clip(round(control.min + steps * control.step, 10), control.min, control.max)
    )


def _set_range(control, low, high, step):
    """Give a slider new limits without ever having min > max on the way."""
    if low > control.max:
        control.max = high
        control.min = low
    else:
        control.min = low
        control.max = high
    control.step = step
