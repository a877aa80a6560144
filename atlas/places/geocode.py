"""Resolve a place name as written to a gazetteer place, offline.

A name may be a chain of nested names (``山东济南``, ``吉林公主岭范家屯镇``,
``内蒙古自治区包头市``): it is split into known name forms, each inside the one
before it, and the last one is the place. Several candidates are narrowed by
the province the caller knows, then by how well each matched, then by the
text around the name (a candidate whose prefecture or county is named there
wins). What is still open is returned as *ambiguous* with every candidate,
never picked silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from atlas.places.gazetteer import MATCH_RANK, SHORT_FORMS, Gazetteer, NameMatch, Place, town_base
from atlas.places.names import GENERIC_UNIT_NAMES, IDEOGRAPHS as _IDEOGRAPHS, normalize_name

if TYPE_CHECKING:
    from atlas.places.chain_readings import FormTable  # imports numpy: only when a column is read

#: A tail naming an admin unit (河北省|无名镇): unknown, not a detail of the place before it.
_UNIT_SUFFIXES = ("省", "市", "县", "区", "旗", "盟", "州", "镇", "乡", "街道", "苏木")
#: Suffixes of a link in a chain that may stand between two known names (呼伦贝尔市|鄂尔古纳市|莫尔道嘎镇),
#: a new area's own parts among them (西咸新区|沣西新城|马王街道).
LINK_SUFFIXES = ("市", "县", "区", "旗", "新城")
#: How many characters such an unknown link may have (its suffix included).
LINK_LENGTHS = range(3, 8)
#: A tail naming several units of the place before it (重庆市|主城九区, 某市|中心城区): the place itself.
_COMPOSITE = re.compile(r"^(?:主城|中心城|城)?(?:[一二三四五六七八九十两\d]+个?)?(?:城区|区|县|市区)$")

#: Longest name chain considered (province, prefecture, county, town).
_MAX_CHAIN = 4
#: Chains read by looking up every leading part before the automaton is built (it costs ~1,000 such reads).
_CHAINS_BEFORE_AUTOMATON = 200
#: Chains of one column read over arrays, when those are not built yet: their build (~0.2 s) costs as
#: much as walking ~50,000 chains one by one would cost more.
_CHAINS_FOR_ARRAYS = 50_000


@dataclass(frozen=True)
class Located:
    """Outcome of resolving one name.

    ``status`` is ``resolved``, ``ambiguous`` or ``unresolved``; ``place`` is
    set only when resolved. ``candidates`` lists what was left for an
    ambiguous name.
    """

    query: str
    status: str
    place: Place | None = None
    resolved_by: str = ""
    candidates: tuple[Place, ...] = field(default=())
    detail: str = ""


MOVED_TOWNSHIP = "township+former_county"
MOVED_COUNTY = "exact+former_prefecture"


def moved_township(gazetteer: Gazetteer, county: Place, town: str, query: str) -> Located | None:
    """``query`` read as the township named ``town`` written after ``county``, which holds none of that
    name, when it is the only township so named in the county's prefecture: moved to a neighbour since
    (安阳县水冶镇, in 殷都区 since 2021), or its county split or renamed apart from it.

    Examples
    --------
    >>> county = Place("c", "甲县", "county", "county", "1", "1", None, "1", 0, 0)
    >>> moved_township(Gazetteer(units={}), county, "乙镇", "甲县乙镇") is None
    True
    """
    if county.precision != "county" or county.prefecture_adcode is None:
        return None
    inside = {m.place.key: m.place for m in gazetteer.lookup(town)
              if m.place.precision == "town" and m.how not in SHORT_FORMS
              and m.place.prefecture_adcode == county.prefecture_adcode}
    if len(inside) != 1:
        return None
    place = next(iter(inside.values()))
    if place.county_adcode == county.adcode:
        return None
    return Located(query, "resolved", place, MOVED_TOWNSHIP,
                   detail=f"{place.name} is not in {county.name} today: the one in its prefecture "
                          f"({gazetteer.name_of(place.county_adcode)})")


class Geocoder:
    """Resolve names against a :class:`~atlas.places.gazetteer.Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._chains = lru_cache(maxsize=65536)(self._chain_matches)
        self._automaton = None  # built once enough chains were read to repay it (see _parts_at)
        self._chains_read = 0

    def warm(self) -> "Geocoder":
        """Build now what reading many names needs (the name automaton and its forms' places as arrays), as
        set-up; answers do not change."""
        self._chains_read = max(self._chains_read, _CHAINS_BEFORE_AUTOMATON)
        self._form_automaton().form_table()
        return self

    def resolve(self, name: str, province: str | None = None, context: str = "",
                prefer_provinces: Collection[str] = (), prefer_level: str | None = None,
                within: Collection[str] = (), prefer_places: Collection[str] = (),
                year: int | None = None, wider_context: str = "") -> Located:
        """Resolve one name.

        Candidates are narrowed in this order, each step only when it leaves
        at least one: the province (a hard filter); the provinces the text is
        about; names still in use in the document's year; how the name matched
        (official before short form); units the section is about (``within``);
        the level the text implies; parent names in ``context``; places the
        documents list as pilots; parent names in ``wider_context``.

        Parameters
        ----------
        name : str
            The name as written, possibly a chain (``"重庆永川区"``).
        province : str, optional
            Adcode of the province the name is known to be in (a hard filter).
        context : str, optional
            Text around the name (its paragraph), used to tell same-named places apart.
        prefer_provinces : collection of str, optional
            Provinces the surrounding text is about.
        prefer_level : str, optional
            Precision the text implies (``"prefecture"`` for ``长沙、湘潭三市``).
        within : collection of str, optional
            Adcodes of the places the section is about: a candidate inside one wins.
        prefer_places : collection of str, optional
            Keys of places known to be pilots (from the documents' pilot lists).
        year : int, optional
            The document's year: a historical name that had gone out of use by
            then loses to a place that bore it.
        wider_context : str, optional
            The whole document, the last resort for parent names.

        Returns
        -------
        Located

        Examples
        --------
        >>> geocoder.resolve("章丘市").place.adcode  # doctest: +SKIP
        '370114'
        """
        query = normalize_name(name)
        if not query:
            return Located(name, "unresolved", detail="empty name")
        matches = list(self._chains(query))  # with no hint, all that decides (see reading)
        if not matches:
            known, tail = self._known_prefix(query)
            if not known:
                return Located(name, "unresolved", detail="no place of this name in the gazetteer")
            contradiction = self._leading_name(tail)
            past = None if contradiction else self._past_unknown_link(name, known, tail)
            if past is not None:
                return past
            moved = ((self._moved_township(name, known, tail) if contradiction == tail else None)
                     or (self._moved_county(name, known, contradiction, tail[len(contradiction):])
                         if contradiction else None))
            if moved is not None:
                return moved
            if contradiction:
                return Located(name, "unresolved", detail=f"{contradiction} is not in {known}: the chain contradicts itself")
            if tail.endswith(_UNIT_SUFFIXES) and not _COMPOSITE.match(tail):
                return Located(name, "unresolved", detail=f"no unit {tail} in {known} in the gazetteer")
            found = self.resolve(known, province, context, prefer_provinces, prefer_level, within, prefer_places,
                                 year, wider_context)
            note = f"resolved to {known}; unknown tail {tail!r}"
            return Located(name, found.status, found.place, found.resolved_by + "+prefix", found.candidates,
                           f"{found.detail}; {note}" if found.detail else note)
        if len(matches) == 1 and not province:  # one place: no step below could change the answer
            return Located(name, "resolved", place=matches[0].place, resolved_by=matches[0].how)
        if province:
            in_province = [m for m in matches if m.place.province_adcode == province]
            if not in_province:
                found = ", ".join(sorted({m.place.province_adcode for m in matches}))
                return Located(name, "unresolved", detail=f"no place of this name in province {province} (found in {found})",
                               candidates=tuple(m.place for m in matches))
            matches = in_province
        how = ""
        steps = (
            ("province", lambda m: m.place.province_adcode in prefer_provinces, bool(prefer_provinces)),
            ("date", lambda m: m.until is None or m.until > year, year is not None),
            ("rank", None, True),
            ("section", lambda m: bool(set(within) & set(m.place.ancestors() + m.place.spans)), bool(within)),
            ("level", lambda m: m.place.precision == prefer_level, bool(prefer_level)),
        )
        for label, keep, active in steps:
            if len(matches) < 2 or not active:
                continue
            if keep is None:
                towns_only = all(m.place.precision == "town" for m in matches)
                if context and towns_only:
                    # townships by context before rank: a county named beside it makes 万德镇 its former
                    # town (万德街道), not a namesake elsewhere that still holds the name
                    nearby, decided = self._by_context(matches, normalize_name(context).replace(query, "\0"))
                    if decided:
                        matches, how = nearby, f"{how}+context"
                        continue
                best = min(MATCH_RANK[m.how] for m in matches)
                ranked = [m for m in matches if MATCH_RANK[m.how] == best]
                if len(ranked) < len(matches) and towns_only:
                    how += RANK_DEFAULT  # a township that holds the name, over another's former name
                matches = ranked
                continue
            kept = [m for m in matches if keep(m)]
            if kept and len(kept) < len(matches):
                matches, how = kept, f"{how}+{label}"
        if len(matches) > 1 and context:
            matches, decided = self._by_context(matches, normalize_name(context).replace(query, "\0"))
            how += "+context" if decided else ""
        if len(matches) > 1 and prefer_places:
            kept = [m for m in matches if m.place.key in prefer_places]
            if len(kept) == 1:
                matches, how = kept, f"{how}+pilot"
        if len(matches) > 1 and wider_context:
            matches, decided = self._by_context(matches, normalize_name(wider_context).replace(query, "\0"))
            how += "+document" if decided else ""
        if len(matches) > 1:
            outer = _unit_over_its_namesakes(matches)
            if outer is not None:
                return Located(name, "resolved", place=outer.place,
                               resolved_by=outer.how + how + LARGER_UNIT_DEFAULTS[outer.place.precision])
            names = "; ".join(f"{m.place.name} ({m.place.adcode})" for m in matches)
            return Located(name, "ambiguous", candidates=tuple(m.place for m in matches),
                           detail=f"{len(matches)} places share this name: {names}")
        return Located(name, "resolved", place=matches[0].place, resolved_by=matches[0].how + how)

    def reading(self, query: str) -> str | None:
        """What :meth:`resolve` makes of a normalised ``query`` (see :func:`~atlas.places.names.normalize_name`)
        with no province, context or other hint: a key such that queries with the same key get the same
        answer (every field of :class:`Located` but ``query``), or None when the query is no known name or
        chain (the answer then depends on its leading part and its tail).

        With no hint, :meth:`resolve` decides from the places the query reads as, how each matched and
        until when, and nothing else: the key is those, each place by its key (one place per key in a
        gazetteer, see :meth:`Gazetteer.places`), written as one text (no white space is in a key: a tab
        and a line break part them).

        Examples
        --------
        >>> geocoder.reading("山东章丘区") == geocoder.reading("济南章丘区")  # doctest: +SKIP
        True
        """
        return _reading_key(self._chains(query))

    def readings(self, queries: list[str]) -> list[str | None]:
        """:meth:`reading` of each of many normalised queries (``normalize_name(query) == query``); the
        name forms in all the chains of ideographs among them found by one automaton pass (the same parts
        as one query at a time).

        Examples
        --------
        >>> geocoder.readings(["山东章丘区", "火星"]) == [geocoder.reading("山东章丘区"), None]  # doctest: +SKIP
        True
        """
        keys: list[str | None] = [None] * len(queries)
        chains: list[int] = []
        names = self.gazetteer.names
        ideographs = bool(_IDEOGRAPHS.fullmatch("".join(queries)))  # all of them (the common case)
        for i, query in enumerate(queries):
            whole = names.get(query)  # normalised: the lookup of _chain_matches
            if whole:
                keys[i] = _reading_key(whole)
            elif ideographs or _IDEOGRAPHS.fullmatch(query):
                chains.append(i)
            else:
                keys[i] = self.reading(query)
        for i, key in zip(chains, self._form_automaton().readings([queries[i] for i in chains])):
            keys[i] = key
        return keys

    def _by_context(self, matches: list[NameMatch], context: str) -> tuple[list[NameMatch], bool]:
        # a parent's name that is also a name of one of the candidates (湘潭 for 湘潭市 and 湘潭县) is no evidence
        own = {form for m in matches for form in self.gazetteer.forms.get(m.place.key, ())}
        # nor is one inside a township's own name written without its kind (白云湖街道 holds 白云, 白云区's)
        for base in sorted({town_base(m.place.name) for m in matches if m.place.precision == "town"}, key=len,
                           reverse=True):
            if len(base) >= 2:
                context = context.replace(base, "\0")
        scores = [sum(form in context for form in self.gazetteer.context_names(m.place) - own) for m in matches]
        top = max(scores)
        winners = [m for m, s in zip(matches, scores) if s == top]
        if top > 0 and len(winners) == 1:
            return winners, True
        return matches, False

    def _known_prefix(self, query: str) -> tuple[str, str]:
        """The longest leading part of ``query`` that is a known name or chain, and the rest."""
        for end in range(len(query) - 2, 1, -1):  # a tail of one character is a suffix (偃师|市), not a name
            if self._chains(query[:end]):
                return query[:end], query[end:]
        return "", query

    def _past_unknown_link(self, name: str, known: str, tail: str) -> Located | None:
        """The place after one link the gazetteer does not know, when it is the only place of
        that name inside ``known`` (``呼伦贝尔市`` + ``鄂尔古纳市``, misspelt + ``莫尔道嘎镇``)."""
        parents = [m.place for m in self._chains(known)]
        for length in LINK_LENGTHS:
            if length > len(tail) - 2:
                break
            link, rest = tail[:length], tail[length:]
            if not link.endswith(LINK_SUFFIXES):
                continue
            inside = {m.place.key: m for m in self._chains(rest) if any(_nested(m.place, p) for p in parents)}
            if len(inside) == 1:
                match = next(iter(inside.values()))
                return Located(name, "resolved", match.place, f"{match.how}+unknown_link",
                               detail=f"{link} is not in {known} in the gazetteer: read past it")
        return None

    def _one_place(self, known: str) -> Place | None:
        """The one place the name or chain ``known`` reads as, or None."""
        places = list({m.place.key: m.place for m in self._chains(known)}.values())
        return places[0] if len(places) == 1 else None

    def _moved_township(self, name: str, known: str, town: str) -> Located | None:
        """``town`` after the one county ``known`` names, read by :func:`moved_township`."""
        county = self._one_place(known)
        return moved_township(self.gazetteer, county, town, name) if county is not None else None

    def _moved_county(self, name: str, known: str, county_name: str, rest: str) -> Located | None:
        """The county ``county_name`` (and the place ``rest`` names in it) after the one prefecture ``known``
        names, when it is no longer in it but the only county of that name in its province: moved to
        another prefecture since (六安市寿县, in 淮南市 since 2016; 资阳市简阳市, in 成都市)."""
        parent = self._one_place(known)
        if parent is None or parent.precision != "prefecture" or county_name in GENERIC_UNIT_NAMES:
            return None  # 晋城市郊区 was 晋城's own (泽州县 today), never 阳泉's 郊区 moved
        counties = [m.place for m in self.gazetteer.lookup(county_name) if m.how not in SHORT_FORMS
                    and m.place.precision == "county" and m.place.province_adcode == parent.province_adcode]
        if len(counties) != 1 or counties[0].prefecture_adcode == parent.adcode:
            return None
        county = counties[0]
        inner = self.resolve(county.name + rest) if rest else Located(name, "resolved", county, "exact")
        if inner.status != "resolved" or inner.place is None:
            return None
        return Located(name, "resolved", inner.place, MOVED_COUNTY,
                       detail=f"{county.name} is not in {parent.name} today: in "
                              f"{self.gazetteer.name_of(county.prefecture_adcode)}")

    def _leading_name(self, text: str) -> str:
        """An official name (not a short form) that starts ``text``, if any."""
        for end in range(len(text), 1, -1):
            if any(m.how not in SHORT_FORMS for m in self.gazetteer.lookup(text[:end])):
                return text[:end]
        return ""

    def _chain_matches(self, query: str) -> tuple[NameMatch, ...]:
        """Places for the whole query, read as one name or as a chain of nested names.

        Every way to read the query as nested name forms (at most :data:`_MAX_CHAIN`), each inside the
        one before it, is walked depth first, longer leading parts first and a form's places in the
        gazetteer's order; each chain's last place is kept once, at its first reading. A chain with a
        historical name in it matched as ``historical_name``; an official name after its parents, as
        ``chain``.
        """
        whole = self.gazetteer.lookup(query)
        if whole:
            return tuple(whole)
        self._chains_read += 1
        if (self._automaton is not None or self._chains_read > _CHAINS_BEFORE_AUTOMATON) \
                and _IDEOGRAPHS.fullmatch(query):  # the automaton once built (or worth building)
            parts = self._parts_at(query)  # such text needs no normalising: the same parts
        else:
            parts = _LeadingParts(query, self.gazetteer.lookup)
        return tuple([NameMatch(place, how, until) for place, how, until in _read_chains(len(query), parts)])

    def _parts_at(self, query: str) -> dict[int, list[tuple[int, list[NameMatch]]]]:
        """The name forms in ``query`` (ideographs only) by where they start: where each ends, longest
        first, and its places (one automaton pass)."""
        return self._form_automaton().parts([query])[0]

    def _form_automaton(self) -> "_FormAutomaton":
        if self._automaton is None:
            self._automaton = _FormAutomaton(self.gazetteer.names)
        return self._automaton


class _LeadingParts(dict):
    """:meth:`Geocoder._parts_at` for any text: the leading parts of the text from a position, longest
    first, each looked up (normalised) when the walk first reaches that position."""

    def __init__(self, query: str, lookup):
        super().__init__()
        self._query, self._lookup = query, lookup

    def __missing__(self, start: int) -> list[tuple[int, list[NameMatch]]]:
        query = self._query
        parts = [(end, found) for end in range(len(query), start + 1, -1) if (found := self._lookup(query[start:end]))]
        self[start] = parts
        return parts

    def get(self, start: int, default=None) -> list[tuple[int, list[NameMatch]]]:
        return self[start]


def _read_chains(length: int, parts: dict[int, list[tuple[int, list[NameMatch]]]]) -> list[tuple[Place, str, int | None]]:
    """The places every reading of a query of ``length`` characters as a chain of nested name forms
    ends at, with how and until when each matched (see :meth:`Geocoder._chain_matches`); ``parts``
    gives, by position, the forms starting there: where each ends, longest first, and its places.

    Examples
    --------
    >>> from atlas.places.gazetteer import Place
    >>> p = Place("370000", "山东省", "province", "province", "370000", "370000", None, None, 117.0, 36.6)
    >>> c = Place("370114", "章丘区", "county", "district", "370114", "370000", "370100", "370114", 117.5, 36.7)
    >>> [(place.name, how) for place, how, _ in _read_chains(5, {0: [(2, [NameMatch(p, "short_form")])],
    ...                                                           2: [(5, [NameMatch(c, "exact")])]})]
    [('章丘区', 'chain')]
    """
    found: dict[str, tuple[Place, str, int | None]] = {}
    for end, matches in parts.get(0, ()):  # the first part: no parent
        for match in matches:
            old = match.how == "historical_name"
            if end == length:
                found.setdefault(match.place.key, (match.place, "historical_name" if old else match.how, match.until))
            elif 1 < _MAX_CHAIN:
                _walk(parts, length, found, end, match.place, 1, old)
    return list(found.values())


def _walk(parts: dict[int, list[tuple[int, list[NameMatch]]]], length: int,
          found: dict[str, tuple[Place, str, int | None]], start: int, parent: Place, depth: int,
          historical: bool) -> None:
    """The chains of :func:`_read_chains` after ``parent`` (ending at ``start``, ``depth`` parts read): each
    one's last place added to ``found`` at its first reading. A function of the module, not a closure that
    calls itself: such a closure is a reference cycle, and every chain's parts would wait for the cyclic
    garbage collector to be freed."""
    if parent.precision == "town":
        return  # nothing lies in a town
    # _nested(place, parent), inlined: this runs for every reading of a chain
    code, key = parent.adcode, parent.key
    zone = parent.precision == "zone"  # what lies in a new area: see _nested
    for end, matches in parts.get(start, ()):
        for match in matches:
            place = match.place
            if (not _nested(place, parent) if zone else
                    place.key == key or (code != place.province_adcode and code != place.prefecture_adcode
                                         and code != place.county_adcode)):
                if match.how != "historical_name" or not _left_for_a_sibling(place, parent):
                    continue
            old = historical or match.how == "historical_name"
            if end == length:
                if place.key not in found:
                    how = "historical_name" if old else match.how
                    found[place.key] = (place, "chain" if how == "exact" else how, match.until)
            elif depth + 1 < _MAX_CHAIN:
                _walk(parts, length, found, end, place, depth + 1, old)


def _reading_key(matches) -> str | None:
    """The places a query reads as, how each matched and until when (see :meth:`Geocoder.reading`):
    from :class:`NameMatch` objects or (place, how, until) triples alike."""
    return "\n".join([f"{place.key}\t{how}\t{until}" for place, how, until in map(_triple, matches)]) \
        if matches else None


def _triple(match) -> tuple:
    return (match.place, match.how, match.until) if isinstance(match, NameMatch) else match


class _FormAutomaton:
    """Every name form of two characters or more, found in texts by one overlapping Aho-Corasick pass
    (``ahocorasick-rs``).

    Examples
    --------
    >>> from atlas.places.gazetteer import Place
    >>> p = Place("370100", "济南市", "prefecture", "prefecture_city", "370100", "370000", "370100", None, 117.0, 36.7)
    >>> parts = _FormAutomaton({"济南": [NameMatch(p, "short_form")], "济南市": [NameMatch(p, "exact")]}).parts(
    ...     ["山东济南市", "济南"])
    >>> [{start: [(end, m[0].how) for end, m in found] for start, found in each.items()} for each in parts]
    [{2: [(5, 'exact'), (4, 'short_form')]}, {0: [(2, 'short_form')]}]
    """

    def __init__(self, names: Mapping[str, list[NameMatch]]):
        import ahocorasick_rs

        self._names = names
        self._forms = [form for form in names if len(form) >= 2]
        self._automaton = ahocorasick_rs.AhoCorasick(self._forms, matchkind=ahocorasick_rs.MatchKind.Standard)
        self._table = None  # the forms' places as arrays, for reading many chains at once

    def readings(self, texts: list[str]) -> list[str | None]:
        """:func:`_reading_key` of :func:`_read_chains` of each text (ideographs only, no known name form
        as a whole) with its :meth:`parts`, for all texts at once: one pass, the walk done over arrays
        (:mod:`atlas.places.chain_readings`) once they are built or worth building, else text by text."""
        if self._table is None and len(texts) < _CHAINS_FOR_ARRAYS:
            return [_reading_key(_read_chains(len(text), parts)) for text, parts in zip(texts, self.parts(texts))]
        return self.form_table().readings(texts, self._automaton.find_matches_as_indexes("\n".join(texts),
                                                                                         overlapping=True))

    def form_table(self) -> "FormTable":
        """The forms' places as arrays (:class:`~atlas.places.chain_readings.FormTable`), built once."""
        if self._table is None:
            from atlas.places.chain_readings import FormTable

            self._table = FormTable(self._forms, self._names, _MAX_CHAIN)
        return self._table

    def parts(self, texts: list[str]) -> list[dict[int, list[tuple[int, list[NameMatch]]]]]:
        """For each text (without line breaks), the forms in it by where they start: where each ends,
        longest first, and its places; all texts in one pass."""
        found: list[dict[int, list[tuple[int, list[NameMatch]]]]] = [{} for _ in texts]
        if not texts:
            return found
        names, forms = self._names, self._forms
        number, base, limit, starts = 0, 0, len(texts[0]), found[0]
        for pattern, start, end in self._automaton.find_matches_as_indexes("\n".join(texts), overlapping=True):
            while end > limit:  # matches come by where they end, text after text
                number += 1
                base, starts = limit + 1, found[number]
                limit = base + len(texts[number])
            part = (end - base, names[forms[pattern]])
            ends = starts.get(start - base)
            if ends is None:
                starts[start - base] = [part]
            else:
                ends.insert(0, part)  # a longer form from the same start: ends come in ascending order
        return found


#: How ``resolved_by`` ends for a bare name given to the larger of same-named nested units (the text may
#: still say otherwise: a count such as ``两县`` after a list).
LARGER_UNIT_DEFAULTS = {"prefecture": "+prefecture", "province": "+province_over_city"}
#: How ``resolved_by`` ends where a township holding a name was taken over another's former name
#: (万德镇 of 云南 over 长清区's 万德街道, once 万德镇) for want of context: the text may overrule it.
RANK_DEFAULT = "+current_name"


def _unit_over_its_namesakes(matches: list[NameMatch]) -> NameMatch | None:
    """The province or prefecture among ``matches`` when every other match lies inside it and shares
    its short form (湘潭: 湘潭市 and 湘潭县; 喀什: 喀什地区 and 喀什市; 吉林: 吉林省 and 吉林市), all
    written as short forms: a unit that shares the name of a unit it lies in is written with its own
    suffix when it is meant, so the bare name is the larger unit's. Likewise all old names (思茅市: the
    prefecture of 2003–2007, today 普洱市, and the county-level city on its land before it, today 思茅区),
    where only the document's year could tell: the larger unit holds both. Else None."""
    if not (all(m.how in SHORT_FORMS for m in matches) or all(m.how == "historical_name" for m in matches)):
        return None
    outer = [m for m in matches if m.place.precision in ("province", "prefecture")
             and all(other is m or _nested(other.place, m.place) for other in matches)]
    return outer[0] if len(outer) == 1 else None


def _left_for_a_sibling(child: Place, parent: Place) -> bool:
    """True if ``child``, a county-level unit today, shares ``parent`` county's prefecture: what a unit
    an old name calls part of that county has become when it left it (苍南县龙港镇 → 龙港市, 2019)."""
    return (parent.precision == "county" and child.precision == "county" and child.key != parent.key
            and child.prefecture_adcode == parent.prefecture_adcode)


def lies_in(child: Place, parent: Place) -> bool:
    """True if ``child`` lies in ``parent`` today (and is not the same place)."""
    return _nested(child, parent)


def nests_in(match: NameMatch, parent: Place) -> bool:
    """True if the place ``match`` names lies in ``parent``, or did when the name was in use
    (a historical name: see :func:`_left_for_a_sibling`)."""
    return _nested(match.place, parent) or (match.how == "historical_name" and _left_for_a_sibling(match.place, parent))


def _nested(child: Place, parent: Place) -> bool:
    """True if ``child`` lies in ``parent`` (and is not the same place); :func:`_walk` inlines it."""
    code = parent.adcode  # in child.ancestors(), without building that tuple (this runs for every reading of a chain)
    if parent.precision == "zone":  # a new area: what lies in the units it spans (贵安新区高峰镇)
        return child.key != parent.key and not set(parent.spans).isdisjoint(
            (child.province_adcode, child.prefecture_adcode, child.county_adcode))
    return (child.key != parent.key and parent.precision != "town"
            and (code == child.province_adcode or code == child.prefecture_adcode or code == child.county_adcode))
