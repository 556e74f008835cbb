"""Print labels (booktools/print_labels.py): on paper every chart carries what its tooltips show on screen.

Fast: the charts are made from the data and drawn by vl-convert, as the PDF edition draws them; no build.
"""
from __future__ import annotations

import copy
import html
import re

import altair as alt
import pandas as pd
import pytest

from analysis import load_sources
from analysis.charts import PRINT_KEY, ChartFigure, PrintLabel, PrintValues, tooltip_titles
from booktools.print_edition import clean_chart_spec, printable_page
from booktools.print_labels import VALUES, declaration, printed_spec, tables_html, value_tables

CHAPTERS = ("concept", "peacekeeping", "coalition", "obstacles", "us")
KEY = sorted(load_sources())[0]
ALT = "A bar chart of three made-up values used only to test the print labels."


@pytest.fixture(scope="module")
def figures(chapter_values) -> dict[str, ChartFigure]:
    """Every chart of the briefing, as its chapter makes it."""
    return {v.name: v for values in chapter_values.values() for v in values.values() if isinstance(v, ChartFigure)}


def visible_svg_text(spec: dict) -> str:
    """The text a reader sees in the drawn chart: as rendered (an axis label cut to its limit ends in an
    ellipsis), without text drawn invisible."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    texts = []
    for attributes, content in re.findall(r"<text([^>]*)>(.*?)</text>", svg, re.S):
        if re.search(r'(?:^|\s)(?:fill-)?opacity="0"', attributes):
            continue
        texts.append(html.unescape(re.sub(r"<[^>]+>", " ", content)))
    return "\n".join(texts)


def tooltip_values(spec: dict, entries: list[str]) -> dict[str, set[str]]:
    """Every value each named tooltip entry takes in the drawn chart, as the tooltip formats it."""
    probe = copy.deepcopy(spec)
    probe["usermeta"][PRINT_KEY] = {"table": entries}
    values: dict[str, set[str]] = {entry: set() for entry in entries}
    for table in value_tables(probe):
        for row in table.rows:
            for title, value in zip(table.titles, row):
                values[title].add(value)
    return values


def carried(value: str, text: str) -> bool:
    """`value` stands in `text` whole: "5" is not carried by "5,000" nor "15"."""
    return re.search(rf"(?<![\w.,]){re.escape(value)}(?![\w]|[.,]\d)", text) is not None


def test_the_briefing_has_its_charts(figures):
    assert len(figures) >= 22


def test_every_chart_with_a_tooltip_carries_its_tooltip_values_on_paper(figures):
    """For each chart with a tooltip, every value of every entry it declares must stand in the printed
    chart (labels, cell texts, axis labels as drawn) or in the table printed under it."""
    missing = {}
    for name, figure in figures.items():
        spec = clean_chart_spec(figure.spec)
        if not tooltip_titles(spec):
            continue
        declared = declaration(spec)
        assert declared, f"{name} has a tooltip and no print declaration"
        entries = PrintValues(table=tuple(declared["table"]), shown=tuple(declared["shown"]),
                              label=PrintLabel(**declared["label"]) if declared["label"] else None).entries()
        printed = visible_svg_text(printed_spec(spec)) + "\n" + re.sub(
            r"<[^>]+>", "\n", html.unescape(tables_html(value_tables(spec))))
        values = tooltip_values(spec, entries)
        assert any(values.values()), f"{name}: no tooltip value found to check"
        for entry, found in values.items():
            lost = sorted(v for v in found if v and not carried(v, printed))
            if lost:
                missing[f"{name}: {entry}"] = lost[:3]
    assert not missing, f"tooltip values a reader of the PDF cannot see: {missing}"


def test_the_label_layer_is_what_carries_the_values(figures):
    """Without the label layer, a labelled chart's values are not in the printed chart: the check above
    would fail if the mechanism were removed."""
    spec = clean_chart_spec(figures["coalition-capacity"].spec)
    personnel = tooltip_values(spec, ["Armed forces personnel, 2018"])["Armed forces personnel, 2018"]
    assert "512,200" in personnel
    unlabelled, labelled = visible_svg_text(spec), visible_svg_text(printed_spec(spec))
    assert not any(carried(v, unlabelled) for v in personnel)
    assert all(carried(v, labelled) for v in personnel)


def test_tables_hold_the_tooltip_values_vega_computes_for_the_default_scenario(figures):
    """The explorer's table: figures computed in the chart (not in its data) for the ticked countries."""
    spec = clean_chart_spec(figures["force-explorer"].spec)
    [table] = value_tables(spec)
    assert table.titles == ("Country", "Latest position", "Active personnel (estimate)", "Share if split by size",
                            "Whole pool k x N")
    rows = {row[0]: row for row in table.rows}
    assert rows["France"][2] == "200,000" and rows["France"][4] == "60,000"  # k 3 x N 20,000
    assert len({row[3] for row in table.rows}) == 1  # split by size: the same share for every country


def _tiny(printed=None, tooltip=True):
    frame = pd.DataFrame({"name": ["a", "b"], "value": [1234, 5678], "source_id": [KEY, KEY]})
    base = alt.Chart(frame).encode(y="name:N", x="value:Q")
    if tooltip:
        base = base.encode(tooltip=[alt.Tooltip("name:N", title="Name"),
                                    alt.Tooltip("value:Q", title="Value", format=",")])
    chart = alt.layer(base.mark_bar()).properties(title="T")
    return ChartFigure("tiny", chart, frame, ALT, [KEY], printed=printed)


def test_a_chart_with_a_tooltip_must_say_what_paper_shows_and_name_only_its_entries():
    with pytest.raises(ValueError, match="does not say what its printed version shows"):
        _tiny()
    with pytest.raises(ValueError, match=r"names \['Nope'\]"):
        _tiny(PrintValues(table=("Nope",)))
    _tiny(tooltip=False)  # nothing to carry, nothing to declare


def test_a_label_and_a_table_reach_the_printed_page():
    figure = _tiny(PrintValues(label=PrintLabel("bar", "format(datum.value, ',')", ("Value",)),
                               table=("Name", "Value")))
    spec = printed_spec(figure.spec)
    assert "1,234" in visible_svg_text(spec) and "5,678" in visible_svg_text(spec)
    assert "1,234" not in visible_svg_text(figure.spec)
    [table] = value_tables(figure.spec)
    assert table.rows == (("a", "1,234"), ("b", "5,678"))
    # In the page, the table follows the figure's caption (inside the figure it could split it).
    page = (f'<html><body><article><section id="bottom-line"></section><div class="admonition">'
            f'<p class="admonition-title">How to cite</p></div><figure><div>img{tables_html([table])}</div>'
            "<figcaption>Fig. 1</figcaption></figure></article></body></html>")
    page = page.replace("<article>", '<article><span id="document-chapters/data"></span><section id="d"></section>'
                        '<span id="document-chapters/evidence"></span><section id="e"></section>')
    out, _ = printable_page(page, "", "")
    assert re.search(rf'</figure><div class="{VALUES}">.*5,678', out, re.S)
