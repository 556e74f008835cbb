"""Charts of the US chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintValues, source_keys
from .tables import colours, label_series, labels, short_labels
from .us import (ADD, FEASIBLE, NOT_FEASIBLE, SCENARIOS, TIERS, corridor_running_totals, dependency_matrix, scenario_labels)

# Readings and tiers are computed, not coded in a table, so their labels and colours live here.
READING_LABELS = {"cautious": "Cautious reading (worst assessment of each enabler)",
                  "generous": "Generous reading (best assessment of each enabler)"}
# Colours carry meaning here (go, go with additions, no-go), so they are fixed; all from the palette.
# Green, orange and reddish purple: orange beside vermilion was hard to tell apart.
TIER_COLOURS = {FEASIBLE: "#009E73", ADD: "#E69F00", NOT_FEASIBLE: "#CC79A7"}


def us_timeline_chart(statements: pd.DataFrame) -> ChartFigure:
    topics = labels("us_statements", "topic")
    stance_colours = colours("us_statements", "stance")
    stances = list(stance_colours)
    data = statements.sort_values(["date", "id"]).assign(
        topic_label=lambda f: label_series(f["topic"], "us_statements", "topic"),
        stance_label=lambda f: label_series(f["stance"], "us_statements", "stance"))[
        ["id", "date", "who", "role", "topic_label", "stance", "stance_label", "statement", "source_id"]]
    chart = alt.Chart(data).mark_point(size=110, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("topic_label:N", title=None, sort=list(topics.values()), axis=alt.Axis(labelLimit=220)),
        color=alt.Color("stance_label:N", title="Stance (coded by the briefing team)", sort=stances,
                        scale=alt.Scale(domain=stances, range=list(stance_colours.values()))),
        # The same domain as the colour, so colour and shape share one legend.
        shape=alt.Shape("stance_label:N", title="Stance (coded by the briefing team)", sort=stances,
                        scale=alt.Scale(domain=stances)),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("stance_label:N", title="Stance"), alt.Tooltip("statement:N", title="What"),
                 alt.Tooltip("source_id:N", title="Source key")],
    ).properties(
        title=alt.Title("US positions on the force and on guarantees for Ukraine",
                        subtitle="Each point is one dated statement or reported decision, in the row of its topic; "
                                 "the table below the chart gives who said what"),
        # One row per topic, points on its line: stance sub-rows drew points between the labelled rows.
        height=alt.Step(36), width=560)
    counts = data["stance_label"].value_counts()
    alt_text = (f"Timeline of {len(data)} US statements and reported decisions from {data['date'].min():%B %Y} "
                f"to {data['date'].max():%B %Y}, by topic and coded stance: " +
                "; ".join(f"{s.lower()} {int(counts.get(s, 0))}" for s in stances) + ". "
                f"Statements on US troops: {int((data['topic_label'] == topics['troops']).sum())}, "
                "all of them opposed to sending them.")
    printed = PrintValues(table=("Date", "Who", "Stance", "What"))
    return ChartFigure("us-timeline", chart, data, alt_text, source_keys(data), printed=printed)


def capability_matrix_chart(capabilities: pd.DataFrame) -> ChartFigure:
    enablers = labels("us_capability_dependency", "capability_key")
    capacities = list(labels("us_capability_dependency", "european_capacity").values())
    dependency_colours = colours("us_capability_dependency", "us_dependency")
    matrix = dependency_matrix(capabilities).assign(
        enabler=lambda f: label_series(f["capability_key"], "us_capability_dependency", "capability_key"),
        capacity_label=lambda f: label_series(f["european_capacity"], "us_capability_dependency", "european_capacity"),
        dependency_label=lambda f: label_series(f["us_dependency"], "us_capability_dependency", "us_dependency"))
    data = matrix[["enabler", "european_capacity", "capacity_label", "us_dependency", "dependency_label",
                   "assessments", "rows", "sources"]]
    order = [label for key, label in enablers.items() if key in set(matrix["capability_key"])]
    base = alt.Chart(data).encode(
        x=alt.X("capacity_label:N", sort=capacities, title="What European states can field",
                axis=alt.Axis(labelAngle=0, grid=False), scale=alt.Scale(domain=capacities)),
        # No grid: its lines ran through the counts printed in the circles.
        y=alt.Y("enabler:N", sort=order, title=None, axis=alt.Axis(grid=False)),
        tooltip=[alt.Tooltip("enabler:N", title="Enabler"),
                 alt.Tooltip("capacity_label:N", title="European capacity"),
                 alt.Tooltip("dependency_label:N", title="Dependency on the US"),
                 alt.Tooltip("assessments:Q", title="Assessments"), alt.Tooltip("rows:N", title="Rows"),
                 alt.Tooltip("sources:N", title="Source keys")])
    dots = base.mark_circle(opacity=0.9).encode(
        size=alt.Size("assessments:Q", title="Assessments", scale=alt.Scale(range=[200, 900]),
                      # Every count drawn has its circle in the legend (a fixed [1, 2, 3] left out 4).
                      legend=alt.Legend(values=list(range(1, int(data["assessments"].max()) + 1)))),
        color=alt.Color("dependency_label:N", title="Dependency on the US", sort=list(dependency_colours),
                        scale=alt.Scale(domain=list(dependency_colours), range=list(dependency_colours.values()))))
    counts = base.mark_text(fontSize=11, color="#000").encode(text="assessments:Q")
    chart = (dots + counts).properties(
        title=alt.Title("What Europe can field, and what depends on the US",
                        subtitle="Published assessments, coded by the briefing team; a row with two circles is "
                                 "an enabler the sources disagree on"),
        height=alt.Step(34), width=360)
    worst = capabilities[capabilities["european_capacity"] == "insufficient"]["capability_key"].unique()
    split = [enablers[k] for k, g in capabilities.groupby("capability_key")
             if g["european_capacity"].nunique() > 1]
    alt_text = (f"Matrix of {len(capabilities)} published assessments of {matrix['capability_key'].nunique()} "
                f"enablers, placed by what European states can field and coloured by dependency on the US. "
                f"{len(worst)} enablers are judged insufficient in Europe by at least one source; sources "
                f"disagree on {len(split)}: {', '.join(split)}.")
    # Rows, columns, the count in each circle and the colour's legend carry every entry a reader needs.
    printed = PrintValues(shown=("Enabler", "European capacity", "Dependency on the US", "Assessments"))
    return ChartFigure("capability-matrix", chart, data, alt_text, source_keys(capabilities), printed=printed)


def _short_gaps(gaps: str) -> str:
    """'isr (insufficient), command_control (partial)' -> 'add: ISR, C2'; nothing -> 'nothing to add'."""
    keys = [g.split(" (")[0] for g in gaps.split(", ") if g]
    short = short_labels("us_capability_dependency", "capability_key")
    return "add: " + ", ".join(short[k] for k in keys) if keys else "nothing to add"


def scenario_chart(feasibility: pd.DataFrame, sources: list[str]) -> ChartFigure:
    scenarios = scenario_labels()
    data = feasibility.assign(
        mission_label=lambda f: label_series(f["mission"], "us_mission_needs", "mission"),
        scenario_label=lambda f: f["scenario"].map(scenarios),
        reading_label=lambda f: f["reading"].map(READING_LABELS),
        cell=lambda f: f["gaps"].map(_short_gaps),
    )[["reading_label", "scenario_label", "mission_label", "tier", "cell", "us_covers", "gaps", "needs"]]
    mission_order = list(labels("us_mission_needs", "mission").values())
    scenario_order = [scenarios[s] for s in SCENARIOS]
    base = alt.Chart().encode(
        x=alt.X("scenario_label:N", sort=scenario_order, title=None,
                # Column heads are the scenario's letter: the subtitle spells each one out, so three
                # narrow columns on a phone do not print their heads over each other.
                axis=alt.Axis(labelAngle=0, labelExpr="slice(datum.label, 0, 3)", grid=False, labelFontWeight=600)),
        # No grid: its lines ran through the text of the cells, which then looked struck out.
        y=alt.Y("mission_label:N", sort=mission_order, title=None, axis=alt.Axis(grid=False)),
        tooltip=[alt.Tooltip("mission_label:N", title="Mission"), alt.Tooltip("scenario_label:N", title="Scenario"),
                 alt.Tooltip("tier:N", title="Result"), alt.Tooltip("us_covers:N", title="The US covers"),
                 alt.Tooltip("cell:N", title="Europe would have to add"),
                 alt.Tooltip("needs:N", title="Enablers needed")])
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("tier:N", title="Mission is", sort=list(TIERS),
                        scale=alt.Scale(domain=list(TIER_COLOURS), range=list(TIER_COLOURS.values()))))
    # The longest cell text needs about 150 px a column; narrower (a phone) the colour says it alone and the
    # table below the chart lists what Europe would add.
    # In a facet the cells' width is Vega-Lite's `child_width` signal (`width` is the whole chart's, 0 here).
    text = base.mark_text(fontSize=11, color="#000", opacity=alt.expr("child_width / 3 >= 150 ? 1 : 0")).encode(
        text=alt.Text("cell:N"))
    chart = alt.layer(cells, text, data=data).properties(width=480, height=alt.Step(48)).facet(
        row=alt.Row("reading_label:N", title=None, sort=[READING_LABELS["cautious"], READING_LABELS["generous"]],
                    # On three lines: on one it ran past a phone's edge.
                    header=alt.Header(labelFontSize=12, labelFontWeight=600, labelAnchor="start",
                                      labelOrient="top", labelAngle=0, labelExpr=(
                                          "split(replace(replace(datum.label, ' (', '|('), ' of each', '|of each'), '|')"))),
    ).properties(title=alt.Title(
        "Which missions each level of US support makes feasible",
        subtitle=["Computed from the capability table; text in a cell names what Europe would still have to add",
                  "; ".join(scenarios[s] for s in SCENARIOS)]))
    summary = []
    for reading, label in READING_LABELS.items():
        part = feasibility[feasibility["reading"] == reading]
        per = [f"{scenarios[s]}: {int((part[(part['scenario'] == s)]['tier'] == FEASIBLE).sum())} feasible, "
               f"{int((part[(part['scenario'] == s)]['tier'] == ADD).sum())} only if Europe adds, "
               f"{int((part[(part['scenario'] == s)]['tier'] == NOT_FEASIBLE).sum())} not feasible"
               for s in SCENARIOS]
        summary.append(f"{label}: " + "; ".join(per))
    alt_text = (f"Grid of {feasibility['mission'].nunique()} missions against {len(SCENARIOS)} scenarios of US "
                "support, under two readings of the assessments. " + ". ".join(summary) + ".")
    # Printed at full width, each cell names what Europe would add; its colour and the legend the result.
    printed = PrintValues(shown=("Mission", "Result", "Europe would have to add"))
    return ChartFigure("us-scenarios", chart, data, alt_text, sources, printed=printed)


def corridor_chart(corridor: pd.DataFrame) -> ChartFigure:
    totals = corridor_running_totals(corridor).assign(
        counted_from=lambda f: "since " + f["period_start"].dt.strftime("%B %Y"))
    data = totals[["id", "period_end", "cargo_mt", "ships", "counted_from", "attributed_to", "source_id", "notes"]]
    base = alt.Chart(data).encode(
        x=alt.X("period_end:T", title="Date of the running total", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("cargo_mt:Q", title="Cargo since the corridor opened (million tonnes)"),
        tooltip=[alt.Tooltip("period_end:T", title="As of", format="%d %b %Y"),
                 alt.Tooltip("cargo_mt:Q", title="Million tonnes", format=",.1f"),
                 alt.Tooltip("ships:Q", title="Ships", format=","), alt.Tooltip("counted_from:N", title="Counted"),
                 alt.Tooltip("attributed_to:N", title="Figure from"), alt.Tooltip("notes:N", title="Notes")])
    line = base.mark_line(color="#0072B2", opacity=0.5).encode(order="period_end:T")
    points = base.mark_point(size=80, filled=True).encode(
        shape=alt.Shape("counted_from:N", title="Running total counted"),
        color=alt.Color("counted_from:N", title="Running total counted"))
    chart = (line + points).properties(
        title=alt.Title("Cargo through Ukraine's Black Sea corridor",
                        subtitle="Running totals reported by Ukrainian officials; two totals on one date are "
                                 "two sources disagreeing"),
        width=560, height=300)
    last = data.iloc[-1]
    alt_text = (f"Line chart of {len(data)} running totals of cargo through Ukraine's sea corridor, from "
                f"{data['cargo_mt'].iloc[0]:,.1f} million tonnes on {data['period_end'].iloc[0]:%d %B %Y} to "
                f"{last['cargo_mt']:,.0f} million tonnes on {last['period_end']:%d %B %Y}, counted {last['counted_from']}.")
    # Two totals on one date would print their labels over each other: listed instead.
    printed = PrintValues(table=("As of", "Million tonnes", "Ships", "Counted", "Figure from"))
    return ChartFigure("corridor", chart, data, alt_text, source_keys(data), printed=printed)
