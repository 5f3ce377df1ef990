"""How the learner's answer is compared with the expected one (chapters 0-9).

``compare(exercise, expected, got, warned)`` reads what the function
returned as numbers (one value, or one per ``exercise.outputs``), and says
in a ``Difference`` whether it is right and, if not, what differs first:
a value that is not a number, the number of values, the shape, a NaN or an
infinity, or the values themselves. It names no slip; ``hints`` does that
from the ``Difference``. ``same`` is the looser test a hint uses to say
"this is what mistake M gives".
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from .feedback import describe_returned, format_value, one_value

#: Tolerances for "right": tight enough to catch a wrong formula, loose
#: enough for a different but sound order of floating-point operations.
RTOL = 1e-7
ATOL = 1e-10
#: Tolerances for "this is what mistake M gives".
MATCH_RTOL = 1e-6
MATCH_ATOL = 1e-9

_ORDINALS = ("first", "second", "third", "fourth", "fifth")


@dataclass
class Difference:
    """Whether an answer is right, and if not, what differs first.

    ``kind`` is "right", "unreadable" (a value that is not a number, or the
    wrong number of values; ``reason`` says which), "shape", "non_finite",
    "value", or "numerics" (right values reached through an overflow the
    exercise forbids). For the last four, ``index`` is the returned value
    concerned, ``expected`` and ``got`` its arrays (``got`` reshaped to one
    number when it holds one), ``got_returned`` as returned, ``at`` the first
    differing entry, and ``expected_all``/``got_all`` every value (tuples
    for an exercise that returns several).
    """

    kind: str
    problem: str = ""
    reason: str = ""
    index: int = 0
    expected: object = None
    got: object = None
    got_returned: object = None
    expected_all: object = None
    got_all: object = None
    at: tuple | None = None
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return self.kind == "right"


def same(got, predicted):
    """Do two answers agree (same shape, close values)? NaN never counts as a match.

    Tuples are compared value by value. At least one entry must be finite
    and equal, so a prediction that is NaN everywhere matches nothing.
    """
    if isinstance(predicted, tuple):
        return (
            isinstance(got, tuple)
            and len(got) == len(predicted)
            and all(same(g, p) for g, p in zip(got, predicted, strict=True))
        )
    if isinstance(got, tuple):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = np.asarray(got, dtype=float)
            predicted = np.asarray(predicted, dtype=float)
    except (TypeError, ValueError):
        return False
    if got.shape != predicted.shape:
        return False
    close = np.isclose(got, predicted, rtol=MATCH_RTOL, atol=MATCH_ATOL)
    both_nan = np.isnan(got) & np.isnan(predicted)
    return bool(np.all(close | both_nan) and np.any(close & np.isfinite(got)))


def compare(exercise, expected, got, warned):
    """The ``Difference`` between the answer ``got`` and ``expected``.

    ``warned`` lists the warnings the learner's function raised, as
    "Category: message".
    """
    if exercise.outputs:
        parts, unreadable = _split_outputs(exercise, got)
        if unreadable is not None:
            return unreadable
        expected_parts = list(expected)
    else:
        parts, expected_parts = [got], [expected]
    converted, notes = [], []
    for index, part in enumerate(parts):
        arr, what, reason, note = _to_array(part)
        if what:
            if exercise.outputs:
                problem = f"{subject(exercise, index)} is {what}, not a number."
            else:
                problem = f"Your function returned {what}."
            return Difference("unreadable", problem, reason=reason, index=index)
        if note:
            notes.append(note)
        converted.append(arr)
    exp_arrays = [np.asarray(e, dtype=float) for e in expected_parts]
    exp_all = tuple(exp_arrays) if exercise.outputs else exp_arrays[0]
    got_all = tuple(converted) if exercise.outputs else converted[0]
    for index, (exp, got_part) in enumerate(zip(exp_arrays, converted, strict=True)):
        difference = _compare_one(exercise, index, exp, got_part, warned)
        notes += difference.notes
        if not difference.ok:
            difference.expected_all, difference.got_all = exp_all, got_all
            return difference
    if exercise.strict_numerics:
        numeric = [w for w in warned if "overflow" in w or "invalid value" in w]
        if numeric:
            return Difference(
                "numerics",
                "The values are right, but numpy warned: " + "; ".join(numeric),
            )
    return Difference("right", notes=notes, expected_all=exp_all, got_all=got_all)


def subject(exercise, index):
    """How the feedback names the answer (or one of the answers) it talks about."""
    if not exercise.outputs:
        return "Your answer"
    name, about = exercise.outputs[index]
    return f"Your `{name}` ({about}, the {_ORDINALS[index]} value returned)"


def _split_outputs(exercise, got):
    k = len(exercise.outputs)
    if got is None:
        return None, Difference(
            "unreadable", "Your function returned None.", reason="no_values"
        )
    if isinstance(got, (tuple, list)) or (
        isinstance(got, np.ndarray) and got.ndim >= 1
    ):
        if len(got) == k:
            return list(got), None
        return None, Difference(
            "unreadable",
            f"Your function returned {len(got)} value(s); the task asks for {k}.",
            reason="value_count",
        )
    return None, Difference(
        "unreadable",
        f"Your function returned one value, {one_value(got)}; the task asks for {k}.",
        reason="value_count",
    )


def _to_array(value):
    """(array, what, reason, note): ``value`` as floats, or what it is instead."""
    if value is None:
        return None, "None", "none", None
    if isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "b"
    ):
        return None, f"True/False values ({format_value(value)})", "truth_values", None
    if isinstance(value, (str, bytes, dict, set, frozenset)) or callable(value):
        reason = "function" if callable(value) else "not_numbers"
        return None, describe_returned(value), reason, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value)
            if arr.dtype.kind == "c":
                return None, "complex numbers", "complex", None
            arr = arr.astype(float)
    except Exception as err:  # __array__ or __float__ of any object may raise
        return (
            None,
            f"{describe_returned(value)}, which numpy cannot read as numbers "
            f"({type(err).__name__}: {err})",
            "unreadable",
            None,
        )
    note = None
    if isinstance(value, (list, tuple)):
        note = (
            f"You returned a Python {type(value).__name__}; numpy reads it as an "
            "array, so that is fine here."
        )
    return arr, None, None, note


def _compare_one(exercise, index, expected, got, warned):
    about = subject(exercise, index)
    difference = Difference(
        "", index=index, expected=expected, got=got, got_returned=got
    )
    if got.shape != expected.shape:
        if got.size == 1 and expected.size == 1:
            difference.notes.append(
                f"You returned an array of shape {got.shape} holding one number; "
                "that counts as the number."
            )
            got = difference.got = got.reshape(expected.shape)
        else:
            difference.kind = "shape"
            difference.problem = (
                f"{about} has the wrong shape: expected {shape_words(expected)}, "
                f"got {shape_words(got)}."
            )
            return difference

    close = np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    if close.all():
        return Difference("right", notes=difference.notes)

    difference.at = tuple(int(i) for i in np.argwhere(~close)[0])
    bad_finite = ~np.isfinite(got) & np.isfinite(expected)
    if bad_finite.any():
        kind = "NaN" if np.isnan(got[bad_finite]).any() else "an infinite value"
        difference.kind = "non_finite"
        difference.problem = (
            f"{about} holds {kind} where the answer is a finite number."
        )
        numeric = [w for w in warned if "RuntimeWarning" in w]
        if numeric:
            difference.notes.append("numpy warned: " + "; ".join(numeric))
        return difference
    difference.kind = "value"
    difference.problem = f"{about} differs from the expected value."
    return difference


def shape_words(arr):
    """ "one number", or "shape (n, p)"."""
    if arr.ndim == 0:
        return "one number"
    return f"shape {arr.shape}"
