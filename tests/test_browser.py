"""Every chapter notebook, run in a real JupyterLab in headless Chromium.

For each ``notebooks/[0-9][0-9]_*.ipynb``: open it, run all cells, then
assert what a learner would see — no error output, every widget rendered,
every ipympl canvas painted, a repaint when the first slider moves (in a
notebook without sliders: the first toggle button beside a figure), feedback
when the first quiz answer is checked, and no browser console errors.  A
failing notebook leaves a screenshot in ``.ci-artifacts/browser/``.

Needs Playwright (requirements-test.txt) and a Chromium binary (Debian's
``chromium`` package; ``$CHROMIUM`` overrides the path).  Without either the
tests are skipped, and pytest's summary says which one was missing.
"""

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import fixture, jlab
from browser.chromium import course_context
from browser.lab import LabServer

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / ".ci-artifacts" / "browser"
# The lesson has no quiz in chapter 7 ("the lab is the test") or chapter 9.
QUIZLESS = {"07", "09"}

pytestmark = [
    pytest.mark.browser,
    # Playwright's sync API runs an asyncio loop in a greenlet; tornado and
    # jupyter_client are not imported here, so no other filter is needed.
]


@pytest.fixture(scope="module")
def chromium():
    with course_context() as context:
        yield context


@pytest.fixture(scope="module")
def course_lab(chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with LabServer(ROOT, log_path=ARTIFACTS / "jupyter-lab.log") as lab:
        yield lab


def _inspect(context, lab, path):
    """Report on one notebook; on any failure keep a screenshot."""
    page = context.new_page()
    console = jlab.watch_console(page)
    try:
        return jlab.inspect_notebook(page, lab, path, console), page
    except Exception:
        _screenshot(page, Path(path).stem)
        page.close()
        raise


def _screenshot(page, stem):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{stem}.png"
    try:
        page.screenshot(path=str(shot))
    except Exception as exc:  # the page may be gone; the failure matters more
        return f"(no screenshot: {exc})"
    return f"screenshot: {shot.relative_to(ROOT)}"


def _problems(report, chapter):
    problems = []
    problems += [f"error output: {e}" for e in report.errors]
    problems += [f"widget not rendered: {u}" for u in report.unrendered]
    if report.painted < report.canvases:
        problems.append(
            f"{report.canvases - report.painted} of {report.canvases} "
            "ipympl canvases blank"
        )
    if report.canvases == 0:
        problems.append("no ipympl canvas in the notebook")
    if not report.control.endswith(": repainted"):
        problems.append(f"first control: {report.control}")
    if report.quiz in ("none", "no feedback") and chapter not in QUIZLESS:
        problems.append(f"quiz: {report.quiz}")
    problems += [f"browser console: {c}" for c in report.console]
    return problems


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_in_jupyterlab(chromium, course_lab, notebook):
    before = _digest(notebook)
    report, page = _inspect(chromium, course_lab, notebook.relative_to(ROOT).as_posix())
    problems = _problems(report, notebook.name[:2])
    where = _screenshot(page, notebook.stem) if problems else ""
    page.close()
    course_lab.shutdown_kernels()
    assert _digest(notebook) == before, f"{notebook.name} was written to while tested"
    assert not problems, f"{notebook.name} ({where}):\n  " + "\n  ".join(problems)


@pytest.fixture(scope="module")
def fixture_lab(chromium, tmp_path_factory):
    """A server over two small notebooks written here, to prove the checks."""
    root = tmp_path_factory.mktemp("fixture-notebooks")
    fixture.widget_notebook(root / "working.ipynb")
    fixture.broken_notebook(root / "broken.ipynb")
    with LabServer(root) as lab:
        yield lab


def test_harness_sees_a_working_notebook(chromium, fixture_lab):
    """The checks pass on a small chapter-shaped notebook."""
    report, page = _inspect(chromium, fixture_lab, "working.ipynb")
    page.close()
    fixture_lab.shutdown_kernels()
    assert _problems(report, "00") == [], report
    assert report.widgets == 2 and report.canvases == 1
    assert report.control == "slider: repainted"
    assert report.quiz.startswith("feedback: Right.")


def test_harness_sees_a_broken_notebook(chromium, fixture_lab):
    """An error and a widget that never renders are both reported."""
    page = chromium.new_page()
    console = jlab.watch_console(page)
    report = jlab.inspect_notebook(
        page, fixture_lab, "broken.ipynb", console, widget_timeout=3
    )
    page.close()
    fixture_lab.shutdown_kernels()
    problems = "\n".join(_problems(report, "00"))
    assert "ValueError: a cell that fails" in problems
    assert "widget not rendered: cell 1" in problems
    assert "no ipympl canvas" in problems and "first control: none" in problems
