"""Chapter 8's race: gradient ascent against Newton's method, played step by step.

Both start at theta = (0, 0) on the shop's hours (spend centred); the
iterates come from ``glmlib.course.ch08_one_gradient_for_every_glm.race``.
"""

import warnings

import ipywidgets as widgets
import numpy as np

from ...course.ch08_one_gradient_for_every_glm import (
    GAP_FLOOR,
    RACE_MODELS,
    RACE_STEPS,
    loglik_surface,
    newton_run,
    race,
)
from ...course.formatting import (
    FAMILY_LABELS,
    format_tuple,
)
from ...course.palette import PALETTE
from ...data import shop_design
from ...exceptions import DivergenceWarning
from ...ui.simulation import Readout, Simulation
from ...ui.style import course_figure, set_ticks, style_axes

#: where each model of the race was met before, for its button
RACE_ORIGINS = {"poisson": "chapter 7", "gaussian": "chapter 0's line"}
#: learning rates offered: dense around both models' 2 / L
LEARNING_RATES = (
    0.002,
    0.005,
    0.01,
    0.015,
    0.02,
    0.03,
    0.04,
    0.045,
    0.05,
    0.055,
    0.06,
    0.07,
    0.08,
    0.1,
    0.15,
    0.2,
    0.25,
    0.28,
    0.3,
    0.32,
    0.4,
)
START_RATE = 0.03
GAP_LIMITS = (GAP_FLOOR, 1e3)
#: the (theta_0, theta_1) window and the contour levels, per model
RACE_WINDOWS = {
    "poisson": {
        "theta0": (-0.25, 1.45),
        "theta1": (-0.15, 0.85),
        "xticks": [0, 0.5, 1],
        "yticks": [0, 0.4, 0.8],
        "xlabel": "\u03b8\u2080 (log-rate at the average spend)",
    },
    "gaussian": {
        "theta0": (-1.0, 6.0),
        "theta1": (-0.6, 3.0),
        "xticks": [0, 2, 4, 6],
        "yticks": [0, 1, 2, 3],
        "xlabel": "\u03b8\u2080 (customers at the average spend)",
    },
}
#: contours: this far below the peak, per hour
CONTOUR_GAPS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
CONTOUR_GRID = 81


class TrainingRace(Simulation):
    """Gradient ascent and Newton's method, played step by step (chapter 8).

    Both start at theta = (0, 0) on the shop's hours (spend centred) and
    climb the same log-likelihood. Left: their paths over its contours.
    Right: how far each lies below the peak, per hour, on a log scale.
    Controls: ``model`` (Poisson or Gaussian) and ``learning_rate`` (of
    gradient ascent; Newton has none). The Play button (``self.playback``)
    steps through the precomputed iterates; a new rate computes a new path
    and shows its last step. Readouts: the rate, L and 2/L, the step shown,
    both iterates, what gradient ascent did, in words, and how many steps
    Newton took and which of them glmlib halved (a step that would have
    lowered the log-likelihood).
    """

    chapter = 8

    def make_controls(self):
        return {
            "model": widgets.ToggleButtons(
                options=[(_race_label(m), m) for m in RACE_MODELS],
                value="poisson",
                description="model",
                style={"description_width": "initial", "button_width": "215px"},
            ),
            "learning_rate": widgets.SelectionSlider(
                options=[(f"{r:g}", r) for r in LEARNING_RATES],
                value=START_RATE,
                description="learning rate \u03b1",
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
        }

    def build_figure(self):
        fig, (path_ax, gap_ax) = course_figure(
            "Gradient ascent and Newton's method on the shop's hours",
            ncols=2,
            figsize=(8.8, 3.5),
            left=0.08,
            right=0.98,
            bottom=0.16,
            top=0.8,
            wspace=0.3,
        )
        self.path_ax, self.gap_ax = path_ax, gap_ax
        self.contours = {}
        for model in RACE_MODELS:
            window = RACE_WINDOWS[model]
            t0 = np.linspace(*window["theta0"], CONTOUR_GRID)
            t1 = np.linspace(*window["theta1"], CONTOUR_GRID)
            surface = loglik_surface(model, t0, t1)
            newton, _ = newton_run(model)
            peak = float(newton.history[-1] / len(shop_design()[1]))
            levels = sorted(peak - g for g in CONTOUR_GAPS)
            self.contours[model] = path_ax.contour(
                t0,
                t1,
                surface,
                levels=levels,
                colors=PALETTE["grey"],
                linewidths=0.7,
            )
        (self.peak_mark,) = path_ax.plot(
            [],
            [],
            "*",
            color=PALETTE["black"],
            markersize=11,
            label=r"peak $\hat\theta$",
        )
        path_ax.plot([0], [0], "s", color=PALETTE["grey"], markersize=5)
        (self.grad_line,) = path_ax.plot(
            [], [], "-o", color=PALETTE["blue"], linewidth=1.2, markersize=2.5,
            label="gradient ascent",
        )  # fmt: skip
        (self.newton_line,) = path_ax.plot(
            [], [], "-D", color=PALETTE["vermillion"], linewidth=1.5, markersize=3.5,
            label="Newton",
        )  # fmt: skip
        (self.grad_dot,) = path_ax.plot(
            [], [], "o", color=PALETTE["blue"], markersize=8, markeredgecolor="white"
        )
        (self.newton_dot,) = path_ax.plot(
            [], [], "D", color=PALETTE["vermillion"], markersize=7,
            markeredgecolor="white",
        )  # fmt: skip
        style_axes(
            gap_ax,
            "how far below the peak",
            "step",
            "",
            (0, RACE_STEPS),
            GAP_LIMITS,
            [0, 100, 200, 300, 400],
            [1],
        )
        gap_ax.set_yscale("log")
        gap_ax.set_ylim(*GAP_LIMITS)
        powers = [-10, -7, -4, -1, 2]
        set_ticks(
            gap_ax.yaxis,
            [10.0**p for p in powers],
            [f"10$^{{{p}}}$".replace("-", "\u2212") for p in powers],
        )
        gap_ax.minorticks_off()
        gap_ax.set_ylabel(r"$\ell(\hat\theta) - \ell(\theta)$ per hour")
        (self.grad_gap,) = gap_ax.plot([], [], color=PALETTE["blue"], linewidth=1.6)
        (self.newton_gap,) = gap_ax.plot(
            [], [], "-D", color=PALETTE["vermillion"], linewidth=1.6, markersize=3
        )
        self.step_line = gap_ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
        # the lower right of the contour panel is where no path goes
        path_ax.legend(loc="lower right", handlelength=1.5, borderpad=0.2)
        self.step_text = path_ax.text(
            0.02, 0.97, "", transform=path_ax.transAxes, ha="left", va="top",
            fontsize=10,
        )  # fmt: skip
        fig.add_moving(
            self.grad_line,
            self.newton_line,
            self.grad_dot,
            self.newton_dot,
            self.grad_gap,
            self.newton_gap,
            self.step_line,
            self.step_text,
        )
        self.shown_model = None
        self.make_playback(
            1,
            self.draw_frame,
            label="step",
            play_label="Play both methods step by step",
            interval=100,
        )
        return fig

    def compute(self, model, learning_rate):
        state = race(model, learning_rate)
        if state.gradient_outcome == "diverged":
            warnings.warn(
                f"at step {state.gradient_steps + 1}: the learning rate "
                f"{learning_rate:g} is above 2 / (largest curvature) = "
                f"{state.threshold:.4f}, so every step overshoots the peak by more "
                "than the one before; take a smaller learning rate",
                DivergenceWarning,
                stacklevel=2,
            )
        return state

    def draw_state(self, state):
        if state.model != self.shown_model:
            self._show_model(state.model)
        self.playback.set_frames(state.n_frames, frame=state.n_frames - 1, draw=False)
        self.draw_frame(state.n_frames - 1)

    def _show_model(self, model):
        window = RACE_WINDOWS[model]
        style_axes(
            self.path_ax,
            "paths over the log-likelihood's contours",
            window["xlabel"],
            "\u03b8\u2081 (per $100 of spend)",
            window["theta0"],
            window["theta1"],
            window["xticks"],
            window["yticks"],
        )
        for name, contour in self.contours.items():
            contour.set_visible(name == model)
        newton, _ = newton_run(model)
        self.peak_mark.set_data([newton.coef[0]], [newton.coef[1]])
        self.shown_model = model
        self.figure.show_layer(model)

    def draw_frame(self, k):
        """Show step k of both methods, from scratch."""
        state = self.state
        g_end = min(k, len(state.gradient_path) - 1) + 1
        n_end = min(k, len(state.newton_path) - 1) + 1
        g_path = state.gradient_path[:g_end]
        n_path = state.newton_path[:n_end]
        self.grad_line.set_data(g_path[:, 0], g_path[:, 1])
        self.newton_line.set_data(n_path[:, 0], n_path[:, 1])
        self.grad_dot.set_data(g_path[-1:, 0], g_path[-1:, 1])
        self.newton_dot.set_data(n_path[-1:, 0], n_path[-1:, 1])
        steps = np.arange(max(g_end, n_end))
        self.grad_gap.set_data(steps[:g_end], state.gap(state.gradient_loglik[:g_end]))
        self.newton_gap.set_data(steps[:n_end], state.gap(state.newton_loglik[:n_end]))
        self.step_line.set_xdata([k, k])
        self.step_text.set_text(f"step {k}")
        self.frame = k

    def readouts(self):
        state = self.state
        k = self.frame
        grad = state.at(state.gradient_path, k)
        newton = state.at(state.newton_path, k)
        return [
            Readout(r"\text{model}", "model", FAMILY_LABELS[state.model]),
            Readout(r"\alpha", "\u03b1", state.learning_rate, 3),
            Readout(r"L", "largest curvature L at the peak", state.curvature, 3),
            Readout(r"2/L", "2/L", state.threshold, 4),
            Readout(
                r"\text{gradient ascent}",
                "gradient ascent",
                state.verdict(),
                separator=": ",
            ),
            Readout(
                r"\text{Newton}",
                "Newton",
                state.newton_summary(),
                separator=": ",
            ),
            # what changes from frame to frame comes last
            Readout(r"k", "step", float(k), 0),
            Readout(r"\theta_k", "gradient ascent \u03b8", format_tuple(grad)),
            Readout(r"\theta_k", "Newton \u03b8", format_tuple(newton)),
            Readout(
                r"\ell/n",
                "log-likelihood per hour (gradient, Newton)",
                format_tuple(
                    (
                        state.at(state.gradient_loglik, k),
                        state.at(state.newton_loglik, k),
                    ),
                    4,
                ),
            ),
        ]


def _race_label(model):
    """A race model's button: "Poisson (chapter 7)"."""
    return f"{FAMILY_LABELS[model]} ({RACE_ORIGINS[model]})"
