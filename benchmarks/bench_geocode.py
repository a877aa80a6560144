"""Geocoding: speed and accuracy against cpca (the common Chinese address parser).

Run: ``.venv/bin/python benchmarks/bench_geocode.py [--rounds 3]`` (``pip install cpca`` for the comparison).

Speed is measured on *distinct* names (every answer must be computed, none
comes from a repeat): every county and township of the gazetteer written
alone, after its province, after its prefecture and as the full chain
(province + prefecture + county + township), each name once. Each contender
runs in its own process, in alternating order, over several rounds; its
set-up (imports, gazetteer build or cpca's first call) is timed apart from the
names, and its peak memory is reported. Pilot Atlas runs the column path the
command line uses (``geocode_chunk``: traditional → simplified, one answer per
distinct name); cpca runs ``cpca.transform`` warm, on the same names.

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
    so same-named towns (林海镇, 板桥镇) and list-decided cities (长沙, 湘潭) are ambiguous here."""
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


def run_contender(label: str) -> None:
    """One contender in this process: set-up, the distinct names, then the labelled names (emitted as JSON)."""
    if label == "pilot-atlas":
        def setup():
            from atlas.api import _geocoder
            from atlas.places.usertables import RunReport, geocode_chunk
            from atlas.reading.script import to_simplified_many

            geocoder = _geocoder()

            def answer(names: list[str]) -> list[str]:
                frame = geocode_chunk(pd.DataFrame({"name": names}), geocoder, "name", None, 2, RunReport(),
                                      to_simplified_many)
                return [AMBIGUOUS if s == AMBIGUOUS else (a if s == "resolved" else "")
                        for s, a in zip(frame["status"], frame["adcode"].fillna(""))]
            answer(["北京"])
            return answer
    else:
        def setup():
            import cpca

            def answer(names: list[str]) -> list[str]:
                frame = cpca.transform(names)
                return [str(code) if isinstance(code, str) and code else "" for code in frame["adcode"]]
            answer(["北京"])
            return answer
    setup_s, setup_cpu, answer = timed(setup)
    from atlas.api import _geocoder  # the names to time (for cpca: built after its timed set-up)

    names = speed_names(_geocoder().gazetteer)
    seconds, cpu, _ = timed(lambda: answer(names))
    cases = labelled()
    got = answer([c[0] for c in cases])
    expected = [c[1] or AMBIGUOUS for c in cases]
    misses = [f"{n}→{g or '∅'} (want {e})" for (n, _), g, e in zip(cases, got, expected) if g != e]
    emit(setup=setup_s, setup_cpu=setup_cpu, seconds=seconds, cpu=cpu, names=len(names),
         correct=len(cases) - len(misses), cases=len(cases), misses=misses)


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
    runs = compare(contenders, lambda label: child(Path(__file__), "--child", label), args.rounds)
    rates, cpu_rates = {}, {}
    for label, rs in runs.items():
        last = rs[-1]
        rate = last["names"] / summary(rs, "seconds")
        rates[label] = rate
        cpu_rates[label] = last["names"] / summary(rs, "cpu")
        print(f"{label:12} {last['names']:,} distinct names: {rate:9,.0f} names/s, {cpu_rates[label]:,.0f} per CPU second "
              f"(median of {len(rs)}: {summary(rs, 'seconds'):.2f} s, CPU {summary(rs, 'cpu'):.2f} s) · "
              f"set-up {summary(rs, 'setup'):.2f} s · peak {summary(rs, 'peak_mb'):.0f} MB · "
              f"accuracy {last['correct']}/{last['cases']} ({100 * last['correct'] / last['cases']:.0f}%)")
        print(f"{'':12} misses: {'; '.join(last['misses'][:8])}{' …' if len(last['misses']) > 8 else ''}")
    if len(rates) == 2:
        print(f"geocoding: pilot-atlas {rates['pilot-atlas']:,.0f} names/s against warm cpca {rates['cpca']:,.0f} "
              f"(ratio {rates['pilot-atlas'] / rates['cpca']:.2f}×; per CPU second "
              f"{cpu_rates['pilot-atlas'] / cpu_rates['cpca']:.2f}×; target ≥ 200,000 names/s and ahead of cpca)")


if __name__ == "__main__":
    main()
