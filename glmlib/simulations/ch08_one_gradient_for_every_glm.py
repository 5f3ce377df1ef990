"""Chapter 8's simulations: the tangent of a(eta), the training race, softmax regions.

The chapter's claim: for every exponential family with its canonical link,
the gradient of the log-likelihood is sum_i (y_i - h(x_i)) x_i, because the
slope of the log-partition a(eta) is the mean. The numbers that show and
check it are computed in ``glmlib.course.ch08_one_gradient_for_every_glm``;
this module draws them:

* ``TangentOfLogPartition`` -- a(eta) and its tangent, whose slope is the mean;
* ``TrainingRace`` -- the Play button steps gradient ascent and Newton's
  method side by side (the chapter's main simulation);
* ``SoftmaxRegions`` -- three classes, the loop's decision regions step by
  step.
"""

import warnings
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ..course.ch08_one_gradient_for_every_glm import (
    CALCULUS_FAMILIES,
    GAP_FLOOR,
    LOOP_CHECKPOINTS,
    N_CLASSES,
    OTHER_ETA,
    RACE_MODELS,
    RACE_STEPS,
    class_probabilities,
    log_partition_calculus,
    loglik_surface,
    newton_run,
    race,
    softmax_fit,
)
from ..course.formatting import (
    FAMILY_LABELS,
    format_number,
    format_tuple,
)
from ..course.palette import FAMILY_COLOURS, PALETTE
from ..data import THREE_CLASS_RANGE, shop_design
from ..exceptions import DivergenceWarning
from ..families import Categorical, get_family
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, set_ticks, style_axes

# --------------------------------------------------------------------------
# the race: gradient ascent against Newton's method

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
    both iterates, and what gradient ascent did, in words.
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
                f"converged in {state.newton_steps} steps (no learning rate)",
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


# --------------------------------------------------------------------------
# a(eta) and its tangent

#: the natural parameter's range in the tangent figure
ETA_RANGE = (-3.0, 3.0)
ETA_GRID = np.linspace(*ETA_RANGE, 241)
#: y-limits and ticks of the two panels, per family: (a panel, mean panel)
TANGENT_AXES = {
    "gaussian": (((-0.5, 4.6), [0, 2, 4]), ((-3.2, 3.2), [-3, 0, 3])),
    "bernoulli": (((-0.3, 3.3), [0, 1, 2, 3]), ((-0.05, 1.05), [0, 0.5, 1])),
    "poisson": (((-1.0, 21.0), [0, 10, 20]), ((-1.0, 21.0), [0, 10, 20])),
    "categorical": (((0.5, 3.6), [1, 2, 3]), ((-0.05, 1.05), [0, 0.5, 1])),
}
#: what the mean panel is called, per family
MEAN_NAMES = {
    "gaussian": "mean \u03bc = a\u2032(\u03b7)",
    "bernoulli": "mean \u03c6 = a\u2032(\u03b7)",
    "poisson": "mean \u03bb = a\u2032(\u03b7)",
    "categorical": "p\u2081 = \u2202a/\u2202\u03b7\u2081",
}
#: half the width of each drawn tangent, in eta
TANGENT_HALF_WIDTH = 1.2


class TangentOfLogPartition(Simulation):
    """a(eta) with its tangent, and the mean a'(eta) with its own (chapter 8).

    Controls: ``family`` (Gaussian, Bernoulli, Poisson, categorical) and
    ``eta`` (for the categorical, eta_1 with eta_2 = ``OTHER_ETA``). Left:
    a(eta) and the tangent whose slope is the family's ``response(eta)``.
    Right: that response (the mean) as eta moves, and its tangent, whose
    slope is the family's ``variance(eta)``, a''(eta). Readouts: a(eta), the
    tangent's slope next to a finite difference of ``log_partition``, and
    a'' next to a second difference.
    """

    chapter = 8

    def make_controls(self):
        return {
            "family": widgets.ToggleButtons(
                options=[(FAMILY_LABELS[f], f) for f in CALCULUS_FAMILIES],
                value="bernoulli",
                description="distribution",
                style={"description_width": "initial", "button_width": "105px"},
            ),
            "eta": slider("natural parameter \u03b7", 0.8, *ETA_RANGE, 0.05),
        }

    def compute(self, family, eta):
        return log_partition_calculus(family, eta)

    def build_figure(self):
        fig, (a_ax, mean_ax) = course_figure(
            "The slope of a(\u03b7) is the mean; its curvature is the variance",
            ncols=2,
            figsize=(8.8, 3.2),
            left=0.08,
            right=0.98,
            wspace=0.28,
        )
        self.a_ax, self.mean_ax = a_ax, mean_ax
        (self.a_curve,) = a_ax.plot([], [], linewidth=2)
        (self.mean_curve,) = mean_ax.plot([], [], linewidth=2)
        (self.a_tangent,) = a_ax.plot(
            [], [], "--", color=PALETTE["black"], linewidth=1.3
        )
        (self.mean_tangent,) = mean_ax.plot(
            [], [], "--", color=PALETTE["black"], linewidth=1.3
        )
        (self.a_dot,) = a_ax.plot([], [], "o", color=PALETTE["black"], markersize=7)
        (self.mean_dot,) = mean_ax.plot(
            [], [], "o", color=PALETTE["black"], markersize=7
        )
        self.a_label = a_ax.text(
            0.03, 0.95, "", transform=a_ax.transAxes, va="top", fontsize=10
        )
        self.mean_label = mean_ax.text(
            0.03, 0.95, "", transform=mean_ax.transAxes, va="top", fontsize=10
        )
        fig.add_moving(
            self.a_tangent,
            self.mean_tangent,
            self.a_dot,
            self.mean_dot,
            self.a_label,
            self.mean_label,
        )
        self.shown_family = None
        return fig

    def _curves(self, family):
        fam = get_family(family)
        if family == "categorical":
            eta = np.column_stack([ETA_GRID, np.full_like(ETA_GRID, OTHER_ETA)])
            return fam.log_partition(eta), fam.response(eta)[:, 1]
        return fam.log_partition(ETA_GRID), fam.response(ETA_GRID)

    def _show_family(self, family):
        (a_lim, a_ticks), (m_lim, m_ticks) = TANGENT_AXES[family]
        categorical = family == "categorical"
        xlabel = (
            f"\u03b7\u2081 (\u03b7\u2082 = {OTHER_ETA:g} held)"
            if categorical
            else "\u03b7"
        )
        style_axes(
            self.a_ax,
            f"{_calculus_label(family)}: log-partition a(\u03b7)",
            xlabel,
            "a(\u03b7)",
            ETA_RANGE,
            a_lim,
            [-3, -2, -1, 0, 1, 2, 3],
            a_ticks,
        )
        style_axes(
            self.mean_ax,
            "a\u2032(\u03b7), the mean; its slope is the variance",
            xlabel,
            MEAN_NAMES[family],
            ETA_RANGE,
            m_lim,
            [-3, -2, -1, 0, 1, 2, 3],
            m_ticks,
        )
        a_values, means = self._curves(family)
        colour = FAMILY_COLOURS[family]
        self.a_curve.set_data(ETA_GRID, a_values)
        self.mean_curve.set_data(ETA_GRID, means)
        self.a_curve.set_color(colour)
        self.mean_curve.set_color(colour)
        self.shown_family = family
        self.figure.show_layer(family)

    def draw_state(self, state):
        if state.family != self.shown_family:
            self._show_family(state.family)
        eta, slope, curvature, mean = self._first(state)
        a = state.log_partition
        span = np.array([eta - TANGENT_HALF_WIDTH, eta + TANGENT_HALF_WIDTH])
        self.a_tangent.set_data(span, a + slope * (span - eta))
        self.a_dot.set_data([eta], [a])
        self.mean_tangent.set_data(span, mean + curvature * (span - eta))
        self.mean_dot.set_data([eta], [mean])
        # each label reads the slope off the line as drawn: rise over run
        for line, label in (
            (self.a_tangent, self.a_label),
            (self.mean_tangent, self.mean_label),
        ):
            (x0, x1), (y0, y1) = line.get_data()
            label.set_text(
                f"slope of this tangent {format_number((y1 - y0) / (x1 - x0), 4)}"
            )

    @staticmethod
    def _first(state):
        """eta, a' and a'' along the moving coordinate (eta_1 for the categorical)."""
        if state.family == "categorical":
            return (
                float(state.eta[0]),
                float(state.response[0]),
                float(state.variance[0, 0]),
                float(state.response[0]),
            )
        return state.eta, state.response, state.variance, state.response

    def readouts(self):
        state = self.state
        eta, slope, curvature, _ = self._first(state)
        categorical = state.family == "categorical"
        if categorical:
            fd_slope = float(state.slope_by_difference[0])
            fd_curvature = float(state.curvature_by_difference[0, 0])
        else:
            fd_slope = state.slope_by_difference
            fd_curvature = state.curvature_by_difference
        sub = "\u2081" if categorical else ""
        rows = [
            Readout(
                r"\text{distribution}", "distribution", _calculus_label(state.family)
            ),
            Readout(r"\eta", f"\u03b7{sub}", eta, 2),
            Readout(r"a(\eta)", "a(\u03b7)", state.log_partition, 4),
            Readout(
                r"a'(\eta)",
                "a\u2032 = response(\u03b7)"
                if not categorical
                else "a\u2032 = softmax p\u2081",
                slope,
                4,
            ),
            Readout(r"\Delta a / \Delta\eta", "finite difference of a", fd_slope, 4),
            Readout(r"a''(\eta)", "a\u2032\u2032 = variance(\u03b7)", curvature, 4),
            Readout(r"\Delta^2 a", "second difference of a", fd_curvature, 4),
        ]
        if categorical:
            rows.append(
                Readout(
                    r"\text{softmax}",
                    "softmax (p\u2080, p\u2081, p\u2082)",
                    format_tuple(state.probabilities),
                )
            )
        return rows


# --------------------------------------------------------------------------
# softmax regression: three classes, the loop's regions step by step

REGION_GRID = 121
#: one colour per class
CLASS_COLOURS = (PALETTE["orange"], PALETTE["sky_blue"], PALETTE["green"])
CLASS_MARKERS = ("o", "s", "^")


@dataclass(frozen=True)
class RegionsState:
    """The loop after ``steps`` steps, and one query point (chapter 8)."""

    steps: int
    theta: np.ndarray
    point: tuple
    probabilities: np.ndarray
    loglik: float
    accuracy: float
    gap_to_newton: float


class SoftmaxRegions(Simulation):
    """Softmax regression's decision regions as the universal loop trains (chapter 8).

    Three classes in two features (``three_classes``). The shaded regions
    are the most probable class under the loop's theta after ``steps``
    steps (error = one-hot y minus softmax, nothing else); the dashed lines
    are the boundaries of glmlib's Newton fit, which the loop reaches.
    Controls: ``steps`` and the query point ``x1``, ``x2``, whose three
    class probabilities the right panel shows. Readouts: the probabilities,
    the predicted class, the log-likelihood per point, the accuracy on the
    data and the largest |theta_loop - theta_Newton|.
    """

    chapter = 8

    def make_controls(self):
        return {
            "steps": widgets.SelectionSlider(
                options=[(str(k), k) for k in LOOP_CHECKPOINTS],
                value=LOOP_CHECKPOINTS[3],
                description="steps of the loop",
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="340px"),
            ),
            "x1": slider("query x\u2081", 1.5, *THREE_CLASS_RANGE, 0.1),
            "x2": slider("query x\u2082", -1.0, *THREE_CLASS_RANGE, 0.1),
        }

    def build_figure(self):
        fig, (ax, bar_ax) = course_figure(
            "Softmax regression: three classes, one loop",
            ncols=2,
            figsize=(8.0, 3.6),
            width_ratios=[1.6, 1],
            left=0.09,
            right=0.97,
            bottom=0.15,
            top=0.82,
            wspace=0.6,
        )
        fitted = softmax_fit()
        self.fitted = fitted
        style_axes(
            ax, "most probable class", "x\u2081", "x\u2082",
            THREE_CLASS_RANGE, THREE_CLASS_RANGE, [-3, 0, 3], [-3, 0, 3],
        )  # fmt: skip
        ax.grid(False)  # the regions are drawn over the still layer, grid included
        grid = np.linspace(*THREE_CLASS_RANGE, REGION_GRID)
        g1, g2 = np.meshgrid(grid, grid)
        self.grid_points = np.column_stack([g1.ravel(), g2.ravel()])
        self.colours = np.array(
            [[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in CLASS_COLOURS]
        )
        self.regions = ax.imshow(
            np.ones((REGION_GRID, REGION_GRID, 3)),
            extent=(*THREE_CLASS_RANGE, *THREE_CLASS_RANGE),
            origin="lower",
            aspect="auto",
            interpolation="nearest",
            zorder=0,
        )
        winners = class_probabilities(fitted.newton, self.grid_points).argmax(axis=1)
        winners = winners.reshape(REGION_GRID, REGION_GRID)
        # The regions change with the steps, so they are a moving artist; what
        # lies on them (Newton's boundaries, the points) must move too, or the
        # regions would be painted over it.
        on_top = [
            ax.contour(
                g1,
                g2,
                (winners == k).astype(float),
                levels=[0.5],
                colors=PALETTE["black"],
                linewidths=1.0,
                linestyles="--",
            )
            for k in range(N_CLASSES)
        ]
        x = fitted.X[:, 1:]
        for k in range(N_CLASSES):
            mine = fitted.labels == k
            on_top += ax.plot(
                x[mine, 0], x[mine, 1], CLASS_MARKERS[k], color=CLASS_COLOURS[k],
                markeredgecolor=PALETTE["black"], markeredgewidth=0.5, markersize=5,
                label=f"class {k}",
            )  # fmt: skip
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            handletextpad=0.2,
            borderpad=0.2,
        )
        (self.query,) = ax.plot(
            [], [], "X", color=PALETTE["black"], markersize=11,
            markeredgecolor="white",
        )  # fmt: skip
        style_axes(
            bar_ax, "softmax at the query point", "class", "probability",
            (-0.6, 2.6), (0, 1.05), [0, 1, 2], [0, 0.5, 1],
        )  # fmt: skip
        self.bars = bar_ax.bar(
            range(N_CLASSES), [0.0] * N_CLASSES, color=CLASS_COLOURS,
            edgecolor=PALETTE["black"], linewidth=0.6,
        )  # fmt: skip
        # The spines lie on the image's edge: redraw them over it too.
        on_top += [ax.spines["left"], ax.spines["bottom"]]
        fig.add_moving(self.regions, *on_top, self.query, *self.bars)
        self.shown_steps = None
        return fig

    def compute(self, steps, x1, x2):
        fitted = self.fitted
        theta = fitted.path[steps]
        p = class_probabilities(theta, [(x1, x2)])[0]
        eta = fitted.X @ theta
        predicted = Categorical(N_CLASSES).response(eta).argmax(axis=1)
        return RegionsState(
            steps=steps,
            theta=theta,
            point=(float(x1), float(x2)),
            probabilities=p,
            loglik=float(np.mean(Categorical(N_CLASSES).loglik(fitted.labels, eta))),
            accuracy=float(np.mean(predicted == fitted.labels)),
            gap_to_newton=float(np.max(np.abs(theta - fitted.newton))),
        )

    def draw_state(self, state):
        if state.steps != self.shown_steps:
            p = class_probabilities(state.theta, self.grid_points)
            winner = p.argmax(axis=1)
            # a pale tint of the winner's colour, paler where the winner is unsure
            strength = 0.15 + 0.4 * (p.max(axis=1) - 1 / N_CLASSES) / (
                1 - 1 / N_CLASSES
            )
            rgb = 1 - strength[:, None] * (1 - self.colours[winner])
            self.regions.set_data(rgb.reshape(REGION_GRID, REGION_GRID, 3))
            self.shown_steps = state.steps
        self.query.set_data([state.point[0]], [state.point[1]])
        for bar, p in zip(self.bars, state.probabilities, strict=True):
            bar.set_height(p)

    def readouts(self):
        state = self.state
        return [
            Readout(r"k", "steps of the loop", float(state.steps), 0),
            Readout(r"\alpha = 1/L", "\u03b1 = 1/L", self.fitted.learning_rate, 3),
            Readout(r"x", "query (x\u2081, x\u2082)", format_tuple(state.point, 1)),
            Readout(
                r"p",
                "softmax (p\u2080, p\u2081, p\u2082)",
                format_tuple(state.probabilities),
            ),
            Readout(
                r"\hat y",
                "most probable class",
                f"class {int(np.argmax(state.probabilities))}",
            ),
            Readout(r"\ell/n", "log-likelihood per point", state.loglik, 4),
            Readout(
                r"\text{accuracy}",
                "share of points classified right",
                state.accuracy,
                3,
            ),
            Readout(
                r"\max|\theta - \hat\theta|",
                "largest |\u03b8_loop \u2212 \u03b8_Newton|",
                state.gap_to_newton,
                6,
            ),
        ]


def _race_label(model):
    """A race model's button: "Poisson (chapter 7)"."""
    return f"{FAMILY_LABELS[model]} ({RACE_ORIGINS[model]})"


def _calculus_label(family):
    """A family as the tangent figure names it: "Categorical (3 classes)"."""
    label = FAMILY_LABELS[family]
    return f"{label} ({N_CLASSES} classes)" if family == "categorical" else label
