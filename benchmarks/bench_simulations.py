"""How long one control change costs inside the kernel, per simulation.

    .venv/bin/python benchmarks/bench_simulations.py [--steps 200]

For each simulation (``ALL_SIMULATIONS``: every one a chapter
shows) this moves one control through many
positions and times, per step, what a learner's slider move costs in the
kernel: the control's callbacks (compute with glmlib, move the artists,
refresh the readouts) plus one full Agg render of the figure,
``fig.canvas.draw()``. Under ipympl that render is what follows the
callbacks' ``draw_idle``; here ``draw_idle`` is silenced so the render is
timed exactly once. Sending the PNG to the browser is not included.

Every control is timed: sliders sweep back and forth, toggles and
distribution buttons cycle through their options. The last column is an
uncached render of the whole figure, what the first visit to a new look
(or a new screen resolution) costs. A slider move redraws
only the artists it moves on top of a cached picture of the rest (see
``glmlib.ui.layered_figure``); switching the distribution changes axes and
ticks, so it re-renders the whole figure once.

The goal is a median of at most 25 ms per change on a 2-core machine (a
60 Hz frame is 16.7 ms). Figure size, dpi and the number of artists and
ticks are the levers (see ``glmlib.ui.style``). This is a measurement, not a
test: nothing fails when the goal is missed.
"""

import argparse
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import numpy as np

from glmlib.simulations import ALL_SIMULATIONS

GOAL_MS = 25.0


def positions(control, steps):
    """``steps`` values that sweep ``control`` back and forth."""
    if isinstance(control, widgets.FloatSlider):
        sweep = np.linspace(control.min, control.max, 41)
        cycle = np.concatenate([sweep, sweep[-2:0:-1]])
    elif isinstance(control, widgets.ToggleButton):
        cycle = [False, True]
    else:
        cycle = [value for _label, value in control.options]
    return [cycle[i % len(cycle)] for i in range(1, steps + 1)]


def time_changes(sim, control, steps):
    canvas = sim.figure.canvas
    canvas.draw_idle = lambda *args, **kwargs: None  # render once, below
    canvas.draw()  # the first render builds caches; do not time it
    timings = []
    for value in positions(control, steps):
        start = time.perf_counter()
        control.value = value
        canvas.draw()
        timings.append(time.perf_counter() - start)
    return timings


def time_full_render(sim, repeats=15):
    """Median of an uncached render: the cost of the first frame of a new look."""
    figure = sim.figure
    timings = []
    for _ in range(repeats):
        figure.invalidate_background()
        start = time.perf_counter()
        figure.canvas.draw()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="changes per control")
    args = parser.parse_args()
    print(
        f"{'ch':<4}{'simulation':<23}{'control':<14}{'pixels':>9}"
        f"{'median ms':>11}{'p90 ms':>8}{'full render ms':>16}"
        f"  (goal: median <= {GOAL_MS:g} ms)"
    )
    for chapter, cls in ALL_SIMULATIONS:
        for name in cls().controls:
            sim = cls()  # a fresh simulation per control, timed alone
            timings = sorted(time_changes(sim, sim.controls[name], args.steps))
            median = statistics.median(timings) * 1e3
            p90 = timings[int(0.9 * (len(timings) - 1))] * 1e3
            width, height = sim.figure.canvas.get_width_height()
            full = time_full_render(sim)
            verdict = "ok" if median <= GOAL_MS else "OVER"
            print(
                f"{chapter:<4}{cls.__name__:<23}{name:<14}{f'{width}x{height}':>9}"
                f"{median:>11.1f}{p90:>8.1f}{full:>16.1f}  {verdict}"
            )
            sim.close()


if __name__ == "__main__":
    main()
