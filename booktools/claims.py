"""Every glued number links to its evidence: the claims ledger on the Sphinx side.

A chapter glues `analysis.claims.Claim`s; their output carries the provenance under CLAIM_MIME.
Here, while a page is read, `{glue:text}` records each claim's provenance in the environment and
marks the pasted text; when pages are written, each mark becomes a link to the claim's entry on the
evidence page of the page that glued it. Each page with claims has an evidence page of its own
(`{claims-ledger} chapters/NAME` under chapters/evidence/), listing every value with how it was
computed and the data rows it came from; each row, with its date, sources and verbatim evidence, is
listed once on that page and referred to by every value that used it. The parent page
(`{claims-pages}`) lists the evidence pages. The ledger is also written as data/claims.csv.

Why split and refer: one page listing every claim with its rows in full was 2.2 MB of HTML (rows
repeated across claims were nine tenths of it) and too slow for a phone (Lighthouse performance 85).

No JavaScript: plain links work offline, under the strict CSP, with the keyboard and in the PDF
(built from the single-page build, where the links point inside the one page).
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import PendingGlueReference, RetrievalError, retrieve_glue_data
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

CLAIM_MIME = "application/vnd.briefing.claim+json"  # the same string as analysis.claims.CLAIM_MIME
EVIDENCE_DOC = "chapters/evidence"  # the parent page, listing the evidence pages
LINK_TITLE = "Evidence for this number"
LEDGER_FIELDS = ["claim_id", "page", "text", "value", "how", "rows", "sources"]

logger = logging.getLogger(__name__)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def claim_anchor(docname: str, key: str) -> str:
    """The claim's id on the evidence page: one per page and glue key, stable across builds."""
    return "claim-" + _slug(f"{docname.split('/')[-1]}-{key}")


def row_anchor(docname: str, table: str, row_id: str) -> str:
    """A data row's id on the evidence page of `docname`. The page is part of it, so that a row listed
    on two evidence pages has two different ids in the single-page build (the PDF's source)."""
    return "row-" + "--".join(_slug(part) for part in (docname.split("/")[-1], table, row_id))


def _store(env) -> dict:
    """{page: {glue key: claim}}: every claim each page glued."""
    if not hasattr(env, "briefing_claims"):
        env.briefing_claims = {}
    return env.briefing_claims


def _ledgers(env) -> dict:
    """{evidence page: the page whose claims it lists}."""
    if not hasattr(env, "briefing_ledgers"):
        env.briefing_ledgers = {}
    return env.briefing_ledgers


def _indexes(env) -> set:
    """Pages that list the evidence pages ({claims-pages})."""
    if not hasattr(env, "briefing_ledger_indexes"):
        env.briefing_ledger_indexes = set()
    return env.briefing_ledger_indexes


def evidence_page(env, docname: str) -> str:
    """The evidence page listing the claims of `docname` (the parent page when none does: the build
    warns then, see _check_ledgers)."""
    return next((ledger for ledger, page in sorted(_ledgers(env).items()) if page == docname), EVIDENCE_DOC)


class claim_link(nodes.Inline, nodes.TextElement):
    """Pasted claim text, waiting to become a link to its evidence when the page is written."""


class claims_ledger(nodes.General, nodes.Element):
    """Where an evidence page lists its page's claims (filled in once every page has been read)."""


class claims_pages(nodes.General, nodes.Element):
    """Where the parent page lists the evidence pages, with their counts."""


def _record_page_claims(document) -> None:
    """Every claim the page's notebook glued, pasted here or not: the landing page may paste a
    chapter's value that the chapter itself does not, and its link needs the entry. In the order glued."""
    env = document.settings.env
    if env.docname in _store(env) and document.get("briefing_claims_recorded"):
        return
    glue_data = document["nb_renderer"].renderer.nb_client.glue_data
    _store(env)[env.docname] = {key: item["data"][CLAIM_MIME] for key, item in glue_data.items()
                                if CLAIM_MIME in item.get("data", {})}
    document["briefing_claims_recorded"] = True


class ClaimTextRole(PasteTextRole):
    """`{glue:text}` as MyST-NB does it, plus: a claim's provenance is recorded and its text marked."""

    def run(self):
        result, messages = super().run()
        key = self.text.rsplit(":", 1)[0] if ":" in self.text else self.text
        if "::" in key or not result or not isinstance(result[0], nodes.inline):
            return result, messages  # another page's key: resolved later by ClaimLinks
        try:
            data = retrieve_glue_data(self.document, key).data
        except RetrievalError:
            return result, messages
        if CLAIM_MIME not in data:
            return result, messages
        env = self.document.settings.env
        _record_page_claims(self.document)
        link = claim_link("", "", *result, docname=env.docname, key=key)
        return [link], messages


def _link(builder, fromdoc: str, docname: str, key: str, children) -> nodes.reference:
    anchor = claim_anchor(docname, key)
    attrs = {"reftitle": LINK_TITLE, "classes": ["claim-link"], "internal": True}
    if builder.name == "singlehtml":
        return nodes.reference("", "", *children, refid=anchor, **attrs)
    uri = builder.get_relative_uri(fromdoc, evidence_page(builder.env, docname)) + "#" + anchor
    return nodes.reference("", "", *children, refuri=uri, **attrs)


class ClaimLinks(SphinxPostTransform):
    """Marked claims, and claims pasted from another page, become links to their evidence."""

    default_priority = 4  # before MyST-NB resolves pending glue references (priority 5)

    def run(self, **kwargs) -> None:
        claims = _store(self.env)
        for node in list(self.document.findall(claim_link)):
            node.replace_self(_link(self.app.builder, self.env.docname, node["docname"], node["key"],
                                    node.children))
        for node in list(self.document.findall(PendingGlueReference)):
            if node.get("gtype") == "text" and node["key"] in claims.get(node["refdoc"], {}):
                node.replace_self(_link(self.app.builder, self.env.docname, node["refdoc"], node["key"],
                                        [node.deepcopy()]))


class ClaimsLedgerDirective(Directive):
    """```{claims-ledger} chapters/NAME```: this page lists the claims of chapters/NAME."""

    required_arguments = 1

    def run(self):
        env = self.state.document.settings.env
        page = self.arguments[0].removesuffix(".md")
        _ledgers(env)[env.docname] = page
        return [claims_ledger("", page=page)]


class ClaimsPagesDirective(Directive):
    """```{claims-pages}```: the list of evidence pages, each with how many values it holds."""

    def run(self):
        env = self.state.document.settings.env
        _indexes(env).add(env.docname)
        return [claims_pages("")]


def _page_order(env) -> list[str]:
    """Pages in reading order (the table of contents), so the ledger follows the briefing."""
    order, seen = [], set()

    def walk(doc):
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order + sorted(set(_store(env)) - seen)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _title(env, docname: str) -> str:
    return env.titles[docname].astext() if docname in env.titles else docname


def _source_nodes(source: dict) -> list[nodes.Node]:
    parts: list[nodes.Node] = [nodes.Text(f"{source['publisher']}, “{source['title']}”, {source['date']}")]
    if source["url"]:
        parts += [nodes.Text(", "), nodes.reference(source["url"], source["url"], refuri=source["url"])]
    return parts


def _row_item(docname: str, row: dict) -> nodes.list_item:
    """A data row in full: table, id, date, sources and verbatim evidence."""
    para = nodes.paragraph()
    para += nodes.strong(text=f"{row['table_title']}, row {row['id']}")
    if row["date"]:
        para += nodes.Text(f" (dated {row['date']})")
    item = nodes.list_item("", para, ids=[row_anchor(docname, row["table"], row["id"])], classes=["claim-row"])
    for source in row["sources"]:
        item += nodes.paragraph("", "", nodes.Text("Source: "), *_source_nodes(source))
    if row.get("weak_source_reason"):
        item += nodes.paragraph(text=f"Why no stronger source: {row['weak_source_reason']}")
    for excerpt in row["evidence"]:
        item += nodes.block_quote("", nodes.paragraph(text=excerpt))
    return item


def _tables_of(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows grouped by table, tables in the order first used, rows in the order used, without repeats."""
    tables: dict[str, dict[str, dict]] = {}
    for row in rows:
        tables.setdefault(row["table"], {}).setdefault(row["id"], row)
    return {table: list(by_id.values()) for table, by_id in tables.items()}


def _claim_entry(docname: str, key: str, claim: dict) -> nodes.container:
    """Value, how it was computed, and the rows used: one line per table, each row a link to its entry
    below (a row used by many values is printed in full only once)."""
    entry = nodes.container(ids=[claim_anchor(docname, key)], classes=["claim-entry"])
    head = nodes.paragraph()
    head += nodes.strong(text=claim["text"])
    head += nodes.Text(f": {claim['how']}.")
    entry += head
    tables = _tables_of(claim["rows"])
    if not tables:
        return entry
    refs = nodes.bullet_list(classes=["claim-rows"])
    for rows in tables.values():
        para = nodes.paragraph()
        para += nodes.Text(f"{rows[0]['table_title']}, {'row' if len(rows) == 1 else 'rows'} ")
        for n, row in enumerate(rows):
            if n:
                para += nodes.Text(", ")
            para += nodes.reference("", row["id"], refid=row_anchor(docname, row["table"], row["id"]),
                                    internal=True)
        refs += nodes.list_item("", para)
    entry += refs
    return entry


def _rows_section(docname: str, claims: dict) -> nodes.section:
    """Every row the page's claims used, once, by table."""
    section = nodes.section(ids=[f"rows-{_slug(docname.split('/')[-1])}"], classes=["claim-data-rows"])
    section += nodes.title(text="Data rows")
    section += nodes.paragraph(text="Every data row the values above were computed from, by table, with the "
                                    "date its value refers to, its sources and the verbatim excerpt that "
                                    "supports it.")
    tables = _tables_of([row for claim in claims.values() for row in claim["rows"]])
    for table, rows in tables.items():
        part = nodes.section(ids=[f"rows-{_slug(docname.split('/')[-1])}--{_slug(table)}"])
        part += nodes.title(text=rows[0]["table_title"])
        items = nodes.bullet_list(classes=["claim-rows"])
        for row in rows:
            items += _row_item(docname, row)
        part += items
        section += part
    return section


def _ledger_content(app: Sphinx, fromdoc: str, docname: str) -> list[nodes.Node]:
    env = app.env
    claims = _store(env).get(docname, {})
    intro = nodes.paragraph(text=f"{_count(len(claims), 'value')} of the page “{_title(env, docname)}”, in the "
                                 "order the page's code computes them. ")
    if app.builder.name != "singlehtml":
        intro += nodes.reference("", "Back to the page", refuri=app.builder.get_relative_uri(fromdoc, docname),
                                 internal=True)
        intro += nodes.Text(".")
    content: list[nodes.Node] = [intro]
    if app.builder.name == "singlehtml":
        # The single page exists to be printed, and the print edition leaves the evidence out, sending
        # each number's link to the web edition's entry (booktools/print_edition.py): here the entries'
        # anchors are all it needs. Drawn in full, the entries made a third of the page to write and parse.
        return content + [nodes.container("", ids=[claim_anchor(docname, key)]) for key in claims]
    content += [_claim_entry(docname, key, claim) for key, claim in claims.items()]
    if any(claim["rows"] for claim in claims.values()):
        content.append(_rows_section(docname, claims))
    # Ids must be unique on the page: two rows whose table and id differ only in punctuation or case
    # would share one. Refuse rather than publish links that lead to the wrong row.
    seen: dict[str, str] = {}
    for node in content:
        for element in node.findall(nodes.Element):
            for anchor in element.get("ids", []):
                if anchor in seen:
                    raise ExtensionError(f"evidence page {fromdoc}: two entries would have the id {anchor!r}")
                seen[anchor] = fromdoc
    return content


def _pages_list(app: Sphinx, fromdoc: str) -> nodes.Node:
    env = app.env
    ledgers = _ledgers(env)
    order = {doc: n for n, doc in enumerate(_page_order(env))}
    items = nodes.bullet_list(classes=["claim-pages"])
    for ledger in sorted(ledgers, key=lambda doc: order.get(ledgers[doc], len(order))):
        claims = _store(env).get(ledgers[ledger], {})
        rows = {(row["table"], row["id"]) for claim in claims.values() for row in claim["rows"]}
        para = nodes.paragraph()
        para += nodes.reference("", _title(env, ledger), refuri=app.builder.get_relative_uri(fromdoc, ledger),
                                internal=True)
        para += nodes.Text(f": {_count(len(claims), 'value')} of the page “{_title(env, ledgers[ledger])}”, "
                           f"from {_count(len(rows), 'data row')}.")
        items += nodes.list_item("", para)
    return items


def _fill_ledgers(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    for placeholder in list(doctree.findall(claims_ledger)):
        placeholder.replace_self(_ledger_content(app, fromdoc, placeholder["page"]))
    for placeholder in list(doctree.findall(claims_pages)):
        placeholder.replace_self(_pages_list(app, fromdoc))


def _check_ledgers(app: Sphinx, env) -> None:
    """Once every page is read: each page with claims has exactly one evidence page, and each evidence
    page lists a page with claims. (A book without evidence pages, e.g. a test's scratch book, is
    not checked: its links simply lead nowhere.)"""
    ledgers = _ledgers(env)
    if not ledgers:
        return
    claims = _store(env)
    for page in sorted(page for page in claims if claims[page]):
        listed = sorted(ledger for ledger, listed_page in ledgers.items() if listed_page == page)
        if not listed:
            logger.warning(f"the values glued by {page} are on no evidence page: add a page with "
                           f"```{{claims-ledger}} {page}``` under {EVIDENCE_DOC}", location=page)
        elif len(listed) > 1:
            logger.warning(f"the values of {page} are listed by several evidence pages: {', '.join(listed)}",
                           location=listed[1])
    for ledger, page in sorted(ledgers.items()):
        if not claims.get(page):
            logger.warning(f"evidence page for {page!r}, which glues no values", location=ledger)


def ledger_rows(env) -> list[dict]:
    """One row per claim for the ledger download (data/claims.csv)."""
    rows = []
    claims = _store(env)
    for docname in _page_order(env):
        for key in claims.get(docname, {}):
            c = claims[docname][key]
            sources = dict.fromkeys(s["key"] for r in c["rows"] for s in r["sources"])
            rows.append({"claim_id": claim_anchor(docname, key), "page": docname, "text": c["text"],
                         "value": "" if c["value"] is None else str(c["value"]), "how": c["how"],
                         "rows": " ".join(f"{r['table']}:{r['id']}" for r in c["rows"]),
                         "sources": " ".join(sources)})
    return rows


def ledger_csv(env) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LEDGER_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(ledger_rows(env))
    return out.getvalue()


def _purge(app, env, docname) -> None:
    _store(env).pop(docname, None)
    _ledgers(env).pop(docname, None)
    _indexes(env).discard(docname)


def _merge(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _store(other):
            _store(env)[docname] = _store(other)[docname]
        if docname in _ledgers(other):
            _ledgers(env)[docname] = _ledgers(other)[docname]
        if docname in _indexes(other):
            _indexes(env).add(docname)


def _outdated(app, env, added, changed, removed) -> list[str]:
    # The evidence pages show what other pages glued, and the parent page counts it: re-write them
    # whenever any page was re-read.
    if not (added or changed or removed):
        return []
    return sorted(doc for doc in {*_ledgers(env), *_indexes(env)} if doc in env.found_docs)


def _rewrite_on_new_ledgers(app, env) -> list[str]:
    # Which evidence page a number links to depends on which pages list which claims: when that
    # changes (an evidence page added, moved or removed), every page's links must be written again.
    ledgers = dict(_ledgers(env))
    before = getattr(env, "briefing_ledgers_written", None)
    env.briefing_ledgers_written = ledgers
    return sorted(env.found_docs) if before != ledgers else []


def _write_ledger(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    (target / "claims.csv").write_text(ledger_csv(app.env), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_node(claim_link)
    app.add_node(claims_ledger)
    app.add_node(claims_pages)
    app.add_role_to_domain("glue", "text", ClaimTextRole(), override=True)
    app.add_post_transform(ClaimLinks)
    app.add_directive("claims-ledger", ClaimsLedgerDirective)
    app.add_directive("claims-pages", ClaimsPagesDirective)
    app.connect("doctree-resolved", _fill_ledgers)
    app.connect("env-check-consistency", _check_ledgers)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-get-updated", _rewrite_on_new_ledgers)
    # Before the data package is zipped (priority 400), so the ledger is part of the download.
    app.connect("build-finished", _write_ledger, priority=300)
    app.add_css_file("claims.css")
