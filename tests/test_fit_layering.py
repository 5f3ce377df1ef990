"""The maths core imports one way, and fitting asks the family, not its name.

* Imports run one way: ``fitting`` -> ``existence`` -> ``families`` /
  ``links`` / ``_checks``, with ``curvature`` beside ``existence``; no module
  imports one above it (read from each module's source, so the test sees
  imports that ``glmlib/__init__`` would hide).
* ``fitting``, ``existence`` and ``curvature`` name no concrete family:
  no class such as ``Poisson`` and no family name such as "poisson" outside
  docstrings and comments. What they need is a method of the family.
"""

import ast
from pathlib import Path

import pytest

import glmlib

PACKAGE = Path(glmlib.__file__).parent
# module -> the glmlib modules it may import
ALLOWED = {
    "_checks": set(),
    "links": set(),
    "exceptions": set(),
    "families": {"_checks", "links"},
    "curvature": {"families"},
    "existence": {"_checks", "families"},
    "fitting": {"_checks", "curvature", "exceptions", "existence", "families", "links"},
}
GENERIC = ("fitting", "existence", "curvature")


def glmlib_imports(module):
    """The glmlib modules ``module`` imports, from its source."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from . import x / from .x import y
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found |= {alias.name for alias in node.names}
            elif node.module and node.module.startswith("glmlib"):
                found.add(node.module.split(".")[1] if "." in node.module else "")
        elif isinstance(node, ast.Import):
            found |= {
                a.name.split(".")[1] for a in node.names if a.name.startswith("glmlib.")
            }
    return found


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_imports_run_one_way(module):
    assert glmlib_imports(module) <= ALLOWED[module], (
        glmlib_imports(module) - ALLOWED[module]
    )


def test_the_allowed_graph_has_no_cycle():
    done, visiting = set(), set()

    def visit(module):
        assert module not in visiting, f"cycle through {module}"
        if module in done:
            return
        visiting.add(module)
        for other in ALLOWED[module]:
            visit(other)
        visiting.discard(module)
        done.add(module)

    for module in ALLOWED:
        visit(module)


def code_names(module):
    """Identifiers and string constants of ``module``, docstrings left out.

    Default values of parameters are left out too: they are the public API
    (``finite_estimate_exists(X, y, family="poisson")``), not a question the
    code asks of a family.
    """
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.arguments):
            docstrings |= {id(d) for d in node.defaults + node.kw_defaults if d}
    names, strings = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.split(".")[-1])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                strings.add(node.value.strip().lower())
    return names, strings


@pytest.mark.parametrize("module", GENERIC)
def test_generic_modules_name_no_concrete_family(module):
    classes = {cls.__name__ for cls in glmlib.FAMILIES.values()}
    names, strings = code_names(module)
    assert not names & classes, names & classes
    assert not strings & set(glmlib.FAMILIES), strings & set(glmlib.FAMILIES)


def test_the_check_sees_a_concrete_family_when_one_is_named():
    # the test above must be able to fail: families.py names them all
    names, strings = code_names("families")
    assert {"Poisson", "Categorical"} <= names
    assert "gaussian" in strings
