"""Drive one notebook in JupyterLab through Playwright and say what a learner sees.

CSS selectors shared with the notebooks' widgets (ipywidgets 8, ipympl):
sliders ``.widget-slider`` with their handle ``.noUi-handle``; buttons
``.jupyter-button`` (a quiz's is labelled "Check"); quiz options
``.widget-radio-box input`` or ``.widget-toggle-buttons .widget-toggle-button``;
feedback in
``.widget-html`` / ``.widget-htmlmath``; ipympl draws into
``.jupyter-matplotlib-canvas-div canvas`` (the first canvas of each figure
holds the image, the second the zoom rubber band).
"""

import time
from dataclasses import dataclass, field

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

CANVAS = ".jupyter-matplotlib-canvas-div canvas:first-child"
SLIDER_HANDLE = ".widget-slider .noUi-handle"
FEEDBACK = ".widget-html, .widget-htmlmath"

# Installed before any page script runs: counts the frames ipympl paints into
# a canvas on the page (it draws each received image with drawImage) and
# timestamps key presses, for the latency benchmark; also notes new <img>
# elements in Output widgets (the inline backend's frames).
PAGE_HOOKS = """(() => {
  const now = () => performance.now();
  window.__glm = {frames: [], keys: [], images: []};
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const out = draw.apply(this, args);
    const c = this.canvas;
    if (c && c.isConnected && c.closest('.jupyter-matplotlib-canvas-div')) {
      window.__glm.frames.push(now());
    }
    return out;
  };
  document.addEventListener('keydown', () => window.__glm.keys.push(now()), true);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      const imgs = n.nodeType === 1
        ? (n.tagName === 'IMG' ? [n] : [...n.querySelectorAll('img')]) : [];
      for (const img of imgs) {
        if (!img.closest('.widget-output')) continue;
        img.decode().then(() => window.__glm.images.push(now()), () => {});
      }
    }
  }).observe(document, {childList: true, subtree: true});
})();"""

_NOTEBOOK_READY = """() => {
  const app = window.jupyterapp;
  const w = app && app.shell.currentWidget;
  if (!w || !w.sessionContext || !w.context || !w.context.isReady) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

_RUN_FINISHED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter((c) => c.model.type === 'code');
  const errored = cells.some((c) =>
    c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  const running = cells.some((c) => (c.promptNode.textContent || '').includes('*'));
  return k.status === 'idle' && !running &&
    (errored || cells.every((c) => c.model.executionCount !== null));
}"""

# Per code cell: error outputs and stderr streams from the model, and every
# widget output whose view did not render (still "Loading widget...", an
# error message, or an ipywidgets error widget).
_OUTPUT_REPORT = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const report = {errors: [], unrendered: [], widgets: 0, unexecuted: 0};
  w.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    if (cell.model.executionCount === null) report.unexecuted += 1;
    const tags = cell.model.getMetadata('tags') || [];
    const outputs = cell.model.outputs.toJSON();
    for (const o of outputs) {
      if (o.output_type === 'error' && !tags.includes('raises-exception')) {
        report.errors.push(`cell ${index}: ${o.ename}: ${o.evalue}`);
      } else if (o.output_type === 'stream' && o.name === 'stderr') {
        report.errors.push(`cell ${index} wrote to stderr: ${String(o.text).slice(0, 300)}`);
      }
    }
    const expected = outputs.filter((o) => o.data && o.data[WIDGET] &&
      o.data[WIDGET].model_id).length;
    report.widgets += expected;
    const nodes = [...cell.outputArea.node.querySelectorAll(
      ':scope > .jp-OutputArea-child > .jp-OutputArea-output')];
    let rendered = 0;
    for (const node of nodes) {
      const text = (node.textContent || '').slice(0, 200);
      if (text.startsWith('Loading widget') || text.includes('Error displaying widget')) {
        report.unrendered.push(`cell ${index}: ${text.slice(0, 80)}`);
      } else if (node.querySelector('.jupyter-widgets') ||
                 node.classList.contains('jupyter-widgets')) {
        rendered += 1;
      }
    }
    if (rendered < expected && report.unrendered.length === 0) {
      report.unrendered.push(`cell ${index}: ${expected - rendered} of ${expected} widget views missing`);
    }
    for (const bad of cell.outputArea.node.querySelectorAll('.jupyter-widgets-error-widget')) {
      report.unrendered.push(`cell ${index}: widget error: ${(bad.textContent || '').slice(0, 120)}`);
    }
  });
  return report;
}"""

# How many of the ipympl image canvases hold a picture: some pixels that are
# neither transparent nor the background colour of the top-left corner.
_CANVAS_PAINT = """(sel) => [...document.querySelectorAll(sel)].map((c) => {
  if (!c.width || !c.height) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const bg = [d[0], d[1], d[2], d[3]];
  let differ = 0;
  for (let i = 0; i < d.length; i += 16) {
    if (d[i + 3] !== 0 && (d[i] !== bg[0] || d[i + 1] !== bg[1] || d[i + 2] !== bg[2])) differ++;
  }
  return differ > 50;
})"""

_CANVAS_IMAGES = (
    """(sel) => [...document.querySelectorAll(sel)].map((c) => c.toDataURL())"""
)


@dataclass
class Report:
    notebook: str
    errors: list = field(default_factory=list)
    unrendered: list = field(default_factory=list)
    widgets: int = 0
    canvases: int = 0
    painted: int = 0
    control: str = "none"  # "none", "slider: repainted", ...
    quiz: str = "none"  # "none", "feedback: ...", "no feedback"
    console: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def watch_console(page):
    """Collect the page's console errors and uncaught exceptions."""
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: messages.append(f"uncaught: {e}"))
    return messages


def open_notebook(page, lab, path, timeout=90):
    page.goto(lab.url(f"{lab.document_path(path)}?reset"))
    wait_notebook_ready(page, path, timeout)


def wait_notebook_ready(page, path, timeout=90):
    """Wait until the page's notebook is open and its kernel idle."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(_NOTEBOOK_READY):
        # A kernel chooser appears if the notebook's kernel is unknown: accept it.
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path}: notebook or kernel not ready in {timeout}s")
        page.wait_for_timeout(200)


def run_all(page, timeout=300):
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(300)
    page.wait_for_function(_RUN_FINISHED, timeout=timeout * 1000, polling=200)


def kernel_execute(page, code):
    """Run code in the notebook's kernel (not in a cell); return its stdout."""
    return page.evaluate(
        """(code) => new Promise((resolve, reject) => {
          const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
          let out = '';
          const f = k.requestExecute({code, silent: false, store_history: false});
          f.onIOPub = (m) => {
            if (m.header.msg_type === 'stream') out += m.content.text;
            if (m.header.msg_type === 'error') reject(m.content.ename + ': ' + m.content.evalue);
          };
          f.done.then(() => resolve(out), reject);
        })""",
        code,
    )


def output_report(page):
    return page.evaluate(_OUTPUT_REPORT)


def wait_widgets_rendered(page, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        report = output_report(page)
        if not report["unrendered"] or time.monotonic() > deadline:
            return report
        page.wait_for_timeout(250)


def canvases_painted(page):
    return page.evaluate(_CANVAS_PAINT, CANVAS)


def wait_canvases_painted(page, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        painted = canvases_painted(page)
        if all(painted) or time.monotonic() > deadline:
            return painted
        page.wait_for_timeout(250)


def canvas_images(page):
    return page.evaluate(_CANVAS_IMAGES, CANVAS)


# Marks (data-glm="control") the control whose effect on a figure is checked:
# the first slider's handle; in a notebook without sliders, the first toggle
# button that sits in the same output as an ipympl canvas.
_MARK_CONTROL = """() => {
  for (const e of document.querySelectorAll('[data-glm]')) e.removeAttribute('data-glm');
  const handle = document.querySelector('.widget-slider .noUi-handle');
  if (handle) { handle.setAttribute('data-glm', 'control'); return 'slider'; }
  for (const b of document.querySelectorAll('.widget-toggle-button')) {
    const out = b.closest('.jp-OutputArea-output');
    if (out && out.querySelector('.jupyter-matplotlib-canvas-div')) {
      b.setAttribute('data-glm', 'control'); return 'toggle button';
    }
  }
  return 'none';
}"""

# Marks the first quiz: the first "Check" button, the first option of the
# choice widget next to it (radio or toggle buttons), and the quiz's box.
_MARK_QUIZ = """() => {
  const check = [...document.querySelectorAll('.jupyter-button')]
    .find((b) => b.textContent.trim() === 'Check');
  if (!check) return false;
  const OPTION = '.widget-radio-box input, .widget-toggle-buttons .widget-toggle-button';
  let box = check.parentElement;
  while (box && !box.querySelector(OPTION)) box = box.parentElement;
  if (!box) return false;
  check.setAttribute('data-glm', 'check');
  box.querySelector(OPTION).setAttribute('data-glm', 'option');
  let quiz = box;
  while (quiz.parentElement && !quiz.querySelector('.widget-html, .widget-htmlmath')) {
    quiz = quiz.parentElement;
  }
  quiz.setAttribute('data-glm', 'quiz');
  return true;
}"""


def first_control(page):
    """The locator of the control checked for a repaint, and its kind."""
    kind = page.evaluate(_MARK_CONTROL)
    return page.locator('[data-glm="control"]'), kind


def slider_position(handle):
    """(min, value, max) of a noUiSlider handle; aria-valuetext is the exact
    value (aria-valuenow is rounded to one decimal)."""

    def number(name):
        text = handle.get_attribute(name)
        return None if text is None else float(text)

    now = number("aria-valuetext")
    return (
        number("aria-valuemin"),
        now if now is not None else number("aria-valuenow"),
        number("aria-valuemax"),
    )


def press_control(page, control, kind):
    """One key press on the control: an arrow key on a slider, space on a toggle.

    A slider at its maximum gets ArrowLeft.  Exactly one key is pressed: two
    (right, then left) can land on the first picture again.
    """
    control.focus()
    if kind == "slider":
        _, now, high = slider_position(control)
        at_max = now is not None and high is not None and now >= high
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    else:
        page.keyboard.press("Space")


def move_first_control(page, timeout=15):
    """Press a key on the first slider (or toggle); did an ipympl canvas change?"""
    control, kind = first_control(page)
    if kind == "none":
        return "none"
    control.scroll_into_view_if_needed()
    before = canvas_images(page)
    press_control(page, control, kind)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        after = canvas_images(page)
        if len(after) != len(before) or any(
            a != b for a, b in zip(after, before, strict=True)
        ):
            return f"{kind}: repainted"
        page.wait_for_timeout(100)
    return f"{kind}: no repaint in {timeout}s"


def check_first_quiz(page, timeout=15):
    """Pick the first option of the first quiz, press Check, read the feedback."""
    if not page.evaluate(_MARK_QUIZ):
        return "none"
    quiz = page.locator('[data-glm="quiz"]')
    feedback = quiz.locator(FEEDBACK)
    option = page.locator('[data-glm="option"]')
    option.scroll_into_view_if_needed()
    # JupyterLab skips rendering cells outside the viewport (CSS
    # content-visibility), so their text reads as empty until scrolled to:
    # read the quiz's text only once it is on screen and has settled.
    before, deadline = None, time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = feedback.all_inner_texts()
        if texts == before and any(t.strip() for t in texts):
            break
        before = texts
        page.wait_for_timeout(200)
    option.click()
    page.locator('[data-glm="check"]').click()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        after = feedback.all_inner_texts()
        # Feedback appears in an element that was empty before the click; a
        # prompt that MathJax typesets meanwhile changes its text too, and
        # must not pass for feedback.
        new = [
            a
            for i, a in enumerate(after)
            if a.strip() and (i >= len(before) or not before[i].strip())
        ]
        if new:
            return "feedback: " + " ".join(new[0].split())[:120]
        page.wait_for_timeout(100)
    return "no feedback"


def inspect_notebook(page, lab, path, console, widget_timeout=30):
    """Open, run all, and check the notebook as a learner would see it."""
    report = Report(str(path))
    t0 = time.monotonic()
    open_notebook(page, lab, path)
    report.seconds["open"] = round(time.monotonic() - t0, 1)
    t0 = time.monotonic()
    run_all(page)
    report.seconds["run"] = round(time.monotonic() - t0, 1)
    outputs = wait_widgets_rendered(page, widget_timeout)
    report.errors = outputs["errors"]
    report.unrendered = outputs["unrendered"]
    report.widgets = outputs["widgets"]
    if outputs["unexecuted"] and not report.errors:
        report.errors.append(f"{outputs['unexecuted']} code cells did not run")
    painted = wait_canvases_painted(page)
    report.canvases, report.painted = len(painted), sum(painted)
    report.control = move_first_control(page)
    report.quiz = check_first_quiz(page)
    page.wait_for_timeout(300)  # let late console errors arrive
    report.console = list(console)
    return report
