"""Two small pieces of the Sphinx extension: the table that stacks on a phone, and re-reading a page
that pastes values from another page when that page is read again."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from docutils import nodes

from booktools import cross_glue
from booktools.stacked_tables import LABEL, STACKED, label_cells


def _table(classes: list[str]) -> nodes.table:
    def row(*cells):
        r = nodes.row()
        for text in cells:
            r += nodes.entry("", nodes.paragraph(text=text))
        return r

    tgroup = nodes.tgroup(cols=3)
    tgroup += nodes.thead("", row("Party", "The force", "Guarantees"))
    tgroup += nodes.tbody("", row("Ukraine", "Wants it.", "From the US."), row("Russia", "Rejects it.", "None."))
    return nodes.table("", tgroup, classes=classes)


def _labels(table: nodes.table) -> list[list[str]]:
    return [[inline.astext() for inline in entry.findall(nodes.inline) if LABEL in inline["classes"]]
            for entry in table.findall(nodes.entry)]


def test_each_cell_of_a_stacked_table_carries_its_column_heading_once():
    table = _table([STACKED])
    label_cells(table)
    label_cells(table)  # a second pass (another builder) adds nothing
    assert _labels(table) == [[], [], [],  # the heading row
                              [], ["The force: "], ["Guarantees: "],
                              [], ["The force: "], ["Guarantees: "]]
    assert next(iter(table.findall(nodes.entry))).astext() == "Party"


def test_other_tables_are_left_alone():
    table = _table([])
    label_cells(table)
    assert not any(_labels(table))


def test_a_stacked_table_without_a_heading_row_is_an_error():
    table = nodes.table("", nodes.tgroup("", nodes.tbody("", nodes.row())), classes=[STACKED])
    with pytest.raises(ValueError, match="heading row"):
        label_cells(table)


def test_a_page_that_pastes_from_a_page_read_again_is_read_again():
    env = SimpleNamespace(briefing_pastes_from={"chapters/annex_us": {"chapters/us"},
                                                "index": {"chapters/us", "chapters/concept"}})
    assert cross_glue._also_outdated(None, env, set(), {"chapters/concept"}, set()) == ["index"]
    assert cross_glue._also_outdated(None, env, set(), {"chapters/us"}, set()) == ["chapters/annex_us", "index"]
    assert cross_glue._also_outdated(None, env, set(), {"chapters/methods"}, set()) == []
    # Already to be read: not listed twice.
    assert cross_glue._also_outdated(None, env, set(), {"chapters/us", "index"}, set()) == ["chapters/annex_us"]


def test_a_page_that_pastes_depends_on_what_its_sources_depend_on():
    from collections import defaultdict
    from pathlib import Path

    env = SimpleNamespace(briefing_pastes_from={"chapters/annex_us": {"chapters/us"}},
                          dependencies=defaultdict(set, {"chapters/us": {"data/us_statements.csv", "analysis/us.py"}}),
                          doc2path=lambda doc: Path(f"/book/{doc}.md"))
    cross_glue._inherit_dependencies(None, env)
    assert env.dependencies["chapters/annex_us"] == {"/book/chapters/us.md", "data/us_statements.csv", "analysis/us.py"}
    assert env.dependencies["chapters/us"] == {"data/us_statements.csv", "analysis/us.py"}  # unchanged
