"""The pins stay in one place: Binder repeats requirements.txt exactly.

``requirements.txt`` is the one source of the runtime pins.  Binder reads
only ``binder/`` (repo2docker ignores top-level files once that folder
exists), so ``binder/requirements.txt`` must repeat every runtime line of
``requirements.txt`` -- same package, same ``==`` version, same environment
marker, in the same order -- leaving out only ``-e .`` (``binder/postBuild``
installs glmlib).  Comments and blank lines are not compared.  A JupyterHub
image built from ``binder/`` gets the same stack, nbgitpuller included.
"""

import os
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"


def requirement_lines(path):
    """The non-comment, non-blank lines of a requirements file, stripped."""
    lines = []
    for raw in Path(path).read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def runtime_requirements():
    """requirements.txt's package lines: everything but ``-e .``."""
    lines = requirement_lines(ROOT / "requirements.txt")
    assert "-e ." in lines, "requirements.txt should install glmlib with -e ."
    return [line for line in lines if line != "-e ."]


def binder_python():
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    assert match, f"binder/runtime.txt should read python-3.X, not {text!r}"
    return match.group(1)


def test_binder_repeats_the_runtime_pins_line_for_line():
    top = [str(Requirement(line)) for line in runtime_requirements()]
    binder = [
        str(Requirement(line))
        for line in requirement_lines(BINDER / "requirements.txt")
    ]
    assert binder == top


def test_binder_requirements_are_exact_pins_only():
    for line in requirement_lines(BINDER / "requirements.txt"):
        assert not line.startswith("-"), (
            f"binder/requirements.txt: no options, {line!r}"
        )
        req = Requirement(line)
        assert req.url is None and not req.extras, line
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"not pinned: {line!r}"


def test_runtime_python_gets_exactly_one_pin_per_package():
    python = binder_python()
    chosen = {}
    for line in requirement_lines(BINDER / "requirements.txt"):
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate({"python_version": python}):
            name = canonicalize_name(req.name)
            assert name not in chosen, f"two pins for {name} on Python {python}"
            chosen[name] = str(req.specifier)
    for needed in (
        "jupyterlab",
        "notebook",
        "nbgitpuller",
        "ipykernel",
        "ipywidgets",
        "ipympl",
        "matplotlib",
        "numpy",
        "scipy",
    ):
        assert needed in chosen, f"binder/requirements.txt does not pin {needed}"


def test_binder_python_satisfies_the_package():
    with open(ROOT / "pyproject.toml", "rb") as file:
        requires = tomllib.load(file)["project"]["requires-python"]
    assert SpecifierSet(requires).contains(binder_python() + ".0")


def test_post_build_installs_glmlib_and_stops_on_error():
    script = BINDER / "postBuild"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in text
    assert re.search(r"pip install .*--no-deps.* (-e )?\.$", text, re.MULTILINE)
    assert os.access(script, os.X_OK), "binder/postBuild must be executable"


def test_readme_badge_opens_chapter_00_in_full_jupyterlab():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(
        r"\[!\[[^\]]*\]\(https://mybinder\.org/badge_logo\.svg\)\]"
        r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)",
        readme,
    )
    assert badge, "README.md has no Binder badge"
    url = badge.group(1)
    assert url.endswith(f"/HEAD?urlpath=lab/tree/{FIRST_CHAPTER}"), url
    # the badge and `python3 course.py lab` open the same chapter
    assert f'FIRST_CHAPTER = "{FIRST_CHAPTER}"' in (ROOT / "course.py").read_text()
    if any(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")):
        assert (ROOT / FIRST_CHAPTER).exists(), f"the badge opens {FIRST_CHAPTER}"
