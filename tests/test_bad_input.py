"""Bad input: every promise of the README's table, one test each (our own fixtures)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from atlas.cli import EXIT_FATAL, EXIT_OK, main

ROOT = Path(__file__).resolve().parent.parent


def test_fifo_and_undecodable_file_names_are_skipped_not_fatal(tmp_path, gazetteer):
    from atlas.reading.extraction import extract_folder

    folder = tmp_path / "docs"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    (folder / "good.txt").write_text("河北省威县入选第二批国家新型城镇化综合试点。\n", encoding="utf-8")
    with open(os.fsencode(folder) + b"/bad\xff.txt", "wb") as handle:
        handle.write("湖北省宜城市。".encode("utf-8"))
    result = extract_folder(folder, gazetteer)
    reasons = {i.name: i.detail for i in result.issues if i.kind == "unreadable_document"}
    assert "not a regular file" in reasons["pipe.txt"]
    assert "not valid UTF-8" in reasons["bad\\xff.txt"]
    assert "130533" in set(result.register["adcode"])
    from atlas.common.quality import to_frame

    to_frame(result.issues).to_csv(tmp_path / "q.csv")  # the report can be written


def test_a_reader_failure_on_one_document_is_reported_and_the_others_are_read(tmp_path, gazetteer, monkeypatch):
    from atlas.reading import extraction
    from atlas.reading.mentions import MentionExtractor

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_good.txt").write_text("河北省威县推进户籍制度改革。\n", encoding="utf-8")
    (folder / "b_trap.txt").write_text("陷阱:湖北省宜城市。\n", encoding="utf-8")
    scan = MentionExtractor.scan

    def failing(self, doc):
        if doc.id.startswith("b_trap"):
            raise ValueError("a fault of the reader")
        return scan(self, doc)

    monkeypatch.setattr(MentionExtractor, "scan", failing)
    result = extraction.extract_folder(folder, gazetteer, workers=1)
    failed = [i for i in result.issues if i.kind == "reading_failed"]
    assert [i.name for i in failed] == ["b_trap.txt"] and "ValueError: a fault of the reader" in failed[0].detail
    assert "130533" in set(result.mentions["adcode"])  # the other document is read


def test_html_stripping_is_linear(tmp_path):
    from atlas.reading.sources import clean_lines

    for page in ("<style>" + "a\n" * 1_000_000, "<!--" * 500_000, "<script" * 500_000, "<a" * 1_000_000):
        start = time.perf_counter()
        clean_lines(page, True)
        assert time.perf_counter() - start < 20, page[:10]  # quadratic would take hours at these sizes


def test_csv_cells_from_documents_cannot_be_formulas(tmp_path, layers):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "=cmd.txt").write_text("一、=SUM(A1)\n+河北省威县入选第二批国家新型城镇化综合试点。\n@湖北省宜城市推进改革。\n",
                                   encoding="utf-8")
    assert main(["--sources", str(docs), "--out", str(tmp_path / "out"), "-q", "--web-only"]) == EXIT_OK
    for name in ("register.csv", "mentions.csv", "quality.csv", "facts.csv"):
        text = (tmp_path / "out" / "data" / name).read_text(encoding="utf-8-sig")
        cells = [cell for line in text.splitlines() for cell in line.split(",")]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())], name
    mentions = pd.read_csv(tmp_path / "out" / "data" / "mentions.csv", dtype=str)
    assert set(mentions["doc"]) == {"'=cmd.txt"}


def test_output_csvs_open_in_excel_as_utf8(tmp_path, default_build):
    out, _ = default_build
    assert (out / "data" / "register.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(out / "data" / "register.csv").columns[0] == "name"  # pandas skips the BOM


@pytest.mark.parametrize("make_out", [
    lambda docs, tmp: docs,  # the sources folder itself
    lambda docs, tmp: docs / "atlas",  # inside it
    lambda docs, tmp: (tmp / "file").write_text("x") and tmp / "file",  # a file
])
def test_bad_output_folders_are_one_line_and_exit_2(tmp_path, capsys, make_out):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("河北省威县。\n", encoding="utf-8")
    out = make_out(docs, tmp_path)
    assert main(["--sources", str(docs), "--out", str(out), "-q"]) == EXIT_FATAL
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("pilot-atlas:")


def test_data_folder_that_is_a_file_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "data").write_text("x")
    assert main(["--out", str(out), "-q"]) == EXIT_FATAL
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("scheme", ["UserDefined", "FisherJenksSampled"])
def test_schemes_that_need_more_are_refused_and_not_listed(scheme, capsys):
    assert main(["--scheme", scheme, "--out", "never", "-q"]) == EXIT_FATAL
    message = capsys.readouterr().err
    assert scheme in message and "UserDefined," not in message and "Quantiles" in message


def test_undated_urban_above_resident_population_is_reported():
    from atlas.reading.checks import check_facts
    from atlas.reading.extraction import facts_frame

    facts = facts_frame(pd.DataFrame([
        {"name": "某县", "canonical_name": "某县", "adcode": "130533", "metric": metric, "value": value,
         "value_high": None, "year": None, "is_target": False, "qualifier": "", "doc": "d.txt", "line": 3, "raw": ""}
        for metric, value in (("urban_pop_10k", 50.0), ("resident_pop_10k", 40.0))]))
    assert [i.kind for i in check_facts(facts)] == ["figure_inconsistent"]


def test_non_hukou_population_is_not_hukou_population():
    from atlas.reading.figures import read_figures

    assert read_figures("非户籍人口达到12万人。")[0] == []
    assert read_figures("非常住人口约3万人。")[0] == []
    rise = read_figures("户籍人口城镇化率从2014年的41.56%提升至44.65%。", 2016)[0]
    assert [(f.metric, f.value, f.year) for f in rise] == [
        ("urbanization_rate_hukou_pct", 41.56, 2014), ("urbanization_rate_hukou_pct", 44.65, 2016)]


def test_workers_end_when_a_build_is_killed(tmp_path, layers):
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, str(ROOT / "build_maps.py"), "--out", str(out), "-q", "--force"],
                               cwd=ROOT, start_new_session=True)
    children: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not children:
        time.sleep(0.2)
        children = {int(p) for p in subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                                    text=True).stdout.split()}
    if not children:
        process.kill()
        pytest.skip("the build finished before its page workers could be seen")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = {pid for pid in alive if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]}
    assert not alive


@pytest.mark.parametrize("content, args, message", [
    (b"", [], "empty file"),
    ("name,name\n章丘市,x\n".encode(), [], "repeats a column name"),
    ("name\n章丘市\n".encode(), ["--chunk-rows", "0"], "--chunk-rows must be at least 1"),
])
def test_bad_user_tables_are_one_line(tmp_path, capsys, layers, content, args, message):
    table = tmp_path / "in.csv"
    table.write_bytes(content)
    code = main(["geocode", str(table), "--name-col", "name", "-o", str(tmp_path / "o.csv"), "-q", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == EXIT_FATAL and len(err) == 1 and message in err[0]
    assert not (tmp_path / "o.csv").exists()


def test_a_users_own_geometry_column_is_kept(tmp_path, layers, capsys):
    table = tmp_path / "in.csv"
    table.write_text("name,geometry\n章丘市,mine\n", encoding="utf-8")
    assert main(["geocode", str(table), "--name-col", "name", "-o", str(tmp_path / "o.csv"), "-q"]) == EXIT_OK
    out = pd.read_csv(tmp_path / "o.csv", dtype=str)
    assert out.loc[0, "geometry"] == "mine" and out.loc[0, "adcode"] == "370114"
    code = main(["geocode", str(table), "--name-col", "name", "-o", str(tmp_path / "o.geoparquet"), "-q"])
    assert code == EXIT_FATAL and "rename the column" in capsys.readouterr().err


def test_row_numbers_are_file_lines(tmp_path, layers, capsys):
    table = tmp_path / "in.csv"
    table.write_text("name\n章丘市\n\n无此地名\n", encoding="utf-8")
    assert main(["geocode", str(table), "--name-col", "name", "-o", str(tmp_path / "o.csv")]) == EXIT_OK
    assert "row 4:" in capsys.readouterr().out  # header is line 1, a blank line 3 is skipped by the reader


def test_point_on_a_shared_border_is_joined_to_one_unit(layers):
    import numpy as np
    import shapely

    import atlas

    counties = layers["county"].set_index("adcode")
    a, b = counties.loc["110101", "geometry"], counties.loc["110102", "geometry"]
    shared = sorted({tuple(c) for c in shapely.get_coordinates(a)} & {tuple(c) for c in shapely.get_coordinates(b)})
    x, y = shared[len(shared) // 2]
    joined = atlas.join(pd.DataFrame({"lon": [x, x], "lat": [y, y]}))
    assert set(joined["join_status"]) == {"joined"}
    assert joined["county_adcode"].nunique() == 1 and joined.loc[0, "county_adcode"] in ("110101", "110102")
    assert "shared border" in joined.loc[0, "join_reason"] and not np.isnan(joined.geometry.x[0])


def test_swapped_coordinates_give_a_hint(tmp_path, layers, capsys):
    table = tmp_path / "pts.csv"
    table.write_text("lon,lat\n39.9,116.4\n31.2,121.5\n", encoding="utf-8")
    assert main(["join", str(table), "-o", str(tmp_path / "o.csv")]) == EXIT_OK
    assert "swapped" in capsys.readouterr().err


def test_users_register_builds_without_the_shipped_facts(tmp_path, capsys):
    mine = tmp_path / "mine.csv"
    mine.write_text("name,province,batch,role\n襄樊市,,2,pilot\n朝阳区,吉林,,example\n无此地,,,\n", encoding="utf-8")
    assert main(["--register", str(mine), "--out", str(tmp_path / "out"), "-q", "--web-only"]) == EXIT_OK
    register = pd.read_csv(tmp_path / "out" / "data" / "register.csv", dtype=str, keep_default_na=False)
    assert register["adcode"].tolist()[:2] == ["420600", "220104"] and register.loc[2, "status"] == "unresolved"
    assert pd.read_csv(tmp_path / "out" / "data" / "facts.csv").empty  # nothing from the seeds
    quality = pd.read_csv(tmp_path / "out" / "data" / "quality.csv", dtype=str)
    assert quality.loc[quality["kind"] == "unresolved", "line"].tolist() == ["4"]
    bad = tmp_path / "bad.csv"
    bad.write_text("place\n威县\n", encoding="utf-8")
    assert main(["--register", str(bad), "--out", str(tmp_path / "out2"), "-q"]) == EXIT_FATAL
    assert "no column 'name'" in capsys.readouterr().err


def test_excel_tables_in_and_out(tmp_path, layers):
    pd.DataFrame({"地名": ["章丘市", "朝阳区"], "省": ["", "北京"]}).to_excel(tmp_path / "in.xlsx", index=False)
    assert main(["geocode", str(tmp_path / "in.xlsx"), "--name-col", "地名", "--province-col", "省",
                 "-o", str(tmp_path / "out.xlsx"), "-q"]) == EXIT_OK
    out = pd.read_excel(tmp_path / "out.xlsx", dtype=str)
    assert out["adcode"].tolist() == ["370114", "110105"]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert all(command in text for command in ("build", "geocode", "join"))
