"""Chapter 4's lesson helpers: one pass down the GLM pipeline, and the response table.

``run_pipeline`` forms eta = theta^T x (assumption 3) and sends it through
the family's response function to the predicted mean (assumption 2); the
response's name and formulas are read from the family's canonical link
(``get_family(name).get_link().description``), never repeated here.
``response_table`` lists each family's response and link the same way
(``glmlib.course.tables.link_table``).
"""

from dataclasses import dataclass

import numpy as np

from ..families import get_family
from .formatting import format_number
from .tables import link_table

SCORE_RANGE = (-3.0, 3.0)


ETA_GRID = np.linspace(*SCORE_RANGE, 121)


#: the same, at more length, for the response table
PREDICTIONS = {
    "gaussian": "a real number, e.g. a day's profit (negative allowed)",
    "bernoulli": "the probability that y = 1",
    "poisson": "a mean count, e.g. customers per hour",
}


def _bracketed(shown):
    """A formatted number, in brackets if it starts with a minus sign."""
    return f"({shown})" if shown.startswith("\u2212") else shown


@dataclass(frozen=True)
class AssemblyState:
    """One pass down the pipeline (chapter 4)."""

    family: str
    theta: tuple
    x: tuple
    eta: float
    response_name: str
    response_text: str
    response_latex: str
    mean_interval_text: str
    mean: float
    curve_eta: np.ndarray
    curve_mean: np.ndarray

    @property
    def linear_score(self):
        """theta^T x, which assumption 3 makes the natural parameter."""
        return self.eta

    @property
    def score_terms(self):
        """The dot product written out, one ``theta_j·x_j`` per line.

        A negative number that follows an operator (+ or ·) is put in
        brackets, as on paper: "−1.00·1.00 + 1.00·(−2.00)", never
        "1.00·−2.00".
        """
        factors = [
            (format_number(t, 2), format_number(v, 2))
            for t, v in zip(self.theta, self.x, strict=True)
        ]
        parts = [
            f"{_bracketed(t) if j else t}\u00b7{_bracketed(v)}"
            for j, (t, v) in enumerate(factors)
        ]
        return "\n+ ".join(parts)


def run_pipeline(family_name, theta, x):
    """theta, x -> eta = theta^T x -> response -> predicted mean (chapter 4).

    Assumption 3 makes eta the dot product of ``theta`` and ``x``; the mean
    is ``family.response(eta)``. The response's name and formulas come from
    the family's canonical link. The response curve over ``ETA_GRID`` is
    returned for drawing.
    """
    theta = np.asarray(theta, dtype=float)
    x = np.asarray(x, dtype=float)
    if theta.shape != x.shape or theta.ndim != 1:
        raise ValueError(
            f"theta and x must be vectors of one length, not shapes "
            f"{theta.shape} and {x.shape}"
        )
    family = get_family(family_name)
    described = family.get_link().description
    eta = float(theta @ x)
    return AssemblyState(
        family=family_name,
        theta=tuple(float(t) for t in theta),
        x=tuple(float(v) for v in x),
        eta=eta,
        response_name=described.response_name,
        response_text=described.response_text,
        response_latex=described.response_latex,
        mean_interval_text=described.mean_interval_text,
        mean=float(family.response(eta)),
        curve_eta=ETA_GRID,
        curve_mean=family.response(ETA_GRID),
    )


def response_table(families=("gaussian", "bernoulli", "poisson")):
    """Each family's response, canonical link and valid means, read from glmlib (chapter 4).

    A ``link_table`` with the chapter's own last column: what the
    prediction is for each kind of target (``PREDICTIONS``).
    """
    return link_table(
        families,
        columns=("response", "link", "means"),
        notes={"the prediction is": PREDICTIONS},
    )
