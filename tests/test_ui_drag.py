"""Dragging points headless: synthetic mouse events on an Agg canvas (chapter 7).

Each test builds a course figure, makes its points draggable and sends the
canvas the events ipympl would send -- ``button_press_event``,
``motion_notify_event`` (with the buttons held), ``button_release_event`` --
at display coordinates computed from ``ax.transData``. Expected positions
come from the constraint's definition (whole counts >= 0, inside the axes),
and the refit from ``glmlib.fit`` on the moved data, never from the code's
own output.
"""

import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import MouseButton, MouseEvent, NavigationToolbar2

from glmlib import fit
from glmlib.data import design_matrix
from glmlib.ui import simulation as simulation_module
from glmlib.ui.drag import DraggablePoints, inside_axes, keep_canvas_clear, whole_counts
from glmlib.ui.style import DPI, course_figure, style_axes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.drag_demo import ShopDragDemo

LEFT = MouseButton.LEFT


# --- synthetic mouse events ------------------------------------------------
def send(canvas, name, px, py, button=LEFT, held=True):
    """Process one mouse event at display pixel (px, py), as a backend would."""
    if name == "motion_notify_event":
        event = MouseEvent(name, canvas, px, py, buttons={LEFT} if held else set())
    else:
        event = MouseEvent(name, canvas, px, py, button=button)
    canvas.callbacks.process(name, event)


def at(ax, x, y):
    """Display pixel of data point (x, y), rounded: mouse events carry whole
    pixels (matplotlib truncates their coordinates to integers)."""
    return tuple(np.round(ax.transData.transform((x, y))))


def near(value):
    """Equal to within one display pixel of a course figure's x axis."""
    return pytest.approx(value, abs=0.03)


def drag(canvas, start, *path, release=None):
    """Press at ``start``, move through ``path`` with the left button held, release."""
    send(canvas, "button_press_event", *start)
    for point in path:
        send(canvas, "motion_notify_event", *point)
    end = release if release is not None else (path[-1] if path else start)
    send(canvas, "button_release_event", *end)


class Recorder:
    """Stands in for a Simulation: records every move and release."""

    def __init__(self):
        self.moves, self.releases = [], []

    def on_move(self, index, x, y):
        self.moves.append((index, x, y))

    def on_release(self, index, x, y):
        self.releases.append((index, x, y))


@pytest.fixture
def figure():
    fig, (ax,) = course_figure("dragging")
    style_axes(ax, "points", "x", "y", (0, 10), (-2.5, 20.5), [0, 5, 10], [0, 10, 20])
    x = np.array([1.0, 4.0, 4.05, 8.0])
    y = np.array([2.0, 10.0, 10.0, 15.0])
    (points,) = ax.plot(x, y, "o")
    fig.add_moving(points)
    yield fig, ax, points, x, y
    plt.close(fig)


@pytest.fixture
def counts(figure):
    fig, ax, points, x, y = figure
    log = Recorder()
    drag_points = DraggablePoints(
        ax,
        x,
        y,
        artist=points,
        on_move=log.on_move,
        on_release=log.on_release,
        constrain=whole_counts(ax),
        y_integer=True,
        y_step=1,
    )
    yield drag_points, log, fig.canvas, ax
    drag_points.close()


# --- picking and moving ----------------------------------------------------
def test_a_drag_moves_the_point_to_a_whole_count(counts):
    points, log, canvas, ax = counts
    drag(canvas, at(ax, 8.0, 15.0), at(ax, 6.0, 12.2), at(ax, 5.0, 7.4))
    assert (points.x[3], points.y[3]) == (near(5.0), 7.0)
    assert log.moves[-1] == (3, near(5.0), 7.0)
    assert log.releases == [(3, near(5.0), 7.0)]
    # the artist shows it, and no other point moved
    np.testing.assert_allclose(points.artist.get_xydata()[3], [5.0, 7.0], atol=0.03)
    np.testing.assert_array_equal(points.x[:3], [1.0, 4.0, 4.05])
    assert points.dragging is None


def test_a_press_picks_only_within_the_radius(counts):
    points, _, canvas, ax = counts
    px, py = at(ax, 1.0, 2.0)
    send(canvas, "button_press_event", px + points.radius + 2, py)
    assert points.dragging is None
    send(canvas, "button_press_event", px + points.radius - 2, py)
    assert points.dragging == 0


def test_the_nearest_point_wins_and_ties_go_to_the_one_on_top(counts):
    points, _, _, ax = counts
    # points 1 and 2 are 0.05 apart in x, well within one radius
    p1, p2 = at(ax, 4.0, 10.0), at(ax, 4.05, 10.0)
    assert points.point_at(*p1) == 1 and points.point_at(*p2) == 2
    # exactly half way between the two (not rounded to whole pixels)
    middle = ax.transData.transform(((4.0 + 4.05) / 2, 10.0))
    assert points.point_at(*middle) == 2  # drawn last, so on top


def test_the_point_keeps_its_offset_from_the_cursor(figure):
    fig, ax, artist, x, y = figure
    points = DraggablePoints(ax, x, y, artist=artist)  # no rounding
    exact = ax.transData.transform((8.0, 15.0))
    px, py = at(ax, 8.0, 15.0)
    drag(fig.canvas, (px + 4, py - 3), (px + 4 + 30, py - 3 - 20))
    np.testing.assert_allclose(points.display_positions()[3], np.add(exact, (30, -20)))
    points.close()


def test_the_release_event_position_is_applied(counts):
    """A fast drag can lose its last throttled move: the release says where."""
    points, log, canvas, ax = counts
    drag(canvas, at(ax, 1.0, 2.0), at(ax, 2.0, 3.0), release=at(ax, 6.0, 9.0))
    assert (points.x[0], points.y[0]) == (near(6.0), 9.0)
    assert log.releases == [(0, near(6.0), 9.0)]


def test_a_release_outside_the_canvas_ends_the_drag_at_the_next_move(counts):
    """The release never arrives; the next move comes without the button."""
    points, log, canvas, ax = counts
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    send(canvas, "motion_notify_event", *at(ax, 3.0, 5.0))
    # ... the button goes up outside the canvas; the mouse comes back
    send(canvas, "motion_notify_event", *at(ax, 9.0, 18.0), held=False)
    assert points.dragging is None
    assert (points.x[0], points.y[0]) == (near(3.0), 5.0)
    assert log.releases == [(0, near(3.0), 5.0)]
    moves = len(log.moves)
    send(canvas, "motion_notify_event", *at(ax, 7.0, 7.0), held=False)
    assert len(log.moves) == moves and points.x[0] == near(3.0)


def test_a_press_after_a_lost_release_starts_a_new_drag(counts):
    points, log, canvas, ax = counts
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    send(canvas, "motion_notify_event", *at(ax, 2.0, 4.0))
    # no release and no move at all: the next press ends the old drag first
    drag(canvas, at(ax, 8.0, 15.0), at(ax, 8.0, 11.0))
    assert [r[0] for r in log.releases] == [0, 3]
    assert points.y[3] == 11.0 and points.y[0] == 4.0


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ((12.0, 30.0), (10.0, 20.0)),  # past the top right: the axes' corner
        ((-3.0, -9.0), (0.0, 0.0)),  # below zero: the count stays at 0
        ((5.0, 19.6), (5.0, 20.0)),  # rounds to the nearest count
        ((5.0, 20.49), (5.0, 20.0)),  # the highest count the axes show
    ],
)
def test_positions_are_clamped_to_the_axes_and_to_whole_counts(
    counts, target, expected
):
    points, _, canvas, ax = counts
    drag(canvas, at(ax, 4.05, 10.0), at(ax, *target))
    assert (points.x[2], points.y[2]) == pytest.approx(expected, abs=0.03)


def test_the_default_constraint_keeps_points_inside_the_axes(figure):
    fig, ax, artist, x, y = figure
    points = DraggablePoints(ax, x, y, artist=artist)
    drag(fig.canvas, at(ax, 1.0, 2.0), at(ax, -4.0, 3.3))
    assert (points.x[0], points.y[0]) == pytest.approx((0.0, 3.3), abs=0.1)
    assert inside_axes(ax)(11.0, -7.0) == (10.0, -2.5)
    points.close()


def test_whole_counts_refuses_axes_without_a_count():
    fig, ax = plt.subplots()
    ax.set_ylim(-3, -1)
    with pytest.raises(ValueError, match="no whole count"):
        whole_counts(ax)(1.0, 1.0)
    plt.close(fig)


def test_a_scatter_collection_moves_too():
    fig, (ax,) = course_figure("scatter")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    dots = ax.scatter([2.0, 5.0], [2.0, 5.0])
    points = DraggablePoints(ax, [2.0, 5.0], [2.0, 5.0], artist=dots)
    drag(fig.canvas, at(ax, 5.0, 5.0), at(ax, 7.0, 3.0))
    np.testing.assert_allclose(dots.get_offsets()[1], [7.0, 3.0], atol=0.05)
    points.close()
    plt.close(fig)


# --- the toolbar, the canvas settings and other buttons --------------------
@pytest.mark.parametrize("mode", ["pan", "zoom"])
def test_presses_are_ignored_while_pan_or_zoom_is_on(counts, mode):
    points, log, canvas, ax = counts
    toolbar = NavigationToolbar2(canvas)
    getattr(toolbar, mode)()
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    assert points.dragging is None
    send(canvas, "button_release_event", *at(ax, 1.0, 2.0))  # no zoom: same place
    assert log.moves == []
    getattr(toolbar, mode)()  # off again: dragging works
    drag(canvas, at(ax, 1.0, 2.0), at(ax, 5.0, 5.0))
    assert points.y[0] == 5.0


def test_a_toolbar_mode_alone_blocks_presses(counts, monkeypatch):
    """A toolbar in pan mode that does not hold the canvas' lock still wins."""
    points, _, canvas, ax = counts
    monkeypatch.setattr(canvas, "toolbar", SimpleNamespace(mode="pan/zoom"))
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    assert points.dragging is None
    canvas.toolbar.mode = ""
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    assert points.dragging == 0


def test_presses_are_ignored_while_another_widget_holds_the_canvas(counts):
    points, _, canvas, ax = counts
    other = object()
    canvas.widgetlock(other)
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0))
    assert points.dragging is None
    canvas.widgetlock.release(other)


def test_other_buttons_do_not_drag(counts):
    points, _, canvas, ax = counts
    send(canvas, "button_press_event", *at(ax, 1.0, 2.0), button=MouseButton.RIGHT)
    assert points.dragging is None


IPYMPL_DRAG = """
import json
import sys

import matplotlib

sys.path.insert(0, sys.argv[1])
from browser.drag_demo import ShopDragDemo

assert "ipympl" in matplotlib.get_backend()
lab = ShopDragDemo()
canvas = lab.figure.canvas
assert canvas.toolbar_visible is False and canvas.resizable is False
frames = []  # the points' positions at each frame sent to the browser
canvas.send_binary = lambda data: frames.append(lab.draggable.x + 1j * lab.draggable.y)
canvas.syncing_data_url = False  # the browser shows the canvas


def last_frame_is_current():
    return (frames[-1] == lab.draggable.x + 1j * lab.draggable.y).all()



def browser(kind, css, button=0, buttons=1):
    # what ipympl's front end sends: CSS pixels times the pixel ratio, from
    # the top-left, and the DOM's button numbers (0 = left, bitmask 1)
    ratio = canvas.device_pixel_ratio
    content = {"type": kind, "x": css[0] * ratio, "y": css[1] * ratio,
               "button": button, "buttons": buttons, "modifiers": [],
               "guiEvent": {}}
    canvas._handle_message(canvas, content, [])


for ratio in (1, 2):
    canvas._handle_message(canvas, {"type": "set_device_pixel_ratio",
                                    "device_pixel_ratio": ratio}, [])
    points = lab.draggable
    i = int(points.y.argmax()) if ratio == 1 else int(points.y.argmin())
    start = points.css_positions()[i]
    target = points.css_positions((5.0, 7.3))[0]
    browser("button_press", start)
    browser("motion_notify", (start + target) / 2)
    browser("motion_notify", target)
    browser("button_release", target, buttons=0)
    assert points.dragging is None and last_frame_is_current()
    assert abs(points.x[i] - 5.0) < 0.05 and points.y[i] == 7.0, points._xy[i]
    assert f"hour {i + 1} to (" in lab.readout_text(), lab.readout_text()
    assert ", 7)" in lab.readout_text(), lab.readout_text()
    # released outside: the next move comes with no button held
    browser("button_press", points.css_positions()[i])
    browser("motion_notify", points.css_positions((2.0, 12.0))[0])
    browser("motion_notify", (-50.0, -50.0), buttons=0)
    assert points.dragging is None and points.y[i] == 12.0, points._xy[i]
    assert last_frame_is_current()
print("ok")
"""


def test_drags_arrive_through_ipympls_own_event_messages():
    """The messages ipympl's front end sends, at both pixel ratios, drive a drag."""
    import os
    import subprocess

    env = {**os.environ, "MPLBACKEND": "module://ipympl.backend_nbagg"}
    tests = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", IPYMPL_DRAG, tests],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_keep_canvas_clear_is_a_no_op_on_agg():
    fig = plt.figure()
    keep_canvas_clear(fig.canvas)
    assert not hasattr(fig.canvas, "resizable")
    plt.close(fig)


# --- positions for a browser -------------------------------------------------
@pytest.mark.parametrize("ratio", [1, 2])
def test_css_positions_put_the_axes_corners_where_the_layout_says(figure, ratio):
    fig, ax, artist, x, y = figure
    points = DraggablePoints(ax, x, y, artist=artist)
    fig.canvas._set_device_pixel_ratio(ratio)
    width_in, height_in = fig.get_size_inches()
    css_w, css_h = width_in * DPI, height_in * DPI  # a course figure's pixels
    box = ax.get_position()  # figure fractions, origin bottom-left
    top_left = points.css_positions((0.0, 20.5))[0]
    bottom_right = points.css_positions((10.0, -2.5))[0]
    assert top_left == pytest.approx((box.x0 * css_w, (1 - box.y1) * css_h))
    assert bottom_right == pytest.approx((box.x1 * css_w, (1 - box.y0) * css_h))
    # the pick radius is in CSS pixels: twice the display pixels at ratio 2
    px, py = at(ax, 8.0, 15.0)
    reach = points.radius * ratio
    assert points.point_at(px + reach - 1, py) == 3
    assert points.point_at(px + reach + 2, py) is None
    points.close()


# --- the keyboard route ----------------------------------------------------
def test_the_picker_and_number_boxes_move_a_point(counts):
    points, log, _, _ = counts
    assert isinstance(points.picker, widgets.Dropdown)
    assert isinstance(points.y_box, widgets.IntText)
    points.picker.value = 1
    assert (points.x_box.value, points.y_box.value) == (4.0, 10)
    points.x_box.value = 6.5
    assert log.moves[-1] == (1, 6.5, 10.0)
    points.y_box.value = 99  # beyond the axes: the box shows where it went
    assert log.moves[-1] == (1, 6.5, 20.0) and points.y_box.value == 20
    assert points.y[1] == 20.0


def test_the_boxes_show_a_dragged_point_rounded_and_keep_its_position(counts):
    points, log, canvas, ax = counts
    drag(canvas, at(ax, 8.0, 15.0), at(ax, 2.537, 6.2))
    x_dragged = points.x[3]
    assert x_dragged != round(x_dragged, 2)  # a drag lands between steps
    assert points.x_box.value == round(x_dragged, 2)  # the box shows it rounded
    points.y_box.value = 9  # a new count only: the spend stays where it was
    assert log.moves[-1] == (3, x_dragged, 9.0) and points.x[3] == x_dragged


def test_a_drag_selects_its_point_and_updates_the_boxes(counts):
    points, _, canvas, ax = counts
    drag(canvas, at(ax, 8.0, 15.0), at(ax, 2.5, 6.2))
    assert points.picker.value == 3
    assert points.x_box.value == near(2.5) and points.y_box.value == 6


def test_move_checks_its_arguments(counts):
    points = counts[0]
    with pytest.raises(IndexError, match="4 points"):
        points.move(4, 1.0, 1.0)
    with pytest.raises(TypeError, match="integer"):
        points.move(1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="finite"):
        points.move(0, float("nan"), 1.0)
    with pytest.raises(ValueError, match="same"):
        DraggablePoints(points.ax, [1.0, 2.0], [1.0])


def test_close_disconnects_the_canvas_and_the_widgets(counts):
    points, log, canvas, ax = counts
    points.close()
    drag(canvas, at(ax, 1.0, 2.0), at(ax, 5.0, 5.0))
    assert log.moves == [] and points.y[0] == 2.0
    points.x_box.value = 3.0
    assert log.moves == []


# --- coalescing ------------------------------------------------------------
def test_moves_arriving_during_a_move_are_coalesced(figure):
    """While one move is applied, newer ones only replace the pending slot."""
    fig, ax, artist, x, y = figure
    applied, depth = [], [0, 0]

    def on_move(index, px, py):
        depth[0] += 1
        depth[1] = max(depth[1], depth[0])
        applied.append(px)
        if len(applied) == 1:  # three moves arrive while this one "refits"
            for target in (2.0, 3.0, 4.0):
                send(fig.canvas, "motion_notify_event", *at(ax, target, 2.0))
        depth[0] -= 1

    points = DraggablePoints(ax, x, y, artist=artist, on_move=on_move)
    send(fig.canvas, "button_press_event", *at(ax, 1.0, 2.0))
    send(fig.canvas, "motion_notify_event", *at(ax, 1.5, 2.0))
    assert applied == pytest.approx([1.5, 4.0], abs=0.03)  # 2.0 and 3.0 were stale
    assert depth[1] == 1  # never two moves at once
    points.close()


def test_a_move_from_another_thread_is_applied_by_the_busy_one(figure):
    _, ax, artist, x, y = figure
    started, resume, applied = threading.Event(), threading.Event(), []

    def on_move(index, px, py):
        applied.append((threading.current_thread().name, round(px, 6)))
        if len(applied) == 1:
            started.set()
            assert resume.wait(5)

    points = DraggablePoints(ax, x, y, artist=artist, on_move=on_move)
    worker = threading.Thread(target=points.move, args=(0, 3.0, 2.0), name="worker")
    worker.start()
    assert started.wait(5)
    points.move(0, 7.0, 2.0)  # returns at once: the worker is busy
    points.move(0, 8.0, 2.0)
    assert applied == [("worker", 3.0)]
    resume.set()
    worker.join(5)
    assert applied == [("worker", 3.0), ("worker", 8.0)]
    points.close()


# --- inside a Simulation (chapter 7's contract) ------------------------------
@pytest.fixture
def lab():
    sim = ShopDragDemo()
    yield sim
    sim.close()


def refit(spend, customers):
    return fit(design_matrix(spend), customers, family="poisson").coef


def test_move_point_rounds_clamps_refits_and_redraws(lab):
    spend, customers = lab.draggable.x, lab.draggable.y
    assert lab.move_point(5, x=3.0, y=7.4) == (3.0, 7.0)
    spend[5], customers[5] = 3.0, 7.0
    np.testing.assert_allclose(lab.state.coef, refit(spend, customers))
    mean = np.exp(lab.state.coef[0] + lab.state.coef[1] * lab.curve.get_xdata())
    np.testing.assert_allclose(lab.curve.get_ydata(), mean)
    np.testing.assert_allclose(lab.points.get_xydata()[5], [3.0, 7.0])
    assert "hour 6 to (3.00, 7)" in lab.readout_text()
    assert lab.move_point(5, x=50.0, y=-3.0) == (10.3, 0.0)  # the axes, y >= 0
    assert lab.move_point(5, y=12.6) == (10.3, 13.0)  # x kept


def test_a_drag_on_the_lab_refits_on_every_move(lab):
    canvas, ax = lab.figure.canvas, lab.ax
    index = int(np.argmax(lab.draggable.y))  # the busiest hour
    start = (lab.draggable.x[index], lab.draggable.y[index])
    updates = lab.n_updates
    drag(canvas, at(ax, *start), at(ax, start[0], 12.0), at(ax, start[0], 3.0))
    assert lab.n_updates == updates + 2
    spend, customers = lab.start_spend.copy(), lab.start_customers.copy()
    customers[index] = 3.0
    np.testing.assert_allclose(lab.state.coef, refit(spend, customers))
    assert lab.notice == ""


def test_the_lab_widget_holds_the_point_row(lab):
    assert lab.draggable.widget in lab.widget.children
    assert lab.readout_widget in lab.widget.children


class FrameCounter:
    """Counts the renders a Simulation asks an ipympl canvas for."""

    def __init__(self, canvas, monkeypatch):
        self.calls = []
        canvas.syncing_data_url = False  # as once the browser shows it
        monkeypatch.setattr(canvas, "draw", lambda: self.calls.append("draw"))
        monkeypatch.setattr(canvas, "draw_idle", lambda: self.calls.append("idle"))


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        # the kernel keeps up (moves 33 ms apart): every frame at once, and
        # the release repaints the final state whole
        (0.033, ["draw"] * 7),
        # a backlog (moves 1 ms apart): one frame, then draw_idle merges the
        # rest, and the release draws the final state at once
        (0.001, ["draw", *["idle"] * 5, "draw"]),
    ],
)
def test_frames_during_a_drag_are_paced(lab, monkeypatch, gap, expected):
    clock = [1000.0]
    monkeypatch.setattr(simulation_module.time, "perf_counter", lambda: clock[0])
    counter = FrameCounter(lab.figure.canvas, monkeypatch)
    canvas, ax = lab.figure.canvas, lab.ax
    index = int(np.argmax(lab.draggable.y))
    x0, y0 = lab.draggable.x[index], lab.draggable.y[index]
    send(canvas, "button_press_event", *at(ax, x0, y0))
    for k in range(1, 7):
        clock[0] += gap
        send(canvas, "motion_notify_event", *at(ax, x0, y0 - k))
    send(canvas, "button_release_event", *at(ax, x0, y0 - 6))
    assert counter.calls == expected
    assert lab.draggable.y[index] == y0 - 6
