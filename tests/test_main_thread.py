"""Widget messages that arrive on another thread change the figure on the main thread.

A front end may deliver widget messages on a kernel subshell thread
(Jupyter Notebook 7 always, JupyterLab when subshells are on). These tests
play the kernel without a browser: an asyncio loop runs on the test's
thread, as ipykernel's runs on its main thread; a simulation is built inside
it, as in a cell; then a worker thread delivers a message to a control's
comm, as a subshell would. Whatever the message causes -- the observer, the
computation, every artist change and every render -- must happen on the
loop's thread, and the worker must return at once. Without a loop (tests,
scripts) callbacks run where they are called. The real front ends are
tests/test_front_ends.py.
"""

import asyncio
import threading

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import matplotlib.artist
import numpy as np
import pytest

from glmlib.ui.main_thread import MainThread, hand_over_messages
from glmlib.ui.simulation import Readout, Simulation
from glmlib.ui.style import course_figure, style_axes


class Wave(Simulation):
    """One slider moving one curve; notes the thread of each step."""

    def __init__(self):
        self.threads = {"computed": [], "drawn": [], "changed": []}
        super().__init__()

    def make_controls(self):
        return {"phase": widgets.FloatSlider(value=0.0, min=0.0, max=3.0, step=0.1)}

    def build_figure(self):
        fig, (ax,) = course_figure("wave")
        style_axes(ax, "wave", "x", "y", (0, 6), (-1, 1), [0, 6], [-1, 1])
        (self.curve,) = ax.plot([], [])
        fig.add_moving(self.curve)
        canvas_draw = fig.canvas.draw

        def draw():
            self.threads["drawn"].append(threading.current_thread())
            canvas_draw()

        fig.canvas.draw = draw
        fig.canvas.draw_idle = draw
        return fig

    def compute(self, phase):
        self.threads["computed"].append(threading.current_thread())
        return float(phase)

    def draw_state(self, state):
        x = np.linspace(0, 6, 30)
        self.curve.set_data(x, np.sin(x + state))

    def readouts(self):
        return [Readout(r"\phi", "phase", self.state)]


def displayed(sim):
    """Build the widget box, as displaying the simulation in a cell does."""
    return sim.widget


def update_message(value):
    """What a front end sends when a learner moves a slider."""
    return {
        "content": {
            "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}
        },
        "buffers": [],
    }


@pytest.fixture
def artist_changes(monkeypatch):
    """The thread of every artist marked stale (every set_data, set_text ...)."""
    seen = []
    stale = matplotlib.artist.Artist.stale

    def set_stale(artist, value):
        if value:
            seen.append(threading.current_thread())
        stale.fset(artist, value)

    monkeypatch.setattr(
        matplotlib.artist.Artist, "stale", property(stale.fget, set_stale)
    )
    return seen


def from_worker(function, *args):
    """Run ``function(*args)`` on a thread named like a subshell; wait for it."""
    worker = threading.Thread(target=function, args=args, name="subshell-test")
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()


async def until(condition, timeout=10.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the main thread never handled the message"
        await asyncio.sleep(0.01)


def test_a_message_from_another_thread_is_handled_on_the_main_thread(
    artist_changes,
):
    main = threading.current_thread()

    async def cell_and_learner():
        wave = Wave()  # built "in a cell": on the loop's thread
        displayed(wave)  # its widgets' messages are handed over from now on
        for kind in wave.threads.values():
            kind.clear()
        artist_changes.clear()
        slider = wave.controls["phase"]
        from_worker(slider.comm.handle_msg, update_message(1.5))
        # the worker only handed the message over: nothing ran there yet
        assert slider.value == 0.0 and wave.threads["computed"] == []
        await until(lambda: wave.state == 1.5)
        assert wave.main_thread.handed_over == 1
        return wave

    wave = asyncio.run(cell_and_learner())
    assert wave.threads["computed"] == [main]
    assert wave.threads["drawn"] and set(wave.threads["drawn"]) == {main}
    assert artist_changes and set(artist_changes) == {main}
    assert "1.500" in wave.readout_text()
    wave.close()


def test_a_message_on_the_main_thread_is_handled_at_once():
    async def cell():
        wave = Wave()
        displayed(wave)
        wave.controls["phase"].comm.handle_msg(update_message(2.0))
        assert wave.state == 2.0  # no hand-over, no wait
        assert wave.main_thread.handed_over == 0
        return wave

    asyncio.run(cell()).close()


def test_messages_keep_their_order():
    async def cell():
        wave = Wave()
        displayed(wave)
        values = [0.5, 2.5, 1.0, 3.0, 0.2]
        from_worker(
            lambda: [
                wave.controls["phase"].comm.handle_msg(update_message(v))
                for v in values
            ]
        )
        await until(lambda: wave.main_thread.handed_over == 5 and wave.state == 0.2)
        await asyncio.sleep(0.05)
        return wave, values

    wave, values = asyncio.run(cell())
    assert wave.state == values[-1] and wave.controls["phase"].value == values[-1]
    wave.close()


def test_guard_called_from_another_thread_runs_on_the_main_thread():
    """A callback on a widget outside the simulation's box still lands safely."""
    main = threading.current_thread()
    ran_on = []

    async def cell():
        wave = Wave()
        from_worker(wave.guard, lambda: ran_on.append(threading.current_thread()))
        assert ran_on == []
        await until(lambda: ran_on)
        return wave

    asyncio.run(cell()).close()
    assert ran_on == [main]


def test_without_an_event_loop_everything_runs_where_it_is_called():
    """Tests, benchmarks and scripts stay synchronous."""
    wave = Wave()
    displayed(wave)
    assert wave.main_thread.loop is None
    from_worker(wave.controls["phase"].comm.handle_msg, update_message(1.2))
    assert wave.state == 1.2  # done by the time the worker returned
    assert [t.name for t in wave.threads["computed"][-1:]] == ["subshell-test"]
    wave.close()


def test_every_widget_in_the_box_is_handed_over():
    """Controls, canvas-like widgets and nested boxes: each comm once."""
    main_thread = MainThread()
    inner = widgets.IntSlider()
    button = widgets.Button()
    box = widgets.VBox([widgets.HBox([inner, button]), widgets.HTML()])
    hand_over_messages(box, main_thread)
    hand_over_messages(box, main_thread)  # twice: still wrapped once
    for widget in (box, inner, button):
        callback = widget.comm._msg_callback
        assert callback.handed_to == widget._handle_msg
        assert not hasattr(callback.handed_to, "handed_to")
