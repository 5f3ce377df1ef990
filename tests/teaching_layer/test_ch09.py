"""Chapter 9's worked answers and guide section quote what glmlib computes: the cheat sheet's loop, repaired."""

import warnings

import numpy as np
import pytest
from scipy import stats

import glmlib
from glmlib import Poisson
from glmlib.course.ch09_connections_and_cheat_sheet import (
    N_STEPS,
    feature_units,
    gradient_ascent_path,
    judge,
    shop_designs,
    shop_loop,
)
from glmlib.course.formatting import scientific, scientific_tuple
from glmlib.curvature import stable_learning_rate
from glmlib.data import design_matrix, shop_hours
from glmlib.simulations import FitLoopOnTheShop
from glmlib.simulations.ch09_connections_and_cheat_sheet import LOG_RATE_RANGE

from .harness import (
    at,
    latex,
    missing,
    notebook,
    quote_tests,
    readout,
    shown_number,
    text_of,
)


def chapter9():
    designs = shop_designs()
    raw, std = designs[False], designs[True]
    positions = np.round(np.arange(LOG_RATE_RANGE[0], LOG_RATE_RANGE[1] + 1e-9, 0.1), 1)
    assert positions.size == 51

    def verdicts(**switches):
        return {
            r: shop_loop(r, designs=designs, **switches).verdict.split(":")[0]
            for r in positions
        }

    def nudged(log10_rate, relative, average=False):
        """The run at 10**log10_rate times (1 + relative): alpha changed in its last digits."""
        rate = 10.0**log10_rate * (1 + relative)
        return gradient_ascent_path(
            raw.X, raw.y, "poisson", rate, N_STEPS, average, False
        )

    def verdict_of(path):
        return judge(path, raw.newton.coef, raw.newton.loglik).split(":")[0]

    def steady_bounce(log10_rate, average=False):
        """A bounce between two points that the last digits of alpha do not move."""
        runs = [nudged(log10_rate, eps, average) for eps in (-1e-12, 0.0, 1e-12)]
        for run in runs:
            assert verdict_of(run) == "bouncing"
            np.testing.assert_allclose(run.thetas[-1], run.thetas[-3], atol=1e-4)
            assert np.abs(run.thetas[-1] - run.thetas[-2]).max() > 1e-2
        gaps = [raw.newton.loglik - run.loglik for run in runs]
        np.testing.assert_allclose(gaps, gaps[1], rtol=1e-6)
        return gaps[1]

    def first_close(state):
        """The first step after which the gap is below 1e-8 (None if never)."""
        close = np.nonzero(state.gap < 1e-8)[0]
        return int(close[0]) if close.size else None

    sim = FitLoopOnTheShop()

    def show(**values):
        """Move the controls; return the readouts a learner reads off."""
        at(sim, **values)
        return {
            "alpha": shown_number(readout(sim, "\u03b1").split(" = ", 1)[1]),
            "theta": latex(readout(sim, "\u03b8 after").split(" = ", 1)[1]),
            "newton": latex(readout(sim, "Newton's").split(" = ", 1)[1]),
            "gap": shown_number(readout(sim, "best").split(" = ", 1)[1]),
            "step": readout(sim, "step").split(" = ", 1)[1],
            "verdict": readout(sim, "verdict").split(": ", 1)[1],
            "note": latex(sim.gap_note.get_text()),
        }

    def bound(design, theta=None, average=False):
        theta = np.zeros(2) if theta is None else theta
        return stable_learning_rate(design.X, "poisson", theta, average=average)

    def curvature_ratio(design):
        """Steepest over flattest curvature of the log-likelihood at Newton's theta."""
        weights = Poisson().unit_variance(design.X @ design.newton.coef)
        values = np.linalg.eigvalsh(design.X.T @ (design.X * weights[:, None]))
        return values[-1] / values[0]

    at_fit = bound(raw, raw.newton.coef)
    # independent of glmlib: 2 / largest eigenvalue of X^T diag(e^(X theta)) X
    by_hand = np.linalg.eigvalsh(
        raw.X.T @ (raw.X * np.exp(raw.X @ raw.newton.coef)[:, None])
    )[-1]
    assert np.isclose(at_fit, 2 / by_hand)

    # 1. all switches off. Between diverging and the steady bounce lies a band
    # where the steps wander chaotically: there the verdict hangs on the last
    # digits of alpha, so its edges are checked loosely (the answer calls them
    # approximate) and no theta or gap from inside it is quoted.
    plain_runs = verdicts(average=False, halve=False)
    assert {plain_runs[r] for r in positions if -2.9 <= r <= -2.0} == {"diverged"}
    band = [r for r in positions if -3.5 <= r <= -3.0]
    assert {plain_runs[r] for r in band} <= {"bouncing", "diverged"}
    # "diverged down to about 10^-3.1": the highest notch that bounces is near it
    assert -3.4 <= max(r for r in positions if plain_runs[r] == "bouncing") <= -3.0
    # "never settle and never run off" from about 10^-3.1 to 10^-3.5
    for r in (-3.5, -3.3, -3.1):
        run = nudged(r, 0.0)
        assert np.abs(run.thetas).max() < 100
        assert np.any(np.diff(run.logliks[-200:]) < 0)
    # "can change with the 15th digit of alpha"
    assert {verdict_of(nudged(-3.4, k * 1e-15)) for k in range(-10, 11)} == {
        "bouncing",
        "diverged",
    }
    steady_gap = steady_bounce(-3.6)
    assert [r for r in positions if plain_runs[r] == "at the maximum"] == [-3.7]
    assert {plain_runs[r] for r in positions if r <= -3.8} == {"still climbing"}
    assert 10**-3.7 < at_fit < 10**-3.6
    start = show(log10_rate=-2.0)
    # independent of glmlib: the cheat sheet's loop written out with numpy
    theta = np.zeros(2)
    with np.errstate(over="ignore"):
        for _ in range(N_STEPS):
            theta = theta + 0.01 * raw.X.T @ (raw.y - np.exp(raw.X @ theta))
    assert start["theta"] == latex(scientific_tuple(theta))
    assert sim.state.curve_mean.max() == 0
    bounce_low, lands, crawls, slowest = (
        show(log10_rate=r) for r in (-3.6, -3.7, -3.8, -5.0)
    )
    assert bounce_low["gap"] == shown_number(scientific(steady_gap))
    first = [
        start["alpha"],
        start["theta"],
        start["gap"],
        start["verdict"],
        start["note"],
        "*diverged*",
        "*bouncing*",
        (15, 0),
        bounce_low["alpha"],
        bounce_low["gap"],
        lands["alpha"],
        lands["verdict"],
        lands["theta"],
        lands["newton"],
        lands["gap"],
        crawls["verdict"],
        crawls["gap"],
        slowest["theta"],
        slowest["gap"],
        latex(scientific(at_fit)),
        (positions.size, 0),
    ]

    # 2. halving on, raw spend
    halved_runs = verdicts(average=False, halve=True)
    assert set(halved_runs.values()) == {"still climbing", "at the maximum"}
    assert [r for r in positions if halved_runs[r] == "at the maximum"] == [-3.7]
    halved = {r: shop_loop(r, False, True, False, designs) for r in positions}
    cut = {r: s for r, s in halved.items() if s.path.halvings > 0}
    assert min(cut) == -3.6
    for r, state in cut.items():  # every halving happens within the first 5 steps
        early = gradient_ascent_path(raw.X, raw.y, "poisson", 10**r, 5, False, True)
        assert early.halvings == state.path.halvings
    kept = [10**r / 2**s.path.halvings for r, s in cut.items()]
    assert max(kept) < at_fit
    gaps = [s.final_gap for s in cut.values()]
    at_cheat, at_one = show(halve=True, log10_rate=-2.0), show(log10_rate=0.0)
    ratio_raw = curvature_ratio(raw)
    second = [
        at_cheat["step"],
        at_cheat["theta"],
        at_cheat["gap"],
        at_cheat["verdict"],
        at_one["step"],
        at_one["gap"],
        shown_number(scientific(0.01 / 2**6)),
        shown_number(scientific(1.0 / 2**13)),
        shown_number(scientific(min(kept))),
        shown_number(scientific(max(kept))),
        latex(scientific(at_fit)),
        (ratio_raw, 0),
        shown_number(scientific(min(gaps))),
        shown_number(scientific(max(gaps))),
        show(log10_rate=-5.0)["gap"],
    ]

    # 3. halving and standardizing
    both = verdicts(average=False, halve=True, standardize=True)
    assert {both[r] for r in positions if r >= -4.5} == {"at the maximum"}
    assert {both[r] for r in positions if r < -4.5} == {"still climbing"}
    short = show(standardize=True, log10_rate=-4.6)
    cheat_std = show(log10_rate=-2.0)
    halvings_at_one = shop_loop(0.0, False, True, True, designs).path.halvings
    close = {
        r: first_close(shop_loop(r, False, True, True, designs)) for r in positions
    }
    spread = float(np.std(raw.X[:, 1]))
    # independent of glmlib's fit: rescaling the feature rescales its slope
    assert np.isclose(std.newton.coef[1] / spread, raw.newton.coef[1])
    third = [
        cheat_std["newton"],
        short["theta"],
        short["verdict"],
        cheat_std["step"],
        cheat_std["gap"],
        (close[-3.4], 0),
        (max(close[r] for r in positions if r >= -2.5), 0),
        (halvings_at_one, 0),
        (ratio_raw, 0),
        (curvature_ratio(std), 1),
        (spread, 2),
        (raw.newton.coef[1], 3),
    ]

    # 4. standardized, halving off
    fixed_std = verdicts(average=False, halve=False, standardize=True)
    landing = [r for r in positions if fixed_std[r] == "at the maximum"]
    assert landing == [r for r in positions if -4.5 <= r <= -2.2]
    bouncing, more = (show(halve=False, log10_rate=r) for r in (-2.1, -2.0))
    over = show(log10_rate=-1.9)
    assert over["verdict"].startswith("overflow")
    std_bound = bound(std, std.newton.coef)
    assert 10**-2.2 < std_bound < 10**-2.1
    fourth = [
        (len(landing), 0),
        bouncing["alpha"],
        bouncing["verdict"],
        bouncing["theta"],
        bouncing["gap"],
        more["gap"],
        over["alpha"],
        over["verdict"].split(":")[0],
        over["theta"],
        "after step 10",
        (std_bound, 5),
        (10**-2.2, 5),
        (first_close(shop_loop(-2.2, False, False, True, designs)), 0),
        (first_close(shop_loop(-2.3, False, False, True, designs)), 0),
        (std_bound / at_fit, 0),
    ]

    # 5. averaged, the other switches off
    averaged = verdicts(average=True, halve=False)
    assert [r for r in positions if averaged[r] == "at the maximum"] == [-2.1]
    # the wandering band moved with the rest, and is as loose at its edges
    assert {averaged[r] for r in positions if -1.9 <= r <= -1.5} <= {
        "bouncing",
        "diverged",
    }
    assert {averaged[r] for r in positions if r >= -1.4} == {"diverged"}
    assert -2.0 <= max(r for r in positions if averaged[r] == "bouncing") <= -1.5
    # the cheat sheet's alpha, averaged, is item 1's steady bounce at 10^-3.6
    avg_steady_gap = steady_bounce(-2.0, average=True)
    assert shown_number(scientific(avg_steady_gap)) == shown_number(
        scientific(steady_gap)
    )
    avg_lands = show(standardize=False, average=True, log10_rate=-2.1)
    assert avg_lands["theta"] == lands["theta"]
    avg_crawls, avg_cheat = show(log10_rate=-2.2), show(log10_rate=-2.0)
    avg_bound = bound(raw, raw.newton.coef, average=True)
    assert np.isclose(avg_bound, len(raw.y) * at_fit)
    assert 10**-2.1 < avg_bound < 10**-2.0
    fifth = [
        avg_lands["alpha"],
        avg_lands["verdict"],
        avg_lands["theta"],
        avg_lands["gap"],
        avg_crawls["gap"],
        avg_cheat["verdict"].split(":")[0],
        avg_cheat["gap"],
        "10^{-1.9}",
        "10^{-1.5}",
        shown_number(scientific(avg_bound)),
        (len(raw.y), 0),
        (np.log10(len(raw.y)), 2),
    ]
    sim.close()

    guide = [
        start["theta"],
        shown_number(scientific(bound(raw))),
        latex(scientific(at_fit)),
        (0.01 / bound(raw), 1),
        (0.01 / at_fit, 0),
        (positions.size, 0),
        (len(landing), 0),
        slowest["gap"],
        over["verdict"].split(":")[0],
        avg_cheat["gap"],
        "15th digit",
        *why_no_fixed_step(raw)["guide"],
        *units_numbers(),
        *strike_numbers(),
    ]
    return [first, second, third, fourth, fifth], guide


def why_no_fixed_step(raw):
    """The numbers of "Why no fixed alpha is safe", recomputed with numpy alone.

    Linear regression's curvature X^T X and the Poisson's X^T diag(e^eta) X
    at the points the notebook names; the cheat sheet's loop written out.
    """
    X, y = raw.X, raw.y
    line = np.linalg.eigvalsh(X.T @ X)[-1]
    theta, lost = np.zeros(2), None
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, N_STEPS + 1):
            theta = theta + 0.01 * X.T @ (y - X @ theta)
            if lost is None and not np.all(np.isfinite(theta)):
                lost = step
    assert lost is not None and not np.any(np.isfinite(theta))

    def poisson_bound(theta):
        return 2 / np.linalg.eigvalsh(X.T @ (X * np.exp(X @ theta)[:, None]))[-1]

    after_one = 0.001 * X.T @ (y - 1.0)
    # the loop diverges at the figure for theta = 0, and below it
    for alpha in (poisson_bound(np.zeros(2)), 0.001):
        path = gradient_ascent_path(X, y, "poisson", alpha, N_STEPS, False, False)
        assert path.loglik < path.logliks[0]
    assert np.isclose(poisson_bound(np.zeros(2)), 2 / line)
    return {
        "line_bound": 2 / line,
        "guide": [
            shown_number(scientific(2 / line)),
            (0.01 * line, 1),
            (abs(1 - 0.01 * line), 2),
            (lost, 0),
            latex(scientific(poisson_bound(after_one))),
            latex(scientific(poisson_bound(raw.newton.coef))),
            (0.01 / poisson_bound(raw.newton.coef), 0),
        ],
    }


def units_numbers():
    """The table of units: condition numbers by numpy, steps from glmlib's fits."""
    spend, customers = shop_hours()
    fits = feature_units(spend, customers)
    ratios = []
    for f, column in zip(
        fits,
        (spend, spend - spend.mean(), (spend - spend.mean()) / spend.std()),
        strict=True,
    ):
        X = design_matrix(column)
        values = np.linalg.eigvalsh(X.T @ (X * np.exp(X @ f.newton_coef)[:, None]))
        assert np.isclose(f.condition_number, values[-1] / values[0])
        ratios.append((values[-1] / values[0], 1))
    steps = [f.gradient_steps for f in fits]
    assert steps == sorted(steps, reverse=True)
    (newton_steps,) = {f.newton_steps for f in fits}
    return [*ratios, *((n, 0) for n in steps), (newton_steps, 0)]


def strike_numbers():
    """What chapter 9's strike and beta cells print, recomputed here."""
    import statsmodels.api as sm
    from scipy import integrate, special

    strikes = sm.datasets.strikes.load_pandas().data
    days = strikes.duration.to_numpy()
    X = design_matrix(strikes.iprod)
    log_fit = glmlib.fit(X, days, family="gamma", link="log")
    exponential = glmlib.fit(X, days, family=glmlib.Exponential(), link="log")
    canonical_form = X.T @ (days - np.exp(X @ exponential.coef))
    with warnings.catch_warnings():  # statsmodels warns about its own default link
        warnings.simplefilter("ignore", sm.tools.sm_exceptions.DomainWarning)
        default = sm.GLM(days, X, family=sm.families.Gamma()).fit()
    below = default.fittedvalues[default.fittedvalues < 0]
    kappa, mu = 5.0, 0.3
    slope = (
        special.betaln(mu * kappa + 1e-6, kappa - mu * kappa - 1e-6)
        - special.betaln(mu * kappa - 1e-6, kappa - mu * kappa + 1e-6)
    ) / 2e-6
    beta = stats.beta(mu * kappa, (1 - mu) * kappa)
    mean_log_odds = integrate.quad(lambda y: np.log(y / (1 - y)) * beta.pdf(y), 0, 1)[0]
    assert np.isclose(slope, mean_log_odds, atol=1e-6)
    return [
        (np.exp(log_fit.coef[0]), 1),
        (np.exp(0.01 * log_fit.coef[1]), 3),
        (below.size, 0),
        (days.size, 0),
        (below.min(), 1),
        *((g, 3) for g in canonical_form),
        (mean_log_odds, 4),
    ]


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(9, chapter9)


def markdown_cell(cells, phrase):
    """The one markdown cell of chapter 9 that contains ``phrase``."""
    (cell,) = [
        c for c in cells if c["cell_type"] == "markdown" and phrase in text_of(c)
    ]
    return text_of(cell)


def test_the_chapter_text_quotes_the_numbers_glmlib_computes():
    """The prose around the cheat sheet's loop: the swing, the local figures, the units."""
    cells = notebook(9)["cells"]
    raw = shop_designs()[False]
    X, y = raw.X, raw.y
    # step 2 moves theta some 10^38 times further than step 1
    step_1 = 0.01 * X.T @ (y - 1.0)
    step_2 = 0.01 * X.T @ (y - np.exp(X @ step_1))
    swing = np.linalg.norm(step_2) / np.linalg.norm(step_1)
    exponent = int(np.floor(np.log10(swing)))
    swing_text = markdown_cell(cells, "Step 2 throws")
    assert missing(swing_text, [f"some 10^{{{exponent}}} times further"]) == []

    numbers = why_no_fixed_step(raw)
    at_fit = stable_learning_rate(X, "poisson", raw.newton.coef, average=False)
    after = markdown_cell(cells, "The cheat sheet's $\\alpha = 0.01$ is")
    assert missing(after, [(0.01 / numbers["line_bound"], 1), (0.01 / at_fit, 0)]) == []
    counts = markdown_cell(cells, "Counts only make it worse")
    assert missing(counts, [(0.001, 3)]) == []
    assert 0.001 < numbers["line_bound"]

    # Newton's steps, the same in all three units
    (newton_steps,) = {f.newton_steps for f in feature_units(*shop_hours())}
    units = markdown_cell(cells, "**condition number**")
    assert missing(units, [f"same {newton_steps} steps"]) == []

    # the written-out sigmoid rounds to 1 from eta of about 36.7
    eta = np.linspace(30.0, 40.0, 100_001)
    first = eta[1 - 1 / (1 + np.exp(-eta)) == 0][0]
    assert first == pytest.approx(np.log(2.0**53), abs=1e-3)  # e^-eta below 2^-53
    sigmoid = markdown_cell(cells, "Why `expit` rather than")
    assert missing(sigmoid, [(first, 1)]) == []
