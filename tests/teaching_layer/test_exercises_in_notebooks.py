"""Each notebook carries its chapter's coding exercises, unsolved (chapters 0-9).

``glmlib.exercises.names(chapter)`` appear as three cells in a section
"Your turn: code it" between the Try-this list and the quiz (the recap, in
a chapter without a quiz): the task, the stub (tagged ``exercise``) and the
check. The check's stored output is what the unedited stub gets, and no
reference solution shows in any cell.
"""

import ast
import inspect
import itertools
import textwrap

import pytest

from glmlib import exercises

from .harness import CHAPTERS, notebook, outputs_text, text_of, try_this_index


def exercise_cells(chapter):
    """(heading index, [(task, stub, check) cells per exercise]) of a notebook."""
    cells = notebook(chapter)["cells"]
    headings = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
        and text_of(c).startswith("## Your turn: code it")
    ]
    return cells, headings


def same_code(a, b):
    """True when two cells hold the same program (quotes and comments aside)."""
    return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))


def checked_calls(code):
    """(name, function) of every ``exercises.check(name, function)`` in ``code``."""
    if code.lstrip().startswith("%"):
        return []  # an IPython magic, not Python
    calls = []
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "exercises"
        ):
            name, function = node.args
            calls.append((name.value, function.id))
    return calls


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_notebook_has_its_chapters_exercises(chapter):
    cells, headings = exercise_cells(chapter)
    names = exercises.names(chapter)
    tagged = [c for c in cells if "exercise" in c["metadata"].get("tags", [])]
    if not names:
        assert headings == [] and tagged == []
        return
    (heading,) = headings
    # before the quiz; in a chapter without one (7 and 9), before the recap
    quiz = next(
        i
        for i, c in enumerate(cells)
        if "quiz_for_chapter(" in text_of(c)
        or (c["cell_type"] == "markdown" and text_of(c).startswith("## Recap"))
    )
    assert try_this_index(cells) < heading < quiz
    position = heading + 1
    for name in names:
        task, stub, check = cells[position : position + 3]
        expected = exercises.notebook_cells(name)
        assert task["cell_type"] == "markdown"
        assert text_of(task) == expected[0]["source"]
        assert stub["cell_type"] == "code"
        assert stub["metadata"].get("tags") == ["exercise"]
        # the same code as the starter, up to what ruff asks of a notebook:
        # double quotes, and a noqa on an import only the solution uses
        assert same_code(text_of(stub), expected[1]["source"])
        assert check["cell_type"] == "code"
        assert same_code(text_of(check), expected[2]["source"])
        assert checked_calls(text_of(check)) == [
            (name, exercises.exercise(name).function_name)
        ]
        position += 3
    assert position <= quiz
    assert len(tagged) == len(names)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_stored_check_output_is_what_the_unedited_stub_gets(chapter):
    cells, _ = exercise_cells(chapter)
    for name in exercises.names(chapter):
        (check,) = [
            c
            for c in cells
            if c["cell_type"] == "code"
            and [n for n, _ in checked_calls(text_of(c))] == [name]
        ]
        namespace = {}
        exec(exercises.stub_source(name), namespace)
        function = namespace[exercises.exercise(name).function_name]
        result = exercises.check(name, function, show_feedback=False)
        assert not result.passed
        assert check["execution_count"] is not None
        (output,) = check["outputs"]
        assert "".join(output["data"]["text/plain"]) == result.message
        assert "Not started yet" in result.message


def solution_body(name):
    """The reference solution's statements, without its def line or docstring."""
    source = textwrap.dedent(inspect.getsource(exercises.solution(name)))
    (function,) = ast.parse(source).body
    statements = function.body
    if isinstance(statements[0], ast.Expr) and isinstance(
        statements[0].value, ast.Constant
    ):
        statements = statements[1:]
    lines = source.splitlines()[statements[0].lineno - 1 : statements[-1].end_lineno]
    return [line.strip() for line in lines if line.strip()]


def spans(lines):
    """What may not appear: the only line of a one-line body, else each pair."""
    if len(lines) == 1:
        return lines
    return ["\n".join(pair) for pair in itertools.pairwise(lines)]


def normalised(text):
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_reference_solution_shows_in_a_notebook(chapter):
    cells = notebook(chapter)["cells"]
    shown = [normalised(text_of(c) + "\n" + outputs_text(c)) for c in cells]
    for name in exercises.names():
        for span in spans(solution_body(name)):
            assert not any(span in cell for cell in shown), (name, span)


def test_the_solution_search_can_fail():
    body = solution_body("ch6-softmax")
    assert body[0] == "scores = np.asarray(scores, dtype=float)"
    assert body[-1].startswith("return weights /")
    leaked = normalised(exercises.solution_source("ch6-softmax"))
    assert any(span in leaked for span in spans(body))
    assert spans(solution_body("ch1-poisson-log-partition")) == ["return np.exp(eta)"]
