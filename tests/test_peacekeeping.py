"""Computations of the peacekeeping chapter, on small hand-made frames."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.peacekeeping import (PROPOSED, band, departures, input_bounds, mission_density, option_density,
                                   option_front_density, per_km, per_thousand, principle_matrix,
                                   sizes_comparison, troops_needed, whole_front_km)


def test_per_thousand_and_per_km():
    assert per_thousand(20000, 31_500_000) == pytest.approx(0.634920, rel=1e-5)
    assert per_thousand(20000, 16_000_000) == pytest.approx(1.25)
    assert per_km(20000, 1250) == pytest.approx(16.0)
    assert list(per_thousand(pd.Series([10, 50]), pd.Series([1000, 10000]))) == [10.0, 5.0]
    with pytest.raises(ValueError):
        per_thousand(1, 0)
    with pytest.raises(ValueError):
        per_km(1, -5)


def test_troops_needed():
    # 20 per 1,000 of 16 million = 320,000; 5 per 1,000 of 31.5 million = 157,500.
    assert troops_needed(16_000_000, 20) == pytest.approx(320_000)
    assert troops_needed(31_500_000, 5) == pytest.approx(157_500)


def _inputs():
    return pd.DataFrame({
        "id": ["a", "b", "c", "f1", "f2", "f3", "f4"],
        "quantity": ["population_gov_controlled_ukraine"] * 3 + ["front_line_length_km"] * 4,
        "definition": ["government_controlled"] * 3 + ["active_front", "inactive_front", "active_front",
                                                      "total_front"],
        "value": [None, 29e6, 31.5e6, 1250, 2400, 1105, 2450],
        "low": [16e6, None, None, None, None, None, None],
        "high": [30e6, None, None, None, None, None, None],
        "refers_to_date": pd.to_datetime(["2024-09-20", "2024-09-01", "2025-02-25", "2025-09-26", "2025-09-26",
                                          "2022-06-01", "2022-06-01"]),
        "source_id": ["s1", "s2", "s3", "syr", "syr", "zal", "zal"],
    })


def test_input_bounds_keeps_each_source_and_band_spans_them():
    bounds = input_bounds(_inputs(), "population_gov_controlled_ukraine")
    assert list(bounds["low"]) == [16e6, 29e6, 31.5e6]
    assert list(bounds["high"]) == [30e6, 29e6, 31.5e6]
    assert band(bounds) == (16e6, 31.5e6)
    active = input_bounds(_inputs(), "front_line_length_km", ("active_front",))
    assert band(active) == (1105, 1250)
    with pytest.raises(ValueError, match="no input rows"):
        input_bounds(_inputs(), "front_line_length_km", ("imaginary",))


def test_input_bounds_rejects_rows_without_value_or_range():
    frame = _inputs()
    frame.loc[1, "value"] = None
    with pytest.raises(ValueError, match=r"\['b'\]"):
        input_bounds(frame, "population_gov_controlled_ukraine")


def test_whole_front_is_stated_total_or_sum_of_same_statement():
    whole = whole_front_km(_inputs())
    # Stated 2,450 km (2022); 1,250 + 2,400 = 3,650 km from the same 2025 statement, marked derived.
    assert list(whole["value"]) == [2450, 3650]
    assert list(whole["derived"]) == [False, True]


def _missions():
    return pd.DataFrame({
        "short_name": ["A", "B", "C"], "mission_type": ["un_peacekeeping", "deterrence", "nato_peace_support"],
        "strength_kind": ["peak", "current", "peak"],
        "strength": [5000, 4000, 60000], "population_covered": [200000, None, 4000000],
        "area_km2": [1000, 500, 50000], "consent_basis": ["all_parties", "host_state_only", "all_parties"],
        "impartial": [True, False, True], "use_of_force": ["self_defence", "deterrent_combat", "enforcement"],
        "source_id": ["sa", "sb", "sc"], "notes": ["", "", ""],
    })


def test_mission_density_skips_unsourced_population():
    d = mission_density(_missions())
    assert list(d["short_name"]) == ["A", "C"]
    assert list(d["per_1000"]) == pytest.approx([25.0, 15.0])
    assert list(d["per_100_km2"]) == pytest.approx([500.0, 120.0])


def test_option_density_uses_opposite_extremes():
    options = pd.DataFrame({"low": [20000, 10000], "high": [20000, 25000]})
    pops = pd.DataFrame({"low": [16e6, 29e6], "high": [30e6, 29e6]})
    d = option_density(options, pops)
    # low force over the highest population (30 m), high force over the lowest (16 m).
    assert list(d["per_1000_low"]) == pytest.approx([20000 / 30e6 * 1000, 10000 / 30e6 * 1000])
    assert list(d["per_1000_high"]) == pytest.approx([1.25, 25000 / 16e6 * 1000])


def test_option_front_density_crosses_options_and_fronts():
    options = pd.DataFrame({"id": ["o"], "label": ["O"], "low": [10000], "high": [25000], "source_id": ["so"]})
    fronts = pd.DataFrame({"id": ["f", "g"], "value": [1000.0, 2500.0], "definition": ["active_front", "total_front"],
                           "source_id": ["sf", "sg"]})
    d = option_front_density(options, fronts)
    assert list(d["per_km_low"]) == [10.0, 4.0]
    assert list(d["per_km_high"]) == [25.0, 10.0]


def _principles(use="deterrent_combat"):
    return pd.DataFrame({"id": ["p1", "p2", "p3"], "mission_field": ["consent_basis", "impartial", "use_of_force"],
                         "proposed_force_coding": ["host_state_only", "no", use],
                         "position_source_id": ["x", "x", "y"]})


def test_principle_matrix_and_departures():
    m = principle_matrix(_missions(), _principles())
    assert len(m) == 12
    assert departures(m, "A") == 0          # all three consistent
    assert departures(m, "B") == 3          # deterrence: host consent, aligned, combat
    assert departures(m, "C") == 1          # enforcement goes beyond the principle
    assert departures(m, PROPOSED) == 3
    assert m[(m["mission"] == "C") & (m["attribute"] == "Use of force")]["fit"].item() == "Beyond (enforcement)"
    with pytest.raises(ValueError, match="no mission"):
        departures(m, "Z")


def test_principle_matrix_rejects_a_coding_from_another_column():
    with pytest.raises(ValueError, match="is not a value of use_of_force"):
        principle_matrix(_missions(), _principles(use="all_parties"))


def test_sizes_comparison_puts_both_on_one_scale():
    options = pd.DataFrame({"label": ["opt"], "low": [10000], "high": [25000], "source_id": ["so"], "notes": [""]})
    s = sizes_comparison(_missions(), options)
    assert list(s["label"]) == ["A (peak)", "B (current)", "C (peak)", "opt"]
    assert s.iloc[-1]["group"].startswith(PROPOSED)
    assert (s.iloc[-1]["low"], s.iloc[-1]["high"]) == (10000, 25000)


def test_front_bands_span_lengths_per_definition():
    from analysis.peacekeeping import front_bands

    options = pd.DataFrame({"id": ["o"], "label": ["O"], "low": [10000], "high": [20000], "source_id": ["so"]})
    fronts = pd.DataFrame({"id": ["a", "b", "w"], "value": [1000.0, 1250.0, 2500.0],
                           "definition": ["active_front", "active_front", "total_front"],
                           "source_id": ["sa", "sb", "sw"]})
    b = front_bands(option_front_density(options, fronts)).set_index("front_definition")
    # Active: 10,000 over 1,250 km = 8 to 20,000 over 1,000 km = 20; whole: 4 to 8.
    assert (b.loc["active_front", "per_km_low"], b.loc["active_front", "per_km_high"]) == (8.0, 20.0)
    assert (b.loc["total_front", "per_km_low"], b.loc["total_front", "per_km_high"]) == (4.0, 8.0)
    assert b.loc["active_front", "n_fronts"] == 2 and b.loc["active_front", "front_source_ids"] == "sa, sb"


def test_ukraine_army_keeps_only_estimates_since_2024_and_refuses_none():
    from analysis.peacekeeping import ukraine_army

    forces = pd.DataFrame({"id": ["old", "new", "ru"], "country": ["UKR", "UKR", "RUS"],
                           "measure": ["active_personnel_estimate"] * 3, "value": [260000, 880000, 700000],
                           "refers_to_date": pd.to_datetime(["2022-02-01", "2025-01-15", "2025-01-15"])})
    assert list(ukraine_army(forces)["id"]) == ["new"]
    with pytest.raises(ValueError, match="Ukraine's active personnel"):
        ukraine_army(forces[forces["id"] != "new"])
