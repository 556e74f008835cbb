import pandas as pd
import pytest

from analysis.sizes import figures_of_kind, midpoint, share_within, summarise_sizes


def _frame():
    return pd.DataFrame({
        "source_id": ["a", "b", "b", "c"],
        "figure_kind": ["founding_report", "reported_plan", "think_tank_option", "reported_plan"],
        "low": [20000, 10000, 25000, 50000],
        "high": [20000, 30000, 30000, 64000],
        "stated_on": pd.to_datetime(["2025-04-11", "2025-02-16", "2025-03-01", "2025-05-01"]),
    })


def test_summary_counts_and_extremes():
    s = summarise_sizes(_frame())
    assert (s.figures, s.sources, s.smallest, s.largest) == (4, 3, 10000, 64000)
    assert s.earliest == pd.Timestamp("2025-02-16") and s.latest == pd.Timestamp("2025-05-01")


def test_summary_rejects_empty():
    with pytest.raises(ValueError):
        summarise_sizes(_frame().iloc[0:0])


def test_figures_of_kind_filters_and_rejects_unknown_kind():
    assert len(figures_of_kind(_frame(), "reported_plan")) == 2
    with pytest.raises(ValueError, match="unknown figure kinds"):
        figures_of_kind(_frame(), "rumour")


def test_share_within_counts_whole_ranges_only():
    # 20000 and 25000-30000 lie within 10k-30k; 10k-30k too; 50k-64k does not.
    assert share_within(_frame(), 10000, 30000) == pytest.approx(0.75)


def test_midpoint():
    assert list(midpoint(_frame())) == [20000, 20000, 27500, 57000]


def test_of_scope_and_latest():
    from analysis.sizes import latest, of_scope

    frame = _frame().assign(scope=["coalition_total", "coalition_total", "national_contribution",
                                   "coalition_total"], id=["a", "b", "c", "d"])
    assert list(of_scope(frame, "coalition_total")["id"]) == ["a", "b", "d"]
    assert latest(frame)["id"] == "d"
    with pytest.raises(ValueError, match="unknown scope"):
        of_scope(frame, "everyone")


def test_figure_text_point_and_range():
    from analysis.sizes import figure_text

    frame = _frame().assign(id=["a", "b", "c", "d"])
    assert figure_text(frame, "a") == "20,000"
    assert figure_text(frame, "d") == "50,000–64,000"
    with pytest.raises(KeyError, match="'zz'"):
        figure_text(frame, "zz")
