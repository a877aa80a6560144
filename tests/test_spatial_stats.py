"""Spatial statistics (PySAL) against values computed by hand on tiny made-up layouts."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from atlas.analysis import spatial_stats as ss


def test_rates_per_residents_and_area_by_hand():
    provinces = pd.DataFrame({"adcode": ["1", "2", "3"], "name": ["A", "B", "C"],
                              "area_km2": [20_000.0, 50_000.0, 10_000.0]})
    population = pd.Series({"1": 5_000_000, "2": 40_000_000})  # C has no census row: left out
    rates = ss.province_rates(pd.Series(["1", "1", "2", "3"]), provinces, population,
                              pd.Series({"1": "East", "2": "West", "3": "West"}))
    assert list(rates["adcode"]) == ["1", "2"]
    # A: 2 pilots / 5 M residents = 4 per 10 M; 2 / 20,000 km² = 1 per 10,000 km²
    assert rates.loc[0, ["per_10m_residents", "per_10k_km2"]].tolist() == [4.0, 1.0]
    regions = ss.region_rates(rates)
    assert regions.loc["All", "pilots"] == 3 and regions.loc["All", "provinces"] == 2
    assert regions.loc["All", "per_10m_residents"] == pytest.approx(3 / 45e6 * 1e7, abs=1e-4)  # 0.6667


def test_clark_evans_on_a_regular_grid_by_hand():
    grid = np.array([(x, y) for x in range(0, 5000, 1000) for y in range(0, 5000, 1000)], dtype=float)
    result = ss.clark_evans(grid, 25e6, window=box(-500, -500, 4500, 4500), simulations=19)
    # 25 points in 25 km²: expected mean distance 0.5 / sqrt(1 per km²) = 0.5 km; observed 1 km
    assert (result.mean_nnd_km, result.expected_km, result.R) == (1.0, 0.5, 2.0)
    # standard error 0.26136 / sqrt(25 · 25 / 25e6 m²) = 0.26136 / 0.005 = 52.272 m: z = 500 / 52.272
    assert result.z == pytest.approx(500 / 52.272, abs=1e-3)
    assert result.p_sim == pytest.approx(1 / 20)  # no random pattern is as regular as a grid


def test_clark_evans_below_the_minimum_gives_only_n():
    result = ss.clark_evans(np.zeros((ss.MIN_POINTS - 1, 2)), 1e6)
    assert result.n == ss.MIN_POINTS - 1 and result.R is None and result.p_sim is None


def test_global_moran_on_a_lattice_by_hand():
    from libpysal.weights import lat2W

    # 4 × 4 lattice (rook), left two columns 1, right two 0; z = ±0.5, Σz² = 4.
    # Row-standardised, I = Σ_i z_i · mean(z of neighbours) / Σz²:
    # outer columns 8 × 0.25, inner corner cells 4 × 0.25/3, inner middle cells 4 × 0.125 → 2.8333 / 4
    y = np.array([1, 1, 0, 0] * 4, dtype=float)
    result = ss.moran(y, lat2W(4, 4), permutations=99)
    assert result.I == pytest.approx(2.8333 / 4, abs=1e-4)
    assert result.expected == pytest.approx(-1 / 15, abs=1e-4)
    assert result.p_sim < 0.05
    left = {result.clusters[i] for i in range(16) if i % 4 < 2}
    right = {result.clusters[i] for i in range(16) if i % 4 >= 2}
    assert left <= {"High-High", ss.NOT_SIGNIFICANT} and right <= {"Low-Low", ss.NOT_SIGNIFICANT}
    assert ss.moran(y, lat2W(4, 4), permutations=99) == result  # seeded: the same every time


def test_moran_needs_enough_units_and_variation():
    from libpysal.weights import lat2W

    assert ss.moran(np.arange(9.0), lat2W(3, 3)).I is None  # 9 units < MIN_UNITS
    assert ss.moran(np.ones(16), lat2W(4, 4)).I is None


def test_contiguity_joins_an_island_to_its_nearest_unit():
    units = gpd.GeoDataFrame({"adcode": ["1", "2", "3"]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 0, 6, 1)], crs="EPSG:4326")
    w = ss.contiguity_weights(units)
    assert w.neighbors[0] == [1] and w.neighbors[2] == [1]  # the island takes its nearest unit
    assert not w.islands


def test_region_figures_median_iqr_and_minimum():
    table = pd.DataFrame({"region": ["East"] * 5 + ["West"] * 4, "gap": [1, 2, 3, 4, 5, 9, 9, 9, 9]})
    figures = ss.region_figures(table, {"gap": "gap"}, {"gap": 18.0})
    east = figures.loc[("gap", "East")]
    assert (east["median"], east["q1"], east["q3"], east["iqr"], east["n"]) == (3.0, 2.0, 4.0, 2.0, 5)
    assert math.isnan(figures.loc[("gap", "West"), "median"]) and figures.loc[("gap", "West"), "n"] == 4
    assert figures.loc[("gap", "All"), "median"] == 5.0 and figures.loc[("gap", "All"), "national"] == 18.0


def test_block_drawn_patterns_are_pointpats_own():
    """The block-drawn random patterns and nearest-neighbour means are those pointpats gives, to the bit."""
    import numpy as np
    import shapely
    from pointpats import PointPattern
    from pointpats.random import poisson

    from atlas.analysis.spatial_stats import _mean_nnd, poisson_patterns

    window = shapely.Polygon([(0, 0), (4e5, 0), (4e5, 1e5), (1e5, 1e5), (1e5, 3e5), (0, 3e5)])  # an L: many misses
    shapely.prepare(window)
    ours, theirs = poisson_patterns(window, 12, 20, 12345), poisson(window, size=(12, 20), rng=12345)
    assert np.array_equal(ours, theirs)
    assert [_mean_nnd(run) for run in ours] == [float(PointPattern(run).mean_nnd) for run in theirs]


def test_boundary_derived_results_are_cached_and_read_back_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path))
    squares = gpd.GeoDataFrame({"adcode": ["1", "2", "3"]},
                               geometry=[box(100, 30, 101, 31), box(101, 30, 102, 31), box(110, 20, 111, 21)],
                               crs="EPSG:4326")
    made = ss.contiguity_weights(squares)
    assert len(list(tmp_path.glob("contiguity-*.pickle"))) == 1
    read = ss.contiguity_weights(squares)
    assert read.neighbors == made.neighbors == {0: [1], 1: [0, 2], 2: [1]}  # the island joined to its nearest
    assert read.weights == made.weights
    regions = pd.Series({"1": "East", "2": "East", "3": "West"})
    first = ss.region_windows(squares, regions)
    again = ss.region_windows(squares, regions)
    assert list(again) == ["East", "West", "All"]
    assert all(again[k][0].equals(first[k][0]) and again[k][1] == first[k][1] for k in first)
    moved = squares.set_geometry(squares.geometry.translate(1, 0))  # other boundaries: another cache entry
    ss.region_windows(moved, regions)
    assert len(list(tmp_path.glob("region-windows-*.pickle"))) == 2
