"""Figures (population, area, urbanization rates, targets) read from sentences.

A figure is a metric keyword followed, within a few characters, by a number
and a unit of the metric's kind (``常住人口 103.6 万人``, ``城镇化率达到 72%``).
Rules, each with a unit test:

* units are normalised to the metric key's unit (人 → 万人, 万平方公里 → 平方公里);
* qualifiers are kept (约, 近, 超过, 以上, 左右, 多, 余); a range keeps both ends;
* ``A和B分别达到 x和y`` pairs keywords with values in order, and ``到2017年和
  2020年…分别达到 x和y`` pairs years with values;
* ``由 x 提高到 y`` (or ``由2011年的x提升至2015年的y``): x is the earlier
  value, y the later one (a target unless its year has passed, see
  :mod:`atlas.reading.facts`);
* the year is the nearest ``NNNN年`` before the figure in its sentence (``到``/
  ``力争`` or a period ``2015—2017 年`` make it a target year, ``在2017年基础上``
  is no year); a sentence without one inherits the paragraph's last target
  year, else the last year of a sentence that gave figures (not a date in a
  history sentence);
* an unqualified 城镇化率 is the resident rate; a population keyword modified by
  农业/转移/外来/新增… is not a population figure; 镇区/城区/县城/市区
  population is the ``_core`` key, 建成区/城区 area is ``builtup_area_km2``.

Which place a figure belongs to is the caller's decision (see
:mod:`atlas.reading.facts`); this module only reads figures and where they are.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from atlas.reading.text import SENTENCE_END

_NUM = r"\d+(?:\.\d+)?"
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("户籍人口城镇化率", "urbanization_rate_hukou_pct"),
    ("户籍城镇化率", "urbanization_rate_hukou_pct"),
    ("常住人口城镇化率", "urbanization_rate_resident_pct"),
    ("人口城镇化率", "urbanization_rate_resident_pct"),
    ("城镇化率", "urbanization_rate_resident_pct"),
    ("城镇常住人口", "urban_pop_10k"),
    ("城镇人口", "urban_pop_10k"),
    ("户籍总人口", "hukou_pop_10k"),
    ("户籍人口", "hukou_pop_10k"),
    ("常住总人口", "resident_pop_10k"),
    ("常住人口", "resident_pop_10k"),
    ("居住人口", "resident_pop_10k"),
    ("流动人口", "migrant_pop_10k"),
    ("外来常住人口", "migrant_pop_10k"),
    ("外来人口", "migrant_pop_10k"),
    ("总人口", "population_10k"),
    ("人口", "population_10k"),
    ("规划控制面积", "area_km2"),
    ("规划面积", "area_km2"),
    ("规划范围", "area_km2"),
    ("建成区面积", "builtup_area_km2"),
    ("城区面积", "builtup_area_km2"),
    ("集镇面积", "builtup_area_km2"),
    ("面积", "area_km2"),
    ("学位", "school_places"),
    ("公租房", "housing_units"),
    ("保障性住房", "housing_units"),
    ("培训", "trained_persons"),
)
_KEYWORD_RE = re.compile("|".join(re.escape(k) for k, _ in sorted(_KEYWORDS, key=lambda kv: -len(kv[0]))))
_METRIC = dict(_KEYWORDS)
#: Words before a population keyword that make it something else (a flow, a subgroup).
_NOT_POPULATION = ("非", "农业", "转移", "外地", "本地", "新增", "增加", "减少", "贫困", "就业", "劳动", "老年",
                   "农村", "困难", "流入", "流出", "落户", "迁入", "吸纳")
#: Sub-area scopes: population there is the ``_core`` key.
_CORE_SCOPES = ("镇区", "城区", "县城", "市区", "集镇", "中心城", "主城")
_CORE_SCOPE_ENDS = _CORE_SCOPES + tuple(s + "常住" for s in _CORE_SCOPES)
#: Words before 面积 that make it something other than the unit's area.
_NOT_AREA = ("建筑", "耕地", "种植", "用地", "绿地", "水域", "森林", "占", "房屋", "住房", "改造", "整治", "腾退", "复垦")
_UNITS = {
    "rate": {"%": 1.0},
    "pop": {"万人": 1.0, "万": 1.0, "人": 1e-4},
    "area": {"万平方公里": 1e4, "平方公里": 1.0, "平方千米": 1.0, "km2": 1.0},
    "count": {"万个": 1e4, "个": 1.0, "万套": 1e4, "套": 1.0, "万户": 1e4, "户": 1.0, "万人次": 1e4, "人次": 1.0},
}
_UNIT_ALT = "|".join(sorted({re.escape(u) for units in _UNITS.values() for u in units}, key=len, reverse=True))
_PRE_QUAL = r"约为|约|近|超过|逾|突破|不低于|不少于"
_VERB = r"达到|达|为|提高到|提高至|提升到|提升至|增加到|增至|保持在|控制在|突破|稳定在|实现"
_VALUE = re.compile(
    rf"(?P<pre>{_PRE_QUAL})?\s*(?P<num>{_NUM})\s*(?:(?P<unit1>{_UNIT_ALT})?\s*[-—~～至到]\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<unit>{_UNIT_ALT})(?P<post>以上|以下|左右|多|余|上下|以内)?"
)
_FILLER = re.compile(rf"^(?:[^\d,，;；。、(（]{{0,8}}?)(?P<verb>{_VERB})?\s*")
_YEAR = re.compile(r"(?P<lead>截至|截止|到|至|力争到|力争在|预计到|争取到|在)?\s*(?:(?P<from>(?:19|20)\d\d)\s*[—–-]\s*)?(?P<year>(?:19|20)\d\d)\s*年(?P<tail>末|底)?(?!的?基础上)")
_RISE = re.compile(
    rf"^(?:由|从)(?:目前|现在|现状)?\s*(?:(?P<ya>(?:19|20)\d\d)\s*年(?:末|底)?的?)?\s*(?P<a>{_NUM})\s*%?\s*"
    rf"(?:提高|提升|增加|上升)(?:到|至)\s*(?:(?P<yb>(?:19|20)\d\d)\s*年(?:末|底)?的?)?\s*(?P<b>{_NUM})\s*%"
)
_DIGIT = re.compile(r"\d")
#: ``拥有 772.4 万人口``: a population written before its keyword.
_TEN_THOUSAND_PEOPLE = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>万)人口")
_PAIRED = re.compile(r"分别(?P<verb>为|达到|达|是|提高到|提高至)?")
#: Verbs that state a goal when the year is later than the profile's, or under a goals heading.
TARGET_VERBS = frozenset({"达到", "提高到", "提高至", "提升到", "提升至", "增加到", "增至", "突破", "实现"})


@dataclass(frozen=True)
class Figure:
    """A figure read from text: ``metric`` in its key's unit, at ``pos`` in the text."""

    metric: str
    value: float
    value_high: float | None
    year: int | None
    is_target: bool
    qualifier: str
    pos: int
    raw: str
    in_brackets: bool
    verb: str = ""


def _family(metric: str) -> str:
    if metric.endswith("_pct"):
        return "rate"
    if metric.endswith("_km2"):
        return "area"
    if metric in ("school_places", "housing_units", "trained_persons"):
        return "count"
    return "pop"


def _metric_at(text: str, match: re.Match) -> str | None:
    """The metric a keyword match stands for here, or None when its context rules it out."""
    keyword = match.group(0)
    metric = _METRIC[keyword]
    before = text[max(0, match.start() - 3):match.start()]
    family = _family(metric)
    if family == "pop" and before.endswith(_NOT_POPULATION):
        return None
    if family == "area" and before.endswith(_NOT_AREA):
        return None
    if family == "pop" and before.endswith(_CORE_SCOPE_ENDS):
        return metric.replace("_10k", "_core_10k")
    if keyword == "面积" and any(before.endswith(s) for s in ("建成区", "城区", "集镇", "镇区")):
        return "builtup_area_km2"
    return metric


_RATE_OF = {"hukou_pop_10k": "urbanization_rate_hukou_pct", "resident_pop_10k": "urbanization_rate_resident_pct"}


def _shared_suffix(sentence: str, group: list) -> list:
    """``户籍人口和常住人口城镇化率``: population keywords joined to a rate keyword
    by 和/、 share its 城镇化率, so they are rates too."""
    if not group or not group[-1][1].endswith("_pct"):
        return group
    out = []
    for (m, metric), nxt in zip(group, group[1:] + [None]):
        joined = nxt is not None and sentence[m.end():nxt[0].start()] in ("和", "、", "及")
        out.append((m, _RATE_OF.get(metric, metric) if joined else metric))
    return out


def _is_threshold(after: str) -> bool:
    """``300万以下城市``: a size class of cities, not a figure of a place."""
    return after.lstrip().startswith(("城市", "的城市", "大城市", "以上城市", "以下城市"))


def _sentences(text: str):
    start = 0
    for match in SENTENCE_END.finditer(text):
        yield start, text[start:match.end()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


class _BracketDepth:
    """How many brackets are open at each position of a text (counted once, when first asked;
    a closing bracket is still inside).

    Only the brackets are visited: the depth is kept as steps (position where it
    changes, depth from there on) and looked up by bisection.

    Examples
    --------
    >>> depth = _BracketDepth("a(b)c")
    >>> [depth.inside(i) for i in range(6)]
    [False, True, True, True, False, False]
    """

    def __init__(self, text: str):
        self.text = text
        self._steps: tuple[list[int], list[int]] | None = None if "(" in text or "（" in text else ([], [])

    def inside(self, pos: int) -> bool:
        """True if the character at ``pos`` (clamped to the text) is in brackets."""
        if self._steps is None:
            where, depths, depth = [0], [0], 0
            for match in _BRACKET.finditer(self.text):
                at = match.start()
                if match.group() in "(（":
                    depth += 1
                    where.append(at)
                    depths.append(depth)
                elif depth:  # a closing bracket is inside; the depth drops after it
                    depth -= 1
                    where.append(at + 1)
                    depths.append(depth)
            self._steps = (where, depths)
        where, depths = self._steps
        if not where:
            return False
        return depths[bisect_right(where, min(pos, len(self.text) - 1)) - 1] > 0


_BRACKET = re.compile(r"[()（）]")


def _value(match: re.Match, family: str) -> tuple[float, float | None, str] | None:
    unit = match.group("unit")
    scale = _UNITS[family].get(unit)
    if scale is None:
        return None
    low = float(match.group("num")) * scale
    high = float(match.group("num2")) * scale if match.group("num2") else None
    if match.group("num2"):
        low_scale = _UNITS[family].get(match.group("unit1") or unit, scale)
        low = float(match.group("num")) * low_scale
    qualifier = "".join(q for q in (match.group("pre"), match.group("post")) if q)
    return round(low, 6), (round(high, 6) if high is not None else None), qualifier


def _years(sentence: str) -> list[tuple[int, int, bool]]:
    """(position, year, is_target) for each year marker in a sentence.

    A year joined to the one before by 和/、 (``到2017年和2020年``) shares its
    target flag.
    """
    out: list[tuple[int, int, bool]] = []
    if "年" not in sentence:
        return out  # every year marker ends in 年 (and the pattern, starting with optional words, is slow to search)
    previous_end = None
    for m in _YEAR.finditer(sentence):
        lead = m.group("lead") or ""
        # a period (2015—2017 年) in a plan is a phase to reach by its end year
        target = lead in ("到", "至", "力争到", "力争在", "预计到", "争取到") or bool(m.group("from"))
        if not lead and out and previous_end is not None and sentence[previous_end:m.start()].strip() in ("和", "、", "及"):
            target = out[-1][2]
        out.append((m.start(), int(m.group("year")), target))
        previous_end = m.end()
    return out


def read_figures(text: str, default_year: int | None = None, skim: bool = True) -> tuple[list[Figure], int | None]:
    """Read every figure in a paragraph.

    Parameters
    ----------
    text : str
        One paragraph (broken lines already joined).
    default_year : int, optional
        Year in force before the paragraph (a profile's year).
    skim : bool
        Pass over a paragraph, and read only the years of a sentence, that holds
        no metric keyword (the answer is the same; False reads everything).

    Returns
    -------
    tuple
        Figures in text order, and the last non-target year seen (to carry on).
    """
    if _DIGIT.search(text) is None or (skim and _KEYWORD_RE.search(text) is None):
        return [], default_year  # every figure has a number and follows a metric keyword
    figures: list[Figure] = []
    depth = _BracketDepth(text)
    carried = default_year
    carried_target: int | None = None  # 到2017年，…。常住人口城镇化率达到…。 within one paragraph
    for offset, sentence in _sentences(text):
        if _DIGIT.search(sentence) is None:
            continue  # no figure and no year: nothing to read or carry on
        found = list(_KEYWORD_RE.finditer(sentence))
        if skim and not found:  # no figure (万人口 holds the keyword 人口); only a target year to carry on
            if "年" in sentence and (years := _years(sentence)):
                carried_target = years[-1][1] if years[-1][2] else None
            continue
        count_before = len(figures)
        years = _years(sentence)
        keywords = [(m, metric) for m in found if (metric := _metric_at(sentence, m))]
        used_values: set[int] = set()

        def year_for(pos: int) -> tuple[int | None, bool]:
            before = [y for y in years if y[0] <= pos]
            if before:
                return before[-1][1], before[-1][2]
            if carried_target is not None:
                return carried_target, True
            return carried, False

        def add(metric: str, value_match: re.Match, year: int | None, target: bool, pos: int, raw_end: int,
                verb: str) -> None:
            parsed = _value(value_match, _family(metric))
            if parsed is None:
                return
            low, high, qualifier = parsed
            figures.append(Figure(metric, low, high, year, target, qualifier, offset + pos,
                                  sentence[pos:raw_end], depth.inside(offset + pos), verb))

        handled: set[int] = set()
        # 分别: keywords joined by 和/、 then values in the same order (or one keyword, several years).
        for paired in _PAIRED.finditer(sentence):
            group = [(m, metric) for m, metric in keywords if m.end() <= paired.start()
                     and not re.search(r"[,，]", sentence[m.end():paired.start()])]
            tail = sentence[paired.end():]
            values = []
            for vm in _VALUE.finditer(tail):
                if values and not re.fullmatch(r"\s*(?:和|、|,|，|及|与)\s*", tail[values[-1].end():vm.start()]):
                    break
                values.append(vm)
            if not group or not values:
                continue
            lead_group = [g for g in group if not re.search(r"[,，]", sentence[g[0].end():paired.start()])]
            lead_group = _shared_suffix(sentence, lead_group)
            target_years = [y for y in years if y[0] < lead_group[0][0].start()] if lead_group else []
            if len(lead_group) == len(values):
                for (m, metric), vm in zip(lead_group, values):
                    year, target = year_for(m.start())
                    add(metric, vm, year, target, m.start(), paired.end() + vm.end(), paired.group("verb") or "")
            elif len(lead_group) == 1 and len(values) > 1 and len(target_years) >= len(values):
                m, metric = lead_group[0]
                for (_, year, target), vm in zip(target_years[-len(values):], values):
                    add(metric, vm, year, target, m.start(), paired.end() + vm.end(), paired.group("verb") or "")
            handled.update(m.start() for m, _ in lead_group)
            used_values.update(paired.end() + vm.start() for vm in values)
        for m, metric in keywords:
            if m.start() in handled:
                continue
            rest = sentence[m.end():]
            rise = _RISE.match(rest.lstrip()) if _family(metric) == "rate" else None
            if rise:
                year, target = year_for(m.start())
                base = len(rest) - len(rest.lstrip()) + m.end()
                now = re.match(rf"(?P<num>{_NUM})(?P<unit>%)", rise.group("a") + "%")
                goal = re.match(rf"(?P<num>{_NUM})(?P<unit>%)", rise.group("b") + "%")
                year_a = int(rise.group("ya")) if rise.group("ya") else None
                year_b = int(rise.group("yb")) if rise.group("yb") else year
                for vm, is_goal in ((now, False), (goal, True)):
                    figures.append(Figure(metric, float(vm.group("num")), None, year_b if is_goal else year_a,
                                          is_goal and (target or rise.group("yb") is not None), "", offset + m.start(),
                                          sentence[m.start():base + rise.end()],
                                          depth.inside(offset + m.start()),
                                          "提高到" if is_goal else "由"))
                continue
            filler = _FILLER.match(rest)
            vm = _VALUE.match(rest, filler.end())
            if vm is None or m.end() + vm.start() in used_values or _is_threshold(rest[vm.end():]):
                continue
            year, target = year_for(m.start())
            add(metric, vm, year, target, m.start(), m.end() + vm.end(), filler.group("verb") or "")
        # "拥有 772.4 万人口": the number before the keyword.
        for m in (_TEN_THOUSAND_PEOPLE.finditer(sentence) if "万" in sentence else ()):
            if sentence[m.end():m.end() + 1] not in ("的", "", ",", "，", "。"):
                continue
            year, target = year_for(m.start())
            figures.append(Figure("population_10k", float(m.group("num")), None, year, target, "",
                                  offset + m.start(), m.group(0), depth.inside(offset + m.start())))
        plain = [y for y in years if not y[2]]
        if plain and len(figures) > count_before:
            carried = plain[-1][1]  # a profile year, not a date in a history sentence
        if years:
            carried_target = years[-1][1] if years[-1][2] else None
    figures.sort(key=lambda f: f.pos)
    return figures, carried
