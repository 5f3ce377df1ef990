"""The project stays as the team's tools want it: ruff (notebooks included),
and no prose copied from the source lesson.

Both run the real tools on the real tree, so an unformatted file, a lint
error or a 10-word run shared with ``../shared/seed/glm-lesson.txt`` fails.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["glmlib", "tests", "benchmarks", "notebooks", "course.py", "README.md"]
OVERLAP_TOOL = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


def run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("command", [("check",), ("format", "--check")])
def test_ruff(command):
    result = run(sys.executable, "-m", "ruff", *command, *PATHS)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.skipif(
    not OVERLAP_TOOL.exists(), reason="../shared/ is not beside the checkout"
)
def test_no_prose_copied_from_the_lesson():
    result = run(sys.executable, str(OVERLAP_TOOL), "notebooks", "glmlib", "README.md")
    assert result.returncode == 0, result.stdout[-4000:]
