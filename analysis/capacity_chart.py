""""Capacity against willingness": every coalition member's armed forces, from one source for one year,
against the latest position its government stated on sending troops into Ukraine.

The personnel come from one table (data/armed_forces_personnel) so that every member is measured the
same way in the same year; a chart mixing sources or years would compare unlike figures.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintLabel, PrintValues, source_keys
from .range_chart import log_domain
from .sources import load_sources
from .tables import labels

PERSONNEL_TABLE = "armed_forces_personnel"


def _position_domain() -> list[str]:
    """Position labels in display order, from the positions table's descriptor."""
    return list(labels("coalition_positions", "position").values())


def capacity_frame(personnel: pd.DataFrame, positions_latest: pd.DataFrame) -> pd.DataFrame:
    """One row per member: its personnel figure (missing where the source has none) and latest position.

    Fails loudly when the figures span more than one year (they would not compare like with like) or
    when a member of the coalition has no row in the personnel table (it would vanish from the chart).
    """
    years = sorted(personnel["year"].dropna().astype(int).unique())
    if len(years) != 1:
        raise ValueError(f"{PERSONNEL_TABLE}: the chart compares one year, but the rows span "
                         f"{', '.join(map(str, years)) or 'no year'}")
    rows = personnel.set_index("iso3")
    missing = positions_latest[~positions_latest["iso3"].isin(rows.index)]
    if not missing.empty:
        raise ValueError(f"{PERSONNEL_TABLE} has no row for {', '.join(missing['country'])}: every member "
                         "needs a row (with notes where the source has no figure)")
    frame = positions_latest[["iso3", "country", "position", "position_label"]].merge(
        personnel[["iso3", "year", "personnel", "estimate", "source_id", "notes"]], on="iso3", how="left")
    return frame.sort_values(["personnel", "country"], ascending=[False, True], na_position="last").reset_index(
        drop=True)


def capacity_chart(personnel: pd.DataFrame, positions_latest: pd.DataFrame) -> ChartFigure:
    """Every member on its own row, largest force first, coloured by its government's latest position.

    A member the source gives no figure for keeps its row, marked "no figure", so no member is left
    out in silence.
    """
    frame = capacity_frame(personnel, positions_latest)
    year = int(frame["year"].dropna().iloc[0])
    keys = source_keys(frame)
    source = load_sources()[keys[0]]
    drawn = frame.dropna(subset=["personnel"]).assign(personnel=lambda f: f["personnel"].astype(int))
    absent = frame[frame["personnel"].isna()]
    order = list(frame["country"])  # largest first, members without a figure last
    domain = log_domain(drawn["personnel"])
    y = alt.Y("country:N", title=None, sort=order, scale=alt.Scale(domain=order))
    points = alt.Chart(drawn).mark_point(size=110, filled=True, opacity=0.9).encode(
        x=alt.X("personnel:Q", title=f"Armed forces personnel, {year} (logarithmic scale)",
                scale=alt.Scale(type="log", domain=domain, nice=False), axis=alt.Axis(format="~s")),
        y=y,
        color=alt.Color("position_label:N", title="Latest position", scale=alt.Scale(domain=_position_domain()),
                        sort=_position_domain()),
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("personnel:Q", title=f"Armed forces personnel, {year}", format=","),
                 alt.Tooltip("position_label:N", title="Latest position"),
                 alt.Tooltip("source_id:N", title="Source key")],
    )
    layers = [points]
    if not absent.empty:
        # Printed at the left edge of the member's own row: a reader sees the gap, not a missing row.
        layers.append(alt.Chart(absent.assign(x=domain[0], label="no figure in the source")).mark_text(
            align="left", baseline="middle", fontStyle="italic", color="#555").encode(
            x=alt.X("x:Q"), y=y, text="label:N",
            tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("notes:N", title="Why")]))
    chart = alt.layer(*layers).properties(
        title=alt.Title("Capacity against willingness",
                        subtitle=[f"Armed forces personnel of every member in {year}, largest first",
                                  f"({source.publisher}; active military and paramilitary, not reservists).",
                                  "Colour: the latest position its government stated."]),
        height=alt.Step(18), width=420)
    big = drawn.iloc[0]
    no_figure = (f" The source has no {year} figure for {', '.join(absent['country'])}." if not absent.empty else "")
    counts = drawn["position_label"].value_counts()
    alt_text = (f"Dot chart of the armed forces personnel of {len(drawn)} of the coalition's {len(frame)} members in "
                f"{year}, from one source ({source.title}, {source.publisher}), against the latest position each "
                f"government stated on sending troops into Ukraine. Largest: {big['country']} "
                f"({big['personnel']:,}; {big['position_label']}); smallest: {drawn.iloc[-1]['country']} "
                f"({drawn.iloc[-1]['personnel']:,}). Members by position: " +
                "; ".join(f"{label}: {int(counts.get(label, 0))}" for label in _position_domain()) + "." + no_figure)
    table = frame[["country", "year", "personnel", "position", "source_id", "notes"]]
    printed = PrintValues(label=PrintLabel("point", "format(datum.personnel, ',')",
                                           (f"Armed forces personnel, {year}",)),
                          table=("Why",), shown=("Country", "Latest position"))
    return ChartFigure("coalition-capacity", chart, table, alt_text, keys, printed=printed)
