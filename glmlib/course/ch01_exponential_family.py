"""Chapter 1's lesson helper: one member of one family at a natural parameter eta.

``family_member`` gives the distribution over the values of y the chapter
draws (``support_points``), the mean from the family's ``response`` and,
as an independent check that the mean is a'(eta), a central difference of
``log_partition``.
"""

from dataclasses import dataclass

import numpy as np

from ..families import get_family

GAUSSIAN_GRID = np.linspace(-5.0, 5.0, 161)


POISSON_COUNTS = np.arange(0, 21)


BERNOULLI_OUTCOMES = np.array([0.0, 1.0])


def support_points(family_name):
    """The values of y at which chapter 1 draws a family's distribution."""
    return {
        "gaussian": GAUSSIAN_GRID,
        "bernoulli": BERNOULLI_OUTCOMES,
        "poisson": POISSON_COUNTS.astype(float),
    }[family_name]


@dataclass(frozen=True)
class FamilyState:
    """One member of one family, as chapter 1 shows it."""

    family: str
    eta: float
    y: np.ndarray
    probability: np.ndarray
    mean: float
    log_partition: float
    mean_by_finite_difference: float


def family_member(family_name, eta, step=1e-5):
    """Distribution, mean and a(eta) of one family at ``eta`` (chapter 1).

    The mean is the family's ``response(eta)``; ``mean_by_finite_difference``
    is the slope of ``log_partition`` at eta, a'(eta), computed independently
    so a notebook can show the two agree.
    """
    family = get_family(family_name)
    y = support_points(family_name)
    slope = (family.log_partition(eta + step) - family.log_partition(eta - step)) / (
        2 * step
    )
    return FamilyState(
        family=family_name,
        eta=float(eta),
        y=y,
        probability=family.density(y, eta),
        mean=float(family.response(eta)),
        log_partition=float(family.log_partition(eta)),
        mean_by_finite_difference=float(slope),
    )
