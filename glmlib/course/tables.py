"""The course's tables: one ``Table`` for Markdown, HTML and text, and the table of links.

A table in a notebook is shown as Markdown, formulas in LaTeX; nbval
compares it and its plain text, where the formulas are in Unicode. Each
cell therefore holds both forms (``Cell``); a plain string is the same in
both. Columns of numbers are right-aligned, everything else left-aligned.

* ``Table`` -- header and rows; ``markdown()``, ``html()`` and ``text()``.
  ``Table.from_rows`` and ``Table.from_columns`` build one from computed
  values, each number written by ``format_number`` (chapters 7-9 show
  their computed checks this way).
* ``link_table`` -- one row per family: its model, canonical link, response,
  valid means and the other links it accepts, every word and formula read
  from the family (``display_name``, ``model_name``) and its links
  (``Link.description``), so no table can drift from the code (chapters 4,
  6, 8 and 9).
"""

import html
import re
from dataclasses import dataclass

import numpy as np

from ..families import get_family
from ..links import LINKS
from .formatting import format_number

#: A plain-text table wider than this is written one block per row instead.
TEXT_WIDTH = 100
#: What a number looks like as ``formatting`` writes it: "−0.853", "1,000",
#: "3.9" times a power of ten in superscripts, the infinity sign.
NUMBER = re.compile(
    r"^[\u2212-]?(\d[\d,]*(\.\d+)?( \u00d7 10[\u207b\u2070-\u2079¹²³]+)?|\u221e)$"
)


@dataclass(frozen=True)
class Cell:
    """One table cell: Markdown (formulas in LaTeX) and plain text (formulas in Unicode) (chapters 4-9)."""

    markdown: str
    text: str


def cell(value):
    """A ``Cell`` from a ``Cell``, a ``(markdown, text)`` pair or a string (chapters 4-9)."""
    if isinstance(value, Cell):
        return value
    if isinstance(value, tuple):
        return Cell(*value)
    return Cell(str(value), str(value))


def formula(name, latex, text):
    """A named formula as a cell, "log: η = log μ" in text (chapters 4, 6, 8 and 9)."""
    return Cell(f"{name}: ${latex}$", f"{name}: {text}")


class Table:
    """A table shown as Markdown in a notebook and as text elsewhere (chapters 4-9).

    ``header`` and each row hold one cell per column: a string, a
    ``(markdown, text)`` pair or a ``Cell``. ``align`` is one letter per
    column, ``"l"`` or ``"r"``; by default a column whose cells are all
    numbers (blanks aside) is right-aligned.
    """

    def __init__(self, header, rows, align=None):
        self.header = tuple(cell(h) for h in header)
        self.rows = tuple(tuple(cell(c) for c in row) for row in rows)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(
                    f"row {number} has {len(row)} cells for {len(self.header)} columns"
                )
        if align is None:
            align = "".join(
                "r" if self._numbers_only(j) else "l" for j in range(len(self.header))
            )
        if len(align) != len(self.header) or set(align) - {"l", "r"}:
            raise ValueError(
                f"align needs one of 'l' or 'r' per column ({len(self.header)}), "
                f"not {align!r}"
            )
        self.align = align

    @classmethod
    def from_rows(cls, header, rows, decimals=3, decimals_for=None):
        """A table of computed values, numbers written by ``format_number``.

        Every number gets ``decimals`` decimals, or those ``decimals_for``
        gives its column (``{header: decimals}``). A value that is a string
        or a truth value is shown as it is, None as a blank cell.
        """
        header = list(header)
        places = {h: decimals for h in header} | dict(decimals_for or {})

        def shown(column, value):
            if value is None:
                return ""
            if isinstance(value, str | bool | np.bool_):
                return str(value)
            return format_number(value, places[column])

        return cls(
            header,
            [[shown(h, v) for h, v in zip(header, row, strict=True)] for row in rows],
        )

    @classmethod
    def from_columns(cls, columns, decimals=3, decimals_for=None):
        """``from_rows`` for ``{header: values}``, one sequence of values per column."""
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(
                f"every column needs one value per row, not lengths {sorted(lengths)}"
            )
        rows = zip(*columns.values(), strict=True)
        return cls.from_rows(columns, rows, decimals, decimals_for)

    def _numbers_only(self, j):
        values = [row[j].text for row in self.rows if row[j].text]
        return bool(values) and all(NUMBER.match(v) for v in values)

    def markdown(self):
        """The table in Markdown, formulas in LaTeX."""

        def line(cells):
            return (
                "| " + " | ".join(c.markdown.replace("|", "\\|") for c in cells) + " |"
            )

        rule = "|" + "".join("---|" if a == "l" else "---:|" for a in self.align)
        return "\n".join([line(self.header), rule, *(line(row) for row in self.rows)])

    def html(self):
        """The table in HTML (for a widget), formulas in LaTeX, cells aligned as in ``align``."""

        def line(tag, cells):
            return (
                "<tr>"
                + "".join(
                    f'<{tag} style="text-align:{"left" if a == "l" else "right"}">'
                    f"{html.escape(c.markdown)}</{tag}>"
                    for c, a in zip(cells, self.align, strict=True)
                )
                + "</tr>"
            )

        body = "".join(line("td", row) for row in self.rows)
        return (
            f"<table><thead>{line('th', self.header)}</thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def text(self, width=TEXT_WIDTH):
        """The table in plain text, formulas in Unicode.

        Aligned columns when they fit in ``width`` characters; otherwise one
        block per row, its first cell on a line of its own and each other
        cell under it as "header: value".
        """
        columns = list(zip(self.header, *self.rows, strict=True))
        widths = [max(len(c.text) for c in column) for column in columns]
        if sum(widths) + 2 * (len(widths) - 1) <= width:

            def line(cells):
                parts = [
                    c.text.rjust(w) if a == "r" else c.text.ljust(w)
                    for c, w, a in zip(cells, widths, self.align, strict=True)
                ]
                return "  ".join(parts).rstrip()

            return "\n".join([line(self.header), *(line(row) for row in self.rows)])
        blocks = []
        for first, *rest in self.rows:
            lines = [first.text]
            lines += [
                f"    {h.text}: {c.text}"
                for h, c in zip(self.header[1:], rest, strict=True)
            ]
            blocks.append("\n".join(lines))
        return "\n".join(blocks)

    def _repr_markdown_(self):
        return self.markdown()

    def __repr__(self):
        return self.text()

    __str__ = __repr__


# --------------------------------------------------------------------------
# the table of links and responses


def canonical_link_description(family_name):
    """The ``LinkDescription`` of a family's canonical link (chapters 4-9).

    Looked up twice, by the family's declared ``canonical_link`` name in
    ``glmlib.links.LINKS`` and by ``get_link()``, and the two must agree.
    """
    family = get_family(family_name)
    by_name = LINKS[family.canonical_link]().description
    by_family = family.get_link().description
    if by_name != by_family:
        raise AssertionError(
            f"{family_name}: canonical link {family.canonical_link!r} disagrees with "
            f"get_link() ({by_family.name!r})"
        )
    return by_family


def _other_links(family):
    """The links a family accepts besides its canonical one, by their display names.

    A link whose name in ``glmlib.fit(..., link=...)`` differs from the name
    shown carries it in brackets: "complementary log-log (cloglog)".
    """
    markdown, text = [], []
    for name in family.link_names:
        if name == family.canonical_link:
            continue
        shown = LINKS[name]().description.display_name
        markdown.append(shown if shown == name else f"{shown} (`{name}`)")
        text.append(shown if shown == name else f"{shown} ({name})")
    return Cell(", ".join(markdown) or "none", ", ".join(text) or "none")


def _valid_means(family, about):
    """The means the canonical response gives, per trial for a count of trials (chapter 9).

    A binomial's links work on the probability of one success (its mean
    count is the number of trials times it), so its interval is per trial.
    """
    per_trial = " per trial" if family.name == "binomial" else ""
    return cell(about.mean_interval_text + per_trial)


#: The columns ``link_table`` offers: header, then the cell of one family.
LINK_COLUMNS = {
    "model": ("model", lambda fam, d: cell(fam.model_name)),
    "link": (
        Cell(r"link $g$ ($\mu \to \eta$)", "link g (μ → η)"),
        lambda fam, d: formula(d.display_name, d.link_latex, d.link_text),
    ),
    "response": (
        Cell(r"response $g^{-1}$ ($\eta \to \mu$)", "response g⁻¹ (η → μ)"),
        lambda fam, d: formula(d.response_name, d.response_latex, d.response_text),
    ),
    "means": ("valid means", _valid_means),
    "other links": ("other links", lambda fam, d: _other_links(fam)),
}


def link_table(families, columns=tuple(LINK_COLUMNS), extension=(), notes=None):
    """One row per family with its canonical link and response (chapters 4, 6, 8, 9).

    ``columns`` picks and orders the columns of ``LINK_COLUMNS`` after the
    distribution's name; ``extension`` adds families marked "(extension)";
    ``notes`` adds columns of the chapter's own words,
    ``{header: {family: text}}``. Every other word and formula is read from
    the family and its canonical link.
    """
    unknown = [c for c in columns if c not in LINK_COLUMNS]
    if unknown:
        raise ValueError(
            f"link_table offers the columns {', '.join(LINK_COLUMNS)}, not {unknown}"
        )
    notes = notes or {}
    header = ["distribution", *(LINK_COLUMNS[c][0] for c in columns), *notes]
    rows = []
    for name, is_extension in [(f, False) for f in families] + [
        (f, True) for f in extension
    ]:
        family = get_family(name)
        about = canonical_link_description(name)
        rows.append(
            [
                family.display_name + (" (extension)" if is_extension else ""),
                *(LINK_COLUMNS[c][1](family, about) for c in columns),
                *(words[name] for words in notes.values()),
            ]
        )
    return Table(header, rows, align="l" * len(header))
