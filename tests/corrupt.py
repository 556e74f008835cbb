"""Making bad copies of tables, shared by every test that checks a bad row is rejected."""
from __future__ import annotations

import csv
from pathlib import Path


def rewrite_cell(path: Path, row: int, field: str, value: str) -> None:
    """Set one cell of a CSV file; `row` counts as a spreadsheet does (the header is row 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    records[row - 1][records[0].index(field)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(records)
