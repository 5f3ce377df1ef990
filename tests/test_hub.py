"""A class on a real JupyterHub: two learners follow chapter 7's link and drag a point.

What a teaching assistant sets up (the teaching guide, "Running the course
for a class"), on 127.0.0.1: the repository as a bare git clone (its
committed HEAD as branch ``main``), a JupyterHub whose learners' servers run
this environment (as an image built from ``binder/`` would), and the links
that ``python3 course.py links`` prints. For each of two learners, in their
own browser context: log in, follow the link of chapter 7, land in
JupyterLab on the chapter that nbgitpuller pulled into their home, run it,
drag an hour on the canvas and see the readouts change. The kernel imports
``glmlib`` from the environment, not from the pulled copy. At the end every
process the hub started -- proxy, servers, kernels -- is gone.

Prints each learner's timings and memory (``pytest -s``). Needs Playwright,
Chromium and configurable-http-proxy from npm (``.ci/run`` installs it);
skipped without them, except in CI (``GLM_COURSE_BROWSER_REQUIRED=1``).
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import drag_fixture as dragging
from browser import jlab, threads
from browser.chromium import browser_unavailable, launched_chromium
from browser.hub import HubServer, find_proxy

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_7 = "07_poisson_regression_lab"
LEARNERS = ("ada", "grace")

pytestmark = pytest.mark.browser


def bare_clone(tmp_path):
    """The repository's committed HEAD as branch ``main`` of a bare repository."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to publish to the hub")
    bare = tmp_path / "course.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(
        ["git", "push", "--quiet", str(bare), "HEAD:refs/heads/main"],
        cwd=ROOT,
        check=True,
    )
    return bare


def course_links(hub, repo):
    """``python3 course.py links``: {notebook name: link}."""
    printed = subprocess.run(
        [sys.executable, "course.py", "links", "--hub", hub, "--repo", repo],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(line.split("\t") for line in printed.splitlines())


def rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) * 1024 / 1e6


def kind_of(command):
    for kind, word in (
        ("kernel", "ipykernel_launcher"),
        ("server", "jupyterhub-singleuser"),
        ("proxy", "configurable-http-proxy"),
        ("hub", "bin/jupyterhub "),
    ):
        if word in command + " ":
            return kind
    return command


def learn(browser, hub, name, link):
    """One learner, from login to a dragged point; returns timings in seconds."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    console = jlab.watch_console(page)
    seconds = {}
    start = time.monotonic()
    page.goto(hub.url("hub/login"))
    page.fill("#username_input", name)
    page.fill("#password_input", "any password will do")
    page.click("#login_submit")
    page.wait_for_url(re.compile(r"/(hub|user)/"))
    seconds["login"] = time.monotonic() - start
    page.goto(link)  # spawn, pull, then JupyterLab on the chapter
    page.wait_for_url(
        re.compile(rf"/user/{name}/lab/tree/glm-course/notebooks/{CHAPTER_7}"),
        timeout=180_000,
    )
    pulled = hub.home(name) / "glm-course" / "notebooks" / f"{CHAPTER_7}.ipynb"
    assert pulled.is_file(), (
        f"nbgitpuller did not pull chapter 7 into {pulled}; the home holds "
        f"{sorted(p.name for p in hub.home(name).iterdir())}"
    )
    jlab.wait_notebook_ready(page, CHAPTER_7, timeout=120)
    seconds["link to chapter open"] = time.monotonic() - start - seconds["login"]
    mark = time.monotonic()
    threads.run_chapter_7(page)
    seconds["run all"] = time.monotonic() - mark
    # the kernel's glmlib is the environment's (an image's), not the pulled copy
    origin = Path(dragging.kernel_json(page, "glmlib.__file__"))
    assert origin.is_relative_to(ROOT) and not origin.is_relative_to(hub.home(name))
    mark = time.monotonic()
    before, after = threads.exercise_chapter_7(page, drags=1, keys=0, toggles=0)
    seconds["drag to new readout"] = time.monotonic() - mark
    assert after != before, f"{name}: the readouts did not follow the drag"
    seconds["total"] = time.monotonic() - start
    return context, console, seconds


def test_two_learners_follow_their_links_and_drag_a_point(tmp_path):
    proxy = find_proxy()
    if proxy is None:
        browser_unavailable(
            "configurable-http-proxy not found; install it with "
            "`npm install -g configurable-http-proxy` (.ci/run does) "
            "or set $CONFIGURABLE_HTTP_PROXY"
        )
    repo = f"file://{bare_clone(tmp_path)}"
    started = time.monotonic()
    with launched_chromium() as browser:
        with HubServer(tmp_path / "hub", proxy) as hub:
            hub_up = time.monotonic() - started
            links = course_links(hub.base, repo)
            assert len(links) == 10 and CHAPTER_7 in links, links
            contexts, report = [], {}
            try:
                for name in LEARNERS:
                    context, console, seconds = learn(
                        browser, hub, name, links[CHAPTER_7]
                    )
                    contexts.append(context)
                    report[name] = seconds
                    assert console == [], f"{name}'s browser console: {console}"
                running = hub.processes()
                memory = {}
                for pid, command in running.items():
                    kind = kind_of(command)
                    memory.setdefault(kind, []).append(rss_mb(pid))
            finally:
                for context in contexts:
                    context.close()
        stray = hub.stray
    kinds = sorted(kind_of(c) for c in running.values())
    assert kinds == sorted(["hub", "proxy", *["server", "kernel"] * 2]), running
    assert stray == [], f"left running after the hub stopped: {stray}"
    print(f"\nhub up in {hub_up:.1f} s")
    for name, seconds in report.items():
        print(name, ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    for kind, sizes in sorted(memory.items()):
        print(kind, " + ".join(f"{mb:.0f}" for mb in sizes), "MB")
