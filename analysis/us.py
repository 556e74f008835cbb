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

from .tables import labels

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


# --- everything the chapter glues ----------------------------------------------------------------

TABLES = ("us_statements", "us_capability_dependency", "us_mission_needs", "us_scenario_support",
          "us_cost_estimates", "black_sea_facts", "shipping_corridor", "force_size_estimates",
          "statements_on_difference", "developments")
# Cost figures the prose names: glue key -> (row id, field, divisor, format).
COST_FIGURES = {
    "iiss_trillion": ("c01", "value", 1e12, "{:,.0f}"), 
    "iiss_aircraft": ("c07", "value", 1, "{:,.0f}"),
    "iiss_destroyers": ("c08", "value", 1, "{:,.0f}"), "iiss_sam": ("c09", "value", 1, "{:,.0f}"),
    "isr_bn": ("c10", "value", 1e9, "{:,.1f}"),
    "bruegel_troops": ("c11", "value", 1, "{:,.0f}"), "bruegel_eur_bn": ("c12", "value", 1e9, "{:,.0f}"),
    "bruegel_gdp_level": ("c13", "value", 1, "{:g}"), "bruegel_gdp_increment": ("c14", "value", 1, "{:g}"),
    "bruegel_brigades": ("c15", "value", 1, "{:,.0f}"), "bruegel_tanks": ("c16", "value", 1, "{:,.0f}"),
    "bruegel_us_stationed": ("c19", "low", 1, "{:,.0f}"), "bruegel_us_total": ("c19", "high", 1, "{:,.0f}"),
    "ukraine_aid_gdp": ("c20", "value", 1, "{:g}"), "us_aid_2024_bn": ("c21", "value", 1e9, "{:,.0f}"),
    "squadron_low": ("c29", "low", 1, "{:,.0f}"), "squadron_high": ("c29", "high", 1, "{:,.0f}"),
    "tankers_eu_2025": ("c30", "value", 1, "{:,.0f}"), "tankers_needed": ("c31", "value", 1, "{:,.0f}"),
}
BLACK_SEA_FIGURES = {"montreux_cap": "bs01", "montreux_max": "bs02", "montreux_days": "bs03",
                     "montreux_notice": "bs04", "mcm_area": "bs19", "port_damage_2y": "bs27",
                     "port_damage_all": "bs28"}
CORRIDOR_FIGURES = {"sc05_mt": "sc05", "sc06_mt": "sc06", "year1_mt": "sc10", "year2_mt": "sc11",
                    "cal2025_mt": "sc22", "ports2024_mt": "sc15", "ports2025_mt": "sc23", "sc13_mt": "sc13",
                    "sc14_mt": "sc14"}


# Dated 2026 developments the prose names (read in full): glue key -> row id.
DEVELOPMENT_DATES = {"date_germany_drawdown": "d015", "date_pentagon_cut": "d026"}
# Every development the prose cites (headline-only ones count for nothing in `latest_event`).
DEVELOPMENTS_NAMED = ("d015", "d021", "d022", "d026", "d031", "d054", "d062", "d064", "d069",
                      "d070", "d072", "d073", "d077", "d078", "d082")


def us_values(tables) -> dict:
    """Every value and chart the US chapter glues, by glue key."""
    from .charts import source_keys
    from .coverage import latest_event
    from .claims import claim, claim_count, claim_row_value, claim_stated, claim_unique
    from .us_charts import capability_matrix_chart, corridor_chart, scenario_chart, us_timeline_chart

    statements, capabilities = tables["us_statements"], tables["us_capability_dependency"]
    needs, support = tables["us_mission_needs"], tables["us_scenario_support"]
    costs, facts, corridor = tables["us_cost_estimates"], tables["black_sea_facts"], tables["shipping_corridor"]
    sizes = tables["force_size_estimates"]
    troops = statements[statements["topic"] == "troops"]
    a5 = statements[statements["topic"] == "article5_like_guarantee"]
    cautious = capability_status(capabilities, "cautious")
    feasibility = feasibility_by_reading(needs, capabilities, support)
    model_rows = (needs, support, capabilities)
    totals = corridor_running_totals(corridor)
    iiss = sizes[sizes["source_id"] == "iiss2025reassurance"].sort_values("low")

    def where(frame, mask, how):
        return claim_count(frame[mask], how, among=frame)

    values = {
        "n_statements": claim_count(statements, "US statements in the record"),
        "first_statement": claim(f"{statements['date'].min():%B %Y}", statements["date"].min(), "earliest statement",
                                 statements[statements["date"] == statements["date"].min()]),
        "last_statement": claim(f"{statements['date'].max():%d %B %Y}", statements["date"].max(), "latest statement",
                                statements[statements["date"] == statements["date"].max()]),
        "n_troops": claim_count(troops, "statements on US troops"),
        "n_troops_opposed": where(troops, troops["stance"] == "opposed", "statements on US troops that oppose them"),
        "n_conditional": where(statements, statements["stance"] == "conditional", "conditional statements"),
        "n_a5": claim_count(a5, "statements on an Article 5-like guarantee"),
        "n_a5_conditional": where(a5, a5["stance"] == "conditional", "conditional statements on such a guarantee"),
        "n_assessments": claim_count(capabilities, "assessments of European capacity"),
        "n_enablers": claim_unique(capabilities, "capability_key", "enablers assessed"),
        "n_assessment_sources": claim_unique(capabilities, "source_id", "sources of the assessments"),
        "n_high_dependency": where(capabilities, capabilities["us_dependency"] == "high",
                                   "assessments rating dependence on the US high"),
        "n_insufficient_enablers": claim(str(int((cautious == "insufficient").sum())), int((cautious == "insufficient").sum()),
                                         "enablers whose worst assessment is insufficient", capabilities),
        "n_sufficient_enablers": claim(str(int((cautious == "sufficient").sum())), int((cautious == "sufficient").sum()),
                                       "enablers whose worst assessment is sufficient", capabilities),
        "n_missions": claim(str(feasibility["mission"].nunique()), feasibility["mission"].nunique(),
                            "missions in the scenario model", needs),
        "n_need_rows": claim_count(needs, "sourced mission needs"),
        "n_support_rows": claim_count(support, "sourced scenario assumptions"),
        "iiss_small": claim(f"{iiss['low'].iloc[0]:,}", int(iiss["low"].iloc[0]), "smallest IISS option", iiss.iloc[[0]]),
        "iiss_large_high": claim(f"{iiss['high'].iloc[-1]:,}", int(iiss["high"].iloc[-1]), "upper end of the largest IISS option",
                                 iiss.iloc[[-1]]),
        "corridor_latest_mt": claim(f"{totals['cargo_mt'].iloc[-1]:,.0f}", float(totals["cargo_mt"].iloc[-1]),
                                    "latest running total of cargo, million tonnes", totals.iloc[[-1]]),
        "corridor_latest_ships": claim(f"{totals['ships'].iloc[-1]:,}", int(totals["ships"].iloc[-1]),
                                       "ships in the latest running total", totals.iloc[[-1]]),
        "corridor_latest_date": claim(f"{totals['period_end'].iloc[-1]:%d %B %Y}", totals["period_end"].iloc[-1],
                                      "end date of the latest running total", totals.iloc[[-1]]),
        "corridor_first_mt": claim(f"{totals['cargo_mt'].iloc[0]:,.0f}", float(totals["cargo_mt"].iloc[0]),
                                   "first running total of cargo, million tonnes", totals.iloc[[0]]),
        "corridor_first_date": claim(f"{totals['period_end'].iloc[0]:%B %Y}", totals["period_end"].iloc[0],
                                     "end date of the first running total", totals.iloc[[0]]),
        "n_corridor_totals": claim_count(totals, "running totals of the corridor's cargo"),
    }
    for scenario in SCENARIOS:
        for tier, short in ((FEASIBLE, "ok"), (ADD, "add"), (NOT_FEASIBLE, "no")):
            for reading in READINGS:
                n = count_tier(feasibility, scenario, tier, reading)
                values[f"{scenario}_{short}_{reading}"] = claim(
                    str(n), n, f"missions rated '{tier}' in scenario {scenario}, {reading} reading of the assessments",
                    *model_rows)
    for key, (row_id, field, divisor, fmt) in COST_FIGURES.items():
        values[key] = claim_row_value(costs, row_id, field, lambda v, d=divisor, f=fmt: f.format(v / d),
                                      f"{costs.loc[costs['id'] == row_id, 'what'].iloc[0]}"
                                      + (f" ({field})" if field != "value" else ""))
    for key, row_id in BLACK_SEA_FIGURES.items():
        values[key] = claim_row_value(facts, row_id, "value", "{:,.0f}",
                                      facts.loc[facts["id"] == row_id, "fact"].iloc[0])
    for key, row_id in CORRIDOR_FIGURES.items():
        values[key] = claim_row_value(corridor, row_id, "cargo_tonnes", lambda v: f"{v / 1e6:,.1f}",
                                      f"cargo in million tonnes, {corridor.loc[corridor['id'] == row_id, 'measure'].iloc[0]}")
    stated = {
        # Figures the tables keep in a row's words: glued from those words, so the row stays the authority.
        "us_offer_years": claim_stated(statements, "us27", r"period of (\d+) years", "years of guarantee the US draft outlined"),
        "satellites_share": claim_stated(capabilities, "cap03", r"only operate (\d+)%", "share of NATO's military satellites European states operate"),
        "libya_aar_share": claim_stated(capabilities, "cap08", r"some (\d+) per cent", "US share of air-to-air refuelling"),
        "tankers_share": claim_stated(costs, "c30", r"less than (\d+) per cent", "European tankers as a share of NATO's requirement"),
        "iiss_life_years": claim_stated(costs, "c03", r"(\d+)-letni", "life cycle assumed in the IISS estimate, years"),
        "iiss_span_years": claim_stated(costs, "c02", r"over (\d+) years", "years over which the IISS figure is spent"),
        "bruegel_gdp_from": claim_stated(costs, "c13", r"from (\d+(?:\.\d+)?)% to", "defence spending today, per cent of GDP"),
        "official_force": claim_stated(tables["statements_on_difference"], "s11", r"~([\d,]+) troops",
                                       "force size a European official gave, as our record summarises it", "statement"),
    }
    values.update(stated)
    developments = tables["developments"]
    for key, row_id in DEVELOPMENT_DATES.items():
        values[key] = claim_row_value(developments, row_id, "date", lambda d: f"{d:%-d %B}",
                                      "date of the development")
    zelensky_uk = sizes[sizes["id"] == "zelensky_2026_uk_contribution_5000"]
    values["zelensky_uk_france"] = claim(f"{int(zelensky_uk['high'].iloc[0]):,}", int(zelensky_uk["high"].iloc[0]),
                                         "national contribution Zelensky gave for the UK (and France)",
                                         sizes[sizes["id"].isin(["zelensky_2026_uk_contribution_5000",
                                                                 "zelensky_2026_france_contribution_5000"])])
    # How current the chapter is: the events it reports (statements, decisions, the developments it names,
    # the corridor's and the Black Sea's dated facts). Cost estimates are left out: their dates are the
    # years a scenario assumes (2027), not events.
    named = developments[developments["id"].isin(DEVELOPMENTS_NAMED)]
    values["latest_event"] = latest_event({"us_statements": statements, "developments": named,
                                           "shipping_corridor": corridor, "black_sea_facts": facts})
    scenario_sources = list(dict.fromkeys(source_keys(needs) + source_keys(support) + source_keys(capabilities)))
    values.update({
        "fig_us_timeline": us_timeline_chart(statements),
        "fig_capability_matrix": capability_matrix_chart(capabilities),
        "fig_us_scenarios": scenario_chart(feasibility, scenario_sources),
        "fig_corridor": corridor_chart(corridor),
    })
    return values
