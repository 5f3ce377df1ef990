"""Playback headless: a Play widget linked to a step slider (chapter 8).

The Play button's timer runs in the browser; here the slider is set the way
the browser's link would set it, and each frame is checked to be drawn from
scratch from a path computed in advance by glmlib.
"""

import warnings

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np
import pytest

from glmlib import ConvergenceWarning, fit
from glmlib.data import design_matrix, shop_hours
from glmlib.ui.playback import Playback
from glmlib.ui.simulation import Readout, Simulation
from glmlib.ui.style import course_figure, style_axes


@pytest.fixture
def played():
    frames = []
    playback = Playback(10, frames.append)
    yield playback, frames
    playback.close()


def test_play_and_slider_are_linked_in_the_browser(played):
    playback, _ = played
    assert isinstance(playback.play, widgets.Play)
    assert isinstance(playback.slider, widgets.IntSlider)
    assert playback.link.source == (playback.play, "value")
    assert playback.link.target == (playback.slider, "value")
    # the visible button starts and stops the Play's timer in the browser
    assert playback.play_link.source == (playback.button, "value")
    assert playback.play_link.target == (playback.play, "playing")
    for widget in (playback.play, playback.slider):
        assert (widget.min, widget.max, widget.step) == (0, 9, 1)
    assert playback.widget.children == (
        playback.button,
        playback.play,
        playback.slider,
    )


def test_every_visible_control_has_words_for_a_screen_reader(played):
    playback, _ = played
    # ipywidgets draws the Play's buttons as bare icons: it stays hidden
    assert playback.play.layout.display == "none"
    assert playback.button.description == "Play" and playback.button.tooltip
    assert playback.slider.description == "step"
    assert "arrow keys" in playback.slider.tooltip


def test_the_button_says_what_it_will_do(played):
    playback, _ = played
    playback.button.value = True  # the browser sets this when playing starts
    assert (playback.button.description, playback.button.icon) == ("Pause", "pause")
    playback.stop()
    assert playback.play.playing is False and playback.button.value is False
    assert (playback.button.description, playback.button.icon) == ("Play", "play")


def test_stepping_the_slider_draws_first_middle_and_last(played):
    playback, frames = played
    assert frames == []  # nothing is drawn at construction
    for k in (5, 9, 0):
        playback.slider.value = k
    assert frames == [5, 9, 0]
    assert playback.frame == 0 and playback.n_frames == 10


def test_show_draws_even_the_frame_already_shown(played):
    playback, frames = played
    playback.show(4)
    playback.show(4)
    assert frames == [4, 4]
    with pytest.raises(IndexError, match="0 to 9"):
        playback.show(10)
    with pytest.raises(TypeError):
        playback.show(2.5)


def test_fewer_frames_keep_the_step_or_the_last_one(played):
    playback, frames = played
    playback.slider.value = 8
    playback.play.value = 8  # the link does this in a browser
    frames.clear()
    playback.set_frames(5)
    assert frames == [4]  # drawn once, at the new last frame
    for widget in (playback.play, playback.slider):
        assert (widget.max, widget.value) == (4, 4)
    playback.set_frames(20)
    assert frames == [4, 4] and playback.slider.max == playback.play.max == 19
    playback.set_frames(20, frame=0)
    assert frames[-1] == 0 and playback.frame == 0


@pytest.mark.parametrize("n_frames", [0, -3, 2.5, True, "7"])
def test_the_number_of_frames_is_checked(n_frames):
    with pytest.raises((ValueError, TypeError)):
        Playback(n_frames, print)


def test_one_frame_is_enough():
    frames = []
    playback = Playback(np.int64(1), frames.append)
    playback.show(0)
    assert frames == [0] and playback.n_frames == 1
    playback.close()


def test_close_unhooks_the_callback(played):
    playback, frames = played
    playback.close()
    playback.slider.value = 3
    assert frames == []


# --- inside a Simulation: chapter 8's shape ----------------------------------
class GradientPath(Simulation):
    """Gradient ascent on the shop's hours, one frame per step (chapter 8 test).

    Frame k shows the fit after k + 1 steps, each computed by glmlib before
    any frame is shown; a new learning rate computes a new path and starts
    it again from its first step.
    """

    chapter = 8
    N_STEPS = 12

    def __init__(self):
        self.spend, self.customers = shop_hours()
        self.X = design_matrix((self.spend - self.spend.mean()) / self.spend.std())
        super().__init__()

    def make_controls(self):
        return {"rate": widgets.FloatSlider(value=0.1, min=0.01, max=0.3, step=0.01)}

    def build_figure(self):
        fig, (ax,) = course_figure("steps")
        style_axes(ax, "fit", "x", "y", (-2, 2), (0, 20), [-2, 2], [0, 20])
        (self.curve,) = ax.plot([], [])
        fig.add_moving(self.curve)
        self.make_playback(1, self.draw_frame)  # the path sets the length
        return fig

    def compute(self, rate):
        with warnings.catch_warnings():
            # each run stops after k + 1 steps on purpose
            warnings.simplefilter("ignore", ConvergenceWarning)
            path = [
                fit(
                    self.X, self.customers, "poisson", "gradient",
                    learning_rate=rate, max_iter=k + 1, tol=1e-300,
                ).coef
                for k in range(self.N_STEPS)
            ]  # fmt: skip
        return {"path": np.array(path)}

    def draw_state(self, state):
        self.playback.set_frames(len(state["path"]), frame=0, draw=False)
        self.draw_frame(0)

    def draw_frame(self, k):
        self.coef = self.state["path"][k]
        grid = np.linspace(-2, 2, 30)
        self.curve.set_data(grid, np.exp(self.coef[0] + self.coef[1] * grid))

    def readouts(self):
        return [Readout("k", "step", float(self.playback.frame + 1), 0)]


def test_a_simulation_plays_precomputed_frames_from_scratch():
    sim = GradientPath()
    assert sim.playback.widget in sim.widget.children
    assert sim.playback.n_frames == GradientPath.N_STEPS
    path = sim.state["path"]
    # frame 0 is one step of the rule theta += rate * X^T (y - exp(X theta)) / n
    # from theta = 0
    first = 0.1 * sim.X.T @ (sim.customers - 1.0) / len(sim.customers)
    np.testing.assert_allclose(path[0], first)
    for k in (11, 3, 0, 6):  # any order: each frame from scratch
        sim.playback.slider.value = k
        np.testing.assert_allclose(sim.coef, path[k])
        assert f"step = {k + 1}" in sim.readout_text()
    sim.controls["rate"].value = 0.2
    assert sim.playback.frame == 0 and sim.notice == ""
    assert not np.allclose(sim.state["path"][0], path[0])  # a new path
    np.testing.assert_allclose(sim.coef, sim.state["path"][0])
    sim.close()
