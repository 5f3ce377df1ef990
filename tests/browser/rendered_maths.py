"""What JupyterLab's MathJax made of a notebook's Markdown cells, read from the page.

``markdown_cells(page)`` lists the open notebook's Markdown cells by index;
``rendered_formulas(page, index, expected)`` scrolls one into view, waits
until MathJax has set at least ``expected`` formulas and stopped changing,
and returns the text of each formula (its hidden MathML, which a screen
reader reads): "eθ1" for $e^{\\theta_1}$, "100inwords,thefittedcount" for
words that a stray dollar turned into maths.
"""

import time

_CELL_TYPES = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .map((cell) => cell.model.type)"""

_FORMULAS = """(index) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
  cell.node.scrollIntoView();
  const shown = cell.node.querySelector('.jp-RenderedMarkdown');
  if (!shown) return null;
  return [...shown.querySelectorAll('mjx-container')].map((m) =>
    (m.querySelector('mjx-assistive-mml') || m).textContent);
}"""


def markdown_cells(page):
    """The indices of the open notebook's Markdown cells."""
    return [
        i for i, kind in enumerate(page.evaluate(_CELL_TYPES)) if kind == "markdown"
    ]


def rendered_formulas(page, index, expected, timeout=15):
    """The text of each formula MathJax set in Markdown cell ``index``, in order."""
    last, steady = None, 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = page.evaluate(_FORMULAS, index)
        if now is not None and len(now) >= expected:
            steady = steady + 1 if now == last else 0
            if steady >= 2:
                return now
        last = now
        page.wait_for_timeout(150)
    return last or []
