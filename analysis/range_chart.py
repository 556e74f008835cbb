"""The log-scale range chart, defined once: one line per figure from its low to its high end.

Sizes that span two or three orders of magnitude (a 700-strong observer mission beside a
1.5-million army) need a logarithmic axis to stay legible. The axis domain is computed from the data
with some margin, rounded to 1, 2, 3 or 5 times a power of ten, so a new row can never fall off the
chart (a fixed domain would clip it silently).
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import altair as alt
import pandas as pd

NICE_STEPS = (1, 2, 3, 5)
MARGIN = 1.5  # the domain reaches at least this factor beyond the smallest and largest figure
RULE_WIDTH = 6
END_SIZE = 50


def _nice(value: float, down: bool) -> float:
    exponent = math.floor(math.log10(value))
    candidates = [step * 10.0 ** e for e in (exponent - 1, exponent, exponent + 1) for step in NICE_STEPS]
    chosen = max(c for c in candidates if c <= value) if down else min(c for c in candidates if c >= value)
    return float(f"{chosen:.12g}")  # 3 * 10**-2 is 0.030000000000000002 in floating point


def log_domain(values: Iterable[float]) -> list[float]:
    """[low, high] for a log axis showing every value with a margin; values must be positive."""
    series = pd.Series(list(values), dtype="float64").dropna()
    if series.empty:
        raise ValueError("a log-scale range chart needs at least one value")
    if (series <= 0).any():
        raise ValueError(f"a logarithmic axis cannot show {series[series <= 0].iloc[0]:g} (values must be positive)")
    return [_nice(series.min() / MARGIN, down=True), _nice(series.max() * MARGIN, down=False)]


def log_x(field: str, title: str, domain: list[float], values: list[float] | None = None,
          number_format: str = "~s") -> alt.X:
    """The x channel of every range chart: logarithmic, the domain as given, the title saying so."""
    axis = alt.Axis(format=number_format, values=values) if values else alt.Axis(format=number_format)
    return alt.X(f"{field}:Q", title=f"{title} (logarithmic scale)", axis=axis,
                 scale=alt.Scale(type="log", domain=domain, nice=False))


def range_marks(base: alt.Chart, low: str, high: str, title: str, *, extra_values: Iterable[float] = (),
                values: list[float] | None = None, number_format: str = "~s", end_at: str | None = None,
                rule_width: float = RULE_WIDTH, end_size: float = END_SIZE, end_filled: bool | None = None,
                rule_encoding: dict | None = None, end_encoding: dict | None = None) -> alt.LayerChart:
    """A rule from `low` to `high` per row of `base` (which carries the data, y, colour and tooltip),
    and a point at `end_at` (the high end unless given), on a log x axis fitted to the data.

    `extra_values` widen the domain to other marks drawn on the same axis (reference lines, bands).
    """
    data = base.data
    domain = log_domain(list(data[low]) + list(data[high]) + list(extra_values))
    x = log_x(low, title, domain, values, number_format)
    rules = base.mark_rule(strokeWidth=rule_width, strokeCap="round").encode(
        x=x, x2=f"{high}:Q", **(rule_encoding or {}))
    point = {"size": end_size} if end_filled is None else {"size": end_size, "filled": end_filled}
    ends = base.mark_point(**point).encode(x=f"{end_at or high}:Q", **(end_encoding or {}))
    return rules + ends


def range_text(low: str, high: str, number_format: str = ",") -> str:
    """A Vega expression printing a row's range as its tooltip formats it: 'low–high', or one number
    where the figure is a single number (a print label: booktools/print_labels.py)."""
    fmt = f"format(datum[{low!r}], {number_format!r})", f"format(datum[{high!r}], {number_format!r})"
    return f"{fmt[0]} == {fmt[1]} ? {fmt[0]} : {fmt[0]} + '–' + {fmt[1]}"
