"""Users' points → province, prefecture and county: the answers of one chunk, as numbers first.

A chunk's answers are computed once as arrays of numbers: each point's county
(its row in the county index's table, whose parents come by adcode), whether
it is joined, and a reason code into a short list of reason texts. They then
become columns in one of two ways, with the same values:

* :meth:`JoinAnswers.frame`: a pandas frame (CSV and Excel output, the API, Dask);
* :meth:`JoinAnswers.arrow`: Arrow arrays (Parquet output), each column its few
  thousand distinct texts taken by index, so that no Python string is made per row.

Examples
--------
>>> from atlas.places import boundaries
>>> from atlas.places.county_index import CountyIndex
>>> index = CountyIndex(boundaries.load())
>>> written = pd.DataFrame({"lon": ["116.39", "0", "x"], "lat": ["39.91", "0", "30"]})
>>> answers = answer_points(index, pd.to_numeric(written["lon"], errors="coerce"),
...                         pd.to_numeric(written["lat"], errors="coerce"), lambda: (written["lon"], written["lat"]))
>>> answers.frame(index)[["county", "join_status", "join_reason"]].values.tolist()
[['东城区', 'joined', ''], [nan, 'not joined', 'outside China'], [nan, 'not joined', "not a number: lon='x', lat='30'"]]
>>> [column.to_pylist() for column in answers.arrow(answer_arrays(index))][1]
['东城区', None, None]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from atlas.places.coords import to_wgs84

if TYPE_CHECKING:
    import pyarrow as pa

    from atlas.places.county_index import CountyIndex

#: Longitude/latitude box that holds all of China (with its seas).
CHINA_BOX = (73.0, 3.0, 136.0, 54.0)
#: Columns a join adds, in this order (prefixed ``join_`` when the input has a column of one of these names).
ANSWER_COLUMNS = ["county_adcode", "county", "prefecture_adcode", "prefecture", "province_adcode", "province",
                  "join_status", "join_reason"]
#: The county's attributes among them (the columns of :attr:`CountyIndex.attrs`).
ATTRIBUTE_COLUMNS = ANSWER_COLUMNS[:6]
STATUSES = ("joined", "not joined")
#: Reason texts every chunk may use; reason code ``k`` is the ``k``-th (then several-county texts, then
#: one text per point that is not a number).
FIXED_REASONS = ("", "out of range (lon ±180, lat ±90)", "outside China", "in no county (sea or border gap)")
OUT_OF_RANGE, OUTSIDE, NO_COUNTY = 1, 2, 3


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """True for points in :data:`CHINA_BOX`."""
    return (lon >= CHINA_BOX[0]) & (lon <= CHINA_BOX[2]) & (lat >= CHINA_BOX[1]) & (lat <= CHINA_BOX[3])


@dataclass
class JoinAnswers:
    """One chunk's answers, point by point (see the module docstring).

    Attributes
    ----------
    county : numpy.ndarray
        Row of the index's ``attrs`` of each point's county; ``-1`` when none.
    joined : numpy.ndarray
        True where the point is joined.
    reason : numpy.ndarray
        Code of each point's reason: ``reasons[reason[i]]`` ('' when there is nothing to say).
    reasons : list of str
        The reason texts this chunk uses.
    usable : numpy.ndarray
        True where the point was looked up (a number, in range, in China's box).
    lon, lat : numpy.ndarray
        The coordinates looked up (WGS-84).
    outside, swapped_inside : int
        Points outside China or out of range, and how many of them lie in China with lon and lat swapped.
    """

    county: np.ndarray
    joined: np.ndarray
    reason: np.ndarray
    reasons: list[str]
    usable: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    outside: int
    swapped_inside: int

    def reason_texts(self, rows: np.ndarray) -> list[str]:
        """The reason texts of ``rows`` (positions or a mask)."""
        return np.asarray(self.reasons, dtype=object)[self.reason[rows]].tolist()

    def frame(self, index: CountyIndex) -> pd.DataFrame:
        """The answer columns (:data:`ANSWER_COLUMNS`) as a pandas frame with a default index."""
        out = index.attrs.reindex(self.county).reset_index(drop=True)
        out["join_status"] = np.where(self.joined, STATUSES[0], STATUSES[1])
        out["join_reason"] = np.asarray(self.reasons, dtype=object)[self.reason]
        return out

    def arrow(self, attributes: list[pa.Array]) -> list[pa.Array]:
        """The answer columns (:data:`ANSWER_COLUMNS`) as Arrow ``large_string`` arrays (missing county: null).

        ``attributes`` are :func:`answer_arrays` of the index that answered.
        """
        import pyarrow as pa

        county = pa.array(self.county, mask=self.county < 0)
        columns = [values.take(county) for values in attributes]
        columns.append(pa.array(STATUSES, pa.large_string()).take(pa.array((~self.joined).view(np.int8))))
        columns.append(pa.array(self.reasons, pa.large_string()).take(pa.array(self.reason)))
        return columns


def answer_arrays(index: CountyIndex) -> list[pa.Array]:
    """The index's county attributes (:data:`ATTRIBUTE_COLUMNS`) as Arrow arrays, for :meth:`JoinAnswers.arrow`."""
    import pyarrow as pa

    return [pa.Array.from_pandas(index.attrs[name]).cast(pa.large_string()) for name in ATTRIBUTE_COLUMNS]


def answer_points(index: CountyIndex, lon: np.ndarray, lat: np.ndarray,
                  raw: Callable[[], tuple[np.ndarray, np.ndarray]], datum: str = "wgs84") -> JoinAnswers:
    """The county, status and reason of each point.

    ``lon``/``lat`` are the coordinates as numbers (NaN where a value is not
    one), in ``datum`` (converted to WGS-84 first); ``raw()`` gives the values
    as written, called only when some are not numbers, to say which.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if datum != "wgs84":
        finite = np.isfinite(lon) & np.isfinite(lat)
        lon, lat = lon.copy(), lat.copy()
        lon[finite], lat[finite] = to_wgs84(lon[finite], lat[finite], datum)
    reason = np.zeros(len(lon), dtype=np.int32)
    not_number = np.isnan(lon) | np.isnan(lat)
    bad_range = ~not_number & ((np.abs(lon) > 180) | (np.abs(lat) > 90))
    outside = ~not_number & ~bad_range & ~in_china(lon, lat)
    reason[bad_range], reason[outside] = OUT_OF_RANGE, OUTSIDE
    usable = ~(not_number | bad_range | outside)
    far = (bad_range | outside) & np.isfinite(lon) & np.isfinite(lat)  # outside China or out of range

    county, hits = index.locate(lon, lat, usable)
    reason[usable & (hits == 0)] = NO_COUNTY
    reasons = list(FIXED_REASONS)
    several = usable & (hits > 1)
    if several.any():
        counts, which = np.unique(hits[several], return_inverse=True)
        reason[several] = len(reasons) + which
        reasons += [f"on a shared border or in overlapping units ({h} counties): the first by adcode" for h in counts]
    if not_number.any():
        raw_lon, raw_lat = raw()
        reason[not_number] = len(reasons) + np.arange(not_number.sum())
        reasons += [f"not a number: lon={a!r}, lat={b!r}" for a, b in
                    zip(np.asarray(raw_lon)[not_number], np.asarray(raw_lat)[not_number])]
    return JoinAnswers(county=county, joined=usable & (hits > 0), reason=reason, reasons=reasons, usable=usable,
                       lon=lon, lat=lat, outside=int(far.sum()),
                       swapped_inside=int(in_china(lat[far], lon[far]).sum()))
