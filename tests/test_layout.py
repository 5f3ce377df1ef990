"""Where things live: the maths core stays free of the widget stack, and
notebook NN's code is found from NN.

The core (families, links, fitting, checks, exceptions, the shared data) is
what a learner imports after the course; it must work in a plain Python
process with no display and no Jupyter. The widget wing is ``glmlib.ui``,
the chapters' simulations are ``glmlib.simulations.chNN_<notebook name>``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VIEW_STACK = ("matplotlib", "ipywidgets", "ipympl", "IPython")
CORE = (
    "glmlib",
    "glmlib.families",
    "glmlib.links",
    "glmlib.fitting",
    "glmlib.existence",
    "glmlib.curvature",
    "glmlib._checks",
    "glmlib.exceptions",
    "glmlib.data",
    # not maths, but what a learner imports to check a function: no widgets either
    "glmlib.exercises",
)


@pytest.mark.parametrize("module", CORE)
def test_the_maths_core_imports_no_widget_or_plotting_library(module):
    # A fresh interpreter: this test process has matplotlib loaded already.
    probe = (
        f"import sys, {module}\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({VIEW_STACK!r}))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    assert out == "", f"importing {module} loads {out}"


def test_the_probe_sees_a_view_library_when_one_is_imported():
    # The check above must be able to fail: the simulations do load matplotlib.
    probe = (
        "import sys, glmlib.simulations\n"
        "print('matplotlib' in sys.modules and 'ipywidgets' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    assert out == "True"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_its_chapter_module(notebook):
    module = ROOT / "glmlib" / "simulations" / f"ch{notebook.stem}.py"
    assert module.is_file(), f"{notebook.name} has no {module.relative_to(ROOT)}"
    # ... and the notebook uses it.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "glmlib.simulations" in code
