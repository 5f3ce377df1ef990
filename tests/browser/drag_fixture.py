"""Dragging a point (and playing frames) in a real JupyterLab: notebooks and helpers.

``drag_notebook`` writes a small notebook (not under notebooks/) that shows
the drag demo of ``drag_demo.py``: the shop's 40 hours, draggable, refitted
on every move. The helpers below ask the kernel where each point is in CSS
pixels, press and move Playwright's mouse there, and read the readouts,
for tests/test_browser_drag.py and ``benchmarks/bench_drag.py --browser``.
"""

import json
import time
from pathlib import Path

import numpy as np

from . import fixture, jlab

TESTS = Path(__file__).resolve().parents[1]
#: ipympl listens for mouse events on the upper of its two canvases
TOP_CANVAS = ".jupyter-matplotlib-canvas-div canvas:last-child"
READOUT = ".widget-html"


def drag_notebook(path):
    """A notebook that displays ``lab``, a ``ShopDragDemo``, under ipympl."""
    return fixture.write_notebook(
        path,
        [
            "%matplotlib widget\n"
            "import json\n"
            "import sys\n\n"
            f"sys.path.insert(0, {str(TESTS)!r})\n"
            "from browser.drag_demo import ShopDragDemo",
            "lab = ShopDragDemo()\nlab",
        ],
    )


def play_notebook(path, n_frames=40, interval=50):
    """A notebook with a ``Playback`` whose frames the kernel records in ``seen``."""
    return fixture.write_notebook(
        path,
        [
            "import json\n"
            "from glmlib.ui.playback import Playback\n\n"
            "seen = []\n"
            f"playback = Playback({n_frames}, seen.append, interval={interval})\n"
            "playback.widget",
        ],
    )


def kernel_json(page, expression):
    """Evaluate ``expression`` in the notebook's kernel, return it via JSON."""
    out = jlab.kernel_execute(page, f"print(json.dumps({expression}))")
    return json.loads(out.strip().splitlines()[-1])


def open_drag_lab(page, lab, path, scale, timeout=60):
    """Open and run the notebook; wait until ipympl's front end is up.

    Up means: the canvas has a width on the page, and the kernel knows the
    browser's pixel ratio and has stopped syncing the data URL (the front
    end sent "initialized").
    """
    jlab.open_notebook(page, lab, path)
    jlab.run_all(page)
    report = jlab.wait_widgets_rendered(page)
    if report["errors"] or report["unrendered"]:
        raise AssertionError(f"notebook did not render: {report}")
    page.wait_for_function(
        f"() => {{ const c = document.querySelector({TOP_CANVAS!r});"
        " return c && c.getBoundingClientRect().width > 0; }",
        timeout=timeout * 1000,
    )
    deadline = time.monotonic() + timeout
    while True:
        up = kernel_json(
            page,
            "[lab.figure.canvas.syncing_data_url, lab.figure.canvas.device_pixel_ratio]",
        )
        if up == [False, scale]:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"ipympl front end not up (kernel sees {up})")
        page.wait_for_timeout(200)


def positions(page):
    """Every point's CSS-pixel position on the canvas, as the kernel computes it."""
    return np.array(kernel_json(page, "lab.draggable.css_positions().tolist()"))


def css_of(page, x, y):
    """Where data point (x, y) is on the canvas, in CSS pixels."""
    return np.array(
        kernel_json(page, f"lab.draggable.css_positions(({x}, {y}))[0].tolist()")
    )


def isolated_points(css, radius):
    """Indices of points with no other point within twice the pick radius,
    most isolated first."""
    gaps = np.hypot(*(css[:, None, :] - css[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    nearest = gaps.min(axis=1)
    order = np.argsort(-nearest)
    return [int(i) for i in order if nearest[i] > 2 * radius]


def canvas_origin(page):
    box = page.locator(TOP_CANVAS).first.bounding_box()
    return np.array([box["x"], box["y"]]), box


def drag(page, start, end, steps=12, origin=None):
    """Press at canvas point ``start`` (CSS px), move to ``end``, release there."""
    if origin is None:
        origin, _ = canvas_origin(page)
    page.mouse.move(*(origin + start))
    page.mouse.down()
    page.mouse.move(*(origin + end), steps=steps)
    page.wait_for_timeout(50)  # let the last throttled move go out first
    page.mouse.up()


def readout_text(page):
    return " ".join(page.locator(READOUT).all_inner_texts())


def wait_for_readout(page, words, timeout=15):
    """Wait until the readouts contain every string in ``words``; return the text."""
    deadline = time.monotonic() + timeout
    while True:
        text = readout_text(page)
        if all(w in text for w in words):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"readouts never showed {words}: {text!r}")
        page.wait_for_timeout(50)
