"""Point-in-polygon: random points in China → province, prefecture and county.

Run: ``.venv/bin/python benchmarks/bench_join.py [--sizes 100000 1000000] [--parquet 1000000 10000000] [--rounds 3]``

Contenders, each in its own process, in alternating order, median of the rounds:

* ``pilot-atlas``: :class:`atlas.places.county_index.GridCountyIndex` (the cached
  lookup grid over the full-resolution county polygons; points in cells a
  border crosses tested exactly; prefecture and province from the county's
  codes);
* ``pilot-atlas (tree)``: :class:`atlas.places.county_index.CountyIndex` (one
  STR-tree query with the prepared county polygons), the plain path the grid
  must agree with;
* ``geopandas.sjoin``: ``sjoin`` of the points with the same counties
  (``predicate="within"``), then the prefecture and province by code — the
  same three levels a user would get.

Set-up (imports, loading the boundaries, building the index; for the grid,
reading it from the cache) is timed apart from the join, and the grid's
one-time build (on first use, then cached) is timed on its own. With
``--parquet N …``, N points are written to a Parquet file and joined by
``pilot-atlas join`` in chunks: wall, CPU and peak memory. With ``--before
CHECKOUT`` (another copy of the project, e.g. ``git archive main | tar -x -C
/tmp/main``), its ``pilot-atlas join`` runs too, alternating with this one,
and the two output files are compared value by value (the figure is printed
only if they agree). Use ``--sizes 0`` to run only the Parquet joins.
Targets (issue 13): 1 M points ≤ 1 s; 10 M from Parquet ≤ 15 s with flat memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, child, compare, emit, process_tree_run, summary, timed  # noqa: E402

CONTENDERS = ["pilot-atlas", "pilot-atlas (tree)", "geopandas.sjoin"]


def random_points(n: int, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform random points over China's bounding box (the same every run)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(73.5, 135.0, n), rng.uniform(18.0, 53.5, n)


def run_contender(label: str, n: int) -> None:
    """Set-up and one join of ``n`` points in this process (emitted as JSON)."""
    lon, lat = random_points(n)
    if label.startswith("pilot-atlas"):
        def setup():
            from atlas.places import boundaries
            from atlas.places.county_index import CountyIndex, GridCountyIndex

            return (GridCountyIndex if label == "pilot-atlas" else CountyIndex)(boundaries.load())

        setup_s, setup_cpu, index = timed(setup)
        seconds, cpu, (attrs, hits) = timed(lambda: index.lookup(lon, lat, np.ones(n, dtype=bool)))
        counties = attrs["county_adcode"]
    else:
        def setup():
            import geopandas as gpd

            from atlas.places import boundaries

            return gpd, boundaries.load()["county"][["adcode", "prefecture_adcode", "province_adcode", "geometry"]]

        setup_s, setup_cpu, (gpd, layer) = timed(setup)

        def run():
            points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
            joined = gpd.sjoin(points, layer, how="left", predicate="within")
            return joined[~joined.index.duplicated()]  # one row per point, as ours

        seconds, cpu, joined = timed(run)
        counties = joined["adcode"]
    emit(setup=setup_s, setup_cpu=setup_cpu, seconds=seconds, cpu=cpu, inside=int(counties.notna().sum()))


def grid_build() -> None:
    """The lookup grid's one-time build (what the first join after a boundary update pays), emitted as JSON."""
    from atlas.places import boundaries
    from atlas.places.countygrid import CountyGrid
    from atlas.places.county_index import CountyIndex

    polygons = np.asarray(CountyIndex(boundaries.load()).geoms.values, dtype=object)
    seconds, cpu, grid = timed(lambda: CountyGrid.build(polygons))
    crossed = len(grid.crossed)
    emit(seconds=seconds, cpu=cpu, cells=int(grid.cells.size), crossed=crossed)


def parquet_run(n: int, folder: Path, checkout: Path | None = None) -> dict:
    """``pilot-atlas join`` of ``n`` points from a Parquet file (with the code of ``checkout``, else this one's):
    wall, CPU and peak memory, and the output file."""
    source = folder / f"points-{n}.parquet"
    if not source.exists():  # made in a child: a child's peak memory counts its parent's at the fork
        subprocess.run([sys.executable, __file__, "--points", str(n), str(source)], check=True)
    target = folder / f"joined-{'before' if checkout else 'now'}.parquet"
    args = ["join", str(source), "-o", str(target), "-q"]
    code = (f"import sys; sys.path.insert(0, {str(checkout or ROOT)!r}); from atlas.cli import main; "
            f"sys.exit(main({args!r}))")
    return {**process_tree_run([sys.executable, "-c", code]), "output": target}


def write_points(n: int, path: Path) -> None:
    """``n`` random points (id, lon, lat) to a Parquet file."""
    import pandas as pd

    lon, lat = random_points(n, seed=7)
    pd.DataFrame({"id": np.arange(n), "lon": lon, "lat": lat}).to_parquet(path, index=False)


def same_values(a: Path, b: Path) -> bool:
    """True when two Parquet files hold the same columns, types and values."""
    import pyarrow.parquet as pq

    return pq.read_table(a).equals(pq.read_table(b))


def parquet_rounds(sizes: list[int], rounds: int, before: Path | None) -> None:
    """The Parquet joins: each size ``rounds`` times (alternating with ``before``), medians printed."""
    labels = ["now", "before"] if before else ["now"]
    peaks = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            runs = compare(labels, lambda label: parquet_run(n, Path(tmp), before if label == "before" else None),
                           rounds)
            agree = before is None or same_values(runs["now"][-1]["output"], runs["before"][-1]["output"])
        if not agree:
            raise SystemExit(f"{n:,} points: the output differs from {before}'s")
        target = " · target ≤ 15 s, flat memory" if n == 10_000_000 else ""
        print(f"{n:>10,} points from Parquet to Parquet (pilot-atlas join, chunks of 250,000; median of {rounds}){target}")
        for label in labels:
            wall, cpu, peak = (summary(runs[label], key) for key in ("wall", "cpu", "peak_mb"))
            peaks.setdefault(label, []).append(peak)
            name = "this checkout" if label == "now" else f"before ({before})"
            ratio = "" if label == "before" or not before else \
                f" · {summary(runs['before'], 'cpu') / cpu:.2f}× as fast as before in CPU (same values)"
            print(f"    {name:<36} {wall:6.1f} s wall, {cpu:6.1f} s CPU, peak {peak:.0f} MB{ratio}")
    if len(sizes) > 1:
        for label in labels:
            print(f"    peak memory {'now' if label == 'now' else 'before'} from {sizes[0]:,} to {sizes[-1]:,} points: "
                  + " → ".join(f"{p:.0f}" for p in peaks[label]) + " MB")


def grid_builds(rounds: int) -> None:
    """The lookup grid's one-time build, ``rounds`` times, medians printed."""
    builds = [child(Path(__file__), "--grid-build") for _ in range(rounds)]
    print(f"lookup grid build (once per boundary data, then cached): {summary(builds, 'seconds'):.2f} s wall, "
          f"{summary(builds, 'cpu'):.2f} s CPU, peak {summary(builds, 'peak_mb'):.0f} MB; "
          f"{builds[-1]['crossed']:,} of {builds[-1]['cells']:,} cells crossed by a border")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="points for the in-memory runs (0: none)")
    parser.add_argument("--parquet", type=int, nargs="+", default=[1_000_000, 10_000_000],
                        help="points for the Parquet runs (0: none)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout whose pilot-atlas join the Parquet runs compare with")
    parser.add_argument("--no-grid-build", action="store_true", help="skip timing the lookup grid's one-time build")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--grid-build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--points", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.points:
        return write_points(int(args.points[0]), Path(args.points[1]))
    if args.child:
        return run_contender(args.child[0], int(args.child[1]))
    if args.grid_build:
        return grid_build()
    if not args.no_grid_build:
        grid_builds(args.rounds)
    sizes = [size for size in args.sizes if size]
    if sizes:
        child(Path(__file__), "--child", CONTENDERS[0], "1")  # the grid is in the cache before the rounds start
    anchor = CONTENDERS[-1]
    for n in sizes:
        runs = compare(CONTENDERS, lambda label: child(Path(__file__), "--child", label, str(n)), args.rounds)
        base_wall, base_cpu = summary(runs[anchor], "seconds"), summary(runs[anchor], "cpu")
        inside = {c: runs[c][-1]["inside"] for c in CONTENDERS}
        print(f"{n:>10,} points → 3 levels (median of {args.rounds}; in a county: "
              + " / ".join(f"{inside[c]:,}" for c in CONTENDERS) + ")"
              + (" · target ≤ 1 s" if n == 1_000_000 else ""))
        for c in CONTENDERS:
            wall, cpu = summary(runs[c], "seconds"), summary(runs[c], "cpu")
            setup = f"set-up {summary(runs[c], 'setup'):.2f} s wall, {summary(runs[c], 'setup_cpu'):.2f} s CPU"
            print(f"    {c + (' + parents' if c == anchor else ''):<26} {wall:6.2f} s wall, {cpu:6.2f} s CPU"
                  f" ({setup}, peak {summary(runs[c], 'peak_mb'):.0f} MB)"
                  + ("" if c == anchor else f" · {base_wall / wall:.2f}× the anchor's wall, {base_cpu / cpu:.2f}× its CPU"))
    parquet_rounds([size for size in args.parquet if size], args.rounds, args.before)


if __name__ == "__main__":
    main()
