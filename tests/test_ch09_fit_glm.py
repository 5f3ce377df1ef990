"""Chapter 9's ``fit_glm``, loaded from the notebook, keeps the issue's contract.

The notebook ``notebooks/09_connections_and_cheat_sheet.ipynb`` defines, in
one code cell, ``fit_glm(X, y, family, learning_rate=..., max_iter=...)``:
numpy and scipy.special only, X used as given, and with its own defaults it
must reach the maximum-likelihood theta to 1e-4 relative for "gaussian",
"bernoulli" and "poisson", and never return inf or NaN. That holds on
standardized features and on features as learners bring them: raw years
(1990-2020), incomes in dollars, a feature near 10^6, features a thousand
times apart. It never stops quietly away from the maximum: whenever it
returns without a warning the score is zero there.

These tests read the notebook's JSON, run that one cell in a fresh namespace
and check the function against references computed another way: glmlib's
Newton fit, statsmodels, and the first-order condition X^T (y - h) = 0 written
out here. The data are drawn here from fixed seeds. Warnings are errors
(pyproject), so an overflow inside fit_glm fails a test.
"""

import ast
import inspect
import json
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit

import glmlib
from glmlib.data import design_matrix, shop_hours

NOTEBOOK = (
    Path(__file__).resolve().parents[1]
    / "notebooks"
    / "09_connections_and_cheat_sheet.ipynb"
)
FAMILIES = ("gaussian", "bernoulli", "poisson")
ALLOWED_IMPORTS = {"numpy", "scipy.special", "warnings"}


def fit_glm_cell():
    """The source of the one code cell that defines ``fit_glm``."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    sources = [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    ]
    defining = [s for s in sources if "def fit_glm(" in s]
    assert len(defining) == 1, "exactly one code cell should define fit_glm"
    return defining[0]


@pytest.fixture(scope="module")
def fit_glm():
    namespace = {}
    exec(compile(fit_glm_cell(), str(NOTEBOOK), "exec"), namespace)
    return namespace["fit_glm"]


def standardized_problem(family, seed, n=None, p=None):
    """A few hundred rows, up to 5 standardized, correlated features and an intercept."""
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(150, 500))
    p = p or int(rng.integers(1, 6))
    mixing = rng.normal(size=(p, p))
    Z = rng.normal(size=(n, p)) @ mixing + rng.normal(size=(n, p))
    Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    X = np.column_stack([np.ones(n), Z])
    theta = rng.normal(scale=0.6, size=p + 1)
    eta = X @ theta
    if family == "poisson":
        eta += 1.5 - eta.mean()  # a few counts per row on average
    y = glmlib.get_family(family).sample(eta, rng)
    if family == "gaussian":
        y = 20.0 * y + 100.0  # a target far from 0, on its own scale
    return X, y


def first_order_residual(X, y, family, theta):
    """max |X^T (y - h(X theta))| / n, the averaged score, written out here."""
    eta = X @ theta
    mean = {"gaussian": eta, "bernoulli": expit(eta), "poisson": np.exp(eta)}[family]
    return np.max(np.abs(X.T @ (y - mean))) / len(y)


@contextmanager
def allowing_no_convergence():
    """Allow, without demanding, fit_glm's warning that it ran out of steps."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="fit_glm: no convergence")
        yield


def naive_loop(X, y, response, alpha, n_steps):
    """The cheat-sheet loop: summed gradient, fixed step, no checks."""
    theta = np.zeros(X.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps):
            theta = theta + alpha * X.T @ (y - response(X @ theta))
    return theta


# --- the contract's shape ---------------------------------------------------


def test_the_cell_imports_numpy_and_scipy_special_only():
    tree = ast.parse(fit_glm_cell())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS
    assert "glmlib" not in fit_glm_cell()


def test_signature_is_the_contract(fit_glm):
    parameters = inspect.signature(fit_glm).parameters
    assert list(parameters) == ["X", "y", "family", "learning_rate", "max_iter"]
    assert parameters["learning_rate"].default is not inspect.Parameter.empty
    assert parameters["max_iter"].default is not inspect.Parameter.empty


@pytest.mark.parametrize("family", FAMILIES)
def test_x_is_used_as_given(fit_glm, family):
    X, y = standardized_problem(family, seed=3, p=2)
    before = X.copy()
    theta = fit_glm(X[:, 1:], y if family != "gaussian" else y - y.mean(), family)
    assert theta.shape == (2,)  # no intercept column added
    np.testing.assert_array_equal(X, before)


# --- it reaches the maximum --------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("family", FAMILIES)
def test_reaches_newtons_theta_on_standardized_features(fit_glm, family, seed):
    X, y = standardized_problem(family, seed)
    theta = fit_glm(X, y, family)
    newton = glmlib.fit(X, y, family=family).coef
    assert theta.shape == (X.shape[1],)
    assert np.all(np.isfinite(theta))
    np.testing.assert_allclose(theta, newton, rtol=1e-4, atol=1e-10)
    # ... and independently of glmlib: the score vanishes there.
    assert first_order_residual(X, y, family, theta) < 1e-8


@pytest.mark.parametrize("family", FAMILIES)
def test_agrees_with_statsmodels(fit_glm, family):
    sm = pytest.importorskip("statsmodels.api")
    sm_family = {
        "gaussian": sm.families.Gaussian(),
        "bernoulli": sm.families.Binomial(),
        "poisson": sm.families.Poisson(),
    }[family]
    X, y = standardized_problem(family, seed=11, n=300, p=5)
    reference = sm.GLM(y, X, family=sm_family).fit().params
    np.testing.assert_allclose(fit_glm(X, y, family), reference, rtol=1e-4)


# --- raw features, as learners bring them -------------------------------------


def raw_feature_cases():
    """(name, X, y, family): features in their own units, an intercept column."""
    rng = np.random.default_rng(2024)
    years = np.arange(1990.0, 2021.0)
    yield (
        "raw years, counts",
        np.column_stack([np.ones_like(years), years]),
        rng.poisson(np.exp(-120.0 + 0.061 * years)).astype(float),
        "poisson",
    )
    n = 300
    income = rng.uniform(20_000.0, 200_000.0, n)
    yield (
        "incomes in dollars, yes/no",
        np.column_stack([np.ones(n), income]),
        (rng.random(n) < expit(-3.0 + 3e-5 * income)).astype(float),
        "bernoulli",
    )
    near_million = 1e6 + rng.normal(0.0, 1000.0, n)
    yield (
        "a feature near 1e6, counts",
        np.column_stack([np.ones(n), near_million]),
        rng.poisson(np.exp(1.0 + 5e-4 * (near_million - 1e6))).astype(float),
        "poisson",
    )
    small, large = rng.normal(0.0, 1.0, n), rng.normal(0.0, 1000.0, n)
    both = np.column_stack([np.ones(n), small, large])
    yield (
        "features 1000 times apart, amounts",
        both,
        2.0 + 0.5 * small + 0.002 * large + rng.normal(0.0, 1.0, n),
        "gaussian",
    )
    yield (
        "features 1000 times apart, yes/no",
        both,
        (rng.random(n) < expit(0.3 + 0.8 * small - 0.001 * large)).astype(float),
        "bernoulli",
    )


RAW = {case[0]: case[1:] for case in raw_feature_cases()}
SM_FAMILY = {"gaussian": "Gaussian", "bernoulli": "Binomial", "poisson": "Poisson"}


def statsmodels_theta(X, y, family):
    sm = pytest.importorskip("statsmodels.api")
    sm_family = getattr(sm.families, SM_FAMILY[family])()
    return sm.GLM(y, X, family=sm_family).fit(tol=1e-12, maxiter=200).params


@pytest.mark.parametrize("name", list(RAW))
def test_raw_features_reach_statsmodels(fit_glm, name):
    X, y, family = RAW[name]
    theta = fit_glm(X, y, family)  # silent: warnings are errors here
    np.testing.assert_allclose(theta, statsmodels_theta(X, y, family), rtol=1e-8)
    np.testing.assert_allclose(theta, glmlib.fit(X, y, family).coef, rtol=1e-8)


@pytest.mark.parametrize("name", list(RAW))
def test_it_never_stops_quietly_away_from_the_maximum(fit_glm, name):
    """However few steps it is allowed, it either warns or is at the maximum."""
    X, y, family = RAW[name]
    best = statsmodels_theta(X, y, family)
    for max_iter in (1, 2, 3, 5, 10, 30, 100):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            theta = fit_glm(X, y, family, max_iter=max_iter)
        if not caught:
            np.testing.assert_allclose(theta, best, rtol=1e-8)
        else:
            (warning,) = caught
            assert str(warning.message).startswith("fit_glm: no convergence")
            assert f"max_iter={max_iter}" in str(warning.message)


@pytest.mark.parametrize("learning_rate", [1e-14, 1e-9, 1e-3])
@pytest.mark.parametrize("name", list(RAW))
def test_small_steps_are_not_taken_for_the_maximum(fit_glm, name, learning_rate):
    """A learning rate far below 1 makes every step tiny, far from the maximum:
    the loop must go on (and warn when it runs out), not stop because the
    steps are small. The old loop's rule did stop there, quietly."""
    X, y, family = RAW[name]
    best = statsmodels_theta(X, y, family)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        theta = fit_glm(X, y, family, learning_rate=learning_rate, max_iter=200)
    if not caught:
        np.testing.assert_allclose(theta, best, rtol=1e-8)
    else:
        assert str(caught[0].message).startswith("fit_glm: no convergence")
    if learning_rate < 1e-6:  # 200 such steps cannot get there
        assert caught


@pytest.mark.parametrize("name", list(RAW))
def test_changing_the_units_of_a_feature_rescales_its_coefficient(fit_glm, name):
    X, y, family = RAW[name]
    units = np.ones(X.shape[1])
    units[1:] = 1e-3  # thousands of dollars, kiloyears, ...
    np.testing.assert_allclose(
        fit_glm(X * units, y, family) * units, fit_glm(X, y, family), rtol=1e-8
    )


def test_without_an_intercept_the_features_are_scaled_but_not_centred(fit_glm):
    # centring would change the model when no column of ones takes up the shift
    X, y, family = RAW["a feature near 1e6, counts"]
    theta = fit_glm(X[:, 1:], y, family)
    np.testing.assert_allclose(theta, statsmodels_theta(X[:, 1:], y, family), rtol=1e-8)


# --- where the naive loop fails ----------------------------------------------


def test_the_shop_sinks_the_naive_loop_but_not_fit_glm(fit_glm):
    spend, customers = shop_hours()
    X = design_matrix(spend)  # raw spend, as a learner would pass it
    naive = naive_loop(X, customers, np.exp, alpha=0.01, n_steps=3000)
    # the numbers: finite, absurd, and every prediction is zero customers
    assert np.all(np.isfinite(naive))
    assert naive[0] == pytest.approx(-3.46e38, rel=0.01)
    assert naive[1] == pytest.approx(-3.35e39, rel=0.01)
    assert np.all(np.exp(X @ naive) == 0)

    theta = fit_glm(X, customers, "poisson")
    newton = glmlib.fit(X, customers, family="poisson").coef
    np.testing.assert_allclose(theta, newton, rtol=1e-6)
    assert first_order_residual(X, customers, "poisson", theta) < 1e-8


def test_a_summed_fixed_step_overflows_linear_regression_but_not_fit_glm(fit_glm):
    X, y = standardized_problem("gaussian", seed=5, n=400, p=3)
    # alpha times the largest eigenvalue of X^T X is far above 2: every step
    # multiplies the error, until the numbers leave the floats.
    assert 0.01 * np.linalg.eigvalsh(X.T @ X)[-1] > 2
    naive = naive_loop(X, y, lambda eta: eta, alpha=0.01, n_steps=3000)
    assert not np.all(np.isfinite(naive))
    theta = fit_glm(X, y, "gaussian")
    np.testing.assert_allclose(theta, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-6)


def test_counts_far_from_one_overflow_a_trial_step_quietly(fit_glm):
    # At theta = 0 every mean is 1 while the counts are near 50,000: the first
    # trial steps overshoot until e^eta overflows. They must be rejected
    # without a warning (warnings are errors here) and the fit must arrive.
    X, _ = standardized_problem("poisson", seed=7, n=200, p=2)
    rng = np.random.default_rng(7)
    counts = rng.poisson(np.exp(10.8 + 0.3 * X[:, 1] - 0.2 * X[:, 2])).astype(float)
    with np.errstate(over="raise"):
        with pytest.raises(FloatingPointError):
            np.exp(
                X @ (X.T @ (counts - 1.0) / len(counts))
            )  # what one naive step meets
    theta = fit_glm(X, counts, "poisson")
    newton = glmlib.fit(X, counts, family="poisson").coef
    np.testing.assert_allclose(theta, newton, rtol=1e-6)


def test_linear_scores_past_709_do_not_trouble_the_sigmoid(fit_glm):
    # One feature with a far outlier: at the fit its linear score is beyond
    # -709, where 1 / (1 + exp(-eta)) overflows.
    rng = np.random.default_rng(8)
    x = rng.normal(size=300)
    x[0] = -1500.0
    X = np.column_stack([np.ones_like(x), x])
    y = (rng.random(300) < expit(0.3 + 1.2 * x)).astype(float)
    theta = fit_glm(X, y, "bernoulli")
    newton = glmlib.fit(X, y, family="bernoulli").coef
    np.testing.assert_allclose(theta, newton, rtol=1e-4)
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        1 / (1 + np.exp(-(X @ theta)))


# --- never inf or NaN --------------------------------------------------------


def test_separated_classes_give_a_finite_theta_and_a_warning(fit_glm):
    x = np.linspace(-2, 2, 120)
    X = np.column_stack([np.ones_like(x), x])
    y = (x > 0.1).astype(float)  # no maximum-likelihood theta exists
    with pytest.warns(UserWarning, match="no convergence"):
        theta = fit_glm(X, y, "bernoulli", max_iter=3000)
    assert np.all(np.isfinite(theta))
    assert theta[1] > 10  # the slope heads for infinity, but stays a number


def test_all_zero_counts_give_a_finite_theta(fit_glm):
    X, _ = standardized_problem("poisson", seed=9, n=100, p=2)
    with allowing_no_convergence():
        theta = fit_glm(X, np.zeros(100), "poisson", max_iter=3000)
    assert np.all(np.isfinite(theta))
    assert np.all(np.exp(X @ theta) < 1e-6)  # predicts (almost) no counts


@pytest.mark.parametrize("learning_rate", [1e-3, 0.5, 1.0, 1.99])
@pytest.mark.parametrize("family", FAMILIES)
def test_any_allowed_learning_rate_stays_finite_and_climbs(
    fit_glm, family, learning_rate
):
    X, y = standardized_problem(family, seed=21, n=200, p=3)
    fam = glmlib.get_family(family)
    with allowing_no_convergence():
        theta = fit_glm(X, y, family, learning_rate=learning_rate, max_iter=200)
    assert np.all(np.isfinite(theta))
    start = fam.loglik(y, np.zeros(len(y))).sum()
    assert fam.loglik(y, X @ theta).sum() >= start


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"family": "gamma"}, "family must be one of"),
        ({"family": "poisson", "learning_rate": 0.0}, "learning_rate"),
        ({"family": "poisson", "learning_rate": 2.5}, "learning_rate"),
    ],
)
def test_bad_settings_are_named(fit_glm, kwargs, message):
    X, y = standardized_problem("poisson", seed=1, n=50, p=1)
    with pytest.raises(ValueError, match=message):
        fit_glm(X, y, **kwargs)


def test_non_finite_data_are_refused(fit_glm):
    X, y = standardized_problem("gaussian", seed=1, n=50, p=1)
    y[3] = np.nan
    with pytest.raises(ValueError, match="finite"):
        fit_glm(X, y, "gaussian")
