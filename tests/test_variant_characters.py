"""Rare variant forms of place names' characters are read as the standard characters (our own wording)."""

from __future__ import annotations

import csv
from pathlib import Path

import opencc

from atlas.reading.script import standard_characters, to_simplified, to_simplified_many

ROOT = Path(__file__).resolve().parent.parent


def _rows() -> list[dict[str, str]]:
    with open(ROOT / "geodata" / "variant_characters.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_maps_a_character_no_name_holds_to_one_that_names_hold(gazetteer):
    in_names = set("".join(gazetteer.names))
    converter = opencc.OpenCC("t2s")
    rows = _rows()
    assert len(rows) > 100 and {("瑯", "琅"), ("峩", "峨")} <= {(r["variant"], r["standard"]) for r in rows}
    for row in rows:
        assert len(row["variant"]) == len(row["standard"]) == 1
        assert row["variant"] not in in_names and row["standard"] in in_names
        assert converter.convert(row["variant"]) == row["variant"]  # the converter leaves it
        assert row["field"] in ("kSemanticVariant", "kZVariant") and "Unihan" in row["source"]
    assert not {"予", "著", "愈", "她"} & {r["variant"] for r in rows}  # characters of their own


def test_variants_are_read_as_standard_characters_in_place():
    assert standard_characters("安徽滁州瑯琊區") == "安徽滁州琅琊區"
    assert to_simplified("滁州市瑯琊區") == "滁州市琅琊区"
    assert to_simplified_many(["峩眉山市", "给予支持"]) == ["峨眉山市", "给予支持"]


def test_reader_finds_a_district_written_with_a_variant(read_one):
    mentions = read_one("安徽省滁州市瑯琊区列入名单。\n")
    assert list(mentions["adcode"]) == ["341102"] and list(mentions["name"]) == ["安徽省滁州市瑯琊区"]
