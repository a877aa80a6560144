"""PDF, Word and saved web pages: the same facts as from text, with page-aware citations.

The fixture files are made here from our own wording (reportlab for PDF,
python-docx for Word), never copies of published files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from atlas.reading.formats import FormatError
from atlas.reading.formats.pdf import read_pdf
from atlas.reading.formats.webpage import blank_furniture

TITLE = "关于公布第二批试点地区名单的通知"
BODY = ["河北省威县常住人口60万人，常住人口城镇化率为45%。",
        "浙江省德清县户籍人口城镇化率为38%，入选第二批国家新型城镇化综合试点。"]
TABLE = [["序号", "地区", "批次"], ["1", "湖北省宜城市", "第二批"], ["2", "安徽省宣城市", "第二批"]]
LIST_TITLE = "附件:第二批国家新型城镇化综合试点地区名单"


def _text() -> str:
    rows = ["| " + " | ".join(r) + " |" for r in TABLE]
    return "\n".join([TITLE, "", *BODY, "", LIST_TITLE, *rows]) + "\n"


def _pdf(path: Path, *, two_columns: bool = True, encrypt: str | None = None, text: bool = True) -> Path:
    reportlab = pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    assert reportlab
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4

    def furniture(number: int) -> None:
        c.setFont("STSong-Light", 9)
        c.drawString(40, height - 30, "某某委员会文件")
        c.drawString(width / 2, 25, f"- {number} -")

    furniture(1)
    c.setFont("STSong-Light", 11)
    if not text:
        c.rect(60, 300, 400, 300, fill=1)  # an image-like page: no text layer
    elif two_columns:
        c.drawString(40, height - 100, TITLE)
        halves = [(BODY[0][:14], BODY[0][14:]), (BODY[1][:20], BODY[1][20:])]
        for i, (first, second) in enumerate(halves):  # column 1 then column 2, each a sentence over two lines
            x = 40 if i == 0 else 310
            c.drawString(x, height - 140, first)
            c.drawString(x, height - 156, second)
            c.drawString(x, height - 172, "（完）")
    c.showPage()
    if text:
        furniture(2)
        c.setFont("STSong-Light", 11)
        c.drawString(40, height - 100, LIST_TITLE)
        y = height - 130
        for row in TABLE:
            for x, cell in zip((40, 140, 330), row):
                c.drawString(x, y, cell)
            y -= 18
        c.showPage()
    c.save()
    return path


def _docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for line in BODY:
        document.add_paragraph(line)
    document.add_paragraph(LIST_TITLE)
    table = document.add_table(rows=len(TABLE), cols=3)
    for row, values in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(str(path))
    return path


@pytest.fixture
def three_formats(tmp_path):
    folders = {}
    for kind in ("txt", "pdf", "docx"):
        folder = tmp_path / kind
        folder.mkdir()
        target = folder / f"notice.{kind}"
        if kind == "txt":
            target.write_text(_text(), encoding="utf-8")
        elif kind == "pdf":
            _pdf(target)
        else:
            _docx(target)
        folders[kind] = folder
    return folders


def test_pdf_reading_order_tables_and_running_furniture(tmp_path):
    extracted = read_pdf(_pdf(tmp_path / "a.pdf").read_bytes())
    lines = list(extracted.lines)
    assert "某某委员会文件" not in lines and "- 1 -" not in lines  # running header and page numbers dropped
    first, second = lines.index(BODY[0][:14]), lines.index(BODY[1][:20])
    assert lines[first + 1] == BODY[0][14:] and first < second  # left column read before the right one
    assert "| 1 | 湖北省宜城市 | 第二批 |" in lines  # a table row stays one line
    assert extracted.pages[lines.index(LIST_TITLE)] == 2


def test_same_facts_from_text_pdf_and_word(three_formats, gazetteer):
    from atlas.reading.extraction import extract_folder

    results = {kind: extract_folder(folder, gazetteer) for kind, folder in three_formats.items()}
    registers = {kind: set(zip(r.register["adcode"], r.register["role"], r.register["batch"].fillna(0).astype(int)))
                 for kind, r in results.items()}
    facts = {kind: set(zip(r.facts["adcode"], r.facts["metric"], r.facts["value"])) for kind, r in results.items()}
    assert registers["txt"] == registers["pdf"] == registers["docx"]
    assert {("420684", "pilot", 2), ("341800", "pilot", 2), ("330521", "pilot", 2),
            ("130533", "example", 0)} <= registers["txt"]
    assert facts["txt"] == facts["pdf"] == facts["docx"]
    assert ("130533", "urbanization_rate_resident_pct", 45.0) in facts["txt"]
    pdf = results["pdf"]
    sources = pdf.register.set_index("adcode").loc["420684", "sources"]
    assert sources.startswith("notice.pdf:2:")  # file:page:line
    assert set(pdf.mentions["page"].dropna()) == {1, 2}
    assert pdf.mentions.loc[pdf.mentions["page"] == 2, "line"].min() >= 1
    assert results["txt"].mentions["page"].isna().all()


@pytest.mark.parametrize("make, reason", [
    (lambda p: _pdf(p, encrypt="secret"), "encrypted PDF"),
    (lambda p: p.write_bytes(_pdf(p).read_bytes()[:400]) and p, "damaged PDF"),
    (lambda p: _pdf(p, text=False), "scanned PDF: 1 page(s) with no text layer"),
])
def test_bad_pdfs_are_one_line_each_and_the_others_are_read(tmp_path, gazetteer, make, reason):
    from atlas.reading.extraction import extract_folder

    folder = tmp_path / "docs"
    folder.mkdir()
    make(folder / "bad.pdf")
    (folder / "good.txt").write_text(_text(), encoding="utf-8")
    result = extract_folder(folder, gazetteer)
    unreadable = [i for i in result.issues if i.kind == "unreadable_document"]
    assert len(unreadable) == 1 and unreadable[0].name == "bad.pdf" and reason in unreadable[0].detail
    assert "\n" not in unreadable[0].detail
    assert "420684" in set(result.register["adcode"])


def test_damaged_word_file_and_old_doc(tmp_path, gazetteer):
    from atlas.reading.extraction import extract_folder

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a package")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "good.txt").write_text(_text(), encoding="utf-8")
    result = extract_folder(folder, gazetteer)
    reasons = {i.name: i.detail for i in result.issues if i.kind == "unreadable_document"}
    assert reasons["broken.docx"].startswith("damaged Word file")
    if shutil.which("antiword") is None:
        assert "antiword" in reasons["old.doc"] and ".docx" in reasons["old.doc"]
    else:
        assert "old.doc" in reasons  # antiword cannot read a file of zeros
    assert "420684" in set(result.register["adcode"])


def test_saved_web_page_keeps_the_article_only(tmp_path, gazetteer):
    from atlas.reading.extraction import extract_folder

    page = ("<html><body>\n<div class='top-nav'>首页 | 北京市 | 上海市</div>\n<div class='article'>\n"
            f"<h1>{TITLE}</h1>\n<p>{BODY[0]}</p>\n</div>\n<div id='footer'>广州市某网站 版权所有</div>\n</body></html>\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "page.html").write_text(page, encoding="utf-8")
    mhtml = ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\n"
             "Content-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n" + page + "\n--b--\n")
    (folder / "page2.mhtml").write_bytes(mhtml.encode("utf-8"))
    result = extract_folder(folder, gazetteer)
    for doc in ("page.html", "page2.mhtml"):
        found = set(result.mentions.loc[result.mentions["doc"] == doc, "adcode"])
        assert found == {"130533"}, doc  # not 北京/上海 from the navigation, not 广州 from the footer
    html_line = result.mentions.loc[result.mentions["doc"] == "page.html", "line"].iloc[0]
    assert html_line == 5  # line numbers are the file's


def test_furniture_left_unclosed_keeps_the_text():
    page = "<div class='nav'>首页\n<p>正文</p>\n"
    assert blank_furniture(page) == page


def test_format_error_is_one_line():
    with pytest.raises(FormatError) as error:
        read_pdf(b"%PDF-1.4 truncated")
    assert "\n" not in str(error.value)


def test_a_long_pdf_is_read_page_by_page(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "long.pdf"
    c = canvas.Canvas(str(path))
    for number in range(1, 41):
        c.setFont("STSong-Light", 11)
        c.drawString(60, 700, f"第{number}段,河北省威县推进改革。")
        c.showPage()
    c.save()
    extracted = read_pdf(path.read_bytes())
    assert len(extracted.lines) == 40 and extracted.pages[-1] == 40
    with pytest.raises(FormatError, match="page limit"):
        read_pdf(path.read_bytes(), max_pages=10)
    assert isinstance(pd.Series(extracted.pages).is_monotonic_increasing, bool)
