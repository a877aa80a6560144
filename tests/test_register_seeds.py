"""Integration: the 2nd-batch register built from ../shared/seeds."""

from pathlib import Path

import pandas as pd
import shapely

from atlas import register

EXPECTED = Path(__file__).with_name("expected") / "batch2_pilots.csv"


def test_all_59_toc_localities_with_current_adcodes(seed_build):
    _, report = seed_build
    frame = report.register
    expected = pd.read_csv(EXPECTED, dtype=str)
    assert len(frame) == 59
    assert frame["status"].eq("resolved").all()
    got = frame.set_index("name")[["adcode", "precision"]]
    assert got.loc[expected["name"], "adcode"].tolist() == expected["adcode"].tolist()
    assert got.loc[expected["name"], "precision"].tolist() == expected["precision"].tolist()
    assert set(frame["batch"]) == {2}


def test_every_point_inside_its_claimed_units(seed_build, layers):
    out, report = seed_build
    table = pd.read_csv(out / "data" / "register.csv", dtype=str)
    assert table["inside_claimed"].eq("True").all()
    assert not (report.quality["kind"] == "outside_claimed_unit").any()
    county = layers["county"].set_index("adcode")
    for row in table.itertuples():
        target = row.adcode if row.precision == "county" else None
        if target:
            assert county.geometry[target].contains(shapely.Point(float(row.lon), float(row.lat)))


def test_sources_cite_toc_and_header_lines(seed_build):
    frame = seed_build[1].register
    row = frame.set_index("name").loc["浦东新区(临港地区)"]
    assert row["sources"] == "001_caf814f1c39d1a4b.txt:28;001_caf814f1c39d1a4b.txt:1095"
    assert frame["sources"].str.fullmatch(r"(001_caf814f1c39d1a4b\.txt:\d+;?)+").all()


def test_levels_then_and_now(seed_build):
    frame = seed_build[1].register.set_index("name")
    assert frame.loc["章丘市", ["level_as_written", "level", "canonical_name"]].tolist() == ["county_city", "district", "章丘区"]
    assert frame.loc["平果县", ["level_as_written", "level"]].tolist() == ["county", "county_city"]
    assert frame.loc["红河州", "canonical_name"] == "红河哈尼族彝族自治州"


def test_shipped_register_is_what_the_extractor_derives(seed_build):
    out, _ = seed_build
    derived = (out / "derived_register.csv").read_text(encoding="utf-8")
    assert derived == register.SHIPPED.read_text(encoding="utf-8"), \
        "geodata/register.csv is stale: run python build_maps.py --sources ../shared/seeds --save-register geodata/register.csv"


def test_default_build_equals_seed_build(seed_build, default_build):
    for rel in ["data/register.csv", "data/register.geojson", "data/quality.csv", "maps/overview.html", "index.html"]:
        assert (seed_build[0] / rel).read_bytes() == (default_build[0] / rel).read_bytes(), rel
