"""Current names that script conversion would change although they are simplified stay as written."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from atlas.reading.script import to_simplified, to_simplified_many

ROOT = Path(__file__).resolve().parent.parent


def _kept() -> list[dict[str, str]]:
    with open(ROOT / "geodata" / "kept_names.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_kept_name_stays_in_simplified_and_in_traditional_lines():
    rows = _kept()
    assert {"乾县", "乾安县", "於潜镇"} <= {row["name"] for row in rows}
    for row in rows:
        name = row["name"]
        assert row["t2s"] != name  # listed because the converter alone would change it
        assert to_simplified(f"据报道，{name}的试点") == f"据报道，{name}的试点"
        assert to_simplified(f"據報導，{name}的試點") == f"据报导，{name}的试点"
        assert to_simplified_many([f"{name}。", "廣州市"]) == [f"{name}。", "广州市"]


def test_other_words_with_the_same_characters_are_still_converted():
    assert to_simplified("天氣乾燥") == "天气干燥"
    assert to_simplified_many(["乾燥", "乾县"]) == ["干燥", "乾县"]


def test_reader_finds_the_county_in_a_simplified_document(read_one):
    codes = set(read_one("陕西省乾县和吉林省乾安县列入本省试点名单。\n")["adcode"])
    assert {"610424", "220723"} <= codes


def test_geocode_command_resolves_them(tmp_path):
    from atlas.cli import main

    source, target = tmp_path / "names.csv", tmp_path / "out.csv"
    source.write_text("name\n乾县\n吉林省乾安县\n", encoding="utf-8")
    assert main(["geocode", str(source), "-o", str(target), "--name-col", "name", "--quiet"]) == 0
    with open(target, encoding="utf-8-sig", newline="") as handle:
        assert [row["adcode"] for row in csv.DictReader(handle)] == ["610424", "220723"]


@pytest.mark.usefixtures("gazetteer")
def test_table_is_what_the_script_makes():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_kept_names

    assert make_kept_names.main(["--check"]) == 0
