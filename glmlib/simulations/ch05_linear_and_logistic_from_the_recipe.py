"""Chapter 5: the recipe, applied twice, gives linear and logistic regression.

Two data sets about the shop share one feature, the ad spend of an hour:
its takings (a continuous amount, in hundreds of dollars) and whether a
queue formed at the door (yes or no). The first suits a Gaussian, the
second a Bernoulli. Both are fitted with ``glmlib.fit``; the pipeline strip
under the two panels follows one of them, chosen with a toggle, and only
its middle box (the response function) changes with the choice.

Two checks that do not use glmlib come with every fit: least squares
(``numpy.linalg.lstsq``) must give the Gaussian's theta, and a direct
minimisation of the mean cross-entropy (``scipy.optimize.minimize``) the
Bernoulli's. The fits and checks are in
``glmlib.course.ch05_linear_and_logistic_from_the_recipe``.
"""

import ipywidgets as widgets

from ..course.ch05_linear_and_logistic_from_the_recipe import turn_the_crank
from ..course.formatting import (
    FAMILY_LABELS,
    MINUS,
    format_number,
)
from ..course.palette import FAMILY_COLOURS, PALETTE
from ..data import SAMPLES, SPEND_RANGE
from ..families import get_family
from ..ui.controls import slider
from ..ui.pipeline import pipeline_boxes
from ..ui.simulation import Readout, Simulation, distribution_readout
from ..ui.style import course_figure, style_axes

#: How chapter 5 writes each chain of the recipe, and the response in it.
CHAINS = {
    "gaussian": "h(x) = E[y | x] = \u03bc = \u03b7 = \u03b8\u1d40x",
    "bernoulli": "h(x) = E[y | x] = \u03c6 = sigmoid(\u03b7) = sigmoid(\u03b8\u1d40x)",
}


#: y-axis of each panel: limits, ticks, label
PANELS = {
    "gaussian": ((-2.0, 10.5), [0, 3, 6, 9], "takings ($100s)"),
    "bernoulli": ((-0.12, 1.12), [0, 0.5, 1], "queue formed (1 = yes)"),
}
#: pipeline strip: box centres and half widths, in axes units (0 to 1)
STRIP_CENTRES = (0.09, 0.33, 0.6, 0.87)
STRIP_HALF_WIDTHS = (0.075, 0.115, 0.115, 0.105)


class TurningTheCrank(Simulation):
    """Linear and logistic regression fitted side by side, one pipeline (chapter 5).

    Controls: ``family`` (which model the pipeline strip follows: gaussian
    or bernoulli), ``spend`` (the hour's ad spend x pushed through it) and
    ``sample`` (which 40 hours were drawn). Readouts: the chosen model's
    theta, eta = theta^T x, h(x) = E[y | x], and the independent check of
    its theta (least squares or the cross-entropy minimiser).
    """

    chapter = 5

    def make_controls(self):
        return {
            "family": widgets.ToggleButtons(
                options=[
                    ("Gaussian: takings", "gaussian"),
                    ("Bernoulli: queue", "bernoulli"),
                ],
                value="gaussian",
                description="distribution",
                tooltips=[
                    "a continuous target: the takings of an hour",
                    "a yes/no target: did a queue form?",
                ],
                style={"description_width": "initial", "button_width": "150px"},
            ),
            "spend": slider("ad spend x ($100s)", 6.0, *SPEND_RANGE, 0.1),
            "sample": widgets.Dropdown(
                options=[(f"hours, draw {s}", s) for s in SAMPLES],
                value=SAMPLES[0],
                description="sample",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="190px"),
            ),
        }

    def compute(self, family, spend, sample):
        return turn_the_crank(family, spend, sample)

    def build_figure(self):
        fig, axes = course_figure(
            "One recipe, two models",
            ncols=2,
            figsize=(8.0, 4.3),
            left=0.09,
            right=0.98,
            bottom=0.47,
            top=0.86,
            wspace=0.3,
        )
        self.panels = dict(zip(("gaussian", "bernoulli"), axes, strict=True))
        self.points, self.curves, self.dots, self.guides = {}, {}, {}, {}
        for family, ax in self.panels.items():
            fam = get_family(family)
            ylim, yticks, ylabel = PANELS[family]
            style_axes(
                ax,
                f"{FAMILY_LABELS[family]} \u2192 {fam.model_name}",
                "ad spend x ($100s)",
                ylabel,
                (-0.3, 10.3),
                ylim,
                [0, 2, 4, 6, 8, 10],
                yticks,
            )
            colour = FAMILY_COLOURS[family]
            (self.points[family],) = ax.plot(
                [], [], "o", color=colour, alpha=0.45, markersize=4.5
            )
            (self.curves[family],) = ax.plot([], [], color=colour, linewidth=2.2)
            (self.guides[family],) = ax.plot(
                [], [], ":", color=PALETTE["black"], linewidth=1.0
            )
            (self.dots[family],) = ax.plot(
                [], [], "o", color=PALETTE["black"], markersize=7, zorder=5
            )
        strip = fig.add_axes([0.01, 0.01, 0.98, 0.29])
        strip.set_xlim(0, 1)
        strip.set_ylim(0, 1)
        strip.set_axis_off()
        strip.set_title("the pipeline of the chosen model", fontsize=10, pad=2)
        self.boxes = pipeline_boxes(
            strip, STRIP_CENTRES, STRIP_HALF_WIDTHS, 0.6, pad=0.4
        )
        self.chain = strip.text(
            0.5, 0.08, "", ha="center", va="center", fontsize=10, fontweight="bold"
        )
        self.strip = strip
        # The points, the fitted curves, the response box and the chain change
        # only with the sample and the chosen model: they belong to the still
        # picture of that look. A spend moves the rest.
        fig.add_moving(
            *self.guides.values(),
            *self.dots.values(),
            self.boxes[0],
            self.boxes[1],
            self.boxes[3],
        )
        return fig

    def draw_state(self, state):
        models = state.models
        targets = {"gaussian": models.takings, "bernoulli": models.queued}
        curves = {"gaussian": state.gaussian_curve, "bernoulli": state.bernoulli_curve}
        at_x = {"gaussian": state.gaussian_at_x, "bernoulli": state.bernoulli_at_x}
        for family in self.panels:
            active = family == state.family
            low = PANELS[family][0][0]
            self.points[family].set_data(models.spend, targets[family])
            self.curves[family].set_data(state.curve_spend, curves[family])
            self.curves[family].set_alpha(1.0 if active else 0.35)
            self.dots[family].set_data([state.spend_x], [at_x[family]])
            self.dots[family].set_visible(active)
            self.guides[family].set_data(
                [state.spend_x, state.spend_x], [low, at_x[family]]
            )
            self.guides[family].set_visible(active)
        self.figure.show_layer((models.sample, state.family))
        theta0, theta1 = state.theta
        sign = "+" if theta1 >= 0 else MINUS
        self.boxes[0].set_text(f"features\nx = {format_number(state.spend_x, 1)}")
        self.boxes[1].set_text(
            "\u03b7 = \u03b8\u1d40x\n"
            f"{format_number(theta0, 2)} {sign} {format_number(abs(theta1), 2)}"
            f"\u00b7{format_number(state.spend_x, 1)}\n"
            f"= {format_number(state.eta, 3)}"
        )
        link = get_family(state.family).get_link().description
        self.boxes[2].set_text(f"response: {link.response_name}\n{link.response_text}")
        patch = self.boxes[2].get_bbox_patch()
        patch.set_facecolor(FAMILY_COLOURS[state.family])
        patch.set_alpha(0.25)
        self.boxes[3].set_text(
            f"h(x) = E[y | x]\n{format_number(state.mean, 3)}"
            + ("\n$100s of takings" if state.family == "gaussian" else "\nP(queue)")
        )
        self.chain.set_text(CHAINS[state.family])

    def readouts(self, state=None):
        state = state or self.state
        return [
            distribution_readout(state.family),
            Readout(r"\theta_0", "\u03b8\u2080", float(state.theta[0])),
            Readout(r"\theta_1", "\u03b8\u2081", float(state.theta[1])),
            Readout(r"\eta = \theta^T x", "\u03b7 = \u03b8\u1d40x", state.eta),
            Readout(r"h(x) = E[y \mid x]", "h(x) = E[y | x]", state.mean),
            Readout(
                rf"\text{{{state.check_name}}}",
                state.check_name,
                state.check_verdict,
                separator=": ",
            ),
        ]
