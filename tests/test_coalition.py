"""The coalition chapter: positions, meetings, capacity, force-generation arithmetic and its chart."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import load_table
from analysis.coalition import (capacity_and_position, changed_position, explorer_data, force_shares,
                                latest_positions, meeting_counts, position_counts, rotation_pool)
from analysis.capacity_chart import capacity_chart
from analysis.coalition_charts import (DEFAULT_K, DEFAULT_N, explorer_expressions, force_explorer_chart,
                                       meetings_chart, positions_chart)


# --- small hand-made frames -------------------------------------------------------------------

def _countries():
    return pd.DataFrame({"iso3": ["AAA", "BBB", "CCC"], "country": ["Aland", "Bland", "Cland"],
                         "active_personnel": pd.array([100000, 10000, pd.NA], dtype="Int64"),
                         "personnel_source_id": ["s1", "s1", pd.NA], "nato_member": [True, True, False]})


def _positions():
    return pd.DataFrame({
        "id": ["P001", "P002", "P003", "P004", "P005"],
        "iso3": ["AAA", "AAA", "BBB", "BBB", "ZZZ"],
        "date": pd.to_datetime(["2025-01-01", "2025-06-01", "2025-03-01", "2025-09-01", "2025-02-01"]),
        "position": ["conditional", "offered", "declined", "offered", "declined"],
        "attribution": ["government", "government", "government", "third_party", "government"],
        "who": ["a", "b", "c", "d", "e"], "statement": ["x"] * 5, "source_id": ["s1"] * 5,
    })


def test_latest_position_uses_own_government_and_marks_silence():
    latest = latest_positions(_countries(), _positions()).set_index("iso3")
    assert latest.loc["AAA", "position"] == "offered"          # June beats January
    assert latest.loc["BBB", "position"] == "declined"         # third-party 'offered' ignored
    assert latest.loc["CCC", "position"] == "no_statement"     # nothing found
    assert latest.loc["BBB", "n_statements"] == 2              # but the history counts it
    assert "ZZZ" not in latest.index                           # non-members are not listed
    assert latest.loc["AAA", "history"] == "Jan 2025: conditional / open in principle; Jun 2025: offered troops or assets"


def test_position_counts_include_zeros_in_order():
    counts = position_counts(latest_positions(_countries(), _positions()))
    assert counts == {"offered": 1, "conditional": 0, "outside_ukraine_or_non_ground": 0, "declined": 1,
                      "no_statement": 1}


def test_changed_position_counts_own_statements_only():
    # AAA: conditional then offered (changed); BBB: declined, plus a third-party 'offered' (not a change).
    assert changed_position(_positions()) == ["AAA"]


def test_meeting_counts_span_and_disagreement():
    meetings = pd.DataFrame({
        "meeting": ["M01", "M01", "M02", "M03"],
        "date": pd.to_datetime(["2025-03-02"] * 2 + ["2025-04-01", "2025-05-01"]),
        "place": ["L", "L", "P", "K"],
        "participants_reported": pd.array([18, 12, 30, pd.NA], dtype="Int64"),
    })
    out = meeting_counts(meetings).set_index("meeting")
    assert (out.loc["M01", "lowest"], out.loc["M01", "highest"], out.loc["M01", "n_counts"]) == (12, 18, 2)
    assert bool(out.loc["M01", "disagree"]) and not bool(out.loc["M02", "disagree"])
    assert out.loc["M03", "n_counts"] == 0 and not bool(out.loc["M03", "disagree"])


def test_capacity_drops_countries_without_a_positive_figure():
    latest = latest_positions(_countries(), _positions())
    assert list(capacity_and_position(_countries(), latest)["iso3"]) == ["AAA", "BBB"]


def test_rotation_pool():
    assert rotation_pool(20000, 3) == 60000
    assert rotation_pool(64000, 4) == 256000   # The Times: 64,000 -> 256,000 over two years
    with pytest.raises(ValueError):
        rotation_pool(-1, 3)
    with pytest.raises(ValueError):
        rotation_pool(1000, 0.5)


def test_equal_split_by_hand():
    # Pool 3 x 11,000 = 33,000; two countries -> 16,500 each; 16.5% of 100,000, 165% of 10,000.
    frame = pd.DataFrame({"active_personnel": [100000, 10000]})
    out = force_shares(frame, 11000, 3, "equal")
    assert list(out["troops"]) == [16500, 16500]
    assert list(out["share"]) == pytest.approx([0.165, 1.65])


def test_proportional_split_by_hand():
    # Pool 33,000 over 110,000 active -> 30% each: 30,000 and 3,000 troops.
    frame = pd.DataFrame({"active_personnel": [100000, 10000]})
    out = force_shares(frame, 11000, 3, "proportional")
    assert list(out["troops"]) == pytest.approx([30000, 3000])
    assert list(out["share"]) == pytest.approx([0.3, 0.3])


def test_force_shares_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown split"):
        force_shares(pd.DataFrame({"active_personnel": [1]}), 1, 3, "random")
    with pytest.raises(ValueError, match="positive"):
        force_shares(pd.DataFrame({"active_personnel": [0]}), 1, 3)
    with pytest.raises(ValueError, match="no participants"):
        force_shares(pd.DataFrame({"active_personnel": []}), 1, 3)


# --- the explorer's Vega expressions equal the Python arithmetic --------------------------------

def _vega_eval(expression: str, datum: dict, params: dict):
    """Evaluate the small subset of Vega expressions the explorer uses (arithmetic, ===, &&, ||)."""
    py = expression.replace("===", "==").replace("&&", " and ").replace("||", " or ")
    py = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", py))
    return eval(py, {"__builtins__": {}}, {**params, "datum": SimpleNamespace(**datum)})  # noqa: S307


def _run_explorer_spec(spec: dict, params: dict) -> pd.DataFrame:
    rows = [dict(r) for r in spec["datasets"][spec["data"]["name"]]]
    for step in spec["transform"]:
        if "calculate" in step:
            for r in rows:
                r[step["as"]] = _vega_eval(step["calculate"], r, params)
        elif "filter" in step:
            rows = [r for r in rows if _vega_eval(step["filter"], r, params)]
        elif "joinaggregate" in step:
            for agg in step["joinaggregate"]:
                if agg["op"] == "count":
                    value = len(rows)
                elif agg["op"] == "sum":
                    value = sum(r[agg["field"]] for r in rows)
                else:
                    raise AssertionError(f"unexpected aggregate {agg}")
                for r in rows:
                    r[agg["as"]] = value
        else:
            raise AssertionError(f"unexpected transform {step}")
    return pd.DataFrame(rows).set_index("iso3")


@pytest.fixture(scope="module")
def explorer():
    countries = load_table("coalition_countries")
    return explorer_data(countries, latest_positions(countries, load_table("coalition_positions")))


def _defaults(spec):
    return {p["name"]: p["value"] for p in spec["params"]}


def test_explorer_defaults_are_declared(explorer):
    spec = force_explorer_chart(explorer).spec
    params = _defaults(spec)
    assert params["n_deployed"] == DEFAULT_N and params["k_rotation"] == DEFAULT_K
    ticked = sorted(name[5:].upper() for name, v in params.items() if name.startswith("take_") and v)
    assert ticked == sorted(explorer.loc[explorer["default_taking_part"], "iso3"])
    bound = [p for p in spec["params"] if "bind" in p]
    assert len(bound) == 2 + len(explorer)
    assert all(p["bind"].get("name", "").strip() for p in bound), "every control needs a visible label"


def test_explorer_chart_computes_what_python_computes_at_defaults(explorer):
    spec = force_explorer_chart(explorer).spec
    chart = _run_explorer_spec(spec, _defaults(spec))
    ticked = explorer[explorer["default_taking_part"]]
    equal = force_shares(ticked, DEFAULT_N, DEFAULT_K, "equal").set_index("iso3")
    by_size = force_shares(ticked, DEFAULT_N, DEFAULT_K, "proportional").set_index("iso3")
    assert sorted(chart.index) == sorted(equal.index)
    for iso in equal.index:
        assert chart.loc[iso, "equal_troops"] == pytest.approx(equal.loc[iso, "troops"])
        assert chart.loc[iso, "equal_share"] == pytest.approx(equal.loc[iso, "share"])
        assert chart.loc[iso, "proportional_share"] == pytest.approx(by_size.loc[iso, "share"])
        assert chart.loc[iso, "pool"] == rotation_pool(DEFAULT_N, DEFAULT_K)


def test_explorer_chart_follows_other_parameter_values(explorer):
    spec = force_explorer_chart(explorer).spec
    params = {name: False for name in _defaults(spec)}
    params.update(n_deployed=30000, k_rotation=4, take_fra=True, take_deu=True, take_pol=True)
    chart = _run_explorer_spec(spec, params)
    chosen = explorer[explorer["iso3"].isin(["FRA", "DEU", "POL"])]
    expected = force_shares(chosen, 30000, 4, "equal").set_index("iso3")
    assert chart["equal_share"].to_dict() == pytest.approx(expected["share"].to_dict())


def test_explorer_expressions_are_the_ones_in_the_spec(explorer):
    calculated = {step["as"]: step["calculate"] for step in force_explorer_chart(explorer).spec["transform"]
                  if "calculate" in step}
    for field, expression in explorer_expressions().items():
        assert calculated[field] == expression


# --- the real tables and charts ----------------------------------------------------------------

def test_real_tables_meet_the_issue():
    countries, positions, meetings = (load_table("coalition_countries"), load_table("coalition_positions"),
                                      load_table("coalition_meetings"))
    assert len(countries) >= 30
    assert set(countries["iso3"]) <= set(positions["iso3"])  # every member has at least one row
    # the personnel figures are labelled as estimates in the descriptor
    from analysis import describe
    assert "ESTIMATE" in describe("coalition_countries").description
    # disagreeing counts are kept side by side
    assert (meeting_counts(meetings)["disagree"]).sum() >= 3


def test_charts_build():
    countries, positions, meetings = (load_table("coalition_countries"), load_table("coalition_positions"),
                                      load_table("coalition_meetings"))
    latest = latest_positions(countries, positions)
    for figure in (positions_chart(latest, positions), meetings_chart(meetings), capacity_chart(load_table("armed_forces_personnel"), latest)):
        assert figure.spec["title"] and figure.sources
