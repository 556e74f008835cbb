"""Chart style, defined once, and the container every chart is published in.

A chart is published as HTML that needs no inline script and nothing from another host: the spec is
a JSON data block that the site's own `briefing-charts.js` hands to the locally shipped Vega bundle.
Around it: a source line built from the rows' source keys, a text alternative with the data as a
table, and a CSV download of exactly the data the chart draws.
"""
from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

import altair as alt
import pandas as pd

from . import chart_html
from .sources import load_sources

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH = 640
LISTED_SOURCES = 5


@alt.theme.register("briefing", enable=True)
def briefing_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 320},
            "title": {"anchor": "start", "fontSize": 16, "fontWeight": 600, "subtitleColor": "#444",
                      "subtitleFontSize": 12, "offset": 12},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 500, "grid": True,
                     "gridColor": "#e6e6e6", "domainColor": "#666", "tickColor": "#666",
                     "labelColor": "#222", "titleColor": "#222"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "vertical",
                       "labelLimit": 300},
            "range": {"category": PALETTE},
            "point": {"size": 70, "filled": True},
        }
    }


def source_keys(frame: pd.DataFrame, *columns: str) -> list[str]:
    """Distinct source keys in the given columns, in order of first appearance."""
    keys: list[str] = []
    for column in columns or ("source_id",):
        for key in frame[column].dropna():
            if key not in keys:
                keys.append(str(key))
    return keys


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug:
        raise ValueError(f"chart name {text!r} has no letters or digits")
    return slug


def _walk(node, key: str):
    """Every value stored under `key` anywhere in a nested spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def missing_fields(spec: dict) -> list[str]:
    """Fields the chart encodes that neither its data nor one of its transforms provides.

    Vega-Lite draws such a chart anyway, with every mark at NaN. Only checkable when all of the
    chart's data are inline rows; a chart reading a URL or a TopoJSON file is not checked here.
    """
    sources = [data for data in _walk(spec, "data") if isinstance(data, dict)]
    rows = [row for dataset in spec.get("datasets", {}).values() for row in dataset]
    rows += [row for data in sources if isinstance(data.get("values"), list) for row in data["values"]]
    if any("url" in data or "sequence" in data or "format" in data for data in sources) \
            or not all(isinstance(row, dict) for row in rows):
        return []
    known = {column for row in rows for column in row}
    for made in _walk(spec, "as"):  # calculate, fold, aggregate, window, lookup, timeUnit, bin ...
        known.update([made] if isinstance(made, str) else made)
    known.update(f for lookup in _walk(spec, "from") if isinstance(lookup, dict) for f in lookup.get("fields", []))
    if any(True for _ in _walk(spec, "fold")):
        known.update({"key", "value"})  # fold's default output names
    missing = []
    for encoding in _walk(spec, "encoding"):
        for channel in encoding.values() if isinstance(encoding, dict) else []:
            for definition in channel if isinstance(channel, list) else [channel]:
                name = definition.get("field") if isinstance(definition, dict) else None
                if isinstance(name, str):
                    root = re.split(r"(?<!\\)[.\[]", name)[0].replace("\\", "")
                    if root not in known and root not in missing:
                        missing.append(root)
    return missing


@dataclass
class ChartFigure:
    """An Altair chart with everything a published chart needs. Display it, or glue it."""

    name: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    alt_text: str
    sources: list[str]

    def __post_init__(self) -> None:
        self.name = _slug(self.name)
        spec = self.chart.to_dict()
        if not spec.get("title"):
            raise ValueError(f"chart '{self.name}' has no title")
        if len(self.alt_text.strip()) < 40:
            raise ValueError(f"chart '{self.name}' needs a text alternative of at least a sentence")
        if not self.sources:
            raise ValueError(f"chart '{self.name}' names no source")
        known = load_sources()
        unknown = [k for k in self.sources if k not in known]
        if unknown:
            raise ValueError(f"chart '{self.name}' cites unknown sources {unknown}")
        if self.data.empty:
            raise ValueError(f"chart '{self.name}' has no data")
        if missing := missing_fields(spec):
            raise ValueError(f"chart '{self.name}' encodes {', '.join(repr(m) for m in missing)}, "
                             "which its data does not have")
        # Vega puts the description on the SVG as its accessible name.
        spec["description"] = self.alt_text
        self.spec = spec

    def spec_json(self) -> str:
        return chart_html.escape_spec(chart_html.spec_json(self.spec))

    def csv_text(self) -> str:
        frame = self.data.copy()
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].dt.strftime("%Y-%m-%d")
        return frame.to_csv(index=False, lineterminator="\n")

    def ranked_sources(self) -> list[str]:
        """The chart's sources, strongest kind first (official before news before copies), otherwise in
        the order given: readers see first what the chart rests on most firmly."""
        known = load_sources()
        return sorted(self.sources, key=lambda k: known[k].strength)

    def source_list(self) -> str:
        known = load_sources()
        return "; ".join(html.escape(known[k].short) for k in self.ranked_sources())

    def source_mix(self) -> str:
        """'3 news outlets, 1 government': the kinds of source behind the chart, strongest first."""
        from .sources import SOURCE_KINDS

        known = load_sources()
        counts = {kind: sum(1 for k in self.sources if known[k].kind == kind) for kind in SOURCE_KINDS}
        return ", ".join(f"{n} {SOURCE_KINDS[kind].lower()}" for kind, n in counts.items() if n)

    def source_line(self) -> str:
        """Up to LISTED_SOURCES named under the chart, strongest first; more would bury it, so they go in
        the details. The mix of kinds of source follows."""
        mix = f" Kinds of source: {html.escape(self.source_mix())}."
        if len(self.sources) == 1:
            return f"Source: {self.source_list()}. Full reference in the bibliography.{mix}"
        if len(self.sources) <= LISTED_SOURCES:
            return f"Sources ({len(self.sources)}): {self.source_list()}. Full references in the bibliography.{mix}"
        known = load_sources()
        publishers = list(dict.fromkeys(known[k].publisher.split(" (")[0] for k in self.ranked_sources()))
        shown = ", ".join(html.escape(p) for p in publishers[:4]) + (" and others" if len(publishers) > 4 else "")
        return (f"Sources ({len(self.sources)}), strongest first: {shown}; each listed under \"This chart as text "
                f"and data\" and in the bibliography.{mix}")

    def _repr_html_(self) -> str:
        table = self.data.to_html(index=False, na_rep="", border=0, classes=chart_html.TABLE, escape=True)
        return chart_html.render(
            name=self.name, spec=self.spec, source_line=self.source_line(), alt_text=self.alt_text,
            csv_href="data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv_text()),
            source_list=self.source_list(), table_html=table)

    def __repr__(self) -> str:
        return f"<ChartFigure {self.name}: {self.alt_text[:60]}...>"
