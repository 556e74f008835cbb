"""Local Sphinx extension: offline charts, the bibliography style, data as a build dependency."""
from __future__ import annotations

from pathlib import Path

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle, toplevel
from pybtex.style.template import field, optional, sentence
from sphinx.application import Sphinx
from sphinx.util import logging

from analysis.paths import BIBLIOGRAPHY, DATA_DIR, EDITION, ROOT

from . import publication
from .vega_bundle import write_vega_bundle

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
logger = logging.getLogger(__name__)


class BriefingStyle(UnsrtStyle):
    """News items and reports: Author. Title. Publisher, date. URL."""

    def get_misc_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            sentence[field("publisher"), field("date")],
            optional[self.format_web_refs(e)],
        ]


def _inputs() -> list[Path]:
    """Files whose change must re-execute every notebook page (not only the edited .md)."""
    files = sorted(DATA_DIR.glob("*")) + sorted((ROOT / "analysis").glob("*.py")) + [BIBLIOGRAPHY, EDITION]
    return [p for p in files if p.is_file()]


def _note_dependencies(app: Sphinx, docname: str, source: list[str]) -> None:
    if "kernelspec" in source[0][:2000]:
        for path in _inputs():
            app.env.note_dependency(str(path))


def _config_inited(app: Sphinx, config) -> None:
    generated = Path(app.doctreedir).parent / "booktools-static"
    write_vega_bundle(generated)
    config.html_static_path = [*config.html_static_path, str(STATIC), str(generated)]
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
    context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    # Only pages that carry a chart pay for the ~0.9 MB Vega bundle.
    if "briefing-chart-spec" in body:
        app.add_js_file("vega-bundle.js", priority=400)
        app.add_js_file("briefing-charts.js", priority=410)


def setup(app: Sphinx) -> dict:
    register_plugin("pybtex.style.formatting", "briefing", BriefingStyle)
    app.connect("config-inited", _config_inited)
    app.connect("source-read", _note_dependencies)
    app.connect("html-page-context", _page_context)
    app.add_css_file("briefing.css")
    publication.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
