"""Table descriptors (a small Frictionless-style dialect) and the validator that enforces them.

Each table `data/NAME.csv` is described by `data/NAME.yml`:

    name, title, description, licence, path
    primary_key: a field whose values are unique
    row_checks: [{ordered: [low, high]}]      # low <= high in every row where both are present
    schema.fields: [{name, type, description, unit?, future?, constraints?: {required, unique, enum,
                     minimum, maximum, pattern}}]

A date later than the edition's information date (`as_of` in edition.yml) is rejected, unless its
field says `future: true` (a deadline, a planned end): a row dated after it cannot be information
the edition had.

Types: string, integer, number, date (YYYY-MM-DD), boolean (yes/no), source (a references.bib key).

Coded values carry their display label: `enum` maps each allowed value to its label, in the order
charts and legends list them, optionally with a fixed colour where the colour carries meaning:

    constraints:
      enum:
        met: {label: Met, colour: "#0072B2"}
        not_met: Not met                     # label only
        isr: {label: "Intelligence, surveillance, reconnaissance", short: ISR}   # short: where space is tight
        "no": Aligned                        # quote yes/no/on/off: YAML reads them as booleans

A value without a label is an error, so a new code cannot reach a chart as a blank. Charts and prose
read labels through `analysis.tables.labels()` / `label_of()`, never from their own dictionaries.

Text shared by several descriptors lives once in `data/shared.yaml` (it describes no table, hence
not `.yml`). A field `{use: NAME}` is the shared field NAME; keys written beside `use` replace the
shared ones, and `constraints` are merged key by key (e.g. `{use: id, constraints: {pattern: ...}}`).
The loader expands it, so a TableSpec always holds complete fields.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .edition import load_edition
from .errors import DataValidationError, Problem
from .paths import relative

TYPES = ("string", "integer", "number", "date", "boolean", "source")
NUMERIC = ("integer", "number")
DESCRIPTOR_KEYS = {"name", "title", "description", "licence", "path", "primary_key", "row_checks", "schema"}
FIELD_KEYS = {"name", "type", "description", "unit", "constraints", "future"}
CONSTRAINT_KEYS = {"required", "unique", "enum", "minimum", "maximum", "pattern"}
CODE_KEYS = {"label", "colour", "short"}
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
SHARED_NAME = "shared.yaml"  # next to the descriptors; see the module docstring


@dataclass(frozen=True)
class Code:
    """One allowed value of a coded field, with what a reader sees instead of it."""
    value: str
    label: str
    colour: str | None = None
    short: str | None = None  # where a chart has room for a word, not a phrase


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str
    unit: str | None = None
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    codes: tuple[Code, ...] | None = None  # the enum's values with labels, in display order
    future: bool = False  # a date field that may lie after the edition's as_of date


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    licence: str
    csv_path: Path
    descriptor_path: Path
    fields: tuple[FieldSpec, ...]
    primary_key: str | None = None
    ordered_pairs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def source_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.type == "source"]


# libyaml's loader when PyYAML has it (the same safe rules, several times faster than pure Python).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    where = relative(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataValidationError([Problem(where, f"cannot read the descriptor: {exc}")]) from exc


def load_shared_fields(data_dir: Path) -> dict[str, dict]:
    """The shared field definitions of data/shared.yaml, by name (no file: none)."""
    path = data_dir / SHARED_NAME
    if not path.exists():
        return {}
    raw = _read_yaml(path)
    fields = raw.get("fields") if isinstance(raw, dict) else None
    if not isinstance(fields, dict) or not all(isinstance(f, dict) for f in fields.values()):
        raise DataValidationError([Problem(relative(path), "must hold `fields:`, a mapping of name to field")])
    return fields


def _expand(f: dict, shared: dict[str, dict], label: str, problems: list[Problem]) -> dict | None:
    """A field written as {use: NAME, ...overrides} becomes the shared field with the overrides."""
    if "use" not in f:
        return f
    base = shared.get(f["use"])
    if base is None:
        problems.append(Problem(label, f"uses '{f['use']}', which {SHARED_NAME} does not define"))
        return None
    own = {k: v for k, v in f.items() if k != "use"}
    return {**base, **own, "constraints": {**(base.get("constraints") or {}), **(own.get("constraints") or {})}}


def _codes(enum: Any, label: str, name: str, problems: list[Problem]) -> tuple[Code, ...]:
    """The enum's values with their labels; every value needs a label, so none reaches a chart blank."""
    if isinstance(enum, list):
        problems.append(Problem(label, f"enum values {', '.join(map(str, enum))} have no label: write enum as a "
                                       "mapping `value: label`", field=name))
        return ()
    if not isinstance(enum, dict) or not enum:
        problems.append(Problem(label, "enum must map each allowed value to its label", field=name))
        return ()
    codes = []
    for value, spec in enum.items():
        if not isinstance(value, str):
            problems.append(Problem(label, f"enum value {value!r} is not text: quote it (YAML reads yes, no, on, "
                                           "off as booleans and digits as numbers)", field=name))
            continue
        if isinstance(spec, dict):
            for key in sorted(set(spec) - CODE_KEYS):
                problems.append(Problem(label, f"enum value '{value}': unknown key '{key}'", field=name))
            text, colour, short = spec.get("label"), spec.get("colour"), spec.get("short")
        else:
            text, colour, short = spec, None, None
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(label, f"enum value '{value}' has no label", field=name))
            continue
        if colour is not None and not (isinstance(colour, str) and COLOUR.fullmatch(colour)):
            problems.append(Problem(label, f"enum value '{value}': colour must be #RRGGBB, got {colour!r}",
                                    field=name))
            continue
        codes.append(Code(value, text.strip(), colour, short))
    labels = [c.label for c in codes]
    if len(set(labels)) != len(labels):
        problems.append(Problem(label, "two enum values share a label; a reader could not tell them apart",
                                field=name))
    return tuple(codes)


def load_descriptor(path: Path) -> TableSpec:
    """Read one descriptor, expand its shared fields, and check that it is itself well formed."""
    where = relative(path)
    raw = _read_yaml(path)
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        raise DataValidationError([Problem(where, "the descriptor must be a mapping")])
    for key in sorted(set(raw) - DESCRIPTOR_KEYS):
        problems.append(Problem(where, f"unknown key '{key}'"))
    for key in ("name", "title", "description", "licence", "path", "schema"):
        if not raw.get(key):
            problems.append(Problem(where, f"'{key}' is required"))
    if problems:
        raise DataValidationError(problems)
    if raw["name"] != path.stem:
        problems.append(Problem(where, f"name '{raw['name']}' must match the file name '{path.stem}'"))
    shared = load_shared_fields(path.parent)
    fields: list[FieldSpec] = []
    for i, f in enumerate(raw["schema"].get("fields") or []):
        label = f"{where} schema field {i + 1}"
        if not isinstance(f, dict):
            problems.append(Problem(label, "must be a mapping"))
            continue
        f = _expand(f, shared, label, problems)
        if f is None:
            continue
        for key in sorted(set(f) - FIELD_KEYS):
            problems.append(Problem(label, f"unknown key '{key}'"))
        c = f.get("constraints") or {}
        for key in sorted(set(c) - CONSTRAINT_KEYS):
            problems.append(Problem(label, f"unknown constraint '{key}'"))
        if f.get("type") not in TYPES:
            problems.append(Problem(label, f"type must be one of {', '.join(TYPES)}, got {f.get('type')!r}"))
            continue
        if not f.get("name") or not f.get("description"):
            problems.append(Problem(label, "every field needs a name and a description"))
            continue
        if "future" in f and (f["type"] != "date" or not isinstance(f["future"], bool)):
            problems.append(Problem(label, "'future' is yes or no (true/false) on a date field", field=f["name"]))
        if f["type"] in NUMERIC and not f.get("unit"):
            problems.append(Problem(label, "numeric fields need a unit", field=f["name"]))
        codes = _codes(c["enum"], label, f["name"], problems) if "enum" in c else None
        fields.append(FieldSpec(
            name=f["name"], type=f["type"], description=f["description"].strip(), unit=f.get("unit"),
            required=bool(c.get("required", False)), unique=bool(c.get("unique", False)),
            enum=tuple(code.value for code in codes) if codes is not None else None,
            minimum=c.get("minimum"), maximum=c.get("maximum"), pattern=c.get("pattern"), codes=codes,
            future=f.get("future") is True,
        ))
    names = [f.name for f in fields]
    if not fields:
        problems.append(Problem(where, "schema.fields must list at least one field"))
    if len(set(names)) != len(names):
        problems.append(Problem(where, "field names must be unique"))
    pk = raw.get("primary_key")
    if pk is not None and pk not in names:
        problems.append(Problem(where, f"primary_key '{pk}' is not a field"))
    pairs = []
    for check in raw.get("row_checks") or []:
        pair = check.get("ordered") if isinstance(check, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in names for p in pair)):
            problems.append(Problem(where, f"row check {check!r} must be {{ordered: [field, field]}}"))
        else:
            pairs.append((pair[0], pair[1]))
    csv_path = path.parent / raw["path"]
    if problems:
        raise DataValidationError(problems)
    return TableSpec(raw["name"], raw["title"], raw["description"].strip(), raw["licence"], csv_path,
                     path, tuple(fields), pk, tuple(pairs))


def _parse_integer(text: str) -> int:
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError("expected a whole number")
    return int(text)


def _parse_number(text: str) -> float:
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError("expected a number like 12 or 3.5")
    return float(text)


def _parse_date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError("expected a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not a real date ({exc})") from None


def _parse_boolean(text: str) -> bool:
    if text not in ("yes", "no"):
        raise ValueError("expected yes or no")
    return text == "yes"


PARSERS: dict[str, Callable[[str], Any]] = {
    "string": str, "source": str, "integer": _parse_integer, "number": _parse_number,
    "date": _parse_date, "boolean": _parse_boolean,
}


def validate_rows(spec: TableSpec, source_keys: set[str], as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Parse the CSV against its descriptor. Returns typed rows, or raises with every problem found.

    `as_of`: the latest date a row may carry (default: the edition's, from edition.yml).
    """
    where = relative(spec.csv_path)
    if as_of is None:
        as_of = load_edition().as_of
    try:
        # utf-8-sig: spreadsheet programs save UTF-8 with a byte-order mark, which is not part of the header.
        with spec.csv_path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle, strict=True))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataValidationError([Problem(where, f"cannot read the table: {exc}")]) from exc
    if not records:
        raise DataValidationError([Problem(where, "the file is empty; it needs a header row")])
    header, body = records[0], records[1:]
    if header != spec.field_names:
        missing = [n for n in spec.field_names if n not in header]
        extra = [n for n in header if n not in spec.field_names]
        detail = f"missing {missing}" if missing else ""
        detail += ("; " if detail and extra else "") + (f"not described {extra}" if extra else "")
        raise DataValidationError([Problem(where, f"header does not match {relative(spec.descriptor_path)} "
                                           f"({detail or 'same names, different order'})", row=1)])
    if not body:
        raise DataValidationError([Problem(where, "the table has no data rows")])
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, dict[Any, int]] = {f.name: {} for f in spec.fields if f.unique or f.name == spec.primary_key}
    for index, record in enumerate(body, start=2):
        if len(record) != len(header):
            problems.append(Problem(where, f"has {len(record)} cells, the header has {len(header)}", row=index))
            continue
        row: dict[str, Any] = {}
        for f, text in zip(spec.fields, record):
            text = text.strip()
            if text == "":
                if f.required or f.name == spec.primary_key:
                    problems.append(Problem(where, "a value is required", row=index, field=f.name))
                row[f.name] = None
                continue
            try:
                value = PARSERS[f.type](text)
            except ValueError as exc:
                problems.append(Problem(where, f"{exc}, got '{text}'", row=index, field=f.name))
                row[f.name] = None
                continue
            if f.enum is not None and text not in f.enum:
                problems.append(Problem(where, f"'{text}' is not one of {', '.join(f.enum)}", row=index, field=f.name))
            if f.minimum is not None and value < f.minimum:
                problems.append(Problem(where, f"{text} is below the minimum {f.minimum}", row=index, field=f.name))
            if f.maximum is not None and value > f.maximum:
                problems.append(Problem(where, f"{text} is above the maximum {f.maximum}", row=index, field=f.name))
            if f.type == "date" and not f.future and value > as_of:
                problems.append(Problem(where, f"{text} is after the edition's information date {as_of} "
                                        "(as_of in edition.yml); if the field holds a deadline or a planned "
                                        "date, declare it 'future: true' in the descriptor", row=index, field=f.name))
            if f.pattern is not None and not re.fullmatch(f.pattern, text):
                problems.append(Problem(where, f"'{text}' does not match {f.pattern}", row=index, field=f.name))
            if f.type == "source" and text not in source_keys:
                problems.append(Problem(where, f"unknown source '{text}': add it to references.bib",
                                        row=index, field=f.name))
            if f.name in seen:
                if value in seen[f.name]:
                    problems.append(Problem(where, f"'{text}' repeats row {seen[f.name][value]}; it must be unique",
                                            row=index, field=f.name))
                seen[f.name].setdefault(value, index)
            row[f.name] = value
        for low, high in spec.ordered_pairs:
            if row.get(low) is not None and row.get(high) is not None and row[low] > row[high]:
                problems.append(Problem(where, f"{low} ({row[low]}) is greater than {high} ({row[high]})",
                                        row=index, field=low))
        rows.append(row)
    if problems:
        raise DataValidationError(problems)
    return rows
