"""Run chapter notebooks in a fresh kernel and store the outputs nbval checks.

    .venv/bin/python notebooks/store_outputs.py                 # every chapter
    .venv/bin/python notebooks/store_outputs.py notebooks/02_*.ipynb

Run it after editing a notebook. nbval (``pytest notebooks``) re-executes
each notebook and compares its outputs with the stored ones, so what is
stored is the regression baseline: the readouts and computed checks that
glmlib produces. A cell that shows a live widget (a simulation or a quiz)
is stored *unexecuted and without output*: its view refers to a widget
model that exists only in a running kernel, so a stored copy would show an
error in JupyterLab and carries nothing nbval could compare. Static images
and saved widget state are never stored.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DROPPED_MIME = ("image/png", "image/jpeg")


def shows_a_widget(cell):
    return any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))


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
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if shows_a_widget(cell):
            cell.outputs = []
            cell.execution_count = None
        for out in cell.outputs:
            for mime in DROPPED_MIME:
                out.get("data", {}).pop(mime, None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return nb


def main(paths):
    paths = [Path(p) for p in paths] or sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        nb = store_outputs(path)
        stored = sum(1 for c in nb.cells if c.cell_type == "code" and c.outputs)
        print(f"{path.name}: {stored} cells with stored output")


if __name__ == "__main__":
    main(sys.argv[1:])
