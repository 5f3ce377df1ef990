"""Chapter 4's lesson helpers: one pass down the GLM pipeline, and the response table.

``run_pipeline`` forms eta = theta^T x (assumption 3) and sends it through
the family's response function to the predicted mean (assumption 2); the
response's name and formulas are read from the family's canonical link
(``get_family(name).get_link().description``), never repeated here.
``response_table`` lists each family's link and response the same way.
"""

from dataclasses import dataclass

import numpy as np

from ..families import get_family
from .formatting import FAMILY_LABELS, format_number

SCORE_RANGE = (-3.0, 3.0)


ETA_GRID = np.linspace(*SCORE_RANGE, 121)


#: the same, at more length, for the response table
PREDICTIONS = {
    "gaussian": "a real number, e.g. a day's profit (negative allowed)",
    "bernoulli": "the probability that y = 1",
    "poisson": "a mean count, e.g. customers per hour",
}


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
        """The dot product written out, one ``theta_j·x_j`` per line."""
        parts = [
            f"{format_number(t, 2)}\u00b7{format_number(v, 2)}"
            for t, v in zip(self.theta, self.x, strict=True)
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


class ResponseTable:
    """Each family's canonical link and response, read from glmlib (chapter 4).

    Shown in a notebook as a Markdown table with LaTeX formulas; its plain
    text (``repr``), which nbval compares, carries the same rows in
    Unicode. Nothing here is typed by hand: the names, formulas and the
    interval of valid means come from ``get_family(name).get_link()
    .description``.
    """

    def __init__(self, families=("gaussian", "bernoulli", "poisson")):
        self.rows = [
            (name, get_family(name).get_link().description) for name in families
        ]

    def _repr_markdown_(self):
        lines = [
            "| distribution | response $g^{-1}$: $\\eta \\to \\mu$ | "
            "link $g$: $\\mu \\to \\eta$ | valid means | the prediction is |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, d in self.rows:
            lines.append(
                f"| {FAMILY_LABELS[name]} | {d.response_name}, ${d.response_latex}$ "
                f"| {d.display_name}, ${d.link_latex}$ | {d.mean_interval_text} "
                f"| {PREDICTIONS[name]} |"
            )
        return "\n".join(lines)

    def __repr__(self):
        lines = []
        for name, d in self.rows:
            lines.append(
                f"{FAMILY_LABELS[name]}: response {d.response_name}, "
                f"{d.response_text}; link {d.display_name}, {d.link_text}; "
                f"means {d.mean_interval_text}; predicts {PREDICTIONS[name]}"
            )
        return "\n".join(lines)


def response_table(families=("gaussian", "bernoulli", "poisson")):
    """The ``ResponseTable`` of ``families`` (chapter 4)."""
    return ResponseTable(families)
