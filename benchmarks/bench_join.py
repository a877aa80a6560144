"""Point-in-polygon: random points in China joined to full-resolution counties.

Run: ``.venv/bin/python benchmarks/bench_join.py [--sizes 10000 100000 1000000]``

Prints, for each size, the time of Pilot Atlas's county index (one STR-tree
query at county level gives all three levels) and of ``geopandas.sjoin``
against the same counties, and how many points landed in a county.
Target (issue 5): 1M points ≤ 5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np

from atlas.places import boundaries
from atlas.places.usertables import CountyIndex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    layers = boundaries.load()
    start = time.perf_counter()
    index = CountyIndex(layers)
    print(f"county index built in {time.perf_counter() - start:.2f} s ({len(layers['county'])} counties, full resolution)")
    rng = np.random.default_rng(42)
    counties = layers["county"][["adcode", "geometry"]]
    for n in args.sizes:
        lon = rng.uniform(73.5, 135.0, n)
        lat = rng.uniform(18.0, 53.5, n)
        start = time.perf_counter()
        attrs, hits = index.lookup(lon, lat, np.ones(n, dtype=bool))
        ours = time.perf_counter() - start
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        start = time.perf_counter()
        joined = gpd.sjoin(points, counties, how="left", predicate="within")
        theirs = time.perf_counter() - start
        inside = int((hits > 0).sum())
        print(f"{n:>9,} points: pilot-atlas {ours:6.2f} s · geopandas.sjoin {theirs:6.2f} s "
              f"(ratio {theirs / ours:4.1f}×) · {inside:,} in a county, "
              f"{int((hits > 1).sum()):,} in two (overlapping units) · sjoin rows {len(joined):,}")


if __name__ == "__main__":
    main()
