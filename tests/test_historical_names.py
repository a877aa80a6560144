"""The generated table of historical names (scripts/make_historical_names.py); no network."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

TABLE = Path(__file__).resolve().parent.parent / "geodata" / "historical_names.csv"
COLUMNS = ["old_name", "province_adcode", "old_adcode", "adcode", "new_name", "year", "change", "source"]
EXAMPLES = [
    ("偃师市", "410307"), ("襄樊市", "420600"), ("思茅市", "530800"), ("蓟县", "120119"),
    ("滦县", "130284"), ("海门市", "320614"), ("监利县", "421088"), ("龙港镇", "330383"),
    ("长垣县", "410783"), ("神木县", "610881"), ("章丘市", "370114"), ("遵义县", "520304"),
]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(TABLE, dtype=str, keep_default_na=False)


def test_columns(table):
    assert list(table.columns) == COLUMNS
    assert len(table) > 1000


def test_codes_and_years(table):
    assert table.adcode.str.fullmatch(r"\d{6}").all()
    assert (table.province_adcode == table.adcode.str[:2] + "0000").all()
    assert table.old_adcode.str.fullmatch(r"(\d{6})?").all()
    assert table.year.str.fullmatch(r"(19[89]\d|20[0-2]\d)").all()


@pytest.mark.parametrize("old_name, adcode", EXAMPLES)
def test_examples(table, old_name, adcode):
    assert adcode in set(table.loc[table.old_name == old_name, "adcode"])


def test_one_row_per_old_name_and_unit(table):
    assert not table.duplicated(["old_name", "adcode"]).any()


def test_old_name_differs_from_new_name(table):
    # Only the hand-kept recodes (same name, new code: 公主岭市, 简阳市) may repeat the name.
    same = table[table.old_name == table.new_name]
    assert same.change.str.startswith("hand-kept").all()
    assert ((same.old_adcode != "") & (same.old_adcode != same.adcode)).all()


def test_every_row_has_a_source(table):
    assert (table.source.str.strip() != "").all()
    assert (table.change.str.strip() != "").all()


def test_sorted_as_the_script_sorts(table):
    keys = list(zip(table.adcode, table.year, table.old_name))
    assert keys == sorted(keys)


def test_a_county_whose_city_a_new_prefecture_took_the_name_of_is_that_city_s_district_today(table):
    # 毕节县 became the county-level 毕节市 (1993), whose land is 七星关区 since 2011, when 毕节地区 took
    # the name 毕节市: not the prefecture
    assert set(table.loc[table.old_name == "毕节县", "adcode"]) == {"520502"}
    assert set(table.loc[table.old_name == "锡山市", "adcode"]) == {"320200"}  # no new prefecture: 无锡市


def test_names_taken_over_by_a_prefecture():
    taken = pd.read_csv(TABLE.parent / "names_taken_over.csv", dtype=str, keep_default_na=False)
    row = taken.loc[taken.old_name == "毕节市"].iloc[0]
    assert (row.adcode, row.taken_by, row.year) == ("520502", "520500", "2011")
    assert (taken.adcode.str[:4] + "00" == taken.taken_by).all()  # the city's land lies in the prefecture
    assert not set(taken.old_name) & set(pd.read_csv(TABLE, dtype=str).old_name)
