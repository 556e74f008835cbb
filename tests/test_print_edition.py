"""The print edition's page (booktools/print_edition.py) on a small single page shaped like the real one:
fast, no build. The printed PDF itself is checked in tests/test_publication.py."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from analysis import chart_html
from booktools.print_edition import (NEW_PAGE, PrintEditionError, clean_chart_spec, is_interactive, printable_page,
                                     without_pointer_sentences)

BASE = "https://example.org/briefing/"

SINGLE_PAGE = """<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="jb-print-docs-body" class="onlyprint"><h1>The book</h1><h2> Contents </h2></div>
<main><article class="bd-article">
<section id="the-book">
<h1>The book<a class="headerlink" href="#the-book">#</a></h1>
<div class="edition-box admonition"><p class="admonition-title">Edition 1.2.3</p>
<p><a class="reference internal" href="#document-chapters/data">all data</a> ·
<a class="reference internal" href="#document-chapters/evidence">evidence for every number</a> ·
<a href="briefing.pdf">PDF edition</a></p></div>
<section id="bottom-line"><h2>Bottom line</h2><p>It turns on <a class="claim-link reference internal"
 href="#claim-index-n" title="Evidence for this number"><span class="pasted-text">3</span></a> things.</p></section>
<section id="key-points"><h2>Key points</h2><p>Point (<a class="reference internal" href="index.html#concept">The
concept</a>).</p></section>
<div class="toctree-wrapper compound">
<span id="document-chapters/concept"></span><section id="the-concept">
<span id="concept"></span><h3><span class="section-number">1. </span>The concept</h3>
<p>We found <a class="claim-link reference internal" href="#claim-concept-total"><strong>13</strong></a> figures.
Hover a point for details. The rest stays.</p>
<figure id="fig-x"><div class="briefing-chart-static" id="chart-x"><img src="data:image/png;base64,AA==" alt="A chart">
<p class="briefing-chart-source">Sources (9), strongest first: A, B; each listed under "This chart as text and
data" and in the bibliography.</p>
<p class="briefing-chart-download"><a download="x.csv" href="data:text/csv,a">Download this chart's data (CSV)</a></p>
<details class="briefing-chart-text"><summary>This chart as text and data</summary><p>alt</p></details></div>
<figcaption><p><span class="caption-number">Fig. 1.1 </span><span class="caption-text">The explorer. Move the
sliders to set <em>N</em> and <em>k</em>; tick the countries <a class="reference internal" href="#id9">[1]</a>.
Personnel are estimates <a class="reference internal" href="#id9">[1]</a>. Sources are in the table beneath
the chart.</span></p></figcaption></figure>
<p>A table of the data page: <a class="reference internal" href="#table-sizes">sizes</a>.</p>
</section>
<span id="document-chapters/methods"></span><section id="methods"><h3>Methods</h3>
<div class="citation-list"><div class="citation" id="id9"><span class="label">[1]</span><p>A source.</p></div></div>
</section>
<span id="document-chapters/data"></span><section id="data"><h3>Data<a class="headerlink" href="#data">#</a></h3>
<section id="table-sizes"><h4>Sizes</h4><p>Field definitions.</p></section></section>
<span id="document-chapters/evidence"></span><section id="evidence-for-every-number">
<h3>Evidence for every number</h3><ul><li><a class="reference internal" href="#document-chapters/evidence/concept">Evidence:
the concept</a>: 1 value.</li></ul>
<div class="toctree-wrapper compound">
<span id="document-chapters/evidence/concept"></span><section id="evidence-the-concept"><h4>Evidence: the concept</h4>
<div class="claim-entry" id="claim-concept-total">13: counted from <a class="reference internal"
 href="#row-concept--t--1">1</a>.</div>
<section id="rows-concept"><h5>Data rows</h5><ul><li class="claim-row" id="row-concept--t--1">A row.</li></ul></section>
</section></div></section>
<span id="document-chapters/evidence/landing"></span><section id="evidence-the-bottom-line">
<h3>Evidence: the bottom line</h3><div class="claim-entry" id="claim-index-n">3: counted.</div></section>
<span id="document-chapters/changelog"></span><section id="changes"><h3>Changes and corrections</h3></section>
</div>
<div class="note admonition"><p class="admonition-title">How to cite</p><p>The team (2026).</p></div>
</section>
</article></main></body></html>"""


def printed(base: str = "") -> BeautifulSoup:
    page, _ = printable_page(SINGLE_PAGE, base, "/* print */")
    return BeautifulSoup(page, "html.parser")


def article_text(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.find("article").get_text(" "))


def test_pointer_sentences_go_and_the_rest_of_the_caption_stays():
    page, dropped = printable_page(SINGLE_PAGE, "", "")
    text = article_text(BeautifulSoup(page, "html.parser"))
    assert not re.search(r"(?i)hover|click|slider", text)
    assert len(dropped) == 2 and dropped[0].startswith("Hover a point")
    assert "The rest stays." in text and "Fig. 1.1 The explorer." in text and "Personnel are estimates [1]" in text
    assert "tick the countries" not in text


def test_downloads_and_the_text_and_data_disclosure_are_not_printed():
    soup = printed()
    assert not soup.select(f".{chart_html.DOWNLOAD}, details, .headerlink")
    text = article_text(soup)
    assert chart_html.TEXT_SUMMARY not in text
    assert "strongest first: A, B; each listed in the bibliography." in text
    assert "Sources are in the table with the chart in the web edition." in text


def test_the_landing_page_is_the_cover_and_each_chapter_starts_a_new_page():
    soup = printed()
    assert soup.find(id="jb-print-docs-body") is None  # the theme's printed title and contents
    bottom = soup.find("section", id="bottom-line")
    cite = bottom.find_next_sibling()
    assert "How to cite" in cite.get_text()
    assert NEW_PAGE in cite.find_next_sibling()["class"]  # key points start the second page
    for section_id in ("the-concept", "methods", "changes"):
        assert NEW_PAGE in soup.find("section", id=section_id)["class"], section_id


def test_data_and_evidence_pages_are_left_out_and_said_to_be_on_the_web():
    soup = printed(BASE)
    assert soup.find(id="data") is None and soup.find(id="evidence-for-every-number") is None
    assert soup.find(id="table-sizes") is None and not soup.select(".claim-entry, .claim-row")
    assert not soup.find_all(id=re.compile("^document-chapters/evidence")), "an evidence page is printed"
    assert "Evidence: the" not in article_text(soup)
    note = soup.select_one(".print-web-pages")
    assert "“Data”" in note.get_text() and "“Evidence for every number”" in note.get_text()
    assert [a["href"] for a in note.find_all("a")] == [f"{BASE}chapters/data.html", f"{BASE}chapters/evidence.html"]


def test_with_a_base_url_numbers_link_to_the_web_evidence_page():
    soup = printed(BASE)
    claims = soup.select("a.claim-link")
    # Each to its entry on the evidence page of its own chapter, nested in the parent page's section in
    # the single page or not.
    assert [a["href"] for a in claims] == [f"{BASE}chapters/evidence/landing.html#claim-index-n",
                                           f"{BASE}chapters/evidence/concept.html#claim-concept-total"]
    hrefs = {" ".join(a.get_text().split()): a["href"] for a in soup.find("article").find_all("a", href=True)}
    assert hrefs["all data"] == f"{BASE}chapters/data.html"
    assert hrefs["sizes"] == f"{BASE}chapters/data.html#table-sizes"
    assert hrefs["PDF edition"] == f"{BASE}briefing.pdf"
    assert hrefs["The concept"] == "#concept"  # the single page's own links stay inside it


def test_without_a_base_url_no_link_leads_out_of_the_document():
    soup = printed("")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.find("article").find_all("a", href=True):
        href = link["href"]
        assert href.startswith("#") and href[1:] in ids, f"dead link in print: {link}"
    text = article_text(soup)
    assert "It turns on 3 things." in text and "We found 13 figures." in text  # numbers kept as text
    assert soup.select("span.claim-link strong")  # with their emphasis


def test_a_page_without_its_bottom_line_cannot_make_a_cover():
    with pytest.raises(PrintEditionError, match="Bottom line"):
        printable_page(SINGLE_PAGE.replace('id="bottom-line"', 'id="summary"'), "", "")


def test_a_page_without_the_data_page_is_refused_not_silently_printed():
    page = SINGLE_PAGE.replace('<span id="document-chapters/data"></span>', "")
    with pytest.raises(PrintEditionError, match="chapters/data"):
        printable_page(page, "", "")


def test_chart_titles_lose_pointer_clauses_and_interactive_charts_are_recognised():
    spec = {"title": {"text": "Positions", "subtitle": "Right: every dated statement; hover for who said what"},
            "description": "Dot chart. Hover a point for its source."}
    clean = clean_chart_spec(spec)
    assert clean["title"]["subtitle"] == "Right: every dated statement"
    assert clean["description"] == "Dot chart."
    assert spec["title"]["subtitle"].endswith("who said what")  # the web's spec is not changed
    assert "subtitle" not in clean_chart_spec({"title": {"text": "T", "subtitle": "Hover a point"}})["title"]
    assert without_pointer_sentences("Hover a point for what was decided; the table lists them all") \
        == "The table lists them all"
    # The chart's own table is not printed: a title that points to it loses that clause too.
    assert without_pointer_sentences("Hover a point for what was decided; the table below lists them all") == ""
    assert is_interactive({"hconcat": [{"params": [{"name": "n", "bind": {"input": "range"}}]}]})
    assert not is_interactive({"params": [{"name": "brush", "select": "interval"}]})
