"""Running the learner's function safely on an exercise's inputs (chapters 0-9).

``run(exercise, func)`` checks that ``func`` is a function that takes the
exercise's arguments, calls it on a copy of every input with its warnings
recorded, and hands each answer to ``compare``, each slip to ``hints`` and
the outcomes to ``feedback``. Nothing the learner's function does may crash
the check: it may return ``None``, text, a list, the wrong shape, NaN, or
raise; each becomes a sentence in the feedback. The learner's warnings are
recorded, not shown.
"""

import copy
import inspect
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import hints
from .compare import compare
from .feedback import (
    Outcome,
    check_result,
    describe_returned,
    format_value,
    shown_answers,
)


def run(exercise, func):
    """Check ``func`` against ``exercise``; always returns a ``CheckResult``."""
    problem = _not_callable(exercise, func) or _wrong_arguments(exercise, func)
    if problem is not None:
        return check_result(exercise, [problem], total=len(exercise.cases))
    calls = [_call(exercise, func, case) for case in exercise.cases]
    outcomes = [
        _outcome(exercise, func, number, call, calls)
        for number, call in enumerate(calls, start=1)
    ]
    return check_result(exercise, outcomes, total=len(exercise.cases))


@dataclass
class _Call:
    """One call of the learner's function: what it returned or raised, and its traces."""

    case: object
    expected: object
    got: object = None
    error: BaseException | None = None
    warned: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    difference: object = None


def _not_callable(exercise, func):
    use = f'exercises.check("{exercise.name}", {exercise.function_name})'
    if func is None:
        return Outcome(
            False,
            problem="You passed None, not a function.",
            hint=f"Run the cell that defines `{exercise.function_name}` first, then pass "
            f"the function itself: `{use}`.",
            stop=True,
        )
    if callable(func):
        return None
    if isinstance(func, str):
        return Outcome(
            False,
            problem=f"You passed the text {format_value(func)}, not a function.",
            hint=f"Pass the function's name without quotes: `{use}`.",
            stop=True,
        )
    return Outcome(
        False,
        problem=f"You passed a value, {format_value(func)} ({type(func).__name__}), "
        "not a function.",
        hint=f"Pass the function itself without calling it: `{use}`, not "
        f"`{exercise.function_name}(...)`.",
        stop=True,
    )


def _wrong_arguments(exercise, func):
    try:
        signature = inspect.signature(func)
    except Exception:
        return None  # a builtin without a signature: the call will tell
    case = exercise.cases[0]
    try:
        signature.bind(*case.args.values())
    except TypeError:
        wanted = list(case.args)
        return Outcome(
            False,
            problem=f"The check calls your function with {len(wanted)} argument(s), "
            f"`{exercise.function_name}({', '.join(wanted)})`, but yours is "
            f"`{getattr(func, '__name__', 'function')}{signature}`.",
            hint=f"Define it as `def {exercise.signature}:`, with the arguments in "
            "that order.",
            stop=True,
        )
    return None


def _call(exercise, func, case):
    """Call ``func`` on a copy of ``case``'s arguments and compare its answer.

    Whatever the function does (raises, even ``SystemExit``, changes numpy's
    error settings, returns an object that cannot be read) is recorded, not
    passed on; only a ``KeyboardInterrupt`` stops the check.
    """
    call = _Call(case, exercise.expected(**copy.deepcopy(case.args)))
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught, np.errstate():
        warnings.simplefilter("always")
        try:
            call.got = func(*args.values())
        except KeyboardInterrupt:
            raise
        except BaseException as err:
            call.error = err
            return call
    try:
        call.warned = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
        call.changed = [
            name
            for name in case.args
            if isinstance(case.args[name], np.ndarray)
            and not _identical(args[name], case.args[name])
        ]
        call.difference = compare(exercise, call.expected, call.got, call.warned)
    except KeyboardInterrupt:
        raise
    except BaseException as err:
        call.error = _Unreadable(err)
    return call


class _Unreadable(Exception):
    """Reading the learner's answer (or its warnings) raised ``cause``."""

    def __init__(self, cause):
        super().__init__(_error_text(cause))
        self.cause = cause


def _outcome(exercise, func, number, call, calls):
    """The ``Outcome`` at input ``number``, with the hint for what went wrong."""
    if isinstance(call.error, _Unreadable):
        outcome = Outcome(
            False,
            problem=f"Your function returned {describe_returned(call.got)}, which the "
            f"check could not read ({call.error}).",
            hint=hints.for_unreadable(exercise, "unreadable"),
        )
    elif call.error is not None:
        return _raised(exercise, func, number, call.case, call.error)
    else:
        outcome = _judge(exercise, call, calls)
    outcome.case_number, outcome.case = number, call.case
    if call.changed and outcome.ok:
        outcome.ok = False
        outcome.problem = (
            f"The value is right, but your function changed its argument "
            f"`{call.changed[0]}` in place."
        )
        outcome.hint = hints.CHANGED_IN_PLACE
    elif call.changed:
        outcome.notes.append(
            f"Your function also changed its argument `{call.changed[0]}` in place."
        )
    return outcome


def _judge(exercise, call, calls):
    """The ``Outcome`` of one answer: what ``compare`` found and the hint for it."""
    difference = call.difference
    if difference.ok:
        return Outcome(True, notes=difference.notes)
    others = _readable_answers(calls, call, difference.index)
    outcome = Outcome(
        False,
        problem=difference.problem,
        hint=hints.for_difference(exercise, call.case, difference, call.warned, others),
        notes=difference.notes,
    )
    if difference.kind in ("shape", "non_finite", "value"):
        outcome.expected, outcome.got = shown_answers(
            difference.expected, difference.got_returned, difference.at
        )
    return outcome


def _readable_answers(calls, this, index):
    """(namespace, expected, got) of value ``index`` at the other inputs.

    Only answers that could be read, have the expected shape and are
    finite count: those a general hint may compare with.
    """
    readable = []
    for call in calls:
        difference = call.difference
        if call is this or difference is None or difference.got_all is None:
            continue
        if difference.kind not in ("right", "value"):
            continue
        expected, got = difference.expected_all, difference.got_all
        if isinstance(expected, tuple):
            expected, got = expected[index], got[index]
        if got.shape == expected.shape and np.isfinite(got).all():
            readable.append((call.case.namespace(), expected, got))
    return readable


def _identical(after, before):
    try:
        return after.shape == before.shape and bool(
            np.all((after == before) | (np.isnan(after) & np.isnan(before)))
        )
    except (TypeError, ValueError, AttributeError):
        return False


def _error_text(err):
    """The exception as "Type: message", or its type alone when it has no message."""
    try:
        message = str(err)
    except Exception:
        message = ""
    text = f"{type(err).__name__}: {message}" if message else type(err).__name__
    return text if len(text) <= 220 else text[:217] + "..."


def _raised(exercise, func, number, case, err):
    error_text = _error_text(err)
    line = _learner_line(func, err)
    outcome = Outcome(False, case_number=number, case=case)
    if isinstance(err, NotImplementedError):
        outcome.problem = (
            "Not started yet: your function raised NotImplementedError, the "
            "starter's placeholder."
        )
        outcome.hint = hints.NOT_STARTED
        outcome.stop = True
        return outcome
    outcome.problem = f"Your function raised {error_text}"
    if line:
        outcome.problem += f"\nin the line: {line}"
    outcome.hint = hints.for_raised(exercise, error_text, line)
    return outcome


def _learner_line(func, err):
    """The source line of the learner's code where ``err`` was raised, if known."""
    code = getattr(func, "__code__", None)
    frames = traceback.extract_tb(err.__traceback__)
    own = [f for f in frames if code is not None and f.filename == code.co_filename]
    chosen = own[-1] if own else (frames[-1] if len(frames) > 1 else None)
    if chosen is None or chosen.filename == __file__:
        return ""
    return (chosen.line or "").strip()
