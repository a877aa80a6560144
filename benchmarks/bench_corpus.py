"""Mention recall and precision on the development corpus, per document.

Compares the mentions the reader finds in ``../shared/corpus/docs`` with the
hand-annotated ``truth/mentions.csv``. A true mention is matched by document,
line and current adcode (towns carry their county's code, as in the truth);
each truth row matches at most one found mention. A found mention that matches
no truth row (including an ambiguous or unresolved one) counts against
precision. Also prints the gazetteer's size per level.

``--levels`` also asks a township where the truth has one and a unit where it has a unit.

Run: ``.venv/bin/python benchmarks/bench_corpus.py [--corpus ../shared/corpus] [--misses] [--levels]``
"""

from __future__ import annotations

import argparse
import time
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's atlas package

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


#: The kinds (``mentions.csv`` ``level``) of townships; a 苏木 has no kind of its own (``other``).
TOWN_KINDS = frozenset({"town", "township", "subdistrict"})


def score(found: pd.DataFrame, truth: pd.DataFrame, levels: bool = False) -> pd.DataFrame:
    """Per-document true positives, truth rows and found rows.

    Parameters
    ----------
    found : DataFrame
        ``mentions.csv`` rows (``doc`` with file suffix, ``line``, ``adcode``, ``level``, ``canonical_name``).
    truth : DataFrame
        The corpus truth (``doc`` without suffix, ``line``, ``adcode_current``, ``level``).
    levels : bool
        Also require a township where the truth has one, and a unit where it has a unit (a town
        carries its county's code, so by code alone the county read in place of its town counts).

    Returns
    -------
    DataFrame
        One row per document with ``tp``, ``truth``, ``found``, and the
        unmatched rows in ``missed`` / ``extra`` (lists of strings).
    """
    found = found.assign(doc=found["doc"].str.replace(r"\.[a-z]+$", "", regex=True))
    rows = []
    for doc in sorted(set(truth["doc"]) | set(found["doc"])):
        t = truth[truth["doc"] == doc]
        f = found[found["doc"] == doc]
        towns = (f["level"].isin(TOWN_KINDS) | f["canonical_name"].str.endswith("苏木")) if levels \
            else pd.Series(False, index=f.index)
        pool = list(zip(f["line"].astype(int), f["adcode"].astype(str), f["name"], f["status"], towns))
        missed = []
        for line, adcode, name, level in zip(t["line"].astype(int), t["adcode_current"].astype(str),
                                             t["name_as_written"], t["level"]):
            town = levels and level == "town"
            hit = next((p for p in pool if p[0] == line and p[1] == adcode and p[3] == "resolved" and p[4] == town),
                       None)
            if hit is None:
                missed.append(f"{line}:{name}({adcode})")
            else:
                pool.remove(hit)
        extra = [f"{line}:{name}({adcode or status})" for line, adcode, name, status, _ in pool]
        rows.append({"doc": doc, "tp": len(t) - len(missed), "truth": len(t), "found": len(f),
                     "missed": missed, "extra": extra})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--misses", action="store_true", help="list missed and extra mentions")
    parser.add_argument("--levels", action="store_true",
                        help="a hit must also be a township where the truth has one, a unit where it has a unit")
    args = parser.parse_args()

    from atlas.places import boundaries
    from atlas.reading.extraction import extract_folder
    from atlas.places.gazetteer import Gazetteer

    start = time.perf_counter()
    gazetteer = Gazetteer.build(boundaries.load())
    setup = time.perf_counter() - start
    start = time.perf_counter()
    result = extract_folder(args.corpus / "docs", gazetteer)
    seconds = time.perf_counter() - start
    truth = pd.read_csv(args.corpus / "truth" / "mentions.csv", dtype=str, keep_default_na=False)
    table = score(result.mentions, truth, args.levels)
    print(f"{'document':48} {'truth':>5} {'found':>5} {'tp':>4} {'recall':>7} {'precision':>9}")
    for row in table.itertuples():
        recall = f"{row.tp / row.truth:.0%}" if row.truth else "-"
        precision = f"{row.tp / row.found:.0%}" if row.found else "-"
        print(f"{row.doc:48} {row.truth:5d} {row.found:5d} {row.tp:4d} {recall:>7} {precision:>9}")
        if args.misses:
            for item in row.missed:
                print(f"    missed {item}")
            for item in row.extra:
                print(f"    extra  {item}")
    tp, n, found = table["tp"].sum(), table["truth"].sum(), table["found"].sum()
    print(f"{'all':48} {n:5d} {found:5d} {tp:4d} {tp / n:7.1%} {tp / max(found, 1):9.1%}")
    pilots = result.register[result.register["role"] == "pilot"]
    print(f"pilots in the register: {len(pilots)} ({', '.join(pilots['canonical_name'].head(8))}…)")
    levels = pd.Series([p.precision for p in gazetteer.places()]).value_counts()
    print("gazetteer: " + ", ".join(f"{level} {count}" for level, count in levels.items())
          + f"; {len(gazetteer.names)} name forms")
    print(f"gazetteer built in {setup:.2f} s; corpus read in {seconds:.2f} s")


if __name__ == "__main__":
    main()
