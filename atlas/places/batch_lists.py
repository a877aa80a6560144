"""The known members of each batch (``geodata/batches.csv``), merged into the register.

``geodata/batches.csv`` lists every pilot of batches 1–3 that a public source
names (made by ``scripts/make_batches.py`` from hand-kept notes; adcodes come
from the geocoder). Its rows join the documents' register one row per place:
a place the documents already hold becomes a pilot with every batch it belongs
to, and cites ``batches.csv:line`` beside its ``doc:line`` sources; a place
they do not hold is added.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.places import register
from atlas.places.gazetteer import GEODATA, Gazetteer
from atlas.places.geocode import Located

COLUMNS = ["batch", "name_as_written", "province", "canonical_name", "level", "adcode_current", "code", "scope",
           "notice", "source", "source_kind", "note"]
#: The shipped table.
BATCHES = GEODATA / "batches.csv"


def read(path: Path = BATCHES) -> pd.DataFrame:
    """The batch table as text cells, in file order (row ``i`` is on line ``i + 2``).

    Examples
    --------
    >>> table = read()
    >>> sorted(set(table["batch"]))
    ['1', '2', '3']
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: batch table not found")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    return table


def register_row(entry: dict, line: int, gazetteer: Gazetteer, regions: dict[str, str],
                 cited_as: str = "batches.csv") -> dict:
    """One batch-table entry as a register row (a pilot of its batch), citing ``cited_as:line``.

    A ``scope = part`` entry (a part of a unit, such as the nine central
    districts of a municipality) keeps its own name and is placed at the unit.
    """
    part = entry.get("scope", "") == "part"
    place = gazetteer.find(entry["adcode_current"], entry["canonical_name"])
    located = Located(entry["name_as_written"], "resolved", place, "batch_list")
    row = register.make_row(entry["name_as_written"], "pilot", int(entry["batch"]), located, gazetteer,
                            f"{cited_as}:{line}", regions)
    if part:
        row.update(canonical_name=entry["canonical_name"], level="composite", level_as_written="composite",
                   note=f"part of {place.name}, placed at its point")
    return row


def merge(frame: pd.DataFrame, table: pd.DataFrame, gazetteer: Gazetteer, regions: dict[str, str],
          cited_as: str = "batches.csv") -> pd.DataFrame:
    """The register with the batch table merged in: one row per place, every batch it belongs to.

    A resolved register row of the same place (adcode and current name) becomes
    a pilot: ``batch`` is its earliest batch, ``batches`` every batch
    (``"1;2"``), and ``sources`` gains ``cited_as:line``. Other entries are added.

    Parameters
    ----------
    frame : DataFrame
        A register (:data:`atlas.places.register.COLUMNS`).
    table : DataFrame
        Batch-table rows (:func:`read`), row ``i`` cited as line ``i + 2``.
    gazetteer : Gazetteer
    regions : dict
        Province adcode → economic region (:func:`atlas.places.register.regions`).

    Examples
    --------
    >>> from atlas.api import _geocoder
    >>> gazetteer = _geocoder().gazetteer
    >>> table = pd.DataFrame([{"batch": "1", "name_as_written": "湖南省长沙市", "canonical_name": "长沙市",
    ...                        "adcode_current": "430100"}])
    >>> merged = merge(register.to_frame([]), table, gazetteer, {})
    >>> merged.loc[0, ["canonical_name", "role", "batch", "batches", "sources"]].tolist()
    ['长沙市', 'pilot', 1, '1', 'batches.csv:2']
    """
    rows = frame.to_dict("records")
    index: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        if row["status"] == "resolved":
            index.setdefault((row["adcode"], row["canonical_name"]), i)
    for line, entry in enumerate(table.to_dict("records"), start=2):
        new = register_row(entry, line, gazetteer, regions, cited_as)
        key = (new["adcode"], new["canonical_name"])
        if key not in index:
            index[key] = len(rows)
            rows.append(new)
            continue
        kept = rows[index[key]]
        kept["role"] = "pilot"
        kept["batches"] = register.join_batches(kept["batches"], kept["batch"], new["batch"])
        kept["batch"] = int(kept["batches"].split(";")[0])
        kept["sources"] = ";".join(dict.fromkeys([s for s in kept["sources"].split(";") if s] + [new["sources"]]))
    return register.to_frame(rows)
