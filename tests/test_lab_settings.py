"""The course's Jupyter settings reach the JupyterLab and Notebook 7 that learners use.

``jupyter/overrides.json`` holds the course's changes to JupyterLab's (and
Notebook 7's: it reads the same file) defaults; ``course.py`` installs it
into ``.venv/`` on every run (as
``share/jupyter/lab/settings/overrides.d/glm-course.json``) and
``binder/postBuild`` does the same on Binder (tests/test_binder.py checks that):

* ``commsOverSubshells: "disabled"``: JupyterLab >= 4.4 would otherwise send
  widget messages to kernel subshells, and ipykernel >= 7 would run every
  widget and canvas callback on a ``subshell-...`` thread beside the cells'
  main thread; matplotlib is not thread-safe. (Notebook 7 ignores it; the
  simulations hand such messages to the main thread themselves:
  tests/test_front_ends.py.)
* no "Jupyter news" prompt and no update check when chapter 00 opens.
* ``kernelShutdown``: closing a chapter's tab shuts its kernel down, so a
  learner who opens chapter after chapter does not pile up kernels (each
  holds 170-240 MB; Binder allows 2 GB).
* the arrow keys: JupyterLab and Notebook 7 bind them to moving between
  cells in command mode; Notebook 7 handles its shortcuts before the page
  does, so a focused slider never moved. The course turns those four
  bindings off and binds them again everywhere but inside cell outputs,
  where widgets live (tests/test_notebook7.py presses them).
* Notebook 7's "Close and Shut Down Notebook" asks no question.

``jupyter/jupyter_server_config.json`` (installed as
``etc/jupyter/jupyter_server_config.d/glm-course.json``) makes the server
shut down a kernel that no browser tab is connected to once it has been idle
for 5 minutes: closing a browser tab (Notebook 7 has one tab per chapter)
disposes of nothing in the page, so only the server can tell.

The checks, from the files to the browser: the files name real settings
with allowed values; the JupyterLab of this environment (``sys.executable``,
the one the browser tests start) serves them as its defaults; in headless
Chromium a slider's and a canvas' callbacks run on ``MainThread``, chapter
00 opens with no toast, closing a chapter's tab ends its kernel, and a
kernel whose Notebook 7 tab was closed is culled. The browser servers use a
fresh user-settings directory that sets none of these, so the shipped
defaults are what is tested. The browser tests need Playwright and
Chromium, as tests/test_browser.py.
"""

import json
import re
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import fixture, jlab
from browser.chromium import course_context
from browser.lab import LabServer

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "jupyter" / "overrides.json"
SERVER_CONFIG = ROOT / "jupyter" / "jupyter_server_config.json"
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"
KERNELS = "@jupyterlab/apputils-extension:kernels-settings"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
TRACKER = "@jupyterlab/notebook-extension:tracker"
SHORTCUTS = "@jupyterlab/shortcuts-extension:shortcuts"
# the key bindings the course moves off cell outputs
ARROW_KEYS = {"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"}
OUTSIDE_OUTPUTS = ":not(.jp-OutputArea-output *)"
# User settings for the servers below: autosave off (the committed chapter is
# opened), and nothing about kernels or notifications, which would mask the
# defaults under test.
ONLY_AUTOSAVE = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False}
}
INSTALL_HINT = (
    "run `python3 course.py test` (course.py installs jupyter/overrides.json "
    "into .venv/ on every run)"
)


def _shipped():
    return json.loads(SHIPPED.read_text())


def _schema(plugin_id):
    """The JSON schema of a JupyterLab plugin's settings, from this environment."""
    package, plugin = plugin_id.split(":")
    path = Path(sys.prefix, "share", "jupyter", "lab", "schemas", package)
    return json.loads((path / f"{plugin}.json").read_text())


def test_shipped_settings_turn_off_subshells_and_news():
    shipped = _shipped()
    assert shipped[KERNELS]["commsOverSubshells"] == "disabled"
    assert shipped[NOTIFICATION]["fetchNews"] == "false"
    assert shipped[NOTIFICATION]["checkForUpdates"] is False
    assert shipped[TRACKER] == {"kernelShutdown": True}


def _default_shortcuts():
    """Every key binding the installed JupyterLab and Notebook 7 plugins declare."""
    schemas = Path(sys.prefix, "share", "jupyter", "lab", "schemas")
    found = []
    for path in schemas.glob("**/*.json"):
        found += json.loads(path.read_text()).get("jupyter.lab.shortcuts", [])
    return found


def test_shipped_shortcuts_move_the_arrow_keys_off_cell_outputs():
    """Each arrow binding turned off is a real default, and comes back elsewhere.

    A binding renamed upstream would no longer be turned off, silently:
    every disabled entry must match a default binding exactly, and together
    they must cover every default single-arrow binding of command mode.
    """
    entries = _shipped()[SHORTCUTS]["shortcuts"]
    turned_off = [e for e in entries if e.get("disabled")]
    bound_again = [e for e in entries if not e.get("disabled")]
    defaults = [
        (d["command"], tuple(d["keys"]), d["selector"])
        for d in _default_shortcuts()
        if len(d["keys"]) == 1 and d["keys"][0] in ARROW_KEYS
    ]
    off = [(e["command"], tuple(e["keys"]), e["selector"]) for e in turned_off]
    assert sorted(off) == sorted(defaults)
    again = [(e["command"], tuple(e["keys"]), e["selector"]) for e in bound_again]
    assert sorted(again) == sorted(
        (command, keys, selector + OUTSIDE_OUTPUTS) for command, keys, selector in off
    )


def test_shipped_server_config_culls_only_kernels_without_a_tab():
    config = json.loads(SERVER_CONFIG.read_text())
    culling = config["MappingKernelManager"]
    assert culling["cull_connected"] is False  # an open tab keeps its kernel
    assert culling["cull_busy"] is False  # a running cell is never cut short
    assert 60 <= culling["cull_idle_timeout"] <= 900
    assert 0 < culling["cull_interval"] <= culling["cull_idle_timeout"]


def test_shipped_settings_are_known_to_jupyterlab():
    """A misspelt plugin or setting name would be ignored without a word."""
    for plugin_id, values in _shipped().items():
        properties = _schema(plugin_id)["properties"]
        for name, value in values.items():
            assert name in properties, f"{plugin_id} has no setting {name!r}"
            spec = properties[name]
            if "oneOf" in spec:
                allowed = [choice["const"] for choice in spec["oneOf"]]
                assert value in allowed, (
                    f"{plugin_id}.{name}: {value!r} not in {allowed}"
                )
            else:
                kinds = {
                    "boolean": bool,
                    "string": str,
                    "number": (int, float),
                    "array": list,
                }
                assert isinstance(value, kinds[spec["type"]]), (plugin_id, name, value)


def _served_defaults(lab, plugin_id):
    with urllib.request.urlopen(
        lab.url(f"lab/api/settings/{plugin_id}"), timeout=30
    ) as r:
        reply = json.loads(r.read())
    return {k: v.get("default") for k, v in reply["schema"]["properties"].items()}


def test_this_environments_jupyterlab_serves_the_shipped_defaults(tmp_path):
    """The server the browser tests start (sys.executable's) reads the file."""
    with LabServer(tmp_path, settings=ONLY_AUTOSAVE) as lab:
        for plugin_id, values in _shipped().items():
            defaults = _served_defaults(lab, plugin_id)
            for name, value in values.items():
                assert defaults[name] == value, (
                    f"JupyterLab in {sys.prefix} serves {plugin_id}.{name} = "
                    f"{defaults[name]!r}, not {value!r}: {INSTALL_HINT}"
                )


# --- in the browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    with course_context(hooks=False) as context:
        yield context


# A slider and an ipympl canvas; each callback appends "<source>=<thread>"
# to a Label that the test reads.
THREAD_CELLS = [
    "%matplotlib widget\n"
    "import threading\n"
    "import ipywidgets as widgets\n"
    "import matplotlib.pyplot as plt",
    "with plt.ioff():\n"
    "    fig, ax = plt.subplots(figsize=(3, 2), dpi=80)\n"
    "fig.canvas.toolbar_visible = False\n"
    "slider = widgets.IntSlider(value=0, min=0, max=20)\n"
    "threads = widgets.Label('')\n"
    "threads.add_class('glm-threads')\n"
    "def note(source):\n"
    "    name = threading.current_thread().name\n"
    "    threads.value = f'{threads.value} {source}={name}'.strip()\n"
    "slider.observe(lambda change: note('slider'), names='value')\n"
    "fig.canvas.mpl_connect('button_press_event', lambda event: note('canvas'))\n"
    "widgets.VBox([slider, fig.canvas, threads])",
]


def _callback_threads(page):
    text = page.locator(".glm-threads").inner_text().strip()
    return [tuple(item.split("=", 1)) for item in text.split()]


def _wait_for_callbacks(page, count, timeout=15):
    deadline = time.monotonic() + timeout
    while len(_callback_threads(page)) < count:
        assert time.monotonic() < deadline, (
            f"{count} callbacks expected, seen: {_callback_threads(page)}"
        )
        page.wait_for_timeout(100)


@pytest.mark.browser
def test_widget_and_canvas_callbacks_run_on_the_main_thread(chromium, tmp_path):
    fixture.write_notebook(tmp_path / "threads.ipynb", THREAD_CELLS)
    with LabServer(tmp_path, settings=ONLY_AUTOSAVE) as lab:
        page = chromium.new_page()
        try:
            jlab.open_notebook(page, lab, "threads.ipynb")
            jlab.run_all(page)
            assert all(jlab.wait_canvases_painted(page)), "the canvas stayed blank"
            cell = jlab.kernel_execute(
                page, "import threading; print(threading.current_thread().name)"
            )
            assert cell.strip() == "MainThread"
            # Several events of each kind, one at a time: before the fix the
            # very first message could still reach the main shell (the
            # subshell starts asynchronously), the later ones did not.
            handle = page.locator(".widget-slider .noUi-handle")
            top_canvas = page.locator(".jupyter-matplotlib-canvas-div canvas").last
            expected = 0
            for _ in range(3):
                handle.focus()
                page.keyboard.press("ArrowRight")
                expected += 1
                _wait_for_callbacks(page, expected)
            box = top_canvas.bounding_box()
            for _ in range(3):
                page.mouse.click(
                    box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                )
                expected += 1
                _wait_for_callbacks(page, expected)
            seen = _callback_threads(page)
        finally:
            page.close()
    assert sorted({source for source, _ in seen}) == ["canvas", "slider"], seen
    off_main = [(source, name) for source, name in seen if name != "MainThread"]
    assert not off_main, (
        f"callbacks ran off the kernel's main thread: {off_main}; the override "
        f"commsOverSubshells=disabled did not reach JupyterLab: {INSTALL_HINT}"
    )


def _first_look_at_chapter_00(chromium, settings, wait_ms=3000):
    """Open chapter 00, not run, in this environment's JupyterLab.

    Returns the toasts shown and the first stored still picture found by
    scrolling down the notebook (its width in pixels once loaded, and the
    text of its output area), or None when no still shows.
    """
    with LabServer(ROOT, settings=settings) as lab:
        page = chromium.new_page()
        try:
            jlab.open_notebook(page, lab, FIRST_CHAPTER)
            toasts = page.locator(".Toastify__toast")
            deadline = time.monotonic() + wait_ms / 1000
            while not toasts.count() and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            shown = [" ".join(t.split()) for t in toasts.all_inner_texts()]
            return shown, _first_still(page)
        finally:
            page.close()
            lab.shutdown_kernels()


def _first_still(page, scrolls=40):
    """Scroll the open notebook until a stored picture shows; its width and words."""
    stills = page.locator(".jp-OutputArea-output img")
    for _ in range(scrolls):
        if stills.count():
            still = stills.first
            still.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0",
                arg=still.element_handle(),
            )
            width = still.evaluate("img => img.naturalWidth")
            cell = still.locator("xpath=ancestor::div[contains(@class,'jp-Cell')][1]")
            return width, " ".join(cell.inner_text().split())
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(150)
    return None


@pytest.mark.browser
def test_chapter_00_opens_without_a_news_prompt_and_shows_its_picture(chromium):
    """The first open: no prompt over the chapter, and its figure is there
    as a stored still with its description before any cell has run."""
    toasts, still = _first_look_at_chapter_00(chromium, ONLY_AUTOSAVE)
    assert not toasts, f"chapter 00 opened with notifications: {toasts}; {INSTALL_HINT}"
    assert still is not None, "chapter 00 shows no stored picture before it is run"
    width, words = still
    assert width > 300
    assert "Still picture of the simulation" in words
    assert page_has_no_live_canvas_yet(words)


def page_has_no_live_canvas_yet(words):
    # the kernel has not run: the cell holds the stored still, not a widget
    return "Error displaying widget" not in words and "Loading widget" not in words


@pytest.mark.browser
def test_news_check_sees_the_prompt_when_a_user_asks_for_it(chromium):
    """The check above can fail: a user setting of "ask" brings the prompt back."""
    settings = {
        **ONLY_AUTOSAVE,
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "none"
        },
    }
    toasts, _ = _first_look_at_chapter_00(chromium, settings)
    assert any(re.search(r"Jupyter news", t) for t in toasts), toasts


def _wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.25)


@pytest.mark.browser
def test_closing_a_chapter_tab_shuts_its_kernel_down(chromium):
    """kernelShutdown: the tab goes, its kernel goes with it, at once."""
    with LabServer(ROOT, settings=ONLY_AUTOSAVE) as lab:
        page = chromium.new_page()
        try:
            jlab.open_notebook(page, lab, "notebooks/01_exponential_family.ipynb")
            assert len(lab.api("kernels")) == 1
            page.evaluate("window.jupyterapp.shell.currentWidget.close()")
            _wait_until(
                lambda: lab.api("kernels") == [],
                15,
                f"the kernel outlived its tab: {lab.api('kernels')}; {INSTALL_HINT}",
            )
        finally:
            page.close()
