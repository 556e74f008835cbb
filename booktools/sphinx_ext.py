"""Local Sphinx extension: offline charts, the bibliography style, data as a build dependency."""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle, toplevel
from pybtex.style.template import field, href, join, optional, sentence
from sphinx.application import Sphinx
from sphinx.util import logging

from analysis import chart_html

from . import claims, cross_glue, css_purge, dependencies, first_paint, publication, stacked_tables
from .build import PAGES_READ_VARIABLE
from .vega_bundle import environment_cache, write_vega_bundle

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


def _bundle_cache(app: Sphinx) -> Path:
    """The environment's copy (booktools/vega_bundle.py), or one beside the build where the environment
    cannot be written to."""
    cache = environment_cache()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if os.access(cache, os.W_OK):
            return cache
    except OSError:
        pass
    return Path(app.doctreedir).parent / "booktools-static"


def _config_inited(app: Sphinx, config) -> None:
    # Generating the bundle (when the cached one is missing or stale) takes seconds of vl-convert; it
    # runs while the notebooks execute, and _copy_bundle waits for it before any page is written.
    app.briefing_bundle = ThreadPoolExecutor(max_workers=1).submit(write_vega_bundle, _bundle_cache(app))
    # Relative to the book, not absolute: the paths enter Sphinx's config hash in .buildinfo, and
    # two builds of one commit must write the same bytes wherever they run. The generated bundle
    # lives beside the output (a different place per build), so _copy_bundle copies it in instead.
    config.html_static_path = [*config.html_static_path, os.path.relpath(STATIC, app.confdir)]
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _is_thebe(asset) -> bool:
    return "thebe" in str(asset) or "thebe" in str(getattr(asset, "attributes", {}).get("body", ""))


def _drop_thebe_nodes(app: Sphinx, doctree, docname: str) -> None:
    """sphinx-thebe writes its configuration into each notebook page as inline script; without Thebe
    (see below) it does nothing but would be script in the page's content."""
    for raw in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in raw.astext() or raw.astext().startswith("<script>kernelName ="):
            raw.parent.remove(raw)


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Thebe (live code) loads its library from a CDN and redeclares a global on every page; the
    # book has no launch buttons, so its scripts go.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]
    body = context.get("body", "")
    _reject_content_scripts(app, pagename, body)
    # docutils marks the bibliography as an ARIA list whose children are not list items, which
    # screen readers misannounce (axe: aria-required-children). A plain container is correct.
    context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    # Each entry's role="doc-biblioentry" is deprecated in DPUB-ARIA 1.1 and not allowed on a plain
    # container (axe: aria-deprecated-role, aria-allowed-role); the entry needs no role.
    context["body"] = context["body"].replace(' role="doc-biblioentry"', "")
    # Only pages that carry a chart load the chart loader, and it loads the ~0.9 MB Vega bundle, the
    # expression interpreter (Vega would compile expressions with Function(); the interpreter needs
    # no 'unsafe-eval') and briefing-charts.js only when a chart is about to scroll into view.
    if chart_html.has_charts(body):
        app.add_js_file("chart-loader.js", priority=400, defer="defer")


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


def _executable(attrs: str) -> bool:
    kind = SCRIPT_TYPE.search(attrs)
    return (kind.group(1).lower() if kind else "") in JS_TYPES  # data blocks (chart specs) never run


def _reject_content_scripts(app: Sphinx, pagename: str, body: str) -> None:
    """The page's content (prose, notebook outputs, raw HTML) may carry no script: the theme and this
    extension write every script a page needs, outside the content. One found fails the build, and
    the policy will not allow it either (see _build_finished)."""
    found = [(attrs, code) for attrs, code in SCRIPT.findall(body) if _executable(attrs)]
    for attrs, code in found:
        snippet = re.sub(r"\s+", " ", (attrs + " " + code).strip())[:80]
        logger.warning(f"a script in the page's content is not allowed: <script {snippet}...>", location=pagename)
    if found:
        out = str(Path(app.outdir) / f"{pagename}{app.builder.out_suffix}")
        app.briefing_content_scripts = {**getattr(app, "briefing_content_scripts", {}),
                                        out: {code for _, code in found}}


def _inline_script_hashes(html: str, excluded: set[str] = frozenset()) -> list[str]:
    """'sha256-...' of every inline script the browser would run, in page order, without repeats,
    except those in `excluded` (script found in the page's content)."""
    hashes: list[str] = []
    for attrs, body in SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs) or not _executable(attrs) or body in excluded:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    return hashes


def content_security_policy(html: str, excluded: set[str] = frozenset()) -> str:
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *_inline_script_hashes(html, excluded)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


HEAD_START = re.compile(r"<head>(\s*<meta charset=\"[^\"]*\"\s*/?>)?")


def add_csp(html: str, excluded: set[str] = frozenset()) -> str:
    """The page with its policy first in <head> (any earlier policy replaced).

    Only the charset declaration stays ahead of it: browsers look for that within the first 1024
    bytes, which a long list of hashes would push it past. It loads nothing, so the policy still
    comes before anything it governs.
    """
    html = CSP_META.sub("", html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html, excluded)}" />'
    return HEAD_START.sub(lambda m: f"{m.group(0)}\n{meta}", html, count=1)


def _require_alt_text(app: Sphinx, doctree) -> None:
    """A content image needs a text alternative (MyST writes alt="" for `![](file)`)."""
    for image in doctree.findall(nodes.image):
        if not (image.get("alt") or "").strip():
            node = image  # MyST gives the image no line number; its paragraph has one
            while node is not None and not node.line:
                node = node.parent
            logger.warning(f"image {image.get('uri', '')!r} has no text alternative: write ![what it shows](file)",
                           location=(app.env.docname, node.line) if node is not None else app.env.docname)


def _copy_bundle(app: Sphinx, env) -> None:
    # After reading, before any page is written, so that Sphinx's ?v= checksum on the script tag sees the file.
    bundle = app.briefing_bundle.result()
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle, static / "vega-bundle.js")


def _build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    content_scripts = getattr(app, "briefing_content_scripts", {})
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "<head>" not in text:
            continue
        new = add_csp(text, content_scripts.get(str(page), set()))
        if new != text:
            page.write_text(new, encoding="utf-8")


# Reading pages in several processes runs their notebooks side by side (booktools/jupyter_book_jobs.py).
# Two extensions Jupyter Book loads do not declare whether that is safe, so Sphinx would warn (an error
# under -W) and read serially. Both are: sphinx-multitoc-numbering only renumbers the table of contents
# once every page is read, in the main process; sphinx-jupyterbook-latex only adds per-page transforms
# that keep nothing between pages.
UNDECLARED_BUT_PARALLEL_SAFE = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def _parallel_reading(app: Sphinx) -> None:
    for name in UNDECLARED_BUT_PARALLEL_SAFE:
        if name in app.extensions:
            app.extensions[name].parallel_read_safe = True
    # Pages are still written one by one: handlers here record per-page facts while a page is written
    # (the content scripts the policy must not allow), and a writing subprocess would keep them to itself.
    app.builder.allow_parallel = False


def _no_search_in_the_single_page(app: Sphinx) -> None:
    # The single page exists only to be printed (booktools/pdf.py): nobody searches it, and indexing
    # the whole book's text again took a tenth of that build.
    if app.builder.name == "singlehtml":
        app.builder.search = False


def _pages_read(app: Sphinx, env) -> None:
    """Say that every page is read and the environment saved (Sphinx saves it just before this event):
    booktools/build.py then starts the single-page build, which needs nothing more, beside this one."""
    marker = os.environ.get(PAGES_READ_VARIABLE)
    if marker and app.builder.name == "html":
        Path(marker).touch()


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _parallel_reading)
    app.connect("env-check-consistency", _pages_read)
    app.connect("builder-inited", _no_search_in_the_single_page)
    register_plugin("pybtex.style.formatting", "briefing", BriefingStyle)
    # sphinxcontrib-bibtex looks up pybtex's plain-text backend once per citation it resolves, and each
    # lookup of an installed plugin scans every package's entry points (seconds per build for our ~500
    # citations); a plugin registered at run time (force: the name is taken by the installed one) is
    # found first, in a dictionary.
    register_plugin("pybtex.backends", "plaintext", PlaintextBackend, force=True)
    app.connect("config-inited", _config_inited)
    dependencies.setup(app)
    app.connect("doctree-read", _require_alt_text)
    # After sphinx-thebe's own handler (default priority 500) has added them.
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("html-page-context", _page_context)
    app.connect("env-updated", _copy_bundle)
    app.connect("build-finished", _build_finished)
    app.add_css_file("briefing.css")
    publication.setup(app)
    claims.setup(app)
    cross_glue.setup(app)
    stacked_tables.setup(app)
    first_paint.setup(app)
    css_purge.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
