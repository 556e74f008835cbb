"""Claims: a value printed in the prose, together with the data rows it was computed from.

A chapter module's values function returns `Claim`s; the notebook glues them with `glue_all`. The
glued output carries, next to the printed text, the claim's provenance (how it was computed; each
row used with its date, sources and verbatim evidence) under `CLAIM_MIME`. The Sphinx side
(`booktools.claims`) reads that from the executed notebook, links the number to its entry on the
evidence page and writes the ledger download, without importing pandas.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

import pandas as pd

CLAIM_MIME = "application/vnd.briefing.claim+json"


@dataclass(frozen=True)
class Claim:
    """`text` as printed, the raw `value` behind it, a one-line `how`, and (table, row id) pairs used."""

    text: str
    value: Any
    how: str
    rows: tuple[tuple[str, str], ...]
    assumption: bool = False  # a parameter the briefing chose (no rows), said so on the evidence page

    def __post_init__(self):
        if not self.how.strip():
            raise ValueError(f"claim {self.text!r}: say in one line how it was computed")
        if not self.rows and not self.assumption:
            raise ValueError(f"claim {self.text!r} ({self.how}): no data rows; every value needs its evidence")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        # text/plain holds the repr: MyST-NB literal-evals it, and "64,000" unquoted would become a tuple.
        return {"text/plain": repr(self.text), CLAIM_MIME: evidence(self)}


def _table_of(frame: pd.DataFrame) -> str:
    table = frame.attrs.get("table")
    if not table:
        raise ValueError("a claim's rows must come from a loaded table (frame.attrs['table'] is missing)")
    return table


def row_ids(frame: pd.DataFrame) -> list[str]:
    """The primary-key values of the rows in `frame` (a loaded table or a filtered/indexed copy)."""
    from .tables import describe

    key = describe(_table_of(frame)).primary_key
    if key in frame.columns:
        values = frame[key]
    elif frame.index.name == key:
        values = frame.index
    else:
        raise ValueError(f"rows of {_table_of(frame)} lost their key column {key!r}")
    return [str(v) for v in values]


def rows_of(*frames: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(table, row id) of every row of every frame, without repeats, in order."""
    pairs = [(_table_of(f), rid) for f in frames for rid in row_ids(f)]
    return tuple(dict.fromkeys(pairs))


def claim(text: str, value: Any, how: str, *frames: pd.DataFrame) -> Claim:
    """A value computed from the rows of `frames`."""
    return Claim(str(text), value, how, rows_of(*frames))


def assumption(text: str, value: Any, why: str) -> Claim:
    """A value the briefing chose rather than found (a model default): no rows, and the page says so."""
    return Claim(str(text), value, f"our assumption, not a sourced figure: {why}", (), assumption=True)


def claim_count(frame: pd.DataFrame, how: str, among: pd.DataFrame | None = None, words: bool = False) -> Claim:
    """How many rows `frame` has. The evidence is those rows; for a count of zero, the rows looked at
    (`among`). `words` prints "none" for zero (prose like "none is met")."""
    n = len(frame)
    if n == 0 and among is None:
        raise ValueError(f"count {how!r} is zero: pass the rows looked at as `among`")
    text = "none" if words and n == 0 else str(n)
    return claim(text, n, how, frame if n else among)


def claim_unique(frame: pd.DataFrame, field: str, how: str) -> Claim:
    """How many distinct values `field` takes in `frame`."""
    n = int(frame[field].nunique())
    return claim(str(n), n, how, frame)


def claim_row_value(frame: pd.DataFrame, row_id: str, field: str, fmt: str | Callable = "{:,}",
                    how: str | None = None) -> Claim:
    """One cell: `field` of the row whose key is `row_id`, formatted with `fmt`."""
    match = frame[[rid == str(row_id) for rid in row_ids(frame)]]
    if len(match) != 1:
        raise KeyError(f"{_table_of(frame)}: no single row {row_id!r}")
    value = match[field].iloc[0]
    if pd.isna(value):
        raise ValueError(f"{_table_of(frame)}, row {row_id!r}, field {field!r} is empty")
    text = fmt(value) if callable(fmt) else fmt.format(value)
    return Claim(text, value, how or f"{field} of row {row_id}", rows_of(match))


def claim_stated(frame: pd.DataFrame, row_id: str, pattern: str, how: str, field: str = "evidence") -> Claim:
    """A figure as one row's text states it: the first group of `pattern` in `field` (by default the
    verbatim evidence). For figures a table keeps only in words, so the prose still quotes the row
    rather than retyping it; a changed row that no longer says it fails loudly."""
    import re

    match = frame[[rid == str(row_id) for rid in row_ids(frame)]]
    if len(match) != 1:
        raise KeyError(f"{_table_of(frame)}: no single row {row_id!r}")
    text = str(match[field].iloc[0])
    found = re.search(pattern, text)
    if not found:
        raise ValueError(f"{_table_of(frame)}, row {row_id!r}, field {field!r} does not state {pattern!r}: {text!r}")
    stated = found.group(1)
    try:
        value: Any = float(stated.replace(",", ""))
    except ValueError:
        value = stated
    return Claim(stated, value, how, rows_of(match))


def glue_all(values: Mapping[str, Any]) -> None:
    """Glue every value a chapter's values function returns: claims with their provenance, and charts."""
    from myst_nb import glue

    from .charts import ChartFigure

    for key, value in values.items():
        if not isinstance(value, (Claim, ChartFigure)):
            raise TypeError(f"{key!r}: glue a Claim (a value with its rows) or a ChartFigure, got {type(value).__name__}")
        glue(key, value, display=False)


def glue_plain(values: Mapping[str, Any]) -> None:
    """Glue what a page says about the publication itself, not a figure from the data: the edition,
    counts of the briefing's own sources and tables, reading times, blocks of HTML. Figures from the
    data go through `glue_all`, with the rows they come from."""
    from myst_nb import glue

    from .charts import ChartFigure

    for key, value in values.items():
        if isinstance(value, (Claim, ChartFigure)):
            raise TypeError(f"{key!r}: a claim or chart is glued with glue_all, which keeps its evidence")
        glue(key, value, display=False)


# --- the provenance shown on the evidence page ------------------------------------------------------

@lru_cache(maxsize=None)
def _rows_by_id(table: str) -> dict[str, pd.Series]:
    from .tables import _load, describe

    key = describe(table).primary_key
    return {str(row[key]): row for _, row in _load(table).iterrows()}


def _row_record(table: str, row_id: str) -> dict:
    from .sources import load_sources
    from .tables import describe

    spec = describe(table)
    row = _rows_by_id(table)[row_id]
    date = next((f"{row[f.name]:%Y-%m-%d}" for f in spec.fields if f.type == "date" and not pd.isna(row[f.name])), "")
    excerpts = [str(row[name]) for name in spec.field_names
                if (name == "evidence" or name.endswith("_evidence")) and not pd.isna(row[name])]
    sources = []
    known = load_sources()
    for name in dict.fromkeys(str(row[f]) for f in spec.source_fields if not pd.isna(row[f])):
        s = known[name]
        sources.append({"key": s.key, "publisher": s.publisher, "title": s.title,
                        "date": s.date.isoformat(), "url": s.url or ""})
    # Shown beside the sources when they are all weak kinds (wiki, aggregator, state media): why no
    # stronger one exists. Empty for every other row.
    reason = row.get("weak_source_reason")
    return {"table": table, "table_title": spec.title, "id": row_id, "date": date,
            "evidence": excerpts, "sources": sources, "weak_source_reason": "" if pd.isna(reason) else str(reason)}


def evidence(c: Claim) -> dict:
    """Everything the evidence page shows for one claim (plain JSON: the Sphinx side reads it)."""
    return {"text": c.text, "value": _plain(c.value), "how": c.how,
            "rows": [_row_record(table, rid) for table, rid in c.rows]}


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (int, float, str, bool)) or value is None else str(value)
