"""Pilot-list extraction on a small document of our own wording with the seed's traps."""

from atlas.reading.pilots import batch_number, extract_pilots
from atlas.reading.sources import read_document

DOC = """\
第五批国家新型城镇化综合试点 工作方案要点

目 录

| | |
|---|---|
| 北京市甲区试点工作方案要点..... | 1 |
| 吉林省乙镇试点工作方案要点..... | 3 |

| | |
|---|---|
| 上海市丙新区（丁地区）试点工作方案要点..... | 5 |
| 河北省无此镇试点工作方案要点..... | 7 |

北京市甲区国家新型城镇化综合试点 工作方案要点

甲区简介。

吉林省乙镇国家新型城镇化综合试点 工作方案要点

白城市是一座城市。乙镇位于其中。

上海市丙新区（丁地区）国家新型城镇化 综合试点工作方案要点

丁地区简介。

天津市多余区国家新型城镇化综合试点 工作方案要点

多余。
"""


def _doc(tmp_path):
    path = tmp_path / "batch5.txt"
    path.write_text(DOC, encoding="utf-8")
    return read_document(path)


def test_entries_from_split_tables_pair_with_spaced_headers(tmp_path):
    pilots, problems = extract_pilots(_doc(tmp_path))
    assert [p.entry for p in pilots] == ["北京市甲区", "吉林省乙镇", "上海市丙新区(丁地区)", "河北省无此镇"]
    assert pilots[2].header_line == 23  # the header spaced as "城镇化 综合试点工作方案要点"
    assert pilots[1].toc_lines == (8,)
    assert pilots[1].section == (19, 22)
    assert all(p.batch == 5 for p in pilots)


def test_unpaired_entries_and_headers_are_reported_and_title_is_not_a_pilot(tmp_path):
    pilots, problems = extract_pilots(_doc(tmp_path))
    kinds = {(p.kind, p.name) for p in problems}
    assert kinds == {("toc_entry_without_section", "河北省无此镇"), ("section_without_toc_entry", "天津市多余区")}
    assert "第五批" not in [p.entry for p in pilots]


def test_document_without_toc_gives_nothing(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text("同志们：\nX市开展了试点。\n", encoding="utf-8")
    assert extract_pilots(read_document(path)) == ([], [])


def test_batch_number(tmp_path):
    assert batch_number(_doc(tmp_path)) == 5
