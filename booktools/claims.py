"""Every glued number links to its evidence: the claims ledger on the Sphinx side.

A chapter glues `analysis.claims.Claim`s; their output carries the provenance under CLAIM_MIME.
Here, while a page is read, `{glue:text}` records each claim's provenance in the environment and
marks the pasted text; when pages are written, each mark becomes a link to the claim's entry on the
evidence page (`{claims-ledger}`), which lists value, how it was computed and every row used with
its date, sources and verbatim evidence. The ledger is also written as data/claims.csv.

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
from sphinx.transforms.post_transforms import SphinxPostTransform

CLAIM_MIME = "application/vnd.briefing.claim+json"  # the same string as analysis.claims.CLAIM_MIME
EVIDENCE_DOC = "chapters/evidence"
LINK_TITLE = "Evidence for this number"
LEDGER_FIELDS = ["claim_id", "page", "text", "value", "how", "rows", "sources"]


def claim_anchor(docname: str, key: str) -> str:
    """The claim's id on the evidence page: one per page and glue key, stable across builds."""
    return "claim-" + re.sub(r"[^a-z0-9]+", "-", f"{docname.split('/')[-1]}-{key}".lower()).strip("-")


def _store(env) -> dict:
    if not hasattr(env, "briefing_claims"):
        env.briefing_claims = {}
    return env.briefing_claims


class claim_link(nodes.Inline, nodes.TextElement):
    """Pasted claim text, waiting to become a link to its evidence when the page is written."""


class claims_ledger(nodes.General, nodes.Element):
    """Where the evidence page lists every claim (filled in once every page has been read)."""


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
    uri = builder.get_relative_uri(fromdoc, EVIDENCE_DOC) + "#" + anchor
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
    def run(self):
        return [claims_ledger("")]


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


def _source_nodes(source: dict) -> list[nodes.Node]:
    parts: list[nodes.Node] = [nodes.Text(f"{source['publisher']}, “{source['title']}”, {source['date']}")]
    if source["url"]:
        parts += [nodes.Text(", "), nodes.reference(source["url"], source["url"], refuri=source["url"])]
    return parts


def _row_item(row: dict) -> nodes.list_item:
    para = nodes.paragraph()
    para += nodes.strong(text=f"{row['table_title']}, row {row['id']}")
    if row["date"]:
        para += nodes.Text(f" (dated {row['date']})")
    item = nodes.list_item("", para)
    for source in row["sources"]:
        item += nodes.paragraph("", "", nodes.Text("Source: "), *_source_nodes(source))
    if row.get("weak_source_reason"):
        item += nodes.paragraph(text=f"Why no stronger source: {row['weak_source_reason']}")
    for excerpt in row["evidence"]:
        item += nodes.block_quote("", nodes.paragraph(text=excerpt))
    return item


def _claim_entry(builder, docname: str, key: str, claim: dict) -> nodes.container:
    entry = nodes.container(ids=[claim_anchor(docname, key)], classes=["claim-entry"])
    head = nodes.paragraph()
    head += nodes.strong(text=claim["text"])
    head += nodes.Text(f": {claim['how']}.")
    entry += head
    rows = nodes.bullet_list(classes=["claim-rows"])
    for row in claim["rows"]:
        rows += _row_item(row)
    entry += rows
    return entry


def _fill_ledgers(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    env = app.env
    claims = _store(env)
    for placeholder in list(doctree.findall(claims_ledger)):
        content: list[nodes.Node] = []
        for docname in _page_order(env):
            if not claims.get(docname):
                continue
            title = env.titles[docname].astext() if docname in env.titles else docname
            # A section per page, so that a screen reader can move between them by heading.
            section = nodes.section(ids=[claim_anchor(docname, "page")], classes=["claim-page"])
            section += nodes.title(text=title)
            intro = nodes.paragraph(text=f"{len(claims[docname])} values, in the order the page's code computes them. ")
            if app.builder.name != "singlehtml":
                uri = app.builder.get_relative_uri(fromdoc, docname)
                intro += nodes.reference("", "Back to the page", refuri=uri, internal=True)
                intro += nodes.Text(".")
            section += intro
            for key in claims[docname]:
                section += _claim_entry(app.builder, docname, key, claims[docname][key])
            content.append(section)
        placeholder.replace_self(content)


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


def _merge(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _store(other):
            _store(env)[docname] = _store(other)[docname]


def _outdated(app, env, added, changed, removed) -> list[str]:
    # The evidence page shows every page's claims: re-write it whenever any page was re-read.
    return [EVIDENCE_DOC] if (added or changed or removed) and EVIDENCE_DOC in env.found_docs else []


def _write_ledger(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name != "html":
        return
    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    (target / "claims.csv").write_text(ledger_csv(app.env), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_node(claim_link)
    app.add_node(claims_ledger)
    app.add_role_to_domain("glue", "text", ClaimTextRole(), override=True)
    app.add_post_transform(ClaimLinks)
    app.add_directive("claims-ledger", ClaimsLedgerDirective)
    app.connect("doctree-resolved", _fill_ledgers)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    # Before the data package is zipped (priority 400), so the ledger is part of the download.
    app.connect("build-finished", _write_ledger, priority=300)
    app.add_css_file("claims.css")
