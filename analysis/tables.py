"""The only way notebooks read data: every table is validated against its descriptor on load."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR
from .schema import SHARED_NAME, Code, TableSpec, load_descriptor, validate_rows
from .sources import load_sources

PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "string": "string", "source": "string",
                "boolean": "boolean"}


def table_names() -> list[str]:
    """Every described table in data/, in a stable order."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yml"))


def describe(name: str) -> TableSpec:
    # Asked for once per data row when the evidence of every number is assembled (thousands of times
    # per page), and parsing YAML each time made that most of a chapter's execution. Keyed by the
    # files' modification times, so a descriptor edited in an open notebook is read again.
    path = DATA_DIR / f"{name}.yml"
    shared = DATA_DIR / SHARED_NAME
    return _descriptor(path, path.stat().st_mtime_ns, shared.stat().st_mtime_ns if shared.exists() else 0)


@lru_cache(maxsize=None)
def _descriptor(path: Path, modified: int, shared_modified: int) -> TableSpec:
    return load_descriptor(path)


# --- labels of coded values: the descriptors are their only home ----------------------------------

@lru_cache(maxsize=None)
def codes(table: str, field: str) -> tuple[Code, ...]:
    """The allowed values of a coded field with their labels (and colours), in display order."""
    spec = describe(table)
    found = [f for f in spec.fields if f.name == field]
    if not found:
        raise KeyError(f"{table} has no field '{field}'")
    if found[0].codes is None:
        raise KeyError(f"{table}.{field} is not a coded field (it declares no enum)")
    return found[0].codes


def labels(table: str, field: str) -> dict[str, str]:
    """value -> display label, in display order."""
    return {c.value: c.label for c in codes(table, field)}


def label_of(table: str, field: str, value: str) -> str:
    """The display label of one value; an unknown value fails loudly instead of showing blank."""
    found = labels(table, field)
    if value not in found:
        raise ValueError(f"no label for '{value}': not a value of {table}.{field} (allowed: {', '.join(found)})")
    return found[value]


def label_series(values: pd.Series, table: str, field: str) -> pd.Series:
    """Labels for a column of codes (missing stays missing); an unknown code fails loudly."""
    return values.map(lambda v: v if pd.isna(v) else label_of(table, field, str(v)))


def colours(table: str, field: str) -> dict[str, str]:
    """label -> fixed colour, in display order, for a chart scale (every value must declare one)."""
    missing = [c.value for c in codes(table, field) if c.colour is None]
    if missing:
        raise KeyError(f"{table}.{field}: no colour declared for {', '.join(missing)}")
    return {c.label: c.colour for c in codes(table, field)}


def short_labels(table: str, field: str) -> dict[str, str]:
    """value -> short label (the label where none is declared)."""
    return {c.value: c.short or c.label for c in codes(table, field)}


def frame_from_rows(spec: TableSpec, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=spec.field_names)
    for f in spec.fields:
        if f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name])
        else:
            frame[f.name] = frame[f.name].astype(PANDAS_TYPES[f.type])
    frame.attrs["table"] = spec.name
    return frame


@lru_cache(maxsize=None)
def _load(name: str) -> pd.DataFrame:
    spec = describe(name)
    return frame_from_rows(spec, validate_rows(spec, set(load_sources())))


def load_table(name: str) -> pd.DataFrame:
    """A validated copy of data/NAME.csv (a copy, so callers cannot alter the cached one)."""
    return _load(name).copy()


def load_tables(names) -> dict[str, pd.DataFrame]:
    """Validated copies of several tables, by name: what a chapter's values function takes."""
    return {name: load_table(name) for name in names}
