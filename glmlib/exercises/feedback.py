"""The verdict of ``glmlib.exercises.check`` in words: text, HTML, and showing it.

``check_result(exercise, outcomes, total)`` turns what ``run`` found at
each input (an ``Outcome``) into a ``CheckResult``: "Passed" with why the exercise
matters, or "Not yet" with the first input that went wrong, the expected
and returned values, the hint and a line to reproduce it. The verdict is
written in words and a glyph, never in colour alone; the colours are the
course's text colours (``glmlib.course.palette.TEXT_COLOURS``), which reach
4.5:1 against white like the quiz's feedback. ``format_value`` writes an
argument or an answer the way the feedback shows it (chapters 0-9).

IPython is never imported here: ``show`` looks it up in ``sys.modules``.
"""

import html
import re
import sys
from dataclasses import dataclass, field

import numpy as np

from ..course.palette import TEXT_COLOURS

#: Verdict colours, for words in HTML: the darker green and vermillion that
#: the quiz's feedback uses. The verdict is always written in words and a
#: glyph as well.
PASS_COLOUR = TEXT_COLOURS["green"]
FAIL_COLOUR = TEXT_COLOURS["vermillion"]
PASS_GLYPH = "\u2713"
FAIL_GLYPH = "\u2717"
#: Arrays longer than this are shown by their first differing entry.
SHOW_ELEMENTS = 12
EXPECTED_LABEL = "  expected: "
GOT_LABEL = "  got:      "


@dataclass
class Outcome:
    """What happened at one input, or before any (chapters 0-9).

    ``run`` fills it in; ``check_result`` words it. ``expected`` and ``got`` are
    the values as the feedback shows them; ``stop`` says that the same
    problem would repeat at every input, so no count of right inputs is
    given.
    """

    ok: bool
    case_number: int | None = None
    case: object = None
    problem: str = ""
    expected: str | None = None
    got: str | None = None
    hint: str = ""
    notes: list = field(default_factory=list)
    stop: bool = False


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
                threshold=SHOW_ELEMENTS * 2,
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


def one_value(value):
    """A single returned value in words: the number, or what it is instead."""
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
        return format_value(value, False)
    return describe_returned(value)


def describe_returned(value):
    """What a function returned, in words, for values that are not numbers."""
    kind = type(value).__name__
    if isinstance(value, str):
        return f"the text {format_value(value)} (a str)"
    if callable(value):
        return f"a function ({kind}), not its value"
    return f"a {kind}"


def input_lines(case):
    """``name = value`` for each argument of ``case``, as the feedback shows them."""
    return [
        f"{name} = "
        + (case.shown.get(name) or format_value(value, prefix=f"    {name} = "))
        for name, value in case.args.items()
    ]


def shown_answers(expected, got, at):
    """(expected, got) as the feedback shows them, side by side.

    ``at`` is the index of the first entry that differs: a long answer is
    shown by that entry alone.
    """
    if at is not None and expected.size > SHOW_ELEMENTS:
        return (
            f"{format_value(expected[at], False)} at index {at}",
            f"{format_value(got[at], False)} at index {at}",
        )
    return (
        format_value(expected, False, EXPECTED_LABEL),
        format_value(got, False, GOT_LABEL),
    )


# --------------------------------------------------------------------------
# wording the result


def check_result(exercise, outcomes, total):
    """The ``CheckResult`` for the ``outcomes`` of ``total`` inputs."""
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
    case_lines = input_lines(outcome.case) if outcome.case is not None else []
    if case_lines:
        indented = [f"    {line}" for line in case_lines]
        text += ["Input:", *indented]
        body.append("<p>Input:</p><pre>" + html.escape("\n".join(indented)) + "</pre>")
    if outcome.problem:
        text.append(outcome.problem)
        body.append(f"<p>{_inline(outcome.problem).replace(chr(10), '<br>')}</p>")
    if outcome.expected is not None and outcome.got is not None:
        text += [
            f"{EXPECTED_LABEL}{outcome.expected}",
            f"{GOT_LABEL}{outcome.got}",
        ]
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
