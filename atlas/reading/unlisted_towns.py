"""Townships that today's register lacks, named right after their county (``平江县城关镇``).

A document of an earlier year names a township since merged into another or
renamed (城关镇 became 汉昌街道); a pilot document may name one the register
has not caught up with. No name form matches it, so the scanner reads the
county and stops. Written right after its county as the last link of a chain —
a township's kind (镇, 乡, 街道) closing it — it is still a township of that
county: read as the one township of that name in the county's prefecture,
if there is one (moved to a neighbour since: ``安阳县水冶镇`` is in 殷都区), else
as a township of the county that the register lacks, placed at the county's
point (``point_precision`` county, as every township is), with a note, and
reported in ``quality.csv``. So is a township a county is said to abolish
(``屯留区撤销西贾乡``): the county names it as one of its own. One abolished to
set up another in its place (``撤销甲镇设立乙街道``) is that one under its old name.

The segmenter must cut the name as a name and its kind: one word ending in the
kind (``城关镇``), or a word and the kind (``文星`` ``镇``), or before a township's
kind an ethnic group's name (``杜林`` ``回族`` ``乡``). Generic words before a
kind are no township (中心镇, 重点镇, 特色小镇, 城镇, 乡镇, 集镇), nor is a word
the kind runs into (乡村, 城镇化).
"""

from __future__ import annotations

import re
from dataclasses import replace

from atlas.common.per_object import PerObject
from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located, moved_township
from atlas.places.names import admin_kind
from atlas.reading.scanner import PlaceSpan, places_read
from atlas.reading.words import word_boundaries

RESOLVED_BY = "unlisted_township+county"
#: A candidate after the county: two to six ideographs up to the first kind (no kind inside).
_CANDIDATE = re.compile(r"([\u4e00-\u9fff]{1,6}?)(街道|镇|乡)")
#: A verb of a change of divisions between a county and the township it abolishes (甲县撤销乙乡).
_CHANGE_VERB = re.compile(r"撤销|撤消")
#: What sets up a township in place of the one abolished before it (撤销甲镇, 设立乙街道).
SET_UP = re.compile(r"[,，]?(?:设立|改设|改为|更名为|改名为)")
SUCCEEDED_BY = "former_town+successor"
#: An ethnic group's name before a township's kind (回族乡, 蒙古族满族乡).
_ETHNIC = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}族)+$")
#: Words that make a township's kind generic, not a township's name (中心镇, 特色小镇, 各乡镇…),
#: and characters no township's base holds (function words, numbers).
_GENERIC_BASE = re.compile(
    r"^(?:中心|重点|示范|特色|建制|卫星|专业|工业|试点|边境|边贸|口岸|旅游|农业|商贸|历史文化|文化|生态|美丽|小城|"
    r"新型|现代|传统|特大|省级|国家级|市级|县级|所有|部分|其他|周边|相关|有关|沿海|沿边|山区|平原|贫困|城区|农村|"
    r"该|本|此|每|一些|多个|若干)|(?:城|乡|集|村|小|古|重|名|强|市|特色小|新市)$|[的与及或等个在对为把将从是了\d]")


def generic_base(base: str) -> bool:
    """True if ``base`` before a township's kind makes the kind generic (中心镇, 特色小镇, 各乡镇), not a name.

    Examples
    --------
    >>> generic_base("中心"), generic_base("冶西")
    (True, False)
    """
    return _GENERIC_BASE.search(base) is not None


def _name_words(text: str, start: int, end: int) -> list[str] | None:
    """The words of ``text[start:end]`` by the segmenter, or None if it cuts inside either end."""
    bounds = word_boundaries(text)
    if start not in bounds or end not in bounds:
        return None
    cuts = sorted(b for b in bounds if start <= b <= end)
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _is_township_name(words: list[str], kind: str) -> bool:
    """True if ``words`` (the candidate's words, its kind last) are a name and its kind."""
    if len(words) == 1:
        return len(words[0]) > len(kind) + 1
    if words[-1] != kind:
        return False
    *base, _ = words
    return len(base[0]) >= 2 and len(base) == 1 or (kind == "乡" and all(_ETHNIC.match(w) for w in base[1:]))


def county_townships(gazetteer: Gazetteer, name: str, county: Place) -> list[Place]:
    """The townships of the register called ``name`` in ``county`` (or in a prefecture without counties,
    中山市, whose townships lie in it directly).

    Examples
    --------
    >>> county_townships(Gazetteer(units={}), "乙镇", Place("c", "甲县", "county", "county", "1", "1", None, "1", 0, 0))
    []
    """
    return [m.place for m in gazetteer.lookup(name) if m.place.precision == "town" and m.place.adcode == county.adcode]


def unlisted_township(county: Place, name: str, query: str, how: str = "named after its county") -> Located:
    """``query`` read as a township ``name`` of ``county`` that the register lacks, placed at the county's
    point; ``how`` says what in the document makes it one of the county's.

    Examples
    --------
    >>> county = Place("c", "甲县", "county", "county", "1", "1", None, "1", 0.0, 0.0)
    >>> found = unlisted_township(county, "乙镇", "甲县乙镇")
    >>> found.place.point_precision, found.resolved_by
    ('county', 'unlisted_township+county')
    """
    place = replace(county, key=f"unlisted:{county.adcode}:{name}", name=name, precision="town",
                    kind=admin_kind(name, "town"), county_adcode=county.adcode, spans=(county.adcode,),
                    source=f"{how} in the document; not in the register ({county.name})", seat=False)
    return Located(query, "resolved", place, RESOLVED_BY,
                   detail=f"{name} is no township of {county.name} in the register: placed at the county")


def successor(text: str, end: int, county: Place, query: str, gazetteer: Gazetteer,
              verbs: re.Pattern = SET_UP) -> Located | None:
    """The township of ``county`` set up in place of the one ending at ``end`` (``撤销甲镇设立乙街道``,
    with ``verbs`` after it): the same unit under its new name.

    Examples
    --------
    >>> county = Place("c", "甲县", "county", "county", "1", "1", None, "1", 0.0, 0.0)
    >>> successor("甲镇设立乙街道", 2, county, "甲镇", Gazetteer(units={})) is None
    True
    """
    verb = verbs.match(text, end)
    match = _CANDIDATE.match(text, verb.end()) if verb else None
    if match is None:
        return None
    inside = county_townships(gazetteer, match.group(0), county)
    return Located(query, "resolved", inside[0], SUCCEEDED_BY,
                   detail=f"set up in its place as {inside[0].name}") if len(inside) == 1 else None


def unlisted_towns(text: str, spans: list[PlaceSpan], located: list[Located], taken: list[PlaceSpan],
                   gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """Townships right after a county's span that no name form matches (``平江县城关镇``), as spans
    covering the county and the township, with a township of that county that the register lacks;
    and townships the county abolishes (``甲县撤销乙乡``), as spans of the township alone.

    Examples
    --------
    >>> unlisted_towns("甲", [], [], [], Gazetteer(units={}))
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    ranges = [(s.start, s.end) for s in taken]
    for span, loc in zip(spans, located):
        county = loc.place
        if loc.status != "resolved" or county is None or county.precision != "county":
            continue
        verb = _CHANGE_VERB.match(text, span.end)
        begin = verb.end() if verb else span.end
        match = _CANDIDATE.match(text, begin)
        if match is None or generic_base(match.group(1)):
            continue
        name, kind, end = match.group(0), match.group(2), match.end()
        words = _name_words(text, begin, end)
        if (words is None or not _is_township_name(words, kind)
                or county_townships(gazetteer, name, county)
                or any(begin < e and s < end for s, e in ranges)):
            continue
        # after a verb the county is the clause's subject, a mention of its own: the span is the township's
        read = (PlaceSpan(begin, end, name, 1, True, None) if verb
                else PlaceSpan(span.start, end, text[span.start:end], span.segments + 1, True, None))
        found.append((read, successor(text, end, county, read.text, gazetteer)
                      or moved_township(gazetteer, county, name, read.text)
                      or unlisted_township(county, name, read.text)))
    return found


#: Verbs of townships merged, abolished or moved from one unit to another (撤销甲镇, 甲镇、乙镇合并, 并入, 划入).
_MERGE_VERBS = re.compile(r"撤销|撤消|撤并|合并|并入|划入|划归")
#: Where a sentence ends, for the merge rule.
_SENTENCE_END = re.compile(r"[。；;！!？?]")
#: The kinds that end a township's full name.
_TOWN_KINDS = ("镇", "乡", "街道")
#: Levels of the units that may hold a merge sentence's townships.
_UNIT_LEVELS = frozenset({"county", "prefecture"})


#: Prefectures with counties, by gazetteer (built once).
_WITH_COUNTIES = PerObject()


def _holds_townships(place: Place, gazetteer: Gazetteer) -> bool:
    """True for a county, or a prefecture whose townships lie in it directly (中山市, 东莞市)."""
    if place.precision == "county":
        return True
    with_counties = _WITH_COUNTIES.get(gazetteer, lambda gaz: frozenset(
        unit.prefecture_adcode for unit in gaz.units.values() if unit.precision == "county"))
    return place.precision == "prefecture" and place.adcode not in with_counties


def merged_towns(text: str, spans: list[PlaceSpan], located: list[Located],
                 gazetteer: Gazetteer) -> dict[PlaceSpan, Located]:
    """Townships named in full in a sentence about merging townships that names one county (or a
    prefecture without counties), read as that county's where it holds none of the name today: the
    one so named in its prefecture (moved since), else one the register lacks, merged away since
    (``揭阳市榕城区宣布撤销中山街道和西马街道``: not 武汉's 西马街道) — never a namesake elsewhere. A
    sentence that names no unit takes the one unit the paragraph names before it (``佛山市南海区的狮山镇。
    原小塘镇、松岗镇合并成立狮山镇``); the same name again in the paragraph is the same township.

    Examples
    --------
    >>> merged_towns("甲", [], [], Gazetteer(units={}))
    {}
    """
    found: dict[PlaceSpan, Located] = {}
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def units_in(start: int, end: int) -> dict[str, Place]:
        return {place.adcode: place for s, place in places_read(spans, located, _UNIT_LEVELS)
                if start <= s.start < end and _holds_townships(place, gazetteer)}

    for start, end in zip([0, *ends], [*ends, len(text)]):
        if not _MERGE_VERBS.search(text, start, end):
            continue
        inside = [(s, loc) for s, loc in zip(spans, located) if start <= s.start < end]
        units = units_in(start, end) or units_in(0, start)  # the sentence's county, else the paragraph's so far
        if len(units) != 1:
            continue
        unit = next(iter(units.values()))
        for span, loc in inside:
            if span.segments != 1 or not span.text.endswith(_TOWN_KINDS) or span.text == unit.name:
                continue
            if loc.place is not None and (loc.place.precision != "town" or loc.place.adcode == unit.adcode):
                continue  # a unit, or a township of that county already
            if county_townships(gazetteer, span.text, unit):
                continue  # the county holds one of that name: the geocoder's context reads it
            found[span] = (moved_township(gazetteer, unit, span.text, span.text)
                           or unlisted_township(unit, span.text, span.text, "merged in a sentence naming its county"))
        found.update(_unknown_items(text, inside, unit, spans, gazetteer))
    by_name = {span.text: loc for span, loc in found.items()}
    for span in spans:  # the same township named again in the paragraph (…东升镇则拥有…)
        if span not in found and span.segments == 1 and span.text in by_name:
            found[span] = by_name[span.text]
    return found


#: What joins the items of a list of townships (甲镇、乙镇和丙乡).
_JOINERS = "、和及与"


def _candidate_at(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` is a township's name the segmenter cuts as a name and its kind."""
    match = _CANDIDATE.fullmatch(text, start, end)
    if match is None or generic_base(match.group(1)):
        return False
    words = _name_words(text, start, end)
    return words is not None and _is_township_name(words, match.group(2))


#: What may stand before an item of such a list (a joiner, punctuation, 原 for a former unit) and after it.
_ITEM_BEFORE = frozenset(_JOINERS + ",，。；;：:（(原 ")
_ITEM_AFTER = re.compile(r"[、和及与,，。；;：:）)]|等|" + _MERGE_VERBS.pattern + "|$")


def _item_ends(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` fills a list item: a joiner or punctuation (or 原) before it, a joiner,
    punctuation, 等 or a merge verb after it."""
    return (start == 0 or text[start - 1] in _ITEM_BEFORE) and _ITEM_AFTER.match(text, end) is not None


def _unknown_items(text: str, inside: list[tuple[PlaceSpan, Located]], unit: Place, spans: list[PlaceSpan],
                   gazetteer: Gazetteer) -> dict[PlaceSpan, Located]:
    """Townships no name form matches that are items of a list beside a township of a merge sentence
    (``小塘镇、松岗镇、官窑镇合并``, ``罗村街道及大沥镇…划入``): townships of ``unit`` the register lacks."""
    found: dict[PlaceSpan, Located] = {}
    taken = [(s.start, s.end) for s in spans]
    towns = sorted((s for s, loc in inside if s.text.endswith(_TOWN_KINDS)), key=lambda s: s.start)
    for town in towns:
        for step in (1, -1):  # the items after the township, then those before it
            edge = town.end if step == 1 else town.start
            while True:
                joiner = edge if step == 1 else edge - 1
                if text[joiner:joiner + 1] not in _JOINERS or not text[joiner:joiner + 1]:
                    break
                lengths = range(8, 2, -1)  # the whole item: the longest name that fills it
                bounds = ([(joiner + 1, joiner + 1 + n) for n in lengths] if step == 1
                          else [(joiner - n, joiner) for n in lengths])
                item = next(((a, b) for a, b in bounds if 0 <= a and b <= len(text) and _item_ends(text, a, b)
                             and _candidate_at(text, a, b) and not any(a < e and s < b for s, e in taken)), None)
                if item is None:
                    break
                a, b = item
                a += text[a] == "原" and _CANDIDATE.fullmatch(text, a + 1, b) is not None  # 原狮山街道: the former 狮山街道
                name = text[a:b]
                inside_unit = county_townships(gazetteer, name, unit)
                span = PlaceSpan(a, b, name, 1, True, None)
                found[span] = (Located(name, "resolved", inside_unit[0], "township+merge") if inside_unit
                               else unlisted_township(unit, name, name, "merged in a sentence naming its county"))
                taken.append((a, b))
                edge = b if step == 1 else a
    return found
