"""A multiple-choice question with a Check button and feedback (chapter 0).

``Question`` is plain data: a prompt, four ``Option`` objects (exactly one
correct) and an explanation for each, so the feedback says why the chosen
answer is right or wrong. ``Quiz`` is the widget that shows one question:
the prompt and lettered options in ``HTMLMath`` (LaTeX between ``$...$``
renders in JupyterLab 4), toggle buttons A-D to choose, a Check button, and
a feedback line.

A test drives it without a browser::

    quiz = Quiz(question)
    quiz.choose("B")
    quiz.check_button.click()
    quiz.feedback.value      # the explanation of option B
"""

from dataclasses import dataclass

import ipywidgets as widgets

LETTERS = "ABCD"


@dataclass(frozen=True)
class Option:
    """One answer: its text, whether it is correct, and why (chapter 0)."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question for one chapter (chapter 0).

    Exactly four options, exactly one of them correct.
    """

    chapter: int
    prompt: str
    options: tuple

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
            verdict = '<b style="color:#009E73">\u2713 Correct.</b>'
        else:
            verdict = f'<b style="color:#D55E00">\u2717 Not {letter}.</b>'
        return f"{verdict} {option.why}"


class Quiz:
    """The widget for one ``Question``: options, Check button, feedback (chapter 0)."""

    def __init__(self, question):
        self.question = question
        self.prompt = widgets.HTMLMath(
            value=f"<b>Chapter {question.chapter} quiz.</b> {question.prompt}"
        )
        self.options_view = widgets.HTMLMath(
            value="<br>".join(
                f"<b>{letter}.</b> {option.text}"
                for letter, option in zip(LETTERS, question.options, strict=True)
            )
        )
        self.choice = widgets.ToggleButtons(
            options=list(LETTERS),
            value=None,
            style={"button_width": "44px"},
        )
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.feedback = widgets.HTMLMath(value="")
        self.check_button.on_click(self._on_check)
        self.choice.observe(self._on_choice, names="value")
        self.widget = widgets.VBox(
            [
                self.prompt,
                self.options_view,
                widgets.HBox(
                    [widgets.Label("Your answer:"), self.choice, self.check_button],
                    layout=widgets.Layout(align_items="center"),
                ),
                self.feedback,
            ],
            layout=widgets.Layout(
                border="1px solid #D9D9D9", padding="6px 10px", max_width="760px"
            ),
        )

    def choose(self, letter):
        """Select option ``letter`` (what clicking its button does)."""
        self.choice.value = letter

    def check(self):
        """Show the feedback for the current choice; True if it is correct."""
        letter = self.choice.value
        self.feedback.value = self.question.feedback_for(letter)
        if letter is None:
            return None
        return self.question.option(letter).correct

    def _on_check(self, _button):
        self.check()

    def _on_choice(self, _change):
        # A new choice makes the old feedback stale.
        self.feedback.value = ""

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
