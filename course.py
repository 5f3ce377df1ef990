"""Set up the course in ./.venv and open it, or run every test.

    python3 course.py lab    # set up, then open chapter 00 in JupyterLab
    python3 course.py test   # set up (with the test tools), then run every test

Only the standard library is used, so a fresh machine with Python >= 3.10 is
enough. The virtual environment is built once and brought up to date when
requirements*.txt or pyproject.toml change; the first set-up prints each step
and pip's own progress, later runs print nothing unless something changed.
Every run also installs the course's JupyterLab settings (jupyter/overrides.json,
see the README's "One thread for the kernel" section) into .venv/. Extra
arguments go to ``jupyter lab`` or ``pytest`` unchanged.
"""

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"
REQUIREMENTS = {"lab": ["requirements.txt"], "test": ["requirements-test.txt"]}
# What a first set-up costs on a fresh machine (2 cores, pip's cache empty).
FIRST_TIME = {
    "lab": "about 1 minute and 110 MB of downloads",
    "test": "about 2 minutes and 200 MB of downloads",
}
# JupyterLab's settings for the course: shipped here, installed into the
# environment's app settings directory, where JupyterLab reads them as its
# defaults. overrides.d/ holds one file per package; overrides.json is left
# to whoever owns the environment.
LAB_SETTINGS = ROOT / "jupyter" / "overrides.json"
LAB_SETTINGS_TARGET = Path(
    "share", "jupyter", "lab", "settings", "overrides.d", "glm-course.json"
)


def venv_python():
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def fingerprint(files):
    """Hash of the files that decide what the environment holds."""
    digest = hashlib.sha256()
    for name in [*files, "requirements.txt", "pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def say(message):
    print(message, flush=True)


def elapsed(since):
    seconds = round(time.monotonic() - since)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def install_lab_settings(prefix=VENV):
    """Copy jupyter/overrides.json into ``prefix``; say so only if it changed.

    Runs on every ``lab`` and ``test``, also when the environment is up to
    date, so that a changed or missing settings file is put right at once.
    """
    target = prefix / LAB_SETTINGS_TARGET
    wanted = LAB_SETTINGS.read_bytes()
    if target.exists() and target.read_bytes() == wanted:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(wanted)
    say(
        f"Installed the course's JupyterLab settings: "
        f"{LAB_SETTINGS.relative_to(ROOT).as_posix()} -> "
        f"{VENV.name}/{LAB_SETTINGS_TARGET.as_posix()}"
    )
    return True


def set_up(task):
    if sys.version_info < (3, 10):  # noqa: UP036 - the message is the point
        sys.exit(f"The course needs Python >= 3.10; this is {sys.version.split()[0]}.")
    files = REQUIREMENTS[task]
    stamp = VENV / f".installed-{task}"
    wanted = fingerprint(files)
    if stamp.exists() and stamp.read_text() == wanted and venv_python().exists():
        install_lab_settings()
        return
    start = time.monotonic()
    listed = ", ".join(files)
    if not venv_python().exists():
        say(
            f"Setting up the course in {VENV.name}/ (first run only: "
            f"{FIRST_TIME[task]} on a fresh machine; later runs start at once)."
        )
        say(f"- Creating {VENV.name}/ with Python {sys.version.split()[0]} ...")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    elif stamp.exists():
        say(
            f"The requirements or pyproject.toml changed since {VENV.name}/ was "
            "set up: updating it (usually under a minute)."
        )
    else:
        say(
            f"Adding {listed} to {VENV.name}/ (the first time: "
            f"{FIRST_TIME[task]} at most)."
        )
    say(f"- Installing {listed} with pip (its own output follows) ...")
    requirements = [arg for name in files for arg in ("-r", name)]
    pip = subprocess.run(
        [
            str(venv_python()),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            *requirements,
        ],
        cwd=ROOT,
        check=False,
    )
    if pip.returncode != 0:
        sys.exit(
            f"pip failed (exit status {pip.returncode}); its messages are above. "
            f"Run the same command again once the problem is fixed."
        )
    install_lab_settings()
    stamp.write_text(wanted)
    say(f"Set-up done in {elapsed(start)}.")


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
