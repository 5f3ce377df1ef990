"""Slider latency in a real JupyterLab: key press -> the next new canvas frame.

    .venv/bin/python benchmarks/bench_browser_latency.py            # all chapters
    .venv/bin/python benchmarks/bench_browser_latency.py --steps 32 --variants
    .venv/bin/python benchmarks/bench_browser_latency.py --drag [--scale 2]

Needs Debian's chromium (or ``$CHROMIUM``) and Playwright, as the browser
tests do.  For the first slider of every ``notebooks/[0-9][0-9]_*.ipynb`` (a
notebook without a slider uses its first toggle button beside a figure, and
says so), the script focuses the control, presses an arrow key (space for a
toggle) ``--steps`` times, and times each press from the page's ``keydown``
to the next image ipympl paints into a canvas (its ``drawImage``), after two
unmeasured warm-up presses; each press waits for the previous frame and a
quiet 150 ms.  In the same run it measures the naive pattern on one course
simulation, chapter 3's log-odds/sigmoid pair: ``interact`` with the inline
backend, a new figure of the same pixel size plotted on every change (its
frame is the new ``<img>`` decoded in the Output widget).  It prints the
median per notebook, the naive median and the ratio; the goal is <= 0.5x
the naive pattern and <= 60 ms.

Where the time goes: the kernel is instrumented (comm messages, the Agg
render, the diff+PNG encoding, the send), so each chapter's row also splits
the median press into

* ``to kernel``   key press -> the slider's new value reaches the kernel,
* ``draw req``    value -> ipympl's "draw" request back from the browser (the
                  round trip that ``draw_idle`` costs; 0 with ``draw()``),
* ``render``      Agg render of the figure,
* ``png``         diff against the last frame + PNG encoding,
* ``to screen``   sent -> decoded and drawn into the canvas.

``--variants`` adds a plain figure (set_ydata + draw_idle, 640x480 at 100 dpi)
and the same with ``canvas.draw()``, and at the course's 512x248 at 80 dpi,
to show each lever on its own.  ``--before FILE`` runs FILE in each
chapter's kernel after its cells: a way to try a change to glmlib before
making it.  Run on an otherwise idle machine: the browser, the server and
the kernel share its cores, and the naive median moves by +-40% between runs.

Measured on 2026-11-25, 2 cores (idle), at commit b6c5ea3, medians of 16
presses: chapters 00 (its toggle) 51.5, 01 55.9, 02 56.3, 03 52.0, 04 54.9 ms;
naive 261.2 ms; worst chapter 0.22x naive.  Per press: to kernel 5-7, draw
request 0, render 1-14, PNG 9-14, to screen 24-33 ms.

``--drag`` measures chapter 7's lab with a real mouse drag instead
(``bench_drag_lab``): with hour 39 held down, Playwright's mouse moves it one
count at a time, a quiet 150 ms apart (so ipympl's 33 ms throttle lets each
move through at once), and each move is timed from the page's ``mousemove``
to the next frame painted into the canvas; the goal is a median <= 60 ms.
Then ``--releases`` fast drags (eight moves with no pause, released at
once): each is timed from the page's ``mouseup`` to the last frame painted
after it, which must come within 150 ms; the frames painted after the
release are counted (a backlog of stale frames would show as many), and
the canvas must then equal the kernel's last render pixel for pixel.

Chapter 7, ``--drag`` (16 moves, 12 releases), measured on 2026-11-26 on
an otherwise idle 2-core machine (load average 1.2-1.7), after the number
boxes stopped sending their values ahead of each frame during a drag: mouse
move -> next frame median 58.4 and 58.7 ms in two runs (p90 61-62) at pixel
ratio 1, against 110.4 ms with every frame left to ``draw_idle`` (0.53x);
per move: to kernel 2-3, render 1-2, PNG 5-6, to screen 45 ms. At pixel
ratio 2 the frame has four times the pixels: PNG 17 ms, median 65.4 ms (p90
70.8; 0.57x its draw_idle baseline of 114.6 ms). Release -> last frame:
median 64.2 ms (worst 82.5) at ratio 1, 84.3 ms (worst 118.7) at ratio 2;
1-3 frames painted after a release, and in all 24 the canvas then equal to
the kernel's render. Before that change (same day, same load) the move took
62.3 ms at ratio 1: the two box updates reached the browser ahead of the
frame. The drag demo of tests/browser/drag_demo.py took 58.6 ms
(``benchmarks/bench_drag.py --browser``).

Before that commit the chapters took 102-115 ms (0.37-0.42x a naive 277 ms):
``draw_idle``'s round trip through the browser cost 30-39 ms, and rewriting
the readouts' ``HTMLMath`` made MathJax re-typeset on the browser's main
thread ahead of the frame (to screen 53-55 ms).  ``Simulation._redraw`` now
draws at once when ipympl's front end is up, and the readouts are plain HTML
with Unicode math, written after the frame; ``draw()`` alone gave 62-67 ms.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import fixture, jlab  # noqa: E402
from browser.lab import LabServer, find_chromium  # noqa: E402

# Chapter 3's simulation done the naive way: same glmlib numbers, same two
# panels and the same canvas size, but re-plotted from scratch on each change.
NAIVE_CELLS = [
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "import numpy as np\n"
    "from ipywidgets import FloatSlider, interact\n"
    "from glmlib.families import Bernoulli\n"
    "from glmlib.ui.style import DPI, FIGSIZE",
    "family = Bernoulli()\n"
    "phis = np.linspace(0.0025, 0.9975, 121)\n"
    "etas = np.linspace(-6, 6, 121)\n"
    "@interact(phi=FloatSlider(value=0.7, min=0.0, max=1.0, step=0.01))\n"
    "def show(phi):\n"
    "    eta = float(np.clip(family.link(phi), -5.6, 5.6))\n"
    "    back = float(family.response(eta))\n"
    "    fig, (left, right) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI)\n"
    "    fig.suptitle('The log-odds and the sigmoid undo each other')\n"
    "    left.plot(phis, family.link(phis), color='grey')\n"
    "    left.plot([0, phi, phi], [eta, eta, -6], ':')\n"
    "    left.plot([phi], [eta], 'o')\n"
    "    left.set(xlim=(0, 1), ylim=(-6, 6), xlabel='probability',"
    " ylabel='natural parameter')\n"
    "    right.plot(etas, family.response(etas), color='grey')\n"
    "    right.plot([eta, eta, -6], [0, back, back], ':')\n"
    "    right.plot([eta], [back], 'o')\n"
    "    right.set(xlim=(-6, 6), ylim=(0, 1), xlabel='natural parameter',"
    " ylabel='probability')\n"
    "    plt.show()",
]

# Injected into a notebook's kernel (not into the notebook): timestamps of
# comm messages, Agg renders, diff+PNG encodings and sends, in epoch ms.
INSTRUMENT = r"""
import gc as _gc, time as _time
from comm.base_comm import BaseComm as _BaseComm
from matplotlib.backends.backend_agg import FigureCanvasAgg as _Agg
from matplotlib.backends import backend_webagg_core as _wa
_glm_log = []
def _glm_wrap(owner, name, label, size=False):
    inner = getattr(owner, name)
    def wrapper(self, *args, **kwargs):
        t0 = _time.time() * 1000
        out = inner(self, *args, **kwargs)
        _glm_log.append((label, t0, _time.time() * 1000 - t0,
                         len(out) if size and out else 0))
        return out
    setattr(owner, name, wrapper)
_glm_handle = _BaseComm.handle_msg
def _glm_handle_msg(self, msg):
    data = msg["content"].get("data", {})
    kind = data.get("method", "")
    if kind == "custom":
        kind = "custom:" + str((data.get("content") or {}).get("type", ""))
    _glm_log.append((kind, _time.time() * 1000, 0.0, 0))
    return _glm_handle(self, msg)
_BaseComm.handle_msg = _glm_handle_msg
_glm_wrap(_Agg, "draw", "render")
_glm_wrap(_wa.FigureCanvasWebAggCore, "get_diff_image", "png", size=True)
_glm_wrap(_wa.FigureManagerWebAgg, "refresh_all", "sent")
"""

FIGURES = r"""
import gc as _gc, json as _json
from matplotlib.figure import Figure as _Figure
print(_json.dumps([
    {"px": [int(f.bbox.width), int(f.bbox.height)], "dpi": f.dpi,
     "artists": len(f.findobj()), "class": type(f).__name__,
     "canvas": type(f.canvas).__name__}
    for f in _gc.get_objects() if isinstance(f, _Figure)
    and type(f.canvas).__name__ == "Canvas"]))
"""


def naive_notebook(path):
    return fixture.write_notebook(path, NAIVE_CELLS)


def measure_presses(page, control, kind, frames, steps, warmup=2, quiet_ms=150):
    """Per measured press: (keydown time, first frame time), page clock ms."""
    control.scroll_into_view_if_needed()
    control.focus()
    key = "Space" if kind == "toggle button" else "ArrowRight"
    out = []
    for i in range(steps + warmup):
        if kind == "slider":
            low, now, high = jlab.slider_position(control)
            if key == "ArrowRight" and now >= high:
                key = "ArrowLeft"
            elif key == "ArrowLeft" and now <= low:
                key = "ArrowRight"
        n_frames = page.evaluate(f"window.__glm.{frames}.length")
        n_keys = page.evaluate("window.__glm.keys.length")
        page.keyboard.press(key)
        page.wait_for_function(
            f"window.__glm.{frames}.length > {n_frames}", timeout=20000, polling="raf"
        )
        while True:  # let the frames of this press finish
            count = page.evaluate(f"window.__glm.{frames}.length")
            page.wait_for_timeout(quiet_ms)
            if page.evaluate(f"window.__glm.{frames}.length") == count:
                break
        t_key = page.evaluate(f"window.__glm.keys[{n_keys}]")
        t_frame = page.evaluate(
            f"window.__glm.{frames}.slice({n_frames}).find((t) => t >= {t_key})"
        )
        if i >= warmup:
            out.append((t_key, t_frame))
    return out


def breakdown(presses, log, origin):
    """Median split of a press by the kernel's timestamps (epoch ms)."""
    parts = {"to kernel": [], "draw req": [], "render": [], "png": [], "to screen": []}
    sizes = []
    for t_key, t_frame in presses:
        k, f = origin + t_key, origin + t_frame
        events = [e for e in log if k <= e[1] <= f]
        first = {}
        for name, t0, dt, size in events:
            first.setdefault(name, (t0, dt, size))
        if "update" not in first or "render" not in first or "sent" not in first:
            continue
        update, render, sent = first["update"], first["render"], first["sent"]
        parts["to kernel"].append(update[0] - k)
        draw = first.get("custom:draw")
        parts["draw req"].append(
            draw[0] - update[0] if draw and draw[0] < render[0] else 0.0
        )
        parts["render"].append(render[1])
        if "png" in first:
            parts["png"].append(first["png"][1])
            sizes.append(first["png"][2])
        parts["to screen"].append(f - (sent[0] + sent[1]))
    result = {name: statistics.median(v) for name, v in parts.items() if v}
    if sizes:
        result["png bytes"] = statistics.median(sizes)
    return result


def bench_notebook(
    context, lab, path, steps, frames="frames", instrument=True, before=None
):
    page = context.new_page()
    console = jlab.watch_console(page)
    try:
        jlab.open_notebook(page, lab, path)
        jlab.run_all(page)
        report = jlab.wait_widgets_rendered(page)
        if report["errors"] or report["unrendered"]:
            return {"notebook": path, "error": report["errors"] + report["unrendered"]}
        jlab.wait_canvases_painted(page)
        control, kind = jlab.first_control(page)
        if kind == "none":
            return {"notebook": path, "error": ["no slider or toggle beside a figure"]}
        if before:
            jlab.kernel_execute(page, before)
        if instrument:
            jlab.kernel_execute(page, INSTRUMENT)
        presses = measure_presses(page, control, kind, frames, steps)
        latencies = [f - k for k, f in presses]
        row = {
            "notebook": path,
            "control": kind,
            "steps": len(latencies),
            "median": statistics.median(latencies),
            "p90": sorted(latencies)[int(0.9 * (len(latencies) - 1))],
        }
        if instrument:
            log = json.loads(
                jlab.kernel_execute(page, "import json; print(json.dumps(_glm_log))")
            )
            origin = page.evaluate("performance.timeOrigin")
            row["split"] = breakdown(presses, log, origin)
            row["figures"] = json.loads(jlab.kernel_execute(page, FIGURES))
        if console:
            row["console"] = console[:3]
        return row
    finally:
        page.close()
        lab.shutdown_kernels()


# In the page: when each mousemove and mouseup happened (page clock, ms).
MOUSE_TIMES = """() => {
  window.__mouse = {moves: [], ups: []};
  document.addEventListener('mousemove',
    () => window.__mouse.moves.push(performance.now()), true);
  document.addEventListener('mouseup',
    () => window.__mouse.ups.push(performance.now()), true);
}"""

# The kernel's last render of the lab, as a base64 PNG.
KERNEL_PICTURE = """
import base64 as _b64, io as _io, json as _json, numpy as _np
from PIL import Image as _Image
_png = _io.BytesIO()
_Image.fromarray(_np.asarray(lab.figure.canvas.get_renderer().buffer_rgba())).save(
    _png, format="png")
print(_json.dumps(_b64.b64encode(_png.getvalue()).decode()))
"""


def _canvas_matches_kernel(page):
    """Does the page's canvas show exactly the kernel's last render?"""
    import base64
    import io

    import numpy as np
    from PIL import Image

    def decode(data):
        return np.asarray(
            Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA")
        )

    out = jlab.kernel_execute(page, KERNEL_PICTURE).strip().splitlines()[-1]
    kernel = decode(json.loads(out))
    shown = decode(jlab.canvas_images(page)[0].split(",", 1)[1])
    if kernel.shape != shown.shape:
        return False
    return not np.any(np.abs(kernel.astype(int) - shown.astype(int)) > 3)


def bench_drag_lab(context, lab, steps, releases, scale=1):
    """Chapter 7 with a real mouse: move -> next frame, and release -> last frame."""
    from browser import drag_fixture as dragging

    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser_ch07 import open_lab

    page = context.new_page()
    console = jlab.watch_console(page)
    try:
        open_lab(page, lab, scale)
        jlab.kernel_execute(page, INSTRUMENT)
        page.evaluate(MOUSE_TIMES)
        i = 38  # hour 39, 17 customers near a spend of 9.2
        x0 = dragging.kernel_json(page, f"lab.points[0][{i}]")
        origin, _ = dragging.canvas_origin(page)
        # one count at a time, 16..1 and back up, so that every move refits
        counts = list(range(16, 0, -1)) + list(range(2, 21))

        def timed_moves():
            page.mouse.move(*(origin + dragging.positions(page)[i]))
            page.mouse.down()
            moves = []
            for k in range(steps + 2):
                target = dragging.css_of(page, x0, counts[k % len(counts)])
                n_frames = page.evaluate("window.__glm.frames.length")
                n_moves = page.evaluate("window.__mouse.moves.length")
                page.mouse.move(*(origin + target))
                page.wait_for_function(
                    f"window.__glm.frames.length > {n_frames}",
                    timeout=10_000,
                    polling="raf",
                )
                page.wait_for_timeout(150)
                t_move = page.evaluate(f"window.__mouse.moves[{n_moves}]")
                t_frame = page.evaluate(
                    f"window.__glm.frames.slice({n_frames}).find((t) => t >= {t_move})"
                )
                if k >= 2:  # two warm-up moves
                    moves.append((t_move, t_frame))
            page.mouse.up()
            page.wait_for_timeout(300)
            return moves

        moves = timed_moves()
        release_ms, after_release, exact = [], [], []
        for r in range(releases):
            css = dragging.positions(page)
            page.mouse.move(*(origin + css[i]))
            page.mouse.down()
            for k in range(8):  # a fast wiggle: no pause between moves
                count = (3, 24, 8, 19, 1, 15, 5, 12)[(k + r) % 8]
                spend = x0 - 0.4 * ((k + r) % 5)
                page.mouse.move(
                    *(origin + dragging.css_of(page, spend, count)), steps=2
                )
            n_frames = page.evaluate("window.__glm.frames.length")
            n_ups = page.evaluate("window.__mouse.ups.length")
            page.mouse.up()
            page.wait_for_timeout(600)
            t_up = page.evaluate(f"window.__mouse.ups[{n_ups}]")
            frames = page.evaluate(
                f"window.__glm.frames.slice({n_frames}).filter((t) => t >= {t_up})"
            )
            after_release.append(len(frames))
            release_ms.append(frames[-1] - t_up if frames else float("inf"))
            exact.append(_canvas_matches_kernel(page))
        latencies = [f - m for m, f in moves]
        log = json.loads(
            jlab.kernel_execute(page, "import json; print(json.dumps(_glm_log))")
        )
        origin_ms = page.evaluate("performance.timeOrigin")
        split = breakdown(moves, _as_updates(log), origin_ms)
        # the baseline, same page: every frame left to ipympl's draw_idle, what
        # a plain mpl_connect handler gets
        jlab.kernel_execute(page, "lab._redraw = lab.figure.canvas.draw_idle")
        baseline = [f - m for m, f in timed_moves()]
        return {
            "notebook": "07 lab, mouse drag",
            "control": "mouse drag",
            "steps": len(latencies),
            "median": statistics.median(latencies),
            "p90": sorted(latencies)[int(0.9 * (len(latencies) - 1))],
            "split": split,
            "baseline median": statistics.median(baseline),
            "release median": statistics.median(release_ms),
            "release max": max(release_ms),
            "frames after release": after_release,
            "final frame exact": exact,
            "console": console[:3],
        }
    finally:
        page.close()
        lab.shutdown_kernels()


def _as_updates(log):
    """A drag's first event in the kernel is a mouse message, not an 'update'."""
    return [
        ("update" if name == "custom:motion_notify" else name, *rest)
        for name, *rest in log
    ]


def _print_drag(row):
    print(
        f"\nchapter 7 lab, real mouse drag (hour 39, one count per move, "
        f"{row['steps']} moves)"
    )
    print(
        f"  mouse move -> next frame: median {row['median']:.1f} ms, "
        f"p90 {row['p90']:.1f} ms (goal <= 60 ms)"
    )
    if row.get("split"):
        split = "  ".join(f"{k} {v:.0f}" for k, v in row["split"].items())
        print(f"    {split}")
    base = row["baseline median"]
    print(
        f"  baseline, every frame by draw_idle: median {base:.1f} ms; "
        f"lab / baseline = {row['median'] / base:.2f}"
    )
    print(
        f"  release -> last frame: median {row['release median']:.1f} ms, "
        f"worst {row['release max']:.1f} ms (goal <= 150 ms)"
    )
    print(
        f"  frames painted after each release: {row['frames after release']}; "
        f"canvas equals the kernel's render: {row['final frame exact']}"
    )
    if row.get("console"):
        print(f"  browser console: {row['console']}")


def _print_row(name, row, naive):
    if "error" in row:
        print(f"{name:38} FAILED: {'; '.join(row['error'])[:200]}")
        return
    ratio = f"{row['median'] / naive:5.2f}x" if naive else "   - "
    control = "" if row["control"] == "slider" else f"  ({row['control']}, no slider)"
    print(f"{name:38} {row['median']:7.1f} {row['p90']:7.1f} {ratio}{control}")
    if "split" in row:
        split = "  ".join(f"{k} {v:.0f}" for k, v in row["split"].items())
        print(f"{'':38}   {split}")
    for fig in row.get("figures", []):
        print(
            f"{'':38}   figure {fig['px'][0]}x{fig['px'][1]} px at {fig['dpi']:g} dpi,"
            f" {fig['artists']} artists ({fig['class']})"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also plain figures: draw_idle vs draw, two sizes",
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="FILE",
        help="Python run in each chapter's kernel after its cells and "
        "before the presses: try a change without editing files",
    )
    parser.add_argument(
        "--drag",
        action="store_true",
        help="chapter 7 only: a real mouse drag of one hour, move -> frame and "
        "release -> last frame",
    )
    parser.add_argument(
        "--releases", type=int, default=12, help="fast drags released (--drag)"
    )
    parser.add_argument(
        "--scale", type=int, default=1, help="device pixel ratio (--drag)"
    )
    parser.add_argument("--no-naive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("notebooks", nargs="*", help="default: every chapter")
    args = parser.parse_args(argv)
    if args.steps < 16:
        parser.error("use at least 16 steps")
    before = args.before.read_text() if args.before else None
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium: apt-get install chromium, or set $CHROMIUM")
    from playwright.sync_api import sync_playwright

    if args.drag:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=jlab.CHROMIUM_ARGS
            )
            context = browser.new_context(
                viewport={"width": 1280, "height": 1000},
                device_scale_factor=args.scale,
            )
            context.add_init_script(jlab.PAGE_HOOKS)
            with LabServer(ROOT) as lab:
                row = bench_drag_lab(
                    context, lab, args.steps, args.releases, scale=args.scale
                )
            browser.close()
        _print_drag(row)
        if args.json:
            args.json.write_text(json.dumps(row, indent=1))
        return

    chapters = args.notebooks or [
        p.relative_to(ROOT).as_posix()
        for p in sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
    ]
    results = {}
    with (
        tempfile.TemporaryDirectory(prefix="glm-bench-") as tmp,
        sync_playwright() as p,
    ):
        tmp = Path(tmp)
        naive_notebook(tmp / "naive_interact_inline.ipynb")
        if args.variants:
            fixture.widget_notebook(tmp / "plain_640x480_draw_idle.ipynb")
            fixture.widget_notebook(tmp / "plain_640x480_draw.ipynb", redraw="draw")
            fixture.widget_notebook(
                tmp / "plain_512x248_draw_idle.ipynb", figsize=(6.4, 3.1), dpi=80
            )
            fixture.widget_notebook(
                tmp / "plain_512x248_draw.ipynb",
                figsize=(6.4, 3.1),
                dpi=80,
                redraw="draw",
            )
        browser = p.chromium.launch(executable_path=chromium, args=jlab.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(jlab.PAGE_HOOKS)
        started = time.monotonic()
        with LabServer(tmp) as lab:
            if not args.no_naive:
                results["naive"] = bench_notebook(
                    context,
                    lab,
                    "naive_interact_inline.ipynb",
                    args.steps,
                    frames="images",
                    instrument=False,
                )
            for variant in sorted(tmp.glob("plain_*.ipynb")):
                results[variant.stem] = bench_notebook(
                    context, lab, variant.name, args.steps
                )
        with LabServer(ROOT) as lab:
            for path in chapters:
                results[path] = bench_notebook(
                    context, lab, path, args.steps, before=before
                )
        browser.close()

    naive = results.get("naive", {}).get("median")
    print(
        f"\nkey press -> next canvas frame, ms ({args.steps} presses each, "
        f"{time.monotonic() - started:.0f} s in all)"
    )
    print(f"{'notebook':38} {'median':>7} {'p90':>7} {'/naive':>6}")
    for name, row in results.items():
        _print_row(Path(name).stem, row, naive)
    chapter_medians = [
        r["median"]
        for n, r in results.items()
        if n in chapters and "median" in r and r["control"] == "slider"
    ]
    if chapter_medians and naive:
        worst = max(chapter_medians)
        print(
            f"\nnaive pattern (interact + inline): {naive:.1f} ms; chapters' first "
            f"sliders: median of medians {statistics.median(chapter_medians):.1f} ms, "
            f"worst {worst:.1f} ms = {worst / naive:.2f}x naive "
            f"(goal <= 0.5x and <= 60 ms)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
