"""Distances on the Earth's surface, for placing sites relative to the front."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .paths import relative

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_to_front(sites: pd.DataFrame, front: pd.DataFrame) -> pd.DataFrame:
    """Each site with its distance (km) to, and the name of, the nearest front reference point.

    Nearest point, not nearest line segment: with points spaced along the front this overstates the
    distance to the line by at most half the spacing, which the methods page reports.
    """
    if front.empty:
        raise ValueError("no front reference points to measure from")
    nearest_km, nearest_name = [], []
    for site in sites.itertuples():
        best = min(
            ((haversine_km(site.latitude, site.longitude, p.latitude, p.longitude), p.name)
             for p in front.itertuples()),
            key=lambda pair: pair[0],
        )
        nearest_km.append(round(best[0], 1))
        nearest_name.append(best[1])
    out = sites.copy()
    out["km_to_front"] = nearest_km
    out["nearest_front_point"] = nearest_name
    return out.sort_values("km_to_front", ascending=False, kind="stable").reset_index(drop=True)


def max_gap_km(front: pd.DataFrame) -> float:
    """Largest distance between a front point and its nearest neighbour: the bound on the error above."""
    if len(front) < 2:
        raise ValueError("need at least two front reference points")
    gaps = []
    points = list(front.itertuples())
    for p in points:
        gaps.append(min(haversine_km(p.latitude, p.longitude, q.latitude, q.longitude)
                        for q in points if q is not p))
    return round(max(gaps), 1)


def order_along_front(front: pd.DataFrame) -> pd.DataFrame:
    """Front points chained nearest-neighbour from the northernmost, so a line through them follows the front."""
    if front.empty:
        raise ValueError("no front reference points")
    remaining = list(front.sort_values("latitude", ascending=False, kind="stable").itertuples(index=False))
    chain = [remaining.pop(0)]
    while remaining:
        last = chain[-1]
        nxt = min(remaining, key=lambda p: haversine_km(last.latitude, last.longitude, p.latitude, p.longitude))
        remaining.remove(nxt)
        chain.append(nxt)
    out = pd.DataFrame(chain, columns=front.columns)
    out["order"] = range(1, len(out) + 1)
    return out


BASEMAP = Path(__file__).resolve().parent.parent / "data" / "geo" / "basemap.geojson"


def load_basemap(described: pd.DataFrame) -> list[dict]:
    """Ukraine and its neighbours as GeoJSON features (Natural Earth; see data/geo/README.md), checked
    against the table that describes them (map_outlines), so no outline is drawn without its source."""
    try:
        collection = json.loads(BASEMAP.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"{relative(BASEMAP)}: cannot read the map outlines ({err})") from err
    features = collection.get("features") if isinstance(collection, dict) else None
    if not features:
        raise ValueError(f"{relative(BASEMAP)}: no features (expected a GeoJSON FeatureCollection)")
    drawn = {str(f.get("id")) for f in features}
    listed = set(described["iso_numeric"])
    if drawn != listed:
        raise ValueError(f"{relative(BASEMAP)} and data/map_outlines.csv disagree: outlines without a row "
                         f"{sorted(drawn - listed)}, rows without an outline {sorted(listed - drawn)}")
    if "804" not in drawn:
        raise ValueError(f"{relative(BASEMAP)}: no outline of Ukraine (feature id 804)")
    return features


def mapped_line_distances(sites: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Each site with its distance to the line of contact measured on a mapped outline (by site id).

    A site without a measured row is an error, not a gap: the measurement script covers every site,
    so a missing one means the sites table changed after the figures were computed.
    """
    rows = measures[measures["measure"] == "site_distance_km"].set_index("site_id")
    missing = sorted(set(sites["id"]) - set(rows.index))
    if missing:
        raise ValueError(f"data/front_line_measures.csv has no distance for the sites {missing}: "
                         "rerun tools/measure_front_line.py")
    out = sites.copy()
    out["km_to_mapped_line"] = [float(rows.loc[i, "value_km"]) for i in sites["id"]]
    return out
