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
