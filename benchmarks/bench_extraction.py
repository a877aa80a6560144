"""Extraction figures per document: mentions, figures and quality rows, and time.

Run: ``.venv/bin/python benchmarks/bench_extraction.py [--sources ../shared/seeds] [--copies 10] [--rounds 3]``

Then the reading speed: ten copies of every document (50 for the seeds)
read in one folder, median of the rounds, in MB/s of document bytes (the
gazetteer is built before, not timed). Target (issue 13): ≥ 20 MB/s, 50 copies of the seeds ≤ 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copies  # noqa: E402  (and measure: this checkout's atlas first on the path)

from atlas.places import boundaries  # noqa: E402
from atlas.reading.extraction import extract_folder  # noqa: E402
from atlas.places.gazetteer import Gazetteer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
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
    with tempfile.TemporaryDirectory() as tmp:
        folder = copies(args.sources, Path(tmp), args.copies)
        docs = [p for p in folder.iterdir()]
        size = sum(p.stat().st_size for p in docs)
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            extract_folder(folder, gazetteer)
            times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    print(f"reading {len(docs)} documents ({size / 1e6:.1f} MB): {seconds:.2f} s, {size / 1e6 / seconds:.1f} MB/s "
          f"(median of {args.rounds}; target ≥ 20 MB/s)")


if __name__ == "__main__":
    main()
