"""The print edition's page: the single-page build made fit for paper.

On paper nothing can be hovered, clicked or slid, and a link can only lead to a page of the same
document or to a web address. So, in the page that Chromium prints (booktools/pdf.py), and only there:

- the landing page becomes the cover (title, edition, date, bottom line, how to cite) and a summary;
  each chapter starts on a new page;
- the data page (every field's definition) and the evidence pages (one entry per number, one page per
  chapter under a parent page) are left out, replaced by a short paragraph saying where they are on
  the web;
- every glued number's link to its evidence points to its entry on the web edition's evidence page of
  its chapter when the site's address is known, and is plain text otherwise; no link leads to a page
  the PDF does not contain;
- chart downloads, the "text and data" disclosure and anything else that needs a pointer are left
  out, and so is any sentence that tells the reader to hover, click or move a slider;
- a chart's table of values (what its tooltips show on screen) follows its figure's caption.

The web pages are untouched: everything here is print-only, so the chapters keep their web wording.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from analysis import chart_html

from .print_labels import VALUES

# Words that only make sense with a pointer. Substrings, case-insensitive: "hovering", "clicks" too.
POINTER_WORDS = re.compile(r"hover|click|slider", re.I)
# "...; each listed under "This chart as text and data" and in the bibliography" (analysis/charts.py).
# A chart's own table (in its "text and data" disclosure), as a chart's title or the prose names it.
TABLE_BELOW = re.compile(r"\btable\s+(below|beneath)\b", re.I)
BENEATH_THE_CHART = re.compile(r"\b(beneath|below)\s+the\s+chart\b")
# Any run of white space between its words: HTML may wrap a line anywhere.
TEXT_AND_DATA = r"\s+".join(map(re.escape, chart_html.TEXT_SUMMARY.split()))
TEXT_AND_DATA_UNDER = re.compile(r"under\s+[\"“]" + TEXT_AND_DATA + r"[\"”]\s+and\s+")
# Pages the print edition leaves on the web: reference material, not reading.
WEB_ONLY_PAGES = ("chapters/data", "chapters/evidence")
EVIDENCE_PAGE = "chapters/evidence"
# The evidence pages of the chapters, the parent page's sections: left on the web with it.
EVIDENCE_SUBPAGES = EVIDENCE_PAGE + "/"
DOCUMENT_PREFIX = "document-"  # the single-page build marks where each page starts: <span id="document-NAME">
# Blocks whose text is cut sentence by sentence (the innermost one around a word is used).
TEXT_BLOCKS = ("p", "li", "td", "th", "dt", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6")
# Classes the print stylesheet (booktools/print_edition.css) acts on.
NEW_PAGE = "print-new-page"
COVER = "print-cover"
WEB_PAGES_NOTE = "print-web-pages"
INTERACTIVE_NOTE = "print-interactive-note"
INTERACTIVE_NOTE_TEXT = "The printed chart shows the default scenario; the web edition lets you change it."


class PrintEditionError(ValueError):
    """The page cannot be made into the print edition as it stands (it names what is missing)."""


def without_pointer_sentences(text: str) -> str:
    """`text` without the sentences (or, in a chart subtitle, the clauses between semicolons) that name
    a pointer action or the chart's table, which is not printed. Used on chart titles and text
    alternatives, which are plain strings."""
    parts = re.split(r"(?<=[.;!?])\s+", text)
    kept = [p for p in parts if not POINTER_WORDS.search(p) and not TABLE_BELOW.search(p)]
    out = " ".join(kept).strip().rstrip(";").strip()
    return out[:1].upper() + out[1:] if out else out


def clean_chart_spec(spec: dict) -> dict:
    """A copy of a chart spec whose title, subtitle and description give no pointer instruction."""
    spec = dict(spec)
    title = spec.get("title")
    if isinstance(title, dict):
        title = dict(title)
        for key in ("text", "subtitle"):
            if isinstance(title.get(key), str):
                title[key] = without_pointer_sentences(title[key])
            elif isinstance(title.get(key), list):
                title[key] = [line for line in (without_pointer_sentences(t) for t in title[key]) if line]
            if key in title and not title[key]:
                del title[key]  # nothing left to say: no empty line under the title
        spec["title"] = title
    elif isinstance(title, str):
        spec["title"] = without_pointer_sentences(title)
    if isinstance(spec.get("description"), str):
        spec["description"] = without_pointer_sentences(spec["description"])
    return spec


def is_interactive(spec) -> bool:
    """Whether the chart has inputs (sliders, check boxes) bound to its parameters, anywhere in it."""
    if isinstance(spec, dict):
        if any(isinstance(p, dict) and p.get("bind") for p in spec.get("params") or []):
            return True
        return any(is_interactive(v) for v in spec.values())
    if isinstance(spec, list):
        return any(is_interactive(v) for v in spec)
    return False


# --- the page ------------------------------------------------------------------------------------

def _page_start(soup: BeautifulSoup, docname: str) -> Tag | None:
    return soup.find("span", id=DOCUMENT_PREFIX + docname)


def _page_section(marker: Tag) -> Tag | None:
    section = marker.find_next_sibling()
    return section if section is not None and section.name == "section" else None


def _title_text(section: Tag) -> str:
    heading = section.find(re.compile(r"^h[1-6]$"))
    if heading is None:
        return ""
    for part in heading.select(".section-number, .headerlink"):
        part.decompose()
    return heading.get_text(" ", strip=True)


def _ids_by_page(section: Tag, docname: str) -> dict[str, str]:
    """{id: page} of every id in a page's section; pages nested in it (the single-page build puts a
    page's sections inside it, each after its own marker) claim the ids after their marker."""
    ids: dict[str, str] = {}
    if section.get("id"):
        ids[section["id"]] = docname
    current = docname
    for tag in section.find_all(True):
        tag_id = tag.get("id")
        if not tag_id:
            continue
        if tag.name == "span" and tag_id.startswith(DOCUMENT_PREFIX):
            current = tag_id.removeprefix(DOCUMENT_PREFIX)
        ids[tag_id] = current
    return ids


def _drop_web_only_pages(soup: BeautifulSoup, base: str) -> dict[str, str]:
    """Leave out the data and evidence pages; say once where they are. Returns {id: page} of every
    id they held, so links into them can be redirected to the web."""
    moved: dict[str, str] = {}
    titles = {}
    first = None
    for docname in WEB_ONLY_PAGES:
        marker = _page_start(soup, docname)
        section = _page_section(marker) if marker else None
        if section is None:
            raise PrintEditionError(f"the single page has no page {docname!r}: the print edition cannot say "
                                    "where it is on the web")
        moved[DOCUMENT_PREFIX + docname] = docname
        moved.update(_ids_by_page(section, docname))
        titles[docname] = _title_text(section)
        if first is None:
            first = marker
        else:
            marker.decompose()
        section.decompose()
    # Evidence pages of the chapters not nested in the parent page's section (should the table of
    # contents ever place them elsewhere) go too.
    for marker in soup.find_all("span", id=re.compile("^" + re.escape(DOCUMENT_PREFIX + EVIDENCE_SUBPAGES))):
        docname = marker["id"].removeprefix(DOCUMENT_PREFIX)
        section = _page_section(marker)
        moved[marker["id"]] = docname
        if section is not None:
            moved.update(_ids_by_page(section, docname))
            section.decompose()
        marker.decompose()

    note = soup.new_tag("p", attrs={"class": WEB_PAGES_NOTE})
    data, evidence = (titles[d] for d in WEB_ONLY_PAGES)
    note.append("Not printed: every data table with the definition of each of its fields (the page “")
    note.append(_web_link(soup, base, "chapters/data", data))
    note.append("”) and, for every number in this briefing, how it was computed and from which rows, with "
                "their sources and verbatim excerpts (the page “")
    note.append(_web_link(soup, base, EVIDENCE_PAGE, evidence))
    note.append("” and the pages it lists). Both are in the web edition" + (f", at {base}." if base else "."))
    first.replace_with(note)
    return moved


def _web_link(soup: BeautifulSoup, base: str, docname: str, text: str) -> Tag | str:
    """A link to the page on the web when its address is known; its title as text otherwise."""
    if not base:
        return text
    link = soup.new_tag("a", href=f"{base}{docname}.html")
    link.string = text
    return link


def _unwrap_link(link: Tag) -> None:
    """A link with nowhere to go on paper becomes its text (its classes kept on a span)."""
    link.name = "span"
    for attribute in ("href", "title", "download", "target", "rel"):
        link.attrs.pop(attribute, None)


def _fix_links(soup: BeautifulSoup, article: Tag, moved: dict[str, str], base: str) -> None:
    """Every link leads somewhere the reader of the PDF can go: inside the document, or to the web
    edition when its address is known; otherwise it is plain text."""
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in article.find_all("a", href=True):
        href = link["href"]
        if href.startswith("index.html#"):  # the single-page build's links to itself
            href = link["href"] = href.removeprefix("index.html")
        if "claim-link" in link.get("class", []):
            anchor = unquote(href.lstrip("#"))
            if base:
                # The entry's own evidence page; the parent page if the single page had no such entry.
                link["href"] = f"{base}{moved.get(anchor, EVIDENCE_PAGE)}.html#{anchor}"
            else:
                _unwrap_link(link)
            continue
        if href.startswith("#"):
            target = unquote(href[1:])
            if target in ids:
                continue
            if target in moved and base:
                docname = moved[target]
                link["href"] = f"{base}{docname}.html" + ("" if target.startswith(DOCUMENT_PREFIX) else f"#{target}")
            else:
                _unwrap_link(link)
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):  # https:, mailto:, data:
            if href.lower().startswith("data:"):
                _unwrap_link(link)
            continue
        # A relative address (a download, the PDF itself): only on the web.
        if base:
            # Written for a chapter's page (../data/x.csv) or for the site's root (briefing.pdf).
            link["href"] = urljoin(base + ("chapters/" if href.startswith("../") else ""), href)
        else:
            _unwrap_link(link)


def _drop_interactive(article: Tag) -> None:
    for selector in (f".{chart_html.DOWNLOAD}", f"details.{chart_html.TEXT}", ".headerlink", "button",
                     "input", "select", "textarea"):
        for tag in article.select(selector):
            tag.decompose()


def _no_text_and_data(article: Tag) -> None:
    """A chart's source line sends the reader to its "text and data" disclosure, which is not printed:
    it sends them to the bibliography only. Any other mention of the disclosure is left out, and the
    table "beneath the chart" is said to be with the chart in the web edition."""
    for line in article.select(f".{chart_html.SOURCE}"):
        for string in _visible_strings(line):
            if TEXT_AND_DATA_UNDER.search(string):
                string.replace_with(NavigableString(TEXT_AND_DATA_UNDER.sub("", string)))
    drop_sentences(article, re.compile(TEXT_AND_DATA))
    # "Sources are listed in the table beneath the chart": on paper that table is on the web.
    for string in _visible_strings(article):
        if BENEATH_THE_CHART.search(string):
            string.replace_with(NavigableString(BENEATH_THE_CHART.sub("with the chart in the web edition", string)))


def _innermost_block(string: NavigableString) -> Tag | None:
    for parent in string.parents:
        if parent.name in TEXT_BLOCKS:
            return parent
    return None


def _visible_strings(block: Tag) -> list[NavigableString]:
    return [s for s in block.find_all(string=True)
            if not any(p.name in ("script", "style") for p in s.parents)]


def _drop_sentence_at(block: Tag, position: int) -> str:
    """Remove from `block` the sentence around character `position` of its text; return that sentence."""
    strings = _visible_strings(block)
    text = "".join(strings)
    starts = [0] + [m.end() for m in re.finditer(r"[.!?](?=\s)\s*", text)]
    start = max(s for s in starts if s <= position)
    end_match = re.compile(r"[.!?](?=\s|$)\s*").search(text, position)
    end = end_match.end() if end_match else len(text)
    offset = 0
    for string in strings:
        length = len(string)
        lo, hi = max(start - offset, 0), min(end - offset, length)
        if lo < hi:
            string.replace_with(NavigableString(string[:lo] + string[hi:]))
        offset += length
    # Inline elements the cut emptied (an emphasis, a citation link) go too.
    for tag in block.find_all(True):
        if tag.name not in ("img", "br") and not tag.find("img") and not tag.get_text():
            tag.decompose()
    return text[start:end].strip()


def drop_sentences(article: Tag, pattern: re.Pattern = POINTER_WORDS) -> list[str]:
    """Remove every sentence of visible text that matches `pattern` (by default: names a pointer
    action); return them."""
    dropped = []
    while True:
        hit = next((s for s in _visible_strings(article) if pattern.search(s)), None)
        if hit is None:
            return dropped
        block = _innermost_block(hit) or hit.parent
        strings = _visible_strings(block)
        position = sum(len(s) for s in strings[:strings.index(hit)]) + pattern.search(hit).start()
        dropped.append(_drop_sentence_at(block, position))
        if not block.get_text(strip=True) and not block.find("img"):
            block.decompose()


def _values_after_figures(article: Tag) -> None:
    """A chart's table of values (booktools/print_labels.py) follows its figure's caption: inside the
    figure, which is never split, a long table would push image and caption apart or off the page.
    The stylesheet keeps its first rows on the figure's page."""
    for values in article.select(f"div.{VALUES}"):
        figure = values.find_parent("figure")
        if figure is not None:
            figure.insert_after(values.extract())


def _make_cover(article: Tag) -> None:
    """The landing page's title, edition box and bottom line, with how to cite, on the first page; the
    rest of the landing page (key points, timeline, what to watch, what changed) starts the second."""
    bottom_line = article.find("section", id="bottom-line")
    if bottom_line is None:
        raise PrintEditionError("the landing page has no 'Bottom line' section: the print edition's cover "
                                "needs it")
    cite = next((box for box in article.select("div.admonition")
                 if (title := box.find(class_="admonition-title")) and title.get_text(strip=True) == "How to cite"),
                None)
    if cite is None:
        raise PrintEditionError("the landing page has no 'How to cite' box: the print edition's cover needs it")
    bottom_line.insert_after(cite.extract())
    landing = bottom_line.parent
    landing["class"] = [*landing.get("class", []), COVER]
    after_cover = cite.find_next_sibling()
    if after_cover is not None:
        after_cover["class"] = [*after_cover.get("class", []), NEW_PAGE]


def _chapters_on_new_pages(soup: BeautifulSoup) -> None:
    for marker in soup.find_all("span", id=re.compile("^" + DOCUMENT_PREFIX)):
        section = _page_section(marker)
        if section is not None:
            section["class"] = [*section.get("class", []), NEW_PAGE]


def printable_page(page: str, base: str, stylesheet: str) -> tuple[str, list[str]]:
    """The single-page build made into the print edition's page; and the sentences it left out
    because they name a pointer action (for the log: editors may want to reword them)."""
    soup = BeautifulSoup(page, "html.parser")
    article = soup.find("article")
    if article is None:
        raise PrintEditionError("the single page has no <article>: not a page of this book")
    # The theme's printed title and table of contents: the cover has the title, the PDF its outline.
    for tag in soup.select("#jb-print-docs-body"):
        tag.decompose()
    moved = _drop_web_only_pages(soup, base)
    _drop_interactive(article)
    _no_text_and_data(article)
    dropped = drop_sentences(article)
    _values_after_figures(article)
    _make_cover(article)
    _chapters_on_new_pages(soup)
    _fix_links(soup, article, moved, base)
    style = soup.new_tag("style")
    style.string = stylesheet
    (soup.head or soup).append(style)
    return str(soup), dropped
