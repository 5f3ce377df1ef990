"""Chapter 2: the Gaussian (spread 1) written in exponential-family form.

Move the mean mu. The bell curve is assembled from glmlib's pieces,
``b(y) * exp(eta * T(y) - a(eta))`` with ``eta = Gaussian().link(mu)``, and
checked point by point against the textbook normal density
(``scipy.stats.norm.pdf``). A second panel shows the log-partition
``a(eta) = eta^2 / 2`` with the current eta on it.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..families import Gaussian
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import PALETTE, course_figure, style_axes

MU_RANGE = (-3.0, 3.0)
Y_GRID = np.linspace(-5.0, 5.0, 161)
#: every 10th grid point carries a marker of the reference density
REFERENCE_EVERY = 10
#: the exponential-family form and the normal density must agree this well
AGREEMENT_TOLERANCE = 1e-12


@dataclass(frozen=True)
class GaussianFormState:
    """The Gaussian at one mean, in its exponential-family pieces (chapter 2)."""

    mu: float
    eta: float
    log_partition: float
    y: np.ndarray
    sufficient_statistic: np.ndarray
    base_measure: np.ndarray
    density_from_form: np.ndarray
    normal_density: np.ndarray
    largest_difference: float

    @property
    def forms_agree(self):
        """True when b(y) exp(eta T(y) - a(eta)) matches the normal density."""
        return self.largest_difference < AGREEMENT_TOLERANCE


def gaussian_pieces(mu, y=Y_GRID):
    """eta, T(y), a(eta), b(y) of the unit-spread Gaussian with mean ``mu`` (chapter 2).

    The density is rebuilt from those pieces, b(y) * exp(eta * T(y) - a(eta)),
    and compared with ``scipy.stats.norm.pdf(y, mu, 1)``.
    """
    family = Gaussian()
    eta = float(family.link(mu))
    log_partition = float(family.log_partition(eta))
    t = family.sufficient_statistic(y)
    b = np.exp(family.log_base_measure(y))
    from_form = b * np.exp(eta * t - log_partition)
    reference = stats.norm.pdf(y, loc=mu, scale=1.0)
    return GaussianFormState(
        mu=float(mu),
        eta=eta,
        log_partition=log_partition,
        y=y,
        sufficient_statistic=t,
        base_measure=b,
        density_from_form=from_form,
        normal_density=reference,
        largest_difference=float(np.max(np.abs(from_form - reference))),
    )


class GaussianInDisguise(Simulation):
    """The bell curve and its exponential-family readouts as mu moves (chapter 2).

    Control: ``mu``. Readouts: eta (equal to mu), T(y) = y, a(eta) and the
    check that the exponential-family form equals the normal density.
    """

    chapter = 2

    def make_controls(self):
        return {"mu": slider("mean \u03bc (= \u03b7)", 0.6, *MU_RANGE, 0.05)}

    def compute(self, mu):
        return gaussian_pieces(mu)

    def build_figure(self):
        fig, (bell_ax, a_ax) = course_figure(
            "The Gaussian in exponential-family form", ncols=2, width_ratios=[2, 1]
        )
        style_axes(
            bell_ax,
            "b(y) exp(\u03b7y \u2212 a(\u03b7))",
            "y",
            "density",
            (-5, 5),
            (0, 0.54),
            [-4, -2, 0, 2, 4],
            [0, 0.1, 0.2, 0.3, 0.4],
        )
        (self.bell,) = bell_ax.plot(
            [], [], color=PALETTE["blue"], label="from \u03b7, T, a, b"
        )
        (self.reference,) = bell_ax.plot(
            [],
            [],
            "o",
            color=PALETTE["orange"],
            markersize=4,
            label="normal density",
        )
        self.mean_line = bell_ax.axvline(
            0.0, color=PALETTE["black"], linestyle="--", lw=1.2
        )
        bell_ax.legend(loc="upper center", ncol=2, handlelength=1.2)

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
        family = Gaussian()
        etas = np.linspace(*MU_RANGE, 61)
        a_ax.plot(
            etas, family.log_partition(etas), color=PALETTE["grey"], linewidth=1.5
        )
        (self.a_dot,) = a_ax.plot([], [], "o", color=PALETTE["blue"], markersize=8)
        self.bell_ax, self.a_ax = bell_ax, a_ax
        fig.add_moving(self.bell, self.reference, self.mean_line, self.a_dot)
        return fig

    def draw_state(self, state):
        self.bell.set_data(state.y, state.density_from_form)
        self.reference.set_data(
            state.y[::REFERENCE_EVERY], state.normal_density[::REFERENCE_EVERY]
        )
        self.mean_line.set_xdata([state.mu, state.mu])
        self.a_dot.set_data([state.eta], [state.log_partition])

    def readouts(self, state=None):
        state = state or self.state
        verdict = (
            f"equal within {AGREEMENT_TOLERANCE:.0e} \u2713"
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
