"""Extraction figures per document: mentions, figures and quality rows, and time.

Run: ``.venv/bin/python benchmarks/bench_extraction.py [--sources ../shared/seeds]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from atlas.places import boundaries
from atlas.reading.extraction import extract_folder
from atlas.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    gazetteer = Gazetteer.build(boundaries.load())
    start = time.perf_counter()
    result = extract_folder(args.sources, gazetteer)
    seconds = time.perf_counter() - start
    issues = {}
    for issue in result.issues:
        issues[issue.doc] = issues.get(issue.doc, 0) + 1
    docs = sorted(set(result.mentions["doc"]) | set(result.facts["doc"]) | set(issues))
    print(f"{'document':28} {'mentions':>9} {'resolved':>9} {'figures':>8} {'quality':>8}")
    for doc in docs:
        m = result.mentions[result.mentions["doc"] == doc]
        print(f"{doc:28} {len(m):9d} {int((m['status'] == 'resolved').sum()):9d} "
              f"{int((result.facts['doc'] == doc).sum()):8d} {issues.get(doc, 0):8d}")
    print(f"{'all':28} {len(result.mentions):9d} {int((result.mentions['status'] == 'resolved').sum()):9d} "
          f"{len(result.facts):8d} {len(result.issues):8d}")
    print(f"register: {len(result.register)} places; extraction took {seconds:.2f} s")


if __name__ == "__main__":
    main()
