"""What an exercise is: plain data that ``glmlib.exercises.check`` reads (chapters 0-9).

An ``Exercise`` holds a task, a starter stub, a reference solution, a
function that computes the expected answer with glmlib, the inputs to try
(``Case``) and the typical mistakes it can recognise (``hints.Mistake``).
Nothing here runs, compares or words anything: ``run`` calls the learner's
function on each ``Case``, ``compare`` judges the answer, ``hints`` names
the slip and ``feedback`` writes the verdict.
"""

import inspect
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np


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

    def namespace(self):
        """The arguments as attributes, plus ``n`` and ``p``.

        ``n`` is the number of rows of X or y, ``p`` the number of columns of
        X (None where the input has no such array).
        """
        ns = SimpleNamespace(**self.args)
        for key in ("X", "y"):
            value = self.args.get(key)
            if isinstance(value, np.ndarray) and value.ndim >= 1:
                ns.n = value.shape[0]
                break
        else:
            ns.n = None
        X = self.args.get("X")
        ns.p = X.shape[1] if isinstance(X, np.ndarray) and X.ndim == 2 else None
        return ns


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
