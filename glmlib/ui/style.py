"""One look for every figure of the course (introduced in chapter 0).

Everything a simulation draws goes through this module, so that the course
has one palette, one set of font sizes and one way of building a figure:

* ``PALETTE`` -- the Okabe-Ito colours, distinguishable with the common forms
  of colour blindness; ``FAMILY_COLOURS`` gives each distribution its own
  (both kept as data in ``glmlib.course.palette``).
* ``course_figure`` -- a small figure built with interactive mode off, so a
  notebook shows it only where a simulation places its canvas.
* ``style_axes`` -- title, axis labels, limits and *fixed* ticks. Fixed ticks
  and fixed label positions are also what keeps a redraw cheap: matplotlib
  then skips the tick search and the label-placement pass on every frame.
* ``format_number`` / ``latex_number`` -- the one way numbers are written in
  readouts (from ``glmlib.course.formatting``).
"""

from contextlib import ExitStack

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.transforms import ScaledTranslation

# Re-exported: the widget wing reads colours and number formats through here.
from ..course.formatting import MINUS as MINUS
from ..course.formatting import format_number as format_number
from ..course.formatting import latex_number as latex_number
from ..course.formatting import tick_label
from ..course.palette import FAMILY_COLOURS as FAMILY_COLOURS
from ..course.palette import PALETTE
from ..course.palette import TEXT_COLOURS as TEXT_COLOURS
from .layered_figure import LayeredFigure

#: Display names of the three distributions the early chapters compare.
FAMILY_LABELS = {"gaussian": "Gaussian", "bernoulli": "Bernoulli", "poisson": "Poisson"}

#: Figure size in inches and resolution. At 96 dpi a figure inch is a CSS
#: inch, so a matplotlib point is a point on screen at 100 % zoom and the
#: smallest text, ``MIN_FONT_SIZE``, really is 10 pt there (at 80 dpi it was
#: 8.3 pt). The 614 x 298 pixel canvas still renders a frame far inside a
#: 60 Hz budget on a small machine (benchmarks/bench_simulations.py).
FIGSIZE = (6.4, 3.1)
DPI = 96
#: No text in a course figure is smaller than this, in points (issue 11:
#: figure text at least 10 pt at 100 % zoom); tests/test_accessibility.py
#: measures every text artist of every simulation.
MIN_FONT_SIZE = 10

#: matplotlib settings applied while a course figure is built.
COURSE_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": MIN_FONT_SIZE,
    "ytick.labelsize": MIN_FONT_SIZE,
    "legend.fontsize": MIN_FONT_SIZE,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.prop_cycle": mpl.cycler(
        color=[PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple")]
    ),
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "figure.facecolor": "white",
    "mathtext.fontset": "dejavusans",
}

#: distance, in points, from the axes to its x label's top and y label's right
XLABEL_GAP = 18
YLABEL_GAP = 32


def course_figure(title, ncols=1, figsize=FIGSIZE, width_ratios=None, **adjust):
    """A titled figure with ``ncols`` axes, built with interactive mode off.

    Introduced in chapter 0. Returns ``(figure, list_of_axes)``; the figure is
    a ``LayeredFigure``, which redraws only the artists registered with
    ``add_moving`` on top of a cached picture of the rest. Building the
    figure inside ``plt.ioff()`` means a notebook shows it only where the
    simulation puts ``figure.canvas`` (an ipympl widget under
    ``%matplotlib widget``), not a second time as a static picture. The
    margins are fixed (``adjust`` overrides them) instead of using a layout
    engine, which would re-measure every label on every frame.
    """
    margins = {"left": 0.1, "right": 0.97, "bottom": 0.17, "top": 0.8, "wspace": 0.35}
    margins.update(adjust)
    with ExitStack() as stack:
        stack.enter_context(plt.ioff())
        stack.enter_context(mpl.rc_context(COURSE_RC))
        fig, axes = plt.subplots(
            1,
            ncols,
            figsize=figsize,
            dpi=DPI,
            squeeze=False,
            gridspec_kw={"width_ratios": width_ratios},
            FigureClass=LayeredFigure,
        )
        fig.subplots_adjust(**margins)
        fig.suptitle(title, fontsize=12, fontweight="bold", y=0.97)
    _tidy_widget_canvas(fig.canvas)
    return fig, list(axes[0])


def _tidy_widget_canvas(canvas):
    """Hide ipympl's header and footer; a no-op for other canvases."""
    for name, value in (
        ("header_visible", False),
        ("footer_visible", False),
        ("resizable", False),
        ("toolbar_visible", False),
        ("capture_scroll", False),
    ):
        if hasattr(type(canvas), name):
            setattr(canvas, name, value)


def style_axes(ax, title, xlabel, ylabel, xlim, ylim, xticks, yticks, ticklabels=None):
    """Give ``ax`` the course look with fixed limits and ticks (chapter 0).

    Every axes in the course has a title and labelled axes. ``xticks`` and
    ``yticks`` are lists of positions; their labels are written once here
    (``ticklabels`` may give the x labels as text), so a redraw never runs
    matplotlib's tick search. The axis labels are pinned to fixed positions
    for the same reason.
    """
    with mpl.rc_context(COURSE_RC):
        ax.set_title(title, y=1.0, pad=5)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        set_ticks(ax.xaxis, xticks, ticklabels)
        set_ticks(ax.yaxis, yticks)
        ax.minorticks_off()
    # Label positions a fixed number of points away from the axes.
    points = ax.figure.dpi_scale_trans
    ax.xaxis.set_label_coords(
        0.5, 0.0, ax.transAxes + ScaledTranslation(0, -XLABEL_GAP / 72, points)
    )
    ax.yaxis.set_label_coords(
        0.0, 0.5, ax.transAxes + ScaledTranslation(-YLABEL_GAP / 72, 0, points)
    )
    ax.grid(True, color=PALETTE["light_grey"], linewidth=0.6)
    ax.set_axisbelow(True)


def set_ticks(axis, positions, labels=None):
    """Fixed tick positions and labels on one axis, x or y (chapter 0)."""
    if labels is None:
        labels = [tick_label(p) for p in positions]
    axis.set_ticks(positions, labels)


FAMILY_LABELS.update(
    {
        "binomial": "Binomial",
        "gamma": "Gamma",
        "exponential": "Exponential",
        "categorical": "Categorical",
    }
)
