"""Page benchmark alone: every map page's bytes and draw time in headless Chromium, against explore().

    python benchmarks/bench_pages.py [--out BUILT_FOLDER] [--before OTHER_BUILT_FOLDER] [--loads 5]

Without ``--out`` the atlas is built (default register) into a temporary
folder first. ``--before`` times the same pages of another build (e.g. one
made by an older commit) in alternating order, so that both see the same
machine load. The anchors are ``GeoDataFrame.explore()`` of the overview's
three boundary layers, simplified as the pages draw them and at full
resolution (Leaflet inlined in both).

Each load is timed from navigation to two frames after the load event,
network blocked, and also as the CPU time of the page's main thread
(Chromium's ``ThreadTime`` metric), which the other work on a shared machine
inflates far less than wall time. Each load opens a new tab and lets it
settle (``--settle`` seconds, untimed) before navigating: a new tab of
headless Chromium sets up its browser UI (the omnibox's WebUI renderer) for
about a second, which otherwise runs on the same cores as the page's load
(``--settle 0`` times it as well, as the first two rounds did).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's atlas (explore() anchors)


def explore_page(folder: Path, simplified: bool) -> Path:
    """The overview's boundary layers drawn by GeoDataFrame.explore, assets inlined (simplified or full resolution)."""
    from atlas.places import boundaries
    from atlas.publishing.maps.offline import OfflineFigure, render_page

    layers = boundaries.load_display() if simplified else boundaries.load()
    fmap = None
    for level in ("province", "prefecture", "county"):
        fmap = layers[level][["adcode", "name", "geometry"]].explore(m=fmap, name=level, tiles=None)
    figure = OfflineFigure()
    figure.add_child(fmap)
    path = folder / f"explore-{'simplified' if simplified else 'full'}.html"
    path.write_text(render_page(figure), encoding="utf-8")
    return path


def map_pages(folder: Path) -> list[Path]:
    """The atlas's map pages (maps/*.html), then the region sheets."""
    return sorted((folder / "maps").glob("*.html")) + sorted((folder / "regions").glob("region-*.html"))


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _offline(route) -> None:
    url = route.request.url
    route.continue_() if url.startswith(("file:", "data:")) else route.abort()


def load_once(browser, path: Path, settle: float = 1.0) -> tuple[float, float]:
    """Wall and main-thread CPU seconds of one load of a page, network blocked, until two frames after ``load``
    (in a new tab, left alone for ``settle`` seconds first)."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    time.sleep(settle)
    page.route("**/*", _offline)
    session = page.context.new_cdp_session(page)
    session.send("Performance.enable")
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.evaluate(TWO_FRAMES)
    wall = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    page.close()
    return wall, metrics.get("ThreadTime", float("nan"))


def time_pages(paths: list[Path], loads: int = 1,
               settle: float = 1.0) -> list[tuple[Path, int, list[tuple[float, float]]]]:
    """Bytes and :func:`load_once` figures of each load of each page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            return [(path, path.stat().st_size, [load_once(browser, path, settle) for _ in range(loads)])
                    for path in paths]
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="a built atlas (default: build one)")
    parser.add_argument("--before", type=Path, help="another built atlas to compare with, page by page")
    parser.add_argument("--loads", type=int, default=5, help="loads per page (the median is reported)")
    parser.add_argument("--no-explore", action="store_true", help="skip the explore() anchors")
    parser.add_argument("--only", nargs="+", default=[], help="time only pages whose path contains one of these")
    parser.add_argument("--no-full", action="store_true", help="skip explore() of full-resolution polygons (huge)")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds a new tab is left alone before the timed load (0: time its set-up too)")
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
        timed: dict[Path, tuple[int, list[tuple[float, float]]]] = {}
        for round_ in range(args.loads):  # one load of every page per round, the two builds alternating
            pairs = list(zip(theirs, ours)) if theirs else [(p,) for p in ours]
            order = [p for pair in pairs for p in (pair if round_ % 2 else pair[::-1])]
            for path, size, runs in time_pages(order, loads=1, settle=args.settle):
                timed.setdefault(path, (size, []))[1].extend(runs)
        anchors = []
        for simplified in () if args.no_explore else (True,) if args.no_full else (True, False):
            anchor = explore_page(tmp, simplified=simplified)
            try:
                for path, size, runs in time_pages([anchor], loads=args.loads, settle=args.settle):
                    timed[path] = (size, runs)
                anchors.append(anchor)
            except Exception as error:  # the full-resolution page may not even load
                print(f"{anchor.name}: {anchor.stat().st_size:,} bytes, not drawn ({type(error).__name__})")

        def median(path: Path, i: int) -> float:
            values = sorted(run[i] for run in timed[path][1])
            return values[len(values) // 2]

        print(f"pages of {out}" + (f" vs {args.before}" if theirs else "")
              + f"; medians of {args.loads} loads (new tab settled {args.settle:g} s): wall s (main-thread CPU s); "
              f"load average {os.getloadavg()[0]:.1f}")
        for i, path in enumerate(ours):
            line = (f"  {str(path.relative_to(out)):34} {timed[path][0]:>11,} bytes  drawn in {median(path, 0):5.2f} s "
                    f"({median(path, 1):4.2f})")
            if theirs:
                before = theirs[i]
                line += (f"   before {timed[before][0]:>11,} bytes, {median(before, 0):5.2f} s ({median(before, 1):4.2f})"
                         f"  {timed[before][0] / timed[path][0]:.2f}× smaller")
            print(line)
        overview = out / "maps" / "overview.html"
        if overview in timed:
            print(f"overview: {timed[overview][0] / 1e6:.2f} MB drawn in {median(overview, 0):.2f} s, "
                  f"{median(overview, 1):.2f} s main-thread CPU (target ≤ 1.5 MB, ≤ 0.5 s)")
            for anchor in anchors:
                print(f"overview vs {anchor.stem}: {timed[anchor][0] / timed[overview][0]:.1f}× smaller "
                      f"({timed[anchor][0] / 1e6:.1f} MB), {median(anchor, 0) / median(overview, 0):.1f}× faster to draw "
                      f"({median(anchor, 0):.2f} s, {median(anchor, 1):.2f} s CPU)")


if __name__ == "__main__":
    main()
