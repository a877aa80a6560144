"""List items that are a county-level name with one character damaged (``堵云县`` for 缙云县).

Text captured by OCR or retyped by hand loses a character of a name now and then
(缙 read as 堵, 溧 as 深, 侯 as 候). Such a name is no name form, and the part
of it that is one (``云县``) is rightly turned down inside a list item. The layout
still says what it is: a whole item of a list (between 、 , ; | or the line's ends),
a name of three to six characters ending in a county-level unit's kind. It is read as
the one county-level unit whose official name differs from it in one character, not
its kind, in a province the same paragraph names; of several, the one whose other
character has the damaged one's radical (a scan mostly keeps it: 溧 → 深, 侯 → 候;
Unihan's kRSUnicode, ``geodata/ideograph_radicals.csv``) — and as nothing when
there is none or more than one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from atlas.common.per_object import PerObject
from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located
from atlas.reading.scanner import PlaceSpan

RESOLVED_BY = "near_name+list"
_KINDS = "县市区旗"
RADICALS = Path(__file__).resolve().parents[2] / "geodata" / "ideograph_radicals.csv"
#: A whole list item that looks like a county-level name: ideographs ending in a unit's kind.
_ITEM = re.compile(rf"(?:^|(?<=[、,，;；|｜\s]))([\u4e00-\u9fff]{{2,5}}[{_KINDS}])(?=$|[、,，;；|｜。\s])")
_MASK = "\0"
#: County-level official names by each one-character mask (the kind kept), by gazetteer.
_INDEXES = PerObject()


def _masked(name: str) -> Iterable[str]:
    return (name[:i] + _MASK + name[i + 1:] for i in range(len(name) - 1))


def _near_index(gazetteer: Gazetteer) -> dict[str, list[Place]]:
    """County-level official names of ``gazetteer`` by each one-character mask (built once per gazetteer)."""
    return _INDEXES.get(gazetteer, _index_of)


def _index_of(gazetteer: Gazetteer) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in gazetteer.places():
        if place.precision == "county" and 3 <= len(place.name) <= 6 and place.name[-1] in _KINDS:
            for key in _masked(place.name):
                index.setdefault(key, []).append(place)
    return index


@lru_cache(maxsize=1)
def _radicals() -> dict[str, int]:
    """Ideograph → its Kangxi radical (``geodata/ideograph_radicals.csv``, from Unihan's kRSUnicode)."""
    with RADICALS.open(encoding="utf-8", newline="") as stream:
        return {char: int(row["radical"]) for row in csv.DictReader(stream) for char in row["ideographs"]}


def _same_radical(item: str, name: str) -> bool:
    """True if the one character where ``item`` and ``name`` differ has the same radical in both."""
    radicals = _radicals()
    a, b = next((x, y) for x, y in zip(item, name) if x != y)
    return radicals.get(a) is not None and radicals.get(a) == radicals.get(b)


def damaged_items(text: str, taken: list[PlaceSpan], provinces: Iterable[str],
                  gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """The list items of ``text`` that no span in ``taken`` overlaps, that are no name form, and that
    differ in one character (not the kind) from the official name of exactly one county-level unit
    in ``provinces``, with that unit.

    Examples
    --------
    >>> damaged_items("甲、乙", [], [], Gazetteer(units={}))
    []
    """
    provinces = set(provinces)
    if not provinces:
        return []
    index = None
    ranges = [(s.start, s.end) for s in taken]
    found: list[tuple[PlaceSpan, Located]] = []
    for match in _ITEM.finditer(text):
        item, start, end = match.group(1), match.start(1), match.end(1)
        if any(start < e and s < end for s, e in ranges) or gazetteer.lookup(item):
            continue
        index = index if index is not None else _near_index(gazetteer)
        places = {p.key: p for key in _masked(item) for p in index.get(key, ()) if p.province_adcode in provinces}
        if len(places) > 1:  # the one whose other character keeps the damaged one's radical (溧 → 深), if one does
            places = {key: p for key, p in places.items() if _same_radical(item, p.name)}
        if len(places) == 1:
            place = next(iter(places.values()))
            found.append((PlaceSpan(start, end, item, 1, False, None),
                          Located(item, "resolved", place, RESOLVED_BY,
                                  detail=f"no unit is named {item}: read as {place.name}, one character apart")))
    return found
