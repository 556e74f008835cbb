"""What a headline rests on: every row behind a number in Key points, or in the landing page's bottom
line and key points, needs a source stronger than a wiki, an aggregator or state media, or else a
reason, in the row's `weak_source_reason` field, why no better source exists (what was searched).

One exemption: Russian officials' own words may come from Russian state media (the methods page says
so, and those rows are labelled). Statements by Western or Ukrainian officials must never rest only on
state media or the aggregator network, reason or not: that check is in tests/test_sources.py.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import coalition, concept, load_tables, obstacles, peacekeeping, us
from analysis.claims import _rows_by_id
from analysis.paths import ROOT
from analysis.sources import WEAK_KINDS, load_sources
from analysis.tables import describe, table_names

CHAPTERS = {"concept": concept, "peacekeeping": peacekeeping, "coalition": coalition, "obstacles": obstacles, "us": us}
GLUED = re.compile(r"\{glue:text\}`(?:chapters/(\w+)\.md::)?([a-z0-9_]+)(?::s)?`")
KEY_POINTS = re.compile(r":::\{admonition\} Key points.*?\n:::\s*\n", re.S)
REASON = "weak_source_reason"


def headline_uses() -> list[tuple[str, str, str]]:
    """(page, chapter, glue key) of every number in a Key points box or on the landing page's top."""
    uses = []
    for chapter in CHAPTERS:
        page = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        box = KEY_POINTS.search(page)
        assert box, f"chapters/{chapter}.md has no Key points box"
        uses += [(f"chapters/{chapter}.md", chapter, key) for _, key in GLUED.findall(box.group(0))]
    landing = (ROOT / "index.md").read_text(encoding="utf-8")
    top = landing[landing.index("## Bottom line"):landing.index("## What to watch")]
    uses += [("index.md", chapter, key) for chapter, key in GLUED.findall(top) if chapter]
    return uses


def weak_kind(table: str, row: pd.Series) -> str | None:
    """The weakest kind among the row's sources when all of them are weak kinds, else None. Russian
    officials' own words in Russian state media are exempt (None)."""
    sources = load_sources()
    kinds = {sources[row[f]].kind for f in describe(table).source_fields if isinstance(row[f], str)}
    if not kinds or not kinds <= set(WEAK_KINDS):
        return None
    if table == "russian_statements" and kinds == {"state_media"}:
        return None
    return max(kinds, key=WEAK_KINDS.index)


def reason_of(row: pd.Series) -> str | None:
    """The row's stated reason why no better source exists; blank text is no reason."""
    text = row.get(REASON)
    return text.strip() or None if isinstance(text, str) else None


def unexplained(claim_rows, rows_of=_rows_by_id) -> dict[tuple[str, str], str]:
    """(table, row) -> weak kind, for the rows among `claim_rows` that rest only on weak sources and
    give no reason. `rows_of(table)` maps row ids to rows (a stand-in can be passed in tests)."""
    found = {}
    for table, row_id in claim_rows:
        row = rows_of(table)[row_id]
        kind = weak_kind(table, row)
        if kind and not reason_of(row):
            found[(table, row_id)] = kind
    return found


@pytest.fixture(scope="module")
def headline_rows(chapter_values) -> dict[tuple[str, str], list[str]]:
    values = chapter_values
    used: dict[tuple[str, str], list[str]] = {}
    for page, chapter, key in headline_uses():
        claim = values[chapter][key]
        for row in claim.rows:
            used.setdefault(row, []).append(f"{page} {key}")
    return used


def test_no_headline_rests_only_on_a_weak_source_without_a_reason(headline_rows):
    found = unexplained(headline_rows)
    assert not found, (
        "headline numbers resting only on a wiki, aggregator or state media: cite a stronger source, or say in "
        f"the row's {REASON} why none exists and what was searched: " + "; ".join(
            f"{t} {r} ({kind}) behind {', '.join(headline_rows[(t, r)])}" for (t, r), kind in found.items()))


def test_headline_numbers_were_found(headline_rows):
    """Guard for the test above: if the Key points parsing broke, it would pass on nothing."""
    assert len(headline_rows) > 50


def test_a_reason_is_given_only_where_a_weak_source_needs_one():
    """A row re-sourced to a stronger source drops its reason; an empty reason is not written."""
    stale = []
    for table in table_names():
        if REASON not in describe(table).field_names:
            continue
        for row_id, row in _rows_by_id(table).items():
            if reason_of(row) and not weak_kind(table, row):
                stale.append(f"{table} {row_id}")
    assert not stale, f"{REASON} on rows that have a stronger source (remove it): {stale}"


def test_the_reason_field_is_the_shared_one():
    """One definition in data/shared.yaml: the same description wherever the field appears."""
    descriptions = {table: next(f.description for f in describe(table).fields if f.name == REASON)
                    for table in table_names() if REASON in describe(table).field_names}
    assert len(descriptions) >= 5 and len(set(descriptions.values())) == 1, descriptions


def test_a_weak_row_without_a_reason_is_caught():
    m01 = _rows_by_id("precedent_missions")["m01"]
    assert weak_kind("precedent_missions", m01) == "reference_work" and reason_of(m01)
    for blank in (None, "", "   ", "\t\n"):
        row = m01.copy()
        row[REASON] = blank
        assert unexplained([("precedent_missions", "m01")], lambda table: {"m01": row}) == {
            ("precedent_missions", "m01"): "reference_work"}, repr(blank)
    assert not unexplained([("precedent_missions", "m01")])


def test_strong_sources_and_russian_officials_in_state_media_pass():
    sources = load_sources()
    statements = load_tables(["us_statements"])["us_statements"]
    strong = statements[statements["source_id"].map(lambda k: sources[k].kind not in WEAK_KINDS)].iloc[0]
    assert not unexplained([("us_statements", strong["id"])])
    russian = load_tables(["russian_statements"])["russian_statements"]
    state = russian[russian["source_id"].map(lambda k: sources[k].kind == "state_media")]
    assert len(state) and not unexplained([("russian_statements", state["id"].iloc[0])])


def test_the_reason_is_shown_with_the_rows_evidence():
    """The evidence page lists the reason under the row's sources; rows with a strong source show none."""
    from analysis.claims import _row_record
    from booktools.claims import _row_item

    weak, strong = _row_record("precedent_missions", "m01"), _row_record("precedent_missions", "m14")
    assert weak["weak_source_reason"] == reason_of(_rows_by_id("precedent_missions")["m01"])
    assert strong["weak_source_reason"] == ""
    assert "Why no stronger source: " + weak["weak_source_reason"] in _row_item("chapters/peacekeeping", weak).astext()
    assert "Why no stronger source" not in _row_item("chapters/peacekeeping", strong).astext()
