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

from atlas.places.county_index import CountyIndex, GridCountyIndex
from atlas.places.answer_index import load_answer_index
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import GEOCODE_COLUMNS, geocode_one
from atlas.places.point_join import ANSWER_COLUMNS, JoinAnswers, answer_arrays, answer_points
from atlas.places.small_csv import csv_encoding
from atlas.common.csvtext import BOM
from atlas.common.io import atomic_path

if TYPE_CHECKING:  # geopandas, shapely and pyarrow are imported where used: a geocode needs none of them
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq

#: Rows per chunk when streaming large tables.
CHUNK_ROWS = 250_000
#: Distinct names in a chunk from which the precomputed answers are read, if they are cached (~0.1 s) …
INDEX_MIN_NAMES = 2_000
#: … and from which they are built when they are not (~8 s of CPU, about what resolving 150,000 names
#: takes; once per installed gazetteer and code).
INDEX_BUILD_NAMES = 100_000


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
    suffix = _readable(path, chunk_rows)
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
        import shapely

        start = 0
        for batch in read_batches(path, columns_needed, chunk_rows):
            frame = batch.to_pandas()
            frame.index = pd.RangeIndex(start, start + len(frame))  # row numbers run on across batches
            start += len(frame)
            if "geometry" in frame.columns and suffix == ".geoparquet":
                frame["geometry"] = shapely.from_wkb(frame["geometry"])
            yield frame


def read_batches(path: Path, columns_needed: list[str], chunk_rows: int = CHUNK_ROWS) -> Iterator[pa.RecordBatch]:
    """Yield a Parquet table in Arrow batches, checking the needed columns first."""
    import pyarrow.parquet as pq

    path = Path(path)
    _readable(path, chunk_rows)
    # without pre-buffering: with it, the reader keeps every row group it has read until the end (memory
    # growing with the table)
    parquet = pq.ParquetFile(path, pre_buffer=False)
    _check_columns(path, parquet.schema_arrow.names, columns_needed)
    yield from parquet.iter_batches(batch_size=chunk_rows)


def _readable(path: Path, chunk_rows: int) -> str:
    """The table's format (its suffix), once the file and the chunk size are known to be fine."""
    if not path.is_file():
        raise TableError(f"{path}: file not found")
    suffix = _suffix(path)
    if chunk_rows < 1:
        raise TableError(f"--chunk-rows must be at least 1 (got {chunk_rows})")
    return suffix


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
            self._write_parquet(table)
        self._first = False
        self.rows += len(frame)

    def write_arrow(self, table: pa.Table) -> None:
        """Append an Arrow table (``.parquet`` output only), as :meth:`write` would append it as a pandas frame.

        The file's pandas metadata is what pandas gives the table's schema
        (the table's own metadata, the input's, says how pandas reads its columns).
        """
        if self.suffix != ".parquet":
            raise TableError(f"{self.path}: Arrow tables are written to .parquet only")
        if self._parquet is None:
            table = table.replace_schema_metadata(_pandas_metadata(table.schema))
        self._write_parquet(table)
        self._first = False
        self.rows += table.num_rows

    def _write_parquet(self, table: pa.Table) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            # a column empty in the first chunk has type null: make it text so later chunks fit
            schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema],
                               metadata=table.schema.metadata)
            self._schema = schema
            self._parquet = pq.ParquetWriter(self._tmp, schema, use_dictionary=_repeating_columns(table))
        if not table.schema.equals(self._schema):
            table = table.cast(self._schema)
        self._parquet.write_table(table)

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


def _repeating_columns(table: pa.Table) -> list[str] | bool:
    """Columns worth a Parquet dictionary: those whose values repeat (at most half of them distinct in ``table``).

    Parquet writers try a dictionary for every column and fall back to plain values when it grows too
    large, which for columns of distinct values (coordinates, identifiers) costs time and space for nothing.
    With nested columns, every column (the writer's default).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if any(pa.types.is_nested(field.type) for field in table.schema):
        return True
    return [name for name, column in zip(table.column_names, table.columns)
            if pc.count_distinct(column, mode="all").as_py() <= max(1, len(column) // 2)]


def _pandas_metadata(schema: pa.Schema) -> dict[bytes, bytes]:
    """The schema metadata ``pyarrow.Table.from_pandas`` gives a table of ``schema`` read into pandas."""
    import pyarrow as pa

    return pa.Table.from_pandas(schema.empty_table().to_pandas(), preserve_index=False).schema.metadata


def _types_through_pandas(first: pa.RecordBatch) -> pa.Schema | None:
    """The column types the pandas way would write for a table whose first chunk is ``first``, if Arrow can
    give them by a cast; None when it cannot (then the table goes through pandas).

    The casts: text to ``large_string`` (pandas' text), integers with gaps in the first chunk to
    ``float64`` (pandas holds them as floats, and the output keeps the first chunk's types), columns of
    nothing to text (as :class:`TableWriter` makes them).
    """
    import pyarrow as pa

    back = pa.Schema.from_pandas(first.to_pandas(), preserve_index=False)
    if back.names != first.schema.names:  # index columns
        return None
    fields = []
    for field, after in zip(first.schema, back):
        if pa.types.is_null(after.type):
            after = after.with_type(pa.string())
        if not (field.type == after.type
                or pa.types.is_string(field.type) and pa.types.is_large_string(after.type)
                or pa.types.is_integer(field.type) and after.type == pa.float64()
                or pa.types.is_null(field.type) and pa.types.is_string(after.type)):
            return None
        fields.append(after)
    return pa.schema(fields, metadata=first.schema.metadata)


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
        answers, which = index.frame_of(looked_up, geocoder, GEOCODE_COLUMNS)
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


def _raw_lon_lat(chunk: pd.DataFrame, lon_col: str, lat_col: str) -> tuple[pd.Series, pd.Series]:
    """The coordinates as written, for messages ('' for points of a geometry column)."""
    if "geometry" in chunk.columns and lon_col not in chunk.columns:
        return pd.Series("", index=chunk.index), pd.Series("", index=chunk.index)
    return chunk[lon_col], chunk[lat_col]


def _note_join(report: RunReport, answers: JoinAnswers, row_numbers: np.ndarray) -> None:
    report.rows += len(answers.joined)
    report.outside += answers.outside
    report.swapped_inside += answers.swapped_inside
    bad = np.flatnonzero(~answers.joined)
    shown = bad[:5]  # the report keeps five examples: no text is made for the other rows
    report.note(row_numbers[shown], answers.reason_texts(shown))
    report.problems += len(bad) - len(shown)


def _answer_names(columns: list[str]) -> list[str]:
    """Names of the added columns: prefixed ``join_`` when the input has a column of one of their names."""
    clash = set(ANSWER_COLUMNS) & set(columns)
    return [f"join_{c}" for c in ANSWER_COLUMNS] if clash else list(ANSWER_COLUMNS)


def join_chunk(chunk: pd.DataFrame, index: CountyIndex, lon_col: str, lat_col: str, first_row: int,
               report: RunReport, datum: str = "wgs84", points: bool = True) -> pd.DataFrame:
    """Province, prefecture and county of each point of one chunk, with a status per row.

    Coordinates in GCJ-02 or BD-09 (``datum``) are converted to WGS-84 first;
    the output geometry is WGS-84 (added only with ``points``, when the input
    has no geometry of its own).
    """
    lon, lat = _lon_lat(chunk, lon_col, lat_col)
    answers = answer_points(index, lon, lat, lambda: _raw_lon_lat(chunk, lon_col, lat_col), datum)
    _note_join(report, answers, _row_numbers(chunk, first_row))
    attrs = answers.frame(index)
    attrs.index = chunk.index
    attrs.columns = _answer_names(list(chunk.columns))
    out = pd.concat([chunk, attrs], axis=1)
    if points and "geometry" not in out.columns:
        import geopandas as gpd
        import shapely

        usable, lon, lat = answers.usable, answers.lon, answers.lat
        points = np.where(usable, shapely.points(np.where(usable, lon, 0.0), np.where(usable, lat, 0.0)), None)
        out["geometry"] = gpd.GeoSeries(points, index=out.index, crs="EPSG:4326")
    return out


def _numbers(column: pa.Array) -> np.ndarray:
    """An Arrow column as float64 numbers, NaN where a value is missing or not a number (as ``pd.to_numeric``)."""
    import pyarrow as pa

    if pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
        return column.cast(pa.float64()).to_numpy(zero_copy_only=False)
    return pd.to_numeric(column.to_pandas(), errors="coerce").to_numpy(dtype=float)


def join_batch(batch: pa.RecordBatch, index: CountyIndex, attributes: list[pa.Array], lon_col: str, lat_col: str,
               first_row: int, report: RunReport, datum: str = "wgs84") -> pa.Table:
    """:func:`join_chunk` of an Arrow batch into an Arrow table (no pandas): the batch's columns as they are,
    then the answer columns (``large_string``, as pandas writes them).

    ``attributes`` are :func:`~atlas.places.point_join.answer_arrays` of ``index``; ``first_row`` is the
    number of the batch's first row in messages.
    """
    import pyarrow as pa

    lon_raw, lat_raw = batch.column(lon_col), batch.column(lat_col)
    answers = answer_points(index, _numbers(lon_raw), _numbers(lat_raw),
                            lambda: (lon_raw.to_pandas(), lat_raw.to_pandas()), datum)
    _note_join(report, answers, np.arange(batch.num_rows) + first_row)
    names = batch.schema.names
    table = pa.Table.from_arrays(batch.columns + answers.arrow(attributes), names + _answer_names(names))
    return table.replace_schema_metadata(batch.schema.metadata)  # how pandas reads the input's columns


def _progress(chunks, quiet: bool, label: str):
    if quiet:
        return chunks
    from tqdm import tqdm

    return tqdm(chunks, desc=label, unit=" chunks", leave=False, disable=None)  # only on a terminal


def _stream(chunks: Iterator, target: Path, quiet: bool, label: str, process, arrow: bool = False) -> RunReport:
    """``process(chunk, 2, report)`` each chunk, written to ``target`` (Arrow tables with ``arrow``).

    Row ``n`` of the data is file line ``n + 2`` (the header is line 1): a pandas chunk's index is its rows'
    numbers; an Arrow chunk's first row is the ``report.rows``-th.
    """
    from concurrent.futures import ThreadPoolExecutor

    report = RunReport()
    writer = TableWriter(target)
    write = writer.write_arrow if arrow else writer.write
    ok = False
    try:
        # a chunk is written in a thread while the next is processed (both release the GIL for most of
        # their work); chunks are written one at a time, in order
        with ThreadPoolExecutor(max_workers=1) as pool:
            writing = None
            for chunk in _progress(chunks, quiet, label):
                out = process(chunk, 2, report)
                if writing is not None:
                    writing.result()
                writing = pool.submit(write, out)
            if writing is not None:
                writing.result()
        ok = True
    finally:
        writer.close(ok)
    return report


def geocode_file(source: Path, target: Path, name_col: str, province_col: str | None, geocoder: Geocoder,
                 quiet: bool = False, chunk_rows: int = CHUNK_ROWS,
                 prepare: Callable[[list[str]], list[str]] = list) -> RunReport:
    """Geocode a table file into another (see the module docstring)."""
    needed = [name_col] + ([province_col] if province_col else [])
    return _stream(read_chunks(source, needed, chunk_rows), target, quiet, "geocode",
                   lambda chunk, first, report: geocode_chunk(chunk, geocoder, name_col, province_col, first, report,
                                                              prepare))


def join_file(source: Path, target: Path, layers: dict[str, pd.DataFrame], lon_col: str = "lon",
              lat_col: str = "lat", quiet: bool = False, chunk_rows: int = CHUNK_ROWS,
              datum: str = "wgs84") -> RunReport:
    """Join a table of points to province, prefecture and county (see the module docstring).

    Parquet to Parquet goes through Arrow alone (:func:`join_batch`) when pandas would not change the
    input's column types on the way (other than text to ``large_string``): same values and types as
    through pandas, without a Python object per row.
    """
    source, target = Path(source), Path(target)
    needed = [] if _suffix(source) == ".geoparquet" else [lon_col, lat_col]
    index = GridCountyIndex(layers)
    if _suffix(source) == _suffix(target) == ".parquet" and source.is_file():
        batches = read_batches(source, needed, chunk_rows)
        first_batch = next(batches, None)
        types = None if first_batch is None else _types_through_pandas(first_batch)
        if types is not None:
            attributes = answer_arrays(index)
            return _stream(itertools.chain([first_batch], batches), target, quiet, "join",
                           lambda batch, first, report: join_batch(batch.cast(types, safe=False), index, attributes,
                                                                   lon_col, lat_col, first + report.rows, report,
                                                                   datum),
                           arrow=True)
    points = _suffix(target) == ".geoparquet"  # the other formats write lon/lat columns, not points
    return _stream(read_chunks(source, needed, chunk_rows), target, quiet, "join",
                   lambda chunk, first, report: join_chunk(chunk, index, lon_col, lat_col, first, report, datum,
                                                           points))
