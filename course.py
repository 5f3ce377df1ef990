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
# requirements-test.txt includes requirements.txt: a current "test" set-up
# serves "lab" too.
COVERED_BY = {"lab": ["lab", "test"], "test": ["test"]}
# What a first set-up costs on a fresh machine with 2 cores (measured with
# pip's cache warm: 1.4 and 2.2 minutes), plus the downloads.
FIRST_TIME = {
    "lab": "1-2 minutes and about 110 MB to download",
    "test": "2-3 minutes and about 200 MB to download",
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


def stamp_path(task):
    return VENV / f".installed-{task}"


def up_to_date(task):
    """Is .venv/ set up for ``task`` from the requirement files as they are now?"""
    return venv_python().exists() and any(
        stamp_path(done).exists()
        and stamp_path(done).read_text() == fingerprint(REQUIREMENTS[done])
        for done in COVERED_BY[task]
    )


def say(message):
    print(message, flush=True)


def elapsed(since):
    seconds = round(time.monotonic() - since)
    return (
        f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
    )


def install_lab_settings():
    """Copy jupyter/overrides.json into .venv/; say so only if it changed.

    Runs on every ``lab`` and ``test``, also when the environment is up to
    date, so that a changed or missing settings file is put right at once.
    """
    target = VENV / LAB_SETTINGS_TARGET
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
    if up_to_date(task):
        install_lab_settings()
        return
    files = REQUIREMENTS[task]
    stamp = stamp_path(task)
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
        say(f"Adding {listed} to {VENV.name}/ (usually a minute or less).")
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
    stamp.write_text(fingerprint(files))
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
