"""Users' own tables: geocode a column of names, or join points to the three admin levels.

Input: CSV (UTF-8 or GB18030), Parquet or GeoParquet; output: CSV, Parquet or
GeoParquet by the output file's suffix (``.csv``, ``.parquet``,
``.geoparquet``). Tables larger than memory are read and written in chunks
(CSV and Parquet inputs); each output is written to a temporary file and moved
into place, so a failure never leaves half a file.

Bad rows never stop the run and are never dropped: each output row has a
``status`` and a ``reason`` (empty name, not a number, outside China, no
place of this name, several places …). A missing column is one clear error
naming it and the columns there are.
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from atlas.places.coords import to_wgs84
from atlas.places.county_index import CountyIndex, GridCountyIndex
from atlas.places.answer_index import load_answer_index
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import GEOCODE_COLUMNS, geocode_one
from atlas.places.small_csv import csv_encoding
from atlas.common.csvtext import BOM
from atlas.common.io import atomic_path

if TYPE_CHECKING:  # geopandas, shapely and pyarrow are imported where used: a geocode needs none of them
    import geopandas as gpd
    import pyarrow.parquet as pq

#: Rows per chunk when streaming large tables.
CHUNK_ROWS = 250_000
#: Distinct names in a chunk from which the precomputed answers are read, if they are cached (~0.1 s) …
INDEX_MIN_NAMES = 2_000
#: … and from which they are built when they are not (~8 s of CPU, about what resolving 150,000 names
#: takes; once per installed gazetteer and code).
INDEX_BUILD_NAMES = 100_000
#: Longitude/latitude box that holds all of China (with its seas).
CHINA_BOX = (73.0, 3.0, 136.0, 54.0)
JOIN_COLUMNS = ["province_adcode", "province", "prefecture_adcode", "prefecture", "county_adcode", "county",
                "join_status", "join_reason"]


class TableError(ValueError):
    """A user table that cannot be processed; the message says which file, column or row."""


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".geoparquet", ".parquet", ".csv", ".xlsx"):
        if name.endswith(suffix):
            return suffix
    raise TableError(f"{path}: unknown table format (use .csv, .xlsx, .parquet or .geoparquet)")


def read_chunks(path: Path, columns_needed: list[str], chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Yield the table in chunks, checking the needed columns first."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: file not found")
    suffix = _suffix(path)
    if chunk_rows < 1:
        raise TableError(f"--chunk-rows must be at least 1 (got {chunk_rows})")
    if suffix == ".csv":
        encoding = csv_encoding(path)
        try:
            header = pd.read_csv(path, nrows=0, encoding=encoding).columns.tolist()
        except pd.errors.EmptyDataError as exc:
            raise TableError(f"{path}: empty file (no header line)") from exc
        _check_columns(path, header, columns_needed)
        with path.open(encoding=encoding, newline="") as handle:
            raw = next(csv.reader(handle), [])
        duplicated = sorted({c for c in raw if raw.count(c) > 1})
        if duplicated:
            raise TableError(f"{path}: the header repeats a column name ({duplicated[0]!r}): rename it")
        lines = _record_lines(path, encoding)
        for chunk in pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=chunk_rows, encoding=encoding):
            # each row's index is its file line - 2, so that messages name file lines (see _row_numbers)
            chunk.index = pd.Index(np.fromiter(itertools.islice(lines, len(chunk)), dtype="int64", count=len(chunk)) - 2)
            yield chunk
    elif suffix == ".xlsx":  # a sheet is read whole (Excel holds at most about a million rows)
        try:
            frame = pd.read_excel(path, dtype=str).fillna("")
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise TableError(f"{path}: cannot be read as an Excel sheet ({type(exc).__name__})") from exc
        _check_columns(path, [str(c) for c in frame.columns], columns_needed)
        for start in range(0, len(frame), chunk_rows):
            yield frame.iloc[start:start + chunk_rows]
    else:
        import pyarrow.parquet as pq
        import shapely

        parquet = pq.ParquetFile(path)
        header = parquet.schema_arrow.names
        _check_columns(path, header, columns_needed)
        start = 0
        for batch in parquet.iter_batches(batch_size=chunk_rows):
            frame = batch.to_pandas()
            frame.index = pd.RangeIndex(start, start + len(frame))  # row numbers run on across batches
            start += len(frame)
            if "geometry" in frame.columns and suffix == ".geoparquet":
                frame["geometry"] = shapely.from_wkb(frame["geometry"])
            yield frame


def _record_lines(path: Path, encoding: str) -> Iterator[int]:
    """The file line each data record starts on (blank lines skipped, quoted line breaks followed)."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        previous = reader.line_num
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if record:  # csv gives [] for a blank line, which pandas skips too
                yield start


def _check_columns(path: Path, header: list[str], needed: list[str]) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise TableError(f"{path}: no column {missing[0]!r} (columns: {', '.join(map(str, header)) or 'none'})")


class TableWriter:
    """Append chunks to a CSV, Parquet or GeoParquet output, atomically on close."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.suffix = _suffix(self.path)
        self._context = atomic_path(self.path)
        self._tmp = self._context.__enter__()
        self._parquet: pq.ParquetWriter | None = None
        self._first = True
        self.rows = 0
        self._sheet: list[pd.DataFrame] = []  # .xlsx is written whole on close

    def write(self, frame: pd.DataFrame) -> None:
        points = "geometry" in frame and _is_geometry(frame["geometry"])
        if self.suffix == ".xlsx":
            self._sheet.append(frame.drop(columns=["geometry"]) if points else frame)
        elif self.suffix == ".csv":
            # the points are in lon/lat columns already; a user's own text column "geometry" is kept
            plain = frame.drop(columns=["geometry"]) if points else frame
            if self._first:
                self._tmp.write_text(BOM, encoding="utf-8")  # Excel on Chinese Windows reads it as UTF-8
            plain.to_csv(self._tmp, mode="a", header=self._first, index=False, lineterminator="\n",
                         encoding="utf-8")
        else:
            import geopandas as gpd
            import pyarrow as pa
            import pyarrow.parquet as pq

            if "geometry" in frame and not points and self.suffix == ".geoparquet":
                raise TableError(f"the input has a column 'geometry' that is not geometry; the .geoparquet output "
                                 "needs that name for its points: rename the column or write .csv or .parquet")
            if self.suffix == ".geoparquet":
                geometry = frame["geometry"] if "geometry" in frame else gpd.points_from_xy(frame["lon"], frame["lat"])
                frame = gpd.GeoDataFrame(frame.drop(columns=["geometry"], errors="ignore"), geometry=geometry,
                                         crs="EPSG:4326")
                table = pa.Table.from_pandas(frame.to_wkb(), preserve_index=False)
                table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"geo": _geo_metadata(frame)})
            else:
                table = pa.Table.from_pandas(frame.drop(columns=["geometry"]) if points else frame, preserve_index=False)
            if self._parquet is None:
                # a column empty in the first chunk has type null: make it text so later chunks fit
                schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema],
                                   metadata=table.schema.metadata)
                self._schema = schema
                self._parquet = pq.ParquetWriter(self._tmp, schema)
            table = table.cast(self._schema)
            self._parquet.write_table(table)
        self._first = False
        self.rows += len(frame)

    def close(self, ok: bool = True) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if ok and self.suffix == ".xlsx":
            sheet = pd.concat(self._sheet) if self._sheet else pd.DataFrame()
            sheet.to_excel(self._tmp, index=False, engine="openpyxl")
        if self._first and ok and self.suffix == ".csv":
            self._tmp.write_text(BOM, encoding="utf-8")
        self._context.__exit__(None if ok else RuntimeError, None, None)


def _is_geometry(column: pd.Series) -> bool:
    """True if a column holds shapely geometries (the tool's points or a GeoParquet input's)."""
    if column.dtype.name == "geometry":  # geopandas' GeometryDtype
        return True
    if "shapely" not in sys.modules:
        return False  # no shapely geometry can exist before shapely is imported
    import shapely

    first = column.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], shapely.Geometry)


def _row_numbers(chunk: pd.DataFrame, offset: int) -> np.ndarray:
    """Each row's number for messages: its position in the table (the chunk's index) plus ``offset``."""
    if pd.api.types.is_integer_dtype(chunk.index):
        return chunk.index.to_numpy() + offset
    return np.arange(len(chunk)) + offset


def _geo_metadata(frame: gpd.GeoDataFrame) -> bytes:
    """GeoParquet ``geo`` metadata as geopandas writes it, minus the bounding box (one chunk's only)."""
    import io
    import json

    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    frame.iloc[:0].to_parquet(buffer, index=False)
    geo = json.loads(pq.read_schema(io.BytesIO(buffer.getvalue())).metadata[b"geo"])
    for column in geo.get("columns", {}).values():
        column.pop("bbox", None)
    return json.dumps(geo, sort_keys=True).encode("utf-8")


@dataclass
class RunReport:
    """Rows processed and rows not resolved/joined, with the first few reasons."""

    rows: int = 0
    problems: int = 0
    examples: list[str] = None
    outside: int = 0  # points outside China
    swapped_inside: int = 0  # of those, how many lie in China with lon and lat swapped

    @property
    def hint(self) -> str:
        """A hint when most points fall outside China but would fall inside with lon/lat swapped."""
        if self.rows and self.outside > self.rows / 2 and self.swapped_inside > self.outside / 2:
            return (f"{self.swapped_inside} of {self.outside} points outside China would be inside with "
                    "longitude and latitude swapped: check --lon-col and --lat-col")
        return ""

    def note(self, row_numbers, reasons) -> None:
        """Count rows not resolved/joined (``reasons``: one per row), keeping the first five as examples."""
        self.examples = self.examples or []
        room = max(0, 5 - len(self.examples))
        self.examples += [f"row {number}: {reason}" for number, reason in zip(row_numbers[:room], reasons[:room])]
        self.problems += len(reasons)


def geocode_chunk(chunk: pd.DataFrame, geocoder: Geocoder, name_col: str, province_col: str | None,
                  first_row: int, report: RunReport,
                  prepare: Callable[[list[str]], list[str]] = list) -> pd.DataFrame:
    """Geocode one chunk; every row gets a status and, if unresolved, a reason.

    Each distinct (name, province) pair is resolved once and its answer
    repeated; without provinces, a chunk of many names takes the answers of
    the gazetteer's own name forms from :mod:`atlas.places.answer_index`
    (the resolver's answers, computed once). ``prepare`` turns the distinct names as written into the forms
    to look up, all at once (the CLI passes the traditional → simplified
    conversion); the name column is kept as written.
    """
    names = chunk[name_col].astype(str).fillna("")
    hints = chunk[province_col].astype(str).fillna("") if province_col else pd.Series("", index=chunk.index)
    codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([names, hints]) if province_col else names)
    if province_col:
        distinct, hints_of = [p[0] for p in pairs], [p[1] for p in pairs]
    else:
        distinct = pairs.tolist()
        hints_of = itertools.repeat("")
    looked_up = prepare(distinct)
    index = None if province_col or len(distinct) < INDEX_MIN_NAMES else \
        load_answer_index(geocoder, build=len(distinct) >= INDEX_BUILD_NAMES)
    if index is None:
        answers = [geocode_one(geocoder, name, hint) for name, hint in zip(looked_up, hints_of)]
        result = pd.DataFrame(answers, columns=GEOCODE_COLUMNS).take(codes)
    else:  # a frame of answers, and which row of it each distinct name has: the same values and dtypes
        answers, which = index.frame_of(looked_up, lambda name: geocode_one(geocoder, name), GEOCODE_COLUMNS)
        result = answers.take(which[codes])
    result.index = chunk.index
    bad = result["status"] != "resolved"
    report.rows += len(chunk)
    report.note(_row_numbers(chunk, first_row)[bad.to_numpy()].tolist(), result.loc[bad, "reason"].tolist())
    return pd.concat([chunk, result.add_prefix("geo_") if set(GEOCODE_COLUMNS) & set(chunk.columns) else result], axis=1)


def _lon_lat(chunk: pd.DataFrame, lon_col: str, lat_col: str) -> tuple[np.ndarray, np.ndarray]:
    if "geometry" in chunk.columns and lon_col not in chunk.columns:
        import shapely

        geoms = np.asarray(chunk["geometry"])
        return shapely.get_x(geoms), shapely.get_y(geoms)
    return (pd.to_numeric(chunk[lon_col], errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(chunk[lat_col], errors="coerce").to_numpy(dtype=float))


def _in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon >= CHINA_BOX[0]) & (lon <= CHINA_BOX[2]) & (lat >= CHINA_BOX[1]) & (lat <= CHINA_BOX[3])


def _reasons(chunk: pd.DataFrame, lon: np.ndarray, lat: np.ndarray, lon_col: str, lat_col: str) -> pd.Series:
    """Per row, why a point cannot be joined ('' if it can)."""
    if "geometry" in chunk.columns and lon_col not in chunk.columns:
        raw_lon = raw_lat = pd.Series("", index=chunk.index)
    else:
        raw_lon, raw_lat = chunk[lon_col], chunk[lat_col]
    reason = np.full(len(chunk), "", dtype=object)
    not_number = np.isnan(lon) | np.isnan(lat)
    reason[not_number] = [f"not a number: lon={a!r}, lat={b!r}" for a, b in
                          zip(np.asarray(raw_lon)[not_number], np.asarray(raw_lat)[not_number])]
    bad_range = ~not_number & ((np.abs(lon) > 180) | (np.abs(lat) > 90))
    reason[bad_range] = "out of range (lon ±180, lat ±90)"
    outside = ~not_number & ~bad_range & ~_in_china(lon, lat)
    reason[outside] = "outside China"
    return pd.Series(reason, index=chunk.index)


def join_chunk(chunk: pd.DataFrame, index: CountyIndex, lon_col: str, lat_col: str, first_row: int,
               report: RunReport, datum: str = "wgs84", points: bool = True) -> pd.DataFrame:
    """Province, prefecture and county of each point of one chunk, with a status per row.

    Coordinates in GCJ-02 or BD-09 (``datum``) are converted to WGS-84 first;
    the output geometry is WGS-84 (added only with ``points``, when the input
    has no geometry of its own).
    """
    lon, lat = _lon_lat(chunk, lon_col, lat_col)
    if datum != "wgs84":
        finite = np.isfinite(lon) & np.isfinite(lat)
        lon, lat = lon.copy(), lat.copy()
        lon[finite], lat[finite] = to_wgs84(lon[finite], lat[finite], datum)
    reason = _reasons(chunk, lon, lat, lon_col, lat_col)
    outside = ((reason != "") & np.isfinite(lon) & np.isfinite(lat)).to_numpy()  # outside China or out of range
    report.outside += int(outside.sum())
    report.swapped_inside += int(_in_china(lat[outside], lon[outside]).sum())
    usable = (reason == "").to_numpy()
    attrs, hits = index.lookup(lon, lat, usable)
    attrs.index = chunk.index
    reason = reason.where(~(usable & (hits == 0)), "in no county (sea or border gap)")
    status = np.where(reason == "", "joined", "not joined")
    several = usable & (hits > 1)
    status = np.where(several, "joined", status)
    attrs["join_status"] = status
    join_reason = reason.to_numpy(dtype=object, copy=True)
    join_reason[several] = [f"on a shared border or in overlapping units ({h} counties): the first by adcode"
                            for h in hits[several]]
    attrs["join_reason"] = join_reason
    report.rows += len(chunk)
    bad = status != "joined"
    report.note(_row_numbers(chunk, first_row)[bad], join_reason[bad])
    clash = [c for c in JOIN_COLUMNS if c in chunk.columns]
    out = pd.concat([chunk, attrs.add_prefix("join_") if clash else attrs], axis=1)
    if points and "geometry" not in out.columns:
        import geopandas as gpd
        import shapely

        points = np.where(usable, shapely.points(np.where(usable, lon, 0.0), np.where(usable, lat, 0.0)), None)
        out["geometry"] = gpd.GeoSeries(points, index=out.index, crs="EPSG:4326")
    return out


def _progress(chunks, quiet: bool, label: str):
    if quiet:
        return chunks
    from tqdm import tqdm

    return tqdm(chunks, desc=label, unit=" chunks", leave=False, disable=None)  # only on a terminal


def _stream(source: Path, target: Path, needed: list[str], chunk_rows: int, quiet: bool, label: str,
            process) -> RunReport:
    """Read ``source`` in chunks, ``process(chunk, first_file_line, report)`` each, write to ``target``."""
    report = RunReport()
    writer = TableWriter(target)
    ok = False
    try:
        for chunk in _progress(read_chunks(source, needed, chunk_rows), quiet, label):
            writer.write(process(chunk, 2, report))  # row n of the data is line n + 2: the header is line 1
        ok = True
    finally:
        writer.close(ok)
    return report


def geocode_file(source: Path, target: Path, name_col: str, province_col: str | None, geocoder: Geocoder,
                 quiet: bool = False, chunk_rows: int = CHUNK_ROWS,
                 prepare: Callable[[list[str]], list[str]] = list) -> RunReport:
    """Geocode a table file into another (see the module docstring)."""
    needed = [name_col] + ([province_col] if province_col else [])
    return _stream(source, target, needed, chunk_rows, quiet, "geocode",
                   lambda chunk, first, report: geocode_chunk(chunk, geocoder, name_col, province_col, first, report,
                                                              prepare))


def join_file(source: Path, target: Path, layers: dict[str, gpd.GeoDataFrame], lon_col: str = "lon",
              lat_col: str = "lat", quiet: bool = False, chunk_rows: int = CHUNK_ROWS,
              datum: str = "wgs84") -> RunReport:
    """Join a table of points to province, prefecture and county (see the module docstring)."""
    needed = [] if _suffix(Path(source)) == ".geoparquet" else [lon_col, lat_col]
    index = GridCountyIndex(layers)
    points = _suffix(Path(target)) == ".geoparquet"  # the other formats write lon/lat columns, not points
    return _stream(source, target, needed, chunk_rows, quiet, "join",
                   lambda chunk, first, report: join_chunk(chunk, index, lon_col, lat_col, first, report, datum,
                                                           points))
