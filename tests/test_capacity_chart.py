"""The capacity chart: every coalition member drawn, one source, one year, loud failures otherwise."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.capacity_chart import capacity_chart, capacity_frame
from analysis.coalition import latest_positions
from analysis.tables import load_table


@pytest.fixture(scope="module")
def latest() -> pd.DataFrame:
    return latest_positions(load_table("coalition_countries"), load_table("coalition_positions"))


@pytest.fixture(scope="module")
def personnel() -> pd.DataFrame:
    return load_table("armed_forces_personnel")


def _rows(spec: dict) -> list[str]:
    """The countries on the chart's y axis, in drawing order."""
    return spec["layer"][0]["encoding"]["y"]["scale"]["domain"]


def test_every_member_has_a_row_and_is_on_the_chart(personnel, latest):
    members = set(load_table("coalition_countries")["country"])
    assert set(personnel["country"]) == members
    figure = capacity_chart(personnel, latest)
    assert set(_rows(figure.spec)) == members
    assert len(_rows(figure.spec)) == len(members)


def test_one_source_and_one_year(personnel, latest):
    assert personnel["source_id"].nunique() == 1
    assert personnel["year"].nunique() == 1
    figure = capacity_chart(personnel, latest)
    year = int(personnel["year"].iloc[0])
    assert figure.sources == [personnel["source_id"].iloc[0]]
    assert str(year) in figure.alt_text and "World Bank" in figure.alt_text


def test_largest_first_and_members_without_a_figure_last(personnel, latest):
    frame = capacity_frame(personnel, latest)
    figures = frame["personnel"].dropna().tolist()
    assert figures == sorted(figures, reverse=True)
    assert frame["personnel"].isna().sum() == personnel["personnel"].isna().sum()
    assert frame["personnel"].tail(personnel["personnel"].isna().sum()).isna().all()


def test_a_member_without_a_figure_is_named_not_dropped(personnel, latest):
    figure = capacity_chart(personnel, latest)
    for country in personnel.loc[personnel["personnel"].isna(), "country"]:
        assert country in figure.alt_text
        assert country in _rows(figure.spec)
    # every member without a figure says why, in the notes
    assert personnel.loc[personnel["personnel"].isna(), "notes"].notna().all()


def test_a_member_without_a_row_fails_loudly_with_its_name(personnel, latest):
    without_france = personnel[personnel["iso3"] != "FRA"]
    with pytest.raises(ValueError, match="no row for France"):
        capacity_chart(without_france, latest)


def test_two_years_fail_loudly(personnel, latest):
    mixed = personnel.copy()
    mixed.loc[mixed["iso3"] == "DEU", "year"] = int(personnel["year"].iloc[0]) + 1
    with pytest.raises(ValueError, match="one year"):
        capacity_chart(mixed, latest)


def test_colour_legend_lists_every_position_label(personnel, latest):
    from analysis.tables import labels
    spec = capacity_chart(personnel, latest).spec
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == list(labels("coalition_positions", "position").values())
