"""The fast geocoding paths give the plain path's answers: precomputed answers, the lazy gazetteer,
the plain small-CSV command path, the automaton built late."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pandas as pd
import pytest

from atlas.places import answer_index, geocode, usertables
from atlas.places.answer_index import AnswerIndex, indexed_forms, load_answer_index
from atlas.places.gazetteer_cache import from_blob, to_blob
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import geocode_one
from atlas.places.small_csv import geocode_plain_csv, read_plain_csv
from atlas.places.usertables import RunReport, geocode_chunk, geocode_file

#: Names the index does not hold: short-form chains, spaces, old names with a tail, nonsense, empty.
OTHER_NAMES = ["山东章丘区", "济南章丘", "山东省 济南市章丘区", "山东省章丘市人民政府", "火星", "", "  ", "重庆永川区",
               "吉林公主岭范家屯镇", "襄樊市", "廣州市", "朝阳区", "鼓楼区"]


@pytest.fixture(scope="module")
def sample_forms(gazetteer):
    forms = indexed_forms(gazetteer)
    assert {"章丘区", "山东省章丘区", "济南市章丘区", "山东省济南市章丘区"} <= set(forms)
    return forms[::60]  # every kind of form, a few thousand of them


@pytest.fixture(scope="module")
def indexed(gazetteer, sample_forms):
    """A geocoder with precomputed answers for the sample (stored and read back), and one without."""
    fast = Geocoder(gazetteer)
    fast._answer_index = AnswerIndex.from_blob(AnswerIndex.build(Geocoder(gazetteer), sample_forms).to_blob())
    return fast, Geocoder(gazetteer)


def test_index_answers_are_the_resolvers(indexed, sample_forms):
    fast, plain = indexed
    for form in sample_forms:
        assert fast._answer_index.answer(form) == geocode_one(plain, form), form


@pytest.mark.parametrize("pick", ["mixed", "hits", "misses", "unresolved"])
def test_column_path_with_index_gives_the_same_frame(indexed, sample_forms, monkeypatch, pick):
    fast, plain = indexed
    names = {"mixed": sample_forms[:800] + OTHER_NAMES + sample_forms[:50], "hits": sample_forms[800:1200],
             "misses": OTHER_NAMES, "unresolved": ["火星", "", "火星市"]}[pick]
    chunk = pd.DataFrame({"name": names, "status": "x"})  # a clashing column: the answers get a prefix
    monkeypatch.setattr(usertables, "INDEX_MIN_NAMES", 1)
    report_fast, report_plain = RunReport(), RunReport()
    got = geocode_chunk(chunk, fast, "name", None, 2, report_fast)
    monkeypatch.setattr(usertables, "INDEX_MIN_NAMES", 10**9)
    want = geocode_chunk(chunk, plain, "name", None, 2, report_plain)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert (report_fast.problems, report_fast.examples) == (report_plain.problems, report_plain.examples)


def test_index_stored_beside_the_gazetteer_cache(tmp_path, monkeypatch, gazetteer):
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path))
    monkeypatch.setattr(answer_index, "indexed_forms", lambda gaz: ["章丘市", "朝阳区"])
    unstamped = Geocoder(dataclasses.replace(gazetteer, stamp=""))
    assert load_answer_index(unstamped) is None  # built in memory: nothing says which data it holds
    stamped = Geocoder(from_blob(to_blob(gazetteer)))
    stamped.gazetteer.stamp = "test"
    assert load_answer_index(stamped, build=False) is None and not list(tmp_path.glob("answers-*"))
    assert load_answer_index(stamped).answer("章丘市")["adcode"] == "370114"
    assert len(list(tmp_path.glob("answers-*.marshal"))) == 1
    monkeypatch.setattr(AnswerIndex, "build", None)  # read back, not rebuilt
    assert load_answer_index(Geocoder(stamped.gazetteer)).answer("朝阳区")["status"] == "ambiguous"


def test_lazy_gazetteer_is_the_same_gazetteer(gazetteer, sample_forms):
    blob = to_blob(gazetteer)
    lazy, full = from_blob(blob, lazy=True), from_blob(blob)
    for form in sample_forms[:500] + ["济南市", "章丘市"]:
        assert lazy.lookup(form) == full.lookup(form)
    assert lazy.lookup("济南市")[0].place is lazy.units["370100"]
    assert lazy.forms["370100"] == full.forms["370100"]
    assert lazy == full == gazetteer


def test_chains_read_the_same_before_and_after_the_automaton(gazetteer, monkeypatch):
    names = ["山东济南", "吉林公主岭范家屯镇", "重庆永川区", "山东省济南市章丘区", "内蒙古自治区包头市", "江苏溧阳"]
    monkeypatch.setattr(geocode, "_CHAINS_BEFORE_AUTOMATON", 10**9)
    without = [geocode_one(Geocoder(gazetteer), name) for name in names]
    monkeypatch.setattr(geocode, "_CHAINS_BEFORE_AUTOMATON", 0)
    assert [geocode_one(Geocoder(gazetteer), name) for name in names] == without


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", "name,note\n章丘市,a\n山东济南,b\n火星,\n朝阳区,c\n,d\n章丘市,e\n"),
    ("gb18030", "name,prov\n朝阳区,吉林\n朝阳区,火星\n鼓楼区,\n"),
    ("utf-8", "id,name,status\n1,襄樊市,old\n2,吉林公主岭范家屯镇,x\n"),  # clashing column names
    ("utf-8", "name\n廣州市\n重庆永川区"),  # no final line break; traditional script
])
def test_plain_csv_path_writes_what_the_pandas_path_writes(tmp_path, gazetteer, encoding, text):
    from atlas.reading.script import to_simplified_many

    source = tmp_path / "in.csv"
    source.write_bytes(text.encode(encoding))
    province = "prov" if "prov" in text else None
    rows, examples, problems = geocode_plain_csv(source, tmp_path / "plain.csv", "name", province,
                                                 Geocoder(gazetteer), to_simplified_many)
    report = geocode_file(source, tmp_path / "pandas.csv", "name", province, Geocoder(gazetteer), quiet=True,
                          prepare=to_simplified_many)
    assert (tmp_path / "plain.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    assert (rows, examples, problems) == (report.rows, report.examples or [], report.problems)


@pytest.mark.parametrize("text", ['name\n"章丘市"\n', "name\n\n章丘市\n", "name\r\n章丘市\r\n", "name,name\na,b\n",
                                  "name,\na,b\n", "name,x\na\n", "name\n", "other\n章丘市\n"])
def test_plain_csv_path_leaves_other_tables_to_pandas(tmp_path, text):
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    assert read_plain_csv(source, ["name"]) is None


def test_one_name_geocode_imports_no_table_library(tmp_path):
    """A one-name ``pilot-atlas geocode`` imports neither pandas nor numpy nor pyarrow (start-up)."""
    table = tmp_path / "one.csv"
    table.write_text("name\n山东济南\n", encoding="utf-8")
    code = ("import sys; from atlas.cli import main; "
            f"rc = main(['geocode', {str(table)!r}, '--name-col', 'name', '-o', {str(tmp_path / 'out.csv')!r}, '-q']); "
            "print(rc, sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'geopandas', 'shapely') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "0 []"
    assert "370100" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
