"""A reader-facing catalogue of the data tables, built from their descriptors."""
from __future__ import annotations

import html

import pandas as pd

from . import chart_html
from .paths import relative
from .tables import describe, load_table, table_names


def reader_table_html(frame: pd.DataFrame, label: str) -> str:
    """A frame as an HTML table for readers, without pandas' row numbers (their column has an empty
    header cell that screen readers announce as nothing; axe: empty-table-header), scrolling by itself
    on a phone (chart_html.scrolling_table)."""
    return chart_html.scrolling_table(
        frame.to_html(index=False, border=0, classes=chart_html.TABLE, escape=True), label)


class ReaderTable:
    """A frame shown to readers as `reader_table_html` draws it; as text where there is no HTML."""

    def __init__(self, frame: pd.DataFrame, label: str):
        self.frame = frame
        self.label = label

    def _repr_html_(self) -> str:
        return reader_table_html(self.frame, self.label)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def table_catalogue() -> ReaderTable:
    rows = []
    for name in table_names():
        spec = describe(name)
        rows.append({"table": spec.title, "file": relative(spec.csv_path), "rows": len(load_table(name)),
                     "fields": len(spec.fields), "licence": spec.licence})
    return ReaderTable(pd.DataFrame(rows), "The data tables")


def _constraints(field) -> str:
    parts = []
    if field.required:
        parts.append("required")
    if field.unique:
        parts.append("unique")
    if field.enum:
        parts.append("one of: " + ", ".join(field.enum))
    if field.minimum is not None:
        parts.append(f"≥ {field.minimum:g}")
    if field.maximum is not None:
        parts.append(f"≤ {field.maximum:g}")
    return "; ".join(parts)


def schema_frame(name: str) -> pd.DataFrame:
    """One table's fields as a reader-facing table."""
    return pd.DataFrame([{"field": f.name, "type": f.type, "unit": f.unit or "", "constraints": _constraints(f),
                          "description": f.description} for f in describe(name).fields])


def data_page_html(data_url: str = "../data/") -> str:
    """Every table with its description, schema, licence and downloads, as HTML for the data page."""
    blocks = []
    for name in table_names():
        spec = describe(name)
        rows = len(load_table(name))
        table = reader_table_html(schema_frame(name), f"Fields of {spec.title}")
        blocks.append(
            f'<section class="data-table" id="data-{name}"><h2>{html.escape(spec.title)}</h2>'
            f"<p>{html.escape(spec.description)}</p>"
            f"<p><strong>{rows}</strong> rows · licence {html.escape(spec.licence)} · "
            f'<a href="{data_url}{spec.csv_path.name}" download>{spec.csv_path.name}</a> · '
            f'<a href="{data_url}{spec.descriptor_path.name}" download>{spec.descriptor_path.name}</a> (description)</p>'
            f"{table}</section>")
    return "\n".join(blocks)


def is_republished(source) -> bool:
    """Whether we read a copy rather than the original: the entry names the copy in `via`, or the
    text itself is an aggregator's copy or rewrite (kind `aggregator_copy`)."""
    return source.via is not None or source.kind == "aggregator_copy"


def source_profile() -> dict[str, int]:
    """Counts that tell a reader how much to trust the source base, each from the bibliography itself."""
    from .sources import load_sources

    sources = list(load_sources().values())
    return {
        "all": len(sources),
        "with_url": sum(1 for s in sources if s.url),
        "undated": sum(1 for s in sources if s.undated),
        "republished": sum(1 for s in sources if is_republished(s)),
        "no_headline": sum(1 for s in sources if s.title.startswith("[")),
    }


def source_kinds_table() -> pd.DataFrame:
    """How many sources of each kind the briefing cites, strongest kind first, and how many of each we
    could read only in a copy: the source mix a reader should weigh the briefing by."""
    from .sources import SOURCE_KINDS, load_sources

    sources = list(load_sources().values())
    rows = []
    for kind, label in SOURCE_KINDS.items():
        of_kind = [s for s in sources if s.kind == kind]
        rows.append({"Kind of source": label, "Sources": len(of_kind),
                     "Share": f"{len(of_kind) / len(sources):.0%}",
                     "Read only in a copy": sum(1 for s in of_kind if s.via is not None)})
    return pd.DataFrame(rows)


def methods_values() -> dict:
    """Every value the methods page glues but its claim: counts of the sources and tables, the
    catalogue of tables and the mix of sources."""
    from .sources import load_sources

    values = {"n_sources": len(load_sources()), "n_tables": len(table_names()), "catalogue": table_catalogue(),
              # A plain HTML table, not a pandas Styler: a Styler gives its table a random id, and
              # builds must be byte-identical.
              "source_kinds": ReaderTable(source_kinds_table(), "Sources by kind")}
    values.update({f"sources_{name}": count for name, count in source_profile().items()})
    return values


def data_page_values() -> dict:
    """Every value the data page glues: the edition, the number of tables and each table described."""
    from IPython.display import HTML

    from .edition import load_edition

    return {"n_tables": len(table_names()), "version": load_edition().version, "tables": HTML(data_page_html())}
