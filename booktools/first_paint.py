"""A cheap first paint on a phone (issue 16): each page asks only for what it uses, and nothing but
the stylesheets stands between the reader and the text.

- Assets of extensions a page does not use are left out of it (sphinx-design, collapsible blocks,
  the copy button and code highlighting: the book shows no code).
- Every script is deferred, except the few bytes of documentation_options.js that inline scripts
  further down the <head> assign to while the page is parsed.
- The theme loads Sphinx's search index (about 100 KB) on every page for search-as-you-type, which
  the book leaves off; only the search page, which runs the search, keeps it.
- Each chart's canvas reserves the height the drawn chart will take (measured by vl-convert where the
  chart is made, carried in the chart's HTML), so that drawing it later, when the reader scrolls to
  it, moves nothing.

The stylesheets themselves are purged by css_purge; the Vega bundle is loaded by chart-loader.js.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from analysis import chart_html

# Extension assets and the marks of a page that needs them (any one).
NEEDED_IF = {
    "sphinx-design.min.css": ("sd-",), "design-tabs.js": ("sd-",),
    "copybutton.css": ("<pre",), "copybutton.js": ("<pre",), "clipboard.min.js": ("<pre",),
    "pygments.css": ('class="highlight',),
    # Collapsible blocks (toggle directive, dropdown admonitions); the charts' <details> need no script.
    "togglebutton.css": ("toggle", "dropdown"), "togglebutton.js": ("toggle", "dropdown"),
}
# Parsed synchronously: the inline scripts after it set DOCUMENTATION_OPTIONS.pagename.
KEEP_BLOCKING = ("documentation_options.js",)
SEARCH_ONLY = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)></script>\n?")


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1]


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key]
                               if any(mark in body for mark in NEEDED_IF.get(_asset_name(asset), ("",)))]
    if app.builder.name == "html" and (charts := chart_html.find_charts(body)):
        context["metatags"] = context.get("metatags", "") + "\n" + chart_placeholder_style(charts)


def chart_placeholder_style(charts: list[chart_html.ChartBlock]) -> str:
    """A <style> block reserving each chart's drawn height before its script has run."""
    rules = [f"#{chart_html.ID_PREFIX}{c.name} .{chart_html.CANVAS}{{min-height:{c.height}px}}" for c in charts]
    return "<style>" + "".join(rules) + "</style>"


def speed_up_scripts(html: str, page: str) -> str:
    """Every script deferred (see KEEP_BLOCKING); the search scripts only on the search page."""
    def tag(m: re.Match) -> str:
        before, src, after = m.groups()
        path = src.split("?", 1)[0]
        if page != "search.html" and path.lstrip("./").endswith(SEARCH_ONLY):
            return ""
        attrs = before + after
        if re.search(r"\b(defer|async)\b|type=\"module\"", attrs) or path.endswith(KEEP_BLOCKING):
            return m.group(0)
        return m.group(0).replace("<script", "<script defer", 1)
    return SCRIPT_TAG.sub(tag, html)


def _build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in sorted(outdir.rglob("*.html")):
        rel = page.relative_to(outdir)
        if "_static" in rel.parts:
            continue
        text = page.read_text(encoding="utf-8")
        new = speed_up_scripts(text, str(rel))
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> None:
    # After the extension's own handler, which adds the chart scripts.
    app.connect("html-page-context", _page_context, priority=600)
    app.connect("build-finished", _build_finished)
