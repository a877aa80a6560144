"""A column's names the answer index lacks: looked up again as the resolver reads them, answered by reading
(the places a chain reads as), chains found by one automaton pass for the whole column. Every answer is the
resolver's own (geocode_one, name by name)."""

from __future__ import annotations

import gc
import itertools

import pandas as pd
import pytest

from atlas.places import geocode
from atlas.places.answer_index import AnswerIndex, indexed_forms
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import GEOCODE_COLUMNS, geocode_one
from atlas.places.names import normalize_name, normalize_names, short_forms

#: What a name may carry that the resolver reads past or that changes it: white space of several kinds,
#: full-width and compatibility characters (NFKC), a diaeresis whose NFKC form holds a space, a tail.
NOISE = [" ", "\u3000", "\t", "\u00a0", "１", "Ａ", "\uf900", "⾕", "¨", "\u0308", "·", "人民政府", "政府", "市", "镇"]


@pytest.fixture(scope="module")
def column_names(gazetteer):
    """Stored forms, short-form chains of counties and towns, and each of them with noise somewhere."""
    name = gazetteer.name_of
    forms = indexed_forms(gazetteer)[::300]
    chains = []
    places = [p for p in gazetteer.places() if p.precision in ("county", "town")][::97]
    for place in places:
        province, prefecture = name(place.province_adcode) or "", name(place.prefecture_adcode) or ""
        county = (name(place.county_adcode) or "") if place.precision == "town" else ""
        short = [(short_forms(part, level) or [part])[-1] for part, level in
                 ((province, "province"), (prefecture, "prefecture"), (county, "county")) if part]
        chains += [short[0] + place.name, "".join(short[1:]) + place.name, f"{province} {prefecture} {place.name}"]
    noisy = []
    for number, (text, noise) in enumerate(zip(forms + chains, itertools.cycle(NOISE))):
        cut = number % (len(text) + 1)
        noisy += [text[:cut] + noise + text[cut:], text + noise]
    return list(dict.fromkeys(forms + chains + noisy + ["", "  ", "¨", "火星", "山东省章丘市人民政府"]))


@pytest.fixture(scope="module")
def index(gazetteer):
    return AnswerIndex.from_blob(AnswerIndex.build(Geocoder(gazetteer), indexed_forms(gazetteer)[::300]).to_blob())


def test_column_answers_are_the_resolvers_name_by_name(gazetteer, index, column_names):
    fast, plain = Geocoder(gazetteer), Geocoder(gazetteer)
    frame, which = index.frame_of(column_names, fast, GEOCODE_COLUMNS)
    want = pd.DataFrame([geocode_one(plain, name) for name in column_names], columns=GEOCODE_COLUMNS)
    pd.testing.assert_frame_equal(frame.take(which).reset_index(drop=True), want, check_exact=True)
    which, extra = index.rows_of(column_names, fast)
    as_written = sum(name in index.ids for name in column_names)
    assert (which < len(index.answers)).sum() > as_written  # stored answers found for names read past their noise
    assert len(extra) < len(column_names) - as_written  # names of one reading resolved once


def test_names_of_one_reading_share_one_answer(gazetteer, index, column_names):
    geocoder = Geocoder(gazetteer)
    queries = [q for q in map(normalize_name, column_names) if q and normalize_name(q) == q]
    answers: dict[tuple, dict] = {}
    for query, reading in zip(queries, geocoder.readings(queries)):
        if reading is not None:
            assert answers.setdefault(reading, geocode_one(geocoder, query)) == geocode_one(geocoder, query), query
    stored = dict(zip(*index._readings)) if isinstance(index._readings, tuple) else index._readings
    assert stored and all(index.answers[row] == answers[reading] for reading, row in stored.items()
                          if reading in answers)


def test_readings_of_a_column_are_those_of_one_name_at_a_time(gazetteer, column_names, monkeypatch):
    queries = [q for q in map(normalize_name, column_names) if q and normalize_name(q) == q]
    together = Geocoder(gazetteer).readings(queries)
    assert sum(r is not None for r in together) > len(queries) // 2
    monkeypatch.setattr(geocode, "_CHAINS_BEFORE_AUTOMATON", 10**9)  # every leading part looked up instead
    assert together == [Geocoder(gazetteer).reading(query) for query in queries]
    monkeypatch.setattr(geocode, "_CHAINS_FOR_ARRAYS", 1)  # read over arrays
    assert Geocoder(gazetteer).readings(queries) == together


def test_automaton_finds_every_leading_part(gazetteer, column_names):
    automaton = Geocoder(gazetteer)._form_automaton()
    texts = [q for q in map(normalize_name, column_names) if geocode._IDEOGRAPHS.fullmatch(q)]
    for text, parts in zip(texts, automaton.parts(texts)):
        looked_up = geocode._LeadingParts(text, gazetteer.lookup)
        assert parts == {start: looked_up[start] for start in range(len(text)) if looked_up[start]}, text


def test_normalize_names_is_normalize_name_of_each():
    texts = ["章丘市", "章丘 市", "１号", "", " ", "¨", "a\u0308", "\u0308", "北京\u3000市", "⾕", "章丘\t",
             "山东省 济南市  章丘区 ", "章丘 ⾕", "章丘 ¨", "  ", "章丘 1"]
    for chosen in (texts, texts[:1], ["章丘市", "济南市"], []):
        got = normalize_names(chosen)
        assert got == [normalize_name(t) for t in chosen]
        assert all(g is t for g, t in zip(got, chosen) if normalize_name(t) == t)  # normal names kept as they are


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collector_left_as_it_was(gazetteer, index, enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        index.rows_of(["山东章丘区", "火星"], Geocoder(gazetteer))
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):
            index.rows_of(["山东章丘区"], None)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_reading_chains_leaves_no_garbage_cycles(gazetteer, column_names):
    """Every object made while reading a column's chains is freed by reference counting (none waits for the
    cyclic collector: a column's chains would make millions of them)."""
    queries = [q for q in map(normalize_name, column_names) if q and normalize_name(q) == q]
    geocoder = Geocoder(gazetteer)
    geocoder.readings(queries[:50])  # what is built once (the automaton) built before
    gc.collect()
    gc.disable()
    try:
        assert any(geocoder.readings(queries)) and gc.collect() == 0
    finally:
        gc.enable()


def _chain_texts(gazetteer) -> list[str]:
    """Chains of every shape: two to five name forms one after another (historical names, towns inside
    towns, a place after itself, parts that do not nest), chains of a place's own ancestors, no forms."""
    forms = sorted(form for form in gazetteer.names if len(form) >= 2)
    historical = [f for f in forms if any(m.how.startswith("historical") for m in gazetteer.names[f])]
    texts = ["".join(forms[(7919 * n * k) % len(forms)] for k in range(1, 2 + n % 4)) for n in range(6000)]
    texts += [historical[n % len(historical)] + forms[(31 * n) % len(forms)] for n in range(1000)]
    name = gazetteer.name_of
    towns = [p for p in gazetteer.places() if p.precision == "town"]
    for place in towns[::53]:
        province, prefecture, county = (name(code) or "" for code in
                                        (place.province_adcode, place.prefecture_adcode, place.county_adcode))
        short = (short_forms(county, "county") or [county])[-1]
        texts += [prefecture + short + place.name, county + place.name + place.name, short + county + place.name,
                  province + prefecture + county + place.name, (short_forms(province, "province") or [""])[-1]
                  + prefecture + short + place.name]
    # a town's name after its prefecture or province where more towns of it bear that name: several places
    texts += [name(p.prefecture_adcode) + p.name for p in towns[::7]]
    texts += [name(p.province_adcode) + p.name for p in towns[::11]]
    for place in [p for p in gazetteer.places() if p.precision == "county"][::5]:  # exact, short, after parents
        province, prefecture = name(place.province_adcode) or "", name(place.prefecture_adcode) or ""
        short = (short_forms(place.name, "county") or [place.name])[-1]
        texts += [(short_forms(province, "province") or [province])[-1] + place.name, prefecture + short,
                  province + short]
    for form in historical:  # an old name after its province, and after it a town of its place
        match = gazetteer.names[form][0]
        texts += [(name(match.place.province_adcode) or "") + form,
                  form + next((t.name for t in towns if t.county_adcode == match.place.adcode), "")]
    texts += ["火星", "火星火星市", "山东山东", "山东省山东省章丘区"]
    texts += ["苍南县龙港镇", "浙江苍南县龙港镇", "浙江省温州市苍南县龙港镇"]  # a town that has left its county
    return [t for t in dict.fromkeys(texts) if geocode._IDEOGRAPHS.fullmatch(t) and t not in gazetteer.names]


def test_chains_read_over_arrays_as_the_walk_reads_them(gazetteer):
    """The readings of many chains at once (chain_readings.FormTable) are the walk's, chain by chain."""
    automaton = Geocoder(gazetteer)._form_automaton()
    texts = _chain_texts(gazetteer)
    walked = automaton.readings(texts)  # fewer than _CHAINS_FOR_ARRAYS, arrays not built: walked one by one
    assert walked == [geocode._reading_key(geocode._read_chains(len(t), p))
                      for t, p in zip(texts, automaton.parts(texts))]
    assert sum("\n" in key for key in walked if key) > 50 and walked.count(None) > 50  # many places; none
    assert "330383\thistorical_name" in walked[texts.index("浙江苍南县龙港镇")]  # 龙港市, once 苍南县龙港镇
    automaton.form_table()  # built: read over arrays from now on
    assert automaton.readings(texts) == walked
    assert automaton.readings([]) == [] and automaton.readings(["火星"]) == [None]


def test_chains_headed_by_a_new_area_read_the_same_over_arrays(gazetteer, monkeypatch):
    queries = ["贵安新区高峰镇", "贵安新区清镇市", "贵州贵安新区马场镇", "两江新区渝北区", "天府新区华阳街道", "贵安新区城关镇"]
    one_by_one = [Geocoder(gazetteer).reading(query) for query in queries]
    assert one_by_one[0] is not None and one_by_one[-1] is None  # 城关镇 of no county the area spans
    monkeypatch.setattr(geocode, "_CHAINS_FOR_ARRAYS", 1)  # read over arrays
    assert Geocoder(gazetteer).readings(queries) == one_by_one
