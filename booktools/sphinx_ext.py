"""Local Sphinx extension: offline charts, the bibliography style, data as a build dependency."""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from pathlib import Path

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle, toplevel
from pybtex.style.template import field, href, join, optional, sentence
from sphinx.application import Sphinx
from sphinx.util import logging

from analysis.paths import BIBLIOGRAPHY, DATA_DIR, EDITION, ROOT

from . import claims, publication
from .vega_bundle import write_vega_bundle



STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
logger = logging.getLogger(__name__)


class BriefingStyle(UnsrtStyle):
    """News items and reports: Author. Title. Publisher, date. URL. Read via copy (copy URL).

    The publisher is the original; where we could read only a copy, the entry names it in `via`
    (with its address in `viaurl`), so a reader sees both who published the text and where we read it."""

    def get_misc_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            sentence[field("publisher"), field("date")],
            optional[self.format_web_refs(e)],
            optional[sentence[join["Read via ", field("via"),
                                   optional[join[" (", href[field("viaurl", raw=True)][field("viaurl", raw=True)], ")"]]]]],
        ]


def _inputs() -> list[Path]:
    """Files whose change must re-execute every notebook page (not only the edited .md)."""
    files = sorted(DATA_DIR.glob("*")) + sorted((ROOT / "analysis").glob("*.py")) + [BIBLIOGRAPHY, EDITION]
    return [p for p in files if p.is_file()]


def _note_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    if "kernelspec" in source[0][:2000]:
        for path in _inputs():
            app.env.note_dependency(str(path))


def _bundle_cache(app: Sphinx) -> Path:
    return Path(app.doctreedir).parent / "booktools-static"


def _config_inited(app: Sphinx, config) -> None:
    write_vega_bundle(_bundle_cache(app))
    # Relative to the book, not absolute: the paths enter Sphinx's config hash in .buildinfo, and
    # two builds of one commit must write the same bytes wherever they run. The generated bundle
    # lives beside the output (a different place per build), so it is copied in at build-finished
    # instead of being listed here.
    config.html_static_path = [*config.html_static_path, os.path.relpath(STATIC, app.confdir)]
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _is_thebe(asset) -> bool:
    return "thebe" in str(asset) or "thebe" in str(getattr(asset, "attributes", {}).get("body", ""))


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Thebe (live code) loads its library from a CDN and redeclares a global on every page; the
    # book has no launch buttons, so its scripts go.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]
    body = context.get("body", "")
    # docutils marks the bibliography as an ARIA list whose children are not list items, which
    # screen readers misannounce (axe: aria-required-children). A plain container is correct.
    # Its entries' role doc-biblioentry is deprecated and not allowed on a div (axe: aria-deprecated-role).
    context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">').replace(
        ' role="doc-biblioentry"', "")
    # Only pages that carry a chart pay for the ~0.9 MB Vega bundle.
    if "briefing-chart-spec" in body:
        # Deferred: the 1 MB bundle no longer blocks parsing the page, and deferred scripts run in
        # document order once it is parsed, so the charts are drawn before the theme's own deferred
        # scripts (at the end of <body>) run and before DOMContentLoaded.
        app.add_js_file("vega-bundle.js", priority=400, defer="defer")
        # Vega compiles expressions with Function(); the interpreter evaluates them without, so the
        # page's policy needs no 'unsafe-eval'.
        app.add_js_file("vega-interpreter.js", priority=405, defer="defer")
        app.add_js_file("briefing-charts.js", priority=410, defer="defer")


# --- Content-Security-Policy -------------------------------------------------------------------
# Every page carries its own policy in a <meta> tag, so it holds on any static host. Scripts: the
# site's own files plus the page's inline scripts by hash. Styles need 'unsafe-inline': the theme
# writes an inline <style> block, pandas tables carry style="text-align: right" attributes,
# vega-embed injects its stylesheet and Vega's SVG renderer sets style attributes; none of these can
# run code. Fonts and images may be data: URIs (the theme's icons, the CSV download link, PNG export).
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*" />\n?')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' of every inline script the browser would run, in page order, without repeats."""
    hashes: list[str] = []
    for attrs, body in SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs):
            continue
        kind = SCRIPT_TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in JS_TYPES:
            continue  # data blocks (application/json chart specs) are never executed
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    return hashes


def content_security_policy(html: str) -> str:
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *_inline_script_hashes(html)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


HEAD_START = re.compile(r"<head>(\s*<meta charset=\"[^\"]*\"\s*/?>)?")


def add_csp(html: str) -> str:
    """The page with its policy first in <head> (any earlier policy replaced).

    Only the charset declaration stays ahead of it: browsers look for that within the first 1024
    bytes, which a long list of hashes would push it past. It loads nothing, so the policy still
    comes before anything it governs.
    """
    html = CSP_META.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}" />'
    return HEAD_START.sub(lambda m: f"{m.group(0)}\n{meta}", html, count=1)


def _builder_inited(app: Sphinx) -> None:
    # Before any page is written, so that Sphinx's ?v= checksum on the script tag sees the file.
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_bundle_cache(app) / "vega-bundle.js", static / "vega-bundle.js")


def _build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "<head>" not in text:
            continue
        new = add_csp(text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    register_plugin("pybtex.style.formatting", "briefing", BriefingStyle)
    app.connect("config-inited", _config_inited)
    app.connect("source-read", _note_dependencies)
    app.connect("html-page-context", _page_context)
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.add_css_file("briefing.css")
    publication.setup(app)
    claims.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
