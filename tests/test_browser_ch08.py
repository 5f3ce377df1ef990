"""Chapter 8 in a real JupyterLab, in headless Chromium: Play, controls, quiz.

tests/test_browser.py already opens every chapter, runs it, and checks that
it shows no error, that its widgets and canvases render, that the first
slider repaints and that the first quiz answers. This file checks what is
particular to chapter 8:

* pressing the race's Play button makes frames arrive: the canvas repaints
  several times a second and the step readout counts up, while the kernel
  stays free to answer;
* every control of the chapter's three simulations repaints its figure;
* a diverging learning rate is said in words on the page;
* a right answer to the learning-rate question of the quiz says so.

Needs Playwright and Chromium, like tests/test_browser.py; skipped without.
"""

import json
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import jlab
from browser.chromium import launched_chromium
from browser.lab import LabServer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/08_one_gradient_for_every_glm.ipynb"
ARTIFACTS = ROOT / ".ci-artifacts" / "browser"
RACE_READOUT = ".widget-html:has-text('largest curvature')"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page():
    with launched_chromium() as browser, LabServer(ROOT) as lab:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(jlab.PAGE_HOOKS)
        page = context.new_page()
        console = jlab.watch_console(page)
        jlab.open_notebook(page, lab, NOTEBOOK)
        jlab.run_all(page)
        report = jlab.wait_widgets_rendered(page)
        assert report["errors"] == [] and report["unrendered"] == [], report
        assert all(jlab.wait_canvases_painted(page))
        yield page
        if console:
            _screenshot(page, "console")
        assert console == [], console
        browser.close()


def _screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"08_{name}.png"))


def kernel(page, expression):
    """Evaluate ``expression`` in the notebook's kernel and return it (via JSON)."""
    out = jlab.kernel_execute(page, f"import json; print(json.dumps({expression}))")
    return json.loads(out.strip().splitlines()[-1])


def readout_step(page):
    text = page.locator(RACE_READOUT).inner_text()
    return int(re.search(r"step = (\d+)", text).group(1))


def canvas_changes(page, index, action, timeout=15):
    """Run ``action``; True once canvas ``index`` (DOM order) shows a new picture."""
    before = jlab.canvas_images(page)[index]
    action()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if jlab.canvas_images(page)[index] != before:
            return True
        page.wait_for_timeout(100)
    return False


def test_play_paints_frames_and_counts_the_steps(page):
    button = page.get_by_role("button", name="Play")
    assert button.count() == 1  # the race's, with words for a screen reader
    button.scroll_into_view_if_needed()
    frames_before = page.evaluate("window.__glm.frames.length")
    drawn_before = kernel(page, "race.n_updates")
    button.click()
    page.get_by_role("button", name="Pause").wait_for(timeout=5000)
    page.wait_for_timeout(1000)
    first = readout_step(page)
    start = time.monotonic()
    answered = kernel(page, "race.playback.frame")  # the kernel answers mid-play
    latency = time.monotonic() - start
    page.wait_for_timeout(2000)
    second = readout_step(page)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=5000)
    frames = page.evaluate("window.__glm.frames.length") - frames_before
    drawn = kernel(page, "race.n_updates") - drawn_before
    # Play starts again from step 0 (the whole run was shown) and counts up
    # at 10 steps a second; a busy machine may merge some of them.
    seen = {"painted": frames, "drawn": drawn, "steps": (first, answered, second)}
    assert frames >= 15 and drawn >= 15, seen
    assert first <= answered <= second <= 40, seen
    assert second - first >= 8 and latency < 1.5, (seen, latency)


def test_every_control_repaints_its_figure(page):
    # canvases in DOM order: the tangent, the race, the softmax regions
    simulations = {"tangent": 0, "race": 1, "regions": 2}
    for name, index in simulations.items():
        controls = kernel(page, f"list({name}.controls)")
        for control in controls:
            kind = kernel(page, f"type({name}.controls[{control!r}]).__name__")
            value = (
                f"{name}.controls[{control!r}].options[-1][1]"
                if kind in ("ToggleButtons", "SelectionSlider")
                else f"{name}.controls[{control!r}].max"
            )
            # set from the kernel, as the browser's widget would: the frame
            # must come back to the page
            changed = canvas_changes(
                page,
                index,
                lambda name=name, control=control, value=value: jlab.kernel_execute(
                    page, f"{name}.controls[{control!r}].value = {value}"
                ),
            )
            assert changed, (name, control)
    # and with the keyboard: the tangent's eta slider, arrow key by arrow key
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    assert canvas_changes(
        page, 0, lambda: (handle.focus(), page.keyboard.press("ArrowLeft"))
    )
    _screenshot(page, "controls_moved")


def test_a_diverging_rate_is_said_in_words_on_the_page(page):
    jlab.kernel_execute(page, "race.controls['model'].value = 'poisson'")
    jlab.kernel_execute(page, "race.controls['learning_rate'].value = 0.1")
    readout = page.locator(RACE_READOUT)
    readout.scroll_into_view_if_needed()
    deadline = time.monotonic() + 10
    while "diverged at step" not in readout.inner_text():
        assert time.monotonic() < deadline, readout.inner_text()
        page.wait_for_timeout(100)
    notice = readout.locator("[role=status]")
    assert "Gradient ascent diverged" in notice.inner_text()
    assert "2 / (largest curvature) = 0.0535" in notice.inner_text()
    _screenshot(page, "diverged")
    jlab.kernel_execute(page, "race.controls['learning_rate'].value = 0.03")


def test_the_quiz_says_correct_for_the_learning_rate_answer(page):
    answer = kernel(page, "quiz_for_chapter.__module__")  # the quiz is there
    assert answer == "glmlib.quizzes"
    option = page.locator("button[title='option D of question 3']")
    option.scroll_into_view_if_needed()
    option.click()
    page.locator("button[title='Check your answer to question 3']").click()
    feedback = page.locator(".widget-htmlmath", has_text="Correct.")
    feedback.wait_for(timeout=10_000)
    assert "Newton's method avoids the choice" in feedback.inner_text()
