"""The quiz widget and the question bank, driven without a browser."""

import warnings

import numpy as np
import pytest
from scipy.optimize import minimize

from glmlib import Bernoulli, Gaussian, Poisson, fit
from glmlib.data import design_matrix, shop_hours
from glmlib.exceptions import DivergenceWarning
from glmlib.links import LINKS
from glmlib.quizzes import QUESTIONS, questions_for_chapter, quiz_for_chapter
from glmlib.simulations.ch05_linear_and_logistic_from_the_recipe import (
    takings_and_queues,
)
from glmlib.ui.quiz import LETTERS, Option, Question, Quiz

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


@pytest.mark.parametrize("chapter", [1, 2, 3, 4, 5, 6, 8])
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


def _shop_line_crossings():
    """Where the shop's line crosses zero: from the rounded coefficients the
    question quotes, and from the unrounded fit."""
    intercept, slope, unrounded = _shop_line()
    return f"{-float(intercept) / float(slope):.2f}", unrounded


def _queue_model():
    """Chapter 5's Bernoulli GLM for the queues of the first sample."""
    spend, _, queued = takings_and_queues(1)
    return fit(design_matrix(spend), queued, family="bernoulli").coef


def _chapter1_form_eta():
    # chapter 1's eta of a Gaussian with sigma = 2 and mean 3: the coefficient
    # of y in log p(y) once the part that depends on y alone is taken out
    wide = Gaussian(sigma=2.0)
    y = np.array([0.0, 1.0])
    core = wide.loglik(y, 3.0) - (-(y**2) / (2 * 4.0) - 0.5 * np.log(2 * np.pi * 4))
    return f"{core[1] - core[0]:.2f}"


COMPUTED = {
    # (chapter, question number): what the correct option must contain (one
    # string, or a tuple of strings that must all be there)
    (0, 2): _shop_line_crossings,
    (1, 3): lambda: f"{float(Bernoulli().response(np.log(3))):.2f}",
    (2, 2): _chapter1_form_eta,
    (3, 2): lambda: f"{float(Bernoulli().link(0.8)):.3f}",
    (4, 2): lambda: f"{float(Poisson().response(0.5 + 0.2 * 5)):.2f}",
    (5, 2): lambda: f"{np.exp(_queue_model()[1]):.2f}",
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
    values = COMPUTED[key]()
    for value in (values,) if isinstance(values, str) else values:
        assert value in question.option(question.answer).text, (value, question.answer)
        for option in question.options:
            if not option.correct:
                assert value not in option.text, (value, option.text)


def test_shop_line_in_the_chapter0_question_is_glmlibs():
    intercept, slope, _ = _shop_line()
    question = questions_for_chapter(0)[1]
    assert f"${intercept}$" in question.prompt and f"${slope}$" in question.prompt
    # the two crossings differ, and the feedback names each for what it is
    rounded, unrounded = _shop_line_crossings()
    assert rounded != unrounded
    key = question.option(question.answer)
    assert f"{-float(intercept):.2f} / {slope} \\approx {rounded}$" in key.text
    assert f"${unrounded}$ with the unrounded fit" in key.text
    # "five of the 40 hours" lie below either crossing
    spend, _ = shop_hours()
    below = {int(np.sum(spend < float(s))) for s in (rounded, unrounded)}
    assert below == {5} and len(spend) == 40
    assert "five of the 40 hours" in key.why


def test_spread_question_names_the_form_where_theta_stays():
    """Chapter 2: one theta for every sigma in the dispersion form (glmlib's);
    divided by sigma^2 in chapter 1's form, as option A's feedback says."""
    question = questions_for_chapter(2)[2]
    assert "dispersion form" in question.prompt
    assert "chapter 1's form" in question.options[0].why
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 5, size=30)
    X = design_matrix(x)
    y = 1.0 + 0.8 * x + rng.normal(scale=1.5, size=30)
    one, two = (fit(X, y, family=Gaussian(sigma=s)).coef for s in (1.0, 2.0))
    np.testing.assert_allclose(two, one, rtol=1e-10)

    def minus_chapter1_loglik(theta, sigma):
        eta = X @ theta  # eta = mu / sigma^2 set to theta^T x
        return -np.sum(eta * y - sigma**2 * eta**2 / 2)

    chapter1 = minimize(minus_chapter1_loglik, np.zeros(2), args=(2.0,), tol=1e-12)
    np.testing.assert_allclose(chapter1.x, one / 4.0, atol=1e-6)


def test_logistic_procedures_in_the_chapter5_question():
    """Chapter 5 Q1: the squashed least squares line stays near one half; least
    squares through the sigmoid lands on another theta than the Bernoulli GLM."""
    spend, _, queued = takings_and_queues(1)
    X = design_matrix(spend)
    glm = _queue_model()
    line = fit(X, queued, family="gaussian").coef
    squashed = Bernoulli().response(X @ line)
    question = questions_for_chapter(5)[0]
    misconception, _, key, squared = question.options
    assert key.correct
    low, high = f"{squashed.min():.2f}", f"{squashed.max():.2f}"
    assert f"from ${low}$ to ${high}$ on the chapter's 40 hours" in misconception.why
    assert len(spend) == 40 and float(high) - float(low) < 0.3
    assert np.ptp(Bernoulli().response(X @ glm)) > 0.8  # the GLM's run near 0 to 1

    def squared_error(theta):
        return np.sum((queued - Bernoulli().response(X @ theta)) ** 2)

    elsewhere = minimize(squared_error, glm, method="BFGS", options={"gtol": 1e-10})
    assert elsewhere.success
    assert np.abs(elsewhere.x - glm).max() > 0.05
    assert "another $\\theta$" in squared.why


def test_log_odds_question_quotes_glmlibs_queue_model():
    """Chapter 5 Q2: theta, the probabilities, odds and slopes it quotes."""
    theta = _queue_model()
    question = questions_for_chapter(5)[1]
    assert f"$\\theta = ({theta[0]:.3f}, {theta[1]:.3f})$" in question.prompt
    step = f"{theta[1]:.3f}"
    for option in question.options:
        assert step in option.text

    def chance(spend):
        return float(Bernoulli().response(theta[0] + theta[1] * spend))

    def odds(spend):
        return chance(spend) / (1 - chance(spend))

    add, key, times, slope = question.options
    assert key.correct
    assert odds(7) / odds(6) == pytest.approx(np.exp(theta[1]))
    assert f"from ${chance(6):.3f}$ to ${chance(7):.3f}$" in key.why
    assert f"from ${odds(6):.2f}$ to ${odds(7):.2f}$" in key.why
    # the probability at 6 plus the step, or times the factor, passes 1
    assert chance(6) + theta[1] > 1 and chance(6) * np.exp(theta[1]) > 1
    for option in (add, times):
        assert f"${chance(6):.3f}$" in option.why and "pass 1" in option.why
    # the divide-by-four slope holds at the middle, not from 0 to 1
    middle = -theta[0] / theta[1]
    assert chance(middle) == pytest.approx(0.5)
    assert f"{theta[1] / 4:.3f}" in slope.text
    assert f"about ${middle:.2f}$" in slope.why
    assert f"from ${chance(0):.3f}$ to ${chance(1):.3f}$" in slope.why
    assert chance(1) - chance(0) < theta[1] / 4 / 2


def test_links_that_are_their_own_inverse():
    """Chapter 6 Q1: g = g^-1 for the identity, inverse and negative inverse
    links, and for no other link glmlib offers."""
    t = np.array([0.2, 0.7, 2.0, 5.0])
    own_inverse = set()
    with np.errstate(all="ignore"):
        for name, make in LINKS.items():
            if name == "multinomial_logit":
                continue  # a vector of means, not one number
            link = make()
            if np.allclose(link.link(t), link.response(t)):
                own_inverse.add(name)
    assert own_inverse == {"identity", "inverse", "negative_inverse"}
    why = questions_for_chapter(6)[0].options[1].why
    assert "identity" in why and "inverse $1/\\mu$" in why
    assert "negative inverse $-1/\\mu$" in why
    assert "Only" not in why


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
