"""Units that open the items of a list under their prefecture's label (our own wording)."""

from atlas.reading.mentions import MentionExtractor
from atlas.reading.sources import read_document

DOC = """\
某省第一批培育小镇名单

宁波市:江北智造小镇、奉化海滨小镇、北仑港航物流园。
杭州市:奉化竹编小镇、宁波文创港、新建三个园区。
"""


def _mentions(tmp_path, geocoder, text=DOC):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return MentionExtractor(geocoder).extract(read_document(path))


def test_items_opening_with_a_county_of_the_label_name_it(tmp_path, geocoder):
    found = {(m.line, m.name): m.located.place.adcode for m in _mentions(tmp_path, geocoder)}
    assert found[(3, "江北")] == "330205"  # 宁波's 江北区, not 重庆's; a common word, narrowed by the label
    assert found[(3, "奉化")] == "330213"
    assert found[(3, "北仑")] == "330206"
    assert (3, "宁波市") in found  # the label is a mention of its own


def test_items_outside_the_label_or_restating_it_are_not_taken(tmp_path, geocoder):
    line_four = {m.name for m in _mentions(tmp_path, geocoder) if m.line == 4}
    assert "奉化" not in line_four  # 奉化区 lies in 宁波, not in the label 杭州市
    assert "新建" not in line_four


def test_items_opening_with_a_township_of_the_label_name_it(tmp_path, geocoder):
    text = "某省第二批培育小镇名单\n\n无锡市:官林新材小镇、广益家居小镇。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    assert found[(3, "官林")].place.name == "官林镇" and found[(3, "官林")].place.adcode == "320282"  # 宜兴市
    assert found[(3, "广益")].place.name == "广益街道"
    assert (3, "无锡市") in found  # the label is a mention of its own


def test_area_words_and_parts_of_town_opening_items_are_no_townships(tmp_path, geocoder):
    text = "某省培育小镇名单\n\n温州市:城东新区智慧小镇、城南片区文旅小镇。\n\n兰州市:高新区智能制造小镇。\n"
    found = {m.name for m in _mentions(tmp_path, geocoder, text)}
    assert not found & {"城东", "城南", "高新区", "高新"}
