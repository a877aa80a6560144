"""Pilot lists in running text and in every list layout.

A document names its pilots in one of a few layouts, all recognised here from
the place spans the scanner found in each paragraph:

* **a sentence**: places written as a list right before a selection verb
  (``甲市、乙县入选…试点``, ``同意将甲市等59个城市(镇)列为…``), or right after
  ``名单中`` / ``名单:`` (``在…名单中,甲市、乙县…``);
* **a titled list**: a line naming a list (``附件：…名单``, ``二、…试点地区名单``)
  followed by items, one place each: numbered (``1.``, ``1、``, ``(1)``,
  ``一、``), bulleted, table rows (``| 1 | 甲省乙县 |``) or bare names, with
  group lines (``(一)省``, ``江苏省(3个)``) between them;
* **a plain numbered list** of two or more items that are each a place and
  little else, in a document about pilots;
* **a table of contents** of work plans (``1. 甲省试点工作方案要点……8``),
  with or without the sections after it (see also :mod:`atlas.reading.pilots`).

The batch comes from the clause or the list title (``第三批``, ``首批``), else
from the document. The programme is the national comprehensive pilot unless
the clause or title names another one (a provincial list, 特色小镇, county-seat
demonstration): those places are ``other_programme``, never national pilots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlas.reading.scanner import PlaceSpan
from atlas.reading.text import SENTENCE_END

_NUMERALS = "一二三四五六七八九十"
_BATCH = re.compile(rf"第\s*([{_NUMERALS}]+|\d+)\s*批|(首)批")
_COUNT = r"[\d一二三四五六七八九十百两]"
_SELECT_AFTER = re.compile(rf"^(?:(?:(?:等\s*{_COUNT}*|{_COUNT}+)\s*个?[\u4e00-\u9fff]{{0,20}}?(?:\([^)]{{0,6}}\))?\s*)?"
                           r"(?:被|已|均|先后|分别|成功|正式|一并|同时){0,3}(?:入选|入围|列为|列入|确定为|确定|获批|纳入|成为|获准|"
                           r"作为|榜上有名|上榜|名列其中|位列其中|在列))"
                           r"|^(?:已|均|先后)?被[^,，。;；:：]{0,24}?(?:确定为|列为|列入|批准为|命名为|纳入)"
                           r"|^(?:也|均|都)?是[^,，。;；:：]{0,30}?试点(?:地区|城市|县|市|镇)?(?:之一)?(?=$|[,，。;；、])")
#: A later clause of a sentence saying its subject was selected (甲县…，入选第二批…试点).
_SUBJECT_SELECTED = re.compile(r"[,，]\s*(?:并|已|还|先后|被|成功|正式)?(?:入选|被列为|列为|被确定为|确定为|获批|列入)[^,，。]*试点")
_LIST_INTRO = re.compile(r"名单(?:中|里|如下)?\s*[,，:：]\s*$|名单(?:中|里|如下)\s*$|试点(?:地区|城市|县|市|镇)?\s*(?:——|—|－)\s*$|"
                         r"(?:包括|包含|分别是|分别为|具体为|具体是|依次为|依次是)\s*[:：]?\s*$")
#: ``甲市等22个县(市、区)和乙镇等6个建制镇列为…``: a list closed by a count, its verb further on.
_COUNTED = re.compile(rf"^等\s*{_COUNT}+\s*个")
_SELECT_VERB = re.compile(r"入选|入围|列为|列入|确定为|获批|纳入|成为|榜上有名|上榜")
#: ``确定甲市、乙市等10个市县为…试点``: a counted list, then 为 (the clause names the choosing verb before it).
_COUNTED_AS = re.compile(rf"^等\s*{_COUNT}+\s*个?[\u4e00-\u9fff]{{0,6}}?(?:\([^)]{{0,6}}\))?\s*为")
_CHOOSING = re.compile(r"确定|同意将|将|把|选择|选定|命名")
_NATIONAL = re.compile(r"新型城镇化综合试点|综合试点")
_OTHER_PROGRAMME = re.compile(
    r"省级|全省|省新型城镇化|特色小镇|特色小城镇|示范县|示范镇|县城新型城镇化|示范区|美丽乡村|卫生城|文明城|"
    r"智慧城市|海绵城市|园林城市|低碳城市|农村改革试验区|县城为重要载体"
)
#: A list item's numbering, bullet or table cell before its text.
_ITEM_MARK = re.compile(rf"^(?:\|\s*)?(?:(?:\d{{1,3}}|[{_NUMERALS}]{{1,3}})\s*[.、．)）]|[(（](?:\d{{1,3}}|[{_NUMERALS}]{{1,3}})[)）]"
                        r"|[-*•·●○◆■□]|\d{1,3}\s*\||\d{1,3}\t)?\s*")
_LIST_TITLE = re.compile(r"名单|名录|一览表")
_TITLE_MAX = 60
#: The longest line read as one list item (a group's places or a table row may be long).
_ROW_MAX = 200
#: What may follow an item's place: a count, a note in brackets, the work plan's name, a page number.
_ITEM_REST = re.compile(r"^\s*(?:[(（][^)）]{0,20}[)）])?\s*(?:试点)?\s*(?:工作\s*)?(?:方案\s*)?(?:要点)?[.·…\s|\d]*$")


@dataclass(frozen=True)
class ListedPlace:
    """A span that a list or sentence names as a pilot (or as a place of another programme)."""

    span: int  # index into the paragraph's spans
    batch: int | None
    programme: str  # "national" | "other"
    layout: str  # sentence | titled_list | numbered_list | toc


def batch_in(text: str) -> int | None:
    """The batch a text names (``第三批`` → 3, ``首批`` → 1), else None.

    Examples
    --------
    >>> batch_in("入选第三批国家新型城镇化综合试点")
    3
    >>> batch_in("首批试点地区")
    1
    """
    match = _BATCH.search(text)
    if not match:
        return None
    if match.group(2):
        return 1
    token = match.group(1)
    return int(token) if token.isdigit() else chinese_number(token)


def respective_batches(clause: str, items: int) -> list[int] | None:
    """One batch per item where a clause says 分别 and names as many batches
    (``甲、乙分别列入第一批、第二批``), else None.

    Examples
    --------
    >>> respective_batches("分别列入第一批、第二批试点", 2)
    [1, 2]
    >>> respective_batches("列入第一批、第二批试点", 2) is None
    True
    """
    if "分别" not in clause:
        return None
    batches = [batch_in(match.group(0)) for match in _BATCH.finditer(clause)]
    return batches if len(batches) == items else None


def chinese_number(token: str) -> int:
    """``一`` … ``九十九`` (``两`` for 二), or digits → int.

    Examples
    --------
    >>> chinese_number("十二"), chinese_number("两"), chinese_number("13")
    (12, 2, 13)
    """
    if token.isdigit():
        return int(token)
    token = token.replace("两", "二")
    if len(token) == 1 and token != "十":
        return _NUMERALS.index(token) + 1
    tens, _, units = token.partition("十")
    value = (_NUMERALS.index(tens) + 1 if tens else 1) * 10
    return value + (_NUMERALS.index(units) + 1 if units else 0)


def programme_of(text: str) -> str | None:
    """``national`` if ``text`` names the national comprehensive pilots, ``other`` if
    it names another programme (provincial list, 特色小镇…), None if neither."""
    if _OTHER_PROGRAMME.search(text):
        return "other"
    if _NATIONAL.search(text):
        return "national"
    return None


def _clause(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start:end``."""
    before = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    after = SENTENCE_END.search(text, end)
    return text[before:after.start() if after else len(text)]


_JOINERS = ("", "、", ",", "，", "和", "与", "及", "以及", "、和", ";", "；")
#: A count of the places just listed, then a joiner: ``甲省、乙省两省和丙市等…`` (one list, two kinds).
_COUNT_THEN_JOINER = re.compile(rf"^({_COUNT}+)\s*个?[省市县区镇地]\s*(?:和|与|及|以及|、)$")


def _runs(spans: list[PlaceSpan], text: str) -> list[list[int]]:
    """Indexes of spans written as one list (joined by 、 , 和 与 及 or white space, or by a count
    of the items so far and a joiner: ``甲省、乙省两省和丙市``)."""
    runs: list[list[int]] = []
    for i, span in enumerate(spans):
        gap = text[spans[runs[-1][-1]].end:span.start].strip() if runs else None
        counted = _COUNT_THEN_JOINER.match(gap) if gap else None
        if runs and (gap in _JOINERS or (counted and _counts_the_run(counted.group(1), len(runs[-1])))):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


_BARE_COUNT = re.compile(rf"^({_COUNT}+)\s*个?")


def _counts_the_run(after: str, items: int) -> bool:
    """False when a bare count (no 等) right after a run is not the run's own length."""
    bare = _BARE_COUNT.match(after)
    if not bare:
        return True
    token = bare.group(1)
    try:
        number = int(token) if token.isdigit() else chinese_number(token.replace("两", "二"))
    except ValueError:
        return False
    return number == items


def sentence_pilots(text: str, spans: list[PlaceSpan], doc_batch: int | None, doc_about_pilots: bool,
                    doc_programme: str | None = None) -> list[ListedPlace]:
    """Places a sentence names as selected: a list before a selection verb (``甲市、乙县入选``,
    ``甲市等3个市列为``, ``甲市等22个县和乙镇等6个镇列为``), after ``名单中`` or ``包括``, or the
    subject of a sentence whose later clause says it was selected."""
    found: list[ListedPlace] = []
    for run in _runs(spans, text):
        first, last = spans[run[0]], spans[run[-1]]
        after = text[last.end:last.end + 40]
        before = text[max(0, first.start - 12):first.start]
        clause = _clause(text, first.start, last.end)
        rest_of_clause = text[last.end:last.end + len(clause)]
        subject = clause.strip().startswith(text[first.start:last.end]) and _SUBJECT_SELECTED.search(clause)
        counted = (_COUNTED.match(after) and _SELECT_VERB.search(_clause(rest_of_clause, 0, 0))) or (
            _COUNTED_AS.match(after) and _CHOOSING.search(text[max(0, first.start - 20):first.start]))
        selected = _SELECT_AFTER.match(after)
        if selected and not _counts_the_run(after, len(run)):
            selected = None  # 青海省四地入选: the province holds the four, it is not one of them
        if not (selected or _LIST_INTRO.search(before) or subject or counted):
            continue
        programme = programme_of(clause) or programme_of(text[:first.start]) or doc_programme
        if programme is None:
            if not doc_about_pilots:
                continue
            programme = "national"  # a document about the pilots: the clause continues its subject
        tail = _clause(text[last.end:], 0, 0)
        batch = batch_in(tail) or batch_in(clause) or doc_batch
        batches = respective_batches(tail, len(run)) or [batch] * len(run)
        found += [ListedPlace(i, b, programme or "national", "sentence") for i, b in zip(run, batches)]
    return found


def item_place(text: str, spans: list[PlaceSpan]) -> int | None:
    """Index of the span a list item consists of (its numbering aside), else None."""
    mark = _ITEM_MARK.match(text)
    offset = mark.end() if mark else 0
    if not spans or spans[0].start != offset:
        return None
    rest = text[spans[0].end:]
    if _CELL_EDGE.search(text):
        rest = _CELL_EDGE.split(rest, 1)[0]  # further cells of a table row (batch, notes) are its columns
    return 0 if _ITEM_REST.match(rest) else None


#: The edge of a table cell: a pipe, or a tab in a tab-separated row.
_CELL_EDGE = re.compile(r"[|\t]")
#: A group's place ends with a colon (and perhaps its count): ``甲省(2个):``.
_GROUP_COLON = re.compile(r"^\s*(?:[(（][^)）]{0,8}[)）])?\s*[:：]\s*$")
_BETWEEN_ITEMS = re.compile(r"^\s*(?:、|,|，|;|；|和|及|以及|与)?\s*$")


def _only_places(text: str, spans: list[PlaceSpan], indexes: list[int], end: int) -> bool:
    """True if ``indexes`` are a list of places joined by 、 , 和 … and little else up to ``end``."""
    gaps = [text[spans[a].end:spans[b].start] for a, b in zip(indexes, indexes[1:])]
    return all(_BETWEEN_ITEMS.match(gap) for gap in gaps) and bool(_ITEM_REST.match(text[spans[indexes[-1]].end:end]))


def item_places(text: str, spans: list[PlaceSpan]) -> list[int]:
    """Indexes of the spans a list item names (its numbering, group and parent columns aside).

    An item is one place (``1. 甲县``), a group's places (``甲省：乙县、丙市``), or a
    table row whose last cell holding places names the items, earlier place cells
    being their parents (``| 1 | 甲省 | 乙县 | 县 |``).

    Examples
    --------
    >>> from atlas.reading.scanner import PlaceSpan
    >>> spans = [PlaceSpan(0, 3, "河北省", 1, True, None), PlaceSpan(4, 6, "威县", 1, True, None),
    ...          PlaceSpan(7, 10, "晋州市", 1, True, None)]
    >>> item_places("河北省：威县、晋州市", spans)
    [1, 2]
    """
    mark = _ITEM_MARK.match(text)
    offset = mark.end() if mark else 0
    if not spans or spans[0].start != offset:
        return []
    if _CELL_EDGE.search(text[offset:]):
        edges = [m.start() for m in _CELL_EDGE.finditer(text)] + [len(text)]
        cells: dict[int, list[int]] = {}
        for i, span in enumerate(spans):
            cell_end = next(edge for edge in edges if edge >= span.end)
            cells.setdefault(cell_end, []).append(i)
        ends = sorted(cells)
        if all(_only_places(text, spans, cells[end], end) for end in ends):
            return cells[ends[-1]]
        return []
    if item_place(text, spans) is not None:
        return [0]
    colon = text.find("：", spans[0].end) if "：" in text else text.find(":", spans[0].end)
    if len(spans) > 1 and colon != -1 and _GROUP_COLON.match(text[spans[0].end:colon + 1]) \
            and spans[1].start > colon and _BETWEEN_ITEMS.match(text[colon + 1:spans[1].start]):
        items = list(range(1, len(spans)))
        if _only_places(text, spans, items, len(text)):
            return items
    return []


class ListTracker:
    """Follows a document paragraph by paragraph and says which spans are listed pilots.

    Parameters
    ----------
    doc_batch : int or None
        The batch the document as a whole is about.
    doc_about_pilots : bool
        True if the document's title or opening is about the pilots.
    doc_programme : str, optional
        The programme the document's title or opening names (``national`` or ``other``).
    """

    def __init__(self, doc_batch: int | None, doc_about_pilots: bool, doc_programme: str | None = None):
        self.doc_batch = doc_batch
        self.about_pilots = doc_about_pilots
        self.programme = doc_programme
        self._title: tuple[int | None, str] | None = None  # (batch, programme) of the open titled list

    def feed(self, text: str, spans: list[PlaceSpan]) -> list[ListedPlace]:
        """The listed places of one paragraph (call in document order)."""
        stripped = text.strip()
        if len(stripped) <= _TITLE_MAX and _LIST_TITLE.search(stripped) and item_place(stripped, spans) is None:
            programme = programme_of(stripped) or self.programme or ("national" if self.about_pilots else None)
            self._title = (batch_in(stripped) or self.doc_batch, programme) if programme else None
            return sentence_pilots(text, spans, self.doc_batch, self.about_pilots, self.programme)
        indexes = item_places(stripped, spans) if self._title and len(stripped) <= _ROW_MAX else []
        if indexes and self._title:
            batch, programme = self._title
            if indexes == [0] and spans[0].segments == 1 and self._is_group(stripped, spans[0]):
                return []
            return [ListedPlace(index, batch, programme, "titled_list") for index in indexes]
        if self._title and not self._is_group_line(stripped, spans):
            self._title = None
        return sentence_pilots(text, spans, self.doc_batch, self.about_pilots, self.programme)

    @staticmethod
    def _is_group(text: str, span: PlaceSpan) -> bool:
        """A province heading inside a list (``江苏省(3个)``, ``江苏省:``), not an item."""
        rest = text[span.end:].strip()
        return rest.startswith((":", "：", "(", "（")) and span.text.endswith(("省", "自治区"))

    @staticmethod
    def _is_group_line(text: str, spans: list[PlaceSpan]) -> bool:
        """A line inside a list that is not an item: a category (``(一)省``), a note, a table's header row."""
        return (len(text) <= 16 or text.startswith("|")) and not SENTENCE_END.search(text)


def numbered_list_pilots(items: list[tuple[str, list[PlaceSpan]]], doc_batch: int | None) -> list[list[ListedPlace]]:
    """For a run of paragraphs that are numbered items each naming one place: all pilots.

    Returns one list per item (empty where the run is shorter than two items).
    """
    listed = [item_places(text.strip(), spans) if _ITEM_MARK.match(text.strip()).end() > 0 else []
              for text, spans in items]
    flags = [bool(indexes) for indexes in listed]
    out: list[list[ListedPlace]] = [[] for _ in items]
    i = 0
    while i < len(items):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(items) and flags[j]:
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                out[k] = [ListedPlace(index, doc_batch, "national", "numbered_list") for index in listed[k]]
        i = j
    return out
