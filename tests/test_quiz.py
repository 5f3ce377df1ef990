"""The quiz widget and the question bank, driven without a browser."""

import warnings

import numpy as np
import pytest

from glmlib import Bernoulli, Gaussian, Poisson, fit
from glmlib.course.questions import LETTERS, Option, Question
from glmlib.data import design_matrix, shop_hours
from glmlib.exceptions import DivergenceWarning
from glmlib.links import LINKS
from glmlib.quizzes import QUESTIONS, questions_for_chapter, quiz_for_chapter
from glmlib.ui.quiz import Quiz

QUIZ_CHAPTERS = [0, 1, 2, 3, 4, 5, 6, 8]


def test_bank_covers_the_chapters_with_a_quiz():
    assert sorted(QUESTIONS) == QUIZ_CHAPTERS
    for chapter in QUIZ_CHAPTERS:
        questions = questions_for_chapter(chapter)
        assert questions == QUESTIONS[chapter]
        assert all(q.chapter == chapter for q in questions)


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_three_questions_and_a_computation_per_chapter(chapter):
    questions = questions_for_chapter(chapter)
    assert len(questions) >= 3
    assert any(q.computation for q in questions)
    assert all(len(q.options) == 4 for q in questions)


def test_no_question_or_answer_is_asked_twice():
    questions = [q for c in QUIZ_CHAPTERS for q in questions_for_chapter(c)]
    prompts = [q.prompt for q in questions]
    answers = [q.option(q.answer).text for q in questions]
    assert len(set(prompts)) == len(prompts)
    assert len(set(answers)) == len(answers)


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_each_option_gets_its_own_feedback(chapter):
    quiz = quiz_for_chapter(chapter)
    assert len(quiz.views) == len(questions_for_chapter(chapter))
    for number, view in enumerate(quiz.views, start=1):
        question = view.question
        assert f"Question {number} of {len(quiz.views)}" in view.prompt.value
        seen = set()
        for letter, option in zip(LETTERS, question.options, strict=True):
            quiz.choose(letter, number)
            assert view.feedback.value == ""  # a new choice clears old feedback
            view.check_button.click()
            feedback = view.feedback.value
            assert option.why in feedback
            if letter == question.answer:
                assert "Correct" in feedback
                assert quiz.check(number) is True
            else:
                assert f"Not {letter}" in feedback
                assert "Correct" not in feedback
                assert quiz.check(number) is False
            seen.add(feedback)
        assert len(seen) == 4


def test_questions_are_checked_one_by_one_and_scored():
    quiz = quiz_for_chapter(2)
    first, second = quiz.views[0], quiz.views[1]
    assert quiz.score.value == ""
    quiz.choose(first.question.answer, 1)
    first.check_button.click()
    assert second.feedback.value == ""  # checking one question leaves the others
    assert f"1 of {len(quiz.views)} answered correctly" in quiz.score.value
    wrong = next(letter for letter in LETTERS if letter != second.question.answer)
    quiz.choose(wrong, 2)
    second.check_button.click()
    assert f"1 of {len(quiz.views)} answered correctly" in quiz.score.value
    quiz.choose(second.question.answer, 2)
    second.check_button.click()
    assert f"2 of {len(quiz.views)} answered correctly" in quiz.score.value


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_the_answer_is_not_always_in_the_same_place(chapter):
    answers = [q.answer for q in questions_for_chapter(chapter)]
    assert len(set(answers)) >= 2, answers
    # and over the whole bank every position is used
    every = {q.answer for c in QUIZ_CHAPTERS for q in questions_for_chapter(c)}
    assert every == set(LETTERS)


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_every_control_is_labelled(chapter):
    """Screen readers announce the description and tooltips; keys reach buttons."""
    quiz = quiz_for_chapter(chapter)
    for number, view in enumerate(quiz.views, start=1):
        assert f"question {number}" in view.choice.description
        assert len(view.choice.tooltips) == 4
        for letter, tooltip in zip(LETTERS, view.choice.tooltips, strict=True):
            assert f"option {letter}" in tooltip and f"question {number}" in tooltip
        assert view.check_button.description == "Check"
        assert f"question {number}" in view.check_button.tooltip
        assert view.choice.tabbable is not False
        assert view.check_button.tabbable is not False


def test_check_without_a_choice_asks_for_one():
    quiz = quiz_for_chapter(0)
    quiz.views[0].check_button.click()
    assert "Choose one" in quiz.views[0].feedback.value
    assert quiz.check(1) is None


@pytest.mark.parametrize("chapter", [1, 2, 3, 4, 6, 8])
def test_misconception_is_a_distractor(chapter):
    # Chapters with a "common misconception" box offer it as a wrong answer.
    wrong = [
        o for q in questions_for_chapter(chapter) for o in q.options if not o.correct
    ]
    assert any("misconception" in o.why for o in wrong)


def test_latex_is_balanced():
    for questions in QUESTIONS.values():
        for question in questions:
            for text in [
                question.prompt,
                *(o.text for o in question.options),
                *(o.why for o in question.options),
            ]:
                assert text.replace("\\$", "").count("$") % 2 == 0, text


def test_spelling_is_british():
    american = (
        "normaliz",
        "optimiz",
        "minimiz",
        "maximiz",
        "color",
        "modeling",
        "center",
        "behavior",
        "standardiz",
        "recogniz",
    )
    for questions in QUESTIONS.values():
        for question in questions:
            for text in [question.prompt, *(o.text + o.why for o in question.options)]:
                assert not any(word in text.lower() for word in american), text


# --- the computations behind the answer keys, redone with glmlib -----------


def _shop_line():
    spend, customers = shop_hours()
    line = fit(design_matrix(spend), customers, family="gaussian")
    intercept, slope = line.coef
    return f"{intercept:.2f}", f"{slope:.2f}", f"{-intercept / slope:.2f}"


def _chapter1_form_eta():
    # chapter 1's eta of a Gaussian with sigma = 2 and mean 3: the coefficient
    # of y in log p(y) once the part that depends on y alone is taken out
    wide = Gaussian(sigma=2.0)
    y = np.array([0.0, 1.0])
    core = wide.loglik(y, 3.0) - (-(y**2) / (2 * 4.0) - 0.5 * np.log(2 * np.pi * 4))
    return f"{core[1] - core[0]:.2f}"


COMPUTED = {
    # (chapter, question number): what the correct option must contain
    (0, 2): lambda: _shop_line()[2],
    (1, 3): lambda: f"{float(Bernoulli().response(np.log(3))):.2f}",
    (2, 2): _chapter1_form_eta,
    (3, 2): lambda: f"{float(Bernoulli().link(0.8)):.3f}",
    (4, 2): lambda: f"{float(Poisson().response(0.5 + 0.2 * 5)):.2f}",
    (5, 2): lambda: f"{float(Bernoulli().response(-1 + 0.5 * 3)):.3f}",
    (6, 3): lambda: (
        f"{LINKS['multinomial_logit']().link(np.array([0.2, 0.5, 0.3]))[0]:.3f}"
    ),
    (8, 2): lambda: f"{float(Bernoulli().unit_variance(np.log(3))):.4f}",
}


def test_every_computation_has_its_answer_recomputed():
    marked = {
        (c, i)
        for c in QUIZ_CHAPTERS
        for i, q in enumerate(questions_for_chapter(c), start=1)
        if q.computation
    }
    assert set(COMPUTED) | {(8, 3)} == marked


@pytest.mark.parametrize("key", sorted(COMPUTED), ids=str)
def test_computed_answer_is_the_correct_option(key):
    chapter, number = key
    question = questions_for_chapter(chapter)[number - 1]
    value = COMPUTED[key]()
    assert value in question.option(question.answer).text, (value, question.answer)
    for option in question.options:
        if not option.correct:
            assert value not in option.text, (value, option.text)


def test_shop_line_in_the_chapter0_question_is_glmlibs():
    intercept, slope, _ = _shop_line()
    prompt = questions_for_chapter(0)[1].prompt
    assert f"${intercept}$" in prompt and f"${slope}$" in prompt


def test_learning_rate_question_matches_gradient_ascent():
    """Chapter 8: with curvature 50, alpha = 0.05 diverges, 0.03 and 0.039 do not."""
    X = np.diag([np.sqrt(100.0), np.sqrt(40.0)])  # X^T X / n = diag(50, 20)
    y = np.array([1.0, 2.0])
    assert np.linalg.eigvalsh(X.T @ X / 2).max() == pytest.approx(50.0)
    question = questions_for_chapter(8)[2]
    assert "2/50 = 0.04" in question.option(question.answer).text
    with pytest.warns(DivergenceWarning):
        fit(X, y, family="gaussian", method="gradient", learning_rate=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for alpha in (0.03, 0.039):
            result = fit(
                X, y, family="gaussian", method="gradient", learning_rate=alpha
            )
            assert result.converged and not result.diverged


def test_question_validates_its_options():
    good = Option("yes", True, "because")
    bad = Option("no", False, "because not")
    with pytest.raises(ValueError, match="4 options"):
        Question(chapter=9, prompt="?", options=(good, bad))
    with pytest.raises(ValueError, match="exactly one"):
        Question(chapter=9, prompt="?", options=(good, good, bad, bad))
    with pytest.raises(ValueError, match="no quiz for chapter 7"):
        quiz_for_chapter(7)
    with pytest.raises(ValueError, match="no quiz for chapter 9"):
        questions_for_chapter(9)
    with pytest.raises(ValueError, match="at least one question"):
        Quiz(())
    with pytest.raises(ValueError, match="one chapter"):
        Quiz((QUESTIONS[1][0], QUESTIONS[2][0]))
    with pytest.raises(ValueError, match="questions 1 to"):
        quiz_for_chapter(1).check(9)


def test_a_single_question_makes_a_quiz():
    quiz = Quiz(QUESTIONS[3][0])
    assert len(quiz.views) == 1 and "1 question." in quiz.header.value


def test_quiz_displays_as_a_widget():
    quiz = quiz_for_chapter(2)
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
