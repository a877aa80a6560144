"""The register: one row per pilot or cited place, geocoded, with its sources.

Built from extracted pilots (documents) or read back from a saved CSV (the
shipped ``geodata/register.csv``); both give the same table.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.places.gazetteer import GEODATA, Gazetteer, zone_of
from atlas.places.geocode import Located
from atlas.common.csvtext import csv_text
from atlas.common.io import write_text
from atlas.places.names import admin_kind

COLUMNS = [
    "name", "canonical_name", "role", "batch", "batches", "level", "level_as_written", "province",
    "prefecture", "county", "adcode", "code", "spans", "lon", "lat", "precision", "resolved_by",
    "status", "region", "sources", "note",
]
SHIPPED = GEODATA / "register.csv"


def split_province(entry: str, gazetteer: Gazetteer) -> tuple[str | None, str]:
    """Split a leading province name (full or short) off an entry.

    Returns
    -------
    tuple
        The province adcode (or None) and the rest of the entry.
    """
    best: tuple[int, str] | None = None
    for province in gazetteer.provinces():
        for form in gazetteer.forms[province.key]:
            if entry.startswith(form) and len(entry) > len(form) and (best is None or len(form) > best[0]):
                best = (len(form), province.adcode)
    if best is None:
        return None, entry
    return best[1], entry[best[0]:]


def regions() -> dict[str, str]:
    """Province adcode → economic region (``geodata/regions.csv``)."""
    table = pd.read_csv(GEODATA / "regions.csv", dtype=str, keep_default_na=False)
    return dict(zip(table.province_adcode, table.region))


def make_row(name: str, role: str, batch: int | None, located: Located, gazetteer: Gazetteer,
         sources: str, regions: dict[str, str]) -> dict:
    place = located.place
    row = {column: "" for column in COLUMNS}
    row.update(name=name, role=role, batch=batch if batch is not None else "",
               batches=str(batch) if batch is not None else "", sources=sources,
               status=located.status, resolved_by=located.resolved_by, note=located.detail)
    if place is None:
        return row
    written_kind = admin_kind(name, place.precision) if place.precision in ("province", "prefecture", "county") else place.kind
    as_town = admin_kind(name, "town") if place.precision == "town" else ""
    if as_town in ("town", "township", "subdistrict"):
        written_kind = as_town  # 湄江镇 as written, 湄江街道 today
    row.update(
        canonical_name=place.name,
        level=place.kind,
        level_as_written=written_kind,
        province=gazetteer.name_of(place.province_adcode),
        prefecture=gazetteer.name_of(place.prefecture_adcode) or "",
        county=gazetteer.name_of(place.county_adcode) or "",
        adcode=place.adcode,
        code=place.code,
        spans=";".join(place.spans),
        lon=round(place.lon, 6),
        lat=round(place.lat, 6),
        precision=place.point_precision,
        region=regions.get(place.province_adcode, ""),
    )
    return row


def merge_pilots(rows: list[dict]) -> pd.DataFrame:
    """Pilot rows as a register, one row per place: the sources of every row
    naming it, the earliest batch given and every batch (``batches``). Unresolved rows stay one per name."""
    merged: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["adcode"], row["canonical_name"]) if row["status"] == "resolved" else ("", row["name"])
        if key not in merged:
            merged[key] = dict(row)
            continue
        kept = merged[key]
        sources = kept["sources"].split(";") + [s for s in row["sources"].split(";") if s]
        kept["sources"] = ";".join(dict.fromkeys(s for s in sources if s))
        kept["batches"] = join_batches(kept["batches"], row["batches"], kept["batch"], row["batch"])
        kept["batch"] = int(kept["batches"].split(";")[0]) if kept["batches"] else ""
    return to_frame(list(merged.values()))


def join_batches(*values: object) -> str:
    """Every batch number in ``values`` (numbers, ``"1;2"`` strings, blanks), sorted, as ``"1;2"``.

    Examples
    --------
    >>> join_batches("2", 1, "", None, "1;3")
    '1;2;3'
    """
    found: set[int] = set()
    for value in values:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        found.update(int(part) for part in str(value).split(";") if part.strip())
    return ";".join(str(b) for b in sorted(found))


def _sources(citations: list[tuple[str, int, int]]) -> str:
    """``doc:line`` (``doc:page:line`` for a paged document) of every citation, sorted (``page`` 0: none)."""
    return ";".join(f"{d}:{p}:{n}" if p else f"{d}:{n}" for d, p, n in sorted(set(citations)))


def _grouped(rows: list[dict], key) -> list[tuple[object, list[dict]]]:
    """Rows grouped by ``key(row)`` in key order, each group in row order (as ``DataFrame.groupby``;
    rows with a missing key are left out, as it leaves them out)."""
    groups: dict[object, list[dict]] = {}
    for row in rows:
        value = key(row)
        if not any(pd.isna(v) for v in (value if isinstance(value, tuple) else (value,))):
            groups.setdefault(value, []).append(row)
    return sorted(groups.items(), key=lambda item: item[0])


#: How a mention resolved when it is written as a short form: a row is named by a full name where one is written.
_SHORT_FORM_READINGS = ("short_form", "historical_short_form")


def with_examples(frame: pd.DataFrame, mentions: pd.DataFrame, gazetteer: Gazetteer,
                  regions: dict[str, str]) -> pd.DataFrame:
    """Add one row per place cited as an example (and not a pilot), citing every mention.

    Resolved mentions are grouped by place; ambiguous or unresolved ones by
    the name as written, so nothing cited is missing from the register.
    """
    examples = mentions[mentions["role"] != "pilot"]
    pages = pd.to_numeric(examples["page"], errors="coerce") if "page" in examples else [None] * len(examples)
    records = examples.to_dict("records")
    for record, page in zip(records, pages):
        record["_citation"] = (record["doc"], int(page) if pd.notna(page) else 0, record["line"])
    known = set(zip(frame["adcode"], frame["canonical_name"]))
    rows = []
    resolved = [r for r in records if r["status"] == "resolved"]
    for (adcode, canonical), group in _grouped(resolved, lambda r: (r["adcode"], r["canonical_name"])):
        if (adcode, canonical) in known:
            continue
        first = next((r for r in group if not r["resolved_by"].startswith(_SHORT_FORM_READINGS)), group[0])
        place = gazetteer.find(adcode, canonical)
        if place.name != canonical:  # a zone read through its parent (甲市南城新区)
            place = zone_of(canonical, first["level"], place)
        located = Located(first["name"], "resolved", place, first["resolved_by"])
        rows.append(make_row(first["name"], _role(group), None, located, gazetteer,
                             _sources([r["_citation"] for r in group]), regions))
    for name, group in _grouped([r for r in records if r["status"] != "resolved"], lambda r: r["name"]):
        first = group[0]
        located = Located(name, first["status"], detail=first["note"])
        rows.append(make_row(name, _role(group), None, located, gazetteer,
                             _sources([r["_citation"] for r in group]), regions))
    return to_frame(frame.to_dict("records") + rows)


def _role(group: list[dict]) -> str:
    """``other_programme`` if a document lists the place in another programme, else ``example``."""
    return "other_programme" if any(r["role"] == "other_programme" for r in group) else "example"


_CITATION = re.compile(r"^(?P<doc>.+?)(?::(?P<page>\d+))?:(?P<line>\d+)$")


def first_source(sources: str) -> tuple[str, int | None]:
    """The document and line of the first ``doc:line`` (or ``doc:page:line``) of a sources field.

    Examples
    --------
    >>> first_source("a.pdf:3:12;b.txt:4")
    ('a.pdf', 12)
    """
    doc, _, line = first_citation(sources)
    return doc, line


def first_citation(sources: str) -> tuple[str, int | None, int | None]:
    """``(doc, page, line)`` of the first citation of a sources field (page None if unpaged).

    Examples
    --------
    >>> first_citation("a.pdf:3:12;b.txt:4")
    ('a.pdf', 3, 12)
    """
    first = sources.split(";")[0] if sources else ""
    match = _CITATION.match(first)
    if not match:
        return first, None, None
    return match.group("doc"), int(match.group("page")) if match.group("page") else None, int(match.group("line"))


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a register table with the standard columns and order."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return normalise(frame)


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Standard dtypes and row order (by first source), so saved and built registers compare equal."""
    frame = frame.reindex(columns=COLUMNS).copy()
    for column in COLUMNS:
        if column in ("lon", "lat"):
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("float64")
        elif column == "batch":
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Int64")
        else:
            frame[column] = frame[column].astype(object).fillna("").astype(str)
    missing = frame["batches"].eq("") & frame["batch"].notna()  # a register saved before ``batches``
    frame.loc[missing, "batches"] = frame.loc[missing, "batch"].astype(str)
    keys = [first_source(s) for s in frame["sources"]]
    frame = frame.assign(_doc=[k[0] for k in keys], _line=[k[1] or 0 for k in keys]).sort_values(
        ["_doc", "_line", "name"], kind="stable").drop(columns=["_doc", "_line"])
    return frame.reset_index(drop=True)


def read(path: Path = SHIPPED) -> pd.DataFrame:
    """Read a saved register CSV."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: register not found")
    return normalise(pd.read_csv(path, dtype=str, keep_default_na=False))


def to_csv(frame: pd.DataFrame, bom: bool = False) -> str:
    """The register as CSV text (UTF-8, ``\\n`` line ends)."""
    return csv_text(frame, bom=bom)


def write(frame: pd.DataFrame, path: Path) -> None:
    """Write the register CSV atomically."""
    write_text(path, to_csv(frame))


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Register as points (WGS-84); rows without a location keep an empty geometry."""
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(frame.copy(), geometry=geometry)
