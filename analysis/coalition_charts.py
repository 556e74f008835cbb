"""Charts of the coalition chapter. Each takes validated frames and returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintLabel, PrintValues, source_keys
from .coalition import force_shares, meeting_counts, position_labels
from .tables import label_series, labels

# Explorer defaults: N is the seed report's ground force of about 20,000; k = 3 is the common rule of
# thumb the issue names (no source found for it; the chapter says so).
DEFAULT_N = 20000
DEFAULT_K = 3.0


def _position_domain() -> list[str]:
    return list(position_labels().values())


def _position_colour(title: str = "Latest position") -> alt.Color:
    return alt.Color("position_label:N", title=title, scale=alt.Scale(domain=_position_domain()),
                     sort=_position_domain())


def positions_chart(latest: pd.DataFrame, positions: pd.DataFrame) -> ChartFigure:
    """Every dated statement per country (right), the latest own-government position (left)."""
    order = list(latest["country"])
    history = positions[positions["iso3"].isin(latest["iso3"])].merge(
        latest[["iso3"]], on="iso3").assign(
        position_label=lambda f: label_series(f["position"], "coalition_positions", "position"),
        attribution_label=lambda f: label_series(f["attribution"], "coalition_positions", "attribution"))
    history = history.sort_values(["date", "id"])
    latest_panel = alt.Chart(latest).mark_square(size=160).encode(
        y=alt.Y("country:N", sort=order, title=None, scale=alt.Scale(domain=order)),
        color=_position_colour(),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("position_label:N", title="Latest position"),
                 alt.Tooltip("date:T", title="Stated", format="%d %b %Y"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("statement:N", title="Statement"), alt.Tooltip("history:N", title="History"),
                 alt.Tooltip("source_id:N", title="Source key")],
    ).properties(width=24, height=alt.Step(18), title=alt.Title("Latest", fontSize=12, fontWeight=500))
    timeline = alt.Chart(history).mark_point(size=80, filled=True, opacity=0.9).encode(
        # Years only in a panel too narrow (a phone) for month and year side by side.
        x=alt.X("date:T", title="Date of statement",
                # The panel's width is Vega-Lite's `concat_1_width` (`width` is the whole chart's, 0 here).
                axis=alt.Axis(format="%b %Y",
                              labelExpr="concat_1_width < 240 ? timeFormat(datum.value, '%Y') : datum.label")),
        y=alt.Y("country:N", sort=order, title=None, axis=None, scale=alt.Scale(domain=order)),
        color=_position_colour(),
        # The legend shows the descriptor's labels, not the stored codes ("third_party").
        shape=alt.Shape("attribution_label:N", title="Who said it",
                        scale=alt.Scale(domain=list(labels("coalition_positions", "attribution").values()),
                                        range=["circle", "triangle"])),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("date_precision:N", title="Date precision"),
                 alt.Tooltip("position_label:N", title="Position"), alt.Tooltip("who:N", title="Who"),
                 alt.Tooltip("statement:N", title="Statement"), alt.Tooltip("source_id:N", title="Source key")],
    ).properties(width=470, height=alt.Step(18), title=alt.Title("Every statement", fontSize=12, fontWeight=500))
    chart = alt.hconcat(latest_panel, timeline, spacing=6).properties(
        title=alt.Title("Who would send troops into Ukraine: positions by country",
                        subtitle="Left: latest position stated by the country's own government. "
                                 "Right: every dated statement, by date"))
    counts = latest["position_label"].value_counts()
    alt_text = (f"Chart of {len(latest)} countries taking part in the coalition, by the latest position their "
                f"government stated on sending troops into Ukraine, with {len(history)} dated statements from "
                f"{history['date'].min():%B %Y} to {history['date'].max():%B %Y}. Latest positions: " +
                "; ".join(f"{label}: {int(counts.get(label, 0))}" for label in _position_domain()) + ".")
    data = history[["country", "date", "date_precision", "position", "attribution", "who", "statement", "source_id"]]
    # Too many points for labels: each country's latest position and every statement, who and when, listed.
    printed = PrintValues(table=("Country", "Latest position", "Stated", "Date", "Position", "Who"))
    return ChartFigure("coalition-positions", chart, data, alt_text, source_keys(data), printed=printed)


def meetings_chart(meetings: pd.DataFrame) -> ChartFigure:
    """Reported participant counts per meeting, every count its own point; a rule spans disagreeing counts."""
    qualifiers = list(labels("coalition_meetings", "count_qualifier").values())
    counted = meetings.dropna(subset=["participants_reported"]).assign(
        qualifier=lambda f: label_series(f["count_qualifier"], "coalition_meetings", "count_qualifier"),
        label=lambda f: f["date"].dt.strftime("%d %b %Y") + ", " + f["place"])
    spans = meeting_counts(meetings).dropna(subset=["lowest"])
    rule = alt.Chart(spans).mark_rule(color="#999", strokeWidth=2).encode(
        x="date:T", y="lowest:Q", y2="highest:Q")
    points = alt.Chart(counted).mark_point(size=90, filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title="Date of meeting", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("participants_reported:Q", title="Participants reported", scale=alt.Scale(domain=[0, 40])),
        # One domain for colour and shape, so they share one legend.
        color=alt.Color("qualifier:N", title="How the source counts", sort=qualifiers,
                        scale=alt.Scale(domain=qualifiers)),
        shape=alt.Shape("qualifier:N", title="How the source counts", sort=qualifiers,
                        scale=alt.Scale(domain=qualifiers)),
        tooltip=[alt.Tooltip("label:N", title="Meeting"), alt.Tooltip("participants_reported:Q", title="Count"),
                 alt.Tooltip("qualifier:N", title="Kind of count"), alt.Tooltip("notes:N", title="Notes"),
                 alt.Tooltip("participants_source_id:N", title="Source key")],
    )
    chart = (rule + points).properties(
        title=alt.Title("How many took part: the coalition's meetings, as reported",
                        subtitle="Each point is one source's count; a grey line joins disagreeing counts "
                                 "for the same meeting"),
        height=300)
    n_meetings = meetings["meeting"].nunique()
    uncounted = n_meetings - counted["meeting"].nunique()
    alt_text = (f"Dot chart of {len(counted)} reported participant counts for {counted['meeting'].nunique()} of "
                f"{n_meetings} coalition meetings between {meetings['date'].min():%B %Y} and "
                f"{meetings['date'].max():%B %Y}; counts range from {int(counted['participants_reported'].min())} "
                f"to {int(counted['participants_reported'].max())}. Sources disagree on "
                f"{int(spans['disagree'].sum())} meetings; {uncounted} meetings have no count.")
    data = counted[["meeting", "date", "place", "participants_reported", "count_qualifier",
                    "participants_source_id", "notes"]]
    # Counts of one meeting sit close together: listed, not labelled.
    printed = PrintValues(table=("Meeting", "Count", "Kind of count"))
    return ChartFigure("coalition-meetings", chart, data, alt_text, source_keys(data, "participants_source_id"),
                       printed=printed)


def _param_name(iso3: str) -> str:
    return f"take_{iso3.lower()}"


def explorer_expressions() -> dict[str, str]:
    """The Vega expressions of the explorer, by field name. They mirror `force_shares` (equal and
    proportional splits) and `rotation_pool` in analysis/coalition.py; tests check they agree."""
    return {
        "pool": "k_rotation * n_deployed",
        "equal_troops": "datum.pool / datum.n_participants",
        "equal_share": "datum.equal_troops / datum.active_personnel",
        "proportional_share": "datum.pool / datum.participants_active",
    }


def force_explorer_chart(explorer: pd.DataFrame, n_default: int = DEFAULT_N, k_default: float = DEFAULT_K) -> ChartFigure:
    """Interactive: choose N, k and the participants; see each one's share of its active force."""
    data = explorer[["iso3", "country", "active_personnel", "position_label", "default_taking_part",
                     "personnel_source_id"]]
    n_param = alt.param(name="n_deployed", value=n_default,
                        bind=alt.binding_range(min=5000, max=64000, step=1000, name="Troops deployed (N) "))
    k_param = alt.param(name="k_rotation", value=k_default,
                        bind=alt.binding_range(min=1, max=5, step=0.5, name="Rotation factor (k) "))
    checks = [alt.param(name=_param_name(r.iso3), value=bool(r.default_taking_part),
                        bind=alt.binding_checkbox(name=f"{r.country} "))
              for r in data.itertuples()]
    taking_part = " || ".join(f"(datum.iso3 === '{r.iso3}' && {_param_name(r.iso3)})" for r in data.itertuples())
    expr = explorer_expressions()
    bars = alt.Chart().mark_bar().encode(
        y=alt.Y("country:N", sort="-x", title=None),
        x=alt.X("equal_share:Q", title="Share of the country's active force (equal split)",
                axis=alt.Axis(format=".0%")),
        # One colour: a legend of every position, of which the ticked countries use one or two, said
        # little; each country's position is in the tooltip and in the capacity chart.
        color=alt.value("#0072B2"),
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("position_label:N", title="Latest position"),
                 alt.Tooltip("active_personnel:Q", title="Active personnel (estimate)", format=","),
                 alt.Tooltip("equal_troops:Q", title="Troops in the rotation pool (equal split)", format=",.0f"),
                 alt.Tooltip("equal_share:Q", title="Share of active force (equal split)", format=".1%"),
                 alt.Tooltip("proportional_share:Q", title="Share if split by size", format=".1%"),
                 alt.Tooltip("pool:Q", title="Whole pool k x N", format=",.0f")],
    )
    rule = alt.Chart().mark_rule(color="#000", strokeDash=[4, 3], strokeWidth=2).encode(
        x=alt.X("mean(proportional_share):Q"),
        tooltip=[alt.Tooltip("mean(proportional_share):Q", title="Share for every country if split by size",
                             format=".1%")])
    layered = alt.layer(bars, rule, data=data).transform_calculate(
        taking_part=taking_part,
    ).transform_filter("datum.taking_part").transform_joinaggregate(
        n_participants="count()", participants_active="sum(active_personnel)",
    ).transform_calculate(pool=expr["pool"]).transform_calculate(
        equal_troops=expr["equal_troops"]).transform_calculate(
        equal_share=expr["equal_share"]).transform_calculate(
        proportional_share=expr["proportional_share"]).add_params(n_param, k_param, *checks)
    chart = layered.properties(
        title=alt.Title("Force-generation explorer: what keeping N troops deployed would take",
                        subtitle=["Pool = k x N, split equally among the ticked countries; bars show each one's "
                                  "share of its active force.",
                                  "Dashed line: the share every country would give if the pool were split by size."]),
        height=alt.Step(22), width=520)
    default = force_shares(data[data["default_taking_part"]], n_default, k_default, "equal")
    proportional = force_shares(data[data["default_taking_part"]], n_default, k_default, "proportional")
    alt_text = (f"Interactive bar chart. With the defaults (N = {n_default:,} deployed, k = {k_default:g}, pool "
                f"{int(k_default * n_default):,}) and the {len(default)} countries whose government offered troops "
                "ticked, an equal split asks " + "; ".join(
                    f"{r.country} {r.share:.0%}" for r in default.sort_values("share").itertuples()) +
                f" of their active forces; split by size, every country would give {proportional['share'].iloc[0]:.1%}. "
                f"Controls change N, k and which of {len(data)} countries take part.")
    table = data.drop(columns=["default_taking_part"]).assign(
        ticked_by_default=data["default_taking_part"].map({True: "yes", False: "no"}))
    # The default scenario, on paper: each bar's share and troops beside it, every figure in a table.
    printed = PrintValues(
        label=PrintLabel("bar",
                         "format(datum.equal_share, '.1%') + ' (' + format(datum.equal_troops, ',.0f') + ' troops)'",
                         ("Share of active force (equal split)", "Troops in the rotation pool (equal split)"),
                         beside_plot=True),  # the dashed line crosses the bars' ends
        table=("Country", "Latest position", "Active personnel (estimate)", "Share if split by size",
               "Whole pool k x N"),
        shown=("Country",))
    return ChartFigure("force-explorer", chart, table, alt_text, source_keys(table, "personnel_source_id"),
                       printed=printed)
