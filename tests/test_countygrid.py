"""The lookup grid gives the same answers as testing every polygon (and as CountyIndex on real counties)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from atlas.places.countygrid import CELLS_PER_DEGREE, CROSSED, GRID_SCHEMA, CountyGrid, digest


def brute_force(geoms, lon, lat):
    """How many polygons hold each point (border included) and the first, by testing them all."""
    holds = np.array([shapely.intersects_xy(g, lon, lat) for g in geoms])
    hits = holds.sum(axis=0)
    return hits, np.where(hits > 0, holds.argmax(axis=0), -1)


@pytest.fixture(scope="module")
def toy_polygons():
    """Shared borders, a hole filled by another unit, an overlap, a long straight edge and a thin sliver."""
    hole = [(100.5, 30.5), (101, 30.5), (101, 31), (100.5, 31)]
    outer = shapely.Polygon([(100, 30), (102, 30), (102, 32), (100, 32)], [hole])
    return np.array([
        outer,
        shapely.box(100.5, 30.5, 101, 31),                      # fills the hole
        shapely.box(102, 30, 103, 32),                          # shares the edge x = 102
        shapely.box(101.5, 31.5, 102.5, 32.5),                  # overlaps two units
        shapely.Polygon([(95, 20), (110, 21), (95, 21.001)]),  # long thin sliver
        shapely.MultiPolygon([shapely.box(90, 40, 90.01, 40.01), shapely.box(90.5, 40, 91, 40.5)]),
    ], dtype=object)


def toy_points(geoms, n=20000, seed=3):
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(89, 104, n), rng.uniform(19, 41, n)
    vertices = shapely.get_coordinates(geoms)
    # on borders, at vertices, halfway along edges, a hair off them, and on cell edges
    mid = (vertices[:-1] + vertices[1:]) / 2
    grid_edges = np.array([[101 + 3 / CELLS_PER_DEGREE, 31.0], [102.0, 31 + 7 / CELLS_PER_DEGREE], [100.5, 30.5]])
    near = np.concatenate([vertices, mid, grid_edges])
    eps = np.array([[0, 0], [1e-12, 0], [-1e-12, 0], [0, 1e-12], [0, -1e-12], [1e-7, 1e-7]])
    extra = (near[:, None, :] + eps[None]).reshape(-1, 2)
    odd = np.array([[np.nan, 31.0], [101.0, np.nan], [np.inf, 30.0], [-200.0, 95.0], [179.9, 89.9]])
    all_points = np.concatenate([np.column_stack([lon, lat]), extra, odd])
    return all_points[:, 0], all_points[:, 1]


def test_grid_matches_testing_every_polygon(toy_polygons):
    grid = CountyGrid.build(toy_polygons)
    lon, lat = toy_points(toy_polygons)
    hits, first = grid.locate(lon, lat, toy_polygons)
    want_hits, want_first = brute_force(toy_polygons, lon, lat)
    assert np.array_equal(hits, want_hits)
    assert np.array_equal(first, want_first)
    assert set(np.unique(hits)) >= {0, 1, 2}  # the cases above really occur
    assert (grid.cells >= 0).any() and (grid.cells == CROSSED).any()  # cells answered by indexing and cells tested


def test_cached_grid_is_read_back_unchanged(tmp_path, toy_polygons):
    built = CountyGrid.cached(toy_polygons, tmp_path)
    read = CountyGrid.cached(toy_polygons, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    assert read.origin == built.origin
    for name in ("cells", "crossed", "offsets", "candidates"):
        assert np.array_equal(getattr(read, name), getattr(built, name))
    moved = toy_polygons.copy()
    moved[2] = shapely.box(102, 30, 103, 32.5)
    CountyGrid.cached(moved, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"county-grid-v{GRID_SCHEMA}-{digest(moved)}"]  # the old one goes


def border_points(layers, rng, n):
    """Vertices of county borders, points halfway along their edges, and points a hair off both."""
    coords = shapely.get_coordinates(layers["county"].geometry.values)
    pick = rng.choice(len(coords) - 1, n, replace=False)
    mid = (coords[pick] + coords[pick + 1]) / 2
    near = np.concatenate([coords[pick], mid])
    off = near + rng.choice([-1e-9, 0.0, 1e-9], size=near.shape)
    return np.concatenate([near, off])


def test_grid_index_answers_like_county_index(layers, tmp_path_factory):
    from atlas.places.county_index import CountyIndex, GridCountyIndex

    rng = np.random.default_rng(13)
    random = np.column_stack([rng.uniform(73.5, 135.0, 30000), rng.uniform(18.0, 53.5, 30000)])
    points = np.concatenate([random, border_points(layers, rng, 3000), [[np.nan, 30.0], [120.0, np.nan]]])
    lon, lat = points[:, 0], points[:, 1]
    usable = np.isfinite(lon) & np.isfinite(lat)
    usable[::50] = False
    fast, fast_hits = GridCountyIndex(layers).lookup(lon, lat, usable)
    plain, plain_hits = CountyIndex(layers).lookup(lon, lat, usable)
    pd.testing.assert_frame_equal(fast, plain)
    assert np.array_equal(fast_hits, plain_hits)
    assert (fast_hits > 1).any() and (fast_hits[usable] == 0).any()  # borders and sea both covered

    # and the same as geopandas.sjoin on the full-resolution counties (border included, first by adcode)
    import geopandas as gpd

    counties = layers["county"][["adcode", "geometry"]]
    found = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon[usable], lat[usable]), crs=counties.crs)
    joined = gpd.sjoin(found, counties, how="left", predicate="intersects")
    first = joined.groupby(level=0)["adcode"].min().reindex(range(usable.sum()))
    assert fast["county_adcode"][usable].tolist() == first.tolist()


def test_a_few_points_skip_the_grid_with_the_same_answers(layers):
    from atlas.places.county_index import GridCountyIndex

    lon = np.array([116.39, 121.47, 113.26, 160.0, np.nan])
    lat = np.array([39.91, 31.23, 23.13, 10.0, 30.0])
    usable = np.isfinite(lon) & np.isfinite(lat)
    few = GridCountyIndex(layers)
    answers, hits = few.lookup(lon, lat, usable)
    assert few._grid is None  # the plain tree answered; no county prepared, no grid opened
    gridded, grid_hits = GridCountyIndex(layers, grid_from=0).lookup(lon, lat, usable)
    pd.testing.assert_frame_equal(answers, gridded)
    assert np.array_equal(hits, grid_hits) and hits.tolist() == [1, 1, 1, 0, 0]
