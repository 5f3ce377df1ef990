"""The course's data sets and the one standardized design matrix (glmlib.data).

The loaders are exercised by every chapter's tests and notebooks; here are
the promises of ``standardized_design`` that no notebook shows: every way of
passing features gives the same matrix, and a feature that never varies is
refused by name instead of turned into a column of NaN.
"""

import subprocess
import sys

import numpy as np
import pytest

from glmlib.data import (
    shop_hours,
    spector_grades,
    standardized_design,
    three_classes,
)


def test_each_feature_gets_mean_0_and_spread_1_beside_the_intercept(rng):
    features = rng.normal(5.0, 3.0, size=(30, 3))
    X = standardized_design(features)
    assert X.shape == (30, 4)
    np.testing.assert_array_equal(X[:, 0], 1.0)
    np.testing.assert_allclose(X[:, 1:].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X[:, 1:].std(axis=0), 1.0)
    # the rescaling keeps each feature's order and spacing
    z = (features[:, 1] - features[:, 1].mean()) / features[:, 1].std()
    np.testing.assert_allclose(X[:, 2], z)


def test_columns_one_by_one_or_as_a_block_give_one_matrix(rng):
    features = rng.uniform(0.0, 10.0, size=(12, 2))
    block = standardized_design(features)
    np.testing.assert_array_equal(
        block, standardized_design(features[:, 0], features[:, 1])
    )
    np.testing.assert_array_equal(
        block, standardized_design(features[:, :1], features[:, 1])
    )


@pytest.mark.parametrize(
    "columns, named",
    [
        ((np.ones(5),), "feature 1 of 1"),
        ((np.arange(5.0), np.full(5, 0.1)), "feature 2 of 2"),  # 0.1 has no exact mean
        ((np.column_stack([np.arange(4.0), np.full(4, -3.0)]),), "feature 2 of 2"),
        ((np.array([7.0]),), "feature 1 of 1"),  # one row: nothing varies
    ],
)
def test_a_feature_that_never_varies_is_refused_by_name(columns, named):
    with pytest.raises(ValueError, match=f"{named} is constant"):
        standardized_design(*columns)


@pytest.mark.parametrize(
    "columns, words",
    [
        ((), "at least one feature"),
        ((np.arange(4.0), np.arange(5.0)), "one value per row"),
        ((np.array([1.0, np.nan, 3.0]),), "finite"),
        ((np.zeros((2, 2, 2)),), "1-D columns or 2-D blocks"),
    ],
)
def test_other_bad_input_is_refused_in_words(columns, words):
    with pytest.raises(ValueError, match=words):
        standardized_design(*columns)


def test_the_seeded_data_sets_are_the_same_on_every_call():
    for load in (shop_hours, three_classes):
        first, second = load(), load()
        for a, b in zip(first, second, strict=True):
            np.testing.assert_array_equal(a, b)


def test_the_statsmodels_data_sets_load_with_their_names():
    features, grade, names = spector_grades()
    assert features.shape == (32, 3) and names == ("GPA", "TUCE", "PSI")
    assert set(np.unique(grade)) == {0.0, 1.0}


def test_importing_the_data_module_loads_no_statsmodels():
    # statsmodels is imported inside the two loaders that need it
    probe = "import sys, glmlib.data; print('statsmodels' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"
