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
link needs eta > 0), a fit that does not exist. The translations, curves
and fits come from ``glmlib.course.ch06_link_and_response``.
"""

import ipywidgets as widgets
import numpy as np

from ..course.ch06_link_and_response import (
    CURVE_SPEND,
    MIRROR_LIMITS,
    TRANSLATOR_FAMILIES,
    TranslatorState,
    fitted_link,
    link_label,
    spend_for_mean,
    translate,
    translator_curves,
)
from ..course.formatting import (
    FAMILY_LABELS,
    format_number,
)
from ..course.palette import FAMILY_COLOURS, PALETTE
from ..data import SPEND_RANGE
from ..families import get_family
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, style_axes

#: Both sliders move in steps of 0.01 and show two decimals, as the readouts
#: of mu and eta do: a slider that follows the other one then shows the very
#: number its readout shows (logit(0.95) = 2.944 is 2.94 on both)
SLIDER_DECIMALS = 2
STEP = 10.0**-SLIDER_DECIMALS
#: The mean slider: the family's means, from edge to edge where there is one
MEAN_SLIDER = {
    "gaussian": (-4.0, 4.0, STEP),
    "bernoulli": (0.0, 1.0, STEP),
    "poisson": (0.0, 8.0, STEP),
    "gamma": (0.0, 8.0, STEP),
    "exponential": (0.0, 8.0, STEP),
}
ETA_STEP = STEP
#: The eta slider: the mirror panel's range, wider for the Bernoulli so that
#: it reaches every mean of the mean slider but 0 and 1 (logit(0.99) = 4.60)
ETA_SLIDER = {
    family: (-5.0, 5.0) if family == "bernoulli" else limits
    for family, (limits, _) in MIRROR_LIMITS.items()
}
#: Where the translator starts: the Bernoulli's logit at mu = 0.95, where
#: the dot on the link, (0.95, 2.94), and its mirror image on the response,
#: (2.94, 0.95), lie well apart (at mu = 0.7 they nearly coincide)
START_FAMILY = "bernoulli"
START_MEAN = 0.95
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


# --------------------------------------------------------------------------
# the simulation


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
        family = START_FAMILY
        low, high, step = MEAN_SLIDER[family]
        eta_low, eta_high = ETA_SLIDER[family]
        # the eta slider follows the mean, on its own grid of steps
        start_eta = round(float(get_family(family).link(START_MEAN)), SLIDER_DECIMALS)
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
            "mean": slider("mean \u03bc", START_MEAN, low, high, step),
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

        A slider that follows the other one is put on its grid of steps
        (eta = 2.944 becomes 2.94), but the browser's slider may land a hair
        away from that number (the sum of its own steps) and send that back. Taken as a move by the learner, it
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
        eta_low, eta_high = ETA_SLIDER[family]
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
            link_text += f" (not canonical; the {fam.display_name}'s is {canonical})"
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
    """A number readout with the sliders' decimals, or "none" when no value corresponds."""
    if value is None:
        return Readout(latex, text, "none", separator=": ")
    return Readout(latex, text, float(value), SLIDER_DECIMALS)


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
    """``value`` inside a slider's limits and on its grid of steps (chapter 6).

    Rounded to ``SLIDER_DECIMALS`` places as the readouts round it (every
    slider's limits and step are whole hundredths), so a following slider
    shows the number its readout shows.
    """
    inside = float(np.clip(value, control.min, control.max))
    return (
        float(np.clip(round(inside, SLIDER_DECIMALS), control.min, control.max)) + 0.0
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
