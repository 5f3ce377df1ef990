"""Chapter 7: the Poisson regression lab -- drag the shop's hours, watch the count model refit.

The data are chapter 0's 40 hours (``glmlib.data.shop_hours``): ad spend x
in hundreds of dollars, and how many customers came. Turning the crank of
chapter 4 with a Poisson target gives

    h(x) = E[y | x] = lambda = e^(theta_0 + theta_1 x),

fitted here with ``glmlib.fit(..., family="poisson")`` (IRLS), warm-started
from the previous theta on every change. Every hour is a point the learner
can drag (a whole count >= 0, a spend between 0 and 10) or move with the
picker and two number boxes; each move refits.

What the lab adds around the fit:

* the least-squares line (a Gaussian fit of the same points) behind a
  toggle, so the line's negative counts sit next to the curve's positive
  ones;
* readouts at a spend x the learner chooses: the log-rate theta_0 +
  theta_1 x, the fitted count e^(theta_0 + theta_1 x), the straight line's
  value, and the effect of one more hundred dollars, e^theta_1, in words;
* the lesson's gradient rule (``glmlib.gradient_step``, the same step as for
  logistic regression) run after every change from its previous theta: it
  reaches the IRLS theta in a few dozen steps (``gradient_catch_up``);
* three "can you ...?" challenges that check themselves (``CHALLENGES``);
* data with no estimate at all -- every count 0, customers at a single
  spend with every empty hour on one side of it, every hour at one spend
  -- explained in words (``check_data``), with the curve hidden, never an
  error or a NaN.

The fits, the checks and the challenges are in
``glmlib.course.ch07_poisson_regression_lab``; this module draws them.
"""

from dataclasses import replace

import ipywidgets as widgets
import numpy as np

from ..course.ch00_one_update_rule import straight_line_fit
from ..course.ch07_poisson_regression_lab import (
    CHALLENGES,
    LabState,
    check_data,
    dollars,
    effect_in_words,
    gradient_catch_up,
    number_text,
    poisson_fit,
)
from ..course.formatting import (
    format_number,
    format_tuple,
    scientific,
)
from ..course.palette import FAMILY_COLOURS, PALETTE, TEXT_COLOURS
from ..data import SHOP_SEED, SPEND_RANGE, design_matrix, shop_hours
from ..families import Poisson
from ..ui.controls import slider
from ..ui.drag import whole_counts
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, style_axes

#: The axes: a little room left of spend 0 and below a count of 0, where
#: the straight line goes and no hour can.
XLIM = (-0.3, 10.3)
YLIM = (-4.5, 26.5)
#: where the curve and the line are drawn: the spends an hour can have
CURVE_SPEND = np.linspace(*SPEND_RANGE, 101)
#: the spend the readouts start at (hundreds of dollars)
START_SPEND = 5.0
#: the drawn curve is cut off here (far above the axes), so a very steep fit
#: never hands matplotlib an infinite point
CURVE_CEILING = 1e6


class PoissonLab(Simulation):
    """The Poisson regression lab: drag any hour, the count model refits (chapter 7).

    Controls: ``show_line`` (the least-squares line on or off) and
    ``spend`` (the spend x at which the readouts are read). The 40 hours
    are draggable points (``self.draggable``; ``move_point`` does the same
    from code, ``set_points`` moves many at once, ``reset`` restores the
    shop's data). Readouts: theta, the log-rate, the effect of each extra
    $100, the fitted count and the straight line's value at x, the gradient
    rule's theta, and the three challenges.

    ``points`` is (spend, customers) as shown; ``fit`` is the Poisson
    ``GLMResult`` on them, or None when no finite estimate exists.
    """

    chapter = 7

    def __init__(self, seed=SHOP_SEED):
        self.start_spend, self.start_customers = shop_hours(seed)
        #: challenges achieved at some point (numbers), shown as solved
        self.solved = set()
        self._batch = False
        self._cache_key = None
        self._cache = None
        self._last_theta = None
        self._gradient_theta = np.zeros(2)
        self.reset_button = widgets.Button(
            description="reset data",
            icon="undo",
            tooltip="Put every hour back where the shop's data have it",
            layout=widgets.Layout(width="130px"),
        )
        self.reset_button.on_click(self._on_reset)
        super().__init__()
        self.draggable.picker.observe(self._on_pick, names="value")
        self._show_picked()

    # --- the contract --------------------------------------------------------
    @property
    def points(self):
        """(spend, customers) of the hours as shown: two new float arrays."""
        return self.draggable.x, self.draggable.y

    @property
    def fit(self):
        """The Poisson fit (``GLMResult``) of the points, or None without a finite estimate."""
        return self.state.fit

    def set_points(self, spend, customers):
        """Move every hour at once (each through the drag constraint), then refit once."""
        spend = np.asarray(spend, dtype=float)
        customers = np.asarray(customers, dtype=float)
        if spend.shape != (len(self.draggable),) or customers.shape != spend.shape:
            raise ValueError(
                f"give {len(self.draggable)} spends and {len(self.draggable)} counts, "
                f"not shapes {spend.shape} and {customers.shape}"
            )
        self._batch = True
        try:
            for i, (x, y) in enumerate(zip(spend, customers, strict=True)):
                self.draggable.move(i, x, y)
        finally:
            self._batch = False
        self.guard(self.update)

    def reset(self):
        """Put every hour back at the shop's data (the "reset data" button)."""
        self.set_points(self.start_spend, self.start_customers)

    # --- controls and figure ---------------------------------------------------
    def make_controls(self):
        return {
            "show_line": widgets.ToggleButton(
                value=False,
                description="least-squares line",
                icon="",
                tooltip="Show or hide the straight line fitted by least squares",
                layout=widgets.Layout(width="170px"),
            ),
            "spend": slider("spend x", START_SPEND, *SPEND_RANGE, 0.1),
        }

    def control_box(self):
        """The toggle, the spend slider and the reset button in one row."""
        return widgets.HBox(
            [*self.controls.values(), self.reset_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def build_figure(self):
        fig, (ax,) = course_figure(
            "Poisson regression lab: drag any hour",
            left=0.09,
            bottom=0.17,
            top=0.82,
        )
        style_axes(
            ax,
            title="the shop's 40 hours",
            xlabel="ad spend x (hundreds of dollars)",
            ylabel="customers",
            xlim=XLIM,
            ylim=YLIM,
            xticks=[0, 2, 4, 6, 8, 10],
            yticks=[0, 5, 10, 15, 20, 25],
        )
        ax.axhspan(YLIM[0], 0, color=PALETTE["vermillion"], alpha=0.10, linewidth=0)
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.text(
            XLIM[1] - 0.15,
            YLIM[0] + 0.9,
            "impossible: fewer than 0 customers",
            ha="right",
            fontsize=10,
            color=PALETTE["vermillion"],
        )
        (self.line_artist,) = ax.plot(
            [], [], color=PALETTE["orange"], label="least-squares line"
        )
        (self.curve,) = ax.plot(
            [],
            [],
            color=FAMILY_COLOURS["poisson"],
            linewidth=2.4,
            label="Poisson mean e^(\u03b8\u2080 + \u03b8\u2081x)",
        )
        (self.spend_guide,) = ax.plot(
            [], [], ":", color=PALETTE["black"], linewidth=1.0
        )
        (self.line_dot,) = ax.plot(
            [], [], "s", color=PALETTE["orange"], markersize=6, zorder=5
        )
        (self.curve_dot,) = ax.plot(
            [], [], "o", color=FAMILY_COLOURS["poisson"], markersize=8, zorder=5
        )
        (self.points_artist,) = ax.plot(
            self.start_spend,
            self.start_customers,
            "o",
            color=PALETTE["blue"],
            alpha=0.8,
            markersize=6,
            label="one hour (drag it)",
        )
        (self.problem_rings,) = ax.plot(
            [],
            [],
            "o",
            markersize=12,
            markerfacecolor="none",
            markeredgecolor=PALETTE["vermillion"],
            markeredgewidth=1.6,
        )
        (self.picked_ring,) = ax.plot(
            [],
            [],
            "o",
            markersize=13,
            markerfacecolor="none",
            markeredgecolor=PALETTE["black"],
            markeredgewidth=1.2,
        )
        self.warning_text = ax.text(
            5.0,
            15.0,
            "",
            ha="center",
            va="center",
            fontsize=10,
            color=PALETTE["vermillion"],
            bbox={
                "facecolor": "white",
                "alpha": 0.9,
                "edgecolor": PALETTE["vermillion"],
            },
        )
        # one legend per state of the toggle, each sized to its entries; the
        # legends are still artists, so each state has its own still picture
        self.legends = {}
        for shown in (False, True):
            handles = [self.points_artist, self.curve]
            handles += [self.line_artist] if shown else []
            legend = ax.legend(handles=handles, loc="upper left", handlelength=1.6)
            ax.add_artist(legend)
            self.legends[shown] = legend
        fig.add_moving(
            self.line_artist,
            self.curve,
            self.spend_guide,
            self.line_dot,
            self.curve_dot,
            self.points_artist,
            self.problem_rings,
            self.picked_ring,
            self.warning_text,
        )
        self.ax = ax
        self.make_draggable(
            ax,
            self.start_spend,
            self.start_customers,
            self.points_artist,
            constrain=self._constrain_fn(ax),
            names=[f"hour {i + 1}" for i in range(len(self.start_spend))],
            x_label="its spend",
            y_label="its customers",
            x_step=0.1,
            y_step=1,
            y_integer=True,
            description="hour",
        )
        return fig

    @staticmethod
    def _constrain_fn(ax):
        """Whole counts >= 0 inside the axes, and a spend between 0 and 10."""
        counts = whole_counts(ax)
        low, high = SPEND_RANGE

        def constrain(x, y):
            x, y = counts(x, y)
            return min(max(x, low), high), y

        return constrain

    # --- moving points -----------------------------------------------------------
    def point_moved(self, index, x, y):
        self._show_picked()  # before the frame that update() asks for
        if not self._batch:
            self.update()

    def _on_reset(self, _button):
        self.guard(self.reset)

    def _on_pick(self, change):
        self._show_picked()
        self.guard(self._redraw)

    def _show_picked(self):
        i = self.draggable.picker.value
        self.picked_ring.set_data([self.draggable.x[i]], [self.draggable.y[i]])

    # --- the computation -----------------------------------------------------------
    def compute(self, show_line, spend):
        x, y = self.points
        key = (x.tobytes(), y.tobytes())
        if key != self._cache_key:
            self._cache = self._fit_everything(x, y)
            self._cache_key = key
        c = self._cache
        chosen = float(spend)
        log_rate = fitted_count = factor = None
        if c["fit"] is not None:
            coef = c["fit"].coef
            log_rate = float(c["fit"].linear_predictor(design_matrix([chosen]))[0])
            with np.errstate(over="ignore"):  # steep fits: inf, said in words
                fitted_count = float(Poisson().response(log_rate))
                factor = float(Poisson().response(coef[1]))
        line_at = None
        if c["line"] is not None:
            line_at = float(c["line"].predict(design_matrix([chosen]))[0])
        state = LabState(
            spend=x,
            customers=y,
            show_line=bool(show_line),
            chosen_spend=chosen,
            data=c["data"],
            fit=c["fit"],
            curve_mean=c["curve_mean"],
            log_rate=log_rate,
            fitted_count=fitted_count,
            factor=factor,
            line=c["line"],
            line_values=c["line_values"],
            line_at_spend=line_at,
            gradient=c["gradient"],
            gradient_note=c["gradient_note"],
        )
        for challenge in CHALLENGES:
            if challenge.check(state)[0]:
                self.solved.add(challenge.number)
        return state

    def _fit_everything(self, x, y):
        """The fits of one set of points: Poisson (if any) and the line.

        The gradient rule runs later, in ``refresh_readouts``.
        """
        data = check_data(x, y)
        result = curve = None
        note = "catching up"
        if data.ok:
            result = poisson_fit(x, y, start=self._last_theta)
            self._last_theta = result.coef
            with np.errstate(over="ignore"):
                curve = result.predict(design_matrix(CURVE_SPEND))
            # far above the axes is as good as infinitely far for drawing
            curve = np.minimum(curve, CURVE_CEILING)
        else:
            note = (
                "not run: with no finite estimate there is nothing to reach, and "
                "the rule would climb forever"
            )
        line = line_values = None
        if data.kind != "one spend":
            line = straight_line_fit(x, y)
            line_values = line.predict(design_matrix(CURVE_SPEND))
        return {
            "data": data,
            "fit": result,
            "curve_mean": curve,
            "line": line,
            "line_values": line_values,
            "gradient": None,
            "gradient_note": note,
        }

    def refresh_readouts(self):
        """Let the gradient rule catch up with the data shown, then show the readouts.

        ``update`` calls this after the frame has gone to the browser, so the
        rule's few dozen steps never delay the picture of a drag. When the
        rule stopped short of the IRLS theta (``GRADIENT_MAX_STEPS``), it
        carries on here at the next update, even one that moved no data.
        """
        self._catch_up()
        super().refresh_readouts()

    def _catch_up(self):
        cache, state = self._cache, self.state
        if cache is None or state is None or state.fit is None:
            return
        done = cache["gradient"]
        if done is None or not done.converged:
            try:
                done = gradient_catch_up(
                    self._gradient_theta, state.spend, state.customers, state.fit
                )
                self._gradient_theta = done.theta
                cache["gradient"], cache["gradient_note"] = done, ""
            except ValueError as exc:
                cache["gradient_note"] = f"not run: {exc}"
        self.state = replace(
            state, gradient=cache["gradient"], gradient_note=cache["gradient_note"]
        )

    # --- drawing -----------------------------------------------------------------
    def draw_state(self, state):
        x = state.chosen_spend
        self.spend_guide.set_data([x, x], YLIM)
        has_fit = state.fit is not None
        if has_fit:
            self.curve.set_data(CURVE_SPEND, state.curve_mean)
            self.curve_dot.set_data([x], [state.fitted_count])
        self.curve.set_visible(has_fit)
        self.curve_dot.set_visible(has_fit)
        has_line = state.line is not None
        if has_line:
            self.line_artist.set_data(CURVE_SPEND, state.line_values)
            self.line_dot.set_data([x], [state.line_at_spend])
        for artist in (self.line_artist, self.line_dot):
            artist.set_visible(has_line and state.show_line)
        rows = state.data.rows
        self.problem_rings.set_data(state.spend[rows], state.customers[rows])
        self.problem_rings.set_visible(not has_fit and rows.size > 0)
        if state.data.kind == "no estimate":
            self.warning_text.set_text(
                "No finite estimate for these counts:\n"
                "no curve is best (see the readouts)"
            )
        elif state.data.kind == "one spend":
            self.warning_text.set_text(
                "Every hour at one spend:\nno curve can be fitted (see the readouts)"
            )
        self.warning_text.set_visible(not has_fit)
        for shown, legend in self.legends.items():
            legend.set_visible(shown == state.show_line)
        self.figure.show_layer(f"line {'shown' if state.show_line else 'hidden'}")
        self.controls["show_line"].icon = "check" if state.show_line else ""

    # --- readouts ------------------------------------------------------------------
    def readouts(self, state=None):
        state = state or self.state
        at = f"x = {format_number(state.chosen_spend, 1)} ({dollars(state.chosen_spend)})"
        none = (
            "none: no finite estimate"
            if state.data.kind == "no estimate"
            else ("none: every hour at one spend")
        )
        rows = []
        if state.fit is not None:
            theta = state.fit.coef
            rows.append(
                Readout(
                    r"\theta = (\theta_0, \theta_1)",
                    "Poisson fit \u03b8 = (\u03b8\u2080, \u03b8\u2081)",
                    format_tuple(theta),
                )
            )
        else:
            rows.append(
                Readout(
                    r"\text{Poisson fit}",
                    "Poisson fit",
                    f"{none}. {_sentence(state.data.reason)}",
                    separator=": ",
                )
            )
        rows.append(
            _value_or_words(
                rf"\theta_0 + \theta_1 x \text{{ at }} {at}",
                f"log-rate \u03b8\u2080 + \u03b8\u2081x at {at}",
                state.log_rate,
                none,
                3,
            )
        )
        rows.append(
            Readout(
                r"e^{\theta_1}",
                "each extra hundred dollars",
                none if state.factor is None else effect_in_words(state.factor),
                separator=": " if state.factor is None else " ",
            )
        )
        rows.append(
            _value_or_words(
                rf"e^{{\theta_0 + \theta_1 x}} \text{{ at }} {at}",
                f"fitted count e^(\u03b8\u2080 + \u03b8\u2081x) at {at}",
                state.fitted_count,
                none,
                3,
            )
        )
        rows.append(
            _value_or_words(
                rf"\text{{least-squares line at }} {at}",
                f"least-squares line at {at}",
                state.line_at_spend,
                "none: every hour at one spend",
                3,
            )
        )
        rows.append(
            Readout(
                r"\text{gradient rule}",
                "gradient rule (warm start)",
                _gradient_words(state),
                separator=": ",
            )
        )
        for challenge in CHALLENGES:
            achieved, now = challenge.check(state)
            if achieved:
                verdict = f"\u2713 done! ({now})"
            elif challenge.number in self.solved:
                verdict = f"solved earlier \u2713; now {now}"
            else:
                verdict = f"not yet: {now}; goal: {challenge.goal}"
            rows.append(
                Readout(
                    rf"\text{{challenge {challenge.number}}}",
                    f"challenge {challenge.number}, {challenge.title}",
                    verdict,
                    separator=": ",
                )
            )
        return rows

    def readout_html(self):
        """One readout per line, the challenges under a heading of their own.

        A challenge achieved right now is shown in bold green, the darker
        green meant for words (``TEXT_COLOURS``: 4.5:1 on white at least).
        """
        lines = []
        for readout in self.readouts():
            text = readout.html()
            if readout.symbol_text.startswith("challenge"):
                if not any("glm-challenges" in line for line in lines):
                    lines.append(
                        '<div class="glm-challenges" style="margin-top: 6px">'
                        "<b>Can you \u2026?</b></div>"
                    )
                if "\u2713 done" in str(readout.value):
                    text = f'<b style="color: {TEXT_COLOURS["green"]}">{text}</b>'
            lines.append(f'<div class="glm-row">{text}</div>')
        return f'<div style="line-height: 1.5">{"".join(lines)}</div>'

    def close(self):
        """Release the figure and the widgets (twice is harmless)."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        self.reset_button.close()
        self.draggable.picker.unobserve(self._on_pick, names="value")
        super().close()


def _sentence(text):
    """glmlib's reason, as a sentence of its own."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _value_or_words(symbol_latex, symbol_text, value, words, decimals):
    if value is None:
        return Readout(symbol_latex, symbol_text, words, separator=": ")
    if abs(value) >= 1e5:
        return Readout(symbol_latex, symbol_text, number_text(value))
    return Readout(symbol_latex, symbol_text, value, decimals)


def _gradient_words(state):
    g = state.gradient
    if g is None:
        return state.gradient_note
    theta = f"\u03b8 = {format_tuple(g.theta)}"
    steps = f"{g.steps} step{'s' if g.steps != 1 else ''} of gradient_step"
    if g.agrees:
        return f"{theta} after {steps}, the IRLS \u03b8 to 6 decimals"
    return (
        f"{theta} after {steps}; still {scientific(g.gap)} from the IRLS \u03b8 "
        "(it carries on at the next change)"
    )
