"""Loaders and small computations for the chapter "Not a peacekeeping force".

Density is troops per 1,000 inhabitants or per kilometre of front. Where the inputs disagree
(population of government-controlled Ukraine, length of the front), every function keeps each
source's figure, so the result can be shown as a band that moves with the input.
"""
from __future__ import annotations

import pandas as pd

from .tables import labels



# --- density -------------------------------------------------------------------------------------

def per_thousand(troops, population):
    """Troops per 1,000 inhabitants. Works on numbers and on aligned Series."""
    if (pd.Series(population, dtype="float64") <= 0).any():
        raise ValueError("population must be positive")
    return troops / population * 1000


def per_km(troops, km):
    """Troops per kilometre of front or border."""
    if (pd.Series(km, dtype="float64") <= 0).any():
        raise ValueError("length must be positive")
    return troops / km


def troops_needed(population, ratio_per_1000):
    """Personnel a force ratio (per 1,000 inhabitants) implies for a population."""
    return population * ratio_per_1000 / 1000


def input_bounds(inputs: pd.DataFrame, quantity: str, definitions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per source figure with its own low and high: a point figure has low = high = value,
    a range keeps its ends. Rows are those of `quantity` (and of `definitions`, if given)."""
    rows = inputs[inputs["quantity"] == quantity]
    if definitions is not None:
        rows = rows[rows["definition"].isin(definitions)]
    if rows.empty:
        raise ValueError(f"no input rows for {quantity!r} {definitions or ''}")
    low = rows["low"].fillna(rows["value"]).astype("float64")
    high = rows["high"].fillna(rows["value"]).astype("float64")
    if low.isna().any() or high.isna().any():
        bad = list(rows.loc[low.isna() | high.isna(), "id"])
        raise ValueError(f"rows {bad} have neither a value nor a range")
    return rows.assign(low=low, high=high)[["id", "definition", "low", "high", "refers_to_date", "source_id"]]


def band(bounds: pd.DataFrame) -> tuple[float, float]:
    """The widest band across sources: the lowest low and the highest high."""
    return float(bounds["low"].min()), float(bounds["high"].max())


def whole_front_km(inputs: pd.DataFrame) -> pd.DataFrame:
    """Whole-front length per statement: a stated total, or the active front plus the sections
    without fighting where one source gives both on the same date (a sum, so it is ours)."""
    fronts = inputs[inputs["quantity"] == "front_line_length_km"]
    stated = fronts[fronts["definition"] == "total_front"].assign(derived=False)
    active = fronts[fronts["definition"] == "active_front"]
    inactive = fronts[fronts["definition"] == "inactive_front"]
    summed = active.merge(inactive, on=["source_id", "refers_to_date"], suffixes=("", "_inactive"))
    summed = summed.assign(value=summed["value"] + summed["value_inactive"], definition="total_front",
                           derived=True)
    columns = ["id", "value", "refers_to_date", "source_id", "derived"]
    return pd.concat([stated[columns], summed[columns]], ignore_index=True).sort_values("refers_to_date")


def mission_density(missions: pd.DataFrame) -> pd.DataFrame:
    """Troops per 1,000 inhabitants and per 100 km² of each precedent's area of operation, where
    both the population and area are sourced."""
    known = missions.dropna(subset=["population_covered", "area_km2"])
    strength = known["strength"].astype("float64")
    return known.assign(
        per_1000=per_thousand(strength, known["population_covered"].astype("float64")),
        per_100_km2=strength / known["area_km2"].astype("float64") * 100,
    )


def option_density(options: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """For each proposed force figure, troops per 1,000 inhabitants at the extremes of every
    population source: the low end of the force over the highest population, the high end over
    the lowest. Returns one row per force figure with the band across all population sources."""
    pop_low, pop_high = band(populations)
    return options.assign(
        per_1000_low=per_thousand(options["low"].astype("float64"), pop_high),
        per_1000_high=per_thousand(options["high"].astype("float64"), pop_low),
    )


def option_front_density(options: pd.DataFrame, fronts: pd.DataFrame) -> pd.DataFrame:
    """Troops per km of front for each force figure against each front-length figure (long form)."""
    rows = []
    for _, option in options.iterrows():
        for _, front in fronts.iterrows():
            rows.append({"option_id": option["id"], "option": option["label"], "front_id": front["id"],
                         "front_km": float(front["value"]), "front_definition": front["definition"],
                         "per_km_low": per_km(float(option["low"]), float(front["value"])),
                         "per_km_high": per_km(float(option["high"]), float(front["value"])),
                         "front_source_id": front["source_id"], "option_source_id": option["source_id"]})
    return pd.DataFrame(rows)


def front_bands(long: pd.DataFrame) -> pd.DataFrame:
    """Collapse option_front_density to one band per force figure and front definition: from the
    low figure over the longest front to the high figure over the shortest."""
    grouped = long.groupby(["option_id", "option", "front_definition", "option_source_id"], sort=False)
    bands = grouped.agg(per_km_low=("per_km_low", "min"), per_km_high=("per_km_high", "max"),
                        front_km_min=("front_km", "min"), front_km_max=("front_km", "max"),
                        n_fronts=("front_id", "nunique"),
                        front_source_ids=("front_source_id", lambda s: ", ".join(dict.fromkeys(s))))
    return bands.reset_index()


# --- principles matrix ---------------------------------------------------------------------------

# How each coded value stands to the UN principle for the same attribute.
FIT = {
    "consent_basis": {"all_parties": "Consistent", "host_state_only": "Departs", "none": "Departs"},
    "impartial": {"yes": "Consistent", "no": "Departs"},
    "use_of_force": {"self_defence": "Consistent", "self_defence_and_mandate": "Consistent",
                     "none_unarmed": "Consistent", "enforcement": "Beyond (enforcement)",
                     "deterrent_combat": "Departs"},
}
PROPOSED = "Proposed reassurance force"


def _code(value) -> str:
    if isinstance(value, (bool,)) or str(value) in ("True", "False"):
        return "yes" if str(value) == "True" else "no"
    return str(value)


def principle_matrix(missions: pd.DataFrame, principles: pd.DataFrame) -> pd.DataFrame:
    """Long frame: one row per mission (the proposed force last) and attribute, with the coded
    value, its label and how it stands to the UN principle."""
    # The proposed force's coding lists every value of the three mission columns, with their labels.
    value_label = labels("peacekeeping_principles", "proposed_force_coding")
    attribute_label = labels("peacekeeping_principles", "mission_field")
    rows = []
    for _, m in missions.iterrows():
        for field in FIT:
            code = _code(m[field])
            rows.append({"mission": m["short_name"], "attribute": attribute_label[field], "code": code,
                         "value": value_label[code], "fit": FIT[field][code], "source_id": m["source_id"]})
    for _, p in principles.iterrows():
        field, code = p["mission_field"], str(p["proposed_force_coding"])
        if code not in FIT[field]:
            raise ValueError(f"{p['id']}: {code!r} is not a value of {field}")
        rows.append({"mission": PROPOSED, "attribute": attribute_label[field], "code": code,
                     "value": value_label[code], "fit": FIT[field][code], "source_id": p["position_source_id"]})
    return pd.DataFrame(rows)


def departures(matrix: pd.DataFrame, mission: str) -> int:
    """How many of the three principles a mission departs from (enforcement counted as departing)."""
    rows = matrix[matrix["mission"] == mission]
    if rows.empty:
        raise ValueError(f"no mission {mission!r} in the matrix")
    return int((rows["fit"] != "Consistent").sum())


def sizes_comparison(missions: pd.DataFrame, options: pd.DataFrame) -> pd.DataFrame:
    """Precedents' strengths and the proposed force's figures on one scale, one row each."""
    precedents = pd.DataFrame({
        "label": missions["short_name"] + " (" + missions["strength_kind"] + ")",
        "group": missions["mission_type"].map(labels("precedent_missions", "mission_type")),
        "low": missions["strength"].astype("int64"), "high": missions["strength"].astype("int64"),
        "source_id": missions["source_id"], "notes": missions["notes"],
    })
    proposed = pd.DataFrame({
        "label": options["label"], "group": PROPOSED + " (reported figure)",
        "low": options["low"].astype("int64"), "high": options["high"].astype("int64"),
        "source_id": options["source_id"], "notes": options["notes"],
    })
    return pd.concat([precedents, proposed], ignore_index=True)


# --- everything the chapter glues ----------------------------------------------------------------

TABLES = ("precedent_missions", "peacekeeping_principles", "statements_on_difference", "density_inputs",
          "force_size_estimates", "armed_forces_scale")

# Ukraine's army grew from about 260,000 before the invasion; estimates from 2024 on describe the army
# the force would back, earlier ones a force still being mobilised.
UKRAINE_ARMY_SINCE = pd.Timestamp("2024-01-01")


def ukraine_army(forces: pd.DataFrame) -> pd.DataFrame:
    """Estimates of Ukraine's active personnel since UKRAINE_ARMY_SINCE: the army the force would back."""
    rows = forces[(forces["country"] == "UKR") & (forces["measure"] == "active_personnel_estimate")
                  & (forces["refers_to_date"] >= UKRAINE_ARMY_SINCE)]
    if rows.empty:
        raise ValueError("armed_forces_scale: no estimate of Ukraine's active personnel since "
                         f"{UKRAINE_ARMY_SINCE:%Y-%m-%d}")
    return rows


def peacekeeping_values(tables) -> dict:
    """Every value and chart the chapter "Not a peacekeeping force" glues, by glue key."""
    from .claims import claim, claim_count, claim_row_value, claim_unique
    from .coverage import latest_event
    from .peacekeeping_charts import density_chart, front_density_chart, mission_sizes_chart, principles_matrix_chart
    from .sizes import of_scope

    missions, principles = tables["precedent_missions"], tables["peacekeeping_principles"]
    statements, inputs = tables["statements_on_difference"], tables["density_inputs"]
    options = of_scope(tables["force_size_estimates"], "coalition_total")
    seed_row = options[options["figure_kind"] == "founding_report"].iloc[[0]]
    troops = float(seed_row["high"].iloc[0])

    populations = input_bounds(inputs, "population_gov_controlled_ukraine")
    pop_rows = inputs[inputs["quantity"] == "population_gov_controlled_ukraine"]
    pop_low, pop_high = band(populations)
    pop_points = populations[populations["low"] == populations["high"]]
    active = input_bounds(inputs, "front_line_length_km", ("active_front",))
    active_rows = inputs[inputs["id"].isin(active["id"])]
    active_low, active_high = band(active)
    whole = whole_front_km(inputs)
    front_rows = inputs[inputs["quantity"] == "front_line_length_km"]
    bench_rows = inputs[inputs["definition"] == "benchmark"]
    bench_low_rows = inputs[inputs["definition"] == "benchmark_low"]
    benchmark = float(bench_rows["value"].max())
    benchmark_low = float(bench_low_rows["value"].min())
    fronts = pd.concat([inputs[inputs["definition"] == "active_front"][["id", "value", "definition", "source_id",
                                                                         "refers_to_date"]],
                        whole.assign(definition="total_front")[["id", "value", "definition", "source_id",
                                                                "refers_to_date"]]], ignore_index=True)
    matrix = principle_matrix(missions, principles)
    density = mission_density(missions)
    by_name = missions.set_index("short_name")
    consistent = missions[[departures(matrix, m) == 0 for m in missions["short_name"]]]
    dated = statements[statements["date_precision"] != "year"]
    largest = missions[missions["strength"] == missions["strength"].max()]
    seed_pop = (seed_row, pop_rows)
    need = troops_needed(pop_low, benchmark), troops_needed(pop_high, benchmark)

    def mission(key: str, name: str, field: str, fmt: str) -> object:
        rows = density if field == "per_1000" else missions
        row = rows[rows["short_name"] == name]
        value = float(row[field].iloc[0]) if field == "per_1000" else int(row[field].iloc[0])
        how = (f"{name}: strength per 1,000 inhabitants of its area" if field == "per_1000"
               else f"{name}: strength")
        return claim(format(value, fmt), value, how, row)

    ifor_strength = int(by_name.loc["IFOR", "strength"])
    efp_strength = int(by_name.loc["NATO eFP", "strength"])
    ifor_efp = missions[missions["short_name"].isin(["IFOR", "NATO eFP"])]
    within = options[(options["low"] >= efp_strength) & (options["high"] <= ifor_strength)]
    above = options[options["high"] > ifor_strength].sort_values(["high", "low"])
    from .sizes import figure_text
    above_text = ", ".join(figure_text(options, i) for i in above["id"])
    army = ukraine_army(tables["armed_forces_scale"])
    army_low, army_high = float(army["value"].min()), float(army["value"].max())
    point_pops = inputs[inputs["id"].isin(pop_points["id"])]
    return {
        "latest_event": latest_event(tables),
        "ukr_army_low": claim(f"{army_low:,.0f}", army_low, "smallest estimate of Ukraine's active personnel since 2024", army),
        "ukr_army_high": claim(f"{army_high:,.0f}", army_high, "largest estimate of Ukraine's active personnel since 2024", army),
        "ukr_army_share": claim(f"{troops / army_high * 100:.1f}–{troops / army_low * 100:.1f}",
                                (troops / army_high * 100, troops / army_low * 100),
                                "the force ÷ Ukraine's active personnel × 100, over the largest and smallest estimate",
                                seed_row, army),
        "seed_per_1000_points_low": claim(f"{per_thousand(troops, pop_points['high'].max()):.2f}",
                                          per_thousand(troops, pop_points["high"].max()),
                                          "troops ÷ highest single-figure population × 1,000", seed_row, point_pops),
        "seed_per_1000_points_high": claim(f"{per_thousand(troops, pop_points['low'].min()):.2f}",
                                           per_thousand(troops, pop_points["low"].min()),
                                           "troops ÷ lowest single-figure population × 1,000", seed_row, point_pops),
        "n_options_within": claim_count(within, "whole-force figures between NATO eFP's and IFOR's strength",
                                        among=options),
        "n_options_above_ifor": claim_count(above, "whole-force figures whose upper end exceeds IFOR's strength",
                                            among=options),
        "options_above_ifor": claim(above_text, list(above["id"]), "those figures, smallest first", above, ifor_efp),
        "n_missions": claim_count(missions, "precedent missions compared"),
        "n_un": claim_count(missions[missions["mission_type"] == "un_peacekeeping"], "UN peacekeeping missions among the precedents"),
        "n_consistent": claim_count(consistent, "precedents consistent with all three UN principles", among=missions),
        "n_departs_proposed": claim(str(departures(matrix, PROPOSED)), departures(matrix, PROPOSED),
                                    "UN principles the proposed force departs from, as coded", principles),
        "n_statements": claim_count(statements, "statements on the difference"),
        "first_statement": claim(f"{dated['date'].min():%B %Y}", dated["date"].min(), "earliest dated statement",
                                 dated[dated["date"] == dated["date"].min()]),
        "last_statement": claim(f"{dated['date'].max():%B %Y}", dated["date"].max(), "latest dated statement",
                                dated[dated["date"] == dated["date"].max()]),
        "n_year_only": claim_count(statements[statements["date_precision"] == "year"],
                                   "statements dated only to the year", among=statements),
        "n_options": claim_count(options, "whole-force size figures"),
        "seed_troops": claim(f"{troops:,.0f}", troops, "the size in the briefing's founding report", seed_row),
        "largest_precedent": claim(f"{int(largest['strength'].iloc[0]):,}", int(largest["strength"].iloc[0]),
                                   "largest strength among the precedents", missions),
        "largest_precedent_name": claim(largest["short_name"].iloc[0], largest["short_name"].iloc[0],
                                        "precedent with the largest strength", missions),
        "kfor": mission("kfor", "KFOR", "strength", ","),
        "ifor": mission("ifor", "IFOR", "strength", ","),
        "efp": mission("efp", "NATO eFP", "strength", ","),
        "kfor_per_1000": mission("kfor", "KFOR", "per_1000", ".0f"),
        "ifor_per_1000": mission("ifor", "IFOR", "per_1000", ".0f"),
        "untaes_per_1000": mission("untaes", "UNTAES", "per_1000", ".0f"),
        "efp_per_1000": mission("efp", "NATO eFP", "per_1000", ".2f"),
        "usfk_per_1000": mission("usfk", "USFK", "per_1000", ".2f"),
        "n_density": claim_count(density, "precedents with a sourced population and area"),
        "n_pop_sources": claim_unique(pop_rows, "source_id", "sources of the population figure"),
        "pop_low": claim(f"{pop_low / 1e6:,.0f} million", pop_low, "lowest population figure across sources", pop_rows),
        "pop_high": claim(f"{pop_high / 1e6:,.1f} million", pop_high, "highest population figure across sources", pop_rows),
        "pop_points_low": claim(f"{pop_points['low'].min() / 1e6:,.0f} million", pop_points["low"].min(),
                                "lowest single-figure population estimate", inputs[inputs["id"].isin(pop_points["id"])]),
        "pop_points_high": claim(f"{pop_points['high'].max() / 1e6:,.1f} million", pop_points["high"].max(),
                                 "highest single-figure population estimate", inputs[inputs["id"].isin(pop_points["id"])]),
        "benchmark": claim(f"{benchmark:g}", benchmark, "stabilisation benchmark, troops per 1,000 inhabitants", bench_rows),
        "benchmark_low": claim(f"{benchmark_low:g}", benchmark_low, "lower benchmark, troops per 1,000 inhabitants", bench_low_rows),
        "seed_per_1000_low": claim(f"{per_thousand(troops, pop_high):.2f}", per_thousand(troops, pop_high),
                                   "troops ÷ highest population × 1,000", *seed_pop),
        "seed_per_1000_high": claim(f"{per_thousand(troops, pop_low):.2f}", per_thousand(troops, pop_low),
                                    "troops ÷ lowest population × 1,000", *seed_pop),
        "need_low": claim(f"{need[0]:,.0f}", need[0], "lowest population × benchmark ÷ 1,000", pop_rows, bench_rows),
        "need_high": claim(f"{need[1]:,.0f}", need[1], "highest population × benchmark ÷ 1,000", pop_rows, bench_rows),
        "need_africa_low": claim(f"{troops_needed(pop_low, benchmark_low):,.0f}", troops_needed(pop_low, benchmark_low),
                                 "lowest population × lower benchmark ÷ 1,000", pop_rows, bench_low_rows),
        "need_africa_high": claim(f"{troops_needed(pop_high, benchmark_low):,.0f}", troops_needed(pop_high, benchmark_low),
                                  "highest population × lower benchmark ÷ 1,000", pop_rows, bench_low_rows),
        "times_low": claim(f"{need[0] / troops:.0f}", need[0] / troops, "troops the benchmark implies (lowest population) ÷ the force",
                           seed_row, pop_rows, bench_rows),
        "times_high": claim(f"{need[1] / troops:.0f}", need[1] / troops, "troops the benchmark implies (highest population) ÷ the force",
                            seed_row, pop_rows, bench_rows),
        "active_low": claim(f"{active_low:,.0f}", active_low, "shortest active-front length across sources", active_rows),
        "active_high": claim(f"{active_high:,.0f}", active_high, "longest active-front length across sources", active_rows),
        "whole_low": claim(f"{whole['value'].min():,.0f}", whole["value"].min(), "shortest whole-front length (stated, or active plus inactive)", front_rows),
        "whole_high": claim(f"{whole['value'].max():,.0f}", whole["value"].max(), "longest whole-front length (stated, or active plus inactive)", front_rows),
        "inactive_2025": claim_row_value(inputs, "d08b", "value", "{:,.0f}", "length of the front without fighting"),
        "seed_per_km_low": claim(f"{per_km(troops, active_high):.0f}", per_km(troops, active_high),
                                 "troops ÷ longest active front", seed_row, active_rows),
        "seed_per_km_high": claim(f"{per_km(troops, active_low):.0f}", per_km(troops, active_low),
                                  "troops ÷ shortest active front", seed_row, active_rows),
        "seed_per_km_whole_low": claim(f"{per_km(troops, whole['value'].max()):.1f}", per_km(troops, whole["value"].max()),
                                       "troops ÷ longest whole front", seed_row, front_rows),
        "seed_per_km_whole_high": claim(f"{per_km(troops, whole['value'].min()):.1f}", per_km(troops, whole["value"].min()),
                                        "troops ÷ shortest whole front", seed_row, front_rows),
        "fig_principles_matrix": principles_matrix_chart(missions, principles),
        "fig_mission_sizes": mission_sizes_chart(missions, options),
        "fig_force_density": density_chart(missions, options, populations, benchmark, benchmark_low),
        "fig_front_density": front_density_chart(options, fronts),
    }
