"""How the course writes numbers (glmlib.course.formatting), checked digit by digit.

Every number a learner reads passes through these functions, so each
promise is pinned with the exact text: a true minus sign, no "-0.000", no
"nan", powers of ten in superscripts.
"""

import math

import numpy as np
import pytest

import glmlib
from glmlib.course.formatting import (
    FAMILY_LABELS,
    MINUS,
    capitalised,
    format_number,
    format_tuple,
    latex_number,
    power_of_ten,
    readable_number,
    scientific,
    scientific_tuple,
    superscript,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-3.4635e38, "−3.5 \u00d7 10³⁸"),
        (2.19e-4, "2.2 \u00d7 10⁻⁴"),
        (0.0015, "0.0015"),
        (0.01, "0.010"),
        (161.0, "161"),
        (9.99e5, "1.0 \u00d7 10⁶"),
        (0.0, "0"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
    ],
)
def test_scientific_writes_any_size(value, text):
    assert scientific(value) == text


def test_scientific_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        scientific(math.nan)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.8470, 3, "0.847"),
        (-0.0004, 3, "0.000"),  # no minus on a number shown as zero
        (-2.5, 1, MINUS + "2.5"),
        (math.inf, 2, "\u221e"),
        (-math.inf, 2, MINUS + "\u221e"),
    ],
)
def test_format_number_writes_fixed_decimals_and_a_true_minus(value, decimals, text):
    assert format_number(value, decimals) == text


def test_latex_number_is_the_same_number_in_latex():
    assert latex_number(-2.5, 1) == "-2.5"
    assert latex_number(-math.inf) == r"-\infty"


def test_format_number_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        format_number(math.nan)


def test_vectors_are_written_in_brackets_entry_by_entry():
    assert format_tuple(np.array([0.98339, -0.36201])) == f"(0.983, {MINUS}0.362)"
    assert format_tuple([1.5, -0.0001], 1) == "(1.5, 0.0)"
    assert scientific_tuple([-3.4635e38, 1.21]) == f"({MINUS}3.46 \u00d7 10³⁸, 1.21)"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1e-9, "10⁻⁹"), (1e-12, "10⁻¹²"), (1.0, "1"), (1e4, "10⁴"), (1e308, "10³⁰⁸")],
)
def test_powers_of_ten_are_written_with_superscripts(value, text):
    assert power_of_ten(value) == text


def test_power_of_ten_refuses_other_numbers():
    with pytest.raises(ValueError, match="not a power of ten"):
        power_of_ten(2e-9)


def test_superscript_digits_carry_their_sign():
    assert superscript(-12) == "⁻¹²"
    assert superscript(308) == "³⁰⁸"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.4357, "1.44"),
        (99999.0, "99999.00"),
        (1.2345e15, "1.23 \u00d7 10¹⁵"),
        (-4.2e7, MINUS + "4.20 \u00d7 10⁷"),
        (math.inf, "\u221e"),
    ],
)
def test_readable_number_keeps_its_decimals_until_a_number_is_too_large(value, text):
    assert readable_number(value) == text


def test_a_label_starts_with_the_familys_own_name_capitalised():
    for name, family in glmlib.FAMILIES.items():
        assert FAMILY_LABELS[name] == capitalised(family.display_name)
    assert FAMILY_LABELS["gamma"] == "Gamma" and glmlib.Gamma.display_name == "gamma"
    assert capitalised("gamma fitted with the log link") == (
        "Gamma fitted with the log link"
    )
    assert capitalised("") == ""
