"""A real JupyterHub on 127.0.0.1 for tests/test_hub.py: start it, stop all it started.

``HubServer(root)`` runs JupyterHub (this environment's ``jupyterhub``) with
configurable-http-proxy from npm, a dummy authenticator (any name, any
password: loopback only) and a local process spawner that gives each learner
a home under ``root/home/<name>`` and starts this environment's
``jupyterhub-singleuser``, opening JupyterLab -- what a hub whose image was
built from ``binder/`` runs, minus the containers. The environment's course
settings (``course.py`` installs them, as ``binder/postBuild`` does in an
image) apply to every learner's server.

Every process the hub starts (the proxy, the learners' servers, their
kernels) inherits a marker variable; ``processes()`` lists the live ones by
that marker, and ``__exit__`` stops the hub with SIGTERM, which stops its
servers and proxy, then kills whatever still carries the marker and says so.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .lab import free_port

BIN = Path(sys.executable).parent
MARKER = "GLM_COURSE_HUB_TEST"


def find_proxy():
    """configurable-http-proxy (npm): $CONFIGURABLE_HTTP_PROXY or on PATH, or None."""
    path = os.environ.get("CONFIGURABLE_HTTP_PROXY") or shutil.which(
        "configurable-http-proxy"
    )
    return path if path and os.access(path, os.X_OK) else None


CONFIG = """\
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = {proxy_api!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{{marker!r}: {token!r}}}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""


class HubServer:
    """``with HubServer(tmp) as hub:`` serves a hub at ``hub.base``."""

    def __init__(self, root, proxy):
        self.root = Path(root)
        self.proxy = proxy
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(8)
        self.proc = None
        self.log_path = self.root / "hub.log"
        self.stray = []

    def home(self, name):
        return self.root / "home" / name

    def url(self, path):
        return f"{self.base}/{path.lstrip('/')}"

    def _config(self):
        args = [
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")
        return CONFIG.format(
            bind_url=self.base,
            hub_bind_url=f"http://127.0.0.1:{free_port()}",
            db_url=f"sqlite:///{self.root / 'hub.sqlite'}",
            cookie_secret=str(self.root / "cookie_secret"),
            proxy=self.proxy,
            proxy_api=f"http://127.0.0.1:{free_port()}",
            proxy_pid=str(self.root / "proxy.pid"),
            home=str(self.root / "home" / "{username}"),
            singleuser=str(BIN / "jupyterhub-singleuser"),
            args=args,
            marker=MARKER,
            token=self.token,
        )

    def __enter__(self):
        (self.root / "home").mkdir(parents=True, exist_ok=True)
        config = self.root / "jupyterhub_config.py"
        config.write_text(self._config())
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("JUPYTER", "JPY_")) and k != MARKER
        }
        env[MARKER] = self.token
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=self.root,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited early:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(self.url("hub/api/"), timeout=5) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.25)
        raise TimeoutError(
            f"jupyterhub did not answer in {timeout}s:\n{self.log_text()}"
        )

    def log_text(self, tail=6000):
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-tail:]

    def processes(self):
        """{pid: command line} of the live processes that carry this hub's marker."""
        wanted = f"{MARKER}={self.token}".encode()
        found = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if wanted not in (entry / "environ").read_bytes().split(b"\0"):
                    continue
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue  # gone, or not ours to read
            found[int(entry.name)] = cmdline.decode(errors="replace").strip()
        return found

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # stops its servers and the proxy
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        deadline = time.monotonic() + 10
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.stray = sorted(self.processes().items())
        for pid, _ in self.stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
