"""Small notebooks written at run time, never committed under notebooks/.

``widget_notebook`` has the shape of a chapter: an ipympl canvas in a widget
box under a slider that moves a line (set_ydata + draw_idle), and a quiz
(RadioButtons, a "Check" button and feedback in an HTML widget).  The
browser tests run it to prove the harness itself; the latency benchmark uses
``naive_notebook``, the ``interact`` + inline-backend pattern.
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

NAIVE_CELLS = [
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "import numpy as np\n"
    "from ipywidgets import FloatSlider, interact",
    "rng = np.random.default_rng(0)\n"
    "x = np.linspace(-6, 6, 400)\n"
    "xs = rng.uniform(-6, 6, 60)\n"
    "ys = (rng.uniform(size=60) < 1 / (1 + np.exp(-xs))).astype(float)\n"
    "@interact(theta=FloatSlider(value=1.0, min=0.1, max=4.0, step=0.1))\n"
    "def show(theta):\n"
    "    fig, ax = plt.subplots(figsize=(6.4, 4.8))\n"
    "    ax.scatter(xs, ys, s=12, alpha=0.6)\n"
    "    ax.plot(x, 1 / (1 + np.exp(-theta * x)))\n"
    "    ax.set_ylim(-0.05, 1.05)\n"
    "    ax.set_xlabel('x')\n"
    "    ax.set_ylabel('P(y = 1)')\n"
    "    plt.show()",
]


BROKEN_CELLS = [
    "import ipywidgets as widgets\n"
    "from IPython.display import display",
    # a widget view whose model is gone before the page can render it
    "gone = widgets.IntSlider()\n"
    "display(gone)\n"
    "gone.close()",
    "raise ValueError('a cell that fails')",
]


def broken_notebook(path):
    Path(path).write_text(json.dumps(_notebook(BROKEN_CELLS), indent=1))
    return Path(path)


def widget_notebook(path, figsize=(6.4, 4.8), dpi=100, redraw="draw_idle"):
    cells = [c.replace("FIGSIZE", f"{figsize[0]}, {figsize[1]}")
             .replace("DPI", str(dpi)).replace("REDRAW", redraw)
             for c in WIDGET_CELLS]
    Path(path).write_text(json.dumps(_notebook(cells), indent=1))
    return Path(path)


def naive_notebook(path):
    Path(path).write_text(json.dumps(_notebook(NAIVE_CELLS), indent=1))
    return Path(path)
