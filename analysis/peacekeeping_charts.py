"""Charts of the chapter "Not a peacekeeping force". Each takes validated frames, returns a ChartFigure."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import ChartFigure, PrintLabel, PrintValues, source_keys
from .peacekeeping import (PROPOSED, front_bands, mission_density, option_density, option_front_density,
                           principle_matrix, sizes_comparison)
from .range_chart import range_marks, range_text
from .tables import labels

FIT_ORDER = ["Consistent", "Beyond (enforcement)", "Departs"]
# Meaningful colours: blue = consistent with the UN principle, orange = beyond it, reddish purple = departs.
# Sky blue, orange, reddish purple: orange beside vermilion was hard to tell apart.
FIT_COLOURS = ["#56B4E9", "#E69F00", "#CC79A7"]


def _group_scale(groups: pd.Series) -> alt.Scale:
    """The proposed force always in vermilion, so it stands out among the precedents."""
    others = sorted(g for g in groups.unique() if not g.startswith(PROPOSED))
    proposed = sorted(g for g in groups.unique() if g.startswith(PROPOSED))
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000"]
    return alt.Scale(domain=others + proposed, range=palette[:len(others)] + ["#D55E00"] * len(proposed))


def principles_matrix_chart(missions: pd.DataFrame, principles: pd.DataFrame) -> ChartFigure:
    matrix = principle_matrix(missions, principles)
    order = list(missions.sort_values(["mission_type", "start_year"])["short_name"]) + [PROPOSED]
    base = alt.Chart(matrix).encode(
        x=alt.X("attribute:N", title=None, sort=list(labels("peacekeeping_principles", "mission_field").values()),
                # In columns too narrow for the words (a phone) the heads are their initials, in the
                # order the subtitle names them.
                axis=alt.Axis(orient="top", labelAngle=0, grid=False, ticks=False, domain=False,
                              labelExpr="width / 3 >= 90 ? datum.label : slice(datum.label, 0, 1)")),
        y=alt.Y("mission:N", title=None, sort=order,
                axis=alt.Axis(labelLimit=220, grid=False, ticks=False, domain=False)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("fit:N", title="Against the UN principle (our coding)", sort=FIT_ORDER,
                        scale=alt.Scale(domain=FIT_ORDER, range=FIT_COLOURS)),
        tooltip=[alt.Tooltip("mission:N", title="Mission"), alt.Tooltip("attribute:N", title="Attribute"),
                 alt.Tooltip("value:N", title="Coded as"), alt.Tooltip("fit:N", title="Against the principle"),
                 alt.Tooltip("source_id:N", title="Source key")],
    )
    # A cell's words need about 130 px; in narrower columns (a phone) the colour says it alone and the
    # table below the chart gives each coded value.
    text = base.mark_text(fontSize=11, color="#111", opacity=alt.expr("width / 3 >= 130 ? 1 : 0")).encode(
        text="value:N")
    chart = (cells + text).properties(
        title=alt.Title("The three UN peacekeeping principles, mission by mission",
                        subtitle="Consent, impartiality and use of force as coded by the briefing team from "
                                 "mandates; the proposed force in the last row"),
        width=480, height=alt.Step(26))
    proposed = matrix[matrix["mission"] == PROPOSED]
    consistent = matrix[matrix["mission"] != PROPOSED].groupby("mission")["fit"].apply(
        lambda s: (s == "Consistent").all())
    alt_text = (f"Matrix of {matrix['mission'].nunique() - 1} precedent missions and the proposed reassurance "
                f"force against the three UN peacekeeping principles, coded by the briefing team. "
                f"{int(consistent.sum())} precedents are consistent with all three. The proposed force is coded "
                + "; ".join(f"{r.attribute}: {r.value} ({r.fit.lower()})" for r in proposed.itertuples()) + ".")
    # Printed at full width, every cell shows its coded value; rows and columns name mission and principle.
    printed = PrintValues(shown=("Mission", "Attribute", "Coded as", "Against the principle"))
    return ChartFigure("principles-matrix", chart, matrix, alt_text, source_keys(matrix), printed=printed)


def mission_sizes_chart(missions: pd.DataFrame, options: pd.DataFrame) -> ChartFigure:
    data = sizes_comparison(missions, options).sort_values("high", ascending=False)
    order = list(data["label"])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("group:N", title="Kind of deployment", scale=_group_scale(data["group"])),
        tooltip=[alt.Tooltip("label:N", title="Figure"), alt.Tooltip("group:N", title="Kind"),
                 alt.Tooltip("low:Q", title="Low", format=","), alt.Tooltip("high:Q", title="High", format=","),
                 alt.Tooltip("source_id:N", title="Source key")],
    )
    chart = range_marks(base, "low", "high", "Personnel").properties(
        title=alt.Title("Precedent missions and reported sizes of the proposed force",
                        subtitle="One line per mission figure or proposed-force figure, largest first; "
                                 "see each row's kind (peak, authorised, current)"),
        height=alt.Step(18), width=330)
    prop = data[data["group"].str.startswith(PROPOSED)]
    prec = data[~data["group"].str.startswith(PROPOSED)]
    alt_text = (f"Range chart on a logarithmic scale of {len(prec)} precedent missions, from "
                f"{prec['high'].min():,} to {prec['high'].max():,} personnel, and {len(prop)} reported figures for "
                f"the whole proposed force, from {prop['low'].min():,} to {prop['high'].max():,}. "
                f"Largest precedent: {prec.iloc[0]['label']}. The table lists every figure with its source.")
    printed = PrintValues(label=PrintLabel("point", range_text("low", "high"), ("Low", "High")),
                          shown=("Figure", "Kind"))
    return ChartFigure("mission-sizes", chart, data, alt_text, source_keys(data), printed=printed)


def density_chart(missions: pd.DataFrame, options: pd.DataFrame, populations: pd.DataFrame,
                  benchmark: float, benchmark_low: float) -> ChartFigure:
    prec = mission_density(missions)
    prec_rows = pd.DataFrame({
        "label": prec["short_name"], "group": "Precedent (its own area of operation)",
        "per_1000_low": prec["per_1000"], "per_1000_high": prec["per_1000"],
        "troops_low": prec["strength"].astype("int64"), "troops_high": prec["strength"].astype("int64"),
        "population_low": prec["population_covered"].astype("int64"),
        "population_high": prec["population_covered"].astype("int64"),
        "source_id": prec["source_id"], "context_source_id": prec["context_source_id"],
    })
    opts = option_density(options, populations)
    pop_low, pop_high = float(populations["low"].min()), float(populations["high"].max())
    opt_rows = pd.DataFrame({
        "label": opts["label"], "group": PROPOSED + " (low-high band)",
        "per_1000_low": opts["per_1000_low"], "per_1000_high": opts["per_1000_high"],
        "troops_low": opts["low"].astype("int64"), "troops_high": opts["high"].astype("int64"),
        "population_low": int(pop_low), "population_high": int(pop_high),
        "source_id": opts["source_id"], "context_source_id": ", ".join(populations["source_id"].unique()),
    })
    data = pd.concat([prec_rows, opt_rows], ignore_index=True).sort_values("per_1000_high", ascending=False)
    data[["per_1000_low", "per_1000_high"]] = data[["per_1000_low", "per_1000_high"]].round(3)
    order = list(data["label"])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("group:N", title=None, scale=_group_scale(data["group"])),
        tooltip=[alt.Tooltip("label:N", title="Figure"),
                 alt.Tooltip("per_1000_low:Q", title="Per 1,000 (low)", format=",.2f"),
                 alt.Tooltip("per_1000_high:Q", title="Per 1,000 (high)", format=",.2f"),
                 alt.Tooltip("troops_low:Q", title="Troops (low)", format=","),
                 alt.Tooltip("population_low:Q", title="Population (lowest source)", format=","),
                 alt.Tooltip("population_high:Q", title="Population (highest source)", format=",")],
    )
    ranges = range_marks(base, "per_1000_low", "per_1000_high", "Troops per 1,000 inhabitants",
                         extra_values=[benchmark, benchmark_low], number_format="~g",
                         values=[0.01, 0.1, 1, 5, 20, 100, 1000])
    marks = pd.DataFrame({"per_1000": [benchmark, benchmark_low],
                          "benchmark": [f"{benchmark:g} per 1,000: benchmark for policing a population",
                                        f"{benchmark_low:g} per 1,000: sufficed in some African missions"]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[5, 3], color="#000").encode(
        x="per_1000:Q", strokeDash=alt.StrokeDash("benchmark:N", title="Reference lines"))
    chart = (ranges + rules).properties(
        title=alt.Title("Troops per 1,000 inhabitants: precedents and the proposed force",
                        subtitle="Proposed-force lines run from the low figure over the highest population "
                                 "estimate to the high figure over the lowest"),
        height=alt.Step(18), width=330)
    below = opt_rows[opt_rows["per_1000_high"] < benchmark]
    alt_text = (f"Range chart of troops per 1,000 inhabitants on a logarithmic scale for {len(prec_rows)} precedent "
                f"missions in their own areas of operation and {len(opt_rows)} reported figures for the proposed "
                f"force over government-controlled Ukraine (population {pop_low:,.0f} to {pop_high:,.0f} across "
                f"sources). {len(below)} of the {len(opt_rows)} proposed figures stay below {benchmark:g} per 1,000 "
                f"even at the lowest population."
                + "".join(f" The BBC report's figure (20 March 2025) of {r.low:,} troops gives {r.per_1000_low:.2f} to "
                          f"{r.per_1000_high:.2f} per 1,000." for r in opts[opts["figure_kind"] == "founding_report"]
                          .itertuples()))
    keys = source_keys(data, "source_id") + list(populations["source_id"].unique())
    printed = PrintValues(label=PrintLabel("point", range_text("per_1000_low", "per_1000_high", ",.2f"),
                                           ("Per 1,000 (low)", "Per 1,000 (high)"), beside_plot=True),
                          shown=("Figure",))  # beside the plot: the reference lines run through the rows
    return ChartFigure("force-density", chart, data, alt_text, list(dict.fromkeys(keys)), printed=printed)


def front_density_chart(options: pd.DataFrame, fronts: pd.DataFrame) -> ChartFigure:
    long = option_front_density(options, fronts)
    data = front_bands(long)
    data["front"] = data["front_definition"].map(labels("density_inputs", "definition"))
    data["front"] = (data["front"] + " (" + data["front_km_min"].map("{:,.0f}".format) + "-" +
                     data["front_km_max"].map("{:,.0f}".format) + " km)")
    data[["per_km_low", "per_km_high"]] = data[["per_km_low", "per_km_high"]].round(2)
    order = list(options.sort_values("high", ascending=False)["label"])
    base = alt.Chart(data).encode(
        y=alt.Y("option:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("front:N", title="Length of front used"),
        yOffset=alt.YOffset("front:N"),
        tooltip=[alt.Tooltip("option:N", title="Force figure"), alt.Tooltip("front:N", title="Front"),
                 alt.Tooltip("per_km_low:Q", title="Troops per km (low)", format=",.1f"),
                 alt.Tooltip("per_km_high:Q", title="Troops per km (high)", format=",.1f"),
                 alt.Tooltip("front_source_ids:N", title="Front source keys")],
    )
    # Two ranges share each row (yOffset), so their lines and points are a little thinner.
    chart = range_marks(base, "per_km_low", "per_km_high", "Troops per km of front", number_format="~g",
                        values=[1, 2, 5, 10, 20, 50, 100, 200, 500], rule_width=5, end_size=40).properties(
        title=alt.Title("If spread along the front: troops per kilometre",
                        subtitle="Each reported force figure over the active front and over the whole front, "
                                 "across sourced lengths; the force is not planned to hold the front"),
        height=alt.Step(12), width=330)
    alt_text = (f"Range chart on a logarithmic scale: troops per kilometre of front for {len(options)} reported "
                f"figures for the proposed force, over the active front ({fronts.loc[fronts['definition'] == 'active_front', 'value'].min():,.0f}"
                f" to {fronts.loc[fronts['definition'] == 'active_front', 'value'].max():,.0f} km across sources) and "
                f"over the whole front ({fronts.loc[fronts['definition'] == 'total_front', 'value'].min():,.0f} to "
                f"{fronts.loc[fronts['definition'] == 'total_front', 'value'].max():,.0f} km). Values run from "
                f"{data['per_km_low'].min():,.1f} to {data['per_km_high'].max():,.1f} troops per km.")
    keys = source_keys(long, "option_source_id", "front_source_id")
    printed = PrintValues(label=PrintLabel("point", range_text("per_km_low", "per_km_high", ",.1f"),
                                           ("Troops per km (low)", "Troops per km (high)"), dx=5),
                          shown=("Force figure", "Front"))
    return ChartFigure("front-density", chart, data, alt_text, keys, printed=printed)
