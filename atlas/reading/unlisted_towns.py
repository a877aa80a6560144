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

from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import Located, moved_township
from atlas.places.names import admin_kind
from atlas.reading.scanner import PlaceSpan
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
    """The townships of the register called ``name`` in ``county``.

    Examples
    --------
    >>> county_townships(Gazetteer(units={}), "乙镇", Place("c", "甲县", "county", "county", "1", "1", None, "1", 0, 0))
    []
    """
    return [m.place for m in gazetteer.lookup(name) if m.place.precision == "town"
            and m.place.county_adcode == county.adcode]


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
