"""Write data/geo/basemap.geojson and data/map_outlines.csv: Ukraine and its neighbours from Natural Earth, small enough to inline.

Natural Earth (public domain) as redistributed in TopoJSON by the npm package world-atlas. Run from an
extracted tarball, so the exact version is on record:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/make_basemap.py package/countries-50m.json

Natural Earth 4.1.0's 1:50m countries assign Crimea to Russia (its de facto view). The briefing draws
the internationally recognised border (UN General Assembly resolution 68/262), so the script joins
Crimea to Ukraine along the arc they share at Perekop; the occupied area is shown separately.

Only the countries drawn are kept, each clipped to the map's frame and rounded to 0.01 degree (about
1 km, less than a pixel at the width the map is read): the whole 50m file is 740 KB, a chart spec may
be 100 KB.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "geo" / "basemap.geojson"
# ISO 3166-1 numeric codes, as world-atlas uses them for feature ids.
COUNTRIES = {"804": ("Ukraine", "ukr"), "643": ("Russia", "rus"), "112": ("Belarus", "blr"),
             "616": ("Poland", "pol"), "703": ("Slovakia", "svk"), "348": ("Hungary", "hun"),
             "642": ("Romania", "rou"), "498": ("Moldova", "mda"), "100": ("Bulgaria", "bgr"),
             "688": ("Serbia", "srb"), "268": ("Georgia", "geo")}
TABLE = OUT.parent.parent / "map_outlines.csv"
SOURCE = "naturalearth_worldatlas_202"
NOTES = {"804": "Crimea joined to the mainland along the shared arc at Perekop: Natural Earth's 1:50m file "
                "assigns it to Russia; the briefing draws the internationally recognised border (UN General "
                "Assembly resolution 68/262).",
         "643": "Crimea removed (drawn as part of Ukraine); clipped to the map's frame."}
# West, south, east, north in degrees: Ukraine with a margin that shows each neighbour's border.
FRAME = (21.0, 43.3, 41.5, 53.6)
DIGITS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat of every arc (TopoJSON stores quantized, delta-encoded positions)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def clip(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of one ring to FRAME (a convex window, so the result is one ring)."""
    west, south, east, north = FRAME
    edges = [(lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north))]
    for inside, cross in edges:
        if not points:
            break
        out = []
        for k, current in enumerate(points):
            previous = points[k - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        points = out
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def densified(points, step=0.25):
    """Long straight edges (the frame's) split into short ones: a map projection draws an edge as a
    great-circle arc, which would bow a long edge along a parallel away from the frame."""
    out = points[:1]
    for a, b in zip(points, points[1:]):
        n = int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) // step)
        out.extend((a[0] + (b[0] - a[0]) * k / (n + 1), a[1] + (b[1] - a[1]) * k / (n + 1)) for k in range(1, n + 1))
        out.append(b)
    return out


def rounded(points):
    if points and points[0] != points[-1]:
        points = points + [points[0]]  # clipping may leave the ring open along the frame
    out = []
    for lon, lat in densified(points):
        p = [round(lon, DIGITS), round(lat, DIGITS)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) >= 4 and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


# Crimea: the 1:50m Russia polygon lying within these bounds (west, south, east, north).
CRIMEA_BOUNDS = (32.3, 44.3, 36.8, 46.3)


def join_crimea_to_ukraine(geometries: dict, arcs: list) -> None:
    """Move Crimea's ring from Russia into Ukraine's mainland ring, dropping the arc they share."""
    russia, ukraine = geometries["643"], geometries["804"]
    west, south, east, north = CRIMEA_BOUNDS
    crimea = [p for p in russia["arcs"]
              if all(west <= x <= east and south <= y <= north for x, y in ring(p[0], arcs))]
    if len(crimea) != 1 or len(crimea[0]) != 1:
        raise SystemExit(f"expected one Crimea ring in Russia's geometry, found {len(crimea)}")
    crimea_ring = crimea[0][0]
    mainland = ukraine["arcs"][0][0]
    shared = [k for k in mainland if ~k in crimea_ring]
    if len(shared) != 1:
        raise SystemExit(f"expected Crimea and Ukraine to share one arc, found {shared}")
    # Rotate Crimea's ring to start after the shared arc; its other arcs then run, in order, from the
    # shared arc's start to its end, so they take its place in the mainland ring.
    at = crimea_ring.index(~shared[0])
    detour = crimea_ring[at + 1:] + crimea_ring[:at]
    at = mainland.index(shared[0])
    ukraine["arcs"][0][0] = mainland[:at] + detour + mainland[at + 1:]
    russia["arcs"] = [p for p in russia["arcs"] if p is not crimea[0]]


def features(topology: dict) -> list[dict]:
    arcs = decode_arcs(topology)
    result = []
    geometries = {str(g.get("id")): g for g in topology["objects"]["countries"]["geometries"]}
    join_crimea_to_ukraine(geometries, arcs)
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id"))
        if code not in COUNTRIES:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        kept = []
        for polygon in polygons:
            rings = [rounded(clip(ring(r, arcs))) for r in polygon]
            if rings[0]:
                kept.append([r for r in rings if r])
        if kept:
            result.append({"type": "Feature", "id": code, "properties": {"name": COUNTRIES[code][0]},
                           "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    missing = set(COUNTRIES) - {f["id"] for f in result}
    if missing:
        raise SystemExit(f"countries not found in the input, or outside the frame: {sorted(missing)}")
    return sorted(result, key=lambda f: f["id"])


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    collection = {"type": "FeatureCollection", "features": features(topology)}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    # The table describing the outlines, one row per country, so each is listed with its source.
    with TABLE.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "name", "iso_numeric", "points", "source_id", "notes"])
        for feature in collection["features"]:
            name, iso3 = COUNTRIES[feature["id"]]
            points = sum(len(r) for p in feature["geometry"]["coordinates"] for r in p)
            writer.writerow([iso3, name, feature["id"], points, SOURCE,
                             NOTES.get(feature["id"], "Clipped to the map's frame.")])
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(collection['features'])} countries)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tools/make_basemap.py package/countries-50m.json")
    main(sys.argv[1])
