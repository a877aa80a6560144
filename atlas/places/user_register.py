"""A user's own list of places, built into the atlas instead of the shipped register.

The file is a CSV (UTF-8, with or without BOM, or GB18030) or an Excel
``.xlsx`` sheet with a header row:

========== ======== ======================================================
column     needed   what
========== ======== ======================================================
name       yes      the place as written (short forms, chains, old names)
province   no       its province (name or adcode): narrows same-named places
batch      no       batch number (1–9) of a pilot
role       no       ``pilot`` (default), ``example`` or ``other_programme``
========== ======== ======================================================

Every row is geocoded; a row that does not resolve stays in the register
with its status and is reported in the quality table, cited as
``file:line`` (the spreadsheet's row number). A register saved by an earlier
build (with ``adcode``, ``status`` … columns) is read back as it is. No
figures or mentions of the shipped documents are mixed in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.common.quality import Issue
from atlas.places import register
from atlas.places.geocode import Geocoder, Located

ROLES = ("pilot", "example", "other_programme")
SAVED_COLUMNS = {"canonical_name", "adcode", "status", "lon", "lat"}


class RegisterError(ValueError):
    """A register file that cannot be used; the message is one line naming the file and why."""


def read_table(path: Path) -> pd.DataFrame:
    """The register file as text cells (CSV in UTF-8/GB18030, or ``.xlsx``).

    Raises
    ------
    RegisterError
        Missing, empty, unreadable or of another format.
    """
    path = Path(path)
    if not path.is_file():
        raise RegisterError(f"{path}: register file not found")
    try:
        if path.suffix.lower() == ".xlsx":
            frame = pd.read_excel(path, dtype=str).fillna("")
        elif path.suffix.lower() in (".csv", ".txt"):
            data = path.read_bytes()
            encoding = "utf-8-sig" if _is_utf8(data) else "gb18030"
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        else:
            raise RegisterError(f"{path}: a register is a .csv or .xlsx file")
    except RegisterError:
        raise
    except pd.errors.EmptyDataError as exc:
        raise RegisterError(f"{path}: empty file (no header line)") from exc
    except Exception as exc:  # pandas and openpyxl raise many kinds for broken files
        raise RegisterError(f"{path}: cannot be read as a table ({type(exc).__name__})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read_register(path: Path, geocoder: Geocoder) -> tuple[pd.DataFrame, list[Issue]]:
    """A user's register, geocoded (or a saved register, read back).

    Returns
    -------
    tuple
        The register table (standard columns) and a quality row for every
        place not resolved.

    Raises
    ------
    RegisterError
        No ``name`` column, an unknown role, a batch that is not a number from 1 to 9.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from atlas.api import _geocoder
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text("name,batch\\n襄樊市,2\\n", encoding="utf-8")
    >>> frame, issues = read_register(path, _geocoder())
    >>> frame.loc[0, ["canonical_name", "adcode", "role", "batch"]].tolist(), issues
    (['襄阳市', '420600', 'pilot', 2], [])
    """
    path = Path(path)
    table = read_table(path)
    if SAVED_COLUMNS <= set(table.columns):
        return register.normalise(table), []
    if "name" not in table.columns:
        raise RegisterError(f"{path}: no column 'name' (columns: {', '.join(table.columns) or 'none'})")
    gazetteer = geocoder.gazetteer
    regions = register.regions()
    rows, issues = [], []
    for number, record in enumerate(table.to_dict("records"), start=2):
        name = str(record["name"]).strip()
        role = str(record.get("role", "") or "pilot").strip()
        batch_text = str(record.get("batch", "") or "").strip()
        if role not in ROLES:
            raise RegisterError(f"{path}:{number}: role {role!r} is not one of {', '.join(ROLES)}")
        if batch_text and not (batch_text.isdigit() and 1 <= int(batch_text) <= 9):
            raise RegisterError(f"{path}:{number}: batch {batch_text!r} is not a number from 1 to 9")
        hint = str(record.get("province", "") or "").strip()
        province = gazetteer.province_code(hint) if hint else None
        if hint and province is None:
            located = Located(name, "unresolved", detail=f"unknown province {hint!r}")
        else:
            located = geocoder.resolve(name, province=province)
        source = f"{path.name}:{number}"
        rows.append(register.make_row(name, role, int(batch_text) if batch_text else None, located, gazetteer,
                                      source, regions))
        if located.status != "resolved":
            issues.append(Issue(located.status, name or "(empty)", path.name, number, located.detail))
    return register.to_frame(rows), issues
