"""Geocoding: speed and accuracy against cpca (the common Chinese address parser).

Run: ``.venv/bin/python benchmarks/bench_geocode.py [--rounds 3]`` (``pip install cpca`` for the comparison).

Speed is measured on *distinct* names (every answer must be computed, none
comes from a repeat), in two sets timed apart:

* the benchmark's names: every county and township of the gazetteer written
  alone, after its province, after its prefecture and as the full chain
  (province + prefecture + county + township), each once. These are the
  gazetteer's own forms, so Pilot Atlas answers them from its precomputed
  answers (:mod:`atlas.places.answer_index`, the resolver's own answers,
  computed once: that build is reported as one-time set-up);
* names the index does not hold as written: chains of short forms
  (``山东章丘区``, ``济南章丘埠村街道``), chains with spaces, full chains in
  traditional script converted back, and old names with a tail
  (``山东省章丘市人民政府``). A name is looked up again as the resolver reads
  it (spaces dropped, NFKC); a chain takes the answer stored for the same
  reading (the places it reads as, found for the whole column by one
  automaton pass), else the resolver's, computed once per reading; the rest
  (old names with a tail, unknown names) go through the resolver one by one.

Each contender runs each set in its own process, in alternating order, over
several rounds; its set-up (imports, gazetteer and index loading or cpca's
first call) is timed apart from the names, and its peak memory is reported.
Pilot Atlas runs the column path the command line uses (``geocode_chunk``:
traditional → simplified, one answer per distinct name); cpca runs
``cpca.transform`` warm, on the same names.

Accuracy is measured on hand-checked names (tests/expected: the 59 pilots as
their documents write them, one section of each experience document) plus
traps: renamed units, prefecture cities without counties, same-named
districts, where only an answer that says *ambiguous* counts as right (an
empty answer or a guess does not).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import child, compare, emit, summary, timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AMBIGUOUS = "ambiguous"
TRAPS = [  # name as written, expected current adcode ("" = ambiguous: no single answer is right)
    ("章丘市", "370114"), ("遵义县", "520304"), ("平果县", "451082"), ("邹平县", "371681"), ("郫县", "510117"),
    ("龙港市", "330383"), ("东莞市", "441900"), ("中山市", "442000"), ("儋州市", "460400"), ("嘉峪关市", "620200"),
    ("朝阳区", ""), ("鼓楼区", ""), ("山东济南", "370100"), ("重庆永川区", "500118"), ("江苏溧阳", "320481"),
    ("红河州", "532500"), ("芷江县", "431228"), ("门源县", "632221"), ("海南琼中", "469030"), ("北京延庆区", "110119"),
]


def labelled() -> list[tuple[str, str]]:
    """Hand-checked (name as written, current adcode) pairs; names are given without their context,
    so same-named towns (林海镇, 板桥镇) are ambiguous here; a city sharing its short form with a county inside it
    (长沙, 湘潭) is the city."""
    expected = ROOT / "tests" / "expected"
    pilots = pd.read_csv(expected / "batch2_pilots.csv", dtype=str)
    section = pd.read_csv(expected / "section_mentions.csv", dtype=str, keep_default_na=False)
    rows = list(zip(pilots["name"], pilots["adcode"]))
    rows += [(note.split(" (")[0], code) for note, code in zip(section["note"], section["adcode"])]
    return rows + TRAPS


def speed_names(gazetteer) -> list[str]:
    """Distinct names: each county and township alone, after its province, its prefecture, and as a full chain."""
    name = gazetteer.name_of
    names: dict[str, None] = {}
    for place in gazetteer.places():
        if place.precision not in ("county", "town"):
            continue
        province, prefecture = name(place.province_adcode) or "", name(place.prefecture_adcode) or ""
        county = (name(place.county_adcode) or "") if place.precision == "town" else ""
        for form in (place.name, province + place.name, prefecture + place.name,
                     province + prefecture + county + place.name):
            names.setdefault(form, None)
    return sorted(names)


def miss_names(gazetteer) -> list[str]:
    """Distinct names not written as the gazetteer writes them (so not in its precomputed answers)."""
    from atlas.places.answer_index import indexed_forms
    from atlas.places.names import short_forms
    import opencc  # a dependency of the package (traditional script)

    traditional = opencc.OpenCC("s2t").convert
    name = gazetteer.name_of

    def shortest(text: str, level: str) -> str:
        return (short_forms(text, level) or [text])[-1] if text else ""

    names: dict[str, None] = {}
    for number, place in enumerate(gazetteer.places()):
        if place.precision not in ("county", "town"):
            continue
        province, prefecture = name(place.province_adcode) or "", name(place.prefecture_adcode) or ""
        county = (name(place.county_adcode) or "") if place.precision == "town" else ""
        forms = [shortest(province, "province") + place.name, f"{province} {prefecture} {county}{place.name}"]
        if place.precision == "town":
            forms.append(shortest(prefecture, "prefecture") + shortest(county, "county") + place.name)
            if number % 7 == 0:
                forms.append(traditional(province + prefecture + county + place.name))
        else:
            forms.append(shortest(prefecture, "prefecture") + shortest(place.name, "county"))
        names.update(dict.fromkeys(forms))
    for form, matches in gazetteer.names.items():
        if any(m.how.startswith("historical") for m in matches):
            names.setdefault((name(matches[0].place.province_adcode) or "") + form + "人民政府", None)
    indexed = set(indexed_forms(gazetteer))
    return sorted(n for n in names if n not in indexed)


def run_contender(label: str) -> None:
    """One contender on one set in this process: set-up, the distinct names, then (for the benchmark's
    names) the labelled names; emitted as JSON. ``pilot-atlas:index`` times the one-time index build."""
    contender, which = label.split(":")
    if contender == "pilot-atlas" and which == "index":
        from atlas.api import _geocoder
        from atlas.places.answer_index import AnswerIndex, indexed_forms

        geocoder = _geocoder()
        seconds, cpu, index = timed(lambda: AnswerIndex.build(geocoder, indexed_forms(geocoder.gazetteer)))
        return emit(seconds=seconds, cpu=cpu, names=len(index.ids), answers=len(index.answers))
    if contender == "pilot-atlas":
        def setup():
            from atlas.api import _geocoder
            from atlas.places.answer_index import load_answer_index
            from atlas.places.geocode_rows import GEOCODE_COLUMNS
            from atlas.places.usertables import RunReport, geocode_chunk
            from atlas.reading.script import to_simplified_many

            geocoder = _geocoder().warm()  # the name automaton and its forms' arrays built
            # read from the cache (built once, timed by pilot-atlas:index), its frame of answers made
            load_answer_index(geocoder).stored_frame(tuple(GEOCODE_COLUMNS))

            def answer(names: list[str]) -> list[str]:
                frame = geocode_chunk(pd.DataFrame({"name": names}), geocoder, "name", None, 2, RunReport(),
                                      to_simplified_many)
                return [AMBIGUOUS if s == AMBIGUOUS else (a if s == "resolved" else "")  # columns as lists at once
                        for s, a in zip(frame["status"].tolist(), frame["adcode"].fillna("").tolist())]
            answer(["北京"])
            return answer
    else:
        def setup():
            import cpca

            def answer(names: list[str]) -> list[str]:
                frame = cpca.transform(names)
                return [str(code) if isinstance(code, str) and code else "" for code in frame["adcode"].tolist()]
            answer(["北京"])
            return answer
    setup_s, setup_cpu, answer = timed(setup)
    from atlas.api import _geocoder  # the names to time (for cpca: built after its timed set-up)

    gazetteer = _geocoder().gazetteer
    names = speed_names(gazetteer) if which == "names" else miss_names(gazetteer)
    seconds, cpu, _ = timed(lambda: answer(names))
    figures = dict(setup=setup_s, setup_cpu=setup_cpu, seconds=seconds, cpu=cpu, names=len(names))
    if which == "names":
        cases = labelled()
        got = answer([c[0] for c in cases])
        expected = [c[1] or AMBIGUOUS for c in cases]
        misses = [f"{n}→{g or '∅'} (want {e})" for (n, _), g, e in zip(cases, got, expected) if g != e]
        figures.update(correct=len(cases) - len(misses), cases=len(cases), misses=misses)
    emit(**figures)


SETS = {"names": "the benchmark's names (index hits)", "misses": "names not in the index as written"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_contender(args.child)
    contenders = ["pilot-atlas"]
    try:
        import cpca  # noqa: F401
        contenders.append("cpca")
    except ImportError:
        print("cpca: not installed (pip install cpca): no comparison")
    build = child(Path(__file__), "--child", "pilot-atlas:index")
    print(f"pilot-atlas  one-time set-up: precomputed answers for {build['names']:,} name forms "
          f"({build['answers']:,} distinct answers) built in {build['seconds']:.1f} s ({build['cpu']:.1f} s CPU), "
          f"peak {build['peak_mb']:.0f} MB; stored with the gazetteer cache, read in the set-up below")
    labels = [f"{c}:{s}" for s in SETS for c in contenders]
    runs = compare(labels, lambda label: child(Path(__file__), "--child", label), args.rounds)
    rates, cpu_rates = {}, {}
    for label, rs in runs.items():
        last = rs[-1]
        contender, which = label.split(":")
        rates[label] = last["names"] / summary(rs, "seconds")
        cpu_rates[label] = last["names"] / summary(rs, "cpu")
        print(f"{contender:12} {SETS[which]}: {last['names']:,} distinct names: {rates[label]:9,.0f} names/s, "
              f"{cpu_rates[label]:,.0f} per CPU second (median of {len(rs)}: {summary(rs, 'seconds'):.2f} s, "
              f"CPU {summary(rs, 'cpu'):.2f} s) · set-up {summary(rs, 'setup'):.2f} s "
              f"(CPU {summary(rs, 'setup_cpu'):.2f} s) · peak {summary(rs, 'peak_mb'):.0f} MB")
        if "cases" in last:
            print(f"{'':12} accuracy {last['correct']}/{last['cases']} ({100 * last['correct'] / last['cases']:.0f}%); "
                  f"misses: {'; '.join(last['misses'][:8])}{' …' if len(last['misses']) > 8 else ''}")
    for contender in contenders:  # both sets together: all names over all CPU seconds
        names = sum(runs[f"{contender}:{s}"][-1]["names"] for s in SETS)
        cpu = sum(summary(runs[f"{contender}:{s}"], "cpu") for s in SETS)
        cpu_rates[f"{contender}:all"] = names / cpu
        print(f"{contender:12} both sets: {names:,} names, {names / cpu:,.0f} per CPU second")
    if len(contenders) == 2:
        for which in (*SETS, "all"):
            ours, theirs = cpu_rates[f"pilot-atlas:{which}"], cpu_rates[f"cpca:{which}"]
            print(f"geocoding ({which}): pilot-atlas {ours:,.0f} names per CPU second against warm cpca {theirs:,.0f} "
                  f"(ratio {ours / theirs:.2f}×; target ≥ 200,000 names/s and ahead of cpca)")


if __name__ == "__main__":
    main()
