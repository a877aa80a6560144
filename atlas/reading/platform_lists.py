"""Units that open the items of a list of named towns (特色小镇 lists), written short.

Lists of 特色小镇 name each item by the county it lies in, written short and run on
into the item's own name, often with the township's base name after it and no
boundary anywhere: ``集美汽车小镇、永春达埔香都小镇`` (集美区; 永春县's 达埔镇),
or one item a line under a number (``1.宁都小布茶香小镇``). The scanner turns such
short forms down (nothing marks where they end), but the layout says what they
are: an item that ends in 小镇 and opens with the name of exactly one
county-level or prefecture-level unit of a province the document names opens with
that unit — and, where the unit is followed by the base name of one of its
townships, with that township (:func:`atlas.reading.bare_towns.towns_after_parents`;
the item's layout says a name follows, so the segmenter need not end a word there).

Items of a list after a place's label (``杭州市:…``) are left to
:mod:`atlas.reading.labelled_lists`: their units must lie in the label.
A short form that is also a common word (``永安``, ``长乐``) is taken only when the
item names something after it (``永安石墨小镇``, not ``长寿小镇``, a theme).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located
from atlas.reading.bare_towns import BASE_LENGTHS, township_by_base, towns_after_parents
from atlas.reading.labelled_lists import NAME_LENGTHS
from atlas.reading.scanner import COMMON_WORDS, PlaceSpan

#: An item of a list of named towns: after a separator, a colon, the line's start or an item's number,
#: up to 小镇 and the item's end.
_TOWN_ITEM = re.compile(r"(?:^|(?<=[、,，;；:：\s]))(?:\d{1,2}[.．、]|[(（]\d{1,2}[)）]|[①-⑳])?\s*"
                        r"([\u4e00-\u9fffA-Za-z]{1,14}小镇)(?=$|[、,，;；。\s(（等和与及])")
_LEVELS = frozenset({"county", "prefecture"})
_PLATFORM = "小镇"
_CLAUSE_END = re.compile("[。；;\n]")


def units_opening_town_items(text: str, taken: Iterable[PlaceSpan], provinces: Iterable[str],
                             gazetteer: Gazetteer, parents: Iterable[str] = ()) -> list[tuple[PlaceSpan, Located]]:
    """The units (or their townships) that open the items of lists of named towns in ``text``, inside
    ``provinces`` (adcodes of the provinces the document names), as spans with the place; an item no
    unit opens may open with the base name of the one township so named inside ``parents`` (adcodes of
    the document's counties and prefectures: ``演丰红树林…小镇`` in a document about 海口). Items a span
    of ``taken`` already opens are left to it.

    Examples
    --------
    >>> units_opening_town_items("甲乙小镇", [], [], Gazetteer(units={}))
    []
    """
    provinces, parents = frozenset(provinces), frozenset(parents)
    if not provinces or _PLATFORM not in text:
        return []
    ranges = [(s.start, s.end) for s in taken]
    found: list[tuple[PlaceSpan, Located]] = []
    for match in _TOWN_ITEM.finditer(text):
        item, start = match.group(1), match.start(1)
        if any(s <= start < e for s, e in ranges) or _under_a_label(text, start, ranges):
            continue
        unit = _opening_unit(item, provinces, gazetteer)
        town = None if unit is not None else _opening_township(item, parents, gazetteer)
        if unit is None and town is None:
            continue
        form, place = unit or town
        span = PlaceSpan(start, start + len(form), form, 1, False, None)
        located = Located(form, "resolved", place, "short_form+town_list" if unit else "township_base+town_list")
        # after a unit, the base name of one of its townships (永春达埔…): the township
        chained = towns_after_parents(text, [span], [located], gazetteer, whole_word=False) if unit else []
        pair = chained[0] if chained else (span, located)
        found.append(pair)
        ranges.append((start, pair[0].end))
    return found


def _opening_township(item: str, parents: frozenset[str], gazetteer: Gazetteer) -> tuple[str, Place] | None:
    """The longest base name (four characters to two) that opens ``item`` and is that of exactly one
    township inside ``parents``, with the township; more than 小镇 must follow it."""
    for length in (n for n in BASE_LENGTHS if parents and n < len(item) - len(_PLATFORM)):
        town = township_by_base(gazetteer, item[:length], parents)
        if town is not None:
            return item[:length], town
    return None


def _under_a_label(text: str, start: int, ranges: list[tuple[int, int]]) -> bool:
    """True if the item at ``start`` is in a list after a place's label and a colon (``杭州市:…``): its
    units must lie in the label (:mod:`atlas.reading.labelled_lists`), not just in the province."""
    colon = max(text.rfind(":", 0, start), text.rfind("：", 0, start))
    return colon > 0 and not _CLAUSE_END.search(text, colon, start) and any(e == colon for _, e in ranges)


def _opening_unit(item: str, provinces: frozenset[str], gazetteer: Gazetteer) -> tuple[str, Place] | None:
    """The longest name that opens ``item`` and names exactly one unit of :data:`_LEVELS` in
    ``provinces`` (today's names before old ones: 晋江 is 晋江市, not the former 晋江地区), with that
    unit; a common word only when more than 小镇 follows it."""
    for length in (n for n in NAME_LENGTHS if n <= len(item) - len(_PLATFORM)):
        form = item[:length]
        matches = [m for m in gazetteer.lookup(form)
                   if m.place.precision in _LEVELS and m.place.province_adcode in provinces]
        current = [m for m in matches if not m.how.startswith("historical")]
        places = {m.place.key: m.place for m in current or matches}
        if len(places) == 1 and (form not in COMMON_WORDS or len(item) > length + len(_PLATFORM)):
            return form, next(iter(places.values()))
    return None
