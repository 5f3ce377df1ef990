"""Dragging a point in JupyterLab with ipympl, in headless Chromium (chapter 7).

A small notebook (tests/browser/drag_fixture.py, written to a temporary
folder) shows the drag demo: the shop's 40 hours, refitted on every move.
The kernel says where each point is in CSS pixels; Playwright's mouse
presses there, moves and releases, and the test reads the readouts (and
asks the kernel where the point ended). Run at device pixel ratios 1 and 2
(ipympl doubles the figure's dpi on a high-density screen). Also: a release
outside the canvas, and the keyboard route (picker and number boxes).
Last, playback (chapter 8): the Play button's timer runs in the browser,
the kernel answers while it plays, and every frame reaches the kernel in
order.

Needs Playwright and Chromium, like tests/test_browser.py; skipped without.
"""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import drag_fixture as dragging
from browser import jlab
from browser.chromium import launched_chromium
from browser.lab import LabServer

pytestmark = pytest.mark.browser
RADIUS = 8  # glmlib.ui.drag.PICK_RADIUS, in CSS pixels


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def drag_lab(browser, tmp_path_factory):
    root = tmp_path_factory.mktemp("drag-notebook")
    dragging.drag_notebook(root / "drag.ipynb")
    dragging.play_notebook(root / "play.ipynb", n_frames=40, interval=50)
    with LabServer(root) as lab:
        yield lab


@pytest.fixture(params=[1, 2], ids=["ratio1", "ratio2"])
def page(request, browser, drag_lab):
    scale = request.param
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, device_scale_factor=scale
    )
    context.add_init_script(jlab.PAGE_HOOKS)
    page = context.new_page()
    console = jlab.watch_console(page)
    dragging.open_drag_lab(page, drag_lab, "drag.ipynb", scale)
    yield page
    assert console == [], console
    context.close()
    drag_lab.shutdown_kernels()


def point(page, i):
    return dragging.kernel_json(
        page, f"[lab.draggable.x[{i}], lab.draggable.y[{i}], lab.draggable.dragging]"
    )


def test_dragging_a_point_moves_it_and_the_readout_follows(page):
    css = dragging.positions(page)
    i = dragging.isolated_points(css, RADIUS)[0]
    _, y0, _ = point(page, i)
    target_y = 20 if y0 < 10 else 2
    end = dragging.css_of(page, 5.0, target_y + 0.3)  # rounds to target_y
    before = dragging.readout_text(page)
    assert "none yet" in before
    dragging.drag(page, css[i], end)
    text = dragging.wait_for_readout(page, [f"hour {i + 1} to (", f", {target_y})"])
    x, y, held = point(page, i)
    assert (abs(x - 5.0) < 0.05, y, held) == (True, target_y, None)
    # the fit changed with the point
    assert text.split("θ₀")[1] != before.split("θ₀")[1]


def test_a_release_outside_the_canvas_ends_the_drag(page):
    css = dragging.positions(page)
    i = dragging.isolated_points(css, RADIUS)[1]
    x0, _, _ = point(page, i)
    origin, box = dragging.canvas_origin(page)
    page.mouse.move(*(origin + css[i]))
    page.mouse.down()
    # down through the bottom of the canvas: the point stops at a count of 0
    below = (css[i][0], box["height"] + 120)
    page.mouse.move(*(origin + below), steps=15)
    page.wait_for_timeout(50)
    page.mouse.up()  # outside the canvas: ipympl never hears of it
    # back over the canvas with no button held, to the top of the axes
    page.mouse.move(*(origin + dragging.css_of(page, 5.0, 24.0)), steps=10)
    page.wait_for_timeout(300)
    dragging.wait_for_readout(page, [f"hour {i + 1} to (", ", 0)"])
    x, y, held = point(page, i)
    assert (y, held) == (0.0, None)
    assert abs(x - x0) < 0.1  # it went straight down, and stayed there
    assert "hour" in dragging.readout_text(page)


def test_the_picker_and_a_number_box_move_a_point(page):
    picker = page.locator(".widget-dropdown select")
    picker.select_option(label="hour 3")
    y_box = page.locator(".widget-text:has(label:text-is('customers')) input")
    # type only once the box shows hour 3: the kernel's answer to the pick
    # would otherwise arrive after the typing and overwrite it
    shown = point(page, 2)[1]  # asked after the pick, on the same channel
    page.wait_for_function(
        "([box, value]) => Number(box.value) === value",
        arg=[y_box.element_handle(), shown],
    )
    y_box.fill("12")
    y_box.press("Enter")
    dragging.wait_for_readout(page, ["hour 3 to (", ", 12)"])
    assert point(page, 2)[1] == 12.0


def test_play_runs_in_the_browser_and_leaves_the_kernel_free(browser, drag_lab):
    """Playback: the timer is the browser's; the kernel answers while it plays."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console = jlab.watch_console(page)
    jlab.open_notebook(page, drag_lab, "play.ipynb")
    jlab.run_all(page)
    jlab.wait_widgets_rendered(page)
    button = page.get_by_role("button", name="Play")
    assert button.get_attribute("title")  # the tooltip, for a mouse user
    button.click()
    page.get_by_role("button", name="Pause").wait_for(timeout=5000)
    start = time.monotonic()
    during = dragging.kernel_json(page, "len(seen)")  # answered mid-play
    answered = time.monotonic() - start
    page.get_by_role("button", name="Play").wait_for(timeout=20_000)  # the end
    seen = dragging.kernel_json(page, "seen")
    assert 0 < during < 39 and answered < 1.5, (during, answered)
    assert seen[-1] == 39 and seen == sorted(seen)  # in order, maybe with gaps
    assert dragging.kernel_json(page, "playback.slider.value") == 39
    assert console == [], console
    page.close()
    drag_lab.shutdown_kernels()
