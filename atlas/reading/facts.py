"""Attribute figures to places: a pilot's profile, or the example a sentence is about.

In a pilot's section every figure belongs to the pilot unless the sentence is
about another area:

* its subject (the words before 是/位于/地处/…) names another place or a zone
  (``白城市是…``, ``茂名高新技术产业开发区是…``) and not the pilot;
* a scope word before the figure names another level (``全区`` in a city's
  section);
* the figure stands in brackets (a sub-area, a note).

Such figures are reported (``figure_other_area``), not attributed. In an
experience document a figure belongs to the place named last before it in its
sentence, else to the first place its paragraph names (the paragraph's
topic), else to the case study's subject; a figure about several places
(``四县县城…``) or with none of these is reported (``figure_not_attributed``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from atlas.reading.figures import TARGET_VERBS, Figure, read_figures
from atlas.reading.mentions import ParagraphPlaces
from atlas.reading.scanner import PlaceScanner
from atlas.reading.text import SENTENCE_END, Paragraph, ThemeTracker
from atlas.places.geocode import Located
from atlas.common.quality import Issue

_SUBJECT_END = re.compile(r"是|位于|地处|隶属|距|属于|属|,|，|:|：")
_SUBJECT_MAX = 20
_ZONE_WORDS = ("开发区", "高新区", "新区", "园区", "经济区")
_ZONE_START = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{0,8}?)(开发区|高新区|新区|园区|经济区)")
_CLAUSE = re.compile(r"[,，;；]")
_LEAD = re.compile(r"^(?:——|-)*\s*(?:(?:到|至|力争到|在)?\s*\d{4}\s*年(?:末|底)?\s*[,，]?)?")
_BRACKETS = re.compile(r"\([^)]*\)|（[^）]*）")
#: Levels each scope word can mean (市 is a prefecture or a county-level city).
_SCOPES = {"全市": {"prefecture", "county"}, "市域": {"prefecture", "county"}, "全县": {"county"},
           "县域": {"county"}, "全区": {"county", "zone"}, "全镇": {"town"}, "镇域": {"town"},
           "全旗": {"county"}, "旗域": {"county"}, "全州": {"prefecture"}, "州域": {"prefecture"},
           "全省": {"province"}}
_SCOPE_RE = re.compile("|".join(_SCOPES))
#: A count of units before a figure makes it a total of several places (四县县城, 两地).
_SEVERAL = re.compile(r"[两二三四五六七八九十]+个?(县|市|区|地|镇)")

FACT_COLUMNS = ["name", "canonical_name", "adcode", "metric", "value", "value_high", "year", "is_target", "qualifier", "doc", "page", "line", "raw"]


@dataclass(frozen=True)
class FactRow:
    """A figure attributed to a place, with its source line."""

    name: str
    canonical_name: str
    adcode: str
    metric: str
    value: float
    value_high: float | None
    year: int | None
    is_target: bool
    qualifier: str
    doc: str
    line: int
    raw: str

    @classmethod
    def of(cls, figure: Figure, name: str, canonical: str, adcode: str, doc: str, line: int) -> "FactRow":
        return cls(name, canonical, adcode, figure.metric, figure.value, figure.value_high, figure.year,
                   figure.is_target, figure.qualifier, doc, line, figure.raw)


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.end() > pos:
            return start, match.end()
        start = match.end()
    return start, len(text)


@dataclass(frozen=True)
class Subject:
    """The place a section is about: its name forms and precision."""

    name: str
    canonical_name: str
    adcode: str
    forms: tuple[str, ...]
    precision: str


def _names_zone(prefix: str, scanner: PlaceScanner) -> bool:
    """True if a zone word's prefix makes a zone's name: nothing, or a place name
    with no conjunction (茂名高新技术产业, not 主要产业 or 林海镇与白城市生态)."""
    if not prefix:
        return True
    if any(c in prefix for c in "与和及"):
        return False
    return scanner.starts_with_place(prefix)


def _subject_of_sentence(sentence: str, subject: Subject, scanner: PlaceScanner) -> str | None:
    """The other place a sentence (brackets blanked) is about by its subject: ``白城市是…`` in 林海镇's section."""
    cut = _SUBJECT_END.search(sentence)
    head = sentence[:cut.start()].replace("\0", "") if cut else ""
    if head and len(head) <= _SUBJECT_MAX and not any(form in head for form in subject.forms):
        spans = scanner.spans(head)
        if spans and spans[0].start == 0:
            return spans[0].text
    return None


class _Sentence:
    """One sentence of a paragraph as :func:`other_area` reads it: brackets blanked, its clause
    marks, its subject's place, and the zone each run of clauses names (worked out when first asked)."""

    def __init__(self, text: str, start: int, end: int, subject: Subject, scanner: PlaceScanner):
        self.start = start
        self.text = _BRACKETS.sub(lambda m: "\0" * len(m.group(0)), text[start:end])
        self.cuts = [m.start() for m in _CLAUSE.finditer(self.text)]  # clause marks are one character
        self.named = _subject_of_sentence(self.text, subject, scanner)
        self._zones: dict[int, str | None] = {}
        self._clause_zones: dict[tuple[int, int], str | None] = {}

    def _clause_zone(self, start: int, end: int, own_zone: bool, scanner: PlaceScanner) -> str | None:
        key = (start, end)
        if key not in self._clause_zones:
            zone = _ZONE_START.match(_LEAD.sub("", self.text[start:end].replace("\0", "")))
            named = zone is not None and not own_zone and _names_zone(zone.group("prefix"), scanner)
            self._clause_zones[key] = zone.group(0) if named else None
        return self._clause_zones[key]

    def zone(self, cuts: int, own_zone: bool, scanner: PlaceScanner) -> str | None:
        """The first zone named at the start of a clause ending before the ``cuts``-th clause
        mark, or of the rest of the sentence after that mark."""
        if cuts not in self._zones:
            bounds = [0] + [c + 1 for c in self.cuts[:cuts]]
            ends = self.cuts[:cuts] + [len(self.text)]
            self._zones[cuts] = next((zone for start, end in zip(bounds, ends)
                                      if (zone := self._clause_zone(start, end, own_zone, scanner))), None)
        return self._zones[cuts]


class SentenceMemo:
    """What :func:`other_area` found in the sentences of one subject's paragraphs (several figures
    share a sentence, several sentences a paragraph): the answers are those without it."""

    def __init__(self, subject: Subject, scanner: PlaceScanner):
        self.subject, self.scanner = subject, scanner
        self.own_zone = any(word in form for form in subject.forms for word in _ZONE_WORDS)
        self._ends: dict[str, list[int]] = {}
        self._sentences: dict[tuple[str, int], _Sentence] = {}

    def sentence(self, text: str, pos: int) -> _Sentence:
        """The sentence of ``text`` holding ``pos`` (as :func:`_sentence_at` cuts it)."""
        ends = self._ends.get(text)
        if ends is None:
            ends = self._ends[text] = [m.end() for m in SENTENCE_END.finditer(text)]
        at = bisect_right(ends, pos)
        start, end = (ends[at - 1] if at else 0), (ends[at] if at < len(ends) else len(text))
        found = self._sentences.get((text, start))
        if found is None:
            found = self._sentences[(text, start)] = _Sentence(text, start, end, self.subject, self.scanner)
        return found


def other_area(text: str, pos: int, subject: Subject, scanner: PlaceScanner,
               memo: SentenceMemo | None = None) -> str | None:
    """Name of the other area the figure at ``pos`` is about, or None if it is the subject's.

    ``memo`` (for ``subject`` and ``scanner``) keeps what was read of each sentence for the next figure.
    """
    memo = memo or SentenceMemo(subject, scanner)
    sentence = memo.sentence(text, pos)
    if sentence.named:
        return sentence.named  # 白城市是… in 林海镇's section
    at = pos - sentence.start
    cuts = bisect_left(sentence.cuts, at)  # clause marks before the figure
    zone = sentence.zone(cuts, memo.own_zone, scanner)
    if zone:
        return zone  # 茂名高新技术产业开发区…, 高新区的… in 茂名市's section
    scope_text = sentence.text[sentence.cuts[cuts - 1] + 1 if cuts else 0:at]
    if scope_text.lstrip().startswith("其中") and cuts:
        before = sentence.cuts[cuts - 2] + 1 if cuts > 1 else 0
        scope_text = sentence.text[before:sentence.cuts[cuts - 1]] + scope_text  # 其中… continues the clause before
    scopes = list(_SCOPE_RE.finditer(scope_text))
    if scopes and subject.precision not in _SCOPES[scopes[-1].group(0)]:
        return scopes[-1].group(0)
    return None


def _as_goal(figure: Figure, profile_year: int | None, in_goals: bool) -> Figure:
    """Decide targets the sentence does not mark with 到NNNN年.

    Under a goals heading (总体目标) a figure with no year, or a year after the
    profile's, is a target; elsewhere a figure stated with a goal verb
    (达到, 提高到, 超过, …) and a year after the profile's is one. The current
    value of ``由 x 提高到 y`` never is.
    """
    if figure.is_target or figure.verb == "由":
        return figure
    later = figure.year is not None and profile_year is not None and figure.year > profile_year
    goal_verb = figure.verb in TARGET_VERBS or any(q in figure.qualifier for q in ("超过", "突破"))
    if (in_goals and (figure.year is None or later)) or (goal_verb and later):
        return replace(figure, is_target=True)
    return figure


def _settled(figure: Figure, doc_year: int | None) -> Figure:
    """A "target" for a year the document had already reached is an achievement."""
    if figure.is_target and figure.year and doc_year and figure.year <= doc_year:
        return replace(figure, is_target=False)
    return figure


def section_facts(paragraphs: list[Paragraph], subject: Subject, doc: str,
                  scanner: PlaceScanner, doc_year: int | None = None) -> tuple[list[FactRow], list[Issue]]:
    """Figures of one pilot's section, attributed to the pilot or reported.

    The profile year is the first year of the section's first paragraph; goal
    verbs (达到, 提高到, …) after it, or under a heading naming 目标, make targets.
    """
    rows, issues = [], []
    theme = ThemeTracker()
    profile_year = None
    memo = SentenceMemo(subject, scanner)  # what other_area read of each sentence
    for index, para in enumerate(paragraphs):
        theme.update(para.text)
        figures, carried = read_figures(para.text)
        if index == 0:
            profile_year = min((f.year for f in figures if f.year), default=carried)
        in_goals = "目标" in theme.path
        for figure in (_settled(_as_goal(f, profile_year, in_goals), doc_year) for f in figures):
            line = para.line_at(figure.pos)
            elsewhere = ("in brackets" if figure.in_brackets
                         else other_area(para.text, figure.pos, subject, scanner, memo))
            if elsewhere:
                issues.append(Issue("figure_other_area", subject.name, doc, line,
                                    f"{figure.metric}={figure.value:g} is about {elsewhere}, not attributed"))
            else:
                rows.append(FactRow.of(figure, subject.name, subject.canonical_name, subject.adcode, doc, line))
    return rows, issues


def _place_before(item: ParagraphPlaces, pos: int, sentence_start: int) -> Located | None:
    """The place a figure is about: the last named before it in its sentence, else the
    paragraph's topic (the first place it names: 威海市现辖环翠区…。常住人口… is 威海市's).

    If that name did not resolve (ambiguous, unknown) the figure has no place:
    it is never handed to a different one. Zones read from the text through
    their parent (:mod:`atlas.reading.zones`) own no figures: their extent is unknown.
    """
    before = [(span.start, loc) for span, loc in zip(item.spans, item.located)
              if span.start < pos and not loc.resolved_by.startswith("zone_")]
    in_sentence = [loc for start, loc in before if start >= sentence_start]
    chosen = in_sentence[-1] if in_sentence else (before[0][1] if before else None)
    return chosen if chosen is not None and chosen.place is not None else None


def example_facts(items: list[ParagraphPlaces], doc: str,
                  doc_year: int | None = None) -> tuple[list[FactRow], list[Issue]]:
    """Figures of an experience document, attributed to the place they follow."""
    rows, issues = [], []
    for item in items:
        text = item.paragraph.text
        figures, _ = read_figures(text)
        for figure in (_settled(f, doc_year) for f in figures):
            line = item.paragraph.line_at(figure.pos)
            start, _ = _sentence_at(text, figure.pos)
            named = any(span.start < figure.pos and not loc.resolved_by.startswith("zone_")
                        for span, loc in zip(item.spans, item.located))
            several = _SEVERAL.search(text[start:figure.pos])
            loc = None if several else _place_before(item, figure.pos, start)
            if loc is None and not named and not several and item.section:
                loc = item.section[0]
            if loc is None or figure.in_brackets:
                why = ("in brackets" if figure.in_brackets else
                       f"about several places ({several.group(0)})" if several else
                       "the place named before it is not resolved" if named else "no place named before it")
                issues.append(Issue("figure_not_attributed", figure.metric, doc, line,
                                    f"{figure.metric}={figure.value:g}{figure.qualifier}: {why}"))
                continue
            rows.append(FactRow.of(figure, loc.place.name, loc.place.name, loc.place.adcode, doc, line))
    return rows, issues
