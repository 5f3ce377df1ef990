"""The Binder badge's configuration builds an environment that runs the course.

* ``repo2docker --no-build --debug`` prints the Dockerfile Binder would
  build, without Docker: it must come from ``binder/`` (runtime.txt's Python,
  binder/requirements.txt, binder/postBuild) and from nothing at the top level.
  The whole repository is copied in before postBuild runs, so postBuild can
  install the course's settings from ``jupyter/`` (with ``course.py settings``).
* The Binder-equivalent check builds a fresh virtual environment from
  ``binder/`` alone -- its requirements, then its postBuild, run from a copy
  of the repository as repo2docker does -- checks that postBuild installed
  the course's JupyterLab and server settings and that this environment's
  JupyterLab serves them (widget callbacks on the kernel's main thread, no
  news prompt, kernels shut down with their tab;
  tests/test_lab_settings.py checks their effect in a browser), and
  executes every chapter notebook in it.  Binder gives a learner 1-2 GB, so
  it also checks that statsmodels and pandas (about 90 MB of a kernel) are
  loaded only by the chapters that use them: those whose text names
  statsmodels or pandas.  It needs the Python version that
  binder/runtime.txt names (skipped, with the reason, if no such interpreter
  is on PATH).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser.lab import LabServer

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
BIN = Path(sys.executable).parent
# Where binder/postBuild puts the settings of jupyter/ (as course.py does for .venv/)
LAB_SETTINGS = Path(
    "share", "jupyter", "lab", "settings", "overrides.d", "glm-course.json"
)
SERVER_SETTINGS = Path("etc", "jupyter", "jupyter_server_config.json")
HEAVY = ("statsmodels", "pandas")


def _runtime_python_version():
    return re.fullmatch(
        r"python-(3\.\d+)", (BINDER / "runtime.txt").read_text().strip()
    )[1]


def test_repo2docker_builds_from_binder_folder():
    repo2docker = BIN / "repo2docker"
    if not repo2docker.exists():
        pytest.skip("jupyter-repo2docker is not installed (requirements-test.txt)")
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout + result.stderr
    assert f"python={_runtime_python_version()}" in out
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in out
    assert "./binder/postBuild" in out
    # postBuild reads jupyter/overrides.json: the repository is there before it runs
    copy_repo = re.search(r"^COPY .*\bsrc/ \$\{REPO_DIR\}/\s*$", out, re.MULTILINE)
    assert copy_repo and copy_repo.start() < out.index("./binder/postBuild"), out
    # binder/ wins: the top-level requirements.txt and its "-e ." are not used
    assert '-r "requirements.txt"' not in out


def _interpreter(version):
    """A Python of this major.minor version: this one, or python3.X on PATH."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return getattr(sys, "_base_executable", sys.executable)
    return shutil.which(f"python{version}")


def _copy_repository(dest):
    """What repo2docker copies: the working tree, without ignored files."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


# Run inside the Binder-equivalent environment: executes every chapter with
# nbclient after a first cell that proves the kernel is that environment's.
RUN_NOTEBOOKS = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    prefix, repo, HEAVY = sys.argv[1], Path(sys.argv[2]), tuple(sys.argv[3:])
    probe = nbformat.v4.new_code_cell(
        "import sys, glmlib\\n"
        f"assert sys.prefix == {prefix!r}, sys.prefix\\n"
        f"assert glmlib.__file__.startswith({str(repo)!r}), glmlib.__file__"
    )
    loaded = nbformat.v4.new_code_cell(
        "import sys\\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    results, heavy = {}, {}
    for path in sorted(repo.glob("notebooks/[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(0, probe)
        nb.cells.append(loaded)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            results[path.name] = "ok"
            heavy[path.name] = nb.cells[-1].outputs[0]["text"].strip()
        except CellExecutionError as exc:
            results[path.name] = str(exc)[-2000:]
    print(json.dumps({"results": results, "heavy": heavy}))
    """
)


@pytest.mark.slow
def test_binder_environment_runs_every_notebook(tmp_path):
    version = _runtime_python_version()
    python = _interpreter(version)
    if python is None:
        pytest.skip(
            f"binder/runtime.txt asks for Python {version}; "
            f"no python{version} on PATH to rebuild Binder's environment"
        )
    repo = tmp_path / "repo"
    _copy_repository(repo)
    env_dir = tmp_path / "binder-env"
    subprocess.run([python, "-m", "venv", str(env_dir)], check=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
        and not k.startswith("JUPYTER")
    }
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "jupyter-data")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    def run(*command, **kw):
        result = subprocess.run(
            command,
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            **kw,
        )
        assert result.returncode == 0, (
            f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n"
            f"{result.stderr[-3000:]}"
        )
        return result.stdout, result.stderr

    venv_python = str(env_dir / "bin" / "python")
    # what repo2docker's Dockerfile does, in its order (pip's cache is reused)
    run(venv_python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt")
    run("./binder/postBuild")
    run(venv_python, "-m", "pip", "check")
    # the course's JupyterLab settings, where Binder's JupyterLab reads them
    installed = env_dir / LAB_SETTINGS
    assert installed.exists(), f"binder/postBuild did not install {installed}"
    settings = json.loads(installed.read_text())
    assert settings == json.loads((repo / "jupyter" / "overrides.json").read_text())
    kernels = "@jupyterlab/apputils-extension:kernels-settings"
    notification = "@jupyterlab/apputils-extension:notification"
    assert settings[kernels] == {"commsOverSubshells": "disabled"}
    assert settings[notification] == {"fetchNews": "false", "checkForUpdates": False}
    assert settings["@jupyterlab/notebook-extension:tracker"] == {
        "kernelShutdown": True
    }
    server_config = env_dir / SERVER_SETTINGS
    assert server_config.exists(), f"binder/postBuild did not write {server_config}"
    culling = json.loads(server_config.read_text())["MappingKernelManager"]
    shipped = json.loads((repo / "jupyter" / "jupyter_server_config.json").read_text())
    assert culling == shipped["MappingKernelManager"]
    with LabServer(repo, python=venv_python, settings={}) as lab:
        for plugin_id, values in settings.items():
            url = lab.url(f"lab/api/settings/{plugin_id}")
            with urllib.request.urlopen(url, timeout=30) as reply:
                schema = json.loads(reply.read())["schema"]
            served = {name: schema["properties"][name]["default"] for name in values}
            assert served == values, f"Binder's JupyterLab serves {served}"
    # the widgets' front ends ship in the wheels; JupyterLab must find them
    listed = "".join(run(venv_python, "-m", "jupyter", "labextension", "list"))
    listed = re.sub(r"\x1b\[[0-9;]*m", "", listed)  # colour codes
    for extension in ("jupyter-matplotlib", "@jupyter-widgets/jupyterlab-manager"):
        assert re.search(rf"{re.escape(extension)} v\S+ enabled OK", listed), listed
    chapters = sorted(repo.glob("notebooks/[0-9][0-9]_*.ipynb"))
    if not chapters:
        pytest.skip("no chapter notebooks yet; the environment built and checks out")
    out, _ = run(venv_python, "-c", RUN_NOTEBOOKS, str(env_dir), str(repo), *HEAVY)
    ran = json.loads(out.strip().splitlines()[-1])
    results = ran["results"]
    failed = {name: msg for name, msg in results.items() if msg != "ok"}
    assert len(results) == len(chapters)
    assert not failed, "\n\n".join(f"{name}:\n{msg}" for name, msg in failed.items())
    # statsmodels and pandas load only where a chapter says it uses them
    for path in chapters:
        text = path.read_text(encoding="utf-8")
        says = [module for module in HEAVY if module in text]
        loaded = ran["heavy"][path.name]
        if says:
            assert loaded != "[]", f"{path.name} names {says} but never loads them"
        else:
            assert loaded == "[]", f"{path.name} never uses them, yet loads {loaded}"
