"""Chapter 7's figure changes only on the kernel's main thread, in every front end.

Three front ends deliver widget messages differently: JupyterLab with the
course's settings sends them to the kernel's main shell; JupyterLab with a
learner's subshells turned back on, and Jupyter Notebook 7 always, send them
to a subshell thread once it has started (lazily: the first messages still
reach the main shell). In each, chapter 7 runs in headless Chromium with the
probe of tests/browser/threads.py in its kernel while the learner drags
hours, arrow-keys the spend slider and toggles the line; the readouts must
follow, and every widget handler, every artist change and every render
must have run on ``MainThread``, where cells run. In the two subshell front
ends the messages must really have arrived on a subshell: otherwise the
test would prove nothing. ``benchmarks/bench_threads.py`` prints the same
counts, before and after the simulations handed messages over.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import threads
from browser.chromium import launched_chromium
from browser.lab import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SUBSHELLS_ON = {
    **SETTINGS,
    "@jupyterlab/apputils-extension/kernels-settings.jupyterlab-settings": {
        "commsOverSubshells": "perCommTarget"
    },
}
FRONT_ENDS = {
    "jupyterlab-course-settings": ("lab", SETTINGS, False),
    "jupyterlab-subshells-on": ("lab", SUBSHELLS_ON, True),
    "notebook-7": ("notebook", SETTINGS, True),
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_chapter_7_changes_its_figure_on_the_main_thread_only(browser, front_end):
    app, settings, via_subshells = FRONT_ENDS[front_end]
    seen, before, after, console = threads.measure_chapter_7(
        browser, ROOT, app, settings
    )
    assert after != before, "the readouts did not follow the learner"
    arrived = seen["arrived"]
    assert sum(arrived.values()) >= 40, seen  # enough for a subshell to start
    if via_subshells:
        assert arrived.get("subshell", 0) >= 30, f"no subshell in play: {seen}"
    else:
        assert set(arrived) == {"MainThread"}, seen
    for kind in ("handled", "changed", "drawn"):
        assert seen[kind], f"nothing {kind}: {seen}"
        assert set(seen[kind]) == {"MainThread"}, f"{kind} off the main thread: {seen}"
    if app == "notebook":
        from test_notebook7 import unknown_console_errors

        console = unknown_console_errors(console)
    assert console == [], console
