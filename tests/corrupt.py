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


def assert_rejected(data_dir: Path, name: str, row: int, field: str, value: str, expected: str) -> str:
    """Corrupt one cell of data_dir/data/NAME.csv and check validation names file, row and field."""
    import pytest

    from analysis import DataValidationError, load_sources
    from analysis.schema import load_descriptor, validate_rows

    rewrite_cell(data_dir / "data" / f"{name}.csv", row, field, value)
    spec = load_descriptor(data_dir / "data" / f"{name}.yml")
    with pytest.raises(DataValidationError) as info:
        validate_rows(spec, set(load_sources()))
    message = str(info.value)
    assert f"{name}.csv, row {row}, field '{field}'" in message, message
    assert expected in message, message
    return message
