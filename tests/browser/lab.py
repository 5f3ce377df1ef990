"""Start and stop a JupyterLab (or Jupyter Notebook 7) server for browser tests.

The server listens on a free localhost port with a random token, exposes the
app object (``window.jupyterapp``) so that tests can run JupyterLab commands,
and reads its user settings from a temporary directory: autosave off (the tests
run the committed notebooks and must never write to them), no news or update
checks (the machine may have no network).  ``settings=`` replaces those user
settings, e.g. to test the defaults the course ships (jupyter/overrides.json,
which user settings would mask).  ``app="notebook"`` starts Jupyter Notebook 7
instead (``jupyter notebook``: the same settings files, documents at
``/notebooks/<path>``).
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

SETTINGS = {
    # Never write a notebook back to disk while a test runs it.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": False,
    },
    # No "news" toast and no update check: both fetch from the internet.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}


# The two front ends: the configuration classes to set, and where each
# opens a document.
APPS = {
    "lab": {"configure": ["LabApp"], "documents": "lab/tree"},
    "notebook": {
        "configure": ["LabApp", "JupyterNotebookApp"],
        "documents": "notebooks",
    },
}


def find_chromium():
    """Path of a Chromium binary, or None.  $CHROMIUM, if set, decides alone."""
    if "CHROMIUM" in os.environ:
        candidates = [os.environ["CHROMIUM"]]
        return candidates[0] if os.access(candidates[0], os.X_OK) else None
    candidates = [shutil.which(n) or "" for n in ("chromium", "chromium-browser")]
    candidates += ["/usr/bin/chromium"]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``with LabServer(root) as lab:`` serves ``root`` at ``lab.url``."""

    def __init__(
        self,
        root,
        python=sys.executable,
        log_path=None,
        extra=(),
        settings=None,
        app="lab",
    ):
        if app not in APPS:
            raise ValueError(f"app must be one of {sorted(APPS)}, not {app!r}")
        self.app = app
        self.root = Path(root).resolve()
        self.python = python
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.extra = list(extra)
        self.settings = SETTINGS if settings is None else settings
        self.proc = None
        self._tmp = None

    def document_path(self, path):
        """The URL path (no token) that opens the notebook ``path`` in this app."""
        return f"{APPS[self.app]['documents']}/{path}"

    def url(self, path="lab"):
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path}{sep}token={self.token}"

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="glm-lab-")
        tmp = Path(self._tmp.name)
        settings = tmp / "settings"
        settings.mkdir(parents=True)
        for name, value in self.settings.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = dict(os.environ)
        env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")  # no user config
        env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
        env.pop("JUPYTER_TOKEN", None)
        # Notebook 7's server also loads JupyterLab's extension, whose
        # settings API answers the page: configure both apps alike.
        apps = APPS[self.app]["configure"]
        command = [
            self.python,
            "-m",
            "jupyter",
            self.app,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            *[
                f"--{app}.{option}"
                for app in apps
                for option in (
                    "expose_app_in_browser=True",
                    f"user_settings_dir={settings}",
                    f"workspaces_dir={tmp / 'workspaces'}",
                )
            ],
            "--ServerApp.terminals_enabled=False",
            # no news feed; the PyPI extension manager would query the internet
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            *self.extra,
        ]
        log = open(self.log_path or tmp / "server.log", "wb")
        self._log = log
        self.proc = subprocess.Popen(
            command, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def api(self, path, method="GET"):
        req = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def _wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited early:\n{self.log_text()}")
            try:
                self.api("status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        raise TimeoutError(
            f"jupyter lab did not answer in {timeout}s:\n{self.log_text()}"
        )

    def log_text(self):
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-5000:]

    def shutdown_kernels(self):
        for session in self.api("sessions") or []:
            try:
                self.api(f"sessions/{session['id']}", method="DELETE")
            except urllib.error.URLError:
                pass

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.shutdown_kernels()
            except (urllib.error.URLError, OSError):
                pass
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        self._tmp.cleanup()
