"""Charts of the obstacles chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintValues, source_keys
from .obstacles import (FORCE_GROUP, WHOLE_FORCE, agreement_spans, ceasefire_claims, checklist, group_ranges,
                        obstacle_country_pairs, scale_figures)
from .range_chart import log_domain, log_x, range_marks
from .tables import colours, label_series, labels


def agreements_timeline_chart(agreements: pd.DataFrame) -> ChartFigure:
    spans = agreement_spans(agreements)
    data = spans[["id", "name", "signed_on", "ended_on", "drawn_end", "days_lasted", "parties", "outcome_label",
                  "outcome_detail", "source_id", "outcome_source_id"]]
    order = list(data["name"])
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=330)),
        color=alt.Color("outcome_label:N", title="What became of it (coded by the briefing team)",
                        sort=[v for v in labels("agreements_record", "outcome").values()]),
        tooltip=[alt.Tooltip("name:N", title="Agreement"), alt.Tooltip("parties:N", title="Parties"),
                 alt.Tooltip("signed_on:T", title="Signed or declared", format="%d %b %Y"),
                 alt.Tooltip("ended_on:T", title="Ended", format="%d %b %Y"),
                 alt.Tooltip("outcome_label:N", title="Outcome"), alt.Tooltip("outcome_detail:N", title="What happened")],
    )
    # Colour alone encodes the outcome: a shape for the same field would add a second legend.
    def panel(frame: pd.DataFrame, axis_format: str, title: str) -> alt.LayerChart:
        rows = list(frame["name"])
        layer = base.properties(data=frame).encode(y=alt.Y("name:N", sort=rows, title=None))
        rule = layer.mark_rule(strokeWidth=5, strokeCap="round").encode(
            x=alt.X("signed_on:T", title=title, axis=alt.Axis(format=axis_format)), x2="drawn_end:T")
        return (rule + layer.mark_point(size=90, filled=True).encode(x="signed_on:T")).properties(
            height=alt.Step(24))
    # Since 1994 on one axis, the truces of the last two years would crowd into its last few pixels:
    # they get a panel of their own.
    recent_from = pd.Timestamp(spans["signed_on"].max().year - 1, 1, 1)
    recent = data[data["signed_on"] >= recent_from]
    chart = alt.vconcat(
        panel(data, "%Y", f"All, {spans['signed_on'].min():%Y} to {spans['signed_on'].max():%Y}"),
        panel(recent, "%b %Y", f"Since {recent_from:%B %Y}, in detail"), spacing=18).properties(
        title=alt.Title(f"Agreements on Ukraine since {spans['signed_on'].min():%Y} and what became of them",
                        subtitle="Point: signed or declared; line: until it ended, where a source dates the end"))
    # The text counts as the prose does: the Contact Group's series once, its truces shown apart not again.
    counted = spans[spans["part_of"].isna()]
    members = spans[spans["part_of"].notna()]
    counts = counted["outcome_label"].value_counts()
    alt_text = (f"Timeline of {len(counted)} agreements, statements and truces from {data['signed_on'].min():%Y} to "
                f"{data['signed_on'].max():%B %Y}, coloured by outcome: " +
                "; ".join(f"{label} ({n})" for label, n in counts.items()) +
                (f". {len(members)} truces of the Contact Group's series are also drawn on their own: "
                 + ", ".join(members["name"]) if len(members) else "") + ".")
    printed = PrintValues(table=("Agreement", "Parties", "Signed or declared", "Ended", "Outcome", "What happened"))
    return ChartFigure("agreements-timeline", chart, data, alt_text,
                       source_keys(data, "source_id", "outcome_source_id"), printed=printed)


def ceasefire_counts_chart(counts: pd.DataFrame) -> ChartFigure:
    claims = ceasefire_claims(counts)
    data = claims[["row_label", "claimant", "period", "count", "as_stated", "counted_label", "counted_to",
                   "stated_on", "source_id"]]
    # The count in the claimant's words ends each row's label: printed beyond the bar it ran off the chart.
    data = data.assign(row_text=data["row_label"] + ": " + data["as_stated"])
    order = list(data["row_text"])
    base = alt.Chart(data).encode(
        y=alt.Y("row_text:N", sort=order, title=None),
        tooltip=[alt.Tooltip("claimant:N", title="Claimed by"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("as_stated:N", title="Count as stated"), alt.Tooltip("counted_label:N", title="Counts"),
                 alt.Tooltip("source_id:N", title="Source key")],
    )
    chart = base.mark_bar(height=14).encode(
        x=alt.X("count:Q", title="Number of ceasefires claimed"),
        color=alt.Color("counted_label:N", title="What the count counts")).properties(
        title=alt.Title("How many ceasefires in Donbas? It depends who counts",
                        subtitle="Each bar is one claim, in the claimant's own terms; none is preferred"),
        height=alt.Step(30), width=260)
    alt_text = (f"Bar chart of {len(data)} claimed counts of ceasefires since 2014, from "
                f"{int(data['count'].min())} to {int(data['count'].max())}: " +
                "; ".join(f"{r.claimant}, {r.period}: {r.as_stated} ({r.counted_label.lower()})"
                          for r in data.itertuples()) + ".")
    # Each row's label names the claimant, the period and the count as stated; the colour what it counts.
    printed = PrintValues(shown=("Claimed by", "Period", "Count as stated", "Counts"))
    return ChartFigure("ceasefire-counts", chart, data, alt_text, source_keys(data), printed=printed)


def scale_chart(forces: pd.DataFrame, sizes: pd.DataFrame) -> ChartFigure:
    figures = scale_figures(forces, sizes)
    ranges = group_ranges(figures)
    groups = [FORCE_GROUP] + [g for g in ranges["group"] if g != FORCE_GROUP]
    data = figures[["group", "label", "low", "high", "date", "attributed_to", "source_id"]]
    y = alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=330))
    tooltip = [alt.Tooltip("label:N", title="Figure"), alt.Tooltip("attributed_to:N", title="Attributed to"),
               alt.Tooltip("low:Q", title="Low", format=","), alt.Tooltip("high:Q", title="High", format=","),
               alt.Tooltip("date:T", title="Date", format="%b %Y"), alt.Tooltip("source_id:N", title="Source key")]
    colour = alt.Color("group:N", legend=None, sort=groups)
    # Most figures here are single numbers, so each is a hollow point with a thin line where it is a range;
    # the pale band behind them spans the whole group (same axis, so drawn first with the same x).
    figures_marks = range_marks(alt.Chart(data).encode(y=y, color=colour, tooltip=tooltip), "low", "high",
                                "Personnel", rule_width=2, end_at="low", end_size=60, end_filled=False)
    spread = alt.Chart(ranges).mark_rule(strokeWidth=10, opacity=0.25, strokeCap="round").encode(
        y=y, x=log_x("lowest", "Personnel", log_domain(list(data["low"]) + list(data["high"]))), x2="highest:Q",
        color=colour,
        tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("lowest:Q", title="Lowest", format=","),
                 alt.Tooltip("highest:Q", title="Highest", format=","),
                 alt.Tooltip("figures:Q", title="Figures"), alt.Tooltip("sources:Q", title="Sources")])
    chart = alt.layer(spread, figures_marks).properties(
        title=alt.Title("The proposed force beside the armies of Ukraine and Russia",
                        subtitle="Each mark is one figure from one source; the pale band spans the figures of a group"),
        height=alt.Step(40), width=330)
    lines = "; ".join(f"{r.group}: {r.lowest:,} to {r.highest:,} ({r.figures} figures)" for r in
                      ranges.set_index("group").loc[groups].reset_index().itertuples())
    alt_text = (f"Dot chart on a logarithmic scale of {len(data)} figures in {len(groups)} groups. {lines}.")
    # Several figures share a row, most of them points: listed under the chart.
    printed = PrintValues(table=("Group", "Lowest", "Highest", "Figures", "Figure", "Attributed to", "Low", "High",
                                 "Date"))
    return ChartFigure("scale-comparison", chart, data, alt_text, source_keys(data), printed=printed)


def russian_statements_chart(statements: pd.DataFrame, sources: dict) -> ChartFigure:
    data = statements.sort_values(["date", "id"]).assign(
        stance_label=lambda f: label_series(f["stance"], "russian_statements", "stance"),
        reported_in=lambda f: f["source_id"].map(lambda k: sources[k].publisher),
    )[["date", "who", "role", "stance_label", "statement", "reported_in", "source_id"]]
    legend_order = [v for v in labels("russian_statements", "stance").values() if v in set(data["stance_label"])]
    chart = alt.Chart(data).mark_point(size=140, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("who:N", title=None, sort=alt.EncodingSortField("date", op="min")),
        # Colour and shape on one field, with one domain, so they share one legend.
        color=alt.Color("stance_label:N", title="Stance (coded by the briefing team)", sort=legend_order,
                        scale=alt.Scale(domain=legend_order)),
        shape=alt.Shape("stance_label:N", title="Stance (coded by the briefing team)", sort=legend_order,
                        scale=alt.Scale(domain=legend_order)),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("role:N", title="Role"), alt.Tooltip("statement:N", title="What was said"),
                 alt.Tooltip("reported_in:N", title="Reported in")],
    ).properties(
        title=alt.Title("Russian officials on foreign troops in Ukraine",
                        subtitle="Each point is one dated statement, coloured by what it says about foreign troops"),
        height=alt.Step(40))
    counts = data["stance_label"].value_counts()
    alt_text = (f"Timeline of {len(data)} statements by {data['who'].nunique()} Russian officials from "
                f"{data['date'].min():%B %Y} to {data['date'].max():%B %Y}: " +
                "; ".join(f"{label} ({n})" for label, n in counts.items()) + ".")
    printed = PrintValues(table=("Date", "Who", "Role", "What was said"))
    return ChartFigure("russian-statements", chart, data, alt_text, source_keys(data), printed=printed)


def obstacle_matrix_chart(register: pd.DataFrame) -> ChartFigure:
    category_labels = labels("obstacle_register", "category")
    pairs = obstacle_country_pairs(register).assign(category_label=lambda f: f["category"].map(category_labels))
    cat_order = {c: i for i, c in enumerate(category_labels)}
    pairs = pairs.assign(_c=pairs["category"].map(cat_order)).sort_values(["_c", "id"])
    pairs["row_label"] = pairs["obstacle"]
    data = pairs[["id", "row_label", "category_label", "country", "assessment", "as_of", "source_id"]]
    rows = list(dict.fromkeys(data["row_label"]))
    countries = sorted(set(data["country"]) - {WHOLE_FORCE}) + [WHOLE_FORCE]
    chart = alt.Chart(data).mark_square(size=170).encode(
        x=alt.X("country:N", sort=countries, title="Country concerned (ISO code; All: the force as a whole)",
                # Small enough that a phone's narrow columns still hold one upright code each.
                axis=alt.Axis(orient="top", labelAngle=-90, labelAlign="left", labelBaseline="middle", labelFontSize=9,
                              labelExpr=f"datum.label === '{WHOLE_FORCE}' ? 'All' : datum.label")),
        y=alt.Y("row_label:N", sort=rows, title=None),
        color=alt.Color("category_label:N", title="Kind of obstacle", sort=list(category_labels.values())),
        shape=alt.Shape("category_label:N", title="Kind of obstacle", sort=list(category_labels.values())),
        tooltip=[alt.Tooltip("row_label:N", title="Obstacle"), alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("assessment:N", title="Assessment"), alt.Tooltip("source_id:N", title="Source key")],
    ).properties(
        title=alt.Title("The obstacle register: what stands in the way, and for whom",
                        subtitle="Rows: obstacles by kind; columns: countries concerned; last column (All): the force as a whole"),
        height=alt.Step(20), width=alt.Step(34))
    per_cat = register["category"].map(category_labels).value_counts()
    alt_text = (f"Matrix of {register['id'].nunique()} obstacles against {len(countries) - 1} countries concerned: " +
                "; ".join(f"{label} ({n})" for label, n in per_cat.items()) +
                f". {int((register['countries'].isna()).sum())} obstacles concern the force as a whole.")
    # One row per obstacle (the matrix shows whom it concerns), with the assessment behind it.
    printed = PrintValues(table=("Obstacle", "Assessment"))
    return ChartFigure("obstacle-register", chart, data, alt_text, source_keys(data), printed=printed)


LINE_CHARS = 26


def _lines(*parts: str) -> str:
    """Parts on lines of at most LINE_CHARS characters (broken at spaces), joined by newlines."""
    lines: list[str] = []
    for part in parts:
        line = ""
        # A word longer than a line (a run-together name) is broken, so no line outgrows the column.
        words = [w[i:i + LINE_CHARS] for w in str(part).split() for i in range(0, len(w), LINE_CHARS)]
        for word in words:
            if line and len(line) + 1 + len(word) > LINE_CHARS:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return "\n".join(lines)


def checklist_chart(conditions: pd.DataFrame) -> ChartFigure:
    table = checklist(conditions)
    table["row_label"] = table["number"].astype(str) + ". " + table["condition"] + " (" + table["scope"] + ")"
    # A condition and scope can have rows of several dates; each needs its own line, or their texts overprint.
    repeated = table["row_label"].duplicated(keep=False)
    table.loc[repeated, "row_label"] = table.loc[repeated, "row_label"] + ", " + table.loc[repeated, "as_of_label"]
    data = table[["row_label", "condition", "scope", "status_label", "as_of", "as_of_label", "source_label",
                  "status_detail", "source_id"]]
    rows = list(data["row_label"])
    # Laid out as a table: per row, the status with its symbol, then the date and the source on lines
    # of their own, each short enough for a phone's column (three columns side by side printed their
    # text over each other). Every cell has the same number of lines, blank ones around the text, so
    # that shifted up by half its height each cell is centred on its row.
    # How a copy was read ("read via ...") is in the table below the chart; the cell names the source.
    cells = [_lines(r.status_label, f"as of {r.as_of_label}", re.sub(r"\s*\(read via [^)]*\)", "", r.source_label)).split("\n")
             for r in data.itertuples()]
    height = max(len(c) for c in cells)
    cell = data.assign(text=["\n".join([""] * ((height - len(c)) // 2) + c + [""] * (height - len(c) - (height - len(c)) // 2))
                             for c in cells])
    y = alt.Y("row_label:N", sort=rows, title=None, axis=alt.Axis(domain=False, ticks=False))
    tooltip = [alt.Tooltip("row_label:N", title="Condition"), alt.Tooltip("status_label:N", title="Status"),
               alt.Tooltip("status_detail:N", title="Why")]
    # Status colours carry meaning, so the descriptor fixes them (blue met, orange partly, vermilion not met).
    status_colours = colours("path_forward_conditions", "status")
    # The status symbols repeat the status text beside them; hidden from assistive tech (axe: svg-img-alt).
    marks = alt.Chart(cell).mark_point(size=160, filled=True, aria=False).encode(
        y=y, x=alt.value(8), color=alt.Color("status_label:N", title="Status (coded by the briefing team)",
                                            scale=alt.Scale(domain=list(status_colours),
                                                            range=list(status_colours.values()))),
        shape=alt.Shape("status_label:N", title="Status (coded by the briefing team)",
                        scale=alt.Scale(domain=list(status_colours), range=["circle", "diamond", "cross"])),
        tooltip=tooltip)
    text = alt.Chart(cell).mark_text(fontSize=12, align="left", baseline="middle", lineBreak="\n", lineHeight=15,
                                     dy=-(height - 1) * 15 / 2).encode(y=y, x=alt.value(22), text="text:N",
                                                                      tooltip=tooltip)
    chart = (marks + text).properties(
        title=alt.Title("The path forward: the four conditions of the BBC report (20 March 2025)",
                        subtitle="Status of each on a sourced date, and who reported it; a condition has several rows "
                                 "where its scope or date differs"),
        height=alt.Step(height * 15 + 14), width=200)
    alt_text = (f"Checklist of the four conditions of the BBC report of 20 March 2025 in {len(data)} rows, as of dates from "
                f"{data['as_of'].min():%d %B %Y} to {data['as_of'].max():%d %B %Y}: " +
                "; ".join(f"{r.condition} ({r.scope}): {r.status_label.lower()} as of {r.as_of_label} ({r.source_label})"
                          for r in data.itertuples()) + ".")
    # The status is in the chart; why it was judged so is listed under it.
    printed = PrintValues(table=("Condition", "Why"), shown=("Status",))
    return ChartFigure("path-forward", chart, data, alt_text, source_keys(data), printed=printed)


__all__ = ["agreements_timeline_chart", "ceasefire_counts_chart", "scale_chart", "russian_statements_chart",
           "obstacle_matrix_chart", "checklist_chart"]
