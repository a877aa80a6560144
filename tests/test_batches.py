"""geodata/batches.csv: every row cited, at a current adcode, its point inside its polygon."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from atlas.analysis.coverage import official_sizes
from atlas.places import batch_lists, register

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
KINDS = {"official", "official_repost", "news", "secondary"}


@pytest.fixture(scope="module")
def table():
    return batch_lists.read()


@pytest.fixture(scope="module")
def rows(table, gazetteer):
    """The table's rows as register rows (points from the gazetteer, as the build makes them)."""
    regions = register.regions()
    return register.to_frame([batch_lists.register_row(entry, line, gazetteer, regions)
                              for line, entry in enumerate(table.to_dict("records"), start=2)])


def test_every_row_cites_a_source(table):
    assert len(table) > 0
    assert table["source"].str.strip().ne("").all()
    for source in table["source"]:
        for part in source.split(" | "):
            assert part.startswith(("http://", "https://", "seeds/", "public code repository file")), part
    assert set(table["source_kind"]) <= KINDS
    news = table[table["source_kind"] == "news"]
    assert news["note"].str.contains("news").all()  # a row from a news item says so


def test_seed_citations_point_at_the_line_naming_the_pilot():
    if not SEEDS.is_dir():
        pytest.skip("seed documents not found")
    notes = pd.read_csv(ROOT / "scripts" / "batch_notes.csv", dtype=str, keep_default_na=False)
    cited = 0
    for row in notes.itertuples():
        for part in row.source.split(" | "):
            if part.startswith("seeds/"):
                doc, line = part.removeprefix("seeds/").rsplit(":", 1)
                text = (SEEDS / doc).read_text(encoding="utf-8").split("\n")[int(line) - 1]
                assert row.name_as_written in text, (part, row.name_as_written)
                cited += 1
    assert cited == 59  # the table of contents of the 2nd-batch work plans


def test_rows_resolve_to_current_adcodes(table, layers, gazetteer):
    current = set()
    for level in ("province", "prefecture", "county"):
        current |= set(layers[level]["adcode"])
    assert table["adcode_current"].isin(current).all(), table.loc[~table["adcode_current"].isin(current)]
    whole = table[table["scope"] != "part"]
    for row in whole.itertuples():
        assert gazetteer.find(row.adcode_current, row.canonical_name).name == row.canonical_name, row.name_as_written
    renamed = table.set_index("name_as_written")
    assert renamed.loc["天津市蓟县", ["canonical_name", "adcode_current"]].tolist() == ["蓟州区", "120119"]
    assert renamed.loc["河南省长垣县", ["canonical_name", "adcode_current"]].tolist() == ["长垣市", "410783"]
    assert renamed.loc["榆林市神木县", "adcode_current"] == "610881"
    # short forms written by the sources, located through locate_as
    assert renamed.loc["科左中旗", ["canonical_name", "adcode_current"]].tolist() == ["科尔沁左翼中旗", "150521"]
    assert renamed.loc["三都县", ["canonical_name", "adcode_current"]].tolist() == ["三都水族自治县", "522732"]
    assert renamed.loc["荔浦县", ["canonical_name", "adcode_current"]].tolist() == ["荔浦市", "450381"]  # 县 → 市 (2018)
    assert renamed.loc["大理市", "level"] == "county_city"  # the county-level city, not 大理白族自治州
    assert renamed.loc["六景镇", ["level", "code"]].tolist() == ["town", "450181108"]  # a town, placed in its county


def _level_of(adcode: str) -> str:
    return "province" if adcode.endswith("0000") else "prefecture" if adcode.endswith("00") else "county"


def test_points_lie_inside_their_polygons(rows):
    import atlas

    joined = atlas.join(rows[["name", "lon", "lat"]])
    assert joined["join_status"].eq("joined").all()
    for row, got in zip(rows.itertuples(), joined.itertuples()):
        level = {"province": "province", "prefecture": "prefecture", "county": "county", "town": "county",
                 "zone": _level_of(row.adcode)}[row.precision]  # a zone lies in the unit holding all it spans
        assert getattr(got, f"{level}_adcode") == row.adcode, (row.name, level)


def test_one_row_per_batch_and_place_and_no_more_than_official(table):
    keys = table[["batch", "adcode_current", "canonical_name"]]
    assert not keys.duplicated().any()
    sizes = official_sizes().set_index("batch")["official_size"]
    counts = table["batch"].astype(int).value_counts()
    for batch, count in counts.items():
        assert count <= sizes[batch], batch
    assert counts[2] == 73  # 59 + the 14 land-reform pilots: the 2nd batch is complete
    assert counts[1] >= 38 and counts[3] >= 18  # what the cited notes name today; a lost row fails here


def test_table_is_what_the_script_makes_from_the_notes():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_batches

    assert make_batches.main(["--check"]) == 0


def test_official_sizes_cite_their_sources():
    sizes = official_sizes()
    assert sizes["batch"].tolist() == [1, 2, 3]
    assert sizes["source"].str.startswith("http").all()
    assert sizes["official_size"].tolist() == [64, 73, 111]
    assert sizes.loc[sizes["batch"] == 2, "notice"].item() == "发改规划〔2015〕2665号"
    # the 2016 news counts 246 cities (towns) in all: batch 1 without its two provinces
    assert (sizes["official_size"].sum() - 2) == 246
