"""The README's Quick start, done exactly, in a fresh clone.

``git clone`` of this repository (its committed HEAD) into a temporary
directory, then the two commands of the Quick start with the machine's
``python3``:

* ``python3 course.py lab`` must build ``.venv/``, saying what it does
  (each step, with pip's own output), and serve the course: the test adds
  only ``--no-browser``, a free port and a token (``course.py`` itself adds
  ``--allow-root`` when run as root), waits for ``/api/status``, checks
  that chapter 00 is served and that this JupyterLab serves the course's
  settings from ``jupyter/overrides.json`` (widget callbacks on the main
  thread, no news prompt), then stops the server;
* ``python3 course.py notebook`` must serve chapter 00 in Jupyter Notebook 7
  from the same environment (no second set-up), with the same settings;
* ``python3 course.py test`` must pass.  In the clone it runs a fast subset
  (the pin and Binder-config tests); the whole suite is what CI runs on its
  own clean checkout.  The clone sets ``GLM_COURSE_IN_FRESH_CLONE`` so that
  this test never runs itself again inside the clone.
* Later runs are quiet when nothing changed, and put back a missing
  settings file even though the environment is up to date.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST_CHAPTER = "notebooks/00_one_update_rule.ipynb"
# Where course.py installs jupyter/overrides.json and jupyter_server_config.json
LAB_SETTINGS = Path(
    ".venv", "share", "jupyter", "lab", "settings", "overrides.d", "glm-course.json"
)
SERVER_SETTINGS = Path(".venv", "etc", "jupyter", "jupyter_server_config.json")
IN_CLONE = "GLM_COURSE_IN_FRESH_CLONE"
SUBSET = [
    "tests/test_pins.py",
    "tests/test_binder.py::test_repo2docker_builds_from_binder_folder",
]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.lab import free_port  # noqa: E402


def _clean_env():
    """The environment of a fresh shell: no virtualenv of ours on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != ours)
    env[IN_CLONE] = "1"
    return env


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _served_defaults(base, token, plugin_id, names):
    url = f"{base}/lab/api/settings/{plugin_id}?token={token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        properties = json.loads(response.read())["schema"]["properties"]
    return {name: properties[name]["default"] for name in names}


@pytest.mark.slow
def test_quick_start_in_a_fresh_clone(tmp_path):
    if os.environ.get(IN_CLONE):
        pytest.skip("already inside a fresh clone: not cloning again")
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout, or no git")
    env = _clean_env()
    python3 = shutil.which("python3", path=env["PATH"])
    assert python3, "the Quick start needs python3 on PATH"
    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)

    # 1. python3 course.py lab
    log = tmp_path / "lab.log"
    with serving(python3, "lab", clone, env, log) as server:
        base, token = server.url, server.token
        # The whole repository is served (README and glmlib beside the chapters).
        for path in (FIRST_CHAPTER, "README.md", "glmlib/fitting.py"):
            status = _get(f"{base}/api/contents/{path}?content=0&token={token}")
            assert status == 200, f"{path} is not served:\n{log.read_text()[-3000:]}"
        assert _get(f"{base}/lab/tree/{FIRST_CHAPTER}?token={token}") == 200
        # The course's JupyterLab settings are this server's defaults.
        shipped = json.loads((clone / "jupyter" / "overrides.json").read_text())
        assert shipped["@jupyterlab/apputils-extension:kernels-settings"] == {
            "commsOverSubshells": "disabled"
        }
        for plugin_id, values in shipped.items():
            served = _served_defaults(base, token, plugin_id, values)
            assert served == values, f"{plugin_id}: served {served}"
    # ... and the server's own settings are in the environment
    server = json.loads((clone / SERVER_SETTINGS).read_text())
    shipped_server = json.loads(
        (clone / "jupyter" / "jupyter_server_config.json").read_text()
    )
    for section, values in shipped_server.items():
        assert server[section] == values, section
    assert (clone / ".venv" / ".installed-lab").exists()
    # The first set-up says what it does and shows pip's own output.
    said = log.read_text()
    for step in (
        "Setting up the course in .venv/ (first run only:",
        "- Creating .venv/ with Python",
        "- Installing requirements.txt with pip",
        "Successfully installed",  # pip's own
        "Installed the course's JupyterLab settings",
        "Installed the course's Jupyter server settings",
        "Set-up done in",
    ):
        assert step in said, f"{step!r} not in the output:\n{said[:3000]}"

    # 2. python3 course.py notebook: the same environment, Notebook 7
    log = tmp_path / "notebook.log"
    with serving(python3, "notebook", clone, env, log) as server:
        page = f"{server.url}/notebooks/{FIRST_CHAPTER}?token={server.token}"
        assert _get(page) == 200, log.read_text()[-3000:]
        tracker = "@jupyterlab/notebook-extension:tracker"
        served = _served_defaults(server.url, server.token, tracker, shipped[tracker])
        assert served == shipped[tracker]
    assert "Setting up" not in log.read_text()  # nothing to install again

    # 3. python3 course.py test (a fast subset of the suite)
    result = subprocess.run(
        [python3, "course.py", "test", "-x", "-q", "-p", "no:cacheprovider", *SUBSET],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout
    assert "Adding requirements-test.txt to .venv/" in result.stdout, result.stdout

    # 4. Later runs: silent when nothing changed; a lost settings file comes back
    def again(task="test"):
        return subprocess.run(
            [python3, "course.py", task, "--version"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    assert again().stdout.splitlines() == [f"pytest {_version(clone, 'pytest')}"]
    # the test tools' set-up includes the lab's: nothing to do for "lab" either
    assert again("lab").stdout.split() == [_version(clone, "jupyterlab")]
    (clone / LAB_SETTINGS).unlink()
    said = again().stdout
    assert "Installed the course's JupyterLab settings" in said, said
    assert (clone / LAB_SETTINGS).read_bytes() == (
        clone / "jupyter" / "overrides.json"
    ).read_bytes()
    assert again().stdout.splitlines() == [f"pytest {_version(clone, 'pytest')}"]


@contextmanager
def serving(python3, task, clone, env, log):
    """``python3 course.py lab|notebook`` on a free port, until the block ends.

    The server gets only ``--no-browser``, a port and a token; the first run
    may build .venv/ first. Yields its base URL and token.
    """
    port, token = free_port(), secrets.token_hex(16)
    extra = ["--no-browser", f"--port={port}", f"--IdentityProvider.token={token}"]
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [python3, "course.py", task, *extra],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://localhost:{port}"
        deadline = time.monotonic() + 900  # includes building .venv/
        while True:
            assert server.poll() is None, (
                f"course.py {task} exited:\n{log.read_text()[-3000:]}"
            )
            try:
                if _get(f"{base}/api/status?token={token}") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert time.monotonic() < deadline, (
                f"{task} not up:\n{log.read_text()[-3000:]}"
            )
            time.sleep(1)
        yield SimpleNamespace(url=base, token=token)
    finally:
        # course.py started jupyter as its child: stop the group we started
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _version(clone, package):
    """A package's version in the clone's environment, asked directly."""
    python = clone / ".venv" / "bin" / "python"
    return subprocess.run(
        [str(python), "-c", f"import {package}; print({package}.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
