"""The concept chapter: what is proposed, its size, where it would be based, its command."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from .claims import Claim, claim, claim_count, claim_row_value, claim_stated, claim_unique
from .concept_charts import (HEADLINE_ONLY, TIMELINE_TABLES, site_distance_chart,
                             sites_map_chart, size_ranges_chart, timeline_chart, timeline_events)
from .coverage import latest_event
from .geo import distance_to_front, max_gap_km
from .sizes import figure_text, latest, of_scope

TABLES = ("force_size_estimates", "protected_sites", "front_reference_points", *TIMELINE_TABLES)

# Size figures the prose names one by one: glue key -> row id in the size table.
NAMED_SIZES = {"wapo_range": "wapo_2025_brigades_25000_30000", "telegraph": "telegraph_2025_anglo_french_30000",
               "radakin": "times_2025_radakin_64000", "ministers": "times_2025_ministers_ceiling_25000",
               "uk_france_2026": "times_2026_uk_france_15000", "seed": "bbc_2025_mfu_ground_20000",
               "zelensky": "zelensky_2025_davos_200000", "iiss_small": "iiss_2025_small_10000",
               "iiss_medium": "iiss_2025_medium_25000", "iiss_large": "iiss_2025_large_60000_100000",
               "csis_small": "csis_2025_monitoring_6000", "csis_large": "csis_2025_defense_in_depth_100000",
               "tvp_2026": "tvp_2026_paris_up_to_30000", "zelensky_2026_each": "zelensky_2026_uk_contribution_5000"}
DISTANCE_SITES = {"kyiv_km": "Kyiv", "odesa_km": "Odesa", "lviv_km": "Lviv", "dnipro_km": "Dnipro"}


def size_claim(sizes: pd.DataFrame, row_id: str) -> Claim:
    """One size figure as prose writes it ('20,000', '25,000–30,000'), from its row."""
    row = sizes[sizes["id"] == row_id]
    return claim(figure_text(sizes, row_id), int(row["high"].iloc[0]),
                 f"figure stated by {row['attributed_to'].iloc[0]}", row)


def site_distance_claims(sites: pd.DataFrame, front: pd.DataFrame) -> dict[str, Claim]:
    """Distance from each named site to the nearest front point: the site's row and every point compared."""
    placed = distance_to_front(sites, front)
    out = {}
    for key, name in DISTANCE_SITES.items():
        site = sites[sites["name"] == name]
        km = float(placed.loc[placed["name"] == name, "km_to_front"].iloc[0])
        out[key] = claim(f"{km:,.0f}", km, f"great-circle distance from {name} to the nearest of the front points",
                         site, front)
    return out


def front_gap_claim(front: pd.DataFrame) -> Claim:
    """How far apart the front points are at most: the bound on the error of a site's distance."""
    gap = max_gap_km(front)
    return claim(f"{gap:,.0f}", gap, "largest distance from a front point to its nearest neighbour", front)


def rows_behind(tables: Mapping[str, pd.DataFrame], events: pd.DataFrame) -> list[pd.DataFrame]:
    """The loaded rows each timeline event came from, table by table (a claim's evidence)."""
    from .claims import row_ids

    out = []
    for name, ids in events.groupby("table", sort=False)["row"]:
        frame = tables[name]
        out.append(frame[[rid in set(ids.astype(str)) for rid in row_ids(frame)]])
    return out


def timeline_claims(tables: Mapping[str, pd.DataFrame]) -> dict[str, Claim]:
    """Counts and dates the prose states about the timeline, from the same events the chart draws."""
    events = timeline_events(tables)
    reported = events[events["seen"] == HEADLINE_ONLY]
    first, last = events[events["date"] == events["date"].min()], events[events["date"] == events["date"].max()]
    last_read = events[~(events["seen"] == HEADLINE_ONLY)]
    last_read = last_read[last_read["date"] == last_read["date"].max()]
    return {
        "n_timeline": claim(str(len(events)), len(events), "dated events of 2025-2026 on the timeline",
                            *rows_behind(tables, events)),
        "n_timeline_reported": claim(str(len(reported)), len(reported),
                                     "timeline events known only from a headline or web address",
                                     *rows_behind(tables, reported)),
        "timeline_first": claim(f"{events['date'].min():%-d %B %Y}", events["date"].min(), "earliest timeline event",
                                *rows_behind(tables, first)),
        "timeline_last": claim(f"{events['date'].max():%-d %B %Y}", events["date"].max(), "latest timeline event",
                               *rows_behind(tables, last)),
        "timeline_last_read": claim(f"{last_read['date'].max():%-d %B %Y}", last_read["date"].max(),
                                    "latest timeline event whose source text was read", *rows_behind(tables, last_read)),
    }


def concept_values(tables: Mapping[str, pd.DataFrame]) -> dict[str, Claim | object]:
    """Every value and chart the concept chapter glues, by glue key."""
    sizes, decisions = tables["force_size_estimates"], tables["command_decisions"]
    sites, front = tables["protected_sites"], tables["front_reference_points"]
    totals = of_scope(sizes, "coalition_total")
    national = of_scope(sizes, "national_contribution")
    hq = of_scope(sizes, "headquarters_staff")
    hq_latest = hq[hq["id"] == latest(hq)["id"]]
    rotation = of_scope(sizes, "rotation_requirement")
    rotation_latest = rotation[rotation["id"] == latest(rotation)["id"]]
    placed_sites = sites.drop_duplicates("name")

    values: dict[str, Claim | object] = {
        "n_figures": claim_count(sizes, "size figures of every kind in the table"),
        "n_total_figures": claim_count(totals, "size figures that count the whole force"),
        "n_total_sources": claim_unique(totals, "source_id", "distinct sources of the whole-force figures"),
        "smallest_total": claim(f"{int(totals['low'].min()):,}", int(totals["low"].min()),
                                "smallest lower bound among the whole-force figures", totals),
        "largest_total": claim(f"{int(totals['high'].max()):,}", int(totals["high"].max()),
                               "largest upper bound among the whole-force figures", totals),
        "n_national": claim_count(national, "size figures that count one or two countries' share"),
        "smallest_national": claim(f"{int(national['low'].min()):,}", int(national["low"].min()),
                                   "smallest lower bound among the national shares", national),
        "n_invalides": claim_row_value(tables["coalition_meetings"], "M17a", "participants_reported", "{:.0f}",
                                       how="countries represented at the Paris summit of 13 July 2026"),
        "hq_staff": claim_row_value(hq_latest, hq_latest["id"].iloc[0], "high",
                                    how="headquarters staff in the latest headquarters figure"),
        "hq_staff_date": claim(f"{hq_latest['stated_on'].iloc[0]:%d %B %Y}", hq_latest["stated_on"].iloc[0],
                               "date of the latest headquarters figure", hq_latest),
        "rotation_pool": claim_row_value(rotation_latest, rotation_latest["id"].iloc[0], "high",
                                         how="troops needed to rotate the force, latest figure"),
        "n_decisions": claim_count(decisions, "milestones in the command and headquarters record"),
        "first_decision": claim(f"{decisions['date'].min():%B %Y}", decisions["date"].min(),
                                "earliest milestone", decisions[decisions["date"] == decisions["date"].min()]),
        "last_decision": claim(f"{decisions['date'].max():%d %B %Y}", decisions["date"].max(),
                               "latest milestone", decisions[decisions["date"] == decisions["date"].max()]),
        "n_sites": claim_count(placed_sites, "distinct sites placed on the map"),
        "n_front_points": claim_unique(front, "name", "distinct settlements placed on the line of contact"),
        "front_first": claim(f"{front['position_date'].min():%B %Y}", front["position_date"].min(),
                             "earliest dated front position", front[front["position_date"] == front["position_date"].min()]),
        "front_last": claim(f"{front['position_date'].max():%B %Y}", front["position_date"].max(),
                            "latest dated front position", front[front["position_date"] == front["position_date"].max()]),
        "front_gap_km": front_gap_claim(front),
        "n_committed_sep": claim_stated(decisions, "cmd_2025_09_04_paris_26_countries", r"(\d+) countries",
                                        "countries said to have committed at the Paris summit", field="event"),
        **site_distance_claims(sites, front),
        **{f"size_{key}": size_claim(sizes, row_id) for key, row_id in NAMED_SIZES.items()},
    }
    values.update(timeline_claims(tables))
    values["latest_event"] = latest_event(tables)
    values.update({
        "fig_timeline": timeline_chart(tables),
        "fig_size_ranges": size_ranges_chart(sizes),
        "fig_sites_map": sites_map_chart(sites, front),
        "fig_site_distances": site_distance_chart(sites, front),
    })
    return values
