"""Townships listed in full under their county's label (``甲县:1. 乙乡、丙镇合并设立丙镇;…``).

A notice of township changes (乡镇区划调整) groups them by county: the county,
a colon, then numbered clauses that merge, abolish and set up townships, each
written in full (``乙乡``, ``丙镇``, ``丁街道``). Many of them are gone from
today's register — merged into the one set up — and the register has namesakes
in other counties (太平乡, 白沙镇), or the scanner reads a shorter name inside
one (拱桥乡 in 三拱桥乡). The label says whose they are: a piece of the list
between its separators and its verbs of change (``合并设立``, ``撤销``, ``并入``)
that is a township's name and kind alone is a township of the labelled county:
the register's; the register's of the same base, its kind changed since
(``甲乡`` merged into or made ``甲镇``); the one renamed after it (``甲镇更名为乙镇``);
the one of its prefecture it moved to since
(:func:`atlas.places.geocode.moved_township`), or else one the register lacks,
placed at the county's point and reported
(:func:`atlas.reading.unlisted_towns.unlisted_township`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from atlas.places.gazetteer import Gazetteer
from atlas.places.geocode import Located, moved_township
from atlas.reading.bare_towns import township_by_base
from atlas.reading.scanner import PlaceSpan
from atlas.reading.unlisted_towns import county_townships, generic_base, successor, unlisted_township

RESOLVED_BY = "township+label"
#: Kind changed, same base (甲乡 set up as 甲镇: 撤乡设镇): the register's township of that base.
KIND_CHANGED = "township_base+label"
#: A renaming: the piece before it is the township after it under its old name (甲镇更名为乙镇).
_RENAMED = re.compile(r"更名为|改名为")
#: The colon after a county's label, then its list: to the end of the line.
_LIST_AFTER_LABEL = re.compile(r"\s*[:：]\s*([^\n]+)")
#: What separates the pieces of such a list: punctuation, an item's number, and verbs of change.
_PIECES = re.compile(r"[、，,；;。:：\s]|\d+\s*[.．、)）]|(?:成建制)?(?:合并设立|合并为|合并|撤销|撤消|新设立|设立|"
                     r"并入|划入|划归|更名为|改名为|改为|保留)|整建制|成建制|撤乡设镇|撤乡建镇|撤镇设街道|撤乡设街道")
#: A township's name and kind alone: two to six ideographs before the kind.
_TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{2,5}?)(民族乡|乡|镇|街道)")


def townships_under_county_labels(text: str, spans: list[PlaceSpan], located: list[Located],
                                  gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """The townships written in full in the list after a county's label at the start of a line
    (``spans`` with their places ``located``), as spans with the township, where the scanner read
    none there or a place outside the county.

    Examples
    --------
    >>> townships_under_county_labels("甲", [], [], Gazetteer(units={}))
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    read = {(s.start, s.end): loc for s, loc in zip(spans, located)}
    for span, loc in zip(spans, located):
        county = loc.place
        if (loc.status != "resolved" or county is None or county.precision != "county"
                or not _opens_its_line(text, span.start)):
            continue
        listed = _LIST_AFTER_LABEL.match(text, span.end)
        if listed is None:
            continue
        for start, end in _pieces(text, listed.start(1), listed.end(1)):
            match = _TOWNSHIP.fullmatch(text, start, end)
            if match is None or generic_base(match.group(1)):
                continue
            earlier = read.get((start, end))
            if earlier is not None and earlier.place is not None and earlier.place.county_adcode == county.adcode:
                continue  # read already, and as the county's
            name = text[start:end]
            found.append((PlaceSpan(start, end, name, 1, True, None),
                          successor(text, end, county, name, gazetteer, _RENAMED)
                          or _township_of(county, name, match.group(1), gazetteer)))
    return found


def _opens_its_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The ``(start, end)`` of the pieces of ``text[start:end]`` between separators."""
    at = start
    for cut in _PIECES.finditer(text, start, end):
        if cut.start() > at:
            yield at, cut.start()
        at = max(at, cut.end())
    if end > at:
        yield at, end


def _township_of(county, name: str, base: str, gazetteer: Gazetteer) -> Located:
    inside = county_townships(gazetteer, name, county)
    if len(inside) == 1:
        return Located(name, "resolved", inside[0], RESOLVED_BY)
    same_base = township_by_base(gazetteer, base, [county.adcode])
    if same_base is not None:
        return Located(name, "resolved", same_base, KIND_CHANGED, detail=f"{name} is {same_base.name} today")
    return moved_township(gazetteer, county, name, name) or unlisted_township(
        county, name, name, "listed under its county's label")
