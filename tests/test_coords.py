import numpy as np
import shapely

from atlas.places.coords import gcj02_to_wgs84, geometries_gcj02_to_wgs84, wgs84_to_gcj02


def test_round_trip_is_below_a_millimetre_over_china():
    rng = np.random.default_rng(0)
    lon = rng.uniform(73, 135, 200_000)
    lat = rng.uniform(18, 54, 200_000)
    back_lon, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert np.abs(back_lon - lon).max() < 1e-8
    assert np.abs(back_lat - lat).max() < 1e-8


def test_shift_in_beijing_is_a_few_hundred_metres_north_east():
    lon, lat = wgs84_to_gcj02(np.array([116.3975]), np.array([39.9087]))
    dx = (lon[0] - 116.3975) * 111_320 * np.cos(np.radians(39.9))
    dy = (lat[0] - 39.9087) * 110_540
    assert 100 < dx < 800 and 0 < dy < 400


def test_geometries_are_shifted_in_one_vectorised_pass():
    square = shapely.box(116.0, 39.0, 116.1, 39.1)
    shifted = geometries_gcj02_to_wgs84(np.array([square]))[0]
    assert shifted.is_valid
    assert shifted.bounds[0] < 116.0  # GCJ → WGS moves west in Beijing


def test_empty_input():
    lon, lat = gcj02_to_wgs84(np.array([]), np.array([]))
    assert lon.size == 0 and lat.size == 0


def test_bd09_and_gcj02_round_trips_are_below_a_metre():
    import numpy as np

    from atlas.places.coords import gcj02_to_bd09, to_wgs84, wgs84_to_gcj02

    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(75, 134, 2000), rng.uniform(18, 53, 2000)
    for datum, forward in (("gcj02", lambda x, y: wgs84_to_gcj02(x, y)),
                           ("bd09", lambda x, y: gcj02_to_bd09(*wgs84_to_gcj02(x, y)))):
        back_lon, back_lat = to_wgs84(*forward(lon, lat), datum)
        metres = np.hypot((back_lon - lon) * 111_000 * np.cos(np.radians(lat)), (back_lat - lat) * 111_000)
        assert metres.max() < 1.0, datum


def _micro_degree_vertices(n: int, seed: int) -> np.ndarray:
    """GCJ-02 vertices written to a micro-degree, as in the boundary files, each about three times over."""
    rng = np.random.default_rng(seed)
    xy = np.round(np.column_stack([rng.uniform(73, 135, n // 3), rng.uniform(18, 54, n // 3)]), 6)
    return xy[rng.integers(0, len(xy), n)]


def test_sliced_threaded_shift_gives_the_plain_shift_bit_for_bit():
    from atlas.places.coords import SHIFT_SLICE, gcj02_to_wgs84_xy, vertices_gcj02_to_wgs84

    xy = _micro_degree_vertices(3 * SHIFT_SLICE + 17, seed=3)  # several slices, a short last one
    plain = np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))
    assert np.array_equal(gcj02_to_wgs84_xy(xy), plain)
    assert np.array_equal(vertices_gcj02_to_wgs84(xy), plain)


def test_distinct_vertices_are_exact_or_refused():
    from atlas.places.coords import distinct_vertices, vertices_gcj02_to_wgs84

    xy = _micro_degree_vertices(3000, seed=5)
    distinct, codes = distinct_vertices(xy)
    assert len(distinct) < len(xy) and np.array_equal(distinct[codes], xy)
    finer = xy + np.array([[1e-9, 0.0]]) * (np.arange(len(xy)) % 2)[:, None]  # same micro-degree, other values
    assert distinct_vertices(finer) is None
    assert np.array_equal(vertices_gcj02_to_wgs84(finer), np.column_stack(gcj02_to_wgs84(finer[:, 0], finer[:, 1])))
    assert distinct_vertices(np.array([[np.nan, 1.0], [1e12, 1.0]])) is None
