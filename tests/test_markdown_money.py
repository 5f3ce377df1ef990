"""No dollar sign in the course's Markdown is read as money, so none pairs wrongly as maths.

JupyterLab, Notebook 7 and GitHub render Markdown with maths between
dollar signs, and MathJax pairs a dollar with the next one, an escaped
``\\$`` included in some renderers: chapter 7's "each extra \\$100 in
words, the fitted count $e^{...}$" showed as "100inwords,thefittedcount".
So money is written in words ("100 dollars"), and this test fails on any
dollar in prose that reads as money (``markdown_maths.money_dollars``). It
scans every chapter's Markdown cells and the Markdown its cells print
(tables, quiz questions), the teaching guide and the README. Code spans and
code blocks are left alone: there ``$`` is only a character.
tests/test_browser_ch07.py checks in JupyterLab that chapter 7 renders as
this reading says.
"""

import json
from pathlib import Path

import pytest
from markdown_maths import maths_spans, money_dollars

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
OTHER_MARKDOWN = [ROOT / "notebooks" / "teaching_guide.md", ROOT / "README.md"]


def notebook_markdown(path):
    """(where, Markdown) for each Markdown cell and each Markdown output."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        source = cell["source"]
        if cell["cell_type"] == "markdown":
            yield f"cell {index}", "".join(source)
        for output in cell.get("outputs", []):
            shown = output.get("data", {}).get("text/markdown")
            if shown:
                yield f"output of cell {index}", "".join(shown)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem[:2] for p in CHAPTERS])
def test_no_dollar_in_a_chapter_reads_as_money(notebook):
    found = [
        (where, *problem)
        for where, markdown in notebook_markdown(notebook)
        for problem in money_dollars(markdown)
    ]
    assert found == [], f"{notebook.name}: write money in words (100 dollars)"


@pytest.mark.parametrize("path", OTHER_MARKDOWN, ids=[p.name for p in OTHER_MARKDOWN])
def test_no_dollar_in_the_guide_or_readme_reads_as_money(path):
    assert money_dollars(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "markdown",
    [
        r"the effect $e^{\theta_1}$ of each extra \$100 in words, the count $e^x$",
        "each extra $100 in words, the fitted count $e^{x}$ and more",
        "from $5 and $10",
        "between $5-$10 an hour",
        "it costs $5.",
        r"a **bold \$100** factor",
    ],
)
def test_money_is_found(markdown):
    assert money_dollars(markdown), markdown


@pytest.mark.parametrize(
    "markdown",
    [
        r"the factor $e^{\theta_1} = 1.44$ for each extra hundred dollars",
        r"$$\frac{a}{b} = 2$$ and then $1.25$ and $\text{output} = \text{input}$",
        r"means $0.368$, $1.000$, $2.718$",
        "the check: $y - $ `response(η)` against $\\eta$",
        "code like `cost = $5` or\n```\nprint('$5')\n```\nis left alone",
        r"$\log E[y \mid x] = \theta^T x$",
    ],
)
def test_formulas_and_code_are_not_money(markdown):
    assert money_dollars(markdown) == [], markdown


def test_the_formulas_are_read_in_order():
    text = r"$$a = 1$$ then $b$, `$c$` and \$5, then $d^{2}$"
    assert maths_spans(text) == ["a = 1", "b", "d^{2}"]
