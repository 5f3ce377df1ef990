"""Bad input and untrustworthy fits: what ``glmlib.fit`` says about them.

Bad input is a ``ValueError`` raised by glmlib itself, whose message starts
with the family's name and says what is wrong: the offending value and
where it is. Fits that ran but should not be trusted warn: the iteration
limit (``ConvergenceWarning``, converged=False), gradient ascent running
away (``DivergenceWarning``, with advice to lower the learning rate) and
perfectly separated classes (``PerfectSeparationWarning``, a kind of
``NoFiniteEstimateWarning``: converged=False, estimate_exists=False; the
counts' version is in test_existence.py).
"""

import re
import warnings

import numpy as np
import pytest

import glmlib
from glmlib import (
    Bernoulli,
    Binomial,
    Categorical,
    ConvergenceWarning,
    DivergenceWarning,
    PerfectSeparationWarning,
)

N = 8
X = np.column_stack([np.ones(N), np.linspace(-1.0, 1.0, N)])
GOOD_Y = {
    "gaussian": np.linspace(-1.0, 2.0, N),
    "bernoulli": np.array([0, 1, 0, 0, 1, 1, 0, 1], dtype=float),
    "binomial": np.array([0, 1, 2, 3, 1, 2, 3, 0], dtype=float),
    "poisson": np.array([0, 1, 2, 5, 1, 0, 3, 4], dtype=float),
    "gamma": np.linspace(0.5, 3.0, N),
    "exponential": np.linspace(0.5, 3.0, N),
    "categorical": np.array([0, 1, 2, 0, 1, 2, 0, 1], dtype=float),
}
FAMILY_ARG = {
    "binomial": Binomial(trials=3),
}


def family(name):
    return FAMILY_ARG.get(name, name)


def raises(fam_name, *parts):
    """pytest.raises for a ValueError starting with the family's name and
    containing each of ``parts`` literally."""
    pattern = (
        "^"
        + re.escape(f"{fam_name}: ")
        + "".join(f"(?=.*{re.escape(p)})" for p in parts)
    )
    return pytest.raises(ValueError, match=re.compile(pattern, re.DOTALL))


def test_good_data_fits_without_complaint():
    """The baseline of every case below: the same data, unbroken, fit silently."""
    for name, y in GOOD_Y.items():
        res = glmlib.fit(X, y, family(name))
        assert res.converged


# --------------------------------------------------------------------------
# y outside the family's support


OUTSIDE = [
    ("bernoulli", 2.0, "0 or 1"),
    ("bernoulli", 0.5, "0 or 1"),
    ("bernoulli", -1.0, "0 or 1"),
    ("binomial", 4.0, "from 0 to 3"),
    ("binomial", 1.5, "from 0 to 3"),
    ("poisson", -1.0, "whole numbers >= 0"),
    ("poisson", 2.5, "whole numbers >= 0"),
    ("gamma", 0.0, "positive"),
    ("gamma", -3.0, "positive"),
    ("exponential", -0.25, "positive"),
    ("categorical", -1.0, "class labels"),
    ("categorical", 1.5, "class labels"),
]


@pytest.mark.parametrize(("name", "bad", "support"), OUTSIDE)
def test_y_outside_support(name, bad, support):
    y = GOOD_Y[name].copy()
    y[5] = bad
    with raises(name, support, "y[5]", f"{bad:g}"):
        glmlib.fit(X, y, family(name))


def test_y_beyond_its_rows_trials():
    trials = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    y = np.array([0, 1, 2, 3, 6, 2, 0, 8], dtype=float)  # y[4] = 6 > 5 trials
    with raises("binomial", "y[4]", "6", "trials"):
        glmlib.fit(X, y, Binomial(trials=trials))


def test_categorical_label_beyond_n_classes():
    y = GOOD_Y["categorical"].copy()
    y[2] = 3.0
    with raises("categorical", "0 to 2", "y[2]", "3"):
        glmlib.fit(X, y, Categorical(n_classes=3))


def test_offending_value_reads_as_a_plain_number():
    y = GOOD_Y["bernoulli"].copy()
    y[3] = 2.0
    with pytest.raises(ValueError) as err:
        glmlib.fit(X, y, "bernoulli")
    assert "y[3] = 2.0 " in str(err.value) or "y[3] = 2 " in str(err.value)


# --------------------------------------------------------------------------
# NaN or infinity in X or y


@pytest.mark.parametrize("name", list(GOOD_Y))
@pytest.mark.parametrize(
    ("value", "kind"), [(np.nan, "NaN"), (np.inf, "infinite"), (-np.inf, "infinite")]
)
def test_non_finite_y(name, value, kind):
    y = GOOD_Y[name].copy()
    y[6] = value
    with raises(name, kind, "y[6]"):
        glmlib.fit(X, y, family(name))


@pytest.mark.parametrize("name", list(GOOD_Y))
@pytest.mark.parametrize(("value", "kind"), [(np.nan, "NaN"), (-np.inf, "infinite")])
def test_non_finite_X(name, value, kind):
    Xbad = X.copy()
    Xbad[3, 1] = value
    with raises(name, kind, "X[3, 1]"):
        glmlib.fit(Xbad, GOOD_Y[name], family(name))


def test_non_numeric_X():
    with raises("poisson", "X", "numeric"):
        glmlib.fit([["a", "b"]] * N, GOOD_Y["poisson"], "poisson")


# --------------------------------------------------------------------------
# shapes that disagree, and empty data


@pytest.mark.parametrize("name", list(GOOD_Y))
def test_rows_disagree(name):
    with raises(name, "8 rows", "7 values"):
        glmlib.fit(X, GOOD_Y[name][:7], family(name))


def test_X_must_be_two_dimensional():
    with raises("poisson", "X", "2-D", "(8,)", "reshape(-1, 1)"):
        glmlib.fit(X[:, 1], GOOD_Y["poisson"], "poisson")


def test_y_must_be_one_dimensional():
    with raises("gaussian", "y", "1-D", "(8, 1)"):
        glmlib.fit(X, GOOD_Y["gaussian"][:, None], "gaussian")


def test_trials_disagree_with_y():
    with raises("binomial", "trials", "(3,)", "(8,)"):
        glmlib.fit(X, GOOD_Y["bernoulli"], Binomial(trials=[1, 2, 3]))


@pytest.mark.parametrize("name", list(GOOD_Y))
def test_empty_data(name):
    with raises(name, "no data"):
        glmlib.fit(np.empty((0, 2)), np.empty(0), family(name))


def test_no_columns():
    with raises("gaussian", "no columns"):
        glmlib.fit(np.empty((N, 0)), GOOD_Y["gaussian"], "gaussian")


def test_dependent_columns():
    Xdup = np.column_stack([X, 2 * X[:, 1]])
    with raises("poisson", "linearly dependent", "[2]"):
        glmlib.fit(Xdup, GOOD_Y["poisson"], "poisson")


def test_categorical_missing_class():
    y = np.array([0, 2, 0, 2, 0, 2, 2, 0], dtype=float)
    with raises("categorical", "class 1", "never occurs"):
        glmlib.fit(X, y, "categorical")


# --------------------------------------------------------------------------
# unknown family, link not offered, bad method, learning rate, iteration limit


@pytest.mark.parametrize("bad", ["poison", "normal", "", 3, None])
def test_unknown_family_lists_the_valid_names(bad):
    with pytest.raises(ValueError, match=re.escape(f"unknown family {bad!r}")) as err:
        glmlib.fit(X, GOOD_Y["gaussian"], bad)
    for name in glmlib.FAMILIES:
        assert repr(name) in str(err.value)


@pytest.mark.parametrize(
    ("name", "link"),
    [
        ("poisson", "logit"),
        ("bernoulli", "log"),
        ("gaussian", "probit"),
        ("gamma", "sqrt"),
    ],
)
def test_link_not_offered(name, link):
    fam = glmlib.get_family(name)
    offered = [repr(n) for n in fam.link_names]
    with raises(name, repr(link), "not offered", *offered):
        glmlib.fit(X, GOOD_Y[name], name, link=link)


@pytest.mark.parametrize("method", ["sgd", "Newton", "", None])
def test_bad_method(method):
    with raises("bernoulli", f"method {method!r}", "'newton'", "'gradient'"):
        glmlib.fit(X, GOOD_Y["bernoulli"], "bernoulli", method=method)


@pytest.mark.parametrize("rate", [0, -0.1, np.nan, np.inf, "0.1", True])
def test_bad_learning_rate(rate):
    with raises("poisson", "learning_rate", repr(rate)):
        glmlib.fit(
            X, GOOD_Y["poisson"], "poisson", method="gradient", learning_rate=rate
        )


def test_learning_rate_with_newton():
    with raises("poisson", "learning_rate", "gradient"):
        glmlib.fit(X, GOOD_Y["poisson"], "poisson", learning_rate=0.1)


@pytest.mark.parametrize("max_iter", [0, -5, 2.5, 10.0, True, "100"])
@pytest.mark.parametrize("method", ["newton", "gradient"])
def test_bad_max_iter(max_iter, method):
    with raises("gaussian", "max_iter", repr(max_iter)):
        glmlib.fit(X, GOOD_Y["gaussian"], "gaussian", method=method, max_iter=max_iter)


@pytest.mark.parametrize(
    ("start", "parts"),
    [
        (np.zeros(3), ("start", "shape (2,)", "(3,)")),
        (np.zeros((2, 1)), ("start", "shape (2,)", "(2, 1)")),
        (np.array([np.nan, 0.0]), ("start", "NaN", "start[0]")),
        (["a", "b"], ("start", "numeric")),
    ],
)
@pytest.mark.parametrize("method", ["newton", "gradient"])
def test_bad_start(start, parts, method):
    with raises("poisson", *parts):
        glmlib.fit(X, GOOD_Y["poisson"], "poisson", method=method, start=start)


def test_categorical_start_shape():
    with raises("categorical", "start", "shape (2, 2)", "(2,)"):
        glmlib.fit(X, GOOD_Y["categorical"], "categorical", start=np.zeros(2))


@pytest.mark.parametrize("tol", [0, -1e-8, np.nan])
def test_bad_tol(tol):
    with raises("gaussian", "tol", repr(tol)):
        glmlib.fit(X, GOOD_Y["gaussian"], "gaussian", tol=tol)


# --------------------------------------------------------------------------
# the iteration limit


def poisson_data(rng, n=60):
    Xp = np.column_stack([np.ones(n), rng.normal(size=n)])
    return Xp, rng.poisson(np.exp(1.0 + 0.5 * Xp[:, 1])).astype(float)


@pytest.mark.parametrize(
    ("method", "max_iter"), [("newton", 1), ("newton", 2), ("gradient", 5)]
)
def test_iteration_limit_warns_and_says_not_converged(method, max_iter, rng):
    Xp, y = poisson_data(rng)
    with pytest.warns(
        ConvergenceWarning, match=rf"^poisson: .*max_iter={max_iter}"
    ) as rec:
        res = glmlib.fit(Xp, y, "poisson", method=method, max_iter=max_iter)
    assert not any(isinstance(w.message, DivergenceWarning) for w in rec)
    assert not res.converged
    assert not res.diverged
    assert res.n_iter == max_iter
    assert np.all(np.isfinite(res.coef))
    # The warning points at the caller's line, not inside glmlib.
    assert rec[0].filename == __file__
    # ... and the same data, given room, converges: the warning was the limit's.
    assert glmlib.fit(Xp, y, "poisson", method=method).converged


def test_iteration_limit_of_categorical_newton(rng):
    n = 60
    Xc = np.column_stack([np.ones(n), rng.normal(size=n)])
    y = Categorical(n_classes=3).sample(Xc @ np.array([[0.2, -0.3], [1.0, 0.5]]), rng)
    with pytest.warns(ConvergenceWarning, match="^categorical: "):
        res = glmlib.fit(Xc, y, "categorical", max_iter=1)
    assert not res.converged


# --------------------------------------------------------------------------
# gradient ascent that diverges


@pytest.mark.parametrize(
    ("name", "rate"), [("gaussian", 5.0), ("poisson", 10.0), ("bernoulli", 100.0)]
)
def test_divergent_gradient_ascent_stops_and_says_so(name, rate, rng):
    n = 60
    Xd = np.column_stack([np.ones(n), 3 * rng.normal(size=n)])
    y = {
        "gaussian": Xd @ [1.0, 0.5] + rng.normal(size=n),
        "poisson": rng.poisson(np.exp(0.5 + 0.2 * Xd[:, 1])).astype(float),
        "bernoulli": (rng.random(n) < 0.5).astype(float),
    }[name]
    with pytest.warns(DivergenceWarning, match=rf"^{name}: .*diverged") as rec:
        res = glmlib.fit(
            Xd, y, name, method="gradient", learning_rate=rate, max_iter=500
        )
    message = str(rec[0].message)
    assert "smaller learning_rate" in message
    assert f"learning_rate={rate:g}" in message
    assert rec[0].filename == __file__
    assert res.diverged and not res.converged
    assert res.n_iter < 500
    # It stopped at the last good coefficients: finite, no worse than the start.
    assert np.all(np.isfinite(res.coef))
    assert np.isfinite(res.loglik) and res.loglik >= res.history[0]
    # A smaller learning rate (the advice) converges on the same data.
    calm = glmlib.fit(
        Xd, y, name, method="gradient", learning_rate=rate / 1000, max_iter=200_000
    )
    assert calm.converged and not calm.diverged


# --------------------------------------------------------------------------
# perfect separation


SEP_X = np.linspace(-2.0, 2.0, 20)
SEP_Y = (SEP_X > 0).astype(float)


def separated_design(x):
    return np.column_stack([np.ones_like(x), x])


@pytest.mark.parametrize("link", [None, "probit", "cloglog"])
def test_perfect_separation_warns_and_stays_finite(link):
    Xs = separated_design(SEP_X)
    with pytest.warns(
        PerfectSeparationWarning, match=r"^bernoulli: .*separated"
    ) as rec:
        res = glmlib.fit(Xs, SEP_Y, "bernoulli", link=link)
    assert rec[0].filename == __file__
    assert "infinite" in str(rec[0].message)
    assert not res.converged and not res.estimate_exists
    # Not silent, and not a NaN or an overflow either.
    assert np.all(np.isfinite(res.coef))
    assert np.isfinite(res.loglik) and np.isfinite(res.deviance)
    assert np.all(np.isfinite(res.history))
    p = res.predict(Xs)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    # The fit separates: every row on its own side, log-likelihood near its sup, 0.
    assert np.all((p > 0.5) == (SEP_Y == 1))
    assert -1e-3 < res.loglik <= 0


def test_quasi_separation_warns():
    x = SEP_X.copy()
    x[9] = x[10] = 0.0  # one 0 and one 1 share x = 0; the rest are separated
    with pytest.warns(PerfectSeparationWarning, match=r"^bernoulli: "):
        res = glmlib.fit(separated_design(x), SEP_Y, "bernoulli")
    assert np.all(np.isfinite(res.coef))


def test_separation_found_by_gradient_ascent_too():
    Xs = separated_design(SEP_X)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        res = glmlib.fit(Xs, SEP_Y, "bernoulli", method="gradient", max_iter=500)
    kinds = {type(w.message) for w in rec}
    assert PerfectSeparationWarning in kinds
    assert np.all(np.isfinite(res.coef))


def test_separated_binomial_and_categorical_warn():
    Xs = separated_design(SEP_X)
    with pytest.warns(PerfectSeparationWarning, match=r"^binomial: "):
        glmlib.fit(Xs, 4 * SEP_Y, Binomial(trials=4))
    labels = np.digitize(SEP_X, [-0.7, 0.7]).astype(float)
    with pytest.warns(PerfectSeparationWarning, match=r"^categorical: "):
        glmlib.fit(Xs, labels, "categorical")


def test_overlapping_classes_do_not_warn(rng):
    """The warning is about separation, not about every logistic fit."""
    x = rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(-2 * x))).astype(float)
    res = glmlib.fit(separated_design(x), y, Bernoulli())
    assert res.converged


@pytest.mark.parametrize(
    ("name", "link"),
    [("poisson", "identity"), ("poisson", "sqrt"), ("gamma", "identity")],
)
@pytest.mark.parametrize("method", ["newton", "gradient"])
def test_a_link_no_coefficients_can_keep_in_range_is_named(name, link, method):
    """No intercept and a feature of both signs: no theta keeps every mean
    positive under a straight-line link. The only ValueError for data in the
    support, and it says why."""
    x = np.linspace(-2.0, 2.0, 9)
    with raises(name, f"link '{link}'", "no coefficients keep", "X @ theta > 0"):
        glmlib.fit(x[:, None], np.ones(9), name, method=method, link=link)


@pytest.mark.parametrize("name", ["poisson", "gamma"])
def test_a_straight_line_link_fits_when_some_coefficients_keep_it_in_range(name):
    """The same link with an intercept: the fit starts inside and converges."""
    x = np.linspace(-2.0, 2.0, 9)
    X = np.column_stack([np.ones(9), x])
    y = 3.0 + np.round(x) if name == "poisson" else 3.0 + 0.5 * x
    res = glmlib.fit(X, y, name, link="identity")
    assert res.converged and np.all(res.predict(X) > 0)
