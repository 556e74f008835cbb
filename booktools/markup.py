"""What every page's markup needs beyond what the theme and docutils write: one viewport
declaration, a <title> that does not repeat the book's title, valid HTML for pandas tables (zero
errors from the Nu HTML checker), and a name for the sidebar's toggles."""
from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

# docutils' HTML5 writer adds this to the page's meta tags; Sphinx's layout already declares one.
DOCUTILS_VIEWPORT = re.compile(r'\s*<meta name="viewport" content="[^"]*" />')
# pandas' notebook table repr opens with <style scoped>, an attribute HTML dropped (and no browser
# applies). The rules only select `.dataframe` tables, so without the attribute they mean the same.
SCOPED_STYLE = "<style scoped>"
# The theme draws a sidebar entry with pages under it (the evidence pages under "Evidence for every
# number") as its link followed by <details><summary> holding only a chevron icon: a control without a
# name (axe: summary-name, serious). The summary is named after the entry it opens.


def _words(text: str) -> str:
    """Lowercase words without markup, entities, punctuation or a leading article."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text or "")).lower()
    return re.sub(r"^the ", "", " ".join(re.findall(r"[\w’']+", plain)))


def title_repeats_book(page_title: str, book_title: str) -> bool:
    book = _words(book_title)
    return bool(book) and book in _words(page_title)


def named_toggles(sidebar: BeautifulSoup | str) -> BeautifulSoup | str:
    """The sidebar (the theme's soup, or HTML) with each entry's toggle named "Pages under TITLE"."""
    soup = BeautifulSoup(sidebar, "html.parser") if isinstance(sidebar, str) else sidebar
    for summary in soup.select("li > details > summary"):
        link = summary.parent.parent.find("a", recursive=False)
        if link is not None and not summary.get_text(strip=True):
            summary["aria-label"] = f"Pages under {link.get_text(' ', strip=True)}"
    return str(soup) if isinstance(sidebar, str) else soup


def _name_sidebar_toggles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args, **kwargs):
        out = generate(*args, **kwargs)
        return named_toggles(out) if isinstance(out, (str, BeautifulSoup)) else out

    context["generate_toctree_html"] = generate_named


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["metatags"] = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))
    # "The reassurance force for Ukraine — The reassurance force for Ukraine" on the landing page,
    # "1. The concept: a reassurance force for Ukraine — The reassurance force ..." on a chapter:
    # the suffix only where the page's own title does not already say it (templates/layout.html).
    context["title_repeats_book"] = title_repeats_book(context.get("title", ""), app.config.html_title or "")
    if "body" in context:
        context["body"] = context["body"].replace(SCOPED_STYLE, "<style>")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _page_context)
    # After the theme has put its toctree function in the context (its handler runs at the default 500).
    app.connect("html-page-context", _name_sidebar_toggles, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
