"""Small notebooks written at run time, never committed under notebooks/.

``widget_notebook`` has the shape of a chapter: an ipympl canvas in a widget
box under a slider that moves a line (set_ydata + draw_idle), and a quiz
(RadioButtons, a "Check" button and feedback in an HTML widget).  The
browser tests run it, and ``broken_notebook``, to prove the harness itself;
the latency benchmark runs variants of it.
"""

import json
from pathlib import Path


def _notebook(cells):
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{i}",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for i, source in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


WIDGET_CELLS = [
    "%matplotlib widget\n"
    "import ipywidgets as widgets\n"
    "import matplotlib.pyplot as plt\n"
    "import numpy as np",
    "x = np.linspace(-6, 6, 400)\n"
    "with plt.ioff():\n"
    "    fig, ax = plt.subplots(figsize=(FIGSIZE), dpi=DPI)\n"
    "(line,) = ax.plot(x, 1 / (1 + np.exp(-x)))\n"
    "ax.set_ylim(-0.05, 1.05)\n"
    "slider = widgets.FloatSlider(value=1.0, min=0.1, max=4.0, step=0.1,"
    " description='theta')\n"
    "def update(change):\n"
    "    line.set_ydata(1 / (1 + np.exp(-change['new'] * x)))\n"
    "    fig.canvas.REDRAW()\n"
    "slider.observe(update, names='value')\n"
    "widgets.VBox([slider, fig.canvas])",
    "choice = widgets.RadioButtons(options=['the mean', 'the variance'])\n"
    "check = widgets.Button(description='Check')\n"
    "feedback = widgets.HTML()\n"
    "def on_check(_):\n"
    "    right = choice.value == 'the mean'\n"
    "    feedback.value = '<b>Right.</b>' if right else '<b>Not quite.</b>'\n"
    "check.on_click(on_check)\n"
    "widgets.VBox([choice, check, feedback])",
]

BROKEN_CELLS = [
    "import ipywidgets as widgets\nfrom IPython.display import display",
    # a widget view whose model is gone before the page can render it
    "gone = widgets.IntSlider()\ndisplay(gone)\ngone.close()",
    "raise ValueError('a cell that fails')",
]


def write_notebook(path, cells):
    """A notebook of these code cells (python3 kernel), not yet run."""
    Path(path).write_text(json.dumps(_notebook(cells), indent=1))
    return Path(path)


def broken_notebook(path):
    return write_notebook(path, BROKEN_CELLS)


def widget_notebook(path, figsize=(6.4, 4.8), dpi=100, redraw="draw_idle"):
    cells = [
        c.replace("FIGSIZE", f"{figsize[0]}, {figsize[1]}")
        .replace("DPI", str(dpi))
        .replace("REDRAW", redraw)
        for c in WIDGET_CELLS
    ]
    return write_notebook(path, cells)
