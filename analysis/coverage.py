"""How far the data reaches in time: the landing page states it, so readers know what is not covered."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .tables import describe, load_table, table_names


@dataclass(frozen=True)
class DatedEvent:
    date: pd.Timestamp
    what: str
    table: str


def latest_dated_event(names: list[str] | None = None) -> DatedEvent:
    """The latest date in any date field of the given tables (all tables by default)."""
    best: DatedEvent | None = None
    for name in names or table_names():
        spec = describe(name)
        frame = load_table(name)
        label = next((c for c in ("event", "label", "name", "statement") if c in frame.columns), spec.field_names[0])
        for f in spec.fields:
            if f.type != "date":
                continue
            column = frame[f.name].dropna()
            if column.empty:
                continue
            row = frame.loc[column.idxmax()]
            if best is None or row[f.name] > best.date:
                best = DatedEvent(row[f.name], str(row[label]), name)
    if best is None:
        raise ValueError("no table has a dated row")
    return best
