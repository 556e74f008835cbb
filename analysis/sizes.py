"""Summaries of the reported size figures. Every number the prose quotes comes from here."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .tables import labels


@dataclass(frozen=True)
class SizeSummary:
    figures: int
    sources: int
    smallest: int
    largest: int
    earliest: pd.Timestamp
    latest: pd.Timestamp


def summarise_sizes(frame: pd.DataFrame) -> SizeSummary:
    """Count, spread and time span of a set of size figures."""
    if frame.empty:
        raise ValueError("no size figures to summarise")
    return SizeSummary(
        figures=len(frame),
        sources=frame["source_id"].nunique(),
        smallest=int(frame["low"].min()),
        largest=int(frame["high"].max()),
        earliest=frame["stated_on"].min(),
        latest=frame["stated_on"].max(),
    )


def figures_of_kind(frame: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    unknown = set(kinds) - set(labels("force_size_estimates", "figure_kind"))
    if unknown:
        raise ValueError(f"unknown figure kinds {sorted(unknown)}")
    return frame[frame["figure_kind"].isin(kinds)]


def share_within(frame: pd.DataFrame, low: int, high: int) -> float:
    """Share of figures whose whole range lies within [low, high]."""
    if frame.empty:
        raise ValueError("no size figures")
    inside = (frame["low"] >= low) & (frame["high"] <= high)
    return float(inside.mean())


def midpoint(frame: pd.DataFrame) -> pd.Series:
    """Middle of each figure's range (the figure itself for point figures)."""
    return (frame["low"] + frame["high"]) / 2


def of_scope(frame: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Only figures that count the same thing: mixing scopes would compare a HQ with an army."""
    scopes = tuple(labels("force_size_estimates", "scope"))
    if scope not in scopes:
        raise ValueError(f"unknown scope {scope!r}; expected one of {scopes}")
    return frame[frame["scope"] == scope]


def latest(frame: pd.DataFrame) -> pd.Series:
    """The most recently stated figure (ties broken by id, for a stable answer)."""
    if frame.empty:
        raise ValueError("no size figures")
    return frame.sort_values(["stated_on", "id"]).iloc[-1]


def figure_text(frame: pd.DataFrame, row_id: str) -> str:
    """One row's figure as prose writes it: '20,000', or '25,000–30,000' for a range."""
    matches = frame[frame["id"] == row_id]
    if len(matches) != 1:
        raise KeyError(f"no single size figure with id {row_id!r}")
    row = matches.iloc[0]
    low, high = int(row["low"]), int(row["high"])
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"
