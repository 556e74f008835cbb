"""The coalition of the willing, country by country: positions, meetings, capacity and force generation.

Every number the coalition chapter quotes is computed here, on validated tables.

Force-generation model (used by the explorer chart, whose Vega expressions mirror `force_shares`):
keeping N troops deployed needs a pool of about k x N troops in the rotation cycle (some deployed,
some preparing, some recovering). k is a parameter; the chapter cites the only sourced figures we
found (The Times: 64,000 deployed -> 256,000 over two years, about 4; analyst Gady on rotation), not a
source for k = 3. The pool is split among the participants in one of two ways:

- ``equal``: every participant provides the same number of troops, pool / n. This is the default
  because political pledges are made per country (a company, a battalion), and it shows where an
  even split would exceed what a small state has.
- ``proportional``: every participant provides the same share of its active force,
  pool / (sum of the participants' active forces). This is the fairest split by size; the share is
  the same for everyone, and the explorer shows it as a reference line.
"""
from __future__ import annotations

import pandas as pd

from .tables import labels, load_table

SPLITS = ("equal", "proportional")


def load_coalition_countries() -> pd.DataFrame:
    return load_table("coalition_countries")


def load_coalition_positions() -> pd.DataFrame:
    return load_table("coalition_positions")


def load_coalition_meetings() -> pd.DataFrame:
    return load_table("coalition_meetings")


def position_labels() -> dict[str, str]:
    """Position code -> label, in the order charts list them (from the positions table's descriptor)."""
    return labels("coalition_positions", "position")


def latest_positions(countries: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """For every participating country, its latest position stated by its own government.

    Third-party descriptions (e.g. a European Council president listing countries) are counted in
    the history but never decide the latest position. Ties on a date are broken by id. A country
    with no own statement gets 'no_statement'.
    """
    own = positions[(positions["attribution"] == "government") & positions["iso3"].isin(countries["iso3"])]
    own = own.sort_values(["date", "id"])
    position_label = position_labels()
    last = own.groupby("iso3").tail(1).set_index("iso3")
    n_all = positions.groupby("iso3").size()
    history = (positions.sort_values(["date", "id"]).groupby("iso3")
               .apply(lambda g: "; ".join(f"{d:%b %Y}: {position_label[p].lower()}"
                                          for d, p in zip(g["date"], g["position"])), include_groups=False))
    rows = []
    for _, c in countries.iterrows():
        iso = c["iso3"]
        if iso in last.index:
            r = last.loc[iso]
            rows.append({"iso3": iso, "country": c["country"], "position": r["position"], "date": r["date"],
                         "who": r["who"], "statement": r["statement"], "source_id": r["source_id"]})
        else:
            rows.append({"iso3": iso, "country": c["country"], "position": "no_statement", "date": pd.NaT,
                         "who": "", "statement": "", "source_id": pd.NA})
    out = pd.DataFrame(rows)
    out["n_statements"] = out["iso3"].map(n_all).fillna(0).astype(int)
    out["history"] = out["iso3"].map(history).fillna("")
    out["position_label"] = out["position"].map(position_label)
    out["rank"] = out["position"].map({p: i for i, p in enumerate(position_label)})
    return out.sort_values(["rank", "country"]).reset_index(drop=True)


def position_counts(latest: pd.DataFrame) -> dict[str, int]:
    """Number of countries in each latest position, in display order (zeros included)."""
    counts = latest["position"].value_counts()
    return {p: int(counts.get(p, 0)) for p in position_labels()}


def changed_position(positions: pd.DataFrame) -> list[str]:
    """Countries (iso3) whose own government's statements fall in more than one position category."""
    own = positions[positions["attribution"] == "government"]
    n = own.groupby("iso3")["position"].nunique()
    return sorted(n[n > 1].index)


def meeting_counts(meetings: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting: date, place, number of counts, lowest and highest reported count."""
    grouped = meetings.groupby("meeting")
    out = pd.DataFrame({
        "date": grouped["date"].first(),
        "place": grouped["place"].first(),
        "n_counts": grouped["participants_reported"].count(),
        "lowest": grouped["participants_reported"].min(),
        "highest": grouped["participants_reported"].max(),
    }).reset_index()
    out["disagree"] = out["n_counts"].gt(1) & out["lowest"].ne(out["highest"])
    return out.sort_values("date").reset_index(drop=True)


def capacity_and_position(countries: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Active personnel (estimate) next to the latest position, for countries with a positive estimate."""
    merged = countries[["iso3", "active_personnel", "personnel_source_id", "nato_member"]].merge(
        latest[["iso3", "country", "position", "position_label", "rank"]], on="iso3")
    return merged[merged["active_personnel"].fillna(0) > 0].reset_index(drop=True)


def rotation_pool(n_deployed: float, k: float) -> float:
    """Troops needed in the rotation cycle to keep n_deployed deployed: k x N."""
    if n_deployed < 0:
        raise ValueError("the number deployed cannot be negative")
    if k < 1:
        raise ValueError("k must be at least 1 (the deployed troops are part of the pool)")
    return k * n_deployed


def force_shares(frame: pd.DataFrame, n_deployed: float, k: float, split: str = "equal") -> pd.DataFrame:
    """Troops each participant provides and the share of its active force that takes.

    `frame` has one row per participant with `active_personnel` > 0. Adds `troops` and `share`
    (a fraction; above 1 means more than the country's whole active force).
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    if frame.empty:
        raise ValueError("no participants")
    active = frame["active_personnel"].astype(float)
    if (active <= 0).any() or active.isna().any():
        raise ValueError("every participant needs a positive active-personnel figure")
    pool = rotation_pool(n_deployed, k)
    if split == "equal":
        troops = pd.Series(pool / len(frame), index=frame.index)
    else:
        troops = pool * active / active.sum()
    return frame.assign(troops=troops, share=troops / active)


def explorer_data(countries: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Countries the explorer offers: a positive personnel estimate; ticked by default if they offered troops."""
    data = capacity_and_position(countries, latest)
    data = data.assign(default_taking_part=data["position"].eq("offered"))
    return data.sort_values("active_personnel", ascending=False).reset_index(drop=True)
