"""Townships written without their kind (镇, 乡, 街道): where the layout says what they are.

A township's name without its kind (``甘泉`` for 甘泉镇) is no name form of the
gazetteer: bare, such a base name is often a word or another place's short
form. Two layouts make it a township all the same:

* right after its own county or prefecture (``麦积区甘泉``, a chain written
  without the last kind) — this reading wins over a same-named unit elsewhere
  that the scanner read there (甘泉县 in another province);
* as an item of a list closed by a count of townships or 等 and their kind
  (``甲、乙、丙3个镇``, ``甲、乙两镇``, ``甲、乙等6个乡镇``, ``甲、乙等乡镇``), each
  item a township of a county or prefecture the document names, and of only
  one of them. Where the count is the number of items and the items so read
  all lie in one county (at least half of them), an item no township of the
  register bears is a township of that county the register lacks (merged or
  renamed since: ``原甲县乙、丙、丁3个镇``), placed at the county's point and
  reported (:func:`atlas.reading.unlisted_towns.unlisted_township`).

* right before a word for a new area or cluster named after it (``腾鳌新城``, ``牛庄新镇``,
  ``某某组团``), a township of a county or prefecture the document names, and of only one.

Each base must be a whole word by the segmenter (:mod:`atlas.reading.words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from atlas.common.per_object import PerObject
from atlas.places.gazetteer import Gazetteer, Place, town_base
from atlas.places.geocode import Located
from atlas.reading.lists import chinese_number
from atlas.reading.scanner import COMMON_WORDS, ZONE_WORDS, PlaceSpan, places_read
from atlas.reading.unlisted_towns import unlisted_township
from atlas.reading.words import free_word, word_boundaries

#: The base names a township may be written by: two to four characters.
BASE_LENGTHS = (4, 3, 2)
#: A list of names closed by a count of townships or 等 and their kind (``3个镇``, ``两镇``, ``等乡镇``;
#: items of two to four ideographs).
_COUNTED_TOWNS = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,4}?(?:和[\u4e00-\u9fff]{2,4}?)?)"
                            r"(?:等(?:[两二三四五六七八九十\d]+个?)?|(?P<count>[两二三四五六七八九十\d]+)个?)"
                            r"(?P<kind>建制镇|乡镇|城镇|镇|乡|街道)")
#: A list of names said to be townships of a kind (``甲、乙和丙是小城镇综合改革试点镇``, ``甲、乙被列为
#: 省级中心镇``): the predicate names a category of townships, so each item is one.
_PREDICATED_TOWNS = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,4}?(?:和[\u4e00-\u9fff]{2,4}?)?)"
                               r"(?:均|都)?(?:是|为|被列为|列为|被确定为|确定为|入选)[\u4e00-\u9fff]{0,14}?"
                               r"(?P<kind>试点镇|示范镇|重点镇|中心镇|特色镇|强镇|名镇|小城市)")
#: What every such list holds: a township's kind.
_TOWN_KIND = re.compile("镇|乡|街道")
_ITEM_MARKS = re.compile(r"[、和]")
#: The kinds a township's name ends in.
_KINDS = ("镇", "乡", "街道")
_TOWN_LEVELS = frozenset({"county", "prefecture"})
#: Townships by base name, by gazetteer.
_BASES = PerObject()


def towns_by_base(gazetteer: Gazetteer) -> dict[str, list[Place]]:
    """Every township of ``gazetteer`` by its base name (built once per gazetteer)."""
    return _BASES.get(gazetteer, _bases_of)


def _bases_of(gazetteer: Gazetteer) -> dict[str, list[Place]]:
    bases: dict[str, list[Place]] = {}
    for place in gazetteer.places():
        if place.precision == "town":
            base = town_base(place.name)
            if base != place.name and len(base) >= 2:
                bases.setdefault(base, []).append(place)
    return bases


def township_by_base(gazetteer: Gazetteer, base: str, parents: Iterable[str]) -> Place | None:
    """The one township whose base name is ``base`` inside ``parents`` (adcodes of counties and
    prefectures), or None if there is none or more than one.

    Examples
    --------
    >>> township_by_base(Gazetteer(units={}), "甘泉", ["620503"]) is None
    True
    """
    parents = set(parents)
    towns = [t for t in towns_by_base(gazetteer).get(base, ()) if {t.county_adcode, t.prefecture_adcode} & parents]
    return towns[0] if len(towns) == 1 else None


#: Words for an area named after the township before them (腾鳌新城, 牛庄新镇, 某某组团).
_AREA_AFTER_TOWN = re.compile("新城|新镇|新区|组团|片区")
#: A part of a city by its side (城东新区, 城南片区, 东城组团): a township's base too, but no name there.
_PART_OF_TOWN = re.compile(r"^(?:城[东南西北中关郊]|[东南西北中]城|[东南西北][部区]|新城|老城|中心)$")
#: What may stand right before such a township's base: the start, punctuation or a conjunction
#: (else the segmenter must start a word there).
_OPENERS = frozenset("、,，;；:：。(（“\"《 \t和与及")


def towns_naming_areas(text: str, spans: list[PlaceSpan], parents: Iterable[str],
                       gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """Townships written by base name right before a word for the area named after them
    (``腾鳌新城``), each the one township of that base inside ``parents`` (adcodes of the document's
    counties and prefectures), at the start of a word and overlapping no span in ``spans``.

    Examples
    --------
    >>> towns_naming_areas("甲新城", [], ["210381"], Gazetteer(units={}))
    []
    """
    parents = set(parents)
    if not parents:
        return []
    found: list[tuple[PlaceSpan, Located]] = []
    taken = [(s.start, s.end) for s in spans]
    for area in _AREA_AFTER_TOWN.finditer(text):
        for length in BASE_LENGTHS:
            start = area.start() - length
            if start < 0 or (start and text[start - 1] not in _OPENERS and start not in word_boundaries(text)):
                continue
            base = text[start:area.start()]
            town = (township_by_base(gazetteer, base, parents)
                    if base not in COMMON_WORDS and not _PART_OF_TOWN.match(base) else None)
            if town is not None and not any(a < area.start() and start < b for a, b in taken):
                span = PlaceSpan(start, area.start(), base, 1, True, None)
                taken.append((start, area.start()))
                found.append((span, _located(base, town, "township_base+area")))
                break
    return found


def _township_named(gazetteer: Gazetteer, name: str, parents: set[str]) -> Place | None:
    """The one township of full name ``name`` (kind written: 荫营镇) inside ``parents``, or None."""
    if not name.endswith(_KINDS):
        return None
    towns = {m.place.key: m.place for m in gazetteer.lookup(name) if m.place.precision == "town"
             and {m.place.county_adcode, m.place.prefecture_adcode} & parents}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _located(base: str, town: Place, how: str) -> Located:
    return Located(base, "resolved", town, how)


def towns_after_parents(text: str, spans: list[PlaceSpan], located: list[Located],
                        gazetteer: Gazetteer, whole_word: bool = True) -> list[tuple[PlaceSpan, Located]]:
    """Townships written by base name right after their county or prefecture (``麦积区甘泉``),
    as spans covering the parent and the base, with the township. The base must end a word by the
    segmenter, unless ``whole_word`` is False (where the layout says a name follows its parent: the
    segmenter glues a base to the next word now and then, ``达埔香|都``).

    Examples
    --------
    >>> towns_after_parents("甲", [], [], Gazetteer(units={}))
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    for span, parent in places_read(spans, located, _TOWN_LEVELS):
        if text.startswith(ZONE_WORDS, span.end):
            continue  # 平遥古城, 福清新城: the place's ancient town or new town, no township's base (古城街道)
        for length in BASE_LENGTHS:
            town = township_by_base(gazetteer, text[span.end:span.end + length], [parent.adcode])
            if town is not None and (not whole_word or span.end + length in word_boundaries(text)) and \
                    not text.startswith(("镇", "乡", "街道"), span.end + length):
                chain = PlaceSpan(span.start, span.end + length, text[span.start:span.end + length],
                                  span.segments + 1, True, None)
                found.append((chain, _located(chain.text, town, "township_base+parent")))
                break
    return found


def counted_towns(text: str, spans: list[PlaceSpan], parents: Iterable[str],
                  gazetteer: Gazetteer, known: Mapping[PlaceSpan, Located] | None = None
                  ) -> list[tuple[PlaceSpan, Located]]:
    """The items of lists closed by a count of townships or 等 and their kind (``甲、乙、丙3个镇``,
    ``甲、乙两镇``, ``甲、乙等乡镇``) that are each the base name of exactly one township inside
    ``parents`` (adcodes of the document's counties and prefectures), as spans with the township;
    items a span already covers are left to it (and where ``known`` gives that span's township, it
    counts among the items that say whose the unlisted ones are: ``原甲镇、乙乡、丙乡三个乡镇``).

    Examples
    --------
    >>> counted_towns("甲、乙3个镇", [], [], Gazetteer(units={}))
    []
    """
    parents = set(parents)
    if not parents or not _TOWN_KIND.search(text):  # every such list is closed by a kind (…3个镇)
        return []
    found: list[tuple[PlaceSpan, Located]] = []
    taken = [(s.start, s.end) for s in spans]
    for match in [*_COUNTED_TOWNS.finditer(text), *_PREDICATED_TOWNS.finditer(text)]:
        read: list[tuple[PlaceSpan, Located]] = []
        unread: list[tuple[int, int]] = []
        read_before: list[Located] = []  # items' townships read before, or not read as words here
        items = _ITEM_MARKS.split(match.group(1))
        start = match.start(1)
        for number, item in enumerate(items):
            begin, start = start, start + len(item) + 1
            end = begin + len(item)
            read_before += [loc for span, loc in (known or {}).items() if begin <= span.start and span.end <= end
                            and loc.place is not None and loc.place.precision == "town"][:1]
            # the first item may run on from the words before the list (包括甲): its last characters
            for cut in (range(len(item) - 2, -1, -1) if number == 0 else (0,)):
                name = item[cut:]
                town = township_by_base(gazetteer, name, parents) or _township_named(gazetteer, name, parents)
                if town is not None:
                    begin += cut
                    break
            else:
                if number > 0 and not any(begin < e and s < end for s, e in taken):
                    unread.append((begin, end))
                continue
            if free_word(text, begin, end, taken):
                read.append((PlaceSpan(begin, end, name, 1, False, None), _located(name, town, "township_base+count")))
            else:  # not a word of its own there (原荫营镇), but still says whose the list's townships are
                read_before.append(_located(name, town, "township_base+count"))
        found += read
        count = match.groupdict().get("count")
        if count and chinese_number(count) == len(items):
            found += _unlisted_items(text, [loc for _, loc in read] + read_before, unread, match.group("kind"),
                                     gazetteer)
    return found


def _unlisted_items(text: str, read: list[Located], unread: list[tuple[int, int]], kind: str,
                    gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """The items of a counted list that name no township of the register, as townships of the one
    county the list's other items (``read``) lie in (at least as many of those as of these, but for
    items that write their kind: ``白泉乡`` is a township whatever the others are)."""
    counties = {loc.place.county_adcode for loc in read}
    county = gazetteer.units.get(counties.pop()) if len(counties) == 1 else None
    bare = [item for item in unread if not text.endswith(_KINDS, item[0], item[1])]
    if county is None or len(read) < len(bare):
        return []
    kind = "镇" if kind == "建制镇" else "" if kind in ("乡镇", "城镇") else kind
    found = []
    for begin, end in unread:
        base = text[begin:end]
        if (base in COMMON_WORDS or any(m.place.precision != "town" for m in gazetteer.lookup(base))
                or any(t.prefecture_adcode == county.prefecture_adcode for t in towns_by_base(gazetteer).get(base, ()))):
            continue  # another unit's name, or a township of the prefecture the base names: not unlisted
        name = base if base.endswith(_KINDS) else base + kind  # 甲乡、乙镇3个乡镇: kinds written
        found.append((PlaceSpan(begin, end, base, 1, False, None),
                      unlisted_township(county, name, base, "an item of a counted list of its county's townships")))
    return found
