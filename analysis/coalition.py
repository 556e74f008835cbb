"""The coalition of the willing, country by country: positions, meetings, capacity and force generation.

Every number the coalition chapter quotes is computed here, on validated tables.

Force-generation model (used by the explorer chart, whose Vega expressions mirror `force_shares`):
keeping N troops deployed needs a pool of about k x N troops in the rotation cycle (some deployed,
some preparing, some recovering). k is a parameter; the chapter cites the only sourced figures we
found (The Times: 64,000 deployed -> 256,000 over two years, about 4; analyst Gady on rotation), not a
source for k = 3. The pool is split among the participants in one of two ways:

- ``equal``: every participant provides the same number of troops, pool / n. This is the default
  because political pledges are made per country (a company, a battalion), and it shows where an
  even split would exceed what a small state has.
- ``proportional``: every participant provides the same share of its active force,
  pool / (sum of the participants' active forces). This is the fairest split by size; the share is
  the same for everyone, and the explorer shows it as a reference line.
"""
from __future__ import annotations

import re

import pandas as pd

from .tables import labels

SPLITS = ("equal", "proportional")


def position_labels() -> dict[str, str]:
    """Position code -> label, in the order charts list them (from the positions table's descriptor)."""
    return labels("coalition_positions", "position")


def latest_positions(countries: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """For every participating country, its latest position stated by its own government.

    Third-party descriptions (e.g. a European Council president listing countries) are counted in
    the history but never decide the latest position. Ties on a date are broken by id. A country
    with no own statement gets 'no_statement'.
    """
    own = positions[(positions["attribution"] == "government") & positions["iso3"].isin(countries["iso3"])]
    own = own.sort_values(["date", "id"])
    position_label = position_labels()
    last = own.groupby("iso3").tail(1).set_index("iso3")
    n_all = positions.groupby("iso3").size()
    history = (positions.sort_values(["date", "id"]).groupby("iso3")
               .apply(lambda g: "; ".join(f"{d:%b %Y}: {position_label[p].lower()}"
                                          for d, p in zip(g["date"], g["position"])), include_groups=False))
    rows = []
    for _, c in countries.iterrows():
        iso = c["iso3"]
        if iso in last.index:
            r = last.loc[iso]
            rows.append({"iso3": iso, "country": c["country"], "position": r["position"], "date": r["date"],
                         "who": r["who"], "statement": r["statement"], "source_id": r["source_id"]})
        else:
            rows.append({"iso3": iso, "country": c["country"], "position": "no_statement", "date": pd.NaT,
                         "who": "", "statement": "", "source_id": pd.NA})
    out = pd.DataFrame(rows)
    out["n_statements"] = out["iso3"].map(n_all).fillna(0).astype(int)
    out["history"] = out["iso3"].map(history).fillna("")
    out["position_label"] = out["position"].map(position_label)
    out["rank"] = out["position"].map({p: i for i, p in enumerate(position_label)})
    return out.sort_values(["rank", "country"]).reset_index(drop=True)


def position_counts(latest: pd.DataFrame) -> dict[str, int]:
    """Number of countries in each latest position, in display order (zeros included)."""
    counts = latest["position"].value_counts()
    return {p: int(counts.get(p, 0)) for p in position_labels()}


def changed_position(positions: pd.DataFrame) -> list[str]:
    """Countries (iso3) whose own government's statements fall in more than one position category."""
    own = positions[positions["attribution"] == "government"]
    n = own.groupby("iso3")["position"].nunique()
    return sorted(n[n > 1].index)


def meeting_counts(meetings: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting: date, place, number of counts, lowest and highest reported count."""
    grouped = meetings.groupby("meeting")
    out = pd.DataFrame({
        "date": grouped["date"].first(),
        "place": grouped["place"].first(),
        "n_counts": grouped["participants_reported"].count(),
        "lowest": grouped["participants_reported"].min(),
        "highest": grouped["participants_reported"].max(),
    }).reset_index()
    out["disagree"] = out["n_counts"].gt(1) & out["lowest"].ne(out["highest"])
    return out.sort_values("date").reset_index(drop=True)


def capacity_and_position(countries: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Active personnel (estimate) next to the latest position, for countries with a positive estimate."""
    merged = countries[["iso3", "active_personnel", "personnel_source_id", "nato_member"]].merge(
        latest[["iso3", "country", "position", "position_label", "rank"]], on="iso3")
    return merged[merged["active_personnel"].fillna(0) > 0].reset_index(drop=True)


def rotation_pool(n_deployed: float, k: float) -> float:
    """Troops needed in the rotation cycle to keep n_deployed deployed: k x N."""
    if n_deployed < 0:
        raise ValueError("the number deployed cannot be negative")
    if k < 1:
        raise ValueError("k must be at least 1 (the deployed troops are part of the pool)")
    return k * n_deployed


def force_shares(frame: pd.DataFrame, n_deployed: float, k: float, split: str = "equal") -> pd.DataFrame:
    """Troops each participant provides and the share of its active force that takes.

    `frame` has one row per participant with `active_personnel` > 0. Adds `troops` and `share`
    (a fraction; above 1 means more than the country's whole active force).
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    if frame.empty:
        raise ValueError("no participants")
    active = frame["active_personnel"].astype(float)
    if (active <= 0).any() or active.isna().any():
        raise ValueError("every participant needs a positive active-personnel figure")
    pool = rotation_pool(n_deployed, k)
    if split == "equal":
        troops = pd.Series(pool / len(frame), index=frame.index)
    else:
        troops = pool * active / active.sum()
    return frame.assign(troops=troops, share=troops / active)


def explorer_data(countries: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Countries the explorer offers: a positive personnel estimate; ticked by default if they offered troops."""
    data = capacity_and_position(countries, latest)
    data = data.assign(default_taking_part=data["position"].eq("offered"))
    return data.sort_values("active_personnel", ascending=False).reset_index(drop=True)


def names_text(names) -> str:
    """'A', 'A and B', 'A, B and C': country names as prose lists them."""
    names = [("the " + n if n in ("United Kingdom", "United States", "Netherlands") else n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


LARGEST_N = 7  # how many of the largest armed forces the capacity paragraph names


# --- everything the chapter glues ----------------------------------------------------------------

# Decisions the chapter names (the pledge count, Poland's roles, the September 2026 talks in Kyiv).
DECISIONS_NAMED = ("cmd_2025_09_04_paris_26_countries", "cmd_2026_02_07_poland_logistics_base",
                   "cmd_2026_07_13_first_exercise_poland", "cmd_2026_09_06_kyiv_security_advisers")
TABLES = ("coalition_countries", "coalition_positions", "coalition_meetings", "force_size_estimates",
          "armed_forces_personnel",
          "command_decisions", "source_quotes")


def coalition_values(tables) -> dict:
    """Every value and chart the coalition chapter glues, by glue key."""
    from .claims import assumption, claim, claim_count, claim_stated, claim_unique
    from .coverage import latest_event
    from .capacity_chart import capacity_chart, capacity_frame
    from .coalition_charts import DEFAULT_K, DEFAULT_N, force_explorer_chart, meetings_chart, positions_chart

    countries, positions = tables["coalition_countries"], tables["coalition_positions"]
    meetings, sizes = tables["coalition_meetings"], tables["force_size_estimates"]
    latest = latest_positions(countries, positions)
    counts = position_counts(latest)
    own = positions[(positions["attribution"] == "government") & positions["iso3"].isin(countries["iso3"])]
    own_latest = own.sort_values(["date", "id"]).groupby("iso3").tail(1)
    per_meeting = meeting_counts(meetings)
    explorer = explorer_data(countries, latest)
    personnel = countries[countries["active_personnel"].fillna(0) > 0]
    changed = own[own["iso3"].isin(changed_position(positions))]
    counted = meetings[meetings["participants_reported"].notna()]

    def in_position(position: str):
        rows = own_latest[own_latest["position"] == position]
        return claim_count(rows, f"countries whose own government's latest statement is '{position}'",
                           among=countries)

    def reported(key: str, meeting_id: str, source: str):
        row = meetings[(meetings["meeting"] == meeting_id) & (meetings["participants_source_id"] == source)]
        n = int(row["participants_reported"].iloc[0])
        return claim(str(n), n, f"participants at meeting {meeting_id} as counted by this source", row)

    def size(row_id: str, field: str = "high"):
        row = sizes[sizes["id"] == row_id]
        return claim(f"{int(row[field].iloc[0]):,}", int(row[field].iloc[0]), f"figure stated by {row['attributed_to'].iloc[0]}", row)

    offered = explorer[explorer["default_taking_part"]]
    offered_rows = countries[countries["iso3"].isin(offered["iso3"])]
    equal = force_shares(offered, DEFAULT_N, DEFAULT_K, "equal").set_index("iso3")
    by_size = force_shares(offered, DEFAULT_N, DEFAULT_K, "proportional")
    seed = sizes[sizes["id"] == "bbc_2025_mfu_ground_20000"]
    if int(seed["high"].iloc[0]) != DEFAULT_N:
        raise ValueError("the explorer's default N must be the founding report's figure")
    radakin, pool = sizes[sizes["id"] == "times_2025_radakin_64000"], sizes[sizes["id"] == "times_2025_rotation_256000"]
    ratio = float(pool["high"].iloc[0]) / float(radakin["high"].iloc[0])
    pledge = tables["command_decisions"]
    pledge = pledge[pledge["id"] == "cmd_2025_09_04_paris_26_countries"]
    n_pledged = int(re.search(r"(\d+) countries", pledge["event"].iloc[0]).group(1))
    committed = claim(str(n_pledged), n_pledged, "countries Macron said had formally committed, 4 September 2025",
                      pledge)
    # The capacity paragraph ranks members by the same figures as its chart: one source, one year.
    personnel = tables["armed_forces_personnel"]
    ranked = capacity_frame(personnel, latest).dropna(subset=["personnel"])
    top = ranked.head(LARGEST_N)
    top_rows = personnel[personnel["iso3"].isin(ranked["iso3"])]
    top_offered = top[top["position"] == "offered"]
    top_conditional = top[top["position"] == "conditional"]
    other_offered = ranked[(ranked["position"] == "offered") & ~ranked["iso3"].isin(top["iso3"])]
    no_statement = countries[~countries["iso3"].isin(own_latest["iso3"])]
    uncounted = per_meeting[per_meeting["lowest"].isna()]
    decisions = tables["command_decisions"]
    exercise = decisions[decisions["id"] == "cmd_2026_07_13_first_exercise_poland"]
    # The chapter dates itself by the statements, meetings and decisions it reports (not by every row
    # of the shared decisions table, most of which other chapters tell).
    named_decisions = decisions[decisions["id"].isin(DECISIONS_NAMED)]
    return {
        "n_countries": claim_count(countries, "countries listed as coalition participants"),
        "n_statements": claim_count(positions, "dated statements of position"),
        "n_stating_countries": claim_unique(positions, "iso3", "countries with at least one statement"),
        "n_offered": in_position("offered"),
        "n_conditional": in_position("conditional"),
        "n_outside": in_position("outside_ukraine_or_non_ground"),
        "n_declined": in_position("declined"),
        "n_no_statement": claim(str(counts["no_statement"]), counts["no_statement"],
                                "participants whose own government has stated no position",
                                own_latest[own_latest["position"] == "no_statement"],
                                no_statement if len(no_statement) else countries),
        "n_changed": claim_unique(changed, "iso3", "countries whose own statements fall in more than one position")
        if len(changed) else claim("0", 0, "countries whose own statements fall in more than one position", own),
        "n_meetings": claim_unique(meetings, "meeting", "meetings in the record"),
        "n_counts": claim_count(counted, "reported participant counts"),
        "n_disagree": claim(str(int(per_meeting["disagree"].sum())), int(per_meeting["disagree"].sum()),
                            "meetings whose reported counts differ", counted),
        "n_uncounted": claim(str(int(per_meeting["lowest"].isna().sum())), int(per_meeting["lowest"].isna().sum()),
                             "meetings with no reported count", meetings),
        "n_with_personnel": claim_count(personnel, "participants with an active-personnel estimate"),
        "n_without_personnel": claim_count(countries[countries["active_personnel"].fillna(0) == 0],
                                           "participants without an active-personnel estimate", among=countries),
        "n_with_spending": claim_count(countries[countries["defence_spending_pct_gdp"].notna()],
                                       "participants with a defence-spending figure"),
        "n_nato": claim_count(countries[countries["nato_member"].fillna(False).astype(bool)], "NATO members among the participants"),
        "n_eu": claim_count(countries[countries["eu_member"].fillna(False).astype(bool)], "EU members among the participants"),
        "uk_spending": claim(f"{countries.set_index('iso3').loc['GBR', 'defence_spending_pct_gdp']:g}",
                             countries.set_index("iso3").loc["GBR", "defence_spending_pct_gdp"],
                             "UK defence spending, per cent of GDP", countries[countries["iso3"] == "GBR"]),
        "london_18": reported("london_18", "M01", "newdailyprime2025london"),
        "london_12": reported("london_12", "M01", "mesazona2025aljazeera"),
        "virtual_29": reported("virtual_29", "M02", "aa2025australia"),
        "paris_sep_35": reported("paris_sep_35", "M09", "lincolndailynews2025ap"),
        "paris_sep_33": reported("paris_sep_33", "M09", "onlineua2025paris"),
        "paris_jan_35": reported("paris_jan_35", "M14", "ukrinform2026summit"),
        "kyiv_feb_36": reported("kyiv_feb_36", "M15", "r3presidentgovua2026kyiv0224"),
        "invalides_37": reported("invalides_37", "M17", "r1tvp20260713"),
        "first_meeting": claim(f"{per_meeting['date'].iloc[0]:%B %Y}", per_meeting["date"].iloc[0],
                               "date of the earliest meeting in the record", meetings),
        "last_meeting": claim(f"{per_meeting['date'].iloc[-1]:%-d %B %Y}", per_meeting["date"].iloc[-1],
                              "date of the latest meeting in the record", meetings),
        "uncounted_meetings": claim(names_text([f"{r.place.split(',')[0].split(' (')[0]} ({r.date:%-d %B %Y})"
                                                for r in uncounted.itertuples()]),
                                    list(uncounted["meeting"]), "meetings with no reported count, in date order",
                                    meetings[meetings["meeting"].isin(uncounted["meeting"])]),
        "exercise_decision": claim(f"{exercise['date'].iloc[0]:%-d %B %Y}", exercise["date"].iloc[0],
                                   "date the first exercise of the force was announced", exercise),
        "size_tvp_2026": size("tvp_2026_paris_up_to_30000"),
        "latest_event": latest_event({"coalition_positions": positions, "coalition_meetings": meetings,
                                      "command_decisions": named_decisions}),
        "default_n": claim(f"{DEFAULT_N:,}", DEFAULT_N, "the explorer's default: the founding report's figure", seed),
        "default_k": assumption(f"{DEFAULT_K:g}", DEFAULT_K, "the explorer's default rotation factor, a rule of thumb"),
        "default_pool": claim(f"{rotation_pool(DEFAULT_N, DEFAULT_K):,.0f}", rotation_pool(DEFAULT_N, DEFAULT_K),
                              "default N × default k", seed),
        "n_default_participants": claim_count(offered_rows, "participants with a personnel figure whose government offered troops"),
        "default_each": claim(f"{equal['troops'].iloc[0]:,.0f}", float(equal["troops"].iloc[0]),
                              "default pool ÷ number of those participants", seed, offered_rows),
        "est_share": claim(f"{equal.loc['EST', 'share']:.0%}", float(equal.loc["EST", "share"]),
                           "equal share ÷ Estonia's active personnel", seed, offered_rows),
        "fra_share": claim(f"{equal.loc['FRA', 'share']:.0%}", float(equal.loc["FRA", "share"]),
                           "equal share ÷ France's active personnel", seed, offered_rows),
        "est_active": claim(f"{int(equal.loc['EST', 'active_personnel']):,}", int(equal.loc["EST", "active_personnel"]),
                            "Estonia's active personnel (estimate)", countries[countries["iso3"] == "EST"]),
        "size_share": claim(f"{by_size['share'].iloc[0]:.1%}", float(by_size["share"].iloc[0]),
                            "default pool ÷ the participants' combined active personnel", seed, offered_rows),
        "n_explorer": claim_count(countries[countries["iso3"].isin(explorer["iso3"])], "countries the explorer offers"),
        "times_ratio": claim(f"{ratio:g}", ratio, "rotation total ÷ the force it keeps deployed", pool, radakin),
        "n_largest": claim(str(len(top)), len(top), "participants ranked by armed forces personnel (one source, one year)", top_rows),
        "largest_forces": claim(names_text(top["country"]), list(top["iso3"]),
                                "the largest armed forces among participants, largest first", top_rows),
        "largest_offered": claim(names_text(top_offered["country"]), list(top_offered["iso3"]),
                                 "those of the largest forces whose government offered troops", top_rows,
                                 own_latest[own_latest["iso3"].isin(top["iso3"])]),
        "largest_conditional": claim(names_text(top_conditional["country"]) if len(top_conditional) else "none",
                                     list(top_conditional["iso3"]),
                                     "those of the largest forces whose government is open on conditions", top_rows,
                                     own_latest[own_latest["iso3"].isin(top["iso3"])]),
        "other_offered": claim(names_text(other_offered["country"]), list(other_offered["iso3"]),
                               "the other participants whose government offered troops, with a personnel figure",
                               top_rows, own_latest[own_latest["iso3"].isin(other_offered["iso3"])]),
        "uk_spending_other": claim_stated(countries, "GBR", r"at (\d+(?:\.\d+)?)% of GDP",
                                          "UK defence spending in another source, as our notes quote it", "notes"),
        "deu_spending_other": claim_stated(countries, "DEU", r"expected (\d+(?:\.\d+)?)%",
                                           "German defence spending the NATO report expected, as our notes quote it", "notes"),
        "n_ready_april": claim_stated(tables["source_quotes"], "q20", r"Only (\w+) countries have said",
                                      "countries AFP reported ready to send troops, April 2025"),
        "size_radakin": size("times_2025_radakin_64000"),
        "size_rotation": size("times_2025_rotation_256000"),
        "size_ministers": size("times_2025_ministers_ceiling_25000"),
        "size_uk_france_2026": size("times_2026_uk_france_15000"),
        "n_committed_sep": committed,
        "fig_positions": positions_chart(latest, positions),
        "fig_meetings": meetings_chart(meetings),
        "fig_capacity": capacity_chart(personnel, latest),
        "fig_explorer": force_explorer_chart(explorer),
    }
