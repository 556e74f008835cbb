"""Loaders and small computations for the chapter "Not a peacekeeping force".

Density is troops per 1,000 inhabitants or per kilometre of front. Where the inputs disagree
(population of government-controlled Ukraine, length of the front), every function keeps each
source's figure, so the result can be shown as a band that moves with the input.
"""
from __future__ import annotations

import pandas as pd

from .tables import labels, load_table


def load_precedent_missions() -> pd.DataFrame:
    return load_table("precedent_missions")


def load_peacekeeping_principles() -> pd.DataFrame:
    return load_table("peacekeeping_principles")


def load_statements_on_difference() -> pd.DataFrame:
    return load_table("statements_on_difference")


def load_density_inputs() -> pd.DataFrame:
    return load_table("density_inputs")


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
