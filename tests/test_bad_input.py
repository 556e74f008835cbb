"""Input as a careless author or a spreadsheet program writes it: accepted where harmless, rejected
with file, row and field where it would mislead."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from analysis import DataValidationError, load_edition, load_sources
from analysis.schema import load_descriptor, validate_rows

from .corrupt import assert_rejected, rewrite_cell


def test_a_csv_saved_with_a_byte_order_mark_is_read_like_any_other(data_copy):
    path = data_copy / "data" / "command_decisions.csv"
    plain = validate_rows(load_descriptor(data_copy / "data" / "command_decisions.yml"), set(load_sources()))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_rows(load_descriptor(data_copy / "data" / "command_decisions.yml"), set(load_sources())) == plain


def test_a_row_dated_after_the_edition_is_rejected(data_copy):
    later = (load_edition().as_of + dt.timedelta(days=1)).isoformat()
    message = assert_rejected(data_copy, "command_decisions", 2, "date", later, "after the edition's information date")
    assert "future: true" in message


def test_a_field_declared_future_may_hold_later_dates(data_copy):
    descriptor = data_copy / "data" / "command_decisions.yml"
    raw = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    [field] = [f for f in raw["schema"]["fields"] if f.get("name") == "date"]
    field["future"] = True
    descriptor.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    later = (load_edition().as_of + dt.timedelta(days=400)).isoformat()
    rewrite_cell(data_copy / "data" / "command_decisions.csv", 2, "date", later)
    rows = validate_rows(load_descriptor(descriptor), set(load_sources()))
    assert rows[0]["date"] == dt.date.fromisoformat(later)


def test_future_is_only_for_date_fields(data_copy):
    descriptor = data_copy / "data" / "command_decisions.yml"
    raw = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    [field] = [f for f in raw["schema"]["fields"] if f.get("type", "date") != "date"][:1]
    field["future"] = True
    descriptor.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataValidationError, match=f"field '{field['name']}': 'future' is yes or no"):
        load_descriptor(descriptor)
