"""Chapter 0: a straight line through counts of customers predicts negative people.

The data are the shop's 40 hours from ``glmlib.data``: the ad spend that hour
and how many customers came, drawn from a Poisson model with a fixed seed. A least
squares line -- a Gaussian GLM fitted with ``glmlib.fit`` -- runs through
them and, on the left, predicts a negative count. A second switch shows the
mean the counts were drawn from, which grows by a constant factor per
hundred dollars instead of a constant amount. The line and the true mean
come from ``glmlib.course.ch00_one_update_rule``.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from ..course.ch00_one_update_rule import straight_line_fit, true_mean
from ..course.formatting import format_number
from ..course.palette import PALETTE
from ..data import SHOP_SEED, SPEND_RANGE, design_matrix, shop_hours
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, style_axes

#: where the true mean curve is drawn
TRUTH_SPEND = np.linspace(*SPEND_RANGE, 101)


@dataclass(frozen=True)
class CountsState:
    """What chapter 0's figure shows: data, the straight line, the true mean."""

    spend: np.ndarray
    customers: np.ndarray
    show_line: bool
    show_truth: bool
    line_spend: np.ndarray
    line_prediction: np.ndarray
    intercept: float
    slope: float
    left_edge_spend: float
    left_edge_prediction: float
    zero_crossing: float
    hours_below_zero: int
    below_zero: np.ndarray
    fewest_customers: float
    most_customers: float
    truth_spend: np.ndarray
    truth_mean: np.ndarray
    truth_factor: float


class CountsVersusAdSpend(Simulation):
    """Counts of customers per hour against ad spend, with a straight line (chapter 0).

    Controls: ``show_line`` switches the least squares line on and off,
    ``show_truth`` the mean the counts were drawn from. Readouts: the line's
    intercept and slope, where it drops below zero and how many hours lie
    there, the fewest and most customers seen, and the factor by which the
    true mean grows per hundred dollars.
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
            ),
            "show_truth": widgets.ToggleButton(
                value=False,
                description="true mean",
                icon="",
                tooltip="Show or hide the mean the counts were drawn from",
            ),
        }

    def compute(self, show_line, show_truth):
        line_spend = np.array(SPEND_RANGE)
        prediction = self.line.predict(design_matrix(line_spend))
        intercept, slope = (float(c) for c in self.line.coef)
        crossing = -intercept / slope
        below = self.line.predict(design_matrix(self.spend)) < 0
        truth = true_mean(TRUTH_SPEND)
        return CountsState(
            spend=self.spend,
            customers=self.customers,
            show_line=bool(show_line),
            show_truth=bool(show_truth),
            line_spend=line_spend,
            line_prediction=prediction,
            intercept=intercept,
            slope=slope,
            left_edge_spend=float(line_spend[0]),
            left_edge_prediction=float(prediction[0]),
            zero_crossing=crossing,
            hours_below_zero=int(np.sum(below)),
            below_zero=below,
            fewest_customers=float(np.min(self.customers)),
            most_customers=float(np.max(self.customers)),
            truth_spend=TRUTH_SPEND,
            truth_mean=truth,
            truth_factor=float(true_mean(1.0) / true_mean(0.0)),
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
            fontsize=10,
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
        (self.truth_artist,) = ax.plot(
            [],
            [],
            "--",
            color=PALETTE["green"],
            linewidth=1.8,
            label="true mean (grows by a factor)",
        )
        (self.below_zero_rings,) = ax.plot(
            [],
            [],
            "o",
            markersize=10,
            markerfacecolor="none",
            markeredgecolor=PALETTE["vermillion"],
            markeredgewidth=1.5,
            label="line predicts < 0 here",
        )
        (self.left_edge_marker,) = ax.plot(
            [], [], "o", color=PALETTE["vermillion"], markersize=8, zorder=5
        )
        self.left_edge_label = ax.text(
            0.3, 0, "", fontsize=10, color=PALETTE["vermillion"], va="center"
        )
        # One legend per combination of switches, one shown at a time, so
        # each is sized to its entries.
        self.legends = {}
        for show_line in (False, True):
            for show_truth in (False, True):
                handles = [self.points]
                handles += (
                    [self.line_artist, self.below_zero_rings] if show_line else []
                )
                handles += [self.truth_artist] if show_truth else []
                legend = ax.legend(handles=handles, loc="upper left")
                ax.add_artist(legend)
                self.legends[show_line, show_truth] = legend
        fig.add_moving(
            self.line_artist,
            self.below_zero_rings,
            self.truth_artist,
            self.left_edge_marker,
            self.left_edge_label,
        )
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
        self.below_zero_rings.set_data(
            state.spend[state.below_zero], state.customers[state.below_zero]
        )
        for artist in (
            self.line_artist,
            self.below_zero_rings,
            self.left_edge_marker,
            self.left_edge_label,
        ):
            artist.set_visible(state.show_line)
        self.truth_artist.set_data(state.truth_spend, state.truth_mean)
        self.truth_artist.set_visible(state.show_truth)
        # The legends are part of the still picture: one picture per
        # combination of switches.
        for key, legend in self.legends.items():
            legend.set_visible(key == (state.show_line, state.show_truth))
        self.figure.show_layer(
            f"line {'shown' if state.show_line else 'hidden'}, "
            f"truth {'shown' if state.show_truth else 'hidden'}"
        )
        self.controls["show_line"].icon = "check" if state.show_line else ""
        self.controls["show_truth"].icon = "check" if state.show_truth else ""

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
            Readout(
                r"\text{line negative below spend}",
                "line negative below spend",
                state.zero_crossing,
                2,
            ),
            Readout(
                r"\text{hours in that stretch}",
                "hours in that stretch",
                state.hours_below_zero,
                0,
            ),
            Readout(r"\min y", "fewest customers seen", state.fewest_customers, 0),
            Readout(r"\max y", "most customers seen", state.most_customers, 0),
            Readout(
                r"\text{true mean's factor per hundred dollars}",
                "true mean's factor per hundred dollars",
                state.truth_factor,
                3,
            ),
        ]
