"""The committed chapter notebooks keep the shape the course promises.

nbval (``pytest notebooks``) re-runs them and compares outputs; these checks
guard what nbval cannot see: that each chapter still has its parts, that the
stored outputs are the text baselines (no pictures, no stale widget views),
and that the links between chapters point at real files.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHAPTERS = {
    0: "00_one_update_rule.ipynb",
    1: "01_exponential_family.ipynb",
    2: "02_gaussian_in_disguise.ipynb",
    3: "03_bernoulli_and_the_sigmoid.ipynb",
    4: "04_the_glm_recipe.ipynb",
}
LATER_CHAPTERS = {"05_linear_and_logistic_from_the_recipe.ipynb"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def load(chapter):
    return json.loads((NOTEBOOKS / CHAPTERS[chapter]).read_text(encoding="utf-8"))


def source(cell):
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_has_its_parts(chapter):
    cells = load(chapter)["cells"]
    markdown = [source(c) for c in cells if c["cell_type"] == "markdown"]
    code = [source(c) for c in cells if c["cell_type"] == "code"]
    assert markdown[0].startswith(f"# Chapter {chapter} ")
    assert "After this chapter you will be able to" in markdown[0]
    assert code[0].startswith("%matplotlib widget")
    assert any("### Try this" in m for m in markdown)
    assert any(f"quiz_for_chapter({chapter})" in c for c in code)
    assert any(m.startswith("## Recap") for m in markdown)
    assert any("print(" in c and ".readout_text()" in c for c in code)
    assert any("$" in m for m in markdown)  # formulas in LaTeX


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_links_point_at_chapters(chapter):
    text = "\n".join(source(c) for c in load(chapter)["cells"])
    targets = set(re.findall(r"\]\(([^)]+\.ipynb)\)", text))
    for target in targets:
        assert (NOTEBOOKS / target).exists() or target in LATER_CHAPTERS, target
    if chapter > 0:
        assert CHAPTERS[chapter - 1] in targets
    assert (CHAPTERS.get(chapter + 1) or next(iter(LATER_CHAPTERS))) in targets


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_stored_outputs_are_text_baselines(chapter):
    nb = load(chapter)
    assert "widgets" not in nb["metadata"]
    stored = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for output in cell["outputs"]:
            data = output.get("data", {})
            assert not {"image/png", "image/jpeg", WIDGET_VIEW} & set(data), output
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr"
        if "readout_text()" in source(cell):
            assert cell["execution_count"] is not None and cell["outputs"]
        if cell["outputs"]:
            stored += 1
        if cell["execution_count"] is None:
            assert not cell["outputs"]
    assert stored >= 2  # the readouts and at least one computed check
