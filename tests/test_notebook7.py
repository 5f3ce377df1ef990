"""Every chapter in Jupyter Notebook 7 (``python3 course.py notebook``), in headless Chromium.

The same checks as tests/test_browser.py makes in JupyterLab, on
``jupyter notebook`` with the course's settings: each chapter opens, runs
with no error, renders every widget and paints every canvas; its first
slider moves with an arrow key (Notebook 7 binds the arrow keys to cell
navigation, which the course's settings keep off widgets: see the README)
and its figure repaints; its first quiz answers. Chapter 8's Play button
plays steps. Chapter 7's drag is tests/test_front_ends.py's.

The browser console must stay clean except for one upstream error that
Notebook 7.6.5 logs on every page, also in a bare ``pip install notebook``:
``KNOWN_CONSOLE_ERRORS`` names it, and any other message fails the test.

Without the course's shortcut settings (a user setting that restores
Notebook 7's own), an arrow key leaves a focused slider where it was: the
check of the keyboard route can fail.
"""

import json
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import fixture, jlab
from browser.chromium import course_context
from browser.lab import SETTINGS, LabServer
from test_browser import QUIZLESS, _problems

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / ".ci-artifacts" / "notebook7"
#: Upstream errors Notebook 7.6.5 logs on every page, whatever is installed:
#: a settings plugin reads the schema of a plugin Notebook 7 does not ship.
KNOWN_CONSOLE_ERRORS = {
    "schema": "uncaught: Cannot read properties of undefined (reading 'schema')",
}
RACE_READOUT = ".widget-html:has-text('largest curvature')"

pytestmark = pytest.mark.browser


def unknown_console_errors(messages):
    return [m for m in messages if m not in KNOWN_CONSOLE_ERRORS.values()]


@pytest.fixture(scope="module")
def chromium():
    with course_context() as context:
        yield context


@pytest.fixture(scope="module")
def notebook7(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "jupyter-notebook.log"
    with LabServer(ROOT, app="notebook", log_path=log) as server:
        yield server


def screenshot(page, stem):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{stem}.png"
    try:
        page.screenshot(path=str(shot))
    except Exception as exc:  # the page may be gone; the failure matters more
        return f"(no screenshot: {exc})"
    return f"screenshot: {shot.relative_to(ROOT)}"


def play_race(page, seconds=2.0):
    """Press chapter 8's Play; return the race's step before and after ``seconds``."""

    def step():
        text = page.locator(RACE_READOUT).inner_text()
        return int(re.search(r"step = (\d+)", text).group(1))

    button = page.get_by_role("button", name="Play")
    button.scroll_into_view_if_needed()
    button.click()
    page.get_by_role("button", name="Pause").wait_for(timeout=5000)
    page.wait_for_timeout(500)
    first = step()
    page.wait_for_timeout(seconds * 1000)
    second = step()
    page.get_by_role("button", name="Pause").click()
    return first, second


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_in_notebook_7(chromium, notebook7, notebook):
    path = notebook.relative_to(ROOT).as_posix()
    page = chromium.new_page()
    console = jlab.watch_console(page)
    try:
        report = jlab.inspect_notebook(page, notebook7, path, console)
        extra = []
        if notebook.name.startswith("08"):
            frames = page.evaluate("window.__glm.frames.length")
            first, second = play_race(page)
            painted = page.evaluate("window.__glm.frames.length") - frames
            if second - first < 5 or painted < 5:
                extra.append(f"Play: steps {first} -> {second}, {painted} frames")
        known = [m for m in report.console if m in KNOWN_CONSOLE_ERRORS.values()]
        report.console = unknown_console_errors(report.console)
        problems = _problems(report, notebook.name[:2]) + extra
        print(  # one line per chapter for the log (pytest -s)
            f"\n{notebook.stem}: open {report.seconds['open']} s, run all "
            f"{report.seconds['run']} s, {report.widgets} widgets, "
            f"{report.painted}/{report.canvases} canvases painted; {report.control}; "
            f"quiz {report.quiz[:60]}; {' '.join(extra) or 'no problem'}; "
            f"known console errors: {len(known)}"
        )
        where = screenshot(page, notebook.stem) if problems else ""
    finally:
        page.close()
        notebook7.shutdown_kernels()
    assert not problems, f"{notebook.name} ({where}):\n  " + "\n  ".join(problems)
    if notebook.name[:2] not in QUIZLESS:
        assert report.quiz.startswith("feedback: ")


ONE_SLIDER = ["import ipywidgets as widgets\nwidgets.IntSlider(value=5, max=10)"]


def slider_after_arrow_keys(chromium, root, settings, presses=3):
    """Open a one-slider notebook in Notebook 7; press ArrowRight on its handle."""
    with LabServer(root, app="notebook", settings=settings) as server:
        page = chromium.new_page()
        try:
            jlab.open_notebook(page, server, "slider.ipynb")
            jlab.run_all(page)
            jlab.wait_widgets_rendered(page)
            handle = page.locator(jlab.SLIDER_HANDLE)
            for _ in range(presses):
                handle.focus()
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(100)
            return jlab.slider_position(handle)[1]
        finally:
            page.close()
            server.shutdown_kernels()


def test_arrow_keys_move_a_slider_only_with_the_course_settings(chromium, tmp_path):
    """The keyboard route works because of the shipped shortcuts, and only then."""
    fixture.write_notebook(tmp_path / "slider.ipynb", ONE_SLIDER)
    assert slider_after_arrow_keys(chromium, tmp_path, SETTINGS) == 8
    shipped = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    turned_off = [
        {key: entry[key] for key in ("command", "keys", "selector")}
        for entry in shipped["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
        if entry.get("disabled")
    ]
    notebook_own_shortcuts = {  # a learner's own settings bring them back
        **SETTINGS,
        "@jupyterlab/shortcuts-extension/shortcuts.jupyterlab-settings": {
            "shortcuts": turned_off
        },
    }
    assert slider_after_arrow_keys(chromium, tmp_path, notebook_own_shortcuts) == 5


def test_known_console_errors_are_still_named_by_this_list():
    """Only exact messages are forgiven: a near miss is a new error."""
    near_miss = "uncaught: Cannot read properties of undefined (reading 'schemas')"
    assert unknown_console_errors([near_miss]) == [near_miss]
    assert unknown_console_errors(list(KNOWN_CONSOLE_ERRORS.values())) == []


def test_the_servers_settings_were_read(notebook7):
    """The course's server settings (kernel culling) are this server's."""
    config = json.loads((ROOT / "jupyter" / "jupyter_server_config.json").read_text())
    culling = config["MappingKernelManager"]
    kernel = notebook7.api("kernels", method="POST")  # the culler starts with one
    notebook7.api(f"kernels/{kernel['id']}", method="DELETE")
    notebook7.log_text()  # flushes the log
    text = Path(notebook7.log_path).read_text(errors="replace")
    assert (
        f"Culling kernels with idle durations > {culling['cull_idle_timeout']} "
        f"seconds at {culling['cull_interval']} second intervals"
    ) in text


def test_a_closed_tab_leaves_no_kernel_behind(chromium):
    """Closing Notebook 7's tab disposes of nothing: the server culls the kernel.

    The shipped timeout is minutes; this server gets seconds, the rest of the
    course's server settings unchanged.
    """
    quick = [
        "--MappingKernelManager.cull_idle_timeout=2",
        "--MappingKernelManager.cull_interval=1",
    ]
    with LabServer(ROOT, app="notebook", extra=quick) as server:
        page = chromium.new_page()
        jlab.open_notebook(page, server, "notebooks/01_exponential_family.ipynb")
        assert [k["connections"] for k in server.api("kernels")] == [1]
        page.close()
        deadline = time.monotonic() + 20
        while server.api("kernels"):
            assert time.monotonic() < deadline, (
                f"the kernel outlived its tab: {server.api('kernels')}"
            )
            time.sleep(0.25)
