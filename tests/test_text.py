"""Paragraph joining and headings."""

from atlas.reading.figures import read_figures
from atlas.reading.text import ThemeTracker, heading, paragraphs
from atlas.reading.sources import read_document


def test_a_sentence_broken_inside_a_word_is_read_as_one(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("一、总体目标\n\n到 2020 年,甲县继续推进各项改革工作,全县城镇化水平稳步提高,常\n\n"
                    "住人口城镇化率达到 60%。\n\n二、主要任务\n", encoding="utf-8")
    paras = list(paragraphs(read_document(path)))
    assert [p.first_line for p in paras] == [1, 3, 7]
    figures, _ = read_figures(paras[1].text)
    assert [(f.metric, f.value, f.year) for f in figures] == [("urbanization_rate_resident_pct", 60, 2020)]
    assert paras[1].line_at(figures[0].pos) == 3  # cited at the line where the figure starts


def test_title_lines_are_not_joined(tmp_path):
    path = tmp_path / "titles.txt"
    path.write_text("甲省乙县国家新型城镇化综合试点工作方案要点正文标题\n乙县位于甲省东部,面积 100 平方公里。\n", encoding="utf-8")
    assert [p.first_line for p in paragraphs(read_document(path))] == [1, 2]


def test_items_of_a_list_by_label_are_not_joined(tmp_path):
    path = tmp_path / "labelled.txt"
    path.write_text("  甲市:甲县云端数字小镇、乙镇山水文旅小镇、丙区智能装备小镇\n\n"
                    "  乙市:丁县湖畔康养小镇、戊镇新材料产业小镇、己区航空物流小镇\n", encoding="utf-8")
    assert [p.first_line for p in paragraphs(read_document(path))] == [1, 3]


def test_headings_and_theme_path():
    assert heading("(三)在推进城市更新方面,主要是改造") == (2, "(三)在推进城市更新方面")
    assert heading("12.推进智慧城市建设。加快促进") == (3, "12.推进智慧城市建设")
    assert heading("2015年,全市人口") is None
    theme = ThemeTracker()
    for text in ("一、甲", "(一)乙", "1.丙", "二、丁"):
        theme.update(text)
    assert theme.path == "二、丁"


def test_a_list_of_links_under_its_header_is_page_chrome():
    from atlas.reading.script import matching_lines

    lines = ["某县推进试点。", "相关报道", "- 某市举办活动", "- 某县召开会议", "热门推荐", "- 某省新闻", "", "正文又起。"]
    assert matching_lines(lines) == ["某县推进试点。", "", "", "", "", "", "", "正文又起。"]
    assert matching_lines(["来源:某报 编辑:某人", "某县推进试点。"]) == ["", "某县推进试点。"]
