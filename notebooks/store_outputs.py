"""Run chapter notebooks in a fresh kernel and store the outputs nbval checks.

    .venv/bin/python notebooks/store_outputs.py                 # every chapter
    .venv/bin/python notebooks/store_outputs.py notebooks/02_*.ipynb

Run it after editing a notebook. nbval (``pytest notebooks``) re-executes
each notebook and compares its outputs with the stored ones, so what is
stored is the regression baseline: the readouts and computed checks that
glmlib produces.

A cell that shows a live widget cannot be stored as it is: its view refers
to a widget model that exists only in a running kernel. The course's
widgets therefore carry what stands in for them without a kernel
(``glmlib.ui.pictures``), and that is what is stored:

* a simulation: two outputs, its still picture (``image/png`` alone, a
  small palette PNG) and then its description (``text/plain``: the figure,
  the controls' settings and the readouts in words), which GitHub, nbviewer
  and an unrun notebook show and a screen reader reads;
* a quiz: its questions and options (``text/markdown`` and ``text/plain``),
  without the answers.

nbval skips ``image/png`` and the widget view and compares the rest, so the
description and the questions are checked on every run and the pixels
never are. In a running kernel the live widget replaces them. Any other
picture, saved widget state, or a widget that brings no words of its own
is refused.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DROPPED_MIME = ("image/png", "image/jpeg", "image/svg+xml")
#: how a simulation's description starts (glmlib.ui.pictures.DESCRIPTION_HEADING)
DESCRIPTION_HEADING = "Still picture of the simulation"
#: the metadata key that marks what was stored in place of a widget
GLMLIB = "glmlib"


class UnstorableOutput(ValueError):
    """A cell's output that this script cannot store faithfully."""


def stands_in_for(data):
    """What a widget output brings to store without a kernel: "simulation", "quiz" or None.

    A glmlib ``Simulation`` brings a PNG and a description that starts with
    ``DESCRIPTION_HEADING``; a ``Quiz`` its questions in Markdown and text.
    ipywidgets' own text for a widget is only its class and traits.
    """
    text = data.get("text/plain", "")
    if "image/png" in data and text.startswith(DESCRIPTION_HEADING):
        return "simulation"
    if "text/markdown" in data and text.strip():
        return "quiz"
    return None


def stored_outputs(outputs, where="a cell"):
    """The outputs to store for one executed cell's ``outputs``.

    A glmlib widget's output becomes its stand-ins (see the module's
    docstring); every other output is kept without pictures. ``where`` names
    the cell in error messages.
    """
    kept = []
    for out in outputs:
        data = out.get("data", {})
        if WIDGET_VIEW not in data:
            for mime in DROPPED_MIME:
                data.pop(mime, None)
            kept.append(out)
            continue
        shows = stands_in_for(data)
        if shows is None:
            raise UnstorableOutput(
                f"{where} shows a widget that is neither a glmlib Simulation nor a "
                "Quiz, so it has no still picture or text to store; display it "
                "inside one (or give it a _repr_mimebundle_ with a description)"
            )
        if shows == "simulation":
            kept.append(
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/png": data["image/png"]},
                    metadata={GLMLIB: {"shows": shows, "part": "picture"}},
                )
            )
        words = {m: data[m] for m in ("text/markdown", "text/plain") if m in data}
        part = "description" if shows == "simulation" else "questions"
        kept.append(
            nbformat.v4.new_output(
                "display_data",
                data=words,
                metadata={GLMLIB: {"shows": shows, "part": part}},
            )
        )
    return kept


def store_outputs(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(HERE)}},
    )
    client.execute()
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            where = f"{Path(path).name}, cell {number}"
            cell.outputs = stored_outputs(cell.outputs, where)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return nb


def picture_bytes(nb):
    """Bytes of the stored still pictures (their base64 text) in ``nb``."""
    return sum(
        len(out.get("data", {}).get("image/png", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )


def main(paths):
    paths = [Path(p) for p in paths] or sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        nb = store_outputs(path)
        stored = sum(1 for c in nb.cells if c.cell_type == "code" and c.outputs)
        print(
            f"{path.name}: {stored} cells with stored output, "
            f"{picture_bytes(nb):,} bytes of pictures"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
