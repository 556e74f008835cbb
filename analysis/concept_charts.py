"""Charts of the concept chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, source_keys
from .geo import distance_to_front, order_along_front
from .range_chart import range_marks
from .tables import label_series, labels

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


def decisions_timeline_chart(decisions: pd.DataFrame) -> ChartFigure:
    kinds = list(labels("command_decisions", "decision_kind").values())
    data = decisions.sort_values("date").assign(
        kind=lambda f: label_series(f["decision_kind"], "command_decisions", "decision_kind"))[
        ["date", "event", "decision_kind", "kind", "place", "detail", "source_id"]]
    chart = alt.Chart(data).mark_point(size=120, filled=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("kind:N", title=None, sort=kinds),
        color=alt.Color("kind:N", legend=None, sort=kinds),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("event:N", title="Event"),
                 alt.Tooltip("place:N", title="Where"), alt.Tooltip("detail:N", title="What was decided")],
    ).properties(
        title=alt.Title("Milestones of the coalition and of the force's command",
                        subtitle="Hover a point for what was decided; the table below lists them all"),
        height=alt.Step(36))
    alt_text = (f"Timeline of {len(data)} milestones from {data['date'].min():%B %Y} to "
                f"{data['date'].max():%B %Y}, grouped by kind: " +
                "; ".join(f"{k.lower()} ({n})" for k, n in data["kind"].value_counts().reindex(kinds).dropna().astype(int).items()) + ".")
    return ChartFigure("decisions-timeline", chart, data, alt_text, source_keys(data))
