"""Names the word-boundary rules turned down, taken where the document names the place.

The scanner's boundary rules (:mod:`atlas.reading.scanner`) keep a bare short
form or a bare township name only between listed boundaries — punctuation, a
preposition before it, a verb of a known kind after it — because such a name is
often a word or part of one (``会同有关部门``, ``经济发展动力``, ``以业兴城``). A
document about a place, though, names it again and again in running text
(``对东莞特色产业``, ``推动雷河镇加快发展``). Here a name so turned down is
taken when

* the document names the same place elsewhere with a name the rules accepted
  (a township: the place itself, or its county or prefecture), or the name is a
  province's short form (which is the province's only: ``由于上海崛起``), and
* a dictionary word segmenter (``rjieba``: the jieba dictionary and HMM, in
  Rust) puts a word boundary before and after it — so ``松江河`` does not give
  松江, nor ``晋江安居`` 江安.

A name taken so must then resolve to the place the document confirmed. A
township the document names in full may also be called by its name without
its kind further on (``义堂镇 … 义堂``): that base name, a word by the segmenter,
is the township (:func:`town_base_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from atlas.places.gazetteer import SHORT_FORMS, Gazetteer, Place, town_base
from atlas.places.geocode import Located
from atlas.reading.abbreviated_provinces import abbreviated_provinces
from atlas.reading.bare_towns import counted_towns, towns_after_parents, towns_naming_areas
from atlas.reading.bracketed_units import units_in_brackets
from atlas.reading.county_lists import townships_under_county_labels
from atlas.reading.damaged_names import damaged_items
from atlas.reading.generic_units import generic_units
from atlas.reading.labelled_lists import units_opening_items
from atlas.reading.platform_lists import units_opening_town_items
from atlas.reading.scanner import COMMON_WORDS, Deferred, PlaceSpan, names_something_after_it, places_read
from atlas.reading.unlisted_towns import merged_towns, unlisted_towns
from atlas.reading.words import free_word, verb_at, word_boundaries

#: Words for towns in general that end a township's name (城镇 ends 向城镇): such a name is no name there.
_KINDS_OF_TOWN = frozenset("城镇 乡镇 集镇 村镇 市镇 小镇 重镇 古镇 名镇 强镇 大镇 新镇 建制镇".split())
#: Prepositions and determiners that a word for towns follows (于城镇, 各乡镇).
_FUNCTION_CHARACTERS = frozenset("于向在对从到由为与和及至往各该本全每诸")
#: Levels whose places confirm the townships inside them.
_TOWN_PARENT_LEVELS = frozenset({"county", "prefecture"})
#: The level of the units a paragraph's word for towns (城关镇) may be a township of.
_COUNTY = frozenset({"county"})
#: Townships of a county named in full that make a document about that county (its short form confirmed).
_TOWNS_NAMING_A_COUNTY = 2


@dataclass(frozen=True)
class Confirmed:
    """The places a document names with names the scanner accepted: their keys, the adcodes
    of its counties and prefectures (the parents that confirm a township), its townships
    by base name (one township to a base), and the provinces they lie in."""

    keys: frozenset[str]
    parents: frozenset[str]
    town_bases: tuple[tuple[str, Place], ...] = ()
    provinces: frozenset[str] = frozenset()
    #: Townships by a base that is also a unit's short form elsewhere (柳林镇: 柳林 is 柳林县's too).
    shared_bases: tuple[tuple[str, Place], ...] = ()
    #: Provinces of the places named in full somewhere (not by a short form alone).
    full_provinces: frozenset[str] = frozenset()
    #: Counties two or more of whose townships are named in full: a document about that county.
    town_counties: frozenset[str] = frozenset()

    @classmethod
    def of(cls, located: Iterable[Located], gazetteer: Gazetteer | None = None) -> "Confirmed":
        """The places among ``located`` that resolved; with ``gazetteer``, the base names of the
        townships among them that are no name form of the gazetteer nor a common word.

        Examples
        --------
        >>> Confirmed.of([]).keys
        frozenset()
        """
        found = [loc for loc in located if loc.status == "resolved" and loc.place is not None]
        places = {loc.place.key: loc.place for loc in found}
        in_full = {loc.place.key: loc.place for loc in found if loc.resolved_by.split("+")[0] not in SHORT_FORMS}
        bases: dict[str, list[Place]] = {}
        shared: dict[str, list[Place]] = {}
        if gazetteer is not None:
            for place in places.values():
                base = town_base(place.name) if place.precision == "town" else ""
                if 2 <= len(base) < len(place.name) and base not in COMMON_WORDS:
                    (shared if base in gazetteer.names else bases).setdefault(base, []).append(place)
        towns_of: dict[str, int] = {}
        for place in in_full.values():
            if place.precision == "town" and place.county_adcode:
                towns_of[place.county_adcode] = towns_of.get(place.county_adcode, 0) + 1
        return cls(frozenset(places), frozenset(p.adcode for p in places.values() if p.precision in _TOWN_PARENT_LEVELS),
                   _one_each(bases), frozenset(p.province_adcode for p in places.values()),
                   _one_each({b: ps for b, ps in shared.items() if all(p.key in in_full for p in ps)}),
                   frozenset(p.province_adcode for p in in_full.values()),
                   frozenset(code for code, n in towns_of.items() if n >= _TOWNS_NAMING_A_COUNTY))

    def holds(self, place, how: str = "") -> bool:
        """True if the document names ``place`` (or, for a township, its county or prefecture), or
        ``place`` is a province; or, for a county called by its official name (``how`` no short
        form: ``随县``), if the document names its prefecture; or, for a county, if the document names
        two or more of its townships in full (北盛镇, 大瑶镇 … 扮演浏阳对接长沙).

        Examples
        --------
        >>> county = Place("421321", "随县", "county", "county", "421321", "420000", "421300", "421321", 0.0, 0.0)
        >>> found = Confirmed(frozenset(), frozenset({"421300"}))
        >>> found.holds(county), found.holds(county, "exact"), found.holds(county, "short_form")
        (False, True, False)
        """
        if place.key in self.keys or place.precision == "province":
            return True
        if place.precision == "county":
            return (place.adcode in self.town_counties
                    or bool(how) and how not in SHORT_FORMS and place.prefecture_adcode in self.parents)
        return place.precision == "town" and bool({place.county_adcode, place.prefecture_adcode} & self.parents)

    def names_one_of(self, deferred: Deferred) -> bool:
        """True if a place the deferred name may stand for is one the document holds (:meth:`holds`)."""
        return any(self.holds(m.place, m.how) for m in deferred.matches)


def _one_each(bases: dict[str, list[Place]]) -> tuple[tuple[str, Place], ...]:
    """The bases held by one township only, with it, in order."""
    return tuple(sorted((base, places[0]) for base, places in bases.items() if len(places) == 1))


def towns_for_shared_short_forms(pairs: Iterable[tuple[PlaceSpan, Located]],
                                 confirmed: Confirmed) -> dict[PlaceSpan, Located]:
    """Bare short forms read as a unit that are the base of a township the document names in full
    (``柳林`` in a text on 凤翔's 柳林镇), read as the township instead, where the document names
    nothing in full in that unit's province (柳林县 is in 山西).

    Examples
    --------
    >>> towns_for_shared_short_forms([], Confirmed(frozenset(), frozenset()))
    {}
    """
    towns = dict(confirmed.shared_bases)
    out: dict[PlaceSpan, Located] = {}
    for span, loc in pairs:
        town = towns.get(span.text)
        if town is not None and _bare_unit(span, loc) and loc.place.province_adcode not in confirmed.full_provinces:
            out[span] = Located(span.text, "resolved", town, "town_base+document")
    return out


def confirmed_spans(text: str, spans: list[PlaceSpan], deferred: list[Deferred],
                    confirmed: Confirmed) -> list[PlaceSpan]:
    """The deferred names of ``text`` to take as places: named elsewhere in the document
    (``confirmed``), whole words by the segmenter, and overlapping no span already taken
    (``spans``) nor one taken before them.

    Examples
    --------
    >>> confirmed_spans("甲", [], [], Confirmed(frozenset(), frozenset()))
    []
    """
    candidates = [d for d in deferred if confirmed.names_one_of(d)]
    if not candidates:
        return []
    taken = [(s.start, s.end) for s in spans]
    out: list[PlaceSpan] = []
    for d in candidates:
        if not free_word(text, d.start, d.end, taken):
            continue
        taken.append((d.start, d.end))
        out.append(PlaceSpan(d.start, d.end, d.text, 1, False, None))
    return out


#: What may stand before a clause's subject: the text's start, punctuation or white space.
_CLAUSE_OPENERS = frozenset("、,，;；:：。!！?？ \t\u3000")


def subject_spans(text: str, spans: list[PlaceSpan], deferred: list[Deferred]) -> list[tuple[PlaceSpan, Located]]:
    """The deferred names of ``text`` that open a clause as its subject: after the text's start or
    punctuation, one place only, no common word, a whole word by the segmenter with a verb after it
    (``；东莞取消积分落户…``), and overlapping no span taken (``spans``) nor one taken before them;
    with their place.

    Examples
    --------
    >>> subject_spans("甲", [], [])
    []
    """
    taken = [(s.start, s.end) for s in spans]
    out: list[tuple[PlaceSpan, Located]] = []
    for d in deferred:
        if ((d.start and text[d.start - 1] not in _CLAUSE_OPENERS) or d.text in COMMON_WORDS or d.generic
                or len({m.place.key for m in d.matches}) != 1):
            continue
        if free_word(text, d.start, d.end, taken) and verb_at(text, d.end):
            taken.append((d.start, d.end))
            out.append((PlaceSpan(d.start, d.end, d.text, 1, False, None),
                        Located(d.text, "resolved", d.matches[0].place, f"{d.matches[0].how}+subject")))
    return out


#: A demonym after a township's base name (某某人: its people, not 人口 or 人均): no mention of the town.
_ITS_PEOPLE = re.compile("人(?![口均民大才员事力气])")


def town_base_spans(text: str, spans: list[PlaceSpan], confirmed: Confirmed) -> list[tuple[PlaceSpan, Located]]:
    """The townships of ``confirmed`` that ``text`` names by their base name alone (``义堂`` for
    义堂镇), each a whole word by the segmenter and overlapping no span in ``spans``, with the
    township it names; not where a facility or a demonym follows (``博鳌机场``, ``潭门人``).

    Examples
    --------
    >>> town_base_spans("甲", [], Confirmed(frozenset(), frozenset()))
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    taken = [(s.start, s.end) for s in spans]
    for base, place in confirmed.town_bases:
        start = text.find(base)
        while start != -1:
            end = start + len(base)
            if (free_word(text, start, end, taken) and not names_something_after_it(text, end)
                    and not _ITS_PEOPLE.match(text, end)):
                taken.append((start, end))
                found.append((PlaceSpan(start, end, base, 1, False, None),
                              Located(base, "resolved", place, "town_base+document")))
            start = text.find(base, end)
    return sorted(found, key=lambda pair: pair[0].start)


def unique_towns(text: str, spans: list[PlaceSpan], deferred: list[Deferred]) -> list[tuple[PlaceSpan, Located]]:
    """The deferred full names of townships (``大柳塔镇``) that no other township shares, each a
    whole word by the segmenter and overlapping no span in ``spans``, with the township.

    Examples
    --------
    >>> unique_towns("甲", [], [])
    []
    """
    found: list[tuple[PlaceSpan, Located]] = []
    taken = [(s.start, s.end) for s in spans]
    for d in deferred:
        if len(d.matches) != 1 or d.matches[0].how != "township" or d.generic:
            continue
        bounds = word_boundaries(text)
        last = max(b for b in bounds if b < d.end)  # where the name's last word starts
        if (last > d.start and text[last:d.end] in _KINDS_OF_TOWN) or \
                (d.text[0] in _FUNCTION_CHARACTERS and d.text[1:] in _KINDS_OF_TOWN):
            continue  # 向城镇, 独立于城镇: a word for towns after a word or a preposition
        if free_word(text, d.start, d.end, taken):
            taken.append((d.start, d.end))
            found.append((PlaceSpan(d.start, d.end, d.text, 1, True, None),
                          Located(d.text, "resolved", d.matches[0].place, "township")))
    return found


@dataclass(frozen=True)
class SecondLook:
    """What a second look at a paragraph finds: the spans to add, the places of those the geocoder
    is not to resolve again, and the spans they replace."""

    spans: tuple[PlaceSpan, ...]
    known: dict[PlaceSpan, Located]
    replaced: frozenset[PlaceSpan]


def _bare_unit(span: PlaceSpan, located: Located) -> bool:
    """True if ``span`` is a county's or prefecture's short form alone (``龙潭`` for 龙潭区)."""
    place = located.place
    return (located.status == "resolved" and place is not None and place.precision in ("county", "prefecture")
            and span.segments == 1 and located.resolved_by.split("+")[0] in SHORT_FORMS)


def second_look(text: str, item, deferred: list[Deferred], confirmed: Confirmed, gazetteer: Gazetteer) -> SecondLook:
    """The names a paragraph (``item``: its spans and their places) holds beyond the first reading:
    townships after their county (replacing what was read there; those the register lacks too,
    :func:`unlisted_towns`), in full under their county's label (:func:`townships_under_county_labels`)
    and in counted lists (replacing a unit's short form read there:
    ``龙潭、雅酉5个镇``), deferred names the document confirms, townships by base name
    (:func:`town_base_spans`), units that open the items of a list under their
    label (:func:`units_opening_items`) or of a list of named towns (:func:`units_opening_town_items`),
    districts named by a common word in a list of their siblings (:func:`generic_units`), counties in
    brackets after their prefecture (:func:`units_in_brackets`),
    list items that are a county's name with one character damaged (:func:`damaged_items`), and provinces
    by their abbreviations before a count of as many (:func:`abbreviated_provinces`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> second_look("甲", SimpleNamespace(spans=(), located=()), [], Confirmed(frozenset(), frozenset()),
    ...             Gazetteer(units={})).spans
    ()
    """
    chains = dict(towns_after_parents(text, list(item.spans), list(item.located), gazetteer))
    chains.update(unlisted_towns(text, list(item.spans), list(item.located), list(chains), gazetteer))
    chains.update({s: loc for s, loc in merged_towns(text, list(item.spans), list(item.located), gazetteer).items()
                   if s not in chains})
    chains.update(townships_under_county_labels(text, list(item.spans), list(item.located), gazetteer))
    chains.update(towns_for_shared_short_forms(zip(item.spans, item.located), confirmed))
    # a counted list of townships makes townships of its items, even of those read as units' short forms
    bare_units = {s: loc.place.adcode for s, loc in zip(item.spans, item.located) if _bare_unit(s, loc)}
    read = {s: loc for s, loc in zip(item.spans, item.located) if s not in bare_units} | chains
    chains.update(counted_towns(text, list(read), confirmed.parents - set(bare_units.values()), gazetteer,
                                read))  # not the misreadings
    replaced = frozenset(s for s in item.spans if any(s.start < c.end and c.start < s.end for c in chains))
    taken = [s for s in item.spans if s not in replaced] + list(chains)  # zones' spans too
    # a word for towns (城关镇) is only the township of a county this paragraph names, if it names any
    counties = {place.adcode for _, place in places_read(item.spans, item.located, _COUNTY)}
    deferred = [d for d in deferred if not (d.generic and counties
                                            and not any(m.place.adcode in counties for m in d.matches))]
    extra = confirmed_spans(text, taken, deferred, confirmed)
    subjects = dict(subject_spans(text, taken + extra, deferred))
    known = {**chains, **subjects, **towns_for_shared_short_forms(subjects.items(), confirmed)}
    known.update(unique_towns(text, taken + extra + list(known), deferred))
    known.update(town_base_spans(text, taken + extra + list(known), confirmed))
    known.update(towns_naming_areas(text, taken + extra + list(known), confirmed.parents, gazetteer))
    known.update(units_opening_items(text, list(item.spans), list(item.located), gazetteer, taken + extra + list(known)))
    known.update(generic_units(text, list(item.spans), list(item.located), gazetteer, taken + extra + list(known)))
    known.update(units_in_brackets(text, list(item.spans), list(item.located), gazetteer, taken + extra + list(known)))
    known.update(units_opening_town_items(text, taken + extra + list(known), confirmed.provinces, gazetteer,
                                          confirmed.parents))
    provinces = {loc.place.province_adcode for loc in item.located if loc.status == "resolved" and loc.place}
    known.update(damaged_items(text, taken + extra + list(known), provinces, gazetteer))
    known.update(abbreviated_provinces(text, taken + extra + list(known), gazetteer))
    return SecondLook(tuple(extra) + tuple(known), known, replaced)
