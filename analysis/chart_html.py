"""The published chart's HTML, defined once: written here, and read back here by everyone else.

Writers and readers: `ChartFigure._repr_html_` writes it (with the height the drawn chart will take,
measured where the chart is made, so that the page can reserve it before anything is drawn); the
Sphinx extension (which pages need the Vega bundle, the reserved heights), the PDF edition (swaps each
chart for an image), the benchmark and the tests read it.
`booktools/static/briefing-charts.js` cannot import this module: it declares the same class names in
one `FORMAT` line that a test compares with `JS_FORMAT` below, and so does the stylesheet's use of them.

Standard library only: the Sphinx side imports this without pandas or Altair.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Callable

# Class names of the container and its parts.
CHART = "briefing-chart"
CANVAS = "briefing-chart-canvas"
SPEC = "briefing-chart-spec"
SOURCE = "briefing-chart-source"
DOWNLOAD = "briefing-chart-download"
TEXT = "briefing-chart-text"
TABLE = "briefing-chart-table"
STATIC = "briefing-chart-static"  # the PDF edition's image in place of a drawn chart
SCROLL = "briefing-table-scroll"  # around a table that may be wider than a phone
ID_PREFIX = "chart-"
# Set by briefing-charts.js on the container: "true" once drawn, "error" if it could not be.
DRAWN_ATTRIBUTE = "data-drawn"
# The drawn chart's height in px, which the page reserves for it until it is drawn (booktools/first_paint.py).
HEIGHT_ATTRIBUTE = "data-height"
TEXT_SUMMARY = "This chart as text and data"
DOWNLOAD_LABEL = "Download this chart's data (CSV)"
NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"

# What briefing-charts.js must declare, key for key (tests/test_charts.py compares them).
JS_FORMAT = {"chart": CHART, "canvas": CANVAS, "spec": SPEC, "drawn": DRAWN_ATTRIBUTE}
ALL_CLASSES = (CHART, CANVAS, SPEC, SOURCE, DOWNLOAD, TEXT, TABLE, STATIC)


def escape_spec(spec_json: str) -> str:
    """A JSON text made safe inside <script>: it must not close the element or open a comment."""
    return spec_json.replace("</", "<\\/").replace("<!--", "<\\!--")


def unescape_spec(block: str) -> str:
    return block.replace("<\\/", "</").replace("<\\!--", "<!--")


def spec_json(spec: dict) -> str:
    """Deterministic (sorted keys, no spaces) so two builds of one commit write the same bytes."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def scrolling_table(table_html: str, label: str) -> str:
    """A table for readers in a region that scrolls sideways by itself where the table is wider than
    the screen (a phone), instead of the whole page. The region takes the keyboard's focus, so that it
    can be scrolled without a mouse, and is named by `label`, which must be unique on its page (axe:
    landmark-unique)."""
    return f'<div class="{SCROLL}" role="region" tabindex="0" aria-label="{html.escape(label)}">{table_html}</div>'


def _title(spec: dict, name: str) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(title)
    return title or name


def render(*, name: str, spec: dict, drawn_height: int, source_line: str, csv_href: str, alt_text: str,
           source_list: str, table_html: str) -> str:
    """The chart container. `source_line`, `source_list` and `table_html` are HTML already escaped;
    `drawn_height` is the drawn chart's height in CSS pixels."""
    if not re.fullmatch(NAME, name):
        raise ValueError(f"chart name {name!r} must be lowercase letters, digits and hyphens")
    if not isinstance(drawn_height, int) or drawn_height <= 0:
        raise ValueError(f"chart {name!r}: drawn height {drawn_height!r} must be a positive whole number of pixels")
    return (
        f'<div class="{CHART}" id="{ID_PREFIX}{name}" data-chart="{name}" {HEIGHT_ATTRIBUTE}="{drawn_height}">'
        f'<div class="{CANVAS}"></div>'
        f'<script type="application/json" class="{SPEC}">{escape_spec(spec_json(spec))}</script>'
        f'<p class="{SOURCE}">{source_line}</p>'
        f'<p class="{DOWNLOAD}"><a download="{name}.csv" href="{html.escape(csv_href, quote=True)}">'
        f"{html.escape(DOWNLOAD_LABEL, quote=False)}</a></p>"
        f'<details class="{TEXT}"><summary>{TEXT_SUMMARY}</summary>'
        f"<p>{html.escape(alt_text)}</p><p>Sources: {source_list}.</p>"
        f"{scrolling_table(table_html, f'Data of the chart: {_title(spec, name)}')}</details>"
        f"</div>"
    )


# The head of the container up to the end of the spec block: what every reader needs.
_HEAD = re.compile(
    rf'<div class="{CHART}" id="{ID_PREFIX}(?P<name>{NAME})" data-chart="(?P=name)" {HEIGHT_ATTRIBUTE}="(?P<height>[0-9]+)">'
    rf'<div class="{CANVAS}"></div>'
    rf'<script type="application/json" class="{SPEC}">(?P<spec>.*?)</script>', re.S)


@dataclass(frozen=True)
class ChartBlock:
    name: str
    spec_text: str  # as it stands in the page (escaped)
    height: int  # the drawn chart's, in px
    start: int
    end: int  # end of the spec block, not of the container

    @property
    def spec(self) -> dict:
        return json.loads(unescape_spec(self.spec_text))


def find_charts(page: str) -> list[ChartBlock]:
    return [ChartBlock(m.group("name"), m.group("spec"), int(m.group("height")), m.start(), m.end())
            for m in _HEAD.finditer(page)]


def has_charts(page: str) -> bool:
    return _HEAD.search(page) is not None


def replace_charts(page: str, replacement: Callable[[ChartBlock], str]) -> tuple[str, int]:
    """The page with each chart's canvas and spec replaced by `replacement(block)`; and the count."""
    parts, last, count = [], 0, 0
    for block in find_charts(page):
        parts += [page[last:block.start], replacement(block)]
        last, count = block.end, count + 1
    return "".join(parts) + page[last:], count
