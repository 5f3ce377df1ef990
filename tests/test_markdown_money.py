"""No dollar sign in the course's Markdown is read as money, so none pairs wrongly as maths.

JupyterLab, Notebook 7 and GitHub render Markdown with maths between
dollar signs, and MathJax pairs a dollar with the next one, an escaped
``\\$`` included in some renderers: chapter 7's "each extra \\$100 in
words, the fitted count $e^{...}$" showed as "100inwords,thefittedcount".
So money is written in words ("100 dollars"), and this test fails on any
dollar in prose that reads as money. It scans every chapter's Markdown
cells and the Markdown its cells print (tables, quiz questions), the
teaching guide and the README. Code spans and code blocks are left alone:
there ``$`` is only a character.

What counts as money (``money_dollars``):

* an escaped dollar, ``\\$``;
* a dollar left without a partner;
* a pair of dollars whose "maths" holds plain words ("100 in words, the
  fitted count"), or that opens on a digit and closes after a space or
  just before a digit, as "$5 and $10" and "$5-$10" would.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))
OTHER_MARKDOWN = [ROOT / "notebooks" / "teaching_guide.md", ROOT / "README.md"]

FENCE = re.compile(r"(?ms)^[ \t]*```.*?^[ \t]*```[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
#: LaTeX commands whose argument is text, not symbols
TEXT_ARGUMENT = re.compile(r"\\(?:text|mathrm|operatorname|textrm|mbox)\{[^{}]*\}")
DISPLAY = re.compile(r"(?s)\$\$.+?\$\$")
#: two words in a row: prose, not a formula
WORDS = re.compile(r"[A-Za-z]{2,}[,.;:]?\s+[A-Za-z]{2,}")


def prose(markdown):
    """The Markdown with its code blocks and code spans blanked out."""
    return CODE_SPAN.sub(" ", FENCE.sub(" ", markdown))


def money_dollars(markdown):
    """Each dollar sign in ``markdown`` that reads as money, with its context."""
    text = prose(markdown)
    found = [
        ("escaped dollar", text[max(0, m.start() - 30) : m.end() + 30])
        for m in re.finditer(r"\\\$", text)
    ]
    text = text.replace("\\$", "  ")
    text = DISPLAY.sub(lambda m: " " * len(m.group()), text)
    dollars = [m.start() for m in re.finditer(r"\$", text)]
    if len(dollars) % 2:
        last = dollars.pop()
        found.append(("unpaired dollar", text[max(0, last - 30) : last + 30]))
    for start, end in zip(dollars[::2], dollars[1::2], strict=True):
        inside = text[start + 1 : end]
        context = text[max(0, start - 20) : end + 20]
        symbols = re.sub(r"\\[A-Za-z]+", " ", TEXT_ARGUMENT.sub(" ", inside))
        if WORDS.search(symbols):
            found.append(("words inside maths", context))
        elif inside[:1].isdigit() and (
            inside[-1:].isspace() or text[end + 1 : end + 2].isdigit()
        ):
            found.append(("an amount of money read as maths", context))
    return found


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
