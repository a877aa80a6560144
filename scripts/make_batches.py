"""Make ``geodata/batches.csv`` from the hand-kept notes ``scripts/batch_notes.csv``.

Each note names one pilot as its source writes it, with its batch, province and
source (notice, URL or ``seeds/doc:line``). This script geocodes every note with
the atlas's own geocoder (so no adcode is typed by hand), merges notes that name
the same place in the same batch (their sources joined), and writes the table.
A note that does not resolve stops the script: fix the note (``locate_as``).

Run from the repository root::

    .venv/bin/python scripts/make_batches.py            # writes geodata/batches.csv
    .venv/bin/python scripts/make_batches.py --check    # exit 1 if the table is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from generated_table import write_or_check  # noqa: E402

from atlas.api import geocode  # noqa: E402
from atlas.common.csvtext import csv_text  # noqa: E402
from atlas.places.batch_lists import COLUMNS  # noqa: E402

NOTES = ROOT / "scripts" / "batch_notes.csv"
OUT = ROOT / "geodata" / "batches.csv"


def make_table(notes: pd.DataFrame) -> pd.DataFrame:
    """The batch table from the notes: geocoded, one row per batch and place, sorted."""
    names = [locate or name for locate, name in zip(notes["locate_as"], notes["name_as_written"])]
    found = geocode(names, province=notes["province"].tolist())
    unresolved = found[found["status"] != "resolved"]
    if len(unresolved):
        lines = [f"  {NOTES.name}:{i + 2}: {n} ({s}: {r})" for i, n, s, r in
                 zip(unresolved.index, unresolved["name"], unresolved["status"], unresolved["reason"])]
        raise SystemExit("notes that do not resolve (give them a locate_as):\n" + "\n".join(lines))
    rows: dict[tuple, dict] = {}
    for note, place in zip(notes.to_dict("records"), found.to_dict("records")):
        part = note["scope"] == "part"
        key = (note["batch"], place["adcode"], note["name_as_written"] if part else place["canonical_name"])
        row = rows.setdefault(key, {
            "batch": note["batch"], "name_as_written": note["name_as_written"], "province": place["province"],
            "canonical_name": note["name_as_written"] if part else place["canonical_name"],
            "level": "composite" if part else place["level"], "adcode_current": place["adcode"],
            "code": place["code"], "scope": note["scope"], "notice": note["notice"],
            "source": [], "source_kind": [], "note": [],
        })
        row["source"].append(note["source"])
        row["source_kind"].append(note["source_kind"])
        if note["note"]:
            row["note"].append(note["note"])
    table = []
    for row in rows.values():
        kinds = row["source_kind"]
        row["source_kind"] = next(k for k in ("official", "official_repost", "news", "secondary") if k in kinds)
        row["source"] = " | ".join(dict.fromkeys(s for part in row["source"] for s in part.split(" | ")))
        row["note"] = "; ".join(dict.fromkeys(row["note"]))
        table.append(row)
    frame = pd.DataFrame(table, columns=COLUMNS)
    frame["_batch"] = frame["batch"].astype(int)
    return frame.sort_values(["_batch", "adcode_current", "code", "name_as_written"], kind="stable") \
        .drop(columns="_batch").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if geodata/batches.csv differs")
    args = parser.parse_args(argv)
    notes = pd.read_csv(NOTES, dtype=str, keep_default_na=False)
    text = csv_text(make_table(notes), bom=False)
    return write_or_check(OUT, text, args.check, "make_batches.py", f"{text.count(chr(10)) - 1} rows")


if __name__ == "__main__":
    raise SystemExit(main())
