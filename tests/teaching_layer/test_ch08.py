"""Chapter 8's worked answers and guide section quote what glmlib computes: the tangent, the race, the regions."""

import numpy as np
from scipy.special import expit

import glmlib
from glmlib.course import ch08_one_gradient_for_every_glm as ch08
from glmlib.course.ch08_one_gradient_for_every_glm import (
    GAP_FLOOR,
    OTHER_ETA,
    class_probabilities,
)
from glmlib.data import (
    design_matrix,
    shop_design,
    shop_hours,
    spector_grades,
    standardized_design,
)
from glmlib.simulations import (
    SoftmaxRegions,
    TangentOfLogPartition,
    TrainingRace,
)

from .harness import at, quote_tests, readout

# Three simulations, each with its own Try-this list. The race's readouts
# print pairs and verdicts that the answers quote as they stand.


def pair(values, decimals=3):
    """A pair or triple as the readouts print it, e.g. "(0.756, 0.311)"."""
    return "(" + ", ".join(f"{v:.{decimals}f}" for v in values) + ")"


def chapter8_tangent():
    sim = TangentOfLogPartition()
    bern = {e: at(sim, family="bernoulli", eta=e) for e in (-3.0, -1.0, 0.0, 1.0, 3.0)}
    # independent of glmlib: the sigmoid, its variance and log(1 + e^eta) by hand
    for eta, s in bern.items():
        assert np.isclose(s.response, expit(eta))
        assert np.isclose(s.variance, expit(eta) * (1 - expit(eta)))
        assert np.isclose(s.log_partition, np.log1p(np.exp(eta)))
    assert np.isclose(bern[-3.0].response + bern[3.0].response, 1.0)
    assert f"{bern[-1.0].variance:.4f}" == f"{bern[1.0].variance:.4f}"
    first = [
        *((bern[e].response, 4) for e in (-3.0, 0.0, 3.0)),
        (bern[3.0].log_partition, 4),
        (bern[-3.0].log_partition, 4),
        *((bern[e].variance, 4) for e in (0.0, 1.0, 3.0)),
    ]
    # the label on the figure reads the slope off the drawn line
    assert sim.a_label.get_text().endswith(f"{bern[3.0].response:.4f}")
    pois = {e: at(sim, family="poisson", eta=e) for e in (-3.0, 1.0, 3.0)}
    for eta, s in pois.items():
        assert np.allclose([s.response, s.variance, s.log_partition], np.exp(eta))
    second = [
        *((s.response, 4) for s in pois.values()),
        (np.sqrt(pois[3.0].variance), 1),
    ]
    gauss = {e: at(sim, family="gaussian", eta=e) for e in (-3.0, 0.8, 3.0)}
    assert all(s.variance == 1.0 for s in gauss.values())
    assert np.isclose(gauss[3.0].log_partition, 3.0**2 / 2)
    third = [
        (gauss[0.8].variance, 4),
        *((s.response, 4) for s in gauss.values()),
        (gauss[3.0].log_partition, 4),
        (gauss[-3.0].log_partition, 4),
    ]
    cat = {e: at(sim, family="categorical", eta=e) for e in (-3.0, 0.0, 1.0, 3.0)}
    ratios = [s.probabilities[2] / s.probabilities[0] for s in cat.values()]
    assert np.allclose(ratios, np.exp(OTHER_ETA))
    assert all(np.isclose(s.probabilities.sum(), 1.0) for s in cat.values())
    fourth = [
        *(pair(cat[e].probabilities) for e in (-3.0, 0.0, 3.0)),
        (np.exp(OTHER_ETA), 3),
        (OTHER_ETA, 1),
        *((cat[e].response[0], 4) for e in (-3.0, 0.0, 3.0)),
        (cat[1.0].variance[0, 0], 4),
        (cat[1.0].response[0], 4),
    ]
    sim.close()
    guide = [
        (bern[0.0].response, 4),
        (bern[0.0].variance, 4),
        (pois[1.0].response, 4),
    ]
    return [first, second, third, fourth], guide


def chapter8_race():
    sim = TrainingRace()
    X, y = shop_design()

    def frame(k):
        """Show step k as the Play slider would; return its readouts."""
        sim.playback.show(k)
        return {
            "gradient": readout(sim, "gradient ascent \u03b8").split(" = ", 1)[1],
            "newton": readout(sim, "Newton \u03b8").split(" = ", 1)[1],
        }

    def verdict():
        return readout(sim, "gradient ascent:").split(": ", 1)[1]

    def theta1s(state, steps):
        return [(state.gradient_path[k][1], 3) for k in steps]

    # 1. Play at the start
    start = sim.state
    assert (start.model, start.learning_rate) == ("poisson", 0.03)
    peak, L, flat = start.peak, start.curvature, start.smallest_curvature
    # independent of the simulation: the peak from glmlib's fit, and the
    # curvatures by hand, X^T diag(e^(X theta)) X / n
    assert np.allclose(peak, glmlib.fit(X, y, "poisson").coef)
    by_hand = np.linalg.eigvalsh((X * np.exp(X @ peak)[:, None]).T @ X / len(y))
    assert np.allclose(by_hand, [flat, L])
    gap = start.gap(start.gradient_loglik)
    tail = gap[151] / gap[150]
    assert np.isclose(tail, (1 - 0.03 * flat) ** 2, rtol=1e-3)
    # Newton is on the peak (its gap on the floor) from step 4, and the
    # readout's count has two more steps, as the answer says
    on_floor = np.nonzero(start.gap(start.newton_loglik) == GAP_FLOOR)[0]
    assert on_floor[0] == 4 and start.newton_steps == on_floor[0] + 2
    first_step = start.gradient_path[1]
    assert 2.5 < first_step[1] / first_step[0] < 3
    newton_steps = [frame(k)["newton"] for k in (1, 2, 3, 4)]
    climb = [frame(k)["gradient"] for k in (1, 10, 50, 100)]
    first = [
        *newton_steps,
        *climb,
        f"converged in {start.newton_steps} steps",
        start.summary(),
        (start.gradient_path[4][1], 3),
        (L, 3),
        (flat, 3),
        (1 - 0.03 * L, 3),
        (1 - 0.03 * flat, 3),
        (tail, 3),
    ]

    # 2. a slow crawl
    crawl = at(sim, learning_rate=0.005)
    crawl_verdict = verdict()
    assert crawl_verdict.startswith("still climbing after 400 steps")
    factor = np.log(1 - 0.03 * flat) / np.log(1 - 0.005 * flat)
    assert 5.5 < factor < 6.5
    second = [
        crawl_verdict,
        frame(400)["gradient"],
        frame(400)["newton"],
        (crawl.gradient_loglik[-1], 4),
        (crawl.peak_loglik, 4),
        (crawl.gap(crawl.gradient_loglik)[-1], 4),
        (1 - 0.005 * flat, 3),
        (factor, 0),
    ]

    # 3. towards the limit, and past it
    settles = at(sim, learning_rate=0.05)
    bounces = {r: at(sim, learning_rate=r) for r in (0.06, 0.07)}
    for state in bounces.values():  # a two-step cycle, neither settling nor diverging
        path = state.gradient_path
        assert state.gradient_outcome == "overshooting"
        assert np.allclose(path[-1], path[-3], atol=1e-6)
        assert np.allclose(path[-2], path[-4], atol=1e-6)
    six, seven = bounces[0.06], bounces[0.07]
    level = seven.gap(seven.gradient_loglik)[-100:]
    third = [
        settles.summary(),
        (1 - 0.05 * L, 3),
        *theta1s(settles, (1, 2, 3, 4)),
        (1 - 0.06 * L, 3),
        six.summary(),
        pair(six.gradient_path[-2]),
        pair(six.gradient_path[-1]),
        (six.gradient_loglik[-1], 4),
        (six.peak_loglik, 4),
        pair(seven.gradient_path[-2]),
        pair(seven.gradient_path[-1]),
        (level.min(), 2),
        (level.max(), 2),
    ]

    # 4. divergence
    wild = at(sim, learning_rate=0.08)
    assert "Gradient ascent diverged" in sim.notice
    refused = wild.gradient_path[-1]
    assert wild.gradient_loglik[-1] < wild.gradient_loglik[0]
    assert len(wild.gradient_path) == wild.gradient_steps + 2  # the refused step shown
    wilder = {r: at(sim, learning_rate=r) for r in (0.1, 0.2, 0.4)}
    fourth = [
        "Gradient ascent diverged",
        wild.summary(),
        *(pair(wild.gradient_path[k]) for k in (1, 2, 3)),
        pair(refused),
        (wild.gradient_loglik[-1], 4),
        (wild.gradient_loglik[0], 4),
        wilder[0.1].summary(),
        wilder[0.2].summary(),
        pair(wilder[0.2].gradient_path[1]),
        (wilder[0.2].gradient_loglik[-1], 4),
        (wilder[0.4].gradient_loglik[-1], 4),
    ]
    assert wilder[0.4].summary() == "diverged at step 1"

    # 5. the Gaussian model
    at(sim, model="gaussian")
    near = at(sim, learning_rate=0.28)
    over = at(sim, learning_rate=0.3)
    quick = at(sim, learning_rate=0.25)
    spend, _ = shop_hours()
    G, g_flat = near.curvature, near.smallest_curvature
    # independent of glmlib: with a'' = 1 and the spend centred, the curvature
    # is diag(1, variance of the spend)
    assert np.isclose(G, np.var(spend)) and np.isclose(g_flat, 1.0)
    assert np.allclose(near.newton_path[1], near.peak)
    swings = over.gradient_path[1:, 1] - over.peak[1]
    assert np.allclose(swings[1:] / swings[:-1], 1 - 0.3 * G, rtol=0.02)
    fifth = [
        (G, 3),
        (near.threshold, 4),
        near.summary(),
        (near.peak[1], 3),
        (near.peak[0], 3),
        *theta1s(near, (1, 2, 3, 4)),
        (1 - 0.28 * G, 3),
        (1 - 0.3 * G, 3),
        (100 * (0.3 * G - 2), 1),
        *theta1s(over, (1, 2, 3, 4, 13)),
        over.summary(),
        quick.summary(),
        (2 / (G + g_flat), 3),
        ((G - g_flat) / (G + g_flat), 3),
    ]
    gaussian_at_008 = ch08.race("gaussian", 0.08)
    sim.close()
    guide = [
        (start.gradient_steps, 0),
        pair(six.gradient_path[-2]),
        pair(six.gradient_path[-1]),
        (six.gradient_loglik[-1], 4),
        (six.peak_loglik, 4),
        wild.summary(),
        (G, 3),
        (near.threshold, 4),
        (gaussian_at_008.gradient_steps, 0),
        (L, 3),
        (crawl.gap(crawl.gradient_loglik)[-1], 4),
        (settles.gradient_steps, 0),
        newton_steps[0],
        climb[0],
    ]
    assert gaussian_at_008.gradient_outcome == "converged"
    return [first, second, third, fourth, fifth], guide


def chapter8_softmax():
    sim = SoftmaxRegions()
    fitted = sim.fitted
    labels = fitted.labels.astype(int)

    def probabilities():
        return readout(sim, "softmax").split(" = ", 1)[1]

    start = at(sim, steps=0)
    assert np.isclose(start.loglik, -np.log(3))
    # a tie goes to the first class: the share right is the share of class 0
    assert start.accuracy == np.mean(labels == 0)
    uniform = probabilities()
    gaps = {k: at(sim, steps=k).gap_to_newton for k in (0, 5, 50, 100, 200, 500)}
    one, five, end = (at(sim, steps=k) for k in (1, 5, 2000))
    # independent of the simulation: the share right at Newton's theta
    scores = np.column_stack([np.zeros(len(labels)), fitted.X @ fitted.newton])
    assert np.isclose(end.accuracy, np.mean(scores.argmax(axis=1) == labels))
    first = [
        uniform,
        (start.loglik, 4),
        (start.accuracy, 3),
        (int(np.sum(labels == 0)), 0),
        (len(labels), 0),
        (one.accuracy, 3),
        *((g, 6) for g in gaps.values()),
        (five.accuracy, 3),
        (end.accuracy, 3),
        (five.loglik, 4),
        (end.loglik, 4),
    ]
    at(sim, x1=0.2, x2=-2.0)
    boundary = probabilities()
    at(sim, x1=-0.2, x2=0.2)
    middle = probabilities()
    assert readout(sim, "most probable class").endswith("class 0")
    # where the three regions meet: theta_1^T x = theta_2^T x = 0, solved by hand
    meeting = np.linalg.solve(fitted.newton[1:].T, -fitted.newton[0])
    assert np.allclose(class_probabilities(fitted.newton, meeting), 1 / 3, atol=5e-4)
    second = [boundary, middle, *((m, 3) for m in meeting), (1 / 3, 3)]
    diagonal = [at(sim, x1=t, x2=-t).probabilities for t in (1.0, 2.0, 3.0)]
    corner = probabilities()
    assert diagonal[0][1] < diagonal[1][1] < diagonal[2][1]
    others = {
        (x1, x2): at(sim, x1=x1, x2=x2).probabilities
        for x1, x2 in ((-3.0, -3.0), (-3.0, 3.0), (3.0, 3.0))
    }
    near_corner = np.hypot(fitted.X[:, 1] - 3, fitted.X[:, 2] + 3) < 1
    third = [
        corner,
        *((p[1], 3) for p in diagonal),
        (others[-3.0, -3.0][0], 3),
        (others[-3.0, 3.0][2], 3),
        (others[3.0, 3.0][1], 3),
        (int(near_corner.sum()), 0),
        (len(labels), 0),
    ]
    sim.close()
    guide = [
        (five.accuracy, 3),
        (end.accuracy, 3),
        (five.loglik, 4),
        (end.loglik, 4),
        (float(middle.strip("()").split(", ")[0]), 3),
    ]
    return [first, second, third], guide


def chapter8_notebook_numbers():
    """What the notebook's probit and rescaling cells print, recomputed here."""
    features, grade, _ = spector_grades()
    X = standardized_design(features)
    bernoulli = glmlib.Bernoulli()
    probit = bernoulli.get_link("probit")

    def probit_loglik(theta):
        return np.sum(
            bernoulli.loglik(grade, bernoulli.link(probit.response(X @ theta)))
        )

    naive = ch08.universal_loop(X, grade, probit.response, 1.0, 5000)
    best = glmlib.fit(X, grade, "bernoulli", link="probit").coef
    assert probit_loglik(naive) < probit_loglik(best)
    factor = ch08.probit_gradients(X, grade, np.array([-0.4, 0.6, 0.1, 0.5])).factor
    spend, customers = shop_hours()
    numbers = [
        (probit_loglik(naive), 4),
        (probit_loglik(best), 4),
        (factor.min(), 3),
        (factor.max(), 3),
    ]
    for column in (spend, spend - spend.mean(), (spend - spend.mean()) / spend.std()):
        D = design_matrix(column)
        newton = glmlib.fit(D, customers, "poisson")
        weights = np.exp(D @ newton.coef)
        values = np.linalg.eigvalsh((D * weights[:, None]).T @ D / len(D))
        ascent = glmlib.fit(
            D, customers, "poisson", method="gradient",
            learning_rate=1 / values[-1], max_iter=20_000,
        )  # fmt: skip
        assert newton.n_iter == 4
        numbers += [(values[-1] / values[0], 1), (ascent.n_iter, 0)]
    return numbers


def chapter8():
    tangent, tangent_guide = chapter8_tangent()
    race, race_guide = chapter8_race()
    softmax, softmax_guide = chapter8_softmax()
    guide = tangent_guide + race_guide + softmax_guide + chapter8_notebook_numbers()
    return [*tangent, *race, *softmax], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(8, chapter8)
