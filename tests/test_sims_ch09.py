"""Chapter 9's helpers and simulation, driven headless.

``tests/test_sims.py`` already runs every simulation (this one included)
through its controls; these tests check what chapter 9 claims: the
cheat-sheet loop's numbers on the shop, what each repair changes, the bound
on a fixed step, the number formats, and that the summary tables are read
from glmlib rather than typed in. References are computed here, another way.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import glmlib
from glmlib.course import ch09_connections_and_cheat_sheet as ch09
from glmlib.curvature import stable_learning_rate
from glmlib.data import design_matrix, shop_hours
from glmlib.links import Log
from glmlib.simulations import SIMULATIONS
from glmlib.simulations import ch09_connections_and_cheat_sheet as ch09_view


@pytest.fixture(scope="module")
def shop():
    spend, customers = shop_hours()
    return design_matrix(spend), customers


@pytest.fixture(scope="module")
def designs():
    return ch09.shop_designs()


@pytest.fixture
def sim():
    simulation = SIMULATIONS[9]()
    yield simulation
    simulation.close()


# --- the loop ------------------------------------------------------------------


def test_without_repairs_the_loop_is_the_cheat_sheets(shop):
    X, y = shop
    path = ch09.gradient_ascent_path(X, y, "poisson", 0.01, 3000, False, False)
    theta = np.zeros(2)  # the same loop, written out
    for _ in range(3000):
        theta = theta + 0.01 * X.T @ (y - np.exp(X @ theta))
    np.testing.assert_array_equal(path.theta, theta)
    np.testing.assert_allclose(path.thetas[1], 0.01 * X.T @ (y - 1.0))
    assert path.overflow_step is None and path.halvings == 0
    # the numbers: about (-3e38, -3e39), finite, far below the start
    assert path.theta[0] == pytest.approx(-3.46e38, rel=0.01)
    assert path.theta[1] == pytest.approx(-3.35e39, rel=0.01)
    poisson = glmlib.Poisson()
    assert path.loglik == pytest.approx(poisson.loglik(y, X @ theta).sum())
    assert path.loglik < path.logliks[0]


def test_the_log_likelihoods_of_a_run_are_glmlibs(shop):
    X, y = shop
    poisson = glmlib.Poisson()
    for halve in (False, True):
        path = ch09.gradient_ascent_path(X, y, "poisson", 1e-4, 300, True, halve)
        for k in (0, 1, 150, 300):
            expected = poisson.loglik(y, X @ path.thetas[k]).sum()
            assert path.logliks[k] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("log10_rate", [-5.0, -3.0, -2.0, -1.0, 0.0])
@pytest.mark.parametrize("average", [False, True])
def test_halving_never_lets_the_log_likelihood_fall(shop, log10_rate, average):
    X, y = shop
    path = ch09.gradient_ascent_path(
        X, y, "poisson", 10.0**log10_rate, 3000, average, True
    )
    assert path.overflow_step is None
    assert np.all(np.isfinite(path.thetas)) and np.all(np.isfinite(path.logliks))
    slack = ch09.ROUNDING_SLACK * (1 + np.abs(path.logliks[:-1]))
    assert np.all(np.diff(path.logliks) >= -slack)


def test_a_step_past_the_floats_is_reported_not_warned(shop):
    X, y = shop
    path = ch09.gradient_ascent_path(X, y, "poisson", 1.0, 3000, False, False)
    # step 1 is finite, e^(theta^T x) then overflows and step 2 is not a number
    assert path.overflow_step == 2
    np.testing.assert_allclose(path.thetas[1], X.T @ (y - 1.0))
    np.testing.assert_array_equal(path.theta, path.thetas[1])
    assert path.logliks[-1] == -np.inf


def test_standardized_with_halving_reaches_newton(designs):
    design = designs[True]
    for log10_rate in (-4.0, -2.0, 0.0):
        state = ch09.shop_loop(log10_rate, False, True, True, designs)
        np.testing.assert_allclose(state.path.theta, design.newton.coef, rtol=1e-7)
        assert state.verdict.startswith("at the maximum")


def test_each_verdict_names_what_the_numbers_show(designs):
    newton = designs[False].newton
    cases = {
        (-2.0, False, False, False): "diverged",
        (-1.0, False, False, False): "overflow at step 2",
        (-3.6, False, False, False): "bouncing",
        (-5.0, False, False, False): "still climbing",
        (-2.0, False, True, True): "at the maximum",
    }
    for settings, words in cases.items():
        state = ch09.shop_loop(*settings, designs=designs)
        assert state.verdict.startswith(words), (settings, state.verdict)
        path = state.path
        if words == "still climbing":
            assert np.all(np.diff(path.logliks) >= 0)
            assert path.loglik < newton.loglik
        if words == "bouncing":
            assert np.any(np.diff(path.logliks[-200:]) < 0)


def test_the_fixed_step_bound_is_two_over_the_largest_curvature(shop, designs):
    X, y = shop
    theta_hat = designs[False].newton.coef
    mu = np.exp(X @ theta_hat)
    hessian = (X * mu[:, None]).T @ X
    bound = stable_learning_rate(X, "poisson", theta_hat, average=False)
    assert bound == pytest.approx(2 / np.linalg.eigvalsh(hessian)[-1])
    start = np.zeros(2)
    assert stable_learning_rate(X, "poisson", start) == pytest.approx(
        len(y) * stable_learning_rate(X, "poisson", start, average=False)
    )

    # The bound decides, started next to the maximum: just below it the fixed
    # step settles, just above it the error grows.
    def distance_after(alpha):
        theta = theta_hat + np.array([0.0, 1e-6])
        for _ in range(3000):
            theta = theta + alpha * X.T @ (y - np.exp(X @ theta))
        return np.max(np.abs(theta - theta_hat))

    assert distance_after(0.97 * bound) < 1e-9
    assert distance_after(1.03 * bound) > 1e-6


def test_the_fixed_step_verdict_is_the_cheat_sheets_loop_judged(shop):
    X, y = shop
    # at theta = 0 every Poisson mean is 1, so the local figure there is linear
    # regression's bound; the loop still diverges at it, and below it
    at_zero = stable_learning_rate(X, "poisson", np.zeros(2), average=False)
    assert at_zero == pytest.approx(2 / np.linalg.eigvalsh(X.T @ X)[-1])
    for alpha in (at_zero, 0.001):
        assert ch09.fixed_step_verdict(X, y, "poisson", alpha).startswith("diverged")
    # linear regression is fine below its bound, which holds at every theta
    assert ch09.fixed_step_verdict(X, y, "gaussian", 0.9 * at_zero).startswith(
        "at the maximum"
    )
    assert not ch09.fixed_step_verdict(X, y, "gaussian", 0.01).startswith("at the")


def test_one_step_below_the_figure_at_zero_lands_where_the_curvature_is_far_larger(
    shop,
):
    X, y = shop
    theta = 0.001 * X.T @ (y - 1.0)  # one step of the cheat sheet's loop
    here = stable_learning_rate(X, "poisson", theta, average=False)
    assert here < 0.001 / 1000


def test_the_units_of_the_spend_change_the_steps_not_the_model(shop):
    spend, customers = shop_hours()
    fits = ch09.feature_units(spend, customers)
    assert [f.units for f in fits] == ["as recorded", "centred", "standardised"]
    raw, centred, standard = fits
    # the same model: the slope per unit of spend and the fitted means agree
    assert centred.newton_coef[1] == pytest.approx(raw.newton_coef[1], rel=1e-8)
    assert standard.newton_coef[1] / spend.std() == pytest.approx(
        raw.newton_coef[1], rel=1e-8
    )
    mean_raw = np.exp(design_matrix(spend) @ raw.newton_coef)
    mean_std = np.exp(
        design_matrix((spend - spend.mean()) / spend.std()) @ standard.newton_coef
    )
    np.testing.assert_allclose(mean_std, mean_raw, rtol=1e-8)
    # each gradient-ascent fit reached Newton's theta
    for f in fits:
        np.testing.assert_allclose(f.gradient_coef, f.newton_coef, rtol=1e-3)
    # a larger condition number costs more steps; Newton does not care
    assert raw.condition_number > centred.condition_number > standard.condition_number
    assert raw.gradient_steps > centred.gradient_steps > standard.gradient_steps
    assert len({f.newton_steps for f in fits}) == 1
    table = ch09.feature_units_table(fits).text()
    assert "as recorded" in table and "L / λ_min" in table


def test_the_summary_gradient_row_names_its_conditions():
    text = ch09.one_page_summary().text()
    assert "for a canonical link and T(y) = y" in text
    assert "the mean of T(y)" in text


# --- the simulation ---------------------------------------------------------


def test_the_simulation_opens_on_the_cheat_sheets_loop(sim):
    state = sim.state
    assert state.path.learning_rate == pytest.approx(0.01)
    assert not (state.path.average or state.path.halve or state.standardize)
    assert state.verdict.startswith("diverged")
    assert np.all(state.curve_mean == 0)  # no customers predicted anywhere
    assert "off the chart" in sim.gap_note.get_text()
    text = sim.readout_text()
    assert "10³⁸" in text and "10³⁹" in text
    assert "nan" not in text.lower()


def test_each_repair_moves_the_picture_toward_newton(sim, designs):
    sim.controls["halve"].value = True
    sim.controls["standardize"].value = True
    assert sim.state.verdict.startswith("at the maximum")
    newton = designs[False].newton.predict(design_matrix(ch09.SPEND_GRID))
    np.testing.assert_allclose(sim.curve.get_ydata(), newton, rtol=1e-6)
    assert sim.gap_note.get_text() == ""
    assert "averaged" not in sim.settings_note.get_text()
    sim.controls["average"].value = True
    assert "averaged" in sim.settings_note.get_text()


def test_going_back_to_a_setting_reuses_its_run(sim, monkeypatch):
    first = sim.state
    calls = []
    original = ch09.shop_loop
    monkeypatch.setattr(
        ch09_view, "shop_loop", lambda *a, **k: calls.append(a) or original(*a, **k)
    )
    sim.controls["log10_rate"].value = -3.0
    sim.controls["log10_rate"].value = -2.0
    assert sim.state is first
    assert len(calls) == 1


def test_overflow_is_shown_with_an_infinity_sign(sim):
    sim.controls["log10_rate"].value = 0.0
    text = sim.readout_text()
    assert "θ after step 1" in text
    assert "best \u2113 − \u2113 = ∞" in text
    assert "overflow at step 2" in sim.gap_note.get_text()
    assert np.all(np.isfinite(sim.gap_line.get_ydata()))


# --- the summary tables --------------------------------------------------------


def test_the_summary_is_read_from_glmlibs_links():
    summary = ch09.one_page_summary()
    text, markdown = summary.text(), summary.markdown()
    for name in ch09.SUMMARY_FAMILIES:
        family = glmlib.get_family(name)
        link = family.get_link().description
        assert f"{link.response_text} ({family.display_name})" in text
        assert link.link_text in text
        assert link.response_latex in markdown and link.link_latex in markdown


def test_a_changed_formula_in_glmlib_changes_the_cheat_sheet(monkeypatch):
    monkeypatch.setattr(Log, "response_text", "μ = 2^η")
    assert "μ = 2^η (Poisson)" in ch09.one_page_summary().text()


def test_the_try_this_list_describes_what_the_simulation_does(designs):
    """The notebook's "Try this" names settings and what they do; hold it to them."""

    def verdict(log10_rate, average=False, halve=False, standardize=False):
        state = ch09.shop_loop(log10_rate, average, halve, standardize, designs)
        return state.verdict.split(":")[0]

    # 1. all repairs off: diverges, wanders (bouncing or diverged, decided by
    # the last digits of alpha), bounces steadily, lands once, then crawls
    assert verdict(-2.0) == "diverged"
    assert {verdict(r) for r in (-3.2, -3.4)} <= {"bouncing", "diverged"}
    assert verdict(-3.6) == "bouncing"
    assert verdict(-3.7) == "at the maximum"
    assert verdict(-4.0) == "still climbing"
    raw = designs[False]
    assert 10**-3.7 < stable_learning_rate(
        raw.X, "poisson", raw.newton.coef, average=False
    )
    # 2. halving: nothing diverges or bounces, from 1e-5 to 1
    rates = np.round(np.arange(-5.0, 0.01, 0.5), 1)
    assert {verdict(r, halve=True) for r in rates} <= {
        "still climbing",
        "at the maximum",
    }
    # 3. and standardizing: every run from 10^-4.5 up ends at Newton's theta
    assert {verdict(r, halve=True, standardize=True) for r in rates[1:]} == {
        "at the maximum"
    }
    # 4. standardized without halving: bounces from 10^-2.1, overflows from 10^-1.9
    assert verdict(-3.0, standardize=True) == "at the maximum"
    assert verdict(-2.1, standardize=True) == "bouncing"
    assert verdict(-1.9, standardize=True).startswith("overflow")
    # 5. averaged: the one setting that lands moves to 10^-2.1
    assert verdict(-2.1, average=True) == "at the maximum"
    assert verdict(-3.0, average=True) == "still climbing"
