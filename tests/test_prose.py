"""The prose keeps the briefing's promise: no typed numbers, and every quotation found in its source."""
from __future__ import annotations

import re

import pytest

from analysis.paths import ROOT

from tests import prose
from tests.prose import PAGES, Quotation


@pytest.fixture(scope="module")
def evidence():
    return prose.evidence_by_source()


@pytest.mark.parametrize("page", PAGES)
def test_no_typed_numbers(page, evidence):
    typed = prose.typed_numerals(page, evidence)
    assert not typed, "numbers typed instead of glued:\n" + "\n".join(
        f"{page}, line {line}: {numeral!r} in: {text}" for line, numeral, text in typed)


@pytest.mark.parametrize("page", PAGES)
def test_every_quotation_is_in_the_source_it_cites(page, evidence):
    unverified = [q for q in prose.quotations(page) if not prose.verified(page, q, evidence)]
    assert not unverified, "quotations not found verbatim in the cited source's evidence or source note:\n" + "\n".join(
        f"{q.page}, line {q.line}: \"{q.text}\" (cites {', '.join(prose.cited_after(page, q)) or 'nothing'})"
        for q in unverified)


def test_the_numeral_check_catches_a_typed_number(tmp_path, monkeypatch, evidence):
    page = tmp_path / "p.md"
    page.write_text("Up to 64,000 troops, said {cite}`x` in March 2025; see Article 5 and the 28-point plan.\n",
                    encoding="utf-8")
    monkeypatch.setattr(prose, "ROOT", tmp_path)
    assert [(n, num) for n, num, _ in prose.typed_numerals("p.md", evidence)] == [(1, "64,000")]


def test_the_numeral_check_allows_glued_numbers_dates_and_names(tmp_path, monkeypatch, evidence):
    page = tmp_path / "p.md"
    page.write_text("About {glue:text}`n` troops on 6 January 2026, per 1,000 inhabitants, Article 5,\n"
                    "UNSCR 2790 and Chapter VII, from 2014–2021.\n", encoding="utf-8")
    monkeypatch.setattr(prose, "ROOT", tmp_path)
    assert prose.typed_numerals("p.md", evidence) == []


def test_the_quotation_check_rejects_words_the_source_does_not_have(evidence):
    real = Quotation("chapters/concept.md", 1, "should be described as a 'reassurance force' rather than a 'peacekeeping force'")
    invented = Quotation("chapters/concept.md", 1, "should be described as a stabilisation force rather than a tripwire")
    for quotation, expected in ((real, True), (invented, False)):
        parts = prose.fragments(quotation.text)
        found = any(all(p in e for p in parts) for e in evidence["bbc2025reassurance"])
        assert found is expected, quotation.text


# Our workshop's words for the two articles the project started from: readers know them by publisher
# and date. Glue keys and code may use the word; what a reader sees (prose, data cells, labels) may not.
WORKSHOP_WORD = re.compile(r"\bseeds?\b|\bseed_", re.I)
NOT_SHOWN = re.compile(r"\{glue:[a-z]+\}`[^`]*`|```\{code-cell\}.*?```|^\([^)]*\)=$", re.S | re.M)


def workshop_words(text: str) -> list[str]:
    return [text[max(m.start() - 40, 0):m.end() + 40] for m in WORKSHOP_WORD.finditer(NOT_SHOWN.sub("", text))]


def test_readers_never_meet_the_workshops_word_for_the_starting_articles():
    found = {str(path.relative_to(ROOT)): words for path in [*ROOT.glob("data/*.csv"), *ROOT.glob("data/*.yml"),
                                                             ROOT / "index.md", *ROOT.glob("chapters/**/*.md")]
             if (words := workshop_words(path.read_text(encoding="utf-8")))}
    assert not found, found
    assert workshop_words("The seed report said so.") and workshop_words("row seed_bbc_x")
    assert not workshop_words("{glue:text}`size_seed` troops")
