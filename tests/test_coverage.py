"""How current a chapter is: the latest dated event its rows cover, never a deadline, a headline we
did not read, or the day we read an undated page."""
import pandas as pd

from analysis import load_tables
from analysis.coverage import latest_event
from analysis.edition import load_edition
from analysis.sources import load_sources


def test_latest_event_is_the_latest_date_and_names_its_rows():
    tables = load_tables(["command_decisions"])
    claim = latest_event(tables)
    decisions = tables["command_decisions"]
    assert pd.Timestamp(claim.value) == decisions["date"].max()
    assert all(table == "command_decisions" for table, _ in claim.rows)


def test_future_dates_do_not_count():
    """us_cost_estimates declares refers_to_date a future date (a scenario's target year)."""
    tables = load_tables(["us_cost_estimates", "us_statements"])
    assert tables["us_cost_estimates"]["refers_to_date"].max().date() > load_edition().as_of
    assert latest_event(tables).value <= load_edition().as_of


def test_headlines_we_did_not_read_do_not_date_a_chapter():
    tables = load_tables(["developments"])
    developments = tables["developments"]
    unread = developments[~developments["read_in_full"].astype(bool)]
    read = developments[developments["read_in_full"].astype(bool)]
    assert pd.Timestamp(latest_event(tables).value) == read["date"].max()
    if not unread.empty:
        assert unread["date"].max() >= read["date"].max(), "the test needs a later unread row to mean anything"


def test_an_access_date_is_not_an_event():
    tables = load_tables(["obstacle_register"])
    register = tables["obstacle_register"]
    accessed = register[register["date_basis"] == "accessed"]
    assert pd.Timestamp(latest_event(tables).value) <= register.loc[register["date_basis"] != "accessed", "as_of"].max()
    assert not accessed.empty


def test_sources_dated_on_the_day_of_compilation_are_marked_undated():
    """Nothing we read was published on the as-of day; such a date can only be an access date."""
    as_of = load_edition().as_of
    unmarked = [k for k, s in load_sources().items() if s.date >= as_of and not s.undated]
    assert not unmarked, f"dated on/after as_of but not marked as access-dated: {unmarked}"
