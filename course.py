"""Set up the course in ./.venv and open it, run every test, or hand it to a class.

    python3 course.py lab       # set up, then open chapter 00 in JupyterLab
    python3 course.py notebook  # set up, then open chapter 00 in Jupyter Notebook 7
    python3 course.py test      # set up (with the test tools), then run every test
    python3 course.py links --hub HUB_URL [--repo GIT_URL] [--branch main]
                                # one JupyterHub link per chapter (nbgitpuller)
    python3 course.py readme    # write the repository's name into README.md
    python3 course.py settings [--prefix DIR]  # install the Jupyter settings only

Only the standard library is used, so a fresh machine with Python >= 3.11 is
enough. The virtual environment is built once and brought up to date when
requirements*.txt or pyproject.toml change; the first set-up prints each step
and pip's own progress, later runs print nothing unless something changed.
Every run also installs the course's Jupyter settings into .venv/: its
JupyterLab and Notebook 7 defaults (jupyter/overrides.json, see the README's
"One thread for the kernel" section) and its server settings
(jupyter/jupyter_server_config.json: kernels left without a browser tab are
shut down); ``python3 course.py settings --prefix DIR`` does only that, for
another environment (binder/postBuild). Extra arguments go to
``jupyter lab``, ``jupyter notebook`` or ``pytest`` unchanged. ``links``,
``readme`` and ``settings`` need no environment.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import venv
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
#: The oldest Python the pins install on (ipykernel 7.4, numpy 2.4 and
#: scipy 1.17 need 3.11; tests/test_python_floor.py checks the pins against it).
PYTHON_FLOOR = (3, 11)
#: The course's GitHub repository, as owner/name: the one place it is
#: written. After changing it (publishing or forking the course), run
#: ``python3 course.py readme`` to rewrite the README's Binder links;
#: tests/test_repository_name.py fails until they agree.
REPOSITORY = "OWNER/REPO"
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"
#: The folder that nbgitpuller pulls the course into, in a learner's home.
HUB_FOLDER = "glm-course"
REQUIREMENTS = {"lab": ["requirements.txt"], "test": ["requirements-test.txt"]}
# requirements-test.txt includes requirements.txt: a current "test" set-up
# serves "lab" (and "notebook") too.
COVERED_BY = {"lab": ["lab", "test"], "test": ["test"]}
# Which set-up each task needs.
SET_UP_FOR = {"lab": "lab", "notebook": "lab", "test": "test"}
# What a first set-up costs on a fresh machine with 2 cores (measured with
# pip's cache warm: 1.4 and 2.2 minutes), plus the downloads.
FIRST_TIME = {
    "lab": "1-2 minutes and about 110 MB to download",
    "test": "2-3 minutes and about 200 MB to download",
}
# The course's Jupyter settings, shipped in jupyter/ and installed into the
# environment, where JupyterLab, Notebook 7 and the Jupyter server read them
# as their defaults. JupyterLab reads one file per package from overrides.d/,
# so overrides.json stays free for whoever owns the environment; the server
# reads general settings only from jupyter_server_config.json itself, so the
# course's sections are merged into that file, leaving any others as they
# are. binder/postBuild runs `course.py settings` for Binder's environment.
LAB_SETTINGS = (
    Path("jupyter", "overrides.json"),
    Path("share", "jupyter", "lab", "settings", "overrides.d", "glm-course.json"),
)
SERVER_SETTINGS = (
    Path("jupyter", "jupyter_server_config.json"),
    Path("etc", "jupyter", "jupyter_server_config.json"),
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


def install_settings(prefix=VENV):
    """Install the course's Jupyter settings into ``prefix``; say what changed.

    Runs on every ``lab``, ``notebook`` and ``test`` (prefix .venv/), also
    when the environment is up to date, so that a changed or missing
    settings file is put right at once.
    """
    changed = []
    source, target = LAB_SETTINGS
    wanted = (ROOT / source).read_bytes()
    installed = prefix / target
    if not installed.exists() or installed.read_bytes() != wanted:
        installed.parent.mkdir(parents=True, exist_ok=True)
        installed.write_bytes(wanted)
        changed.append(("JupyterLab settings", source, target))
    source, target = SERVER_SETTINGS
    installed = prefix / target
    config = json.loads(installed.read_text()) if installed.exists() else {}
    merged = {**config}
    for section, values in json.loads((ROOT / source).read_text()).items():
        merged[section] = {**config.get(section, {}), **values}
    if merged != config or not installed.exists():
        installed.parent.mkdir(parents=True, exist_ok=True)
        installed.write_text(json.dumps(merged, indent=2) + "\n")
        changed.append(("Jupyter server settings", source, target))
    where = VENV.name if prefix == VENV else str(prefix)
    for what, source, target in changed:
        say(
            f"Installed the course's {what}: {source.as_posix()} -> "
            f"{where}/{target.as_posix()}"
        )
    return bool(changed)


def settings(argv):
    """``python3 course.py settings [--prefix DIR]``: install the settings only."""
    parser = argparse.ArgumentParser(
        prog="python3 course.py settings",
        description="Install the course's Jupyter settings into an environment "
        "(default .venv/; binder/postBuild passes Binder's).",
    )
    parser.add_argument("--prefix", type=Path, default=VENV, help="sys.prefix")
    args = parser.parse_args(argv)
    install_settings(args.prefix.resolve() if args.prefix != VENV else VENV)
    return 0


def set_up(task):
    if sys.version_info < PYTHON_FLOOR:
        floor = ".".join(map(str, PYTHON_FLOOR))
        sys.exit(
            f"The course needs Python >= {floor}; this is {sys.version.split()[0]}."
        )
    if up_to_date(task):
        install_settings()
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
    install_settings()
    stamp.write_text(fingerprint(files))
    say(f"Set-up done in {elapsed(start)}.")


def chapters():
    """The chapter notebooks, as paths relative to the repository, in order."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")
    )


def hub_link(hub, repo, branch, chapter):
    """The nbgitpuller link that pulls the course and opens ``chapter`` in JupyterLab.

    nbgitpuller clones ``repo`` (or merges it into the learner's copy, which
    keeps the learner's edits) into HUB_FOLDER in the learner's home, then
    sends the browser to ``urlpath``.
    """
    query = urlencode(
        {
            "repo": repo,
            "branch": branch,
            "targetpath": HUB_FOLDER,
            "urlpath": f"lab/tree/{HUB_FOLDER}/{chapter}",
        },
        quote_via=quote,
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def links(argv):
    """``python3 course.py links``: one JupyterHub link per chapter."""
    parser = argparse.ArgumentParser(
        prog="python3 course.py links",
        description="Print one nbgitpuller link per chapter for a JupyterHub "
        "whose image is built from binder/ (see the teaching guide, "
        '"Running the course for a class").',
    )
    parser.add_argument("--hub", required=True, help="the hub's URL, https://...")
    default_repo = (
        None if REPOSITORY == "OWNER/REPO" else f"https://github.com/{REPOSITORY}"
    )
    parser.add_argument(
        "--repo",
        default=default_repo,
        required=default_repo is None,
        help=f"the git URL the learners pull from (default: {default_repo or 'none'})",
    )
    parser.add_argument("--branch", default="main", help="the branch (main)")
    args = parser.parse_args(argv)
    hub = urlsplit(args.hub)
    if hub.scheme not in ("http", "https") or not hub.netloc:
        parser.error(
            f"--hub must be an http(s) URL such as https://hub.example.org, not {args.hub!r}"
        )
    if hub.query or hub.fragment:
        parser.error(f"--hub must be the hub's address alone, not {args.hub!r}")
    for chapter in chapters():
        name = Path(chapter).stem
        print(f"{name}\t{hub_link(args.hub, args.repo, args.branch, chapter)}")
    return 0


def binder_link(chapter):
    """Binder's link that opens ``chapter`` in full JupyterLab."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?urlpath=lab/tree/{chapter}"


BINDER_URL = re.compile(
    r"https://mybinder\.org/v2/gh/[^/\s)]+/[^/\s)]+/HEAD\?urlpath=lab/tree/([^)\s]+)"
)


def readme_with_repository(text):
    """README.md's text with every Binder link pointing at REPOSITORY."""
    return BINDER_URL.sub(lambda m: binder_link(m.group(1)), text)


def readme(argv):
    """``python3 course.py readme``: write REPOSITORY into the README's Binder links."""
    if argv:
        sys.exit("python3 course.py readme takes no arguments")
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    new = readme_with_repository(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        say(f"README.md: Binder links now open {REPOSITORY}.")
    return 0


def main(argv):
    if argv and argv[0] == "links":
        return links(argv[1:])
    if argv and argv[0] == "readme":
        return readme(argv[1:])
    if argv and argv[0] == "settings":
        return settings(argv[1:])
    if not argv or argv[0] not in SET_UP_FOR:
        sys.exit(__doc__)
    task, extra = argv[0], argv[1:]
    set_up(SET_UP_FOR[task])
    if task in ("lab", "notebook"):
        # Serve the whole repository (README, glmlib) and open chapter 00 in it.
        options = ["--ServerApp.root_dir=."]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            options.append("--allow-root")  # containers: Jupyter refuses root otherwise
        command = [
            str(venv_python()),
            "-m",
            "jupyter",
            task,
            *options,
            FIRST_CHAPTER,
            *extra,
        ]
    else:
        command = [str(venv_python()), "-m", "pytest", *extra]
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
