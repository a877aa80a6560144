"""Command-line behaviour: errors are one clear line, problems are counted, exit codes mean something."""

from atlas.cli import EXIT_FATAL, EXIT_OK, EXIT_SKIPPED, main
from tests.conftest import copy_seed


def test_missing_sources_folder(tmp_path, capsys, layers):
    code = main(["--sources", str(tmp_path / "missing"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_FATAL
    assert err.count("\n") == 0 and "missing" in err and "not found" in err


def test_unreadable_document_is_skipped_and_reported(seeds_dir, tmp_path, capsys):
    docs = tmp_path / "docs"
    copy_seed(seeds_dir, docs)
    (docs / "broken.txt").write_bytes(b"\x00\xff\x00garbage")
    code = main(["--sources", str(docs), "--out", str(tmp_path / "out"), "--no-known-batches", "--web-only"])
    out = capsys.readouterr()
    assert code == EXIT_SKIPPED
    assert "broken.txt" in out.err
    assert "59 located" in out.out  # the document's pilots only: the batch lists are not merged
    assert "batch 2 (2015): 59 of 73 pilots known" in out.out
    quality = (tmp_path / "out" / "data" / "quality.csv").read_text(encoding="utf-8")
    assert "unreadable_document,broken.txt" in quality


def test_unknown_locality_is_a_quality_row_not_a_drop(tmp_path, capsys, layers):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "b.txt").write_text(
        "第九批国家新型城镇化综合试点 工作方案要点\n| 河北省无名镇试点工作方案要点..... | 1 |\n"
        "| 北京市房山区试点工作方案要点..... | 2 |\n", encoding="utf-8")
    code = main(["--sources", str(docs), "--out", str(tmp_path / "out"), "-q", "--web-only"])
    assert code == EXIT_OK
    register = (tmp_path / "out" / "data" / "register.csv").read_text(encoding="utf-8")
    quality = (tmp_path / "out" / "data" / "quality.csv").read_text(encoding="utf-8")
    assert "无名镇" in register and "unresolved" in register
    assert "unresolved,无名镇,b.txt,2,no place of this name" in quality
    assert "toc_without_sections" in quality
    assert capsys.readouterr().out == ""
