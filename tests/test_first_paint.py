"""The first paint's helpers without a build: the CSS purge, deferred scripts, chart placeholders."""
from __future__ import annotations

import pytest

from booktools import css_purge, first_paint

CSS = """@charset "UTF-8";
/*! Licence notice */
:root{--x:1}
.used,.unused{color:red}
.gone{color:blue}
html[data-theme=dark] .used{color:white}
html[data-other] .used{color:black}
a:not(.nowhere):hover{color:green}
.used::before{content:"{"}
@media (min-width:960px){.gone{display:none}.used{display:block}}
@media print{.gone{display:none}}
@font-face{font-family:"Icons";src:url(icons.woff2);font-display:block}
@font-face{font-family:"Unused Face";src:url(x.woff2)}
@keyframes spin{to{transform:rotate(1turn)}}
@keyframes wobble{to{transform:none}}
.used .icon{font-family:"Icons";animation:spin 1s}
/*# sourceMappingURL=theme.css.map */
"""
WORDS = {"used", "html", "data-theme", "a", "icon"}


def test_purge_keeps_what_the_pages_use_and_drops_the_rest():
    out = css_purge.purge_css(CSS, WORDS)
    assert out.startswith('@charset "UTF-8";\n/*! Licence notice */')
    assert ":root{--x:1}" in out
    assert ".used{color:red}" in out  # the unused selector leaves its list, the rule stays
    assert ".gone" not in out and ".unused" not in out
    assert "html[data-theme=dark] .used{color:white}" in out  # set by the theme's script at run time
    assert "data-other" not in out
    assert "a:not(.nowhere):hover{color:green}" in out  # what :not() names need not exist
    assert '.used::before{content:"{"}' in out  # a brace in a string is not a block
    assert "@media (min-width:960px){.used{display:block}\n}" in out
    assert "@media print" not in out  # nothing left inside
    assert "sourceMappingURL" not in out  # the map no longer matches


def test_purge_keeps_only_used_fonts_and_animations_and_fonts_swap():
    out = css_purge.purge_css(CSS, WORDS)
    assert '@font-face{font-family:"Icons";src:url(icons.woff2);font-display:swap}' in out
    assert "Unused Face" not in out
    assert "@keyframes spin" in out and "wobble" not in out
    assert "font-display:swap" in css_purge.purge_css('@font-face{font-family:"A";src:url(a)}.x{font-family:"A"}', {"x"})


def test_purge_is_idempotent():
    once = css_purge.purge_css(CSS, WORDS)
    assert css_purge.purge_css(once, WORDS) == once


@pytest.mark.parametrize("selector, needs", [
    (".a.b > #c", {"a", "b", "c"}),
    ("div[role=dialog] span", {"div", "role", "span"}),
    (".x:is(.y, .z)::after", {"x"}),
    (".md\\:col-6", {"md", "col-6"}),
])
def test_required_names(selector, needs):
    assert css_purge.required_names(selector) == needs


def test_purge_site_rewrites_only_linked_stylesheets(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "theme.css").write_text(".used{a:1}.gone{a:2}.added-by-script{a:3}", encoding="utf-8")
    (static / "app.js").write_text('el.classList.add("added-by-script"); load("lazy.js")', encoding="utf-8")
    (static / "lazy.js").write_text('x.className = "lazy-class"', encoding="utf-8")
    (static / "other.css").write_text(".gone{a:2}", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/theme.css?v=1" /><script defer src="_static/app.js">'
        '</script></head><body class="used"></body></html>', encoding="utf-8")
    sizes = css_purge.purge_site(tmp_path)
    assert list(sizes) == ["_static/theme.css"]
    assert (static / "theme.css").read_text(encoding="utf-8") == ".used{a:1}\n.added-by-script{a:3}\n"
    assert (static / "other.css").read_text(encoding="utf-8") == ".gone{a:2}"  # no page links it


PAGE = """<head>
<script src="../_static/documentation_options.js?v=1"></script>
<script src="../_static/doctools.js?v=2"></script>
<script defer="defer" src="../_static/chart-loader.js?v=3"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
<script src="../_static/searchtools.js"></script>
<script src="../_static/language_data.js"></script>
<script src="../searchindex.js"></script>
</head>"""


def test_scripts_are_deferred_and_search_scripts_stay_on_the_search_page_only():
    out = first_paint.speed_up_scripts(PAGE, "chapters/x.html")
    assert '<script src="../_static/documentation_options.js?v=1"></script>' in out
    assert '<script defer src="../_static/doctools.js?v=2"></script>' in out
    assert '<script defer="defer" src="../_static/chart-loader.js?v=3"></script>' in out
    assert "<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>" in out
    assert "searchtools" not in out and "language_data" not in out and "searchindex" not in out
    search = first_paint.speed_up_scripts(PAGE.replace("../", ""), "search.html")
    assert '<script defer src="searchindex.js"></script>' in search
    assert first_paint.speed_up_scripts(out, "chapters/x.html") == out


def test_chart_placeholder_has_the_drawn_height():
    from analysis import chart_html
    from analysis.charts import BINDING_ROW_PX, drawn_height

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json", "height": 300, "width": 200,
            "data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}},
            "params": [{"name": "n", "value": 1, "bind": {"input": "range", "min": 0, "max": 2}}]}
    height = drawn_height(spec)
    # 300 px of plot, an axis below it, and one row for the slider
    assert 300 + BINDING_ROW_PX < height < 300 + BINDING_ROW_PX + 60
    page = chart_html.render(name="a-chart", spec=spec, drawn_height=height, source_line="", csv_href="",
                             alt_text="", source_list="", table_html="")
    style = first_paint.chart_placeholder_style(chart_html.find_charts(page))
    assert style == f"<style>#chart-a-chart .briefing-chart-canvas{{min-height:{height}px}}</style>"
    with pytest.raises(ValueError, match="drawn height"):
        chart_html.render(name="a-chart", spec=spec, drawn_height=0, source_line="", csv_href="", alt_text="",
                          source_list="", table_html="")
