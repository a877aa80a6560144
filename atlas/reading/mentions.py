"""Place mentions in experience documents, with the heading they sit under.

Every place span the scanner accepts (see :mod:`atlas.reading.scanner`) is
resolved through the geocoder with what the text around it says:

* the provinces named in the same paragraph or case study (to choose between
  same-named places in different provinces);
* a count after a list (``长沙、株洲、湘潭三市``: cities, not 湘潭县), shared by
  every name of the list;
* the paragraph itself (a candidate whose prefecture or county is named there).

A name the scanner's boundary rules alone turned down is taken when the
document names that place elsewhere and a word segmenter agrees it is a word
(:mod:`atlas.reading.confirmed`): the paragraphs are read once, then those
holding such names are read again with them.

A case-study header (``…市推进农业转移人口市民化案例``) starts a new theme
section whose subject's province stays in context until the next one.
Placeholders written as ``X`` never match a name, so anonymised text yields
only the real names left in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from atlas.reading.confirmed import Confirmed, second_look
from atlas.reading.scanner import Deferred, PlaceScanner, PlaceSpan
from atlas.reading.seats import as_seat, seat_readings
from atlas.reading.zones import zone_spans
from atlas.reading.text import SENTENCE_END, Paragraph, ThemeTracker, is_addressee_line, is_toc_line, paragraphs
from atlas.places.geocode import LARGER_UNIT_DEFAULTS, RANK_DEFAULT, Geocoder, Located, lies_in
from atlas.places.names import short_forms
from atlas.places.taken_names import as_of_year
from atlas.reading.sources import Document

_LIST_JOINERS = ("、", "和", "与", "及", "、和")
_SECTION_MAX = 40
_SECTION_ENDINGS = ("案例",)


@dataclass(frozen=True)
class Mention:
    """One place named in a document."""

    doc: str
    line: int
    name: str
    theme: str
    role: str
    located: Located
    batch: int | None = None


def _list_groups(spans: list[PlaceSpan], text: str) -> list[list[int]]:
    """Indexes of spans forming one written list (joined by 、 和 与 及)."""
    groups: list[list[int]] = []
    for i, span in enumerate(spans):
        if groups and text[spans[groups[-1][-1]].end:span.start] in _LIST_JOINERS:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


#: How ``resolved_by`` ends for a default the text may overrule (:data:`LARGER_UNIT_DEFAULTS`,
#: :data:`RANK_DEFAULT`).
_DEFAULTS = (*LARGER_UNIT_DEFAULTS.values(), RANK_DEFAULT)


def _siblings_level(items: list[Located]) -> str | None:
    """The one level of a list's items read for certain, when one or more has it and none differs
    (``湖南、湖北、河南``: the ambiguous 河南 is read as a province like its siblings; ``长春、吉林``:
    吉林 the city). A bare name given to the larger of its namesakes (:data:`LARGER_UNIT_DEFAULTS`)
    is no evidence: its siblings decide it."""
    levels = {loc.place.precision for loc in items if _read_for_certain(loc)}
    return levels.pop() if len(levels) == 1 else None


def _read_for_certain(loc: Located) -> bool:
    """True if ``loc`` is resolved, and not by a default the text may overrule."""
    return loc.status == "resolved" and loc.place is not None and not loc.resolved_by.endswith(_DEFAULTS)


#: What stands between a label and the first place of its group: a colon, or 的 with what it says of
#: the places (下辖的, 所辖的). A table row's province cell (| 河北 | 某县 |) is a mention of its own.
_LABEL_MARKS = frozenset({"的", "下辖的", "所辖的"})


def _group_labels(item: ParagraphPlaces) -> set[int]:
    """Indexes of the spans that qualify a group of places inside them with 的 (``红河州的金平、绿春``):
    the unit qualifies each item as the head of a chain does, so it is no mention of its own. A label
    before a colon (``江北区:慈城镇、庄桥街道``) or 辖 is one: the held-out sets' annotators count it. An
    item written as a chain of its own (``甲市的甲市乙镇…``) leaves the unit a mention."""
    labels = set()
    text, spans, located = item.paragraph.text, item.spans, item.located
    for i in range(len(spans) - 1):
        label, first = located[i].place, located[i + 1].place
        between = "".join(text[spans[i].end:spans[i + 1].start].split())
        if (label is not None and first is not None and between in _LABEL_MARKS
                and not _restates(spans[i + 1].text, label) and lies_in(first, label)
                and item.paragraph.line_at(spans[i].start) == item.paragraph.line_at(spans[i + 1].start)):
            labels.add(i)
    return labels


#: Words after a unit's name that make it the name of its government, party committee or a department
#: (某省人民政府, 某市政府, 某县委, 某郊区区委, 中共某区委员会, 某市人大, 某省十三届人大, 某州民政局,
#: 某省体育局, 某新区管委会, 某地区行政公署, 某省办公厅): an organ, no mention of the place — though the
#: document still names the place (its townships are confirmed by it). A secretary of its committee
#: (某镇党委书记, 某县委书记) is a person of the place: a mention.
_ORGAN_AFTER = re.compile(
    r"(?:(?:第?[一二三四五六七八九十]+届)?(?:人民代表大会|人大|政协|党代会)|人民政府|政府|行政公署|行署|党委(?!副?书记)|委员会"
    r"|(?<=[省市县区州旗盟])[区县]?委(?!托|派|屈|婉|副?书记)|办公厅|办公室"
    r"|管委会|(?:民政|发改|发展改革|发展和改革|财政|住建|住房城乡建设|住房和城乡建设|自然资源|规划和自然资源|国土资源|国土|"
    r"公安|司法|统计|农业农村|农业|农牧|林业和草原|林业|水利|水务|交通运输|交通|教育|科技|科学技术|工业和信息化|工信|"
    r"经济和信息化|经信|人社|人力资源和社会保障|生态环境|环保|商务|文旅|文化和旅游|文化广电和旅游|广播电视|文物|体育|卫健|"
    r"卫生健康|医疗保障|医保|审计|市场监管|市场监督管理|应急管理|退役军人事务|乡村振兴|扶贫|粮食和物资储备|粮食|能源|"
    r"税务|气象|地震|档案|民族宗教事务|民族宗教|民宗|信访|外事|侨务|国资|国有资产监督管理|地方金融监督管理|金融|"
    r"机关事务管理|城市管理|城管|住房公积金管理)(?:局|厅|委|中心))")


#: The fewest places, and of how many provinces, that make a line of places between | marks a block of
#: links (a reposting site's list of place pages: 平陆县| 彭泽县| 永寿县| 南平市| …), not a list the text makes.
_LINK_BLOCK_PLACES, _LINK_BLOCK_PROVINCES = 8, 4
#: What a block of links holds besides its places: the marks, white space and a few short words (邮箱).
_LINK_BLOCK_REST = re.compile(r"[|｜\s]*(?:[\u4e00-\u9fff]{1,3}[|｜\s]+)?")


def _link_block(item: ParagraphPlaces) -> set[int]:
    """Every span of a paragraph that is a block of links to places: at least eight places of at least four
    provinces and no province itself (a municipality may be one), one to a cell between | marks, with
    little else (a word or two) — page chrome, no mentions."""
    text, spans = item.paragraph.text, item.spans
    if len(spans) < _LINK_BLOCK_PLACES or text.count("|") + text.count("｜") < _LINK_BLOCK_PLACES - 1:
        return set()
    places = [loc.place for loc in item.located if loc.place is not None]
    if any(place.precision == "province" and place.kind != "municipality" for place in places):
        return set()  # a table flattened onto one line names its provinces' cells too
    gaps = [text[a.end:b.start] for a, b in zip(spans, spans[1:])] + [text[:spans[0].start], text[spans[-1].end:]]
    if (len({place.province_adcode for place in places}) >= _LINK_BLOCK_PROVINCES
            and all(_LINK_BLOCK_REST.fullmatch(gap) for gap in gaps)):
        return set(range(len(spans)))
    return set()


#: A region named after the places of a list before it (兰州—西宁等城市群, 南京、福州等都市圈): no
#: mention of the cities (one named alone before the word is none already: see the scanner's words).
_REGION_AFTER = re.compile(r"等?(?:[两二三四五六七八九十\d]+个)?(?:城市群|都市圈|城市圈|经济圈)")


def _named_after(item: ParagraphPlaces, words: re.Pattern, joiners: tuple[str, ...] = ("、",)) -> set[int]:
    """Indexes of the spans that ``words`` after them make the name of something else, with the items
    of a list before that share it (joined by ``joiners``)."""
    text, spans = item.paragraph.text, item.spans
    found = set()
    for i, span in enumerate(spans):
        if words.match(text, span.end):
            found.add(i)
            j = i - 1
            while j >= 0 and text[spans[j].end:spans[j + 1].start].strip() in joiners:
                found.add(j)
                j -= 1
    return found


#: The rest of a line that is an office's name after its place (a signature or byline:
#: 某县第七次全国人口普查领导小组办公室, 某市推进新型城镇化工作领导小组).
_OFFICE_LINE = re.compile(r"[\u4e00-\u9fff]{0,24}?(?:领导小组(?:办公室)?|指挥部|办公室|委员会|管理局|局|厅)\s*")


def _organs(item: ParagraphPlaces) -> set[int]:
    """Indexes of the spans that name an organ of their place (``章丘区人民政府``, ``苍南县委``), with the
    items of a list that shares it (``甲、乙、丙镇人民政府``: the three towns' governments); of a place
    that opens a line naming an office of it, and nothing else (a signature); and of cities a region is
    named after (``兰州—西宁等城市群``)."""
    text, spans = item.paragraph.text, item.spans
    signature = {0} if spans and not text[:spans[0].start].strip() and _OFFICE_LINE.fullmatch(text, spans[0].end) else set()
    return (_named_after(item, _ORGAN_AFTER) | signature
            | _named_after(item, _REGION_AFTER, ("、", "—", "-", "和", "与")))


def _by_document_provinces(located: Located, provinces: frozenset[str]) -> Located:
    """An ambiguous ``located`` resolved to its one candidate that lies in a province of the document's
    places (``中山`` in a yearbook of 广东's cities: 中山市, not 大连's 中山区); else as it is."""
    if located.status != "ambiguous":
        return located
    inside = [place for place in located.candidates if place.province_adcode in provinces]
    if len(inside) != 1:
        return located
    return Located(located.query, "resolved", inside[0], "document_province",
                   detail=f"of {len(located.candidates)} places so named, the one in a province of the document's places")


def _as_seats(item: ParagraphPlaces, seats: dict[str, Located]) -> ParagraphPlaces:
    """``item`` with the bare names the document says are seats read as the seats (:func:`as_seat`)."""
    located = tuple(as_seat(span, loc, seats) for span, loc in zip(item.spans, item.located))
    return item if located == item.located else replace(item, located=located)


def _restates(item: str, label) -> bool:
    """True if ``item`` opens with the label's own name (``资兴市回龙山瑶族乡`` after ``资兴市:``)."""
    level = label.precision if label.precision in ("province", "prefecture") else "county"
    return item.startswith((label.name, *short_forms(label.name, level)))


def _is_section_header(text: str, spans: list[PlaceSpan]) -> bool:
    return len(text) <= _SECTION_MAX and text.endswith(_SECTION_ENDINGS) and bool(spans) and spans[0].start == 0


@dataclass(frozen=True)
class DocumentContext:
    """What the whole document tells about its places: its year and its text."""

    year: int | None
    text: str


@dataclass(frozen=True)
class ParagraphPlaces:
    """A paragraph, the heading path it sits under, and the places named in it.

    ``section`` holds the subject of the case study the paragraph belongs to
    (empty outside case studies).
    """

    paragraph: Paragraph
    theme: str
    spans: tuple[PlaceSpan, ...]
    located: tuple[Located, ...]
    section: tuple[Located, ...]


class MentionExtractor:
    """Extract mentions from documents with one scanner and geocoder."""

    def __init__(self, geocoder: Geocoder, pilots: frozenset[str] = frozenset()):
        self.geocoder = geocoder
        self.scanner = PlaceScanner(geocoder.gazetteer)
        self.pilots = pilots  # keys of places the documents list as pilots

    def _resolve_paragraph(self, para: Paragraph, spans: list[PlaceSpan], section: tuple[Located, ...],
                           doc: DocumentContext, known: dict[PlaceSpan, Located] | None = None) -> list[Located]:
        section_provinces = {loc.place.province_adcode for loc in section if loc.place}
        within = {loc.place.adcode for loc in section if loc.place}
        known = known or {}
        first = [known.get(s) or self.geocoder.resolve(s.text) for s in spans]
        level_hints: dict[int, str] = {}
        for group in _list_groups(spans, para.text):
            hint = next((spans[i].level_hint for i in reversed(group) if spans[i].level_hint), None)
            hint = hint or _siblings_level([first[i] for i in group])
            for i in group:
                if hint:
                    level_hints[i] = hint
        paragraph_provinces = set(section_provinces)
        paragraph_provinces.update(loc.place.province_adcode for loc in first if loc.status == "resolved")
        # townships of one paragraph keep together: one of several namesakes lying in the county of a
        # township the paragraph names that needs no deciding is that one (巨甸镇…北与塔城乡为邻)
        town_counties = {loc.place.adcode for loc in first if loc.status == "resolved"
                         and loc.place.precision == "town" and not loc.resolved_by.endswith(_DEFAULTS)}
        sentence_of = [len(SENTENCE_END.findall(para.text, 0, s.start)) for s in spans]
        out: list[Located] = []
        decided: dict[str, Located] = {}
        for i, (span, loc) in enumerate(zip(spans, first)):
            beside = [c for c in loc.candidates if c.precision == "town" and c.adcode in town_counties]
            if loc.status == "ambiguous" and len(beside) == 1:
                loc = Located(loc.query, "resolved", beside[0], "township+siblings")
            elif loc.status == "ambiguous" or loc.resolved_by.endswith(_DEFAULTS):  # the text may say more
                # provinces named in the same sentence come first, then the paragraph's
                provinces = {f.place.province_adcode for f, n in zip(first, sentence_of)
                             if f.status == "resolved" and n == sentence_of[i]} or paragraph_provinces
                loc = self.geocoder.resolve(span.text, context=para.text, prefer_provinces=provinces,
                                            prefer_level=level_hints.get(i), within=within,
                                            prefer_places=self.pilots, year=doc.year, wider_context=doc.text)
            if loc.status == "ambiguous" and span.text in decided:
                earlier = decided[span.text]  # the same name, decided earlier in this paragraph
                loc = Located(loc.query, "resolved", earlier.place, earlier.resolved_by + "+earlier")
            loc = as_of_year(loc, span.text, doc.year, self.geocoder.gazetteer)  # 毕节市 before 2011: 七星关区
            if loc.status == "resolved":
                decided.setdefault(span.text, loc)
            out.append(loc)
        return out

    def scan(self, doc: Document) -> Iterator[ParagraphPlaces]:
        """Each paragraph with its theme, place spans and their resolutions."""
        theme = ThemeTracker()
        section: tuple[Located, ...] = ()
        context = DocumentContext(doc.year, "\n".join(doc.lines))
        read: list[tuple[ParagraphPlaces, list[PlaceSpan], list[Deferred]]] = []
        for para in paragraphs(doc):
            if is_toc_line(para.text) or is_addressee_line(para.text):
                continue
            scan = self.scanner.scan(para.text)
            header = _is_section_header(para.text, scan.spans)
            if header:
                theme.reset(para.text[:16])
            else:
                theme.update(para.text)
            item = self._paragraph_places(para, theme.path, scan.spans, section, context)
            if header:
                section = tuple(loc for loc in item.located[:1] if loc.place)
            read.append((item, scan.spans, scan.deferred))
        located = [loc for item, _, _ in read for loc in item.located]
        confirmed = Confirmed.of(located, self.geocoder.gazetteer)
        # a word for towns that is a township of a county the document names (新市镇 in a text on 德清县)
        # names that township for the whole document: its base alone (新市) is the town, not 新市区
        words = [Located(d.text, "resolved", m.place, m.how) for _, _, deferred in read for d in deferred
                 if d.generic for m in d.matches if confirmed.holds(m.place, m.how)]
        if words:
            confirmed = Confirmed.of(located + words, self.geocoder.gazetteer)
        # a bare name the document says is its prefecture's seat is the seat throughout, second look included
        seats = seat_readings(((item.paragraph.text, item.spans, item.located) for item, _, _ in read),
                              self.geocoder.gazetteer)
        for item, spans, deferred in read:
            item = self._with_confirmed(item, spans, deferred, confirmed, context)
            yield _as_seats(item, seats) if seats else item

    def _paragraph_places(self, para: Paragraph, theme: str, spans: list[PlaceSpan], section: tuple[Located, ...],
                          context: DocumentContext, known: dict[PlaceSpan, Located] | None = None) -> ParagraphPlaces:
        """A paragraph's spans resolved (those in ``known`` as given), with the zones written after them."""
        located = self._resolve_paragraph(para, spans, section, context, known)
        zones = zone_spans(para.text, spans, located, section)
        if zones:
            pairs = sorted([*zip(spans, located), *zones], key=lambda pair: pair[0].start)
            spans, located = [p[0] for p in pairs], [p[1] for p in pairs]
        return ParagraphPlaces(para, theme, tuple(spans), tuple(located), section)

    def _with_confirmed(self, item: ParagraphPlaces, spans: list[PlaceSpan], deferred: list[Deferred],
                        confirmed: Confirmed, context: DocumentContext) -> ParagraphPlaces:
        """``item`` read again with what a second look finds in it (:func:`second_look`), each new
        name kept only if it resolves to a place the document confirms; a name still ambiguous
        decided by the provinces of the document's places (:func:`_by_document_provinces`)."""
        item = self._second_look(item, spans, deferred, confirmed, context)
        located = tuple(_by_document_provinces(loc, confirmed.provinces) for loc in item.located)
        return item if located == item.located else replace(item, located=located)

    def _second_look(self, item: ParagraphPlaces, spans: list[PlaceSpan], deferred: list[Deferred],
                     confirmed: Confirmed, context: DocumentContext) -> ParagraphPlaces:
        look = second_look(item.paragraph.text, item, deferred, confirmed, self.geocoder.gazetteer)
        spans = [s for s in spans if s not in look.replaced]
        extra = list(look.spans)
        while extra:
            merged = sorted([*spans, *extra], key=lambda span: span.start)
            again = self._paragraph_places(item.paragraph, item.theme, merged, item.section, context, look.known)
            kept = [span for span, loc in zip(again.spans, again.located)
                    if span in extra and loc.status == "resolved"
                    and (span in look.known or confirmed.holds(loc.place, loc.resolved_by.split("+")[0]))]
            if len(kept) == len(extra):
                return again
            extra = kept
        return item

    def extract(self, doc: Document) -> list[Mention]:
        """Mentions in one document, in text order (one per place per line)."""
        return self.mentions(self.scan(doc), doc.id)

    @staticmethod
    def mentions(items, doc_id: str, roles: dict[tuple[int, int], tuple[str, int | None]] | None = None) -> list[Mention]:
        """Mentions from scanned paragraphs (one per place per line).

        ``roles`` gives the role and batch of spans that a list names
        (``(paragraph index, span index)`` → ``(role, batch)``); the others are examples.
        """
        roles = roles or {}
        mentions: list[Mention] = []
        seen: dict[tuple[int, str], tuple[int, bool]] = {}  # (line, place) → (its mention's index, strong name)
        for index, item in enumerate(items):
            labels = _group_labels(item) | _organs(item) | _link_block(item)
            for number, (span, loc) in enumerate(zip(item.spans, item.located)):
                if number in labels and (index, number) not in roles:
                    continue
                line = item.paragraph.line_at(span.start)
                key = (line, loc.place.key if loc.place else span.text)
                earlier = seen.get(key)
                if earlier is not None and (earlier[1] or not span.strong):
                    continue
                name = item.paragraph.as_written(span.start, span.end)
                role, batch = roles.get((index, number), ("example", None))
                mention = Mention(doc_id, line, name, item.theme, role, loc, batch)
                if earlier is None:
                    seen[key] = (len(mentions), span.strong)
                    mentions.append(mention)
                else:  # the line names the place in full after a short form (合肥 … 合肥市): keep the full name
                    seen[key] = (earlier[0], True)
                    first = mentions[earlier[0]]
                    if role == "example":
                        role, batch = first.role, first.batch
                    mentions[earlier[0]] = Mention(doc_id, line, name, first.theme, role, loc, batch)
        return mentions
