"""Where a name starts and ends in running text: segmenter, list and chain rules (our own wording)."""

import pytest

from atlas.reading.scanner import PlaceScanner
from atlas.reading.script import strip_readings


@pytest.fixture(scope="module")
def names(gazetteer):
    scanner = PlaceScanner(gazetteer)
    return lambda text: [span.text for span in scanner.spans(text)]


def test_a_name_whose_first_character_ends_the_word_before_is_not_taken(names):
    assert names("今年编制完成都市区规划。") == []  # 完成 + 都市区, not 成都市
    assert "江都市" not in names("推进九江都市区建设。")
    assert names("支持成都市建设。") == ["成都市"]  # a word boundary before it


def test_an_interpunct_between_places_is_a_boundary(names):
    assert names("天津·沧州合作") == ["天津"]  # 沧州合作: 沧州 needs a boundary after it


def test_a_common_word_is_a_place_only_as_an_item_of_a_list_of_places(names):
    assert names("河北省的清河、大名、辛集等县市")[:2] == ["河北省", "清河"]
    assert names("坚持团结、民主、文明的原则。") == []
    assert names("加强资源、环境保护。") == []


def test_a_chain_with_a_town_that_has_since_left_its_county(geocoder, names):
    assert names("二〇一四年浙江苍南县龙港镇入选试点。") == ["浙江苍南县龙港镇"]
    located = geocoder.resolve("苍南县龙港镇")
    assert (located.status, located.place.adcode) == ("resolved", "330383")  # 龙港市 since 2019
    assert geocoder.resolve("苍南县灵溪镇").place.adcode == "330327"  # a town still in it
    assert geocoder.resolve("江苏省龙港镇").status != "resolved"  # no sibling of a province


def test_toneless_and_repeated_readings_are_removed_only_where_they_read_the_character():
    assert strip_readings("永豐(feng)縣(xian)(xian)恩江鎮") == "永豐縣恩江鎮"
    assert strip_readings("指标(a)和城市(man)") == "指标(a)和城市(man)"
    assert strip_readings("綠(lü)色") == "綠色"


def test_a_dateline_names_where_the_news_is_from_and_a_postcode_is_no_mention(names):
    assert names("新华社广州8月4日电 某项改革启动。") == ["广州"]
    assert names("本报杭州讯 近日,某项考核结果出炉。") == ["杭州"] and names("杭州电力公司") == []
    assert names("作者单位:某大学,甘肃兰州730000") == []


def test_a_count_after_a_list_gives_its_level(geocoder, tmp_path):
    from atlas.reading.mentions import MentionExtractor
    from atlas.reading.sources import read_document

    path = tmp_path / "d.txt"
    path.write_text("吉林省的松原、通化等5个地级市纳入规划。\n", encoding="utf-8")
    found = {m.name: m.located for m in MentionExtractor(geocoder).extract(read_document(path))}
    assert found["通化"].place.adcode == "220500"  # the city, not 通化县


def test_common_words_that_are_also_county_names_stay_words(names):
    assert names("市城镇化办公室会同有关部门,增强经济发展动力。") == []
    assert names("全州共有三个县。") == []  # the whole prefecture, not 全州县


def test_a_name_ending_in_a_word_is_taken_as_a_whole_word(names):
    assert names("城区人口多于地级白城市(约二十万)。") == ["白城市"]
    assert names("推动新兴城市发展,以产兴城市场繁荣。") == []


def test_a_corps_division_before_its_city_is_a_boundary(names):
    assert names("第四师可克达拉市获批设立。") == ["可克达拉市"]


def test_an_adverb_after_a_short_form_ends_it(names):
    assert names("萧山区的口音和绍兴更接近,湘潭就在长沙旁边。") == ["萧山区", "绍兴", "湘潭"]


def test_a_district_named_by_a_common_word_is_no_place_alone(names):
    assert names("城区人口增加,郊区发展加快。") == []


def test_a_word_of_neighbours_ends_the_word_before_a_township(names):
    # 南毗/北毗 like 东邻, 西接: the township after it is a name of its own, not the tail of a word
    assert names("那个镇南毗张庄镇,北毗冠山镇。") == ["张庄镇", "冠山镇"]


def test_a_portals_channel_and_a_radio_station_are_media_not_places(names):
    # a portal's name before a province is its regional channel; a station is named after its province
    assert names("据网易湖北消息,湖北人民广播电台报道,湖北推进改革。") == ["湖北"]
    assert names("凤凰网江西频道") == []


def test_a_designation_right_before_a_short_form_ends_the_word(names):
    assert names("建设区域中心城市洛阳,支持省会郑州。") == ["洛阳", "郑州"]
    assert names("城市安全和城市发展") == []


def test_the_first_of_a_pair_of_places_of_one_level_is_a_place(names):
    assert names("着力培育洛阳和郑州两个都市圈。") == ["洛阳", "郑州"]
    assert names("着力培育会同和郑州的合作。") == ["郑州"]  # a common word stays one


def test_a_zone_word_after_a_place_is_no_place_of_its_own(names):
    # 新城 after 滨海 names the area; it is no 新城县 (高碑店 today) nor a list item before 福清
    assert names("新区包括滨海新城、福清组团和罗源组团。") == ["滨海", "福清", "罗源"]
    assert names("包括平遥古城、巍山古城等名城。") == ["平遥", "巍山"]  # an ancient town named after its county
    assert names("保护古城、古城区和老城区。") == []  # 古城区 (丽江) only in a chain


def test_generic_district_names_have_no_short_forms(gazetteer, names):
    found = names("福州城区由老城区和新区组成。")
    assert "福州" in found and "老城区" not in found  # 老城区: the old town, not 洛阳's district
    assert not [m for m in gazetteer.lookup("城西") if m.how == "short_form"]  # 城西区 is never 城西


def test_a_two_character_county_after_a_chain_of_its_level_is_a_list_item(names):
    assert names("南接广东省连平县、和平县,西邻湖南省茶陵县、攸县。")[-2:] == ["湖南省茶陵县", "攸县"]


def test_a_short_form_alone_in_quotes_is_a_word_used_so(names):
    assert names("此酒被誉为酒中“凤凰”,远销各地。") == []
    assert names("“漠河市”获批设立,“义乌模式”推广。") == ["漠河市", "义乌"]  # a full name, or a name in a phrase


def test_a_two_character_township_is_read_as_the_list_item_after_a_township_of_its_county(geocoder, names):
    assert names("山东济南市章丘市普集镇、刁镇等被列为重点镇。")[-1] == "刁镇"
    assert geocoder.resolve("章丘市刁镇").place.name == "刁镇街道"
    assert names("全县的普集镇、龙镇均已通过验收。") == ["普集镇"]  # 龙镇: no township of 普集镇's counties
    assert names("培育重点镇、新镇、中心镇。") == []


def test_a_township_s_xiang_that_begins_the_word_xiangzhen_or_xiangcun_is_not_read(names):
    found = names("湖南乡镇发展快,浙江乡村振兴走在前列。")
    assert "湖南乡" not in found and not found  # not 湖南乡 (a township of 江西); the provinces: a second look
    assert names("江西湖南乡发展快。") == ["江西湖南乡"]


def test_a_county_s_short_form_beats_a_township_written_with_its_kind_once(geocoder):
    assert geocoder.resolve("安徽固镇").place.name == "固镇县"  # not 裕安区's 固镇镇 written 固镇
    assert geocoder.resolve("桐乡市乌镇").place.name == "乌镇镇"  # no unit is called 乌镇


def test_a_title_names_its_places_like_any_text(names):
    assert names("县里制定《德清县户口迁移暂行规定》,全面放开落户。") == ["德清县"]
    assert names("《浙江日报》报道了改革经验。") == []  # a medium named after the place


def test_a_place_after_a_verb_of_being_or_coming_somewhere(names):
    assert names("新区坐落舟山,面积很大;代表团前往宜宾,了解经验。") == ["舟山", "宜宾"]
    assert names("坐落在山脚下的村庄。") == []


def test_naizhi_joins_places_like_he(names):
    assert names("助推会昌成为赣州乃至江西发展的重要力量。")[:1] == ["赣州"]  # 江西: a province, read by the second look
