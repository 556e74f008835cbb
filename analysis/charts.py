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
from dataclasses import asdict, dataclass, field

import altair as alt
import pandas as pd

from . import chart_html
from .sources import load_sources

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The plot width in the spec: what the PDF edition (vl-convert, no browser) and a reader without
# scripts' fallback get. On the site briefing-charts.js draws every chart at its column's width.
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
            # Numbers and dates: drop every other label rather than print two on top of each other
            # (a narrow chart has room for fewer), with a gap a reader sees as one.
            "axisQuantitative": {"labelOverlap": "greedy", "labelSeparation": 6, "labelFlush": True},
            "axisTemporal": {"labelOverlap": "greedy", "labelSeparation": 6, "labelFlush": True},
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


# Where a chart's print declaration travels with its spec, for the PDF edition (booktools/print_labels.py).
PRINT_KEY = "print"


@dataclass(frozen=True)
class PrintLabel:
    """Text beside each mark of one kind, drawn in the printed chart only: on paper nothing can be
    hovered, so the label shows what the mark's tooltip shows on screen.

    `text` is a Vega expression over the mark's fields, formatting them as its tooltip does (so the
    printed value reads exactly as on screen); `carries` names the tooltip entries (their titles) it shows.
    `at` is an expression for where the label sits on x (default: the mark's own x field); `dx` the gap.
    `beside_plot` puts the labels in a column right of the plot instead, on their marks' rows: for charts
    whose lines (reference lines, other layers) a label beside its mark would run into.
    """

    mark: str
    text: str
    carries: tuple[str, ...]
    at: str | None = None
    dx: int = 7
    beside_plot: bool = False


@dataclass(frozen=True)
class PrintValues:
    """How the printed chart carries what its tooltips show on screen, by tooltip entry (title):

    - `label`: text beside each mark (reads best where every mark has room for its own words);
    - `table`: a compact table under the printed chart, one row per mark (dense charts, long texts);
    - `shown`: entries the chart prints already (an axis label, a cell's text, a legend entry).

    The PDF edition (booktools/print_labels.py) draws the label and the table; a test checks that the
    printed chart and its table carry every value of every entry named here.
    """

    table: tuple[str, ...] = ()
    label: PrintLabel | None = None
    shown: tuple[str, ...] = ()

    def entries(self) -> list[str]:
        return list(dict.fromkeys([*self.table, *(self.label.carries if self.label else ()), *self.shown]))


def tooltip_titles(spec) -> list[list[str]]:
    """Each distinct tooltip of a spec (a list of entry titles, a field's name where it has no title)."""
    found: list[list[str]] = []
    for encoding in _walk(spec, "encoding"):
        tooltip = encoding.get("tooltip") if isinstance(encoding, dict) else None
        if isinstance(tooltip, dict):
            tooltip = [tooltip]
        if isinstance(tooltip, list):
            titles = [t.get("title") or t.get("field") for t in tooltip if isinstance(t, dict)]
            if titles and titles not in found:
                found.append(titles)
    return found


# One row of vega-embed's input widgets (a slider or a check box with its label), measured in
# Chromium with the theme's body font: a chart with bound parameters draws them below its SVG.
BINDING_ROW_PX = 26.4


def drawn_height(spec: dict) -> int:
    """The drawn chart's height in px: Vega's own layout (vl-convert), plus one row per input widget.
    Measured here, where the chart is made, rather than when the site is written: the notebooks run
    side by side, the writing one page after another."""
    import vl_convert

    schema = re.search(r"/v(\d+)\.(\d+)", spec.get("$schema", ""))
    svg = vl_convert.vegalite_to_svg(spec, vl_version=f"{schema.group(1)}.{schema.group(2)}" if schema else "6.4")
    height = float(re.search(r'<svg\b[^>]*\bheight="([0-9.]+)"', svg).group(1))
    bindings = sum(1 for param in spec.get("params", []) if "bind" in param)
    return round(height + bindings * BINDING_ROW_PX)


@dataclass
class ChartFigure:
    """An Altair chart with everything a published chart needs. Display it, or glue it."""

    name: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    alt_text: str
    sources: list[str]
    # Required of a chart with a tooltip: what the printed chart shows in its place (PrintValues).
    printed: PrintValues | None = field(default=None, kw_only=True)

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
        self._declare_print(spec)
        self.spec = spec

    def _declare_print(self, spec: dict) -> None:
        """Every tooltip's information must reach paper: a chart with a tooltip says how (PrintValues),
        naming only entries its tooltips have; the declaration travels in the spec's usermeta."""
        titles = {t for tooltip in tooltip_titles(spec) for t in tooltip}
        if not titles:
            return
        if self.printed is None or not self.printed.entries():
            raise ValueError(f"chart '{self.name}' has a tooltip but does not say what its printed version shows "
                             "in its place (printed=PrintValues(...))")
        unknown = [t for t in self.printed.entries() if t not in titles]
        if unknown:
            raise ValueError(f"chart '{self.name}': the print declaration names {unknown}, which none of its "
                             f"tooltips has (they have {sorted(titles)})")
        spec.setdefault("usermeta", {})[PRINT_KEY] = asdict(self.printed)

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
            name=self.name, spec=self.spec, drawn_height=drawn_height(self.spec),
            source_line=self.source_line(), alt_text=self.alt_text,
            csv_href="data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv_text()),
            source_list=self.source_list(), table_html=table)

    def __repr__(self) -> str:
        return f"<ChartFigure {self.name}: {self.alt_text[:60]}...>"
