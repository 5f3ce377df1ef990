"""Building glmlib prints no deprecation warning, so the build outlives setuptools' deadlines.

setuptools warns when ``project.license`` is a TOML table: it stops reading
that form on 2027-02-18, after which every fresh ``pip install -e .`` (the
last line of requirements.txt, and binder/postBuild) would fail. The
package declares an SPDX expression instead, with a ``build-system`` that
requires the setuptools that reads it.

The check builds a wheel from a copy of the tracked files, the way pip
builds it for a learner (an isolated build environment with the
``build-system`` requirements, from the package index), with pip's verbose
output so that the build backend's warnings show, and reads the wheel's
metadata.
"""

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tracked_copy(dest):
    """The committed and staged files of the package (no build clutter)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "pyproject.toml", "README.md", "glmlib"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def test_building_the_package_prints_no_deprecation_warning(tmp_path):
    source = tracked_copy(tmp_path / "src")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--verbose",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-4000:]
    assert "Running setup.py" not in said  # the pyproject build, not a legacy one
    warnings = [line for line in said.splitlines() if re.search("deprecat", line, re.I)]
    assert warnings == [], "\n".join(warnings)
    (wheel,) = (tmp_path / "dist").glob("glmlib-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        fields = archive.read(metadata).decode()
    assert "License-Expression: MIT" in fields.splitlines()
    assert "Requires-Python: >=3.11" in fields.splitlines()
