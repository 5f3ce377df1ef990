"""Which kernel threads handle chapter 7's widget messages and touch its figure.

For tests/test_front_ends.py and ``benchmarks/bench_threads.py``. Before the
chapter runs, ``PROBE`` wraps four places in the kernel (class attributes,
so every instance counts) and tallies the name of the thread each time one
is reached:

* ``arrived`` -- a comm message reaches its comm (``comm.base_comm.BaseComm
  .handle_msg``): the thread the front end's routing chose;
* ``handled`` -- an ipywidgets widget (an ipympl canvas too) handles the
  message (``Widget._handle_msg``): where its observers and matplotlib
  event callbacks run;
* ``changed`` -- a matplotlib artist is marked stale (``Artist.stale`` set
  to True): every ``set_data``, ``set_text``, ``set_offsets`` ... does that;
* ``drawn`` -- the canvas renders (``FigureCanvasAgg.draw``; ipympl's
  canvas is one).

Thread names are shortened to their kind: ``MainThread``, ``subshell``
(ipykernel's ``subshell-<id>``), or the name itself. ``exercise_chapter_7``
then drags hours, presses keys on the spend slider and toggles the line, a
few dozen messages in all: a subshell starts lazily, so a handful of moves
proves nothing.
"""

import time

from . import drag_fixture as dragging
from . import jlab

PROBE = r"""
import collections as _collections
import threading as _threading

import ipywidgets as _widgets
import matplotlib.artist as _artist
from comm.base_comm import BaseComm as _BaseComm
from matplotlib.backends.backend_agg import FigureCanvasAgg as _Agg

glm_threads = {k: _collections.Counter() for k in ("arrived", "handled", "changed", "drawn")}


def _glm_note(kind):
    name = _threading.current_thread().name
    glm_threads[kind][name.split("-", 1)[0] if name.startswith("subshell-") else name] += 1


def _glm_counting(kind, function):
    def counted(*args, **kwargs):
        _glm_note(kind)
        return function(*args, **kwargs)

    return counted


_BaseComm.handle_msg = _glm_counting("arrived", _BaseComm.handle_msg)
_widgets.Widget._handle_msg = _glm_counting("handled", _widgets.Widget._handle_msg)
_Agg.draw = _glm_counting("drawn", _Agg.draw)
_stale = _artist.Artist.stale


def _glm_set_stale(self, value):
    if value:
        _glm_note("changed")
    _stale.fset(self, value)


_artist.Artist.stale = property(_stale.fget, _glm_set_stale)
"""

CHAPTER_7 = "notebooks/07_poisson_regression_lab.ipynb"


def measure_chapter_7(browser, root, app, settings):
    """Serve ``app`` with ``settings``, run chapter 7 with the probe and move it.

    Returns ``(counts, before, after, console)``: the probe's tallies, the
    readouts before and after the learner's moves, and the page's console
    errors. Used by tests/test_front_ends.py and benchmarks/bench_threads.py.
    """
    from .lab import LabServer

    with LabServer(root, app=app, settings=settings) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        console = jlab.watch_console(page)
        try:
            open_probed_chapter_7(page, server)
            before, after = exercise_chapter_7(page)
            seen = counts(page)
        finally:
            context.close()
            server.shutdown_kernels()
    return seen, before, after, console


def open_probed_chapter_7(page, server, timeout=90):
    """Open chapter 7, install ``PROBE`` in its kernel, run it; wait for ipympl."""
    jlab.open_notebook(page, server, CHAPTER_7)
    jlab.kernel_execute(page, PROBE)
    run_chapter_7(page, timeout)
    dragging.kernel_json(page, "[c.clear() for c in glm_threads.values()] and None")


def run_chapter_7(page, timeout=90):
    """Run the open chapter 7; wait until ipympl's front end shows the lab."""
    jlab.run_all(page)
    report = jlab.wait_widgets_rendered(page)
    if report["errors"] or report["unrendered"]:
        raise AssertionError(f"chapter 7 did not render: {report}")
    jlab.kernel_execute(page, "import json")  # for dragging.kernel_json
    canvas = page.locator(dragging.TOP_CANVAS).first
    canvas.scroll_into_view_if_needed()
    deadline = time.monotonic() + timeout
    while dragging.kernel_json(page, "lab.figure.canvas.syncing_data_url"):
        if time.monotonic() > deadline:
            raise TimeoutError("ipympl's front end never said it was up")
        page.wait_for_timeout(200)
    canvas.scroll_into_view_if_needed()


def counts(page):
    """The probe's tallies: {kind: {thread kind: count}}."""
    return dragging.kernel_json(page, "{k: dict(v) for k, v in glm_threads.items()}")


def exercise_chapter_7(page, drags=4, keys=8, toggles=4):
    """Drag hours, arrow-key the spend slider, toggle the line; return the
    readout text before and after (they differ when the kernel kept up)."""
    before = dragging.readout_text(page)
    css = dragging.positions(page)
    origin, _ = dragging.canvas_origin(page)
    hour = dragging.isolated_points(css, 8)[0]
    for k in range(drags):
        start = dragging.positions(page)[hour]
        end = dragging.css_of(page, 2.0 + 1.5 * k, 4 + 4 * k)
        dragging.drag(page, start, end, steps=12, origin=origin)
        page.wait_for_timeout(150)
    handle = page.locator(".widget-slider .noUi-handle").first
    for _ in range(keys):
        handle.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(60)
    toggle = page.locator(".widget-toggle-button", has_text="least-squares line")
    for _ in range(toggles):
        toggle.first.click()
        page.wait_for_timeout(120)
    page.wait_for_timeout(600)
    return before, dragging.readout_text(page)
