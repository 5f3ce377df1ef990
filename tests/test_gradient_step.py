"""``glmlib.gradient_step``: one step of the lesson's rule (chapter 8), checked
against the formula written out by hand for each family, against a
finite-difference gradient of the log-likelihood for non-canonical links,
and as the step that ``fit(method="gradient")`` takes every time.
"""

import itertools
import re
import warnings

import numpy as np
import pytest
from scipy import special, stats

import glmlib
from glmlib import Binomial, Categorical, Gamma, Gaussian

N = 30
RATE = 0.3


@pytest.fixture
def data(rng):
    Z = rng.normal(size=(N, 2))
    return np.column_stack([np.ones(N), Z]), rng


def by_hand(theta, X, y, h):
    """theta + alpha X^T (y - h(X theta)) / n, the lesson's rule written out."""
    return theta + RATE * X.T @ (y - h(X @ theta)) / len(y)


def test_gaussian_step_is_the_least_squares_rule(data):
    X, rng = data
    y = rng.normal(size=N)
    theta = np.array([0.5, -1.0, 2.0])
    got = glmlib.gradient_step(theta, X, y, "gaussian", RATE)
    np.testing.assert_allclose(got, by_hand(theta, X, y, lambda z: z), rtol=1e-13)


def test_gaussian_step_leaves_sigma_out(data):
    """The lesson's rule has sigma = 1; another sigma does not change the step."""
    X, rng = data
    y = rng.normal(size=N)
    theta = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(
        glmlib.gradient_step(theta, X, y, Gaussian(sigma=3.0), RATE),
        by_hand(theta, X, y, lambda z: z),
        rtol=1e-13,
    )


def test_bernoulli_step_uses_the_sigmoid(data):
    X, rng = data
    y = (rng.random(N) < 0.4).astype(float)
    theta = np.array([0.2, 0.7, -0.4])
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731 -- the lesson's formula
    got = glmlib.gradient_step(theta, X, y, "bernoulli", RATE)
    np.testing.assert_allclose(got, by_hand(theta, X, y, sigmoid), rtol=1e-13)


def test_binomial_step_uses_trials_times_the_sigmoid(data):
    X, rng = data
    trials = rng.integers(1, 9, size=N)
    y = rng.binomial(trials, 0.3).astype(float)
    theta = np.array([-0.2, 0.3, 0.1])
    got = glmlib.gradient_step(theta, X, y, Binomial(trials=trials), RATE)
    expected = by_hand(theta, X, y, lambda z: trials * special.expit(z))
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_poisson_step_uses_the_exponential(data):
    X, rng = data
    y = rng.poisson(2.0, size=N).astype(float)
    theta = np.array([0.5, 0.2, -0.3])
    got = glmlib.gradient_step(theta, X, y, "poisson", RATE)
    np.testing.assert_allclose(got, by_hand(theta, X, y, np.exp), rtol=1e-13)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_categorical_step_is_one_hot_minus_softmax(data, k):
    X, rng = data
    y = rng.integers(0, k, size=N).astype(float)
    theta = rng.normal(size=(3, k - 1))
    logits = np.column_stack([np.zeros(N), X @ theta])  # class 0: logit 0
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    onehot = np.eye(k)[y.astype(int)]
    expected = theta + RATE * X.T @ (onehot - probs)[:, 1:] / N
    got = glmlib.gradient_step(theta, X, y, "categorical", RATE)
    assert got.shape == (3, k - 1)
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def loglik_gradient(loglik, theta, h=1e-6):
    """Central differences of a scalar function of theta."""
    grad = np.empty_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = h
        grad[j] = (loglik(theta + e) - loglik(theta - e)) / (2 * h)
    return grad


def test_probit_step_follows_the_true_loglik_gradient(data):
    """Not (y - h) x: for a non-canonical link the step is the real gradient."""
    X, rng = data
    y = (rng.random(N) < 0.5).astype(float)
    theta = np.array([0.1, 0.4, -0.6])

    def loglik(t):
        p = stats.norm.cdf(X @ t)
        return np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))

    got = glmlib.gradient_step(theta, X, y, "bernoulli", RATE, link="probit")
    expected = theta + RATE * loglik_gradient(loglik, theta) / N
    np.testing.assert_allclose(got, expected, rtol=1e-7)
    # ... and the canonical shortcut would be a different step.
    naive = by_hand(theta, X, y, stats.norm.cdf)
    assert np.max(np.abs(got - naive)) > 1e-3


def test_gamma_log_step_is_the_gradient_times_the_dispersion(data):
    """The dispersion (1 / shape) scales the true gradient; the step leaves it out."""
    X, rng = data
    shape = 2.5
    y = rng.gamma(shape, 1.5, size=N)
    theta = np.array([0.2, 0.1, -0.1])
    fam = Gamma(shape=shape)

    def loglik(t):
        mu = np.exp(X @ t)
        return np.sum(stats.gamma.logpdf(y, a=shape, scale=mu / shape))

    got = glmlib.gradient_step(theta, X, y, fam, RATE, link="log")
    expected = theta + RATE * fam.dispersion * loglik_gradient(loglik, theta) / N
    np.testing.assert_allclose(got, expected, rtol=1e-7)


def test_step_returns_a_new_array(data):
    X, rng = data
    theta = np.zeros(3)
    out = glmlib.gradient_step(theta, X, rng.poisson(2.0, size=N), "poisson", RATE)
    assert out is not theta
    assert np.all(theta == 0)


# --------------------------------------------------------------------------
# one definition of the rule: every step of a gradient fit is gradient_step


FIT_CASES = [
    ("gaussian", None),
    ("bernoulli", None),
    ("bernoulli", "probit"),
    ("poisson", None),
    ("gamma", None),  # starts from the IRLS point: theta = 0 is outside eta < 0
    ("categorical", None),
]


def draw(name, X, rng):
    n = X.shape[0]
    return {
        "gaussian": lambda: X @ [1.0, 0.5, -0.3] + rng.normal(size=n),
        "bernoulli": lambda: (rng.random(n) < special.expit(X[:, 1])).astype(float),
        "poisson": lambda: rng.poisson(np.exp(0.5 + 0.3 * X[:, 1])).astype(float),
        "gamma": lambda: rng.gamma(2.0, np.exp(0.3 * X[:, 1])),
        "categorical": lambda: rng.integers(0, 3, size=n).astype(float),
    }[name]()


@pytest.mark.parametrize(("name", "link"), FIT_CASES)
@pytest.mark.parametrize("rate", [None, 0.05])
def test_every_step_of_a_gradient_fit_is_gradient_step(name, link, rate, data):
    X, rng = data
    y = draw(name, X, rng)
    with warnings.catch_warnings():
        # 60 steps are enough to check; they need not converge
        warnings.simplefilter("ignore", glmlib.ConvergenceWarning)
        res = glmlib.fit(
            X,
            y,
            name,
            method="gradient",
            link=link,
            learning_rate=rate,
            max_iter=60,
            trace=True,
        )
    if rate is not None:
        assert res.learning_rate == rate
    path = res.coef_path
    assert path.shape == (res.n_iter + 1, *res.coef.shape)
    assert res.n_iter >= 2
    for before, after in itertools.pairwise(path):
        step = glmlib.gradient_step(before, X, y, name, res.learning_rate, link=link)
        np.testing.assert_array_equal(after, step)


# --------------------------------------------------------------------------
# bad input: the same clear errors as fit, named after the family


def raises(fam_name, *parts):
    pattern = (
        "^"
        + re.escape(f"{fam_name}: ")
        + "".join(f"(?=.*{re.escape(p)})" for p in parts)
    )
    return pytest.raises(ValueError, match=re.compile(pattern, re.DOTALL))


X4 = np.column_stack([np.ones(4), [0.0, 1.0, 2.0, 3.0]])
Y4 = np.array([0.0, 1.0, 3.0, 2.0])


@pytest.mark.parametrize(
    ("theta", "parts"),
    [
        (np.zeros(3), ("theta", "shape (2,)", "(3,)")),
        (np.zeros((2, 1)), ("theta", "shape (2,)", "(2, 1)")),
        (np.array([0.0, np.nan]), ("theta", "NaN", "theta[1]")),
        ("ab", ("theta", "numeric")),
    ],
)
def test_bad_theta(theta, parts):
    with raises("poisson", *parts):
        glmlib.gradient_step(theta, X4, Y4, "poisson", 0.1)


@pytest.mark.parametrize("rate", [0, -1.0, np.nan, np.inf, "0.1", True, None])
def test_bad_learning_rate(rate):
    with raises("poisson", "learning_rate", repr(rate)):
        glmlib.gradient_step(np.zeros(2), X4, Y4, "poisson", rate)


def test_bad_data():
    with raises("poisson", "y[2]", "whole numbers >= 0"):
        glmlib.gradient_step(np.zeros(2), X4, [0, 1, -3, 2], "poisson", 0.1)
    with raises("bernoulli", "4 rows", "3 values"):
        glmlib.gradient_step(np.zeros(2), X4, [0, 1, 1], "bernoulli", 0.1)
    with raises("gaussian", "X", "2-D", "reshape(-1, 1)"):
        glmlib.gradient_step(np.zeros(1), X4[:, 1], Y4, "gaussian", 0.1)
    with raises("gaussian", "X", "infinite", "X[1, 1]"):
        bad = X4.copy()
        bad[1, 1] = np.inf
        glmlib.gradient_step(np.zeros(2), bad, Y4, "gaussian", 0.1)
    with pytest.raises(ValueError, match="unknown family"):
        glmlib.gradient_step(np.zeros(2), X4, Y4, "poison", 0.1)
    with raises("poisson", "link 'logit'", "not offered"):
        glmlib.gradient_step(np.zeros(2), X4, Y4, "poisson", 0.1, link="logit")


def test_theta_outside_the_range():
    """The gamma's natural parameter must be negative: theta = 0 is not allowed."""
    with raises("gamma", "theta", "outside", "negative_inverse"):
        glmlib.gradient_step(np.zeros(2), X4, Y4 + 1.0, "gamma", 0.1)


def test_a_step_that_overflows_is_an_error_not_infinity():
    """exp(800) does not fit in a float: say so instead of returning -inf."""
    with raises("poisson", "not finite", "smaller"):
        glmlib.gradient_step(np.array([0.0, 800.0]), X4, Y4, "poisson", 0.1)
    with raises("gaussian", "not finite", "learning_rate=1e+308"):
        glmlib.gradient_step(np.array([0.0, 1e10]), X4, Y4, "gaussian", 1e308)


def test_categorical_theta_shape():
    y = np.array([0.0, 1.0, 2.0, 1.0])
    with raises("categorical", "theta", "(p, K-1)", "(2,)"):
        glmlib.gradient_step(np.zeros(2), X4, y, "categorical", 0.1)
    with raises("categorical", "class labels 0 to 1", "y[2]"):
        glmlib.gradient_step(np.zeros((2, 1)), X4, y, "categorical", 0.1)
    with raises("categorical", "2 columns", "n_classes=4"):
        glmlib.gradient_step(np.zeros((2, 2)), X4, y, Categorical(n_classes=4), 0.1)
    # A class that does not occur is fine for one step (only its maximum is not).
    out = glmlib.gradient_step(np.zeros((2, 3)), X4, y, "categorical", 0.1)
    assert out.shape == (2, 3) and np.all(out[:, 2] < 0)
