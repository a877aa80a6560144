"""Reading any document: script, crawl noise, page chrome and every pilot-list layout.

Every fixture text here is our own wording, written for the rule it tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.reading.script import is_chrome, matching_line, strip_readings, to_simplified, unescape_codes


def test_traditional_script_keeps_positions():
    written = "本縣與鄰近的鎮共同推進"
    simplified = to_simplified(written)
    assert simplified == "本县与邻近的镇共同推进"
    assert len(simplified) == len(written)


def test_pinyin_readings_are_noise_but_bracketed_latin_words_are_not():
    assert strip_readings("甲省某某區(qū)和某縣(xiàn)") == "甲省某某區和某縣"
    assert strip_readings("生产总值(GDP)增长") == "生产总值(GDP)增长"
    assert strip_readings("(qū)开头") == "(qū)开头"  # nothing before it to annotate


def test_escaped_code_strings_are_decoded():
    assert unescape_codes(r"\u6cb3\u5317") == "河北"
    assert unescape_codes("&#27827;&#x5317;") == "河北"
    assert unescape_codes(r"a\uZZZZ") == r"a\uZZZZ"


@pytest.mark.parametrize("line", ["相关热词搜索:某省 某市", "【标签】城镇化 试点", "Copyright © 2016 某网 版权所有",
                                  "某ICP备12345678号", "上一篇:某市召开会议", "您当前的位置: 首页 > 新闻", "分享到:",
                                  "某网甲省> 乙市> 产经>正文", "首页 » 地方 » 甲市"])
def test_page_chrome_is_blanked(line):
    assert is_chrome(line)
    assert matching_line(line) == ""


def test_body_lines_are_not_chrome():
    assert not is_chrome("某市入选第三批国家新型城镇化综合试点。")
    assert not is_chrome("甲市 > 乙县 > 丙镇,城镇化率依次递减。")  # a sentence, not a trail


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))
    return folder


@pytest.fixture
def extract(gazetteer):
    from atlas.reading.extraction import extract_folder

    return lambda folder, **kw: extract_folder(folder, gazetteer, **kw)


def _pilots(result) -> dict[str, tuple[str, object]]:
    rows = result.register[result.register["role"] == "pilot"]
    return {r.adcode: (r.canonical_name, r.batch) for r in rows.itertuples()}


def test_traditional_reposts_with_noise_give_places_named_as_written(tmp_path, extract):
    folder = _write(tmp_path, "repost.txt",
                    "消息稱,河北省威縣(xiàn)、浙江省德清縣入選第二批國家新型城鎮(zhèn)化綜合試點。\n")
    result = extract(folder)
    found = result.mentions[["name", "adcode", "role"]].values.tolist()
    assert ["河北省威縣", "130533", "pilot"] in found
    assert ["浙江省德清縣", "330521", "pilot"] in found
    assert _pilots(result)["130533"] == ("威县", 2)


def test_a_list_of_links_in_traditional_script_is_page_chrome(tmp_path, extract):
    folder = _write(tmp_path, "links.txt", "嘉興市桐鄉市入選試點。\n相關閱讀:\n- [ 03-08]廈門海滄新聞一則\n"
                                           "- [ 03-07]湖州德清又有新消息\n")
    assert set(extract(folder).mentions["line"]) == {1}


def test_big5_file_is_decoded(tmp_path, extract):
    folder = _write(tmp_path, "big5.txt", "青海省西寧市入選第二批國家新型城鎮化綜合試點。\n", encoding="big5")
    result = extract(folder)
    assert "630100" in set(result.mentions["adcode"])
    assert not [i for i in result.issues if i.kind == "unreadable_document"]


def test_spaces_inside_names_are_read_through(tmp_path, extract):
    folder = _write(tmp_path, "spaced.txt", "河北省 威 县入选第二批国家新型城镇化综合试点。\n")
    assert "130533" in set(extract(folder).mentions["adcode"])


def test_page_chrome_names_no_place(tmp_path, extract):
    folder = _write(tmp_path, "chrome.txt", "某地新闻\n相关热词搜索:江苏省 南京市\n浙ICP备0000号 杭州某公司版权所有\n")
    assert extract(folder).mentions.empty


def test_numbered_list_notice_gives_pilots(tmp_path, extract):
    text = ("关于公布第三批试点地区名单的通知\n\n"
            "一、江苏省\n二、河北省\n\n附件:第三批国家新型城镇化综合试点地区名单\n"
            "1. 河北省威县\n2. 浙江省德清县(县)\n3. 吉林省公主岭市范家屯镇\n\n以上地区要抓紧制定方案。\n")
    pilots = _pilots(extract(_write(tmp_path, "notice.txt", text)))
    assert pilots["130533"] == ("威县", 3)
    assert pilots["330521"] == ("德清县", 3)
    assert pilots["220184"] == ("范家屯镇", 3)
    assert pilots["320000"][1] == 3 and pilots["130000"][1] == 3  # the plain numbered list of provinces


def test_table_rows_under_a_list_title_give_pilots(tmp_path, extract):
    text = ("附件 第二批试点名单\n| 序号 | 地区 |\n| 1 | 安徽省宣城市 |\n| 2 | 湖北省宜城市 |\n")
    pilots = _pilots(extract(_write(tmp_path, "table.md", text)))
    assert set(pilots) == {"341800", "420684"}
    assert all(batch == 2 for _, batch in pilots.values())


def test_sentence_lists_give_pilots_with_the_batch_of_their_clause(tmp_path, extract):
    text = ("本省此前已有两地入选。\n"
            "此前,安徽省宣城市入选首批国家新型城镇化综合试点,湖北省宜城市、浙江省德清县入选第二批国家新型城镇化综合试点。\n")
    pilots = _pilots(extract(_write(tmp_path, "news.txt", text)))
    assert pilots["341800"][1] == 1
    assert pilots["420684"][1] == 2 and pilots["330521"][1] == 2


def test_another_programme_is_not_a_national_pilot(tmp_path, extract):
    text = "第二批省级特色小镇名单公布,浙江省德清县莫干山镇、湖北省宜城市入选省级特色小镇创建名单。\n"
    result = extract(_write(tmp_path, "other.txt", text))
    assert not _pilots(result)
    roles = set(result.mentions["role"])
    assert roles == {"other_programme"}
    assert set(result.register["role"]) == {"other_programme"}


def test_batch_from_the_documents_own_notice_number(tmp_path, extract):
    text = "关于公布试点地区名单的通知\n发改规划〔2015〕2665号\n同意将河北省威县等地列为国家新型城镇化综合试点地区。\n"
    assert _pilots(extract(_write(tmp_path, "n.txt", text)))["130533"][1] == 2


def test_batch_option_where_the_document_says_none(tmp_path, extract):
    text = "河北省威县入选国家新型城镇化综合试点。\n"
    assert _pilots(extract(_write(tmp_path, "n.txt", text), batch=3))["130533"][1] == 3


def test_table_of_contents_without_sections_gives_pilots(tmp_path, extract):
    text = ("目录\n一、总体方案....................1\n二、试点地区试点工作方案要点..........5\n"
            "1. 河北省威县试点工作方案要点..........6\n2. 天津市蓟县试点工作方案要点.........9\n"
            "3. 浙江省德清县试点工作\n")
    result = extract(_write(tmp_path, "toc.txt", text))
    pilots = _pilots(result)
    assert set(pilots) == {"130533", "120119", "330521"}  # 蓟县 is 蓟州区 today; the last entry is cut short
    assert [i.kind for i in result.issues if i.kind.startswith("toc")] == ["toc_without_sections"]


def test_towns_of_the_sections_place_resolve_through_it(tmp_path, extract):
    # 长安镇 is a town in many provinces; the paragraph is about 东莞
    text = "东莞市推进扩权强镇,虎门镇、长安镇承接了更多县级管理权限。\n"
    found = extract(_write(tmp_path, "towns.txt", text)).mentions
    assert found.set_index("name").loc["长安镇", "adcode"] == "441900"
    # 东莞 has no counties: the town is placed at its city's point, and says so
    assert found.set_index("name").loc["长安镇", "precision"] == "prefecture"


def test_words_ending_like_town_names_are_not_towns(tmp_path, extract):
    text = "推动农业转移人口向城镇转移,发展特色小城镇和中心镇,推进就地城镇化。\n"
    assert extract(_write(tmp_path, "words.txt", text)).mentions.empty


def test_gb18030_file_with_one_bad_byte_is_read_with_a_quality_row(tmp_path, extract):
    data = "河北省威县入选第二批国家新型城镇化综合试点。\n".encode("gb18030")
    folder = _write(tmp_path, "x.txt", "")
    (folder / "bad.txt").write_bytes(data[:14] + b"\xff" + data[14:])  # a stray byte after 河北省威县入选
    result = extract(folder)
    assert "130533" in set(result.mentions["adcode"])
    assert [i.name for i in result.issues if i.kind == "encoding_replaced"] == ["bad.txt"]


def test_gb18030_file_with_one_utf8_line_is_not_mojibake(tmp_path):
    from atlas.reading.sources import decode

    data = ("河北省威县\n浙江省德清县\n".encode("gb18030") + "湖北省宜城市\n".encode("utf-8")
            + "吉林省公主岭市\n".encode("gb18030"))
    text, replaced, mixed = decode(data, tmp_path / "x.txt")
    assert text.splitlines() == ["河北省威县", "浙江省德清县", "湖北省宜城市", "吉林省公主岭市"]
    assert (replaced, mixed) == (0, 1)


def test_gbk_text_is_never_read_as_mojibake(tmp_path):
    from atlas.reading.sources import decode

    text = "国家新型城镇化综合试点地区名单\n各省、自治区、直辖市发展改革委:\n"
    assert decode(text.encode("gbk"), tmp_path / "x.txt")[0] == text


def test_zones_resolve_through_their_place(tmp_path, extract):
    text = ("某市推进产城融合案例\n湖北省仙桃市推进产城融合案例\n"
            "一、主要做法\n仙桃市规划建设南城新区,推动各类园区整合,全面放开新区落户限制。\n"
            "安徽省宣城市宣城经济技术开发区吸纳就业。\n")
    found = extract(_write(tmp_path, "zones.txt", text)).mentions.set_index("name")
    assert found.loc["南城新区", "adcode"] == "429004" and found.loc["南城新区", "level"] == "new_area"
    assert found.loc["宣城经济技术开发区", "adcode"] == "341800"
    assert found.loc["宣城经济技术开发区", "precision"] == "prefecture"  # placed at its city's point
    assert "全面放开新区" not in found.index and "各类园区" not in found.index


def test_a_province_with_a_count_is_not_one_of_the_selected(tmp_path, extract):
    text = "河北省三地入选第三批国家新型城镇化综合试点。\n此前,浙江省德清县、湖北省宜城市两地入选第二批国家新型城镇化综合试点。\n"
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert "130000" not in pilots  # the province holds the three
    assert pilots["330521"][1] == 2 and pilots["420684"][1] == 2  # two places, 两地: the run itself


def test_counted_lists_and_lists_after_including(tmp_path, extract):
    text = ("某省办公室通知,同意将甲省不存在市、河北省威县等5个县(市、区)和浙江省德清县莫干山镇等2个建制镇列为"
            "第四批国家新型城镇化综合试点。\n"
            "第四批国家新型城镇化综合试点包括湖北省宜城市、孝昌县;安徽省宣城市;吉林省公主岭市。\n")
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert {"130533", "330521", "420684", "420921", "341800", "220184"} <= set(pilots)
    assert all(batch == 4 for _, batch in pilots.values())


def test_a_document_about_another_programme_names_no_national_pilot(tmp_path, extract):
    text = ("某省公布省级特色小镇创建名单\n"
            "名单显示,河北省威县、浙江省德清县2个县入选。\n")
    result = extract(_write(tmp_path, "n.txt", text))
    assert not _pilots(result)
    assert set(result.mentions["role"]) == {"other_programme"}


def test_chosen_as_a_counted_list_and_carrying_out_a_trial_is_not_selection(tmp_path, extract):
    text = ("某省确定湖北省宜城市、浙江省德清县等5个市县为省级新型城镇化试点。\n"
            "关于国家新型城镇化综合试点的通知\n河北省威县开展了社区服务试点。\n")
    result = extract(_write(tmp_path, "n.txt", text))
    roles = dict(zip(result.mentions["adcode"], result.mentions["role"]))
    assert roles["420684"] == roles["330521"] == "other_programme"
    assert roles["130533"] == "example"


def test_towns_after_a_particle(tmp_path, extract):
    text = "湖北省宜城市推进户籍制度改革,该市所辖的雷河镇试行居住证,全市有孔湾镇等重点镇,推进的城镇化有了小城镇的发展。\n"
    found = set(extract(_write(tmp_path, "t.txt", text)).mentions["name"])
    assert {"雷河镇", "孔湾镇"} <= found and "小城镇" not in found


def test_provinces_counted_then_joined_to_a_counted_list_are_in_it(tmp_path, extract):
    text = "报道称,当年将浙江、湖北两省和宜城等30个城市(镇)列为国家新型城镇化综合试点地区。\n"
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert {"330000", "420000", "420684"} <= set(pilots)


def test_a_count_that_is_not_the_lists_length_does_not_join(tmp_path, extract):
    text = "报道称,浙江、湖北三省和宜城等30个城市(镇)列为国家新型城镇化综合试点地区。\n"
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert "420684" in pilots and "330000" not in pilots


def test_a_list_after_namely_in_a_county_seat_programme_is_another_programme(tmp_path, extract):
    text = ("某省公布了以县城为重要载体的新型城镇化试点名单。\n"
            "名单包括3个县城,具体为湖北省宜城市、浙江省德清县以及河北省威县。\n")
    result = extract(_write(tmp_path, "n.txt", text))
    roles = dict(zip(result.mentions["adcode"], result.mentions["role"]))
    assert roles == {"420684": "other_programme", "330521": "other_programme", "130533": "other_programme"}


def test_size_words_before_town_are_not_town_names(tmp_path, extract):
    text = "在大城镇建设新城区,引导人口向中小城镇和重点城镇集聚。\n"
    assert extract(_write(tmp_path, "w.txt", text)).mentions.empty


def test_group_lines_of_a_titled_list_give_their_places_not_the_group(tmp_path, extract):
    text = ("附件：第四批国家新型城镇化综合试点地区名单\n"
            "河北省：威县、定州市清风店镇\n"
            "湖北省(2个)：宜城市、孝昌县\n")
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert set(pilots) == {"130533", "130682", "420684", "420921"}
    assert all(batch == 4 for _, batch in pilots.values())


@pytest.mark.parametrize("rows", [
    "| 序号 | 省份 | 地区 | 类型 |\n| --- | --- | --- | --- |\n| 1 | 河北省 | 威县 | 县 |\n| 2 | 湖北省 | 宜城市、孝昌县 | 县 |\n",
    "序号\t省份\t地区\n1\t河北省\t威县\n2\t湖北省\t宜城市\n3\t湖北省\t孝昌县\n",
])
def test_table_rows_with_a_province_column_give_the_places_of_the_last_column(tmp_path, extract, rows):
    text = "第四批国家新型城镇化综合试点地区名单\n" + rows
    pilots = _pilots(extract(_write(tmp_path, "t.md", text)))
    assert set(pilots) == {"130533", "420684", "420921"}


def test_respective_batches_of_a_list(tmp_path, extract):
    text = "记者获悉,此前宜城、孝昌已分别列入第一批、第二批国家新型城镇化综合试点。\n"
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert pilots["420684"][1] == 1 and pilots["420921"][1] == 2


def test_news_forms_of_selection(tmp_path, extract):
    text = ("宜城市被国家发展改革委等11部门确定为第三批国家新型城镇化综合试点地区。\n"
            "日前第三批国家新型城镇化综合试点名单公布,本省孝昌县、德清县名列其中。\n"
            "威县是第三批国家新型城镇化综合试点地区之一。\n"
            "国家新型城镇化综合试点地区——安徽省宣城市近日召开推进会。\n")
    pilots = _pilots(extract(_write(tmp_path, "n.txt", text)))
    assert {"420684", "420921", "330521", "130533", "341800"} <= set(pilots)
    assert pilots["420684"][1] == 3


def test_sentences_that_only_describe_a_place_select_nothing(tmp_path, extract):
    text = ("关于国家新型城镇化综合试点的报道\n"
            "宜城市是湖北省的县级市,被誉为鱼米之乡。\n孝昌县是开展试点工作较早的县。\n威县被当地群众称为棉花之乡。\n")
    assert not _pilots(extract(_write(tmp_path, "n.txt", text)))


def test_a_short_form_named_as_a_model_is_a_mention(tmp_path, extract):
    text = "各地可借鉴“宜城模式”和孝昌经验,但大方经验不是地名。\n"
    names = set(extract(_write(tmp_path, "n.txt", text)).mentions["canonical_name"])
    assert names == {"宜城市", "孝昌县"}


def test_national_new_areas_after_their_city(tmp_path, extract):
    text = "成都天府新区、重庆两江新区和雄安新区探索新区与行政区融合的管理体制。\n"
    found = extract(_write(tmp_path, "n.txt", text)).mentions
    assert set(found["canonical_name"]) == {"天府新区", "两江新区", "雄安新区"}
    assert set(found["adcode"]) == {"510000", "500000", "130600"}  # each lies in the unit holding all it spans


def test_a_name_shared_by_a_province_reads_as_one_among_provinces(tmp_path, extract):
    text = "名单里湖南、湖北、河南各有3个,吉林、辽宁两省各有2个。\n"
    found = dict(zip(extract(_write(tmp_path, "n.txt", text)).mentions["name"],
                     extract(_write(tmp_path, "n.txt", text)).mentions["adcode"]))
    assert found["河南"] == "410000" and found["吉林"] == "220000"


def test_short_forms_before_a_particle_or_after_an_exclamation(tmp_path, extract):
    text = "好消息!宜城这3个镇入选。东莞的做法值得借鉴,但富民的政策和平原的农业不是地名。\n"
    names = set(extract(_write(tmp_path, "n.txt", text)).mentions["canonical_name"])
    assert names == {"宜城市", "东莞市"}
