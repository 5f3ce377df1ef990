"""The committed chapter notebooks keep the shape the course promises.

nbval (``pytest notebooks``) re-runs them and compares outputs; these checks
guard what nbval cannot see: that each chapter still has its parts, that the
stored outputs are the text baselines and the simulations' stills (no other
pictures, no stale widget views),
and that every relative link in the notebooks and the README points at a
real file, with each chapter linked to the one before and the one after it.

Every check runs over whatever chapters exist, ``notebooks/[0-9][0-9]_*.ipynb``.
"""

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHAPTER_PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
CHAPTERS = {int(path.name[:2]): path for path in CHAPTER_PATHS}
LAST_CHAPTER = 9
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Chapters written on other branches and linked to before they are merged.
#: A link to one of these may dangle until it lands; empty this set once
#: all of them are on main.
PENDING_CHAPTERS: set[str] = set()
#: The lesson has no quiz in chapter 7 (the lab is the test) or in chapter 9
#: (a summary).
WITHOUT_QUIZ = {7, 9}
#: Chapter 9 is a summary: no simulation, readouts or Try-this list required.
SUMMARY_CHAPTERS = {9}

# [text](target) and ![alt](target) in Markdown, href="target" in HTML
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")


def load(chapter):
    return json.loads(CHAPTERS[chapter].read_text(encoding="utf-8"))


def source(cell):
    text = cell["source"]
    return "".join(text) if isinstance(text, list) else text


def markdown_text(chapter):
    return "\n".join(
        source(c) for c in load(chapter)["cells"] if c["cell_type"] == "markdown"
    )


def relative_links(text):
    """Every link target that is a path in this repository (no scheme, no #)."""
    targets = MARKDOWN_LINK.findall(text) + HTML_LINK.findall(text)
    found = []
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # http(s), mailto, or a link within the page
        found.append(unquote(parts.path))
    return found


def resolves(base, target):
    """True if ``target`` names a file that exists, or a pending chapter."""
    path = (base / target).resolve()
    if path.exists():
        return True
    return path.parent == NOTEBOOKS and path.name in PENDING_CHAPTERS


def neighbour(number):
    """The file name of chapter ``number``, existing or pending (or None)."""
    prefix = f"{number:02d}_"
    names = [p.name for p in CHAPTER_PATHS if p.name.startswith(prefix)]
    names += sorted(n for n in PENDING_CHAPTERS if n.startswith(prefix))
    return names[0] if names else None


def test_chapters_are_found_and_numbered_once():
    assert 0 in CHAPTERS
    assert len(CHAPTERS) == len(CHAPTER_PATHS)  # no number used twice


def test_pending_chapters_are_named_like_chapters():
    for name in PENDING_CHAPTERS:
        assert re.fullmatch(r"[0-9][0-9]_[a-z0-9_]+\.ipynb", name), name


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_has_its_parts(chapter):
    cells = load(chapter)["cells"]
    markdown = [source(c) for c in cells if c["cell_type"] == "markdown"]
    code = [source(c) for c in cells if c["cell_type"] == "code"]
    assert markdown[0].startswith(f"# Chapter {chapter} ")
    assert "After this chapter you will be able to" in markdown[0]
    assert any(m.startswith("## Recap") for m in markdown)
    assert any("$" in m for m in markdown)  # formulas in LaTeX
    has_quiz = any(f"quiz_for_chapter({chapter})" in c for c in code)
    assert has_quiz == (chapter not in WITHOUT_QUIZ)
    if chapter not in SUMMARY_CHAPTERS:
        assert code[0].startswith("%matplotlib widget")
        assert any("### Try this" in m for m in markdown)
        assert any("print(" in c and ".readout_text()" in c for c in code)


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_every_link_in_a_chapter_resolves(chapter):
    dangling = [
        target
        for target in relative_links(markdown_text(chapter))
        if not resolves(NOTEBOOKS, target)
    ]
    assert dangling == []


def test_every_link_in_the_readme_resolves():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = relative_links(text)
    assert links  # the README links to the chapters
    assert [t for t in links if not resolves(ROOT, t)] == []


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_each_chapter_links_to_its_neighbours(chapter):
    targets = {Path(t).name for t in relative_links(markdown_text(chapter))}
    if chapter > 0:
        before = neighbour(chapter - 1)
        assert before is not None, f"chapter {chapter - 1} does not exist"
        assert before in targets
    if chapter < LAST_CHAPTER:
        after = neighbour(chapter + 1)
        assert after is not None, f"chapter {chapter + 1} does not exist"
        assert after in targets


def test_the_link_check_catches_a_dangling_link():
    text = "See [chapter 3](03_no_such_chapter.ipynb) and [web](https://x.org/a.ipynb)."
    assert relative_links(text) == ["03_no_such_chapter.ipynb"]
    assert not resolves(NOTEBOOKS, "03_no_such_chapter.ipynb")
    assert relative_links('<a href="../README.md#top">x</a>') == ["../README.md"]
    assert resolves(NOTEBOOKS, "../README.md")


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_stored_outputs_are_text_baselines_and_stills(chapter):
    """Stored outputs are text, plus each simulation's still picture, and nothing else.

    A picture (``image/png``) may only be a simulation's still, stored by
    notebooks/store_outputs.py and followed at once by its description
    (tests/test_pictures.py checks that every simulation has one). No other
    image, no widget view and no saved widget state is stored.
    """
    nb = load(chapter)
    assert "widgets" not in nb["metadata"]
    stored = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = cell["outputs"]
        for i, output in enumerate(outputs):
            data = output.get("data", {})
            assert not {"image/jpeg", "image/svg+xml", WIDGET_VIEW} & set(data), output
            if "image/png" in data:
                part = output.get("metadata", {}).get("glmlib", {}).get("part")
                assert set(data) == {"image/png"} and part == "picture", output
                after = outputs[i + 1] if i + 1 < len(outputs) else {}
                assert after.get("metadata", {}).get("glmlib", {}).get("part") == (
                    "description"
                )
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr"
        if "readout_text()" in source(cell):
            assert cell["execution_count"] is not None and outputs
        if outputs:
            stored += 1
        if cell["execution_count"] is None:
            assert not outputs
    assert stored >= 2  # the readouts and at least one computed check
