"""Measure the line of contact on a DeepStateMap occupied-area polygon; write data/front_line_measures.csv.

The polygon itself is not redistributed (DeepStateMap publishes it under no open licence, see
data/front_line_measures.yml): this script reads a local copy of one daily file of the public
archive and writes only the figures computed from it.

    python tools/measure_front_line.py deepstatemap_data_20260822.geojson package/countries-10m.json \
        2026-08-22 <archive commit>

The line of contact is the part of the occupied area's outline that is not a state border or a coast:
a boundary segment counts when its midpoint lies more than a tolerance from the outlines of Ukraine
and Russia in Natural Earth's most detailed (1:10m) countries, from the world-atlas tarball (see
tools/make_basemap.py; Russia's outline holds Crimea's coast there). Natural Earth's coast and
DeepStateMap's differ by a few km, so the length depends on the tolerance: it is given at 2, 3 and
5 km, and the sites' distances at 3 km. Lengths are summed
great-circle segment lengths. A drawn line's length grows with its detail, so the length is also
given with the outline thinned to vertices at least THIN_KM apart.
"""
from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from analysis.geo import haversine_km  # noqa: E402
from tools.make_basemap import decode_arcs, ring  # noqa: E402

TOLERANCES_KM = (2.0, 3.0, 5.0)
SITE_TOLERANCE_KM = 3.0
THIN_KM = 5.0
OUT = ROOT / "data" / "front_line_measures.csv"
SOURCE = "deepstatemap_archive_20260822"


def rings_of(geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[(float(x), float(y)) for x, y, *_ in r] for p in polygons for r in p]


def local_xy(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    """Equirectangular km around latitude lat0: accurate to well under 1% within a few hundred km."""
    k = math.pi / 180 * 6371.0088
    return lon * k * math.cos(math.radians(lat0)), lat * k


def point_segment_km(p, a, b) -> float:
    lat0 = p[1]
    px, py = local_xy(*p, lat0)
    ax, ay = local_xy(*a, lat0)
    bx, by = local_xy(*b, lat0)
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def segments(rings):
    for ring in rings:
        yield from zip(ring, ring[1:])


def front_segments(occupied, ukraine, tolerance_km):
    outline = list(segments(ukraine))
    # Only outline segments near the occupied area can be within the tolerance: prefilter by box.
    lons = [x for r in occupied for x, _ in r]
    lats = [y for r in occupied for _, y in r]
    box = (min(lons) - 0.2, min(lats) - 0.2, max(lons) + 0.2, max(lats) + 0.2)
    near = [(a, b) for a, b in outline if min(a[0], b[0]) <= box[2] and max(a[0], b[0]) >= box[0]
            and min(a[1], b[1]) <= box[3] and max(a[1], b[1]) >= box[1]]
    kept = []
    for a, b in segments(occupied):
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if all(point_segment_km(mid, c, d) > tolerance_km for c, d in near):
            kept.append((a, b))
    return kept


def length_km(segs) -> float:
    return sum(haversine_km(a[1], a[0], b[1], b[0]) for a, b in segs)


def thinned(segs):
    """Consecutive front segments chained, then vertices dropped until each is THIN_KM from the last."""
    out, last = [], None
    for a, b in segs:
        if last is None or a != prev_end:
            last = a
        if haversine_km(last[1], last[0], b[1], b[0]) >= THIN_KM:
            out.append((last, b))
            last = b
        prev_end = b
    return out


def outlines(countries_10m: str) -> list[list[tuple[float, float]]]:
    """Every ring of Ukraine and Russia (ISO 804, 643) in the world-atlas TopoJSON."""
    topology = json.loads(Path(countries_10m).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if str(geometry.get("id")) in ("804", "643"):
            polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            out.extend(ring(r, arcs) for p in polygons for r in p)
    if not out:
        raise SystemExit(f"{countries_10m}: no outline of Ukraine or Russia found")
    return out


def main(path: str, countries_10m: str, date: str, commit: str) -> None:
    occupied = [r for f in json.loads(Path(path).read_text(encoding="utf-8"))["features"]
                for r in rings_of(f["geometry"])]
    borders_and_coasts = outlines(countries_10m)
    fronts = {t: front_segments(occupied, borders_and_coasts, t) for t in TOLERANCES_KM}
    front = fronts[SITE_TOLERANCE_KM]
    with (ROOT / "data" / "protected_sites.csv").open(encoding="utf-8") as f:
        sites = list(csv.DictReader(f))
    computed_from = f"{Path(path).name} (archive commit {commit[:12]})"
    rows = []
    for tolerance, segs in fronts.items():
        for method, measured in (("as_drawn", segs), (f"thinned_{THIN_KM:.0f}km", thinned(segs))):
            rows.append({"id": f"line_{method}_tol{tolerance:.0f}km", "measure": "line_length_km", "site_id": "",
                         "value_km": round(length_km(measured)), "method": method, "tolerance_km": tolerance})
    for site in sites:
        p = (float(site["longitude"]), float(site["latitude"]))
        rows.append({"id": f"to_line_{site['id']}", "measure": "site_distance_km", "site_id": site["id"],
                     "value_km": round(min(point_segment_km(p, a, b) for a, b in front), 1), "method": "as_drawn",
                     "tolerance_km": SITE_TOLERANCE_KM})
    fields = ["id", "measure", "site_id", "value_km", "method", "tolerance_km", "geometry_date", "source_id",
              "computed_from"]
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "geometry_date": date, "source_id": SOURCE, "computed_from": computed_from})
    print(f"wrote {OUT}: " + ", ".join(f"{r['id']}={r['value_km']}" for r in rows))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit("usage: python tools/measure_front_line.py FILE.geojson countries-10m.json YYYY-MM-DD COMMIT")
    main(*sys.argv[1:])
