"""The gazetteer's disk cache gives back exactly the gazetteer that was built."""

from __future__ import annotations

import subprocess
import sys

from atlas.places import gazetteer_cache
from atlas.places.gazetteer_cache import from_blob, load_gazetteer, to_blob


def test_round_trip_is_the_same_gazetteer(gazetteer):
    back = from_blob(to_blob(gazetteer))
    assert back == gazetteer
    assert back.lookup("章丘市")[0].place == gazetteer.lookup("章丘市")[0].place
    # places shared between units and name forms stay one object, as built
    assert back.lookup("济南市")[0].place is back.units["370100"]


def test_built_once_then_read(tmp_path, monkeypatch, gazetteer):
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path))
    builds = []
    first = load_gazetteer(lambda: builds.append(1) or gazetteer)
    second = load_gazetteer(lambda: builds.append(1) or gazetteer)
    assert builds == [1] and first == second == gazetteer
    (file,) = tmp_path.glob("gazetteer-*.marshal")
    file.write_bytes(b"damaged")
    assert load_gazetteer(lambda: builds.append(1) or gazetteer) == gazetteer and builds == [1, 1]


def test_key_follows_the_curated_tables(tmp_path, monkeypatch):
    before = gazetteer_cache.cache_key()
    places = tmp_path / "places.csv"
    places.write_text("changed", encoding="utf-8")
    (tmp_path / "historical_names.csv").write_text("", encoding="utf-8")
    monkeypatch.setattr(gazetteer_cache, "GEODATA", tmp_path)
    assert gazetteer_cache.cache_key() != before


def test_geocode_command_needs_no_geometry_library(tmp_path):
    """A one-name geocode imports neither geopandas nor shapely nor pyarrow's parquet (start-up)."""
    load_gazetteer()  # the cache filled, as after any first run
    table = tmp_path / "one.csv"
    table.write_text("name\n章丘市\n", encoding="utf-8")
    code = ("import sys; from atlas.cli import main; "
            f"rc = main(['geocode', {str(table)!r}, '--name-col', 'name', '-o', {str(tmp_path / 'out.csv')!r}, '-q']); "
            "print(rc, sorted(m for m in ('geopandas', 'shapely', 'pyarrow.parquet', 'folium', 'matplotlib') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "0 []"
    assert "370114" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_code_stamp_is_that_of_the_code_as_first_read_even_if_the_file_changes_later(tmp_path, monkeypatch):
    from atlas.places import cache

    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    cache.code_stamp.cache_clear()
    (tmp_path / "module.py").write_text("x = 1\n", encoding="utf-8")
    try:
        first = cache.code_stamp("module.py")
        (tmp_path / "module.py").write_text("x = 2\n", encoding="utf-8")  # edited while the process runs
        assert cache.code_stamp("module.py") == first
        cache.code_stamp.cache_clear()  # a new process reads the new code
        assert cache.code_stamp("module.py") != first
    finally:
        cache.code_stamp.cache_clear()
