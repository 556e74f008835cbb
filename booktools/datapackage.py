"""The published data as a standard Tabular Data Package (Frictionless): `datapackage.json` with a
Table Schema for every table, translated from its descriptor, and the bibliography as a `sources`
table that every source field refers to.

The build itself validates with analysis.schema (faster, and its messages are better); this
translation lets anyone check a download with standard tools (`frictionless validate`).
Not expressible in a Table Schema, so checked only by the build: `ordered` row checks.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from analysis.edition import Edition
from analysis.schema import PARSERS, TableSpec
from analysis.sources import Source

SOURCES = "sources"
SOURCE_KEY = "key"
TYPES = {"string": "string", "source": "string", "integer": "integer", "number": "number", "date": "date",
         "boolean": "boolean"}
LICENCE_PATHS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}


def _licence(name: str) -> dict:
    return {"name": name, **({"path": LICENCE_PATHS[name]} if name in LICENCE_PATHS else {})}


def table_schema(spec: TableSpec, as_of: dt.date) -> dict:
    fields = []
    for f in spec.fields:
        constraints: dict = {}
        if f.required or f.name == spec.primary_key:
            constraints["required"] = True
        if f.unique:
            constraints["unique"] = True
        if f.enum is not None:
            constraints["enum"] = [PARSERS[f.type](v) for v in f.enum]
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if f.pattern is not None:
            constraints["pattern"] = f.pattern
        if f.type == "date" and not f.future:
            constraints["maximum"] = as_of.isoformat()  # nothing dated after the edition's information
        field = {"name": f.name, "type": TYPES[f.type], "description": f.description.strip()}
        if f.type == "boolean":
            field.update(trueValues=["yes"], falseValues=["no"])
        if f.unit:
            field["unit"] = f.unit  # not a Table Schema property; tools keep it as extra metadata
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = [spec.primary_key]
    schema["foreignKeys"] = [{"fields": [name], "reference": {"resource": SOURCES, "fields": [SOURCE_KEY]}}
                             for name in spec.source_fields]
    return schema


def table_resource(spec: TableSpec, as_of: dt.date) -> dict:
    return {"name": spec.name, "title": spec.title, "description": spec.description, "path": spec.csv_path.name,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "licenses": [_licence(spec.licence)], "schema": table_schema(spec, as_of)}


SOURCE_FIELDS = [
    {"name": SOURCE_KEY, "type": "string", "description": "The key data rows cite in their source fields.",
     "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9_]+"}},
    {"name": "title", "type": "string", "description": "Title of the source.", "constraints": {"required": True}},
    {"name": "authors", "type": "string", "description": "Authors, separated by semicolons."},
    {"name": "publisher", "type": "string", "description": "Publisher (and republisher, if a copy was read).",
     "constraints": {"required": True}},
    {"name": "date", "type": "date", "description": "Publication date (or, for an undated page, when it was read).",
     "constraints": {"required": True}},
    {"name": "url", "type": "string", "format": "uri", "description": "Where the source can be read."},
]


def sources_csv(sources: dict[str, Source]) -> str:
    """The bibliography as a table, in key order (the same bytes for the same bibliography)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f["name"] for f in SOURCE_FIELDS])
    for key in sorted(sources):
        s = sources[key]
        writer.writerow([key, s.title, "; ".join(s.authors), s.publisher, s.date.isoformat(), s.url or ""])
    return out.getvalue()


def sources_resource() -> dict:
    return {"name": SOURCES, "title": "Sources cited by the data (from references.bib)", "path": f"{SOURCES}.csv",
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": SOURCE_FIELDS, "missingValues": [""], "primaryKey": [SOURCE_KEY]}}


def data_package(specs: list[TableSpec], edition: Edition) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "reassurance-force-briefing-data",
        "title": "Data of the briefing on the reassurance force for Ukraine",
        "version": edition.version,
        "created": f"{edition.published.isoformat()}T00:00:00Z",
        "licenses": [_licence("CC-BY-4.0")],
        "resources": [table_resource(spec, edition.as_of) for spec in specs] + [sources_resource()],
    }
