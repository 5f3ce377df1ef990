"""Set up the course in ./.venv and open it, or run every test.

    python3 course.py lab    # set up, then open chapter 00 in JupyterLab
    python3 course.py test   # set up (with the test tools), then run every test

Only the standard library is used, so a fresh machine with Python >= 3.10 is
enough. The virtual environment is built once and brought up to date when
requirements*.txt or pyproject.toml change. Extra arguments go to
``jupyter lab`` or ``pytest`` unchanged.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"
REQUIREMENTS = {"lab": ["requirements.txt"], "test": ["requirements-test.txt"]}


def venv_python():
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def fingerprint(files):
    """Hash of the files that decide what the environment holds."""
    digest = hashlib.sha256()
    for name in [*files, "requirements.txt", "pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def set_up(task):
    if sys.version_info < (3, 10):  # noqa: UP036 - the message is the point
        sys.exit(f"The course needs Python >= 3.10; this is {sys.version.split()[0]}.")
    files = REQUIREMENTS[task]
    stamp = VENV / f".installed-{task}"
    wanted = fingerprint(files)
    if stamp.exists() and stamp.read_text() == wanted and venv_python().exists():
        return
    if not venv_python().exists():
        print(f"Creating {VENV.name}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    requirements = [arg for name in files for arg in ("-r", name)]
    print(f"Installing {', '.join(files)} into {VENV.name}/ ...", flush=True)
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--quiet", *requirements],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(wanted)


def main(argv):
    if not argv or argv[0] not in REQUIREMENTS:
        sys.exit(__doc__)
    task, extra = argv[0], argv[1:]
    set_up(task)
    if task == "lab":
        # Serve the whole repository (README, glmlib) and open chapter 00 in it.
        options = ["--ServerApp.root_dir=."]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            options.append(
                "--allow-root"
            )  # containers: JupyterLab refuses root otherwise
        command = [
            str(venv_python()),
            "-m",
            "jupyter",
            "lab",
            *options,
            FIRST_CHAPTER,
            *extra,
        ]
    else:
        command = [str(venv_python()), "-m", "pytest", *extra]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
