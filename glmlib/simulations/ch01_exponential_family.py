"""Chapter 1: one formula, three distributions, one knob eta.

Pick the Gaussian, the Bernoulli or the Poisson and move the natural
parameter eta. The density or probability mass is computed by the family's
``density`` (that is, from ``b(y) exp(eta T(y) - a(eta))``) and the mean
readout by the family's ``response`` -- which is ``a'(eta)``; a finite
difference of ``log_partition`` is shown next to it as a check.
"""

from ..course.ch01_exponential_family import family_member
from ..course.formatting import (
    FAMILY_LABELS,
    format_number,
)
from ..course.palette import FAMILY_COLOURS, PALETTE
from ..ui.controls import family_picker, slider
from ..ui.simulation import Readout, Simulation, distribution_readout
from ..ui.style import course_figure, style_axes

ETA_RANGE = (-2.0, 2.0)

#: how each family's support is plotted: x values, x limits, ticks, y limits
LAYOUT = {
    "gaussian": {
        "xlim": (-5.0, 5.0),
        "xticks": [-4, -2, 0, 2, 4],
        "ylim": (0.0, 0.45),
        "yticks": [0, 0.1, 0.2, 0.3, 0.4],
        "ylabel": "density p(y; \u03b7)",
    },
    "bernoulli": {
        "xlim": (-0.6, 1.6),
        "xticks": [0, 1],
        "ylim": (0.0, 1.05),
        "yticks": [0, 0.25, 0.5, 0.75, 1],
        "ylabel": "probability p(y; \u03b7)",
    },
    "poisson": {
        "xlim": (-0.6, 20.6),
        "xticks": [0, 4, 8, 12, 16, 20],
        "ylim": (0.0, 1.05),
        "yticks": [0, 0.25, 0.5, 0.75, 1],
        "ylabel": "probability p(y; \u03b7)",
    },
}


class OneFormThreeFaces(Simulation):
    """Gaussian, Bernoulli or Poisson under one natural parameter eta (chapter 1).

    Controls: ``family`` (gaussian, bernoulli, poisson) and ``eta``.
    Readouts: eta, the mean a'(eta) from ``response``, and a(eta).
    """

    chapter = 1

    def make_controls(self):
        return {
            "family": family_picker("gaussian"),
            "eta": slider("natural parameter \u03b7", 0.0, *ETA_RANGE, 0.05),
        }

    def compute(self, family, eta):
        return family_member(family, eta)

    def build_figure(self):
        fig, (ax,) = course_figure("One form, three faces")
        style_axes(ax, "", "y", "", (0, 1), (0, 1), [0], [0])
        self.ax = ax
        self.shown_family = None
        (self.curve,) = ax.plot([], [], color=FAMILY_COLOURS["gaussian"])
        self.stems = ax.vlines([], [], [], linewidth=3)
        (self.heads,) = ax.plot([], [], "o", markersize=6)
        self.mean_line = ax.axvline(
            0.0, color=PALETTE["black"], linestyle="--", linewidth=1.2
        )
        self.mean_label = ax.text(
            0.0,
            0.0,
            "",
            fontsize=10,
            ha="left",
            va="top",
            transform=ax.get_xaxis_transform(),
        )
        fig.add_moving(
            self.curve, self.stems, self.heads, self.mean_line, self.mean_label
        )
        return fig

    def draw_state(self, state):
        if state.family != self.shown_family:
            self._show_family(state.family)
        if state.family == "gaussian":
            self.curve.set_data(state.y, state.probability)
        else:
            self.stems.set_segments(
                [
                    [(y, 0.0), (y, p)]
                    for y, p in zip(state.y, state.probability, strict=True)
                ]
            )
            self.heads.set_data(state.y, state.probability)
        self.mean_line.set_xdata([state.mean, state.mean])
        self.mean_label.set_position((state.mean, 0.97))
        self.mean_label.set_text(f" mean {format_number(state.mean, 2)}")

    def _show_family(self, name):
        """Switch the axes to ``name``: limits, ticks, colours, visible artists."""
        layout = LAYOUT[name]
        colour = FAMILY_COLOURS[name]
        style_axes(
            self.ax,
            f"{FAMILY_LABELS[name]} distribution",
            "y",
            layout["ylabel"],
            layout["xlim"],
            layout["ylim"],
            layout["xticks"],
            layout["yticks"],
        )
        discrete = name != "gaussian"
        self.curve.set_visible(not discrete)
        self.stems.set_visible(discrete)
        self.heads.set_visible(discrete)
        self.stems.set_color(colour)
        self.heads.set_color(colour)
        self.shown_family = name
        self.figure.show_layer(self.shown_family)

    def readouts(self, state=None):
        state = state or self.state
        return [
            distribution_readout(state.family),
            Readout(r"\eta", "\u03b7", state.eta, 2),
            Readout(r"\text{mean} = a'(\eta)", "mean = a\u2032(\u03b7)", state.mean),
            Readout(r"a(\eta)", "a(\u03b7)", state.log_partition),
        ]
