"""What a headline rests on: every row behind a number in Key points, or in the landing page's bottom
line and key points, should have a source stronger than a wiki, an aggregator or state media.

Two exceptions. Russian officials' own words may come from Russian state media (the methods page says
so, and those rows are labelled). And the rows in WEAK_HEADLINE_ROWS: headline rows that still rest
only on a weak source, listed so that the list can only shrink. A new weak row under a headline fails;
so does a listed row that has since been re-sourced (take it off the list).
"""
from __future__ import annotations

import re

import pytest

from analysis import coalition, concept, load_tables, obstacles, peacekeeping, us
from analysis.claims import _rows_by_id
from analysis.paths import ROOT
from analysis.sources import WEAK_KINDS, load_sources
from analysis.tables import describe

CHAPTERS = {"concept": concept, "peacekeeping": peacekeeping, "coalition": coalition, "obstacles": obstacles, "us": us}
GLUED = re.compile(r"\{glue:text\}`(?:chapters/(\w+)\.md::)?([a-z0-9_]+)(?::s)?`")
KEY_POINTS = re.compile(r":::\{admonition\} Key points.*?\n:::\s*\n", re.S)

# Headline rows still resting only on a weak source, to be re-sourced: table, row -> the weak kind.
WEAK_HEADLINE_ROWS = {
    ("agreements_record", "a04"): "reference_work", ("agreements_record", "a16"): "aggregator_copy",
    ("ceasefire_counts", "c02"): "state_media", ("ceasefire_counts", "c03"): "state_media",
    ("coalition_countries", "AUT"): "aggregator_copy", ("coalition_countries", "ISL"): "aggregator_copy",
    ("coalition_countries", "MLT"): "aggregator_copy", ("coalition_meetings", "M02b"): "aggregator_copy",
    ("coalition_meetings", "M02c"): "aggregator_copy", ("coalition_meetings", "M14b"): "aggregator_copy",
    ("coalition_meetings", "M15"): "aggregator_copy", ("coalition_positions", "P066"): "aggregator_copy",
    ("coalition_positions", "P075"): "aggregator_copy", ("obstacle_register", "o02"): "aggregator_copy",
    ("obstacle_register", "o03"): "aggregator_copy", ("obstacle_register", "o12"): "aggregator_copy",
    ("obstacle_register", "o14"): "aggregator_copy", ("obstacle_register", "o15"): "state_media",
    ("obstacle_register", "o21"): "aggregator_copy", ("path_forward_conditions", "p03"): "aggregator_copy",
    ("path_forward_conditions", "p06"): "state_media", ("precedent_missions", "m01"): "reference_work",
    ("precedent_missions", "m03"): "reference_work", ("precedent_missions", "m05"): "reference_work",
    ("precedent_missions", "m07"): "reference_work", ("precedent_missions", "m14"): "reference_work",
    ("russian_statements", "s17"): "aggregator_copy", ("us_capability_dependency", "cap11"): "aggregator_copy",
    ("us_capability_dependency", "cap16"): "aggregator_copy", ("us_capability_dependency", "cap17"): "aggregator_copy",
    ("us_mission_needs", "need_sea_escort"): "aggregator_copy", ("us_mission_needs", "need_sea_mcm"): "aggregator_copy",
}


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


def weak_rows(claim_rows) -> dict[tuple[str, str], str]:
    """The rows among `claim_rows` whose sources are all of weak kinds, except Russian officials' own words
    in Russian state media."""
    sources = load_sources()
    weak = {}
    for table, row_id in claim_rows:
        row = _rows_by_id(table)[row_id]
        kinds = {sources[row[f]].kind for f in describe(table).source_fields if isinstance(row[f], str)}
        if not kinds or not kinds <= set(WEAK_KINDS):
            continue
        if table == "russian_statements" and kinds == {"state_media"}:
            continue
        weak[(table, row_id)] = sorted(kinds)[0]
    return weak


@pytest.fixture(scope="module")
def headline_rows() -> dict[tuple[str, str], list[str]]:
    values = {name: getattr(module, f"{name}_values")(load_tables(module.TABLES)) for name, module in CHAPTERS.items()}
    used: dict[tuple[str, str], list[str]] = {}
    for page, chapter, key in headline_uses():
        claim = values[chapter][key]
        for row in claim.rows:
            used.setdefault(row, []).append(f"{page} {key}")
    return used


def test_no_new_headline_rests_only_on_a_weak_source(headline_rows):
    found = weak_rows(headline_rows)
    new = {row: kind for row, kind in found.items() if row not in WEAK_HEADLINE_ROWS}
    assert not new, "headline numbers resting only on a wiki, aggregator or state media: " + "; ".join(
        f"{t} {r} ({kind}) behind {', '.join(headline_rows[(t, r)])}" for (t, r), kind in new.items())


def test_the_list_of_weak_headline_rows_only_shrinks(headline_rows):
    found = weak_rows(headline_rows)
    stale = sorted(row for row in WEAK_HEADLINE_ROWS if row not in found)
    assert not stale, f"re-sourced or no longer under a headline, take off WEAK_HEADLINE_ROWS: {stale}"


def test_the_check_catches_a_weak_row():
    sources = load_sources()
    statements = load_tables(["us_statements"])["us_statements"]
    strong = statements[statements["source_id"].map(lambda k: sources[k].kind not in WEAK_KINDS)].iloc[0]
    assert not weak_rows([("us_statements", strong["id"])])
    russian = load_tables(["russian_statements"])["russian_statements"]
    state = russian[russian["source_id"].map(lambda k: sources[k].kind == "state_media")]
    assert len(state) and not weak_rows([("russian_statements", state["id"].iloc[0])])
    assert weak_rows([("precedent_missions", "m01")]) == {("precedent_missions", "m01"): "reference_work"}
