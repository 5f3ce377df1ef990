"""Every live figure and quiz shows without a kernel: a still picture and words.

A simulation's display carries a small PNG of its figure and a plain-text
description (``Simulation.description``); a quiz's carries its questions as
Markdown and text. ``notebooks/store_outputs.py`` stores those in place of
the live widget, and nbval compares the words but not the pixels. These
tests check the pieces over every simulation in
``glmlib.simulations.ALL_SIMULATIONS``, a made-up simulation with dragging and
playback (chapters 7 and 8's shapes), nbval's own comparison, and the
stored outputs of every ``notebooks/[0-9][0-9]_*.ipynb``.
"""

import ast
import base64
import importlib.util
import io
import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as widgets
import matplotlib
import nbformat
import numpy as np
import pytest
from PIL import Image

import glmlib.simulations
from glmlib.course.questions import LETTERS, Option, Question
from glmlib.quizzes import questions_for_chapter, quiz_for_chapter
from glmlib.simulations import ALL_SIMULATIONS, SIMULATIONS
from glmlib.ui.controls import control_name
from glmlib.ui.pictures import DESCRIPTION_HEADING, plain_text
from glmlib.ui.quiz import Quiz
from glmlib.ui.simulation import Readout, Simulation
from glmlib.ui.style import course_figure, style_axes

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_PATHS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: a still picture may cost at most this many bytes of PNG
MAX_PICTURE_BYTES = 40_000

spec = importlib.util.spec_from_file_location(
    "store_outputs", ROOT / "notebooks" / "store_outputs.py"
)
store_outputs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(store_outputs)


def words(text):
    """Text with all runs of white space made one space (descriptions wrap)."""
    return " ".join(text.split())


def decode_png(b64):
    raw = base64.b64decode(b64)
    with Image.open(io.BytesIO(raw)) as image:
        image.load()
        return raw, image.copy()


# --- the simulation's display -------------------------------------------------
def test_a_simulation_displays_its_widget_a_picture_and_words(sim):
    data = sim._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW, "image/png", "text/plain"}
    assert data[WIDGET_VIEW]["model_id"] == sim.widget.model_id
    assert data["text/plain"] == sim.description()
    assert store_outputs.stands_in_for(data) == "simulation"
    assert store_outputs.DESCRIPTION_HEADING == DESCRIPTION_HEADING


def test_the_picture_is_the_figure_small_and_in_a_palette(sim):
    data = sim._repr_mimebundle_()
    raw, image = decode_png(data["image/png"])
    assert image.size == sim.figure.canvas.get_width_height()
    assert image.mode == "P" and len(raw) <= MAX_PICTURE_BYTES
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    inked = np.any(pixels < 200, axis=1).mean()
    assert 0.01 < inked < 0.5, f"{inked:.1%} of the picture is drawn on"
    # the picture is the figure: Agg's own full-colour render, compared
    full = io.BytesIO()
    sim.figure.savefig(full, format="png", dpi=sim.figure.dpi)
    reference = np.asarray(Image.open(full).convert("RGB"), dtype=float)
    mine = np.asarray(image.convert("RGB"), dtype=float)
    assert np.abs(mine - reference).mean() < 2.0  # the palette costs little


def test_the_picture_follows_the_state(sim):
    before, _ = decode_png(sim._repr_mimebundle_()["image/png"])
    name, control = first_changeable(sim)
    change(control)
    after, _ = decode_png(sim._repr_mimebundle_()["image/png"])
    assert before != after, f"moving {name} left the picture as it was"


def first_changeable(sim):
    for name, control in sim.controls.items():
        if isinstance(control, widgets.FloatSlider | widgets.IntSlider):
            return name, control
    return next(iter(sim.controls.items()))


def change(control):
    if isinstance(control, widgets.ToggleButton | widgets.Checkbox):
        control.value = not control.value
    elif hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        control.value = next(v for v in values if v != control.value)
    else:
        span = control.max - control.min
        target = control.min + 0.25 * span
        if abs(target - control.value) < 0.1 * span:
            target = control.min + 0.75 * span
        control.value = target


def test_the_description_says_what_is_drawn_set_and_read(sim):
    text = sim.description()
    flat = words(text)
    assert text.startswith(DESCRIPTION_HEADING)
    assert max(len(line) for line in text.splitlines()) <= 79
    title = sim.figure.get_suptitle()
    assert f'"{plain_text(title)}"' in flat
    for ax in sim.figure.axes:
        if ax.get_visible() and ax.get_title():
            assert plain_text(ax.get_title()) in flat
        if ax.get_visible() and ax.axison and ax.get_xlabel():
            assert plain_text(ax.get_xlabel()) in flat
    for name, control in sim.controls.items():
        assert control_name(control, name) in flat
    for readout in sim.readouts():
        assert words(readout.text()) in flat
    assert "nan" not in flat.lower().split()


def test_the_description_follows_the_state(sim):
    name, control = first_changeable(sim)
    before = sim.description()
    change(control)
    after = words(sim.description())
    assert after != words(before), f"moving {name} left the words as they were"
    for readout in sim.readouts():
        assert words(readout.text()) in after


def test_the_description_names_each_panel_left_to_right():
    fig, (left, right) = course_figure("Two panels", ncols=2)
    style_axes(left, "first", "x", "y", (0, 1), (-2, 2), [0, 1], [-2, 2])
    style_axes(right, "second", "$\\eta$", "mean", (0, 5), (0, 1), [0], [0])
    right.plot([0, 1], [0, 1], label="$\\mu = e^{\\eta}$")
    right.legend()
    right.text(1, 0.5, "note $5")
    from glmlib.ui.pictures import describe_figure

    sentences = describe_figure(fig)
    matplotlib.pyplot.close(fig)
    assert sentences == [
        'Figure: "Two panels".',
        'Left panel, "first": horizontal axis "x" from 0 to 1, vertical axis "y" '
        "from \u22122 to 2.",
        'Right panel, "second": horizontal axis "η" from 0 to 5, vertical axis '
        '"mean" from 0 to 1. Key: μ = e^(η). Text: note $5.',
    ]


@pytest.mark.parametrize(
    ("mathtext", "words"),
    [
        ("$\\mu = \\dfrac{1}{1+e^{-\\eta}}$", "μ = 1/(1+e^(-η))"),
        ("$\\frac{\\mu}{1-\\mu}$", "μ/(1-μ)"),
        ("$\\frac{a+b}{2}$", "(a+b)/2"),
    ],
)
def test_a_fraction_is_read_with_brackets_only_where_needed(mathtext, words):
    """Chapter 4's sigmoid box once read "(1)/(1+e^(-η))" (issue 16)."""
    assert plain_text(mathtext) == words


# --- any Simulation subclass: dragging and playback (chapters 7 and 8) --------
class PointsAndSteps(Simulation):
    """A made-up simulation with draggable points and a playback (test only, chapter 8)."""

    chapter = 8

    def make_controls(self):
        return {"rate": widgets.FloatSlider(value=0.5, min=0.0, max=1.0)}

    def build_figure(self):
        fig, (ax,) = course_figure("Points and steps")
        style_axes(ax, "the points", "x", "count", (0, 10), (0, 10), [0, 10], [0, 10])
        (self.dots,) = ax.plot([2, 5, 8], [1, 4, 9], "o")
        fig.add_moving(self.dots)
        self.make_draggable(ax, [2, 5, 8], [1, 4, 9], self.dots)
        self.make_playback(5, lambda k: None)
        return fig

    def compute(self, rate):
        return {"rate": rate, "mean": float(np.mean(self.draggable.y))}

    def draw_state(self, state):
        pass

    def readouts(self):
        return [Readout("\\bar y", "mean count", self.state["mean"])]


def test_any_simulation_has_a_picture_and_words_without_chapter_code():
    sim = PointsAndSteps()
    sim.move_point(2, y=3.0)
    sim.playback.show(3)
    data = sim._repr_mimebundle_()
    assert store_outputs.stands_in_for(data) == "simulation"
    decode_png(data["image/png"])
    flat = words(data["text/plain"])
    assert "Playback: step 3 of 0 to 4" in flat
    assert "3 points can be dragged" in flat and "number boxes" in flat
    assert "mean count = 2.667" in flat  # (1 + 4 + 3) / 3, after the move
    sim.close()


# --- the quiz ---------------------------------------------------------------
def _questions(chapter):
    try:
        return questions_for_chapter(chapter)
    except (KeyError, ValueError):
        return ()


QUIZ_CHAPTERS = sorted({q.chapter for ch in range(10) for q in _questions(ch)})


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_a_quiz_displays_its_questions_as_text_without_answers(chapter):
    quiz = quiz_for_chapter(chapter)
    data = quiz._repr_mimebundle_()
    assert set(data) == {WIDGET_VIEW, "text/markdown", "text/plain"}
    assert store_outputs.stands_in_for(data) == "quiz"
    for question in quiz.questions:
        assert question.prompt in data["text/markdown"]
        for option in question.options:
            assert option.text in data["text/markdown"]
            # the explanations say which answer is right: never shown
            assert option.why not in data["text/markdown"]
            assert words(option.why) not in words(data["text/plain"])


def test_the_quiz_text_does_not_depend_on_the_answer():
    def question(correct):
        options = tuple(
            Option(f"option <i>{k}</i> &amp; $x_{k}$", k == correct, f"because {k}")
            for k in range(len(LETTERS))
        )
        return Question(3, "Which one?", options)

    first, second = Quiz(question(0)), Quiz(question(2))
    assert first.markdown() == second.markdown() and first.text() == second.text()
    assert "  C. option 2 & $x_2$" in first.text().splitlines()


# --- storing: what store_outputs keeps --------------------------------------
def live_output(obj, count=3):
    return nbformat.from_dict(
        {
            "output_type": "execute_result",
            "execution_count": count,
            "data": obj._repr_mimebundle_(),
            "metadata": {},
        }
    )


def test_store_keeps_a_simulations_picture_then_its_words(sim):
    stored = store_outputs.stored_outputs([live_output(sim)])
    assert [sorted(out["data"]) for out in stored] == [["image/png"], ["text/plain"]]
    assert stored[1]["data"]["text/plain"] == sim.description()
    assert [out["metadata"]["glmlib"]["part"] for out in stored] == [
        "picture",
        "description",
    ]


def test_store_keeps_a_quizs_text_and_other_outputs_without_pictures():
    stream = nbformat.v4.new_output("stream", name="stdout", text="η = 0.600\n")
    figure = nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"}
    )
    stored = store_outputs.stored_outputs(
        [live_output(quiz_for_chapter(0)), stream, figure]
    )
    assert sorted(stored[0]["data"]) == ["text/markdown", "text/plain"]
    assert stored[1] == stream
    assert stored[2]["data"] == {"text/plain": "<Figure>"}


def test_store_refuses_a_widget_without_words():
    bare = nbformat.from_dict(
        {
            "output_type": "display_data",
            "data": widgets.IntSlider()._repr_mimebundle_(),
            "metadata": {},
        }
    )
    with pytest.raises(store_outputs.UnstorableOutput, match="cell 4"):
        store_outputs.stored_outputs([bare], "cell 4")


# --- nbval's own comparison -------------------------------------------------
def nbval_agrees(live, stored):
    """Run nbval's compare_outputs on a live cell's outputs and stored ones."""
    plugin = pytest.importorskip("nbval.plugin")
    skip = (
        *("metadata", "traceback", "prompt_number", "output_type", "name"),
        *("execution_count", WIDGET_VIEW, "image/png", "image/jpeg"),
    )  # IPyNbFile.skip_compare in nbval 0.11, without --nbdime
    cell = SimpleNamespace(
        parent=SimpleNamespace(skip_compare=skip, sanitize_patterns={}),
        colors=plugin.nocolors,
        format_output_compare=lambda *args: None,
    )
    cell.sanitize = lambda s: plugin.IPyNbCell.sanitize(cell, s)
    return plugin.IPyNbCell.compare_outputs(cell, live, stored)


def test_nbval_compares_the_words_and_skips_the_picture():
    simulation = SIMULATIONS[0]()
    stored = store_outputs.stored_outputs([live_output(simulation, 5)])
    live = [live_output(simulation, 9)]
    assert nbval_agrees(live, stored)
    # another picture of the same state (more colours): still the same cell
    live[0]["data"]["image/png"] = base64.b64encode(b"other pixels").decode()
    assert nbval_agrees(live, stored)
    # a number in the words that glmlib would get wrong: a failure
    live[0]["data"]["text/plain"] = live[0]["data"]["text/plain"].replace(
        "1.25", "1.26"
    )
    assert "1.26" in live[0]["data"]["text/plain"]
    assert not nbval_agrees(live, stored)
    simulation.close()


def test_nbval_compares_a_quizs_questions():
    stored = store_outputs.stored_outputs([live_output(quiz_for_chapter(2))])
    assert nbval_agrees([live_output(quiz_for_chapter(2))], stored)
    assert not nbval_agrees([live_output(quiz_for_chapter(3))], stored)


# --- the committed notebooks ------------------------------------------------
def simulation_classes():
    """Every Simulation subclass the notebooks can import, by name."""
    found = {cls.__name__: cls for _, cls in ALL_SIMULATIONS}
    for name in dir(glmlib.simulations):
        obj = getattr(glmlib.simulations, name)
        if (
            isinstance(obj, type)
            and issubclass(obj, Simulation)
            and obj is not Simulation
        ):
            found[name] = obj
    return found


def live_cells(nb):
    """(index, class name) of every code cell whose result is a live simulation.

    A cell "shows" a simulation when its last statement is a bare expression
    that is a name bound earlier to ``SomeSimulation(...)``, such a call
    itself, or ``display(...)`` of one of those.
    """
    classes = simulation_classes()
    bound = {}
    shown = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith("%")]
        tree = ast.parse("\n".join(lines))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                if isinstance(func, ast.Name) and func.id in classes:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            bound[target.id] = func.id
        if not tree.body or not isinstance(tree.body[-1], ast.Expr):
            continue
        value = tree.body[-1].value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "display"
            and value.args
        ):
            value = value.args[0]
        if isinstance(value, ast.Name) and value.id in bound:
            shown.append((index, bound[value.id]))
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in classes
        ):
            shown.append((index, value.func.id))
    return shown


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_live_cells_are_found_in_a_made_up_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib widget\nfrom x import GLMAssemblyLine"),
        nbformat.v4.new_code_cell("line = GLMAssemblyLine()\nline"),
        nbformat.v4.new_code_cell("print(line.readout_text())"),
        nbformat.v4.new_code_cell("display(line)"),
        nbformat.v4.new_code_cell("line = 3\nGLMAssemblyLine(x=1)"),
        nbformat.v4.new_code_cell("other = line\nother"),
    ]
    found = live_cells(json.loads(nbformat.writes(nb)))
    assert found == [
        (1, "GLMAssemblyLine"),
        (3, "GLMAssemblyLine"),
        (4, "GLMAssemblyLine"),
    ]


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=[p.stem for p in CHAPTER_PATHS])
def test_every_live_figure_is_stored_as_a_picture_and_its_words(path):
    nb = load(path)
    chapter = int(path.name[:2])
    shown = live_cells(nb)
    if chapter in SIMULATIONS:
        assert SIMULATIONS[chapter].__name__ in {name for _, name in shown}, (
            f"{path.name} never shows {SIMULATIONS[chapter].__name__}"
        )
    classes = simulation_classes()
    for index, name in shown:
        cell = nb["cells"][index]
        where = f"{path.name}, cell {index} ({name})"
        outputs = cell["outputs"]
        assert cell["execution_count"] is not None, f"{where}: stored unrun"
        assert [sorted(o.get("data", {})) for o in outputs] == [
            ["image/png"],
            ["text/plain"],
        ], f"{where}: run notebooks/store_outputs.py on it"
        raw, image = decode_png(outputs[0]["data"]["image/png"])
        assert image.mode == "P" and len(raw) <= MAX_PICTURE_BYTES, where
        text = "".join(outputs[1]["data"]["text/plain"])
        assert text.startswith(DESCRIPTION_HEADING), where
        source = "".join(cell["source"])
        if f"= {name}()\n" in source:
            # built with no arguments and shown at once: its starting state
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fresh = classes[name]()
            try:
                assert text == fresh.description(), where
                assert image.size == fresh.figure.canvas.get_width_height(), where
            finally:
                fresh.close()


@pytest.mark.parametrize("path", CHAPTER_PATHS, ids=[p.stem for p in CHAPTER_PATHS])
def test_every_quiz_is_stored_as_its_questions(path):
    nb = load(path)
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "quiz_for_chapter(" not in source:
            continue
        chapter = int(source.split("quiz_for_chapter(")[1].split(")")[0])
        outputs = cell["outputs"]
        assert [sorted(o.get("data", {})) for o in outputs] == [
            ["text/markdown", "text/plain"]
        ], f"{path.name}, cell {index}: run notebooks/store_outputs.py on it"
        stored = "".join(outputs[0]["data"]["text/markdown"])
        assert stored == quiz_for_chapter(chapter).markdown()
