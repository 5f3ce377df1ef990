"""The teaching guide has a section per chapter, with every part and the checkers' solutions.

``notebooks/teaching_guide.md``: a section per chapter 0-9, each with all
six parts, and every solution printed there equals
``exercises.solution_source(name)`` and passes the check. That its
predictions quote the numbers glmlib computes is checked per chapter
(``test_chNN.py``).
"""

import re

import pytest

from glmlib import exercises

from .harness import CHAPTERS, GUIDE, GUIDE_PARTS, NOTEBOOKS, guide_part, guide_sections


def test_guide_has_a_section_per_chapter_in_order():
    sections = guide_sections()
    assert list(sections) == list(range(10))
    for chapter, section in sections.items():
        for path in NOTEBOOKS.glob(f"{chapter:02d}_*.ipynb"):
            assert f"]({path.name})" in section


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_section_has_all_six_parts(chapter):
    section = guide_sections()[chapter]
    assert "to be written" not in section
    headings = re.findall(r"(?m)^### (.+)$", section)
    assert headings == list(GUIDE_PARTS)
    for name in GUIDE_PARTS:
        assert len(guide_part(section, name).split()) >= 15, name
    minutes = re.search(r"\*\*About (\d+) minutes", guide_part(section, "Time"))
    assert minutes and 20 <= int(minutes.group(1)) <= 90
    predict = guide_part(section, "Predict, then check")
    assert predict.count("?") >= 3  # questions put before a control moves
    misconceptions = guide_part(section, "Misconceptions to probe")
    assert len(re.findall(r"(?m)^\* \*\*", misconceptions)) >= 3


SOLUTION_BLOCK = re.compile(
    r"(?m)^#### Exercise `(ch\d-[a-z0-9-]+)`: .*\n\n```python\n(.*?)```\n\n(.*)$",
    re.S,
)


def guide_solutions(section):
    blocks = re.split(r"(?m)^(?=#### Exercise )", section)[1:]
    found = {}
    for block in blocks:
        match = SOLUTION_BLOCK.match(block)
        assert match, block[:80]
        found[match.group(1)] = (match.group(2), match.group(3))
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_guide_solutions_equal_the_checkers(chapter):
    part = guide_part(guide_sections()[chapter], "Exercise solutions")
    found = guide_solutions(part)
    assert sorted(found) == sorted(exercises.names(chapter))
    for name, (code, after) in found.items():
        assert code == exercises.solution_source(name), name
        assert after.startswith("Typical mistake it catches:"), name
        namespace = {}
        exec(code, namespace)
        function = namespace[exercises.exercise(name).function_name]
        assert exercises.check(name, function, show_feedback=False).passed, name


def test_every_solution_anywhere_in_the_guide_equals_the_checkers():
    text = GUIDE.read_text(encoding="utf-8")
    found = guide_solutions(text[text.index("## Chapter 0 ") :])
    assert found
    for name, (code, _) in found.items():
        assert code == exercises.solution_source(name), name
