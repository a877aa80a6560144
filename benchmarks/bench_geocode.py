"""Geocoding: speed and accuracy against cpca (the common Chinese address parser).

Run: ``.venv/bin/python benchmarks/bench_geocode.py`` (``pip install cpca`` for the comparison).

Accuracy is measured on hand-checked names (tests/expected: the 59 pilots as
their documents write them, one section of each experience document) plus
traps: renamed units, prefecture cities without counties, same-named
districts (where the right answer is "ambiguous", not a guess). Speed is
measured on every county name in the gazetteer written as province + county.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from atlas.places import boundaries
from atlas.places.gazetteer import Gazetteer
from atlas.places.geocode import Geocoder

ROOT = Path(__file__).resolve().parent.parent
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


def ours(geocoder: Geocoder, names: list[str]) -> list[str]:
    out = []
    for name in names:
        located = geocoder.resolve(name)
        out.append(located.place.adcode if located.place else "")
    return out


def theirs(names: list[str]) -> list[str]:
    import cpca

    frame = cpca.transform(names)
    return [str(code) if isinstance(code, str) and code else "" for code in frame["adcode"]]


def main() -> None:
    layers = boundaries.load()
    geocoder = Geocoder(Gazetteer.build(layers))
    cases = labelled()
    names, expected = [c[0] for c in cases], [c[1] for c in cases]
    county = layers["county"]
    provinces = dict(zip(layers["province"]["adcode"], layers["province"]["name"]))
    speed_names = [provinces[p] + n for p, n in zip(county["province_adcode"], county["name"])]
    rows = []
    for label, run in (("pilot-atlas", lambda ns: ours(Geocoder(geocoder.gazetteer), ns)), ("cpca", theirs)):
        try:
            start = time.perf_counter()
            run(speed_names)
            seconds = time.perf_counter() - start
            got = run(names)
        except ImportError:
            print(f"{label}: not installed (pip install cpca)")
            continue
        correct = sum(g == e for g, e in zip(got, expected))
        rows.append((label, len(speed_names) / seconds, correct))
        misses = [f"{n}→{g or '∅'} (want {e or 'ambiguous'})" for n, g, e in zip(names, got, expected) if g != e]
        print(f"{label:12} {len(speed_names) / seconds:9,.0f} names/s · accuracy {correct}/{len(cases)} "
              f"({100 * correct / len(cases):.0f}%) · misses: {'; '.join(misses[:8])}{' …' if len(misses) > 8 else ''}")
    if len(rows) == 2:
        print(f"ratio: pilot-atlas is {rows[0][1] / rows[1][1]:.1f}× cpca's speed, "
              f"{rows[0][2] - rows[1][2]:+d} correct answers")


if __name__ == "__main__":
    main()
