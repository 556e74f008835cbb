"""Every table validates, and corrupted copies are rejected with file, row and field named."""
from __future__ import annotations

import shutil

import pytest

from analysis import DataValidationError, describe, load_sources, load_table, table_names
from analysis.schema import NUMERIC, load_descriptor, load_shared_fields, validate_rows
from analysis.tables import colours, label_of, labels
from analysis.paths import DATA_DIR
from .corrupt import (KINDS, WRONG_TYPE, Violation, dated_up_to_the_edition, read_records, rewrite_cell,
                      violations)


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
    assert set(KINDS) <= {v.kind for v in VIOLATIONS}


@pytest.mark.parametrize("name", table_names())
def test_every_declared_constraint_of_a_table_gets_a_violation(name):
    spec = describe(name)
    declared = sum(
        (f.type in WRONG_TYPE) + (f.type == "source") + dated_up_to_the_edition(f) + (f.required or f.name == spec.primary_key)
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


# --- labels of coded values live in the descriptors, and nowhere else --------------------------------


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", table_names())
def test_every_coded_value_has_a_label(name):
    for f in describe(name).fields:
        if f.enum is not None:
            assert [c.value for c in f.codes] == list(f.enum)
            assert all(c.label.strip() for c in f.codes), f"{name}.{f.name}"


def test_enum_without_labels_is_rejected_naming_descriptor_and_field(data_copy):
    path = data_copy / "data" / "protected_sites.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("        enum:\n          city: City"), text.index("    - name: oblast")
    path.write_text(text[:start] + "        enum: [castle, city]\n" + text[end:], encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"protected_sites.yml schema field \d+, field 'site_kind': "
                                                  r"enum values castle, city have no label"):
        load_descriptor(path)


def test_new_enum_value_without_a_label_is_rejected(data_copy):
    path = data_copy / "data" / "protected_sites.yml"
    _edit(path, "          city: City\n", "          city: City\n          castle:\n")
    with pytest.raises(DataValidationError, match=r"protected_sites.yml .*field 'site_kind': enum value 'castle' has no label"):
        load_descriptor(path)


def test_unquoted_yes_in_an_enum_is_rejected(data_copy):
    path = data_copy / "data" / "peacekeeping_principles.yml"
    _edit(path, '"yes": Impartial', "yes: Impartial")
    with pytest.raises(DataValidationError, match=r"field 'proposed_force_coding': enum value True is not text: quote it"):
        load_descriptor(path)


def test_bad_colour_is_rejected(data_copy):
    path = data_copy / "data" / "path_forward_conditions.yml"
    _edit(path, 'colour: "#0072B2"', "colour: blue")
    with pytest.raises(DataValidationError, match=r"field 'status': enum value 'met': colour must be #RRGGBB"):
        load_descriptor(path)


def test_a_new_labelled_value_reaches_the_chart_and_an_unlabelled_one_fails_loudly(data_copy, monkeypatch):
    import analysis.tables as tables
    from analysis.concept_charts import site_distance_chart

    monkeypatch.setattr(tables, "DATA_DIR", data_copy / "data")
    tables.codes.cache_clear()
    tables._load.cache_clear()
    descriptor = data_copy / "data" / "protected_sites.yml"
    _edit(descriptor, "          city: City\n", "          city: City\n          castle: Castle\n")
    rewrite_cell(data_copy / "data" / "protected_sites.csv", 2, "site_kind", "castle")
    try:
        chart = site_distance_chart(load_table("protected_sites"), load_table("front_reference_points"))
        assert "Castle" in set(chart.data["kind"])
        _edit(descriptor, "castle: Castle", "castle:")
        tables.codes.cache_clear()
        tables._load.cache_clear()
        with pytest.raises(DataValidationError, match="enum value 'castle' has no label"):
            load_table("protected_sites")
    finally:
        tables.codes.cache_clear()
        tables._load.cache_clear()


def test_label_of_an_unknown_value_fails_loudly():
    assert label_of("path_forward_conditions", "status", "partly_met") == "Partly met"
    with pytest.raises(ValueError, match=r"no label for 'done': not a value of path_forward_conditions.status"):
        label_of("path_forward_conditions", "status", "done")
    with pytest.raises(KeyError, match="not a coded field"):
        labels("path_forward_conditions", "scope")


def test_colours_and_order_come_from_the_descriptor():
    assert colours("path_forward_conditions", "status") == {"Met": "#0072B2", "Partly met": "#E69F00",
                                                            "Not met": "#D55E00"}
    assert list(labels("us_statements", "stance")) == ["supportive", "conditional", "ambiguous", "opposed"]
    with pytest.raises(KeyError, match="no colour declared"):
        colours("coalition_positions", "position")


# --- shared field text is written once and expanded on load ------------------------------------------


def test_shared_fields_are_expanded_in_full():
    shared = load_shared_fields(DATA_DIR)
    spec = describe("protected_sites")
    id_field = spec.fields[0]
    assert (id_field.name, id_field.type, id_field.required, id_field.unique) == ("id", "string", True, True)
    assert id_field.description == shared["id"]["description"] and id_field.pattern == "[a-z0-9_]+"
    uses = sum(path.read_text(encoding="utf-8").count("{use: source_id") for path in DATA_DIR.glob("*.yml"))
    assert uses >= 10
    for name in table_names():
        for f in describe(name).fields:
            if f.name == "source_id":
                assert f.type == "source" and f.required and f.description.startswith("Key")


def test_a_field_may_replace_shared_keys(data_copy):
    spec = load_descriptor(data_copy / "data" / "us_cost_estimates.yml")
    key = next(f for f in spec.fields if f.name == "capability_key")
    assert not key.required and key.enum == describe("us_capability_dependency").fields[1].enum


def test_unknown_shared_field_is_rejected(data_copy):
    path = data_copy / "data" / "protected_sites.yml"
    _edit(path, "{use: id,", "{use: identifier,")
    with pytest.raises(DataValidationError, match=r"protected_sites.yml schema field 1: uses 'identifier', which "
                                                  r"shared.yaml does not define"):
        load_descriptor(path)
