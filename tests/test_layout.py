"""Where things live: the layers of glmlib, and which way their imports go.

    maths core      glmlib/*.py: families, links, fitting, existence,
                    curvature, data ...           imports: numpy, scipy
    course layer    glmlib/course/, quizzes.py, exercises/
                                                  imports: the core
    widget wing     glmlib/ui/                    imports: core, course
    simulations     glmlib/simulations/           imports: all of the above
    notebooks       notebooks/NN_*.ipynb          import:  all of the above

Everything below the widget wing is what a learner imports after the
course, or what a plain Python process (the question bank, the exercise
checker, a printed table) needs: it must load without matplotlib,
ipywidgets, ipympl or IPython. Notebook NN's simulations are
``glmlib.simulations.chNN_<notebook name>`` and its lesson helpers
``glmlib.course.chNN_<notebook name>``.
"""

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import glmlib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "glmlib"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VIEW_STACK = ("matplotlib", "ipywidgets", "ipympl", "IPython")
#: the layers, bottom up; a module may import from its own layer and below
LAYERS = ("core", "course", "ui", "simulations")
#: a simulation module longer than this mixes in what belongs elsewhere
SIMULATION_MODULE_LINES = 650


def layer_of(module):
    """The layer of a dotted module name inside glmlib."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("ui", "simulations"):
        return parts[1]
    if len(parts) > 1 and parts[1] in ("course", "quizzes", "exercises"):
        return "course"
    return "core"


def glmlib_modules():
    """Every module and package of glmlib, as dotted names."""
    found = ["glmlib"]
    for info in pkgutil.walk_packages(glmlib.__path__, "glmlib."):
        found.append(info.name)
    return found


WIDGET_FREE = [m for m in glmlib_modules() if layer_of(m) in ("core", "course")]


def loaded_view_libraries(modules):
    """The view libraries that importing ``modules`` loads, in a fresh interpreter."""
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({VIEW_STACK!r}))\n"
        "print(','.join(loaded))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()


def test_every_module_below_the_widget_wing_loads_no_view_library():
    # One fresh interpreter for all of them: if together they load nothing,
    # none does. When one does, each gets its own interpreter to name it.
    assert {"glmlib.quizzes", "glmlib.data", "glmlib.course.tables"} <= set(WIDGET_FREE)
    if loaded_view_libraries(WIDGET_FREE) == "":
        return
    culprits = {
        module: loaded
        for module in WIDGET_FREE
        if (loaded := loaded_view_libraries([module]))
    }
    pytest.fail(f"modules below the widget wing load view libraries: {culprits}")


def test_the_probe_sees_a_view_library_when_one_is_imported():
    # The check above must be able to fail: the simulations do load matplotlib.
    assert loaded_view_libraries(["glmlib.simulations"]) == (
        "IPython,ipywidgets,matplotlib"
    )


def module_level_imports(path, module):
    """The glmlib modules that ``path`` (module ``module``) imports when it loads.

    Imports inside a function (the quiz widget that ``quiz_for_chapter``
    builds on demand) run only when called, and are not counted.
    """
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("glmlib")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("glmlib"):
                found.append(target)
    return found


def source_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield path, module


def test_imports_only_go_down_the_layers():
    upward = []
    for path, module in source_files():
        rank = LAYERS.index(layer_of(module))
        for target in module_level_imports(path, module):
            if LAYERS.index(layer_of(target)) > rank:
                upward.append(f"{module} ({layer_of(module)}) imports {target}")
    assert upward == []


def test_an_upward_import_would_be_seen(tmp_path):
    fake = tmp_path / "tables.py"
    fake.write_text("from ..ui.style import course_figure\nimport glmlib.simulations\n")
    targets = module_level_imports(fake, "glmlib.course.tables")
    assert targets == ["glmlib.ui.style", "glmlib.simulations"]
    assert [layer_of(t) for t in targets] == ["ui", "simulations"]


def test_no_simulation_module_mixes_in_what_belongs_elsewhere():
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (PACKAGE / "simulations").rglob("*.py")
    }
    too_long = {path: n for path, n in lengths.items() if n > SIMULATION_MODULE_LINES}
    assert too_long == {}


def names_in_the_families():
    """Every family's names as a label shows them: "gamma", "Gamma", "gamma regression"."""
    names = set()
    for family in glmlib.FAMILIES.values():
        shown = family.display_name
        names |= {shown, shown[:1].upper() + shown[1:], family.model_name}
    return names


def string_constants(tree):
    """The string constants of a module, but those of its ``__all__`` (class names)."""
    exported = {
        id(c)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "__all__" for t in node.targets)
        for c in ast.walk(node.value)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in exported:
                yield node


def test_only_the_families_write_their_names():
    # A family's name typed anywhere else is a second home that can drift
    # ("Gamma" here, "gamma" there): labels read display_name and
    # model_name. A family's key ("gamma", as in get_family("gamma")) is
    # its identifier, not its name, and may be written anywhere.
    names = names_in_the_families() - set(glmlib.FAMILIES)
    typed = []
    for path, module in source_files():
        if module == "glmlib.families":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typed += [
            f"{module}:{node.lineno} {node.value!r}"
            for node in string_constants(tree)
            if node.value in names
        ]
    assert typed == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_has_its_chapter_module(notebook):
    module = PACKAGE / "simulations" / f"ch{notebook.stem}.py"
    package = module.with_suffix("") / "__init__.py"
    assert module.is_file() or package.is_file(), (
        f"{notebook.name} has no {module.relative_to(ROOT)} (nor a package of that name)"
    )
    # ... and the notebook uses it.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "glmlib.simulations" in code
    # Its lesson helpers come from the course layer, not from the module that
    # draws them: a notebook imports only the Simulation classes from there.
    assert f"glmlib.simulations.ch{notebook.stem}" not in code
    assert "from glmlib.simulations import ch" not in code
