"""Coding exercises with instant, specific feedback (chapters 0-9).

In a chapter notebook, a cell tagged ``exercise`` holds the starter code
(``stub_source(name)``); the learner fills in the function and the next cell
checks it::

    from glmlib import exercises

    exercises.names()                        # ["ch0-update-direction", ...]
    result = exercises.check("ch3-stable-sigmoid", sigmoid)
    result.passed, result.message            # True/False, the feedback as text
    exercises.solution("ch3-stable-sigmoid")  # the reference function

``check`` calls the function on inputs chosen to expose the usual mistakes
and says, for the first input that goes wrong, what was expected, what came
back, and what mistake explains the difference when it recognises one. It
never raises because of the learner's function. In Jupyter it shows the
feedback as HTML (a verdict in words and a glyph, not colour alone); in a
plain Python process it prints the text. Expected answers are computed with
glmlib, so the check agrees with the library the chapters use.

For a notebook or the teaching guide: ``task_markdown`` (the statement),
``stub_source`` (starter code), ``notebook_cells`` (the three cells
together), ``solution_source`` (the reference, printable) and ``inputs``
(the arguments the check tries, to reproduce a failure).

The parts, one concern each: ``exercise`` (what an exercise is, as data),
``run`` (calling the learner's function safely), ``compare`` (is the answer
right, and what differs), ``hints`` (which slip explains it) and
``feedback`` (the verdict as text and HTML); ``bank`` holds the exercises,
``solutions`` their reference functions. Importing this module loads
neither matplotlib, ipywidgets nor IPython.
"""

import copy
import difflib
import inspect
import re

from . import bank
from .exercise import Exercise
from .feedback import CheckResult, show
from .run import run

#: name -> Exercise, in chapter order.
EXERCISES = {exercise.name: exercise for exercise in bank.ALL}

_NAME = re.compile(r"^ch(\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")

__all__ = [
    "EXERCISES",
    "CheckResult",
    "Exercise",
    "check",
    "check_source",
    "exercise",
    "inputs",
    "names",
    "notebook_cells",
    "solution",
    "solution_source",
    "stub_source",
    "task_markdown",
    "title",
]


def names(chapter=None):
    """The exercises' names, "ch<N>-...", in chapter order (all, or one chapter's)."""
    return [
        name
        for name, ex in EXERCISES.items()
        if chapter is None or ex.chapter == chapter
    ]


def exercise(name):
    """The ``Exercise`` called ``name``; a ValueError that suggests names otherwise."""
    if isinstance(name, str) and name in EXERCISES:
        return EXERCISES[name]
    close = difflib.get_close_matches(str(name), list(EXERCISES), n=3, cutoff=0.5)
    suggestion = (
        f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    )
    raise ValueError(
        f"no exercise called {name!r}; {suggestion}exercises.names() lists all "
        f"{len(EXERCISES)}"
    )


def check(name, func, *, show_feedback=True):
    """Run the learner's ``func`` on exercise ``name``'s inputs and give feedback.

    Returns a ``CheckResult`` with ``.passed`` (bool) and ``.message`` (plain
    text). With ``show_feedback`` (the default) the feedback is also shown:
    as HTML in Jupyter, printed elsewhere.
    """
    result = run(exercise(name), func)
    if show_feedback:
        show(result)
    return result


def solution(name):
    """The reference solution of exercise ``name``, a plain Python function."""
    return exercise(name).solution


def solution_source(name):
    """The reference solution as source code, with the imports it needs."""
    ex = exercise(name)
    return ex.imports + "\n\n" + inspect.getsource(ex.solution)


def stub_source(name):
    """The starter code for the ``exercise`` cell: imports and a function to fill in."""
    ex = exercise(name)
    return ex.imports + "\n\n" + ex.stub


def title(name):
    """The exercise's title, one line."""
    return exercise(name).title


def task_markdown(name):
    """The task as Markdown with LaTeX, headed by the exercise's name and title."""
    ex = exercise(name)
    return (
        f"#### Exercise `{ex.name}`: {ex.title}\n\n{ex.task}\n\n"
        f"Write `{ex.function_name}` in the next cell, then run the cell after it "
        "to check your answer."
    )


def check_source(name):
    """The code of the cell that checks the learner's function."""
    ex = exercise(name)
    return (
        "from glmlib import exercises\n\n"
        f'exercises.check("{ex.name}", {ex.function_name})'
    )


def notebook_cells(name):
    """The three cells a chapter needs for exercise ``name``, as nbformat-style dicts.

    A Markdown cell with the task, a code cell tagged ``exercise`` with the
    stub, and a code cell that runs the check.
    """
    return [
        {"cell_type": "markdown", "metadata": {}, "source": task_markdown(name)},
        {
            "cell_type": "code",
            "metadata": {"tags": ["exercise"]},
            "source": stub_source(name).rstrip("\n"),
        },
        {"cell_type": "code", "metadata": {}, "source": check_source(name)},
    ]


def inputs(name):
    """The arguments the check passes, one dict per input (copies: change them freely)."""
    return [copy.deepcopy(case.args) for case in exercise(name).cases]


def _check_names():
    for name, ex in EXERCISES.items():
        match = _NAME.match(name)
        if not match or int(match.group(1)) != ex.chapter:
            raise ValueError(
                f"exercise name {name!r} must be 'ch<N>-<slug>' with N its chapter"
            )


_check_names()
