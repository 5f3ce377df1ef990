"""Reference solutions to the coding exercises, one function each (chapters 0-9).

They are written the way a learner would write them, with numpy and scipy
(and, in chapters 8 and 9, the glmlib family object the exercise hands
over), so a teaching assistant can show them as they stand:
``exercises.solution_source(name)`` prints one with its imports. The check
does not trust them: it compares every answer, these included, with values
that glmlib itself computes.
"""

import numpy as np
from scipy import special


def update_direction(theta, X, y):
    """The mean of (y_i - theta . x_i) x_i over the rows of X (chapter 0)."""
    errors = y - X @ theta
    return X.T @ errors / len(y)


def poisson_log_partition(eta):
    """a(eta) for the Poisson: the rate lambda = e^eta, written in eta (chapter 1)."""
    return np.exp(eta)


def gaussian_with_sigma(y, mu, sigma):
    """(eta, a(eta), b(y)) of a Gaussian with spread sigma (chapter 2).

    Expanding -(y - mu)^2 / (2 sigma^2): y mu / sigma^2 pairs y with
    eta = mu / sigma^2; -mu^2 / (2 sigma^2) = -sigma^2 eta^2 / 2 is -a(eta);
    the rest does not involve mu and goes into b(y).
    """
    variance = sigma**2
    eta = mu / variance
    a = variance * eta**2 / 2
    b = np.exp(-(y**2) / (2 * variance)) / np.sqrt(2 * np.pi * variance)
    return eta, a, b


def logit(phi):
    """The log-odds log(phi / (1 - phi)) (chapter 3)."""
    phi = np.asarray(phi, dtype=float)
    return np.log(phi) - np.log1p(-phi)


def sigmoid(eta):
    """1 / (1 + e^-eta), with each element computed by a form that cannot overflow.

    Where eta >= 0, e^-eta <= 1; where eta < 0, e^eta < 1 and the sigmoid is
    e^eta / (1 + e^eta). Indexing with the mask evaluates each formula only
    on its own elements (chapter 3).
    """
    eta = np.asarray(eta, dtype=float)
    result = np.empty_like(eta)
    upper = eta >= 0
    result[upper] = 1.0 / (1.0 + np.exp(-eta[upper]))
    small = np.exp(eta[~upper])
    result[~upper] = small / (1.0 + small)
    return result


def predict_mean(theta, X, family):
    """h(x) = E[y | x] for each row: the family's response of eta = X theta (chapter 5)."""
    eta = X @ theta
    if family == "gaussian":
        return eta
    if family == "bernoulli":
        return special.expit(eta)
    if family == "poisson":
        return np.exp(eta)
    raise ValueError(f"no response written for family {family!r}")


def softmax(scores):
    """Probabilities from scores along the last axis; the largest score is taken off first.

    Subtracting a row's maximum leaves its probabilities unchanged and keeps
    every exponential at or below one (chapter 6).
    """
    scores = np.asarray(scores, dtype=float)
    shifted = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


def poisson_log_likelihood(theta, X, y):
    """The sum over rows of y eta - e^eta - log(y!), with eta = X theta (chapter 7).

    ``gammaln(y + 1)`` is log(y!) without forming y!, which overflows past 170.
    """
    eta = X @ theta
    return np.sum(y * eta - np.exp(eta) - special.gammaln(y + 1))


def count_ratio(theta, delta):
    """Factor by which the expected count changes when x rises by delta (chapter 7)."""
    return np.exp(theta[1] * delta)


def gradient_step(theta, X, y, family, learning_rate):
    """theta + learning_rate * mean of (y - h(x)) x, h from the family (chapter 8)."""
    h = family.response(X @ theta)
    return theta + learning_rate * X.T @ (y - h) / len(y)


def fit_by_gradient(X, y, family, learning_rate, n_steps):
    """n_steps of the update of chapter 8, starting from theta = 0 (chapter 9)."""
    theta = np.zeros(X.shape[1])
    for _ in range(n_steps):
        h = family.response(X @ theta)
        theta = theta + learning_rate * X.T @ (y - h) / len(y)
    return theta
