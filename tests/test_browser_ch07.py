"""Chapter 7's notebook in JupyterLab: drag an hour with the real mouse (chapter 7).

The committed notebook is opened and run in headless Chromium, at device
pixel ratios 1 and 2. The kernel says where each hour is in CSS pixels;
Playwright's mouse presses on one, moves it to another count and spend and
releases. The test then reads the points back from the kernel, fits them
here with scipy (no glmlib), and waits until the readouts on the page show
that theta and the matching fitted count. Once, the keyboard route: the
hour picker and the customers box. Nothing is written to the notebook
(the server's autosave is off).

Needs Playwright and Chromium, like tests/test_browser.py; skipped without.
"""

import base64
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from scipy import optimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import drag_fixture as dragging
from browser import jlab
from browser.chromium import launched_chromium
from browser.lab import LabServer
from browser.rendered_maths import markdown_cells, rendered_formulas
from markdown_maths import formula_letters, maths_spans, shown_letters

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/07_poisson_regression_lab.ipynb"
RADIUS = 8  # glmlib.ui.drag.PICK_RADIUS, in CSS pixels
MINUS = "\u2212"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def course_lab(browser):
    with LabServer(ROOT) as lab:
        yield lab


def open_lab(page, server, scale, timeout=90):
    """Open and run chapter 7; wait until ipympl's front end shows the lab."""
    jlab.open_notebook(page, server, NOTEBOOK)
    jlab.run_all(page)
    report = jlab.wait_widgets_rendered(page)
    assert not report["errors"] and not report["unrendered"], report
    jlab.kernel_execute(page, "import json")  # for dragging.kernel_json
    canvas = page.locator(dragging.TOP_CANVAS).first
    canvas.scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => {{ const c = document.querySelector({dragging.TOP_CANVAS!r});"
        " return c && c.getBoundingClientRect().width > 0; }",
        timeout=timeout * 1000,
    )
    deadline = time.monotonic() + timeout
    while True:
        up = dragging.kernel_json(
            page,
            "[lab.figure.canvas.syncing_data_url, lab.figure.canvas.device_pixel_ratio]",
        )
        if up == [False, scale]:
            break
        assert time.monotonic() < deadline, f"ipympl front end not up: {up}"
        page.wait_for_timeout(200)
    # the canvas and the readouts under it, both on screen
    page.locator(".widget-html:has(.glm-readout)").first.scroll_into_view_if_needed()
    canvas.scroll_into_view_if_needed()


@pytest.fixture(params=[1, 2], ids=["ratio1", "ratio2"])
def page(request, browser, course_lab):
    scale = request.param
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, device_scale_factor=scale
    )
    context.add_init_script(jlab.PAGE_HOOKS)
    page = context.new_page()
    console = jlab.watch_console(page)
    open_lab(page, course_lab, scale)
    yield page
    assert console == [], console
    context.close()
    course_lab.shutdown_kernels()


def poisson_theta(spend, customers):
    """Maximum-likelihood theta of a Poisson regression on spend, by scipy alone."""
    X = np.column_stack([np.ones_like(spend), spend])
    found = optimize.root(
        lambda t: X.T @ (customers - np.exp(X @ t)),
        np.zeros(2),
        jac=lambda t: -X.T @ (X * np.exp(X @ t)[:, None]),
        tol=1e-13,
    )
    return found.x


def shown(value, decimals=3):
    return f"{value:.{decimals}f}".replace("-", MINUS)


def kernel_points(page):
    x, y = dragging.kernel_json(page, "[p.tolist() for p in lab.points]")
    return np.array(x), np.array(y)


def expected_readouts(page):
    """The readout fragments that the kernel's points call for, computed here."""
    spend, customers = kernel_points(page)
    theta = poisson_theta(spend, customers)
    at = dragging.kernel_json(page, "lab.controls['spend'].value")
    count = np.exp(theta[0] + theta[1] * at)
    return [
        f"({shown(theta[0])}, {shown(theta[1])})",
        f"multiplies expected customers by {np.exp(theta[1]):.2f}",
        f"= {count:.3f}",
    ]


# the kernel's last render of the lab, as a PNG in base64
KERNEL_PICTURE = """
import base64, io
import numpy
from PIL import Image
_pixels = numpy.asarray(lab.figure.canvas.get_renderer().buffer_rgba())
_png = io.BytesIO()
Image.fromarray(_pixels).save(_png, format="png")
print(json.dumps(base64.b64encode(_png.getvalue()).decode()))
"""


def decode_png(data):
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA"))


def pictures(page):
    """(what the kernel rendered last, what the page's canvas shows), as RGBA arrays."""
    out = jlab.kernel_execute(page, KERNEL_PICTURE).strip().splitlines()[-1]
    kernel = decode_png(json.loads(out))
    url = jlab.canvas_images(page)[0]
    return kernel, decode_png(url.split(",", 1)[1])


def test_dragging_an_hour_moves_the_readouts_with_the_data(page):
    before = dragging.readout_text(page)
    assert all(part in before for part in expected_readouts(page)), before
    css = dragging.positions(page)
    i = 38  # hour 39, the busiest: 17 customers near a spend of 9.2
    assert i in dragging.isolated_points(css, RADIUS)
    end = dragging.css_of(page, 7.5, 3.3)  # rounds to 3 customers
    dragging.drag(page, css[i], end)
    page.wait_for_timeout(200)
    spend, customers = kernel_points(page)
    assert customers[i] == 3.0 and abs(spend[i] - 7.5) < 0.05, (spend[i], customers[i])
    assert dragging.kernel_json(page, "lab.draggable.dragging") is None
    text = dragging.wait_for_readout(page, expected_readouts(page))
    assert text != before
    # the picker follows the drag, and the readouts say the rule kept up
    assert dragging.kernel_json(page, "lab.draggable.picker.value") == i
    assert "the IRLS θ to 6 decimals" in text


def test_a_drag_to_the_floor_and_back_refits_at_every_stage(page):
    css = dragging.positions(page)
    i = 39  # hour 40, the last
    origin, _ = dragging.canvas_origin(page)
    page.mouse.move(*(origin + css[i]))
    page.mouse.down()
    seen = []
    for count in (20, 0, 8):
        target = dragging.css_of(page, 9.8, count)
        page.mouse.move(*(origin + target), steps=8)
        page.wait_for_timeout(150)
        seen.append(dragging.wait_for_readout(page, expected_readouts(page)))
        # and a fast wiggle in between, the kind that loses frames
        for k, wiggle in enumerate((25, 2, 14)):
            page.mouse.move(*(origin + dragging.css_of(page, 9.0 - k, wiggle)), steps=4)
        page.mouse.move(*(origin + target), steps=4)
    page.mouse.up()
    assert len(set(seen)) == 3  # three different fits shown during one drag
    assert kernel_points(page)[1][i] == 8.0
    # after the release the canvas shows exactly the kernel's last render: no
    # ghost of a frame the browser dropped during the drag
    page.wait_for_timeout(300)
    kernel, shown = pictures(page)
    assert kernel.shape == shown.shape
    differ = np.any(np.abs(kernel.astype(int) - shown.astype(int)) > 3, axis=-1)
    assert differ.mean() == 0, f"{differ.mean():.4f} of the canvas differs"


def test_the_hour_picker_and_customers_box_move_an_hour(browser, course_lab):
    """The keyboard route, once: no mouse on the canvas."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    console = jlab.watch_console(page)
    open_lab(page, course_lab, 1)
    picker = page.locator(".widget-dropdown:has(label:text-is('hour')) select")
    picker.select_option(label="hour 1")
    box = page.locator(".widget-text:has(label:text-is('its customers')) input")
    box.fill("20")
    box.press("Enter")
    page.wait_for_timeout(200)
    assert kernel_points(page)[1][0] == 20.0
    text = dragging.wait_for_readout(page, expected_readouts(page))
    assert "multiplies expected customers by 1.25" in text
    assert console == [], console
    context.close()
    course_lab.shutdown_kernels()


# --- the Markdown, as MathJax sets it --------------------------------------------------
#: the paragraph under "The lab" as it was: an escaped dollar that MathJax paired
#: with the next formula's, showing "100inwords,thefittedcount"
MONEY_AS_MATHS = (
    "The readouts: the effect $e^{\\theta_1}$ of each extra \\$100 in words, the "
    "fitted count $e^{\\theta_0 + \\theta_1 x}$ and the line's value."
)


def formulas_unlike_the_source(page, cells):
    """Markdown cells whose formulas, as JupyterLab set them, are not the source's.

    The source is read as ``markdown_maths.maths_spans`` reads it (escaped
    dollars are text); each formula MathJax set must show the same Latin
    letters as the TeX it should come from, in the same order.
    """
    found = []
    for index in markdown_cells(page):
        source = cells[index]["source"]
        wanted = maths_spans("".join(source) if isinstance(source, list) else source)
        shown = rendered_formulas(page, index, len(wanted))
        if len(shown) != len(wanted):
            found.append(
                (index, f"{len(shown)} formulas set, {len(wanted)} in the source")
            )
            continue
        for tex, text in zip(wanted, shown, strict=True):
            if formula_letters(tex) != shown_letters(text):
                found.append((index, tex, text))
    return found


def notebook_json(cells):
    return {
        "cells": [
            {"cell_type": "markdown", "id": f"m{i}", "metadata": {}, "source": text}
            for i, text in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_chapter_seven_sets_its_money_as_words(browser, course_lab, tmp_path):
    """JupyterLab sets every formula of chapter 7 from the source's own TeX.

    Checked first on a copy of the old paragraph, which JupyterLab breaks:
    the check must see that.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    old = [MONEY_AS_MATHS, MONEY_AS_MATHS.replace("\\$100", "100 dollars")]
    (tmp_path / "money.ipynb").write_text(json.dumps(notebook_json(old)))
    with LabServer(tmp_path) as scratch:
        jlab.open_notebook(page, scratch, "money.ipynb")
        broken = formulas_unlike_the_source(page, notebook_json(old)["cells"])
        scratch.shutdown_kernels()
    assert [b[0] for b in broken] == [0], broken
    assert "inwords" in broken[0][-1]
    jlab.open_notebook(page, course_lab, NOTEBOOK)
    cells = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    assert formulas_unlike_the_source(page, cells) == []
    # the paragraph under "The lab", read as a learner sees it
    (lab,) = [
        i
        for i in markdown_cells(page)
        if "The readouts under the figure" in "".join(cells[i]["source"])
    ]
    prose = page.evaluate(
        """(index) => {
          const node = window.jupyterapp.shell.currentWidget.content.widgets[index]
            .node.querySelector('.jp-RenderedMarkdown').cloneNode(true);
          for (const m of node.querySelectorAll('mjx-container')) m.replaceWith('[f]');
          return node.textContent.replace(/\\s+/g, ' ');
        }""",
        lab,
    )
    assert "each extra hundred dollars (in words), the fitted count [f]" in prose
    context.close()
    course_lab.shutdown_kernels()
