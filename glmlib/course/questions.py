"""A multiple-choice question as plain data: prompt, options, feedback (chapter 0).

``Question`` holds a prompt and four ``Option`` objects, exactly one of
them correct, each with an explanation, so the feedback says why the chosen
answer is right or wrong. The question bank (``glmlib.quizzes``) is built
from them; the widget that shows them is ``glmlib.ui.quiz.Quiz``. Nothing
here needs a widget, so the bank loads in any Python process.
"""

from dataclasses import dataclass

from .palette import TEXT_COLOURS

LETTERS = "ABCD"
RIGHT_COLOUR = TEXT_COLOURS["green"]
WRONG_COLOUR = TEXT_COLOURS["vermillion"]


@dataclass(frozen=True)
class Option:
    """One answer: its text, whether it is correct, and why (chapter 0)."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question for one chapter (chapter 0).

    Exactly four options, exactly one of them correct. ``computation`` marks
    a question that asks for a small calculation rather than recall; every
    chapter's quiz has at least one.
    """

    chapter: int
    prompt: str
    options: tuple
    computation: bool = False

    def __post_init__(self):
        if len(self.options) != len(LETTERS):
            raise ValueError(
                f"chapter {self.chapter}: a question needs {len(LETTERS)} options, "
                f"not {len(self.options)}"
            )
        n_correct = sum(option.correct for option in self.options)
        if n_correct != 1:
            raise ValueError(
                f"chapter {self.chapter}: exactly one option must be correct, "
                f"not {n_correct}"
            )

    @property
    def answer(self):
        """The letter of the correct option."""
        return next(
            letter
            for letter, option in zip(LETTERS, self.options, strict=True)
            if option.correct
        )

    def option(self, letter):
        """The ``Option`` behind ``letter`` ("A" to "D")."""
        if letter not in LETTERS:
            raise ValueError(f"choose one of {', '.join(LETTERS)}, not {letter!r}")
        return self.options[LETTERS.index(letter)]

    def feedback_for(self, letter):
        """HTML feedback for choosing ``letter``: verdict, then the reason."""
        if letter is None:
            return "Choose one of the options, then press <b>Check</b>."
        option = self.option(letter)
        if option.correct:
            verdict = f'<b style="color:{RIGHT_COLOUR}">\u2713 Correct.</b>'
        else:
            verdict = f'<b style="color:{WRONG_COLOUR}">\u2717 Not {letter}.</b>'
        return f"{verdict} {option.why}"
