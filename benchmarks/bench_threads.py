"""Which kernel thread handles widget messages and touches the figure, per front end.

    .venv/bin/python benchmarks/bench_threads.py [--glmlib DIR]

Chapter 7 in headless Chromium, in three front ends: JupyterLab with the
course's settings (``commsOverSubshells`` disabled), JupyterLab with a
learner's subshells turned back on (``perCommTarget``, JupyterLab's own
default), and Jupyter Notebook 7 (which never reads that setting). In each,
the probe of ``tests/browser/threads.py`` counts, per thread, the comm
messages that arrive, the widget handlers that run, the matplotlib artists
changed and the canvas renders, while the learner drags hours, arrow-keys
the spend slider and toggles the line (a few dozen messages).

``--glmlib DIR`` runs the kernels on the ``glmlib`` in DIR (put first on
PYTHONPATH), e.g. a checkout of an older commit, for a before/after.

Measured 2026-12 on 2 cores (Chromium 156, JupyterLab 4.6.6, Notebook 7.6.5,
ipykernel 7.4.0, ipympl 0.10.0); each cell counts calls per thread
("Main" is the kernel's main thread, where cells run; "sub" a subshell):

before (main at af33d69: callbacks ran where the message arrived)::

    front end              arrived          handled          changed            drawn
    JupyterLab, course     Main 59          Main 59          Main 962           Main 47
    JupyterLab, subshells  Main 2 / sub 65  Main 2 / sub 65  Main 296 / sub 785 Main 2 / sub 52
    Notebook 7             Main 2 / sub 58  Main 2 / sub 58  Main 296 / sub 700 Main 2 / sub 47

after (``glmlib.ui.main_thread`` hands each message over to the main thread)::

    front end              arrived          handled          changed            drawn
    JupyterLab, course     Main 58          Main 58          Main 979           Main 48
    JupyterLab, subshells  Main 2 / sub 60  Main 62          Main 996           Main 51
    Notebook 7             Main 2 / sub 57  Main 59          Main 962           Main 50

The first two messages reach the main thread even with subshells on (the
subshell starts lazily); every later one arrives on a subshell. Before, its
handler, the artists it changed and the renders ran there; after, all of
them run on the main thread in every front end, and the readouts follow
the learner's moves in all three.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import threads  # noqa: E402
from browser.chromium import launched_chromium  # noqa: E402
from browser.lab import SETTINGS  # noqa: E402

SUBSHELLS_ON = {
    **SETTINGS,
    "@jupyterlab/apputils-extension/kernels-settings.jupyterlab-settings": {
        "commsOverSubshells": "perCommTarget"
    },
}
FRONT_ENDS = [
    ("JupyterLab, course", "lab", SETTINGS),
    ("JupyterLab, subshells", "lab", SUBSHELLS_ON),
    ("Notebook 7", "notebook", SETTINGS),
]
KINDS = ("arrived", "handled", "changed", "drawn")


def measure(browser, app, settings):
    seen, before, after, _ = threads.measure_chapter_7(browser, ROOT, app, settings)
    return seen, before != after


def cell(counter):
    short = {"MainThread": "Main", "subshell": "sub"}
    return " / ".join(
        f"{short.get(name, name)} {n}" for name, n in sorted(counter.items())
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--glmlib", help="run the kernels on the glmlib in DIR")
    args = parser.parse_args()
    if args.glmlib:
        os.environ["PYTHONPATH"] = str(Path(args.glmlib).resolve())
    rows = []
    with launched_chromium() as browser:
        for name, app, settings in FRONT_ENDS:
            seen, moved = measure(browser, app, settings)
            rows.append((name, seen, moved))
    print(f"{'front end':22} " + " ".join(f"{k:18}" for k in KINDS) + " readouts")
    for name, seen, moved in rows:
        cells = " ".join(f"{cell(seen.get(k, {})):18}" for k in KINDS)
        print(f"{name:22} {cells} {'changed' if moved else 'UNCHANGED'}")


if __name__ == "__main__":
    main()
