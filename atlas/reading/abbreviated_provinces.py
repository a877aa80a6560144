"""Provinces written by their one-character abbreviations before a count of provinces (苏皖两省), and
the municipalities in set phrases (在京举行).

A single character such as 苏 or 湘 is a word of its own almost everywhere, so an
abbreviation alone is never read. A run of two or more, right before a count of
provinces that is exactly their number (``苏皖两省``, ``湘、黔、渝、鄂四省市``), names
those provinces (``川渝两地`` too): the count says what the characters are. An abbreviation shared
by two provinces is left unread.
"""

from __future__ import annotations

import re
from functools import lru_cache

from atlas.places.gazetteer import Gazetteer
from atlas.places.geocode import Located
from atlas.places.province_abbreviations import abbreviations
from atlas.reading.lists import chinese_number
from atlas.reading.scanner import PlaceSpan

RESOLVED_BY = "abbreviation+count"
#: A municipality by its one-character abbreviation after a verb of being or going somewhere and before
#: an event or a pause (在京举行, 来沪考察, 赴渝, 在津期间): the set phrase says it is the city.
_MUNICIPALITY = re.compile(r"(?<=[在来进赴抵离返驻])([京沪津渝])"
                           r"(?=举行|召开|举办|开幕|闭幕|期间|出席|参加|工作|考察|调研|访问|会见|发布|[,，。;；、])")
MUNICIPALITY_BY = "abbreviation+phrase"
#: What may stand between two abbreviations of such a run.
_BETWEEN = "、·"


@lru_cache(maxsize=1)
def _run() -> re.Pattern:
    letters = "".join(abbreviations())
    return re.compile(f"((?:[{letters}][{_BETWEEN}]?){{2,12}})([两二三四五六七八九十]|\\d{{1,2}})个?(?:省(?:市|区|份)?|地)")


def abbreviated_provinces(text: str, taken: list[PlaceSpan],
                          gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """The provinces of each run of abbreviations before a count of as many provinces in ``text``, as
    one-character spans (none overlapping a span in ``taken``), with their province.

    Examples
    --------
    >>> from atlas.places.gazetteer import Gazetteer
    >>> abbreviated_provinces("地跨城乡两省", [], Gazetteer(units={}))
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    ranges = [(s.start, s.end) for s in taken]
    for match in _run().finditer(text):
        letters = [(match.start(1) + i, c) for i, c in enumerate(match.group(1)) if c not in _BETWEEN]
        if (len(letters) != chinese_number(match.group(2)) or any(len(abbreviations()[c]) != 1 for _, c in letters)
                or any(match.start() < e and s < match.end() for s, e in ranges)):
            continue
        for start, letter in letters:
            province = gazetteer.units.get(abbreviations()[letter][0])
            if province is not None:
                found.append((PlaceSpan(start, start + 1, letter, 1, True, None),
                              Located(letter, "resolved", province, RESOLVED_BY)))
    for match in _MUNICIPALITY.finditer(text):
        city = gazetteer.units.get(abbreviations()[match.group(1)][0])
        if city is not None and not any(match.start() < e and s < match.end() for s, e in ranges):
            found.append((PlaceSpan(match.start(), match.end(), match.group(1), 1, True, None),
                          Located(match.group(1), "resolved", city, MUNICIPALITY_BY)))
    return found
