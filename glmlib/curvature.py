"""How sharply the log-likelihood bends, and the learning rate it allows (chapters 7-9).

At coefficients theta the log-likelihood of a GLM curves like
-X^T W X, the *information*: W holds one weight per row, a''(eta) (the
variance at unit dispersion) for a canonical link, and
(dmu/deta)^2 / V(mu) for any other. Its largest eigenvalue L says how
sharply the log-likelihood bends along its steepest direction; plain
gradient ascent with a fixed learning rate alpha settles near theta only
while alpha * L < 2 (chapter 8), so 2 / L is the largest stable learning
rate *there*. Where the weights have no global bound (the Poisson's
e^eta), no learning rate is stable everywhere: chapter 9's loop halves its
steps for that reason.

Every figure is for the log-likelihood averaged over the n rows (the
lesson's gradient X^T (y - h) / n) unless ``average=False`` asks for the
summed one, n times larger. The dispersion is left out, as the lesson's
sigma = 1 does.

This module is the one home of those numbers: fitting's default learning
rate, chapter 7's lab, chapter 8's race and chapter 9's loop all read them
here.
"""

import numpy as np

from .families import get_family


def weighted_information(X, weights, average=True):
    """X^T diag(weights) X, divided by n when ``average``: the information for given row weights."""
    X = np.asarray(X, dtype=float)
    weights = np.asarray(weights, dtype=float)
    info = (X * weights[:, None]).T @ X
    return info / X.shape[0] if average else info


def information(X, family, theta, link=None, average=True):
    """The information matrix -d^2 loglik / d theta^2 at ``theta`` (unit dispersion).

    For the categorical family theta has shape (p, K-1) and the matrix is
    (p (K-1)) square, ordered class by class (column k-1 of theta, then the
    next); each row's weight is then the covariance matrix of its one-hot
    T(y).
    """
    fam = get_family(family)
    X = np.asarray(X, dtype=float)
    theta = np.asarray(theta, dtype=float)
    lin = X @ theta
    if theta.ndim == 2:  # a vector natural parameter per row (softmax regression)
        fam = fam.for_coef(theta)
        cov = fam.unit_variance(lin)  # (n, K-1, K-1)
        m, p = cov.shape[1], X.shape[1]
        info = np.einsum("ijk,ia,ib->jakb", cov, X, X).reshape(m * p, m * p)
        return info / X.shape[0] if average else info
    return weighted_information(X, fam.fisher_weights(lin, link), average)


def curvatures(X, family, theta, link=None, average=True):
    """Every eigenvalue of the information at ``theta``, smallest first.

    Their ratio (largest over smallest) is the condition number that makes
    gradient ascent slow along the flattest direction (chapters 7 and 9).
    """
    return np.linalg.eigvalsh(information(X, family, theta, link, average))


def largest_curvature(X, family, theta, link=None, average=True):
    """L: the largest eigenvalue of the information at ``theta`` (chapter 8)."""
    return float(curvatures(X, family, theta, link, average)[-1])


def largest_weighted_curvature(X, weights, average=True):
    """L for given row weights (a fitted mean's Poisson weights, fitting's start)."""
    return float(np.linalg.eigvalsh(weighted_information(X, weights, average))[-1])


def stable_learning_rate(X, family, theta, link=None, average=True):
    """2 / L at ``theta``: above it gradient ascent overshoots near theta (chapters 8-9).

    A local figure: it says nothing about coefficients far from theta,
    where the curvature may be larger (without bound for the Poisson).
    """
    return 2.0 / largest_curvature(X, family, theta, link, average)
