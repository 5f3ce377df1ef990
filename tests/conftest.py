"""Shared fixtures of the glmlib core tests.

Every random number in the core tests comes from a numpy ``Generator`` with
a fixed seed, either the ``rng`` fixture below or one built from a seed that
hypothesis draws, so every failure can be replayed.
"""

import numpy as np
import pytest

SEED = 20240607


@pytest.fixture
def rng():
    """A fresh numpy Generator with a fixed seed for each test."""
    return np.random.default_rng(SEED)
