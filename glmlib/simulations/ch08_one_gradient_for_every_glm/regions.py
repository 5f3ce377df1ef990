"""Chapter 8's softmax regions: three classes, the universal loop's decision regions.

The loop's iterates and Newton's fit come from
``glmlib.course.ch08_one_gradient_for_every_glm.softmax_fit``.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ...course.ch08_one_gradient_for_every_glm import (
    LOOP_CHECKPOINTS,
    N_CLASSES,
    class_probabilities,
    softmax_fit,
)
from ...course.formatting import (
    format_tuple,
)
from ...course.palette import PALETTE
from ...data import THREE_CLASS_RANGE
from ...families import Categorical
from ...ui.controls import slider
from ...ui.simulation import Readout, Simulation
from ...ui.style import course_figure, style_axes

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
