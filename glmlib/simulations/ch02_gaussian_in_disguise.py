"""Chapter 2: the Gaussian (spread 1) written in exponential-family form.

Move the mean mu. The bell curve is assembled from glmlib's pieces,
``b(y) * exp(eta * T(y) - a(eta))`` with ``eta = Gaussian().link(mu)``, and
checked point by point against the textbook normal density
(``scipy.stats.norm.pdf``). The two factors are drawn apart: the base
measure b(y) beside the product, and the tilting factor
``exp(eta * y - a(eta))`` in a panel of its own. A third panel shows the
log-partition ``a(eta) = eta^2 / 2`` with the current eta on it. The
pieces and the check come from ``glmlib.course.ch02_gaussian_in_disguise``.
"""

import numpy as np

from ..course.ch02_gaussian_in_disguise import (
    AGREEMENT_TOLERANCE,
    Y_GRID,
    gaussian_pieces,
)
from ..course.formatting import power_of_ten
from ..course.palette import PALETTE
from ..families import Gaussian
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, style_axes

MU_RANGE = (-3.0, 3.0)
#: the tilting factor's panel shows values up to this; beyond, it leaves the top
TILT_TOP = 5.0
#: every 10th grid point carries a marker of the reference density
REFERENCE_EVERY = 10


class GaussianInDisguise(Simulation):
    """The bell curve, its two factors and its readouts as mu moves (chapter 2).

    Control: ``mu``. Panels: b(y) with the product b(y) exp(eta y - a(eta))
    and the normal density; the tilting factor exp(eta y - a(eta)) alone;
    the log-partition. Readouts: eta (equal to mu), T(y) = y, a(eta) and the
    check that the exponential-family form equals the normal density.
    """

    chapter = 2

    def make_controls(self):
        return {"mu": slider("mean \u03bc (= \u03b7)", 0.6, *MU_RANGE, 0.05)}

    def compute(self, mu):
        return gaussian_pieces(mu)

    def build_figure(self):
        fig, (bell_ax, tilt_ax, a_ax) = course_figure(
            "The Gaussian in exponential-family form",
            ncols=3,
            figsize=(8.6, 3.1),
            width_ratios=[1.55, 1.15, 0.8],
            left=0.07,
            right=0.985,
            wspace=0.42,
        )
        style_axes(
            bell_ax,
            "b(y) \u00d7 tilt = density",
            "y",
            "density",
            (-5, 5),
            (0, 0.54),
            [-4, -2, 0, 2, 4],
            [0, 0.1, 0.2, 0.3, 0.4],
        )
        family = Gaussian()
        base = np.exp(family.log_base_measure(Y_GRID))
        bell_ax.plot(
            Y_GRID,
            base,
            "--",
            color=PALETTE["grey"],
            linewidth=1.4,
            label="b(y)",
        )
        (self.bell,) = bell_ax.plot(
            [], [], color=PALETTE["blue"], label="b(y)\u00b7tilt"
        )
        (self.reference,) = bell_ax.plot(
            [],
            [],
            "o",
            color=PALETTE["orange"],
            markersize=4,
            label="normal",
        )
        self.mean_line = bell_ax.axvline(
            0.0, color=PALETTE["black"], linestyle="--", lw=1.2
        )
        bell_ax.legend(loc="upper center", ncol=3, handlelength=1.2, columnspacing=0.8)

        style_axes(
            tilt_ax,
            "tilt: exp(\u03b7y \u2212 a(\u03b7))",
            "y",
            "factor",
            (-5, 5),
            (0, TILT_TOP),
            [-4, -2, 0, 2, 4],
            [0, 1, 2, 3, 4, 5],
        )
        tilt_ax.axhline(1.0, color=PALETTE["grey"], linestyle=":", linewidth=1.2)
        (self.tilt,) = tilt_ax.plot([], [], color=PALETTE["purple"])

        style_axes(
            a_ax,
            "log-partition",
            "\u03b7",
            "a(\u03b7) = \u03b7\u00b2/2",
            (-3.2, 3.2),
            (-0.2, 5),
            [-3, 0, 3],
            [0, 2, 4],
        )
        etas = np.linspace(*MU_RANGE, 61)
        a_ax.plot(
            etas, family.log_partition(etas), color=PALETTE["grey"], linewidth=1.5
        )
        (self.a_dot,) = a_ax.plot([], [], "o", color=PALETTE["blue"], markersize=8)
        self.bell_ax, self.tilt_ax, self.a_ax = bell_ax, tilt_ax, a_ax
        fig.add_moving(self.bell, self.reference, self.mean_line, self.tilt, self.a_dot)
        return fig

    def draw_state(self, state):
        self.bell.set_data(state.y, state.density_from_form)
        self.reference.set_data(
            state.y[::REFERENCE_EVERY], state.normal_density[::REFERENCE_EVERY]
        )
        self.mean_line.set_xdata([state.mu, state.mu])
        # Values far above the panel would only slow the drawing down.
        self.tilt.set_data(state.y, np.minimum(state.tilt, 2 * TILT_TOP))
        self.a_dot.set_data([state.eta], [state.log_partition])

    def readouts(self, state=None):
        state = state or self.state
        verdict = (
            f"equal within {power_of_ten(AGREEMENT_TOLERANCE)} \u2713"
            if state.forms_agree
            else "NOT equal \u2717"
        )
        return [
            Readout(r"\mu", "\u03bc", state.mu, 2),
            Readout(r"\eta", "\u03b7", state.eta, 2),
            Readout(r"T(y)", "T(y)", "y"),
            Readout(r"a(\eta)", "a(\u03b7)", state.log_partition),
            Readout(
                r"b(y)\,e^{\eta T(y) - a(\eta)}\ \text{vs}\ \mathcal{N}(y;\mu,1)",
                "b(y)\u00b7exp(\u03b7\u00b7T(y) \u2212 a(\u03b7)) vs normal density",
                verdict,
                separator=": ",
            ),
        ]
