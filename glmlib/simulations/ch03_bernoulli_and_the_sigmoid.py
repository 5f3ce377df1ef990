"""Chapter 3: the Bernoulli's natural parameter is the log-odds; its inverse is the sigmoid.

Move the probability phi. Left: the map phi -> eta = log(phi / (1 - phi)),
which is ``Bernoulli().link``, with a dot at the current phi. Right: the map
back, eta -> sigmoid(eta), which is ``Bernoulli().response``, with a dot at
the eta found on the left -- it lands on phi again.

The probit, a legitimate but non-canonical link for the same yes/no target,
is drawn dashed on both panels (``Bernoulli().get_link("probit")``): its
link Phi^-1(phi) on the left, its response Phi(eta) on the right, with a
hollow dot at the current eta, so the two S-curves can be compared.

At phi = 0 or 1 the log-odds is -inf or +inf. The readout then shows minus
or plus infinity, and each dot sits at the edge of its axes as a triangle pointing
off the plot, so nothing undefined is ever drawn or shown. The numbers
come from ``glmlib.course.ch03_bernoulli_and_the_sigmoid``.
"""

import numpy as np

from ..course.ch03_bernoulli_and_the_sigmoid import log_odds_round_trip
from ..course.palette import PALETTE
from ..families import Bernoulli
from ..ui.controls import slider
from ..ui.simulation import Readout, Simulation
from ..ui.style import course_figure, style_axes

ETA_LIMIT = 6.0
#: where a dot for an infinite eta is parked, just inside the axes
ETA_EDGE = 5.6
PHI_GRID = np.linspace(0.0025, 0.9975, 121)
ETA_GRID = np.linspace(-ETA_LIMIT, ETA_LIMIT, 121)


def eta_on_axes(eta):
    """eta clipped to the drawn range: where its dot goes (chapter 3)."""
    return float(np.clip(eta, -ETA_EDGE, ETA_EDGE))


def eta_marker(eta):
    """A disc for a finite eta, a triangle pointing off the axes otherwise (chapter 3)."""
    if np.isfinite(eta) and abs(eta) <= ETA_EDGE:
        return "o"
    return "^" if eta > 0 else "v"


class LogOddsAndSigmoid(Simulation):
    """The log-odds curve and the sigmoid side by side, one dot on each (chapter 3).

    Control: ``phi`` from 0 to 1. Readouts: phi, eta = log(phi / (1 - phi)),
    sigmoid(eta), which equals phi, and the probit's Phi(eta), which does not.
    """

    chapter = 3
    infinite_readouts = ("\u03b7 = log(\u03c6/(1\u2212\u03c6))",)

    def make_controls(self):
        return {"phi": slider("probability \u03c6", 0.7, 0.0, 1.0, 0.01)}

    def compute(self, phi):
        return log_odds_round_trip(phi)

    def build_figure(self):
        fig, (odds_ax, sigmoid_ax) = course_figure(
            "The log-odds and the sigmoid undo each other", ncols=2, wspace=0.4
        )
        style_axes(
            odds_ax,
            r"link: $\eta = \log(\phi\,/\,(1-\phi))$",
            "probability \u03c6",
            "natural parameter \u03b7",
            (0, 1),
            (-ETA_LIMIT, ETA_LIMIT),
            [0, 0.5, 1],
            [-6, -3, 0, 3, 6],
        )
        style_axes(
            sigmoid_ax,
            r"response: $\phi = 1\,/\,(1+e^{-\eta})$",
            "natural parameter \u03b7",
            "probability \u03c6",
            (-ETA_LIMIT, ETA_LIMIT),
            (0, 1),
            [-6, -3, 0, 3, 6],
            [0, 0.5, 1],
        )
        family = Bernoulli()
        probit = family.get_link("probit")
        colour = PALETTE["vermillion"]
        odds_ax.plot(
            PHI_GRID,
            family.link(PHI_GRID),
            color=PALETTE["grey"],
            linewidth=1.5,
            label="logit",
        )
        odds_ax.plot(
            PHI_GRID,
            probit.link(PHI_GRID),
            "--",
            color=PALETTE["sky_blue"],
            linewidth=1.5,
            label="probit",
        )
        sigmoid_ax.plot(
            ETA_GRID,
            family.response(ETA_GRID),
            color=PALETTE["grey"],
            lw=1.5,
            label="sigmoid",
        )
        sigmoid_ax.plot(
            ETA_GRID,
            probit.response(ETA_GRID),
            "--",
            color=PALETTE["sky_blue"],
            lw=1.5,
            label="probit \u03a6",
        )
        for ax in (odds_ax, sigmoid_ax):
            ax.legend(loc="upper left", handlelength=1.6, fontsize=10, frameon=False)
        (self.probit_dot,) = sigmoid_ax.plot(
            [],
            [],
            "o",
            markerfacecolor="white",
            markeredgecolor=PALETTE["sky_blue"],
            markeredgewidth=2,
            markersize=8,
            zorder=4,
            clip_on=False,
        )
        (self.odds_guide,) = odds_ax.plot([], [], ":", color=colour, linewidth=1.2)
        (self.sigmoid_guide,) = sigmoid_ax.plot(
            [], [], ":", color=colour, linewidth=1.2
        )
        (self.odds_dot,) = odds_ax.plot(
            [], [], "o", color=colour, markersize=9, zorder=5, clip_on=False
        )
        (self.sigmoid_dot,) = sigmoid_ax.plot(
            [], [], "o", color=colour, markersize=9, zorder=5, clip_on=False
        )
        self.infinity_note = odds_ax.text(
            0.5, 0.0, "", ha="center", va="center", fontsize=10, color=colour
        )
        self.odds_ax, self.sigmoid_ax = odds_ax, sigmoid_ax
        fig.add_moving(
            self.odds_guide,
            self.sigmoid_guide,
            self.probit_dot,
            self.odds_dot,
            self.sigmoid_dot,
            self.infinity_note,
        )
        return fig

    def draw_state(self, state):
        eta = eta_on_axes(state.eta)
        marker = eta_marker(state.eta)
        self.odds_dot.set_data([state.phi], [eta])
        self.odds_dot.set_marker(marker)
        self.odds_guide.set_data([0, state.phi, state.phi], [eta, eta, -ETA_LIMIT])
        self.sigmoid_dot.set_data([eta], [state.phi_back])
        self.probit_dot.set_data([eta], [state.probit_at_eta])
        self.probit_dot.set_visible(marker == "o")
        self.sigmoid_dot.set_marker(
            {"o": "o", "^": ">", "v": "<"}[marker]  # off the axes to the right / left
        )
        self.infinity_note.set_visible(not np.isfinite(state.eta))
        if not np.isfinite(state.eta):
            sign = "" if state.eta > 0 else "\u2212"
            self.infinity_note.set_text(f"\u03b7 = {sign}\u221e, off the chart")
            self.infinity_note.set_y(-3.0 if state.eta < 0 else 1.8)  # under the key
        self.sigmoid_guide.set_data(
            [eta, eta, -ETA_LIMIT], [0, state.phi_back, state.phi_back]
        )

    def readouts(self, state=None):
        state = state or self.state
        return [
            Readout(r"\phi", "\u03c6", state.phi),
            Readout(
                r"\eta = \log\frac{\phi}{1-\phi}",
                "\u03b7 = log(\u03c6/(1\u2212\u03c6))",
                state.eta,
            ),
            Readout(
                r"\sigma(\eta) = \frac{1}{1+e^{-\eta}}",
                "sigmoid(\u03b7)",
                state.phi_back,
            ),
            Readout(
                r"\text{probit: } \Phi(\eta)",
                "probit: \u03a6(\u03b7)",
                state.probit_at_eta,
            ),
        ]
