"""Mention extraction on a small experience document of our own wording."""

from atlas.reading.mentions import MentionExtractor
from atlas.reading.sources import read_document

DOC = """\
一、改善公共服务

(一)在住房保障方面,各地做法不一。湖南湘潭筹集住房,鼓楼区也有做法。

湖南省、广西壮族自治区:湖南省允许长沙、株洲、湘潭三市户籍通迁,长沙县也参与。

某市某某工作案例

一、主要做法

朝阳区开展了社区服务试点。X区也开展了试点。

北京市朝阳区推进城市更新。
"""


def _mentions(tmp_path, geocoder):
    path = tmp_path / "exp.txt"
    path.write_text(DOC, encoding="utf-8")
    return MentionExtractor(geocoder).extract(read_document(path))


def test_theme_is_the_heading_path(tmp_path, geocoder):
    first = _mentions(tmp_path, geocoder)[0]
    assert first.theme == "一、改善公共服务 > (一)在住房保障方面"
    assert first.role == "example"


def test_ambiguous_short_name_is_reported_not_picked(tmp_path, geocoder):
    mentions = _mentions(tmp_path, geocoder)
    gulou = [m for m in mentions if m.line == 3 and m.name == "鼓楼区"][0]
    assert gulou.located.status == "ambiguous"  # four districts, none in 湖南


def test_a_short_form_shared_by_a_prefecture_and_its_own_county_is_the_prefecture(tmp_path, geocoder):
    xiangtan = [m for m in _mentions(tmp_path, geocoder) if m.line == 3 and m.name == "湖南湘潭"][0]
    assert xiangtan.located.place.adcode == "430300"  # 湘潭市, not 湘潭县 inside it
    assert xiangtan.located.resolved_by.endswith("+prefecture")


def test_pairs_and_lists_give_one_mention_each_with_context(tmp_path, geocoder):
    line5 = {m.name: m.located for m in _mentions(tmp_path, geocoder) if m.line == 5}
    assert {"湖南省", "广西壮族自治区", "长沙", "株洲", "湘潭", "长沙县"} <= set(line5)
    assert line5["湘潭"].place.adcode == "430300"  # 三市: the city
    assert line5["长沙"].place.adcode == "430100"
    assert line5["长沙县"].place.adcode == "430121"


def test_same_named_districts_are_decided_by_the_document_or_stay_ambiguous(tmp_path, geocoder):
    mentions = _mentions(tmp_path, geocoder)
    chaoyang = [m for m in mentions if m.line == 11][0]
    # nothing in its paragraph says which 朝阳区; the document names 北京市朝阳区 further on
    assert chaoyang.located.place.adcode == "110105"
    assert chaoyang.located.resolved_by.endswith("+document")
    beijing = [m for m in mentions if m.line == 13][0]
    assert beijing.located.place.adcode == "110105"
    alone = tmp_path / "alone.txt"
    alone.write_text("朝阳区开展了社区服务试点。\n", encoding="utf-8")
    assert [m.located.status for m in MentionExtractor(geocoder).extract(read_document(alone))] == ["ambiguous"]


def test_a_count_after_a_list_keeps_a_county_that_shares_its_prefecture_s_name(tmp_path, geocoder):
    path = tmp_path / "c.txt"
    path.write_text("湖南省的湘潭、宁乡两县开展试点。\n", encoding="utf-8")
    found = {m.name: m.located for m in MentionExtractor(geocoder).extract(read_document(path))}
    assert found["湘潭"].place.adcode == "430321"  # 两县: 湘潭县


def test_a_name_shared_by_a_province_and_its_city_is_the_province_unless_its_siblings_are_cities(tmp_path, geocoder):
    path = tmp_path / "jl.txt"
    path.write_text("吉林推进新型城镇化。\n\n大城市有长春、吉林两个。\n", encoding="utf-8")
    found = {(m.line, m.name): m.located for m in MentionExtractor(geocoder).extract(read_document(path))}
    assert found[(1, "吉林")].place.adcode == "220000"  # the city is written 吉林市 when meant
    assert found[(1, "吉林")].resolved_by.endswith("+province_over_city")
    assert found[(3, "吉林")].place.adcode == "220200"  # beside 长春, a prefecture: the city


def test_the_unit_a_place_is_said_to_lie_in_is_a_mention_of_its_own(tmp_path, geocoder):
    path = tmp_path / "loc.txt"
    path.write_text("博鳌镇,位于海南省琼海市东部。\n\n琼海市还有潭门镇。\n", encoding="utf-8")
    names = [(m.line, m.name) for m in MentionExtractor(geocoder).extract(read_document(path))]
    assert names == [(1, "博鳌镇"), (1, "海南省琼海市"), (3, "琼海市"), (3, "潭门镇")]  # the annotators count it
    path.write_text("嘉积镇位于琼海、万宁两市之间。\n", encoding="utf-8")
    names = [m.name for m in MentionExtractor(geocoder).extract(read_document(path))]
    assert names == ["嘉积镇", "琼海", "万宁"]  # the first of a list: each a mention


def test_a_township_base_name_before_a_facility_or_its_people_is_no_mention(tmp_path, geocoder):
    path = tmp_path / "base.txt"
    path.write_text("琼海市博鳌镇是论坛所在地。\n\n博鳌机场通航后,博鳌人出行方便。\n\n会议期间,博鳌,游客很多。\n\n"
                    "博鳌人口不多。\n", encoding="utf-8")
    lines = [m.line for m in MentionExtractor(geocoder).extract(read_document(path)) if m.located.place.name == "博鳌镇"]
    assert lines == [1, 5, 7]  # 人口: the town's population


def test_the_towns_of_an_addressee_list_of_governments_are_no_mentions(tmp_path, geocoder):
    path = tmp_path / "addr.txt"
    path.write_text("西安市鄠邑区:\n祖庵、渭丰、涝店镇人民政府:\n同意撤销祖庵镇、渭丰镇、涝店镇,设立街道。\n",
                    encoding="utf-8")
    names = [(m.line, m.name) for m in MentionExtractor(geocoder).extract(read_document(path))]
    assert not [n for n in names if n[0] == 2] and (3, "涝店镇") in names


def test_a_name_still_ambiguous_is_decided_by_the_provinces_of_the_documents_places(tmp_path, geocoder):
    path = tmp_path / "table.txt"
    path.write_text("广东各市城镇化率\n\n佛山 |\n\n中山 |\n", encoding="utf-8")
    found = {m.name: m.located for m in MentionExtractor(geocoder).extract(read_document(path))}
    assert found["中山"].place.adcode == "442000" and found["中山"].resolved_by == "document_province"
    path.write_text("各地城镇化率\n\n中山 |\n", encoding="utf-8")
    assert [m.located.status for m in MentionExtractor(geocoder).extract(read_document(path))] == ["ambiguous"]


def test_a_name_a_prefecture_took_later_is_the_county_level_city_in_a_document_of_before(tmp_path, geocoder):
    def places(dated: str) -> dict[str, str]:
        path = tmp_path / "dated.txt"
        path.write_text(f"{dated}\n\n贵州省毕节市和大方县同步推进城镇建设。\n", encoding="utf-8")
        return {m.name: m.located.place.adcode for m in MentionExtractor(geocoder).extract(read_document(path))}

    assert places("2009年3月")["贵州省毕节市"] == "520502"  # the county-level city then: 七星关区 today
    assert places("2012年3月")["贵州省毕节市"] == "520500"  # the prefecture since 2011
    assert places("")["贵州省毕节市"] == "520500"  # no year: today's unit of the name


def test_a_sentence_that_trails_off_in_an_ellipsis_is_read(tmp_path, geocoder):
    path = tmp_path / "ellipsis.txt"
    path.write_text("强镇的烦恼\n\n柳市镇中心最繁华的街道,交通严重堵塞,车满为患……\n\n目录\n一、甲县试点工作方案要点……3\n",
                    encoding="utf-8")
    names = [m.name for m in MentionExtractor(geocoder).extract(read_document(path))]
    assert names == ["柳市镇"]  # the table of contents' line is none, the sentence is
