"""Spatial join of points to the three boundary levels, with containment checks.

Points are joined to full-resolution polygons (never simplified ones) and
compared by adcode (never by name: 38 county names repeat). A point may fall
in two county polygons where units overlap (XPCC cities): the claimed unit
counts as found if it is among them.

:class:`GridCountyIndex` answers the same questions as
:class:`atlas.places.usertables.CountyIndex` for large point tables, through
the cached lookup grid of :mod:`atlas.places.countygrid`.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.places.boundaries import LEVELS
from atlas.common.quality import Issue
from atlas.places.countygrid import CountyGrid
from atlas.places.register import first_citation
from atlas.places.usertables import CountyIndex


#: Fewer usable points than this in one lookup are answered by the plain tree (no grid opened).
GRID_FROM = 10_000


class GridCountyIndex(CountyIndex):
    """:class:`~atlas.places.usertables.CountyIndex` answered through a cached lookup grid.

    Same answers, point for point: the county of a point is the first by
    adcode of the full-resolution county polygons holding it (its border
    included), and ``hits`` counts them. Points in cells no boundary crosses
    are answered by array indexing; the others are tested exactly against the
    prepared polygons of their cell's counties (see :mod:`atlas.places.countygrid`).
    The grid is built on first use (seconds) and then read from the cache folder;
    a lookup of fewer than ``grid_from`` points goes through the plain tree
    instead (same answers), so that joining a few points never pays for
    preparing every county and opening the grid.

    Examples
    --------
    >>> from atlas.places import boundaries
    >>> index = GridCountyIndex(boundaries.load(), grid_from=0)  # the grid even for two points
    >>> attrs, hits = index.lookup(np.array([116.39, 160.0]), np.array([39.91, 10.0]), np.array([True, False]))
    >>> attrs["county"].tolist(), hits.tolist()
    (['东城区', nan], [1, 0])
    """

    def __init__(self, layers: dict[str, gpd.GeoDataFrame], cache_folder: Path | None = None,
                 grid_from: int = GRID_FROM):
        super().__init__(layers)
        self.cache_folder = cache_folder
        self.grid_from = grid_from
        self._grid: CountyGrid | None = None
        self.polygons = np.asarray(self.geoms.values, dtype=object)

    @property
    def grid(self) -> CountyGrid:
        """The lookup grid, its polygons prepared, opened (or built) on first use."""
        if self._grid is None:
            import shapely

            shapely.prepare(self.polygons)
            self._grid = CountyGrid.cached(self.polygons, self.cache_folder)
        return self._grid

    def lookup(self, lon: np.ndarray, lat: np.ndarray, usable: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """Attributes of the county holding each usable point, and how many counties hold it."""
        idx = np.flatnonzero(usable)
        if len(idx) < self.grid_from:
            return super().lookup(lon, lat, usable)
        hits = np.zeros(len(lon), dtype=np.int64)
        chosen = np.full(len(lon), -1, dtype=np.int64)
        hits[idx], chosen[idx] = self.grid.locate(np.asarray(lon)[idx], np.asarray(lat)[idx], self.polygons)
        return self.attrs.reindex(chosen).reset_index(drop=True), hits



def join_points(points: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Adcodes of the units containing each point, per level.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``; one column per level holding a tuple of the
        adcodes whose polygon contains the point (empty if none).
    """
    out = pd.DataFrame(index=points.index)
    located = points[~points.geometry.is_empty & points.geometry.notna()]
    for level in LEVELS:
        layer = layers[level][["adcode", "geometry"]]
        hits = gpd.sjoin(located[["geometry"]], layer, how="inner", predicate="within")
        found = hits.groupby(level=0)["adcode"].agg(lambda s: tuple(sorted(s)))
        out[level] = found.reindex(out.index).apply(lambda v: v if isinstance(v, tuple) else ())
    return out


def check_claims(register: gpd.GeoDataFrame, gazetteer, layers: dict[str, gpd.GeoDataFrame]) -> tuple[pd.DataFrame, list[Issue]]:
    """Join register points and check each lies in the units it claims.

    Returns
    -------
    tuple
        A table with ``joined_province``, ``joined_prefecture``,
        ``joined_county`` (the claimed adcode when found, else the first hit)
        and ``inside_claimed``; and one issue per disagreement.
    """
    joined = join_points(register, layers)
    issues: list[Issue] = []
    result = pd.DataFrame(index=register.index)
    inside = pd.Series(True, index=register.index)
    for level in LEVELS:
        claims = register["adcode"].map(lambda code: _claim(gazetteer, code, level))
        chosen = []
        for idx, claim, hits in zip(register.index, claims, joined[level]):
            if register.at[idx, "status"] != "resolved":
                chosen.append("")
                continue
            chosen.append(claim if claim in hits else (hits[0] if hits else ""))
            if claim and claim not in hits:
                inside[idx] = False
                doc, page, line = first_citation(register.at[idx, "sources"])
                where = ", ".join(hits) or "no unit"
                issues.append(Issue("outside_claimed_unit", register.at[idx, "name"], doc, line,
                                    f"point ({register.at[idx, 'lon']}, {register.at[idx, 'lat']}) is in {level} {where}, not {claim}",
                                    page))
        result[f"joined_{level}"] = chosen
    result["inside_claimed"] = inside & (register["status"] == "resolved")
    return result, issues


def _claim(gazetteer, adcode: str, level: str) -> str:
    place = gazetteer.units.get(adcode) if adcode else None
    if place is None:
        return ""
    return {"province": place.province_adcode, "prefecture": place.prefecture_adcode or "",
            "county": place.county_adcode or ""}[level]
