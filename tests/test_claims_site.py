"""On the built site: every glued number links to its evidence, and the ledger download matches."""
from __future__ import annotations

import csv
import html
import io
import posixpath
import re
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

CHAPTERS = ["concept", "peacekeeping", "coalition", "obstacles", "us"]
LINK = re.compile(r'<a class="claim-link[^"]*" href="([^"#]*)#([^"]+)" title="([^"]*)"><span class="pasted-text">([^<]*)</span></a>')
PASTED = re.compile(r'<span class="pasted-text">([^<]*)</span>')
ENTRY = re.compile(r'<div class="claim-entry docutils container" id="([^"]+)">\s*<p><strong>([^<]*)</strong>')
ROW = re.compile(r'<li class="claim-row" id="([^"]+)">')
BACK = re.compile(r'<a class="reference internal" href="([^"#]+)">Back to the page</a>')
ROW_LINK = re.compile(r'<a class="reference internal" href="#(row-[^"]+)">')
EVIDENCE_DIR = Path("chapters") / "evidence"
# The largest evidence page may weigh this much. Measured with bench/lighthouse.py (mobile, simulated slow
# 4G and fourfold slower CPU, on a busy machine): the single 2.2 MB page listing every value scored 85
# for performance (first paint 3.3 s); the evidence pages of 23-273 kB scored 92-100, and a 588 kB page
# cut from the old one 92 (first paint 2.6 s). A page growing past this should be split, or its
# repeats referred to.
MAX_EVIDENCE_PAGE_BYTES = 600_000


def claim_links(page_html: str) -> list[tuple[str, str, str, str]]:
    return LINK.findall(page_html)


def ledger_entries(evidence_html: str) -> dict[str, str]:
    return {anchor: html.unescape(text) for anchor, text in ENTRY.findall(evidence_html)}


def unlinked_numbers(page_html: str) -> list[str]:
    """Pasted values that are not inside a link to their evidence."""
    linked = len(claim_links(page_html))
    pasted = PASTED.findall(page_html)
    return pasted if linked != len(pasted) else []


def evidence_pages(site: Path) -> dict[str, str]:
    """{path relative to the site: HTML} of every evidence page."""
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted((site / EVIDENCE_DIR).glob("*.html"))}


def site_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html")) if "_static" not in p.parts}


def check_site(site: Path) -> None:
    evidence = evidence_pages(site)
    assert evidence, "no evidence pages"
    entries = {page: ledger_entries(text) for page, text in evidence.items()}
    assert all(entries.values()), f"evidence pages without entries: {[p for p, e in entries.items() if not e]}"
    every_entry = {anchor: text for page in entries.values() for anchor, text in page.items()}
    assert len(every_entry) == sum(map(len, entries.values())), "a value is listed on two evidence pages"
    # The page each evidence page documents (its "Back to the page" link), and the page of each value.
    documents = {}
    for name, text in evidence.items():
        back = BACK.search(text)
        assert back, f"{name} has no link back to its page"
        documents[name] = posixpath.normpath(posixpath.join(posixpath.dirname(name), back.group(1))).removesuffix(".html")
    ledger = list(csv.DictReader(io.StringIO((site / "data" / "claims.csv").read_text(encoding="utf-8"))))
    page_of = {row["claim_id"]: row["page"] for row in ledger}

    pages = {f"chapters/{c}.html": (site / "chapters" / f"{c}.html").read_text(encoding="utf-8") for c in CHAPTERS}
    # The annexes paste their chapter's numbers from another page: each must link to its evidence too.
    pages.update({f"chapters/annex_{c}.html": (site / "chapters" / f"annex_{c}.html").read_text(encoding="utf-8")
                  for c in CHAPTERS})
    index = (site / "index.html").read_text(encoding="utf-8")
    # The landing page's bottom line and key points: the edition box, the milestones table, "What
    # changed" and the citation describe the build and the changelog, not the data.
    pages["index.html"] = index[index.index('id="bottom-line"'):index.index("at a glance")]
    for name, page in pages.items():
        assert not unlinked_numbers(page), f"{name}: glued values without a link to their evidence"
        assert "<strong><a class=\"claim-link" not in page, f"{name}: a glued number is bold"
    # Every link to a value's evidence, on every page (annexes pasting a chapter's value too), leads to
    # an entry showing that value, on the evidence page of the page that computed it.
    linked = 0
    for name, page in site_pages(site).items():
        for target, anchor, title, text in claim_links(page):
            linked += 1
            evidence_page = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            assert evidence_page in entries, f"{name}: {text} links to {target}, not an evidence page"
            assert title == "Evidence for this number"
            assert anchor in entries[evidence_page], f"{name}: {text} links to a missing entry {evidence_page}#{anchor}"
            shown = entries[evidence_page][anchor]
            assert shown == html.unescape(text), f"{name}: {evidence_page}#{anchor} shows {shown!r}, page {text!r}"
            assert documents[evidence_page] == page_of[anchor], (
                f"{name}: {text} links to {evidence_page}, not to the evidence page of {page_of[anchor]}")
    assert linked > 300, f"only {linked} links to evidence"

    assert {row["claim_id"] for row in ledger} == set(every_entry)
    for row in ledger:
        assert every_entry[row["claim_id"]] == row["text"], row["claim_id"]
        assert row["how"] and (row["rows"] or "assumption" in row["how"]), row["claim_id"]
    with zipfile.ZipFile(site / "data" / "briefing-data.zip") as bundle:
        assert "briefing-data/claims.csv" in bundle.namelist()


def check_rows(evidence_html: str) -> list[str]:
    """Problems with an evidence page's rows: a value's link to a row not on the page, a row listed twice,
    a row no value refers to."""
    rows = ROW.findall(evidence_html)
    referred = set(ROW_LINK.findall(evidence_html))
    problems = [f"row listed twice: {r}" for r in sorted({r for r in rows if rows.count(r) > 1})]
    problems += [f"link to a missing row: {r}" for r in sorted(referred - set(rows))]
    problems += [f"row no value refers to: {r}" for r in sorted(set(rows) - referred)]
    return problems


def test_every_glued_number_links_to_its_evidence(built_site):
    check_site(built_site)


def test_each_evidence_page_lists_each_row_once_and_every_link_to_a_row_resolves(built_site):
    for name, page in evidence_pages(built_site).items():
        assert not check_rows(page), f"{name}: " + "; ".join(check_rows(page)[:5])
        assert ROW.search(page), f"{name}: no rows"


def test_no_evidence_page_is_too_heavy_for_a_phone(built_site):
    sizes = {p.name: p.stat().st_size for p in (built_site / EVIDENCE_DIR).glob("*.html")}
    assert len(sizes) >= len(CHAPTERS)
    heavy = {name: size for name, size in sizes.items() if size > MAX_EVIDENCE_PAGE_BYTES}
    assert not heavy, f"evidence pages over {MAX_EVIDENCE_PAGE_BYTES} bytes: {heavy}"
    parent = (built_site / "chapters" / "evidence.html").read_text(encoding="utf-8")
    for name in sizes:
        assert f'href="evidence/{name}"' in parent, f"the page 'Evidence for every number' does not list {name}"


def test_the_evidence_view_shows_rows_with_sources_and_excerpts(built_site):
    evidence = (built_site / EVIDENCE_DIR / "concept.html").read_text(encoding="utf-8")
    entry = evidence[evidence.index('id="claim-concept-size-radakin"'):]
    entry = entry[:entry.index("</ul>")]
    assert "Reported and proposed size of the reassurance force, row " in entry
    rows = ROW_LINK.findall(entry)
    assert len(rows) == 1, rows
    row = evidence[evidence.index(f'<li class="claim-row" id="{rows[0]}">'):]
    row = row[:row.index("</li>")]
    assert "64,000" in row and "Caliber.Az" in row and "2025-04-29" in row
    assert "floated the idea of sending a 64,000-strong force" in row
    assert "https://caliber.az/" in row


def test_the_check_fails_on_an_unlinked_number():
    page = '<p>About <span class="pasted-text">20,000</span> troops.</p>'
    assert unlinked_numbers(page) == ["20,000"]


def test_the_row_check_fails_on_a_missing_or_repeated_row():
    page = ('<a class="reference internal" href="#row-a--t--1">1</a><a class="reference internal" href="#row-a--t--2">2</a>'
            '<li class="claim-row" id="row-a--t--1"></li><li class="claim-row" id="row-a--t--1"></li>'
            '<li class="claim-row" id="row-a--t--3"></li>')
    assert check_rows(page) == ["row listed twice: row-a--t--1", "link to a missing row: row-a--t--2",
                                "row no value refers to: row-a--t--3"]


def test_in_the_single_page_for_the_pdf_every_link_stays_inside_the_page(pdf_edition):
    single = (pdf_edition.parent / "_build" / "singlehtml" / "index.html").read_text(encoding="utf-8")
    targets = re.findall(r'<a class="claim-link[^"]*" href="([^"]*)"', single)
    assert targets, "no claim links in the single page"
    ids = re.findall(r'id="((?:claim|row)-[^"]+)"', single)
    assert len(ids) == len(set(ids)), "an id of the evidence pages appears twice in the single page"
    for target in set(targets) | {"#" + r for r in ROW_LINK.findall(single)}:
        assert target.startswith("#") and target[1:] in ids, f"{target} does not resolve inside the single page"
