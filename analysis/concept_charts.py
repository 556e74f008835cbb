"""Charts of the concept chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintLabel, PrintValues, source_keys
from .geo import distance_to_front, load_basemap, mapped_line_distances, order_along_front
from .range_chart import range_marks, range_text
from .tables import colours, label_series, labels, load_table

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
    # The end point's shape alone says what a figure counts: a dash pattern on the line as well made a
    # second legend, whose dashed entry matched nothing drawn where a figure is a single number.
    marks = range_marks(base, "low", "high", "Personnel",
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
    # On paper each line carries its figure beside it; its name and date are the row's label.
    printed = PrintValues(label=PrintLabel("point", range_text("low", "high"), ("Low", "High")), shown=("Figure",))
    return ChartFigure("size-ranges", chart, data, alt_text, source_keys(data), printed=printed)


# Short labels for the map, each placed so that neighbouring labels do not meet even at phone width
# (align, dx, dy in px); the full names are in the tooltip and the table. Odesa's city and port share
# one point, so one label names both.
MAP_LABELS = {
    "kyiv": ("Kyiv", "left", 7, 0, 1), "lviv": ("Lviv", "left", 7, -2, 1), "dnipro": ("Dnipro", "left", 7, 0, 1),
    "odesa": ("Odesa (city, port)", "right", -7, -3, 1), "port_izmail": ("Izmail", "left", 7, 0, 1),
    "npp_khmelnytskyi": ("Khmelnytskyi NPP", "center", 0, -11, 1),
    "npp_south_ukraine": ("South Ukraine NPP", "left", 7, 2, 1), "tpp_burshtyn": ("Burshtyn TPP", "center", 0, 13, 1),
    # Within a few pixels of Odesa on a phone: labelled only where the map is wide enough.
    "port_pivdennyi": ("Pivdennyi", "left", 7, -6, 2), "port_chornomorsk": ("Chornomorsk", "right", -6, 9, 2),
}
# Plot width (px) below which labels of priority 2 are left out.
MAP_LABELS_WIDTH = 520
# Neighbours and the sea named where the frame of the map leaves room for them (lon, lat).
MAP_PLACES = [("RUSSIA", 39.3, 51.9), ("BELARUS", 27.5, 52.7), ("POLAND", 22.2, 52.3), ("ROMANIA", 24.6, 45.9),
              ("MOLDOVA", 28.5, 47.6), ("Black Sea", 33.0, 43.9)]
SITE_SHAPES = {"city": "circle", "port": "triangle-up", "energy": "square", "airbase": "diamond",
               "logistics_hub": "cross"}


def _sea(features: list[dict]) -> dict:
    """The outlines' frame as a polygon drawn first, in sea blue: what no country covers is sea.

    Clockwise, as the projection expects of an outer ring, with a point every 0.25 degree so that its
    edges follow the parallels and meridians (a projection draws an edge as a great-circle arc)."""
    points = [p for f in features for polygon in f["geometry"]["coordinates"] for ring in polygon for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)

    def edge(a, b):
        n = max(1, int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / 0.25))
        return [[round(a[0] + (b[0] - a[0]) * k / n, 2), round(a[1] + (b[1] - a[1]) * k / n, 2)] for k in range(n)]

    corners = [(west, south), (west, north), (east, north), (east, south)]
    ring = [p for a, b in zip(corners, corners[1:] + corners[:1]) for p in edge(a, b)] + [[west, south]]
    return {"type": "Feature", "id": "sea", "properties": {"name": "sea"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def sites_map_chart(sites: pd.DataFrame, front: pd.DataFrame) -> ChartFigure:
    """Sites and the line of contact on Ukraine's outline; distances to the settlements on the front and
    to the line measured on a mapped occupied area, side by side in the tooltip and the table."""
    measures = load_table("front_line_measures")
    placed = distance_to_front(mapped_line_distances(sites, measures), front)
    placed = placed.assign(kind=lambda f: label_series(f["site_kind"], "protected_sites", "site_kind"))
    line = order_along_front(front)
    # One layer for all outlines, so the spec carries them once; Ukraine comes last in the file, so its
    # border is drawn over its neighbours'.
    is_ukraine = "datum.properties.name === 'Ukraine'"
    outlines = load_table("map_outlines")
    # Decorative outlines: the text alternative says what the map shows (axe: svg-img-alt).
    outline_features = load_basemap(outlines)
    countries = alt.Chart(alt.Data(values=[_sea(outline_features)] + outline_features)).mark_geoshape(
        aria=False).encode(
        # Sea blue under everything, Ukraine white, its neighbours grey (a fixed scale, no legend).
        fill=alt.Fill("properties.name:N", legend=None, scale=alt.Scale(
            domain=["sea"] + [f["properties"]["name"] for f in outline_features],
            range=["#dcebf5"] + ["#ffffff" if f["properties"]["name"] == "Ukraine" else "#ececec"
                                 for f in outline_features])),
        stroke=alt.condition(is_ukraine, alt.value("#333333"), alt.value("#9a9a9a")),
        strokeWidth=alt.condition(is_ukraine, alt.value(1.1), alt.value(0.6)))
    places = alt.Chart(pd.DataFrame(MAP_PLACES, columns=["place", "lon", "lat"])).mark_text(
        fontSize=10, fontStyle="italic", color="#666666").encode(longitude="lon:Q", latitude="lat:Q", text="place:N")
    front_line = alt.Chart(line).mark_line(color="#D55E00", strokeDash=[6, 3], strokeWidth=2).encode(
        longitude="longitude:Q", latitude="latitude:Q", order="order:Q")
    front_points = alt.Chart(line).mark_point(shape="cross", color="#D55E00", size=50, filled=True).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        tooltip=[alt.Tooltip("name:N", title="Settlement on the line of contact"),
                 alt.Tooltip("position_date:T", title="On the line at", format="%b %Y")])
    present = set(placed["site_kind"])
    kind_codes = [code for code in labels("protected_sites", "site_kind") if code in present]
    kinds = [labels("protected_sites", "site_kind")[code] for code in kind_codes]
    kind_legend = dict(title="Kind of site", sort=kinds)
    site_points = alt.Chart(placed).mark_point(size=90, filled=True, opacity=0.9, stroke="#ffffff",
                                               strokeWidth=0.8).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=kinds), **kind_legend),
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=[SITE_SHAPES[c] for c in kind_codes]), **kind_legend),
        tooltip=[alt.Tooltip("name:N", title="Site"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("km_to_front:Q", title="km to the nearest settlement on the front", format=",.0f"),
                 alt.Tooltip("nearest_front_point:N", title="That settlement"),
                 alt.Tooltip("km_to_mapped_line:Q", title="km to the mapped line of contact", format=",.0f")])
    unlabelled = sorted(set(placed["id"]) - set(MAP_LABELS) - {"port_odesa", "npp_south_ukraine_alt"})
    if unlabelled:
        raise ValueError(f"sites without a map label: {unlabelled}; add them to MAP_LABELS")
    by_id = placed.set_index("id")
    label_rows = pd.DataFrame([{"label": text, "align": align, "dx": dx, "dy": dy, "priority": priority,
                                "latitude": by_id.loc[i, "latitude"], "longitude": by_id.loc[i, "longitude"]}
                               for i, (text, align, dx, dy, priority) in MAP_LABELS.items() if i in by_id.index])
    name_labels = [alt.Chart(group).mark_text(align=align, dx=dx, dy=dy, fontSize=11, color="#111111").encode(
        longitude="longitude:Q", latitude="latitude:Q", text="label:N").transform_filter(
        f"datum.priority === 1 || width >= {MAP_LABELS_WIDTH}")
        for (align, dx, dy), group in label_rows.groupby(["align", "dx", "dy"], sort=True)]
    length = measures[(measures["measure"] == "line_length_km") & (measures["method"] == "as_drawn")
                      & (measures["tolerance_km"] == 3.0)].iloc[0]
    lengths = measures[measures["measure"] == "line_length_km"]["value_km"]
    density = load_table("density_inputs")
    sourced = density[(density["quantity"] == "front_line_length_km") & (density["definition"] == "active_front")]
    mapped_on = f"{length['geometry_date']:%d %b %Y}"
    chart = alt.layer(countries, places, front_line, front_points, site_points, *name_labels).project(
        type="mercator").properties(
        title=alt.Title(
            "Sites of the kinds the force would protect, and the front",
            subtitle=[f"Dashed line: settlements a source places on the line of contact "
                      f"({line['position_date'].min():%b %Y} to {line['position_date'].max():%b %Y}).",
                      f"Line of contact measured on DeepStateMap's outline of {mapped_on}: about "
                      f"{length['value_km']:,.0f} km ({lengths.min():,.0f} to {lengths.max():,.0f} km by method); "
                      f"sources: {sourced['value'].min():,.0f} to {sourced['value'].max():,.0f} km.",
                      "Recognised borders (Crimea within Ukraine). NPP, TPP: nuclear, thermal power plant."]),
        height=420, usermeta={"aspect": 0.78})
    data = placed[["name", "site_kind", "oblast", "latitude", "longitude", "km_to_front", "nearest_front_point",
                   "km_to_mapped_line", "coord_source_id", "rationale_source_id"]]
    far = placed.iloc[0]
    near = placed.iloc[-1]
    alt_text = (f"Map of Ukraine and its neighbours with {placed['name'].nunique()} sites of the kinds reporting "
                f"says the force would protect, and the front drawn through {line['name'].nunique()} settlements on the line "
                f"of contact. {far['name']} lies farthest from the front (about {far['km_to_front']:,.0f} km to "
                f"the nearest of those settlements, {far['km_to_mapped_line']:,.0f} km to the line measured on "
                f"DeepStateMap's outline of {mapped_on}); {near['name']} nearest (about {near['km_to_front']:,.0f} km "
                f"and {near['km_to_mapped_line']:,.0f} km). Measured on that outline, the line of contact is "
                f"{length['value_km']:,.0f} km long as drawn (from {lengths.min():,.0f} to {lengths.max():,.0f} km "
                f"with other tolerances and smoothing); sources put the active front at {sourced['value'].min():,.0f} to "
                f"{sourced['value'].max():,.0f} km.")
    keys = source_keys(placed, "coord_source_id", "rationale_source_id") + source_keys(
        front, "coord_source_id", "position_source_id") + source_keys(measures) + source_keys(sourced) + source_keys(outlines)
    # Distances do not fit beside the map's labels: a table under it, with the settlements on the line.
    printed = PrintValues(table=("Site", "Kind", "km to the nearest settlement on the front", "That settlement",
                                 "km to the mapped line of contact", "Settlement on the line of contact",
                                 "On the line at"))
    return ChartFigure("sites-map", chart, data, alt_text, list(dict.fromkeys(keys)), printed=printed)


def site_distance_chart(sites: pd.DataFrame, front: pd.DataFrame) -> ChartFigure:
    """Each site's distance to the nearest settlement on the front (bar) and, next to it, to the line of
    contact measured on a mapped occupied area (tick): two measures, neither replacing the other."""
    measures = load_table("front_line_measures")
    placed = distance_to_front(mapped_line_distances(sites, measures), front).drop_duplicates("name")
    placed = placed.assign(kind=lambda f: label_series(f["site_kind"], "protected_sites", "site_kind"))
    data = placed[["name", "kind", "km_to_front", "nearest_front_point", "km_to_mapped_line", "coord_source_id"]]
    mapped_on = f"{measures['geometry_date'].iloc[0]:%d %b %Y}"
    order = list(data.sort_values("km_to_front", ascending=False)["name"])
    tooltip = [alt.Tooltip("name:N", title="Site"),
               alt.Tooltip("km_to_front:Q", title="km to the nearest settlement on the front", format=",.0f"),
               alt.Tooltip("nearest_front_point:N", title="That settlement"),
               alt.Tooltip("km_to_mapped_line:Q", title=f"km to the mapped line ({mapped_on})", format=",.0f")]
    base = alt.Chart(data).encode(y=alt.Y("name:N", sort=order, title=None), tooltip=tooltip)
    bars = base.mark_bar(height=14).encode(
        x=alt.X("km_to_front:Q", title="Distance (km)"), color=alt.Color("kind:N", title="Kind of site"))
    ticks = base.mark_tick(color="#000000", thickness=2.5, size=20).encode(x="km_to_mapped_line:Q")
    chart = (bars + ticks).properties(
        title=alt.Title("How far each site lies from the front",
                        subtitle=["Bar: great-circle distance to the nearest settlement a source places on the "
                                  "line of contact.",
                                  f"Black tick: distance to the line of contact measured on DeepStateMap's "
                                  f"outline of {mapped_on}."]),
        # Narrower than the default plot: on paper the site names and each bar's distances flank it.
        height=alt.Step(24), width=420)
    alt_text = (f"Bar chart of the distance from each of {len(data)} sites to the nearest settlement on the "
                f"line of contact, from {data['km_to_front'].min():,.0f} km to {data['km_to_front'].max():,.0f} km, "
                f"with a tick for the distance to the line measured on DeepStateMap's outline of {mapped_on}, from "
                f"{data['km_to_mapped_line'].min():,.0f} km to {data['km_to_mapped_line'].max():,.0f} km.")
    keys = source_keys(data, "coord_source_id") + source_keys(measures)
    # Both distances beside the longer of bar and tick; the nearest settlement is in the map's table.
    printed = PrintValues(label=PrintLabel(
        "bar", "format(datum.km_to_front, ',.0f') + ' km; mapped line ' + "
               "format(datum.km_to_mapped_line, ',.0f') + ' km'",
        ("km to the nearest settlement on the front", f"km to the mapped line ({mapped_on})"),
        at="max(datum.km_to_front, datum.km_to_mapped_line)", dx=12), shown=("Site",))
    return ChartFigure("site-distances", chart, data, alt_text, list(dict.fromkeys(keys)), printed=printed)


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
        title=alt.Title(f"Events of {TIMELINE_START.year} and {TIMELINE_END.year}, by strand",
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
    # 125 events on a few lines: on paper they are listed under the chart, by date.
    printed = PrintValues(table=("Date", "Strand", "Event"))
    return ChartFigure("timeline-2025-2026", chart, data, alt_text, source_keys(data), printed=printed)

