"""Chapter 0's lesson helpers: one update rule for two models, and the shop's true mean.

``update_directions`` computes, for one example, the gradient of the squared
error and of the cross-entropy by finite differences, next to the shared
form (y - h(x)) x that both turn out to have. ``straight_line_fit`` is the
least squares line through the shop's counts (a Gaussian GLM), and
``true_mean`` the mean those counts were drawn from.
"""

from dataclasses import dataclass

import numpy as np

from ..data import SHOP_INTERCEPT, SHOP_SLOPE, design_matrix
from ..families import Bernoulli, Gaussian, Poisson
from ..fitting import fit


def straight_line_fit(spend, customers):
    """Least squares line through the counts: ``glmlib.fit`` with a Gaussian (chapters 0 and 7)."""
    return fit(design_matrix(spend), customers, family="gaussian")


def true_mean(spend):
    """The mean count the shop's hours were drawn from, e^(eta) (chapter 0).

    ``eta = SHOP_INTERCEPT + SHOP_SLOPE * spend`` and the mean is
    ``Poisson().response(eta)``: the curve chapter 7's model recovers.
    """
    eta = SHOP_INTERCEPT + SHOP_SLOPE * np.asarray(spend, dtype=float)
    return Poisson().response(eta)


@dataclass(frozen=True)
class UpdateDirection:
    """One model's gradient on one example, two ways (chapter 0)."""

    model: str
    y: float
    prediction: float
    by_finite_differences: np.ndarray
    error_times_x: np.ndarray


def update_directions(x, theta, y_real, y_label, step=1e-6):
    """The squared error's and the cross-entropy's descent direction at ``theta`` (chapter 0).

    For linear regression the prediction is ``Gaussian().response(theta @ x)``
    and the loss the squared error (y - h)^2 / 2; for logistic regression the
    prediction is ``Bernoulli().response(theta @ x)`` (the sigmoid) and the
    loss the cross-entropy -(y log h + (1 - y) log(1 - h)). Minus each
    loss's gradient is measured by central differences, and returned next to
    (y - h(x)) x, the update both chapters of the past derived.
    """
    x = np.asarray(x, dtype=float)
    theta = np.asarray(theta, dtype=float)

    def squared_error(t):
        h = Gaussian().response(t @ x)
        return 0.5 * (y_real - h) ** 2

    def cross_entropy(t):
        h = Bernoulli().response(t @ x)
        return -(y_label * np.log(h) + (1 - y_label) * np.log1p(-h))

    rows = []
    for y, loss, family in (
        (y_real, squared_error, Gaussian()),
        (y_label, cross_entropy, Bernoulli()),
    ):
        descent = np.empty_like(theta)
        for j in range(theta.size):
            nudge = np.zeros_like(theta)
            nudge[j] = step
            descent[j] = -(loss(theta + nudge) - loss(theta - nudge)) / (2 * step)
        h = float(family.response(theta @ x))
        rows.append(
            UpdateDirection(
                model=family.model_name,
                y=float(y),
                prediction=h,
                by_finite_differences=descent,
                error_times_x=(y - h) * x,
            )
        )
    return rows
