"""Place scanner rules on our own sentences (gazetteer from the real boundaries)."""

import pytest

from atlas.reading.scanner import PlaceScanner


@pytest.fixture(scope="module")
def scanner(gazetteer):
    return PlaceScanner(gazetteer)


def names(scanner, text):
    return [s.text for s in scanner.spans(text)]


@pytest.mark.parametrize("text", [
    "他们在晋江安居乐业。",          # 江安 is inside 晋江安居
    "坚持绿水青山就是金山银山。",      # metaphor, not 金山区
    "吉林大学附属医院派出专家。",      # an institution, not 吉林
    "他毕业于吉林师范大学和浙江工业大学。",  # universities named after places
    "印发《浙江日报》的通知。",  # a medium named after a place, in a title
    "推进沿海城市转型。",             # 海城市 is inside 沿海城市
    "X市和X县开展了试点。",           # placeholders
    "比如,各地可以新建一批园区。",      # 比如县, 新建区 are common words
    "中原经济区和河西走廊都在推进。",    # the Central Plains and the Hexi Corridor, not 中原区, 河西区
    "游客去了长白山、黄山风景区。",      # 白山 inside 长白山: a list rule needs a real place after the 、
    "专家来自深圳证券交易所和西安交通大学。",  # institutions
    "辽宁省社会科学院的学者和儒洞客运站的站长。",  # an academy and a bus station named after places
    "澳门金沙城中心欢迎您。",  # a casino's spam line
    "综合开发研究院(中国·深圳)与国家统计局蒙城调查队。",  # an organisation's seat in its name, a survey team
])
def test_not_places(scanner, text):
    assert names(scanner, text) == []


def test_list_reading_skips_a_name_inside_another(scanner):
    assert names(scanner, "支持惠东、博罗和龙门三个县城发展。") == ["惠东", "博罗", "龙门"]


def test_chains_and_full_names(scanner):
    assert names(scanner, "四川江安推动老旧小区改造,宁夏银川兴庆区同步推进。") == ["四川江安", "宁夏银川兴庆区"]
    assert names(scanner, "吉林公主岭范家屯镇整合社区。") == ["吉林公主岭范家屯镇"]


def test_count_after_a_list_gives_a_level(scanner):
    spans = scanner.spans("长沙、株洲、湘潭三市户籍通迁。")
    assert [s.text for s in spans] == ["长沙", "株洲", "湘潭"]
    assert spans[-1].level_hint == "prefecture"


def test_a_part_of_a_place_after_its_bare_name_leaves_it_a_place(scanner):
    assert names(scanner, "新城位于牡丹江东部,也在浙江西南部。") == ["牡丹江", "浙江"]


def test_a_corps_city_after_its_division_without_the_ordinal_mark(scanner):
    assert names(scanner, "十四师昆玉市和第一师阿拉尔市都在南疆。") == ["昆玉市", "阿拉尔市"]


def test_banners_by_their_first_character(scanner):
    assert names(scanner, "鄂尔多斯的准旗、伊旗和达旗,城镇化率较高。") == ["鄂尔多斯", "准旗", "伊旗", "达旗"]
    assert names(scanner, "广场上红旗招展,国旗高高飘扬。") == []


def test_a_two_character_county_before_a_township_name_is_named(scanner):
    assert names(scanner, "延川县文安驿镇、佳县佳芦镇、丹凤县棣花镇") == ["延川县文安驿镇", "佳县", "丹凤县棣花镇"]
    assert names(scanner, "沙县小吃城镇化") == []  # 城镇化 is no township
    for text in ("为新市民的乡镇服务。", "沙县小吃进乡镇。", "沙县小吃下乡。", "沙县小吃城镇建设。"):
        assert names(scanner, text) == [], text  # kinds of settlement, or a word the name begins (新市民)


def test_a_bare_name_after_including(scanner):
    assert names(scanner, "这一档城镇包含远安;下一档包括五峰;含山县也在其中。") == ["远安", "五峰", "含山县"]


def test_a_province_as_the_scope_of_a_ranking_is_no_mention(scanner):
    assert names(scanner, "作为云南的第二大城市,曲靖的经济位居云南前列。") == ["曲靖"]
    assert names(scanner, "柳市是温州最小的强镇,也是当时广东省面积最大的镇。") == []
    assert names(scanner, "来到杭州的第一天,在杭州的首个项目。") == ["杭州", "杭州"]  # 的 + 第一: no ranking
    assert names(scanner, "赣州市第一批名单,宜春市第一次会议。") == ["赣州市", "宜春市"]  # a sequence's ordinal
    assert names(scanner, "宜城成为湖北第一。") == ["宜城"]


def test_a_bare_name_after_a_regional_name_of_its_province(scanner):
    assert names(scanner, "近日,豫北长垣也入选了。") == ["长垣"]  # 豫北: the north of 河南
    assert names(scanner, "苏北宿迁和皖北阜阳加快发展。") == ["宿迁", "阜阳"]
    assert names(scanner, "华北长垣加快发展。") == []  # 华 is no province's abbreviation
    assert names(scanner, "皖北长垣加快发展。") == []  # 长垣 does not lie in 安徽


def test_the_seat_after_zhu_is_a_mention_and_a_road_named_after_a_place_is_not(scanner):
    assert names(scanner, "区人民政府驻湾沚镇芜湖南路9号。") == ["湾沚镇"]
    assert names(scanner, "县政府驻繁阳镇繁阳大道1号,长沙东路口。") == ["繁阳镇"]


def test_a_zone_or_new_town_named_after_a_place_names_the_place(scanner):
    assert names(scanner, "小镇位于昌平新城东南,项目在涞水产业园。") == ["昌平", "涞水"]


def test_a_region_named_after_its_centre_is_no_mention_of_it(scanner):
    assert names(scanner, "该市位于沈阳经济区和南京都市圈之间,在深圳经济特区设有分部。") == ["深圳"]


def test_digits_are_boundaries_of_names_in_a_table_run_together(scanner):
    assert names(scanner, "排名城市人口1深圳1768.162东莞1053.683厦门528") == ["深圳", "东莞", "厦门"]
    assert names(scanner, "| #顺 德 | *中山 |") == ["顺德", "中山"]  # a note mark before a table cell's name
