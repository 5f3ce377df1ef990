"""The shared harness of the teaching-layer tests: reading notebooks and finding numbers.

The tests of the learner's and the teaching assistant's layer of chapters
0-9 (issue 11) sit beside this module: one per chapter (``test_chNN.py``,
its worked answers and guide section), ``test_exercises_in_notebooks.py``
and ``test_teaching_guide.py``.

Three parts, each checked against glmlib so that none can drift from it:

* **Worked answers** (``test_chNN.py``). Under each Try-this item of a
  chapter notebook sits a collapsed ``<details><summary>Answer</summary>``
  block. For every answer the tests drive the chapter's simulation headless
  to the positions the item asks for, recompute the numbers a learner would
  read there, and require each one to appear in the answer's text
  (``quote_tests``). A change in glmlib, or in a simulation's defaults,
  that makes an answer wrong fails here.
* **Coding exercises** (``test_exercises_in_notebooks.py``). Each notebook
  carries the exercises of its chapter in a section "Your turn: code it",
  unsolved.
* **The teaching guide** (``test_teaching_guide.py``). A section per
  chapter with all six parts; its prediction questions quote the numbers
  glmlib computes (``test_chNN.py`` again) and its solutions equal the
  checkers'.
"""

import functools
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
GUIDE = NOTEBOOKS / "teaching_guide.md"
#: the chapters this layer covers: all ten
CHAPTERS = tuple(range(10))
#: chapters with a Try-this list under each of several simulations (one elsewhere)
TRY_THIS_LISTS = {8: 3}

ANSWER = re.compile(r"<details><summary>Answer</summary>\n\n(.*?)\n\n</details>", re.S)
ITEM = re.compile(r"(?m)^(\d+)\. \*\*")
GUIDE_PARTS = (
    "Time",
    "Learning goals",
    "Predict, then check",
    "Misconceptions to probe",
    "Discussion prompts",
    "Exercise solutions",
)


def notebook(chapter):
    (path,) = NOTEBOOKS.glob(f"{chapter:02d}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def text_of(cell):
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def outputs_text(cell):
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append("".join(output["text"]))
        for value in output.get("data", {}).values():
            if isinstance(value, (str, list)):
                parts.append("".join(value))
    return "\n".join(parts)


def try_this_indices(cells):
    """The cells that hold a Try-this list, in order."""
    return [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown" and text_of(c).startswith("### Try this")
    ]


def try_this_index(cells):
    """The last Try-this list of a notebook (the exercises come after it)."""
    return try_this_indices(cells)[-1]


def answers(chapter):
    """The answer under each Try-this item, in order, as the learner reads them."""
    cells = notebook(chapter)["cells"]
    lists = try_this_indices(cells)
    assert len(lists) == TRY_THIS_LISTS.get(chapter, 1)
    return [a for i in lists for a in answers_in(text_of(cells[i]))]


def answers_in(text):
    """The answers of one Try-this list, each checked to sit under its own item."""
    items = [int(n) for n in ITEM.findall(text)]
    found = ANSWER.findall(text)
    assert items == list(range(1, len(items) + 1)), items
    assert len(found) == len(items), "one answer block under each item"
    # each answer sits right under its own item: item k, answer k, item k + 1
    pieces = re.split(r"(?m)^(?=\d+\. \*\*)", text)[1:]
    for piece, answer in zip(pieces, found, strict=True):
        assert answer in piece
    return found


def guide_sections():
    """Chapter number -> the text of its section in the teaching guide."""
    text = GUIDE.read_text(encoding="utf-8")
    # every level-2 heading starts a section; only the chapters' are returned
    # (the guide ends with "Running the course for a class")
    parts = re.split(r"(?m)^(?=## )", text)[1:]
    return {
        int(found.group(1)): p
        for p in parts
        if (found := re.match(r"## Chapter (\d+) · ", p))
    }


def guide_part(section, name):
    match = re.search(
        rf"(?ms)^### {re.escape(name)}\n(.*?)(?=^### |\Z)",
        section,
    )
    assert match, f"no part '### {name}'"
    return match.group(1)


def plain(text):
    """Prose with LaTeX dollars dropped and the true minus sign made ASCII."""
    return text.replace("$", "").replace("\u2212", "-")


def number_pattern(value, decimals):
    shown = f"{value:.{decimals}f}"
    return re.compile(rf"(?<![\d.\-]){re.escape(shown)}(?!\.?\d)"), shown


def missing(text, wanted):
    """The entries of ``wanted`` that ``text`` does not contain.

    An entry is a phrase (str, e.g. a readout line) or a (value, decimals)
    pair, looked for as that number with exactly those decimals.
    """
    prose = plain(text)
    absent = []
    for entry in wanted:
        if isinstance(entry, str):
            if plain(entry) not in prose:
                absent.append(entry)
            continue
        pattern, shown = number_pattern(*entry)
        if not pattern.search(prose):
            absent.append(shown)
    return absent


def at(sim, **values):
    """Move the simulation's controls as a learner would; return its state."""
    for name, value in values.items():
        sim.controls[name].value = value
    return sim.state


def readout(sim, name):
    """One readout line of the simulation's plain text, e.g. 'η = 0.80'."""
    for line in sim.readout_text().splitlines():
        if line.startswith(name):
            return line
    raise AssertionError(f"no readout {name!r} in {sim.readout_text()!r}")


# chapter 9: the readouts print numbers of any size with a multiplication
# sign and a superscript power of ten; the answers write them in LaTeX,
# $3.9 \times 10^{42}$.
TIMES = "\u00d7"


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def latex(shown):
    """A readout's text with each power of ten written in LaTeX, "\\times 10^{42}"."""
    return re.sub(
        TIMES + r" 10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)",
        lambda m: r"\times 10^{" + m.group(1).translate(_SUPERSCRIPT_DIGITS) + "}",
        shown,
    )


def shown_number(shown):
    """One number as a readout prints it, as an entry for ``missing``.

    A power of ten is looked for as its LaTeX phrase; a plain number as that
    number with the readout's decimals (so that "38" is not found in "0.385").
    """
    if TIMES in shown or "∞" in shown:
        return latex(shown)
    text = shown.replace("\u2212", "-")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return (float(text), decimals)


def quote_tests(chapter, compute):
    """The two tests of a chapter module: its answers and its guide quote ``compute()``.

    ``compute`` returns (per_answer, guide): for every Try-this answer the
    list of what it must contain, and what the guide's section must contain
    (its predictions and misconceptions quote the same numbers). It runs
    once for both tests.
    """
    numbers = functools.cache(compute)

    def test_answers_quote_the_numbers_glmlib_computes():
        per_answer, _ = numbers()
        found = answers(chapter)
        assert len(found) == len(per_answer)
        for k, (answer, wanted) in enumerate(zip(found, per_answer, strict=True), 1):
            assert missing(answer, wanted) == [], f"chapter {chapter}, answer {k}"

    def test_guide_quotes_the_numbers_glmlib_computes():
        _, wanted = numbers()
        section = guide_sections()[chapter]
        prose = section[: section.index("### Exercise solutions")]
        assert missing(prose, wanted) == []

    return (
        test_answers_quote_the_numbers_glmlib_computes,
        test_guide_quotes_the_numbers_glmlib_computes,
    )
