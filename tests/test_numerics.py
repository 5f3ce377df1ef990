"""Family and link functions stay finite and silent for |eta| up to 1e4.

"Wherever the true value is finite, family functions and fits stay finite
and silent (no overflow, no NaN, no RuntimeWarning) for |eta| up to 1e4."

The true values come from Python's ``decimal`` module at 50 significant
digits, whose exponent range (1e+-999999) holds e^(+-1e4) easily: a naive
log(1 + e^eta) or 1 / (1 + e^-eta) in glmlib would overflow where the
reference does not. A reference that is finite as a double must be matched
by a finite glmlib value close to it; one that overflows (e^1e4 for the
Poisson mean) must come out as the same infinity, still without a warning.
The gamma family's natural parameter is negative, so its eta stays in
[-1e4, -1e-4]; the categorical family's eta is a vector.
"""

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glmlib import (
    Bernoulli,
    Binomial,
    Categorical,
    Exponential,
    Gamma,
    Gaussian,
    Poisson,
)
from glmlib.links import LINKS

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)
PREC = 50
EPS = np.finfo(float).eps
BIG = 1e4

# Natural parameters on both sides of every overflow threshold of a double.
GRID = np.array(
    [
        0.0,
        1e-4,
        0.5,
        1.0,
        20.0,
        36.0,
        40.0,
        100.0,
        700.0,
        709.0,
        710.0,
        745.0,
        750.0,
        1e3,
        5e3,
        BIG,
    ]
)
GRID = np.concatenate([-GRID[::-1], GRID[1:]])
GAMMA_GRID = np.array([-BIG, -5e3, -745.0, -100.0, -1.0, -0.5, -1e-2, -1e-3, -1e-4])

PI = Decimal("3.14159265358979323846264338327950288419716939937510582097494459")


def dec(x):
    return Decimal(float(x))


def log1p(x):
    return x - x * x / 2 + x * x * x / 3 if abs(x) < Decimal("1e-20") else (1 + x).ln()


def softplus(e):
    """log(1 + e^eta), exactly."""
    return e + log1p((-e).exp()) if e > 0 else log1p(e.exp())


def expit(e):
    return 1 / (1 + (-e).exp()) if e >= 0 else e.exp() / (1 + e.exp())


def ln_gamma(k):
    """log Gamma(k): exact factorials for whole k, math.lgamma otherwise."""
    if k == int(k):
        return Decimal(math.factorial(int(k) - 1)).ln()
    return Decimal(math.lgamma(k))


# --------------------------------------------------------------------------
# the true values, family by family, with the usual (not the exponential-family)
# parametrisation of each density; loglik also returns the size of its terms,
# for the rounding that a difference of large terms cannot avoid.


def ref_gaussian(fam, eta, y):
    e, y, s2 = dec(eta), dec(y), dec(fam.sigma) ** 2
    loglik = -((y - e) ** 2) / (2 * s2) - (2 * PI * s2).ln() / 2
    scale = (y * y + e * e) / s2 + 1
    return {"response": e, "log_partition": e * e / 2, "unit_variance": Decimal(1)}, (
        loglik,
        scale,
    )


def ref_binomial(fam, eta, y):
    n, e, y = int(fam.trials), dec(eta), int(y)
    log_choose = Decimal(math.comb(n, y)).ln()
    log_p, log_q = -softplus(-e), -softplus(e)  # log sigmoid(eta), log sigmoid(-eta)
    loglik = log_choose + y * log_p + (n - y) * log_q
    scale = abs(log_choose) + abs(y * e) + n * softplus(e)
    values = {
        "response": n * expit(e),
        "log_partition": n * softplus(e),
        "unit_variance": n * expit(e) * expit(-e),
    }
    return values, (loglik, scale)


def ref_poisson(fam, eta, y):
    e, y = dec(eta), int(y)
    rate = e.exp()
    log_fact = Decimal(math.factorial(y)).ln()
    loglik = y * e - rate - log_fact
    return {"response": rate, "log_partition": rate, "unit_variance": rate}, (
        loglik,
        abs(y * e) + rate + log_fact,
    )


def ref_gamma(fam, eta, y):
    e, y, k = dec(eta), dec(y), dec(fam.shape)
    mean = -1 / e
    theta = mean / k  # scipy's scale
    loglik = (k - 1) * y.ln() - y / theta - k * theta.ln() - ln_gamma(fam.shape)
    scale = abs((k - 1) * y.ln()) + abs(y / theta) + abs(k * theta.ln()) + 1
    values = {
        "response": mean,
        "log_partition": -((-e).ln()),
        "unit_variance": mean * mean,
    }
    return values, (loglik, scale)


SCALAR_CASES = {
    "gaussian": (Gaussian(), ref_gaussian, [-3.0, 0.0, 2.5]),
    "gaussian-sigma": (Gaussian(sigma=0.3), ref_gaussian, [-1.0, 4.0]),
    "bernoulli": (Bernoulli(), ref_binomial, [0.0, 1.0]),
    "binomial": (Binomial(trials=5), ref_binomial, [0.0, 1.0, 3.0, 5.0]),
    "poisson": (Poisson(), ref_poisson, [0.0, 1.0, 7.0, 1000.0]),
    "gamma": (Gamma(shape=2.5), ref_gamma, [1e-3, 1.0, 50.0]),
    "exponential": (Exponential(), ref_gamma, [1e-3, 1.0, 50.0]),
}


def to_float(d):
    """The double nearest to a Decimal: +-inf beyond the largest, 0 below the smallest."""
    return float(d)


def assert_matches(name, actual, expected, scale=Decimal(0), atol=0.0):
    """actual (a double) is the true value ``expected`` to within rounding.

    ``scale`` is the size of the terms whose difference ``expected`` is,
    ``atol`` a rounding error the formula cannot avoid.
    """
    actual = float(actual)
    target = to_float(expected)
    assert not math.isnan(actual), f"{name}: NaN where the true value is {expected:.6e}"
    if math.isinf(target):
        assert actual == target, (
            f"{name}: {actual!r} where the true value overflows to {target}"
        )
        return
    assert math.isfinite(actual), (
        f"{name}: {actual!r} where the true value is {target!r}"
    )
    tol = 1e-11 * (abs(target) + to_float(scale)) + atol + 1e-300
    assert abs(actual - target) <= tol, f"{name}: {actual!r} != true value {target!r}"


def check_scalar(fam, ref, eta, y):
    with localcontext() as ctx, warnings.catch_warnings():
        ctx.prec = PREC
        warnings.simplefilter("error")
        values, (loglik, scale) = ref(fam, eta, y)
        for method, expected in values.items():
            assert_matches(
                f"{fam!r}.{method}({eta!r})", getattr(fam, method)(eta), expected
            )
        where = f"{fam!r}.loglik({y!r}, {eta!r})"
        assert_matches(where, fam.loglik(y, eta), loglik, scale)
        assert_density(where, fam.density(y, eta), loglik, scale)


def assert_density(name, density, loglik, scale):
    """density = exp(loglik): its relative error is the absolute error of loglik."""
    target = to_float(loglik.exp())
    assert math.isfinite(density) and density >= 0, f"density of {name}: {density!r}"
    if target == 0.0:
        assert density <= 1e-300, f"density of {name}: {density!r}, true value 0"
        return
    tol = 1e-11 * to_float(scale) + 1e-12
    assert abs(density - target) <= tol * target + 1e-300, (
        f"density of {name}: {density!r} != true value {target!r}"
    )


@pytest.mark.parametrize("name", list(SCALAR_CASES))
def test_scalar_families_on_a_grid(name):
    fam, ref, ys = SCALAR_CASES[name]
    grid = GAMMA_GRID if isinstance(fam, Gamma) else GRID
    for eta in grid:
        for y in ys:
            check_scalar(fam, ref, float(eta), y)


@pytest.mark.parametrize("name", list(SCALAR_CASES))
def test_scalar_families_on_arrays(name):
    """The vectorised call (one array of eta) is just as finite and silent."""
    fam, ref, ys = SCALAR_CASES[name]
    grid = GAMMA_GRID if isinstance(fam, Gamma) else GRID
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outputs = {
            m: getattr(fam, m)(grid)
            for m in ("response", "log_partition", "unit_variance")
        }
        logliks = fam.loglik(np.asarray(ys)[:, None], grid[None, :])
        densities = fam.density(np.asarray(ys)[:, None], grid[None, :])
    assert logliks.shape == densities.shape == (len(ys), grid.size)
    with localcontext() as ctx:
        ctx.prec = PREC
        for j, eta in enumerate(grid):
            for i, y in enumerate(ys):
                values, (loglik, scale) = ref(fam, float(eta), y)
                if i == 0:
                    for method, expected in values.items():
                        assert_matches(f"{method}[{j}]", outputs[method][j], expected)
                assert_matches(f"loglik[{i}, {j}]", logliks[i, j], loglik, scale)
                assert not np.isnan(densities[i, j])


@pytest.mark.parametrize("name", list(SCALAR_CASES))
@PROPERTY
@given(data=st.data())
def test_scalar_families_anywhere_in_range(name, data):
    fam, ref, ys = SCALAR_CASES[name]
    if isinstance(fam, Gamma):
        eta = data.draw(st.floats(-BIG, -1e-4), label="eta")
    else:
        eta = data.draw(st.floats(-BIG, BIG), label="eta")
    y = data.draw(st.sampled_from(ys), label="y")
    check_scalar(fam, ref, eta, y)


@pytest.mark.parametrize("name", ["bernoulli", "binomial", "poisson"])
@PROPERTY
@given(data=st.data())
def test_mass_still_sums_to_one_at_extreme_eta(name, data):
    fam = SCALAR_CASES[name][0]
    eta = data.draw(st.floats(-BIG, BIG if name != "poisson" else 6.0))
    if name == "poisson":
        mean = math.exp(eta)
        y = np.arange(math.ceil(mean + 40 * math.sqrt(mean) + 60), dtype=float)
    else:
        y = np.arange(int(fam.trials) + 1, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        total = fam.density(y, eta).sum()
    np.testing.assert_allclose(total, 1.0, rtol=1e-10)


# --------------------------------------------------------------------------
# the categorical family: eta is a vector of K - 1 log-ratios


def ref_categorical(eta, y):
    logits = [Decimal(0)] + [dec(e) for e in eta]
    top = max(logits)
    lse = top + sum((lg - top).exp() for lg in logits).ln()
    p = [(lg - lse).exp() for lg in logits]
    m = len(eta)
    variance = [
        [(p[i + 1] if i == j else 0) - p[i + 1] * p[j + 1] for j in range(m)]
        for i in range(m)
    ]
    loglik = logits[int(y)] - lse
    return p, lse, variance, loglik, abs(logits[int(y)]) + abs(lse)


def check_categorical(eta, y):
    fam = Categorical()
    eta = np.asarray(eta, dtype=float)
    with localcontext() as ctx, warnings.catch_warnings():
        ctx.prec = PREC
        warnings.simplefilter("error")
        p, lse, variance, loglik, scale = ref_categorical(eta, y)
        response = fam.response(eta)
        for k, pk in enumerate(p):
            assert_matches(f"response({eta})[{k}]", response[k], pk)
        assert_matches(f"log_partition({eta})", fam.log_partition(eta), lse, Decimal(0))
        var = fam.unit_variance(eta)
        for i, row in enumerate(variance):
            for j, v in enumerate(row):
                # diag(p) - p p^T: 1 - p_i rounds where class i is nearly certain.
                rounding = 4 * EPS * to_float(max(p[i + 1], p[j + 1]))
                where = f"variance({eta})[{i}, {j}]"
                assert_matches(where, var[i, j], v, atol=rounding)
        assert_matches(f"loglik({y}, {eta})", fam.loglik(y, eta), loglik, scale)
        assert_density(f"({y}, {eta})", fam.density(y, eta), loglik, scale)


def test_categorical_on_a_grid():
    for a in GRID[::3]:
        for b in GRID[1::3]:
            for y in (0.0, 1.0, 2.0):
                check_categorical([a, b], y)


@PROPERTY
@given(
    eta=st.integers(1, 4).flatmap(
        lambda m: st.lists(st.floats(-BIG, BIG), min_size=m, max_size=m)
    ),
    data=st.data(),
)
def test_categorical_anywhere_in_range(eta, data):
    y = float(data.draw(st.integers(0, len(eta))))
    check_categorical(eta, y)


# --------------------------------------------------------------------------
# link functions at extreme eta


LINK_ETAS = {
    "identity": GRID,
    "log": GRID,
    "logit": GRID,
    "probit": GRID,
    "cloglog": GRID,
    "inverse": -GAMMA_GRID,
    "negative_inverse": GAMMA_GRID,
    "sqrt": -GAMMA_GRID,
}


@pytest.mark.parametrize("name", list(LINK_ETAS))
def test_links_stay_finite_and_silent(name):
    link = LINKS[name]()
    eta = LINK_ETAS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mu = link.response(eta)
        dmu = link.response_derivative(eta)
    assert not np.any(np.isnan(mu)) and not np.any(np.isnan(dmu))
    if name == "log":
        # e^eta itself overflows beyond eta = log(max double), to +inf.
        finite = eta < math.log(np.finfo(float).max)
        assert np.all(np.isfinite(mu[finite])) and np.all(mu[~finite] == np.inf)
        assert np.all(np.isfinite(dmu[finite])) and np.all(dmu[~finite] == np.inf)
    else:
        assert np.all(np.isfinite(mu)) and np.all(np.isfinite(dmu))
    if name in ("logit", "probit", "cloglog"):
        assert np.all((mu >= 0) & (mu <= 1))
        assert np.all(np.diff(mu) >= 0)


def test_multinomial_logit_stays_finite_and_silent():
    link = LINKS["multinomial_logit"]()
    eta = np.stack(np.meshgrid(GRID, GRID), axis=-1).reshape(-1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mu = link.response(eta)
        jac = link.response_derivative(eta)
    assert np.all(np.isfinite(mu)) and np.all(np.isfinite(jac))
    np.testing.assert_allclose(mu.sum(axis=-1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("big", [5.0, 20.0, 40.0, 300.0])
def test_categorical_variance_keeps_precision_when_one_class_is_nearly_certain(big):
    # eta = (big, 0): P(class 1) = e^big / (2 + e^big), the rest 2 / (2 + e^big),
    # so Var(T_1) = p (1 - p) = 2 e^big / (2 + e^big)^2 = 2 / (e^big + 4 + 4 e^-big).
    variance = Categorical().unit_variance(np.array([big, 0.0]))
    exact = 2.0 / (np.exp(big) + 4.0 + 4.0 * np.exp(-big))
    np.testing.assert_allclose(variance[0, 0], exact, rtol=1e-12)
