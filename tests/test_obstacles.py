"""Computations, charts and tables of the obstacles chapter."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_sources, load_table
from analysis.obstacles import (FORCE_GROUP, WHOLE_FORCE, agreement_kind, agreement_spans, counted_once, ceasefire_claims, checklist,
                                condition_status, count_label, count_outcomes, count_spread, group_ranges,
                                latest_value, obstacle_country_pairs, obstacles_per_country, scale_figures, seed_conditions,
                                times_larger)
from analysis.obstacles_charts import (agreements_timeline_chart, ceasefire_counts_chart, checklist_chart,
                                       obstacle_matrix_chart, russian_statements_chart, scale_chart)

SEED_CONDITIONS = seed_conditions()


# --- agreements -------------------------------------------------------------------------------------

def _agreements():
    return pd.DataFrame({
        "id": ["a02", "a01", "a03"],
        "signed_on": pd.to_datetime(["2014-04-17", "1994-12-05", "2025-04-19"]),
        "ended_on": pd.to_datetime([None, None, "2025-04-21"]),
        "outcome": ["never_implemented", "violated", "expired"],
    })


def test_agreement_kind_tells_unilateral_agreed_and_without_russia():
    frame = pd.DataFrame({"parties": ["Russia", "Ukraine; Russia;OSCE", "Ukraine;United States", " Russia "]})
    assert list(agreement_kind(frame)) == ["unilateral", "agreed", "without_russia", "unilateral"]


def test_counted_once_drops_the_members_of_a_series():
    frame = pd.DataFrame({"id": ["a05", "a06", "a07", "a08"], "part_of": [None, "a05", "a05", None]})
    assert list(counted_once(frame)["id"]) == ["a05", "a08"]


def test_the_real_record_counts_the_contact_group_series_once():
    record = load_table("agreements_record")
    members = record[record["part_of"].notna()]
    assert set(members["part_of"]) <= set(record["id"]), "a series a truce belongs to must be a row"
    assert set(members["id"]) == {"a06", "a07"}
    assert len(counted_once(record)) == len(record) - len(members)
    # Russia's own truces are the unilateral ones: every row with Russia alone as party.
    kinds = agreement_kind(record).set_axis(record["id"])
    assert set(kinds[kinds == "unilateral"].index) == set(record.loc[record["parties"].str.strip() == "Russia", "id"])


def test_count_outcomes_counts_only_the_given_outcomes():
    frame = _agreements()
    assert count_outcomes(frame, ("violated", "never_implemented")) == 2
    assert count_outcomes(frame, ("expired",)) == 1
    with pytest.raises(ValueError, match="unknown outcomes"):
        count_outcomes(frame, ("broken",))


def test_agreement_spans_orders_by_date_and_draws_undated_ends_as_points():
    spans = agreement_spans(_agreements())
    assert list(spans["id"]) == ["a01", "a02", "a03"]
    assert spans.iloc[0]["drawn_end"] == pd.Timestamp("1994-12-05")
    # 19 to 21 April: two days.
    assert spans.iloc[2]["days_lasted"] == 2
    assert pd.isna(spans.iloc[1]["days_lasted"])
    assert spans.iloc[1]["outcome_label"] == "Never implemented"


# --- ceasefire counts -------------------------------------------------------------------------------

def _counts():
    return pd.DataFrame({
        "id": ["c1", "c2", "c3", "c4"],
        "count": [11, 19, 20, 22],
        "qualifier": ["exact", "ordinal", "more_than", "ordinal"],
        "counted": ["ceasefire_attempts", "ceasefire_attempts", "ceasefire_agreements", "ceasefire_attempts"],
        "period": ["2014-2018", "2014-2018", "2014-2022", "2014-2018"],
        "claimant": ["A", "B", "C", "D"],
        "counted_to": pd.to_datetime(["2018-03-30", "2018-03-30", "2022-01-01", "2018-12-29"]),
        "source_id": ["s1", "s2", "s3", "s2"],
    })


def test_count_label_keeps_the_claimants_terms():
    rows = _counts().to_dict("records")
    assert [count_label(pd.Series(r)) for r in rows] == ["11", "the 19th", "more than 20", "the 22nd"]
    assert count_label(pd.Series({"count": 12, "qualifier": "ordinal"})) == "the 12th"
    assert count_label(pd.Series({"count": 21, "qualifier": "ordinal"})) == "the 21st"


def test_ceasefire_claims_keeps_every_claim_in_date_order():
    claims = ceasefire_claims(_counts())
    assert list(claims["id"]) == ["c1", "c2", "c4", "c3"]
    assert claims.iloc[0]["row_label"] == "A · 2014-2018"
    assert len(claims) == 4  # never merged into one number


def test_count_spread():
    assert count_spread(_counts()) == {"claims": 4, "claimants": 3, "lowest": 11, "highest": 22}
    with pytest.raises(ValueError):
        count_spread(_counts().iloc[0:0])


# --- scale ------------------------------------------------------------------------------------------

def _forces():
    return pd.DataFrame({
        "id": ["f1", "f2", "f3", "f4"],
        "country": ["RUS", "RUS", "UKR", "UKR"],
        "measure": ["deployed_in_ukraine_estimate", "deployed_in_ukraine_estimate", "active_personnel_estimate",
                    "proposed_cap"],
        "value": [600000, 715000, 880000, 800000],
        "refers_to_date": pd.to_datetime(["2025-01-15", "2026-01-22", "2025-01-15", "2025-11-01"]),
        "attributed_to": ["Z", "S", "Z", "E3"],
        "source_id": ["a", "b", "a", "c"],
    })


def _sizes():
    return pd.DataFrame({
        "label": ["x", "y", "hq"], "low": [10000, 25000, 70], "high": [10000, 30000, 70],
        "scope": ["coalition_total", "coalition_total", "headquarters_staff"],
        "stated_on": pd.to_datetime(["2025-04-01", "2025-02-17", "2026-02-24"]),
        "attributed_to": ["IISS", "WaPo", "MoD"], "source_id": ["i", "w", "m"],
    })


def test_scale_figures_takes_whole_force_sizes_only_and_labels_groups():
    figures = scale_figures(_forces(), _sizes())
    force = figures[figures["group"] == FORCE_GROUP]
    assert list(force["low"]) == [10000, 25000] and list(force["high"]) == [10000, 30000]  # no HQ staff
    assert len(figures) == 6
    assert "Russia: troops in or against Ukraine (estimates)" in set(figures["group"])


def test_scale_figures_rejects_an_unlabelled_measure():
    forces = _forces().assign(measure=["decreed_ceiling", "x", "proposed_cap", "proposed_cap"])
    with pytest.raises(ValueError, match="no label"):
        scale_figures(forces, _sizes())


def test_group_ranges_spans_each_group():
    ranges = group_ranges(scale_figures(_forces(), _sizes())).set_index("group")
    assert ranges.loc[FORCE_GROUP, "lowest"] == 10000 and ranges.loc[FORCE_GROUP, "highest"] == 30000
    russia = ranges.loc["Russia: troops in or against Ukraine (estimates)"]
    assert (russia["lowest"], russia["highest"], russia["figures"], russia["sources"]) == (600000, 715000, 2, 2)


def test_latest_value_and_ratio():
    assert latest_value(_forces(), "RUS", "deployed_in_ukraine_estimate")["value"] == 715000
    with pytest.raises(ValueError, match="no decreed_ceiling figure for RUS"):
        latest_value(_forces(), "RUS", "decreed_ceiling")
    assert times_larger(715000, 20000) == pytest.approx(35.75)
    with pytest.raises(ValueError):
        times_larger(1, 0)


# --- obstacle register ------------------------------------------------------------------------------

def _register():
    return pd.DataFrame({"id": ["o1", "o2", "o3"], "countries": ["GBR", "ITA;POL", None],
                         "category": ["political", "political", "operational"]})


def test_obstacle_country_pairs_explodes_and_names_the_whole_force():
    pairs = obstacle_country_pairs(_register())
    assert list(zip(pairs["id"], pairs["country"])) == [("o1", "GBR"), ("o2", "ITA"), ("o2", "POL"),
                                                        ("o3", WHOLE_FORCE)]


def test_obstacles_per_country_counts_each_obstacle_once():
    register = pd.concat([_register(), pd.DataFrame({"id": ["o4"], "countries": ["POL"],
                                                     "category": ["political"]})])
    counts = obstacles_per_country(register)
    assert counts.index[0] == "POL" and counts["POL"] == 2
    assert counts["GBR"] == 1 and counts[WHOLE_FORCE] == 1


# --- path forward -----------------------------------------------------------------------------------

def _conditions():
    return pd.DataFrame({
        "id": ["p3", "p1", "p2", "p4"],
        "condition": [SEED_CONDITIONS[3], SEED_CONDITIONS[0], SEED_CONDITIONS[0], SEED_CONDITIONS[3]],
        "scope": ["West", "RU-UA", "RU-UA", "With Russia"],
        "status": ["partly_met", "not_met", "partly_met", "not_met"],
        "as_of": pd.to_datetime(["2026-01-06", "2026-02-10", "2026-04-10", "2026-01-06"]),
        "source_id": ["bbc2025reassurance"] * 4,
    })


def test_checklist_follows_the_seed_order_with_dates_and_sources():
    rows = checklist(_conditions())
    assert list(rows["id"]) == ["p1", "p2", "p3", "p4"]
    assert list(rows["number"]) == [1, 1, 4, 4]
    assert rows.iloc[0]["as_of_label"] == "10 Feb 2026"
    assert rows.iloc[0]["status_label"] == "Not met"
    assert rows.iloc[0]["source_label"] == "BBC News, 2025-03-20"


def test_checklist_rejects_a_condition_not_in_the_seeds():
    with pytest.raises(ValueError, match="not one of the seed report's conditions"):
        checklist(_conditions().assign(condition="World peace"))


def test_condition_status_takes_the_latest_date_and_the_least_met_on_ties():
    status = condition_status(_conditions())
    # Ceasefire: the April row (partly met) is the latest. Consensus: two rows on one day; not met wins.
    assert status[SEED_CONDITIONS[0]] == "partly_met"
    assert status[SEED_CONDITIONS[3]] == "not_met"
    assert list(status.index) == [SEED_CONDITIONS[0], SEED_CONDITIONS[3]]


# --- the real tables and charts ---------------------------------------------------------------------

def test_real_tables_meet_the_issue():
    assert len(load_table("agreements_record")) >= 12
    counts = load_table("ceasefire_counts")
    assert counts["count"].nunique() > 1  # the disagreement is kept
    assert set(load_table("path_forward_conditions")["condition"]) == set(seed_conditions())
    assert set(load_table("armed_forces_scale")["country"]) == {"UKR", "RUS"}
    assert set(load_table("obstacle_register")["category"]) == {"political", "operational", "international"}
    assert len(load_table("russian_statements")) > 0


def test_charts_build_from_the_real_tables():
    figures = [
        agreements_timeline_chart(load_table("agreements_record")),
        ceasefire_counts_chart(load_table("ceasefire_counts")),
        scale_chart(load_table("armed_forces_scale"), load_table("force_size_estimates")),
        russian_statements_chart(load_table("russian_statements"), load_sources()),
        obstacle_matrix_chart(load_table("obstacle_register")),
        checklist_chart(load_table("path_forward_conditions")),
    ]
    assert len({f.name for f in figures}) == 6
    counts = figures[1]
    for row in load_table("ceasefire_counts").itertuples():
        assert row.claimant in counts.alt_text  # every claimant named in the text alternative
    checklist_fig = figures[5]
    assert "as of" in checklist_fig.alt_text and set(checklist_fig.data["source_id"]) <= set(load_sources())


def test_checklist_gives_rows_of_one_condition_and_scope_their_own_lines():
    """Two dated rows for the same condition and scope once shared a line and their texts overprinted."""
    ceasefire = SEED_CONDITIONS[0]
    rows = pd.DataFrame({
        "id": ["p01", "p02", "p03"],
        "condition": [ceasefire, ceasefire, SEED_CONDITIONS[1]],
        "scope": ["Russia and Ukraine", "Russia and Ukraine", "Contributing states"],
        "status": ["not_met", "not_met", "partly_met"],
        "as_of": pd.to_datetime(["2026-02-10", "2026-06-29", "2026-01-07"]),
        "date_precision": ["day"] * 3,
        "status_detail": ["a", "b", "c"],
        "source_id": ["soufan2026intelbrief", "prm2026easter", "newsbytes2026paris"],
        "evidence": ["x", "y", "z"],
    })
    figure = checklist_chart(rows)
    labels = list(figure.data["row_label"])
    assert len(set(labels)) == 3
    assert labels[0].endswith("(Russia and Ukraine), 10 Feb 2026") and labels[1].endswith("29 Jun 2026")
    assert labels[2] == f"2. {SEED_CONDITIONS[1]} (Contributing states)"  # a lone row keeps its plain label
    # Every row shows its status: its cell's text starts with the status, among the date and the source.
    datasets = list(figure.chart.to_dict()["datasets"].values())
    cells = [r for d in datasets for r in d if "text" in r]
    assert len(cells) == len(rows)
    assert sorted(r["text"].strip().split("\n")[0] for r in cells) == ["Not met", "Not met", "Partly met"]
