"""The briefing's length: the five chapters read in about 35 minutes, and the detail that serves
checking rather than reading is in the annexes, each reached from the chapter it belongs to."""
from __future__ import annotations

import re

import yaml

from analysis.landing import CHAPTERS
from analysis.paths import ROOT
from analysis.reading import WORDS_PER_MINUTE, prose_words

MAX_MINUTES = 36  # issue 12: "the main text of the five chapters reads in about 35 minutes"
CHAPTER_PAGES = [ROOT / "chapters" / f"{c}.md" for c in CHAPTERS]
ANNEXES = sorted((ROOT / "chapters").glob("annex_*.md"))
LABEL = re.compile(r"^\(([a-z0-9-]+)\)=\s*$", re.M)
FIGURE_NAME = re.compile(r"^:name: (fig-[a-z0-9-]+)\s*$", re.M)
REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([a-z0-9-]+)>?`")
CROSS_PAGE = re.compile(r"\{glue:(?:text\}`|figure\} )([a-z_]+)\.md::([a-z0-9_]+)")


def chapter_minutes(pages=CHAPTER_PAGES) -> float:
    return sum(prose_words(p.read_text(encoding="utf-8")) for p in pages) / WORDS_PER_MINUTE


def test_the_five_chapters_read_in_about_35_minutes():
    minutes = chapter_minutes()
    assert minutes <= MAX_MINUTES, (
        f"the five chapters' main text reads in {minutes:.1f} minutes, over {MAX_MINUTES}: move detail that "
        "serves checking to the chapter's annex and link it from where it was")


def test_the_length_check_counts_what_a_reader_reads(tmp_path):
    """Prose counts; the glued values, citations and directive options do not (analysis.reading)."""
    page = tmp_path / "c.md"
    page.write_text("One two three {cite}`key`.\n:::{glue:figure} fig\n:name: fig-x\n\nFour five.\n:::\n",
                    encoding="utf-8")
    assert chapter_minutes([page]) == 5 / WORDS_PER_MINUTE
    page.write_text("word " * (MAX_MINUTES * WORDS_PER_MINUTE + 1), encoding="utf-8")
    assert chapter_minutes([page]) > MAX_MINUTES  # the test above would fail on such a chapter


def test_the_annexes_follow_the_chapters_in_the_table_of_contents():
    """A part of their own after "The briefing", in the chapters' order, each the annex of one chapter."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc["parts"]]
    assert captions.index("The briefing") < captions.index("Annexes") < captions.index("About this briefing")
    listed = [c["file"] for c in next(part for part in toc["parts"] if part["caption"] == "Annexes")["chapters"]]
    assert listed == [f"chapters/annex_{c}" for c in CHAPTERS if f"chapters/annex_{c}" in listed]
    assert sorted(listed) == [f"chapters/{p.stem}" for p in ANNEXES], "an annex file is missing from _toc.yml"
    assert ANNEXES, "no annexes"


def _reached_from_chapters() -> set[str]:
    return {target for page in CHAPTER_PAGES for target in REF.findall(page.read_text(encoding="utf-8"))}


def _sections(annex_text: str) -> list[tuple[str, str]]:
    """(label, text) of each labelled section below the annex's title."""
    parts = LABEL.split(annex_text)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)][1:]


def test_every_section_of_every_annex_is_linked_from_a_chapter():
    """Where the material was, the chapter leaves a sentence linking to it: a reference to the annex
    section's label or to a figure the section holds."""
    reached = _reached_from_chapters()
    for annex in ANNEXES:
        sections = _sections(annex.read_text(encoding="utf-8"))
        assert sections, f"{annex.name} has no labelled sections"
        for label, text in sections:
            targets = {label, *FIGURE_NAME.findall(text)}
            assert targets & reached, f"{annex.name}: section ({label}) is linked from no chapter"


def test_the_link_check_notices_an_orphaned_section():
    text = "(annex-x)=\n# Annex\n\n(annex-x-linked)=\n## A\n\n(annex-x-orphan)=\n## B\n"
    reached = {"annex-x-linked"}
    orphans = [label for label, _ in _sections(text) if label not in reached]
    assert orphans == ["annex-x-orphan"]


def test_annexes_paste_from_their_chapter_and_execute_nothing():
    """The annexes show what the chapters' notebooks computed (cross-page glue), so the book executes
    no notebook twice; every value they paste is one their chapter's values function provides."""
    from analysis import load_tables
    import importlib

    for annex in ANNEXES:
        text = annex.read_text(encoding="utf-8")
        chapter = annex.stem.removeprefix("annex_")
        assert "{code-cell}" not in text, f"{annex.name} executes code: paste from chapters/{chapter}.md instead"
        assert "format_name: myst" in text[:1000], f"{annex.name} is not a MyST notebook"
        pasted = CROSS_PAGE.findall(text)
        assert pasted, f"{annex.name} pastes nothing from its chapter"
        module = importlib.import_module(f"analysis.{CHAPTERS[chapter]}")
        provided = getattr(module, f"{chapter}_values")(load_tables(module.TABLES))
        for page, key in pasted:
            assert page == chapter, f"{annex.name} pastes {key!r} from {page}.md, not from its own chapter"
            assert key in provided, f"{annex.name}: chapters/{chapter}.md glues no {key!r}"
