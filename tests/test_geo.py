import math

import pandas as pd
import pytest

from analysis.geo import distance_to_front, haversine_km, max_gap_km


def test_haversine_zero_and_symmetry():
    assert haversine_km(50.45, 30.52, 50.45, 30.52) == 0
    assert haversine_km(50, 30, 46, 31) == pytest.approx(haversine_km(46, 31, 50, 30))


def test_haversine_one_degree_of_latitude():
    # One degree of arc on a sphere of mean radius 6371.0088 km.
    assert haversine_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * 6371.0088 / 360, rel=1e-9)


def test_haversine_known_distance_quarter_circle():
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi * 6371.0088 / 2)


def _points(rows):
    return pd.DataFrame(rows, columns=["name", "latitude", "longitude"])


def test_distance_to_front_picks_nearest_point_and_sorts():
    sites = _points([("near", 48.0, 37.0), ("far", 48.0, 30.0)])
    front = _points([("A", 48.0, 37.5), ("B", 47.0, 38.0)])
    out = distance_to_front(sites, front)
    assert list(out["name"]) == ["far", "near"]
    near = out.set_index("name").loc["near"]
    assert near["nearest_front_point"] == "A"
    assert near["km_to_front"] == pytest.approx(round(haversine_km(48, 37, 48, 37.5), 1))


def test_distance_to_front_needs_points():
    with pytest.raises(ValueError, match="no front reference points"):
        distance_to_front(_points([("x", 48, 30)]), _points([]))


def test_max_gap_is_largest_nearest_neighbour_distance():
    front = _points([("A", 48.0, 37.0), ("B", 48.0, 37.1), ("C", 49.0, 37.0)])
    expected = round(haversine_km(49, 37, 48, 37), 1)
    assert max_gap_km(front) == expected


def test_order_along_front_chains_from_north():
    from analysis.geo import order_along_front

    front = _points([("south", 46.6, 32.6), ("north", 49.7, 37.6), ("middle", 48.3, 37.2)])
    out = order_along_front(front)
    assert list(out["name"]) == ["north", "middle", "south"]
    assert list(out["order"]) == [1, 2, 3]


def test_basemap_must_match_its_table():
    from analysis.geo import load_basemap
    from analysis.tables import load_table

    outlines = load_table("map_outlines")
    features = load_basemap(outlines)
    assert {f["id"] for f in features} == set(outlines["iso_numeric"])
    with pytest.raises(ValueError, match="rows without an outline \\['999'\\]"):
        load_basemap(pd.concat([outlines, outlines.iloc[:1].assign(iso_numeric="999")]))


def test_crimea_is_drawn_within_ukraine():
    from analysis.geo import load_basemap
    from analysis.tables import load_table

    features = {f["properties"]["name"]: f for f in load_basemap(load_table("map_outlines"))}
    # Simferopol's neighbourhood: inside Ukraine's bounding rings, in none of Russia's.
    def holds(feature, lon, lat):
        return any(min(x for x, _ in p[0]) <= lon <= max(x for x, _ in p[0]) and
                   min(y for _, y in p[0]) <= lat <= max(y for _, y in p[0])
                   for p in feature["geometry"]["coordinates"])
    assert holds(features["Ukraine"], 34.1, 44.95)
    assert min(y for p in features["Ukraine"]["geometry"]["coordinates"] for x, y in p[0]) < 44.5
    assert not any(min(x for x, _ in p[0]) > 32 and max(x for x, _ in p[0]) < 37
                   for p in features["Russia"]["geometry"]["coordinates"])


def test_mapped_line_distance_for_every_site():
    from analysis.geo import mapped_line_distances
    from analysis.tables import load_table

    sites = load_table("protected_sites")
    measures = load_table("front_line_measures")
    out = mapped_line_distances(sites, measures)
    assert out["km_to_mapped_line"].notna().all() and (out["km_to_mapped_line"] > 0).all()
    with pytest.raises(ValueError, match="no distance for the sites \\['kyiv'\\]"):
        mapped_line_distances(sites, measures[measures["site_id"] != "kyiv"])


def test_clip_keeps_a_ring_inside_the_frame():
    from tools.make_basemap import FRAME, clip

    west, south, east, north = FRAME
    ring = [(west - 5, 48.0), (30.0, 48.0), (30.0, 50.0), (west - 5, 50.0), (west - 5, 48.0)]
    clipped = clip(ring)
    assert clipped and all(west <= x <= east and south <= y <= north for x, y in clipped)
    assert min(x for x, _ in clipped) == west  # cut at the frame, not dropped


def test_line_of_contact_leaves_out_borders_and_coasts():
    """A square occupied area whose east side lies on the state border: only its other three sides,
    inside the country, are front."""
    from tools.measure_front_line import front_segments, length_km

    country = [[(30.0, 47.0), (32.0, 47.0), (32.0, 49.0), (30.0, 49.0), (30.0, 47.0)]]
    occupied = [[(31.0, 47.5), (32.0, 47.5), (32.0, 48.5), (31.0, 48.5), (31.0, 47.5)]]
    front = front_segments(occupied, country, tolerance_km=3.0)
    assert all(not (a[0] == b[0] == 32.0) for a, b in front)  # the border side is left out
    expected = (haversine_km(47.5, 31, 47.5, 32) + haversine_km(48.5, 31, 48.5, 32) + haversine_km(47.5, 31, 48.5, 31))
    assert length_km(front) == pytest.approx(expected, rel=1e-6)


def test_map_draws_outlines_within_the_spec_budget():
    """The outlines are inlined in the map's spec; the budget for any chart spec is 100 KB."""
    from analysis.concept_charts import sites_map_chart
    from analysis.tables import load_table

    figure = sites_map_chart(load_table("protected_sites"), load_table("front_reference_points"))
    text = figure.spec_json()
    assert '"Ukraine"' in text and "geoshape" in text
    assert len(text.encode("utf-8")) < 100 * 1024
