"""Chapter 7's worked answers and guide section quote what glmlib computes: the lab's drags and challenges."""

import functools

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats

import glmlib
from glmlib.course.ch07_poisson_regression_lab import (
    GRADIENT_MAX_STEPS,
    RESCUE_SLOPE,
    average_slopes,
    balance_point,
    factor_interval,
    gradient_catch_up,
    pearson_check,
    three_slopes,
)
from glmlib.data import (
    SHOP_SLOPE,
    design_matrix,
    shop_hours,
)
from glmlib.simulations import PoissonLab

from .harness import missing, notebook, quote_tests, readout, text_of

# One lab of draggable hours. The answers name each drag; the numbers are
# read from the lab after making that drag headless.


def lab_readouts(lab):
    """The lab's numbers at its current spend and points, as the readouts show them."""
    state = lab.state
    return {
        "theta": readout(lab, "Poisson fit").split(" = ")[-1],
        "factor": (state.factor, 2),
        "log rate": (state.log_rate, 3),
        "count": (state.fitted_count, 3),
        "line": (state.line_at_spend, 3),
    }


def chapter7():
    lab = PoissonLab()
    spend, customers = lab.points
    start_theta = readout(lab, "Poisson fit").split(" = ")[-1]
    theta1 = lab.fit.coef[1]

    # 1. sweeping the spend
    sweep = {}
    for x in (0.0, 1.0, 4.0, 5.0, 9.0, 10.0):
        lab.controls["spend"].value = x
        sweep[x] = lab_readouts(lab)
    counts = {x: r["count"][0] for x, r in sweep.items()}
    factor = float(np.exp(theta1))
    # independent of the readouts: the ratio one unit apart is e^theta_1
    for low in (0.0, 4.0, 9.0):
        assert np.isclose(counts[low + 1] / counts[low], factor)
    assert np.isclose(counts[10.0] / counts[0.0], factor**10)
    assert f"{sweep[5.0]['factor'][0]:.2f}" == "1.44"
    first = [
        sweep[0.0]["count"],
        sweep[10.0]["count"],
        (theta1, 3),
        sweep[0.0]["log rate"],
        sweep[10.0]["log rate"],
        sweep[4.0]["count"],
        sweep[5.0]["count"],
        (counts[5.0] / counts[4.0], 3),
        sweep[5.0]["factor"],
        (factor, 3),
        sweep[1.0]["count"],
        sweep[9.0]["count"],
        (factor**10, 1),
    ]

    # 2. the straight line beside the curve
    lab.controls["show_line"].value = True
    line = {}
    for x in (0.0, 1.8, 1.9, 9.2, 9.7, 10.0):
        lab.controls["spend"].value = x
        line[x] = lab_readouts(lab)
    b0, b1 = lab.state.line.coef
    crossing = -b0 / b1
    # independent of glmlib: the least-squares line by numpy
    assert np.allclose([b0, b1], np.polyfit(spend, customers, 1)[::-1])
    assert line[1.8]["line"][0] < 0 < line[1.9]["line"][0]
    busiest = np.argsort(customers)[::-1][:2]
    assert sorted(customers[busiest]) == [13.0, 17.0]
    second = [
        line[0.0]["line"],
        line[0.0]["count"],
        line[1.8]["line"],
        line[1.9]["line"],
        (crossing, 2),
        (int(np.sum(spend < crossing)), 0),
        *((s, 2) for s in sorted(spend[busiest])),
        *(line[x][k] for x in (9.2, 9.7) for k in ("line", "count")),
        line[10.0]["line"],
        line[10.0]["count"],
        (b1, 3),
    ]

    # 3. hour 39 (index 38), the busiest, dragged down to 0 and up to the top
    lab.controls["spend"].value = 0.0
    assert lab.draggable.picker.options[38][0] == "hour 39"
    assert customers[38] == 17.0
    lab.move_point(38, y=0.0)
    down = lab_readouts(lab)
    assert down["count"][0] > counts[0.0]  # the left end rises
    left_ends = []
    for count in range(27):
        lab.move_point(38, y=float(count))
        left_ends.append(lab.state.fitted_count)
    assert np.all(np.diff(left_ends) < 0)  # 26, the top, is the lowest
    assert lab.move_point(38, y=100.0) == (spend[38], 26.0)  # the top of the axes
    up = lab_readouts(lab)
    # independent: at spend 0 the fitted count is e^theta_0
    assert np.isclose(up["count"][0], np.exp(lab.fit.coef[0]))
    third = [
        (spend[38], 2),
        start_theta,
        down["theta"],
        sweep[5.0]["factor"],
        down["factor"],
        sweep[0.0]["count"],
        down["count"],
        up["theta"],
        up["factor"],
        up["count"],
        down["line"],
        up["line"],
        line[0.0]["line"],
    ]
    lab.reset()

    # 4. an empty shop, one customer in the middle, then at the edge
    lab.controls["show_line"].value = False
    lab.controls["spend"].value = 5.0
    lab.set_points(spend, np.zeros(40))
    empty_first = readout(lab, "Poisson fit")
    assert lab.fit is None and not lab.curve.get_visible()
    assert len(lab.problem_rings.get_xdata()) == 40
    assert "not run" in readout(lab, "gradient rule")
    empty_line = lab_readouts(lab)["line"]
    lab.move_point(20, y=1.0)  # hour 21
    assert lab.draggable.picker.options[20][0] == "hour 21"
    one = lab_readouts(lab)
    means = lab.fit.predict(design_matrix(spend))
    # independent: at the maximum the fitted counts add up to the total and
    # balance at the spend of the only hour with a customer
    assert np.isclose(means.sum(), 1.0)
    assert np.isclose(means @ spend / means.sum(), spend[20])
    gradient_line = readout(lab, "gradient rule")
    challenge_three = readout(lab, "challenge 3")
    slope_one = lab.state.line.coef[1]
    # a line that rises, above 0 at both ends, but by less than the goal's 0.5
    assert 0 < slope_one < 0.001 and min(lab.state.line_values[[0, -1]]) >= 0
    assert "not yet" in challenge_three and "slope \u2265 0.5" in challenge_three
    lab.move_point(20, x=10.0)
    edge_first = readout(lab, "Poisson fit")
    assert lab.fit is None and len(lab.problem_rings.get_xdata()) == 39
    lab.reset_button.click()
    fourth = [
        "none: no finite estimate. Every hour has 0 customers",
        (40, 0),
        empty_line,
        (spend[20], 2),
        one["theta"],
        one["factor"],
        one["count"],
        (means.sum(), 3),
        "Every hour with customers is at one spend, x = 10.00",
        (39, 0),
        gradient_line.split("; ", 1)[1],
        (GRADIENT_MAX_STEPS, 0),
        (slope_one, 4),
        (RESCUE_SLOPE, 1),
        readout(lab, "Poisson fit").split(" = ")[-1],
    ]
    assert fourth[-1] == start_theta
    assert fourth[0] in empty_first and fourth[8] in edge_first
    assert "still 2.0 from the IRLS" in gradient_line

    # 5. the keyboard: hour 1 to 20 customers
    points = lab.draggable
    points.picker.value = 0
    assert (points.x_box.value, points.y_box.value) == (
        round(spend[0], 2),
        customers[0],
    )  # shown rounded
    points.y_box.value = 20
    assert lab.picked_ring.get_xydata()[0] == pytest.approx((spend[0], 20.0))
    keyed = lab_readouts(lab)
    ends = {}
    for x in (0.0, 10.0):
        lab.controls["spend"].value = x
        ends[x] = lab_readouts(lab)["count"]
    assert spend[0] == spend.min()
    fifth = [
        (spend[0], 2),
        (customers[0], 0),
        keyed["theta"],
        sweep[5.0]["factor"],
        keyed["factor"],
        sweep[5.0]["count"],
        keyed["count"],
        sweep[0.0]["count"],
        ends[0.0],
        sweep[10.0]["count"],
        ends[10.0],
    ]
    lab.close()

    guide = [
        sweep[5.0]["count"],
        sweep[0.0]["count"],
        (counts[5.0] * factor, 3),
        # the same product from the two figures as the readouts round them
        (round(counts[5.0], 3) * round(factor, 3), 3),
        line[0.0]["line"],
        down["count"],
        (factor, 3),
        sweep[5.0]["factor"],
        (slope_one, 4),
        *chapter7_challenges(),
        *chapter7_notebook_numbers(),
    ]
    return [first, second, third, fourth, fifth], guide


def challenge_readout(lab, number):
    return readout(lab, f"challenge {number}").split(": ", 1)[1]


def chapter7_challenges():
    """One way through each challenge, as the guide gives it, driven headless."""
    lab = PoissonLab()
    spend, customers = lab.points
    lab.move_point(0, y=26.0)  # hour 1, the leftmost, to the top
    assert spend[0] == spend.min()
    by_hour_one = challenge_readout(lab, 3)
    b0, b1 = lab.state.line.coef
    # independent of glmlib: numpy's line through the moved points
    assert np.allclose([b0, b1], np.polyfit(*lab.points, 1)[::-1])
    assert by_hour_one.startswith("\u2713 done!") and min(b0, b0 + 10 * b1) >= 0
    lab.reset()
    lab.move_point(38, x=0.0)  # hour 39 to spend 0, its 17 customers kept
    by_hour_39 = challenge_readout(lab, 3)
    assert by_hour_39.startswith("\u2713 done!")
    lab.reset()
    lab.move_point(38, x=0.0, y=26.0)
    lab.move_point(39, x=0.0, y=26.0)
    two_corners = lab.state.factor
    assert "not yet" in challenge_readout(lab, 2)
    lab.move_point(7, x=10.0, y=0.0)  # hour 8
    flat = challenge_readout(lab, 2)
    assert flat.startswith("\u2713 done!")
    lab.reset()
    below_five = np.flatnonzero(spend < 5)
    assert list(below_five) == list(range(19))
    for i in below_five:
        lab.move_point(i, y=0.0)
    quiet_left = lab.state.factor
    assert "not yet" in challenge_readout(lab, 1)
    for i in (37, 38, 39):
        lab.move_point(i, y=26.0)
    doubled = challenge_readout(lab, 1)
    assert doubled.startswith("\u2713 done!")
    # independent of the lab: scipy's maximum of the likelihood gives the same factor
    x, y = lab.points

    def minus_loglik(theta):
        return -np.sum(stats.poisson.logpmf(y, np.exp(theta[0] + theta[1] * x)))

    best = optimize.minimize(minus_loglik, np.zeros(2), method="BFGS").x
    assert np.isclose(np.exp(best[1]), lab.state.factor, atol=1e-4)
    lab.close()
    return [
        by_hour_one,
        (spend[0], 2),
        by_hour_39.split("lowest ")[1].split(" (")[0],
        by_hour_39.split("slope ")[1].rstrip(")"),
        (two_corners, 2),
        flat.split("= ")[1].rstrip(")"),
        (quiet_left, 2),
        (int(np.sum(customers[below_five] > 0)), 0),
        (int(np.sum(customers[below_five] == 0)), 0),
        doubled.split("= ")[1].rstrip(")"),
    ]


@functools.cache
def shop_checks():
    """The shop's fit and what chapter 7 says of it, recomputed without the course module.

    Least squares by numpy; Pearson's chi^2 and the Wald interval by
    statsmodels; the Poisson slopes of the 500 shops by glmlib.fit (checked
    against statsmodels in tests/test_fit.py).
    """
    spend, customers = shop_hours()
    X = design_matrix(spend)
    poisson = glmlib.fit(X, customers, family="poisson")
    reference = sm.GLM(customers, X, family=sm.families.Poisson()).fit()
    assert np.allclose(reference.params, poisson.coef, atol=1e-8)
    busy = customers > 0
    poisson_slopes, log_slopes, log1p_slopes = [], [], []
    for seed in range(100, 600):
        x, y = shop_hours(seed)
        poisson_slopes.append(glmlib.fit(design_matrix(x), y, family="poisson").coef[1])
        kept = y > 0
        log_slopes.append(np.polyfit(x[kept], np.log(y[kept]), 1)[0])
        log1p_slopes.append(np.polyfit(x, np.log(y + 1.0), 1)[0])
    ratio = reference.pearson_chi2 / reference.df_resid
    low, high = np.exp(reference.conf_int(alpha=0.05)[1])
    return {
        "spend": spend,
        "customers": customers,
        "X": X,
        "poisson": poisson,
        "empty": int(np.sum(~busy)),
        "log slope": float(np.polyfit(spend[busy], np.log(customers[busy]), 1)[0]),
        "log1p slope": float(np.polyfit(spend, np.log(customers + 1.0), 1)[0]),
        "poisson average": float(np.mean(poisson_slopes)),
        "log average": float(np.mean(log_slopes)),
        "log1p average": float(np.mean(log1p_slopes)),
        "pearson ratio": float(ratio),
        "pearson p": float(stats.chi2.sf(reference.pearson_chi2, reference.df_resid)),
        "factor": float(np.exp(reference.params[1])),
        "interval": (float(low), float(high)),
        "centre": balance_point(spend, poisson.predict(X)),
    }


def chapter7_notebook_numbers():
    """What chapter 7's check cells print, and the guide's misconceptions, recomputed."""
    shop = shop_checks()
    spend, customers, X, poisson = (
        shop[k] for k in ("spend", "customers", "X", "poisson")
    )
    # independent of balance_point: the weighted mean written out
    fitted = poisson.predict(X)
    assert np.isclose(shop["centre"], fitted @ spend / fitted.sum())
    means = poisson.predict(design_matrix([0.0, 1.0, 9.0, 10.0]))
    at_hours = poisson.predict(X[[16, 17]])
    slow = glmlib.fit(X, customers, family="poisson", method="gradient")
    quick = gradient_catch_up(np.zeros(2), spend, customers, poisson)
    assert quick.agrees and np.allclose(slow.coef, poisson.coef, atol=1e-5)
    bends = []
    for design in (X, design_matrix(spend - shop["centre"])):
        values = np.linalg.eigvalsh(design.T @ (design * fitted[:, None]))
        bends.append(values[-1] / values[0])
    return [
        (shop["empty"], 0),
        (shop["log slope"], 3),
        (shop["log1p slope"], 3),
        (poisson.coef[1], 3),
        (shop["poisson average"], 3),
        (shop["log average"], 3),
        (shop["log1p average"], 3),
        (SHOP_SLOPE, 2),
        (shop["pearson ratio"], 2),
        (shop["pearson p"], 2),
        *((v, 2) for v in shop["interval"]),
        (means[1] - means[0], 3),
        (means[3] - means[2], 3),
        *((s, 2) for s in spend[[16, 17]]),
        *((c, 0) for c in customers[[16, 17]]),
        *((m, 3) for m in at_hours),
        (quick.steps, 0),
        (slow.n_iter, 0),
        (shop["centre"], 2),
        (shop["centre"], 1),
        *((b, 0) for b in bends),
    ]


def chapter7_markdown(cell_id):
    (cell,) = [c for c in notebook(7)["cells"] if c.get("id") == cell_id]
    return text_of(cell)


@pytest.mark.parametrize(
    ("cell_id", "names"),
    [
        ("c13-box", [("centre", 1)]),
        (
            "c14-reading",
            [("pearson ratio", 2), ("pearson p", 2), ("interval", 2), ("factor", 2)],
        ),
        (
            "c22",
            [("log1p average", 3), ("log average", 3), ("poisson average", 3)],
        ),
        ("c23", [("interval", 2), ("factor", 2)]),
    ],
)
def test_chapter7_prose_quotes_the_numbers_glmlib_computes(cell_id, names):
    """The prose around the check cells quotes what those cells print."""
    shop = shop_checks()
    wanted = []
    for name, decimals in names:
        value = shop[name]
        values = value if isinstance(value, tuple) else (value,)
        wanted += [(v, decimals) for v in values]
    assert missing(chapter7_markdown(cell_id), wanted) == []


def test_chapter7_course_helpers_match_statsmodels_and_numpy():
    """pearson_check, factor_interval and average_slopes give the reference numbers."""
    shop = shop_checks()
    check = pearson_check(shop["poisson"], shop["X"], shop["customers"])
    assert check.ratio == pytest.approx(shop["pearson ratio"], rel=1e-9)
    assert check.p_value == pytest.approx(shop["pearson p"], rel=1e-6)
    interval = factor_interval(shop["poisson"], shop["X"])
    assert (interval.low, interval.high) == pytest.approx(shop["interval"], rel=1e-7)
    assert interval.factor == pytest.approx(shop["factor"], rel=1e-9)
    one = three_slopes(shop["spend"], shop["customers"])
    assert (one.log_dropped, one.log_plus_one) == pytest.approx(
        (shop["log slope"], shop["log1p slope"]), rel=1e-9
    )
    many = average_slopes()
    assert (many.poisson, many.log_dropped, many.log_plus_one) == pytest.approx(
        (shop["poisson average"], shop["log average"], shop["log1p average"]),
        rel=1e-9,
    )


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(7, chapter7)
