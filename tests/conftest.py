"""Shared fixtures of the test suite.

* ``rng`` -- a numpy ``Generator`` with a fixed seed. Every random number in
  the core tests comes from it, or from a generator built from a seed that
  hypothesis draws, so every failure can be replayed.
* ``sim`` -- each simulation a notebook shows (``ALL_SIMULATIONS``), built
  with warnings as errors and closed after the test. A module about one
  simulation defines a ``sim`` of its own, which takes precedence.
* ``check_readouts`` -- the readout check every simulation must pass in
  every state: no NaN anywhere, no infinity but where the simulation says
  one may stand, no LaTeX dollar in the plain text.
* ``artist_snapshot`` -- everything drawable in a figure as plain data, to
  tell whether a control moved anything.

The tests run headless: matplotlib draws with Agg.
"""

import math
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from glmlib.simulations import ALL_SIMULATIONS

SEED = 20240607


@pytest.fixture
def rng():
    """A fresh numpy Generator with a fixed seed for each test."""
    return np.random.default_rng(SEED)


@pytest.fixture(
    params=ALL_SIMULATIONS, ids=lambda pair: f"ch{pair[0]:02d}-{pair[1].__name__}"
)
def sim(request):
    """Each simulation a notebook shows, fresh, closed after the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        simulation = request.param[1]()
    yield simulation
    simulation.close()


def readouts_defined(simulation):
    """Assert that every readout of ``simulation`` is defined; return its plain text.

    A number is never NaN, and infinite only in a readout the simulation
    names in ``infinite_readouts``; the text, LaTeX and HTML forms hold no
    "nan", and the plain text no "$" (LaTeX that did not render).
    """
    for readout in simulation.readouts():
        if not isinstance(readout.value, str):
            assert not math.isnan(readout.value), readout
            if readout.symbol_text not in simulation.infinite_readouts:
                assert math.isfinite(readout.value), readout
        text = readout.text()
        assert "nan" not in text.lower(), text
        assert "$" not in text, text
    assert "nan" not in simulation.readout_latex().lower()
    assert "nan" not in simulation.readout_html().lower()
    text = simulation.readout_text()
    assert "nan" not in text.lower(), text
    return text


@pytest.fixture
def check_readouts():
    """``readouts_defined``: call it on a simulation in each state a test visits."""
    return readouts_defined


def snapshot_of(figure):
    """Everything drawable that a control could move, as plain data."""
    snapshot = []
    for artist in figure.findobj():
        entry = [type(artist).__name__, artist.get_visible()]
        if isinstance(artist, Line2D):
            entry += [
                np.asarray(artist.get_xydata()).round(9).tolist(),
                artist.get_marker(),
            ]
        elif isinstance(artist, Text):
            entry += [artist.get_text(), tuple(np.round(artist.get_position(), 9))]
        elif isinstance(artist, Collection):
            entry += [
                np.asarray(artist.get_offsets()).round(9).tolist(),
                [p.vertices.round(9).tolist() for p in artist.get_paths()],
            ]
        elif isinstance(artist, Patch):
            entry += [
                np.asarray(artist.get_path().vertices).round(9).tolist(),
                np.asarray(artist.get_transform().get_matrix()).round(9).tolist(),
                tuple(artist.get_facecolor()),
            ]
        snapshot.append(entry)
    return snapshot


@pytest.fixture
def artist_snapshot():
    """``snapshot_of``: a figure's drawable state, to compare before and after."""
    return snapshot_of
