"""The rules that name a learner's likely slip (chapters 0-9).

Each exercise lists its typical mistakes (``Mistake``, mostly made with
``gives``) and the exceptions it can explain (``RaiseHint``); on top of
those, general rules recognise a wrong shape, a NaN or an infinity, a sign
flip, a missing 1/n and other slips any exercise can show; a factor seen at
a single number counts only when the other inputs show it too.
``for_difference`` picks the hint for what ``compare`` found, ``for_raised``
for an exception; the exercise's own rules come first.
"""

import re
import warnings
from dataclasses import dataclass

import numpy as np

from .compare import MATCH_ATOL, MATCH_RTOL, RTOL, same


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint it earns (chapters 0-9).

    ``test(a, expected, got)`` says whether ``got`` is what this mistake
    produces; ``a`` holds the case's arguments (and ``a.n``), ``expected``
    and ``got`` are float arrays, or tuples of them for exercises that
    return several values, and ``part`` says which of those values the
    mistake is about (None: any). ``hint`` is a string, formatted with the
    case's arguments, or a function of ``a``. A mistake made with ``gives``
    keeps its ``predict(a, expected)``, so a test can make the mistake.
    """

    hint: object
    test: object
    part: int | None = None
    predict: object = None

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
        return Mistake(
            hint,
            lambda a, expected, got: same(got, predict(a, expected)),
            predict=predict,
        )
    return Mistake(
        hint,
        lambda a, expected, got: same(got[part], predict(a, expected)),
        part,
        predict,
    )


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


# --------------------------------------------------------------------------
# hints for how the function ran

NOT_STARTED = (
    "Replace the line `raise NotImplementedError(...)` with your code and "
    "`return` the answer."
)
CHANGED_IN_PLACE = (
    "Writing into an argument (`theta += ...`, `eta[mask] = ...` after "
    "`np.asarray`) also changes the caller's array, so a later step starts "
    "from altered data. Work on a new array: `theta = theta + ...`, or "
    "`np.array(eta, dtype=float)`, which copies."
)

GENERIC_RAISE_HINTS = (
    RaiseHint(
        r"truth value of an array",
        "An `if` (or `and`, `or`, `max`) asks one yes-or-no question, but a "
        "comparison on an array, such as `eta >= 0`, answers once per element. "
        "Keep those answers as a boolean mask, `mask = eta >= 0`, and compute "
        "each formula on its own elements: `out[mask] = ...`, "
        "`out[~mask] = ...`.",
    ),
    RaiseHint(
        r"^SystemExit",
        "`sys.exit()`, `exit()` and `quit()` stop the program itself (in a "
        "notebook, the cell). A function hands its answer back with `return`.",
    ),
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


def for_raised(exercise, error_text, line):
    """The hint for an exception ("Type: message", raised in ``line``), or ""."""
    for rule in (*exercise.raise_hints, *GENERIC_RAISE_HINTS):
        if rule.matches(error_text, line):
            return rule.hint
    return ""


# --------------------------------------------------------------------------
# hints for what the function returned


def for_difference(exercise, case, difference, warned, others=()):
    """The hint for what ``compare`` found at ``case``, or "" when none applies.

    ``others`` holds ``(a, expected, got)`` of the other inputs whose answers
    could be read (see ``value_hint``).
    """
    kind = difference.kind
    if kind == "unreadable":
        return for_unreadable(exercise, difference.reason)
    if kind == "numerics":
        return exercise.overflow_hint
    a = case.namespace()
    expected, got = difference.expected, difference.got
    specific = _specific(
        exercise, a, difference.expected_all, difference.got_all, difference.index
    )
    if specific:
        return specific
    if kind == "shape":
        return _shape_hint(expected, got)
    if kind == "non_finite":
        overflow = any("overflow" in w for w in warned) or case.extreme
        return (exercise.overflow_hint if overflow else "") or _non_finite_hint(warned)
    return value_hint(a, expected, got, others)


def for_unreadable(exercise, reason):
    """The hint for an answer ``compare`` could not read as numbers (its ``reason``)."""
    names = ", ".join(name for name, _ in exercise.outputs)
    return {
        "no_values": f"End it with `return {names}`; a function without `return` "
        "gives None.",
        "value_count": f"Return them together, in this order: `return {names}`.",
        "none": "A function without a `return` line gives None: end yours with "
        "`return` and the value it computed.",
        "truth_values": "A comparison such as `x > 0` gives True or False; return "
        "the number itself.",
        "not_numbers": "Return the number (or array of numbers) your function "
        "computed.",
        "function": "Return the value the function gives, `f(x)`, not the function "
        "`f`.",
        "complex": "A complex result comes from the square root or log of a "
        "negative number in `cmath` or `np.emath`; the answer here is real.",
        "unreadable": "Return a number or an array of numbers.",
    }[reason]


def _specific(exercise, a, expected, got, index):
    for mistake in exercise.mistakes:
        if mistake.part not in (None, index):
            continue
        if mistake.applies(a, expected, got):
            return mistake.text(a)
    return ""


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


def value_hint(a, expected, got, others=()):
    """A general rule for a wrong value of the right shape: a sign, a factor, exp/log.

    ``a`` is the input's namespace (with ``n`` and ``p``); ``others`` holds
    ``(a, expected, got)`` of the other inputs whose answers could be read,
    so that a factor seen at a single number can be confirmed elsewhere.
    """
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
        factor = _factor_hint(a, expected, got, others)
        if factor:
            return factor
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


def _n(a):
    return getattr(a, "n", None)


def _n_over_p(a):
    n, p = _n(a), getattr(a, "p", None)
    return n / p if n and p and n != p else None


#: (the factor k of a rule at an input, given the factor seen; the hint, given
#: the input, the factor seen and where it holds: at every "entry" of one
#: input, or at every "input"). The first rule whose k is the factor seen
#: names it.
_FACTOR_RULES = (
    (
        lambda a, seen: _n(a),
        lambda a, seen, where: (
            f"Your answer is n = {a.n} times the right one: a mean (a sum divided by "
            "n) was expected, and the 1/n is missing."
        ),
    ),
    (
        lambda a, seen: 1 / _n(a) if _n(a) else None,
        lambda a, seen, where: (
            f"Your answer is the right one divided by n = {a.n}: a sum was expected, "
            "not a mean."
        ),
    ),
    (
        lambda a, seen: _n_over_p(a),
        lambda a, seen, where: (
            f"Your answer is n/p = {a.n}/{a.p} times the right one: something was "
            f"divided by p = {a.p}, the number of columns of X, where the mean over "
            f"the n = {a.n} rows divides by n."
        ),
    ),
    (
        lambda a, seen: next((k for k in (2.0, 0.5) if np.isclose(seen, k)), None),
        lambda a, seen, where: (
            f"Your answer is {seen:g} times the right one: look for a missing or "
            "extra factor 1/2 or 2."
        ),
    ),
    (
        lambda a, seen: seen,
        lambda a, seen, where: (
            f"Your answer is {seen:.6g} times the right one at every {where}: a "
            "constant factor is wrong or missing."
        ),
    ),
)


def _factor_hint(a, expected, got, others):
    """The hint for an answer that is k times the right one, or "".

    At a single number every wrong answer is some multiple of the right
    one, so a factor counts only where it shows at two or more non-zero
    entries: of this input, or of this input and the others, which must
    all agree with it.
    """
    if not (np.abs(expected) > 1e-12).all():
        return ""
    ratio = got / expected
    if not np.allclose(ratio, ratio.flat[0], rtol=MATCH_RTOL):
        return ""
    seen = float(ratio.flat[0])
    for factor_of, words in _FACTOR_RULES:
        k = factor_of(a, seen)
        if k is None or not np.isclose(seen, k):
            continue
        if expected.size >= 2:
            return words(a, seen, "entry")
        if _confirmed_elsewhere(factor_of, seen, others):
            return words(a, seen, "input")
    return ""


def _confirmed_elsewhere(factor_of, seen, others):
    """True if every other input shows its own factor, and one non-zero entry does."""
    shown = 0
    for a, expected, got in others:
        k = factor_of(a, seen)
        if k is None or not np.allclose(
            got, k * expected, rtol=MATCH_RTOL, atol=MATCH_ATOL
        ):
            return False
        shown += int(np.count_nonzero(np.abs(expected) > 1e-12))
    return shown >= 1
