"""On the built site: every glued number links to its evidence, and the ledger download matches."""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

CHAPTERS = ["concept", "peacekeeping", "coalition", "obstacles", "us"]
LINK = re.compile(r'<a class="claim-link[^"]*" href="([^"#]*)#([^"]+)" title="([^"]*)"><span class="pasted-text">([^<]*)</span></a>')
PASTED = re.compile(r'<span class="pasted-text">([^<]*)</span>')
ENTRY = re.compile(r'<div class="claim-entry docutils container" id="([^"]+)">\s*<p><strong>([^<]*)</strong>')


def claim_links(page_html: str) -> list[tuple[str, str, str, str]]:
    return LINK.findall(page_html)


def ledger_entries(evidence_html: str) -> dict[str, str]:
    return {anchor: html.unescape(text) for anchor, text in ENTRY.findall(evidence_html)}


def unlinked_numbers(page_html: str) -> list[str]:
    """Pasted values that are not inside a link to their evidence."""
    linked = len(claim_links(page_html))
    pasted = PASTED.findall(page_html)
    return pasted if linked != len(pasted) else []


def check_site(site: Path) -> None:
    evidence = (site / "chapters" / "evidence.html").read_text(encoding="utf-8")
    entries = ledger_entries(evidence)
    assert entries, "the evidence page lists no claims"
    pages = {f"chapters/{c}": (site / "chapters" / f"{c}.html").read_text(encoding="utf-8") for c in CHAPTERS}
    # The annexes paste their chapter's numbers from another page: each must link to its evidence too.
    pages.update({f"chapters/annex_{c}": (site / "chapters" / f"annex_{c}.html").read_text(encoding="utf-8")
                  for c in CHAPTERS})
    index = (site / "index.html").read_text(encoding="utf-8")
    # The landing page's bottom line and key points: the edition box, the milestones table, "What
    # changed" and the citation describe the build and the changelog, not the data.
    pages["index"] = index[index.index('id="bottom-line"'):index.index("at a glance")]
    for name, page in pages.items():
        assert not unlinked_numbers(page), f"{name}: glued values without a link to their evidence"
        assert "<strong><a class=\"claim-link" not in page, f"{name}: a glued number is bold"
        for target, anchor, title, text in claim_links(page):
            assert target.endswith("evidence.html"), f"{name}: {text} links to {target}"
            assert title == "Evidence for this number"
            assert anchor in entries, f"{name}: {text} links to a missing entry #{anchor}"
            assert entries[anchor] == html.unescape(text), f"{name}: #{anchor} shows {entries[anchor]!r}, page {text!r}"
    ledger = list(csv.DictReader(io.StringIO((site / "data" / "claims.csv").read_text(encoding="utf-8"))))
    assert {row["claim_id"] for row in ledger} == set(entries)
    for row in ledger:
        assert entries[row["claim_id"]] == row["text"], row["claim_id"]
        assert row["how"] and (row["rows"] or "assumption" in row["how"]), row["claim_id"]
    with zipfile.ZipFile(site / "data" / "briefing-data.zip") as bundle:
        assert "briefing-data/claims.csv" in bundle.namelist()


def test_every_glued_number_links_to_its_evidence(built_site):
    check_site(built_site)


def test_the_evidence_view_shows_rows_with_sources_and_excerpts(built_site):
    evidence = (built_site / "chapters" / "evidence.html").read_text(encoding="utf-8")
    entry = evidence[evidence.index('id="claim-concept-size-radakin"'):]
    entry = entry[:entry.index("</ul>")]
    assert "64,000" in entry and "Caliber.Az" in entry and "2025-04-29" in entry
    assert "floated the idea of sending a 64,000-strong force" in entry
    assert "https://caliber.az/" in entry


def test_the_check_fails_on_an_unlinked_number():
    page = '<p>About <span class="pasted-text">20,000</span> troops.</p>'
    assert unlinked_numbers(page) == ["20,000"]


def test_in_the_single_page_for_the_pdf_every_link_stays_inside_the_page(pdf_edition):
    single = (pdf_edition.parent / "_build" / "singlehtml" / "index.html").read_text(encoding="utf-8")
    targets = re.findall(r'<a class="claim-link[^"]*" href="([^"]*)"', single)
    assert targets, "no claim links in the single page"
    ids = set(re.findall(r'id="(claim-[^"]+)"', single))
    for target in set(targets):
        assert target.startswith("#") and target[1:] in ids, f"{target} does not resolve inside the single page"
