"""Fits by ``glmlib.fit`` against statsmodels, against each other and against
the maximum-likelihood conditions themselves.

* Newton (IRLS) fits equal statsmodels' GLM (MNLogit for the categorical
  family) on random data for every family and every link it offers:
  coefficients, deviance, log-likelihood and fitted means.
* Gradient ascent reaches the Newton solution on standardized data.
* At the fitted coefficients of a canonical link the score is zero: the
  lesson's X^T (y - h(X theta)) = 0.
* Fits do not depend on the units of a feature or the order of the rows,
  stay finite for linear predictors far from zero, and their history ends
  at the reported log-likelihood.
* ``trace=True`` keeps every iterate (``coef_path``, n_iter + 1 of them);
  a gradient fit reports its learning rate.
* Step halving is needed (far warm starts, an identity link leaving its
  range) and honest: a fit whose shortened steps all fail says it did not
  converge, unless it is at its optimum.
* Warm starts (``start=``) reach the cold answer; invalid ones are ignored.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

import glmlib
from glmlib import (
    Bernoulli,
    Binomial,
    Categorical,
    ConvergenceWarning,
    Exponential,
    Gamma,
    Gaussian,
    Poisson,
)
from glmlib.data import design_matrix, shop_hours

PROPERTY = settings(max_examples=15, deadline=None, derandomize=True, database=None)
links = sm.families.links


@dataclass(frozen=True)
class Case:
    """One family and link, the statsmodels model that should agree, and a truth."""

    make_family: object  # rng, n -> glmlib family
    link: str | None
    sm_family: object  # () -> statsmodels family
    theta: tuple
    sign: float = 1.0  # statsmodels' coefficients are sign * glmlib's


def fixed(fam):
    return lambda rng, n: fam


def random_trials(rng, n):
    return Binomial(trials=rng.integers(1, 12, size=n))


CASES = {
    "gaussian": Case(fixed(Gaussian()), None, sm.families.Gaussian, (1.0, 0.5, -0.3)),
    "gaussian-sigma": Case(
        fixed(Gaussian(sigma=2.5)), None, sm.families.Gaussian, (1.0, 0.5, -0.3)
    ),
    "gaussian-log": Case(
        fixed(Gaussian()),
        "log",
        lambda: sm.families.Gaussian(links.Log()),
        (3.0, 0.3, -0.2),
    ),
    "gaussian-inverse": Case(
        fixed(Gaussian(sigma=0.05)),
        "inverse",
        lambda: sm.families.Gaussian(links.InversePower()),
        (0.5, 0.05, -0.05),
    ),
    "bernoulli": Case(fixed(Bernoulli()), None, sm.families.Binomial, (0.3, 1.0, -0.7)),
    "bernoulli-probit": Case(
        fixed(Bernoulli()),
        "probit",
        lambda: sm.families.Binomial(links.Probit()),
        (0.2, 0.6, -0.4),
    ),
    "bernoulli-cloglog": Case(
        fixed(Bernoulli()),
        "cloglog",
        lambda: sm.families.Binomial(links.CLogLog()),
        (-0.5, 0.5, -0.3),
    ),
    "binomial": Case(random_trials, None, sm.families.Binomial, (0.3, 0.8, -0.5)),
    "binomial-probit": Case(
        random_trials,
        "probit",
        lambda: sm.families.Binomial(links.Probit()),
        (0.2, 0.5, -0.3),
    ),
    "poisson": Case(fixed(Poisson()), None, sm.families.Poisson, (1.0, 0.5, -0.3)),
    "poisson-identity": Case(
        fixed(Poisson()),
        "identity",
        lambda: sm.families.Poisson(links.Identity()),
        (20.0, 3.0, -2.0),
    ),
    "poisson-sqrt": Case(
        fixed(Poisson()),
        "sqrt",
        lambda: sm.families.Poisson(links.Sqrt()),
        (4.0, 0.5, -0.4),
    ),
    "gamma": Case(
        fixed(Gamma(shape=2.0)),
        None,
        lambda: sm.families.Gamma(links.InversePower()),
        (-1.0, 0.1, -0.1),
        sign=-1.0,
    ),
    "gamma-inverse": Case(
        fixed(Gamma(shape=3.0)),
        "inverse",
        lambda: sm.families.Gamma(links.InversePower()),
        (1.0, 0.1, -0.1),
    ),
    "gamma-log": Case(
        fixed(Gamma(shape=3.0)),
        "log",
        lambda: sm.families.Gamma(links.Log()),
        (1.0, 0.4, -0.3),
    ),
    "gamma-identity": Case(
        fixed(Gamma(shape=5.0)),
        "identity",
        lambda: sm.families.Gamma(links.Identity()),
        (10.0, 1.0, -1.0),
    ),
    "exponential": Case(
        fixed(Exponential()),
        None,
        lambda: sm.families.Gamma(links.InversePower()),
        (-0.5, 0.05, -0.05),
        sign=-1.0,
    ),
}


def simulate(case, seed, n=150, standardize=False):
    """X with an intercept and two normal features, and y drawn from the case's model."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, 2))
    if standardize:
        Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    X = np.column_stack([np.ones(n), Z])
    fam = case.make_family(rng, n)
    link = fam.get_link(case.link)
    mean = fam.mean_from_linear(X @ np.asarray(case.theta), link)
    y = np.asarray(fam.sample(fam.link(mean), rng), dtype=float)
    return X, y, fam


def statsmodels_glm(case, X, y, fam):
    """statsmodels' GLM of the same model, with its fitted mean of y and log-likelihood."""
    trials = getattr(fam, "trials", None)
    endog = np.column_stack([y, trials - y]) if isinstance(fam, Binomial) else y
    with warnings.catch_warnings():
        # statsmodels warns about links it considers unsafe for a family.
        warnings.simplefilter("ignore")
        res = sm.GLM(endog, X, family=case.sm_family()).fit(tol=1e-12, maxiter=200)
    assert res.converged
    mean = res.mu * trials if isinstance(fam, Binomial) else res.mu
    if isinstance(fam, (Gaussian, Gamma)):
        # glmlib's dispersion is fixed (sigma^2, 1 / shape); statsmodels estimates
        # its scale, so ask for the log-likelihood at glmlib's.
        loglik = res.model.family.loglike(y, res.mu, scale=fam.dispersion)
    else:
        loglik = res.llf
    return res, mean, loglik


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name", list(CASES))
def test_newton_equals_statsmodels(name, seed):
    case = CASES[name]
    X, y, fam = simulate(case, seed)
    res = glmlib.fit(X, y, fam, link=case.link)
    ref, ref_mean, ref_loglik = statsmodels_glm(case, X, y, fam)
    assert res.converged and not res.diverged
    assert res.method == "newton"
    assert res.link.name == (case.link or fam.canonical_link)
    if case.link is None:
        # Newton's method proper: both converge quadratically, to the last digits.
        np.testing.assert_allclose(
            case.sign * res.coef, ref.params, rtol=1e-6, atol=1e-9
        )
        np.testing.assert_allclose(res.predict(X), ref_mean, rtol=1e-6)
    else:
        # Fisher scoring converges linearly, and glmlib stops on the change of
        # the deviance as R does: agreement to a tiny fraction of a standard error.
        assert np.all(np.abs(case.sign * res.coef - ref.params) <= 1e-3 * ref.bse)
        np.testing.assert_allclose(res.predict(X), ref_mean, rtol=1e-4)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(res.loglik, ref_loglik, rtol=1e-9)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("k", [3, 4])
def test_categorical_newton_equals_mnlogit(k, seed):
    rng = np.random.default_rng(seed)
    n = 200
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    theta = rng.normal(scale=0.8, size=(3, k - 1))
    y = Categorical(n_classes=k).sample(X @ theta, rng)
    res = glmlib.fit(X, y, "categorical")
    ref = sm.MNLogit(y, X).fit(method="newton", disp=0, maxiter=100, tol=1e-12)
    assert res.converged
    assert res.coef.shape == (3, k - 1)
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=1e-10)
    np.testing.assert_allclose(res.deviance, -2 * ref.llf, rtol=1e-10)
    probs = res.predict(X)
    np.testing.assert_allclose(probs, ref.predict(X), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_badly_conditioned_features_equal_statsmodels(rng):
    """Nearly collinear features: the Newton step must not lose the digits."""
    n = 200
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x, x + 1e-6 * rng.normal(size=n), 1e3 + x])
    X[:, 3] += rng.normal(size=n)
    y = rng.poisson(np.exp(0.5 + 0.3 * x)).astype(float)
    res = glmlib.fit(X, y, "poisson")
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13, maxiter=200)
    # The coefficients of the two nearly equal columns are individually shaky;
    # the fitted means, deviance and the sum of those two are not.
    np.testing.assert_allclose(res.predict(X), ref.mu, rtol=1e-7)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-9)
    np.testing.assert_allclose(
        res.coef[1] + res.coef[2], ref.params[1] + ref.params[2], rtol=1e-5
    )
    np.testing.assert_allclose(res.coef[[0, 3]], ref.params[[0, 3]], rtol=1e-4)


def test_large_counts_and_tiny_rates_equal_statsmodels(rng):
    """Linear predictors from -20 to 20: the fit stays finite and silent."""
    n = 200
    x = np.linspace(-1, 1, n)
    X = np.column_stack([np.ones(n), x])
    y = rng.poisson(np.exp(20.0 * x)).astype(float)
    res = glmlib.fit(X, y, "poisson")
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13)
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-8)
    # Both sum terms up to 1e10 to a total near -650: compare to that rounding.
    rounding = 1e-14 * np.sum(np.abs(y * (X @ ref.params)) + ref.mu)
    assert np.all(np.isfinite([res.loglik, res.deviance]))
    np.testing.assert_allclose(res.loglik, ref.llf, rtol=0, atol=rounding)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=0, atol=2 * rounding)


# --------------------------------------------------------------------------
# gradient ascent reaches the Newton solution


GRADIENT_CASES = [
    "gaussian",
    "gaussian-sigma",
    "bernoulli",
    "bernoulli-probit",
    "bernoulli-cloglog",
    "binomial",
    "poisson",
    "gamma-log",
    "gamma",
]


@pytest.mark.parametrize("name", GRADIENT_CASES)
def test_gradient_reaches_newton_on_standardized_data(name):
    case = CASES[name]
    X, y, fam = simulate(case, seed=5, n=200, standardize=True)
    newton = glmlib.fit(X, y, fam, link=case.link)
    grad = glmlib.fit(X, y, fam, method="gradient", link=case.link)
    assert grad.method == "gradient"
    assert grad.converged and not grad.diverged
    assert grad.n_iter > newton.n_iter
    np.testing.assert_allclose(grad.coef, newton.coef, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(grad.loglik, newton.loglik, rtol=1e-9)
    # Newton's answer is the maximum: gradient ascent cannot beat it.
    assert grad.loglik <= newton.loglik + 1e-9 * abs(newton.loglik)


@pytest.mark.parametrize(
    ("family", "low", "high"),
    [("bernoulli", 1990, 2020), ("bernoulli", 1e6, 1.001e6), ("poisson", 2e4, 2e5)],
    ids=["years", "near-a-million", "dollars"],
)
def test_gradient_on_raw_features_never_claims_the_maximum_it_has_not_reached(
    family, low, high
):
    """A tiny step is not convergence: on features as a learner brings them
    (years, dollars, a value near a million) the default learning rate makes
    every step tiny long before the maximum. The fit must either reach
    Newton's log-likelihood or say it stopped short."""
    rng = np.random.default_rng(3)
    x = rng.uniform(low, high, 200)
    z = (x - x.mean()) / x.std()
    fam = glmlib.get_family(family)
    y = fam.sample(0.3 + 0.8 * z, rng)
    X = np.column_stack([np.ones_like(x), x])
    newton = glmlib.fit(X, y, family)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grad = glmlib.fit(X, y, family, method="gradient", max_iter=2000)
    # 2000 tiny steps leave these data far below the maximum: say so
    assert newton.loglik - grad.loglik > 1.0
    assert not grad.converged
    assert any(issubclass(w.category, ConvergenceWarning) for w in caught)


def test_categorical_gradient_reaches_newton(rng):
    n = 200
    Z = rng.normal(size=(n, 2))
    X = np.column_stack([np.ones(n), (Z - Z.mean(0)) / Z.std(0)])
    y = Categorical(n_classes=3).sample(X @ rng.normal(scale=0.8, size=(3, 2)), rng)
    newton = glmlib.fit(X, y, "categorical")
    grad = glmlib.fit(X, y, "categorical", method="gradient")
    assert grad.converged and not grad.diverged
    np.testing.assert_allclose(grad.coef, newton.coef, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(grad.loglik, newton.loglik, rtol=1e-9)


# --------------------------------------------------------------------------
# the maximum-likelihood conditions, without any other library


CANONICAL = ["gaussian", "bernoulli", "binomial", "poisson", "gamma", "exponential"]


@pytest.mark.parametrize("name", CANONICAL)
def test_score_vanishes_at_the_newton_solution(name):
    """The lesson's rule stops where X^T (y - h(X theta)) = 0."""
    case = CASES[name]
    X, y, fam = simulate(case, seed=11)
    res = glmlib.fit(X, y, fam)
    score = X.T @ (y - fam.response(X @ res.coef))
    scale = np.abs(X).T @ (np.abs(y) + np.abs(fam.response(X @ res.coef)))
    assert np.all(np.abs(score) <= 1e-8 * scale)
    # ... and it is a maximum: any small move lowers the log-likelihood.
    loglik = np.sum(fam.loglik(y, X @ res.coef))
    np.testing.assert_allclose(res.loglik, loglik, rtol=1e-12)
    for step in 1e-3 * np.eye(X.shape[1]):
        for sign in (1, -1):
            assert np.sum(fam.loglik(y, X @ (res.coef + sign * step))) < loglik


def test_categorical_score_vanishes(rng):
    n = 150
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    y = Categorical(n_classes=3).sample(X @ rng.normal(size=(3, 2)), rng)
    res = glmlib.fit(X, y, "categorical")
    onehot = (y[:, None] == np.arange(1, 3)).astype(float)
    probs = special.softmax(np.column_stack([np.zeros(n), X @ res.coef]), axis=1)
    score = X.T @ (onehot - probs[:, 1:])
    assert np.max(np.abs(score)) <= 1e-8 * n


@pytest.mark.parametrize("name", ["gaussian", "bernoulli", "poisson", "gamma-log"])
def test_history_climbs_to_the_reported_loglik(name):
    case = CASES[name]
    X, y, fam = simulate(case, seed=3)
    for method in ("newton", "gradient"):
        res = glmlib.fit(X, y, fam, method=method, link=case.link)
        history = np.asarray(res.history)
        assert history.ndim == 1 and history.size >= 1
        assert np.all(np.isfinite(history))
        np.testing.assert_allclose(history[-1], res.loglik, rtol=1e-10)
        assert 1 <= res.n_iter
        if method == "newton":
            # IRLS with step halving never lowers the log-likelihood.
            assert np.all(np.diff(history) >= -1e-10 * np.abs(history[1:]))
        assert res.loglik >= history[0] - 1e-10 * abs(history[0])


# --------------------------------------------------------------------------
# invariances: units of the features and the order of the rows


@PROPERTY
@given(
    name=st.sampled_from(["gaussian", "bernoulli", "poisson", "gamma-log", "binomial"]),
    scales=st.lists(st.floats(1e-3, 1e3), min_size=2, max_size=2),
    seed=st.integers(0, 2**32 - 1),
)
def test_coefficients_follow_the_units_of_the_features(name, scales, seed):
    case = CASES[name]
    X, y, fam = simulate(case, seed=seed % 1000, n=80)
    scale = np.array([1.0, *scales])
    base = glmlib.fit(X, y, fam, link=case.link)
    scaled = glmlib.fit(X * scale, y, fam, link=case.link)
    np.testing.assert_allclose(scaled.coef * scale, base.coef, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(scaled.loglik, base.loglik, rtol=1e-10)
    order = np.random.default_rng(seed).permutation(y.size)
    if isinstance(fam, Binomial) and np.ndim(fam.trials):
        fam = Binomial(trials=fam.trials[order])
    shuffled = glmlib.fit(X[order], y[order], fam, link=case.link)
    np.testing.assert_allclose(shuffled.coef, base.coef, rtol=1e-8, atol=1e-12)


# --------------------------------------------------------------------------
# regressions: each of these once failed (false separation warnings, failed
# starts, warnings leaking from a starting mean outside the link's range)


def test_cloglog_fit_of_unseparated_data_does_not_warn():
    n = 200
    x = np.linspace(-3, 3, n)
    X = np.column_stack([np.ones(n), x])
    # Overlapping classes: every x between -1 and 1.5 has both 0s and 1s.
    y = (np.sin(7 * x) > 0.4 - x).astype(float)
    assert 0 < y[(x > -1) & (x < 1.5)].mean() < 1
    res = glmlib.fit(X, y, "bernoulli", link="cloglog")
    assert res.converged


def test_logit_fit_with_a_far_out_point_does_not_warn():
    x = np.array([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 80.0])
    y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    X = np.column_stack([np.ones_like(x), x])
    res = glmlib.fit(X, y, "bernoulli")
    ref = sm.GLM(y, X, family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-6)


def test_poisson_sqrt_fit_with_a_zero_count_near_the_boundary():
    x = np.array([-1.4, -1.12, -1.02, -0.67, -0.1, 0.31, 0.9, 1.18])
    y = np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 3.0, 5.0])
    X = np.column_stack([np.ones_like(x), x])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # statsmodels' default tolerance leaves ~3e-6 relative error here
        ref = sm.GLM(y, X, family=sm.families.Poisson(links.Sqrt())).fit(tol=1e-14)
    assert np.all(X @ ref.params > 0)
    res = glmlib.fit(X, y, "poisson", link="sqrt")
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-6)


@pytest.mark.parametrize("link", ["log", "inverse"])
def test_gaussian_fit_with_y_outside_the_links_range_is_silent(link):
    x = np.linspace(-2, 2, 40)
    X = np.column_stack([np.ones_like(x), x])
    if link == "log":
        y = np.exp(0.2 + 0.3 * x) + np.cos(11 * x)  # a few values at or below 0
        assert np.any(y <= 0)
        sm_link = links.Log()
    else:
        y = 1 / (0.5 + 0.1 * x) + np.cos(11 * x)
        y[5] = 0.0
        sm_link = links.InversePower()
    res = glmlib.fit(X, y, "gaussian", link=link)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sm.GLM(y, X, family=sm.families.Gaussian(sm_link)).fit()
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-5)


# --------------------------------------------------------------------------
# the path of a fit: coef_path, history, n_iter and the learning rate


def loglik_at(fam, X, y, coef, link=None):
    """The log-likelihood at coef, summed from the family's own densities."""
    lnk = fam.get_link(link)
    if isinstance(fam, Categorical):
        return float(np.sum(fam.loglik(y, X @ coef)))
    eta = fam.link(fam.mean_from_linear(X @ coef, lnk))
    return float(np.sum(fam.loglik(y, eta)))


TRACE_CASES = ["gaussian", "bernoulli", "bernoulli-probit", "poisson", "gamma"]


@pytest.mark.parametrize("method", ["newton", "gradient"])
@pytest.mark.parametrize("name", TRACE_CASES)
def test_coef_path_holds_every_iterate(name, method):
    case = CASES[name]
    X, y, fam = simulate(case, seed=4, n=120, standardize=True)
    res = glmlib.fit(X, y, fam, method=method, link=case.link, trace=True)
    path = res.coef_path
    assert path.shape == (res.n_iter + 1, *res.coef.shape)
    np.testing.assert_array_equal(path[-1], res.coef)
    assert res.history.shape == (res.n_iter + 1,)
    # history[i] is the log-likelihood at path[i], summed independently
    for coef, ll in zip(path, res.history, strict=True):
        np.testing.assert_allclose(ll, loglik_at(fam, X, y, coef, case.link), rtol=1e-9)
    if method == "gradient" and fam.name != "gamma":
        np.testing.assert_array_equal(path[0], np.zeros(X.shape[1]))
    # the same fit without trace keeps no path and lands on the same coefficients
    plain = glmlib.fit(X, y, fam, method=method, link=case.link)
    assert plain.coef_path is None
    np.testing.assert_array_equal(plain.coef, res.coef)
    assert plain.n_iter == res.n_iter


def test_categorical_coef_path(rng):
    n = 150
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 2))])
    y = Categorical(n_classes=3).sample(X @ rng.normal(size=(3, 2)), rng)
    for method in ("newton", "gradient"):
        res = glmlib.fit(X, y, "categorical", method=method, trace=True)
        assert res.coef_path.shape == (res.n_iter + 1, 3, 2)
        np.testing.assert_array_equal(res.coef_path[-1], res.coef)
        np.testing.assert_array_equal(res.coef_path[0], np.zeros((3, 2)))


def test_newton_path_starts_at_the_first_irls_iteration(rng):
    """coef_path[0] of a Newton fit: weighted least squares at R's starting
    mean, y + 0.1 for counts, written out here by hand."""
    n = 80
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = rng.poisson(np.exp(0.5 + 0.4 * X[:, 1])).astype(float)
    res = glmlib.fit(X, y, "poisson", trace=True)
    mu = y + 0.1
    z = np.log(mu) + (y - mu) / mu  # working response; working weights mu
    first = np.linalg.solve(X.T @ (mu[:, None] * X), X.T @ (mu * z))
    np.testing.assert_allclose(res.coef_path[0], first, rtol=1e-10)
    assert res.n_iter >= 2  # Newton steps after that point
    assert res.learning_rate is None


def test_gradient_fit_reports_its_learning_rate(rng):
    n = 100
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = rng.poisson(np.exp(0.5 + 0.3 * X[:, 1])).astype(float)
    res = glmlib.fit(X, y, "poisson", method="gradient")
    # the default: 1 / largest eigenvalue of X^T W X / n at the start, W = y + 0.1
    w = y + 0.1
    expected = 1.0 / np.linalg.eigvalsh(X.T @ (w[:, None] * X) / n)[-1]
    np.testing.assert_allclose(res.learning_rate, expected, rtol=1e-12)
    given_rate = glmlib.fit(X, y, "poisson", method="gradient", learning_rate=0.05)
    assert given_rate.learning_rate == 0.05


# --------------------------------------------------------------------------
# step halving: needed, and honest when it fails


def count_halvings(monkeypatch):
    """Count the Newton steps that had to be shortened."""
    from glmlib import fitting

    halved = []
    original = fitting._halve_until_better

    def counting(problem, coef, step, dev):
        out = original(problem, coef, step, dev)
        halved.append(out[1] is not None and not np.array_equal(out[0], coef + step))
        return out

    monkeypatch.setattr(fitting, "_halve_until_better", counting)
    return halved


def overlapping_yes_no():
    x = np.linspace(-3, 3, 30)
    return np.column_stack([np.ones(30), x]), (np.sin(5 * x) > -x).astype(float)


@pytest.mark.parametrize(
    "which", ["bernoulli from a saturated start", "poisson from tiny means"]
)
def test_step_halving_rescues_a_far_warm_start(which, monkeypatch):
    """From these starts the full Newton step overshoots (to a worse deviance,
    or to means that overflow); only the halved steps reach the optimum."""
    if which.startswith("bernoulli"):
        X, y = overlapping_yes_no()
        start, ref_family = [0.0, 20.0], sm.families.Binomial()
        family = "bernoulli"
    else:
        spend, y = shop_hours()
        X = design_matrix(spend)
        start, ref_family = [-10.0, 0.0], sm.families.Poisson()
        family = "poisson"
    halved = count_halvings(monkeypatch)
    res = glmlib.fit(X, y, family, start=start, trace=True)
    assert any(halved)
    np.testing.assert_array_equal(res.coef_path[0], start)
    ref = sm.GLM(y, X, family=ref_family).fit(tol=1e-13)
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-7, atol=1e-12)
    assert np.all(np.diff(res.history) >= -1e-10 * np.abs(res.history[1:]))


# Gamma amounts with an identity link, from the cold start: the first Newton
# step leaves the range (a negative mean) and must be shortened.
GAMMA_X = np.array([-1.988, -1.02, -1.511, 1.887, 12.236, -3.007, 9.72, 11.312])
GAMMA_Y = np.array([2.237, 4.404, 32.932, 0.075, 0.423, 7.177, 0.225, 0.419])


def test_step_halving_keeps_an_identity_link_in_range(monkeypatch):
    X = np.column_stack([np.ones_like(GAMMA_X), GAMMA_X])
    halved = count_halvings(monkeypatch)
    res = glmlib.fit(X, GAMMA_Y, Gamma(), link="identity")
    assert any(halved)
    assert res.converged
    mu = X @ res.coef
    assert np.all(mu > 0)
    # the score of the identity link: sum x (y - mu) / mu^2 = 0 (chapter 8's
    # error times feature, weighted by 1 / Var(mu))
    score = X.T @ ((GAMMA_Y - mu) / mu**2)
    assert np.all(np.abs(score) <= 1e-7 * (np.abs(X).T @ (GAMMA_Y / mu**2)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sm.GLM(GAMMA_Y, X, family=sm.families.Gamma(links.Identity())).fit(
            tol=1e-14, maxiter=500
        )
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-5)


def test_when_no_shortened_step_helps_the_fit_says_so(monkeypatch):
    """Halving cut to nothing (the full step only) on the gamma data above,
    whose first step leaves the range: stuck far from the optimum."""
    from glmlib import fitting

    monkeypatch.setattr(fitting, "_MAX_HALVINGS", 1)
    X = np.column_stack([np.ones_like(GAMMA_X), GAMMA_X])
    with pytest.warns(ConvergenceWarning, match="^gamma: .*lowered the deviance"):
        res = glmlib.fit(X, GAMMA_Y, Gamma(), link="identity", trace=True)
    assert not res.converged
    assert res.n_iter == 0
    np.testing.assert_array_equal(res.coef, res.coef_path[0])


def test_a_fit_at_its_optimum_stays_converged_when_rounding_blocks_a_step(
    monkeypatch,
):
    """Counts up to 1e8: at the optimum the deviance's rounding hides any gain,
    so even the full step can look worse (it does for some of these seeds).
    The score is zero there: converged, and no warning."""
    from glmlib import fitting

    n = 200
    x = np.linspace(-1, 1, n)
    X = np.column_stack([np.ones(n), x])
    refused = 0
    for seed in range(8):
        y = np.random.default_rng(seed).poisson(np.exp(20.0 * x)).astype(float)
        best = glmlib.fit(X, y, "poisson")
        with monkeypatch.context() as patch:
            patch.setattr(fitting, "_MAX_HALVINGS", 1)
            res = glmlib.fit(X, y, "poisson", start=best.coef)  # silent
        assert res.converged  # a refused step at the optimum is no failure
        np.testing.assert_allclose(res.coef, best.coef, rtol=1e-12)
        refused += res.n_iter == 0
    assert refused >= 2  # the case this test is about did occur


# --------------------------------------------------------------------------
# warm starts (chapter 7's lab refits from the last coefficients on every drag)


def test_warm_start_after_a_dragged_point_reaches_the_cold_answer():
    spend, y = shop_hours()
    X = design_matrix(spend)
    before = glmlib.fit(X, y, "poisson")
    moved = y.copy()
    moved[7] += 6.0  # a learner drags one point up
    cold = glmlib.fit(X, moved, "poisson")
    warm = glmlib.fit(X, moved, "poisson", start=before.coef, trace=True)
    ref = sm.GLM(moved, X, family=sm.families.Poisson()).fit(tol=1e-13)
    np.testing.assert_allclose(warm.coef, ref.params, rtol=1e-8)
    np.testing.assert_allclose(warm.coef, cold.coef, rtol=1e-8)
    np.testing.assert_array_equal(warm.coef_path[0], before.coef)
    assert warm.n_iter <= cold.n_iter


@pytest.mark.parametrize(
    "start", [[-600.0, 60.0], [-634.12582419, 65.66061917], [60.0, -100.0]]
)
def test_a_far_warm_start_starts_over_or_gets_there(start):
    """Coefficients like those a fit with no finite estimate leaves behind
    ((-634.1..., 65.66...): one count at the largest spend; a halved
    step from there overflows the deviance). From there the weights
    of most rows underflow and Newton can stall at once; then the fit starts
    again from the usual start. Either way: silent, and at the optimum."""
    spend, y = shop_hours()
    X = design_matrix(spend)
    res = glmlib.fit(X, y, "poisson", start=start, trace=True)
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13)
    assert res.converged
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-8)
    # the path is the run that counted: from the start, or from the usual one
    cold = glmlib.fit(X, y, "poisson", trace=True)
    assert np.array_equal(res.coef_path[0], start) or np.array_equal(
        res.coef_path, cold.coef_path
    )


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("gamma", [1.0, 0.0, 0.0]),  # eta = 1 > 0: no gamma has that mean
        ("poisson-identity", [-5.0, 0.0, 0.0]),  # negative means
        ("poisson-sqrt", [0.0, 0.0, 0.0]),  # mean 0 everywhere
    ],
)
def test_a_start_outside_the_range_falls_back_to_the_usual_one(name, start):
    case = CASES[name]
    X, y, fam = simulate(case, seed=6)
    cold = glmlib.fit(X, y, fam, link=case.link, trace=True)
    warm = glmlib.fit(X, y, fam, link=case.link, start=start, trace=True)
    np.testing.assert_array_equal(warm.coef_path[0], cold.coef_path[0])
    np.testing.assert_array_equal(warm.coef, cold.coef)


def test_gradient_ascent_from_a_start(rng):
    n = 100
    X = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = (rng.random(n) < special.expit(X[:, 1])).astype(float)
    newton = glmlib.fit(X, y, "bernoulli")
    res = glmlib.fit(X, y, "bernoulli", method="gradient", start=[0.5, 0.5], trace=True)
    np.testing.assert_array_equal(res.coef_path[0], [0.5, 0.5])
    np.testing.assert_allclose(res.coef, newton.coef, rtol=1e-5)
