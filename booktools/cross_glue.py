"""Pasting from another page's notebook: figures too, and re-reading the page that pastes.

The annexes show charts and numbers that a chapter's notebook computes. Executing the chapter's code
a second time in the annex would cost build time, so the annex pastes them from the chapter's glue
cache, as the landing page pastes numbers (``{glue:text}`chapters/us.md::key` ``). MyST-NB does that
for text but its `glue:figure` finds keys on its own page only. Here `glue:figure` also accepts
`path::key`: a numbered figure (so `{numref}` works) whose content MyST-NB's post-transform fills from
the other page's cache, the same HTML the chapter itself would show.

A pasted value is resolved when the page is written, from the cache the other page's execution
wrote. So when a page is read again (its source or data changed, so its values may have changed),
every page that pastes from it is read again too; otherwise an incremental build would keep old values.
And a page depends on what the pages it pastes from depend on (their source, the data and modules
their code read): its "last updated" date moves when the values it shows may have moved.
"""
from __future__ import annotations

from docutils import nodes
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import PendingGlueReference, PendingGlueReferenceError, create_pending_glue_ref
from sphinx.application import Sphinx


class CrossPageFigureDirective(PasteFigureDirective):
    """`glue:figure` as MyST-NB does it, plus `path::key` for a figure glued by another page."""

    def run(self):
        if "::" not in self.arguments[0]:
            return super().run()
        path, key = self.arguments[0].split("::", 1)
        try:
            pending = create_pending_glue_ref(self.document, self.source, self.line, path, key)
        except PendingGlueReferenceError as exc:
            raise self.error(f"glue:figure {self.arguments[0]!r}: {exc}") from exc
        figure = nodes.figure("", pending)
        self.set_source_info(figure)
        self.add_name(figure)
        if not self.content:
            raise self.error(f"glue:figure {self.arguments[0]!r}: a figure from another page needs its caption")
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        first = holder[0]
        if not isinstance(first, nodes.paragraph):
            raise self.error("the figure's caption must be a paragraph")
        figure += nodes.caption(first.rawsource, "", *first.children)
        if len(holder) > 1:
            figure += nodes.legend("", *holder[1:])
        return [figure]


def _store(env) -> dict[str, set[str]]:
    """{page: the pages it pastes from}."""
    if not hasattr(env, "briefing_pastes_from"):
        env.briefing_pastes_from = {}
    return env.briefing_pastes_from


def _record(app: Sphinx, doctree: nodes.document) -> None:
    sources = {node["refdoc"] for node in doctree.findall(PendingGlueReference)}
    if sources:
        _store(app.env)[app.env.docname] = sources
    else:
        _store(app.env).pop(app.env.docname, None)


def _also_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    reread = set(added) | set(changed) | set(removed)
    return sorted(page for page, sources in _store(env).items() if sources & reread and page not in reread)


def _inherit_dependencies(app: Sphinx, env) -> None:
    """After every page is read: each page that pastes depends on its sources' inputs too."""
    for page, sources in _store(env).items():
        for source in sources:
            env.dependencies[page].add(str(env.doc2path(source)))
            env.dependencies[page].update(env.dependencies.get(source, ()))


def _purge(app: Sphinx, env, docname: str) -> None:
    _store(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _store(other):
            _store(env)[docname] = _store(other)[docname]


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("glue", "figure", CrossPageFigureDirective, override=True)
    app.connect("doctree-read", _record)
    app.connect("env-get-outdated", _also_outdated)
    app.connect("env-updated", _inherit_dependencies)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
