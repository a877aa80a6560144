"""Find place names in running Chinese text.

The scanner matches the gazetteer's name forms leftmost-longest, extends a
match with nested names written after it (``四川江安``, ``吉林公主岭范家屯镇``),
and then decides whether the span is really a place:

* a chain of nested names is taken, and so is an official name, a curated
  place, a historical name or a short form that keeps its admin suffix
  (``红河州``) of three characters or more, unless an organisation word
  follows (``吉林大学``, ``龙口港``); official names that are common words
  (``城区``, ``郊区``) count only inside a chain;
* a bare short form (``湘潭``, ``晋江``), or a two-character official name
  (``和县``), is taken only between word boundaries:
  punctuation, a conjunction or preposition before it, and punctuation, a
  conjunction, a count (``三市``) or a verb that makes it an actor after it —
  so ``金山银山``, ``晋江安居`` (江安) and ``和龙门`` (和龙) are not places;
* a title (``《…》``) names its places like any text (``《甘肃省特色小镇创建清单》``).
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass, replace

from atlas.places.gazetteer import SHORT_FORMS, TOWN_NAME_MIN, Gazetteer
from atlas.places.names import GENERIC_UNIT_NAMES
from atlas.places.geocode import LINK_LENGTHS, LINK_SUFFIXES, nests_in
from atlas.places.province_abbreviations import region_before
from atlas.reading.words import word_boundaries

_SUFFIXES = ("省", "市", "县", "区", "州", "旗", "镇", "乡", "盟")
_ORG_WORDS = ("大学", "学院", "医院", "银行", "分行", "支行", "公司", "有限", "集团", "证券", "股权", "产权交易", "交易所", "交易中心", "日报", "晚报", "电视台", "广播电视台", "人民广播电台", "广播电台", "电台", "信息港", "新闻网", "中学", "小学",
              "附属", "港", "机场", "火车站", "客运站", "汽车站", "高铁站", "大桥",
              "社会科学院", "社科院", "科学院", "研究院", "研究所", "设计院", "规划院", "党校", "图书馆", "博物馆",
              "金沙", "威尼斯人", "葡京", "赌场", "博彩", "娱乐城", "娱乐场",  # casinos of a spam line (澳门金沙城中心)
              "调查队",  # 国家统计局某地调查队
              "城市群", "都市圈", "城市圈", "经济圈", "经济区",  # a region named after its centre (沈阳经济区)
              "东路", "西路", "南路", "北路", "中路", "大道", "大街")  # roads named after a place (某某南路9号)
#: What may stand right before a bare name: punctuation, a note mark (#顺德, *龙港), a digit (a table's cells
#: run together: 1深圳1768), a conjunction, a preposition or a verb of place.
_BEFORE_OK = set("、,，;；:：。!！?？(（)）“”\"'‘’《》【】|｜·・•/— #＃*＊※0123456789和与及同在对向从到为由将把让使是如即于至往赴据含括驻")
#: Words that swallow the first character of an official name after them (沿海城市 is not 海城市).
_WORDS_ACROSS = frozenset({"沿海", "临海", "滨海", "近海", "内陆", "终南"})
#: Tails of names that are words themselves (兴城市 = 兴 + 城市): such a name must be a whole word.
_WORD_TAILS = ("城市", "城镇", "城区")
_AFTER_PUNCT = set("、,，;；:：。(（)）“”\"'‘’》!！?？|｜·・•/—0123456789")  # ( opens a note on the name: 泸县(…)
#: A zone or planning area named after the place before it (深圳经济特区, 涞水产业园, 滨海新城): the place is
#: named, and the word is no place of its own (新城 is no 新城县 there).
ZONE_WORDS = ("经济特区", "开发区", "高新区", "示范区", "试验区", "产业园", "工业园", "园区", "新城", "组团", "片区",
              "古城", "古镇")
_AFTER_WORDS = (
    "和", "与", "及", "乃至", "等", "在", "通过", "实施", "推动", "推行", "推进", "建设", "建成", "将", "把", "以",
    "模式", "经验", "做法", "样板", "之路", "范例",  # 晋江经验, 义乌模式: a place named as the example
    "按照", "全面", "积极", "组织", "引入", "完善", "响应", "统筹", "创新", "出台", "探索", "率先", "着力",
    "开始", "连续", "累计", "共", "已", "从", "对", "为", "是", "成为", "由", "坚持", "大力", "加快", "结合",
    "依托", "制定", "设立", "成立", "开展", "实行", "提出", "提供", "围绕", "立足", "针对", "采取", "利用",
    "发挥", "投入", "筹集", "新增", "增加", "现有", "目前", "全市", "市区", "城区", "主城区", "中心城区",
    "户籍", "常住", "还", "也", "又", "更", "就", "先后", "重点", "深入", "进一步", "通", "两", "三", "四", "五", "六",
    "地区", "境内", "当地", "试点", "市委", "市政府", "县委", "县政府", "的", "这", "各",
    "有", "召开", "举行", "举办", "公布", "发布",  # 山东有…: the place as subject; 在杭州召开: the venue
    "今年", "去年", "近日", "近年", "日前", "此前",  # a time word after the subject (湖北今年有…)
    # a part of the place (位于牡丹江东部, 浙江西南部山区): the place is named
    "东部", "西部", "南部", "北部", "中部", "东南部", "东北部", "西南部", "西北部",
    *ZONE_WORDS,
)
#: Words after a name that make it the scope of a ranking, not an actor (成为某市唯一, 位列某省第一,
#: 某省的第二大城市, 位居某省前列, 某市最小的强镇, 某省面积最大的镇); an ordinal of a sequence is none
#: (某市第一批, 第一次, 第一产业).
_SCOPE_AFTER = re.compile(r"唯一|第一(?!批|届|次|期|轮|季|阶段|步|章|节|条|款|项|部分|产业|书记|责任)|首个|首家|首位|"
                          r"前列|前茅|之首|的?第[二三四五六七八九十]大|"
                          r"(?:面积|人口|规模|经济总量|总量)?最[大小多少高低强弱](?:的|之)")
#: Short forms that are common words (比如县, 资源县, 合作市, 乐业县 …): never taken bare.
COMMON_WORDS = frozenset(
    "资源 公安 新建 比如 沿河 和平 江南 江北 南岸 河口 长安 大方 新华 通道 合作 东方 白云 红旗 光明 "
    "上街 平安 安宁 长寿 富裕 平和 共和 兴业 武功 友谊 互助 乐业 安居 新兴 太和 城中 永和 和顺 清河 "
    "清水 开发 新城 城关 中心 文化 民主 团结 前进 胜利 向阳 红星 东风 解放 建设 新民 和政 宁安 永定 "
    "富民 惠民 利民 吉利 文明 和谐 康乐 永安 长乐 平原 同心 "
    "会同 动力 全州 振兴 公园 温泉 南部 中方 中西 宏伟 友好 复兴 清新 四方 延长 安定 露天 工农 爱民 回民 "
    "运河 灯塔 双桥 小店 老城 七星 开元 元宝 海西 中原 河西 河东".split()  # 海西: also 海峡西岸 (海西经济区); 中原: the Central Plains; 河西: the Hexi Corridor
)
#: Kinds of town in planning language that are also township names somewhere (中心镇, 小城镇).
_GENERIC_TOWNS = frozenset(
    "中心镇 重点镇 特色镇 小城镇 建制镇 示范镇 特大镇 卫星镇 专业镇 工业镇 旅游镇 商贸镇 新市镇 历史文化名镇 "
    "中心乡 民族乡 新集镇 大集镇 小集镇 中心街道 城关镇 城关乡 城区街道 大城镇 中城镇 大中城镇 中小城镇 "
    "重点城镇 新城镇".split()
)
#: Particles before a bare township name that end the word before it (的, 有, 了, 辖).
_BEFORE_TOWN = frozenset("的有了辖")
#: Words of a place's neighbours that run into the name after them (东邻甲镇, 北接乙县, 毗邻丙镇).
_NEIGHBOUR_BEFORE = re.compile(r"(?:[东西南北]|东南|东北|西南|西北|毗|紧|相)(?:邻|接|连|靠|临|界|毗)$")
#: Quotation marks around a word (“凤凰”, 「凤凰」).
_QUOTE_OPEN, _QUOTE_CLOSE = frozenset("“「『\"'‘"), frozenset("”」』\"'’")
#: Conjunctions that pair two places (贵阳和遵义, 长沙与株洲).
_PAIRING = frozenset("和与及")
#: A designation a place is given right before its name (核心城市西安, 省会长沙, 首府南宁).
_DESIGNATION_BEFORE = re.compile(r"(?:城市|省会|首府|首都)$")
#: Verbs of being or coming somewhere that a place follows (坐落舟山, 地处, 落户, 来到, 前往, 考察).
_PLACE_VERB_BEFORE = re.compile(r"(?:坐落|地处|落户|来到|走进|走访|前往|抵达|扎根|入驻|地跨|横跨|途经|调研|考察)$")
#: A character after a township name that makes its tail a word (城镇化: not 向城镇).
_TOWN_TAIL_WORDS = set("化")
#: What after a township's 乡 makes it the word 乡镇 or 乡村 (湖南乡镇: 湖南 and 乡镇).
_AFTER_XIANG = frozenset("镇村")
_COUNT = re.compile(r"^等?[两二三四五六七八九十\d]+(?:个)?(地级市|地级|县级市|县级|省|市|县|区|地)")
#: The level a count's unit word gives the list before it (长沙、株洲、湘潭三市; 松原、通化等5个地级市).
_COUNT_LEVEL = {"省": "province", "市": "prefecture", "地级市": "prefecture", "地级": "prefecture",
                "县": "county", "区": "county", "县级市": "county", "县级": "county"}
#: A township's name after a two-character county name (佳县佳芦镇: a town the register may no longer hold
#: under that name): the county is named, as the head of a chain. The name must end a word, and be no
#: kind of settlement (城镇, 乡镇, 小镇, 城乡) nor a phrase (…的…).
_TOWN_AFTER = re.compile(r"(?:(?!的)[\u4e00-\u9fff]){2,4}?(?:镇|乡|街道)")
_NOT_A_TOWN_NAME = ("城镇", "乡镇", "小镇", "城乡", "下乡", "镇乡", *_GENERIC_TOWNS)
#: What after a name makes it the name of an institution, a firm, a medium or a facility named after the
#: place (吉林大学, 吉林师范大学, 龙口港, a website: 温州网, not 温州网络): no mention of the place.
_NAMED_AFTER_IT = re.compile("|".join(map(re.escape, _ORG_WORDS)) + r"|网(?![络格点民购约友吧状])|(?:师范|理工|工业|农业|科技|医科|财经|财政|交通|工商|"
                             r"中医药|中医|林业|石油|电力|建筑|外国语|职业技术|传媒|经贸|政法|警察|体育|艺术|音乐|美术)(?:大学|学院)")
#: What makes a place name part of an address, not a mention: a postcode (某省某市730000). A dateline's
#: place (新华社某地8月4日电) is where the news is from: a mention, as the annotators have it.
_POSTCODE = re.compile(r"\d{6}(?!\d)")
#: A dateline's date after its place (新华社某地8月4日电, 本报某地讯): the medium before the place is no word it ends.
_DATELINE_AFTER = re.compile(r"(?:\d{1,2}月\d{1,2}日)?\s*(?:电|讯|消息)(?![力网站脑话视器])")
#: The seat an organisation's name gives in brackets (某某研究院(中国·深圳)): part of the name, no mention.
_ORG_SEAT_BEFORE = re.compile(r"[(（]中国[·・]$")
#: A medium's name or 本报/记者 ending right before a dateline's place (新华社广州8月4日电, 本报杭州讯).
_MEDIUM_BEFORE = re.compile(r"(?:社|网|报|台|记者)$")
#: A web portal's name before a place: its regional channel (新浪河南, 网易湖北), a medium, no mention.
_PORTAL_BEFORE = re.compile(r"(?:新浪|搜狐|网易|腾讯|凤凰)网?$")
#: A number of things the place holds right after it (成都8个乡镇, 湖北11个小镇).
_NUMBER_OF = re.compile(r"^[两二三四五六七八九十百\d]+个")


_SPACE = re.compile(r"\s+")
#: Name-form automata by gazetteer: id → (the gazetteer, weakly; its number of forms; automaton; longest form).
_AUTOMATA: dict[int, tuple] = {}


def _form_automaton(gazetteer: Gazetteer):
    """An Aho-Corasick automaton over the gazetteer's name forms of two characters or
    more, and the longest form's length; built once per gazetteer."""
    cached = _AUTOMATA.get(id(gazetteer))
    if cached is not None and cached[0]() is gazetteer and cached[1] == len(gazetteer.names):
        return cached[2], cached[3]
    import ahocorasick_rs

    forms = [form for form, matches in gazetteer.names.items() if len(form) >= 2 and matches]
    automaton = ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MatchKind.Standard)
    longest = max(map(len, forms), default=0)
    for key in [k for k, v in _AUTOMATA.items() if v[0]() is None]:
        del _AUTOMATA[key]  # gazetteers gone
    _AUTOMATA[id(gazetteer)] = (weakref.ref(gazetteer), len(gazetteer.names), automaton, longest)
    return automaton, longest


_WORD = re.compile(r"\S+")  # \s is str.isspace() for str patterns


class _KeptAt:
    """The index in a text of each character kept when its white space is dropped (a read-only
    sequence), worked out from where each kept word starts instead of stored character by character."""

    def __init__(self, kept_starts: list[int], text_starts: list[int], size: int):
        self._kept, self._text, self._size = kept_starts, text_starts, size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._size:
            raise IndexError(index)
        word = bisect_right(self._kept, index) - 1
        return self._text[word] + index - self._kept[word]


def _compact(text: str) -> tuple[str, range | _KeptAt, frozenset[int]]:
    """``text`` without white space, the index in ``text`` of each character
    kept, and the kept indexes that had white space before them.

    Examples
    --------
    >>> compact, where, gaps = _compact(" 威 县 ")
    >>> compact, list(where), sorted(gaps)
    ('威县', [1, 3], [1, 2])
    """
    if _SPACE.search(text) is None:
        return text, range(len(text)), frozenset()
    kept: list[str] = []
    kept_starts: list[int] = []
    text_starts: list[int] = []
    size = 0
    for word in _WORD.finditer(text):
        kept.append(word.group())
        kept_starts.append(size)
        text_starts.append(word.start())
        size += word.end() - word.start()
    gaps = set(kept_starts[1:])  # every word after the first had white space before it
    if size and text[-1].isspace():
        gaps.add(size)
    return "".join(kept), _KeptAt(kept_starts, text_starts, size), frozenset(gaps)


_DATE_BEFORE = re.compile(r"[\d一二三四五六七八九十〇零]\s*[年月日底初末]$")
#: A division or regiment of the Xinjiang Production and Construction Corps before its city (第四师可克达拉市,
#: 十四师昆玉市: the ordinal's 第 is often left out).
_CORPS_UNIT_BEFORE = re.compile(r"(?:第?[一二三四五六七八九十\d]+|农[一二三四五六七八九十\d]+)(?:师|团)$")


def _boundary_before(text: str, start: int, gaps: frozenset[int]) -> bool:
    """A word boundary before ``start``: the start, white space, punctuation, a
    conjunction or preposition, a word of a place's neighbours (``东邻``, ``西接``), a designation
    (``中心城市``, ``省会``), a verb of being or coming somewhere (``坐落``, ``前往``), a date (``2015年6月``)
    or a corps division (``第四师``)."""
    return (start == 0 or start in gaps or text[start - 1] in _BEFORE_OK
            or _NEIGHBOUR_BEFORE.search(text, max(0, start - 3), start) is not None
            or _DESIGNATION_BEFORE.search(text, max(0, start - 2), start) is not None
            or _PLACE_VERB_BEFORE.search(text, max(0, start - 2), start) is not None
            or _DATE_BEFORE.search(text[max(0, start - 4):start]) is not None
            or (text[start - 1] in "师团" and _CORPS_UNIT_BEFORE.search(text[max(0, start - 6):start]) is not None))


def _boundary_after(text: str, end: int, gaps: frozenset[int], count) -> bool:
    """A word boundary after ``end``: the end, white space, punctuation, a count (``三市``, ``count``: its
    match), a word a place may stand before (a conjunction, a verb: ``和``, ``推进``) or a number of things
    it holds (``8个乡镇``)."""
    return (end == len(text) or end in gaps or text[end] in _AFTER_PUNCT or count is not None
            or text.startswith(_AFTER_WORDS, end) or _NUMBER_OF.match(text[end:end + 4]) is not None)


def names_something_after_it(text: str, end: int) -> bool:
    """True if the words from ``end`` make the name before them that of an institution, a firm, a medium or
    a facility named after the place (``吉林大学``, ``吉林师范大学``, ``博鳌机场``).

    Examples
    --------
    >>> names_something_after_it("吉林师范大学", 2), names_something_after_it("吉林推进改革", 2)
    (True, False)
    """
    return _NAMED_AFTER_IT.match(text, end) is not None


def _after_its_region(text: str, start: int, matches) -> bool:
    """True if a regional name of a province the place lies in ends at ``start`` (``豫北长垣``, ``苏北宿迁``):
    the region heads the name as a province does in a chain."""
    provinces = region_before(text, start)
    return bool(provinces) and any(m.place.province_adcode in provinces for m in matches)


_LIST_MARKS = frozenset("、|｜")


def _inside_list_item(text: str, start: int, gaps: frozenset[int]) -> bool:
    """True if one or two characters stand between a list mark (、 or |) and ``start``: the name
    is then the tail of a list item it does not fill (``、堵云县、``, a damaged 缙云县: not 云县).

    Examples
    --------
    >>> _inside_list_item("甲县、堵云县、", 4, frozenset()), _inside_list_item("推进惠东、", 2, frozenset())
    (True, False)
    """
    j = start
    while j > 0 and start - j < 3 and j not in gaps and text[j - 1] not in _BEFORE_OK:
        j -= 1
    return 0 < start - j <= 2 and j > 0 and text[j - 1] in _LIST_MARKS


@dataclass(frozen=True)
class PlaceSpan:
    """A place name found in a text: ``text[start:end]``, read as one or more nested names."""

    start: int
    end: int
    text: str
    segments: int
    strong: bool  # official, curated or historical name, or a chain
    level_hint: str | None  # "province" / "prefecture" / "county" when a count such as 三市 follows


def places_read(spans, located, levels: Container[str]):
    """``(span, place)`` for each span of ``spans`` resolved (``located``, in step) to a place of one
    of ``levels``.

    Examples
    --------
    >>> list(places_read([], [], frozenset({"county"})))
    []
    """
    for span, loc in zip(spans, located):
        if loc.status == "resolved" and loc.place is not None and loc.place.precision in levels:
            yield span, loc.place


@dataclass(frozen=True)
class Deferred:
    """A name form the word-boundary rules alone turned down (``对浙江特色小镇``, ``推动雷河镇``):
    ``text[start:end]`` and the places it may name. It is a place only where the document names
    that place elsewhere (see :func:`atlas.reading.confirmed.confirmed_spans`)."""

    start: int
    end: int
    text: str
    matches: tuple
    #: A word for towns that is also a township's name (新市镇, 城关镇): a place only where the document
    #: names its county or prefecture, never by another second-look rule (a subject, a unique township).
    generic: bool = False


@dataclass(frozen=True)
class Scan:
    """The place spans of a text and the name forms deferred to the document's context."""

    spans: list[PlaceSpan]
    deferred: list[Deferred]


class PlaceScanner:
    """Scan text for gazetteer name forms (see the module docstring for the rules).

    Every name form of two characters or more is found in one pass of an
    Aho-Corasick automaton (``ahocorasick_rs``, built once per gazetteer: about
    ten times faster than ``pyahocorasick`` on Chinese text, whose automaton
    root has thousands of children); the rules then look only at the positions
    where a form starts.
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._automaton, self._longest_form = _form_automaton(gazetteer)

    def _starts(self, text: str) -> dict[int, list[int]]:
        """Position → lengths of the name forms starting there, longest first."""
        starts: dict[int, list[int]] = {}
        for _, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            starts.setdefault(start, []).append(end - start)
        for lengths in starts.values():
            lengths.sort(reverse=True)
        return starts

    def _longest(self, text: str, i: int, starts: dict[int, list[int]], parents=None):
        """Longest form at ``i`` (nested in one of ``parents`` when given): (end, matches); a township's
        name whose 乡 begins the word 乡镇 or 乡村 is not read (湖南乡镇 is 湖南 + 乡镇, not 湖南乡)."""
        for length in starts.get(i, ()):
            matches = self.gazetteer.names[text[i:i + length]]
            if (text[i + length - 1] == "乡" and text[i + length:i + length + 1] in _AFTER_XIANG
                    and all(m.place.precision == "town" for m in matches)):
                continue
            if parents is not None:
                matches = [m for m in matches if any(nests_in(m, p.place) for p in parents)]
                if not matches:
                    continue
            return i + length, matches
        return None

    def spans(self, text: str) -> list[PlaceSpan]:
        """Place spans in ``text``, left to right, non-overlapping.

        White space inside a name (``威 县``, a crawled page's spacing) is read
        through; it still counts as a word boundary around a name. A span's
        ``start``/``end`` index ``text``, its ``text`` is the name without the
        white space.
        """
        return self.scan(text).spans

    def scan(self, text: str) -> Scan:
        """The place spans of ``text`` (as :meth:`spans`) and the name forms that only the
        word-boundary rules turned down (:class:`Deferred`), both indexing ``text``."""
        compact, where, gaps = _compact(text)
        spans, deferred = self._scan(compact, gaps)
        return Scan([PlaceSpan(where[s.start], where[s.end - 1] + 1, s.text, s.segments, s.strong, s.level_hint)
                     for s in spans],
                    [Deferred(where[d.start], where[d.end - 1] + 1, d.text, d.matches, d.generic) for d in deferred])

    def _span_at(self, text: str, i: int, hit, gaps: frozenset[int], starts: dict[int, list[int]],
                 depth: int = 0, before: str = "") -> PlaceSpan | Deferred | None:
        """The place span starting at ``i`` (the longest form ``hit`` extended with nested
        names), if the word-boundary rules accept it, or the name :class:`Deferred` if only
        they turned it down (``before``: the text of the place span that ends right before
        ``i``'s one-character joiner)."""
        end, matches = hit
        segments = 1
        while end < len(text):
            nxt = self._longest(text, end, starts, parents=matches)
            if nxt is None and text[i:end].endswith(_SUFFIXES):  # a full name, then perhaps an unknown link
                nxt = self._past_unknown_link(text, end, starts, matches) or self._moved_county(text, end, starts,
                                                                                               matches)
            if nxt is None:
                break
            end, matches = nxt
            segments += 1
        return self._judge(text, i, end, segments, matches, gaps, starts, depth, before)

    def _past_unknown_link(self, text: str, end: int, starts: dict[int, list[int]], parents):
        """The name nested in ``parents`` after one unknown link of a chain written from ``end``
        (呼伦贝尔市 + 鄂尔古纳市, misspelt, + 莫尔道嘎镇): a run of three to seven characters
        ending in 市/县/区/旗 with no boundary in it, then a name inside the parent."""
        for cut in LINK_LENGTHS:
            link = text[end:end + cut]
            if len(link) < cut or any(c in _BEFORE_OK or c in _AFTER_PUNCT or not c.isalpha() for c in link):
                return None
            if link.endswith(LINK_SUFFIXES):
                nxt = self._longest(text, end + cut, starts, parents=parents)
                if nxt is not None and all(m.place.precision == "town" for m in nxt[1]):
                    return nxt
        return None

    def _moved_county(self, text: str, end: int, starts: dict[int, list[int]], parents):
        """The one county of the province of the prefecture ``parents`` whose official name is written
        from ``end`` though it lies in another prefecture today: moved since (六安市寿县, in 淮南市 since
        2016); the geocoder reads the chain so (:meth:`atlas.places.geocode.Geocoder.resolve`)."""
        provinces = {m.place.province_adcode for m in parents if m.place.precision == "prefecture"}
        hit = self._longest(text, end, starts) if len(provinces) == 1 else None
        if hit is None:
            return None
        counties = [m for m in hit[1] if m.how not in SHORT_FORMS and m.place.precision == "county"
                    and m.place.province_adcode in provinces]
        return (hit[0], counties) if len(counties) == 1 else None

    def _scan(self, text: str, gaps: frozenset[int]) -> tuple[list[PlaceSpan], list[Deferred]]:
        found: list[PlaceSpan] = []
        deferred: list[Deferred] = []
        starts = self._starts(text)
        if not starts:
            return found, deferred
        i = 0  # the next position a span may start at
        for position in sorted(starts):  # a title names its places too (《甘肃省特色小镇创建清单》)
            if position < i:
                continue  # inside the span found before
            if found and found[-1].end == position and text.startswith(ZONE_WORDS, position):
                continue
            before = found[-1].text if found and found[-1].end == position - 1 else ""
            hit = self._longest(text, position, starts)
            if hit is None:
                continue  # every form here is a township's name running into 乡镇 or 乡村
            span = self._span_at(text, position, hit, gaps, starts, before=before)
            if isinstance(span, PlaceSpan):
                found.append(span)
                i = span.end
            elif span is not None:  # a shorter reading may still start at the next character (和龙门 → 龙门)
                deferred.append(span)
        return found, deferred

    def _judge(self, text: str, start: int, end: int, segments: int, matches,
               gaps: frozenset[int], starts: dict[int, list[int]], depth: int = 0,
               before: str = "") -> PlaceSpan | Deferred | None:
        name = text[start:end]
        count = _COUNT.match(text[end:end + 10])
        level_hint = _COUNT_LEVEL.get(count.group(1)) if count else None
        if text.startswith("市区", end):
            level_hint = "prefecture"
        if (names_something_after_it(text, end) or _POSTCODE.match(text, end)
                or _ORG_SEAT_BEFORE.search(text, max(0, start - 4), start)
                or _PORTAL_BEFORE.search(text, max(0, start - 3), start)):
            return None
        if segments == 1 and _SCOPE_AFTER.match(text, end, end + 5):
            return None
        official = any(m.how not in SHORT_FORMS for m in matches) or name.endswith(_SUFFIXES)
        span = PlaceSpan(start, end, name, segments, segments > 1 or official, level_hint)
        if segments > 1:
            return span
        if (all(m.how in SHORT_FORMS for m in matches) and text[start - 1:start] in _QUOTE_OPEN
                and text[end:end + 1] in _QUOTE_CLOSE):
            return None  # a short form alone in quotes is a word used so (酒中“凤凰”, “新市”), no mention
        if name in GENERIC_UNIT_NAMES:
            return None
        deferred = Deferred(start, end, name, tuple(matches))
        ends_word = _boundary_after(text, end, gaps, count)
        if all(m.how in ("township", "former_town") for m in matches):
            if not self._town_name(text, start, end):
                if ends_word and self._short_town_beside_its_neighbour(text, start, end, matches, before):
                    return span
                # a word for towns that is also a township's name (新市镇, 城关镇): that township only where
                # the document names its county (the second look), never the place inside it (新市)
                return (replace(deferred, generic=True)
                        if name in _GENERIC_TOWNS and text[end:end + 1] not in _TOWN_TAIL_WORDS else None)
            return span if self._town_boundary(text, start, gaps) else deferred
        dateline = (_DATELINE_AFTER.match(text, end) is not None
                    and _MEDIUM_BEFORE.search(text, max(0, start - 2), start) is not None)
        before_ok = _boundary_before(text, start, gaps) or _after_its_region(text, start, matches) or dateline
        if official and len(name) >= 3:
            if text[max(start - 1, 0):start + 1] in _WORDS_ACROSS:
                return None
            if not before_ok and (start not in word_boundaries(text)
                                  or name.endswith(_WORD_TAILS) and end not in word_boundaries(text)):
                return deferred  # 完成都市区 is not 成都市, 新兴城市 not 兴城市: its first character ends a word
            return span
        common = name in COMMON_WORDS  # a place only as an item of a list of places (清河、大名、辛集)
        after_ok = ends_word or dateline or (official and self._township_after(text, end, matches))
        if after_ok and before_ok and not common:
            return span
        if text[start - 1:start] == "、" and before and {m.place.precision for m in matches} & self._levels_ending(before):
            return span  # last item of a list whose item before is a place of its level (江苏、浙江城乡统筹)
        if (after_ok and text[end:end + 1] == "、" and depth < 8 and not _inside_list_item(text, start, gaps)
                and (not common or before_ok or start in word_boundaries(text))):
            following = self._accepted_at(text, end + 1, gaps, starts, depth + 1)
            if following is not None and not (common and following.text in COMMON_WORDS):
                return span  # first item of a list whose next item is a place on its own (推进惠东、博罗和龙门)
        if (after_ok and not common and text[end:end + 1] in _PAIRING and depth < 8 and start in word_boundaries(text)
                and not _inside_list_item(text, start, gaps)):
            following = self._accepted_at(text, end + 1, gaps, starts, depth + 1)
            if following is not None and self._levels_ending(following.text) & {m.place.precision for m in matches}:
                return span  # the first of a pair of places of one level (培育贵阳和遵义两个都市圈)
        return None if common else deferred

    def _short_town_beside_its_neighbour(self, text: str, start: int, end: int, matches, before: str) -> bool:
        """True for a two-character township written with its kind (刁镇, 龙乡) as the list item after a
        township of its own county (章丘市普集镇、刁镇): too short to stand alone, its neighbour places it
        (the caller has checked that a word boundary follows it)."""
        name = text[start:end]
        if text[start - 1:start] != "、" or len(name) != 2 or name[-1] not in "镇乡" or name in _GENERIC_TOWNS:
            return False
        neighbours = {m.place.county_adcode for m in self._matches_ending(before) if m.place.precision == "town"}
        return bool(neighbours & {m.place.county_adcode for m in matches})

    def _matches_ending(self, name: str) -> tuple:
        """The gazetteer's matches of a span's text, or of its chain's last name (湖南省茶陵县: 茶陵县)."""
        for cut in range(len(name) - 1):
            matches = self.gazetteer.names.get(name[cut:])
            if matches:
                return tuple(matches)
        return ()

    def _levels_ending(self, name: str) -> frozenset[str]:
        """The levels of the places a span's text names, or its chain's last name does (湖南省茶陵县: a county)."""
        return frozenset(m.place.precision for m in self._matches_ending(name))

    @staticmethod
    def _township_after(text: str, end: int, matches) -> bool:
        """True if a county's name ending at ``end`` is followed by a township's name that ends a word
        (``佳县佳芦镇``), not by a kind of settlement (``沙县小吃进乡镇``) or a word it begins (``新市民``)."""
        town = _TOWN_AFTER.match(text, end)
        if town is None or not any(m.place.precision == "county" for m in matches):
            return False
        boundaries = word_boundaries(text)
        return (end in boundaries and town.end() in boundaries and not town.group().endswith(_NOT_A_TOWN_NAME)
                and text[town.end():town.end() + 1] not in _TOWN_TAIL_WORDS)

    @staticmethod
    def _town_name(text: str, start: int, end: int) -> bool:
        """A township name that can stand without its parent: a full name of three characters
        or more, not a kind of town (中心镇), not the head of a word (城镇化: not 向城镇)."""
        name = text[start:end]
        return len(name) >= TOWN_NAME_MIN and name not in _GENERIC_TOWNS and text[end:end + 1] not in _TOWN_TAIL_WORDS

    @staticmethod
    def _town_boundary(text: str, start: int, gaps: frozenset[int]) -> bool:
        """A word boundary before a bare township name, or a particle that introduces a noun
        (所辖的板桥镇, 全市有雷河镇)."""
        return _boundary_before(text, start, gaps) or text[start - 1:start] in _BEFORE_TOWN

    def _accepted_at(self, text: str, i: int, gaps: frozenset[int], starts: dict[int, list[int]],
                     depth: int) -> PlaceSpan | None:
        """The place span the rules accept starting at ``i``, if any (not 长白山、黄山风景区's 黄山)."""
        hit = self._longest(text, i, starts)
        span = self._span_at(text, i, hit, gaps, starts, depth) if hit is not None else None
        return span if isinstance(span, PlaceSpan) else None

    def starts_with_place(self, text: str) -> bool:
        """True if a name form (official or short) starts ``text``."""
        head = text[:self._longest_form]
        return bool(text) and self._longest(head, 0, self._starts(head)) is not None
