"""A wide table of text that reads on a phone: its rows stacked, each cell labelled with its column.

The positions table sets four parties against three topics. On a phone its four columns would be
a few words wide, or the table would scroll sideways. A table with the class `stack-on-phone` is
drawn as a table on a wide screen and, on a narrow one (briefing.css), as one block per row with
each cell under its column's heading. The heading is written into each cell here, at build time,
hidden where the table is a table; nothing depends on a script.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

STACKED = "stack-on-phone"
LABEL = "stacked-label"


def label_cells(doctree: nodes.Node) -> None:
    """Each body cell of a stacked table (but the first column, which names the row) starts with its
    column's heading."""
    for table in doctree.findall(nodes.table):
        if STACKED not in table.get("classes", []):
            continue
        thead = next(iter(table.findall(nodes.thead)), None)
        tbody = next(iter(table.findall(nodes.tbody)), None)
        if thead is None or tbody is None:
            raise ValueError(f"a '{STACKED}' table needs a heading row and a body")
        headings = [entry.astext().strip() for entry in thead.next_node(nodes.row).children]
        for row in tbody.children:
            for heading, entry in list(zip(headings, row.children))[1:]:
                paragraph = entry.next_node(nodes.paragraph)
                labelled = any(LABEL in n["classes"] for n in paragraph.findall(nodes.inline)) if paragraph else True
                if not labelled:
                    paragraph.insert(0, nodes.inline("", f"{heading}: ", classes=[LABEL]))


def _label(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    label_cells(doctree)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _label)
