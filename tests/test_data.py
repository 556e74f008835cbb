"""Every table validates, and corrupted copies are rejected with file, row and field named."""
from __future__ import annotations

import csv

import pytest

from analysis import DataValidationError, describe, load_sources, load_table, table_names
from analysis.schema import NUMERIC, load_descriptor, validate_rows
from analysis.paths import DATA_DIR
from .corrupt import assert_rejected, rewrite_cell as _rewrite


def test_there_are_tables():
    assert len(table_names()) >= 4


@pytest.mark.parametrize("name", table_names())
def test_table_validates_and_is_described(name):
    spec = describe(name)
    frame = load_table(name)
    assert len(frame) > 0
    assert spec.csv_path.exists()
    assert spec.licence
    assert spec.source_fields, f"{name} has no field of type source: rows could not name their source"
    required_sources = [f for f in spec.fields if f.type == "source" and f.required]
    assert required_sources, f"{name}: every row must name its source (a required source field)"
    for f in spec.fields:
        assert f.description.strip()
        if f.type in NUMERIC:
            assert f.unit


def test_every_csv_is_described():
    csvs = {p.stem for p in DATA_DIR.glob("*.csv")}
    assert csvs == set(table_names())


def _first_of_type(name: str, type_: str) -> str:
    return next(f.name for f in describe(name).fields if f.type == type_)


CORRUPTIONS = [
    # (description, field type to corrupt, value, expected words in the message)
    ("wrong type", "integer", "twenty thousand", "expected a whole number"),
    ("negative count", "integer", "-5", "below the minimum"),
    ("unknown source", "source", "nobody_2099_nothing", "unknown source 'nobody_2099_nothing'"),
    ("malformed date", "date", "2025-13-45", "not a real date"),
    ("date in another format", "date", "12/03/2025", "expected a date as YYYY-MM-DD"),
    ("missing required value", "source", "", "a value is required"),
]


@pytest.mark.parametrize("what,type_,value,expected", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_row_is_rejected_with_file_row_and_field(data_copy, what, type_, value, expected):
    name = "force_size_estimates"
    field = _first_of_type(name, type_)
    assert_rejected(data_copy, name, 3, field, value, expected)


def test_low_above_high_is_rejected(data_copy):
    path = data_copy / "data" / "force_size_estimates.csv"
    _rewrite(path, 2, "low", "999999")
    spec = load_descriptor(data_copy / "data" / "force_size_estimates.yml")
    with pytest.raises(DataValidationError, match=r"row 2, field 'low': low \(999999\) is greater than high"):
        validate_rows(spec, set(load_sources()))


def test_duplicate_id_is_rejected(data_copy):
    path = data_copy / "data" / "command_decisions.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        first_id = list(csv.reader(handle))[1][0]
    _rewrite(path, 3, "id", first_id)
    spec = load_descriptor(data_copy / "data" / "command_decisions.yml")
    with pytest.raises(DataValidationError, match=r"row 3, field 'id': .* repeats row 2"):
        validate_rows(spec, set(load_sources()))


def test_enum_violation_is_rejected(data_copy):
    _rewrite(data_copy / "data" / "protected_sites.csv", 2, "site_kind", "castle")
    spec = load_descriptor(data_copy / "data" / "protected_sites.yml")
    with pytest.raises(DataValidationError, match=r"row 2, field 'site_kind': 'castle' is not one of"):
        validate_rows(spec, set(load_sources()))


def test_short_row_is_rejected(data_copy):
    path = data_copy / "data" / "command_decisions.csv"
    with path.open(encoding="utf-8") as handle:
        text = handle.read()
    path.write_text(text.rstrip("\n") + "\nlonely_id,2025-01-01\n", encoding="utf-8")
    spec = load_descriptor(data_copy / "data" / "command_decisions.yml")
    n_rows = text.rstrip("\n").count("\n") + 2
    with pytest.raises(DataValidationError, match=rf"row {n_rows}: has 2 cells"):
        validate_rows(spec, set(load_sources()))


def test_header_mismatch_is_rejected(data_copy):
    path = data_copy / "data" / "protected_sites.csv"
    text = path.read_text(encoding="utf-8").replace("latitude", "lat", 1)
    path.write_text(text, encoding="utf-8")
    spec = load_descriptor(data_copy / "data" / "protected_sites.yml")
    with pytest.raises(DataValidationError, match=r"protected_sites.csv, row 1: header does not match .*missing \['latitude'\]"):
        validate_rows(spec, set(load_sources()))


def test_every_problem_is_reported_not_just_the_first(data_copy):
    path = data_copy / "data" / "force_size_estimates.csv"
    _rewrite(path, 2, "low", "x")
    _rewrite(path, 4, "stated_on", "yesterday")
    spec = load_descriptor(data_copy / "data" / "force_size_estimates.yml")
    with pytest.raises(DataValidationError) as info:
        validate_rows(spec, set(load_sources()))
    assert len(info.value.problems) == 2


def test_descriptor_with_unknown_type_is_rejected(data_copy):
    path = data_copy / "data" / "protected_sites.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: number", "type: float", 1), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"protected_sites.yml schema field \d+: type must be one of"):
        load_descriptor(path)


def test_numeric_field_without_unit_is_rejected(data_copy):
    path = data_copy / "data" / "force_size_estimates.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("      unit: personnel\n", "", 1), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"field 'low': numeric fields need a unit"):
        load_descriptor(path)


def test_loaded_types_are_typed():
    sizes = load_table("force_size_estimates")
    assert str(sizes["low"].dtype) == "Int64"
    assert str(sizes["stated_on"].dtype).startswith("datetime64")
