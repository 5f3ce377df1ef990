"""Chapter 7's Poisson regression lab, driven headless.

The generic checks of tests/test_sims.py (controls at their ends, artists
moved in place, cached frames, the ipympl canvas) reach the lab through
``SIMULATIONS[7]``. This file checks the contract other code relies on
(``points``, ``move_point``, ``fit``, ``readout_text``, ``figure``,
``close``) and what the chapter claims, each against a computation that
does not go through glmlib's fit: the Poisson maximum likelihood found by
``scipy.optimize``, least squares by ``numpy.linalg.lstsq``, exponentials
by ``numpy.exp``. Degenerate data made by drags are explained, never an
error; each challenge can be achieved by ``move_point`` alone.
"""

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from ipympl_run import run_under_ipympl
from matplotlib.backend_bases import MouseButton, MouseEvent
from scipy import optimize, stats

import glmlib
from glmlib import Poisson
from glmlib.course import ch07_poisson_regression_lab as ch07
from glmlib.data import SPEND_RANGE, design_matrix, shop_hours
from glmlib.simulations import SIMULATIONS, PoissonLab
from glmlib.simulations.ch07_poisson_regression_lab import START_SPEND

SPEND, CUSTOMERS = shop_hours()
LEFT = MouseButton.LEFT


@pytest.fixture
def lab():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        simulation = PoissonLab()
    yield simulation
    simulation.close()


# --- independent computations ---------------------------------------------------
def poisson_mle(spend, customers):
    """The Poisson log-likelihood's maximiser, by scipy (no glmlib).

    The maximum is where the score X^T (y - e^(X theta)) is zero; scipy's
    root finder solves that system from theta = 0.
    """
    X = np.column_stack([np.ones_like(spend), spend])

    def score(theta):
        return X.T @ (customers - np.exp(X @ theta))

    def score_jacobian(theta):
        return -X.T @ (X * np.exp(X @ theta)[:, None])

    found = optimize.root(score, np.zeros(2), jac=score_jacobian, tol=1e-13)
    # "no good progress" near the root is fine: the score decides
    scale = max(1.0, float(np.max(np.abs(X).T @ customers)))
    assert np.max(np.abs(score(found.x))) < 1e-9 * scale, found.message
    return found.x


def least_squares(spend, customers):
    X = np.column_stack([np.ones_like(spend), spend])
    return np.linalg.lstsq(X, customers, rcond=None)[0]


def readout_line(lab, start):
    lines = [line for line in lab.readout_text().splitlines() if line.startswith(start)]
    assert len(lines) == 1, (start, lab.readout_text())
    return lines[0]


# --- the contract ---------------------------------------------------------------
def test_the_lab_is_chapter_sevens_simulation():
    assert SIMULATIONS[7] is PoissonLab
    assert PoissonLab.chapter == 7


def test_points_are_the_shops_hours_as_whole_counts(lab):
    x, y = lab.points
    np.testing.assert_array_equal(x, SPEND)
    np.testing.assert_array_equal(y, CUSTOMERS)
    assert x.dtype == float and y.dtype == float
    assert np.all(y == np.round(y)) and np.all(y >= 0)
    x[0] = 99.0  # a copy: changing it moves nothing
    assert lab.points[0][0] == SPEND[0]


def test_the_fit_is_the_poisson_maximum_likelihood(lab):
    assert isinstance(lab.fit, glmlib.GLMResult)
    assert lab.fit.family.name == "poisson" and lab.fit.converged
    np.testing.assert_allclose(lab.fit.coef, poisson_mle(SPEND, CUSTOMERS), atol=1e-7)


def test_move_point_rounds_clamps_refits_and_redraws(lab):
    renders = lab.n_updates
    where = lab.move_point(38, x=3.0, y=7.4)
    assert where == (3.0, 7.0)  # y rounded to a whole count
    x, y = lab.points
    assert (x[38], y[38]) == (3.0, 7.0)
    assert lab.n_updates == renders + 1
    np.testing.assert_allclose(lab.fit.coef, poisson_mle(x, y), atol=1e-7)
    np.testing.assert_allclose(
        lab.points_artist.get_xydata(), np.column_stack([x, y]), atol=0
    )
    # below zero, past the axes, left of zero spend: kept inside, a count >= 0
    assert lab.move_point(3, x=-5.0, y=-3.0) == (SPEND_RANGE[0], 0.0)
    assert lab.move_point(4, x=50.0, y=500.0) == (SPEND_RANGE[1], 26.0)
    assert lab.move_point(5, y=2.5) == (SPEND[5], 3.0)  # halves round up
    x, y = lab.points
    assert np.all(y == np.round(y)) and y.min() >= 0
    assert SPEND_RANGE[0] <= x.min() and x.max() <= SPEND_RANGE[1]
    np.testing.assert_allclose(lab.fit.coef, poisson_mle(x, y), atol=1e-7)


def test_move_point_refuses_what_is_not_a_position(lab):
    with pytest.raises(IndexError, match="40 points"):
        lab.move_point(40, y=1.0)
    with pytest.raises(ValueError, match="finite"):
        lab.move_point(0, y=float("nan"))
    np.testing.assert_array_equal(lab.points[1], CUSTOMERS)


def test_close_releases_the_figure_and_the_widgets():
    import matplotlib.pyplot as plt

    lab = PoissonLab()
    number = lab.figure.number
    lab.close()
    assert not plt.fignum_exists(number)
    assert lab.draggable._cids == []


# --- what the readouts say -------------------------------------------------------
@pytest.mark.parametrize("spend", [0.0, 2.5, 5.0, 10.0])
def test_readouts_at_the_chosen_spend(lab, spend):
    lab.controls["spend"].value = spend
    theta = poisson_mle(SPEND, CUSTOMERS)
    log_rate = theta[0] + theta[1] * spend
    line = least_squares(SPEND, CUSTOMERS)
    state = lab.state
    assert state.log_rate == pytest.approx(log_rate, abs=1e-7)
    assert state.fitted_count == pytest.approx(np.exp(log_rate), rel=1e-7)
    assert state.fitted_count > 0
    assert state.factor == pytest.approx(np.exp(theta[1]), rel=1e-7)
    assert state.line_at_spend == pytest.approx(line[0] + line[1] * spend)
    text = lab.readout_text()
    assert f"log-rate θ₀ + θ₁x at x = {spend:.1f}" in text
    assert f"= {log_rate:.3f}".replace("-", "\u2212") in text
    assert f"= {np.exp(log_rate):.3f}" in text
    assert f"multiplies expected customers by {np.exp(theta[1]):.2f}" in text
    # the markers sit at the chosen spend, on the curve and on the line
    assert lab.curve_dot.get_xydata()[0] == pytest.approx((spend, np.exp(log_rate)))
    assert lab.line_dot.get_xydata()[0] == pytest.approx(
        (spend, line[0] + line[1] * spend)
    )
    assert list(lab.spend_guide.get_xdata()) == [spend, spend]


def test_the_effect_is_said_in_words_as_a_factor_per_hundred_dollars(lab):
    factor = np.exp(poisson_mle(SPEND, CUSTOMERS)[1])
    line = readout_line(lab, "each extra hundred dollars")
    assert line == (
        f"each extra hundred dollars multiplies expected customers by {factor:.2f}"
    )
    # under the model the ratio of fitted counts 1 apart is that factor everywhere
    counts = []
    for spend in (1.0, 2.0, 7.0, 8.0):
        lab.controls["spend"].value = spend
        counts.append(lab.state.fitted_count)
    assert counts[1] / counts[0] == pytest.approx(factor)
    assert counts[3] / counts[2] == pytest.approx(factor)
    assert ch07.effect_in_words(0.8).endswith("by 0.80 (fewer customers)")


def test_the_curve_is_the_fitted_mean_and_always_positive(lab):
    theta = poisson_mle(SPEND, CUSTOMERS)
    x, y = lab.curve.get_data()
    np.testing.assert_allclose(y, np.exp(theta[0] + theta[1] * x), rtol=1e-7)
    assert x[0] == SPEND_RANGE[0] and x[-1] == SPEND_RANGE[1]
    assert np.all(y > 0)
    assert lab.curve.get_visible() and not lab.warning_text.get_visible()


def test_the_straight_line_goes_below_zero_and_the_toggle_shows_it(lab):
    assert not lab.line_artist.get_visible()
    lab.controls["show_line"].value = True
    assert lab.line_artist.get_visible() and lab.line_dot.get_visible()
    x, y = lab.line_artist.get_data()
    line = least_squares(SPEND, CUSTOMERS)
    np.testing.assert_allclose(y, line[0] + line[1] * np.asarray(x))
    assert y[0] < 0  # an impossible count at spend 0
    lab.controls["spend"].value = 0.0
    assert lab.state.line_at_spend < 0 < lab.state.fitted_count
    visible = [shown for shown, legend in lab.legends.items() if legend.get_visible()]
    assert visible == [True]
    lab.controls["show_line"].value = False
    assert not lab.line_artist.get_visible() and not lab.line_dot.get_visible()


def test_readout_html_puts_each_readout_on_its_own_line(lab):
    html = lab.readout_html()
    assert html.count('<div class="glm-row">') == len(lab.readouts())
    assert html.count("Can you") == 1
    assert "$" not in lab.readout_text()


# --- the gradient rule -------------------------------------------------------------
def test_the_gradient_rule_reaches_the_irls_theta_after_every_move(lab):
    for index, count in ((38, 2.0), (0, 12.0), (20, 0.0), (39, 26.0)):
        lab.move_point(index, y=count)
        gradient = lab.state.gradient
        x, y = lab.points
        assert gradient.converged and gradient.steps <= ch07.GRADIENT_MAX_STEPS
        np.testing.assert_allclose(gradient.theta, poisson_mle(x, y), atol=1e-6)
        assert "the IRLS θ to 6 decimals" in readout_line(lab, "gradient rule")


def test_the_gradient_rule_is_glmlibs_gradient_step(lab, monkeypatch):
    """Every step the lab takes is one call of glmlib.gradient_step, Poisson family."""
    calls = []
    real = ch07.gradient_step

    def counting(theta, X, y, family, learning_rate):
        calls.append(family)
        return real(theta, X, y, family, learning_rate)

    monkeypatch.setattr(ch07, "gradient_step", counting)
    lab.move_point(10, y=9.0)
    assert calls and set(calls) == {"poisson"}
    assert len(calls) == lab.state.gradient.steps


def test_the_warm_start_needs_far_fewer_steps_than_a_cold_one():
    x, y = SPEND, CUSTOMERS.copy()
    irls = glmlib.fit(design_matrix(x), y, family="poisson")
    cold = ch07.gradient_catch_up(np.zeros(2), x, y, irls)
    y[38] -= 3
    moved = glmlib.fit(design_matrix(x), y, family="poisson")
    warm = ch07.gradient_catch_up(cold.theta, x, y, moved)
    assert cold.agrees and warm.agrees
    assert warm.steps < cold.steps
    # and on the raw spend, from the same warm start, the same rule is far slower
    theta, steps = cold.theta, 0
    rate = (
        1
        / np.linalg.eigvalsh(
            design_matrix(x).T
            @ (design_matrix(x) * moved.predict(design_matrix(x))[:, None])
        )[-1]
        * len(x)
    )
    while np.max(np.abs(theta - moved.coef)) > 1e-6 and steps < 2000:
        theta = glmlib.gradient_step(theta, design_matrix(x), y, "poisson", rate)
        steps += 1
    assert steps > 10 * warm.steps


def test_a_rule_cut_short_says_so_and_carries_on_at_the_next_change(lab, monkeypatch):
    monkeypatch.setattr(ch07, "GRADIENT_MAX_STEPS", 3)
    lab.move_point(39, y=1.0)  # a big change: three steps are not enough
    assert not lab.state.gradient.converged
    assert "it carries on at the next change" in readout_line(lab, "gradient rule")
    first = lab.state.gradient.theta
    lab.controls["spend"].value = 2.0  # the data did not change; the rule goes on
    assert lab.state.gradient.theta[1] != first[1]


# --- degenerate data ---------------------------------------------------------------
def no_estimate_checks(lab, check_readouts):
    """What every data set without an estimate must show."""
    assert lab.fit is None
    assert not lab.curve.get_visible() and not lab.curve_dot.get_visible()
    assert lab.warning_text.get_visible()
    assert lab.notice == ""
    check_readouts(lab)
    assert "none:" in readout_line(lab, "log-rate")
    assert "none:" in readout_line(lab, "fitted count")
    assert "not run" in readout_line(lab, "gradient rule")
    lab.figure.canvas.draw()  # draws without an error


def loglik(theta, spend, customers):
    eta = theta[0] + theta[1] * spend
    return float(np.sum(customers * eta - np.exp(eta)))


def test_all_counts_zero_has_no_estimate_and_says_why(lab, check_readouts):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lab.set_points(SPEND, np.zeros(40))
    no_estimate_checks(lab, check_readouts)
    assert "every hour has 0 customers" in readout_line(lab, "Poisson fit").lower()
    # independent: lowering theta_0 raises the likelihood without end
    values = [loglik((-t, 0.0), SPEND, np.zeros(40)) for t in (1, 10, 100)]
    assert values[0] < values[1] < values[2]
    assert lab.problem_rings.get_visible()
    assert len(lab.problem_rings.get_xdata()) == 40


@pytest.mark.parametrize("edge", ["right", "left"])
def test_a_lone_count_at_the_edge_has_no_estimate(lab, edge, check_readouts):
    counts = np.zeros(40)
    lone = 39 if edge == "right" else 0
    counts[lone] = 5.0
    for i in range(40):  # dragged one by one, as a learner would
        lab.move_point(i, y=counts[i])
    no_estimate_checks(lab, check_readouts)
    words = readout_line(lab, "Poisson fit").lower()
    side = "below" if edge == "right" else "above"
    assert f"the 39 hours with 0 customers {side} x = {SPEND[lone]:.2f}" in words
    ringed = set(
        zip(lab.problem_rings.get_xdata(), lab.problem_rings.get_ydata(), strict=True)
    )
    assert ringed == {(SPEND[i], 0.0) for i in range(40) if i != lone}
    # independent: turning the curve about the lone count's spend raises the
    # likelihood without end
    slope = 1.0 if edge == "right" else -1.0
    values = [
        loglik((-t * slope * SPEND[lone], t * slope), SPEND, counts) for t in (1, 5, 25)
    ]
    assert values[0] < values[1] < values[2]
    # one more hour with customers elsewhere: an estimate again
    lab.move_point(20, y=1.0)
    assert lab.fit is not None and lab.curve.get_visible()
    assert not lab.warning_text.get_visible()
    np.testing.assert_allclose(lab.fit.coef, poisson_mle(*lab.points), atol=1e-6)


def test_every_hour_at_one_spend_is_explained_not_raised(lab, check_readouts):
    # glmlib itself refuses these data: the spend column is the intercept's, scaled
    with pytest.raises(ValueError, match="linearly dependent"):
        glmlib.fit(design_matrix(np.full(40, 5.0)), CUSTOMERS, family="poisson")
    for i in range(40):
        lab.move_point(i, x=5.0)
    no_estimate_checks(lab, check_readouts)
    assert lab.state.line is None and not lab.line_artist.get_visible()
    words = readout_line(lab, "Poisson fit")
    assert "every hour has the same spend, x = 5.00" in words.lower()
    # infinitely many best theta: every curve through the average count at
    # x = 5 has the same log-likelihood, the largest (scipy, no glmlib)
    average = CUSTOMERS.mean()
    assert f"their average, {average:.2f} customers at that spend" in words
    assert "infinitely many" in words

    def loglik(theta):
        return np.sum(stats.poisson.logpmf(CUSTOMERS, np.exp(theta[0] + theta[1] * 5)))

    best = loglik((np.log(average), 0.0))
    for slope in (-3.0, 0.1, 2.0):
        assert loglik((np.log(average) - 5 * slope, slope)) == pytest.approx(best)
    assert loglik((np.log(average * 1.1), 0.0)) < best
    assert "none:" in readout_line(lab, "least-squares line")
    lab.controls["show_line"].value = True  # nothing to show, and no error
    assert not lab.line_artist.get_visible()
    lab.move_point(0, x=6.0)
    assert lab.fit is not None and lab.state.line is not None


def test_nearly_equal_spends_are_explained_too(lab, check_readouts):
    spend = 5.0 + np.arange(40) * 1e-14
    lab.set_points(spend, CUSTOMERS)
    assert np.ptp(lab.points[0]) > 0  # the spends are not all equal ...
    no_estimate_checks(
        lab, check_readouts
    )  # ... but glmlib cannot tell the columns apart
    assert "too close together" in readout_line(lab, "Poisson fit")


def test_a_steep_but_finite_fit_is_shown_without_overflow(lab, check_readouts):
    """Two busy hours a hair apart at the right, empty hours to their left."""
    counts = np.zeros(40)
    spend = SPEND.copy()
    spend[38], spend[39] = 9.999, 10.0
    counts[38], counts[39] = 1.0, 26.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lab.set_points(spend, counts)
    assert lab.fit is not None
    assert lab.state.factor > 1e100  # e^theta_1, astronomically steep
    check_readouts(lab)
    assert np.all(np.isfinite(lab.curve.get_ydata()))
    lab.figure.canvas.draw()


def test_every_point_in_every_corner_keeps_the_readouts_defined(lab, check_readouts):
    corners = [(0.0, 0.0), (10.0, 0.0), (0.0, 26.0), (10.0, 26.0), (5.0, 13.0)]
    rng = np.random.default_rng(7)
    for _ in range(60):
        i = int(rng.integers(40))
        x, y = corners[int(rng.integers(len(corners)))]
        lab.move_point(i, x=x, y=y)
        check_readouts(lab)
        assert lab.notice == "", lab.notice
        if lab.fit is not None:
            np.testing.assert_allclose(
                lab.fit.coef, poisson_mle(*lab.points), rtol=1e-5, atol=1e-6
            )


# --- the challenges ------------------------------------------------------------------
def factor_of(spend, customers):
    X = design_matrix(spend)
    if not glmlib.finite_estimate_exists(X, customers, "poisson"):
        return None
    return float(np.exp(poisson_mle(spend, customers)[1]))


def line_rescued(spend, customers):
    b0, b1 = least_squares(spend, customers)
    return min(b0, b0 + 10 * b1) >= 0 and b1 >= 0.5  # half a customer per 100 dollars


def drive(lab, distance, done, counts=range(27), max_moves=25):
    """Greedy: move one hour at a time to the count that brings ``distance`` down most."""
    moves = 0
    while not done(*lab.points):
        assert moves < max_moves, "the challenge was not reached"
        x, y = lab.points
        best = None
        for i in range(len(x)):
            for count in counts:
                if count == y[i]:
                    continue
                trial = y.copy()
                trial[i] = count
                d = distance(x, trial)
                if d is not None and (best is None or d < best[0]):
                    best = (d, i, count)
        lab.move_point(best[1], y=best[2])
        moves += 1
    return moves


def fast_factor(spend, customers):
    X = design_matrix(spend)
    if not glmlib.finite_estimate_exists(X, customers, "poisson"):
        return None
    return float(np.exp(glmlib.fit(X, customers, family="poisson").coef[1]))


@pytest.mark.parametrize(
    ("number", "target", "low", "high"),
    [(1, 2.0, 1.95, 2.05), (2, 1.0, 0.99, 1.01)],
)
def test_the_factor_challenges_can_be_achieved_by_dragging(
    lab, number, target, low, high
):
    challenge = f"challenge {number}"
    assert "not yet" in readout_line(lab, challenge)

    def distance(x, y):
        factor = fast_factor(x, y)
        return None if factor is None else abs(factor - target)

    def done(x, y):
        factor = factor_of(x, y)  # checked by scipy's fit, not the lab's
        return factor is not None and low <= factor <= high

    drive(lab, distance, done)
    line = readout_line(lab, challenge)
    assert "\u2713 done!" in line, line
    assert number in lab.solved
    assert_words_readable(lab.readout_html())
    assert "<b style=" in lab.readout_html()
    # move away again: the challenge is remembered as solved
    lab.reset()
    assert "solved earlier" in readout_line(lab, challenge)
    assert "\u2713 done" not in lab.readout_html()


def test_rescuing_the_straight_line_can_be_achieved_by_dragging(lab):
    assert not line_rescued(SPEND, CUSTOMERS)
    assert "not yet" in readout_line(lab, "challenge 3")

    def distance(x, y):
        b0, b1 = least_squares(x, y)
        return -min(b0, b0 + 10 * b1) if b1 > 0 else None

    drive(lab, distance, line_rescued, counts=(0, 13, 26))
    assert "\u2713 done!" in readout_line(lab, "challenge 3")


def test_a_line_that_barely_rises_does_not_rescue_it(lab):
    """One customer in an empty shop: the line rises by 0.0003, not a rescue."""
    lab.set_points(SPEND, np.zeros(40))
    lab.move_point(20, y=1.0)
    b0, b1 = least_squares(*lab.points)
    assert 0 < b1 < 0.001 and min(b0, b0 + 10 * b1) >= 0
    line = readout_line(lab, "challenge 3")
    assert "not yet" in line and "slope \u2265 0.5" in line


def contrast_on_white(colour):
    """WCAG 2's contrast ratio of a hex colour against white (computed here)."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return 1.05 / (np.array([0.2126, 0.7152, 0.0722]) @ linear + 0.05)


def assert_words_readable(html):
    colours = re.findall(r"color:\s*(#[0-9A-Fa-f]{6})", html)
    assert colours
    for colour in colours:
        assert contrast_on_white(colour) >= 4.5, colour


def test_a_done_challenge_is_written_in_a_green_words_can_be_read_in(lab):
    lab.move_point(0, y=26.0)  # hour 1 to the top: challenge 3 done
    assert "\u2713 done!" in readout_line(lab, "challenge 3")
    assert_words_readable(lab.readout_html())
    assert contrast_on_white("#009E73") < 4.5  # the palette's own green is not


def test_all_zero_counts_do_not_rescue_the_line(lab):
    """A flat line at 0 is not negative, but it no longer rises with spend."""
    lab.set_points(SPEND, np.zeros(40))
    assert "not yet" in readout_line(lab, "challenge 3")


# --- the other routes in -----------------------------------------------------------------
def test_reset_puts_the_shops_hours_back(lab):
    start = lab.fit.coef.copy()
    lab.move_point(0, x=9.0, y=20.0)
    lab.move_point(39, y=0.0)
    updates = lab.n_updates
    lab.reset_button.click()
    assert lab.n_updates == updates + 1  # one refit for the whole reset
    x, y = lab.points
    np.testing.assert_array_equal(x, SPEND)
    np.testing.assert_array_equal(y, CUSTOMERS)
    np.testing.assert_allclose(lab.fit.coef, start, atol=1e-9)


def test_set_points_checks_its_arguments(lab):
    with pytest.raises(ValueError, match="40 spends and 40 counts"):
        lab.set_points(SPEND[:3], CUSTOMERS[:3])


def test_the_picker_and_number_boxes_move_an_hour(lab):
    points = lab.draggable
    assert points.picker.options[2] == ("hour 3", 2)
    points.picker.value = 2
    assert lab.picked_ring.get_xydata()[0] == pytest.approx((SPEND[2], CUSTOMERS[2]))
    points.y_box.value = 12
    points.x_box.value = 4.5
    x, y = lab.points
    assert (x[2], y[2]) == (4.5, 12.0)
    assert lab.picked_ring.get_xydata()[0] == pytest.approx((4.5, 12.0))
    np.testing.assert_allclose(lab.fit.coef, poisson_mle(x, y), atol=1e-7)
    assert lab.reset_button in lab.control_box().children


def send(canvas, name, px, py, held=True):
    if name == "motion_notify_event":
        event = MouseEvent(name, canvas, px, py, buttons={LEFT} if held else set())
    else:
        event = MouseEvent(name, canvas, px, py, button=LEFT)
    canvas.callbacks.process(name, event)


def test_a_mouse_drag_refits_on_every_move_event(lab):
    canvas, ax = lab.figure.canvas, lab.ax
    i = 38  # the busiest hour, 17 customers
    start = ax.transData.transform((SPEND[i], CUSTOMERS[i]))
    send(canvas, "button_press_event", *start)
    fits = []
    for count in (14.0, 10.0, 6.0):
        send(canvas, "motion_notify_event", *ax.transData.transform((SPEND[i], count)))
        fits.append(lab.fit.coef.copy())
        assert lab.points[1][i] == count
    send(canvas, "button_release_event", *ax.transData.transform((SPEND[i], 6.0)))
    assert lab.draggable.dragging is None
    # each move refitted: three different fits, the last one on the final data
    assert len({tuple(f) for f in fits}) == 3
    np.testing.assert_allclose(fits[-1], poisson_mle(*lab.points), atol=1e-7)


# --- a test that can fail ------------------------------------------------------------------
def test_a_wrong_response_function_is_caught(monkeypatch):
    """With a wrong Poisson response the lab's numbers leave the independent ones."""
    monkeypatch.setattr(Poisson, "response", lambda self, eta: np.exp(eta) * 1.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        broken = PoissonLab()
    theta = poisson_mle(SPEND, CUSTOMERS)
    assert broken.fit is not None
    assert not np.allclose(broken.fit.coef, theta, atol=1e-4)
    assert broken.state.fitted_count != pytest.approx(
        np.exp(theta[0] + theta[1] * START_SPEND), rel=1e-4
    )
    broken.close()


IPYMPL_RELEASE = """
import time

import matplotlib
from glmlib.simulations import PoissonLab

assert "ipympl" in matplotlib.get_backend()
lab = PoissonLab()
canvas = lab.figure.canvas
modes = []  # the image mode of every frame sent to the browser
canvas.send_binary = lambda data: modes.append(canvas._current_image_mode)
canvas.syncing_data_url = False  # the browser shows the canvas
canvas.draw()


def browser(kind, css, buttons=1):
    content = {"type": kind, "x": css[0], "y": css[1], "button": 0,
               "buttons": buttons, "modifiers": [], "guiEvent": {}}
    canvas._handle_message(canvas, content, [])


points = lab.draggable
start = points.css_positions()[38]
browser("button_press", start)
for count in (12, 6, 3):
    # a real drag's moves come 33 ms apart (ipympl's throttle): say so, so that
    # the frame rules see a browser's pace, not this loop's
    lab._last_draw = time.perf_counter() - 0.033
    browser("motion_notify", points.css_positions((9.0, count))[0])
during = list(modes)
browser("button_release", points.css_positions((9.0, 3))[0], buttons=0)
assert during[1:] and set(during[1:]) == {"diff"}, during  # cheap frames while dragging
assert modes[-1] == "full", modes  # the release repaints every pixel
assert canvas._force_full  # and so will the next frame, whatever asks for it
canvas.draw()
assert modes[-1] == "full" and not canvas._force_full
print("ok")
"""


def test_the_release_sends_whole_frames_on_the_ipympl_canvas():
    """A frame lost during a drag leaves ghosts; the release repaints everything."""
    run_under_ipympl(IPYMPL_RELEASE)
