"""Chapter 4: the GLM as an assembly line -- features, linear score, response, mean.

Pick a distribution, set the coefficients theta = (theta_0, theta_1) and
the feature x_1 of one example x = (1, x_1). The linear score
theta^T x = theta_0 * 1 + theta_1 * x_1 is formed in the second box and
is the natural parameter eta (assumption 3); the family's response
function g^-1 turns it into the predicted mean (assumption 2). Only the
middle box of the pipeline depends on the distribution chosen (assumption
1): identity for the Gaussian, sigmoid for the Bernoulli, exponential for
the Poisson. Its name and formula are read from the family's canonical
link (``get_family(name).get_link().description``), never repeated here;
``glmlib.course.ch04_the_glm_recipe`` does the computing.
"""

from ..course.ch04_the_glm_recipe import SCORE_RANGE, run_pipeline
from ..course.formatting import format_number, format_tuple
from ..course.palette import FAMILY_COLOURS, PALETTE
from ..ui.controls import family_picker, slider
from ..ui.pipeline import pipeline_boxes
from ..ui.simulation import Readout, Simulation, distribution_readout
from ..ui.style import course_figure, style_axes

#: slider ranges; together they keep theta^T x inside SCORE_RANGE
THETA_RANGE = (-1.0, 1.0)
FEATURE_RANGE = (-2.0, 2.0)
#: the starting example: theta = (-0.4, 0.6), x = (1, 2), so theta^T x = 0.8
START = {"theta0": -0.4, "theta1": 0.6, "x1": 2.0}
#: the pipeline's four boxes, in the diagram's data units (x from 0 to 4)
BOX_CENTRES = (0.35, 1.42, 2.48, 3.49)
BOX_HALF_WIDTHS = (0.32, 0.49, 0.34, 0.4)

SUBSCRIPTS = "\u2080\u2081\u2082\u2083"
#: what the predicted mean is for each distribution's kind of target
MEAN_MEANS = {
    "gaussian": "a profit",
    "bernoulli": "a probability",
    "poisson": "a count rate",
}
#: y-axis limits and ticks of the response panel per distribution
RESPONSE_AXES = {
    "gaussian": ((-3.3, 3.3), [-3, 0, 3]),
    "bernoulli": ((-0.05, 1.05), [0, 0.5, 1]),
    "poisson": ((-0.7, 21.0), [0, 10, 20]),
}


class GLMAssemblyLine(Simulation):
    """The GLM pipeline drawn as boxes, plus the response curve (chapter 4).

    Controls: ``family`` (gaussian, bernoulli, poisson), the coefficients
    ``theta0`` and ``theta1`` and the feature ``x1`` of the example
    x = (1, x1). Readouts: x, theta, eta = theta^T x, the response
    function's name and the predicted mean.
    """

    chapter = 4

    def make_controls(self):
        return {
            "family": family_picker("bernoulli"),
            "theta0": slider(
                "intercept \u03b8\u2080", START["theta0"], *THETA_RANGE, 0.05
            ),
            "theta1": slider("slope \u03b8\u2081", START["theta1"], *THETA_RANGE, 0.05),
            "x1": slider("feature x\u2081", START["x1"], *FEATURE_RANGE, 0.1),
        }

    def compute(self, family, theta0, theta1, x1):
        return run_pipeline(family, (theta0, theta1), (1.0, x1))

    def build_figure(self):
        fig, (line_ax, curve_ax) = course_figure(
            "The GLM assembly line",
            ncols=2,
            figsize=(8.8, 3.1),
            width_ratios=[3.0, 1],
            left=0.01,
            right=0.97,
            wspace=0.22,
        )
        line_ax.set_xlim(0, 4)
        line_ax.set_ylim(0, 1)
        line_ax.set_axis_off()
        line_ax.set_title(
            "features \u2192 linear score \u2192 response g\u207b\u00b9 \u2192 mean"
        )
        self.boxes = pipeline_boxes(
            line_ax, BOX_CENTRES, BOX_HALF_WIDTHS, 0.5, pad=0.45, gap=0.03
        )
        for x, label in zip(
            BOX_CENTRES[1:],
            ["assumption 3", "assumption 1\n(your choice)", "assumption 2"],
            strict=True,
        ):
            line_ax.text(
                x, 0.12, label, ha="center", fontsize=10, color=PALETTE["grey"]
            )
        self.curve_ax = curve_ax
        self.shown_family = None
        (self.curve,) = curve_ax.plot([], [], linewidth=2)
        (self.dot,) = curve_ax.plot(
            [], [], "o", color=PALETTE["black"], markersize=7, zorder=5
        )
        fig.add_moving(self.boxes[0], self.boxes[1], self.boxes[3], self.dot)
        return fig

    def draw_state(self, state):
        if state.family != self.shown_family:
            self._show_family(state)
        x_lines = "\n".join(
            f"x{SUBSCRIPTS[j]} = {format_number(v, 2)}" for j, v in enumerate(state.x)
        )
        self.boxes[0].set_text(f"features\n{x_lines}")
        self.boxes[1].set_text(
            f"\u03b8\u1d40x =\n{state.score_terms}\n"
            f"= {format_number(state.eta, 2)} = \u03b7"
        )
        self.boxes[3].set_text(
            f"mean \u03bc\n({MEAN_MEANS[state.family]})\n{format_number(state.mean)}"
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
        formula = state.response_latex.replace("\\frac", "\\dfrac")
        middle.set_text(f"{state.response_name}\n\n${formula}$")
        middle.get_bbox_patch().set_facecolor(colour)
        middle.get_bbox_patch().set_alpha(0.25)
        self.shown_family = state.family
        self.figure.show_layer(self.shown_family)

    def readouts(self, state=None):
        state = state or self.state
        return [
            distribution_readout(state.family),
            Readout(r"x", "x", format_tuple(state.x, 2)),
            Readout(
                r"\theta",
                "\u03b8",
                format_tuple(state.theta, 2),
            ),
            Readout(r"\eta = \theta^T x", "\u03b7 = \u03b8\u1d40x", state.eta, 2),
            Readout(
                r"\text{response } g^{-1}",
                "response g\u207b\u00b9",
                state.response_name,
            ),
            Readout(r"h_\theta(x) = E[y \mid x]", "h(x) = E[y | x]", state.mean),
        ]
