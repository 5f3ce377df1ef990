"""The shape every simulation of the course shares (introduced in chapter 0).

A simulation is one small object that owns

* one persistent matplotlib figure (an ipympl canvas under ``%matplotlib
  widget``, a plain Agg canvas in tests and benchmarks),
* its ipywidgets controls, in ``controls`` (a dict, name -> widget),
* its readouts: the numbers a learner reads, as ``Readout`` rows shown in an
  ``HTML`` widget (Unicode math; see ``Readout.html``) and available as
  plain text.

Computation is kept apart from the view. Each subclass has a ``compute``
method that turns control values into a state object by calling glmlib
(families, fits) and nothing else; ``draw_state`` only moves existing
artists (``set_data``, ``set_offsets``, ``set_text``, ...) to show that
state. No axes is ever cleared. A control change runs ``update``: compute,
move the artists, refresh the readouts and ask the canvas for one redraw.

Because the controls are ordinary widgets, a test can drive a simulation
without a browser: set ``sim.controls["eta"].value = 1.5``, then read
``sim.state``, ``sim.readouts()`` or the artists' data.

Two more ways in, both built here so that every chapter gets them the same:
``make_draggable`` gives the figure points the learner drags (chapter 7,
``move_point`` is the same action from code), and ``make_playback`` a Play
button over a precomputed sequence of frames (chapter 8).

Without a kernel a simulation is a still picture and words. Its display
(``_repr_mimebundle_``) carries, beside the live widget view, a small PNG
of the figure as it is (``glmlib.ui.pictures``) and ``description()``:
the figure, the controls' settings and the readouts in plain text.
``notebooks/store_outputs.py`` stores those two and drops the live view, so
GitHub, nbviewer and an unrun notebook show the picture and a screen reader
or a text-only view reads the words; nbval compares the words (readouts
included) and skips the picture.

Every control can be reached and named without a mouse or a screen: the
base gives each control words (``glmlib.ui.access.label_controls``) and
puts ``accessibility_patch`` in the widget box, which names slider handles
and toggle groups in the browser and takes the canvas out of the focus
order, where ipympl would trap the keyboard.

Every change to the figure happens on the thread where cells run. A front
end may deliver widget messages on a kernel subshell thread (Jupyter
Notebook 7 always does, JupyterLab when a learner turns subshells on); the
base remembers the thread and event loop of the cell that built the
simulation (``glmlib.ui.main_thread``) and, once the widget box is built,
hands every message for its widgets (controls, canvas, point boxes, Play
button) over to that thread. Headless, with no event loop, callbacks run at
once where they are called.

Errors in callbacks are shown, not lost. Under ipympl a callback's output
and traceback go to JupyterLab's log, which a learner never opens. Every
callback the base runs -- a control change, a drag, a playback frame, and
whatever a subclass passes through ``guard`` -- therefore reports in the
readout area, in words: a warning from glmlib (``GLMWarning``: the fit did
not converge, gradient ascent diverged, the classes are separated) as a
notice under the readouts, any other warning likewise, and an exception as
an error message, after which the exception is raised again (so a cell or
a test that caused it still fails). The figure keeps showing the last good
state and the next change works as before. ``sim.notice`` holds the text.
"""

import functools
import html
import threading
import time
import warnings
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..course.formatting import FAMILY_LABELS, format_number, latex_number
from ..course.palette import TEXT_COLOURS
from ..exceptions import (
    ConvergenceWarning,
    DivergenceWarning,
    GLMWarning,
    PerfectSeparationWarning,
)
from .access import ACCESSIBLE_CLASS, accessibility_patch, label_controls
from .controls import control_name, control_setting
from .drag import DraggablePoints
from .main_thread import MainThread, hand_over_messages
from .pictures import (
    DESCRIPTION_HEADING,
    describe_figure,
    picture_base64,
    wrap_paragraphs,
)
from .playback import Playback

#: The headline of the notice for each kind of glmlib warning; the most
#: specific class of a warning picks its headline (chapters 7-9 meet them).
NOTICE_HEADLINES = {
    DivergenceWarning: "Gradient ascent diverged",
    ConvergenceWarning: "The fit did not converge",
    PerfectSeparationWarning: "No finite estimate: the classes are separated",
    GLMWarning: "Check this fit",
}

#: While a point is dragged, a frame asked for sooner than this (seconds)
#: after the last one is left to ipympl's ``draw_idle``, whose browser round
#: trip merges frames: a backlog of mouse moves then costs refits, never a
#: queue of stale pictures. Mouse moves arrive 33 ms apart (ipympl's
#: ``pan_zoom_throttle``), so a kernel that keeps up always draws at once.
DRAG_FRAME_GAP = 0.015

#: A frame sent sooner than this (seconds) after the one before goes out
#: whole, not as the pixels that changed. ipympl's front end keeps one image:
#: a frame that arrives while the previous one is still loading replaces it,
#: and the lost frame's changes would stay on screen as ghosts. A whole frame
#: repaints everything, so whatever was lost before it no longer shows. It
#: costs about 3 ms more to encode and five times the bytes, so the gap stays
#: below the 33 ms between a drag's mouse moves: a drag sends differences and
#: its release repaints whole (``_on_drag_released``).
FULL_FRAME_GAP = 0.025


def warning_notice(message):
    """The notice line for one caught warning (``warnings.WarningMessage``) (chapter 7).

    ``⚠ The fit did not converge: poisson: Newton (IRLS) stopped ...``
    """
    category = message.category
    headline = None
    for cls in category.__mro__:
        if cls in NOTICE_HEADLINES:
            headline = NOTICE_HEADLINES[cls]
            break
    if headline is None:
        headline = f"Warning ({category.__name__})"
    return f"\u26a0 {headline}: {message.message}"


def error_notice(exc):
    """The notice line for an exception raised by a callback (chapter 7)."""
    return (
        f"\u26a0 This change could not be shown ({type(exc).__name__}: {exc}). "
        "The figure still shows the last state that worked."
    )


@dataclass(frozen=True)
class Readout:
    """One number (or short fact) a learner reads next to a figure (chapter 0).

    ``symbol_latex`` is the LaTeX name of the quantity (``\\eta``),
    ``symbol_text`` its plain-text name; ``value`` is the number itself (a
    float, possibly infinite) or a string for a non-numeric fact.
    """

    symbol_latex: str
    symbol_text: str
    value: object
    decimals: int = 3
    #: between name and value; a check reads better as "name: verdict"
    separator: str = " = "

    def text(self):
        """``η = 0.600`` -- the plain-text line a notebook prints."""
        return f"{self.symbol_text}{self.separator}{self._formatted(format_number)}"

    def html(self):
        """``<i>η</i> = 0.600`` -- the line the readout widget shows.

        Unicode math in plain HTML rather than LaTeX: MathJax re-typesets an
        ``HTMLMath`` widget on the browser's main thread at every change, which
        measured ~35 ms per slider step ahead of the figure's next frame.
        """
        return (
            f'<span class="glm-readout"><i>{html.escape(self.symbol_text)}</i>'
            f"{html.escape(self.separator)}"
            f"{html.escape(self._formatted(format_number))}</span>"
        )

    def latex(self):
        """``$\\eta = 0.600$`` -- the same line in LaTeX, for prose and exports."""
        if isinstance(self.value, str):
            return f"${self.symbol_latex}${self.separator}{self.value}"
        return f"${self.symbol_latex} = {self._formatted(latex_number)}$"

    def _formatted(self, formatter):
        if isinstance(self.value, str):
            return self.value
        return formatter(self.value, self.decimals)


class Simulation:
    """Base class: one figure, its controls and its readouts (chapter 0).

    Subclasses define ``make_controls`` (dict of widgets), ``build_figure``
    (create the figure and every artist once), ``compute`` (control values
    -> state, through glmlib), ``draw_state`` (state -> artists, in place)
    and ``readouts`` (state -> list of ``Readout``).
    """

    #: the chapter whose notebook shows this simulation
    chapter = None
    #: plain-text names of readouts that may legitimately be infinite (shown
    #: with an infinity sign); every other numeric readout is always finite
    infinite_readouts = ()

    def __init__(self):
        #: the thread (and event loop) of the cell that built the simulation:
        #: every widget message and every figure change is handled there
        self.main_thread = MainThread()
        #: the notice under the readouts (plain text, "" when all is well)
        self.notice = ""
        #: a ``DraggablePoints`` once ``make_draggable`` ran (chapter 7)
        self.draggable = None
        #: a ``Playback`` once ``make_playback`` ran (chapter 8)
        self.playback = None
        self._guarding = False
        self._readouts_html = ""
        self._last_draw = float("-inf")
        self._frame_deferred = False
        self.readout_widget = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.controls = label_controls(self.make_controls())
        self.figure = self.build_figure()
        self.state = None
        self.n_updates = 0
        for control in self.controls.values():
            control.observe(self._on_control_change, names="value")
        self.guard(self.update)

    # --- for subclasses --------------------------------------------------
    def make_controls(self):
        """The control widgets, by name."""
        raise NotImplementedError

    def build_figure(self):
        """Create the figure and all its artists once; return the figure."""
        raise NotImplementedError

    def compute(self, **values):
        """Control values -> a state object, every number from glmlib."""
        raise NotImplementedError

    def draw_state(self, state):
        """Move the existing artists so that they show ``state``."""
        raise NotImplementedError

    def readouts(self):
        """The readouts of the current state, as a list of ``Readout``."""
        raise NotImplementedError

    # --- shared machinery -------------------------------------------------
    def values(self):
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self):
        """Recompute from the controls, move the artists, redraw, then the readouts."""
        self.state = self.compute(**self.values())
        self.draw_state(self.state)
        self.n_updates += 1
        self._redraw()
        self.refresh_readouts()

    def refresh_readouts(self):
        """Show the current readouts (and the notice, if any) in the readout widget."""
        self._readouts_html = self.readout_html()
        self._show_readout_area()

    def _show_readout_area(self):
        notice = ""
        if self.notice:
            lines = "<br>".join(html.escape(line) for line in self.notice.splitlines())
            notice = (
                f'<div class="glm-notice" role="status" '
                f'style="color: {TEXT_COLOURS["vermillion"]}; margin-top: 4px">{lines}</div>'
            )
        # an unchanged value sends nothing to the browser
        self.readout_widget.value = self._readouts_html + notice

    # --- errors in callbacks ------------------------------------------------
    def guard(self, action, *args, **kwargs):
        """Run ``action(*args, **kwargs)`` so that its warnings and errors are shown.

        Introduced in chapter 7. Warnings (glmlib's above all) become the
        notice under the readouts; an exception becomes an error message
        there and is then raised again. A callback that runs cleanly clears
        the previous notice. Guards nest: only the outermost one reports.

        Called on a thread other than the simulation's main thread (a
        callback on a widget that is not in ``widget``), the action is
        handed over to the main thread and None is returned at once.
        """
        main = self.main_thread
        if main.loop is not None and threading.current_thread() is not main.thread:
            main.call(functools.partial(self.guard, action, *args, **kwargs))
            return None
        if self._guarding:
            return action(*args, **kwargs)
        self._guarding = True
        self.notice = ""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", GLMWarning)
                try:
                    result = action(*args, **kwargs)
                except Exception as exc:
                    self._set_notice([*map(warning_notice, caught), error_notice(exc)])
                    raise
            self._set_notice([warning_notice(w) for w in caught])
            return result
        finally:
            self._guarding = False

    def _set_notice(self, lines):
        self.notice = "\n".join(dict.fromkeys(lines))  # each line once, in order
        self._show_readout_area()

    # --- dragging (chapter 7) -----------------------------------------------
    def make_draggable(self, ax, x, y, artist, **options):
        """Let the learner drag these points of ``ax`` (chapter 7); call in ``build_figure``.

        ``artist`` shows the points (register it with ``add_moving`` so a
        drag re-renders little); ``options`` go to ``DraggablePoints``
        (``constrain=whole_counts(ax)`` for counts, ``names``, box labels).
        Each move runs ``point_moved`` under ``guard``; the point row (a
        picker and two number boxes) joins the simulation's widget box.
        """
        self.draggable = DraggablePoints(
            ax,
            x,
            y,
            artist=artist,
            on_move=self._on_point_moved,
            on_release=self._on_drag_released,
            **options,
        )
        return self.draggable

    def point_moved(self, index, x, y):
        """Called after point ``index`` moved to (x, y): by default, ``update``."""
        self.update()

    def move_point(self, index, x=None, y=None):
        """Move a draggable point from code, exactly as a drag would (chapter 7).

        The position passes through the points' constraint (chapter 7's
        lab rounds y to a whole count >= 0 and keeps both inside the axes);
        the simulation then refits and redraws. Returns the position used.
        """
        if self.draggable is None:
            raise TypeError(f"{type(self).__name__} has no draggable points")
        return self.draggable.move(index, x, y)

    def _on_point_moved(self, index, x, y):
        self.guard(self.point_moved, index, x, y)

    def _on_drag_released(self, index, x, y):
        """The drag is over: draw the final picture as a whole frame (chapter 7).

        The last frame of the drag may have been left to ``draw_idle``, and
        during a fast drag a frame may have been lost in the browser (see
        ``FULL_FRAME_GAP``): the release draws the final position at once,
        whole, and asks for the next frame to be whole too, since a frame the
        browser requested during the drag may still follow it.
        """
        self._force_full_frame()
        self.guard(self._redraw, whole=True)
        self._force_full_frame()

    # --- playback (chapter 8) -----------------------------------------------
    def make_playback(self, n_frames, draw_frame, **options):
        """A Play button and a step slider over ``n_frames`` precomputed frames (chapter 8).

        ``draw_frame(k)`` moves the artists to show frame k, from scratch
        (it must not depend on the frame shown before); the base then
        redraws and refreshes the readouts, all under ``guard``. The timer
        runs in the browser (see ``glmlib.ui.playback``), so playing never
        blocks the kernel. Call it in ``build_figure`` or ``make_controls``;
        ``self.playback.set_frames(n)`` changes the number of frames later.
        """

        def show_frame(k):
            self.guard(self._show_frame, draw_frame, k)

        self.playback = Playback(n_frames, show_frame, **options)
        return self.playback

    def _show_frame(self, draw_frame, k):
        draw_frame(k)
        self.n_updates += 1
        self._redraw()
        if self.state is not None:
            self.refresh_readouts()

    def _redraw(self, whole=False):
        """Render the figure now once the browser shows it; until then, ask for it.

        ``draw_idle`` makes ipympl ask the browser for a frame and wait for its
        answer, a round trip that cost 30-40 ms of each slider step in the
        browser benchmark (benchmarks/bench_browser_latency.py). Once the front
        end has shown the canvas (ipympl then stops syncing its data URL),
        ``draw()`` renders and sends the frame at once; the cached still layer
        of ``LayeredFigure`` keeps that render to a few milliseconds. Before
        that, ``draw()`` would leave the canvas blank (ipympl issue 472).

        While a point is dragged, a frame wanted less than ``DRAG_FRAME_GAP``
        after the last one goes through ``draw_idle`` instead, and the end of
        the drag draws the final position at once. A frame drawn less than
        ``FULL_FRAME_GAP`` after the last one (or with ``whole=True``) is sent
        whole rather than as a difference.
        """
        canvas = self.figure.canvas
        if getattr(canvas, "syncing_data_url", True) is not False:
            canvas.draw_idle()
            return
        since_last = time.perf_counter() - self._last_draw
        dragging = self.draggable is not None and self.draggable.dragging is not None
        if dragging and not whole and since_last < DRAG_FRAME_GAP:
            self._frame_deferred = True
            canvas.draw_idle()
            return
        if whole or since_last < FULL_FRAME_GAP:
            self._force_full_frame()
        canvas.draw()
        self._last_draw = time.perf_counter()
        self._frame_deferred = False

    def _force_full_frame(self):
        """Make ipympl send its next frame whole (a no-op on other canvases)."""
        canvas = self.figure.canvas
        if hasattr(canvas, "_force_full"):
            canvas._force_full = True

    def _on_control_change(self, change):
        self.guard(self.update)

    def readout_text(self):
        """The readouts as plain text, one per line (what notebooks print)."""
        return "\n".join(r.text() for r in self.readouts())

    def readout_html(self):
        """The readouts as one line of HTML, for the readout widget."""
        return " &nbsp;&nbsp; ".join(r.html() for r in self.readouts())

    def readout_latex(self):
        """The readouts with inline LaTeX (``HTMLMath`` markup)."""
        return " &nbsp;&nbsp; ".join(r.latex() for r in self.readouts())

    @property
    def widget(self):
        """Controls, canvas and readouts in one box (built on first use)."""
        if getattr(self, "_widget", None) is None:
            canvas = self.figure.canvas
            parts = [self.control_box()]
            if self.playback is not None:
                parts.append(self.playback.widget)
            if isinstance(canvas, widgets.DOMWidget):
                parts.append(canvas)
            if self.draggable is not None:
                parts.append(self.draggable.widget)
            parts.append(self.readout_widget)
            parts.append(accessibility_patch(self.figure_label()))
            self._widget = widgets.VBox(parts)
            self._widget.add_class(ACCESSIBLE_CLASS)
            hand_over_messages(self._widget, self.main_thread)
        return self._widget

    def figure_label(self):
        """The name a screen reader gives the live figure (chapter 0)."""
        title = self.figure.get_suptitle()
        return (
            f"Live figure: {title}. Its numbers are in the readouts under it."
            if title
            else "Live figure. Its numbers are in the readouts under it."
        )

    def control_box(self):
        """The controls laid out in a row that wraps on narrow screens."""
        return widgets.HBox(
            list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")
        )

    def description(self):
        """The simulation in words, as it is now (chapter 0).

        What the still picture shows (title, panels, axes, legends and the
        text drawn), then every control's setting, the playback step and
        the draggable points if there are any, the readouts and the notice.
        This is the text a stored notebook shows under the picture, what a
        screen reader reads, and what nbval compares.
        """
        paragraphs = [
            f"{DESCRIPTION_HEADING} (run the notebook to move it).",
            *describe_figure(self.figure),
        ]
        settings = [
            f"{control_name(control, name)} = {control_setting(control)}"
            for name, control in self.controls.items()
        ]
        if settings:
            paragraphs.append("Controls: " + "; ".join(settings) + ".")
        if self.playback is not None:
            slider = self.playback.slider
            paragraphs.append(
                f"Playback: {control_name(slider, 'step')} {slider.value} "
                f"of 0 to {slider.max}; the {self.playback.button.description} "
                "button plays the steps one by one."
            )
        if self.draggable is not None:
            paragraphs.append(
                f"{len(self.draggable)} points can be dragged with the mouse, or "
                "moved from the keyboard with the point picker and the number boxes."
            )
        readouts = [r.text() for r in self.readouts()]
        if readouts:
            paragraphs.append("Readouts: " + "; ".join(readouts) + ".")
        if self.notice:
            paragraphs.append("Notice: " + " ".join(self.notice.split()))
        return wrap_paragraphs(paragraphs)

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a still picture and the description (chapter 0).

        A front end with widgets shows the live view; the others, and a
        stored notebook, show the picture (``image/png``) and the words
        (``text/plain``, which starts with ``DESCRIPTION_HEADING``; that is
        how ``notebooks/store_outputs.py`` recognises them).
        """
        data = dict(self.widget._repr_mimebundle_(**kwargs))
        data["image/png"] = picture_base64(self.figure)
        data["text/plain"] = self.description()
        return data

    def close(self):
        """Release the figure (tests and benchmarks build many)."""
        plt.close(self.figure)
        for control in self.controls.values():
            control.unobserve(self._on_control_change, names="value")
        if self.draggable is not None:
            self.draggable.close()
        if self.playback is not None:
            self.playback.close()


def distribution_readout(family):
    """The readout naming the chosen distribution (chapters 1 and 4)."""
    return Readout(r"\text{distribution}", "distribution", FAMILY_LABELS[family])
