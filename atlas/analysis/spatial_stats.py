"""Spatial statistics for comparing regions, with PySAL (libpysal, esda, pointpats).

* pilots per province and region against population (2020 census) and area;
* the Clark–Evans nearest-neighbour index of the pilots in each region: the
  mean distance to the nearest pilot (a KD-tree, as pointpats measures it) over
  the mean expected if as many points fell at random in the region (below 1
  clustered, above 1 spread out), with a normal-approximation p and a pseudo p
  from random patterns in the region's own outline (the points of
  ``pointpats.random.poisson``, drawn in blocks: :func:`poisson_patterns`);
* global and local Moran's I (esda) of provincial pilot density (queen
  contiguity, an island joined to its nearest province) and of the pilots'
  resident − hukou urbanization gap (each pilot's k nearest pilots);
* median, interquartile range and n of each figure per region.

Each result carries the number of places it rests on; below a minimum it is
not computed (``None``) and the pages say so. Permutation tests use fixed
seeds, so the same inputs give the same pseudo p-values.
"""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import stats

from atlas.places.boundaries import CHINA_ALBERS

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
#: Fewest points for a nearest-neighbour index, units for Moran's I, values for a median and IQR.
MIN_POINTS = 10
MIN_UNITS = 12
MIN_VALUES = 5
PERMUTATIONS = 999
SIMULATIONS = 99
SEED = 12345
#: Significance level for LISA clusters.
ALPHA = 0.05
#: LISA quadrant → cluster label (esda's ``q``: 1 HH, 2 LH, 3 LL, 4 HL).
QUADRANTS = {1: "High-High", 2: "Low-High", 3: "Low-Low", 4: "High-Low"}
NOT_SIGNIFICANT = "not significant"


def census_population(path: Path = GEODATA / "census2020_population.csv") -> pd.Series:
    """Resident population by province adcode (2020 census)."""
    table = pd.read_csv(path, dtype={"province_adcode": str})
    return table.set_index("province_adcode")["population"].astype("int64")


def province_regions(path: Path = GEODATA / "regions.csv") -> pd.Series:
    """NBS region of each province adcode."""
    table = pd.read_csv(path, dtype={"province_adcode": str})
    return table.dropna(subset=["region"]).set_index("province_adcode")["region"]


def province_rates(pilot_provinces: pd.Series, provinces: pd.DataFrame, population: pd.Series,
                   regions: pd.Series) -> pd.DataFrame:
    """Pilots per province, per 10 million residents and per 10,000 km².

    Parameters
    ----------
    pilot_provinces : Series
        The province adcode of each pilot (the province its point lies in).
    provinces : DataFrame
        ``adcode, name, area_km2`` of the provinces (equal-area).
    population, regions : Series
        By province adcode; provinces without a population (Hong Kong, Macao, Taiwan) are left out.

    Examples
    --------
    >>> provinces = pd.DataFrame({"adcode": ["1", "2"], "name": ["A", "B"], "area_km2": [20000.0, 50000.0]})
    >>> t = province_rates(pd.Series(["1", "1", "2"]), provinces, pd.Series({"1": 5_000_000, "2": 40_000_000}),
    ...                    pd.Series({"1": "East", "2": "West"}))
    >>> t[["pilots", "per_10m_residents", "per_10k_km2"]].values.tolist()
    [[2.0, 4.0, 1.0], [1.0, 0.25, 0.2]]
    """
    out = provinces[["adcode", "name", "area_km2"]].copy()
    out = out[out["adcode"].isin(population.index)]
    out["region"] = out["adcode"].map(regions)
    out["pilots"] = out["adcode"].map(pilot_provinces.value_counts()).fillna(0).astype("float64")
    out["population"] = out["adcode"].map(population).astype("int64")
    out["per_10m_residents"] = (out["pilots"] / out["population"] * 1e7).round(4)
    out["per_10k_km2"] = (out["pilots"] / out["area_km2"] * 1e4).round(4)
    return out.reset_index(drop=True)


def region_rates(rates: pd.DataFrame) -> pd.DataFrame:
    """:func:`province_rates` summed by region, with ``All`` (the country) last."""
    sums = rates.groupby("region")[["pilots", "population", "area_km2"]].sum()
    sums.loc["All"] = rates[["pilots", "population", "area_km2"]].sum()
    sums["provinces"] = [*rates.groupby("region").size().reindex(sums.index[:-1]), len(rates)]
    sums["per_10m_residents"] = (sums["pilots"] / sums["population"] * 1e7).round(4)
    sums["per_10k_km2"] = (sums["pilots"] / sums["area_km2"] * 1e4).round(4)
    return sums


@dataclass(frozen=True)
class NearestNeighbour:
    """Clark–Evans index of a point pattern in a window (distances in metres)."""

    n: int
    area_km2: float
    mean_nnd_km: float | None = None
    expected_km: float | None = None
    R: float | None = None
    z: float | None = None
    p_normal: float | None = None
    p_sim: float | None = None


def clark_evans(xy: np.ndarray, area_m2: float, window=None, simulations: int = SIMULATIONS,
                seed: int = SEED) -> NearestNeighbour:
    """Clark–Evans nearest-neighbour index of projected points (metres) in a window of ``area_m2``.

    ``R`` is the observed mean nearest-neighbour distance over
    ``0.5 / sqrt(n / area)``; ``z`` uses the standard error ``0.26136 / sqrt(n² / area)``;
    ``p_sim`` compares the observed mean with ``simulations`` random (Poisson)
    patterns of as many points in ``window`` (a shapely polygon; skipped without one).
    Fewer than :data:`MIN_POINTS` points give only ``n``.

    Examples
    --------
    >>> grid = np.array([(x, y) for x in range(0, 5000, 1000) for y in range(0, 5000, 1000)], dtype=float)
    >>> r = clark_evans(grid, 25e6)  # 25 points 1 km apart in 25 km²: expected 0.5 km
    >>> round(r.mean_nnd_km, 3), round(r.expected_km, 3), round(r.R, 3)
    (1.0, 0.5, 2.0)
    """
    n = len(xy)
    area_km2 = round(area_m2 / 1e6, 1)
    if n < MIN_POINTS:
        return NearestNeighbour(n, area_km2)
    observed = _mean_nnd(xy)
    density = n / area_m2
    expected = 0.5 / np.sqrt(density)
    se = 0.26136 / np.sqrt(n * density)
    z = (observed - expected) / se
    p_normal = float(2 * stats.norm.sf(abs(z)))
    p_sim = None
    if window is not None and simulations:
        means = np.array([_mean_nnd(run) for run in poisson_patterns(window, n, simulations, seed)])
        beyond = (means <= observed) if observed < expected else (means >= observed)
        p_sim = float((beyond.sum() + 1) / (simulations + 1))
    return NearestNeighbour(n, area_km2, round(observed / 1e3, 3), round(float(expected) / 1e3, 3),
                            round(float(observed / expected), 4), round(float(z), 4), round(p_normal, 6), p_sim)


def poisson_patterns(window, n: int, simulations: int, seed: int = SEED) -> np.ndarray:
    """``simulations`` random patterns of ``n`` points in ``window``: ``(simulations, n, 2)``.

    The same points as ``pointpats.random.poisson(window, size=(n, simulations), rng=seed)``
    (uniform draws in the window's bounding box, x then y, kept when inside,
    in the generator's order), drawn and tested in blocks rather than one point at a time.

    Examples
    --------
    >>> from pointpats.random import poisson
    >>> disc = shapely.Point(0, 0).buffer(1.0)
    >>> bool(np.array_equal(poisson_patterns(disc, 10, 3, 7), poisson(disc, size=(10, 3), rng=7)))
    True
    """
    x0, y0, x1, y1 = window.bounds
    rng = np.random.default_rng(seed)
    need, kept = n * simulations, []
    block = max(2 * need, 1024)
    while sum(len(k) for k in kept) < need:
        u = rng.random(2 * block).reshape(-1, 2)
        x, y = x0 + (x1 - x0) * u[:, 0], y0 + (y1 - y0) * u[:, 1]
        inside = shapely.contains_xy(window, x, y)
        kept.append(np.column_stack([x[inside], y[inside]]))
    return np.concatenate(kept)[:need].reshape(simulations, n, 2)


def _mean_nnd(xy: np.ndarray) -> float:
    """Mean distance from each point to its nearest neighbour (as ``pointpats.PointPattern.mean_nnd``)."""
    from scipy.spatial import KDTree

    return float(KDTree(xy).query(xy, k=2)[0][:, 1].mean())


def projected(lon, lat) -> np.ndarray:
    """Longitude/latitude (WGS-84) as x/y metres in the equal-area projection."""
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(CHINA_ALBERS)
    return np.column_stack([points.x.to_numpy(), points.y.to_numpy()])


def clark_evans_by_region(pilots: pd.DataFrame, provinces: gpd.GeoDataFrame, regions: pd.Series,
                          simulations: int = SIMULATIONS) -> pd.DataFrame:
    """Clark–Evans index of the pilots of each region, in the region's outline (and ``All``)."""
    rows = []
    for region, (window, area_m2) in region_windows(provinces, regions).items():
        shapely.prepare(window)  # every random point is tested against it
        inside = pilots if region == "All" else pilots[pilots["region"] == region]
        result = clark_evans(projected(inside["lon"], inside["lat"]), area_m2, window, simulations)
        rows.append({"region": region, **result.__dict__})
    return pd.DataFrame(rows).set_index("region")


def region_windows(provinces: gpd.GeoDataFrame, regions: pd.Series) -> dict[str, tuple[object, float]]:
    """Each region's outline (projected, simplified to 5 km) and area in m², then ``All``'s; cached on disk.

    They depend on the boundaries alone, so they are kept beside the
    boundary cache (:func:`_cached_on_boundaries`) instead of being unioned on every build.

    Examples
    --------
    >>> squares = gpd.GeoDataFrame({"adcode": ["1", "2"]}, geometry=[shapely.box(100, 30, 101, 31),
    ...                            shapely.box(101, 30, 102, 31)], crs="EPSG:4326")
    >>> windows = region_windows(squares, pd.Series({"1": "East", "2": "West"}))
    >>> list(windows), round(windows["All"][1] / windows["East"][1], 2)
    (['East', 'West', 'All'], 2.0)
    """
    def make() -> dict[str, tuple[object, float]]:
        shapes = provinces[provinces["adcode"].isin(regions.index)].to_crs(CHINA_ALBERS)
        shapes = shapes.assign(region=shapes["adcode"].map(regions))
        windows = {}
        for region in [*sorted(shapes["region"].unique()), "All"]:
            outline = shapes if region == "All" else shapes[shapes["region"] == region]
            windows[region] = (outline.geometry.union_all().simplify(5000), float(outline.geometry.area.sum()))
        return windows

    return _cached_on_boundaries("region-windows", provinces, repr(sorted(regions.items())), make)


def _cached_on_boundaries(name: str, units: gpd.GeoDataFrame, key: str, make):
    """``make()``, cached on disk under a key of ``units``' codes and geometry, ``key`` and this module's code."""
    from atlas.places.cache import cached_pickle, digest

    return cached_pickle(name, digest(name, key, Path(__file__), *units["adcode"].astype(str),
                                      *shapely.to_wkb(np.asarray(units.geometry.values))), make)


@contextlib.contextmanager
def _seeded(seed: int):
    """Fix numpy's global generator for esda's permutations, then restore it."""
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def contiguity_weights(units: gpd.GeoDataFrame):
    """Queen contiguity of polygons, each island joined to its nearest unit; row-standardised (cached on disk)."""
    def make():
        from libpysal import weights

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            queen = weights.Queen.from_dataframe(units, use_index=False)
            if queen.islands:
                centroids = units.to_crs(CHINA_ALBERS).geometry.centroid
                nearest = weights.KNN.from_array(np.column_stack([centroids.x, centroids.y]), k=1)
                queen = weights.attach_islands(queen, nearest)
        queen.transform = "r"
        return queen

    return _cached_on_boundaries("contiguity", units, "queen+islands", make)


def knn_weights(xy: np.ndarray, k: int = 4):
    """Each point's ``k`` nearest points; row-standardised."""
    from libpysal import weights

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = weights.KNN.from_array(xy, k=k)
    w.transform = "r"
    return w


@dataclass(frozen=True)
class MoranResult:
    """Global Moran's I with its permutation test, and the local clusters (LISA)."""

    n: int
    I: float | None = None
    expected: float | None = None
    z: float | None = None
    p_sim: float | None = None
    clusters: tuple[str, ...] = ()  # per unit: High-High, Low-Low, High-Low, Low-High or not significant
    local_p: tuple[float, ...] = ()


def moran(values, w, permutations: int = PERMUTATIONS, seed: int = SEED) -> MoranResult:
    """Global and local Moran's I of ``values`` under weights ``w`` (esda), or only ``n`` below :data:`MIN_UNITS`.

    Examples
    --------
    >>> from libpysal.weights import lat2W
    >>> w = lat2W(4, 4)  # a 4 × 4 lattice, rook contiguity
    >>> y = np.array([1, 1, 0, 0] * 4, dtype=float)  # two halves: strong positive autocorrelation
    >>> round(moran(y, w).I, 4)  # 2.8333 / 4 by hand: see tests/test_spatial_stats.py
    0.7083
    """
    import esda

    values = np.asarray(values, dtype="float64")
    n = len(values)
    if n < MIN_UNITS or np.nanstd(values) == 0:
        return MoranResult(n)
    with warnings.catch_warnings(), _seeded(seed):
        warnings.simplefilter("ignore")
        w.transform = "r"
        glob = esda.Moran(values, w, permutations=permutations)
        local = esda.Moran_Local(values, w, permutations=permutations, seed=seed)
    clusters = tuple(QUADRANTS[int(q)] if p < ALPHA else NOT_SIGNIFICANT for q, p in zip(local.q, local.p_sim))
    return MoranResult(n, round(float(glob.I), 4), round(float(glob.EI), 4), round(float(glob.z_sim), 4),
                       round(float(glob.p_sim), 4), clusters, tuple(round(float(p), 4) for p in local.p_sim))


def region_figures(table: pd.DataFrame, figures: dict[str, str], national: dict[str, float] | None = None
                   ) -> pd.DataFrame:
    """Median, interquartile range and n of each figure per region, all pilots, and a national value.

    Below :data:`MIN_VALUES` values the median and IQR are left empty.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["East"] * 5 + ["West"] * 2, "gap": [1, 2, 3, 4, 5, 9, 9]})
    >>> f = region_figures(t, {"gap": "Gap"}, {"gap": 18.0})
    >>> f.loc[("gap", "East"), ["median", "iqr", "n"]].tolist(), bool(np.isnan(f.loc[("gap", "West"), "median"]))
    ([3.0, 2.0, 5.0], True)
    """
    rows = []
    for column, label in figures.items():
        values = pd.to_numeric(table[column], errors="coerce")
        groups = [(region, values[table["region"] == region]) for region in sorted(table["region"].dropna().unique())]
        for region, group in [*groups, ("All", values)]:
            group = group.dropna()
            enough = len(group) >= MIN_VALUES
            q1, q3 = (group.quantile(0.25), group.quantile(0.75)) if enough else (np.nan, np.nan)
            rows.append({"figure": column, "region": region, "label": label,
                         "median": round(float(group.median()), 3) if enough else np.nan,
                         "q1": round(float(q1), 3), "q3": round(float(q3), 3),
                         "iqr": round(float(q3 - q1), 3), "n": len(group),
                         "national": (national or {}).get(column, np.nan)})
    return pd.DataFrame(rows).set_index(["figure", "region"])


#: Figures compared between regions, with labels; the national value of each is the plan's base year.
REGION_FIGURES = {
    "urbanization_rate_resident_pct": "Urbanization rate, resident (%)",
    "urbanization_rate_hukou_pct": "Urbanization rate, hukou (%)",
    "urbanization_gap_pp": "Resident − hukou gap (pp)",
    "resident_pop_10k": "Resident population (10k)",
    "area_km2": "Area (km²)",
    "density_per_km2": "Resident density (per km²)",
}


@dataclass
class SpatialReport:
    """Every statistic of this module for one register (see :func:`spatial_report`)."""

    provinces: pd.DataFrame  # province_rates + LISA cluster of density
    regions: pd.DataFrame  # region_rates
    nearest: pd.DataFrame  # clark_evans_by_region
    density: MoranResult
    gap_pilots: pd.DataFrame  # pilots with a gap + LISA cluster
    gap: MoranResult
    figures: pd.DataFrame  # region_figures
    units: gpd.GeoDataFrame  # province polygons in the order of ``provinces``


def national_reference(path: Path = GEODATA / "national_plan_targets.csv") -> dict[str, float]:
    """National values beside the regional figures: the national plan's base-year rates and their gap."""
    plan = pd.read_csv(path).set_index("metric")["base_value"].to_dict()
    if {"urbanization_rate_resident_pct", "urbanization_rate_hukou_pct"} <= plan.keys():
        plan["urbanization_gap_pp"] = round(plan["urbanization_rate_resident_pct"]
                                            - plan["urbanization_rate_hukou_pct"], 2)
    return plan


def spatial_report(pilots: pd.DataFrame, provinces: gpd.GeoDataFrame, simulations: int = SIMULATIONS,
                   permutations: int = PERMUTATIONS) -> SpatialReport:
    """All statistics for resolved pilots (``lon, lat, region, joined_province`` and the enriched figures).

    ``provinces`` are province polygons (WGS-84) with ``adcode, name, area_km2``; only
    provinces with a 2020 census population (the 31 of the mainland) take part.
    """
    population, regions = census_population(), province_regions()
    units = provinces[provinces["adcode"].isin(population.index)].sort_values("adcode").reset_index(drop=True)
    rates = province_rates(pilots["joined_province"].astype(str), units, population, regions)
    density = moran(rates["per_10k_km2"].to_numpy(), contiguity_weights(units), permutations)
    rates["lisa_density"] = list(density.clusters) or [None] * len(rates)
    gap_pilots = pilots[pd.to_numeric(pilots["urbanization_gap_pp"], errors="coerce").notna()].reset_index(drop=True)
    if len(gap_pilots) >= MIN_UNITS:
        gap = moran(gap_pilots["urbanization_gap_pp"].to_numpy(),
                    knn_weights(projected(gap_pilots["lon"], gap_pilots["lat"])), permutations)
    else:
        gap = MoranResult(len(gap_pilots))
    gap_pilots = gap_pilots.assign(lisa_gap=list(gap.clusters) or [None] * len(gap_pilots))
    return SpatialReport(rates, region_rates(rates), clark_evans_by_region(pilots, units, regions, simulations),
                         density, gap_pilots, gap,
                         region_figures(pilots, {k: v for k, v in REGION_FIGURES.items() if k in pilots.columns},
                                        national_reference()), units)
