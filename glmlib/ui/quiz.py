"""The quiz widget: a chapter's questions, each with a Check button and feedback (chapter 0).

The questions themselves are plain data (``glmlib.course.questions``:
``Question`` and its ``Option`` objects, with the feedback for each
choice). ``Quiz`` is the widget that shows all of a chapter's questions at
once, one under the other. Each question has its
prompt and lettered options in ``HTMLMath`` (LaTeX between ``$...$``
renders in JupyterLab 4), toggle buttons A-D to choose, its own Check
button and its own feedback line; a line at the end counts the questions
answered correctly so far.

Every control carries a label a screen reader announces: the toggle
buttons' description names the question they answer, each button has a
tooltip ("option B of question 2"), and each Check button says which
question it checks. All of them are ordinary buttons, so Tab, Space and
Enter work without a mouse.

Without a kernel the quiz is text. Its display carries, beside the live
widget view, the questions and their options as Markdown and as plain
text -- never which option is right, nor the explanations -- which
``notebooks/store_outputs.py`` stores so that an unrun notebook, GitHub
and nbviewer show the questions (and nbval compares them).

A test drives it without a browser::

    quiz = Quiz(questions)
    quiz.choose("B", number=2)
    quiz.views[1].check_button.click()
    quiz.views[1].feedback.value      # the explanation of option B
"""

import html
import re

import ipywidgets as widgets

from ..course.questions import LETTERS, Question
from .access import ACCESSIBLE_CLASS, accessibility_patch


class QuestionView:
    """The widgets of one question inside a ``Quiz`` (chapter 0).

    ``number`` counts from 1 within the chapter's quiz; it appears in the
    prompt and in every label, so a screen reader says which question a
    control belongs to.
    """

    def __init__(self, question, number, total, on_check=None):
        self.question = question
        self.number = number
        self.correct = None  # None until checked, then True or False
        self._on_checked = on_check
        self.prompt = widgets.HTMLMath(
            value=f"<b>Question {number} of {total}.</b> {question.prompt}"
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
            description=f"Answer to question {number}:",
            tooltips=[f"option {letter} of question {number}" for letter in LETTERS],
            style={"button_width": "44px", "description_width": "initial"},
        )
        self.check_button = widgets.Button(
            description="Check",
            button_style="primary",
            tooltip=f"Check your answer to question {number}",
        )
        self.feedback = widgets.HTMLMath(value="")
        self.check_button.on_click(self._on_check)
        self.choice.observe(self._on_choice, names="value")
        self.widget = widgets.VBox(
            [
                self.prompt,
                self.options_view,
                widgets.HBox(
                    [self.choice, self.check_button],
                    layout=widgets.Layout(align_items="flex-end"),
                ),
                self.feedback,
            ],
            layout=widgets.Layout(margin="0 0 10px 0"),
        )

    def choose(self, letter):
        """Select option ``letter`` (what clicking its button does)."""
        self.choice.value = letter

    def check(self):
        """Show the feedback for the current choice; True if it is correct."""
        letter = self.choice.value
        self.feedback.value = self.question.feedback_for(letter)
        self.correct = None if letter is None else self.question.option(letter).correct
        if self._on_checked is not None:
            self._on_checked()
        return self.correct

    def _on_check(self, _button):
        self.check()

    def _on_choice(self, _change):
        # A new choice makes the old feedback stale.
        self.feedback.value = ""
        self.correct = None
        if self._on_checked is not None:
            self._on_checked()


class Quiz:
    """The widget for one chapter's questions, all shown at once (chapter 0).

    ``questions`` is one ``Question`` or a sequence of them. Each question
    is answered and checked on its own (``views[i]``); ``score`` counts the
    questions whose last check was correct.
    """

    def __init__(self, questions):
        if isinstance(questions, Question):
            questions = (questions,)
        self.questions = tuple(questions)
        if not self.questions:
            raise ValueError("a quiz needs at least one question")
        chapters = {q.chapter for q in self.questions}
        if len(chapters) != 1:
            raise ValueError(
                f"a quiz shows one chapter's questions, not chapters {sorted(chapters)}"
            )
        self.chapter = self.questions[0].chapter
        total = len(self.questions)
        self.views = [
            QuestionView(q, i + 1, total, on_check=self._update_score)
            for i, q in enumerate(self.questions)
        ]
        plural = "question" if total == 1 else "questions"
        self.header = widgets.HTML(
            value=(
                f"<b>Chapter {self.chapter} quiz</b>: {total} {plural}. Choose an "
                "answer with the letter buttons, then press <b>Check</b> under "
                "that question; the feedback says why it is right or wrong."
            )
        )
        self.score = widgets.HTML(value="")
        self._update_score()
        self.widget = widgets.VBox(
            [
                self.header,
                *(view.widget for view in self.views),
                self.score,
                accessibility_patch(),
            ],
            layout=widgets.Layout(
                border="1px solid #D9D9D9", padding="6px 10px", max_width="760px"
            ),
        )
        # each row of letter buttons becomes a group named after its question
        self.widget.add_class(ACCESSIBLE_CLASS)

    def view(self, number):
        """The ``QuestionView`` of question ``number`` (counting from 1)."""
        if not 1 <= number <= len(self.views):
            raise ValueError(
                f"chapter {self.chapter} has questions 1 to {len(self.views)}, "
                f"not {number}"
            )
        return self.views[number - 1]

    def choose(self, letter, number=1):
        """Select option ``letter`` of question ``number``."""
        self.view(number).choose(letter)

    def check(self, number=1):
        """Check question ``number``; True if its chosen option is correct."""
        return self.view(number).check()

    def _update_score(self):
        right = sum(view.correct is True for view in self.views)
        checked = sum(view.correct is not None for view in self.views)
        if checked == 0:
            self.score.value = ""
        else:
            self.score.value = (
                f"{right} of {len(self.views)} answered correctly so far."
            )

    def markdown(self):
        """The questions and options as Markdown, without the answers (chapter 0)."""
        lines = [
            f"**Chapter {self.chapter} quiz** (run the notebook to answer "
            "and check each question)."
        ]
        total = len(self.questions)
        for number, question in enumerate(self.questions, start=1):
            lines += ["", f"**Question {number} of {total}.** {question.prompt}", ""]
            lines += [
                f"- **{letter}.** {option.text}"
                for letter, option in zip(LETTERS, question.options, strict=True)
            ]
        return "\n".join(lines)

    def text(self):
        """The questions and options as plain text, without the answers (chapter 0)."""
        lines = [
            f"Chapter {self.chapter} quiz (run the notebook to answer and check "
            "each question)."
        ]
        total = len(self.questions)
        for number, question in enumerate(self.questions, start=1):
            lines += ["", f"Question {number} of {total}. {_plain(question.prompt)}"]
            lines += [
                f"  {letter}. {_plain(option.text)}"
                for letter, option in zip(LETTERS, question.options, strict=True)
            ]
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        """The live quiz, plus its questions as Markdown and plain text (chapter 0)."""
        data = dict(self.widget._repr_mimebundle_(**kwargs))
        data["text/markdown"] = self.markdown()
        data["text/plain"] = self.text()
        return data


def _plain(markup):
    """HTML tags dropped and entities decoded; LaTeX between $...$ is kept."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())
