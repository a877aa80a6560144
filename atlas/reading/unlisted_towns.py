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
reported in ``quality.csv``.

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
#: An ethnic group's name before a township's kind (回族乡, 蒙古族满族乡).
_ETHNIC = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}族)+$")
#: Words that make a township's kind generic, not a township's name (中心镇, 特色小镇, 各乡镇…),
#: and characters no township's base holds (function words, numbers).
_GENERIC_BASE = re.compile(
    r"^(?:中心|重点|示范|特色|建制|卫星|专业|工业|试点|边境|边贸|口岸|旅游|农业|商贸|历史文化|文化|生态|美丽|小城|"
    r"新型|现代|传统|特大|省级|国家级|市级|县级|所有|部分|其他|周边|相关|有关|沿海|沿边|山区|平原|贫困|城区|农村|"
    r"该|本|此|每|一些|多个|若干)|(?:城|乡|集|村|小|古|重|名|强|市|特色小|新市)$|[的与及或等个在对为把将从是了\d]")


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


def _unlisted(county: Place, name: str) -> Place:
    """A township of ``county`` that the register lacks, at the county's point."""
    return replace(county, key=f"unlisted:{county.adcode}:{name}", name=name, precision="town",
                   kind=admin_kind(name, "town"), county_adcode=county.adcode, spans=(county.adcode,),
                   source=f"named after its county in the document; not in the register ({county.name})",
                   seat=False)


def unlisted_towns(text: str, spans: list[PlaceSpan], located: list[Located], taken: list[PlaceSpan],
                   gazetteer: Gazetteer) -> list[tuple[PlaceSpan, Located]]:
    """Townships right after a county's span that no name form matches (``平江县城关镇``), as spans
    covering the county and the township, with a township of that county that the register lacks.

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
        match = _CANDIDATE.match(text, span.end)
        if match is None or _GENERIC_BASE.search(match.group(1)):
            continue
        name, kind, end = match.group(0), match.group(2), match.end()
        words = _name_words(text, span.end, end)
        if (words is None or not _is_township_name(words, kind)
                or any(m.place.county_adcode == county.adcode for m in gazetteer.lookup(name))
                or any(span.end < e and s < end for s, e in ranges)):
            continue
        chain = PlaceSpan(span.start, end, text[span.start:end], span.segments + 1, True, None)
        found.append((chain, moved_township(gazetteer, county, name, chain.text) or Located(
            chain.text, "resolved", _unlisted(county, name), RESOLVED_BY,
            detail=f"{name} is no township of {county.name} in the register: placed at the county")))
    return found
