"""Charts of the concept chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, source_keys
from .geo import distance_to_front, order_along_front
from .range_chart import range_marks
from .tables import colours, label_series, labels

# Headquarters staff and rotation pools count something else than a force's size.
COMPARABLE_SCOPES = ("coalition_total", "national_contribution")


def size_ranges_chart(sizes: pd.DataFrame) -> ChartFigure:
    """Coalition totals and national shares as ranges; HQ staff and rotation pools are not force sizes."""
    comparable = sizes[sizes["scope"].isin(COMPARABLE_SCOPES)]
    scopes = [label for scope, label in labels("force_size_estimates", "scope").items() if scope in COMPARABLE_SCOPES]
    data = comparable.sort_values(["stated_on", "id"]).assign(
        kind=lambda f: label_series(f["figure_kind"], "force_size_estimates", "figure_kind"),
        counts=lambda f: label_series(f["scope"], "force_size_estimates", "scope"),
        row_label=lambda f: f["stated_on"].dt.strftime("%b %Y") + " · " + f["label"],
    )[["row_label", "kind", "counts", "component", "low", "high", "attributed_to", "stated_on", "source_id"]]
    order = list(data["row_label"])
    base = alt.Chart(data).encode(
        y=alt.Y("row_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("kind:N", title="Kind of figure"),
        tooltip=[alt.Tooltip("row_label:N", title="Figure"), alt.Tooltip("attributed_to:N", title="Attributed to"),
                 alt.Tooltip("low:Q", title="Low", format=","), alt.Tooltip("high:Q", title="High", format=","),
                 alt.Tooltip("counts:N", title="Counts"), alt.Tooltip("component:N", title="Component"),
                 alt.Tooltip("stated_on:T", title="Stated", format="%d %b %Y"),
                 alt.Tooltip("source_id:N", title="Source key")],
    )
    what_it_counts = {"title": "What the figure counts", "sort": scopes}
    marks = range_marks(base, "low", "high", "Personnel",
                        rule_encoding={"strokeDash": alt.StrokeDash("counts:N", **what_it_counts)},
                        end_encoding={"shape": alt.Shape("counts:N", **what_it_counts)})
    chart = marks.properties(
        title=alt.Title("Reported sizes of the reassurance force",
                        subtitle="Each line is one figure from one source, low to high, ordered by the date stated"),
        height=alt.Step(22), width=330,
    )
    alt_text = (f"Range chart of {len(data)} figures for the size of the force or of national shares of it, "
                f"from {int(data['low'].min()):,} to {int(data['high'].max()):,} personnel, stated between "
                f"{data['stated_on'].min():%B %Y} and {data['stated_on'].max():%B %Y}, on a logarithmic scale. "
                "The table below lists every figure with its source.")
    return ChartFigure("size-ranges", chart, data, alt_text, source_keys(data))


def sites_map_chart(sites: pd.DataFrame, front: pd.DataFrame) -> ChartFigure:
    placed = distance_to_front(sites, front)
    line = order_along_front(front)
    projection = {"type": "mercator"}
    front_line = alt.Chart(line).mark_line(color="#D55E00", strokeDash=[6, 3], strokeWidth=2).encode(
        longitude="longitude:Q", latitude="latitude:Q", order="order:Q")
    front_points = alt.Chart(line).mark_point(shape="cross", color="#D55E00", size=60).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        tooltip=[alt.Tooltip("name:N", title="Front reference point"),
                 alt.Tooltip("position_date:T", title="On the front at", format="%b %Y")])
    site_points = alt.Chart(placed.assign(kind=lambda f: label_series(f["site_kind"], "protected_sites", "site_kind"))).mark_point(
        size=110, filled=True, opacity=0.85).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        color=alt.Color("kind:N", title="Kind of site"), shape=alt.Shape("kind:N", title="Kind of site"),
        tooltip=[alt.Tooltip("name:N", title="Site"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("km_to_front:Q", title="km to nearest front point", format=",.0f"),
                 alt.Tooltip("nearest_front_point:N", title="Nearest front point")])
    # One label per place: a port at its city's coordinates, or a plant given two sets of coordinates
    # by two sources, would print two labels on top of each other.
    labelled = placed.assign(lat1=placed["latitude"].round(1), lon1=placed["longitude"].round(1))
    labelled = labelled.drop_duplicates(["lat1", "lon1"])[["name", "latitude", "longitude"]]
    labels = alt.Chart(labelled).mark_text(align="left", dx=8, dy=-6, fontSize=11).encode(
        longitude="longitude:Q", latitude="latitude:Q", text="name:N")
    chart = (front_line + front_points + site_points + labels).project(**projection).properties(
        title=alt.Title("Sites of the kinds the force would protect, and the front",
                        subtitle="Dashed line: settlements a source places on the line of contact "
                                 f"({line['position_date'].min():%b %Y} to {line['position_date'].max():%b %Y})"),
        width=600, height=420)
    data = placed[["name", "site_kind", "oblast", "latitude", "longitude", "km_to_front", "nearest_front_point",
                   "coord_source_id", "rationale_source_id"]]
    far = placed.iloc[0]
    near = placed.iloc[-1]
    alt_text = (f"Map of {placed['name'].nunique()} sites of the kinds reporting says the force would protect, "
                f"with the front drawn through {len(line)} settlements on the line of contact. "
                f"{far['name']} lies farthest from the front (about {far['km_to_front']:,.0f} km); "
                f"{near['name']} nearest (about {near['km_to_front']:,.0f} km).")
    keys = source_keys(placed, "coord_source_id", "rationale_source_id") + source_keys(
        front, "coord_source_id", "position_source_id")
    return ChartFigure("sites-map", chart, data, alt_text, list(dict.fromkeys(keys)))


def site_distance_chart(sites: pd.DataFrame, front: pd.DataFrame) -> ChartFigure:
    placed = distance_to_front(sites, front).drop_duplicates("name")
    placed = placed.assign(kind=lambda f: label_series(f["site_kind"], "protected_sites", "site_kind"))
    data = placed[["name", "kind", "km_to_front", "nearest_front_point", "coord_source_id"]]
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=None),
        x=alt.X("km_to_front:Q", title="Distance to the nearest front reference point (km)"),
        color=alt.Color("kind:N", title="Kind of site"),
        tooltip=[alt.Tooltip("name:N", title="Site"), alt.Tooltip("km_to_front:Q", title="km", format=",.0f"),
                 alt.Tooltip("nearest_front_point:N", title="Nearest front point")],
    ).properties(
        title=alt.Title("How far each site lies from the front",
                        subtitle="Great-circle distance to the nearest settlement on the line of contact"),
        height=alt.Step(22))
    alt_text = (f"Bar chart of the distance from each of {len(data)} sites to the nearest front reference "
                f"point, from {data['km_to_front'].min():,.0f} km to {data['km_to_front'].max():,.0f} km.")
    return ChartFigure("site-distances", chart, data, alt_text, source_keys(data, "coord_source_id"))


# --- the dated timeline of 2025-2026 ----------------------------------------------------------------

TIMELINE_TABLES = ("command_decisions", "coalition_meetings", "agreements_record", "developments")
TIMELINE_START, TIMELINE_END = pd.Timestamp("2025-01-01"), pd.Timestamp("2026-12-31")
READ = "Source text read"
HEADLINE_ONLY = "Reported: headline or web address only"


def timeline_events(tables) -> pd.DataFrame:
    """One row per dated event of 2025-2026 from the four tables that record events, on the strands of
    the developments table (their labels come from its descriptor), with the table and row it came from.

    Coalition meetings are recorded once per source, so a meeting appears once (its first row). Rows of
    developments seen only as a headline or web address are kept but marked, so the chart can show them
    as reported rather than drop them silently.
    """
    strands = labels("developments", "strand")
    in_window = lambda f, field: f[(f[field] >= TIMELINE_START) & (f[field] <= TIMELINE_END)]  # noqa: E731
    decisions = in_window(tables["command_decisions"], "date")
    meetings = in_window(tables["coalition_meetings"], "date").drop_duplicates("meeting")
    agreements = in_window(tables["agreements_record"], "signed_on")
    developments = in_window(tables["developments"], "date")
    parts = [
        pd.DataFrame({"date": decisions["date"], "strand": "force", "event": decisions["event"],
                      "read": True, "table": "command_decisions", "row": decisions["id"],
                      "source_id": decisions["source_id"]}),
        pd.DataFrame({"date": meetings["date"], "strand": "coalition",
                      "event": "Coalition meeting: " + meetings["place"], "read": True,
                      "table": "coalition_meetings", "row": meetings["id"], "source_id": meetings["source_id"]}),
        # A declaration the coalition's members signed belongs with the coalition; the rest are truces.
        pd.DataFrame({"date": agreements["signed_on"],
                      "strand": agreements["parties"].str.contains("Coalition").map({True: "coalition",
                                                                                    False: "ceasefire"}),
                      "event": agreements["name"], "read": True, "table": "agreements_record",
                      "row": agreements["id"], "source_id": agreements["source_id"]}),
        pd.DataFrame({"date": developments["date"], "strand": developments["strand"],
                      "event": developments["summary"], "read": developments["read_in_full"].astype(bool),
                      "table": "developments", "row": developments["id"], "source_id": developments["source_id"]}),
    ]
    events = pd.concat(parts, ignore_index=True)
    unknown = sorted(set(events["strand"]) - set(strands))
    if unknown:
        raise ValueError(f"timeline: strands {unknown} have no label in the developments descriptor")
    return events.assign(
        strand_label=events["strand"].map(strands),
        seen=events["read"].map({True: READ, False: HEADLINE_ONLY}),
    ).sort_values(["date", "table", "row"], ignore_index=True)


def timeline_chart(tables) -> ChartFigure:
    """The dated timeline of 2025-2026: every recorded event on its strand, headline-only reports hollow."""
    events = timeline_events(tables)
    strand_order = [label for code, label in labels("developments", "strand").items()
                    if code in set(events["strand"])]
    palette = colours("developments", "strand")
    data = events[["date", "strand_label", "event", "seen", "source_id"]].rename(
        columns={"strand_label": "strand"})
    strand_scale = alt.Scale(domain=strand_order, range=[palette[s] for s in strand_order])
    # Outline in the strand's colour for every event; filled only where the source's text was read, so a
    # reported event stays visible but reads as weaker.
    chart = alt.Chart(data).mark_point(size=80, strokeWidth=1.8, filled=False, opacity=1).encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(domain=[TIMELINE_START.isoformat(), TIMELINE_END.isoformat()]),
                axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=-45)),
        y=alt.Y("strand:N", title=None, sort=strand_order, axis=alt.Axis(labelLimit=220)),
        stroke=alt.Stroke("strand:N", legend=None, scale=strand_scale),
        fill=alt.condition(alt.datum.seen == READ, alt.Fill("strand:N", legend=None, scale=strand_scale),
                           alt.value("white")),
        shape=alt.Shape("seen:N", title="How the source was seen", sort=[READ, HEADLINE_ONLY],
                        scale=alt.Scale(domain=[READ, HEADLINE_ONLY], range=["circle", "diamond"]),
                        legend=None),  # the subtitle says what filled and hollow mean
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("strand:N", title="Strand"),
                 alt.Tooltip("event:N", title="Event"), alt.Tooltip("seen:N", title="Source")],
    ).properties(
        title=alt.Title("Events of 2025 and 2026, by strand",
                        subtitle="Filled circles: the source's text was read; hollow diamonds: reported, "
                                 "known only from a headline or web address"),
        width=600, height=alt.Step(30))
    counts = data.groupby("strand", sort=False).size().reindex(strand_order)
    headline_only = int((data["seen"] == HEADLINE_ONLY).sum())
    alt_text = (f"Timeline of {len(data)} dated events from {data['date'].min():%-d %B %Y} to "
                f"{data['date'].max():%-d %B %Y}, in {len(strand_order)} strands: "
                + "; ".join(f"{strand} ({n})" for strand, n in counts.items())
                + f". {headline_only} of them are known only from a headline or web address and are drawn "
                  "hollow. The table below lists every event with its date and source.")
    return ChartFigure("timeline-2025-2026", chart, data, alt_text, source_keys(data))

