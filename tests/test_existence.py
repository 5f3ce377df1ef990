"""Data without a finite maximum-likelihood estimate (chapter 7's counts,
chapter 3's separated classes): ``fit`` warns and says not converged, and
``glmlib.existence.finite_estimate_exists`` says why without fitting.

Each "no estimate" verdict is checked independently: along the direction
the check names, the log-likelihood keeps rising and the rows with a
positive count keep their fitted mean. Each "estimate exists" case near the
boundary is fitted silently and equals statsmodels.
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

import glmlib
from glmlib import (
    ConvergenceWarning,
    NoFiniteEstimateWarning,
    PerfectSeparationWarning,
    Poisson,
)
from glmlib.data import design_matrix, shop_hours
from glmlib.existence import finite_estimate_exists

SPEND, CUSTOMERS = shop_hours()
X = design_matrix(SPEND)
N = SPEND.size
PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def poisson_loglik(X, y, theta):
    return float(np.sum(Poisson().loglik(y, X @ theta)))


def assert_no_estimate_along(X, y, found):
    """The direction really is one: positive counts stay put, the named zero
    rows fall, the rest do not rise, and the log-likelihood climbs forever."""
    g = found.direction
    move = X @ g
    positive = y > 0
    scale = np.abs(X).sum(axis=1) * np.abs(g).sum()
    assert np.all(np.abs(move[positive]) <= 1e-9 * scale[positive])
    assert np.all(move[~positive] <= 1e-9 * scale[~positive])
    assert np.all(move[found.rows] < 0)
    assert np.all(y[found.rows] == 0)
    climb = [poisson_loglik(X, y, t * g) for t in (0.0, 1.0, 4.0, 16.0)]
    assert np.all(np.diff(climb) > 0)


def fit_warns_no_estimate(X, y, *match):
    with pytest.warns(NoFiniteEstimateWarning) as rec:
        res = glmlib.fit(X, y, "poisson")
    assert len(rec) == 1
    message = str(rec[0].message)
    assert message.startswith("poisson: no finite estimate exists: ")
    for part in match:
        assert part in message
    assert rec[0].filename == __file__  # points at the caller's line
    assert not res.converged and not res.estimate_exists
    assert res.existence is not None and not res.existence.exists
    # Not silent, and not NaN either: "very large", finite numbers.
    assert np.all(np.isfinite(res.coef)) and np.isfinite(res.loglik)
    return res


def statsmodels_poisson(X, y):
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=1e-13, maxiter=300)
    assert ref.converged
    return ref


def fits_silently_like_statsmodels(X, y):
    found = finite_estimate_exists(X, y, "poisson")
    assert found.exists and bool(found)
    assert found.rows.size == 0 and found.direction is None
    res = glmlib.fit(X, y, "poisson")  # warnings are errors in this suite
    assert res.converged and res.estimate_exists
    ref = statsmodels_poisson(X, y)
    np.testing.assert_allclose(res.coef, ref.params, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(res.deviance, ref.deviance, rtol=1e-7, atol=1e-9)
    return res


# --------------------------------------------------------------------------
# counts without an estimate


def test_all_counts_zero():
    y = np.zeros(N)
    res = fit_warns_no_estimate(X, y, "every count is 0")
    found = finite_estimate_exists(X, y, "poisson")
    assert not found.exists and not bool(found)
    assert "every count is 0" in found.reason
    np.testing.assert_array_equal(found.rows, np.arange(N))
    assert_no_estimate_along(X, y, found)
    # The fit went the way the check says: every fitted mean near 0.
    assert np.all(res.predict(X) < 1e-6)


def test_lone_count_at_the_largest_spend():
    y = np.zeros(N)
    y[-1] = 3.0  # spend is sorted: the last hour has the largest spend
    assert SPEND[-1] == SPEND.max()
    fit_warns_no_estimate(X, y, f"all {N - 1} rows with a count of 0", "rows 0, 1")
    found = finite_estimate_exists(X, y, "poisson")
    assert not found.exists
    np.testing.assert_array_equal(found.rows, np.arange(N - 1))
    assert found.direction[1] > 0  # a steeper slope, a lower intercept
    assert_no_estimate_along(X, y, found)


def test_dummy_level_with_only_zero_counts():
    """A level of a categorical feature whose hours all saw no customer."""
    level = np.zeros(N)
    members = np.array([3, 11, 19, 27, 35])
    level[members] = 1.0
    Xd = np.column_stack([X, level])
    y = CUSTOMERS.copy()
    y[members] = 0.0
    assert np.sum(y[level == 0] > 0) > 10  # the rest of the data is ordinary
    fit_warns_no_estimate(Xd, y, "rows 3, 11, 19, 27 and 35")
    found = finite_estimate_exists(Xd, y, "poisson")
    assert not found.exists
    np.testing.assert_array_equal(found.rows, members)
    # Only the dummy's coefficient runs off, toward minus infinity.
    np.testing.assert_allclose(found.direction, [0.0, 0.0, -1.0], atol=1e-9)
    assert_no_estimate_along(Xd, y, found)


def test_gradient_ascent_on_data_without_an_estimate_warns_too():
    y = np.zeros(N)
    y[-1] = 3.0
    Z = np.column_stack([np.ones(N), (SPEND - SPEND.mean()) / SPEND.std()])
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = glmlib.fit(Z, y, "poisson", method="gradient", max_iter=2000)
    kinds = {type(w.message) for w in rec}
    assert NoFiniteEstimateWarning in kinds
    assert not res.converged and not res.estimate_exists


# --------------------------------------------------------------------------
# just inside: an estimate exists, the fit is silent and equals statsmodels


def test_lone_count_with_one_zero_beyond_it():
    y = np.zeros(N)
    y[-2] = 3.0  # one hour with more spend and no customer keeps the slope finite
    fits_silently_like_statsmodels(X, y)


def test_lone_count_in_the_middle():
    y = np.zeros(N)
    y[N // 2] = 1.0
    fits_silently_like_statsmodels(X, y)


def test_dummy_level_with_one_positive_count():
    level = np.zeros(N)
    members = np.array([3, 11, 19, 27, 35])
    level[members] = 1.0
    y = CUSTOMERS.copy()
    y[members] = [0.0, 0.0, 1.0, 0.0, 0.0]
    fits_silently_like_statsmodels(np.column_stack([X, level]), y)


def test_all_zero_counts_without_an_intercept():
    """All counts 0 are not enough on their own: with no column of one sign,
    every direction raises some fitted mean, and the best is finite."""
    x = SPEND - 4.0
    Xn = x[:, None]
    y = np.zeros(N)
    assert finite_estimate_exists(Xn, y, "poisson").exists
    res = glmlib.fit(Xn, y, "poisson")  # silent: warnings are errors here
    assert res.converged and res.estimate_exists
    # The log-likelihood -sum e^(theta x) peaks where sum x e^(theta x) = 0
    # (statsmodels cannot start from all-zero counts, so solve that directly).
    root = optimize.brentq(lambda t: np.sum(x * np.exp(t * x)), -10.0, 10.0, xtol=1e-14)
    np.testing.assert_allclose(res.coef[0], root, rtol=1e-8)


def test_shop_data_never_reach_the_linear_program(monkeypatch):
    """The common path is cheap: the rows with a positive count fix both
    coefficients, so no linear program runs (the lab refits on every drag)."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the linear program ran on data that did not need it")

    monkeypatch.setattr(glmlib.existence, "max_support", forbidden)
    res = glmlib.fit(X, CUSTOMERS, "poisson")
    assert res.converged and res.estimate_exists
    assert finite_estimate_exists(X, CUSTOMERS).exists


# --------------------------------------------------------------------------
# an independent rule for one feature and an intercept


def one_feature_rule(x, y):
    """With an intercept and one feature, an estimate exists exactly when the
    positive counts sit at two or more values of x, or at one value x_m with
    zero counts on both sides of it."""
    at = np.unique(x[y > 0])
    if at.size >= 2:
        return True
    if at.size == 0:
        return False
    zeros = x[y == 0]
    return bool(np.any(zeros < at[0]) and np.any(zeros > at[0]))


@PROPERTY
@given(
    x=st.lists(st.integers(-3, 3), min_size=3, max_size=9),
    counts=st.lists(st.sampled_from([0, 0, 0, 0, 1, 4]), min_size=9, max_size=9),
)
def test_check_agrees_with_the_one_feature_rule(x, counts):
    x = np.asarray(x, dtype=float)
    if np.unique(x).size < 2:
        return  # X would not have full rank
    y = np.asarray(counts[: x.size], dtype=float)
    Xo = np.column_stack([np.ones_like(x), x])
    found = finite_estimate_exists(Xo, y, "poisson")
    assert found.exists == one_feature_rule(x, y)
    if not found.exists:
        assert_no_estimate_along(Xo, y, found)


# --------------------------------------------------------------------------
# one warning family for both kinds, and the other families


def test_one_filter_covers_separation_and_counts():
    assert issubclass(PerfectSeparationWarning, NoFiniteEstimateWarning)
    assert issubclass(NoFiniteEstimateWarning, glmlib.GLMWarning)
    assert not issubclass(NoFiniteEstimateWarning, ConvergenceWarning)
    x = np.linspace(-2, 2, 20)
    Xs = np.column_stack([np.ones(20), x])
    with warnings.catch_warnings():
        warnings.simplefilter("error", NoFiniteEstimateWarning)
        with pytest.raises(NoFiniteEstimateWarning):
            glmlib.fit(Xs, (x > 0).astype(float), "bernoulli")
        with pytest.raises(NoFiniteEstimateWarning):
            glmlib.fit(Xs, np.zeros(20), "poisson")


def test_separated_classes_are_not_converged():
    x = np.linspace(-2, 2, 20)
    Xs = np.column_stack([np.ones(20), x])
    y = (x > 0).astype(float)
    with pytest.warns(PerfectSeparationWarning, match="no finite estimate exists"):
        res = glmlib.fit(Xs, y, "bernoulli")
    assert not res.converged and not res.estimate_exists
    found = finite_estimate_exists(Xs, y, "bernoulli")
    assert not found.exists and "separated" in found.reason
    # The direction separates: every row's linear predictor moves toward its outcome.
    move = Xs @ found.direction
    assert np.all(np.where(y == 1, move >= 0, move <= 0))
    np.testing.assert_array_equal(found.rows, np.arange(20))


def test_separated_categories_direction_has_the_shape_of_theta():
    x = np.linspace(-2, 2, 21)
    Xs = np.column_stack([np.ones_like(x), x])
    labels = np.digitize(x, [-0.7, 0.7]).astype(float)
    found = finite_estimate_exists(Xs, labels, "categorical")
    assert not found.exists
    assert found.direction.shape == (2, 2)
    # theta_0 = 0: each row's own class gains on every other along the direction.
    scores = np.column_stack([np.zeros_like(x), Xs @ found.direction])
    own = scores[np.arange(x.size), labels.astype(int)]
    assert np.all(own[:, None] >= scores - 1e-9)


@pytest.mark.parametrize(
    ("family", "link"),
    [
        ("gamma", None),
        ("gamma", "log"),
        ("exponential", None),
        ("gaussian", None),
        ("poisson", "identity"),
        ("poisson", "sqrt"),
    ],
)
def test_families_whose_estimate_always_exists(family, link):
    y = np.where(CUSTOMERS > 0, CUSTOMERS, 0.5) if family != "poisson" else CUSTOMERS
    y = np.zeros(N) if family == "poisson" and link == "sqrt" else y
    found = finite_estimate_exists(X, y, family, link=link)
    assert found.exists


def test_no_check_for_the_gaussian_log_link():
    with pytest.raises(ValueError, match=r"^gaussian: .*no existence check.*'log'"):
        finite_estimate_exists(X, CUSTOMERS, "gaussian", link="log")


def test_check_validates_its_input_like_fit():
    with pytest.raises(ValueError, match=r"^poisson: .*y\[2\]"):
        finite_estimate_exists(X, np.r_[0.0, 1.0, -1.0, np.ones(N - 3)], "poisson")
    with pytest.raises(ValueError, match=r"^poisson: .*linearly dependent"):
        finite_estimate_exists(np.column_stack([X, X[:, 1]]), CUSTOMERS, "poisson")
