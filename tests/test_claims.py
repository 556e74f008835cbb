"""Claims: values glued with the rows they come from, and the statements the prose makes about them."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import load_table, load_tables
from analysis.claims import CLAIM_MIME, Claim, assumption, claim, claim_count, claim_stated, evidence, rows_of
from analysis.charts import ChartFigure
from analysis import coalition, concept, peacekeeping
from booktools import claims as ledger

@pytest.fixture(scope="module")
def values(chapter_values):
    return chapter_values


# --- the claim itself -----------------------------------------------------------------------------

def test_a_claim_names_the_rows_it_was_computed_from():
    sizes = load_table("force_size_estimates")
    picked = sizes[sizes["id"].isin(["times_2025_radakin_64000", "iiss_2025_small_10000"])]
    c = claim_count(picked, "two figures")
    assert (c.text, c.value) == ("2", 2)
    assert set(c.rows) == {("force_size_estimates", "times_2025_radakin_64000"),
                           ("force_size_estimates", "iiss_2025_small_10000")}


def test_a_claim_without_rows_or_explanation_is_refused():
    with pytest.raises(ValueError, match="no data rows"):
        Claim("12", 12, "typed by hand", ())
    with pytest.raises(ValueError, match="how it was computed"):
        claim("12", 12, " ", load_table("command_decisions"))
    # An assumption has no rows, and says so.
    assert assumption("3", 3, "a rule of thumb").how.startswith("our assumption")


def test_a_zero_count_must_say_which_rows_were_looked_at():
    decisions = load_table("command_decisions")
    none = decisions[decisions["id"] == "no such row"]
    with pytest.raises(ValueError, match="among"):
        claim_count(none, "nothing")
    c = claim_count(none, "nothing", among=decisions, words=True)
    assert c.text == "none" and len(c.rows) == len(decisions)


def test_rows_survive_filtering_and_indexing_but_not_a_frame_from_nowhere():
    sizes = load_table("force_size_estimates")
    assert rows_of(sizes.set_index("id").head(1)) == (("force_size_estimates", sizes["id"].iloc[0]),)
    with pytest.raises(ValueError, match="loaded table"):
        rows_of(pd.DataFrame({"id": ["x"]}))


def test_a_stated_figure_must_be_in_the_rows_own_words():
    costs = load_table("us_cost_estimates")
    assert claim_stated(costs, "c13", r"from (\d+)% to", "baseline").text == "2"
    with pytest.raises(ValueError, match="does not state"):
        claim_stated(costs, "c13", r"from (\d+) tanks", "nonsense")


def test_the_glued_output_carries_text_and_provenance():
    sizes = load_table("force_size_estimates")
    c = concept.size_claim(sizes, "times_2025_radakin_64000")
    bundle = c._repr_mimebundle_()
    # MyST-NB literal-evals text/plain: unquoted, "64,000" would paste as "(64, 0)".
    assert bundle["text/plain"] == "'64,000'"
    row = bundle[CLAIM_MIME]["rows"][0]
    assert row["sources"][0]["key"] == "caliber2025times"
    assert "64,000" in row["evidence"][0] and row["date"] == "2025-04-29"


# --- every chapter: values, rows, evidence ----------------------------------------------------------

def test_every_glued_value_is_a_claim_or_a_chart_and_has_evidence(values):
    for chapter, glued in values.items():
        for key, value in glued.items():
            assert isinstance(value, (Claim, ChartFigure)), f"{chapter}: {key}"
            if isinstance(value, Claim):
                record = evidence(value)
                assert record["rows"] or value.assumption, f"{chapter}: {key}"
                for row in record["rows"]:
                    assert row["sources"], f"{chapter}: {key}: row {row['id']} names no source"


def test_the_glue_keys_the_prose_uses_are_all_provided(values):
    import re

    from analysis.paths import ROOT
    for chapter, glued in values.items():
        text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        used = set(re.findall(r"\{glue:text\}`([^`:]+)`", text)) | set(re.findall(r"glue:figure\} (\w+)", text))
        assert used <= set(glued), f"{chapter}: glued nowhere: {sorted(used - set(glued))}"


# --- statements the prose makes -----------------------------------------------------------------------

def test_peacekeeping_sizes_above_ifor_are_those_the_prose_lists(values):
    v = values["peacekeeping"]
    options = peacekeeping.of_scope(load_table("force_size_estimates"), "coalition_total") \
        if hasattr(peacekeeping, "of_scope") else None
    sizes = load_table("force_size_estimates")
    totals = sizes[sizes["scope"] == "coalition_total"]
    ifor = int(load_table("precedent_missions").set_index("short_name").loc["IFOR", "strength"])
    above = totals[totals["high"] > ifor]
    assert v["n_options_above_ifor"].value == len(above) > 0
    assert v["n_options_within"].value + v["n_options_above_ifor"].value <= v["n_options"].value
    # "the largest being Zelensky's early demand"
    assert above.sort_values("high")["id"].iloc[-1] == "zelensky_2025_davos_200000"
    assert v["options_above_ifor"].text.endswith("200,000")
    del options


def test_coalition_largest_forces_are_ranked_from_one_source_and_placed_by_position(values):
    """The capacity paragraph names the largest forces, those whose government offered troops or is open on
    conditions, and says the rest declined or would help only from outside Ukraine: each part is checked
    against the personnel table and the positions (a typed list once left out France and the UK)."""
    from analysis.capacity_chart import capacity_frame

    v = values["coalition"]
    tables = load_tables(coalition.TABLES)
    latest = coalition.latest_positions(tables["coalition_countries"], tables["coalition_positions"])
    ranked = capacity_frame(tables["armed_forces_personnel"], latest).dropna(subset=["personnel"])
    top = ranked.head(coalition.LARGEST_N)
    assert v["largest_forces"].value == list(top["iso3"])
    assert "France" in v["largest_forces"].text
    assert v["largest_offered"].value == list(top.loc[top["position"] == "offered", "iso3"])
    assert v["largest_conditional"].value == list(top.loc[top["position"] == "conditional", "iso3"])
    rest = top[~top["position"].isin(["offered", "conditional"])]
    assert set(rest["position"]) <= {"declined", "outside_ukraine_or_non_ground"}


def test_landing_page_offer_counts_add_up(values):
    v = values["coalition"]
    parts = ("n_offered", "n_conditional", "n_outside", "n_declined", "n_no_statement")
    assert sum(v[k].value for k in parts) == v["n_countries"].value
    assert v["n_offered"].value < v["n_committed_sep"].value <= v["n_countries"].value


def test_obstacles_press_claim_is_checked_against_our_own_record(values):
    named = values["obstacles"]["offered_before_report"].value
    assert {"Estonia", "Lithuania"} <= set(named)
    # Belgium's offer is dated only to 2025: it may come after the July 2025 report, so it is not named.
    assert "Belgium" not in named


def test_ceasefire_counts_name_their_periods(values):
    v = values["obstacles"]
    counts = load_table("ceasefire_counts")
    low = counts[counts["count"] == counts["count"].min()]
    high = counts[counts["count"] == counts["count"].max()]
    assert set(low["counted"]) == {"ceasefire_agreements"}      # "agreements from ..."
    assert set(high["counted"]) == {"violated_ceasefires"}      # "violated ceasefires, counted to ..."
    assert v["lowest_count_period"].text == low["period"].iloc[0]
    assert v["highest_count_to"].text == f"{high['counted_to'].max():%B %Y}"


def test_agreements_not_kept_are_a_subset_of_the_record(values):
    v = values["obstacles"]
    assert v["n_not_kept"].value == v["n_violated"].value + v["n_collapsed"].value + v["n_never"].value
    assert v["n_not_kept"].value + v["n_expired"].value <= v["n_agreements"].value


def test_agreements_by_kind_add_up_and_the_series_counts_once(values):
    v = values["obstacles"]
    kinds = ("agreed", "unilateral", "without_russia")
    assert sum(v[f"n_{k}"].value for k in kinds) == v["n_agreements"].value
    assert sum(v[f"n_{k}_not_kept"].value for k in kinds) == v["n_not_kept"].value
    record = load_table("agreements_record")
    assert v["n_agreements"].value == len(record) - v["n_series_members"].value


def test_russian_statements_by_stance_add_up(values):
    v = values["obstacles"]
    stances = ("n_rejects_any_foreign_troops", "n_legit", "n_conditional", "n_dismisses", "n_other")
    assert sum(v[k].value for k in stances) == v["n_statements"].value


def test_size_range_of_the_concept_chapter(values):
    v = values["concept"]
    sizes = load_table("force_size_estimates")
    totals = sizes[sizes["scope"] == "coalition_total"]
    assert (v["smallest_total"].value, v["largest_total"].value) == (totals["low"].min(), totals["high"].max())
    assert v["n_total_figures"].value + v["n_national"].value <= v["n_figures"].value


def test_density_band_runs_from_highest_to_lowest_population(values):
    v = values["peacekeeping"]
    assert v["seed_per_1000_low"].value < v["seed_per_1000_high"].value
    assert v["need_low"].value < v["need_high"].value


# --- the concept chapter's timeline and 2026 statements ---------------------------------------------------

def test_concept_timeline_counts_are_the_events_the_chart_draws(values):
    from analysis.concept_charts import HEADLINE_ONLY, TIMELINE_TABLES, timeline_events

    v = values["concept"]
    events = timeline_events(load_tables(TIMELINE_TABLES))
    developments = load_table("developments")
    assert v["n_timeline"].value == len(events) == len(v["fig_timeline"].data)
    # every row of developments read only as a headline is on the chart, marked, not dropped
    assert v["n_timeline_reported"].value == int((~developments["read_in_full"].astype(bool)).sum()) > 0
    assert (events["seen"] == HEADLINE_ONLY).sum() == v["n_timeline_reported"].value
    # a coalition meeting recorded by several sources is one event
    meetings = events[events["table"] == "coalition_meetings"]
    assert meetings["row"].map(load_table("coalition_meetings").set_index("id")["meeting"]).is_unique
    # the chapter's "covers events to" date rests on text we read, not on a headline
    assert v["timeline_last_read"].value == pd.Timestamp(v["latest_event"].value) <= v["timeline_last"].value
    assert v["fig_timeline"].data["date"].dt.year.isin([2025, 2026]).all()


def test_concept_sizes_fell_in_2025_and_rose_again_in_2026(values):
    v = values["concept"]
    sizes = load_table("force_size_estimates")
    plans = sizes[(sizes["scope"] == "coalition_total") & (sizes["figure_kind"] == "reported_plan")]
    in_2025 = plans[plans["stated_on"].dt.year == 2025].sort_values("stated_on")
    first_max = in_2025[in_2025["stated_on"] == in_2025["stated_on"].min()]["high"].max()
    last_2025 = in_2025[in_2025["stated_on"] == in_2025["stated_on"].max()]["high"].min()
    assert last_2025 < first_max  # "fell during 2025"
    tvp = sizes.set_index("id").loc["tvp_2026_paris_up_to_30000"]
    assert tvp["stated_on"].year == 2026 and tvp["stated_on"].month == 1 and tvp["high"] > last_2025  # "rose again"
    assert v["size_tvp_2026"].value == tvp["high"]
    national = sizes[sizes["scope"] == "national_contribution"]
    assert v["smallest_national"].value == national["low"].min() < v["smallest_total"].value


def test_peacekeeping_density_is_framed_against_both_benchmarks(values):
    v = values["peacekeeping"]
    # the central estimates lie inside the full band, and the full band's top needs the lowest population
    assert v["seed_per_1000_low"].value <= v["seed_per_1000_points_low"].value
    assert v["seed_per_1000_points_high"].value < v["seed_per_1000_high"].value
    # "far below" the policing benchmark, even its lower figure
    assert v["seed_per_1000_points_high"].value < v["benchmark_low"].value < v["benchmark"].value
    # "as thin as" the deterrence deployments: within a factor of 1.5 of each
    for deployment in ("efp_per_1000", "usfk_per_1000"):
        ratio = v["seed_per_1000_points_low"].value / v[deployment].value
        assert 1 / 1.5 < ratio < 1.5, deployment


def test_peacekeeping_force_beside_ukraines_army(values):
    v = values["peacekeeping"]
    low, high = v["ukr_army_share"].value
    troops = v["seed_troops"].value
    assert low == pytest.approx(troops / v["ukr_army_high"].value * 100)
    assert high == pytest.approx(troops / v["ukr_army_low"].value * 100)
    assert v["ukr_army_low"].value <= v["ukr_army_high"].value


# --- the evidence pages (booktools.claims) ---------------------------------------------------------

def test_a_row_has_one_id_per_evidence_page_and_a_value_keeps_its_id():
    assert ledger.row_anchor("chapters/concept", "force_size_estimates", "times_2025_radakin_64000") == (
        "row-concept--force-size-estimates--times-2025-radakin-64000")
    assert ledger.row_anchor("chapters/us", "force_size_estimates", "x") != ledger.row_anchor("chapters/concept",
                                                                                          "force_size_estimates", "x")
    # The ids of data/claims.csv, which readers may cite: unchanged by the split into pages.
    assert ledger.claim_anchor("chapters/concept", "size_radakin") == "claim-concept-size-radakin"


def test_rows_are_grouped_by_table_in_the_order_used_without_repeats():
    rows = [{"table": "a", "id": "2"}, {"table": "b", "id": "1"}, {"table": "a", "id": "1"}, {"table": "a", "id": "2"}]
    assert {t: [r["id"] for r in rs] for t, rs in ledger._tables_of(rows).items()} == {"a": ["2", "1"], "b": ["1"]}


@pytest.mark.parametrize("ledgers,expected", [
    ({}, []),  # a book without evidence pages (a test's scratch book) is not checked
    ({"chapters/evidence/a": "chapters/a", "chapters/evidence/b": "chapters/b"}, []),
    ({"chapters/evidence/a": "chapters/a"}, ["the values glued by chapters/b are on no evidence page"]),
    ({"chapters/evidence/a": "chapters/a", "chapters/evidence/b": "chapters/b", "chapters/evidence/b2": "chapters/b"},
     ["the values of chapters/b are listed by several evidence pages"]),
    ({"chapters/evidence/a": "chapters/a", "chapters/evidence/b": "chapters/b", "chapters/evidence/c": "chapters/c"},
     ["evidence page for 'chapters/c', which glues no values"]),
])
def test_every_page_with_values_has_one_evidence_page(monkeypatch, ledgers, expected):
    warnings = []
    monkeypatch.setattr(ledger, "logger", SimpleNamespace(warning=lambda message, **_: warnings.append(message)))
    env = SimpleNamespace(briefing_claims={"chapters/a": {"k": {}}, "chapters/b": {"k": {}}, "chapters/empty": {}},
                          briefing_ledgers=ledgers)
    ledger._check_ledgers(None, env)
    assert [w for w in warnings if not any(w.startswith(e) for e in expected)] == []
    assert len(warnings) == len(expected)
