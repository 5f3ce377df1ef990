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
"""

import html
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .style import FAMILY_LABELS, format_number, latex_number


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
        self.controls = self.make_controls()
        self.figure = self.build_figure()
        self.readout_widget = widgets.HTML(layout=widgets.Layout(margin="0 0 0 8px"))
        self.state = None
        self.n_updates = 0
        for control in self.controls.values():
            control.observe(self._on_control_change, names="value")
        self.update()

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
        self.readout_widget.value = self.readout_html()

    def _redraw(self):
        """Render the figure now once the browser shows it; until then, ask for it.

        ``draw_idle`` makes ipympl ask the browser for a frame and wait for its
        answer, a round trip that cost 30-40 ms of each slider step in the
        browser benchmark (benchmarks/bench_browser_latency.py). Once the front
        end has shown the canvas (ipympl then stops syncing its data URL),
        ``draw()`` renders and sends the frame at once; the cached still layer
        of ``LayeredFigure`` keeps that render to a few milliseconds. Before
        that, ``draw()`` would leave the canvas blank (ipympl issue 472).
        """
        canvas = self.figure.canvas
        if getattr(canvas, "syncing_data_url", True) is False:
            canvas.draw()
        else:
            canvas.draw_idle()

    def _on_control_change(self, change):
        self.update()

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
            if isinstance(canvas, widgets.DOMWidget):
                parts.append(canvas)
            parts.append(self.readout_widget)
            self._widget = widgets.VBox(parts)
        return self._widget

    def control_box(self):
        """The controls laid out in a row that wraps on narrow screens."""
        return widgets.HBox(
            list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap")
        )

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self):
        """Release the figure (tests and benchmarks build many)."""
        plt.close(self.figure)
        for control in self.controls.values():
            control.unobserve(self._on_control_change, names="value")


def distribution_readout(family):
    """The readout naming the chosen distribution (chapters 1 and 4)."""
    return Readout(r"\text{distribution}", "distribution", FAMILY_LABELS[family])
