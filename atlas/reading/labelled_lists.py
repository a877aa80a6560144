"""Units that open the items of a list under a label of their prefecture or province.

A list of projects, parks or towns grouped by prefecture names each item by the
county it lies in, written short and run on into the item's own name, with no
boundary after it: ``甲市:乙县某某小镇、丙区某某园、…`` is written
``甲市:乙某某小镇、丙某某园``. The scanner turns such short forms down (nothing
marks where they end), but the layout says what they are: an item of a list
that follows a label and a colon, opening with the name or short form of a
unit that lies inside the label, and of only one such unit, names that unit — even
a name that is also a common word (``江北``, north of the river), as the label
narrows it to one unit.
The label itself then qualifies its items (:func:`atlas.reading.mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located, nests_in
from atlas.reading.bare_towns import township_by_base
from atlas.reading.scanner import COMMON_WORDS, PlaceSpan, places_read

#: Levels a label may have, and the levels of the units its items may open with.
_ITEM_LEVELS = {"prefecture": frozenset({"county"}), "province": frozenset({"prefecture", "county"})}
#: The colon after a label, then its list: up to the end of the line or the sentence.
_LIST_AFTER_LABEL = re.compile(r"\s*[:：]\s*([^\n。；;]*)")
_ITEM_SEPARATORS = re.compile(r"[、，,]")
#: Township names that are also words for a part of any city (城东街道: the east of town), and words for
#: an area after a name (城东新区, 高新区, 某某片区): such an opening is no township.
_GENERIC_BASES = frozenset("城东 城西 城南 城北 城中 城区 高新 经开 新区 工业 科技".split())  # and COMMON_WORDS
_AREA_WORDS = ("区", "新区", "片区", "园区", "园", "新城", "新镇")
#: The lengths, longest first, of the names an item may open with (short forms and full names).
NAME_LENGTHS = (7, 6, 5, 4, 3, 2)


def units_opening_items(text: str, spans: list[PlaceSpan], located: list[Located], gazetteer: Gazetteer,
                        taken: Iterable[PlaceSpan] = ()) -> list[tuple[PlaceSpan, Located]]:
    """The units that open the items of lists after a label of their prefecture or province
    (``甲市:乙某某小镇、丙某某园``), as spans with the unit: the labels are among ``spans`` (with their
    places ``located``); items that one of them or of ``taken`` already opens are left to it.

    Examples
    --------
    >>> units_opening_items("甲市:乙某某小镇", [], [], Gazetteer(units={}))
    []
    """
    ranges = [(s.start, s.end) for s in [*spans, *taken]]
    found: list[tuple[PlaceSpan, Located]] = []
    for span, label in places_read(spans, located, _ITEM_LEVELS):
        listed = _LIST_AFTER_LABEL.match(text, span.end)
        if listed is None:
            continue
        begin = listed.start(1)
        for item in _ITEM_SEPARATORS.split(listed.group(1)):
            start, begin = begin + len(item) - len(item.lstrip()), begin + len(item) + 1
            unit = _opening_unit(item.strip(), label, _ITEM_LEVELS[label.precision], gazetteer) if item.strip() else None
            if unit is None:
                continue
            form, place = unit
            end = start + len(form)
            if not any(start < e and s < end for s, e in ranges):  # a name read there already is left to it
                ranges.append((start, end))
                found.append((PlaceSpan(start, end, form, 1, False, None),
                              Located(form, "resolved", place, "short_form+label")))
    return found


def _opening_unit(item: str, label: Place, levels: frozenset[str], gazetteer: Gazetteer) -> tuple[str, Place] | None:
    """The longest name that opens ``item`` and names exactly one unit of ``levels`` inside ``label``
    (under a prefecture's label, a township too, by its name without its kind: ``官林`` for 官林镇),
    with that unit; None if there is none (or the label's own name opens it)."""
    for length in (n for n in NAME_LENGTHS if n <= len(item)):
        form = item[:length]
        matches = gazetteer.lookup(form)
        places = {m.place.key: m.place for m in matches if m.place.precision in levels and nests_in(m, label)}
        if len(places) == 1:
            return form, next(iter(places.values()))
        if any(m.place.key == label.key for m in matches):
            return None  # the item restates its label (甲市某某小镇): the label names it
        if (label.precision == "prefecture" and not places and form not in COMMON_WORDS
                and form not in _GENERIC_BASES and not form.endswith("区") and not item.startswith(_AREA_WORDS, length)):
            town = township_by_base(gazetteer, form, [label.adcode])
            if town is not None:
                return form, town
    return None
