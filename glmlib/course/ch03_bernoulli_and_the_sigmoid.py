"""Chapter 3's lesson helper: a probability, its log-odds and back through the sigmoid.

``log_odds_round_trip`` sends phi through ``Bernoulli().link`` (the
log-odds) and back through ``Bernoulli().response`` (the sigmoid), and
says what the probit's response makes of the same eta. At phi = 0 or 1 the
log-odds is infinite, and the sigmoid still returns 0 or 1 exactly.
"""

from dataclasses import dataclass

from ..families import Bernoulli


@dataclass(frozen=True)
class LogOddsState:
    """One probability, its log-odds and the sigmoid of that (chapter 3)."""

    phi: float
    eta: float
    phi_back: float
    probit_at_eta: float


def log_odds_round_trip(phi):
    """phi -> eta = link(phi) -> response(eta), with glmlib's Bernoulli (chapter 3).

    ``Bernoulli().link`` is the log-odds and ``Bernoulli().response`` the
    sigmoid; at phi = 0 or 1 eta is infinite and the sigmoid still returns
    0 or 1 exactly. ``probit_at_eta`` is what the probit's response,
    Phi(eta), makes of the same eta.
    """
    family = Bernoulli()
    eta = float(family.link(phi))
    return LogOddsState(
        phi=float(phi),
        eta=eta,
        phi_back=float(family.response(eta)),
        probit_at_eta=float(family.get_link("probit").response(eta)),
    )
