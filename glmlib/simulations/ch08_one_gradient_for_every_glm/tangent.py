"""Chapter 8's tangent: a(eta) and its tangent, whose slope is the mean.

The slopes and curvatures, each found two or three ways, come from
``glmlib.course.ch08_one_gradient_for_every_glm.log_partition_calculus``.
"""

import ipywidgets as widgets
import numpy as np

from ...course.ch08_one_gradient_for_every_glm import (
    CALCULUS_FAMILIES,
    N_CLASSES,
    OTHER_ETA,
    log_partition_calculus,
)
from ...course.formatting import (
    FAMILY_LABELS,
    format_number,
    format_tuple,
)
from ...course.palette import FAMILY_COLOURS, PALETTE
from ...families import get_family
from ...ui.controls import slider
from ...ui.simulation import Readout, Simulation
from ...ui.style import course_figure, style_axes

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
    slope is the family's ``unit_variance(eta)``, a''(eta) (the variance at
    unit dispersion). Readouts: a(eta), the
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
                float(state.unit_variance[0, 0]),
                float(state.response[0]),
            )
        return state.eta, state.response, state.unit_variance, state.response

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
            Readout(
                r"a''(\eta)", "a\u2032\u2032 = unit_variance(\u03b7)", curvature, 4
            ),
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


def _calculus_label(family):
    """A family as the tangent figure names it: "Categorical (3 classes)"."""
    label = FAMILY_LABELS[family]
    return f"{label} ({N_CLASSES} classes)" if family == "categorical" else label
