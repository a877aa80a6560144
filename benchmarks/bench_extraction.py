"""Extraction figures per document: mentions, figures and quality rows, and time.

Run: ``.venv/bin/python benchmarks/bench_extraction.py [--sources ../shared/seeds] [--copies 10] [--rounds 3]``

Then the reading speed: ten copies of every document (50 for the seeds)
read in one folder, medians of the rounds of wall and CPU seconds (user +
system of this process and its worker processes), in MB/s of document bytes
(the gazetteer is built before, not timed), in one process and with the
default reading workers (``--workers N`` for N only). Target (issue 13):
≥ 20 MB/s, 50 copies of the seeds ≤ 2 s. Anchors: the reader before issue 13,
and before its third round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import copies  # noqa: E402  (and measure: this checkout's atlas first on the path)

from atlas.places import boundaries  # noqa: E402
from atlas.reading.extraction import extract_folder  # noqa: E402
from atlas.reading.workers import default_workers  # noqa: E402
from atlas.places.gazetteer import Gazetteer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: The 50 copies of the seeds before issue 13's work (main at 71d6dd0, one process; 2 cores shared,
#: load average ≈ 11 at the time, so the wall figure is inflated): wall and CPU seconds, medians of 3.
ANCHOR_SECONDS = (25.8, 8.3)
#: The same before the third round (main at 0d83beb, one process): CPU seconds, median of 3.
ROUND_ANCHOR_CPU = 3.26
TARGET_SECONDS = 2.0
TARGET_MB_S = 20.0


def _cpu() -> float:
    """User + system seconds of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="reading processes (default: the usable cores)")
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
        mb = sum(p.stat().st_size for p in docs) / 1e6
        for workers in ([args.workers] if args.workers else sorted({1, default_workers()})):
            walls, cpus = [], []
            for _ in range(args.rounds):
                start, cpu = time.perf_counter(), _cpu()
                extract_folder(folder, gazetteer, workers=workers)
                walls.append(time.perf_counter() - start)
                cpus.append(_cpu() - cpu)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(f"reading {len(docs)} documents ({mb:.1f} MB), {workers} process(es), "
                  f"median of {args.rounds}, load average {os.getloadavg()[0]:.1f}:")
            print(f"  wall {wall:.2f} s = {mb / wall:.1f} MB/s; CPU {cpu:.2f} s = {mb / cpu:.1f} MB/s")
            print(f"  anchor (before issue 13): wall {ANCHOR_SECONDS[0]:.2f} s, CPU {ANCHOR_SECONDS[1]:.2f} s "
                  f"(× {ANCHOR_SECONDS[0] / wall:.1f} wall, × {ANCHOR_SECONDS[1] / cpu:.1f} CPU); "
                  f"before its third round: CPU {ROUND_ANCHOR_CPU:.2f} s in one process (× {ROUND_ANCHOR_CPU / cpu:.1f})")
            print(f"  target: ≤ {TARGET_SECONDS:g} s for 50 documents, ≥ {TARGET_MB_S:g} MB/s "
                  f"({'met' if wall <= TARGET_SECONDS and mb / wall >= TARGET_MB_S else 'not met'})")


if __name__ == "__main__":
    main()
