"""The chart container: refuses charts without title, text alternative or known source; publishes them whole."""
from __future__ import annotations

import json
import re
import urllib.parse

import altair as alt
import pandas as pd
import pytest

from analysis import chart_html, load_sources
from analysis.charts import LISTED_SOURCES, ChartFigure
from analysis.paths import ROOT

KEYS = sorted(load_sources())
ALT = "A bar chart of three made-up values used only to test the chart container."


def _frame(n_sources=1):
    return pd.DataFrame({"name": ["a", "b", "c"], "value": [1, 2, 3],
                         "when": pd.to_datetime(["2025-01-02", "2025-02-03", "2025-03-04"]),
                         "source_id": [KEYS[i % n_sources] for i in range(3)]})


def _chart(frame, title="A title"):
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="name:N")
    return chart.properties(title=title) if title else chart


def test_html_has_spec_source_download_and_text():
    frame = _frame()
    figure = ChartFigure("Test chart!", _chart(frame), frame, ALT, [KEYS[0]])
    page = figure._repr_html_()
    [block] = chart_html.find_charts(page)
    assert block.name == "test-chart" and 'id="chart-test-chart"' in page
    spec = block.spec
    assert spec["description"] == ALT and spec["title"] == "A title"
    assert load_sources()[KEYS[0]].publisher.split(" (")[0] in page
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]*)"', page).group(1)
    csv_text = urllib.parse.unquote(href)
    assert csv_text.splitlines()[0] == "name,value,when,source_id"
    assert "2025-01-02" in csv_text  # dates written as dates, not timestamps
    assert "<script src" not in page and "http" not in page.split("briefing-chart-source")[0].split("</script>")[0][:20]


def test_the_data_table_scrolls_by_itself_in_a_named_region():
    """A chart's table (and the data page's tables) may be wider than a phone: it scrolls inside a
    region a keyboard can reach, named after the chart so that two charts on a page are told apart."""
    frame = _frame()
    page = ChartFigure("Test chart!", _chart(frame), frame, ALT, [KEYS[0]])._repr_html_()
    region = re.search(r'<div class="([^"]+)" role="region" tabindex="0" aria-label="([^"]+)"><table', page)
    assert region and region.groups() == (chart_html.SCROLL, "Data of the chart: A title")
    from analysis.catalogue import reader_table_html
    assert reader_table_html(frame, 'Fields of "x"').startswith(
        f'<div class="{chart_html.SCROLL}" role="region" tabindex="0" aria-label="Fields of &quot;x&quot;"><table')


def test_script_end_tag_in_data_cannot_break_out():
    frame = _frame().assign(name=["</script><b>x", "b", "c"])
    page = ChartFigure("x", _chart(frame), frame, ALT, [KEYS[0]])._repr_html_()
    [block] = chart_html.find_charts(page)
    assert "</script><b>" not in block.spec_text
    assert json.dumps(block.spec).count("</script><b>x") == 1


def test_spec_is_deterministic():
    frame = _frame()
    a = ChartFigure("x", _chart(frame), frame, ALT, [KEYS[0]]).spec_json()
    b = ChartFigure("x", _chart(frame), frame, ALT, [KEYS[0]]).spec_json()
    assert a == b


@pytest.mark.parametrize("kwargs,message", [
    ({"title": None}, "has no title"),
    ({"alt_text": "short"}, "text alternative"),
    ({"sources": []}, "names no source"),
    ({"sources": ["no_such_source_9999"]}, "unknown sources"),
])
def test_incomplete_charts_are_refused(kwargs, message):
    frame = _frame()
    args = {"name": "x", "chart": _chart(frame, kwargs.get("title", "T")), "data": frame,
            "alt_text": kwargs.get("alt_text", ALT), "sources": kwargs.get("sources", [KEYS[0]])}
    with pytest.raises(ValueError, match=message):
        ChartFigure(**args)


def test_many_sources_are_summarised_and_listed_in_details():
    n = LISTED_SOURCES + 2
    frame = pd.DataFrame({"name": list("abcdefg")[:n], "value": range(n), "source_id": KEYS[:n]})
    figure = ChartFigure("x", _chart(frame), frame, ALT, KEYS[:n])
    assert f"Sources ({n})" in figure.source_line() and "each listed" in figure.source_line()
    details = figure._repr_html_().split("<details")[1]
    for key in KEYS[:n]:
        assert load_sources()[key].date.isoformat() in details


def test_source_line_names_the_strongest_sources_first_and_the_mix_of_kinds():
    sources = load_sources()
    official = next(k for k in KEYS if sources[k].kind == "official")
    aggregator = next(k for k in KEYS if sources[k].kind == "aggregator_copy")
    news = next(k for k in KEYS if sources[k].kind == "news_outlet")
    frame = _frame()
    figure = ChartFigure("Mix", _chart(frame), frame, ALT, [aggregator, news, official])
    assert figure.ranked_sources() == [official, news, aggregator]
    line = figure.source_line()
    assert line.index(sources[official].short.split(",")[0][:20]) < line.index(sources[aggregator].short.split(",")[0][:20])
    assert "1 government or parliament, 1 news outlet, 1 aggregator or unattributed copy" in line


def test_a_chart_encoding_a_field_its_data_lacks_is_refused_naming_it():
    frame = _frame()
    chart = alt.Chart(frame).mark_point().encode(x="value:Q", y="name:N", color="party:N").properties(title="T")
    with pytest.raises(ValueError, match=r"chart 'mislabelled' encodes 'party', which its data does not have"):
        ChartFigure("mislabelled", chart, frame, ALT, [KEYS[0]])
    # A field made by a transform is not missing.
    made = alt.Chart(frame).transform_calculate(double="2 * datum.value").mark_point().encode(
        x="double:Q", y="name:N").properties(title="T")
    ChartFigure("made", made, frame, ALT, [KEYS[0]])


def test_the_chart_script_and_stylesheet_use_the_one_format():
    """briefing-charts.js cannot import the format: it declares it, and must declare the same."""
    script = (ROOT / "booktools" / "static" / "briefing-charts.js").read_text(encoding="utf-8")
    declared = re.search(r"var FORMAT = (\{.*?\});", script)
    assert declared and json.loads(declared.group(1)) == chart_html.JS_FORMAT
    assert "briefing-chart" not in script.replace(declared.group(0), "")  # no class name spelled out twice
    css = (ROOT / "booktools" / "static" / "briefing.css").read_text(encoding="utf-8")
    used = set(re.findall(r"\.(briefing-chart[a-z-]*)", css))
    assert used and used <= set(chart_html.ALL_CLASSES), used - set(chart_html.ALL_CLASSES)
