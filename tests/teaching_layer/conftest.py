"""Every teaching-layer test drives simulations headless; their figures close after it."""

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
