"""Data sets that several chapters share.

The shop's hours (introduced in chapter 0, fitted again in chapters 4, 7 and
9): for 40 simulated hours, the ad spend that hour and how many customers
came. The counts are drawn from glmlib's own Poisson family with a fixed
seed, so every notebook and every test sees the same 40 hours, and the true
model is known: log E[customers] = SHOP_INTERCEPT + SHOP_SLOPE * spend.
"""

import numpy as np

from .families import Poisson

#: The seeded shop: 40 hours, ad spend from 0 to 10 (hundreds of dollars),
#: log of the mean count rising by 0.32 per hundred dollars.
SHOP_SEED = 2
SHOP_HOURS = 40
SHOP_INTERCEPT = -0.5
SHOP_SLOPE = 0.32
SPEND_RANGE = (0.0, 10.0)


def shop_hours(seed=SHOP_SEED, n_hours=SHOP_HOURS):
    """Ad spend and customer counts for ``n_hours`` simulated hours (chapter 0).

    Returns ``(spend, customers)``, sorted by spend. The counts come from
    ``glmlib.Poisson().sample`` with natural parameter
    ``SHOP_INTERCEPT + SHOP_SLOPE * spend``.
    """
    rng = np.random.default_rng(seed)
    spend = np.sort(rng.uniform(*SPEND_RANGE, size=n_hours))
    customers = Poisson().sample(SHOP_INTERCEPT + SHOP_SLOPE * spend, rng)
    return spend, customers


def design_matrix(spend):
    """A column of ones (the intercept) next to one feature (chapter 0)."""
    spend = np.asarray(spend, dtype=float)
    return np.column_stack([np.ones_like(spend), spend])
