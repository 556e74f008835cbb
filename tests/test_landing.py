"""What the landing page computes for itself: the newest changelog entry, and the milestones table."""
from __future__ import annotations

from analysis import load_tables
from analysis.landing import latest_changes, timeline

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
