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
Bernoulli's.
"""

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from scipy import optimize, special

from ..data import SAMPLES, SPEND_RANGE, design_matrix, takings_and_queues
from ..families import get_family
from ..fitting import fit
from ..ui.controls import slider
from ..ui.pipeline import pipeline_boxes
from ..ui.simulation import Readout, Simulation, distribution_readout
from ..ui.style import (
    FAMILY_COLOURS,
    FAMILY_LABELS,
    MINUS,
    PALETTE,
    course_figure,
    format_number,
    style_axes,
)

#: Agreement demanded of the two independent checks (largest difference in theta).
LEAST_SQUARES_TOLERANCE = 1e-9
CROSS_ENTROPY_TOLERANCE = 1e-8

CURVE_SPEND = np.linspace(*SPEND_RANGE, 101)

#: How chapter 5 writes each chain of the recipe, and the response in it.
CHAINS = {
    "gaussian": "h(x) = E[y | x] = \u03bc = \u03b7 = \u03b8\u1d40x",
    "bernoulli": "h(x) = E[y | x] = \u03c6 = sigmoid(\u03b7) = sigmoid(\u03b8\u1d40x)",
}
MODEL_NAMES = {"gaussian": "linear regression", "bernoulli": "logistic regression"}


def least_squares(X, y):
    """The least squares coefficients, by ``numpy.linalg.lstsq`` (chapter 5).

    Ordinary linear regression as it is usually taught: minimise the sum of
    squared errors. No glmlib code is involved.
    """
    theta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return theta


def mean_cross_entropy(theta, X, y):
    """Logistic regression's loss: the mean cross-entropy of 0/1 labels (chapter 5).

    With z = X theta and phi = sigmoid(z), each row costs
    -[y log phi + (1 - y) log(1 - phi)] = log(1 + e^z) - y z, written with
    ``numpy.logaddexp`` so that it never overflows. No glmlib code is involved.
    """
    z = X @ theta
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def minimise_cross_entropy(X, y):
    """The theta that minimises ``mean_cross_entropy``, by scipy's BFGS (chapter 5).

    An independent route to logistic regression: a general-purpose optimiser
    on the loss, with the loss's own derivative X^T (sigmoid(X theta) - y) / n.
    """

    def gradient(theta, X, y):
        return X.T @ (special.expit(X @ theta) - y) / len(y)

    result = optimize.minimize(
        mean_cross_entropy,
        np.zeros(X.shape[1]),
        args=(X, y),
        jac=gradient,
        method="BFGS",
        options={"gtol": 1e-12, "maxiter": 1000},
    )
    return result.x


@dataclass(frozen=True)
class CrankedModels:
    """Both models fitted to one sample, with their independent checks (chapter 5)."""

    sample: int
    spend: np.ndarray
    takings: np.ndarray
    queued: np.ndarray
    gaussian_fit: object
    bernoulli_fit: object
    least_squares_theta: np.ndarray
    cross_entropy_theta: np.ndarray

    @property
    def least_squares_gap(self):
        """Largest |theta_GLM - theta_least_squares| over the coefficients."""
        return float(np.max(np.abs(self.gaussian_fit.coef - self.least_squares_theta)))

    @property
    def cross_entropy_gap(self):
        """Largest |theta_GLM - theta_cross_entropy| over the coefficients."""
        return float(np.max(np.abs(self.bernoulli_fit.coef - self.cross_entropy_theta)))


@lru_cache(maxsize=len(SAMPLES))
def crank_both(sample=1):
    """Fit the Gaussian and the Bernoulli GLM to one sample, and check both (chapter 5).

    ``glmlib.fit`` does the fitting; ``least_squares`` and
    ``minimise_cross_entropy`` give the same coefficients by the two
    classical routes, without glmlib. Cached: a sample is fitted once.
    """
    spend, takings, queued = takings_and_queues(sample)
    X = design_matrix(spend)
    return CrankedModels(
        sample=sample,
        spend=spend,
        takings=takings,
        queued=queued,
        gaussian_fit=fit(X, takings, family="gaussian"),
        bernoulli_fit=fit(X, queued, family="bernoulli"),
        least_squares_theta=least_squares(X, takings),
        cross_entropy_theta=minimise_cross_entropy(X, queued),
    )


@dataclass(frozen=True)
class CrankState:
    """What chapter 5's figure shows for one choice of model, spend and sample."""

    family: str
    spend_x: float
    models: CrankedModels
    theta: np.ndarray
    eta: float
    mean: float
    curve_spend: np.ndarray
    gaussian_curve: np.ndarray
    bernoulli_curve: np.ndarray
    gaussian_at_x: float
    bernoulli_at_x: float
    check_name: str
    check_verdict: str


def turn_the_crank(family, spend_x, sample=1):
    """The chosen model's theta, eta = theta^T x and h(x) at one spend (chapter 5).

    Both fitted curves are the family's response applied to theta^T x over
    the spend axis (``GLMResult.predict``); eta and the prediction at
    ``spend_x`` are worked out step by step, as the pipeline strip shows.
    """
    models = crank_both(sample)
    chosen = {"gaussian": models.gaussian_fit, "bernoulli": models.bernoulli_fit}
    theta = chosen[family].coef
    x = np.array([1.0, float(spend_x)])
    eta = float(x @ theta)
    mean = float(get_family(family).response(eta))
    curve_X = design_matrix(CURVE_SPEND)
    at_x = design_matrix([float(spend_x)])
    if family == "gaussian":
        check = "same \u03b8 as least squares"
        verdict = _verdict(
            models.least_squares_gap <= LEAST_SQUARES_TOLERANCE, LEAST_SQUARES_TOLERANCE
        )
    else:
        check = "same \u03b8 as the cross-entropy minimiser"
        verdict = _verdict(
            models.cross_entropy_gap <= CROSS_ENTROPY_TOLERANCE, CROSS_ENTROPY_TOLERANCE
        )
    return CrankState(
        family=family,
        spend_x=float(spend_x),
        models=models,
        theta=theta,
        eta=eta,
        mean=mean,
        curve_spend=CURVE_SPEND,
        gaussian_curve=models.gaussian_fit.predict(curve_X),
        bernoulli_curve=models.bernoulli_fit.predict(curve_X),
        gaussian_at_x=float(models.gaussian_fit.predict(at_x)[0]),
        bernoulli_at_x=float(models.bernoulli_fit.predict(at_x)[0]),
        check_name=check,
        check_verdict=verdict,
    )


def _verdict(agree, tolerance):
    power = round(float(np.log10(tolerance)))
    bound = f"10{_superscript(power)}"
    return f"yes (within {bound})" if agree else f"NO (differs by more than {bound})"


def _superscript(power):
    digits = str(abs(power)).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return ("\u207b" if power < 0 else "") + digits


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
            ylim, yticks, ylabel = PANELS[family]
            style_axes(
                ax,
                f"{FAMILY_LABELS[family]} \u2192 {MODEL_NAMES[family]}",
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
