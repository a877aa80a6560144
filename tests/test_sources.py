import pytest

from atlas.reading.sources import SourceError, read_document, read_folder


def test_html_markup_is_stripped_and_line_numbers_kept(tmp_path):
    doc = tmp_path / "page.txt"
    doc.write_text(
        "---\ntitle: '关于推广试点经验的通知'\ndate: Mon, 30 Aug 2021\n---\n"
        "<div><p>　　<font>一、总标题</font></p>\n"
        "<p>甲省乙市&amp;丙县 &lt;b&gt; ３０万人</p>\n"
        "<style>\n.x { color: red }\n</style>\n"
        "<script>alert(1)</script><p>尾行</p>\n",
        encoding="utf-8",
    )
    d = read_document(doc)
    assert d.title == "关于推广试点经验的通知"
    assert d.date.startswith("Mon")
    assert d.lines[4] == "一、总标题"           # line 5, NFKC removed the ideographic spaces
    assert d.lines[5] == "甲省乙市&丙县 <b> 30万人"  # entities unescaped, full-width digits folded
    assert ".x" not in "".join(d.lines)
    assert d.lines[9] == "尾行" and "alert" not in d.lines[9]
    assert len(d.lines) == 11


def test_gb18030_and_bom_are_decoded(tmp_path):
    (tmp_path / "gbk.txt").write_bytes("第二批试点：河北省威县".encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes("\ufeff第三批".encode("utf-8"))
    docs, errors = read_folder(tmp_path)
    assert not errors
    assert [d.lines[0] for d in docs] == ["第三批", "第二批试点:河北省威县"]


def test_binary_file_is_reported_and_others_still_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "b.txt").write_text("正文", encoding="utf-8")
    docs, errors = read_folder(tmp_path)
    assert [d.id for d in docs] == ["b.txt"]
    assert len(errors) == 1 and "a.txt" in str(errors[0]) and "binary" in str(errors[0])


def test_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(SourceError, match="sources folder not found"):
        read_folder(tmp_path / "nope")
