"""Chapter 8, driven headless: one gradient for every GLM, and the training race.

All three of the chapter's simulations are in ``ALL_SIMULATIONS``, so they
go through the generic checks of tests/test_sims.py. Everything the chapter claims is checked against a computation that
does not go through the code under test: hand-written means and variances,
finite differences, statsmodels' GLM, the rule theta += alpha X^T (y - h) / n
written out, and the learning-rate limit seen as convergence or divergence.
"""

import math
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import special

import glmlib
from glmlib import Bernoulli, Categorical, DivergenceWarning, Poisson, data
from glmlib.course import ch08_one_gradient_for_every_glm as ch08
from glmlib.simulations import (
    ALL_SIMULATIONS,
    SIMULATIONS,
    SoftmaxRegions,
    TangentOfLogPartition,
    TrainingRace,
)
from glmlib.simulations.ch08_one_gradient_for_every_glm.race import LEARNING_RATES

ETAS = (-2.5, -0.4, 0.0, 0.8, 2.5)


def softmax_by_hand(eta_vector):
    logits = np.concatenate([[0.0], eta_vector])
    e = np.exp(logits - logits.max())
    return e / e.sum()


#: each family's mean of T and variance of T, written out here
BY_HAND = {
    "gaussian": (lambda e: e, lambda e: 1.0),
    "bernoulli": (
        lambda e: 1 / (1 + math.exp(-e)),
        lambda e: math.exp(-e) / (1 + math.exp(-e)) ** 2,
    ),
    "poisson": (math.exp, math.exp),
    "categorical": (
        lambda e: softmax_by_hand(e)[1:],
        lambda e: (
            np.diag(softmax_by_hand(e)[1:])
            - np.outer(softmax_by_hand(e)[1:], softmax_by_hand(e)[1:])
        ),
    ),
}


# --- a(eta): slope = mean, curvature = variance ----------------------------


@pytest.mark.parametrize("family", ch08.CALCULUS_FAMILIES)
@pytest.mark.parametrize("eta", ETAS)
def test_slope_of_a_is_the_mean_and_its_curvature_the_variance(family, eta):
    calc = ch08.log_partition_calculus(family, eta)
    mean, variance = BY_HAND[family]
    e = calc.eta
    np.testing.assert_allclose(calc.response, mean(e), rtol=1e-12)
    np.testing.assert_allclose(calc.slope_by_difference, mean(e), rtol=1e-7)
    np.testing.assert_allclose(calc.mean_by_summation, mean(e), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(calc.unit_variance, variance(e), rtol=1e-12)
    np.testing.assert_allclose(calc.curvature_by_difference, variance(e), rtol=1e-5)
    np.testing.assert_allclose(calc.variance_by_summation, variance(e), rtol=1e-7)
    assert calc.total_probability == pytest.approx(1.0, abs=1e-9)
    assert calc.slopes_agree and calc.curvatures_agree


def test_the_categorical_slice_holds_eta2_and_its_slope_is_p1():
    calc = ch08.log_partition_calculus("categorical", 0.3)
    np.testing.assert_array_equal(calc.eta, [0.3, ch08.OTHER_ETA])
    p = softmax_by_hand(calc.eta)
    np.testing.assert_allclose(calc.probabilities, p)
    # log-sum-exp written out, and its slope along eta_1 by hand
    lse = math.log(1 + math.exp(0.3) + math.exp(ch08.OTHER_ETA))
    assert calc.log_partition == pytest.approx(lse)
    assert calc.slope_by_difference[0] == pytest.approx(p[1], rel=1e-7)


def test_a_wrong_log_partition_is_caught(monkeypatch):
    monkeypatch.setattr(Poisson, "log_partition", lambda self, eta: 1.01 * np.exp(eta))
    calc = ch08.log_partition_calculus("poisson", 0.8)
    assert not calc.slopes_agree


def test_a_wrong_response_is_caught(monkeypatch):
    monkeypatch.setattr(
        Bernoulli, "response", lambda self, eta: special.expit(0.9 * eta)
    )
    calc = ch08.log_partition_calculus("bernoulli", 0.8)
    assert not calc.slopes_agree


def test_only_the_chapters_families_are_offered():
    with pytest.raises(ValueError, match="categorical"):
        ch08.log_partition_calculus("gamma", -1.0)


# --- the gradient, step by step ---------------------------------------------


@pytest.mark.parametrize(
    ("family", "y"), [("gaussian", 1.7), ("bernoulli", 1.0), ("poisson", 4.0)]
)
@pytest.mark.parametrize("eta", ETAS)
def test_step1_the_slope_in_eta_is_y_minus_the_mean(family, y, eta):
    by_formula, by_difference = ch08.score_in_eta(family, y, eta)
    assert by_formula == pytest.approx(y - BY_HAND[family][0](eta))
    assert by_difference == pytest.approx(by_formula, rel=1e-6, abs=1e-8)


def _datasets():
    shop_X, shop_y = data.shop_design()
    features, grade, _ = data.spector_grades()
    stack, loss, _ = data.stack_loss()
    three_X, labels = data.three_classes()
    return {
        "gaussian": (data.standardized_design(stack), loss),
        "bernoulli": (data.standardized_design(features), grade),
        "poisson": (shop_X, shop_y),
        "categorical": (three_X, labels),
    }


DATA = _datasets()


@pytest.mark.parametrize("family", list(DATA))
def test_steps2_and_3_the_gradient_is_the_error_times_the_features(family, rng):
    X, y = DATA[family]
    shape = (X.shape[1], 2) if family == "categorical" else (X.shape[1],)
    for theta in (np.zeros(shape), 0.3 * rng.standard_normal(shape)):
        check = ch08.loglik_gradient_check(X, y, family, theta)
        assert check.agree, check.largest_gap
        # one row: the single-example gradient (step 2)
        row = ch08.loglik_gradient_check(X[:1], y[:1], family, theta)
        assert row.agree
    # at the maximum the error is orthogonal to every feature
    newton = glmlib.fit(X, y, family).coef
    at_peak = ch08.loglik_gradient_check(X, y, family, newton)
    assert np.max(np.abs(at_peak.by_formula)) < 1e-6 * len(y)


def test_the_gradient_check_can_fail(monkeypatch):
    X, y = DATA["poisson"]
    monkeypatch.setattr(Poisson, "response", lambda self, eta: np.exp(0.95 * eta))
    check = ch08.loglik_gradient_check(X, y, "poisson", np.array([0.5, 0.2]))
    assert not check.agree


# --- one loop for every model -------------------------------------------------

STATSMODELS_FAMILIES = {
    "gaussian": sm.families.Gaussian(),
    "bernoulli": sm.families.Binomial(),
    "poisson": sm.families.Poisson(),
}


def _loop_on(family):
    X, y = DATA[family]
    if family == "categorical":
        T = Categorical(3).sufficient_statistic(y.astype(int), 3)
        response = ch08.softmax_response
    else:
        T = y
        response = glmlib.get_family(family).response
    newton = glmlib.fit(X, y, family).coef
    rate = 1.0 / glmlib.curvature.largest_curvature(X, family, newton)
    return ch08.universal_loop(X, T, response, rate, 3000), newton


@pytest.mark.parametrize("family", list(DATA))
def test_one_loop_reaches_newtons_answer(family):
    theta, newton = _loop_on(family)
    np.testing.assert_allclose(theta, newton, atol=1e-7)
    if family in STATSMODELS_FAMILIES:
        X, y = DATA[family]
        ref = sm.GLM(y, X, family=STATSMODELS_FAMILIES[family]).fit().params
        np.testing.assert_allclose(theta, ref, atol=1e-6)


def test_the_loop_with_another_models_line_lands_elsewhere():
    X, y = DATA["poisson"]
    newton = glmlib.fit(X, y, "poisson").coef
    theta = ch08.universal_loop(X, y, special.expit, 0.1, 3000)  # sigmoid: wrong
    assert np.max(np.abs(theta - newton)) > 0.1


def test_softmax_response_is_the_mean_of_the_one_hot_statistic():
    eta = np.array([[0.4, -1.2], [3.0, 2.0]])
    for row, probs in zip(eta, ch08.softmax_response(eta), strict=True):
        np.testing.assert_allclose(probs, softmax_by_hand(row)[1:])


# --- curvature and the learning-rate limit -----------------------------------


def _hessian_by_differences(X, y, family, theta, step=1e-5):
    """Minus the Hessian of the averaged log-likelihood, from gradients by hand."""
    shape = theta.shape

    def grad(th):
        check = ch08.loglik_gradient_check(X, y, family, th.reshape(shape))
        return check.by_formula.ravel() / len(y)

    flat = theta.ravel()
    cols = []
    for j in range(flat.size):
        e = np.zeros(flat.size)
        e[j] = step
        cols.append((grad(flat - e) - grad(flat + e)) / (2 * step))
    return np.array(cols)


@pytest.mark.parametrize("family", list(DATA))
def test_largest_curvature_is_the_top_eigenvalue_of_minus_the_hessian(family):
    X, y = DATA[family]
    theta = glmlib.fit(X, y, family).coef
    hessian = _hessian_by_differences(X, y, family, theta)
    top = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    assert glmlib.curvature.largest_curvature(X, family, theta) == pytest.approx(
        top, rel=1e-5
    )


def test_gaussian_gradient_ascent_converges_below_2_over_L_and_diverges_above():
    X, y = data.shop_design()
    limit = 2.0 / glmlib.curvature.largest_curvature(X, "gaussian", np.zeros(2))
    assert limit == pytest.approx(2.0 / np.linalg.eigvalsh(X.T @ X / len(y))[-1])
    below = glmlib.fit(
        X, y, "gaussian", method="gradient", learning_rate=0.97 * limit, max_iter=5000
    )
    assert below.converged
    with pytest.warns(DivergenceWarning):
        above = glmlib.fit(
            X, y, "gaussian", method="gradient", learning_rate=1.03 * limit,
            max_iter=5000,
        )  # fmt: skip
    assert above.diverged


# --- the race ------------------------------------------------------------------


def test_race_follows_the_rule_step_by_step():
    state = ch08.race("poisson", 0.03)
    X, y = data.shop_design()
    path = state.gradient_path
    np.testing.assert_array_equal(path[0], [0.0, 0.0])
    np.testing.assert_array_equal(state.newton_path[0], [0.0, 0.0])
    for k in (0, 1, 50, len(path) - 2):
        step = 0.03 * X.T @ (y - np.exp(X @ path[k])) / len(y)
        np.testing.assert_allclose(path[k + 1], path[k] + step, rtol=1e-12)
    loglik = np.mean(y * (X @ path[7]) - np.exp(X @ path[7]) - special.gammaln(y + 1))
    assert state.gradient_loglik[7] == pytest.approx(loglik)


def test_newton_needs_a_handful_of_steps_and_gradient_ascent_hundreds():
    state = ch08.race("poisson", 0.03)
    reference = sm.GLM(*data.shop_design()[::-1], family=sm.families.Poisson())
    peak = reference.fit().params
    assert state.newton_steps <= 8
    assert state.gradient_outcome == "converged"
    assert 100 <= state.gradient_steps <= ch08.RACE_STEPS
    np.testing.assert_allclose(state.peak, peak, atol=1e-8)
    np.testing.assert_allclose(state.gradient_path[-1], peak, atol=1e-5)
    # the gap to the peak: Newton's shrinks faster than a fixed factor per step
    gaps = state.gap(state.newton_loglik)
    assert gaps[3] / gaps[2] < 0.01 and gaps[4] / gaps[3] < 0.01


def test_newton_steps_taken_recovers_the_halved_first_step():
    # independent of glmlib's fit: the full Newton step and the log-likelihood
    # written out; the fit's first iterate must be that step halved until the
    # log-likelihood no longer falls (glmlib's rule)
    X, y = data.shop_design()

    def loglik(theta):
        eta = X @ theta
        return np.mean(y * eta - np.exp(eta) - special.gammaln(y + 1))

    theta = np.zeros(2)
    mu = np.exp(X @ theta)
    full = np.linalg.solve((X * mu[:, None]).T @ X, X.T @ (y - mu))
    share = 1.0
    while loglik(theta + share * full) < loglik(theta):
        share /= 2
    first = ch08.newton_steps_taken("poisson")[0]
    np.testing.assert_allclose(first.full, full)
    assert first.share == pytest.approx(share) and share < 1
    np.testing.assert_allclose(first.taken, share * full)
    assert [t[0] for t in first.tried] == [2.0**-k for k in range(len(first.tried))]
    assert first.start_loglik == pytest.approx(loglik(theta))
    # every later step is a full one, and the Gaussian's first lands on the peak
    assert all(
        s.share == pytest.approx(1.0) for s in ch08.newton_steps_taken("poisson")[1:]
    )
    gaussian = ch08.newton_steps_taken("gaussian")
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(gaussian[0].taken, least_squares)
    assert gaussian[0].share == pytest.approx(1.0)


def test_the_newton_readout_says_which_steps_were_cut():
    poisson = ch08.race("poisson", 0.03)
    shares = [s.share for s in ch08.newton_steps_taken("poisson")]
    assert poisson.newton_shares == pytest.approx(shares)
    cut = 1 / shares[0]
    assert poisson.newton_summary() == (
        f"converged in {poisson.newton_steps} steps "
        f"(no learning rate; step 1 cut to 1/{cut:.0f})"
    )
    gaussian = ch08.race("gaussian", 0.03)
    assert gaussian.newton_summary().endswith("every step at full length)")
    assert ch08.share_words(0.125) == "1/8"
    assert ch08.share_words(0.3) == "0.300 of its length"
    sim = TrainingRace()
    assert f"Newton: {poisson.newton_summary()}" in sim.readout_text()
    sim.close()


def test_logistic_curvature_never_exceeds_its_bound(rng):
    X, y = DATA["bernoulli"]
    bound = np.linalg.eigvalsh(X.T @ X)[-1] / (4 * len(X))
    assert ch08.logistic_curvature_bound(X) == pytest.approx(bound)
    # at theta = 0 every phi is 1/2: the bound is reached there
    assert glmlib.curvature.largest_curvature(
        X, "bernoulli", np.zeros(4)
    ) == pytest.approx(bound)
    peak = glmlib.fit(X, y, "bernoulli").coef
    for theta in [peak, *(3 * rng.standard_normal((200, 4)))]:
        phi = special.expit(X @ theta)
        by_hand = np.linalg.eigvalsh((X * (phi * (1 - phi))[:, None]).T @ X)[-1]
        assert by_hand / len(X) <= bound * (1 + 1e-12)


def test_the_poisson_curvature_has_no_bound_and_2_over_L_is_not_enough():
    X, _ = data.shop_design()
    bends = [
        glmlib.curvature.largest_curvature(X, "poisson", np.array([0.0, t]))
        for t in (0.0, 1.0, 2.0, 3.0)
    ]
    assert bends == sorted(bends) and bends[-1] > 100 * bends[0]
    at_peak = ch08.race("poisson", 0.05)
    assert 0.05 < at_peak.threshold
    assert ch08.ascent_from("poisson", 0.05, (0.0, 0.0)) == at_peak.summary()
    # from (0, 1) the curvature is above 2 / 0.05, and the first step falls
    assert bends[1] > 2 / 0.05
    assert ch08.ascent_from("poisson", 0.05, (0.0, 1.0)) == "diverged at step 1"


@pytest.mark.parametrize(
    ("model", "rate", "outcome"),
    [
        ("poisson", 0.005, "crawling"),
        ("poisson", 0.05, "converged"),
        ("poisson", 0.06, "overshooting"),
        ("poisson", 0.1, "diverged"),
        ("gaussian", 0.02, "crawling"),
        ("gaussian", 0.28, "converged"),
        ("gaussian", 0.3, "diverged"),
    ],
)
def test_race_outcomes_sit_where_2_over_L_puts_them(model, rate, outcome):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing escapes race()
        state = ch08.race(model, rate)
    assert state.gradient_outcome == outcome
    assert (rate < state.threshold) == (outcome in ("crawling", "converged"))
    verdict = state.verdict()
    assert format(state.threshold, ".4f") in verdict.replace("\u2212", "-")
    assert np.all(np.isfinite(state.gradient_path))
    assert np.all(np.isfinite(state.gradient_loglik))


def test_a_diverged_path_shows_the_refused_step():
    state = ch08.race("poisson", 0.08)
    X, y = data.shop_design()
    last, refused = state.gradient_path[-2:]
    step = 0.08 * X.T @ (y - np.exp(X @ last)) / len(y)
    np.testing.assert_allclose(refused, last + step)
    assert state.gradient_loglik[-1] < state.gradient_loglik[0]  # below the start


# --- the race as a simulation: playback ------------------------------------------


def test_playback_steps_to_first_middle_and_last_frame(check_readouts, artist_snapshot):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim = TrainingRace()
        state = sim.state
        last = state.n_frames - 1
        assert sim.playback.n_frames == state.n_frames
        assert sim.playback.frame == last  # a new path is shown whole
        seen = []
        for k in (0, last // 2, last):
            before = artist_snapshot(sim.figure)
            sim.playback.slider.value = k
            if k:
                assert artist_snapshot(sim.figure) != before
            g = state.at(state.gradient_path, k)
            n = state.at(state.newton_path, k)
            np.testing.assert_array_equal(sim.grad_dot.get_xydata()[0], g)
            np.testing.assert_array_equal(sim.newton_dot.get_xydata()[0], n)
            assert len(sim.grad_line.get_xdata()) == min(k, last) + 1
            assert sim.step_line.get_xdata()[0] == k
            assert f"step = {k}\n" in sim.readout_text()
            check_readouts(sim)
            seen.append(sim.grad_dot.get_xydata()[0].copy())
        assert not np.allclose(seen[0], seen[1])
        assert sim.notice == ""
    sim.close()


def test_a_diverging_rate_is_said_in_words_and_the_play_goes_on(check_readouts):
    sim = TrainingRace()
    sim.controls["learning_rate"].value = 0.1
    assert "Gradient ascent diverged" in sim.notice
    assert "2 / (largest curvature) = 0.0535" in sim.notice
    assert "diverged at step" in sim.readout_text()
    assert "above 2/L = 0.0535" in sim.readout_text()
    sim.playback.slider.value = 0  # playing on clears the notice, not the verdict
    assert "diverged at step" in sim.readout_text()
    check_readouts(sim)
    sim.controls["learning_rate"].value = 0.03
    assert sim.notice == ""
    assert "converged in" in sim.readout_text()
    sim.close()


def test_every_rate_and_model_gives_finite_readouts_and_frames(check_readouts):
    sim = TrainingRace()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for model in ch08.RACE_MODELS:
            sim.controls["model"].value = model
            for rate in LEARNING_RATES:
                sim.controls["learning_rate"].value = rate
                for k in (0, sim.playback.n_frames - 1):
                    sim.playback.show(k)
                    check_readouts(sim)
                    for line in (sim.grad_line, sim.newton_line, sim.grad_gap):
                        assert np.all(np.isfinite(line.get_xydata()))
    sim.close()


def test_a_model_switch_swaps_the_contours_and_the_peak():
    sim = TrainingRace()
    assert sim.contours["poisson"].get_visible()
    assert not sim.contours["gaussian"].get_visible()
    sim.controls["model"].value = "gaussian"
    assert sim.contours["gaussian"].get_visible()
    least_squares = np.linalg.lstsq(*data.shop_design(), rcond=None)[0]
    np.testing.assert_allclose(sim.peak_mark.get_xydata()[0], least_squares)
    # Newton climbs a quadratic in one step
    np.testing.assert_allclose(sim.state.newton_path[1], least_squares)
    sim.close()


def test_registered_for_chapter_8():
    assert SIMULATIONS[8] is TrainingRace
    for cls in (TangentOfLogPartition, TrainingRace, SoftmaxRegions):
        assert cls.chapter == 8 and "chapter 8" in cls.__doc__
        assert (8, cls) in ALL_SIMULATIONS  # so the generic checks drive it


# --- the tangent ------------------------------------------------------------------


@pytest.mark.parametrize("family", ch08.CALCULUS_FAMILIES)
def test_the_drawn_tangent_touches_a_and_has_its_slope(family):
    sim = TangentOfLogPartition()
    sim.controls["family"].value = family
    for eta in (-2.0, 0.35, 1.9):
        sim.controls["eta"].value = eta
        (x0, x1), (y0, y1) = sim.a_tangent.get_data()
        curve_x, curve_y = sim.a_curve.get_data()
        # the slope of the plotted curve itself, by a difference on its grid
        i = int(np.argmin(np.abs(curve_x - eta)))
        measured = (curve_y[i + 1] - curve_y[i - 1]) / (curve_x[i + 1] - curve_x[i - 1])
        assert (y1 - y0) / (x1 - x0) == pytest.approx(measured, rel=2e-3, abs=1e-4)
        dot = sim.a_dot.get_xydata()[0]
        assert dot[1] == pytest.approx(np.interp(dot[0], curve_x, curve_y), abs=1e-3)
        # the right panel's dot sits on the mean curve at the tangent's slope
        assert sim.mean_dot.get_xydata()[0][1] == pytest.approx((y1 - y0) / (x1 - x0))
        text = sim.readout_text()
        lines = dict(
            line.rsplit(" = ", 1) for line in text.splitlines() if " = " in line
        )
        slope_key = next(k for k in lines if k.startswith("a\u2032 = "))
        curvature = lines["a\u2032\u2032 = unit_variance(\u03b7)"]
        assert lines[slope_key] == lines["finite difference of a"]
        assert curvature == lines["second difference of a"]
        # the figure's labels read the same slopes off the lines as drawn
        assert sim.a_label.get_text().endswith(lines[slope_key])
        assert sim.mean_label.get_text().endswith(curvature)
    sim.close()


# --- softmax regions ---------------------------------------------------------------


def test_the_loop_reaches_newtons_regions():
    sim = SoftmaxRegions()
    sim.controls["steps"].value = ch08.LOOP_CHECKPOINTS[-1]
    assert sim.state.gap_to_newton < 1e-6
    fitted = ch08.softmax_fit()
    ref = glmlib.fit(fitted.X, fitted.labels, "categorical").coef
    np.testing.assert_allclose(sim.state.theta, ref, atol=1e-6)
    # every pixel's colour is its class under Newton's theta
    rgb = np.asarray(sim.regions.get_array()).reshape(-1, 3)
    newton_class = ch08.class_probabilities(ref, sim.grid_points).argmax(axis=1)
    tint = 1 - rgb  # proportional to 1 - the class colour
    expected = 1 - sim.colours[newton_class]
    cosine = np.sum(tint * expected, axis=1) / (
        np.linalg.norm(tint, axis=1) * np.linalg.norm(expected, axis=1)
    )
    assert np.all(cosine > 0.999)
    sim.close()


def test_early_steps_differ_and_the_query_reads_the_softmax():
    sim = SoftmaxRegions()
    sim.controls["steps"].value = 1
    assert sim.state.gap_to_newton > 0.1
    sim.controls["x1"].value = -2.0
    sim.controls["x2"].value = 2.5
    p = softmax_by_hand(np.array([1.0, -2.0, 2.5]) @ sim.state.theta)
    np.testing.assert_allclose(sim.state.probabilities, p)
    heights = [bar.get_height() for bar in sim.bars]
    np.testing.assert_allclose(heights, p)
    assert sum(heights) == pytest.approx(1.0)
    np.testing.assert_array_equal(sim.query.get_xydata()[0], [-2.0, 2.5])
    assert f"class {int(np.argmax(p))}" in sim.readout_text()
    sim.close()


def test_a_query_move_keeps_the_still_layer():
    sim = SoftmaxRegions()
    sim.figure.canvas.draw()
    renders = sim.figure.background_renders
    sim.controls["x1"].value = 0.0
    sim.controls["steps"].value = 200
    sim.figure.canvas.draw()
    assert sim.figure.background_renders == renders
    sim.close()


# --- where the claim stops -----------------------------------------------------------


def test_probit_gradient_gains_a_factor_and_gradient_step_follows_it():
    X, y = DATA["bernoulli"]
    theta = np.array([-0.4, 0.6, 0.1, 0.5])
    g = ch08.probit_gradients(X, y, theta)
    np.testing.assert_allclose(g.true, g.by_difference, rtol=1e-6, atol=1e-9)
    assert np.max(np.abs(g.naive - g.by_difference)) > 1e-3
    # the factor, by hand: the normal density over mu (1 - mu)
    eta = X @ theta
    mu = special.ndtr(eta)
    by_hand = np.exp(-(eta**2) / 2) / np.sqrt(2 * np.pi) / (mu * (1 - mu))
    np.testing.assert_allclose(g.factor, by_hand, rtol=1e-10)
    assert np.ptp(g.factor) > 0.1  # it changes from row to row
    np.testing.assert_allclose(X.T @ ((y - mu) * g.factor) / len(y), g.true)


def test_under_the_canonical_logit_the_naive_gradient_is_the_true_one():
    X, y = DATA["bernoulli"]
    theta = np.array([-0.4, 0.6, 0.1, 0.5])
    step = glmlib.gradient_step(theta, X, y, "bernoulli", 1.0) - theta
    np.testing.assert_allclose(step, X.T @ (y - special.expit(X @ theta)) / len(y))


def test_data_sets_have_their_documented_shapes():
    features, grade, names = data.spector_grades()
    assert features.shape == (32, 3) and set(np.unique(grade)) == {0.0, 1.0}
    assert names == ("GPA", "TUCE", "PSI")
    stack, loss, _ = data.stack_loss()
    assert stack.shape == (21, 3) and loss.shape == (21,)
    X, labels = data.three_classes()
    assert X.shape == (150, 3) and set(np.unique(labels)) == {0.0, 1.0, 2.0}
    Z = data.standardized_design(features)
    np.testing.assert_allclose(Z[:, 1:].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, 1:].std(axis=0), 1)


def test_a_crawl_says_how_little_each_step_closes():
    state = ch08.race("gaussian", 0.03)
    X, _ = data.shop_design()
    smallest = np.linalg.eigvalsh(X.T @ X / len(X))[0]  # a'' = 1 for the Gaussian
    assert state.smallest_curvature == pytest.approx(smallest)
    # along that direction the distance to the peak shrinks by 1 - alpha * lambda
    assert (
        f"closes only {100 * 0.03 * smallest:.1f}% of the distance" in state.verdict()
    )
    gaps = np.abs(state.gradient_path[-50:, 0] - state.peak[0])
    ratios = gaps[1:] / gaps[:-1]  # theta_0 is the flattest direction here
    np.testing.assert_allclose(ratios, 1 - 0.03 * smallest, rtol=1e-6)
