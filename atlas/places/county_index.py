"""Which county holds a point: full-resolution county polygons, and each county's parents.

One point-in-polygon query at county level gives all three levels: counties
nest in prefectures and provinces, so the parents come from the county's
attributes (by adcode, never by name). A point exactly on a border shared by
two counties, or in two overlapping units, is in both; it goes to the first
by adcode, and ``hits`` counts them.

:class:`CountyIndex` answers with one STR-tree query; :class:`GridCountyIndex`
gives the same answers, point for point, through the cached lookup grid of
:mod:`atlas.places.countygrid` (for large point tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from atlas.places.countygrid import CountyGrid

if TYPE_CHECKING:
    import geopandas as gpd

#: Fewer usable points than this in one lookup are answered by the plain tree (no grid opened).
GRID_FROM = 10_000


class CountyIndex:
    """Full-resolution county polygons in an STR-tree, with each county's parents.

    ``attrs`` holds one row per county (sorted by adcode): its adcode and
    name, its prefecture's and its province's. ``layers`` needs the county
    polygons and the province and prefecture names only
    (:func:`atlas.places.boundaries.load_counties`; :func:`~atlas.places.boundaries.load` will do).

    Examples
    --------
    >>> from atlas.places import boundaries
    >>> index = CountyIndex(boundaries.load())
    >>> chosen, hits = index.locate(np.array([116.39, 160.0]), np.array([39.91, 10.0]), np.array([True, True]))
    >>> index.attrs["county"][chosen[0]], chosen.tolist()[1], hits.tolist()
    ('东城区', -1, [1, 0])
    """

    def __init__(self, layers: dict[str, pd.DataFrame]):
        counties = layers["county"].sort_values("adcode").reset_index(drop=True)  # ties go to the lowest adcode
        names = {row.adcode: row.name for level in ("province", "prefecture") for row in layers[level].itertuples()}
        self.geoms = counties.geometry
        self.attrs = pd.DataFrame({
            "county_adcode": counties["adcode"].to_numpy(), "county": counties["name"].to_numpy(),
            "prefecture_adcode": counties["prefecture_adcode"].to_numpy(),
            "prefecture": counties["prefecture_adcode"].map(names).to_numpy(),
            "province_adcode": counties["province_adcode"].to_numpy(),
            "province": counties["province_adcode"].map(names).to_numpy(),
        })

    def locate(self, lon: np.ndarray, lat: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per point, the row of ``attrs`` of its county (``-1``: none or not usable), and how many counties hold it."""
        import geopandas as gpd

        idx = np.flatnonzero(usable)
        points = gpd.GeoSeries(gpd.points_from_xy(lon[idx], lat[idx]))
        # as geopandas.sjoin does: a tree over the points, queried with the polygons, so each polygon
        # is prepared once instead of testing each point against it; "intersects", so that a point
        # exactly on a shared border is in both neighbours (and goes to the first by adcode), not in none
        county_pos, hit = points.sindex.query(self.geoms, predicate="intersects")
        point_pos = idx[hit]
        order = np.lexsort((county_pos, point_pos))
        point_pos, county_pos = point_pos[order], county_pos[order]
        hits = np.bincount(point_pos, minlength=len(lon))
        first = np.r_[True, point_pos[1:] != point_pos[:-1]] if len(point_pos) else np.array([], dtype=bool)
        chosen = np.full(len(lon), -1)
        chosen[point_pos[first]] = county_pos[first]
        return chosen, hits

    def lookup(self, lon: np.ndarray, lat: np.ndarray, usable: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """Attributes of the county holding each usable point (NaN: none), and how many counties hold it."""
        chosen, hits = self.locate(lon, lat, usable)
        return self.attrs.reindex(chosen).reset_index(drop=True), hits


class GridCountyIndex(CountyIndex):
    """:class:`CountyIndex` answered through a cached lookup grid.

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

    def __init__(self, layers: dict[str, pd.DataFrame], cache_folder: Path | None = None,
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

    def locate(self, lon: np.ndarray, lat: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per point, the row of ``attrs`` of its county (``-1``: none or not usable), and how many counties hold it."""
        idx = np.flatnonzero(usable)
        if len(idx) < self.grid_from:
            return super().locate(lon, lat, usable)
        hits = np.zeros(len(lon), dtype=np.int64)
        chosen = np.full(len(lon), -1, dtype=np.int64)
        hits[idx], chosen[idx] = self.grid.locate(np.asarray(lon)[idx], np.asarray(lat)[idx], self.polygons)
        return chosen, hits
