"""Build benchmarks: cold and warm build time, peak memory, page sizes.

Run: ``.venv/bin/python benchmarks/bench_build.py [--sources ../shared/seeds]``

Each build runs in a fresh process (the way a user runs it); "cold" uses an
empty boundary cache, "warm" the cache the cold run left. Targets (issue 5):
warm ≤ 5 s, cold ≤ 30 s, peak memory ≤ 2 GB, county-level page ≤ 3 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_build(out: Path, cache: Path, sources: Path | None) -> tuple[float, float]:
    """Run one build in a child process; return (wall seconds, peak RSS in MB)."""
    args = [sys.executable, str(ROOT / "build_maps.py"), "--out", str(out), "-q"]
    if sources:
        args += ["--sources", str(sources)]
    env = dict(os.environ, PILOT_ATLAS_CACHE=str(cache))
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = ROOT.parent / "shared" / "seeds"
    parser.add_argument("--sources", type=Path, default=default_seeds if default_seeds.is_dir() else None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = run_build(tmp / "cold", tmp / "cache", args.sources)
        warm = run_build(tmp / "warm", tmp / "cache", args.sources)
        print(f"input: {args.sources or 'shipped register'}")
        print(f"build cold (empty boundary cache): {cold[0]:6.1f} s   peak RSS {cold[1]:7.0f} MB   target ≤ 30 s, ≤ 2048 MB")
        print(f"build warm:                        {warm[0]:6.1f} s   peak RSS {warm[1]:7.0f} MB   target ≤ 5 s")
        for page in sorted((tmp / "warm").rglob("*.html")):
            size = page.stat().st_size
            print(f"page {page.relative_to(tmp / 'warm')}: {size:,} bytes ({size / 1e6:.2f} MB)   target ≤ 3 MB")


if __name__ == "__main__":
    main()
