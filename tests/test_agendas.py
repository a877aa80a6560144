"""Pilots' agendas (task headings by numbering level, classified by theme) and targets per year."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.analysis.agendas import THEME_KEYS, classify, pilot_theme_table, theme_region_matrix
from atlas.analysis.targets import per_year, target_table
from atlas.analysis.themes import OTHER, plan_themes
from atlas.reading.agendas import agenda_items, part_kind

# A made-up plan in the usual layout: goals, tasks with a sub-level, safeguards written inline.
PLAN = [
    "某县新型城镇化试点方案",
    "一、发展目标",
    "（一）到2020年常住人口城镇化率达到50%",
    "二、重点改革举措",
    "（一）放开县城落户限制，推行居住证制度",
    "1.简化落户手续",
    "2.完善居住证待遇",
    "（二）设立城镇建设基金；引入社会资本",
    "（三）推进撤镇设市",
    "三、实施保障",
    "（一）加强组织领导。县里成立领导小组。",
]


def test_items_are_the_first_level_under_task_parts():
    items = agenda_items(list(enumerate(PLAN, start=1)))
    assert [(i.line, i.mark) for i in items] == [(5, "（一）"), (8, "（二）"), (9, "（三）")]
    assert items[1].text == "设立城镇建设基金"  # cut at the first sentence end
    assert items[0].part == "二、重点改革举措"


def test_a_part_that_skips_a_level_gives_its_numbered_items():
    lines = ["一、主要任务", "1.推进农村土地制度改革", "2.深化户籍制度改革", "二、保障措施", "1.强化考核"]
    assert [i.line for i in agenda_items(list(enumerate(lines, 1)))] == [2, 3]


def test_without_a_part_named_as_tasks_every_part_but_goals_and_safeguards_counts():
    lines = ["一、总体目标", "（一）提高城镇化率", "二、城镇化发展路径", "（一）发展特色产业", "三、保障措施", "（一）加强领导"]
    assert [i.text for i in agenda_items(list(enumerate(lines, 1)))] == ["发展特色产业"]
    assert (part_kind("四、组织实施"), part_kind("二、改革任务"), part_kind("二、试点路径")) == ("other", "tasks", "unnamed")


def test_no_numbered_parts_no_agenda():
    assert agenda_items(list(enumerate(["正文一段。", "（一）孤立的条目"], 1))) == []


@pytest.mark.parametrize("text, expected", [
    ("放开县城落户限制，推行居住证制度", ("hukou",)),
    ("建立农业转移人口市民化成本分担机制", ("citizenization", "finance")),
    ("推进撤镇设市", ("admin",)),
    ("盘活农村闲置宅基地", ("land", "rural_urban")),
    ("实施“多规合一”", ("planning",)),
    ("统一思想认识", (OTHER,)),
])
def test_heading_themes(text, expected):
    assert plan_themes(text) == expected


def _items():
    rows = [("甲县", "1", 5, "（一）", "放开县城落户限制，推行居住证制度"),
            ("甲县", "1", 8, "（二）", "设立城镇建设基金"),
            ("乙市", "2", 30, "（一）", "统一思想认识"),
            ("丙镇", "3", 50, "（一）", "推进撤镇设市")]
    return classify(pd.DataFrame([{"name": n, "canonical_name": n, "adcode": a, "doc": "plan.txt", "page": None,
                                   "line": ln, "mark": m, "text": t} for n, a, ln, m, t in rows]))


def test_classified_items_keep_a_short_label_and_their_line():
    items = _items()
    assert items.loc[0, "heading"] == "（一）放开县城落户限制"
    assert items.loc[0, "themes"] == "hukou"
    assert "text" not in items.columns
    assert classify(items).equals(items)  # a saved table reads back as it is


def test_pilot_theme_table_and_region_shares():
    pilots = pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "1", "province": "A", "region": "East"},
                           {"name": "乙市", "canonical_name": "乙市", "adcode": "2", "province": "A", "region": "East"},
                           {"name": "丙镇", "canonical_name": "丙镇", "adcode": "3", "province": "B", "region": "West"},
                           {"name": "丁区", "canonical_name": "丁区", "adcode": "4", "province": "B", "region": "West"}])
    table = pilot_theme_table(_items(), pilots).set_index("name")
    assert table.loc["甲县", "sources"] == "plan.txt:5;plan.txt:8"
    assert (table.loc["甲县", "hukou"], table.loc["甲县", "finance"], table.loc["甲县", "themes"]) == (1, 1, 3)  # 城镇建设基金: urban too
    assert (table.loc["乙市", OTHER], table.loc["乙市", "themes"], table.loc["丁区", "items"]) == (1, 0, 0)
    matrix = theme_region_matrix(table.reset_index())
    assert matrix.loc["East", "hukou"] == 0.5  # one of the two eastern pilots with an agenda
    assert matrix.loc["West", "admin"] == 1.0  # 丁区 has no agenda: not counted
    assert list(matrix["n"]) == [2, 1, 3]
    assert set(THEME_KEYS) <= set(matrix.columns)


def test_per_year_rate_against_a_hand_computed_value():
    # 31.5% in 2014 → 43.2% by 2020: 11.7 pp over 6 years = 1.95 pp a year
    assert per_year(31.5, 2014, 43.2, 2020) == pytest.approx(1.95)
    assert per_year(60.0, 2015, 54.0, 2017) == pytest.approx(-3.0)
    assert per_year(40.0, 2017, 45.0, 2017) is None


def test_target_table_pairs_profile_and_each_target_year():
    register = pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "1", "province": "A",
                              "region": "East", "role": "pilot", "status": "resolved"}])
    fact = dict(adcode="1", canonical_name="甲县", qualifier="", doc="plan.txt")
    facts = pd.DataFrame([
        {**fact, "metric": "urbanization_rate_hukou_pct", "value": 30.0, "year": 2014, "is_target": False, "line": 2},
        {**fact, "metric": "urbanization_rate_hukou_pct", "value": 36.0, "year": 2017, "is_target": True, "line": 6},
        {**fact, "metric": "urbanization_rate_hukou_pct", "value": 42.0, "year": 2020, "is_target": True, "line": 7},
        {**fact, "metric": "urbanization_rate_resident_pct", "value": 50.0, "year": None, "is_target": False, "line": 2},
        {**fact, "metric": "urbanization_rate_resident_pct", "value": 60.0, "year": 2020, "is_target": True, "line": 7},
    ])
    table = target_table(register, facts)
    assert list(table["target_year"]) == [2017, 2020]  # the undated resident profile gives no rate
    assert list(table["change_per_year"]) == [pytest.approx(2.0), pytest.approx(2.0)]
    assert table.loc[1, "target_minus_national"] == pytest.approx(-3.0)  # 42 against the plan's 45
    assert pd.isna(table.loc[0, "target_minus_national"])  # 2017 is not the plan's year
    assert table.loc[1, "profile_source"] == "plan.txt:2" and table.loc[1, "target_source"] == "plan.txt:7"


@pytest.mark.seeds
def test_every_second_batch_pilot_has_an_agenda(seed_build):
    out, report = seed_build
    table = pd.read_csv(out / "data" / "agendas.csv", dtype={"adcode": str})
    register = report.register
    # the pilots the work-plans document names (batches.csv adds others, whose plans are not among the seeds)
    pilots = register[(register["role"] == "pilot") & (register["batch"] == 2) & (register["status"] == "resolved")
                      & register["sources"].str.contains("001_caf814f1c39d1a4b.txt", regex=False)]
    assert len(pilots) >= 55
    planned = table[(table["items"] > 0) & (table["themes"] >= 1)]
    missing = set(zip(pilots["adcode"], pilots["canonical_name"])) - set(zip(planned["adcode"], planned["canonical_name"]))
    assert not missing
    items = pd.read_csv(out / "data" / "agenda_items.csv", dtype={"adcode": str})
    assert items["doc"].eq("001_caf814f1c39d1a4b.txt").all() and items["line"].gt(0).all()
    shipped = pd.read_csv(out / "derived" / "agendas.csv", dtype={"adcode": str})
    assert len(shipped) == len(items) and "text" not in shipped.columns
