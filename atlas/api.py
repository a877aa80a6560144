"""The public API: documents, names and points in; GeoDataFrames and maps out.

Every function is also at the package's top level (``atlas.geocode``,
``atlas.join`` …). Boundaries and the gazetteer are built once per process
and kept (the boundaries are cached on disk too, see :mod:`atlas.places.boundaries`).

Examples
--------
>>> import atlas
>>> atlas.geocode("章丘市")[["canonical_name", "adcode", "status"]].iloc[0].tolist()
['章丘区', '370114', 'resolved']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

LEVELS = ("province", "prefecture", "county")
_GEOCODE_COLUMNS = ["name", "adcode", "code", "canonical_name", "level", "province", "prefecture", "county", "precision",
                    "resolved_by", "status", "reason"]


@lru_cache(maxsize=1)
def _layers() -> dict[str, gpd.GeoDataFrame]:
    from atlas.places import boundaries as boundary_data

    return boundary_data.load()


@lru_cache(maxsize=1)
def _display_layers() -> dict[str, gpd.GeoDataFrame]:
    from atlas.places import boundaries as boundary_data

    return boundary_data.load_display()


@lru_cache(maxsize=1)
def _geocoder():
    from atlas.places.gazetteer import Gazetteer
    from atlas.places.gazetteer_cache import load_gazetteer
    from atlas.places.geocode import Geocoder

    return Geocoder(load_gazetteer(lambda: Gazetteer.build(_layers())))


@dataclass
class Documents:
    """What :func:`read_documents` found: the register (points), mentions, figures and the quality report."""

    register: gpd.GeoDataFrame
    mentions: pd.DataFrame
    facts: pd.DataFrame
    quality: pd.DataFrame
    skipped: list[str] = field(default_factory=list)

    def _repr_html_(self) -> str:
        pilots = int((self.register["role"] == "pilot").sum())
        return (f"<b>Pilot Atlas documents</b>: {len(self.register)} places ({pilots} pilots), "
                f"{len(self.mentions)} mentions, {len(self.facts)} figures, {len(self.quality)} quality rows"
                + (f", {len(self.skipped)} documents skipped" if self.skipped else ""))


def read_documents(path: str | Path, batch: int | None = None) -> Documents:
    """Read a folder of documents (or one document) into a register, mentions, figures and quality rows.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt``, ``.md``, ``.html``, ``.mhtml``, ``.pdf``, ``.docx``
        files, or one such file.
    batch : int, optional
        The batch of the pilots a document lists, where it does not say.

    Returns
    -------
    Documents
        ``register`` (a GeoDataFrame of points, WGS-84), ``mentions``, ``facts``
        and ``quality`` (DataFrames), ``skipped`` (documents that could not be read).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "note.txt").write_text("河北省威县入选第三批国家新型城镇化综合试点。", encoding="utf-8")
    >>> found = read_documents(folder)
    >>> row = found.register.iloc[0]
    >>> row["canonical_name"], row["role"], int(row["batch"])
    ('威县', 'pilot', 3)
    """
    import shutil
    import tempfile

    from atlas.common import quality
    from atlas.places import register
    from atlas.reading.extraction import extract_folder

    path = Path(path)
    if path.is_file():
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(path, Path(folder) / path.name)
            extraction = extract_folder(Path(folder), _geocoder().gazetteer, batch=batch)
    else:
        extraction = extract_folder(path, _geocoder().gazetteer, batch=batch)
    return Documents(register.to_geodataframe(extraction.register), extraction.mentions, extraction.facts,
                     quality.to_frame(extraction.issues), extraction.skipped)


def geocode(names: str | Iterable[str] | pd.Series, province: str | Sequence[str] | None = None,
            context: str | None = None) -> gpd.GeoDataFrame:
    """Geocode place names offline to current admin codes and points.

    Parameters
    ----------
    names : str, list of str or Series
        Names as written: short forms (``宁波``), chains (``吉林公主岭范家屯镇``),
        old names (``襄樊市``), towns, traditional script.
    province : str or sequence of str, optional
        The province each name is in (a name such as ``湖南`` or an adcode such
        as ``430000``), one for all or one per name; narrows same-named places.
    context : str, optional
        Text the names come from; its parent names decide between same-named places.

    Returns
    -------
    GeoDataFrame
        One row per name, in order, with ``adcode`` (of the county for a
        township), ``code`` (the place's own code: 9 digits for a township), ``canonical_name``,
        ``level``, ``province``, ``prefecture``, ``county``, ``precision`` (what
        the point stands for), ``resolved_by``, ``status`` (``resolved``,
        ``ambiguous``, ``unresolved``), ``reason`` and a point geometry (WGS-84;
        empty unless resolved). Same-named places are never guessed: they are
        ``ambiguous`` with the candidates in ``reason``.

    Examples
    --------
    >>> found = geocode(["襄樊市", "北京", "朝阳区"])
    >>> found[["canonical_name", "adcode", "status"]].values.tolist()
    [['襄阳市', '420600', 'resolved'], ['北京市', '110000', 'resolved'], ['', '', 'ambiguous']]
    >>> geocode("朝阳区", province="吉林").loc[0, "adcode"]
    '220104'
    """
    from atlas.places.geocode_rows import geocode_one
    from atlas.reading.script import to_simplified

    values = [names] if isinstance(names, str) else list(names)
    hints = [province] * len(values) if province is None or isinstance(province, str) else list(province)
    if len(hints) != len(values):
        raise ValueError(f"province has {len(hints)} values for {len(values)} names")
    context = to_simplified(context or "")
    rows = []
    for name, hint in zip(values, hints):
        name = "" if name is None else str(name)
        found = geocode_one(_geocoder(), to_simplified(name), "" if hint is None else str(hint), context)
        rows.append({"name": name, **found})
    frame = pd.DataFrame(rows, columns=_GEOCODE_COLUMNS + ["lon", "lat"])
    geometry = [None if pd.isna(x) else Point(x, y) for x, y in zip(frame["lon"], frame["lat"])]
    return gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]).astype(object).fillna(""), geometry=geometry, crs="EPSG:4326")


def join(points: gpd.GeoDataFrame | pd.DataFrame, levels: Sequence[str] = LEVELS, crs: str = "wgs84",
         lon: str = "lon", lat: str = "lat") -> gpd.GeoDataFrame:
    """Join points to the province, prefecture and county they fall in (full-resolution polygons).

    Parameters
    ----------
    points : GeoDataFrame or DataFrame
        Points as a geometry column, or as ``lon``/``lat`` columns.
    levels : sequence of str
        Which of ``province``, ``prefecture``, ``county`` to add (adcode and name each).
    crs : {"wgs84", "gcj02", "bd09"}
        Datum of the coordinates: GPS (WGS-84), Chinese web maps (GCJ-02: Amap,
        Tencent) or Baidu (BD-09); converted to WGS-84 before the join.
    lon, lat : str
        Column names when ``points`` has no geometry.

    Returns
    -------
    GeoDataFrame
        The input's columns, ``<level>_adcode`` and ``<level>`` for each level,
        ``join_status`` (``joined``/``not joined``) and ``join_reason``, and a
        WGS-84 point geometry. No row is dropped.

    Examples
    --------
    >>> table = pd.DataFrame({"lon": [116.39, 200.0], "lat": [39.91, 0.0]})
    >>> join(table)[["province", "county", "join_status"]].values.tolist()
    [['北京市', '东城区', 'joined'], [nan, nan, 'not joined']]
    """
    from atlas.places.coords import DATUMS
    from atlas.places.usertables import RunReport, join_chunk

    unknown = [level for level in levels if level not in LEVELS]
    if unknown or crs not in DATUMS:
        raise ValueError(f"levels must be among {LEVELS} and crs one of {DATUMS}")
    frame = pd.DataFrame(points) if not isinstance(points, pd.DataFrame) else points
    chunk = frame.copy()
    if isinstance(points, gpd.GeoDataFrame):
        if points.crs is not None and not points.crs.equals("EPSG:4326") and crs == "wgs84":
            chunk = points.to_crs("EPSG:4326")
        geometry = chunk.geometry
        chunk = pd.DataFrame(chunk.drop(columns=chunk.geometry.name))
        chunk[lon], chunk[lat] = geometry.x.to_numpy(), geometry.y.to_numpy()
    elif lon not in chunk or lat not in chunk:
        raise ValueError(f"no {lon!r}/{lat!r} columns and no geometry in the table")
    joined = join_chunk(chunk, _county_index(), lon, lat, 0, RunReport(), crs)
    drop = [f"{level}{suffix}" for level in LEVELS if level not in levels for suffix in ("", "_adcode")]
    joined = joined.drop(columns=[c for c in drop if c in joined.columns])
    return gpd.GeoDataFrame(joined, geometry="geometry", crs="EPSG:4326")


@lru_cache(maxsize=1)
def _county_index():
    from atlas.places import boundaries as boundary_data
    from atlas.places.county_index import GridCountyIndex

    loaded = _layers.cache_info().currsize  # the full boundaries already read in this session: no second read
    return GridCountyIndex(_layers() if loaded else boundary_data.load_counties())


def boundaries(level: str, simplified: bool = False) -> gpd.GeoDataFrame:
    """Province, prefecture or county polygons (WGS-84) with adcode, name, parents and area.

    Parameters
    ----------
    level : {"province", "prefecture", "county"}
    simplified : bool
        The display layers (coverage-simplified at 0.005°, neighbours keep shared borders)
        instead of full resolution.

    Examples
    --------
    >>> provinces = boundaries("province")
    >>> len(provinces), provinces.crs.to_epsg()
    (34, 4326)
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    return (_display_layers() if simplified else _layers())[level].copy()


def shipped_register(known_batches: bool = True) -> gpd.GeoDataFrame:
    """The register shipped with the package (pilots and cited places of the seed documents), as points.

    Parameters
    ----------
    known_batches : bool
        Merge in the known members of batches 1–3 (``geodata/batches.csv``),
        as the default build does: ``batches`` lists every batch of a place.

    Examples
    --------
    >>> register = shipped_register()
    >>> sorted(register.loc[register["role"] == "pilot", "batch"].unique().tolist())
    [1, 2, 3]
    >>> int((shipped_register(known_batches=False)["role"] == "pilot").sum())
    59
    """
    from atlas.places import batch_lists, register

    frame = register.read()
    if known_batches:
        frame = batch_lists.merge(frame, batch_lists.read(), _geocoder().gazetteer, register.regions())
    return register.to_geodataframe(frame)


def explore(gdf: gpd.GeoDataFrame, tooltip: str | None = None, title: str = "Pilot Atlas", colour: str = "#c0392b",
            tiles: Sequence[str] = ()):
    """An offline map of a GeoDataFrame in the atlas's style (shows inline in Jupyter).

    Points are drawn as circle markers, other geometries as outlines, over the
    province and prefecture boundaries; every asset is inlined, so the page
    works with no network. Text from the table is escaped.

    Parameters
    ----------
    gdf : GeoDataFrame
        Anything with a geometry (converted to WGS-84).
    tooltip : str, optional
        Column shown on hover (default: ``canonical_name`` or ``name`` if present).
    title : str
        The map's title.
    colour : str
        Marker and outline colour.
    tiles : sequence of str
        Optional tile basemaps: ``osm``, ``cartodb`` (loaded from the network when shown).

    Returns
    -------
    folium.Map

    Examples
    --------
    >>> fmap = explore(geocode(["宁波", "襄樊市"]))
    >>> type(fmap).__name__, "leaflet" in fmap.get_root().render().lower()
    ('Map', True)
    """
    import folium

    from atlas.publishing.maps.base import MapOptions, new_page
    from atlas.publishing.maps.escaping import html_text
    from atlas.publishing.maps.layers import PointLayer

    frame = gdf.to_crs("EPSG:4326") if gdf.crs is not None else gdf
    label = tooltip or next((c for c in ("canonical_name", "name") if c in frame.columns), None)
    page = new_page(title, _display_layers(), MapOptions(tiles=tuple(tiles)))
    present = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    points = present[present.geom_type == "Point"]
    rows = [{"lat": round(g.y, 6), "lon": round(g.x, 6),
             "tooltip": html_text(str(value)) if label else "", "popup": "",
             "style": {"radius": 6, "color": colour, "fillColor": colour, "fillOpacity": 0.8, "weight": 1}}
            for g, value in zip(points.geometry, points[label] if label else [""] * len(points))]
    if rows:
        PointLayer(rows, name=f"{len(rows)} points").add_to(page.map)
    shapes = present[present.geom_type != "Point"]
    if len(shapes):
        folium.GeoJson(shapes[["geometry"]].to_json(), name=f"{len(shapes)} shapes",
                       style_function=lambda _: {"color": colour, "weight": 1.5, "fillOpacity": 0.1}).add_to(page.map)
    bounds = present.total_bounds if len(present) else None
    fit = ((bounds[1], bounds[0]), (bounds[3], bounds[2])) if bounds is not None and np.isfinite(bounds).all() else None
    if fit:
        page.complete(title, f"{len(present)} of {len(frame)} rows drawn", "", bounds=fit)
    else:
        page.complete(title, f"{len(present)} of {len(frame)} rows drawn", "")
    return page.map


def build(out: str | Path, sources: str | Path | None = None, batch: int | None = None,
          register: str | Path | None = None, tiles: Sequence[str] = (), force: bool = False,
          known_batches: bool = True, web_only: bool = False):
    """Build the whole atlas (data, maps, region sheets, summaries, static images, index) into ``out``.

    Parameters
    ----------
    out : str or Path
        Output folder.
    sources : str or Path, optional
        Folder of documents; without it, the shipped register is used.
    batch : int, optional
        Batch of the pilots a document lists where it does not say.
    register : str or Path, optional
        A saved register CSV to build from instead.
    tiles : sequence of str
        Optional tile basemaps (``osm``, ``cartodb``, ``tianditu``, ``gaode``).
    force : bool
        Rewrite every output even if the inputs are those of the last build.
    known_batches : bool
        Merge the known members of batches 1–3 (``geodata/batches.csv``) into a
        register built from documents or shipped (never into ``register``).
    web_only : bool
        Write the data and the web pages only: no static images, no ``atlas.pdf``
        (a quick preview; those of an earlier build in ``out`` are removed).

    Returns
    -------
    BuildReport
        The register, the quality table and the files written. When the inputs
        are those of the last build and its files are intact, nothing is read:
        ``unchanged`` is set, ``register`` and ``quality`` are None and
        ``lines()`` gives the recorded summary.

    Examples
    --------
    >>> import tempfile
    >>> report = build(tempfile.mkdtemp())  # doctest: +SKIP
    """
    from atlas.pipeline import build as build_atlas
    from atlas.publishing.maps.base import MapOptions

    return build_atlas(Path(out), sources=Path(sources) if sources else None,
                       register_csv=Path(register) if register else None,
                       options=MapOptions(tiles=tuple(tiles)), force=force, batch=batch,
                       known_batches=known_batches, print_outputs=not web_only)
