"""Districts whose official name is a common word, read in a list of their siblings.

Some districts are officially called by a common word: 城区 (晋城, 阳泉, 汕尾),
郊区, 矿区, 东区, 西区, 市中区… Alone, the word means "urban area" far more
often than the district, so the scanner takes it only inside a chain
(``晋城市城区``; :data:`atlas.places.names.GENERIC_UNIT_NAMES`). Written as
an item of a list whose neighbouring item is a county of a prefecture that
has a district of that name (``下辖城区、泽州县``, ``城区1个(甲镇)、沁水县3个``),
it is that district: the list says what kind of thing its items are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located
from atlas.places.names import GENERIC_UNIT_NAMES
from atlas.reading.scanner import PlaceSpan

RESOLVED_BY = "exact+list"
_NAMES = re.compile("|".join(sorted(GENERIC_UNIT_NAMES, key=len, reverse=True)))
#: What may close an item before the next one: a count and a bracket of what it holds (``1个(甲镇)``).
_ITEM_TAIL = r"(?:[\d两二三四五六七八九十]+个)?(?:[(（][^()（）]{0,60}[)）])?"
#: An item's tail and the mark that joins it to the next item.
_JOINED = re.compile(_ITEM_TAIL + r"[、和及与]")
#: What may stand before such a name that opens a list or an item: punctuation, a join, or a word that
#: opens a list of units (下辖, 包括, 其中).
_OPENERS = frozenset("、,，;；:：。(（ \u3000和及与")
_OPENING_WORDS = ("辖", "包括", "其中", "含")


def generic_units(text: str, spans: list[PlaceSpan], located: list[Located], gazetteer: Gazetteer,
                  taken: Iterable[PlaceSpan] = ()) -> list[tuple[PlaceSpan, Located]]:
    """Districts named by a common word (``城区``) that stand in a list next to a county of their own
    prefecture among ``spans`` (with their places ``located``), as spans with the district; names that
    ``spans`` or ``taken`` cover are left to them.

    Examples
    --------
    >>> generic_units("城区、泽州县", [], [], Gazetteer(units={}))
    []
    """
    if not spans or _NAMES.search(text) is None:
        return []
    ranges = [(s.start, s.end) for s in [*spans, *taken]]
    counties = [(s, loc.place) for s, loc in zip(spans, located)
                if loc.status == "resolved" and loc.place is not None and loc.place.precision == "county"]
    found: list[tuple[PlaceSpan, Located]] = []
    for match in _NAMES.finditer(text):
        start, end = match.span()
        if any(start < e and s < end for s, e in ranges) or not _opens_an_item(text, start):
            continue
        district = _sibling_district(text, start, end, match.group(0), counties, gazetteer)
        if district is not None:
            found.append((PlaceSpan(start, end, match.group(0), 1, True, None),
                          Located(match.group(0), "resolved", district, RESOLVED_BY)))
    return found


def _opens_an_item(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _OPENERS or text.endswith(_OPENING_WORDS, 0, start)


def _sibling_district(text: str, start: int, end: int, name: str, counties: list[tuple[PlaceSpan, Place]],
                      gazetteer: Gazetteer) -> Place | None:
    """The district called ``name`` of the prefecture of a county listed right before or after it."""
    after = _JOINED.match(text, end)
    for span, county in counties:
        before = _JOINED.fullmatch(text, span.end, start)
        if (after is not None and span.start == after.end()) or before is not None:
            for match in gazetteer.lookup(name):
                place = match.place
                if (match.how == "exact" and place.precision == "county"
                        and place.prefecture_adcode == county.prefecture_adcode):
                    return place
    return None
