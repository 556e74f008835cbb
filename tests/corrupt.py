"""Making bad copies of tables: one violation of every constraint a descriptor declares.

`violations(spec, records)` reads a descriptor (and the table's rows, to pick a row where the
violation applies) and returns one cell change per declared constraint: a wrong type, a missing
required value, a repeated unique value, a value outside the enum, below the minimum, above the
maximum, not matching the pattern, a low above its high, an unknown source. The data tests apply each
to a scratch copy and expect the validator to name file, row and field.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.schema import FieldSpec, TableSpec

UNKNOWN_SOURCE = "nobody_2099_nothing"
NOT_A_CODE = "not_a_declared_code"
NOT_MATCHING = "!?"
# The constraint kinds issue 15 lists; the data tests check every one of them is exercised. ("future",
# a date after the edition's as_of, is added where the schema declares which dates may be future.)
KINDS = ("type", "required", "unique", "enum", "minimum", "maximum", "pattern", "ordered", "source")
WRONG_TYPE = {  # (bad text, words of the expected message)
    "integer": ("twelve", "expected a whole number"),
    "number": ("twelve", "expected a number"),
    "date": ("2025-02-30", "not a real date"),
    "boolean": ("maybe", "expected yes or no"),
}


@dataclass(frozen=True)
class Violation:
    table: str
    kind: str
    field: str
    row: int  # spreadsheet numbering: the header is row 1
    value: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.table}-{self.field}-{self.kind}"


def read_records(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def rewrite_cell(path: Path, row: int, field: str, value: str) -> None:
    """Set one cell of a CSV file; `row` counts as a spreadsheet does (the header is row 1)."""
    records = read_records(path)
    records[row - 1][records[0].index(field)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(records)


def _number_text(value: float, type_: str) -> str:
    # Plain digits, as the validator reads numbers (no exponent: 2.7e+07 would be a type error).
    return str(int(value)) if type_ == "integer" else f"{value:.6f}".rstrip("0").rstrip(".")


def _beyond(value: float, type_: str, step: int) -> str:
    """A number just past a bound, written as the field's type expects it."""
    return _number_text(value + step if type_ == "integer" else value + step * 0.5, type_)


def _after(text: str, type_: str) -> str:
    """A value larger than `text` for an ordered pair (a day later for dates)."""
    if type_ == "date":
        return (dt.date.fromisoformat(text) + dt.timedelta(days=1)).isoformat()
    return _number_text(float(text) + 1, type_)


def dated_up_to_the_edition(field: FieldSpec) -> bool:
    """A date field that may not lie after the edition's as_of (FieldSpec.future, where the schema has it)."""
    return field.type == "date" and getattr(field, "future", None) is False


def violations(spec: TableSpec, records: list[list[str]]) -> list[Violation]:
    """One violation per constraint the descriptor declares (see the module docstring)."""
    header, body = records[0], records[1:]
    column = {name: header.index(name) for name in header}
    out: list[Violation] = []

    def add(kind: str, field: str, value: str, expected: str, row: int = 2) -> None:
        out.append(Violation(spec.name, kind, field, row, value, expected))

    for f in spec.fields:
        if f.type in WRONG_TYPE:
            add("type", f.name, *WRONG_TYPE[f.type])
        if f.type == "source":
            add("source", f.name, UNKNOWN_SOURCE, f"unknown source '{UNKNOWN_SOURCE}'")
        if dated_up_to_the_edition(f):
            add("future", f.name, "2999-01-01", "after the edition's information date")
        if f.required or f.name == spec.primary_key:
            add("required", f.name, "", "a value is required")
        if f.unique or f.name == spec.primary_key:
            first = body[0][column[f.name]]
            add("unique", f.name, first, "repeats row 2", row=3)
        if f.enum is not None:
            assert NOT_A_CODE not in f.enum
            add("enum", f.name, NOT_A_CODE, f"'{NOT_A_CODE}' is not one of")
        if f.minimum is not None:
            add("minimum", f.name, _beyond(f.minimum, f.type, -1), "is below the minimum")
        if f.maximum is not None:
            add("maximum", f.name, _beyond(f.maximum, f.type, +1), "is above the maximum")
        if f.pattern is not None:
            assert not re.fullmatch(f.pattern, NOT_MATCHING), f"{spec.name}.{f.name}: pattern accepts {NOT_MATCHING!r}"
            add("pattern", f.name, NOT_MATCHING, f"does not match {f.pattern}")
    types = {f.name: f.type for f in spec.fields}
    for low, high in spec.ordered_pairs:
        row = next(i for i, r in enumerate(body, start=2) if r[column[low]].strip() and r[column[high]].strip())
        add("ordered", low, _after(body[row - 2][column[high]].strip(), types[low]), f"is greater than {high}",
            row=row)
    return out


def assert_rejected(data_dir: Path, name: str, row: int, field: str, value: str, expected: str) -> str:
    """Corrupt one cell of data_dir/data/NAME.csv and check validation names file, row and field."""
    import pytest

    from analysis.errors import DataValidationError
    from analysis.schema import load_descriptor, validate_rows
    from analysis.sources import load_sources

    rewrite_cell(data_dir / "data" / f"{name}.csv", row, field, value)
    spec = load_descriptor(data_dir / "data" / f"{name}.yml")
    with pytest.raises(DataValidationError) as info:
        validate_rows(spec, set(load_sources()))
    message = str(info.value)
    assert f"{name}.csv, row {row}, field '{field}'" in message, message
    assert expected in message, message
    return message
