"""Cold start: what a first run does with an empty cache, on its own and within a whole build.

Run: ``.venv/bin/python benchmarks/bench_cold.py [--rounds 3] [--against ../main] [--no-build]``

Two figures, each in a fresh process with a fresh, empty ``PILOT_ATLAS_CACHE``
(medians of ``--rounds`` rounds; wall and CPU seconds of the process and its
threads and children, and peak memory):
* preparation: the boundary layers (read, shifted to WGS-84, repaired,
  labelled, measured), the gazetteer and its cache, and the display layers at
  both tolerances the atlas draws (web pages, static images), as a build asks
  for them; no documents, no pages;
* cold build: ``build_maps.py --force`` on the seed documents.
With ``--against DIR`` the same is run on another checkout's code (e.g. main),
alternating the order between rounds, so that before and after are measured
side by side on the same machine.
Anchor (issue 13): cold build 44–58 s, 1.63 GB peak. Target: ≤ 20 s and ≤ 1.2 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import compare, process_tree_run, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: What a build asks for before its pages (see ``atlas.pipeline.build``), timed as one child process.
PREPARE = """
from atlas.places import boundaries
from atlas.places.gazetteer import Gazetteer
from atlas.places.gazetteer_cache import load_gazetteer
layers = boundaries.load()
load_gazetteer(lambda: Gazetteer.build(layers))
boundaries.load_display()
boundaries.load_display(0.02)
"""


def run(code: Path, cache: Path, args: list[str]) -> dict:
    """One child process importing ``code``'s atlas package, with an empty cache (its figures printed at once)."""
    env = {"PILOT_ATLAS_CACHE": str(cache), "PYTHONPATH": str(code)}
    figures = process_tree_run([sys.executable, *args], env=env)
    print(f"    {code}: {figures['wall']:.1f} s wall {figures['cpu']:.1f} s CPU {figures['peak_mb']:.0f} MB "
          f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = ROOT.parent / "shared" / "seeds"
    parser.add_argument("--sources", type=Path, default=default_seeds if default_seeds.is_dir() else None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout to measure side by side (e.g. ../main)")
    parser.add_argument("--no-build", action="store_true", help="time the preparation only")
    args = parser.parse_args()
    checkouts = {"this checkout": ROOT}
    if args.against:
        checkouts[f"{args.against}"] = args.against.resolve()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"medians of {args.rounds} rounds, empty cache each run", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        count = iter(range(10**6))

        def prepare(label: str) -> dict:
            # -P: the checkout on PYTHONPATH is imported, not the working folder's
            return run(checkouts[label], tmp / f"cache-{next(count)}", ["-P", "-c", PREPARE])

        def build(label: str) -> dict:
            code = checkouts[label]
            extra = ["--sources", str(args.sources)] if args.sources else []
            return run(code, tmp / f"cache-{next(count)}",
                       [str(code / "build_maps.py"), "--out", str(tmp / f"out-{next(count)}"), "-q", "--force", *extra])

        figures = {"preparation (boundaries, gazetteer, display layers)": compare(list(checkouts), prepare, args.rounds)}
        if not args.no_build:
            figures["cold build (--force, empty cache)  target ≤ 20 s, ≤ 1229 MB; anchor 44–58 s, 1.63 GB"] = \
                compare(list(checkouts), build, args.rounds)
        for title, runs in figures.items():
            print(title)
            for label, rows in runs.items():
                print(f"  {label:24} {summary(rows, 'wall'):6.1f} s wall {summary(rows, 'cpu'):6.1f} s CPU "
                      f"peak RSS {summary(rows, 'peak_mb'):6.0f} MB")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
