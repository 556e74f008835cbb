"""Scenario logic and summaries of the US chapter, on small hand-made frames."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.us import (ADD, FEASIBLE, NOT_FEASIBLE, capability_status, corridor_running_totals, count_tier,
                         dependency_matrix, feasibility_by_reading, mission_feasibility, stance_counts, us_provides)



def _caps():
    # isr: assessed insufficient and partial (sources disagree); air_defence insufficient;
    # c2 partial; mcm sufficient.
    return pd.DataFrame({
        "id": ["c1", "c2", "c3", "c4", "c5"],
        "capability_key": ["isr", "isr", "air_defence", "command_control", "mine_countermeasures"],
        "european_capacity": ["insufficient", "partial", "insufficient", "partial", "sufficient"],
        "us_dependency": ["high", "high", "high", "medium", "low"],
        "source_id": ["s1", "s2", "s1", "s3", "s4"],
    })


def _needs():
    return pd.DataFrame({
        "mission": ["ceasefire_monitoring", "ground_reassurance", "ground_reassurance", "ground_reassurance",
                    "safer_seas"],
        "capability_key": ["isr", "isr", "air_defence", "command_control", "mine_countermeasures"],
    })


def _support():
    return pd.DataFrame({"scenario": ["b_enablers", "b_enablers", "c_air_backstop"],
                         "capability_key": ["isr", "isr", "air_defence"]})


def test_capability_status_cautious_takes_worst_and_generous_best():
    cautious = capability_status(_caps(), "cautious")
    generous = capability_status(_caps(), "generous")
    assert cautious["isr"] == "insufficient" and generous["isr"] == "partial"
    assert cautious["mine_countermeasures"] == generous["mine_countermeasures"] == "sufficient"
    with pytest.raises(ValueError, match="unknown reading"):
        capability_status(_caps(), "hopeful")


def test_capability_status_rejects_unknown_codes():
    bad = _caps().assign(european_capacity=["plenty"] * 5)
    with pytest.raises(ValueError, match="unknown capacity codes"):
        capability_status(bad)


def test_us_provides_is_cumulative():
    assert us_provides(_support(), "a_no_us") == set()
    assert us_provides(_support(), "b_enablers") == {"isr"}
    assert us_provides(_support(), "c_air_backstop") == {"isr", "air_defence"}
    with pytest.raises(ValueError, match="unknown scenario"):
        us_provides(_support(), "d_nato")


def test_mission_feasibility_cautious_by_hand():
    f = mission_feasibility(_needs(), capability_status(_caps(), "cautious"), _support()).set_index(
        ["mission", "scenario"])
    # Monitoring needs ISR only: lacking in (a), covered by the US from (b).
    assert f.loc[("ceasefire_monitoring", "a_no_us"), "tier"] == NOT_FEASIBLE
    assert f.loc[("ceasefire_monitoring", "b_enablers"), "tier"] == FEASIBLE
    assert f.loc[("ceasefire_monitoring", "b_enablers"), "us_covers"] == "isr"
    # Ground: air defence lacking until (c); C2 partial and never provided -> Europe must add.
    assert f.loc[("ground_reassurance", "b_enablers"), "tier"] == NOT_FEASIBLE
    assert f.loc[("ground_reassurance", "c_air_backstop"), "tier"] == ADD
    assert f.loc[("ground_reassurance", "c_air_backstop"), "gaps"] == "command_control (partial)"
    assert f.loc[("ground_reassurance", "a_no_us"), "gaps"] == \
        "air_defence (insufficient), command_control (partial), isr (insufficient)"
    # Seas: MCM is European-sufficient, so feasible whatever the US does.
    assert set(f.loc["safer_seas", "tier"]) == {FEASIBLE}
    assert f.loc[("safer_seas", "a_no_us"), "gaps"] == ""


def test_mission_feasibility_generous_softens_isr():
    f = mission_feasibility(_needs(), capability_status(_caps(), "generous"), _support()).set_index(
        ["mission", "scenario"])
    assert f.loc[("ceasefire_monitoring", "a_no_us"), "tier"] == ADD
    assert f.loc[("ground_reassurance", "a_no_us"), "tier"] == NOT_FEASIBLE  # air defence still lacking


def test_mission_needing_an_unassessed_enabler_is_an_error():
    needs = pd.concat([_needs(), pd.DataFrame({"mission": ["air_policing"], "capability_key": ["tankers"]})])
    with pytest.raises(ValueError, match=r"no capability assessment for needed enablers \['tankers'\]"):
        mission_feasibility(needs, capability_status(_caps()), _support())


def test_feasibility_by_reading_and_count_tier():
    f = feasibility_by_reading(_needs(), _caps(), _support())
    assert len(f) == 3 * 3 * 2  # 3 missions x 3 scenarios x 2 readings
    # (a), cautious: monitoring and ground not feasible, seas feasible.
    assert count_tier(f, "a_no_us", NOT_FEASIBLE, "cautious") == 2
    assert count_tier(f, "a_no_us", FEASIBLE, "cautious") == 1
    # (a), both readings: ground not feasible twice.
    assert count_tier(f, "a_no_us", NOT_FEASIBLE) == 3
    with pytest.raises(ValueError, match="unknown tier"):
        count_tier(f, "a_no_us", "maybe")


def test_dependency_matrix_counts_assessments():
    m = dependency_matrix(_caps()).set_index(["capability_key", "european_capacity"])
    assert m.loc[("isr", "insufficient"), "assessments"] == 1
    assert m.loc[("isr", "partial"), "assessments"] == 1
    assert len(m) == 5


def test_stance_counts():
    s = pd.DataFrame({"topic": ["troops", "troops", "air_support"], "stance": ["opposed", "opposed", "conditional"]})
    t = stance_counts(s)
    assert t.loc["troops", "opposed"] == 2 and t.loc["air_support", "conditional"] == 1
    assert t.loc["air_support", "opposed"] == 0


def test_corridor_running_totals_keeps_only_cumulative_in_order():
    c = pd.DataFrame({
        "id": ["x2", "x1", "x3"],
        "measure": ["corridor_cumulative", "corridor_cumulative", "corridor_period"],
        "period_end": pd.to_datetime(["2025-01-01", "2024-01-01", "2024-06-01"]),
        "cargo_tonnes": pd.array([100_000_000, 15_000_000, 6_300_000], dtype="Int64"),
    })
    t = corridor_running_totals(c)
    assert list(t["id"]) == ["x1", "x2"]
    assert list(t["cargo_mt"]) == [15.0, 100.0]
