"""Figure reading rules, each on a sentence of our own wording."""

import pytest

from atlas.reading.figures import read_figures


def one(text, metric=None):
    figures, _ = read_figures(text)
    if metric:
        figures = [f for f in figures if f.metric == metric]
    assert len(figures) == 1, figures
    return figures[0]


def test_units_are_normalised():
    assert one("甲镇总人口 12345 人。").value == pytest.approx(1.2345)
    assert one("甲州总面积 2.5 万平方公里。").value == 25000
    assert one("甲县面积 800 平方千米。").value == 800


@pytest.mark.parametrize("text, qualifier", [
    ("常住人口约 30 万人。", "约"), ("常住人口 30 万人以上。", "以上"), ("常住人口 30 万人左右。", "左右"),
    ("常住人口 30 万多人。", "多"), ("常住人口超过 30 万人。", "超过"),
])
def test_qualifiers_are_kept(text, qualifier):
    assert one(text).qualifier == qualifier


def test_range_keeps_both_ends():
    figure = one("到2020年城镇人口达到8—9万人。")
    assert (figure.value, figure.value_high, figure.year, figure.is_target) == (8, 9, 2020, True)


def test_respectively_pairs_keywords_with_values():
    figures, _ = read_figures("2015年,甲市常住人口和户籍人口城镇化率分别达到61.5%和40.2%。")
    assert {(f.metric, f.value) for f in figures} == {
        ("urbanization_rate_resident_pct", 61.5), ("urbanization_rate_hukou_pct", 40.2)}


def test_respectively_pairs_years_with_values():
    figures, _ = read_figures("到2017年和2020年,常住人口城镇化率分别达到50%和55%左右。")
    assert [(f.year, f.value, f.is_target) for f in figures] == [(2017, 50, True), (2020, 55, True)]


def test_rise_from_to():
    figures, _ = read_figures("城镇化率由2011年的40.5%提升至2015年的48%。")
    assert [(f.value, f.year) for f in figures] == [(40.5, 2011), (48, 2015)]


def test_unqualified_rate_is_resident():
    assert one("乙县城镇化率为 47%。").metric == "urbanization_rate_resident_pct"


def test_year_and_target_markers():
    figures, _ = read_figures("2014年,甲县常住人口20万人;到2018年,常住人口城镇化率达到60%。")
    assert [(f.year, f.is_target) for f in figures] == [(2014, False), (2018, True)]
    base = one("在2016年基础上,城镇人口增加到9万人。")
    assert base.year is None  # "在2016年基础上" is a reference, not the figure's year


def test_history_date_is_not_carried_to_an_undated_figure():
    figures, _ = read_figures("甲市1998年设市。全市面积900平方公里。")
    assert figures[0].year is None


def test_placeholders_are_never_numbers():
    assert read_figures("X市常住人口X万人,城镇化率X%,完成X个项目。")[0] == []


@pytest.mark.parametrize("text", ["转移农业人口约3万人。", "新增户籍人口500人。", "城区常住人口300万以下城市取消限制。",
                                  "人口和面积分别占全市的40%、30%。"])
def test_not_population_figures(text):
    assert read_figures(text)[0] == []


def test_core_area_population_has_its_own_key():
    assert one("镇区常住人口 6 万人。").metric == "resident_pop_core_10k"
    assert one("建成区面积 12 平方公里。").metric == "builtup_area_km2"


def test_brackets_are_marked():
    figures, _ = read_figures("区域面积100平方公里(其中核心区面积20平方公里)。")
    assert [f.in_brackets for f in figures] == [False, True]
