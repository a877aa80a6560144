"""County names with one character damaged, as whole list items (our own lines)."""

from atlas.reading.mentions import MentionExtractor
from atlas.reading.sources import read_document


def _found(tmp_path, geocoder, text):
    path = tmp_path / "damaged.txt"
    path.write_text(text, encoding="utf-8")
    return {m.name: m.located for m in MentionExtractor(geocoder).extract(read_document(path))}


def test_a_list_item_one_character_off_one_county_of_the_province_is_that_county(tmp_path, geocoder):
    found = _found(tmp_path, geocoder, "| 浙江 | 桐庐县、堵云县、诸暨市 |\n")
    assert found["堵云县"].place.adcode == "331122"  # 缙云县, the only 浙江 county one character off
    assert found["堵云县"].resolved_by == "near_name+list" and "缙云县" in found["堵云县"].detail


def test_two_counties_one_character_off_or_no_province_leave_the_item_unread(tmp_path, geocoder):
    assert "凉阳县" not in _found(tmp_path, geocoder, "| 江苏 | 建湖县、凉阳县、泰兴市 |\n")  # 沭阳县 or 泗阳县
    assert "堵云县" not in _found(tmp_path, geocoder, "名单:甲乙、堵云县、丙丁\n")  # no province in the paragraph


def test_of_two_counties_one_character_off_the_one_keeping_the_radical(tmp_path, geocoder):
    found = _found(tmp_path, geocoder, "| 福建 | 霞浦县、闽候县、永泰县 |\n| 山东 | 郭城县、曹县 |\n")
    assert found["闽候县"].place.adcode == "350121"  # 闽侯县 (侯 and 候: 人), not 闽清县 (清: 水)
    assert "郭城县" not in found  # 郓城县 and 鄄城县: both 邑, as 郭 is
