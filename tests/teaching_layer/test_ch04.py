"""Chapter 4's worked answers and guide section quote what glmlib computes: one pass down the pipeline."""

import re

import numpy as np

from glmlib.course.formatting import format_number
from glmlib.simulations import (
    CountsVersusAdSpend,
    GLMAssemblyLine,
)

from .harness import at, notebook, plain, quote_tests, readout, text_of, try_this_index


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


def test_try_this_2_quotes_the_sum_the_score_box_shows():
    """The prompt writes the dot product as the second box does (issue 16)."""
    sim = GLMAssemblyLine()
    state = at(sim, family="gaussian", theta0=-1.0, theta1=1.0, x1=-2.0)
    sim.close()
    shown = state.score_terms.replace("\n", " ").replace("\u00b7", r" \cdot ")
    shown += f" = {format_number(state.eta, 2)}"
    cells = notebook(4)["cells"]
    items = re.split(r"(?m)^(?=\d+\. \*\*)", text_of(cells[try_this_index(cells)]))
    prompt = items[2].split("<details>")[0]
    assert plain(shown) in plain(prompt), (shown, prompt)
