"""Chapter 9's simulation: the universal update on the shop's counts, repairs on and off.

``FitLoopOnTheShop`` runs the loop of
``glmlib.course.ch09_connections_and_cheat_sheet`` on the shop's 40 hours
of chapter 0, with a learning-rate slider and a switch for each repair (an
averaged gradient, a step halved whenever the log-likelihood would fall)
and one for standardizing the spend.
"""

import ipywidgets as widgets
import numpy as np

from ..course.ch09_connections_and_cheat_sheet import (
    N_STEPS,
    SPEND_GRID,
    shop_designs,
    shop_loop,
)
from ..course.formatting import power_of_ten, scientific, scientific_tuple
from ..course.palette import PALETTE
from ..data import design_matrix, shop_hours
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, set_ticks, style_axes

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
                description="standardise the spend",
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
        set_ticks(gap_ax.yaxis, GAP_TICKS, [power_of_ten(t) for t in GAP_TICKS])
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
                    "standardised" if state.standardize else "raw spend",
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
        spend = "standardised spend" if state.standardize else "raw spend"
        theta_label = (
            f"θ after {N_STEPS} steps ({spend})"
            if path.overflow_step is None
            else f"θ after step {path.overflow_step - 1} ({spend})"
        )
        return [
            Readout(r"\alpha", "\u03b1", scientific(path.learning_rate)),
            Readout(r"\text{gradient}", "gradient", f"{how} over {hours} hours"),
            Readout(r"\text{step}", "step", step),
            Readout(r"\theta", theta_label, scientific_tuple(path.theta)),
            Readout(
                r"\hat\theta",
                f"Newton's θ ({spend})",
                scientific_tuple(state.newton_theta),
            ),
            Readout(
                r"\hat\ell - \ell", "best \u2113 − \u2113", scientific(state.final_gap)
            ),
            Readout(r"\text{verdict}", "verdict", state.verdict, separator=": "),
        ]
