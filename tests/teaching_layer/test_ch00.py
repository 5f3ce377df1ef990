"""Chapter 0's worked answers and guide section quote what glmlib computes: the shop's line and the shared update."""

import numpy as np

from glmlib.course.ch00_one_update_rule import true_mean, update_directions
from glmlib.simulations import CountsVersusAdSpend

from .harness import at, quote_tests, readout


def chapter0():
    sim = CountsVersusAdSpend()
    state = sim.state
    spend, customers = sim.spend, sim.customers
    left, right = customers[spend < 2], customers[spend > 8]
    at(sim, show_line=False)
    # each count is quoted with the stretch it counts, so that the number of
    # hours on the left cannot stand in for the number on the right
    first = [
        readout(sim, "straight line"),
        f"{left.size} hours with a spend below 2",
        f"between {left.min():.0f} and {left.max():.0f} customers",
        f"{right.size} hours with a spend above 8",
        f"between {right.min():.0f} and {right.max():.0f}.",
    ]
    means = {s: float(true_mean(s)) for s in (0.0, 2.0, 8.0, 10.0)}
    gain_left, gain_right = means[2] - means[0], means[10] - means[8]
    second = [
        *((m, 3) for m in means.values()),
        (gain_left, 3),
        (gain_right, 3),
        (gain_right / gain_left, 1),
        (means[2] / means[0], 3),
        (state.truth_factor, 3),
        (2 * state.slope, 2),
    ]
    # independent of glmlib: the factor over two hundred dollars is the
    # factor per hundred, squared
    assert np.isclose(means[2] / means[0], state.truth_factor**2)
    rings = state.below_zero
    third = [
        (int(rings.sum()), 0),
        *((s, 2) for s in spend[rings]),
        (state.zero_crossing, 2),
        (state.intercept, 2),
        (state.slope, 2),
        (spend.mean(), 2),
        (customers.mean(), 2),
        (state.most_customers, 0),
    ]
    linear, logistic = update_directions(
        x=[1.0, 2.0], theta=[0.5, -0.3], y_real=1.4, y_label=1.0
    )
    guide = [
        (int(rings.sum()), 0),
        (spend[rings].min(), 2),
        (state.zero_crossing, 2),
        (gain_left, 3),
        (gain_right, 3),
        (means[2] / means[0], 3),
        (2 * state.slope, 2),
        (state.most_customers, 0),
        (linear.prediction, 4),
        (logistic.prediction, 4),
        *((v, 1) for v in linear.error_times_x),
        (logistic.error_times_x[0], 3),
        (logistic.error_times_x[1], 2),
    ]
    return [first, second, third], guide


(
    test_answers_quote_the_numbers_glmlib_computes,
    test_guide_quotes_the_numbers_glmlib_computes,
) = quote_tests(0, chapter0)
