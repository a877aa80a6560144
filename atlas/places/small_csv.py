"""Geocode a small, plain CSV table without pandas: a one-name command in a fraction of a second.

Importing pandas (with pyarrow) takes longer than geocoding a few names, so a
table that is small and *plain* — no quotes, no carriage returns, no blank
lines, a unique non-empty name for every column, every row as long as the
header — is read with the :mod:`csv` module and written the way
:class:`atlas.places.usertables.TableWriter` writes a CSV, byte for byte.
Pandas and the csv module read such a file alike; any other table (and every
error message) goes through the pandas path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from atlas.common.csvtext import BOM
from atlas.common.io import atomic_path
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import GEOCODE_COLUMNS, geocode_one

#: Largest input read without pandas, in bytes (about a thousand rows).
SMALL_TABLE_BYTES = 32 * 1024


def csv_encoding(path: Path) -> str:
    """``utf-8-sig`` if the file's first 64 KB are UTF-8 (a character cut at the end allowed), else ``gb18030``."""
    with path.open("rb") as stream:
        head = stream.read(65536)
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut at the end of the sample
            return "utf-8-sig"
        return "gb18030"


def read_plain_csv(path: Path, needed: list[str], max_bytes: int = SMALL_TABLE_BYTES
                   ) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows of a small plain CSV holding the ``needed`` columns, or None for any other file.

    Examples
    --------
    >>> import tempfile
    >>> table = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = table.write_text("name,note\\n章丘市,a\\n", encoding="utf-8")
    >>> read_plain_csv(table, ["name"])
    (['name', 'note'], [['章丘市', 'a']])
    >>> _ = table.write_text('name\\n"章丘市"\\n', encoding="utf-8")
    >>> read_plain_csv(table, ["name"]) is None
    True
    """
    path = Path(path)
    if not path.name.lower().endswith(".csv") or not path.is_file() or path.stat().st_size > max_bytes:
        return None
    try:
        text = path.read_bytes().decode(csv_encoding(path))
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        return None  # a second byte-order mark (or one in GB18030): left to pandas
    if any(c in text for c in '"\r\0'):
        return None
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    if len(lines) < 2 or any(not line.strip() for line in lines):
        return None
    header, *rows = (line.split(",") for line in lines)
    if any(not column.strip() for column in header) or len(set(header)) != len(header) \
            or any(column not in header for column in needed) or any(len(row) != len(header) for row in rows):
        return None
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    """A CSV as :class:`~atlas.places.usertables.TableWriter` writes one: a BOM, then the rows,
    ``None`` as an empty field and numbers as pandas writes them."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else repr(v) if isinstance(v, float) else v for v in row] for row in rows)
    with atomic_path(Path(path)) as tmp:
        tmp.write_bytes(buffer.getvalue().encode("utf-8"))


def geocode_plain_csv(source: Path, target: Path, name_col: str, province_col: str | None, geocoder: Geocoder,
                      prepare: Callable[[list[str]], list[str]] = list) -> tuple[int, list[str], int] | None:
    """Geocode a small plain CSV (see the module docstring) into a CSV, as
    :func:`atlas.places.usertables.geocode_file` would; None if the input is not one (or the output not .csv).

    Returns
    -------
    (rows, the first five problems as ``row N: reason``, number of problems), or None.
    """
    if not Path(target).name.lower().endswith(".csv"):
        return None
    table = read_plain_csv(source, [name_col] + ([province_col] if province_col else []))
    if table is None:
        return None
    header, rows = table
    names = [row[header.index(name_col)] for row in rows]
    hints = [row[header.index(province_col)] for row in rows] if province_col else [""] * len(rows)
    distinct = list(dict.fromkeys(zip(names, hints)))
    looked_up = prepare([name for name, _ in distinct])
    answers = {pair: geocode_one(geocoder, name, pair[1]) for pair, name in zip(distinct, looked_up)}
    added = ["geo_" + c for c in GEOCODE_COLUMNS] if set(GEOCODE_COLUMNS) & set(header) else GEOCODE_COLUMNS
    out, problems = [], []
    for number, (row, pair) in enumerate(zip(rows, zip(names, hints)), start=2):  # line 1 is the header
        answer = answers[pair]
        out.append(row + [answer.get(c) for c in GEOCODE_COLUMNS])
        if answer["status"] != "resolved":
            problems.append(f"row {number}: {answer['reason']}")
    write_csv(target, header + added, out)
    return len(rows), problems[:5], len(problems)
