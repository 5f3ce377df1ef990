"""Warnings and errors raised in a simulation's callbacks reach its readout area.

Under ipympl a callback's traceback goes to JupyterLab's log, which a learner
never sees. ``Simulation.guard`` routes them to the readout area instead:
glmlib's warnings as a notice, other exceptions as an error message (then
raised again). The suite runs with warnings as errors (pyproject), so these
tests also show that a glmlib warning in a callback is a notice, not a crash.
"""

import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backend_bases import MouseButton, MouseEvent

from glmlib import ConvergenceWarning, DivergenceWarning, fit
from glmlib.data import design_matrix, shop_hours
from glmlib.simulations import ALL_SIMULATIONS
from glmlib.ui.simulation import Readout, Simulation, warning_notice
from glmlib.ui.style import course_figure, style_axes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.drag_demo import ShopDragDemo


class FitDemo(Simulation):
    """A Poisson fit of the shop's hours with controls that can make it fail (chapter 7 test)."""

    chapter = 7

    def __init__(self, method="newton", max_iter=10_000, bad_data=False):
        self.start = {"method": method, "max_iter": max_iter, "bad_data": bad_data}
        self.spend, self.customers = shop_hours()
        super().__init__()

    def make_controls(self):
        return {
            "method": widgets.ToggleButtons(
                options=["newton", "gradient"], value=self.start["method"]
            ),
            "max_iter": widgets.IntSlider(
                value=self.start["max_iter"], min=1, max=10_000
            ),
            "learning_rate": widgets.FloatSlider(value=0.0, min=0.0, max=50.0),
            "bad_data": widgets.ToggleButton(value=self.start["bad_data"]),
            "log_of": widgets.FloatSlider(value=1.0, min=0.0, max=2.0),
        }

    def build_figure(self):
        fig, (ax,) = course_figure("fit")
        style_axes(ax, "fit", "x", "y", (0, 10), (0, 20), [0, 10], [0, 20])
        (self.curve,) = ax.plot([], [])
        fig.add_moving(self.curve)
        return fig

    def compute(self, method, max_iter, learning_rate, bad_data, log_of):
        customers = self.customers.copy()
        if bad_data:
            customers[0] = -1.0  # not a count: glmlib refuses it
        options = {"max_iter": max_iter}
        if method == "gradient" and learning_rate > 0:
            options["learning_rate"] = learning_rate
        result = fit(design_matrix(self.spend), customers, "poisson", method, **options)
        return {"result": result, "log": float(np.log(log_of))}

    def draw_state(self, state):
        grid = np.linspace(0, 10, 20)
        self.curve.set_data(grid, state["result"].predict(design_matrix(grid)))

    def readouts(self):
        result = self.state["result"]
        return [
            Readout(r"\text{iterations}", "iterations", float(result.n_iter), 0),
            Readout(r"\theta_1", "θ₁", result.coef[1]),
        ]


@pytest.fixture
def sim():
    simulation = FitDemo()
    yield simulation
    simulation.close()


def test_a_clean_change_shows_no_notice(sim):
    sim.controls["max_iter"].value = 50
    assert sim.notice == ""
    assert "glm-notice" not in sim.readout_widget.value


def test_a_convergence_warning_is_a_notice_and_the_change_still_shows(sim):
    sim.controls["max_iter"].value = 5
    sim.controls["method"].value = "gradient"  # 5 steps are far too few
    assert sim.notice.startswith("⚠ The fit did not converge: poisson: gradient")
    assert "max_iter=5" in sim.notice
    assert sim.state["result"].n_iter == 5  # the new state is shown
    assert "iterations = 5" in sim.readout_text()
    shown = sim.readout_widget.value
    assert 'class="glm-notice" role="status"' in shown
    assert "⚠ The fit did not converge" in shown


def test_the_most_specific_warning_class_picks_the_headline(sim):
    sim.controls["method"].value = "gradient"
    sim.controls["learning_rate"].value = 50.0  # far past 2 / curvature
    # DivergenceWarning is a ConvergenceWarning: its own headline wins
    assert sim.notice.startswith("⚠ Gradient ascent diverged: poisson:")


def test_the_next_clean_change_clears_the_notice(sim):
    sim.controls["max_iter"].value = 5
    sim.controls["method"].value = "gradient"
    assert sim.notice
    sim.controls["method"].value = "newton"
    assert sim.notice == ""
    assert "glm-notice" not in sim.readout_widget.value


def test_an_exception_is_shown_in_words_then_raised(sim):
    before_state, before_text = sim.state, sim.readout_text()
    with pytest.raises(ValueError, match="poisson"):
        sim.controls["bad_data"].value = True
    assert sim.notice.startswith("⚠ This change could not be shown (ValueError: ")
    assert "last state that worked" in sim.notice
    assert "glm-notice" in sim.readout_widget.value
    assert sim.state is before_state and sim.readout_text() == before_text
    # still usable: the next change works and clears the message
    sim.controls["bad_data"].value = False
    sim.controls["max_iter"].value = 60
    assert sim.notice == "" and sim.state is not before_state


def test_notice_text_is_escaped_in_the_widget(sim):
    def shout():
        warnings.warn("a <b>bold</b> claim", ConvergenceWarning, stacklevel=1)

    sim.guard(shout)
    assert "a <b>bold</b> claim" in sim.notice
    assert "&lt;b&gt;bold&lt;/b&gt;" in sim.readout_widget.value


def test_other_warnings_are_shown_too(sim):
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # as in a notebook
        sim.controls["log_of"].value = 0.0  # np.log(0): divide by zero
    assert sim.notice.startswith("⚠ Warning (RuntimeWarning): divide by zero")
    # under the suite's filter (warnings are errors) it is an error instead
    sim.controls["log_of"].value = 1.0
    with pytest.raises(RuntimeWarning):
        sim.controls["log_of"].value = 0.0
    assert "could not be shown (RuntimeWarning" in sim.notice


def test_a_warning_at_construction_is_a_notice():
    sim = FitDemo(method="gradient", max_iter=3)
    assert sim.notice.startswith("⚠ The fit did not converge")
    assert "glm-notice" in sim.readout_widget.value
    sim.close()


def test_an_exception_at_construction_is_raised():
    with pytest.raises(ValueError, match="poisson"):
        FitDemo(bad_data=True)


def test_guards_nest_and_only_the_outer_one_reports(sim):
    def inner():
        warnings.warn("from inside", ConvergenceWarning, stacklevel=1)

    def outer():
        sim.guard(inner)
        warnings.warn("and from outside", DivergenceWarning, stacklevel=1)

    sim.guard(outer)
    assert sim.notice.splitlines() == [
        "⚠ The fit did not converge: from inside",
        "⚠ Gradient ascent diverged: and from outside",
    ]


def test_repeated_warnings_are_shown_once(sim):
    def twice():
        for _ in range(2):
            warnings.warn("same words", ConvergenceWarning, stacklevel=1)

    sim.guard(twice)
    assert sim.notice == "⚠ The fit did not converge: same words"


def test_warning_notice_names_an_unknown_category():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("odd", FutureWarning, stacklevel=1)
    assert warning_notice(caught[0]) == "⚠ Warning (FutureWarning): odd"


# --- drags and playback frames go through the same route ---------------------
def test_an_error_during_a_drag_is_shown_and_the_next_drag_works(monkeypatch):
    lab = ShopDragDemo()
    canvas, ax = lab.figure.canvas, lab.ax
    index = int(np.argmax(lab.draggable.y))
    x0, y0 = lab.draggable.x[index], lab.draggable.y[index]

    def send(name, y, **kw):
        px, py = np.round(ax.transData.transform((x0, y)))
        event = MouseEvent(name, canvas, px, py, **kw)
        canvas.callbacks.process(name, event)

    def broken_fit(*args, **kwargs):
        raise np.linalg.LinAlgError("a broken solver")

    demo_module = sys.modules[ShopDragDemo.__module__]
    monkeypatch.setattr(demo_module, "fit", broken_fit)
    send("button_press_event", y0, button=MouseButton.LEFT)
    with pytest.raises(np.linalg.LinAlgError):
        send("motion_notify_event", y0 - 4, buttons={MouseButton.LEFT})
    assert "could not be shown (LinAlgError: a broken solver)" in lab.notice
    monkeypatch.setattr(demo_module, "fit", fit)
    send("motion_notify_event", y0 - 5, buttons={MouseButton.LEFT})
    send("button_release_event", y0 - 5, button=MouseButton.LEFT)
    assert lab.notice == "" and lab.draggable.y[index] == y0 - 5
    assert f"hour {index + 1} to" in lab.readout_text()
    lab.close()


class PlayDemo(Simulation):
    """A marker stepping along a precomputed path; one frame is broken (chapter 8 test)."""

    chapter = 8

    def make_controls(self):
        return {}

    def build_figure(self):
        fig, (ax,) = course_figure("path")
        style_axes(ax, "path", "x", "y", (0, 10), (0, 10), [0, 10], [0, 10])
        (self.marker,) = ax.plot([0], [0], "o")
        fig.add_moving(self.marker)
        self.path = np.linspace(0, 9, 10)
        self.make_playback(len(self.path), self.draw_frame)
        return fig

    def draw_frame(self, k):
        if k == 7:
            warnings.warn("step 7 overshoots", DivergenceWarning, stacklevel=1)
        if k == 8:
            raise ValueError("frame 8 is missing")
        self.marker.set_data([self.path[k]], [self.path[k]])

    def compute(self):
        return {}

    def draw_state(self, state):
        self.draw_frame(self.playback.frame)

    def readouts(self):
        return [Readout("k", "step", float(self.playback.frame), 0)]


def test_playback_frames_report_warnings_and_errors():
    sim = PlayDemo()
    sim.playback.slider.value = 7
    assert sim.notice == "⚠ Gradient ascent diverged: step 7 overshoots"
    assert "step = 7" in sim.readout_text()
    with pytest.raises(ValueError, match="frame 8"):
        sim.playback.slider.value = 8
    assert "could not be shown (ValueError: frame 8 is missing)" in sim.notice
    sim.playback.slider.value = 9
    assert sim.notice == ""
    assert tuple(sim.marker.get_xydata()[0]) == (9.0, 9.0)
    sim.close()


@pytest.mark.parametrize(
    "cls", [cls for _, cls in ALL_SIMULATIONS], ids=lambda c: c.__name__
)
def test_every_course_simulation_starts_without_a_notice(cls):
    sim = cls()
    assert sim.notice == ""
    assert "glm-notice" not in sim.readout_widget.value
    sim.close()


def test_the_demo_warning_really_comes_from_glmlib():
    """The notices above quote glmlib's own words: check one against a plain fit."""
    spend, customers = shop_hours()
    with pytest.warns(ConvergenceWarning) as record:
        fit(design_matrix(spend), customers, "poisson", "gradient", max_iter=5)
    sim = FitDemo(method="gradient", max_iter=5)
    assert sim.notice == f"⚠ The fit did not converge: {record[0].message}"
    sim.close()
