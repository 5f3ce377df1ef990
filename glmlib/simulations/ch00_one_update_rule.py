"""Chapter 0: a straight line through counts of customers predicts negative people.

The data are the shop's 40 hours from ``glmlib.data``: the ad spend that hour
and how many customers came, drawn from a Poisson model with a fixed seed. A least
squares line -- a Gaussian GLM fitted with ``glmlib.fit`` -- runs through
them and, at the left edge, predicts a negative count.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ..data import SHOP_SEED, SPEND_RANGE, design_matrix, shop_hours
from ..fitting import fit
from ..ui.simulation import Readout, Simulation
from ..ui.style import PALETTE, course_figure, format_number, style_axes


@dataclass(frozen=True)
class CountsState:
    """What chapter 0's figure shows: data, the straight line, its left end."""

    spend: np.ndarray
    customers: np.ndarray
    show_line: bool
    line_spend: np.ndarray
    line_prediction: np.ndarray
    intercept: float
    slope: float
    left_edge_spend: float
    left_edge_prediction: float
    fewest_customers: float


def straight_line_fit(spend, customers):
    """Least squares line through the counts: ``glmlib.fit`` with a Gaussian (chapter 0)."""
    return fit(design_matrix(spend), customers, family="gaussian")


class CountsVersusAdSpend(Simulation):
    """Counts of customers per hour against ad spend, with a straight line (chapter 0).

    One control: ``show_line`` switches the least squares line on and off.
    Readouts: the line's intercept and slope, and its prediction at the
    left edge of the data -- a negative number of customers.
    """

    chapter = 0

    def __init__(self, seed=SHOP_SEED):
        self.spend, self.customers = shop_hours(seed)
        self.line = straight_line_fit(self.spend, self.customers)
        super().__init__()

    def make_controls(self):
        return {
            "show_line": widgets.ToggleButton(
                value=True,
                description="straight-line fit",
                icon="check",
                tooltip="Show or hide the least squares line",
            )
        }

    def compute(self, show_line):
        line_spend = np.array(SPEND_RANGE)
        prediction = self.line.predict(design_matrix(line_spend))
        return CountsState(
            spend=self.spend,
            customers=self.customers,
            show_line=bool(show_line),
            line_spend=line_spend,
            line_prediction=prediction,
            intercept=float(self.line.coef[0]),
            slope=float(self.line.coef[1]),
            left_edge_spend=float(line_spend[0]),
            left_edge_prediction=float(prediction[0]),
            fewest_customers=float(np.min(self.customers)),
        )

    def build_figure(self):
        fig, (ax,) = course_figure("Customers per hour against ad spend", left=0.1)
        style_axes(
            ax,
            title="40 hours in one shop",
            xlabel="ad spend that hour (hundreds of dollars)",
            ylabel="customers",
            xlim=(-0.3, 10.3),
            ylim=(-4, 22),
            xticks=[0, 2, 4, 6, 8, 10],
            yticks=[0, 5, 10, 15, 20],
        )
        ax.axhspan(-4, 0, color=PALETTE["vermillion"], alpha=0.12, linewidth=0)
        ax.text(
            9.9,
            -2.9,
            "impossible: fewer than 0 customers",
            ha="right",
            fontsize=9,
            color=PALETTE["vermillion"],
        )
        ax.axhline(0, color="#333333", linewidth=0.8)
        (self.points,) = ax.plot(
            self.spend,
            self.customers,
            "o",
            color=PALETTE["blue"],
            alpha=0.75,
            markersize=5,
            label="one hour",
        )
        (self.line_artist,) = ax.plot(
            [], [], color=PALETTE["orange"], label="straight line"
        )
        (self.left_edge_marker,) = ax.plot(
            [], [], "o", color=PALETTE["vermillion"], markersize=8, zorder=5
        )
        self.left_edge_label = ax.text(
            0.3, 0, "", fontsize=9, color=PALETTE["vermillion"], va="center"
        )
        # Two legends, one shown at a time, so each is sized to its entries.
        self.legend_with_line = ax.legend(loc="upper left")
        ax.add_artist(self.legend_with_line)
        self.legend_points_only = ax.legend(handles=[self.points], loc="upper left")
        fig.add_moving(self.line_artist, self.left_edge_marker, self.left_edge_label)
        self.ax = ax
        return fig

    def draw_state(self, state):
        self.line_artist.set_data(state.line_spend, state.line_prediction)
        self.left_edge_marker.set_data(
            [state.left_edge_spend], [state.left_edge_prediction]
        )
        self.left_edge_label.set_position(
            (state.left_edge_spend + 0.3, state.left_edge_prediction)
        )
        self.left_edge_label.set_text(
            f"{format_number(state.left_edge_prediction, 2)} customers?"
        )
        for artist in (self.line_artist, self.left_edge_marker, self.left_edge_label):
            artist.set_visible(state.show_line)
        # The legends are part of the still picture: one picture with the
        # line's entry, one without.
        self.legend_with_line.set_visible(state.show_line)
        self.legend_points_only.set_visible(not state.show_line)
        self.figure.show_layer("line shown" if state.show_line else "line hidden")
        self.controls["show_line"].icon = "check" if state.show_line else ""

    def readouts(self, state=None):
        state = state or self.state
        line = "shown" if state.show_line else "hidden"
        return [
            Readout(r"\text{straight line}", "straight line", line),
            Readout(r"\text{intercept}", "intercept", state.intercept, 2),
            Readout(r"\text{slope}", "slope", state.slope, 2),
            Readout(
                r"\hat y(\text{spend} = 0)",
                "line's prediction at spend 0",
                state.left_edge_prediction,
                2,
            ),
            Readout(r"\min y", "fewest customers seen", state.fewest_customers, 0),
        ]
