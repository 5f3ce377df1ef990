"""How ``glmlib.exercises.check`` judges a learner's function (chapters 0-9).

An ``Exercise`` is plain data: a task, a starter stub, a reference solution,
a function that computes the expected answer with glmlib, the inputs to try
(``Case``) and the typical mistakes it can recognise (``Mistake``).
``run(exercise, func)`` calls ``func`` on every input and returns a
``CheckResult`` whose message says, for the first input that goes wrong,
what was expected, what came back and -- where a known mistake explains
the difference -- why.

Nothing the learner's function does may crash the check: it may return
``None``, text, a list, the wrong shape, NaN, or raise; each becomes a
sentence in the feedback. The learner's warnings are recorded, not shown.
"""

import copy
import html
import inspect
import re
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

#: Tolerances for "right": tight enough to catch a wrong formula, loose
#: enough for a different but sound order of floating-point operations.
RTOL = 1e-7
ATOL = 1e-10
#: Tolerances for "this is what mistake M gives".
MATCH_RTOL = 1e-6
MATCH_ATOL = 1e-9
#: Verdict colours: the Okabe-Ito green and vermillion of the course's
#: palette (glmlib.ui.style, not imported here: it loads matplotlib). The
#: verdict is always written in words and a glyph as well.
PASS_COLOUR = "#009E73"
FAIL_COLOUR = "#D55E00"
PASS_GLYPH = "\u2713"
FAIL_GLYPH = "\u2717"
_SHOW_ELEMENTS = 12
_EXPECTED = "  expected: "
_GOT = "  got:      "


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments by name, in order.

    ``shown`` replaces how an argument is printed (a long array gets a short
    description); ``extreme`` marks inputs chosen to test the numerics, where
    an overflow hint applies. Used by every exercise (chapters 0-9).
    """

    args: dict
    shown: dict = field(default_factory=dict)
    extreme: bool = False

    def lines(self):
        """``name = value`` for each argument, as the feedback shows them."""
        return [
            f"{name} = "
            + (self.shown.get(name) or format_value(value, prefix=f"    {name} = "))
            for name, value in self.args.items()
        ]

    def namespace(self):
        """The arguments as attributes, plus ``n``, the number of rows of X or y."""
        ns = SimpleNamespace(**self.args)
        for key in ("X", "y"):
            value = self.args.get(key)
            if isinstance(value, np.ndarray) and value.ndim >= 1:
                ns.n = value.shape[0]
                break
        else:
            ns.n = None
        return ns


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint it earns (chapters 0-9).

    ``test(a, expected, got)`` says whether ``got`` is what this mistake
    produces; ``a`` holds the case's arguments (and ``a.n``), ``expected``
    and ``got`` are float arrays, or tuples of them for exercises that
    return several values, and ``part`` says which of those values the
    mistake is about (None: any). ``hint`` is a string, formatted with the
    case's arguments, or a function of ``a``.
    """

    hint: object
    test: object
    part: int | None = None

    def applies(self, a, expected, got):
        """True if ``got`` is what this mistake gives; False if the test fails."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return bool(self.test(a, expected, got))
        except Exception:
            return False

    def text(self, a):
        """The hint, filled in for this case."""
        if callable(self.hint):
            return self.hint(a)
        return self.hint.format(**vars(a))


def gives(predict, hint, part=None):
    """A ``Mistake`` recognised by what it returns: ``predict(a, expected)``.

    With ``part``, only that one of the returned values is compared.
    """
    if part is None:
        return Mistake(hint, lambda a, expected, got: same(got, predict(a, expected)))
    return Mistake(
        hint, lambda a, expected, got: same(got[part], predict(a, expected)), part
    )


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


@dataclass(frozen=True)
class RaiseHint:
    """A hint for an exception whose type, message or line matches ``pattern``.

    ``pattern`` is a regular expression searched in "Type: message" and in
    the line of the learner's code that raised (chapters 0-9).
    """

    pattern: str
    hint: str

    def matches(self, error_text, line):
        return bool(
            re.search(self.pattern, error_text, re.IGNORECASE)
            or (line and re.search(self.pattern, line, re.IGNORECASE))
        )


@dataclass(frozen=True)
class Exercise:
    """One coding exercise (chapters 0-9); see the module docstring.

    ``expected(**args)`` computes the right answer with glmlib; ``solution``
    is the reference a teaching assistant shows, written with numpy and scipy
    as a learner would; ``stub`` is the starter code (after ``imports``).
    ``outputs`` names the values of an exercise that returns a tuple, each
    with a description. ``strict_numerics`` makes an overflow warning a
    failure even when the values come out right.
    """

    name: str
    chapter: int
    title: str
    task: str
    imports: str
    stub: str
    solution: object
    expected: object
    cases: tuple
    why: str
    mistakes: tuple = ()
    raise_hints: tuple = ()
    overflow_hint: str = ""
    strict_numerics: bool = False
    outputs: tuple = ()

    @property
    def function_name(self):
        """The name the task asks the learner's function to have."""
        return self.solution.__name__

    @property
    def signature(self):
        """``name(arg, ...)``: how the check calls the learner's function."""
        return f"{self.function_name}{inspect.signature(self.solution)}"


@dataclass(eq=False)
class CheckResult:
    """What ``exercises.check`` found (chapters 0-9).

    ``passed`` and ``message`` (plain text) are the contract; ``html`` is the
    same feedback for a notebook. ``case_number`` is the 1-based number of
    the first input that went wrong, ``case_text`` how that input was shown,
    ``hint`` the hint given (empty when none applied).
    """

    name: str
    passed: bool
    message: str
    html: str = field(repr=False)
    hint: str = field(default="", repr=False)
    case_number: int | None = field(default=None, repr=False)
    case_text: str = field(default="", repr=False)
    right: int = field(default=0, repr=False)
    total: int = field(default=0, repr=False)
    _shown_in: object = field(default=None, repr=False, compare=False)

    def mimebundle(self):
        """The feedback as a MIME bundle: text for any front end, HTML for notebooks."""
        return {"text/plain": self.message, "text/html": self.html}

    def _ipython_display_(self):
        # ``check`` has already shown the feedback in this cell; showing the
        # returned object as the cell's value would repeat it.
        from IPython import get_ipython
        from IPython.display import display

        shell = get_ipython()
        count = getattr(shell, "execution_count", None)
        if self._shown_in is not None and self._shown_in == count:
            return
        display(self.mimebundle(), raw=True)


# --------------------------------------------------------------------------
# showing values


def _number(value):
    """One float in at most 10 significant digits, still visibly a float ("2.0")."""
    text = f"{value:.10g}"
    if re.fullmatch(r"-?\d+", text):
        text += ".0"
    return text


def format_value(value, code=True, prefix=""):
    """A short, deterministic text for an argument (``code``) or an answer.

    Arguments are written as Python code a learner can paste,
    ``np.array([0.5, -0.2])``; answers as bare numbers, ``[0.5, -0.2]``.
    ``prefix`` is the text printed before the value on its line, so that
    the rows of a table line up under the first.
    """
    if isinstance(value, tuple):
        return "(" + ", ".join(format_value(v, code) for v in value) + ")"
    if isinstance(value, (np.ndarray, float, int, np.number)) and not isinstance(
        value, bool
    ):
        arr = np.asarray(value)
        if arr.dtype.kind in "iuf":
            if arr.ndim == 0:
                return _number(float(arr)) if arr.dtype.kind == "f" else str(arr)
            opening = "np.array(" if code else ""
            text = np.array2string(
                arr,
                prefix=prefix + opening,
                separator=", ",
                threshold=_SHOW_ELEMENTS * 2,
                edgeitems=3,
                max_line_width=78,
                formatter={"float_kind": _number, "int_kind": str},
            )
            return f"{opening}{text})" if code else text
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    try:
        text = repr(value)
    except Exception:
        text = ""
    if not text or " at 0x" in text or len(text) > 60:
        return f"a {type(value).__name__}"
    return text


def _one_value(value):
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
        return format_value(value, False)
    return _describe_returned(value)


def _describe_returned(value):
    """What a function returned, in words, for values that are not numbers."""
    kind = type(value).__name__
    if isinstance(value, str):
        return f"the text {format_value(value)} (a str)"
    if callable(value):
        return f"a function ({kind}), not its value"
    return f"a {kind}"


# --------------------------------------------------------------------------
# running one exercise


def run(exercise, func):
    """Check ``func`` against ``exercise``; always returns a ``CheckResult``."""
    problem = _not_callable(exercise, func) or _wrong_arguments(exercise, func)
    if problem is not None:
        return _result(exercise, [problem], total=len(exercise.cases))
    outcomes = [
        _run_case(exercise, func, number, case)
        for number, case in enumerate(exercise.cases, start=1)
    ]
    return _result(exercise, outcomes, total=len(exercise.cases))


@dataclass
class _Outcome:
    ok: bool
    case_number: int | None = None
    case: Case | None = None
    problem: str = ""
    expected: str | None = None
    got: str | None = None
    hint: str = ""
    notes: list = field(default_factory=list)
    stop: bool = False  # the same problem would repeat at every input


def _not_callable(exercise, func):
    use = f'exercises.check("{exercise.name}", {exercise.function_name})'
    if func is None:
        return _Outcome(
            False,
            problem="You passed None, not a function.",
            hint=f"Run the cell that defines `{exercise.function_name}` first, then pass "
            f"the function itself: `{use}`.",
            stop=True,
        )
    if callable(func):
        return None
    if isinstance(func, str):
        return _Outcome(
            False,
            problem=f"You passed the text {format_value(func)}, not a function.",
            hint=f"Pass the function's name without quotes: `{use}`.",
            stop=True,
        )
    return _Outcome(
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
    except (TypeError, ValueError):
        return None  # a builtin without a signature: the call will tell
    case = exercise.cases[0]
    try:
        signature.bind(*case.args.values())
    except TypeError:
        wanted = list(case.args)
        return _Outcome(
            False,
            problem=f"The check calls your function with {len(wanted)} argument(s), "
            f"`{exercise.function_name}({', '.join(wanted)})`, but yours is "
            f"`{getattr(func, '__name__', 'function')}{signature}`.",
            hint=f"Define it as `def {exercise.signature}:`, with the arguments in "
            "that order.",
            stop=True,
        )
    return None


def _run_case(exercise, func, number, case):
    expected = exercise.expected(**copy.deepcopy(case.args))
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = func(*args.values())
        except Exception as err:
            return _raised(exercise, func, number, case, err)
    warned = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    outcome = _judge(exercise, case, expected, got, warned)
    outcome.case_number, outcome.case = number, case
    changed = [
        name
        for name in case.args
        if isinstance(case.args[name], np.ndarray)
        and not _identical(args[name], case.args[name])
    ]
    if changed and outcome.ok:
        outcome.ok = False
        outcome.problem = (
            f"The value is right, but your function changed its argument "
            f"`{changed[0]}` in place."
        )
        outcome.hint = (
            "Writing into an argument (`theta += ...`, `eta[mask] = ...` after "
            "`np.asarray`) also changes the caller's array, so a later step starts "
            "from altered data. Work on a new array: `theta = theta + ...`, or "
            "`np.array(eta, dtype=float)`, which copies."
        )
    elif changed:
        outcome.notes.append(
            f"Your function also changed its argument `{changed[0]}` in place."
        )
    return outcome


def _identical(after, before):
    try:
        return after.shape == before.shape and bool(
            np.all((after == before) | (np.isnan(after) & np.isnan(before)))
        )
    except (TypeError, ValueError, AttributeError):
        return False


def _raised(exercise, func, number, case, err):
    error_text = f"{type(err).__name__}: {err}"
    if len(error_text) > 220:
        error_text = error_text[:217] + "..."
    line = _learner_line(func, err)
    outcome = _Outcome(False, case_number=number, case=case)
    if isinstance(err, NotImplementedError):
        outcome.problem = (
            "Not started yet: your function raised NotImplementedError, the "
            "starter's placeholder."
        )
        outcome.hint = (
            "Replace the line `raise NotImplementedError(...)` with your code and "
            "`return` the answer."
        )
        outcome.stop = True
        return outcome
    outcome.problem = f"Your function raised {error_text}"
    if line:
        outcome.problem += f"\nin the line: {line}"
    for rule in (*exercise.raise_hints, *_GENERIC_RAISE_HINTS):
        if rule.matches(error_text, line):
            outcome.hint = rule.hint
            break
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


_GENERIC_RAISE_HINTS = (
    RaiseHint(
        r"converted to Python scalars|only length-1 arrays",
        "A function from the `math` module takes one number at a time; the check "
        "passes whole arrays. Use numpy's versions (`np.exp`, `np.log`, ...), which "
        "work element by element.",
    ),
    RaiseHint(
        r"OverflowError",
        "`math.exp` (or `**` on a float) raises when the result passes about "
        "1.8e308, that is exp of anything above 709. Use a formula that never "
        "forms the huge number.",
    ),
    RaiseHint(
        r"matmul|not aligned|mismatch in its core dimension",
        "The matrix shapes do not line up. X has one row per example, shape (n, p); "
        "`X @ theta` needs theta of shape (p,), and a sum over the examples of "
        "(something) times x is `X.T @ something`, with the transpose.",
    ),
    RaiseHint(
        r"could not be broadcast",
        "Two arrays' shapes do not fit together. A sum over one axis drops that "
        "axis; pass `keepdims=True` to keep it, so the result lines up with the "
        "array you divide.",
    ),
    RaiseHint(
        r"AxisError|out of bounds for array of dimension",
        "A 1-D array has only axis 0. `axis=-1`, the last axis, works for a single "
        "row and for a table of rows alike.",
    ),
    RaiseHint(
        r"not subscriptable|has no attribute 'shape'|has no attribute 'ndim'",
        "Your function received a plain Python number and treated it as an array. "
        "Start with `x = np.asarray(x, dtype=float)`, which turns numbers, lists "
        "and arrays alike into a numpy array.",
    ),
    RaiseHint(
        r"NameError",
        "A name your function uses is not defined in the notebook: did you run "
        "the imports (`import numpy as np`, `from scipy import special`) or "
        "misspell a variable?",
    ),
    RaiseHint(
        r"ZeroDivisionError",
        "A Python number was divided by zero (numpy arrays give inf with a warning "
        "instead). Look at which denominator is 0 at this input.",
    ),
    RaiseHint(
        r"RecursionError",
        "Your function calls itself, over and over. Inside it, call numpy or "
        "scipy, not the function you are writing.",
    ),
    RaiseHint(
        r"only integer scalar arrays|cannot be interpreted as an integer",
        "Something expects whole numbers (an index, `range`, `math.factorial`) "
        "and received a float or an array.",
    ),
)


# --------------------------------------------------------------------------
# judging one answer


def _judge(exercise, case, expected, got, warned):
    a = case.namespace()
    if exercise.outputs:
        parts, outcome = _split_outputs(exercise, got)
        if outcome is not None:
            return outcome
        expected_parts = list(expected)
    else:
        parts, expected_parts = [got], [expected]
    converted, notes = [], []
    for index, part in enumerate(parts):
        arr, what, hint, note = _to_array(part)
        if what:
            if exercise.outputs:
                problem = f"{_subject(exercise, index)} is {what}, not a number."
            else:
                problem = f"Your function returned {what}."
            return _Outcome(False, problem=problem, hint=hint)
        if note:
            notes.append(note)
        converted.append(arr)
    exp_arrays = [np.asarray(e, dtype=float) for e in expected_parts]
    exp_all = tuple(exp_arrays) if exercise.outputs else exp_arrays[0]
    got_all = tuple(converted) if exercise.outputs else converted[0]
    for index, (exp, got_part) in enumerate(zip(exp_arrays, converted, strict=True)):
        outcome = _compare_one(
            exercise, case, a, index, exp, got_part, exp_all, got_all, warned
        )
        notes += outcome.notes
        if not outcome.ok:
            return outcome
    if exercise.strict_numerics:
        numeric = [w for w in warned if "overflow" in w or "invalid value" in w]
        if numeric:
            return _Outcome(
                False,
                problem="The values are right, but numpy warned: " + "; ".join(numeric),
                hint=exercise.overflow_hint,
            )
    return _Outcome(True, notes=notes)


def _subject(exercise, index):
    """How the feedback names the answer (or one of the answers) it talks about."""
    if not exercise.outputs:
        return "Your answer"
    name, about = exercise.outputs[index]
    return f"Your `{name}` ({about}, the {_ORDINALS[index]} value returned)"


_ORDINALS = ("first", "second", "third", "fourth", "fifth")


def _split_outputs(exercise, got):
    k = len(exercise.outputs)
    names = ", ".join(name for name, _ in exercise.outputs)
    if got is None:
        return None, _Outcome(
            False,
            problem="Your function returned None.",
            hint=f"End it with `return {names}`; a function without `return` gives None.",
        )
    if isinstance(got, (tuple, list)) or (
        isinstance(got, np.ndarray) and got.ndim >= 1
    ):
        if len(got) == k:
            return list(got), None
        return None, _Outcome(
            False,
            problem=f"Your function returned {len(got)} value(s); the task asks for {k}.",
            hint=f"Return them together, in this order: `return {names}`.",
        )
    return None, _Outcome(
        False,
        problem=f"Your function returned one value, {_one_value(got)}; the task "
        f"asks for {k}.",
        hint=f"Return them together, in this order: `return {names}`.",
    )


def _to_array(value):
    """(array, what, hint, note): ``value`` as floats, or what it is instead."""
    if value is None:
        return (
            None,
            "None",
            "A function without a `return` line gives None: end yours with "
            "`return` and the value it computed.",
            None,
        )
    if isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "b"
    ):
        return (
            None,
            f"True/False values ({format_value(value)})",
            "A comparison such as `x > 0` gives True or False; return the number itself.",
            None,
        )
    if isinstance(value, (str, bytes, dict, set, frozenset)) or callable(value):
        hint = "Return the number (or array of numbers) your function computed."
        if callable(value):
            hint = "Return the value the function gives, `f(x)`, not the function `f`."
        return None, _describe_returned(value), hint, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value)
            if arr.dtype.kind == "c":
                return (
                    None,
                    "complex numbers",
                    "A complex result comes from the square root or log of a negative "
                    "number in `cmath` or `np.emath`; the answer here is real.",
                    None,
                )
            arr = arr.astype(float)
    except (TypeError, ValueError) as err:
        return (
            None,
            f"{_describe_returned(value)}, which numpy cannot read as numbers "
            f"({type(err).__name__}: {err})",
            "Return a number or an array of numbers.",
            None,
        )
    note = None
    if isinstance(value, (list, tuple)):
        note = (
            f"You returned a Python {type(value).__name__}; numpy reads it as an "
            "array, so that is fine here."
        )
    return arr, None, None, note


def _compare_one(exercise, case, a, index, expected, got, exp_all, got_all, warned):
    subject = _subject(exercise, index)
    outcome = _Outcome(
        False,
        expected=format_value(expected, False, _EXPECTED),
        got=format_value(got, False, _GOT),
    )

    def specific():
        return _specific_hint(exercise, a, exp_all, got_all, index)

    if got.shape != expected.shape:
        if got.size == 1 and expected.size == 1:
            outcome.notes.append(
                f"You returned an array of shape {got.shape} holding one number; "
                "that counts as the number."
            )
            got = got.reshape(expected.shape)
        else:
            outcome.problem = (
                f"{subject} has the wrong shape: expected {_shape_words(expected)}, "
                f"got {_shape_words(got)}."
            )
            outcome.hint = specific() or _shape_hint(expected, got)
            return outcome

    close = np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    if close.all():
        return _Outcome(True, notes=outcome.notes)

    if expected.size > _SHOW_ELEMENTS:
        first = tuple(int(i) for i in np.argwhere(~close)[0])
        outcome.expected = f"{format_value(expected[first], False)} at index {first}"
        outcome.got = f"{format_value(got[first], False)} at index {first}"
    bad_finite = ~np.isfinite(got) & np.isfinite(expected)
    if bad_finite.any():
        kind = "NaN" if np.isnan(got[bad_finite]).any() else "an infinite value"
        outcome.problem = f"{subject} holds {kind} where the answer is a finite number."
        numeric = [w for w in warned if "RuntimeWarning" in w]
        if numeric:
            outcome.notes.append("numpy warned: " + "; ".join(numeric))
        overflow = any("overflow" in w for w in warned) or case.extreme
        outcome.hint = (
            specific()
            or (exercise.overflow_hint if overflow else "")
            or _non_finite_hint(warned)
        )
        return outcome
    outcome.problem = f"{subject} differs from the expected value."
    outcome.hint = specific() or _generic_hint(a, expected, got)
    return outcome


def _specific_hint(exercise, a, expected, got, index):
    for mistake in exercise.mistakes:
        if mistake.part not in (None, index):
            continue
        if mistake.applies(a, expected, got):
            return mistake.text(a)
    return ""


def _shape_words(arr):
    if arr.ndim == 0:
        return "one number"
    return f"shape {arr.shape}"


def _shape_hint(expected, got):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if got.size == expected.size:
            if got.ndim == 2 and got.shape[1] == 1 and expected.ndim == 1:
                return (
                    "You returned a column, shape (n, 1), where a flat array, shape "
                    "(n,), was expected. A column appears when theta or y is a column "
                    "or after `[:, None]`; keep 1-D arrays, or `.ravel()` the result."
                )
            if (
                got.ndim == 2
                and expected.ndim == 2
                and got.shape == expected.shape[::-1]
            ):
                return "Your array is the transpose of the answer: rows and columns swapped."
            if np.squeeze(got).shape == np.squeeze(expected).shape:
                return (
                    f"Your array has an extra axis of length 1, shape {got.shape}: a "
                    "list around an array (`[x]`) or a `[None, :]` does this. Return "
                    "the array itself."
                )
            return (
                f"Same number of entries, different layout: the answer has shape "
                f"{expected.shape}."
            )
        if expected.ndim == 0 and got.size > 1:
            if np.isclose(np.sum(got), expected, rtol=RTOL):
                return (
                    "You returned one term per example; the answer is their sum "
                    "(`np.sum(...)`)."
                )
            if np.isclose(np.mean(got), expected, rtol=RTOL):
                return (
                    "You returned one term per example; the answer is their mean "
                    "(`np.mean(...)`)."
                )
            return "The answer is a single number; your function returned an array."
        if got.size == 1 and expected.size > 1:
            if np.isclose(got.item(), np.sum(expected), rtol=RTOL):
                return (
                    "You added up the entries; the function should give one value per "
                    "entry of its input, computed element by element."
                )
            return (
                "The answer has one value per entry of the input, but your function "
                "returned a single number. Does it work on whole arrays (numpy "
                "functions, no `if` on an array, no `math.`)?"
            )
    if got.ndim > expected.ndim:
        return (
            "Your answer has more axes than expected. Mixing a column, shape (n, 1), "
            "with a flat array, shape (n,), broadcasts into an (n, n) table: keep "
            "vectors 1-D throughout."
        )
    return f"Check the shape of each step against the expected {expected.shape}."


def _non_finite_hint(warned):
    text = " ".join(warned)
    if "overflow" in text:
        return (
            "Some intermediate number grew past about 1.8e308 (exp of more than 709 "
            "does) and became inf. Rearrange the formula so the huge number is never "
            "formed."
        )
    if "divide by zero" in text:
        return "Something was divided by zero, or `log(0)` was taken, at this input."
    if "invalid value" in text:
        return (
            "An operation with no real answer happened: the log or square root of a "
            "negative number, 0/0, inf - inf or inf/inf."
        )
    return (
        "Look for a log of a non-positive number or a division by zero at this input."
    )


def _generic_hint(a, expected, got):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        nonzero = np.abs(expected) > 1e-12
        if (
            np.allclose(got, -expected, rtol=MATCH_RTOL, atol=MATCH_ATOL)
            and nonzero.any()
        ):
            return (
                "Your answer is minus the right one at every entry: a sign is flipped "
                "somewhere (y − h against h − y, or + against −)."
            )
        if nonzero.all():
            ratio = got / expected
            if np.allclose(ratio, ratio.flat[0], rtol=MATCH_RTOL):
                factor = float(ratio.flat[0])
                if a.n and np.isclose(factor, a.n):
                    return (
                        f"Your answer is n = {a.n} times the right one: a mean (a sum "
                        "divided by n) was expected, and the 1/n is missing."
                    )
                if a.n and np.isclose(factor, 1 / a.n):
                    return (
                        f"Your answer is the right one divided by n = {a.n}: a sum was "
                        "expected, not a mean."
                    )
                if np.isclose(factor, 2) or np.isclose(factor, 0.5):
                    return (
                        f"Your answer is {factor:g} times the right one: look for a "
                        "missing or extra factor 1/2 or 2."
                    )
                return (
                    f"Your answer is {factor:.6g} times the right one at every entry: "
                    "a constant factor is wrong or missing."
                )
        if (
            np.allclose(got, np.exp(expected), rtol=MATCH_RTOL)
            and np.isfinite(got).all()
        ):
            return (
                "Your answer is exp of the right one: exp was applied where a log was "
                "meant, or a log was left out."
            )
        if (expected > 0).all() and np.allclose(
            got, np.log(expected), rtol=MATCH_RTOL, atol=MATCH_ATOL
        ):
            return (
                "Your answer is the log of the right one: a log was taken where exp was "
                "meant, or an exp was left out."
            )
        diff = got - expected
        if got.size > 1 and np.allclose(
            diff, diff.flat[0], rtol=MATCH_RTOL, atol=MATCH_ATOL
        ):
            return (
                f"Your answer is off by the same amount, {float(diff.flat[0]):.6g}, at "
                "every entry: a constant term is wrong or missing."
            )
    return ""


# --------------------------------------------------------------------------
# wording the result


def _result(exercise, outcomes, total):
    failed = [o for o in outcomes if not o.ok]
    right = len(outcomes) - len(failed)
    if not failed:
        notes = _unique(note for o in outcomes for note in o.notes)
        return _passed(exercise, total, notes)
    first = failed[0]
    if first.stop or len(outcomes) < total:
        right = None
    others = [o.case_number for o in failed[1:] if o.case_number is not None]
    if first.stop:
        others = []
    return _failed(exercise, first, right, total, others)


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _passed(exercise, total, notes):
    rest = f" ({exercise.name}): right at all {total} inputs."
    text = [f"{PASS_GLYPH} Passed{rest}", f"Why it matters: {exercise.why}", *notes]
    body = [
        _verdict_html(True, rest),
        f"<p><strong>Why it matters:</strong> {_inline(exercise.why)}</p>",
        *(f"<p>{_inline(note)}</p>" for note in notes),
    ]
    return CheckResult(
        name=exercise.name,
        passed=True,
        message="\n".join(text),
        html=_box(True, body),
        right=total,
        total=total,
    )


def _failed(exercise, outcome, right, total, others):
    if outcome.case_number is None:
        rest = f" ({exercise.name})."
    elif right is None:
        rest = f" ({exercise.name}): input {outcome.case_number} of {total}."
    else:
        rest = (
            f" ({exercise.name}): right at {right} of {total} inputs; the first "
            f"problem is at input {outcome.case_number}."
        )
    text = [f"{FAIL_GLYPH} Not yet{rest}"]
    body = [_verdict_html(False, rest)]
    case_lines = outcome.case.lines() if outcome.case is not None else []
    if case_lines:
        indented = [f"    {line}" for line in case_lines]
        text += ["Input:", *indented]
        body.append("<p>Input:</p><pre>" + html.escape("\n".join(indented)) + "</pre>")
    if outcome.problem:
        text.append(outcome.problem)
        body.append(f"<p>{_inline(outcome.problem).replace(chr(10), '<br>')}</p>")
    if outcome.expected is not None and outcome.got is not None:
        text += [f"{_EXPECTED}{outcome.expected}", f"{_GOT}{outcome.got}"]
        cell = 'scope="row" style="text-align:left;padding-right:1em"'
        body.append(
            '<table style="border-collapse:collapse">'
            f"<tr><th {cell}>expected</th>"
            f'<td><code style="white-space:pre">{html.escape(outcome.expected)}</code></td></tr>'
            f"<tr><th {cell}>got</th>"
            f'<td><code style="white-space:pre">{html.escape(outcome.got)}</code></td></tr></table>'
        )
    if outcome.hint:
        text.append(f"Hint: {outcome.hint}")
        body.append(f"<p><strong>Hint:</strong> {_inline(outcome.hint)}</p>")
    for note in outcome.notes:
        text.append(note)
        body.append(f"<p>{_inline(note)}</p>")
    if others:
        also = f"Also failing: input{'s' if len(others) > 1 else ''} {_join(others)}."
        text.append(also)
        body.append(f"<p>{also}</p>")
    if outcome.case is not None:
        again = (
            f"To try this input yourself: `{exercise.function_name}(**exercises."
            f"inputs({exercise.name!r})[{outcome.case_number - 1}])`"
        )
        text.append(again)
        body.append(f"<p>{_inline(again)}</p>")
    return CheckResult(
        name=exercise.name,
        passed=False,
        message="\n".join(text),
        html=_box(False, body),
        hint=outcome.hint,
        case_number=outcome.case_number,
        case_text="\n".join(case_lines),
        right=right or 0,
        total=total,
    )


def _join(numbers):
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _verdict_html(passed, rest):
    colour = PASS_COLOUR if passed else FAIL_COLOUR
    glyph = PASS_GLYPH if passed else FAIL_GLYPH
    word = "Passed" if passed else "Not yet"
    return (
        f'<p><strong style="color:{colour}"><span aria-hidden="true">{glyph}</span> '
        f"{word}</strong>{html.escape(rest)}</p>"
    )


def _box(passed, body):
    colour = PASS_COLOUR if passed else FAIL_COLOUR
    return (
        f'<div class="glmlib-exercise-check" role="status" style="border-left:4px solid '
        f'{colour};padding:2px 12px;max-width:760px">' + "".join(body) + "</div>"
    )


def _inline(text):
    """Escape ``text`` for HTML and turn `code` spans into <code> elements."""
    parts = html.escape(text).split("`")
    return "".join(
        f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts)
    )


# --------------------------------------------------------------------------
# showing the result


def show(result):
    """Show ``result``: rich output in IPython or Jupyter, a printed message otherwise.

    IPython is looked up in ``sys.modules``, never imported: a kernel has it
    loaded already, and a plain Python process has no display to use.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        print(result.message)
        return
    from IPython.display import display

    display(result.mimebundle(), raw=True)
    result._shown_in = getattr(shell, "execution_count", None)
