"""Hostile and broken inputs: nothing crashes, nothing runs, nothing is lost."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.cli import EXIT_SKIPPED, main
from atlas.places.coords import gcj02_to_wgs84, wgs84_to_gcj02
from atlas.reading.figures import read_figures
from atlas.publishing.maps.escaping import html_text, safe_json
from atlas.publishing.maps.numbers import decode_numbers, encode_numbers
from atlas.places.names import normalize_name, short_forms
from atlas.reading.sources import SourceError, clean_lines, read_document
from tests.conftest import ROOT, copy_seed

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
CJK_TEXT = st.text(alphabet=st.sampled_from(list("省市县区镇乡州旗人口面积平方公里万%城镇化率常住户籍到年约以上X0123456789.,，。；、—()（）<>&\"'`{}%")),
                   max_size=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
def test_normaliser_and_short_forms_never_fail(text):
    assert normalize_name(normalize_name(text)) == normalize_name(text)  # idempotent
    for level in ("province", "prefecture", "county"):
        short_forms(text, level)


@SETTINGS
@given(st.one_of(TEXT, CJK_TEXT), st.booleans())
def test_line_cleaner_keeps_line_count(text, is_html):
    lines, _ = clean_lines(text, is_html)
    assert len(lines) == text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


@SETTINGS
@given(st.one_of(TEXT, CJK_TEXT))
def test_figure_reader_never_fails_and_x_is_never_a_number(text):
    figures, _ = read_figures(text)
    for figure in figures:
        assert np.isfinite(figure.value)
    assert read_figures(text.replace("0", "X").replace("1", "X").replace("2", "X").replace("3", "X")
                        .replace("4", "X").replace("5", "X").replace("6", "X").replace("7", "X")
                        .replace("8", "X").replace("9", "X"))[0] == []


@SETTINGS
@given(st.one_of(TEXT, CJK_TEXT))
def test_resolver_never_fails(geocoder, text):
    located = geocoder.resolve(text, context=text)
    assert located.status in ("resolved", "ambiguous", "unresolved")


@SETTINGS
@given(TEXT)
def test_escaping_round_trips_and_stays_inert(text):
    encoded = safe_json({"t": text})
    assert json.loads(encoded) == {"t": text}
    assert "</" not in encoded and "{{" not in encoded and "{%" not in encoded
    escaped = html_text(text)
    assert "<" not in escaped and "{" not in escaped and '"' not in escaped


@SETTINGS
@given(st.lists(st.integers(min_value=-2**40, max_value=2**40), max_size=50))
def test_number_encoding_round_trips_and_needs_no_escaping(values):
    text = encode_numbers(values)
    assert decode_numbers(text) == values
    assert safe_json(text) == f'"{text}"'  # nothing to escape in JSON, a script or a template


@SETTINGS
@given(st.floats(73, 135), st.floats(18, 54))
def test_gcj_round_trip(lon, lat):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(np.array([lon]), np.array([lat])))
    assert abs(back[0][0] - lon) < 1e-7 and abs(back[1][0] - lat) < 1e-7


def test_random_bytes_never_crash_the_reader(tmp_path):
    rng = random.Random(7)
    for i in range(200):
        path = tmp_path / f"f{i}.txt"
        size = rng.choice([0, 1, 7, 100, 5000])
        path.write_bytes(bytes(rng.getrandbits(8) for _ in range(size)))
        try:
            doc = read_document(path)
        except SourceError as exc:
            assert str(path) in str(exc)
        else:
            assert doc.id == path.name


def test_broken_folder_is_reported_line_by_line_and_the_rest_is_built(seeds_dir, tmp_path, capsys):
    docs = tmp_path / "docs"
    copy_seed(seeds_dir, docs)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (docs / "bom.txt").write_bytes("\ufeff北京市房山区推进改革。\n".encode("utf-8"))
    (docs / "gbk.txt").write_bytes("一、改革\n河北省威县推进改革。\n".encode("gb18030"))
    (docs / "mixed.txt").write_bytes("一、改革\n河北省威县推进".encode("utf-8") + "改革".encode("gb18030") + "。\n".encode("utf-8"))
    (docs / "truncated.txt").write_text("一、改革\n湖北省襄阳市常住人口约", encoding="utf-8")
    (docs / "huge.txt").write_bytes(b"a" * 21_000_000)
    (docs / "dir.txt").mkdir()
    (docs / "link.txt").symlink_to(docs / "bom.txt")
    code = main(["--sources", str(docs), "--out", str(tmp_path / "out"), "-q", "--web-only"])
    err = capsys.readouterr().err.splitlines()
    assert code == EXIT_SKIPPED
    skipped = {"empty.txt", "binary.txt", "huge.txt", "dir.txt", "link.txt"}
    assert len(err) == len(skipped) and all(any(name in line for line in err) for name in skipped)
    quality = pd.read_csv(tmp_path / "out" / "data" / "quality.csv", dtype=str, keep_default_na=False)
    assert skipped <= set(quality.loc[quality["kind"] == "unreadable_document", "name"])
    assert "mixed.txt" in set(quality.loc[quality["kind"] == "encoding_replaced", "name"])
    mentions = pd.read_csv(tmp_path / "out" / "data" / "mentions.csv", dtype=str)
    assert {"bom.txt", "gbk.txt", "mixed.txt", "truncated.txt"} <= set(mentions["doc"])
    register = pd.read_csv(tmp_path / "out" / "data" / "register.csv", dtype=str)
    from_document = register["sources"].str.contains("001_caf814f1c39d1a4b.txt", regex=False)
    assert ((register["role"] == "pilot") & from_document).sum() == 59  # beside the merged batch lists


def test_thousands_of_small_files(tmp_path, layers):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(2000):
        (docs / f"{i:04d}.txt").write_text(f"一、改革\n第{i}号:北京市房山区推进改革。\n", encoding="utf-8")
    from atlas.reading.extraction import extract_folder
    from atlas.places.gazetteer import Gazetteer

    result = extract_folder(docs, Gazetteer.build(layers))
    assert len(result.mentions) == 2000 and set(result.mentions["adcode"]) == {"110111"}


HOSTILE_DOC = """\
一、<img src=x onerror=alert(1)>改革{{7*7}}`${alert(2)}`

(一)<script>alert(3)</script>"在方面'
北京市房山区推进<b>改革</b>,常住人口 100 万人。湖北省襄阳市{% raw %}探索。
"""


def test_hostile_document_never_runs_in_any_page(tmp_path, visit, layers):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hostile.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--sources", str(docs), "--out", str(out), "-q"]) == 0
    mentions = pd.read_csv(out / "data" / "mentions.csv", dtype=str)
    assert mentions["theme"].str.contains("<img src=x", regex=False).any()  # kept as text in the data
    for page_path in [out / "index.html", out / "maps" / "overview.html", out / "maps" / "themes.html",
                      out / "summaries" / "index.html", *sorted((out / "regions").glob("*.html"))[:2]]:
        page = visit(page_path, wait_ms=300)
        assert page.dialogs == [] and page.errors == [], page_path
        assert page.page.locator("img[src=x]").count() == 0
        page.close()
    page = visit(out / "maps" / "themes.html")
    page.page.locator(".pa-search input").fill("fangshan")
    page.page.locator(".pa-search-results li").first.click()
    page.page.wait_for_timeout(800)
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "<img src=x onerr" in popup and "<script>alert(3)" in popup  # headings are cut to 16 characters
    assert page.dialogs == []


def test_output_paths_stay_inside_the_output_folder(seed_build):
    out, report = seed_build
    for path in report.written:
        assert Path(path).resolve().is_relative_to(out.resolve())


@pytest.fixture(scope="module")
def small_register(tmp_path_factory):
    """Five pilots of the shipped register: a full build of few pages, for the process tests."""
    from atlas.places.gazetteer import GEODATA

    path = tmp_path_factory.mktemp("small") / "register.csv"
    frame = pd.read_csv(GEODATA / "register.csv", dtype=str, keep_default_na=False)
    frame[frame["role"] == "pilot"].head(5).to_csv(path, index=False)
    return path


def _build_cmd(out: Path, register: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build_maps.py"), "--register", str(register), "--out", str(out), "-q", "--force"]


def test_a_killed_build_leaves_earlier_outputs_whole(small_register, tmp_path, layers):
    out = tmp_path / "out"
    subprocess.run(_build_cmd(out, small_register), check=True, cwd=ROOT)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    proc = subprocess.Popen(_build_cmd(out, small_register), cwd=ROOT, start_new_session=True)
    time.sleep(4)  # mid-way through writing pages
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for path, data in before.items():
        assert path.read_bytes() == data  # same inputs: every file is whole and unchanged


def test_two_builds_into_one_folder_at_once(small_register, tmp_path, layers):
    reference = tmp_path / "reference"
    subprocess.run(_build_cmd(reference, small_register), check=True, cwd=ROOT)
    out = tmp_path / "out"
    procs = [subprocess.Popen(_build_cmd(out, small_register), cwd=ROOT) for _ in range(2)]
    assert [p.wait() for p in procs] == [0, 0]
    for path in reference.rglob("*"):
        if path.is_file():
            assert (out / path.relative_to(reference)).read_bytes() == path.read_bytes(), path
    assert not [p for p in out.rglob(".*.tmp")]
