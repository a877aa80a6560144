"""Layouts of place lists met in held-out texts: table rows, split names, labels.

Every fixture text here is our own wording, written for the rule it tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.reading.text import is_table_row


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "t.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def found(gazetteer):
    """(line, adcode) of every resolved mention in a one-file folder holding ``text``."""
    from atlas.reading.extraction import extract_folder

    def run(tmp_path: Path, text: str) -> set[tuple[int, str]]:
        mentions = extract_folder(_write(tmp_path, text), gazetteer).mentions
        mentions = mentions[mentions["status"] == "resolved"]
        return set(zip(mentions["line"].astype(int), mentions["adcode"]))

    return run


def test_a_table_row_is_a_unit_of_its_own():
    assert is_table_row("甲 | 乙、丙 |") and is_table_row("| 甲 | 乙")
    assert not is_table_row("甲、乙和丙,以及丁")


def test_province_labels_of_table_rows_are_read_row_by_row(tmp_path, found):
    # each row is long and ends without a full stop, as a cut body line would: rows never run on
    text = ("江苏 | 东海县、宝应县、盱眙县、建湖县、泗阳县、泰兴市、海安市、如东县 |\n"
            "福建 | 霞浦县、永泰县、永春县、德化县、上杭县、长汀县、福清市、晋江市 |\n"
            "河北 | 固安县、正定县、迁安市 | |\n")
    places = found(tmp_path, text)
    assert {(1, "320000"), (2, "350000"), (3, "130000")} <= places
    assert (1, "320722") in places and (2, "350921") in places


def test_a_bare_province_name_next_to_a_municipality_is_the_province(tmp_path, found):
    text = "一、天津市(2个)\n武清区某镇\n二、河北?。4个)\n名单中天津市、河北三省市各有几个,河南、青海省也有。\n"
    places = found(tmp_path, text)
    assert (3, "130000") in places and (4, "130000") in places and (4, "410000") in places
    assert not {adcode for _, adcode in places} & {"120105", "632324"}


def test_a_one_character_name_split_by_a_space_before_a_bracketed_note(tmp_path, found):
    text = "甲市\n\n泸 县(本省示范)\n\n渠 县(第二类)\n"
    places = found(tmp_path, text)
    assert {(3, "510521"), (5, "511725")} <= places


def test_a_short_form_as_the_subject_or_the_venue(tmp_path, found):
    text = "据通报,山东有多个县入选。会议在杭州召开,名单在广州举行的大会上公布,江安(宜宾)也在其中。\n"
    places = {adcode for _, adcode in found(tmp_path, text)}
    assert {"370000", "330100", "440100", "511523"} <= places


def test_the_offices_a_notice_is_addressed_to_are_not_places(tmp_path, found):
    text = ("关于公布某类示范镇名单的通知\n各省、自治区住房城乡建设厅,北京市农委、重庆市规划局:\n"
            "经审核,认定河北省威县梨园屯镇为示范镇。\n")
    places = found(tmp_path, text)
    assert not {line for line, _ in places} & {2}
    assert (3, "130533") in places


def test_a_name_that_is_only_the_tail_of_a_damaged_list_item_is_not_read(tmp_path, found):
    # 堵云县 is a damaged item of a row of Zhejiang counties: its tail 云县 (Yunnan) is no mention
    text = "浙江 | 桐庐县、宁海县、 堵云县、诸暨市、乐清市 |\n我们推进惠东、博罗和龙门三县合作。\n"
    places = found(tmp_path, text)
    assert "530922" not in {adcode for _, adcode in places}
    assert {(1, "330122"), (1, "330681"), (2, "441323"), (2, "441322"), (2, "441324")} <= places


def test_a_short_form_before_a_count_a_time_word_or_as_the_last_item_of_a_list(tmp_path, found):
    text = ("宜宾6个乡镇入选。湖北今年新增两个。苏州、嘉兴城乡统筹改革先行,被确定为江苏、浙江试验区。\n"
            "金山银山,和平共处,江安居民不是地名的读法。\n")
    places = found(tmp_path, text)
    assert {(1, "511500"), (1, "420000"), (1, "320500"), (1, "330400"), (1, "320000"), (1, "330000")} <= places
    assert not {line for line, _ in places} & {2}


def test_a_town_named_before_it_became_a_subdistrict(tmp_path, gazetteer):
    from atlas.reading.extraction import extract_folder

    result = extract_folder(_write(tmp_path, "改革先在绍兴钱清镇等几个中心镇试行。\n"), gazetteer)
    row = result.register.set_index("canonical_name").loc["钱清街道"]
    assert (row["adcode"], row["level"], row["level_as_written"]) == ("330603", "subdistrict", "town")


def test_a_list_line_with_a_misspelt_middle_link(tmp_path, found):
    text = "五、内蒙古自治区(3个)\n呼伦贝尔市鄂尔古纳市莫尔道嘎镇\n山东省各市县镇都要落实。\n"
    places = found(tmp_path, text)
    assert (2, "150784") in places and (2, "150700") not in places
    assert {adcode for line, adcode in places if line == 3} == {"370000"}
