"""What a browser tab, a search engine or a social card reads from each page's <head>; and what a screen
reader announces for the sidebar's toggles."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from analysis.paths import ROOT
from booktools.markup import named_toggles, title_repeats_book

BOOK_TITLE = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def test_a_title_repeats_the_book_title_whatever_its_case_markup_or_article():
    assert title_repeats_book("1. The concept: a <em>reassurance</em> force for Ukraine", BOOK_TITLE)
    assert title_repeats_book(BOOK_TITLE, BOOK_TITLE)
    assert not title_repeats_book("Data", BOOK_TITLE)
    assert not title_repeats_book("Reassurance", BOOK_TITLE)
    assert not title_repeats_book("Anything", "")


@pytest.mark.build
def test_every_page_names_the_site_declares_one_viewport_and_shows_the_favicon(built_site):
    favicon = built_site / "_static" / "favicon.svg"
    assert favicon.is_file() and favicon.read_bytes() == (ROOT / "booktools" / "static" / "favicon.svg").read_bytes()
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(built_site))
        assert len(re.findall(r'<meta name="viewport"', text)) == 1, name
        icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
        assert icon, f"{name}: no favicon"
        if name != "404.html":  # served at any depth, so it links from the site's root
            assert (page.parent / icon.group(1)).resolve() == favicon.resolve(), f"{name}: {icon.group(1)}"
        if "og:title" in text:
            site_name = re.search(r'<meta property="og:site_name" content="([^"]*)"', text)
            assert site_name and html.unescape(site_name.group(1)) == BOOK_TITLE, name


@pytest.mark.build
def test_no_page_title_says_the_book_title_twice(built_site):
    titles = {}
    for page in site_pages(built_site):
        found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        titles[str(page.relative_to(built_site))] = html.unescape(found.group(1)).strip()
    assert titles["index.html"] == BOOK_TITLE
    for name, title in titles.items():
        assert title.lower().count(BOOK_TITLE.lower().removeprefix("the ")) <= 1, f"{name}: {title}"
    # Where the page's own title does not say it, the tab still names the book.
    assert titles["chapters/data.html"].endswith(f"— {BOOK_TITLE}")


SIDEBAR_ENTRY = ('<li class="toctree-l1 has-children"><a class="reference internal" href="evidence.html">Evidence for '
                 'every <em>number</em></a><details><summary><span class="toctree-toggle" role="presentation"><i '
                 'class="fa-solid fa-chevron-down"></i></span></summary><ul><li>x</li></ul></details></li>')


def test_a_sidebar_toggle_is_named_after_the_entry_it_opens():
    assert '<summary aria-label="Pages under Evidence for every number">' in named_toggles(SIDEBAR_ENTRY)
    # A part's toggle shows its caption: it has a name already.
    part = '<li class="toctree-l0"><details><summary><p class="caption">About</p></summary></details></li>'
    assert named_toggles(part) == part


@pytest.mark.build
def test_every_sidebar_toggle_has_a_name(built_site):
    unnamed = re.compile(r"<summary>\s*<span class=\"toctree-toggle\"")
    pages = [p.relative_to(built_site) for p in site_pages(built_site) if unnamed.search(p.read_text(encoding="utf-8"))]
    assert not pages, f"sidebar toggles without a name (axe: summary-name) on {pages[:5]}"
    assert "Pages under Evidence for every number" in (built_site / "index.html").read_text(encoding="utf-8")

