"""Loaders and small computations for the obstacles chapter. Every number its prose quotes comes from here."""
from __future__ import annotations

import pandas as pd

from .sizes import of_scope
from .sources import load_sources
from .tables import label_of, label_series, labels

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


# --- everything the chapter glues ----------------------------------------------------------------

def counted_once(agreements: pd.DataFrame) -> pd.DataFrame:
    """The record without the truces shown on their own that already count inside their series."""
    return agreements[agreements["part_of"].isna()]


AGREEMENT_KINDS = ("agreed", "unilateral", "without_russia")


def agreement_kind(agreements: pd.DataFrame) -> pd.Series:
    """How each agreement was made: declared by one party alone (the parties field names only Russia),
    proposed or signed without Russia, or agreed with Russia among the parties."""
    parties = agreements["parties"].str.split(";").map(lambda ps: [p.strip() for p in ps])
    return parties.map(lambda ps: "unilateral" if len(ps) == 1 else
                       ("agreed" if "Russia" in ps else "without_russia")).rename("kind")


TABLES = ("agreements_record", "ceasefire_counts", "armed_forces_scale", "russian_statements", "obstacle_register",
          "path_forward_conditions", "force_size_estimates", "coalition_positions")
COUNTRY_NAMES = {"USA": "The United States", "GBR": "The United Kingdom", "FRA": "France", "ITA": "Italy",
                 "POL": "Poland", "DEU": "Germany", "RUS": "Russia"}


def obstacles_values(tables) -> dict:
    """Every value and chart the obstacles chapter glues, by glue key."""
    from .claims import claim, claim_count, claim_row_value, claim_unique
    from .obstacles_charts import (agreements_timeline_chart, ceasefire_counts_chart, checklist_chart,
                                   obstacle_matrix_chart, russian_statements_chart, scale_chart)
    from .sizes import summarise_sizes

    record, counts = tables["agreements_record"], tables["ceasefire_counts"]
    # Counts take the Contact Group's series once: its truces shown on their own are not counted again.
    agreements = counted_once(record)
    kinds = agreement_kind(agreements)
    forces, statements = tables["armed_forces_scale"], tables["russian_statements"]
    register, conditions = tables["obstacle_register"], tables["path_forward_conditions"]
    sizes = tables["force_size_estimates"]

    def outcome(*outcomes):
        return claim_count(agreements[agreements["outcome"].isin(outcomes)],
                           f"agreements whose outcome is {' or '.join(outcomes)}", among=agreements)

    def figure(key_id, how):
        return claim_row_value(forces, key_id, "value", "{:,.0f}", how)

    def latest_row(country, measure):
        row = latest_value(forces, country, measure)
        return forces[forces["id"] == row["id"]], row

    def count_row(row_id, fmt="{:.0f}"):
        return claim_row_value(counts, row_id, "count", fmt, f"the count stated by {counts.loc[counts['id'] == row_id, 'claimant'].iloc[0]}")

    lowest = counts[counts["count"] == counts["count"].min()]
    highest = counts[counts["count"] == counts["count"].max()]
    totals = of_scope(sizes, "coalition_total")
    summary = summarise_sizes(totals)
    seed = sizes[sizes["id"] == "bbc_2025_mfu_ground_20000"]
    ru_rows, ru = latest_row("RUS", "deployed_in_ukraine_estimate")
    ua_rows, ua = latest_row("UKR", "active_personnel_estimate")
    ceiling_rows, ceiling = latest_row("RUS", "decreed_ceiling")
    per_country = obstacles_per_country(register)
    countries_only = per_country.drop(WHOLE_FORCE, errors="ignore")
    top = countries_only.index[0]
    top_rows = obstacle_country_pairs(register)
    top_rows = register[register["id"].isin(top_rows.loc[top_rows["country"] == top, "id"])]
    status = condition_status(conditions)
    latest_conditions = conditions[conditions["as_of"] == conditions.groupby("condition")["as_of"].transform("max")]
    rows = checklist(conditions)

    def status_count(value, words=False):
        chosen = latest_conditions[latest_conditions["condition"].isin(status[status == value].index)]
        return claim_count(chosen, f"conditions whose latest status is {value}", among=latest_conditions, words=words)

    # The press said in July 2025 that only the UK and France had offered front-line troops; our own record
    # of positions is checked against that date rather than the sentence repeated.
    report = register[register["id"] == "o09"]
    positions = tables["coalition_positions"]
    # A statement dated only to the year may postdate the report, so it does not count as earlier.
    earlier = positions[(positions["position"] == "offered") & (positions["attribution"] == "government")
                        & (positions["date_precision"] != "year")
                        & (positions["date"] <= report["as_of"].iloc[0]) & ~positions["iso3"].isin(["GBR", "FRA"])]
    earlier_names = list(dict.fromkeys(earlier.sort_values("country")["country"]))
    values = {
        "offered_before_report": claim(" and ".join([", ".join(earlier_names[:-1]), earlier_names[-1]])
                                       if len(earlier_names) > 1 else earlier_names[0], earlier_names,
                                       "countries other than the UK and France whose governments had offered troops or "
                                       "assets in a statement dated before that report", earlier, report),
        "n_agreements": claim_count(agreements, "agreements and truces in the record, the Contact Group's series once"),
        "n_series_members": claim_count(record[record["part_of"].notna()],
                                        "truces shown on their own but counted within their series"),
        "n_not_kept": outcome(*NOT_KEPT),
        "n_violated": outcome("violated"),
        "n_collapsed": outcome("collapsed"),
        "n_never": outcome("never_implemented"),
        "n_expired": outcome("expired"),
        "last_agreement": claim(f"{agreements['signed_on'].max():%B %Y}", agreements["signed_on"].max(),
                                "latest agreement signed", agreements[agreements["signed_on"] == agreements["signed_on"].max()]),
        "n_count_claims": claim_count(counts, "stated counts of ceasefires"),
        "lowest_count": claim(str(int(counts["count"].min())), int(counts["count"].min()),
                              "smallest stated count of ceasefires", counts),
        "highest_count": claim(str(int(counts["count"].max())), int(counts["count"].max()),
                               "largest stated count of ceasefires", counts),
        "lowest_count_period": claim(lowest["period"].iloc[0], lowest["period"].iloc[0],
                                     "period covered by the smallest stated count", lowest),
        "highest_count_to": claim(f"{highest['counted_to'].max():%B %Y}", highest["counted_to"].max(),
                                  "end of the period covered by the largest stated count", highest),
        "malyar_count": count_row("c01"),
        "dpr_ordinal": claim_row_value(counts, "c02", "count", lambda n: f"{int(n)}th", "the ordinal stated"),
        "acled_count": count_row("c04"),
        "united24_count": count_row("c05"),
        "zelensky_count": count_row("c07"),
        "force_smallest": claim(f"{summary.smallest:,}", summary.smallest, "smallest whole-force figure", totals),
        "force_largest": claim(f"{summary.largest:,}", summary.largest, "largest whole-force figure", totals),
        "seed_size": claim(f"{int(seed['high'].iloc[0]):,}", int(seed["high"].iloc[0]),
                           "the size in the briefing's founding report", seed),
        "ru_latest": claim(f"{int(ru['value']):,}", int(ru["value"]), "latest estimate of Russian forces in Ukraine", ru_rows),
        "ru_latest_date": claim(f"{ru['refers_to_date']:%B %Y}", ru["refers_to_date"], "date of that estimate", ru_rows),
        "ru_times_seed": claim(f"{times_larger(ru['value'], seed['high'].iloc[0]):.0f}",
                               times_larger(ru["value"], seed["high"].iloc[0]),
                               "latest Russian estimate ÷ the founding report's force", ru_rows, seed),
        "ua_latest": claim(f"{int(ua['value']):,}", int(ua["value"]), "latest estimate of Ukraine's active forces", ua_rows),
        "ua_latest_date": claim(f"{ua['refers_to_date']:%B %Y}", ua["refers_to_date"], "date of that estimate", ua_rows),
        "ru_ceiling": claim(f"{int(ceiling['value']):,}", int(ceiling["value"]), "latest decreed ceiling of Russia's forces", ceiling_rows),
        "ru_ceiling_date": claim(f"{ceiling['refers_to_date']:%B %Y}", ceiling["refers_to_date"], "date of that decree", ceiling_rows),
        "ru_putin_2023": figure("f04", "figure stated by Putin"),
        "ua_zelensky_2025": figure("f23", "figure stated by Zelensky"),
        "cap_us": figure("f25", "proposed cap, US draft"),
        "cap_e3": figure("f26", "proposed cap, European counter-proposal"),
        "cap_newsby": figure("f28", "proposed cap as reported"),
        "cap_istanbul": figure("f29", "cap discussed in Istanbul, 2022"),
        "ua_statista": figure("f21", "estimate of Ukraine's active forces"),
        "ua_seleznev": figure("f19", "estimate of Ukraine's forces"),
        "n_statements": claim_count(statements, "Russian official statements in the record"),
        "n_officials": claim_unique(statements, "who", "officials who made them"),
        "n_legit": claim_count(statements[statements["stance"] == "legitimate_target"],
                               "statements calling foreign troops a legitimate target", among=statements),
        "n_conditional": claim_count(statements[statements["stance"] == "conditional_acceptance"],
                                     "statements accepting a presence on conditions", among=statements),
        "first_statement": claim(f"{statements['date'].min():%B %Y}", statements["date"].min(), "earliest statement",
                                 statements[statements["date"] == statements["date"].min()]),
        "last_statement": claim(f"{statements['date'].max():%B %Y}", statements["date"].max(), "latest statement",
                                statements[statements["date"] == statements["date"].max()]),
        "n_obstacles": claim_count(register, "obstacles in the register"),
        "n_obstacle_countries": claim(str(len(countries_only)), len(countries_only),
                                      "countries named by at least one obstacle", register),
        "top_country_name": claim(COUNTRY_NAMES.get(top, top), top, "country named by the most obstacles", register),
        "top_country_n": claim_count(top_rows, "obstacles naming that country"),
        "n_conditions": claim(str(len(status)), len(status), "conditions on the checklist", conditions),
        "n_not_met": status_count("not_met"),
        "n_partly_met": status_count("partly_met"),
        "n_met": status_count("met"),
        "n_met_words": status_count("met", words=True),
        "checklist_latest": claim(f"{rows['as_of'].max():%d %B %Y}", rows["as_of"].max(), "latest assessment on the checklist",
                                  conditions[conditions["as_of"] == conditions["as_of"].max()]),
        "fig_agreements": agreements_timeline_chart(record),
        "fig_ceasefire_counts": ceasefire_counts_chart(counts),
        "fig_scale": scale_chart(forces, sizes),
        "fig_statements": russian_statements_chart(statements, load_sources()),
        "fig_register": obstacle_matrix_chart(register),
        "fig_path_forward": checklist_chart(conditions),
    }
    for kind in AGREEMENT_KINDS:
        of_kind = agreements[kinds == kind]
        values[f"n_{kind}"] = claim_count(of_kind, f"agreements of kind '{kind}'", among=agreements)
        values[f"n_{kind}_not_kept"] = claim_count(of_kind[of_kind["outcome"].isin(NOT_KEPT)],
                                                   f"agreements of kind '{kind}' not kept", among=agreements)
    for stance in ("rejects_any_foreign_troops", "dismisses", "other"):
        values[f"n_{stance}"] = claim_count(statements[statements["stance"] == stance],
                                            f"statements coded '{stance}'", among=statements)
    from .coverage import latest_event
    # Register rows dated only by when we read an undated page say nothing about how current we are.
    dated_register = register[register["date_basis"] != "accessed"]
    values["latest_event"] = latest_event({"agreements_record": record, "russian_statements": statements,
                                           "path_forward_conditions": conditions, "obstacle_register": dated_register,
                                           "armed_forces_scale": forces})
    for category in ("political", "operational", "international"):
        values[f"n_{category}"] = claim_count(register[register["category"] == category],
                                              f"{category} obstacles in the register", among=register)
    return values
