"""Chapter 4: the GLM as an assembly line -- features, linear score, response, mean.

Pick a distribution and move the linear score theta^T x. The score is the
natural parameter eta (assumption 3); the family's ``response`` turns it
into the predicted mean (assumption 2). Only the middle box of the pipeline
depends on the distribution chosen (assumption 1): identity for the
Gaussian, sigmoid for the Bernoulli, exponential for the Poisson.
"""

from dataclasses import dataclass

import numpy as np

from ..families import get_family
from ..ui.controls import family_picker, slider
from ..ui.simulation import Readout, Simulation, distribution_readout
from ..ui.style import (
    FAMILY_COLOURS,
    PALETTE,
    course_figure,
    format_number,
    style_axes,
)

SCORE_RANGE = (-3.0, 3.0)
ETA_GRID = np.linspace(*SCORE_RANGE, 121)
#: the pipeline's four boxes, in the diagram's data units (x from 0 to 4)
BOX_CENTRES = (0.28, 1.1, 2.2, 3.45)
BOX_HALF_WIDTHS = (0.27, 0.33, 0.55, 0.5)

#: How chapter 4 names and draws each family's response (keyed by the
#: family's canonical link, which glmlib declares).
RESPONSES = {
    "identity": {"name": "identity", "formula": r"$\mu = \eta$"},
    "logit": {"name": "sigmoid", "formula": r"$\mu = 1/(1+e^{-\eta})$"},
    "log": {"name": "exponential", "formula": r"$\mu = e^{\eta}$"},
}
#: what the predicted mean means for each distribution's kind of target
MEAN_MEANS = {
    "gaussian": "a price",
    "bernoulli": "a probability",
    "poisson": "a count rate",
}
#: y-axis limits and ticks of the response panel per distribution
RESPONSE_AXES = {
    "gaussian": ((-3.3, 3.3), [-3, 0, 3]),
    "bernoulli": ((-0.05, 1.05), [0, 0.5, 1]),
    "poisson": ((-0.7, 21.0), [0, 10, 20]),
}


@dataclass(frozen=True)
class AssemblyState:
    """One pass down the pipeline (chapter 4)."""

    family: str
    linear_score: float
    eta: float
    response_name: str
    response_formula: str
    mean: float
    curve_eta: np.ndarray
    curve_mean: np.ndarray


def run_pipeline(family_name, linear_score):
    """theta^T x -> eta -> response -> predicted mean, with glmlib's family (chapter 4).

    Assumption 3 makes eta equal to the linear score; the mean is
    ``family.response(eta)``. The response curve over ``ETA_GRID`` is returned
    for drawing.
    """
    family = get_family(family_name)
    eta = float(linear_score)
    response = RESPONSES[family.canonical_link]
    return AssemblyState(
        family=family_name,
        linear_score=float(linear_score),
        eta=eta,
        response_name=response["name"],
        response_formula=response["formula"],
        mean=float(family.response(eta)),
        curve_eta=ETA_GRID,
        curve_mean=family.response(ETA_GRID),
    )


class GLMAssemblyLine(Simulation):
    """The GLM pipeline drawn as boxes, plus the response curve (chapter 4).

    Controls: ``family`` (gaussian, bernoulli, poisson) and
    ``linear_score`` (theta^T x). Readouts: eta, the response function's
    name and the predicted mean.
    """

    chapter = 4

    def make_controls(self):
        return {
            "family": family_picker("bernoulli"),
            "linear_score": slider(
                "linear score \u03b8\u1d40x", 0.8, *SCORE_RANGE, 0.05
            ),
        }

    def compute(self, family, linear_score):
        return run_pipeline(family, linear_score)

    def build_figure(self):
        fig, (line_ax, curve_ax) = course_figure(
            "The GLM assembly line",
            ncols=2,
            figsize=(7.6, 3.1),
            width_ratios=[2.3, 1],
            left=0.02,
            right=0.97,
            wspace=0.25,
        )
        line_ax.set_xlim(0, 4)
        line_ax.set_ylim(0, 1)
        line_ax.set_axis_off()
        line_ax.set_title("features \u2192 linear score \u2192 response \u2192 mean")
        box = {"boxstyle": "round,pad=0.45", "linewidth": 1.2, "edgecolor": "#333333"}
        self.boxes = [
            line_ax.text(
                x,
                0.5,
                "",
                ha="center",
                va="center",
                fontsize=9,
                linespacing=1.5,
                bbox={**box, "facecolor": "white"},
            )
            for x in BOX_CENTRES
        ]
        for i in range(len(BOX_CENTRES) - 1):
            line_ax.annotate(
                "",
                xy=(BOX_CENTRES[i + 1] - BOX_HALF_WIDTHS[i + 1] - 0.03, 0.5),
                xytext=(BOX_CENTRES[i] + BOX_HALF_WIDTHS[i] + 0.03, 0.5),
                arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 1.3},
            )
        self.boxes[0].set_text("features\nx")
        for x, label in zip(
            BOX_CENTRES[1:],
            ["assumption 3", "assumption 1\n(your choice)", "assumption 2"],
            strict=True,
        ):
            line_ax.text(
                x, 0.14, label, ha="center", fontsize=8.5, color=PALETTE["grey"]
            )
        self.curve_ax = curve_ax
        self.shown_family = None
        (self.curve,) = curve_ax.plot([], [], linewidth=2)
        (self.dot,) = curve_ax.plot(
            [], [], "o", color=PALETTE["black"], markersize=7, zorder=5
        )
        fig.add_moving(*self.boxes[1:], self.curve, self.dot)
        return fig

    def draw_state(self, state):
        if state.family != self.shown_family:
            self._show_family(state)
        self.boxes[1].set_text(f"\u03b8\u1d40x = \u03b7\n{format_number(state.eta, 2)}")
        self.boxes[3].set_text(
            f"mean: {MEAN_MEANS[state.family]}\n{format_number(state.mean)}"
        )
        self.dot.set_data([state.eta], [state.mean])

    def _show_family(self, state):
        colour = FAMILY_COLOURS[state.family]
        ylim, yticks = RESPONSE_AXES[state.family]
        style_axes(
            self.curve_ax,
            f"response: {state.response_name}",
            "\u03b7 = \u03b8\u1d40x",
            "mean \u03bc",
            SCORE_RANGE,
            ylim,
            [-3, 0, 3],
            yticks,
        )
        self.curve.set_data(state.curve_eta, state.curve_mean)
        self.curve.set_color(colour)
        middle = self.boxes[2]
        middle.set_text(f"{state.response_name}\n{state.response_formula}")
        middle.get_bbox_patch().set_facecolor(colour)
        middle.get_bbox_patch().set_alpha(0.25)
        self.shown_family = state.family
        self.figure.show_layer(self.shown_family)

    def readouts(self, state=None):
        state = state or self.state
        return [
            distribution_readout(state.family),
            Readout(r"\eta = \theta^T x", "\u03b7 = \u03b8\u1d40x", state.eta, 2),
            Readout(r"\text{response}", "response", state.response_name),
            Readout(r"h(x) = E[y \mid x]", "h(x) = E[y | x]", state.mean),
        ]
