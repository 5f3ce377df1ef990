"""The course's tables (glmlib.course.tables): one ``Table``, three renderings.

A table is shown as Markdown in a notebook, and nbval compares it and its
plain text; a widget may show its HTML. These tests hold the three to the
same cells, check that columns of numbers line up on the right, and that
the table of links reads every word and formula from glmlib, so a renamed
family or a changed formula shows in every chapter's table at once.
"""

import pytest

import glmlib
from glmlib.course.tables import (
    LINK_COLUMNS,
    TEXT_WIDTH,
    Cell,
    Table,
    canonical_link_description,
    link_table,
)
from glmlib.links import LINKS, Log


def numbers():
    return Table.from_columns(
        {"η": [-1.0, 0.5], "e^η": [0.36788, 1.64872], "note": ["low", None]},
        decimals=4,
        decimals_for={"η": 1},
    )


def test_columns_of_numbers_are_right_aligned_in_every_rendering():
    table = numbers()
    assert table.align == "rrl"
    assert table.text() == ("   η     e^η  note\n\u22121.0  0.3679  low\n 0.5  1.6487")
    assert table.markdown().splitlines()[1] == "|---:|---:|---|"
    assert '<td style="text-align:right">\u22121.0</td>' in table.html()


def test_each_cell_is_latex_in_markdown_and_unicode_in_text():
    table = Table(
        [Cell(r"$\eta$", "η"), "what"],
        [[Cell(r"$e^{\eta}$", "e^η"), "a | pipe"]],
    )
    assert table.markdown().splitlines() == [
        r"| $\eta$ | what |",
        "|---|---|",
        r"| $e^{\eta}$ | a \| pipe |",
    ]
    assert table.text() == "η    what\ne^η  a | pipe"
    assert table.html().count("<tr>") == 2 and "a | pipe" in table.html()
    assert repr(table) == str(table) == table.text()
    assert table._repr_markdown_() == table.markdown()


def test_a_table_too_wide_for_columns_is_written_one_block_per_row():
    long = "x" * TEXT_WIDTH
    table = Table(["name", "value"], [["first", long], ["second", "short"]])
    assert table.text().splitlines() == [
        "first",
        f"    value: {long}",
        "second",
        "    value: short",
    ]


def test_rows_must_fit_the_header():
    with pytest.raises(ValueError, match="row 2 has 1 cells for 2 columns"):
        Table(["a", "b"], [["1", "2"], ["3"]])
    with pytest.raises(ValueError, match="one of 'l' or 'r' per column"):
        Table(["a", "b"], [["1", "2"]], align="l")
    with pytest.raises(ValueError, match="one value per row"):
        Table.from_columns({"a": [1.0], "b": [1.0, 2.0]})


def test_the_link_table_reads_every_family_and_link_from_glmlib():
    table = link_table(glmlib.FAMILIES)
    assert [h.text for h in table.header] == [
        "distribution",
        *(
            LINK_COLUMNS[c][0]
            if isinstance(LINK_COLUMNS[c][0], str)
            else LINK_COLUMNS[c][0].text
            for c in LINK_COLUMNS
        ),
    ]
    for name, row in zip(glmlib.FAMILIES, table.rows, strict=True):
        family = glmlib.get_family(name)
        about = family.get_link().description
        distribution, model, link, response, means, others = row
        assert distribution.text == family.display_name
        assert model.text == family.model_name
        assert link.text == f"{about.display_name}: {about.link_text}"
        assert response.markdown == f"{about.response_name}: ${about.response_latex}$"
        # a binomial's links work on one trial's probability: so do its means
        per_trial = " per trial" if name == "binomial" else ""
        assert means.text == about.mean_interval_text + per_trial
        for other in family.link_names:
            if other != family.canonical_link:
                assert LINKS[other]().description.display_name in others.text


def test_a_changed_name_or_formula_in_glmlib_changes_the_table(monkeypatch):
    monkeypatch.setattr(Log, "link_latex", r"\eta = \log_2\mu")
    monkeypatch.setattr(glmlib.Gamma, "display_name", "Gamma-distributed")
    markdown = link_table(("poisson", "gamma")).markdown()
    assert r"\log_2\mu" in markdown and "| Gamma-distributed |" in markdown


def test_chapter_columns_and_notes_come_in_the_order_asked():
    table = link_table(
        ["poisson"],
        columns=("means", "model"),
        extension=["gamma"],
        notes={"counts?": {"poisson": "yes", "gamma": "no"}},
    )
    assert [h.text for h in table.header] == [
        "distribution",
        "valid means",
        "model",
        "counts?",
    ]
    assert [c.text for c in table.rows[1]] == [
        "gamma (extension)",
        "μ > 0",
        "gamma regression",
        "no",
    ]
    with pytest.raises(ValueError, match="not \\['formula'\\]"):
        link_table(["poisson"], columns=("formula",))


def test_a_disagreeing_canonical_link_is_caught(monkeypatch):
    monkeypatch.setattr(glmlib.Poisson, "canonical_link", "identity")
    monkeypatch.setattr(glmlib.Poisson, "get_link", lambda self, link=None: Log())
    with pytest.raises(AssertionError, match="disagrees"):
        canonical_link_description("poisson")
