"""New areas and development zones that no register lists, read through the place they belong to.

Zones (新区, 开发区, 高新区, 工业园区 …) are not admin units, so only the few in
``geodata/places.csv`` are in the gazetteer. A zone name the gazetteer does
not know is still a place when the text says whose it is:

* written right after a place (``甲市南城新区``): a zone of that place;
* named inside a case study or section about a place (``甲市…`` then
  ``南城新区``): a zone of the section's place.

The zone gets the parent's adcode and point (``precision`` of the parent, so
the map does not pretend to know where the zone is). Generic phrases
(``国家级新区``, ``城市新区``, ``各类开发区``) are not names.
"""

from __future__ import annotations

import re

from atlas.reading.scanner import PlaceSpan
from atlas.places.gazetteer import zone_of
from atlas.places.geocode import Located

_ZONE_KINDS = ("经济技术开发区", "高新技术产业开发区", "高新技术开发区", "经济开发区", "综合保税区", "工业园区",
               "产业园区", "开发区", "高新区", "新区")
_ZONE = re.compile(rf"(?P<base>[\u4e00-\u9fff]{{2,6}}?)(?P<kind>{'|'.join(_ZONE_KINDS)})")
#: Where a zone kind is written (a zone name starts 2 to 6 characters before).
_KIND_AT = re.compile(f"(?=(?:{'|'.join(_ZONE_KINDS)}))")
#: Words that make a zone phrase generic rather than a name (国家级新区, 城市新区, 各类园区).
_GENERIC = re.compile(r"国家级|省级|市级|县级|城市|城镇|产业|各类|各级|现有|一批|这些|所在|示范|功能|重点|特色|沿海|"
                      r"工业|经济|发展|建设|推进|加快|依托|打造|设立|规划|全国|全省|全市|全区|周边|承接|实现|放开|全面|推动|"
                      r"建成|形成|成立|新建|建立|带动|引导|支持|鼓励|完善|促进|开展|市属|县属|区属|"
                      r"^[一二三四五六七八九十两几多成为到至]|[的和与及等在各个该本其对向]")


#: Characters after which a zone name may start (punctuation, white space, a conjunction or preposition).
_BOUNDARY = set("、,，;；:：。(（“\"'‘《 \t和与及同在对向从到为由将把是如即于至")


#: Verbs a zone name often follows directly (规划建设南城新区).
_VERBS_BEFORE = frozenset("建设 设立 打造 规划 依托 成立 推进 发展 托管 入驻 落户 批准 获批 位于 地处 包括".split())


def zone_spans(text: str, spans: list[PlaceSpan], located: list[Located],
               section: tuple[Located, ...]) -> list[tuple[PlaceSpan, Located]]:
    """Zones named in ``text`` that the scanner did not find, each resolved through its place.

    Parameters
    ----------
    text : str
        The paragraph.
    spans, located : list
        The places the scanner found and their resolutions.
    section : tuple of Located
        The place(s) the case study or section is about.

    Returns
    -------
    list of (PlaceSpan, Located)
        New spans, not overlapping the found ones.
    """
    taken = [(s.start, s.end) for s in spans]
    ends = {s.end for s in spans}
    found = []
    kinds = [m.start() for m in _KIND_AT.finditer(text)]
    if not kinds:
        return found
    for start in sorted({s for k in kinds for s in range(max(k - 6, 0), k - 1)}):
        if not (start == 0 or start in ends or text[start - 1] in _BOUNDARY or text[start - 2:start] in _VERBS_BEFORE):
            continue
        match = _ZONE.match(text, start)
        if match is None:
            continue
        end = match.end()
        if any(a < end and start < b for a, b in taken) or _GENERIC.search(match.group("base")):
            continue
        before = next((loc for s, loc in zip(spans, located) if s.end == start and loc.place is not None), None)
        parent = before or next((loc for loc in section if loc.place is not None), None)
        if parent is None or parent.place.precision in ("town", "zone"):
            continue
        name = match.group(0)
        place = zone_of(name, "new_area" if match.group("kind") == "新区" else "development_zone", parent.place)
        how = "zone_after_place" if before else "zone_in_section"
        span = PlaceSpan(start, end, name, 1, True, None)
        found.append((span, Located(name, "resolved", place, how, detail=f"a zone of {parent.place.name}")))
        taken.append((start, end))
    return found
