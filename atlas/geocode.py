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

from dataclasses import dataclass, field
from collections.abc import Collection
from functools import lru_cache

from atlas.gazetteer import MATCH_RANK, Gazetteer, NameMatch, Place
from atlas.names import normalize_name

#: Longest name chain considered (province, prefecture, county, town).
_MAX_CHAIN = 4


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
    """Resolve names against a :class:`~atlas.gazetteer.Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._chains = lru_cache(maxsize=65536)(self._chain_matches)

    def resolve(self, name: str, province: str | None = None, context: str = "",
                prefer_provinces: Collection[str] = (), prefer_level: str | None = None) -> Located:
        """Resolve one name.

        Parameters
        ----------
        name : str
            The name as written, possibly a chain (``"重庆永川区"``).
        province : str, optional
            Adcode of the province the name is known to be in (a hard filter).
        context : str, optional
            Text around the name, used to tell same-named places apart.
        prefer_provinces : collection of str, optional
            Provinces the surrounding text is about; used only to choose
            between several candidates.
        prefer_level : str, optional
            Precision the text implies (``"prefecture"`` for ``长沙、湘潭三市``);
            used only to choose between several candidates.

        Returns
        -------
        Located
        """
        query = normalize_name(name)
        if not query:
            return Located(name, "unresolved", detail="empty name")
        matches = self._chains(query)
        if not matches:
            return Located(name, "unresolved", detail="no place of this name in the gazetteer")
        if province:
            in_province = [m for m in matches if m.place.province_adcode == province]
            if not in_province:
                found = ", ".join(sorted({m.place.province_adcode for m in matches}))
                return Located(name, "unresolved", detail=f"no place of this name in province {province} (found in {found})",
                               candidates=tuple(m.place for m in matches))
            matches = in_province
        best = min(MATCH_RANK[m.how] for m in matches)
        matches = [m for m in matches if MATCH_RANK[m.how] == best]
        how = matches[0].how
        for preferred, label in ((prefer_provinces, "province"), (prefer_level, "level")):
            if len(matches) > 1 and preferred:
                keep = [m for m in matches if (m.place.province_adcode in preferred if label == "province"
                                               else m.place.precision == preferred)]
                if keep and len(keep) < len(matches):
                    matches, how = keep, f"{how}+{label}"
        if len(matches) > 1 and context:
            matches, decided = self._by_context(matches, normalize_name(context).replace(query, "\0"))
            how += "+context" if decided else ""
        if len(matches) > 1:
            names = "; ".join(f"{m.place.name} ({m.place.adcode})" for m in matches)
            return Located(name, "ambiguous", candidates=tuple(m.place for m in matches),
                           detail=f"{len(matches)} places share this name: {names}")
        return Located(name, "resolved", place=matches[0].place, resolved_by=how)

    def _by_context(self, matches: list[NameMatch], context: str) -> tuple[list[NameMatch], bool]:
        scores = [sum(form in context for form in self.gazetteer.context_names(m.place)) for m in matches]
        top = max(scores)
        winners = [m for m, s in zip(matches, scores) if s == top]
        if top > 0 and len(winners) == 1:
            return winners, True
        return matches, False

    def _chain_matches(self, query: str) -> tuple[NameMatch, ...]:
        """Places for the whole query, read as one name or as a chain of nested names."""
        whole = self.gazetteer.lookup(query)
        if whole:
            return tuple(whole)
        found: dict[str, NameMatch] = {}
        for chain in self._split(query, parents=(), depth=0):
            last = chain[-1]
            how = "historical_name" if any(m.how == "historical_name" for m in chain) else last.how
            if how == "exact" and len(chain) > 1:
                how = "chain"  # parent names written before an official name
            found.setdefault(last.place.key, NameMatch(last.place, how))
        return tuple(found.values())

    def _split(self, rest: str, parents: tuple[NameMatch, ...], depth: int):
        """Yield every way to read ``rest`` as nested names under ``parents``."""
        if not rest:
            if parents:
                yield parents
            return
        if depth >= _MAX_CHAIN:
            return
        for end in range(len(rest), 1, -1):
            for match in self.gazetteer.lookup(rest[:end]):
                if parents and not _nested(match.place, parents[-1].place):
                    continue
                yield from self._split(rest[end:], parents + (match,), depth + 1)


def _nested(child: Place, parent: Place) -> bool:
    """True if ``child`` lies in ``parent`` (and is not the same place)."""
    return child.key != parent.key and parent.adcode in child.ancestors() and parent.precision != "town"
