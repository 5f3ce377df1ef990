"""Chapter 2's worked answers and guide section quote what glmlib computes: the Gaussian in exponential-family form."""

import numpy as np

from glmlib.course.ch02_gaussian_in_disguise import (
    fits_for_spreads,
    gaussian_pieces,
    gaussian_with_spread,
)
from glmlib.simulations import GaussianInDisguise
from glmlib.simulations.ch02_gaussian_in_disguise import MU_RANGE

from .harness import at, quote_tests, readout


def chapter2():
    sim = GaussianInDisguise()
    low, high = at(sim, mu=-3.0), at(sim, mu=3.0)
    first = [
        (low.eta, 2),
        (high.eta, 2),
        (low.log_partition, 3),
        (high.log_partition, 3),
        (float(high.density_from_form.max()), 3),
    ]
    agree = readout(sim, "b(y)").split(": ", 1)[1]
    positions = np.arange(MU_RANGE[0], MU_RANGE[1] + 1e-9, 0.05)
    largest = max(gaussian_pieces(mu).largest_difference for mu in positions)
    assert largest < 1e-15  # what the answer claims
    second = [agree, "10^{-15}", (gaussian_pieces(0.0).y.size, 0)]
    zero = at(sim, mu=0.0)
    assert np.allclose(zero.tilt, 1.0)
    third = [
        (zero.eta, 2),
        (zero.log_partition, 3),
        (float(zero.base_measure.max()), 3),
    ]
    two = at(sim, mu=2.0)
    y = two.y

    def tilt_at(value):
        return float(two.tilt[np.argmin(np.abs(y - value))])

    crossing = float(two.base_measure[np.argmin(np.abs(y - 1.0))])
    assert np.isclose(tilt_at(1.0), 1.0)
    fourth = [
        (two.eta, 2),
        (two.log_partition, 3),
        (crossing, 3),
        (tilt_at(0.0), 3),
        (tilt_at(2.0), 2),
    ]
    spreads = fits_for_spreads((0.5, 1.0, 2.0))
    guide = [
        (high.eta, 2),
        (high.log_partition, 3),
        (crossing, 3),
        *((c, 4) for c in spreads[0].coef),
        (gaussian_with_spread(3.0, 2.0).eta_chapter1, 2),
        (gaussian_with_spread(3.0, 0.5).eta_chapter1, 0),
        (tilt_at(0.0), 3),
        (tilt_at(2.0), 2),
    ]
    assert all(np.allclose(f.coef, spreads[0].coef) for f in spreads)
    assert gaussian_with_spread(3.0, 2.0).eta_chapter1 == 0.75
    return [first, second, third, fourth], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(2, chapter2)
