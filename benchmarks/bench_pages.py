"""Page benchmark alone: every map page's bytes and draw time in headless Chromium, against explore().

    python benchmarks/bench_pages.py [--out BUILT_FOLDER] [--before OTHER_BUILT_FOLDER] [--loads 5]

Without ``--out`` the atlas is built (default register) into a temporary
folder first. ``--before`` times the same pages of another build (e.g. one
made by an older commit) in alternating order, so that both see the same
machine load. The anchors are ``GeoDataFrame.explore()`` of the overview's
three boundary layers, simplified as the pages draw them and at full
resolution (see bench_build.py, whose timing this reuses).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_build import explore_page, time_pages

ROOT = Path(__file__).resolve().parents[1]


def map_pages(folder: Path) -> list[Path]:
    """The atlas's map pages (maps/*.html), then the region sheets."""
    return sorted((folder / "maps").glob("*.html")) + sorted((folder / "regions").glob("region-*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="a built atlas (default: build one)")
    parser.add_argument("--before", type=Path, help="another built atlas to compare with, page by page")
    parser.add_argument("--loads", type=int, default=5, help="loads per page (the median is reported)")
    parser.add_argument("--no-explore", action="store_true", help="skip the explore() anchors")
    parser.add_argument("--only", nargs="+", default=[], help="time only pages whose path contains one of these")
    parser.add_argument("--no-full", action="store_true", help="skip explore() of full-resolution polygons (huge)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = args.out
        if out is None:
            out = tmp / "out"
            subprocess.run([sys.executable, str(ROOT / "build_maps.py"), "--out", str(out)], check=True,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.DEVNULL)
        ours = [p for p in map_pages(out) if not args.only or any(part in str(p) for part in args.only)]
        theirs = [args.before / p.relative_to(out) for p in ours] if args.before else []
        timed: dict[Path, tuple[int, list[float]]] = {}
        for round_ in range(args.loads):  # one load of every page per round, the two builds alternating
            pairs = list(zip(theirs, ours)) if theirs else [(p,) for p in ours]
            order = [p for pair in pairs for p in (pair if round_ % 2 else pair[::-1])]
            for path, size, seconds in time_pages(order, loads=1):
                timed.setdefault(path, (size, []))[1].append(seconds)
        anchors = []
        for simplified in () if args.no_explore else (True,) if args.no_full else (True, False):
            anchor = explore_page(tmp, simplified=simplified)
            try:
                for path, size, seconds in time_pages([anchor], loads=args.loads):
                    timed[path] = (size, [seconds])
                anchors.append(anchor)
            except Exception as error:  # the full-resolution page may not even load
                print(f"{anchor.name}: {anchor.stat().st_size:,} bytes, not drawn ({type(error).__name__})")
        median = {path: sorted(s)[len(s) // 2] for path, (_, s) in timed.items()}
        fastest = {path: min(s) for path, (_, s) in timed.items()}  # least disturbed by other work on the machine
        print(f"pages of {out}" + (f" vs {args.before}" if theirs else "")
              + f"; medians (and minima) of {args.loads} loads; load average {os.getloadavg()[0]:.1f}")
        for i, path in enumerate(ours):
            line = (f"  {str(path.relative_to(out)):34} {timed[path][0]:>11,} bytes  drawn in {median[path]:5.2f} s "
                    f"({fastest[path]:4.2f})")
            if theirs:
                before = theirs[i]
                line += (f"   before {timed[before][0]:>11,} bytes, {median[before]:5.2f} s ({fastest[before]:4.2f})"
                         f"  {timed[before][0] / timed[path][0]:.1f}× smaller")
            print(line)
        overview = out / "maps" / "overview.html"
        print(f"overview: {timed[overview][0] / 1e6:.2f} MB drawn in {median[overview]:.2f} s "
              f"(target ≤ 1.5 MB, ≤ 0.5 s)")
        for anchor in anchors:
            print(f"overview vs {anchor.stem}: {timed[anchor][0] / timed[overview][0]:.1f}× smaller "
                  f"({timed[anchor][0] / 1e6:.1f} MB), {median[anchor] / median[overview]:.1f}× faster to draw "
                  f"({median[anchor]:.2f} s)")


if __name__ == "__main__":
    main()
