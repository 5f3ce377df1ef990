"""glmlib.curvature checked against the likelihood itself, not against glmlib's weights.

Canonical link: the Hessian of the summed log-likelihood does not depend on
y, so minus a finite-difference Hessian of ``loglik`` is the information.
Any link: the Fisher information is sum_i g_i g_i^T / Var(y_i), with g_i the
gradient of the mean mu_i in theta (differenced here) and the variance
written by hand per family (unit dispersion).
"""

import numpy as np
import pytest

import glmlib
from glmlib import curvature

RNG = np.random.default_rng(7)
N = 12
X = np.column_stack([np.ones(N), RNG.uniform(0.5, 2.0, N)])

#: the variance of y at mean mu, unit dispersion, written by hand
VARIANCE_BY_HAND = {
    "gaussian": lambda mu: np.ones_like(mu),
    "bernoulli": lambda mu: mu * (1 - mu),
    "poisson": lambda mu: mu,
    "gamma": lambda mu: mu**2,
}

# (family, link, y, theta): theta keeps every mean inside the link's range
CANONICAL = [
    ("gaussian", RNG.normal(1.0, 1.0, N), np.array([0.3, 0.4])),
    ("bernoulli", (RNG.random(N) < 0.5).astype(float), np.array([-0.2, 0.5])),
    ("poisson", RNG.poisson(2.0, N).astype(float), np.array([0.2, 0.3])),
    ("gamma", RNG.gamma(2.0, 1.0, N), np.array([-1.5, 0.3])),
]
ANY_LINK = [
    ("bernoulli", "probit", np.array([0.1, -0.2])),
    ("bernoulli", "cloglog", np.array([-0.3, 0.4])),
    ("poisson", "identity", np.array([0.5, 1.0])),
    ("poisson", "sqrt", np.array([0.8, 0.6])),
    ("gamma", "log", np.array([0.2, 0.1])),
    ("gamma", "identity", np.array([0.5, 1.0])),
    ("gaussian", "log", np.array([0.1, 0.2])),
]


def _summed_loglik(fam, y, theta):
    return float(np.sum(fam.loglik(y, X @ theta)))


def _hessian(f, theta, h=1e-4):
    p = theta.size
    steps = np.eye(p) * h
    return np.array(
        [
            [
                (
                    f(theta + steps[i] + steps[j])
                    - f(theta + steps[i] - steps[j])
                    - f(theta - steps[i] + steps[j])
                    + f(theta - steps[i] - steps[j])
                )
                / (4 * h * h)
                for j in range(p)
            ]
            for i in range(p)
        ]
    )


@pytest.mark.parametrize(("name", "y", "theta"), CANONICAL)
def test_canonical_information_is_minus_the_hessian(name, y, theta):
    fam = glmlib.get_family(name)
    observed = -_hessian(lambda t: _summed_loglik(fam, y, t), theta)
    info = curvature.information(X, name, theta, average=False)
    np.testing.assert_allclose(info, observed, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        curvature.information(X, name, theta), info / N, rtol=1e-12
    )


@pytest.mark.parametrize(("name", "link", "theta"), ANY_LINK)
def test_information_for_any_link_is_the_fisher_information(name, link, theta):
    fam = glmlib.get_family(name)
    lnk = fam.get_link(link)

    def means(t):
        return lnk.response(X @ t)

    h = 1e-6
    grads = np.column_stack(
        [(means(theta + e) - means(theta - e)) / (2 * h) for e in np.eye(2) * h]
    )
    fisher = (grads / VARIANCE_BY_HAND[name](means(theta))[:, None]).T @ grads
    np.testing.assert_allclose(
        curvature.information(X, name, theta, link, average=False), fisher, rtol=1e-6
    )


def test_categorical_information_is_minus_the_hessian():
    y = RNG.integers(0, 3, N).astype(float)
    theta = np.array([[0.2, -0.1], [0.3, 0.5]])
    fam = glmlib.Categorical(3)

    def summed(flat):
        # curvature orders the coefficients class by class: column 0, then column 1
        return float(np.sum(fam.loglik(y, X @ flat.reshape(2, 2).T)))

    observed = -_hessian(summed, theta.T.reshape(-1))
    np.testing.assert_allclose(
        curvature.information(X, "categorical", theta, average=False),
        observed,
        rtol=1e-5,
        atol=1e-6,
    )


def test_largest_curvature_and_stable_rate():
    theta = np.array([0.2, 0.3])
    eigen = np.linalg.eigvalsh(
        -_hessian(lambda t: _summed_loglik(glmlib.Poisson(), CANONICAL[2][1], t), theta)
        / N
    )
    assert curvature.largest_curvature(X, "poisson", theta) == pytest.approx(
        eigen[-1], rel=1e-5
    )
    assert curvature.curvatures(X, "poisson", theta) == pytest.approx(eigen, rel=1e-5)
    assert curvature.stable_learning_rate(X, "poisson", theta) == pytest.approx(
        2 / eigen[-1], rel=1e-5
    )
    assert curvature.stable_learning_rate(
        X, "poisson", theta, average=False
    ) == pytest.approx(2 / (N * eigen[-1]), rel=1e-5)


def test_weighted_curvature_is_the_largest_eigenvalue():
    w = RNG.uniform(0.1, 3.0, N)
    gram = sum(w[i] * np.outer(X[i], X[i]) for i in range(N)) / N
    assert curvature.largest_weighted_curvature(X, w) == pytest.approx(
        max(np.linalg.eigvalsh(gram)), rel=1e-12
    )


def test_variance_includes_the_dispersion():
    """a''(eta) is the variance only at unit dispersion; ``variance`` is the real one."""
    assert glmlib.Gaussian(sigma=2).variance(0.0) == pytest.approx(4.0)
    assert glmlib.Gaussian(sigma=2).unit_variance(0.0) == pytest.approx(1.0)
    gamma = glmlib.Gamma(shape=4.0)  # dispersion 1/4, mean 2 at eta = -1/2
    assert gamma.variance(-0.5) == pytest.approx(4.0 / 4.0)
    draws = gamma.sample(np.full(200_000, -0.5), np.random.default_rng(1))
    assert draws.var() == pytest.approx(gamma.variance(-0.5), rel=0.02)


def test_every_family_names_itself_and_its_model():
    names = {cls.name: cls for cls in glmlib.FAMILIES.values()}
    displays = [cls.display_name for cls in names.values()]
    models = [cls.model_name for cls in names.values()]
    assert len(set(displays)) == len(displays)
    assert len(set(models)) == len(models)
    base = glmlib.ExponentialFamily
    for cls in names.values():
        assert cls.display_name != base.display_name, cls
        assert cls.display_name.lower() == cls.name, cls
        assert cls.model_name.endswith(("regression", "trials)")), cls
