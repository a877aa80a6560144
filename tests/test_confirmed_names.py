"""Names the boundary rules turn down, taken where the document names the place (our own wording)."""

from atlas.reading.confirmed import Confirmed
from atlas.reading.words import word_boundaries
from atlas.reading.mentions import MentionExtractor
from atlas.reading.sources import read_document

DOC = """\
湖北省宜城市推进新型城镇化的调查

近年来推动雷河镇加快发展，又对宜城特色产业加大扶持。
调研组在宜城时看到，小河镇的集镇面貌变化明显。
市城镇化办公室会同有关部门开展检查，经济发展动力较强。
"""


def _mentions(tmp_path, geocoder, text=DOC):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return MentionExtractor(geocoder).extract(read_document(path))


def test_short_forms_and_towns_of_a_place_the_document_names_are_found(tmp_path, geocoder):
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder)}
    assert found[(3, "雷河镇")].place.county_adcode == "420684"  # a town after a verb, its county named
    assert found[(3, "宜城")].place.adcode == "420684"  # a short form before a noun
    assert found[(4, "宜城")].place.adcode == "420684"  # before a time word
    assert found[(4, "小河镇")].place.county_adcode == "420684"  # same-named towns: the named county's


def test_words_that_are_place_names_stay_words(tmp_path, geocoder):
    names = {m.name for m in _mentions(tmp_path, geocoder)}
    assert not names & {"会同", "动力"}  # 会同县, 动力区: never named as places here


def test_nothing_is_taken_without_the_place_named_elsewhere(tmp_path, geocoder):
    text = "近年来推动长安镇加快发展，又对宜城特色产业加大扶持。\n"  # many towns are 长安镇
    assert [m.name for m in _mentions(tmp_path, geocoder, text)] == []


def test_a_line_keeps_the_full_name_written_after_a_short_form(tmp_path, geocoder):
    text = "宜城市概况。\n对宜城特色产业扶持，宜城市财政投入增加。\n"
    line2 = [m for m in _mentions(tmp_path, geocoder, text) if m.line == 2]
    assert [m.name for m in line2] == ["宜城市"]


def test_word_boundaries_split_a_name_from_the_word_after_it():
    bounds = word_boundaries("加快建设松江河旅游城")
    assert 4 in bounds and 6 in bounds  # 松江 is cut off 河 here, so only confirmation could take it
    assert 3 not in word_boundaries("晋江安居工程")  # 江安 is not a word of it


def test_a_township_is_confirmed_by_its_county():
    class P:  # the attributes Confirmed reads
        def __init__(self, key, precision, adcode, county=None, prefecture=None):
            self.key, self.precision, self.adcode = key, precision, adcode
            self.county_adcode, self.prefecture_adcode = county, prefecture
            self.province_adcode = adcode[:2] + "0000"

    class L:
        status, resolved_by = "resolved", "exact"

        def __init__(self, place):
            self.place = place

    confirmed = Confirmed.of([L(P("county:420684", "county", "420684"))])
    assert confirmed.holds(P("town:420684101", "town", "420684", "420684", "420600"))
    assert not confirmed.holds(P("town:420683101", "town", "420683", "420683", "420600"))
    assert not confirmed.holds(P("county:420683", "county", "420683"))


def test_a_county_labelling_its_towns_is_a_mention_and_a_unit_qualifying_them_with_de_is_none(tmp_path, geocoder):
    text = ("本省中心镇名单\n宁波市\n江北区:慈城镇\n鄞州区:咸祥镇、集士港镇\n余姚市:余姚市泗门镇\n"
            "红河州的金平、绿春两县加快发展。\n")
    found = [(m.line, m.name) for m in _mentions(tmp_path, geocoder, text)]
    assert (3, "慈城镇") in found and (3, "江北区") in found  # a label before a colon: a mention
    assert {(4, "咸祥镇"), (4, "集士港镇"), (4, "鄞州区")} <= set(found)
    assert (5, "余姚市") in found
    assert (6, "红河州") not in found and (6, "金平") in found  # 的: the unit qualifies its items


def test_a_province_short_form_between_words_needs_no_other_mention(tmp_path, geocoder):
    found = [(m.line, m.name) for m in _mentions(tmp_path, geocoder, "由于江苏崛起，周边城市受益。\n")]
    assert found == [(1, "江苏")]


def test_a_township_named_in_full_is_found_by_its_base_name_further_on(tmp_path, geocoder):
    text = "临沂市兰山区义堂镇入选试点\n近年来，义堂坚持产业兴镇，板材产业规模扩大。\n"
    line2 = [m for m in _mentions(tmp_path, geocoder, text) if m.line == 2]
    assert [(m.name, m.located.place.name, m.located.resolved_by) for m in line2] == \
        [("义堂", "义堂镇", "town_base+document")]
    assert _mentions(tmp_path, geocoder, "近年来，义堂坚持产业兴镇。\n") == []  # never named in full


def test_a_place_as_the_scope_of_a_ranking_is_not_taken_from_context(tmp_path, geocoder):
    text = "湖北省宜城市概况。\n该市成为宜城唯一获此称号的县市。\n"
    assert [m.line for m in _mentions(tmp_path, geocoder, text)] == [1]


def test_townships_written_without_their_kind_where_the_layout_says_so(tmp_path, geocoder):
    text = "天水市重点镇\n麦积区甘泉\n清水县永清\n海南省琼海市推进就地城镇化，包括嘉积、塔洋、大路3个镇。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    assert found[(2, "麦积区甘泉")].place.name == "甘泉镇"  # after its county
    assert found[(3, "清水县永清")].place.name == "永清镇"  # not 永清县 of another province
    assert {found[(4, n)].place.name for n in ("嘉积", "塔洋", "大路")} == {"嘉积镇", "塔洋镇", "大路镇"}
    assert not _mentions(tmp_path, geocoder, "包括嘉积、塔洋、大路3个镇。\n")  # no county named: no guess


def test_townships_listed_before_their_kind_with_or_without_a_count(tmp_path, geocoder):
    for closing in ("两镇", "等镇", "等乡镇", "三个镇"):
        text = f"琼海市推进就地城镇化，嘉积、塔洋{closing}先行。\n"
        found = {m.name: m.located.place.name for m in _mentions(tmp_path, geocoder, text)}
        assert (found.get("嘉积"), found.get("塔洋")) == ("嘉积镇", "塔洋镇"), closing
    assert "塔洋" not in {m.name for m in _mentions(tmp_path, geocoder, "琼海市的嘉积、塔洋发展快。\n")}


def test_a_township_no_other_shares_is_found_after_a_verb(tmp_path, geocoder):
    found = [(m.name, m.located.place.name) for m in _mentions(tmp_path, geocoder, "示范镇中选出大柳塔镇作为样板。\n")]
    assert found == [("大柳塔镇", "大柳塔镇")]
    assert _mentions(tmp_path, geocoder, "推动人口向城镇转移,园区相对独立于城镇。\n") == []


def test_a_parent_before_de_labels_its_places_but_a_table_cell_stays_a_mention(tmp_path, geocoder):
    text = "附表 各省名单\n| 河北 | 石家庄市鹿泉区、衡水市饶阳县 |\n| 红河州的金平、绿春 |\n湖南省资兴市:资兴市回龙山瑶族乡\n"
    found = {(m.line, m.name) for m in _mentions(tmp_path, geocoder, text)}
    assert {(2, "河北"), (2, "石家庄市鹿泉区"), (2, "衡水市饶阳县")} <= found
    assert (3, "红河州") not in found and (3, "金平") in found
    assert (4, "湖南省资兴市") in found  # its item restates it: the label stays a mention


def test_a_province_as_the_scope_of_a_ranking_is_no_mention(tmp_path, geocoder):
    found = [m.name for m in _mentions(tmp_path, geocoder, "德清县是浙江省唯一的改革试点县。\n")]
    assert found == ["德清县"]


def test_a_township_the_register_lacks_is_read_after_its_county_and_reported(tmp_path, geocoder):
    text = "平江县城关镇入选，湘阴县甲乙镇也在其中。\n平江县推动乡镇发展，加快城镇化。\n平江县政府驻城关镇。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    town = found[(1, "平江县城关镇")]
    assert (town.place.name, town.place.precision, town.place.adcode, town.place.point_precision) == \
        ("城关镇", "town", "430626", "county")
    assert town.resolved_by == "unlisted_township+county" and "register" in town.detail
    assert found[(1, "湘阴县甲乙镇")].place.adcode == "430624"
    assert {name for line, name in found if line > 1} == {"平江县"}  # 乡镇, 城镇化, 政府驻…: no township


def test_a_township_moved_to_a_neighbour_is_read_where_it_is_now(tmp_path, geocoder):
    found = {m.name: m.located for m in _mentions(tmp_path, geocoder, "安阳县水冶镇列入示范镇。\n")}
    assert found["安阳县水冶镇"].place.adcode == "410505"  # 殷都区 since 2021
    assert found["安阳县水冶镇"].resolved_by == "township+former_county"
    assert geocoder.resolve("河南省安阳县水冶镇").place.adcode == "410505"


def test_units_open_the_items_of_a_list_of_named_towns(tmp_path, geocoder):
    text = ("福建省公布创建名单\n入选的有:集美汽车小镇、永春达埔香都小镇、晋江人才梦想小镇、永安石墨小镇。\n"
            "另有一批:\n1.建瓯徐墩根艺小镇\n")
    found = {(m.line, m.name): m.located.place for m in _mentions(tmp_path, geocoder, text)}
    assert {(line, name): p.name for (line, name), p in found.items() if line > 1} == {
        (2, "集美"): "集美区", (2, "永春达埔"): "达埔镇", (2, "晋江"): "晋江市", (2, "永安"): "永安市",
        (4, "建瓯徐墩"): "徐墩镇"}
    assert not [m for m in _mentions(tmp_path, geocoder, "重庆市公布名单\n名单:长寿小镇、和平小镇。\n") if m.line == 2]
    assert not _mentions(tmp_path, geocoder, "名单:集美汽车小镇、晋江人才梦想小镇。\n")  # no province named


def test_a_place_naming_its_government_is_no_mention_but_still_confirms(tmp_path, geocoder):
    text = ("章丘区人民政府：\n二、撤销白云湖镇,将原白云湖镇的村划归其他镇管辖。\n苍南县委和浙江省政府出台意见，宜城市推进改革。\n"
            "抄送:湘西自治州民政局、湖南省办公厅。\n")
    found = [(m.line, m.name) for m in _mentions(tmp_path, geocoder, text)]
    assert (1, "章丘区") not in found and (3, "苍南县") not in found and (3, "浙江省") not in found
    assert not [m for m in found if m[0] == 4]  # a department of the place: an organ too
    assert (3, "宜城市") in found and (2, "白云湖镇") in found  # the organ's place confirms its township
    signed = "会签:\n陕西省体育局\n陕西省科技厅\n陕西省工业和信息化厅\n西咸新区管委会\n陕西省市场监督管理局\n大兴安岭地区行政公署\n"
    assert not _mentions(tmp_path, geocoder, signed)  # departments of every name, a new area's committee
    titled = "访谈\n某某县委书记说,大孤家子镇党委书记郑某介绍了经验;苍南县委研究部署。\n"
    assert [m.name for m in _mentions(tmp_path, geocoder, titled)] == ["大孤家子镇"]  # a secretary of the town
    signature = "人口普查公报\n德清县第七次全国人口普查领导小组办公室\n德清县成立了人口普查领导小组。\n"
    assert [(m.line, m.name) for m in _mentions(tmp_path, geocoder, signature)] == [(3, "德清县")]


def test_a_short_form_opening_a_clause_before_a_verb_is_its_subject(tmp_path, geocoder):
    text = "各地放宽落户条件;东莞取消积分落户制度,允许外来人口落户。\n"
    assert [(m.name, m.located.place.name) for m in _mentions(tmp_path, geocoder, text)] == [("东莞", "东莞市")]
    assert not _mentions(tmp_path, geocoder, "各地推动东莞取消积分落户制度。\n")  # no clause opens there
    assert not _mentions(tmp_path, geocoder, "各地放宽条件;东莞积分制度保留。\n")  # no verb after it
    assert not _mentions(tmp_path, geocoder, "各地放宽条件;江南发展很快。\n")  # a common word


def test_townships_open_the_items_of_a_list_of_named_towns_of_the_documents_place(tmp_path, geocoder):
    text = "海口市的特色小镇\n入选的有:演丰红树林风情小镇、大致坡农贸物流小镇、旧州古韵风情小镇。\n"
    found = {m.name: m.located.place for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert {name: (p.name, p.county_adcode) for name, p in found.items()} == {
        "演丰": ("演丰镇", "460108"), "大致坡": ("大致坡镇", "460108"), "旧州": ("旧州镇", "460107")}
    assert not _mentions(tmp_path, geocoder, "入选的有:演丰红树林风情小镇、大致坡农贸物流小镇。\n")  # no place named


def test_a_counted_list_of_townships_makes_a_units_short_form_in_it_a_township(tmp_path, geocoder):
    text = "花垣县乡镇区划调整。\n同意保持边城、吉卫、龙潭、雅酉4个镇的行政区划不变。\n"
    found = {m.name: m.located.place for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert (found["龙潭"].name, found["龙潭"].county_adcode) == ("龙潭镇", "433124")  # not 吉林's 龙潭区
    assert {p.county_adcode for p in found.values()} == {"433124"}


def test_items_of_a_counted_list_the_register_lacks_are_townships_of_the_county_of_the_others(tmp_path, geocoder):
    text = "盐城市调整区划。\n以原盐都县秦南、龙冈、郭猛、大冈、甲乙、丙丁6个镇的区域设区。\n"
    found = {m.name: m.located for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    unlisted = found["甲乙"]
    assert (unlisted.place.name, unlisted.place.adcode, unlisted.place.point_precision) == ("甲乙镇", "320903", "county")
    assert unlisted.resolved_by == "unlisted_township+county" and found["丙丁"].place.adcode == "320903"
    assert found["龙冈"].place.name == "龙冈镇"
    kinds_written = {m.name: m.located.place.name for m in _mentions(tmp_path, geocoder, text.replace("丙丁", "丙丁乡"))}
    assert kinds_written["丙丁乡"] == "丙丁乡"  # its kind written: not 丙丁乡镇
    miscounted = text.replace("6个镇", "7个镇")  # the count is not the items': no township made up
    assert "甲乙" not in {m.name for m in _mentions(tmp_path, geocoder, miscounted)}


def test_a_district_named_by_a_common_word_is_read_in_a_list_of_its_siblings(tmp_path, geocoder):
    text = "晋城市下辖城区、泽州县和阳城县。\n其中城区1个(北石店镇)、沁水县3个。\n城区人口增加较快。\n"
    found = {(m.line, m.name): m.located.place.adcode for m in _mentions(tmp_path, geocoder, text)}
    assert found[(1, "城区")] == "140502" and found[(2, "城区")] == "140502"  # 晋城's, not 阳泉's
    assert (3, "城区") not in found  # the urban area
    assert not [m for m in _mentions(tmp_path, geocoder, "推进城区、县城和集镇建设。\n")]


def test_a_neighbour_after_a_word_of_neighbours_is_read(tmp_path, geocoder):
    text = "山西省平定县冶西镇东邻冠山镇,西接寿阳县。\n"
    found = {m.name: m.located.place for m in _mentions(tmp_path, geocoder, text)}
    assert found["冠山镇"].county_adcode == "140321"


def test_a_township_a_county_abolishes_is_its_own_even_if_a_namesake_lives_elsewhere(tmp_path, geocoder):
    text = "长治市调整乡级区划。\n屯留区撤销西贾乡,整建制并入丰宜镇。\n栾川县撤销城关镇设立耕莘街道。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    abolished = found[(2, "西贾乡")]
    assert abolished.place.adcode == "140405" and abolished.resolved_by == "unlisted_township+county"  # not 襄汾's
    assert found[(2, "屯留区")].place.adcode == "140405"  # still a mention of its own
    renamed = found[(3, "城关镇")]
    assert (renamed.place.name, renamed.resolved_by) == ("耕莘街道", "former_town+successor")


def test_the_own_name_of_a_township_is_no_context_for_its_namesakes(tmp_path, geocoder):
    text = "济南市章丘区调整区划。\n撤销白云湖镇,以其区域设立白云湖街道办事处。\n"
    found = [m.located.place for m in _mentions(tmp_path, geocoder, text) if m.line == 2]
    assert found and {p.adcode for p in found} == {"370114"}  # 白云湖 holds 白云, but not 广州's 白云区


def test_townships_listed_under_their_countys_label_are_its_own(tmp_path, geocoder):
    text = "湘西州调整乡镇。\n凤凰县：1、官庄乡并入沱江镇；2、新场乡撤乡设镇；3、三拱桥乡并入竿子坪镇。\n古丈县：万龙镇更名为断龙山镇。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    gone = found[(2, "官庄乡")]
    assert (gone.place.adcode, gone.resolved_by) == ("433123", "unlisted_township+county")  # not a namesake
    assert found[(2, "三拱桥乡")].place.adcode == "433123" and (2, "拱桥乡") not in found  # not the name inside it
    新场 = found[(2, "新场乡")]  # 撤乡设镇: its old name is one of 新场镇 (凤凰县) in the gazetteer itself
    assert (新场.place.name, 新场.place.adcode, 新场.resolved_by.split("+")[0]) == ("新场镇", "433123", "former_town")
    assert found[(3, "万龙镇")].place.name == "断龙山镇" and (2, "凤凰县") in found
    unlabelled = [m.located for m in _mentions(tmp_path, geocoder, "各地:官庄乡并入沱江镇。\n") if m.name == "官庄乡"]
    assert unlabelled and unlabelled[0].resolved_by != "unlisted_township+county"  # no county: no such reading


def test_a_website_or_a_numbered_congress_named_after_a_place_is_no_mention(tmp_path, geocoder):
    text = "浙江省十三届人大二次会议开幕,据温州网报道,温州市推进改革。\n"
    assert [m.name for m in _mentions(tmp_path, geocoder, text)] == ["温州市"]


def test_a_short_form_the_document_says_is_its_prefectures_seat_is_the_seat_throughout(tmp_path, geocoder):
    said = "恩施推进城镇化,成效明显。\n恩施是恩施土家族苗族自治州的首府,山水秀丽。\n"
    assert {(m.line, m.located.place.name) for m in _mentions(tmp_path, geocoder, said) if m.name == "恩施"} == {
        (1, "恩施市"), (2, "恩施市")}
    unsaid = [m.located for m in _mentions(tmp_path, geocoder, "恩施推进城镇化,成效明显。\n")]
    assert unsaid[0].place.name == "恩施土家族苗族自治州"  # the larger unit, as before


def test_a_two_character_county_is_taken_where_the_document_names_its_prefecture(tmp_path, geocoder):
    text = "随州市下辖两区一市。\n那年新设了一个随县,后来的随县发展很快。\n"
    found = {(m.line, m.name): m.located.place.adcode for m in _mentions(tmp_path, geocoder, text)}
    assert found[(2, "随县")] == "421321"
    # without its prefecture named, the bare two-character name stays unread
    assert not [m for m in _mentions(tmp_path, geocoder, "那年新设了一个随县,后来的随县发展很快。\n")]


def test_a_township_keeps_its_base_where_a_far_county_shares_it_as_a_short_form(tmp_path, geocoder):
    # 柳林 is the short form of 柳林县 (山西) too; a text on 凤翔's 柳林镇 that never names 柳林县 means the town
    text = "宝鸡市凤翔区柳林镇入选特色小镇。\n柳林以酿酒闻名,游客很多。\n"
    found = {(m.line, m.name): m.located.place for m in _mentions(tmp_path, geocoder, text)}
    assert found[(2, "柳林")].name == "柳林镇" and found[(2, "柳林")].county_adcode == "610305"
    named = "宝鸡市凤翔区柳林镇入选特色小镇。\n吕梁市也有名酒。\n柳林以酿酒闻名,游客很多。\n"
    found = {(m.line, m.name): m.located.place for m in _mentions(tmp_path, geocoder, named)}
    assert found[(3, "柳林")].name == "柳林县"  # a place of its province named in full: the county still


def test_a_former_town_beside_its_county_beats_a_namesake_that_holds_the_name(tmp_path, geocoder):
    # 万德镇 of 长清区 is 万德街道 today; a 万德镇 still exists in 云南: the county beside it decides
    text = "济南市有两个镇入选:长清区归德镇、万德镇。\n"
    found = {m.name: m.located for m in _mentions(tmp_path, geocoder, text)}
    assert found["万德镇"].place.name == "万德街道" and found["万德镇"].place.adcode == "370113"
    alone = geocoder.resolve("万德镇")  # no context: the township holding the name, marked as a default
    assert alone.place.adcode == "532329" and alone.resolved_by.endswith("+current_name")


def test_a_township_base_before_a_word_for_its_new_area_is_the_township(tmp_path, geocoder):
    text = "海城市规划建设三个新城。\n重点推进腾鳌新城、析木新城和牛庄新镇。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    assert {found[(2, base)].place.name for base in ("腾鳌", "析木", "牛庄")} == {"腾鳌镇", "析木镇", "牛庄镇"}
    assert found[(2, "腾鳌")].resolved_by == "township_base+area"
    # without the county named, the bases stay unread
    assert not [m for m in _mentions(tmp_path, geocoder, "重点推进腾鳌新城、析木新城和牛庄新镇。\n")]


def test_a_counted_list_of_towns_may_close_with_the_word_for_towns(tmp_path, geocoder):
    text = "平阴县推进城镇化。\n县里的孔村、东阿两个城镇发展较快。\n"
    found = {(m.line, m.name): m.located.place.name for m in _mentions(tmp_path, geocoder, text)}
    assert found[(2, "孔村")] == "孔村镇" and found[(2, "东阿")] == "东阿镇"  # not 聊城's 东阿县


def test_townships_merged_into_a_survivor_are_its_countys_even_where_only_it_is_registered(tmp_path, geocoder):
    # the survivor (荫营镇, 阳泉市郊区) names the county; the two merged ones, kinds written, are no longer listed
    text = "阳泉市郊区区委驻荫营镇。\n该镇由原荫营镇、甲乙乡、丙丁乡三个乡镇合并而成。\n"
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    assert {found[(2, name)].place.adcode for name in ("甲乙乡", "丙丁乡")} == {"140311"}
    assert found[(2, "甲乙乡")].resolved_by == "unlisted_township+county"
    assert (1, "阳泉市郊区") not in found  # 郊区区委: the district's party committee, an organ
    assert found[(1, "荫营镇")].place.county_adcode == "140311"


def test_a_county_whose_townships_the_document_names_in_full_is_read_by_its_short_form(tmp_path, geocoder):
    text = "长沙强镇观察\n北盛镇和大瑶镇表现突出,两镇扮演浏阳对接长沙的前沿。\n"
    found = {m.name: m.located.place.name for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert found.get("浏阳") == "浏阳市"  # turned down by the boundary rules, confirmed by its townships
    assert "浏阳" not in {m.name for m in _mentions(tmp_path, geocoder, "北盛镇扮演浏阳对接长沙的前沿。\n")}


def test_townships_merged_in_a_sentence_naming_their_county_are_its_own(tmp_path, geocoder):
    text = ("广东镇街撤并\n某区宣布撤销甲街道,揭阳市榕城区随后撤销中山街道和西马街道,合并设立进贤门街道。\n"
            "佛山市南海区的狮山镇。2005年,原狮山街道、小塘镇、松岗镇、官窑镇合并成立狮山镇。\n")
    found = {(m.line, m.name): m.located for m in _mentions(tmp_path, geocoder, text)}
    assert found[(2, "西马街道")].place.adcode == "445202"  # not 武汉's 西马街道: merged away, 榕城区's
    assert found[(3, "松岗镇")].place.adcode == "440605"  # not 马尔康's: the paragraph's 南海区
    assert found[(3, "官窑镇")].resolved_by == "unlisted_township+county"  # no name form at all
    assert (3, "原狮山街道") not in found and found[(3, "狮山街道")].place.adcode == "440605"
    assert found[(2, "揭阳市榕城区")].place.adcode == "445202"


def test_a_word_for_towns_that_is_a_township_s_name_is_that_township_where_its_county_is_named(tmp_path, geocoder):
    text = "浙江小城市培育\n湖州市德清县推进小城市培育,新市镇被列为试点镇,新市镇党委书记介绍了经验。\n"
    found = [(m.name, m.located.place.adcode) for m in _mentions(tmp_path, geocoder, text) if m.line == 2]
    assert ("新市镇", "330521") in found and not [n for n, _ in found if n == "新市"]  # not 乌鲁木齐's 新市区
    bare = "浙江小城市培育\n湖州市德清县推进小城市培育,新市镇被列为试点镇。\n新市,三个条件都符合。\n"
    assert [m.located.place.adcode for m in _mentions(tmp_path, geocoder, bare) if m.line == 3] == ["330521"]
    assert not _mentions(tmp_path, geocoder, "各地推进新市镇建设,发展小城镇。\n")  # a planning word


def test_the_cities_a_region_is_named_after_are_no_mention(tmp_path, geocoder):
    text = "城市群建设\n推动哈尔滨、兰州—西宁等城市群发展,培育南京、福州、西安等都市圈;成都市也在推进。\n"
    assert [m.name for m in _mentions(tmp_path, geocoder, text) if m.line == 2] == ["成都市"]


def test_provinces_by_their_abbreviations_before_a_count_of_as_many(tmp_path, geocoder):
    text = "都市圈\n都市圈地跨苏皖两省,湘、黔、渝、鄂四省市交界处发展较快。\n"
    found = {m.name: m.located.place.adcode for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert found == {"苏": "320000", "皖": "340000", "湘": "430000", "黔": "520000", "渝": "500000", "鄂": "420000"}
    assert not _mentions(tmp_path, geocoder, "苏皖三省交界处,湘鄂合作。\n")  # the count is not their number
    found = [(m.name, m.located.place.adcode) for m in _mentions(tmp_path, geocoder, "研讨会在京举行,代表来沪考察。京剧很好。\n")]
    assert found == [("京", "110000"), ("沪", "310000")]  # a municipality in a set phrase, not 京 of 京剧


def test_a_line_of_links_to_places_of_many_provinces_is_page_chrome(tmp_path, geocoder):
    block = "古镇介绍\n平陆县| 彭泽县| 永寿县| 南平市| 吉安县| 广水市| 宁强县| 杨浦区| 邮箱| 荆州市| 高台县\n"
    assert not [m for m in _mentions(tmp_path, geocoder, block) if m.line == 2]
    table = "名单\n河北省| 威县| 定州市| 山西省| 泽州县| 浙江省| 德清县| 湖北省| 宜城市| 广东省| 东莞市\n"
    assert len([m for m in _mentions(tmp_path, geocoder, table) if m.line == 2]) == 11  # a table on one line


def test_townships_of_one_paragraph_keep_together(tmp_path, geocoder):
    text = "玉龙古镇\n巨甸镇位于县境西部,东与迪庆州香格里拉县上江乡隔江相望,西与鲁甸乡相连,北与塔城乡为邻。\n"
    found = {m.name: m.located for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert found["塔城乡"].place.adcode == "530721"  # 巨甸镇's county, not 维西's 塔城镇 by the 迪庆州 named
    assert found["塔城乡"].resolved_by == "township+siblings"


def test_an_ancient_town_after_its_county_is_no_township_of_that_base(tmp_path, geocoder):
    text = "千年古镇\n丽江古城可与山西平遥古城媲美。\n"
    found = {m.name: m.located.place for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert found["山西平遥"].name == "平遥县"  # not 平遥县's 古城街道


def test_a_word_for_towns_is_no_township_of_a_county_named_elsewhere_when_its_paragraph_names_another(tmp_path, geocoder):
    text = "乡镇调整\n同意虞城县调整行政区划。\n同意栾川县撤销城关镇设立耕莘街道,耕莘街道管辖范围为原城关镇的行政区域。\n"
    found = [(m.name, m.located.place.adcode) for m in _mentions(tmp_path, geocoder, text) if m.line == 3]
    assert ("城关镇", "411425") not in found  # 虞城's 城关镇 is not the one 栾川县 abolished
    assert ("城关镇", "410324") in found  # the one set up in its place: 耕莘街道


def test_items_of_a_list_said_to_be_townships_of_a_kind_are_the_document_s_townships(tmp_path, geocoder):
    text = "宁德市小城镇改革\n我市的太姥山、店下、点头和前岐是小城镇综合改革建设试点镇。\n"
    found = {m.name: m.located.place.name for m in _mentions(tmp_path, geocoder, text) if m.line == 2}
    assert found == {"太姥山": "太姥山镇", "店下": "店下镇", "点头": "点头镇", "前岐": "前岐镇"}
    assert not [m for m in _mentions(tmp_path, geocoder, "会上,大家点头和鼓掌都是示范镇的做法。\n")]
