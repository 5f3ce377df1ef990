"""Chapter 1's worked answers and guide section quote what glmlib computes: one family at a natural parameter."""

import numpy as np

from glmlib import Poisson
from glmlib.simulations import OneFormThreeFaces

from .harness import at, quote_tests


def chapter1():
    sim = OneFormThreeFaces()
    gaussian = {eta: at(sim, family="gaussian", eta=eta) for eta in (-2.0, 0.5, 2.0)}
    peaks = {float(s.probability.max()) for s in gaussian.values()}
    assert np.allclose(list(peaks), 1 / np.sqrt(2 * np.pi), atol=1e-3)
    first = [
        (gaussian[-2.0].mean, 3),
        (gaussian[-2.0].log_partition, 3),
        (gaussian[2.0].mean, 3),
        (gaussian[2.0].log_partition, 3),
        (gaussian[0.5].mean, 3),
        (max(peaks), 3),
    ]
    bern = {
        eta: at(sim, family="bernoulli", eta=eta) for eta in (-2.0, 0.0, 0.5, 1.5, 2.0)
    }
    second = [
        (bern[0.0].mean, 3),
        (bern[0.0].log_partition, 3),
        (bern[2.0].mean, 3),
        (bern[-2.0].mean, 3),
        (bern[0.5].mean, 3),
        (bern[0.5].mean - bern[0.0].mean, 3),
        (bern[1.5].mean, 3),
        (bern[2.0].mean - bern[1.5].mean, 3),
    ]
    pois = {
        eta: at(sim, family="poisson", eta=eta) for eta in (-2.0, -1.0, 0.0, 1.0, 2.0)
    }
    low, high = pois[-2.0], pois[2.0]
    counts = np.arange(0, 400)
    tail = float(Poisson().density(counts[16:].astype(float), 2.0).sum())
    ranked = np.argsort(high.probability)[::-1]
    third = [
        (low.mean, 3),
        (float(low.probability[0]), 3),
        (high.mean, 3),
        (int(high.y[ranked[0]]), 0),
        (float(high.probability[ranked[0]]), 3),
        (int(high.y[ranked[1]]), 0),
        (float(high.probability[ranked[1]]), 3),
        f"{100 * tail:.1f} %",
        *((s.mean, 3) for s in pois.values()),
        (pois[1.0].mean / pois[0.0].mean, 3),
    ]
    assert all(np.isclose(s.mean, s.log_partition) for s in pois.values())
    eta_one = [at(sim, family=f, eta=1.0) for f in ("gaussian", "bernoulli", "poisson")]
    guide = [
        (gaussian[2.0].mean, 3),
        (max(peaks), 3),
        (bern[0.5].mean - bern[0.0].mean, 3),
        (bern[2.0].mean - bern[1.5].mean, 3),
        (bern[0.5].mean, 3),
        (bern[1.5].mean, 3),
        (pois[1.0].mean, 3),
        *((s.mean, 3) for s in eta_one),
        (bern[0.0].log_partition, 3),
        (eta_one[1].log_partition, 3),
    ]
    return [first, second, third], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(1, chapter1)
