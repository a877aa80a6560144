"""Attribution of figures to a pilot or to another area, on our own wording."""

import pytest

from atlas.reading.facts import Subject, section_facts
from atlas.reading.scanner import PlaceScanner
from atlas.reading.text import Paragraph


def para(text, line=10):
    return Paragraph(text, tuple([line] * len(text)))


@pytest.fixture(scope="module")
def scanner(gazetteer):
    return PlaceScanner(gazetteer)


TOWN = Subject("林海镇", "林海镇", "220802", ("林海镇",), "town")
CITY = Subject("茂名市", "茂名市", "440900", ("茂名市", "茂名"), "prefecture")


def test_containing_city_figures_are_not_the_towns(scanner):
    rows, issues = section_facts([para("白城市是区域中心城市,全市面积 2.6 万平方公里。林海镇总人口 4 万人。")],
                                 TOWN, "d.txt", scanner)
    assert [(r.metric, r.value) for r in rows] == [("population_10k", 4)]
    assert {i.kind for i in issues} == {"figure_other_area"}


def test_zone_and_scope_mismatch(scanner):
    text = "茂名高新技术产业开发区是工业基地,全域面积 81 平方公里。2014 年全区常住人口 30 万人。茂名市户籍人口 700 万人。"
    rows, issues = section_facts([para(text)], CITY, "d.txt", scanner)
    assert [(r.metric, r.value) for r in rows] == [("hukou_pop_10k", 700)]
    assert len(issues) == 2


def test_goal_heading_makes_targets(scanner):
    rows, _ = section_facts([para("2014年,茂名市常住人口城镇化率 40%。"), para("一、总体目标", 12),
                             para("常住人口城镇化率达到 60%。", 14)], CITY, "d.txt", scanner)
    assert [(r.value, r.is_target, r.line) for r in rows] == [(40, False, 10), (60, True, 14)]


def _example_rows(tmp_path, geocoder, text):
    from atlas.reading.facts import example_facts
    from atlas.reading.mentions import MentionExtractor
    from atlas.reading.sources import read_document

    path = tmp_path / "case.txt"
    path.write_text(text, encoding="utf-8")
    items = list(MentionExtractor(geocoder).scan(read_document(path)))
    return example_facts(items, "case.txt")


def test_figure_without_a_place_in_its_sentence_is_the_paragraphs_topic(tmp_path, geocoder):
    rows, issues = _example_rows(tmp_path, geocoder, "威海市现辖环翠区、文登区和乳山市。常住人口280万人。\n")
    assert [(r.canonical_name, r.metric, r.value) for r in rows] == [("威海市", "resident_pop_10k", 280)]


def test_totals_of_several_places_are_reported(tmp_path, geocoder):
    rows, issues = _example_rows(tmp_path, geocoder, "推动泸县、合江发展。截至2015年四县县城人口65万人。\n")
    assert rows == []
    assert [i.kind for i in issues] == ["figure_not_attributed"] and "several" in issues[0].detail


def test_figure_after_an_ambiguous_name_is_not_handed_to_another_place(tmp_path, geocoder):
    rows, issues = _example_rows(tmp_path, geocoder, "湖北随州筹集公租房约1万套,鼓楼区筹集公租房约2万套。\n")
    assert [(r.canonical_name, r.value) for r in rows] == [("随州市", 10000)]
    assert "not resolved" in issues[0].detail
