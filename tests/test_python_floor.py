"""The Python versions the course claims are the ones its pins install on.

``course.py``'s ``PYTHON_FLOOR`` is the one statement of the oldest Python;
the README, pyproject's ``requires-python`` and ruff's ``target-version``
repeat it. The pins decide it, so two checks keep the claim honest:

* offline, from the installed packages' metadata (this environment holds
  every pin): each pin's ``Requires-Python`` admits the floor and the newest
  Python (3.14), and the floor is exactly the oldest Python that all of them
  admit -- not lower (the README once said 3.10 while ipykernel 7.4 needs
  3.11), not higher; and no pin carries an environment marker, so every
  Python from the floor up gets the same stack;
* from the package index, with pip itself (``pip install --dry-run
  --only-binary=:all: --python-version X``, nothing installed): the whole
  runtime stack, dependencies included, resolves to wheels for Linux x86-64
  (Binder, a hub's image, CI) at the floor and at 3.14, and every pin has a
  wheel for macOS arm64 and Windows x86-64 at both. A package index is the
  only place that knows which wheels exist for Pythons not installed here;
  pip reads only metadata (no wheel is downloaded where the index offers
  it). Marked slow (about 45 s); skipped when the index cannot be reached,
  except in CI (``GLM_COURSE_REGISTRY_REQUIRED=1``, set by ``.ci/run``).
"""

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
NEWEST = (3, 14)
#: Linux resolves the whole stack; the learners' laptops check the pins.
PLATFORMS = {
    "linux-x86_64": (
        ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
        True,
    ),
    "macos-arm64": (["macosx_14_0_arm64", "macosx_11_0_arm64"], False),
    "windows-x86_64": (["win_amd64"], False),
}
UNREACHABLE = re.compile(
    r"NewConnectionError|Max retries exceeded|Temporary failure in name resolution"
    r"|Network is unreachable|Connection refused"
)


def course_module():
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FLOOR = course_module().PYTHON_FLOOR


def dotted(version):
    return ".".join(map(str, version))


def pins():
    """requirements.txt's package lines as ``Requirement`` objects."""
    found = []
    for raw in (ROOT / "requirements.txt").read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith(("#", "-")):
            found.append(Requirement(line))
    return found


def test_every_statement_of_the_floor_agrees():
    floor = dotted(FLOOR)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"You need Python {floor} or newer" in readme
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'requires-python = ">={floor}"' in pyproject
    assert f'target-version = "py{FLOOR[0]}{FLOOR[1]}"' in pyproject
    assert f"Python >= {floor}" in (ROOT / "course.py").read_text()
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert tuple(map(int, runtime.removeprefix("python-").split("."))) >= FLOOR


def test_no_pin_depends_on_the_python_version():
    for path in (ROOT / "requirements.txt", ROOT / "binder" / "requirements.txt"):
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                assert "python_version" not in line, f"{path.name}: {line}"


def requires_python(requirement):
    """(installed version, Requires-Python) of a pin, from this environment."""
    try:
        installed = importlib.metadata.metadata(requirement.name)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{requirement.name} is not installed: run python3 course.py test")
    return installed["Version"], SpecifierSet(installed["Requires-Python"] or "")


def test_the_floor_is_exactly_where_the_pins_start():
    admitted = {}
    for requirement in pins():
        version, specifier = requires_python(requirement)
        assert requirement.specifier.contains(version), (
            f"{requirement.name} {version} installed, pinned {requirement.specifier}:"
            " run python3 course.py test"
        )
        admitted[requirement.name] = specifier
    for name, specifier in admitted.items():
        for python in (FLOOR, NEWEST):
            assert specifier.contains(f"{dotted(python)}.0"), (name, specifier)
    below = (FLOOR[0], FLOOR[1] - 1)
    refusing = [n for n, s in admitted.items() if not s.contains(f"{dotted(below)}.0")]
    assert refusing, f"every pin installs on Python {dotted(below)}: lower the floor"


def test_the_floor_check_can_fail():
    """A floor one below the pins' would be caught: some pin refuses it."""
    ipykernel = next(r for r in pins() if r.name == "ipykernel")
    _, specifier = requires_python(ipykernel)
    assert not specifier.contains("3.10.0")


def dry_run(tmp_path, python, platforms, resolve):
    """pip's dry run of binder/requirements.txt for another Python and platform."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--quiet",
        "--ignore-installed",
        "--disable-pip-version-check",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        dotted(python),
        *[arg for platform in platforms for arg in ("--platform", platform)],
        "--target",
        str(tmp_path / "target"),
        "-r",
        str(ROOT / "binder" / "requirements.txt"),
    ]
    if not resolve:
        command.append("--no-deps")
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("python", [FLOOR, NEWEST], ids=dotted)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_pins_have_wheels_for_the_floor_and_the_newest_python(
    tmp_path, python, platform
):
    tags, resolve = PLATFORMS[platform]
    result = dry_run(tmp_path, python, tags, resolve)
    said = result.stdout + result.stderr
    if result.returncode != 0 and UNREACHABLE.search(said):
        reason = f"the package index cannot be reached: {UNREACHABLE.search(said)[0]}"
        if os.environ.get("GLM_COURSE_REGISTRY_REQUIRED") == "1":
            pytest.fail(f"{reason} (GLM_COURSE_REGISTRY_REQUIRED=1)")
        pytest.skip(reason)
    errors = [line for line in said.splitlines() if line.startswith("ERROR")]
    assert result.returncode == 0, (
        f"no wheels for Python {dotted(python)} on {platform}:\n" + "\n".join(errors)
    )
