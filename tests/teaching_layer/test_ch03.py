"""Chapter 3's worked answers and guide section quote what glmlib computes: the log-odds and the sigmoid."""

import numpy as np

from glmlib.simulations import LogOddsAndSigmoid

from .harness import at, quote_tests


def chapter3():
    sim = LogOddsAndSigmoid()
    states = {phi: at(sim, phi=phi) for phi in (0.5, 0.7, 0.9, 0.99, 0.3)}
    # independent of glmlib: the log-odds by hand
    for phi, state in states.items():
        assert np.isclose(state.eta, np.log(phi / (1 - phi)))
    first = [
        *((states[p].eta, 3) for p in (0.5, 0.7, 0.9, 0.99)),
        (states[0.7].eta - states[0.5].eta, 3),
        (states[0.99].eta - states[0.9].eta, 3),
    ]
    second = [(states[0.3].eta, 3), (states[0.3].phi_back, 3)]
    low, high = at(sim, phi=0.0), at(sim, phi=1.0)
    assert low.eta == -np.inf and high.eta == np.inf
    third = [
        r"\eta = -\infty",
        r"\eta = \infty",
        (low.phi_back, 3),
        (high.phi_back, 3),
        (low.probit_at_eta, 3),
        (high.probit_at_eta, 3),
    ]
    fourth = [
        (states[0.5].probit_at_eta, 3),
        *((states[p].probit_at_eta, 3) for p in (0.7, 0.3, 0.9)),
        *((states[p].phi_back, 3) for p in (0.7, 0.3, 0.9)),
    ]
    guide = [
        (states[0.7].eta, 3),
        (states[0.99].eta, 3),
        (states[0.3].eta, 3),
        (states[0.3].phi_back, 3),
        (high.phi_back, 3),
        (states[0.7].probit_at_eta, 3),
    ]
    return [first, second, third, fourth], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(3, chapter3)
