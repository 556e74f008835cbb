"""The only way notebooks read data: every table is validated against its descriptor on load."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .paths import DATA_DIR
from .schema import TableSpec, load_descriptor, validate_rows
from .sources import load_sources

PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "string": "string", "source": "string",
                "boolean": "boolean"}


def table_names() -> list[str]:
    """Every described table in data/, in a stable order."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yml"))


def describe(name: str) -> TableSpec:
    return load_descriptor(DATA_DIR / f"{name}.yml")


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
