"""The public API: every example in its docstrings runs, and the functions keep their promises."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest


def test_api_examples_run(layers):
    import atlas.api

    result = doctest.testmod(atlas.api, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10 and result.failed == 0


@pytest.mark.parametrize("module", ["atlas.places.coords", "atlas.places.gazetteer", "atlas.places.register",
                                    "atlas.reading.script", "atlas.reading.lists", "atlas.reading.notices",
                                    "atlas.reading.sources", "atlas.reading.formats.pdf", "atlas.reading.formats.word",
                                    "atlas.reading.formats.webpage", "atlas.places.mca_register",
                                    "atlas.places.usertables", "atlas.places.geocode_rows", "atlas.places.small_csv",
                                    "atlas.places.answer_index", "atlas.places.county_index",
                                    "atlas.places.point_join", "atlas.places.cache", "atlas.places.geocode",
                                    "atlas.reading.bare_towns", "atlas.reading.unlisted_towns",
                                    "atlas.reading.damaged_names", "atlas.reading.labelled_lists",
                                    "atlas.reading.platform_lists", "atlas.reading.words",
                                    "atlas.reading.confirmed"])
def test_module_examples_run(module):
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_top_level_functions():
    import atlas

    for name in atlas.__all__:
        assert callable(getattr(atlas, name))
    with pytest.raises(AttributeError):
        atlas.no_such_function  # noqa: B018


def test_geocode_takes_series_and_keeps_order(layers):
    import atlas

    names = pd.Series(["蓟县", "", "不存在的地方"], index=[10, 11, 12])
    found = atlas.geocode(names)
    assert found["status"].tolist() == ["resolved", "unresolved", "unresolved"]
    assert found.loc[0, "adcode"] == "120119" and found.geometry.iloc[1] is None
    with pytest.raises(ValueError):
        atlas.geocode(["a", "b"], province=["河北"])


def test_join_converts_web_map_datums(layers):
    import atlas
    from atlas.places.coords import gcj02_to_bd09, wgs84_to_gcj02

    lon, lat = wgs84_to_gcj02(116.3975, 39.9087)  # Tiananmen, as a Chinese web map gives it
    blon, blat = gcj02_to_bd09(lon, lat)
    table = pd.DataFrame({"lon": [float(lon)], "lat": [float(lat)]})
    assert atlas.join(table, crs="gcj02").loc[0, "county_adcode"] == "110101"
    assert atlas.join(pd.DataFrame({"lon": [float(blon)], "lat": [float(blat)]}), crs="bd09").loc[0, "county"] == "东城区"
    joined = atlas.join(table, levels=("province",))
    assert "county" not in joined and joined.loc[0, "province_adcode"] == "110000"


def test_explore_is_offline(layers):
    import atlas

    import re

    places = atlas.geocode(["宁波"]).assign(name="<b>x</b>")
    html = atlas.explore(places, tooltip="name").get_root().render()
    assert "&lt;b&gt;x" in html  # the name as escaped HTML (markers carry built HTML, see safe_json(markup=True))
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?:", html)  # assets inlined, nothing from a CDN
    assert "<b>x</b>" not in html
