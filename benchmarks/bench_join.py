"""Point-in-polygon: random points in China → province, prefecture and county.

Run: ``.venv/bin/python benchmarks/bench_join.py [--sizes 100000 1000000] [--parquet 10000000] [--rounds 3]``

Contenders, each in its own process, in alternating order, median of the rounds:

* ``pilot-atlas``: :class:`atlas.places.usertables.CountyIndex` (one query on
  full-resolution county polygons; prefecture and province from the county's
  codes);
* ``geopandas.sjoin``: ``sjoin`` of the points with the same counties
  (``predicate="within"``), then the prefecture and province by code — the
  same three levels a user would get.

Set-up (imports, loading the boundaries, building the index) is timed apart
from the join. With ``--parquet N``, N points are written to a Parquet file
and joined by ``pilot-atlas join`` in chunks: wall, CPU and peak memory.
Targets (issue 13): 1 M points ≤ 1 s; 10 M from Parquet ≤ 15 s with flat memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import child, compare, emit, process_tree_run, summary, timed  # noqa: E402

CONTENDERS = ["pilot-atlas", "geopandas.sjoin"]


def random_points(n: int, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform random points over China's bounding box (the same every run)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(73.5, 135.0, n), rng.uniform(18.0, 53.5, n)


def run_contender(label: str, n: int) -> None:
    """Set-up and one join of ``n`` points in this process (emitted as JSON)."""
    lon, lat = random_points(n)
    if label == "pilot-atlas":
        def setup():
            from atlas.places import boundaries
            from atlas.places.usertables import CountyIndex

            return CountyIndex(boundaries.load())

        setup_s, _, index = timed(setup)
        seconds, cpu, (attrs, hits) = timed(lambda: index.lookup(lon, lat, np.ones(n, dtype=bool)))
        counties = attrs["county_adcode"]
    else:
        def setup():
            import geopandas as gpd

            from atlas.places import boundaries

            return gpd, boundaries.load()["county"][["adcode", "prefecture_adcode", "province_adcode", "geometry"]]

        setup_s, _, (gpd, layer) = timed(setup)

        def run():
            points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
            joined = gpd.sjoin(points, layer, how="left", predicate="within")
            return joined[~joined.index.duplicated()]  # one row per point, as ours

        seconds, cpu, joined = timed(run)
        counties = joined["adcode"]
    emit(setup=setup_s, seconds=seconds, cpu=cpu, inside=int(counties.notna().sum()))


def parquet_run(n: int, folder: Path) -> dict:
    """``pilot-atlas join`` of ``n`` points from a Parquet file: wall, CPU and peak memory."""
    import pandas as pd

    source = folder / f"points-{n}.parquet"
    if not source.exists():
        lon, lat = random_points(n, seed=7)
        pd.DataFrame({"id": np.arange(n), "lon": lon, "lat": lat}).to_parquet(source, index=False)
    return process_tree_run([sys.executable, "-m", "atlas.cli", "join", str(source), "-o",
                             str(folder / "joined.parquet"), "-q"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--parquet", type=int, default=10_000_000, help="points for the Parquet run (0: none)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_contender(args.child[0], int(args.child[1]))
    for n in args.sizes:
        runs = compare(CONTENDERS, lambda label: child(Path(__file__), "--child", label, str(n)), args.rounds)
        ours, theirs = (summary(runs[c], "seconds") for c in CONTENDERS)
        ours_cpu, theirs_cpu = (summary(runs[c], "cpu") for c in CONTENDERS)
        inside = {c: runs[c][-1]["inside"] for c in CONTENDERS}
        print(f"{n:>10,} points → 3 levels: pilot-atlas {ours:6.2f} s (set-up {summary(runs[CONTENDERS[0]], 'setup'):.2f} s, "
              f"peak {summary(runs[CONTENDERS[0]], 'peak_mb'):.0f} MB) · geopandas.sjoin + parents {theirs:6.2f} s "
              f"(set-up {summary(runs[CONTENDERS[1]], 'setup'):.2f} s, peak {summary(runs[CONTENDERS[1]], 'peak_mb'):.0f} MB)"
              f" · ratio {theirs / ours:.2f}× (CPU {ours_cpu:.2f} s against {theirs_cpu:.2f} s)"
              f" · in a county {inside['pilot-atlas']:,} / {inside['geopandas.sjoin']:,}"
              + (" · target ≤ 1 s" if n == 1_000_000 else ""))
    if args.parquet:
        with tempfile.TemporaryDirectory() as tmp:
            runs = [parquet_run(args.parquet, Path(tmp)) for _ in range(args.rounds)]
        print(f"{args.parquet:>10,} points from Parquet (pilot-atlas join, chunks of 250,000): "
              f"{summary(runs, 'wall'):.1f} s wall, {summary(runs, 'cpu'):.1f} s CPU, peak {summary(runs, 'peak_mb'):.0f} MB "
              f"(median of {len(runs)}; target ≤ 15 s, flat memory)")


if __name__ == "__main__":
    main()
