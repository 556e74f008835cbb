"""What a chart's tooltips show on screen, carried onto paper: labels in the printed chart and a table
under it, as each chart declares (`analysis.charts.PrintValues`, in the spec's usermeta).

On screen a reader points at a mark to read its value, date, name or source; in print nothing can be
pointed at. The declaration names the tooltip entries the printed chart must carry, and how:

- `label`: a text layer beside every mark of one kind (`printed_spec` adds it to the spec drawn);
- `table`: one row per mark with those entries, under the chart (`value_tables`, `tables_html`).
  Vega itself computes the rows, from the tooltip of each drawn mark, so they hold exactly what the
  web edition shows (its formats, its computed fields, an interactive chart's default scenario).
"""
from __future__ import annotations

import copy
import html
import json
from dataclasses import dataclass

from analysis.charts import PRINT_KEY

# Classes the print stylesheet (booktools/print_edition.css) acts on.
VALUES = "print-values"
VALUES_TITLE = "print-values-title"
SHORT_CELL = "print-values-short"
SHORT = 28  # characters: a column whose values are all this short stays on one line
LABEL_FIELD = "print_label"
AT_FIELD = "print_label_at"
# Joins a mark's values in its description while Vega computes them: a character no text here uses.
SEPARATOR = "\u241f"
# What Vega writes for a missing value in a tooltip: on paper the cell is empty.
MISSING = {"null", "undefined", "NaN", "Invalid Date"}


@dataclass(frozen=True)
class ValueTable:
    titles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def declaration(spec: dict) -> dict | None:
    usermeta = spec.get("usermeta")
    return usermeta.get(PRINT_KEY) if isinstance(usermeta, dict) else None


def _units(node, parent_layer: list | None = None):
    """(unit spec, the layer list holding it or None) for every single-mark view in a spec."""
    if isinstance(node, dict):
        if "mark" in node:
            yield node, parent_layer
        for key, value in node.items():
            if key == "layer" and isinstance(value, list):
                for child in value:
                    yield from _units(child, value)
            elif key in ("hconcat", "vconcat", "concat") and isinstance(value, list):
                for child in value:
                    yield from _units(child, None)
            elif key == "spec":
                yield from _units(value, None)


def _mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark.get("type") if isinstance(mark, dict) else mark


def _label_layer(unit: dict, label: dict) -> dict:
    """A text mark on the unit's rows and position, its text the declared label."""
    encoding = unit.get("encoding", {})
    transforms = [*unit.get("transform", []), {"calculate": label["text"], "as": LABEL_FIELD}]
    position = {k: v for k, v in encoding.items() if k in ("x", "y", "xOffset", "yOffset")}
    if label.get("beside_plot"):
        y = position.get("y", {})
        if isinstance(y.get("sort"), str) and y["sort"].lstrip("-") == "x":
            # Rows sorted by the mark's x: with x a fixed place, sort by the field x stood for (as Vega-Lite
            # does), or the label layer's order would differ and the layers' sorts be dropped.
            order = "descending" if y["sort"].startswith("-") else "ascending"
            position["y"] = {**y, "sort": {"field": position["x"]["field"], "op": "sum", "order": order}}
        position["x"] = {"value": "width"}
    elif label.get("at"):
        transforms.append({"calculate": label["at"], "as": AT_FIELD})
        position["x"] = {**position["x"], "field": AT_FIELD}
    layer = {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": label.get("dx", 7),
                      "fontSize": 10.5, "color": "#222222"},
             "transform": transforms,
             "encoding": {**position, "text": {"field": LABEL_FIELD, "type": "nominal"}}}
    if "data" in unit:
        layer["data"] = unit["data"]
    return layer


def _whole_axis_labels(node) -> None:
    """No axis label cut short: on screen a tooltip gives the whole name; on paper only the label does."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("axis", "axisX", "axisY", "axisBand", "axisDiscrete") and isinstance(value, dict):
                value.pop("labelLimit", None)
            _whole_axis_labels(value)
    elif isinstance(node, list):
        for value in node:
            _whole_axis_labels(value)


def printed_spec(spec: dict) -> dict:
    """The spec as printed (a copy): axis labels whole, and the declared print label beside every mark of
    the declared kind."""
    spec = copy.deepcopy(spec)
    _whole_axis_labels(spec)
    config = spec.setdefault("config", {})
    config["axis"] = {**config.get("axis", {}), "labelLimit": 0}  # 0: no limit
    config["legend"] = {**config.get("legend", {}), "labelLimit": 0, "titleLimit": 0}
    label = (declaration(spec) or {}).get("label")
    if not label:
        return spec
    added = 0
    for unit, layer in list(_units(spec)):
        if _mark_type(unit) != label["mark"] or "tooltip" not in unit.get("encoding", {}):
            continue
        if layer is None:
            raise ValueError(f"a print label needs its {label['mark']} mark in a layer")
        layer.append(_label_layer(unit, label))  # last: drawn over the layer's other marks
        added += 1
    if not added:
        raise ValueError(f"the print label is declared for '{label['mark']}' marks with a tooltip, and the chart "
                         "has none")
    return spec


def _vega_marks(node):
    if isinstance(node, dict):
        for mark in node.get("marks", []):
            yield mark
            yield from _vega_marks(mark)


def _scene_items(node):
    if isinstance(node, dict):
        for item in node.get("items", []):
            yield item
            yield from _scene_items(item)


def value_tables(spec: dict) -> list[ValueTable]:
    """For each of the chart's tooltips that has entries declared for the table: one row per drawn mark
    (repeats left out), with those entries as Vega formats them for the tooltip."""
    import vl_convert as vlc

    from analysis.charts import tooltip_titles

    wanted = (declaration(spec) or {}).get("table") or []
    schemas = [[t for t in titles if t in wanted] for titles in tooltip_titles(spec)]
    if not any(schemas):
        return []
    vega = vlc.vegalite_to_vega(spec)
    for mark in _vega_marks(vega):
        for encode in mark.get("encode", {}).values():
            tooltip = encode.get("tooltip", {}).get("signal") if isinstance(encode, dict) else None
            if not tooltip:
                continue
            # The Vega tooltip is an object literal keyed by the entries' titles: find whose it is.
            index = next((i for i, titles in enumerate(tooltip_titles(spec))
                          if all(json.dumps(t) + ":" in tooltip for t in titles)), None)
            if index is None or not schemas[index]:
                continue
            values = ", ".join(f"({tooltip})[{json.dumps(t)}]" for t in schemas[index])
            encode["description"] = {"signal": f"'{index}' + '{SEPARATOR}' + join([{values}], '{SEPARATOR}')"}
    scene = vlc.vega_to_scenegraph(vega)
    rows: dict[int, dict[tuple[str, ...], None]] = {i: {} for i, titles in enumerate(schemas) if titles}
    for item in _scene_items(scene.get("scenegraph", {})):
        description = item.get("description")
        if isinstance(description, str) and SEPARATOR in description:
            index, *values = description.split(SEPARATOR)
            rows[int(index)][tuple("" if v in MISSING else v for v in values)] = None
    return [ValueTable(tuple(schemas[i]), tuple(found)) for i, found in rows.items() if found]


def tables_html(tables: list[ValueTable]) -> str:
    """The tables as printed under the chart: a line saying what they are, then the rows."""
    if not tables:
        return ""
    parts = [f'<div class="{VALUES}"><p class="{VALUES_TITLE}">The chart\'s values, mark by mark, '
             "as the web edition shows them for each:</p>"]
    for table in tables:
        # A column of short values (dates, numbers, codes) is not wrapped: the long texts get the width.
        short = [max(len(v) for v in column) <= SHORT for column in zip(*table.rows)]
        cell = lambda i: f' class="{SHORT_CELL}"' if short[i] else ""  # noqa: E731
        head = "".join(f"<th{cell(i)}>{html.escape(t)}</th>" for i, t in enumerate(table.titles))
        body = "".join("<tr>" + "".join(f"<td{cell(i)}>{html.escape(v)}</td>" for i, v in enumerate(row)) + "</tr>"
                       for row in table.rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts) + "</div>"
