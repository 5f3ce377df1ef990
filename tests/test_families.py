"""Property tests of the exponential families in ``glmlib.families``.

Each family writes p(y; eta) = b(y) exp((eta T(y) - a(eta)) / dispersion).
The tests check the lesson's identities against independent computations:

* the canonical link inverts the response function: link(response(eta)) = eta;
* finite differences of the log-partition: a'(eta) = response(eta) and
  a''(eta) = unit_variance(eta) (gradient and Hessian for the categorical family);
* the density sums (discrete) or integrates (continuous) to one, and its mean
  and variance are a'(eta) and dispersion * a''(eta);
* the log-likelihood equals scipy.stats' log-density, the unit deviance is
  twice the log-likelihood ratio to the saturated model, and ``sample``
  draws from the family;
* the gradient of the log-likelihood of a linear model eta = X theta equals
  X^T (y - h(X theta)), by finite differences.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

import glmlib
from glmlib import (
    Bernoulli,
    Binomial,
    Categorical,
    Exponential,
    Gamma,
    Gaussian,
    Poisson,
)

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None)
# Numerical integration costs a few milliseconds an example.
INTEGRAL = settings(PROPERTY, max_examples=12)
EPS = np.finfo(float).eps

# Each scalar family, with its parameter (sigma, trials, shape) drawn too.
FAMILIES = {
    "gaussian": st.floats(0.1, 10.0).map(lambda s: Gaussian(sigma=s)),
    "bernoulli": st.just(Bernoulli()),
    "binomial": st.integers(1, 40).map(lambda n: Binomial(trials=n)),
    "poisson": st.just(Poisson()),
    "gamma": st.floats(0.2, 20.0).map(lambda k: Gamma(shape=k)),
    "exponential": st.just(Exponential()),
}
SCALAR = list(FAMILIES)
GAMMA_LIKE = ("gamma", "exponential")
# Natural parameters where finite differences resolve the functions well.
ETA_RANGE = {
    "gaussian": (-50.0, 50.0),
    "bernoulli": (-30.0, 30.0),
    "binomial": (-30.0, 30.0),
    "poisson": (-20.0, 20.0),
    "gamma": (-50.0, -1e-2),
    "exponential": (-50.0, -1e-2),
}


def etas(name, lo=None, hi=None):
    default_lo, default_hi = ETA_RANGE[name]
    return st.floats(default_lo if lo is None else lo, default_hi if hi is None else hi)


def category_etas(max_classes=6, bound=20.0):
    """A vector of K - 1 log-ratios for K in 2..max_classes."""
    return st.integers(1, max_classes - 1).flatmap(
        lambda m: st.lists(st.floats(-bound, bound), min_size=m, max_size=m).map(
            np.array
        )
    )


def fd_step(name, eta):
    """A central-difference step on the scale of eta (gamma: of the gap to 0)."""
    return 1e-4 * (abs(eta) if name in GAMMA_LIKE else 1.0 + abs(eta))


def support_points(fam, eta):
    """The whole support of a discrete family, up to a negligible Poisson tail."""
    if isinstance(fam, Binomial):
        return np.arange(int(fam.trials) + 1, dtype=float)
    if isinstance(fam, Poisson):
        mu = math.exp(eta)
        return np.arange(math.ceil(mu + 40 * math.sqrt(mu) + 60), dtype=float)
    raise AssertionError(f"not a discrete scalar family: {fam!r}")


def scipy_logpdf(fam, y, eta):
    """log p(y; eta) from scipy.stats, written with the usual parameters."""
    if isinstance(fam, Gaussian):
        return stats.norm.logpdf(y, loc=eta, scale=fam.sigma)
    if isinstance(fam, Binomial):
        return stats.binom.logpmf(y, fam.trials, special.expit(eta))
    if isinstance(fam, Poisson):
        return stats.poisson.logpmf(y, np.exp(eta))
    if isinstance(fam, Gamma):
        mean = -1.0 / eta
        return stats.gamma.logpdf(y, a=fam.shape, scale=mean / fam.shape)
    raise AssertionError(f"no scipy reference for {fam!r}")


def scipy_saturated_logpdf(fam, y):
    """log p(y; mean = y): the saturated model's log-likelihood of one row."""
    if isinstance(fam, Gaussian):
        return stats.norm.logpdf(y, loc=y, scale=fam.sigma)
    if isinstance(fam, Binomial):
        return stats.binom.logpmf(y, fam.trials, y / fam.trials)
    if isinstance(fam, Poisson):
        return stats.poisson.logpmf(y, y)
    if isinstance(fam, Gamma):
        return stats.gamma.logpdf(y, a=fam.shape, scale=y / fam.shape)
    raise AssertionError(f"no scipy reference for {fam!r}")


def scipy_etas(name):
    """Natural parameters for comparisons with scipy.stats, which takes the
    probability rather than the log-odds: keep it away from 0 and 1."""
    if name in ("bernoulli", "binomial"):
        return etas(name, -15.0, 15.0)
    return etas(name)


def draw_y(data, fam, eta):
    """A value in the family's support, not necessarily a likely one."""
    if isinstance(fam, Gaussian):
        return data.draw(st.floats(eta - 20 * fam.sigma, eta + 20 * fam.sigma))
    if isinstance(fam, Binomial):
        return float(data.draw(st.integers(0, int(fam.trials))))
    if isinstance(fam, Poisson):
        return float(data.draw(st.integers(0, 10_000)))
    if isinstance(fam, Gamma):
        return data.draw(st.floats(1e-6, 1e6))
    raise AssertionError(f"unknown family {fam!r}")


# --------------------------------------------------------------------------
# the canonical link inverts the response function


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_link_inverts_response(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    # Away from the flat tails of the sigmoid, where the round trip is well conditioned.
    if name in ("bernoulli", "binomial"):
        eta = data.draw(etas(name, -15.0, 15.0), label="eta")
    elif name == "poisson":
        eta = data.draw(st.floats(-700.0, 700.0), label="eta")
    elif name in GAMMA_LIKE:
        eta = data.draw(st.floats(-1e4, -1e-4), label="eta")
    else:
        eta = data.draw(st.floats(-1e6, 1e6), label="eta")
    back = fam.link(fam.response(eta))
    np.testing.assert_allclose(back, eta, rtol=1e-12, atol=1e-8)


@PROPERTY
@given(eta=category_etas(bound=15.0))
def test_categorical_link_inverts_response(eta):
    fam = Categorical()
    mu = fam.response(eta)
    assert mu.shape == (eta.size + 1,)
    np.testing.assert_allclose(mu.sum(), 1.0, rtol=1e-14)
    np.testing.assert_allclose(fam.link(mu), eta, rtol=1e-12, atol=1e-9)


def test_binomial_response_is_trials_times_sigmoid():
    trials = np.array([1.0, 3.0, 10.0, 25.0])
    eta = np.array([-2.0, 0.0, 0.5, 4.0])
    fam = Binomial(trials=trials)
    np.testing.assert_allclose(fam.response(eta), trials / (1 + np.exp(-eta)))
    np.testing.assert_allclose(fam.link(fam.response(eta)), eta, atol=1e-12)


# --------------------------------------------------------------------------
# derivatives of the log-partition function


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_log_partition_derivative_is_response(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(etas(name), label="eta")
    h = 0.1 * fd_step(name, eta)
    fd = (fam.log_partition(eta + h) - fam.log_partition(eta - h)) / (2 * h)
    a = abs(float(fam.log_partition(eta)))
    mean = float(fam.response(eta))
    assert abs(fd - mean) <= 1e-6 * abs(mean) + 50 * EPS * (1 + a) / h


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_log_partition_second_derivative_is_variance(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(etas(name), label="eta")
    h = fd_step(name, eta)
    a = fam.log_partition
    fd2 = (a(eta + h) - 2 * a(eta) + a(eta - h)) / h**2
    var = float(fam.unit_variance(eta))
    roundoff = 50 * EPS * (1 + abs(float(a(eta)))) / h**2
    assert abs(fd2 - var) <= 1e-5 * abs(var) + roundoff


@PROPERTY
@given(eta=category_etas())
def test_categorical_log_partition_gradient_and_hessian(eta):
    fam = Categorical()
    m = eta.size
    h = 1e-4
    unit = np.eye(m) * h
    grad = np.array(
        [
            (fam.log_partition(eta + e) - fam.log_partition(eta - e)) / (2 * h)
            for e in unit
        ]
    )
    np.testing.assert_allclose(grad, fam.response(eta)[1:], rtol=1e-6, atol=1e-9)
    a = fam.log_partition
    hess = np.array(
        [
            [
                (
                    a(eta + ei + ej)
                    - a(eta + ei - ej)
                    - a(eta - ei + ej)
                    + a(eta - ei - ej)
                )
                / (4 * h * h)
                for ej in unit
            ]
            for ei in unit
        ]
    )
    roundoff = 50 * EPS * (1 + abs(a(eta))) / h**2
    np.testing.assert_allclose(hess, fam.unit_variance(eta), rtol=1e-5, atol=roundoff)


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_variance_from_mean_agrees_with_variance(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(etas(name), label="eta")
    mean = fam.response(eta)
    # mu (1 - mu / trials) cancels near mu = trials: allow rounding of mu itself.
    np.testing.assert_allclose(
        fam.variance_from_mean(mean),
        fam.unit_variance(eta),
        rtol=1e-10,
        atol=8 * EPS * abs(mean),
    )


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_variance_derivative_by_finite_differences(name, data):
    """V'(mu), which Newton's method with a non-canonical link needs."""
    fam = data.draw(FAMILIES[name], label="family")
    mean = float(fam.response(data.draw(etas(name), label="eta")))
    h = 1e-6 * (1 + abs(mean))
    fd = (fam.variance_from_mean(mean + h) - fam.variance_from_mean(mean - h)) / (2 * h)
    roundoff = 10 * EPS * (1 + abs(float(fam.variance_from_mean(mean)))) / h
    assert abs(fd - fam.variance_derivative(mean)) <= 1e-6 * abs(fd) + roundoff


def test_categorical_variance_from_mean_is_the_covariance_of_its_statistic():
    """The categorical honours variance_from_mean: diag(p) - p p^T from the mean."""
    fam = Categorical(n_classes=4)
    eta = np.array([[0.3, -1.2, 2.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(
        fam.variance_from_mean(fam.response(eta)), fam.unit_variance(eta), atol=1e-15
    )
    np.testing.assert_allclose(
        fam.mean_of_statistic(eta), fam.response(eta)[:, 1:], rtol=1e-15
    )
    # one-hot T(y) without the extra argument, from the family's own K
    np.testing.assert_array_equal(
        fam.sufficient_statistic([0, 3]), [[0, 0, 0], [0, 0, 1]]
    )


@pytest.mark.parametrize(
    ("family", "link", "low", "high"),
    [
        (Poisson(), "log", (0.0, -np.inf), (np.inf, np.inf)),
        (Poisson(), "identity", (0.0, 0.0), (np.inf, np.inf)),
        (Poisson(), "sqrt", (0.0, 0.0), (np.inf, np.inf)),
        (Bernoulli(), "probit", (0.0, -np.inf), (1.0, np.inf)),
        (Gaussian(), "log", (0.0, -np.inf), (np.inf, np.inf)),
        (Gaussian(), "inverse", (0.0, np.inf), (np.inf, 0.0)),
        (Gamma(), "identity", (0.0, 0.0), (np.inf, np.inf)),
        (Gamma(), "negative_inverse", (0.0, -np.inf), (np.inf, 0.0)),
    ],
)
def test_mean_edges_say_where_the_link_reaches_the_edge(family, link, low, high):
    """Where a mean of 0 (or 1) is reached: at finite theta^T x, or only in the limit."""
    edges = family.mean_edges(link)
    assert (edges[0].mean, edges[0].linear) == low
    assert (edges[1].mean, edges[1].linear) == high


# --------------------------------------------------------------------------
# the density is a probability distribution with mean a' and variance a''


@pytest.mark.parametrize("name", ["bernoulli", "binomial", "poisson"])
@PROPERTY
@given(data=st.data())
def test_mass_function_sums_to_one(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    lo, hi = (-10.0, 6.0) if name == "poisson" else ETA_RANGE[name]
    eta = data.draw(st.floats(lo, hi), label="eta")
    y = support_points(fam, eta)
    p = fam.density(y, eta)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(), 1.0, rtol=1e-10)
    mean = float(fam.response(eta))
    np.testing.assert_allclose(np.sum(y * p), mean, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        np.sum((y - mean) ** 2 * p), fam.unit_variance(eta), rtol=1e-8, atol=1e-12
    )


@PROPERTY
@given(eta=category_etas())
def test_categorical_mass_function_sums_to_one(eta):
    fam = Categorical()
    classes = np.arange(eta.size + 1, dtype=float)
    p = fam.density(classes, eta)
    np.testing.assert_allclose(p.sum(), 1.0, rtol=1e-12)
    # The mean of the one-hot T(y) is a'(eta); its covariance is a''(eta).
    t = fam.sufficient_statistic(classes, n_classes=eta.size + 1)
    mean = p @ t
    np.testing.assert_allclose(mean, fam.response(eta)[1:], rtol=1e-12, atol=1e-300)
    centred = t - mean
    np.testing.assert_allclose(
        (centred * p[:, None]).T @ centred,
        fam.unit_variance(eta),
        rtol=1e-9,
        atol=1e-15,
    )


@INTEGRAL
@given(fam=FAMILIES["gaussian"], eta=etas("gaussian"))
def test_gaussian_density_integrates_to_one(fam, eta):
    lo, hi = eta - 40 * fam.sigma, eta + 40 * fam.sigma

    def moment(power):
        def f(y):
            return float(fam.density(y, eta)) * (y - eta) ** power

        return integrate.quad(f, lo, hi, points=[eta], limit=200)[0]

    np.testing.assert_allclose(moment(0), 1.0, rtol=1e-9)
    mean = eta + moment(1)
    np.testing.assert_allclose(
        mean, fam.response(eta), rtol=1e-9, atol=1e-8 * fam.sigma
    )
    np.testing.assert_allclose(moment(2), fam.variance(eta), rtol=1e-8)


@pytest.mark.parametrize("name", GAMMA_LIKE)
@INTEGRAL
@given(data=st.data())
def test_gamma_density_integrates_to_one(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(etas(name), label="eta")
    mean = -1.0 / eta
    k = fam.shape

    # y = mean * e^u turns the density into a smooth bump in u near 0.
    def moment(power):
        def f(u):
            y = mean * math.exp(u)
            return float(fam.density(y, eta)) * y * (y / mean) ** power

        lo = -40.0 / k - 5.0
        return integrate.quad(f, lo, 8.0, points=[0.0, math.log(k)], limit=200)[0]

    m0, m1, m2 = (moment(p) for p in (0, 1, 2))
    np.testing.assert_allclose(m0, 1.0, rtol=1e-9)
    np.testing.assert_allclose(mean * m1, fam.response(eta), rtol=1e-9)
    np.testing.assert_allclose(
        mean**2 * (m2 - 2 * m1 + m0), fam.variance(eta), rtol=1e-8
    )


# --------------------------------------------------------------------------
# the log-likelihood against scipy.stats and the saturated model


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_loglik_matches_scipy(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(scipy_etas(name), label="eta")
    y = draw_y(data, fam, eta)
    ref = scipy_logpdf(fam, y, eta)
    np.testing.assert_allclose(fam.loglik(y, eta), ref, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(fam.density(y, eta), np.exp(ref), rtol=1e-8, atol=1e-300)


@PROPERTY
@given(eta=category_etas(), data=st.data())
def test_categorical_loglik_is_log_softmax(eta, data):
    fam = Categorical()
    y = data.draw(st.integers(0, eta.size))
    logits = np.concatenate([[0.0], eta])
    ref = logits[y] - np.log(np.sum(np.exp(logits - logits.max()))) - logits.max()
    np.testing.assert_allclose(fam.loglik(float(y), eta), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_unit_deviance_is_twice_the_loglik_ratio(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    eta = data.draw(scipy_etas(name), label="eta")
    y = draw_y(data, fam, eta)
    ratio = scipy_saturated_logpdf(fam, y) - scipy_logpdf(fam, y, eta)
    dev = fam.unit_deviance(y, eta)
    np.testing.assert_allclose(
        dev, 2 * fam.dispersion * ratio, rtol=1e-8, atol=1e-8 * (1 + abs(y * eta))
    )
    assert dev >= -1e-8 * (1 + abs(y * eta))


@PROPERTY
@given(eta=category_etas(), data=st.data())
def test_categorical_unit_deviance(eta, data):
    fam = Categorical()
    y = float(data.draw(st.integers(0, eta.size)))
    np.testing.assert_allclose(fam.unit_deviance(y, eta), -2 * fam.loglik(y, eta))


OUTSIDE_SUPPORT = {
    "gaussian": [np.nan, np.inf, -np.inf],
    "bernoulli": [-1.0, 0.5, 2.0, np.nan, np.inf],
    "binomial": [-1.0, 1.5, 6.0, np.nan],
    "poisson": [-1.0, 0.5, 2.25, np.nan, np.inf],
    "gamma": [0.0, -1.0, -np.inf, np.inf, np.nan],
    "exponential": [0.0, -2.5, np.nan],
    "categorical": [-1.0, 0.5, 3.0, np.nan],
}
INSIDE_SUPPORT = {
    "gaussian": [-1e150, -3.5, 0.0, 2.0],
    "bernoulli": [0.0, 1.0],
    "binomial": [0.0, 1.0, 5.0],
    "poisson": [0.0, 1.0, 17.0, 1e6],
    "gamma": [1e-300, 0.5, 3.0, 1e300],
    "exponential": [1e-3, 7.0],
    "categorical": [0.0, 1.0, 2.0],
}
SUPPORT_FAMILY = {
    "gaussian": Gaussian(),
    "bernoulli": Bernoulli(),
    "binomial": Binomial(trials=5),
    "poisson": Poisson(),
    "gamma": Gamma(shape=2.0),
    "exponential": Exponential(),
    "categorical": Categorical(n_classes=3),
}


@pytest.mark.parametrize("name", list(SUPPORT_FAMILY))
def test_support(name):
    fam = SUPPORT_FAMILY[name]
    eta = np.array([-0.5, 0.25]) if name == "categorical" else -0.5
    inside = np.array(INSIDE_SUPPORT[name])
    outside = np.array(OUTSIDE_SUPPORT[name])
    assert np.all(fam.in_support(inside))
    assert not np.any(fam.in_support(outside))
    assert np.all(np.isfinite(fam.loglik(inside, eta)))
    # Outside the support the density is zero: silently, no NaN.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(fam.loglik(outside, eta), -np.inf)
        np.testing.assert_array_equal(fam.density(outside, eta), 0.0)


# --------------------------------------------------------------------------
# sampling


SAMPLE_CASES = [
    (Gaussian(sigma=2.0), 1.5),
    (Bernoulli(), -0.8),
    (Binomial(trials=7), 0.4),
    (Poisson(), 1.2),
    (Gamma(shape=3.0), -0.5),
    (Exponential(), -2.0),
]


@pytest.mark.parametrize(
    ("fam", "eta"), SAMPLE_CASES, ids=[repr(f) for f, _ in SAMPLE_CASES]
)
def test_sample_has_the_family_mean_and_variance(fam, eta, rng):
    n = 40_000
    y = np.asarray(fam.sample(np.full(n, eta), rng), dtype=float)
    assert y.shape == (n,)
    assert np.all(fam.in_support(y))
    mean, var = float(fam.response(eta)), float(fam.variance(eta))
    assert abs(y.mean() - mean) <= 5 * math.sqrt(var / n)
    np.testing.assert_allclose(y.var(), var, rtol=0.06)


def test_categorical_sample_frequencies(rng):
    fam = Categorical()
    eta = np.array([0.5, -1.0, 1.5])
    n = 40_000
    y = fam.sample(np.broadcast_to(eta, (n, 3)), rng)
    p = fam.response(eta)
    freq = np.bincount(y.astype(int), minlength=4) / n
    assert np.all(np.abs(freq - p) <= 5 * np.sqrt(p * (1 - p) / n))


# --------------------------------------------------------------------------
# the score of a linear model: the lesson's X^T (y - h(X theta))


def linear_model_case(name, seed, n=25, p=3):
    """X, a theta that keeps eta in the family's range, and y drawn from the family."""
    rng = np.random.default_rng(seed)
    if name in GAMMA_LIKE:
        # eta = X theta < 0 needs positive features and negative coefficients.
        X = np.column_stack([np.ones(n), rng.uniform(0, 2, size=(n, p - 1))])
        theta = -rng.uniform(0.2, 1.0, size=p)
    else:
        X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])
        theta = rng.normal(scale=0.5, size=p)
    return rng, X, theta


@pytest.mark.parametrize("name", SCALAR)
@PROPERTY
@given(data=st.data())
def test_loglik_gradient_is_lesson_rule(name, data):
    fam = data.draw(FAMILIES[name], label="family")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng, X, theta = linear_model_case(name, seed)
    y = np.asarray(fam.sample(X @ theta, rng), dtype=float)

    def loglik(t):
        return np.sum(fam.loglik(y, X @ t))

    h = 1e-6
    fd = np.array(
        [
            (loglik(theta + e) - loglik(theta - e)) / (2 * h)
            for e in np.eye(theta.size) * h
        ]
    )
    # The lesson's rule is written for dispersion one; the gradient scales with 1/dispersion.
    rule = X.T @ (y - fam.response(X @ theta)) / fam.dispersion
    scale = np.sum(np.abs(fam.loglik(y, X @ theta))) + np.abs(rule).sum()
    np.testing.assert_allclose(fd, rule, rtol=1e-6, atol=1e-7 * scale)


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(2, 5))
def test_categorical_loglik_gradient_is_lesson_rule(seed, k):
    rng = np.random.default_rng(seed)
    n, p = 30, 3
    X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])
    theta = rng.normal(scale=0.7, size=(p, k - 1))
    fam = Categorical(n_classes=k)
    y = fam.sample(X @ theta, rng)

    def loglik(t):
        return np.sum(fam.loglik(y, X @ t))

    h = 1e-6
    fd = np.zeros_like(theta)
    for idx in np.ndindex(theta.shape):
        e = np.zeros_like(theta)
        e[idx] = h
        fd[idx] = (loglik(theta + e) - loglik(theta - e)) / (2 * h)
    onehot = fam.sufficient_statistic(y, n_classes=k)
    rule = X.T @ (onehot - fam.response(X @ theta)[:, 1:])
    np.testing.assert_allclose(fd, rule, rtol=1e-6, atol=1e-6)


# --------------------------------------------------------------------------
# the family objects themselves


def test_get_family_by_name_class_and_object():
    for name, cls in glmlib.FAMILIES.items():
        assert type(glmlib.get_family(name)) is cls
        assert type(glmlib.get_family(name.upper())) is cls
        assert type(glmlib.get_family(cls)) is cls
        assert cls.name == name
    fam = Binomial(trials=4)
    assert glmlib.get_family(fam) is fam


def test_exponential_is_gamma_with_shape_one():
    eta = np.linspace(-5, -0.1, 7)
    y = np.linspace(0.1, 9, 7)
    expo, gamma = Exponential(), Gamma(shape=1.0)
    for method in ("response", "log_partition", "variance"):
        np.testing.assert_array_equal(
            getattr(expo, method)(eta), getattr(gamma, method)(eta)
        )
    np.testing.assert_allclose(
        expo.loglik(y, eta), stats.expon.logpdf(y, scale=-1 / eta)
    )


def test_categorical_sufficient_statistic_is_one_hot():
    fam = Categorical(n_classes=4)
    t = fam.sufficient_statistic([0, 3, 1, 2])
    np.testing.assert_array_equal(t, [[0, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Binomial(trials=0), r"^binomial: trials .* not 0"),
        (lambda: Binomial(trials=2.5), r"^binomial: trials .* not 2\.5"),
        (lambda: Binomial(trials=[3, np.nan]), r"^binomial: trials"),
        (lambda: Binomial(trials=[]), r"^binomial: trials"),
        (lambda: Gamma(shape=0.0), r"^gamma: shape .* not 0\.0"),
        (lambda: Gamma(shape=np.inf), r"^gamma: shape .* not inf"),
        (lambda: Gaussian(sigma=-1.0), r"^gaussian: sigma .* not -1\.0"),
        (lambda: Categorical(n_classes=1), r"^categorical: n_classes .* not 1"),
        (lambda: Categorical(n_classes=2.5), r"^categorical: n_classes .* not 2\.5"),
    ],
)
def test_bad_family_parameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()
