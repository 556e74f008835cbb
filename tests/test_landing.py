"""What the landing page computes for itself: the newest changelog entry, and the milestones table."""
from __future__ import annotations

import pytest

from analysis import load_tables
from analysis.landing import CHAPTERS, latest_changes, timeline
from analysis.paths import ROOT

CHANGELOG = """# Changes

## 0.3.0 (1 May 2027)

- New thing.

### Corrections

- One.
- Two.

## 0.2.0 (1 December 2026)

- Older thing.
"""


def test_latest_changes_takes_the_newest_entry_and_counts_its_corrections():
    version, summary, n = latest_changes(CHANGELOG)
    assert version == "0.3.0" and summary == "- New thing." and n == 2


def test_the_real_changelog_has_a_newest_entry_with_corrections():
    version, summary, n = latest_changes()
    assert summary and n > 0


def test_timeline_rows_come_from_the_tables_in_date_order():
    tables = load_tables(["command_decisions", "coalition_meetings", "agreements_record", "developments"])
    frame = timeline(tables)
    assert list(frame["date"]) == sorted(frame["date"])
    assert frame["date"].min().year >= 2025
    for row in frame.itertuples():
        ids = set(tables[row.table][tables[row.table].columns[0]].astype(str))
        assert row.row_id in ids, f"{row.table} has no row {row.row_id}"
    # Headline-only developments never make the timeline.
    read = tables["developments"].set_index("id")["read_in_full"]
    assert all(read[r] for r in frame.loc[frame["table"] == "developments", "row_id"])


def test_the_landing_page_says_how_current_every_chapter_is():
    page = (ROOT / "index.md").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert f"{{glue:text}}`covers_{chapter}`" in page, f"index.md does not show how current {chapter} is"


def test_the_landing_values_state_the_edition_and_time_the_briefing_without_its_annexes():
    from analysis import load_edition
    from analysis.landing import landing_values
    from analysis.reading import reading_minutes

    values = landing_values(load_tables)
    edition = load_edition()
    assert (values["version"], values["as_of"]) == (edition.version, f"{edition.as_of:%-d %B %Y}")
    chapters = [ROOT / "chapters" / f"{c}.md" for c in CHAPTERS]
    assert values["reading_minutes"] == reading_minutes([ROOT / "index.md", *chapters])
    assert values["reading_minutes"] < reading_minutes([ROOT / "index.md", *chapters,
                                                        *(ROOT / "chapters" / f"annex_{c}.md" for c in CHAPTERS)])
    assert values["n_corrections"] == latest_changes()[2] > 0


def test_a_figure_from_the_data_cannot_be_glued_without_its_evidence():
    from analysis import glue_plain
    from analysis.claims import claim_count

    with pytest.raises(TypeError, match="glue_all"):
        glue_plain({"n": claim_count(load_tables(["coalition_meetings"])["coalition_meetings"], "meetings")})
