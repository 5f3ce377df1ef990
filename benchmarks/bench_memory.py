"""Memory per learner: each chapter's Run All time and kernel peak, the course open at once.

    .venv/bin/python benchmarks/bench_memory.py [--browser]

For every ``notebooks/[0-9][0-9]_*.ipynb``, a fresh kernel of this
environment runs all cells (nbclient, the way nbval does) and the script
prints the Run All time, the kernel's peak resident memory (``VmHWM`` from
/proc) and what it holds once done (``VmRSS``), and whether statsmodels or
pandas were loaded. The kernels are kept, so the last line is the whole
course open at once: ten kernels side by side, as a learner who opens chapter
after chapter without closing one. Linux only (it reads /proc).

``--browser`` adds what the single-user server itself costs: JupyterLab
(``jupyter lab``) and Jupyter Notebook 7 (``jupyter notebook``) each serve
chapter 0 to headless Chromium, which runs it; the server's RSS is read then
(its kernel is counted above, not here).

A learner on a JupyterHub or Binder holds one server plus one kernel per
chapter left open. The teaching guide's sizing table ("Running the course for
a class") is built from these figures.

Measured 2026-12-06 on 2 cores (load average 4: other work ran beside it),
Python 3.11.7, at the commit that adds this file (MB = 10^6 bytes)::

    chapter  run all  kernel peak  held after  heavy modules
    00        1.5 s    167 MB      166 MB
    01        1.3 s    166 MB      164 MB
    02        1.5 s    169 MB      168 MB
    03        1.6 s    168 MB      166 MB
    04        2.4 s    169 MB      168 MB
    05        2.6 s    172 MB      168 MB
    06        2.0 s    171 MB      167 MB
    07        1.7 s    169 MB      169 MB
    08        3.2 s    215 MB      214 MB      pandas, statsmodels
    09        3.1 s    241 MB      241 MB      pandas, statsmodels
    all ten open at once: 1792 MB held by their kernels; Run All 21 s in all
    single-user server: jupyter lab 112 MB, jupyter notebook 114 MB

(An idle run the same day: the same memory within 5 MB, Run All 14 s in
all.) On a JupyterHub the learner's server is ``jupyterhub-singleuser``:
161 MB with chapter 7 open, and chapter 7's kernel 173-175 MB once dragged,
as tests/test_hub.py prints (``pytest -s``); the hub itself 129 MB and its
proxy 71 MB. Only chapters 8 and 9 load statsmodels and pandas (about 45-70
MB of their kernels): they are the chapters that use them.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
HEAVY = ("statsmodels", "pandas")


def memory_mb(pid, field):
    """A ``Vm...`` field of /proc/<pid>/status, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kib = int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))
    return kib * 1024 / 1e6


def run_chapter(path):
    """Run all of ``path`` in a new kernel; return (seconds, kernel pid, heavy modules, km, kc)."""
    nb = nbformat.read(path, as_version=4)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
    client = NotebookClient(
        nb, km=km, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    )
    client.kc = kc
    start = time.perf_counter()
    client.execute(cleanup_kc=False)
    seconds = time.perf_counter() - start
    outputs = []
    reply = kc.execute_interactive(
        f"import sys as _s; print(sorted(m for m in {HEAVY!r} if m in _s.modules))",
        output_hook=outputs.append,
        timeout=60,
    )
    assert reply["content"]["status"] == "ok", reply
    text = "".join(
        m["content"]["text"] for m in outputs if m["header"]["msg_type"] == "stream"
    )
    pid = km.provisioner.process.pid
    return seconds, pid, text.strip(), km, kc


def kernels():
    rows, running = [], []
    try:
        for path in CHAPTERS:
            seconds, pid, heavy, km, kc = run_chapter(path)
            running.append((km, kc))
            rows.append(
                (
                    path.name[:2],
                    seconds,
                    memory_mb(pid, "VmHWM"),
                    memory_mb(pid, "VmRSS"),
                    heavy,
                )
            )
            print(
                f"{path.name[:2]}  run all {seconds:5.1f} s  peak {rows[-1][2]:5.0f} MB"
                f"  held {rows[-1][3]:5.0f} MB  {heavy}",
                flush=True,
            )
        pids = [km.provisioner.process.pid for km, _ in running]
        together = sum(memory_mb(pid, "VmRSS") for pid in pids)
        return rows, together
    finally:
        for km, kc in running:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def servers():
    """RSS of the JupyterLab and Notebook 7 servers once chapter 0 has run in them."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import jlab
    from browser.chromium import launched_chromium
    from browser.lab import LabServer

    found = {}
    with launched_chromium() as browser:
        for app in ("lab", "notebook"):
            with LabServer(ROOT, app=app) as server:
                page = browser.new_page()
                jlab.open_notebook(page, server, CHAPTERS[0].relative_to(ROOT))
                jlab.run_all(page)
                jlab.wait_widgets_rendered(page)
                page.wait_for_timeout(1000)
                found[app] = memory_mb(server.proc.pid, "VmRSS")
                page.close()
                server.shutdown_kernels()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--browser", action="store_true", help="measure the servers")
    args = parser.parse_args()
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    rows, together = kernels()
    peaks = [row[2] for row in rows]
    print(
        f"kernel peaks {min(peaks):.0f}-{max(peaks):.0f} MB; all ten chapters open "
        f"at once: {together:.0f} MB held by their kernels; "
        f"Run All {sum(r[1] for r in rows):.0f} s in all"
    )
    if args.browser:
        for app, mb in servers().items():
            print(f"single-user server, jupyter {app}: {mb:.0f} MB")


if __name__ == "__main__":
    main()
