"""A document's title and date for citations: front matter, first heading, or none."""

from pathlib import Path

from atlas.reading.sources import Document
from atlas.reading.titles import document_date, document_title, documents_frame


def doc(title: str = "", date: str = "", lines: tuple[str, ...] = ()) -> Document:
    return Document("x.txt", Path("x.txt"), title, date, lines)


def test_a_heading_is_the_title_but_a_section_or_a_salutation_is_not():
    assert document_title(doc("某省城镇化试点  工作要点")) == "某省城镇化试点 工作要点"
    assert document_title(doc("二、加快推进改革")) == ""
    assert document_title(doc("（三）创新机制")) == ""
    assert document_title(doc("各位代表：")) == ""


def test_dates_from_front_matter_or_a_date_line():
    assert document_date(doc(date="2019-04-08 10:00")) == "2019-04-08"
    assert document_date(doc(date="Tue, 02 Mar 2021 08:00:00 GMT")) == "2021-03-02"
    assert document_date(doc(lines=("标题", "", "2018年3月5日"))) == "2018-03-05"
    assert document_date(doc(lines=("标题", "正文提到2018年的目标"))) == ""


def test_frame_has_one_row_per_document():
    frame = documents_frame([doc("甲"), doc("一、乙")])
    assert list(frame.columns) == ["doc", "title", "date"] and list(frame["title"]) == ["甲", ""]
