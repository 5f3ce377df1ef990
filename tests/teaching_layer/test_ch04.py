"""Chapter 4's worked answers and guide section quote what glmlib computes: one pass down the pipeline."""

import numpy as np

from glmlib.simulations import (
    CountsVersusAdSpend,
    GLMAssemblyLine,
)

from .harness import at, quote_tests, readout


def chapter4():
    sim = GLMAssemblyLine()
    start = {f: at(sim, family=f) for f in ("gaussian", "bernoulli", "poisson")}
    first = [
        readout(sim, "\u03b8 = ").split(" = ", 1)[1],
        (start["gaussian"].eta, 2),
        *((s.mean, 3) for s in start.values()),
    ]
    negative = {
        f: at(sim, family=f, theta0=-1.0, theta1=1.0, x1=-2.0)
        for f in ("gaussian", "bernoulli", "poisson")
    }
    assert np.isclose(negative["poisson"].mean, np.exp(-3.0))
    second = [(negative["gaussian"].eta, 2), *((s.mean, 3) for s in negative.values())]
    sim.close()
    sim = GLMAssemblyLine()
    steps = [
        at(sim, family="poisson", theta0=0.0, theta1=1.0, x1=x) for x in (0.0, 1.0, 2.0)
    ]
    third = [
        *((s.mean, 3) for s in steps),
        (steps[1].mean / steps[0].mean, 3),
        (CountsVersusAdSpend().state.truth_factor, 3),
    ]
    sim.close()
    sim = GLMAssemblyLine()
    flat = [at(sim, theta1=0.0, x1=x) for x in (-2.0, 0.0, 2.0)]
    assert len({s.mean for s in flat}) == 1
    fourth = [(flat[0].theta[0], 2), (flat[0].eta, 2), (flat[0].mean, 3)]
    guide = [
        *((s.mean, 3) for s in start.values()),
        *((s.mean, 3) for s in negative.values()),
        *((s.mean, 3) for s in steps),
        (start["gaussian"].eta, 2),
        (flat[0].mean, 3),
    ]
    return [first, second, third, fourth], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(4, chapter4)
