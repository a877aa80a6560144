"""Integration: the 2nd-batch register built from ../shared/seeds."""

from pathlib import Path

import pandas as pd
import shapely

import pytest

from atlas.places.gazetteer import GEODATA

EXPECTED = Path(__file__).with_name("expected") / "batch2_pilots.csv"


def _document_pilots(frame):
    """Pilots the seed documents list (the build also merges geodata/batches.csv)."""
    return frame[(frame["role"] == "pilot") & frame["sources"].str.contains("001_caf814f1c39d1a4b.txt", regex=False)]


def test_all_59_toc_localities_with_current_adcodes(seed_build):
    _, report = seed_build
    frame = _document_pilots(report.register)
    expected = pd.read_csv(EXPECTED, dtype=str)
    assert len(frame) == 59
    assert frame["status"].eq("resolved").all()
    got = frame.set_index("name")[["adcode", "precision"]]
    assert got.loc[expected["name"], "adcode"].tolist() == expected["adcode"].tolist()
    assert got.loc[expected["name"], "precision"].tolist() == expected["precision"].tolist()
    assert set(frame["batch"]) == {2} and set(frame["batches"]) == {"2"}
    assert frame["sources"].str.contains("batches.csv:", regex=False).all()  # each also in the batch list


def test_every_point_inside_its_claimed_units(seed_build, layers):
    out, report = seed_build
    table = pd.read_csv(out / "data" / "register.csv", dtype=str)
    located = table[table["status"] == "resolved"]
    assert located["inside_claimed"].eq("True").all()
    assert (table["status"] != "resolved").sum() == 0  # 湖南湘潭: the prefecture over its namesake county
    assert not (report.quality["kind"] == "outside_claimed_unit").any()
    county = layers["county"].set_index("adcode")
    for row in located.itertuples():
        target = row.adcode if row.precision == "county" else None
        if target:
            assert county.geometry[target].contains(shapely.Point(float(row.lon), float(row.lat)))


def test_sources_cite_toc_and_header_lines(seed_build):
    frame = seed_build[1].register
    row = frame.set_index("name").loc["浦东新区(临港地区)"]
    listed = (GEODATA / "batches.csv").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(listed, start=1) if text.startswith("2,上海市浦东新区（临港地区）,"))
    assert row["sources"] == f"001_caf814f1c39d1a4b.txt:28;001_caf814f1c39d1a4b.txt:1095;batches.csv:{line}"
    pilots = _document_pilots(frame)
    assert pilots["sources"].str.fullmatch(r"(001_caf814f1c39d1a4b\.txt:\d+;)+batches\.csv:\d+").all()
    assert frame["sources"].str.fullmatch(r"(\d{3}_[0-9a-f]{16}\.txt:\d+;?)*(batches\.csv:\d+)?").all()


def test_levels_then_and_now(seed_build):
    frame = _document_pilots(seed_build[1].register).set_index("name")
    assert frame.loc["章丘市", ["level_as_written", "level", "canonical_name"]].tolist() == ["county_city", "district", "章丘区"]
    assert frame.loc["平果县", ["level_as_written", "level"]].tolist() == ["county", "county_city"]
    assert frame.loc["红河州", "canonical_name"] == "红河哈尼族彝族自治州"


@pytest.mark.parametrize("name", ["register.csv", "mentions.csv", "facts.csv", "quality.csv", "documents.csv"])
def test_shipped_tables_are_what_the_extractor_derives(seed_build, name):
    derived = (seed_build[0] / "derived" / name).read_text(encoding="utf-8")
    assert derived == (GEODATA / name).read_text(encoding="utf-8"), \
        f"geodata/{name} is stale: run python build_maps.py --sources ../shared/seeds --save-derived geodata"


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*")
                  if p.is_file() and "derived" not in p.parts and p.name != ".pilot-atlas-build.json")


def test_default_build_equals_seed_build(seed_build, default_build):
    seed, default = seed_build[0], default_build[0]
    assert _files(seed) == _files(default)
    for rel in _files(seed):
        if rel.as_posix() != "data/facts.csv":
            assert (seed / rel).read_bytes() == (default / rel).read_bytes(), rel
    seed_facts = pd.read_csv(seed_build[0] / "data" / "facts.csv", dtype=str).drop(columns="raw")
    default_facts = pd.read_csv(default_build[0] / "data" / "facts.csv", dtype=str).drop(columns="raw")
    pd.testing.assert_frame_equal(seed_facts, default_facts)  # the shipped facts carry no document text
