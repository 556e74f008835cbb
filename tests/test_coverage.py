import datetime as dt

from analysis.coverage import latest_dated_source
from analysis.edition import load_edition
from analysis.sources import load_sources


def test_latest_source_is_dated_and_not_after_as_of():
    latest = latest_dated_source()
    assert not latest.undated and latest.date <= load_edition().as_of


def test_latest_source_moves_with_as_of():
    early = latest_dated_source(dt.date(2025, 6, 1))
    assert early.date <= dt.date(2025, 6, 1) < latest_dated_source().date


def test_sources_dated_on_the_day_of_compilation_are_marked_undated():
    """Nothing we read was published on the as-of day; such a date can only be an access date."""
    as_of = load_edition().as_of
    unmarked = [k for k, s in load_sources().items() if s.date >= as_of and not s.undated]
    assert not unmarked, f"dated on/after as_of but not marked as access-dated: {unmarked}"
