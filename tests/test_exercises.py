# ruff: noqa: RUF001 -- the hints, and so the tests, write Greek letters.
"""The coding exercises: each reference passes, typical mistakes get their hint,
and no answer, however wrong, crashes the check.

The reference solutions are written with numpy and scipy; the checks compute
their expected values with glmlib. A reference that passes therefore agrees
with the library by an independent route.
"""

import copy
import inspect
import itertools
import re
import sys
import warnings

import numpy as np
import pytest
from scipy import special

import glmlib
from glmlib import exercises
from glmlib.data import design_matrix
from glmlib.exercises.compare import same
from glmlib.exercises.exercise import Case
from glmlib.exercises.hints import value_hint

NAMES = exercises.names()


def check(name, func):
    return exercises.check(name, func, show_feedback=False)


# --------------------------------------------------------------------------
# the contract


def test_names_say_their_chapter_and_cover_enough_of_the_course():
    assert len(NAMES) >= 8
    assert len(set(NAMES)) == len(NAMES)
    chapters = set()
    for name in NAMES:
        match = re.fullmatch(r"ch(\d)-[a-z0-9]+(-[a-z0-9]+)*", name)
        assert match, name
        assert int(match.group(1)) == exercises.exercise(name).chapter
        chapters.add(int(match.group(1)))
    assert len(chapters) >= 6
    assert NAMES == sorted(NAMES, key=lambda n: exercises.exercise(n).chapter)


def test_an_unknown_name_is_a_clear_error_with_a_suggestion():
    with pytest.raises(ValueError, match="ch3-stable-sigmoid"):
        exercises.check("ch3-stable-sigmoide", lambda eta: eta)


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_solution_passes(name, capsys):
    result = check(name, exercises.solution(name))
    assert result.passed, result.message
    assert result.message.startswith("\u2713 Passed")
    assert "Why it matters:" in result.message
    assert capsys.readouterr().out == ""  # show_feedback=False shows nothing


@pytest.mark.parametrize("name", NAMES)
def test_the_printed_solution_source_runs_and_passes(name):
    namespace = {}
    exec(exercises.solution_source(name), namespace)
    func = namespace[exercises.exercise(name).function_name]
    assert check(name, func).passed


@pytest.mark.parametrize("name", NAMES)
def test_the_stub_has_the_signature_and_says_it_is_not_started(name):
    namespace = {}
    exec(exercises.stub_source(name), namespace)
    ex = exercises.exercise(name)
    stub = namespace[ex.function_name]
    assert inspect.signature(stub) == inspect.signature(ex.solution)
    assert stub.__doc__
    result = check(name, stub)
    assert not result.passed
    assert "NotImplementedError" in result.message
    assert "Replace the line" in result.hint


@pytest.mark.parametrize("name", NAMES)
def test_a_notebook_gets_a_task_a_tagged_stub_and_a_check_cell(name):
    ex = exercises.exercise(name)
    task, stub, check_cell = exercises.notebook_cells(name)
    assert task["cell_type"] == "markdown"
    assert name in task["source"] and ex.title in task["source"]
    assert f"`{ex.function_name}" in task["source"]
    assert stub["metadata"]["tags"] == ["exercise"]
    assert f"def {ex.function_name}(" in stub["source"]
    assert "return" not in stub["source"].split('"""')[-1]  # no solution leaks
    assert check_cell["source"].endswith(
        f'exercises.check("{name}", {ex.function_name})'
    )
    assert exercises.title(name) == ex.title


def test_inputs_are_copies_that_reproduce_a_failure():
    args = exercises.inputs("ch3-stable-sigmoid")
    args[2]["eta"][:] = 99.0
    assert check("ch3-stable-sigmoid", exercises.solution("ch3-stable-sigmoid")).passed
    again = exercises.inputs("ch3-stable-sigmoid")[4]
    assert again == {"eta": 800.0}


# --------------------------------------------------------------------------
# the expected values come from glmlib


def test_the_expected_values_follow_glmlib(monkeypatch):
    # If glmlib's Poisson said something else, the reference would fail the check.
    assert check(
        "ch1-poisson-log-partition", exercises.solution("ch1-poisson-log-partition")
    ).passed
    monkeypatch.setattr(
        glmlib.Poisson, "log_partition", lambda self, eta: np.exp(eta) + 1
    )
    result = check(
        "ch1-poisson-log-partition", exercises.solution("ch1-poisson-log-partition")
    )
    assert not result.passed


def test_the_gradient_step_is_the_one_glmlib_fit_takes():
    # glmlib.fit(method="gradient") starts from zero; one iteration is one step.
    X, y = design_matrix([0.0, 1.0, 2.0, 3.0]), np.array([0.0, 1.0, 0.0, 1.0])
    with pytest.warns(glmlib.ConvergenceWarning):
        one = glmlib.fit(
            X, y, "bernoulli", method="gradient", learning_rate=0.3, max_iter=1
        )
    step = exercises.exercise("ch8-gradient-step").expected
    np.testing.assert_allclose(
        step(np.zeros(2), X, y, glmlib.Bernoulli(), 0.3), one.coef
    )


def test_the_fit_loop_run_long_reaches_glmlibs_maximum_likelihood():
    X, y = design_matrix([0.0, 1.0, 2.0, 3.0]), np.array([0.5, 1.4, 2.1, 3.3])
    loop = exercises.exercise("ch9-fit-loop").expected
    theta = loop(X, y, glmlib.Gaussian(), 0.2, 5000)
    np.testing.assert_allclose(theta, glmlib.fit(X, y, "gaussian").coef, rtol=1e-9)


# --------------------------------------------------------------------------
# typical mistakes get their hint, at the input that shows them


def _naive_sigmoid(eta):
    return np.exp(eta) / (1 + np.exp(eta))


def _sigmoid_into_int_array(eta):
    eta = np.asarray(eta)
    out = np.zeros_like(eta)
    upper = eta >= 0
    out[upper] = 1 / (1 + np.exp(-eta[upper]))
    small = np.exp(eta[~upper])
    out[~upper] = small / (1 + small)
    return out


def _sigmoid_with_where(eta):
    eta = np.asarray(eta, dtype=float)
    return np.where(eta >= 0, 1 / (1 + np.exp(-eta)), np.exp(eta) / (1 + np.exp(eta)))


def _step_in_place(theta, X, y, family, learning_rate):
    theta += learning_rate * X.T @ (y - family.response(X @ theta)) / len(y)
    return theta


def _loop_without_update(X, y, family, learning_rate, n_steps):
    theta = np.zeros(X.shape[1])
    new = theta
    for _ in range(n_steps):
        new = theta + learning_rate * X.T @ (y - family.response(X @ theta)) / len(y)
    return new


def _loop_one_too_many(X, y, family, learning_rate, n_steps):
    theta = np.zeros(X.shape[1])
    for _ in range(n_steps + 1):
        theta = theta + learning_rate * X.T @ (y - family.response(X @ theta)) / len(y)
    return theta


def _loop_history(X, y, family, learning_rate, n_steps):
    theta, history = np.zeros(X.shape[1]), []
    for _ in range(n_steps):
        theta = theta + learning_rate * X.T @ (y - family.response(X @ theta)) / len(y)
        history.append(theta)
    return np.array(history)


def _sigmoid_with_if(eta):
    if eta >= 0:
        return 1 / (1 + np.exp(-eta))
    return np.exp(eta) / (1 + np.exp(eta))


def _step_over_p(theta, X, y, family, learning_rate):
    h = family.response(X @ theta)
    return theta + learning_rate * X.T @ (y - h) / len(theta)


def _step_with_link(theta, X, y, family, learning_rate):
    h = family.link(X @ theta)
    return theta + learning_rate * X.T @ (y - h) / len(y)


def _step_without_learning_rate(theta, X, y, family, learning_rate):
    return theta + X.T @ (y - family.response(X @ theta)) / len(y)


def _loop_over_p(X, y, family, learning_rate, n_steps):
    theta = np.zeros(X.shape[1])
    for _ in range(n_steps):
        h = family.response(X @ theta)
        theta = theta + learning_rate * X.T @ (y - h) / X.shape[1]
    return theta


def _loop_with_h_before_it(X, y, family, learning_rate, n_steps):
    theta = np.zeros(X.shape[1])
    h = family.response(X @ theta)
    for _ in range(n_steps):
        theta = theta + learning_rate * X.T @ (y - h) / len(y)
    return theta


def _gaussian_with_sigma_not_squared(y, mu, sigma):
    eta = mu / sigma**2
    a = mu**2 / (2 * sigma)
    b = np.exp(-(y**2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    return eta, a, b


def _log_likelihood_with_factorial(theta, X, y):
    eta = X @ theta
    return np.sum(y * eta - np.exp(eta) - np.log(special.factorial(y)))


_X5_SHOWN = "X = np.array([[1.0, 0.0],"
_FIRST_BERNOULLI = "family = Bernoulli()"

#: name -> [(wrong function, words the hint must contain, text of the input shown)]
WRONG = {
    "ch0-update-direction": [
        (lambda theta, X, y: X.T @ (X @ theta - y) / len(y), ["uphill"], _X5_SHOWN),
        (
            lambda theta, X, y: X.T @ (y - X @ theta),
            ["n = 5", "divide by n"],
            _X5_SHOWN,
        ),
        (
            lambda theta, X, y: (y - X @ theta)[:, None] * X,
            ["one row", "per example"],
            "theta = np.array([0.5, -0.2])",
        ),
        (lambda theta, X, y: X @ (y - X @ theta) / len(y), ["X.T"], _X5_SHOWN),
        (
            lambda theta, X, y: X.T @ (y - X @ theta) / X.shape[1],
            ["divided by p = 2", "n = 5 rows", "len(y)"],
            _X5_SHOWN,
        ),
        (
            lambda theta, X, y: 2 * X.T @ (y - X @ theta) / len(y),
            ["twice", "factor 1/2"],
            _X5_SHOWN,
        ),
    ],
    "ch1-poisson-log-partition": [
        (lambda eta: eta, ["η itself", "λ = e^η"], "eta = 1.5"),
        (lambda eta: np.log(eta), ["log where an exp belongs"], "eta = 1.5"),
        (lambda eta: np.logaddexp(0, eta), ["bernoulli"], "eta = 1.5"),
    ],
    "ch2-gaussian-with-sigma": [
        (
            lambda y, mu, sigma: (mu, mu**2 / 2, np.exp(-(y**2) / 2)),
            ["η = μ holds only for σ = 1"],
            "sigma = 3.0",
        ),
        (
            lambda y, mu, sigma: (
                mu / sigma**2,
                mu**2 / (2 * sigma**2),
                np.exp(-(y**2) / (2 * sigma**2)),
            ),
            ["normalising factor"],
            "sigma = 3.0",
        ),
        (
            lambda y, mu, sigma: (
                mu / sigma**2,
                mu**2 / (2 * sigma**2) + 0.5 * np.log(2 * np.pi * sigma**2),
                np.exp(-(y**2) / (2 * sigma**2)),
            ),
            ["multiply back to the right density"],
            "mu = 0.5",
        ),
        (lambda y, mu, sigma: mu / sigma**2, ["return eta, a, b"], "y = 1.0"),
        (
            lambda y, mu, sigma: (mu / sigma, mu**2 / (2 * sigma**2), 1.0),
            ["variance σ², not by σ"],
            "sigma = 3.0",
        ),
        (
            _gaussian_with_sigma_not_squared,
            ["μ²/(2σ²)", "variance σ², not by σ"],
            "sigma = 3.0",
        ),
    ],
    "ch3-logit": [
        (lambda phi: special.expit(phi), ["sigmoid", "inverse"], "phi = 0.7"),
        (lambda phi: phi / (1 - phi), ["odds", "log"], "phi = 0.7"),
        (lambda phi: np.log((1 - phi) / phi), ["upside down"], "phi = 0.7"),
    ],
    "ch3-stable-sigmoid": [
        (_naive_sigmoid, ["overflow", "mask"], "eta = 800.0"),
        (lambda eta: 1 / (1 + np.exp(-eta)), ["overflow", "mask"], "eta = -800.0"),
        (_sigmoid_with_where, ["np.where", "both formulas"], "eta = 800.0"),
        (lambda eta: 1 / (1 + np.exp(eta)), ["probability of 0"], "eta = 0.8"),
        (
            lambda eta: np.log(eta / (1 - eta)),
            ["that is the logit", "inverse"],
            "eta = 0.8",
        ),
        (
            _sigmoid_with_if,
            ["`if`", "mask = eta >= 0"],
            "eta = np.array([-3.0, -0.5, 0.0, 0.5, 4.0])",
        ),
        (
            _sigmoid_into_int_array,
            ["integer", "dtype=float"],
            "eta = np.array([-2, 0, 2])",
        ),
    ],
    "ch5-predict-mean": [
        (
            lambda theta, X, family: X @ theta,
            ["Bernoulli model", "response of η", "sigmoid"],
            "family = 'bernoulli'",
        ),
        (
            lambda theta, X, family: {
                "bernoulli": special.logit,
                "poisson": np.log,
            }.get(family, lambda z: z)(X @ theta),
            ["link function", "the other way"],
            "family = 'bernoulli'",
        ),
        (
            lambda theta, X, family: (
                _naive_sigmoid(X @ theta)
                if family == "bernoulli"
                else glmlib.get_family(family).response(X @ theta)
            ),
            ["η = 800", "expit"],
            "theta = np.array([0.0, 100.0])",
        ),
    ],
    "ch6-softmax": [
        (
            lambda s: np.exp(s),
            ["divide each by the sum"],
            "scores = np.array([1.0, 2.0, 3.0])",
        ),
        (
            lambda s: np.exp(s) / np.exp(s).sum(),
            ["whole table"],
            "[0.0, 0.0, 0.0, 0.0]",
        ),
        (
            lambda s: np.exp(s) / np.exp(s).sum(axis=-1),
            ["keepdims=True"],
            "scores = np.array([[1.0, 2.0, 3.0, 4.0],",
        ),
        (
            lambda s: np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True),
            ["subtract each row's largest score"],
            "scores = np.array([1000.0, 1001.0, 1002.0])",
        ),
        (
            lambda s: (
                np.exp(s - s.max()) / np.exp(s - s.max()).sum(axis=-1, keepdims=True)
            ),
            ["whole table", "own maximum"],
            "[5.0, 5.0, 5.0]",
        ),
    ],
    "ch7-poisson-log-likelihood": [
        (
            lambda theta, X, y: np.sum(y * (X @ theta) - np.exp(X @ theta)),
            ["log(y!) term is missing"],
            _X5_SHOWN,
        ),
        (
            lambda theta, X, y: np.mean(
                y * (X @ theta) - np.exp(X @ theta) - special.gammaln(y + 1)
            ),
            ["averaged", "n = 5"],
            _X5_SHOWN,
        ),
        (
            _log_likelihood_with_factorial,
            ["170", "gammaln"],
            "y = np.array([180.0, 200.0, 230.0])",
        ),
        (
            lambda theta, X, y: (
                y * (X @ theta) - np.exp(X @ theta) - special.gammaln(y + 1)
            ),
            ["one term per example", "sum"],
            _X5_SHOWN,
        ),
    ],
    "ch7-count-ratio": [
        (lambda theta, delta: theta[1] * delta, ["log of the mean"], "delta = 1.0"),
        (
            lambda theta, delta: np.exp(theta[1]),
            ["exactly one unit", "δ = 2.5"],
            "delta = 2.5",
        ),
        (lambda theta, delta: np.exp(theta[1]) * delta, ["compound"], "delta = 2.5"),
        (
            lambda theta, delta: np.exp(theta[0] + theta[1] * delta),
            ["intercept cancels"],
            "delta = 1.0",
        ),
    ],
    "ch8-gradient-step": [
        (
            lambda theta, X, y, family, learning_rate: (
                theta + learning_rate * X.T @ (y - family.response(X @ theta))
            ),
            ["n = 5", "too long"],
            _FIRST_BERNOULLI,
        ),
        (
            lambda theta, X, y, family, learning_rate: (
                theta - learning_rate * X.T @ (y - family.response(X @ theta)) / len(y)
            ),
            ["downhill"],
            _FIRST_BERNOULLI,
        ),
        (
            lambda theta, X, y, family, learning_rate: (
                theta + learning_rate * X.T @ (y - X @ theta) / len(y)
            ),
            ["family.response(X @ theta)", "sigmoid"],
            _FIRST_BERNOULLI,
        ),
        (_step_in_place, ["caller's array", "theta = theta +"], _FIRST_BERNOULLI),
        (_step_over_p, ["divided by p = 2", "n = 5 rows"], _FIRST_BERNOULLI),
        (
            _step_with_link,
            ["`family.link`", "family.response(X @ theta)"],
            _FIRST_BERNOULLI,
        ),
        (
            _step_without_learning_rate,
            ["learning rate is missing", "learning_rate = 0.3"],
            _FIRST_BERNOULLI,
        ),
    ],
    "ch9-fit-loop": [
        (_loop_one_too_many, ["one step too many", "n_steps = 3"], "n_steps = 3"),
        (_loop_without_update, ["single step"], "n_steps = 3"),
        (_loop_history, ["every θ along the way"], "n_steps = 3"),
        (
            lambda X, y, family, learning_rate, n_steps: glmlib.fit(X, y, family).coef,
            ["converged", "exactly n_steps"],
            "n_steps = 3",
        ),
        (_loop_over_p, ["divided by p = 2", "n = 5 rows"], "n_steps = 3"),
        (
            _loop_with_h_before_it,
            ["computed once", "inside the loop"],
            "n_steps = 3",
        ),
    ],
}


def test_every_exercise_has_at_least_two_typical_mistakes_tested():
    assert set(WRONG) == set(NAMES)
    assert all(len(cases) >= 2 for cases in WRONG.values())


@pytest.mark.parametrize(
    ("name", "func", "words", "shown"),
    [(name, *case) for name, cases in WRONG.items() for case in cases],
    ids=[f"{name}-{i}" for name, cases in WRONG.items() for i in range(len(cases))],
)
def test_a_typical_mistake_gets_its_hint_at_the_input_that_shows_it(
    name, func, words, shown
):
    result = check(name, func)
    assert not result.passed
    assert result.message.startswith("\u2717 Not yet")
    for word in words:
        assert word.lower() in result.hint.lower(), (word, result.message)
    assert shown in result.case_text, result.message
    assert shown in result.message
    assert f"input {result.case_number}" in result.message
    if "expected:" in result.message:
        assert "got:" in result.message


def _expected_at(ex, case):
    expected = ex.expected(**copy.deepcopy(case.args))
    if ex.outputs:
        return tuple(np.asarray(e, dtype=float) for e in expected)
    return np.asarray(expected, dtype=float)


def _predicted(mistake, a, expected):
    """What ``mistake`` returns at an input, the other values of a tuple right."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = mistake.predict(a, expected)
    if mistake.part is None:
        return value
    parts = list(expected)
    parts[mistake.part] = value
    return tuple(parts)


def _making(ex, mistake):
    """A learner's function that makes ``mistake`` at every input."""
    names = list(ex.cases[0].args)

    def wrong(*args):
        case = Case(dict(zip(names, args, strict=True)))
        return _predicted(mistake, case.namespace(), _expected_at(ex, case))

    return wrong


MISTAKES = [
    (name, number, mistake)
    for name in NAMES
    for number, mistake in enumerate(exercises.exercise(name).mistakes)
    if mistake.predict is not None
]


@pytest.mark.parametrize(
    ("name", "number", "mistake"),
    MISTAKES,
    ids=[f"{name}-{number}" for name, number, _ in MISTAKES],
)
def test_every_listed_mistake_can_be_reached(name, number, mistake):
    # A function that makes exactly this mistake gets exactly its hint, unless
    # the mistake raises at an input first (X where X.T belongs, on a
    # non-square X); then the exception's own hint speaks.
    ex = exercises.exercise(name)
    result = check(name, _making(ex, mistake))
    assert not result.passed
    if "Your function raised" in result.message:
        assert result.hint, result.message
        return
    case = ex.cases[result.case_number - 1]
    assert result.hint == mistake.text(case.namespace()), result.message


def _first_input_predictions(name):
    ex = exercises.exercise(name)
    case = ex.cases[0]
    a, expected = case.namespace(), _expected_at(ex, case)
    found = []
    for mistake in ex.mistakes:
        if mistake.predict is None:
            continue
        try:
            answer = _predicted(mistake, a, expected)
        except Exception:
            continue  # it raises: the exception's hint speaks
        if not same(answer, expected):
            found.append((mistake, answer, expected))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_at_the_first_input_no_two_mistakes_give_the_same_answer(name):
    # n = 4 rows, p = 2 columns and a learning rate of 0.5 once made a division
    # by p read as J's factor 1/2 (chapter 0) or as a missing learning rate
    # (chapter 8).
    found = _first_input_predictions(name)
    for (one, answer, _), (other, again, _) in itertools.combinations(found, 2):
        assert not same(answer, again), (one.hint, other.hint)


@pytest.mark.parametrize("name", NAMES)
def test_at_the_first_input_only_a_factor_2_mistake_gives_twice_or_half(name):
    # sigma = 2 once made sigma in place of sigma^2 read as "a factor of 2"
    # (chapter 2).
    for mistake, answer, expected in _first_input_predictions(name):
        text = mistake.text(exercises.exercise(name).cases[0].namespace())
        if "twice" in text or "1/2" in text:
            continue
        for factor in (2.0, 0.5):
            scaled = (
                tuple(factor * e for e in expected)
                if isinstance(expected, tuple)
                else factor * expected
            )
            if mistake.part is not None:
                assert not same(answer[mistake.part], scaled[mistake.part]), text
            else:
                assert not same(answer, scaled), text


def test_a_wrong_value_is_shown_as_expected_against_got():
    result = check("ch1-poisson-log-partition", lambda eta: eta)
    assert result.case_number == 1
    assert "expected: 4.48168907" in result.message
    assert "got:      1.5" in result.message
    assert result.right == 0 and result.total == len(
        exercises.inputs("ch1-poisson-log-partition")
    )


def test_generic_hints_name_a_sign_flip_and_a_missing_one_over_n():
    sign = check("ch3-logit", lambda phi: -np.log(phi / (1 - phi)))
    assert "upside down" in sign.hint

    # ch0's own mistakes aside, the generic rule names the factor n.
    class A:
        n = 5
        p = 2

    assert "1/n is missing" in value_hint(
        A, np.array([1.0, 2.0]), np.array([5.0, 10.0])
    )
    assert "minus the right one" in value_hint(
        A, np.array([1.0, -2.0]), np.array([-1.0, 2.0])
    )
    assert "exp of the right one" in value_hint(
        A, np.array([0.3, 2.0]), np.exp([0.3, 2.0])
    )
    assert "divided by p = 2" in value_hint(
        A, np.array([1.0, 2.0]), np.array([2.5, 5.0])
    )


def test_a_factor_at_a_single_number_needs_the_other_inputs_to_agree():
    # At one number every wrong answer is some multiple of the right one.
    class A:
        n, p = None, None

    one, right = np.array(1.5), np.array(2.0)
    assert value_hint(A, right, one) == ""
    agreeing = [(A, np.array([1.0, 4.0]), np.array([0.75, 3.0]))]
    assert "0.75 times the right one at every input" in value_hint(
        A, right, one, agreeing
    )
    disagreeing = [*agreeing, (A, np.array(3.0), np.array(3.0))]
    assert value_hint(A, right, one, disagreeing) == ""
    # two or more entries of one input are enough on their own
    assert "0.75 times the right one at every entry" in value_hint(
        A, np.array([2.0, 4.0]), np.array([1.5, 3.0])
    )


def test_a_learners_single_number_gets_a_factor_only_when_every_input_shows_it():
    twice = check("ch1-poisson-log-partition", lambda eta: 2 * np.exp(eta))
    assert "2 times the right one" in twice.hint
    # e^(θ₁ + δ) is e^(θ₁δ) times a different number at each input: no factor
    added = check("ch7-count-ratio", lambda theta, delta: np.exp(theta[1] + delta))
    assert not added.passed
    assert "times the right one" not in added.hint
    shifted = check("ch1-poisson-log-partition", lambda eta: np.exp(eta) + 1.0)
    assert "times the right one" not in shifted.hint


def test_a_mutating_function_does_not_spoil_the_inputs_for_later_checks():
    check("ch8-gradient-step", _step_in_place)
    assert check("ch8-gradient-step", exercises.solution("ch8-gradient-step")).passed


# --------------------------------------------------------------------------
# what the exercises say is true


def test_chapter_0s_pass_message_names_the_canonical_link():
    # (y − h)·x is the gradient of a GLM's log-likelihood with its canonical
    # link only; chapter 8 says so.
    assert "canonical link" in exercises.exercise("ch0-update-direction").why


def test_chapter_2s_pass_message_agrees_with_what_a_fit_does():
    # The quiz and the notebook: in the dispersion form (glmlib's) sigma does
    # not move the fitted theta; in chapter 1's form eta = mu / sigma^2.
    why = exercises.exercise("ch2-gaussian-with-sigma").why
    assert "only rescales" not in why
    assert "dispersion form" in why and "the same for every σ" in why
    assert "η = μ/σ²" in why and "divided by σ²" in why
    X, y = design_matrix([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([0.5, 1.4, 2.1, 3.3, 3.8])
    fits = [glmlib.fit(X, y, glmlib.Gaussian(sigma=s)).coef for s in (1.0, 3.0)]
    np.testing.assert_allclose(fits[0], fits[1])


def test_the_stable_sigmoid_task_says_which_form_gives_nan():
    task = exercises.exercise("ch3-stable-sigmoid").task
    with np.errstate(over="ignore", invalid="ignore"):
        printed = 1 / (1 + np.exp(800.0))  # the printed form at eta = -800
        other = np.exp(800.0) / (1 + np.exp(800.0))  # e^eta / (1 + e^eta) at 800
    assert printed == 0.0 and np.isnan(other)
    sentences = re.split(r"(?<=[.!?])\s", task)
    (nan,) = [s for s in sentences if "NaN" in s]
    assert r"\frac{e^{\eta}}{1+e^{\eta}}" in nan
    (overflow,) = [s for s in sentences if "overflow warning" in s and "every" not in s]
    assert r"\eta = -800" in overflow and "right answer" in overflow


# --------------------------------------------------------------------------
# nothing crashes the check


def _raises(*args):
    return 1 / 0


def _warns(*args):
    warnings.warn("a learner's own warning", UserWarning, stacklevel=1)
    return np.nan


def _generator(*args):
    yield 1.0


def _exits(*args):
    sys.exit()


class _Unconvertible:
    """An object numpy cannot turn into an array: its ``__array__`` raises."""

    def __init__(self, error):
        self.error = error

    def __array__(self, dtype=None, copy=None):
        raise self.error


def _sets_numpy_to_raise(*args):
    np.seterr(all="raise")
    return 0.5


BAD_BEHAVIOURS = {
    "returns text": lambda *args: "0.5",
    "returns None": lambda *args: None,
    "returns a list of words": lambda *args: ["a", "b"],
    "returns a nested ragged list": lambda *args: [[1.0], [1.0, 2.0]],
    "returns a wrong shape": lambda *args: np.zeros((7, 1)),
    "returns a 3-d array": lambda *args: np.zeros((2, 3, 4)),
    "returns NaN": lambda *args: np.nan,
    "returns inf": lambda *args: np.inf,
    "returns complex": lambda *args: 1 + 2j,
    "returns a bool": lambda *args: True,
    "returns a dict": lambda *args: {"eta": 1.0},
    "returns an object": lambda *args: object(),
    "returns a function": lambda *args: np.exp,
    "returns a generator": _generator,
    "returns a huge tuple": lambda *args: tuple(range(9)),
    "raises": _raises,
    "warns": _warns,
    "exits": _exits,
    "exits with a code": lambda *args: sys.exit(3),
    "returns an object whose __array__ raises": lambda *args: _Unconvertible(
        RuntimeError("no array here")
    ),
    "returns an object whose __array__ exits": lambda *args: _Unconvertible(
        SystemExit(2)
    ),
    "returns a list holding such an object": lambda *args: [
        _Unconvertible(RuntimeError("no array here"))
    ],
    "sets numpy to raise on overflow": _sets_numpy_to_raise,
    "takes no arguments": lambda: 0.0,
    "takes too many arguments": lambda a, b, c, d, e, f, g: 0.0,
}
NOT_FUNCTIONS = {
    "None": None,
    "a string": "sigmoid",
    "a number": 0.5,
    "an array": np.ones(3),
}


@pytest.mark.parametrize("behaviour", list(BAD_BEHAVIOURS))
@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_answer_of_any_kind_gets_words_not_a_crash(name, behaviour):
    result = check(name, BAD_BEHAVIOURS[behaviour])
    assert isinstance(result, exercises.CheckResult)
    assert result.passed is False
    assert isinstance(result.message, str) and len(result.message) > 40
    assert "Not yet" in result.html and "\u2717" in result.html
    assert (
        " at 0x" not in result.message
    )  # no memory addresses: stored outputs stay stable


@pytest.mark.parametrize("thing", list(NOT_FUNCTIONS))
def test_passing_something_that_is_not_a_function_is_explained(thing):
    result = check("ch3-stable-sigmoid", NOT_FUNCTIONS[thing])
    assert not result.passed
    assert "not a function" in result.message
    assert 'exercises.check("ch3-stable-sigmoid", sigmoid)' in result.hint


def test_sys_exit_in_the_learners_function_is_explained():
    result = check("ch3-logit", _exits)
    assert "raised SystemExit" in result.message
    assert "`return`" in result.hint and "sys.exit()" in result.hint


def test_an_answer_numpy_cannot_read_is_explained():
    result = check("ch3-logit", lambda phi: _Unconvertible(RuntimeError("no array")))
    assert "cannot read as numbers (RuntimeError: no array)" in result.message
    exiting = check("ch3-logit", lambda phi: _Unconvertible(SystemExit(2)))
    assert "could not read (SystemExit: 2)" in exiting.message


def test_the_learners_numpy_error_settings_do_not_outlive_the_check():
    before = np.geterr()
    check("ch3-stable-sigmoid", _sets_numpy_to_raise)
    assert np.geterr() == before


def test_an_interrupt_stops_the_check():
    def interrupted(phi):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check("ch3-logit", interrupted)


def test_the_wrong_number_of_arguments_is_named():
    result = check("ch8-gradient-step", lambda theta, X, y, family: theta)
    assert "with 5 argument(s)" in result.message
    assert "def gradient_step(theta, X, y, family, learning_rate):" in result.hint


def test_an_exception_is_reported_in_words_with_its_input_and_line():
    def logit(phi):
        return np.log(phi) / 0.0 if False else 1 / (phi - phi)

    result = check("ch3-logit", logit)
    assert "raised ZeroDivisionError" in result.message
    assert "phi = 0.7" in result.message
    assert "return np.log(phi) / 0.0 if False else 1 / (phi - phi)" in result.message


# --------------------------------------------------------------------------
# how the feedback is shown


def test_outside_ipython_the_feedback_is_printed(capsys):
    result = exercises.check("ch3-logit", exercises.solution("ch3-logit"))
    assert capsys.readouterr().out.strip() == result.message


def test_the_html_verdict_has_words_and_a_glyph_and_escapes_the_learners_text():
    good = check("ch3-logit", exercises.solution("ch3-logit"))
    assert '<span aria-hidden="true">\u2713</span> Passed' in good.html
    bad = check("ch3-logit", lambda phi: "<script>")
    assert '<span aria-hidden="true">\u2717</span> Not yet' in bad.html
    assert "<script>" not in bad.html and "&lt;script&gt;" in bad.html
    assert bad.mimebundle() == {"text/plain": bad.message, "text/html": bad.html}


def test_in_a_kernel_the_check_cell_shows_the_feedback_once_as_html():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(exercises.stub_source("ch3-logit")),
        nbformat.v4.new_code_cell(exercises.check_source("ch3-logit")),
        nbformat.v4.new_code_cell(
            "import numpy as np\n\n"
            "result = exercises.check('ch3-logit', lambda phi: np.log(phi / (1 - phi)))"
        ),
        nbformat.v4.new_code_cell("result"),
    ]
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert outputs[0] == []
    (shown,) = outputs[1]  # once: the returned object is not displayed again
    assert shown["output_type"] == "display_data"
    assert "\u2717 Not yet" in shown["data"]["text/plain"]
    assert "Not yet</strong>" in shown["data"]["text/html"]
    (passed,) = outputs[2]
    assert "\u2713 Passed" in passed["data"]["text/plain"]
    (again,) = outputs[3]  # a later cell shows a result it is given
    assert "\u2713 Passed" in again["data"]["text/plain"]
