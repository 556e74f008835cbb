"""Loaders and small computations for the obstacles chapter. Every number its prose quotes comes from here."""
from __future__ import annotations

import pandas as pd

from .sizes import of_scope
from .sources import load_sources
from .tables import label_of, label_series, labels, load_table

# Outcomes in which what was promised did not happen or did not last (our coding, from the sources).
NOT_KEPT = ("violated", "collapsed", "never_implemented")
# How a count reads in a sentence ('more than 20'); grammar, not a label, so it stays here.
QUALIFIER_WORDS = {"exact": "", "more_than": "more than ", "ordinal": "the "}
FORCE_GROUP = "Reassurance force: reported and proposed sizes"
WHOLE_FORCE = "Force as a whole"


def seed_conditions() -> tuple[str, ...]:
    """The seed report's four conditions, in its order (the order of the descriptor's enum)."""
    return tuple(labels("path_forward_conditions", "condition"))


def measure_group(country: str, measure: str) -> str:
    """'Russia: people mobilised': the country's label, then the measure's."""
    what = label_of("armed_forces_scale", "measure", measure)
    return f"{label_of('armed_forces_scale', 'country', country)}: {what[0].lower()}{what[1:]}"


def load_agreements() -> pd.DataFrame:
    return load_table("agreements_record")


def load_ceasefire_counts() -> pd.DataFrame:
    return load_table("ceasefire_counts")


def load_armed_forces_scale() -> pd.DataFrame:
    return load_table("armed_forces_scale")


def load_russian_statements() -> pd.DataFrame:
    return load_table("russian_statements")


def load_obstacle_register() -> pd.DataFrame:
    return load_table("obstacle_register")


def load_path_forward_conditions() -> pd.DataFrame:
    return load_table("path_forward_conditions")


def count_outcomes(agreements: pd.DataFrame, outcomes: tuple[str, ...]) -> int:
    """How many agreements have one of the given outcomes."""
    unknown = set(outcomes) - set(labels("agreements_record", "outcome"))
    if unknown:
        raise ValueError(f"unknown outcomes {sorted(unknown)}")
    return int(agreements["outcome"].isin(outcomes).sum())


def agreement_spans(agreements: pd.DataFrame) -> pd.DataFrame:
    """One row per agreement, in date order, with an end for drawing (the start when no end is known)."""
    frame = agreements.sort_values(["signed_on", "id"]).copy()
    frame["drawn_end"] = frame["ended_on"].fillna(frame["signed_on"])
    frame["days_lasted"] = (frame["ended_on"] - frame["signed_on"]).dt.days.astype("Int64")
    frame["outcome_label"] = label_series(frame["outcome"], "agreements_record", "outcome")
    return frame


def count_label(row: pd.Series) -> str:
    """A count in the source's own terms: '11', 'more than 20', 'the 19th'."""
    n = int(row["count"])
    if row["qualifier"] == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix}"
    return f"{QUALIFIER_WORDS[row['qualifier']]}{n}"


def ceasefire_claims(counts: pd.DataFrame) -> pd.DataFrame:
    """Each claimed count with a label naming the claimant and period; never combined into one number."""
    frame = counts.sort_values(["counted_to", "id"]).copy()
    frame["as_stated"] = frame.apply(count_label, axis=1)
    frame["counted_label"] = label_series(frame["counted"], "ceasefire_counts", "counted")
    frame["row_label"] = frame["claimant"] + " · " + frame["period"]
    return frame


def count_spread(counts: pd.DataFrame) -> dict[str, int]:
    """Range of the claimed counts and how many claimants there are: the disagreement in numbers."""
    if counts.empty:
        raise ValueError("no counts")
    return {"claims": len(counts), "claimants": counts["source_id"].nunique(),
            "lowest": int(counts["count"].min()), "highest": int(counts["count"].max())}


def scale_figures(forces: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """The force's whole-force sizes (low-high) beside the armed forces' figures, one row per figure."""
    force = of_scope(sizes, "coalition_total")
    force = pd.DataFrame({
        "group": FORCE_GROUP, "label": force["label"], "low": force["low"].astype(int),
        "high": force["high"].astype(int), "date": force["stated_on"],
        "attributed_to": force["attributed_to"], "source_id": force["source_id"],
    })
    armies = pd.DataFrame({
        "group": [measure_group(c, m) for c, m in zip(forces["country"], forces["measure"])], "label": forces["attributed_to"],
        "low": forces["value"].astype(int), "high": forces["value"].astype(int), "date": forces["refers_to_date"],
        "attributed_to": forces["attributed_to"], "source_id": forces["source_id"],
    })
    return pd.concat([force, armies], ignore_index=True)


def group_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """Lowest and highest figure in each group, with how many figures and sources: the range where sources differ."""
    return figures.groupby("group", sort=False).agg(
        lowest=("low", "min"), highest=("high", "max"), figures=("low", "size"),
        sources=("source_id", "nunique")).reset_index()


def latest_value(forces: pd.DataFrame, country: str, measure: str) -> pd.Series:
    """The figure of one kind that refers to the latest date (ties broken by id)."""
    rows = forces[(forces["country"] == country) & (forces["measure"] == measure)]
    if rows.empty:
        raise ValueError(f"no {measure} figure for {country}")
    return rows.sort_values(["refers_to_date", "id"]).iloc[-1]


def times_larger(big: float, small: float) -> float:
    """How many times `small` fits into `big`."""
    if small <= 0:
        raise ValueError("the smaller figure must be positive")
    return big / small


def obstacle_country_pairs(register: pd.DataFrame) -> pd.DataFrame:
    """One row per obstacle and country concerned; obstacles naming no country concern the force as a whole."""
    frame = register.copy()
    frame["country"] = frame["countries"].fillna("").astype(str).str.split(";")
    frame = frame.explode("country")
    frame["country"] = frame["country"].where(frame["country"] != "", WHOLE_FORCE)
    return frame.reset_index(drop=True)


def obstacles_per_country(register: pd.DataFrame) -> pd.Series:
    """How many obstacles concern each country (most first, then alphabetical)."""
    pairs = obstacle_country_pairs(register)
    counts = pairs.groupby("country")["id"].nunique()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def stance_counts(statements: pd.DataFrame) -> pd.Series:
    return statements["stance"].value_counts().sort_index()


def checklist(conditions: pd.DataFrame) -> pd.DataFrame:
    """The seed report's conditions in its order, each row with its status, as-of date and source."""
    unknown = set(conditions["condition"]) - set(seed_conditions())
    if unknown:
        raise ValueError(f"not one of the seed report's conditions: {sorted(unknown)}")
    order = {c: i for i, c in enumerate(seed_conditions())}
    frame = conditions.assign(_order=conditions["condition"].map(order)).sort_values(["_order", "as_of", "id"])
    known = load_sources()
    frame = frame.assign(
        number=frame["_order"] + 1,
        status_label=label_series(frame["status"], "path_forward_conditions", "status"),
        as_of_label=frame["as_of"].dt.strftime("%d %b %Y"),
        source_label=frame["source_id"].map(lambda k: known[k].short if k in known else k),
    )
    return frame.drop(columns="_order").reset_index(drop=True)


def condition_status(conditions: pd.DataFrame) -> pd.Series:
    """Status of each condition on its latest sourced date; where rows share that date, the least met."""
    rank = {"not_met": 0, "partly_met": 1, "met": 2}
    latest = conditions.groupby("condition")["as_of"].transform("max")
    frame = conditions[conditions["as_of"] == latest].assign(_rank=lambda f: f["status"].map(rank))
    return frame.sort_values("_rank").groupby("condition")["status"].first().reindex(
        [c for c in seed_conditions() if c in set(conditions["condition"])])
