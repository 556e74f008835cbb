"""Every table validates, and corrupted copies are rejected with file, row and field named."""
from __future__ import annotations

import shutil

import pytest

from analysis import DataValidationError, describe, load_sources, load_table, table_names
from analysis.schema import NUMERIC, load_descriptor, validate_rows
from analysis.paths import DATA_DIR
from .corrupt import KINDS, WRONG_TYPE, Violation, read_records, rewrite_cell, violations


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


# --- bad rows: one generated per constraint each descriptor declares --------------------------------


def _violations() -> list[Violation]:
    return [v for name in table_names() for v in violations(describe(name), read_records(describe(name).csv_path))]


VIOLATIONS = _violations()


@pytest.fixture
def scratch_data(tmp_path):
    """A scratch data/ with the descriptors and shared definitions; tests copy in the table they corrupt."""
    target = tmp_path / "data"
    target.mkdir()
    for path in DATA_DIR.iterdir():
        if path.suffix in (".yml", ".yaml"):
            shutil.copy(path, target / path.name)
    return target


@pytest.mark.parametrize("violation", VIOLATIONS, ids=[v.id for v in VIOLATIONS])
def test_violating_copy_is_rejected_naming_file_row_and_field(scratch_data, violation):
    csv_path = scratch_data / f"{violation.table}.csv"
    shutil.copy(DATA_DIR / csv_path.name, csv_path)
    rewrite_cell(csv_path, violation.row, violation.field, violation.value)
    spec = load_descriptor(scratch_data / f"{violation.table}.yml")
    with pytest.raises(DataValidationError) as info:
        validate_rows(spec, set(load_sources()))
    ours = [p for p in info.value.problems if p.row == violation.row and p.field == violation.field]
    assert ours, str(info.value)
    assert any(violation.expected in str(p) for p in ours), str(info.value)
    assert f"{violation.table}.csv, row {violation.row}, field '{violation.field}'" in str(info.value)


def test_every_kind_of_constraint_is_exercised():
    assert {v.kind for v in VIOLATIONS} == set(KINDS)


@pytest.mark.parametrize("name", table_names())
def test_every_declared_constraint_of_a_table_gets_a_violation(name):
    spec = describe(name)
    declared = sum(
        (f.type in WRONG_TYPE) + (f.type == "source") + (f.required or f.name == spec.primary_key)
        + (f.unique or f.name == spec.primary_key) + (f.enum is not None) + (f.minimum is not None)
        + (f.maximum is not None) + (f.pattern is not None) for f in spec.fields) + len(spec.ordered_pairs)
    assert declared > 0
    assert len([v for v in VIOLATIONS if v.table == name]) == declared


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
    rewrite_cell(path, 2, "low", "x")
    rewrite_cell(path, 4, "stated_on", "yesterday")
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
