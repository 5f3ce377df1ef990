"""A small chapter-7-shaped lab for the tests and benchmarks of dragging.

``ShopDragDemo`` is what chapter 7's Poisson lab is built from, cut to the
bone: the shop's 40 hours as draggable points (whole counts >= 0, kept
inside the axes), a Poisson fit by ``glmlib.fit`` on every move, the fitted
mean as a curve, and readouts naming the last move and the coefficients.
The headless tests (tests/test_ui_drag.py), the browser test
(tests/test_browser_drag.py, whose notebook imports this file) and
benchmarks/bench_drag.py all use it. It is not a chapter's simulation.
"""

from dataclasses import dataclass

import numpy as np

from glmlib import fit
from glmlib.course.palette import FAMILY_COLOURS, PALETTE
from glmlib.data import SHOP_SEED, design_matrix, shop_hours
from glmlib.ui.drag import whole_counts
from glmlib.ui.simulation import Readout, Simulation
from glmlib.ui.style import course_figure, style_axes

XLIM = (-0.3, 10.3)
YLIM = (-1.5, 25.5)


@dataclass(frozen=True)
class DemoState:
    """The fitted Poisson mean through the current points (test demo, chapter 7)."""

    spend: np.ndarray
    customers: np.ndarray
    coef: np.ndarray
    curve_spend: np.ndarray
    curve_mean: np.ndarray
    moved: tuple


class ShopDragDemo(Simulation):
    """The shop's hours, draggable, refitted by Poisson regression (test demo, chapter 7)."""

    chapter = 7

    def __init__(self, n_points=40, seed=SHOP_SEED):
        spend, customers = shop_hours(seed)
        self.start_spend = spend[:n_points]
        self.start_customers = customers[:n_points]
        self.last_moved = None
        super().__init__()

    def make_controls(self):
        return {}

    def build_figure(self):
        fig, (ax,) = course_figure("Drag an hour: the Poisson fit follows")
        style_axes(
            ax,
            title=f"{len(self.start_spend)} hours",
            xlabel="ad spend (hundreds of dollars)",
            ylabel="customers",
            xlim=XLIM,
            ylim=YLIM,
            xticks=[0, 2, 4, 6, 8, 10],
            yticks=[0, 5, 10, 15, 20, 25],
        )
        (self.points,) = ax.plot(
            self.start_spend,
            self.start_customers,
            "o",
            color=PALETTE["blue"],
            markersize=6,
            alpha=0.8,
        )
        (self.curve,) = ax.plot([], [], color=FAMILY_COLOURS["poisson"])
        fig.add_moving(self.curve, self.points)
        self.make_draggable(
            ax,
            self.start_spend,
            self.start_customers,
            self.points,
            constrain=whole_counts(ax),
            names=[f"hour {i + 1}" for i in range(len(self.start_spend))],
            x_label="ad spend",
            y_label="customers",
            y_step=1,
            y_integer=True,
        )
        self.ax = ax
        return fig

    def point_moved(self, index, x, y):
        self.last_moved = (index, x, y)
        self.update()

    def compute(self):
        spend, customers = self.draggable.x, self.draggable.y
        result = fit(design_matrix(spend), customers, family="poisson")
        curve_spend = np.linspace(*XLIM, 60)
        return DemoState(
            spend=spend,
            customers=customers,
            coef=result.coef,
            curve_spend=curve_spend,
            curve_mean=result.predict(design_matrix(curve_spend)),
            moved=self.last_moved,
        )

    def draw_state(self, state):
        self.curve.set_data(state.curve_spend, state.curve_mean)

    def readouts(self):
        state = self.state
        if state.moved is None:
            moved = "none yet"
        else:
            index, x, y = state.moved
            moved = f"hour {index + 1} to ({x:.2f}, {y:.0f})"
        return [
            Readout(r"\text{last move}", "last move", moved, separator=": "),
            Readout(r"\theta_0", "θ₀", state.coef[0]),
            Readout(r"\theta_1", "θ₁", state.coef[1]),
        ]
