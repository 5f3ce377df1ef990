"""The quiz widget and the question bank, driven without a browser."""

import pytest

from glmlib.quizzes import QUESTIONS, quiz_for_chapter
from glmlib.ui.quiz import LETTERS, Option, Question, Quiz

QUIZ_CHAPTERS = [0, 1, 2, 3, 4, 5, 6, 8]


def test_bank_covers_the_chapters_with_a_quiz():
    assert sorted(QUESTIONS) == QUIZ_CHAPTERS
    for chapter, question in QUESTIONS.items():
        assert question.chapter == chapter


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_each_option_gets_its_own_feedback(chapter):
    quiz = quiz_for_chapter(chapter)
    question = quiz.question
    assert len(question.options) == 4
    seen = set()
    for letter, option in zip(LETTERS, question.options, strict=True):
        quiz.choose(letter)
        assert quiz.feedback.value == ""  # a new choice clears old feedback
        quiz.check_button.click()
        feedback = quiz.feedback.value
        assert option.why in feedback
        if letter == question.answer:
            assert "Correct" in feedback
            assert quiz.check() is True
        else:
            assert f"Not {letter}" in feedback
            assert "Correct" not in feedback
            assert quiz.check() is False
        seen.add(feedback)
    assert len(seen) == 4


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_the_answer_is_not_always_in_the_same_place(chapter):
    answers = {QUESTIONS[c].answer for c in QUIZ_CHAPTERS}
    assert len(answers) >= 3


def test_check_without_a_choice_asks_for_one():
    quiz = quiz_for_chapter(0)
    quiz.check_button.click()
    assert "Choose one" in quiz.feedback.value
    assert quiz.check() is None


@pytest.mark.parametrize("chapter", [1, 2, 3, 4, 6, 8])
def test_misconception_is_a_distractor(chapter):
    # Chapters with a "common misconception" box offer it as a wrong answer.
    wrong = [o for o in QUESTIONS[chapter].options if not o.correct]
    assert any("misconception" in o.why for o in wrong)


def test_latex_is_balanced():
    for question in QUESTIONS.values():
        for text in [question.prompt, *(o.text for o in question.options)]:
            assert text.count("$") % 2 == 0, text


def test_question_validates_its_options():
    good = Option("yes", True, "because")
    bad = Option("no", False, "because not")
    with pytest.raises(ValueError, match="4 options"):
        Question(chapter=9, prompt="?", options=(good, bad))
    with pytest.raises(ValueError, match="exactly one"):
        Question(chapter=9, prompt="?", options=(good, good, bad, bad))
    with pytest.raises(ValueError, match="no quiz for chapter 7"):
        quiz_for_chapter(7)


def test_quiz_displays_as_a_widget():
    quiz = Quiz(QUESTIONS[2])
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
