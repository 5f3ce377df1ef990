"""Chapter 5's worked answers and guide section quote what glmlib computes: linear and logistic regression."""

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from glmlib.course.ch05_linear_and_logistic_from_the_recipe import (
    crank_both,
    cross_entropies,
)
from glmlib.data import (
    QUEUE_SLOPE,
    SAMPLES,
    TAKINGS_SLOPE,
    design_matrix,
    takings_and_queues,
)
from glmlib.simulations import TurningTheCrank

from .harness import at, missing, notebook, quote_tests, text_of


def _is_pair(entry):
    return isinstance(entry, tuple) and all(isinstance(e, str) for e in entry)


def chapter5():
    sim = TurningTheCrank()
    gaussian = at(sim, family="gaussian", spend=6.0)
    bernoulli = at(sim, family="bernoulli", spend=6.0)
    first = [
        *((t, 3) for t in gaussian.theta),
        (gaussian.eta, 3),
        (gaussian.mean, 3),
        *((t, 3) for t in bernoulli.theta),
        (bernoulli.eta, 3),
        (bernoulli.mean, 3),
    ]
    ends = {
        (f, x): at(sim, family=f, spend=x)
        for f in ("gaussian", "bernoulli")
        for x in (0.0, 10.0)
    }
    second = [
        *((s.mean, 3) for s in ends.values()),
        (gaussian.theta[1], 3),
    ]
    theta0, theta1 = bernoulli.theta
    toss = -theta0 / theta1
    below, above = at(sim, spend=4.6), at(sim, spend=4.7)
    third = [
        (-theta0, 3),
        (theta1, 3),
        (toss, 2),
        (below.eta, 3),
        (below.mean, 3),
        (above.eta, 3),
        (above.mean, 3),
    ]
    models = [crank_both(s) for s in SAMPLES]
    slopes = {
        "gaussian": [m.gaussian_fit.coef[1] for m in models],
        "bernoulli": [m.bernoulli_fit.coef[1] for m in models],
    }
    tosses = [-m.bernoulli_fit.coef[0] / m.bernoulli_fit.coef[1] for m in models]
    verdicts = set()
    for sample in SAMPLES:
        for family in ("gaussian", "bernoulli"):
            at(sim, family=family, sample=sample)
            verdicts.add(sim.state.check_verdict.split(" ")[0])
    assert verdicts == {"yes"}
    fourth = [
        *((min(v), 3) for v in slopes.values()),
        *((max(v), 3) for v in slopes.values()),
        *(
            (f"draw {SAMPLES[int(np.argmin(v))]}", f"draw {SAMPLES[int(np.argmax(v))]}")
            for v in slopes.values()
        ),
        (TAKINGS_SLOPE, 2),
        (QUEUE_SLOPE, 2),
        (min(tosses), 2),
        (max(tosses), 2),
    ]
    fourth = [e for entry in fourth for e in (entry if _is_pair(entry) else [entry])]
    guide = [
        *((t, 3) for t in gaussian.theta),
        *((t, 3) for t in bernoulli.theta),
        (toss, 2),
        (above.mean, 3),
        (min(slopes["bernoulli"]), 3),
        (max(slopes["bernoulli"]), 3),
        (bernoulli.mean, 3),
        *((ends["bernoulli", x].mean, 3) for x in (0.0, 10.0)),
    ]
    # the misconception cell: a least squares line through the 0/1 labels,
    # squashed afterwards, over the spends the notebook prints
    X = design_matrix(models[0].spend)
    line, *_ = np.linalg.lstsq(X, models[0].queued, rcond=None)
    squashed = expit(design_matrix([0.0, 10.0]) @ line)
    guide += [(squashed[0], 3), (squashed[1], 3)]
    scores = cross_entropies(1)
    guide += [(scores.squashed_line, 3), (scores.glm, 3), (scores.constant, 3)]
    return [first, second, third, fourth], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(5, chapter5)


def _cross_entropy(p, y):
    """Mean of -(y log p + (1 - y) log(1 - p)), written out without glmlib."""
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def test_cross_entropies_of_the_glm_the_squashed_line_and_a_constant():
    """chapter 5's table, recomputed with numpy and scipy alone (issue 16)."""
    spend, _, queued = takings_and_queues(1)
    X = np.column_stack([np.ones_like(spend), spend])
    line, *_ = np.linalg.lstsq(X, queued, rcond=None)
    best = minimize(
        lambda t: _cross_entropy(expit(X @ t), queued),
        np.zeros(2),
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000},
    )
    share = queued.mean()
    expected = {
        "glm": best.fun,
        "squashed_line": _cross_entropy(expit(X @ line), queued),
        "constant": _cross_entropy(np.full_like(queued, share), queued),
        "share": share,
    }
    scores = cross_entropies(1)
    for name, value in expected.items():
        assert np.isclose(getattr(scores, name), value, rtol=0, atol=1e-7), name


def test_chapter5_prose_quotes_the_cross_entropies():
    """The cell under the table quotes its three numbers, and what it says of them holds."""
    scores = cross_entropies(1)
    # "much nearer the constant's than the GLM's"
    assert scores.constant - scores.squashed_line < scores.squashed_line - scores.glm
    (cell,) = [c for c in notebook(5)["cells"] if c.get("id") == "cross-entropies-read"]
    wanted = [(scores.squashed_line, 3), (scores.constant, 3), (scores.glm, 3)]
    assert missing(text_of(cell), wanted) == []
