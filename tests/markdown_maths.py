"""How the course's Markdown pairs its dollar signs, read without a browser.

JupyterLab, Notebook 7 and GitHub set maths between dollar signs, ``$...$``
inline and ``$$...$$`` on a line of its own, and pair each dollar with the
next one. ``maths_spans`` reads a cell that way; ``money_dollars`` finds
dollars that read as money instead, which would pair with the next formula's
dollar and turn the words between them into maths (tests/test_markdown_money.py).
``formula_letters`` says which Latin letters a formula shows, so that a
browser's rendering can be compared with this reading
(tests/test_browser_ch07.py).
"""

import re
from collections import Counter

FENCE = re.compile(r"(?ms)^[ \t]*```.*?^[ \t]*```[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
#: LaTeX commands whose argument is set as text, not as symbols
TEXT_ARGUMENT = re.compile(
    r"\\(?:text|mathrm|operatorname|textrm|textit|textbf|mathit|mbox)\{([^{}]*)\}"
)
DISPLAY = re.compile(r"(?s)\$\$.+?\$\$")
SPAN = re.compile(r"(?s)\$\$(.+?)\$\$|\$(.+?)\$")
#: two words in a row: prose, not a formula
WORDS = re.compile(r"[A-Za-z]{2,}[,.;:]?\s+[A-Za-z]{2,}")
#: commands MathJax sets as their own name in upright letters
NAMED_FUNCTIONS = {"log", "exp", "ln", "max", "min", "sup", "inf", "det", "lim"}
NAMED_FUNCTIONS |= {"arg", "Pr", "sin", "cos", "tan", "sinh", "cosh", "tanh", "dim"}


def prose(markdown):
    """The Markdown with its code blocks and code spans blanked out."""
    return CODE_SPAN.sub(" ", FENCE.sub(" ", markdown))


def maths_spans(markdown):
    """The TeX of each formula, in order, with escaped dollars left as text."""
    text = prose(markdown).replace("\\$", "  ")
    return [m.group(1) or m.group(2) for m in SPAN.finditer(text)]


def money_dollars(markdown):
    """Each dollar sign in ``markdown`` that reads as money, with its context.

    An escaped dollar; a dollar left without a partner; a pair whose
    "maths" holds plain words ("100 in words, the fitted count"), or that
    opens on a digit and closes after a space or just before a digit, as
    "$5 and $10" and "$5-$10" would.
    """
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


def formula_letters(tex):
    """The Latin letters a formula shows, counted: its text, variables and function names."""
    tex = TEXT_ARGUMENT.sub(r" \1 ", tex)
    tex = re.sub(r"\\(?:begin|end)\{[^}]*\}", " ", tex)
    tex = re.sub(
        r"\\([A-Za-z]+)",
        lambda m: f" {m.group(1)} " if m.group(1) in NAMED_FUNCTIONS else " ",
        tex,
    )
    return Counter(re.findall(r"[A-Za-z]", tex))


def shown_letters(text):
    """The Latin letters in a rendered formula's text, counted."""
    return Counter(re.findall(r"[A-Za-z]", text))
