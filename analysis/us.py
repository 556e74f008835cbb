"""The American question: loaders and the scenario logic of the US chapter.

The scenario comparison is computed, not asserted. A mission is *feasible* in a scenario if every
enabler it needs (table us_mission_needs) is either one European states can field ("sufficient" in
us_capability_dependency) or one the US provides in that scenario (us_scenario_support). If every
enabler left uncovered is one Europe can field in part, the mission is feasible *only if Europe adds*
capacity; if any uncovered enabler is one Europe lacks ("insufficient"), it is *not feasible*.

Assessments of the same enabler can disagree. `capability_status` therefore takes a reading: the
*cautious* reading keeps the most pessimistic assessment of each enabler, the *generous* reading the
most optimistic. The chapter shows both rather than choosing silently.
"""
from __future__ import annotations

import pandas as pd

from .tables import labels, load_table

# Scenario (a) is the absence of US support, so no row of us_scenario_support can name it; its label
# lives here, the others in that table's descriptor. Each scenario includes the one before.
SCENARIOS = ("a_no_us", "b_enablers", "c_air_backstop")
NO_US_LABEL = "(a) No US support"
# Worst to best: the cautious reading keeps the first, the generous one the last (logic, not display).
CAPACITY_ORDER = ("insufficient", "partial", "sufficient")
READINGS = ("cautious", "generous")
FEASIBLE, ADD, NOT_FEASIBLE = "feasible", "feasible only if Europe adds", "not feasible"
TIERS = (FEASIBLE, ADD, NOT_FEASIBLE)


def scenario_labels() -> dict[str, str]:
    return {SCENARIOS[0]: NO_US_LABEL, **labels("us_scenario_support", "scenario")}


def missions() -> list[str]:
    """Mission codes in display order (the order of the descriptor's enum)."""
    return list(labels("us_mission_needs", "mission"))


def load_us_statements() -> pd.DataFrame:
    return load_table("us_statements")


def load_capability_dependency() -> pd.DataFrame:
    return load_table("us_capability_dependency")


def load_mission_needs() -> pd.DataFrame:
    return load_table("us_mission_needs")


def load_scenario_support() -> pd.DataFrame:
    return load_table("us_scenario_support")


def load_cost_estimates() -> pd.DataFrame:
    return load_table("us_cost_estimates")


def load_black_sea_facts() -> pd.DataFrame:
    return load_table("black_sea_facts")


def load_shipping_corridor() -> pd.DataFrame:
    return load_table("shipping_corridor")


def capability_status(capabilities: pd.DataFrame, reading: str = "cautious") -> pd.Series:
    """European capacity per enabler: the worst assessment (cautious) or the best (generous)."""
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}; expected one of {READINGS}")
    if capabilities.empty:
        raise ValueError("no capability assessments")
    unknown = set(capabilities["european_capacity"]) - set(CAPACITY_ORDER)
    if unknown:
        raise ValueError(f"unknown capacity codes {sorted(unknown)}")
    rank = capabilities["european_capacity"].map(CAPACITY_ORDER.index).astype(int)
    pick = rank.groupby(capabilities["capability_key"]).min() if reading == "cautious" else \
        rank.groupby(capabilities["capability_key"]).max()
    return pick.map(lambda r: CAPACITY_ORDER[r]).rename("european_capacity")


def us_provides(support: pd.DataFrame, scenario: str) -> set[str]:
    """Enablers the US provides in a scenario; each scenario includes everything in the one before."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; expected one of {SCENARIOS}")
    unknown = set(support["scenario"]) - set(SCENARIOS)
    if unknown:
        raise ValueError(f"unknown scenarios in the support table {sorted(unknown)}")
    included = SCENARIOS[: SCENARIOS.index(scenario) + 1]
    return set(support.loc[support["scenario"].isin(included), "capability_key"])


def mission_feasibility(needs: pd.DataFrame, status: pd.Series, support: pd.DataFrame) -> pd.DataFrame:
    """One row per mission and scenario: the tier, what the US covers, and what Europe must add.

    `gaps` lists the enablers neither Europe (sufficient) nor the US (in that scenario) covers,
    as "key (capacity)" strings in a stable order.
    """
    missing = sorted(set(needs["capability_key"]) - set(status.index))
    if missing:
        raise ValueError(f"no capability assessment for needed enablers {missing}")
    rows = []
    for mission in [m for m in missions() if m in set(needs["mission"])]:
        needed = sorted(set(needs.loc[needs["mission"] == mission, "capability_key"]))
        for scenario in SCENARIOS:
            provided = us_provides(support, scenario)
            uncovered = [k for k in needed if status[k] != "sufficient" and k not in provided]
            from_us = [k for k in needed if k in provided and status[k] != "sufficient"]
            if any(status[k] == "insufficient" for k in uncovered):
                tier = NOT_FEASIBLE
            elif uncovered:
                tier = ADD
            else:
                tier = FEASIBLE
            rows.append({
                "mission": mission, "scenario": scenario, "tier": tier,
                "needs": ", ".join(needed),
                "us_covers": ", ".join(from_us),
                "gaps": ", ".join(f"{k} ({status[k]})" for k in uncovered),
            })
    return pd.DataFrame(rows)


def feasibility_by_reading(needs: pd.DataFrame, capabilities: pd.DataFrame, support: pd.DataFrame) -> pd.DataFrame:
    """mission_feasibility under both readings of the assessments, stacked with a `reading` column."""
    frames = [mission_feasibility(needs, capability_status(capabilities, r), support).assign(reading=r)
              for r in READINGS]
    return pd.concat(frames, ignore_index=True)


def count_tier(feasibility: pd.DataFrame, scenario: str, tier: str, reading: str | None = None) -> int:
    """How many missions fall in a tier in a scenario (optionally under one reading)."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}")
    rows = feasibility[(feasibility["scenario"] == scenario) & (feasibility["tier"] == tier)]
    if reading is not None:
        rows = rows[rows["reading"] == reading]
    return len(rows)


def dependency_matrix(capabilities: pd.DataFrame) -> pd.DataFrame:
    """Count of assessments per enabler and (european_capacity, us_dependency) pair, for the matrix chart."""
    return (capabilities.groupby(["capability_key", "european_capacity", "us_dependency"], observed=True)
            .agg(assessments=("id", "size"), rows=("id", lambda s: ", ".join(sorted(s))),
                 sources=("source_id", lambda s: ", ".join(dict.fromkeys(s))))
            .reset_index())


def stance_counts(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per topic and stance (rows: topic; columns: stance)."""
    return pd.crosstab(statements["topic"], statements["stance"])


def corridor_running_totals(corridor: pd.DataFrame) -> pd.DataFrame:
    """The corridor's running totals, in date order; each keeps its source's start date."""
    rows = corridor[corridor["measure"] == "corridor_cumulative"].sort_values(["period_end", "id"])
    return rows.assign(cargo_mt=rows["cargo_tonnes"].astype(float) / 1e6)
