"""A lookup grid over the county polygons: most points joined by array indexing.

China's bounding box is cut into square cells of ``1 / CELLS_PER_DEGREE``
degrees. A cell no county boundary passes through lies wholly inside one
county, or wholly outside every county, so every point in it gets that answer
by indexing an array. Only points in cells a boundary crosses are tested
exactly, against the full-resolution polygons of the counties that touch or
hold that cell (prepared, one vectorised ``intersects_xy`` per county).

How a cell is proven free of boundaries: every boundary segment (holes
included) is cut into pieces shorter than half a cell, and every cell that a
piece's bounding box (padded by :data:`PAD` degrees) overlaps is marked
"crossed". The cells left unmarked in a row form runs; a run is connected and
no boundary enters it, so each county holds either all of it or none of it,
and one exact test of one point in the run settles the whole run. Cell
numbers are computed as ``floor((x - origin) * CELLS_PER_DEGREE)`` with an
integer origin and a power-of-two scale, which is exact in floating point, so
a point is always looked up in the cell that really holds it.

The grid is built once per set of polygons (a few seconds) and cached in the
project's cache folder, keyed by a digest of the polygons' coordinates.

Examples
--------
>>> import shapely
>>> squares = [shapely.box(100, 30, 101, 31), shapely.box(101, 30, 102, 31)]
>>> grid = CountyGrid.build(squares)
>>> hits, first = grid.locate(np.array([100.5, 101.0, 120.0]), np.array([30.5, 30.5, 30.5]), squares)
>>> hits.tolist(), first.tolist()
([1, 2, 0], [0, 0, -1])
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Cells per degree of longitude and of latitude (a power of two keeps cell numbers exact).
CELLS_PER_DEGREE = 64
#: Padding, in degrees, around each boundary piece when marking the cells it crosses.
PAD = 1e-9
#: Bump when the grid's layout or rules change (old cache files are then ignored).
GRID_SCHEMA = 2
#: Cell value of a cell outside every county.
NO_COUNTY = -1
#: Cell value of a cell a boundary crosses (its counties are listed in ``crossed``/``offsets``/``candidates``).
CROSSED = -2


@dataclass(frozen=True)
class CountyGrid:
    """Cell answers and, for cells a boundary crosses, the counties to test.

    Attributes
    ----------
    origin : tuple of int
        Longitude and latitude of the grid's south-west corner.
    cells : numpy.ndarray
        ``int16`` array (rows × columns; ``int32`` beyond 32,767 polygons): a
        county's position (≥ 0) when the cell lies wholly inside that county
        only, :data:`NO_COUNTY` when inside none, :data:`CROSSED` when a
        boundary crosses the cell.
    crossed, offsets, candidates : numpy.ndarray
        The crossed cells' numbers (row-major, ascending) and the counties to
        test in the ``k``-th of them: ``candidates[offsets[k]:offsets[k + 1]]``.
    """

    origin: tuple[int, int]
    cells: np.ndarray
    crossed: np.ndarray
    offsets: np.ndarray
    candidates: np.ndarray

    # ---- building -------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, geoms) -> "CountyGrid":
        """Build the grid for polygons ``geoms`` (positions in this order are the answers)."""
        import shapely

        geoms = np.asarray(geoms, dtype=object)
        bounds = shapely.total_bounds(geoms)
        origin = (int(np.floor(bounds[0])) - 1, int(np.floor(bounds[1])) - 1)
        shape = (int((np.ceil(bounds[3]) + 1 - origin[1]) * CELLS_PER_DEGREE),
                 int((np.ceil(bounds[2]) + 1 - origin[0]) * CELLS_PER_DEGREE))
        cell_ids, owners = _crossed_cells(geoms, origin, shape)
        crossed = np.zeros(shape[0] * shape[1], dtype=bool)
        crossed[cell_ids] = True

        # runs of uncrossed cells along each row: one exact test per run
        free = ~crossed.reshape(shape)
        starts = free.copy()
        starts[:, 1:] &= ~free[:, :-1]
        flat_free, starts = free.reshape(-1), starts.reshape(-1)
        run_of = np.cumsum(starts, dtype=np.int32) - 1
        run_cells = np.flatnonzero(starts)
        run_hits, run_first = _exact(geoms, *_centres(run_cells, origin, shape))
        # a run inside two overlapping counties is handled as crossed, so both are counted
        overlapped = np.repeat(run_hits > 1, np.diff(np.r_[run_cells, flat_free.size]))
        overlapped &= flat_free
        run_answer = np.where(run_hits == 1, run_first, NO_COUNTY).astype(np.int16 if len(geoms) < 2**15 else np.int32)
        cells = run_answer[run_of]  # crossed cells get their value below
        del run_of, starts
        crossed |= overlapped

        # counties to test in a crossed cell: those whose boundary touches it, and those holding its centre
        # (a county can hold a crossed cell whole only where counties overlap, but it must not be missed)
        crossed_ids = np.flatnonzero(crossed)
        _, holders = _exact_pairs(geoms, *_centres(crossed_ids, origin, shape))
        cell_ids = np.r_[cell_ids, crossed_ids[holders[0]]]
        owners = np.r_[owners, holders[1]]
        pairs = _distinct(cell_ids.astype(np.int64) * len(geoms) + owners)
        pair_cells, pair_owners = np.divmod(pairs, len(geoms))
        rank = np.searchsorted(crossed_ids, pair_cells)
        offsets = np.r_[0, np.cumsum(np.bincount(rank, minlength=len(crossed_ids)))].astype(np.int64)
        cells[crossed_ids] = CROSSED
        return cls(origin, cells.reshape(shape), crossed_ids.astype(np.int64), offsets,
                   pair_owners.astype(np.int32))

    # ---- answering ------------------------------------------------------------------------------------------

    def locate(self, lon: np.ndarray, lat: np.ndarray, geoms) -> tuple[np.ndarray, np.ndarray]:
        """How many polygons hold each point (border included), and the first of them (``-1``: none).

        ``geoms`` are the polygons the grid was built from, in the same order
        (prepare them once with ``shapely.prepare`` for speed). NaN or
        far-away points are in none.
        """
        import shapely

        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        rows, cols = self.cells.shape
        with np.errstate(invalid="ignore"):
            col = np.floor((lon - self.origin[0]) * CELLS_PER_DEGREE)
            row = np.floor((lat - self.origin[1]) * CELLS_PER_DEGREE)
            on_grid = (col >= 0) & (col < cols) & (row >= 0) & (row < rows)  # False for NaN
        cell = row[on_grid].astype(np.int64) * cols + col[on_grid].astype(np.int64)
        value = np.full(len(lon), NO_COUNTY, dtype=np.int64)
        value[on_grid] = self.cells.reshape(-1)[cell]
        first = np.where(value >= 0, value, -1)
        hits = (value >= 0).astype(np.int64)

        tested = np.flatnonzero(value == CROSSED)
        if len(tested):
            k = np.searchsorted(self.crossed, cell[(value[on_grid] == CROSSED)])
            counts = self.offsets[k + 1] - self.offsets[k]
            point = np.repeat(tested, counts)
            within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            county = self.candidates[np.repeat(self.offsets[k], counts) + within]
            order = np.argsort(county, kind="stable")  # one polygon's tests together: its index stays in cache
            point, county = point[order], county[order]
            inside = shapely.intersects_xy(np.asarray(geoms, dtype=object)[county], lon[point], lat[point])
            point, county = point[inside], county[inside]
            hits[tested] = 0
            np.add.at(hits, point, 1)
            lowest = np.full(len(lon), np.iinfo(np.int64).max)
            np.minimum.at(lowest, point, county)
            first[tested] = np.where(hits[tested] > 0, lowest[tested], -1)
        return hits, first

    # ---- caching --------------------------------------------------------------------------------------------

    @classmethod
    def cached(cls, geoms, folder: Path | None = None) -> "CountyGrid":
        """The grid for ``geoms`` from the cache folder, built and saved there on first use."""
        from atlas.places.cache import cache_dir

        target = (folder or cache_dir()) / f"county-grid-v{GRID_SCHEMA}-{digest(geoms)}"
        if (target / "meta.json").is_file():
            try:
                return cls._read(target)
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache entry is rebuilt
        grid = cls.build(geoms)
        try:
            grid._write(target)
        except OSError:  # a read-only cache folder: answer from memory, build again next time
            pass
        return grid

    def _write(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".grid-"))
        tmp.chmod(0o755)  # readable like the cache's other files (mkdtemp makes it private)
        try:
            for name in ("cells", "crossed", "offsets", "candidates"):
                np.save(tmp / f"{name}.npy", getattr(self, name))
            (tmp / "meta.json").write_text(json.dumps({"origin": list(self.origin),
                                                       "cells_per_degree": CELLS_PER_DEGREE}))
            try:
                os.replace(tmp, target)
            except OSError:  # another process wrote it first
                shutil.rmtree(tmp, ignore_errors=True)
            for stale in target.parent.glob("county-grid-v*"):  # grids of older polygons or layouts
                if stale != target:
                    shutil.rmtree(stale, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def _read(cls, target: Path) -> "CountyGrid":
        meta = json.loads((target / "meta.json").read_text())
        if meta["cells_per_degree"] != CELLS_PER_DEGREE:
            raise ValueError("grid of another resolution")
        arrays = {name: np.load(target / f"{name}.npy", mmap_mode="r")
                  for name in ("cells", "crossed", "offsets", "candidates")}
        return cls(tuple(meta["origin"]), **arrays)


def digest(geoms) -> str:
    """A short digest of the polygons' coordinates and parts (the grid's cache key).

    Rings close on their first vertex, so the coordinates alone show where
    one ring ends within a part.
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    h = hashlib.blake2b(digest_size=12)
    h.update(np.ascontiguousarray(shapely.get_coordinates(geoms)))
    h.update(shapely.get_num_coordinates(geoms).astype(np.int64))
    h.update(shapely.get_num_geometries(geoms).astype(np.int64))
    h.update(f"{CELLS_PER_DEGREE}/{PAD}".encode())
    return h.hexdigest()


def _crossed_cells(geoms: np.ndarray, origin: tuple[int, int], shape: tuple[int, int],
                   batch: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Cells each polygon's boundary may cross, as distinct (cell number, polygon position) pairs.

    Polygons are taken ``batch`` at a time, to bound the memory the segments take.
    """
    pairs = [_distinct(_boundary_pairs(geoms[start:start + batch], start, len(geoms), origin, shape))
             for start in range(0, len(geoms), batch)]
    return np.divmod(_distinct(np.concatenate(pairs)), len(geoms))


def _boundary_pairs(geoms: np.ndarray, first: int, count: int, origin: tuple[int, int],
                    shape: tuple[int, int]) -> np.ndarray:
    """``cell * count + polygon`` for the cells the boundaries of ``geoms`` (numbered from ``first``) may cross."""
    import shapely

    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    part_owner = part_owner + first
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_owner = part_owner[ring_part]
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same = coord_ring[1:] == coord_ring[:-1]  # consecutive vertices of one ring make a segment
    a, b, owner = coords[:-1][same], coords[1:][same], ring_owner[coord_ring[:-1][same]]
    # cut every segment into pieces of at most half a cell on each axis, so a piece's box spans ≤ 2 × 2 cells
    pieces = np.ceil(np.abs(b - a).max(axis=1) * CELLS_PER_DEGREE * 2).astype(np.int64)
    long = np.flatnonzero(pieces > 1)
    seg = np.repeat(long, pieces[long])
    step = np.arange(len(seg)) - np.repeat(np.cumsum(pieces[long]) - pieces[long], pieces[long])
    t0, t1 = (step / pieces[seg])[:, None], ((step + 1) / pieces[seg])[:, None]
    short = pieces <= 1
    p = np.concatenate([a[short], a[seg] + (b[seg] - a[seg]) * t0])
    q = np.concatenate([b[short], a[seg] + (b[seg] - a[seg]) * t1])
    owner = np.concatenate([owner[short], owner[seg]])
    low = np.floor((np.minimum(p, q) - PAD - origin) * CELLS_PER_DEGREE).astype(np.int64)
    high = np.floor((np.maximum(p, q) + PAD - origin) * CELLS_PER_DEGREE).astype(np.int64)
    wide, tall = high[:, 0] != low[:, 0], high[:, 1] != low[:, 1]
    keys = [low[:, 1] * shape[1] + low[:, 0],
            (low[:, 1] * shape[1] + high[:, 0])[wide],
            (high[:, 1] * shape[1] + low[:, 0])[tall],
            (high[:, 1] * shape[1] + high[:, 0])[wide & tall]]
    owners = [owner, owner[wide], owner[tall], owner[wide & tall]]
    pairs = np.concatenate([k * count + o for k, o in zip(keys, owners)])
    return pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # neighbours mostly share a cell


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (a sort is faster here than ``np.unique``'s hashing)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _centres(cell_ids: np.ndarray, origin: tuple[int, int], shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    row, col = np.divmod(cell_ids, shape[1])
    return origin[0] + (col + 0.5) / CELLS_PER_DEGREE, origin[1] + (row + 0.5) / CELLS_PER_DEGREE


def _exact_pairs(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[int, np.ndarray]:
    """(point, polygon) pairs where the polygon holds the point (border included); polygons prepared, not points."""
    import shapely

    tree = shapely.STRtree(shapely.points(x, y))
    poly, point = tree.query(geoms, predicate="intersects")
    return len(x), np.vstack([point, poly])


def _exact(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many polygons hold each point, and the first of them (-1: none)."""
    n, (point, poly) = _exact_pairs(geoms, x, y)
    hits = np.bincount(point, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, point, poly)
    return hits, np.where(hits > 0, first, -1)
