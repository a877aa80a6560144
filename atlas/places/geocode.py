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
from collections.abc import Collection
from functools import lru_cache

from atlas.places.gazetteer import MATCH_RANK, SHORT_FORMS, Gazetteer, NameMatch, Place
from atlas.places.names import normalize_name

#: A tail naming an admin unit (河北省|无名镇): unknown, not a detail of the place before it.
_UNIT_SUFFIXES = ("省", "市", "县", "区", "旗", "盟", "州", "镇", "乡", "街道", "苏木")
#: A tail naming several units of the place before it (重庆市|主城九区, 某市|中心城区): the place itself.
_COMPOSITE = re.compile(r"^(?:主城|中心城|城)?(?:[一二三四五六七八九十两\d]+个?)?(?:城区|区|县|市区)$")

#: Longest name chain considered (province, prefecture, county, town).
_MAX_CHAIN = 4
#: Chains read by looking up every leading part before the automaton is built (it costs ~1,000 such reads).
_CHAINS_BEFORE_AUTOMATON = 200
#: Text of CJK ideographs only: NFKC leaves it and every part of it unchanged.
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


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


class Geocoder:
    """Resolve names against a :class:`~atlas.places.gazetteer.Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._chains = lru_cache(maxsize=65536)(self._chain_matches)
        self._automaton = None  # built once enough chains were read to repay it (see _forms_at)
        self._chains_read = 0

    def warm(self) -> "Geocoder":
        """Build now what reading many names needs (the name automaton), as set-up; answers do not change."""
        self._chains_read = max(self._chains_read, _CHAINS_BEFORE_AUTOMATON)
        self._forms_at("")
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
        matches = list(self._chains(query))
        if not matches:
            known, tail = self._known_prefix(query)
            if not known:
                return Located(name, "unresolved", detail="no place of this name in the gazetteer")
            contradiction = self._leading_name(tail)
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
                best = min(MATCH_RANK[m.how] for m in matches)
                matches = [m for m in matches if MATCH_RANK[m.how] == best]
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
            names = "; ".join(f"{m.place.name} ({m.place.adcode})" for m in matches)
            return Located(name, "ambiguous", candidates=tuple(m.place for m in matches),
                           detail=f"{len(matches)} places share this name: {names}")
        return Located(name, "resolved", place=matches[0].place, resolved_by=matches[0].how + how)

    def _by_context(self, matches: list[NameMatch], context: str) -> tuple[list[NameMatch], bool]:
        # a parent's name that is also a name of one of the candidates (湘潭 for 湘潭市 and 湘潭县) is no evidence
        own = {form for m in matches for form in self.gazetteer.forms.get(m.place.key, ())}
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

    def _leading_name(self, text: str) -> str:
        """An official name (not a short form) that starts ``text``, if any."""
        for end in range(len(text), 1, -1):
            if any(m.how not in SHORT_FORMS for m in self.gazetteer.lookup(text[:end])):
                return text[:end]
        return ""

    def _chain_matches(self, query: str) -> tuple[NameMatch, ...]:
        """Places for the whole query, read as one name or as a chain of nested names."""
        whole = self.gazetteer.lookup(query)
        if whole:
            return tuple(whole)
        found: dict[str, NameMatch] = {}
        self._chains_read += 1
        starts = self._forms_at(query) if self._chains_read > _CHAINS_BEFORE_AUTOMATON \
            and _IDEOGRAPHS.fullmatch(query) else None
        for chain in self._split(query, 0, parents=(), depth=0, starts=starts):
            last = chain[-1]
            how = "historical_name" if any(m.how == "historical_name" for m in chain) else last.how
            if how == "exact" and len(chain) > 1:
                how = "chain"  # parent names written before an official name
            found.setdefault(last.place.key, NameMatch(last.place, how, last.until))
        return tuple(found.values())

    def _forms_at(self, query: str) -> dict[int, list[int]]:
        """Where each name form in ``query`` ends, by where it starts, longest first (one automaton pass)."""
        if self._automaton is None:
            self._automaton = _name_automaton(self.gazetteer.names)
        starts: dict[int, list[int]] = {}
        for last, length in self._automaton.iter(query):
            if length >= 2:
                starts.setdefault(last + 1 - length, []).append(last + 1)
        for ends in starts.values():
            ends.sort(reverse=True)
        return starts

    def _split(self, query: str, start: int, parents: tuple[NameMatch, ...], depth: int,
               starts: dict[int, list[int]] | None = None):
        """Yield every way to read ``query[start:]`` as nested names under ``parents``.

        Every leading part is looked up, longest first. For a query of
        ideographs only, ``starts`` (from :meth:`_forms_at`) already lists the
        parts that are name forms, so only those are looked up: the same
        matches in the same order, since such text needs no normalising.
        """
        if start == len(query):
            if parents:
                yield parents
            return
        if depth >= _MAX_CHAIN:
            return
        if starts is not None:
            names = self.gazetteer.names
            parts = ((end, names[query[start:end]]) for end in starts.get(start, ()))
        else:
            parts = ((end, self.gazetteer.lookup(query[start:end])) for end in range(len(query), start + 1, -1))
        for end, matches in parts:
            for match in matches:
                if parents and not _nested(match.place, parents[-1].place):
                    continue
                yield from self._split(query, end, parents + (match,), depth + 1, starts)


def _name_automaton(names: Collection[str]):
    """An Aho-Corasick automaton over every name form, each stored with its length.

    Examples
    --------
    >>> sorted(_name_automaton(["济南", "济南市"]).iter("山东济南市"))
    [(3, 2), (4, 3)]
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for form in names:
        if form:
            automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def _nested(child: Place, parent: Place) -> bool:
    """True if ``child`` lies in ``parent`` (and is not the same place)."""
    code = parent.adcode  # in child.ancestors(), without building that tuple (this runs for every reading of a chain)
    return (child.key != parent.key and parent.precision != "town"
            and (code == child.province_adcode or code == child.prefecture_adcode or code == child.county_adcode))
