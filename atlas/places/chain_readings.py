"""The readings of many chains at once: :func:`~atlas.places.geocode._read_chains` over arrays.

A column's chains (``山东章丘区``, ``济南章丘埠村街道``) are read by one
automaton pass over all of them (:class:`~atlas.places.geocode._FormAutomaton`).
Walking each chain's parts in Python costs a few microseconds per chain; here
the same walk is done level by level for every chain together: the places of
every form found are laid out as rows of arrays (ordered as the walk visits
them), each chain's first parts are the rows that start it, and each next level
is the rows that start where a path ends and lie inside its last place (or, as
a historical name, did). A place a chain reads as is kept at the first path (in
the walk's order) that reaches it, with how it matched, exactly as the walk
keeps it.

The geocoder imports this module (and numpy with it) only when a column's
chains are read over arrays: the one-name path of the command line never
comes here (it imports no table library).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from atlas.places.gazetteer import NameMatch

#: The walk's three ways of writing how the last part matched (see :func:`~atlas.places.geocode._walk`):
#: as the first part; after a parent (``exact`` written ``chain``); on a path through a historical name.
_FIRST, _AFTER_PARENT, _HISTORICAL = 0, 1, 2


class FormTable:
    """Every name form's places as array rows (one per :class:`NameMatch`), by the automaton's pattern
    number: each row's place and whether it is historical, and each place's codes as numbers.

    Parameters
    ----------
    forms : list of str
        The automaton's patterns, by number.
    names : mapping
        Name form → its matches (:attr:`Gazetteer.names`).
    max_chain : int
        The longest chain read (:data:`~atlas.places.geocode._MAX_CHAIN`).
    """

    def __init__(self, forms: list[str], names: Mapping[str, list[NameMatch]], max_chain: int):
        self.max_chain = max_chain
        self.longest = max(map(len, forms), default=0)
        matches = [names[form] for form in forms]
        self.first_row = np.zeros(len(forms) + 1, dtype=np.int64)
        self.first_row[1:] = np.cumsum([len(found) for found in matches])
        rows = list(itertools.chain.from_iterable(matches))
        places: dict[str, int] = {}  # place key → number
        zones: dict[str, tuple[str, ...]] = {}  # a new area's key → the counties it spans
        codes: list[str | None] = []  # per place: its adcode, province's, prefecture's and county's
        precisions: list[str] = []
        for match in rows:
            place = match.place
            if place.key not in places:
                places[place.key] = len(places)
                precisions.append(place.precision)
                if place.precision == "zone":
                    zones[place.key] = place.spans
                codes += (place.adcode, place.province_adcode, place.prefecture_adcode, place.county_adcode)
        numbers: dict[str | None, int] = {}  # an adcode (or None) → number: the walk compares them as values
        table = np.array([numbers.setdefault(code, len(numbers)) for code in codes], dtype=np.int64).reshape(-1, 4)
        precision = np.array(precisions, dtype=object)
        self.town, self.county, self.adcode = precision == "town", precision == "county", table[:, 0]
        self.parents = np.ascontiguousarray(table[:, 1:].T)  # province, prefecture, county
        # a new area holds what lies in the units it spans (see geocode._nested): its place → their numbers
        self.zone_spans = {number: frozenset(numbers.get(code, -1) for code in zones[key])
                           for key, number in places.items() if key in zones}
        self.place = np.array([places[m.place.key] for m in rows], dtype=np.int64)
        self.historical = np.array([m.how == "historical_name" for m in rows], dtype=bool)
        self.written = np.empty((len(rows), 3), dtype=object)  # per row, a reading key's line in each way
        if rows:
            self.written[:] = [_written(m) for m in rows]

    def readings(self, texts: list[str], matches: list[tuple[int, int, int]]) -> list[str | None]:
        """Each text's reading (:func:`~atlas.places.geocode._reading_key` of its
        :func:`~atlas.places.geocode._read_chains`), None for a text that is no chain.

        Parameters
        ----------
        texts : list of str
            Ideographs only, each no known name form as a whole.
        matches : list of (int, int, int)
            The automaton's overlapping matches in ``"\\n".join(texts)``: pattern, start, end.
        """
        at = _Positions(texts)
        rows, row_start, row_end = self._rows_found(matches)
        rows_at = np.zeros(at.count + 1, dtype=np.int64)  # the rows starting at a position: from, to
        rows_at[1:] = np.cumsum(np.bincount(row_start, minlength=at.count))
        finals: list[tuple[np.ndarray, ...]] = []
        ranks = [np.flatnonzero(at.starts_text[row_start])]  # per path, its rows (sorted numbers) level by level
        historical, how = self.historical[rows[ranks[0]]], _FIRST
        for depth in range(1, self.max_chain + 1):
            last = ranks[-1]
            final = at.ends_text[row_end[last]]
            ended = last[final]
            finals.append((at.text[row_end[ended]], self.place[rows[ended]],
                           self.written[rows[ended], np.where(historical[final], _HISTORICAL, how)],
                           *_padded(ranks, final, self.max_chain)))
            if depth == self.max_chain:
                break
            parent, child = self._next_parts(rows, rows_at[row_end[last]], rows_at[row_end[last] + 1], last, ~final)
            ranks = [r[parent] for r in ranks] + [child]
            historical, how = historical[parent] | self.historical[rows[child]], _AFTER_PARENT
        return _keys(len(texts), len(self.adcode), finals)

    def _rows_found(self, matches: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every match's rows, in the order the walk visits them: by where they start, then longest form
        first, then the form's places in the gazetteer's order; each row's start and end."""
        found = np.fromiter(itertools.chain.from_iterable(matches), dtype=np.int64,
                            count=3 * len(matches)).reshape(-1, 3)
        # one number orders by start, then end descending: no form is longer than self.longest
        found = found[np.argsort(found[:, 1] * (self.longest + 1) - found[:, 2])]
        pattern, start, end = found[:, 0], found[:, 1], found[:, 2]
        count = self.first_row[pattern + 1] - self.first_row[pattern]
        each = np.repeat(np.arange(len(found)), count)
        within = np.arange(len(each)) - np.repeat(np.cumsum(count) - count, count)
        return self.first_row[pattern[each]] + within, start[each], end[each]

    def _next_parts(self, rows: np.ndarray, low: np.ndarray, high: np.ndarray, last: np.ndarray,
                    open_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each open path (by its last row) paired with each row that starts where it ends (from ``low`` to
        ``high``) and lies inside its last place (:func:`~atlas.places.geocode._nested`), or is a historical
        name of a unit that has left it (:func:`~atlas.places.geocode._left_for_a_sibling`): the path's
        number and the row."""
        places = self.place[rows[last]]
        going = np.flatnonzero(open_ & ~self.town[places])  # nothing lies in a town
        low, count = low[going], high[going] - low[going]
        parent = np.repeat(going, count)
        child = np.repeat(low - np.cumsum(count) + count, count) + np.arange(count.sum())
        above, inner = places[parent], self.place[rows[child]]
        code, province, prefecture, county = self.adcode[above], *self.parents[:, inner]
        inside = (code == province) | (code == prefecture) | (code == county)
        if self.zone_spans:
            zoned = np.flatnonzero(np.isin(above, list(self.zone_spans)))
            inside[zoned] = [not self.zone_spans[above[k]].isdisjoint((province[k], prefecture[k], county[k]))
                             for k in zoned]
        left = self.historical[rows[child]] & self.county[above] & self.county[inner] \
            & (self.parents[1][above] == prefecture)
        keep = (above != inner) & (inside | left)
        return parent[keep], child[keep]


class _Positions:
    """The positions of ``"\\n".join(texts)`` (and the one past its end): which text each is in, and
    whether a text starts or ends there."""

    def __init__(self, texts: list[str]):
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts = np.cumsum(lengths + 1) - lengths - 1
        self.count = int((lengths + 1).sum())
        self.text = np.repeat(np.arange(len(texts)), lengths + 1)
        self.starts_text = np.zeros(self.count, dtype=bool)
        self.starts_text[starts] = True
        self.ends_text = np.zeros(self.count, dtype=bool)
        self.ends_text[starts + lengths] = True


def _written(match: NameMatch) -> tuple[str, str, str]:
    """A row as a line of a reading key, in each of the walk's three ways of writing how it matched."""
    key, how, until = match.place.key, match.how, match.until
    after = "chain" if how == "exact" else how
    return f"{key}\t{how}\t{until}", f"{key}\t{after}\t{until}", f"{key}\thistorical_name\t{until}"


def _padded(ranks: list[np.ndarray], final: np.ndarray, width: int) -> list[np.ndarray]:
    """The ranks of the final paths' rows, level by level, -1 past a path's last level."""
    ended = [r[final] for r in ranks]
    return ended + [np.full(len(ended[0]), -1, dtype=np.int64)] * (width - len(ended))


def _keys(count: int, places: int, finals: list[tuple[np.ndarray, ...]]) -> list[str | None]:
    """Each text's reading key from the final paths of every level: a place kept at the first path (in
    the walk's order: by the ranks of its rows) that reaches it, the lines of a text in that order."""
    text, place, line, *ranks = (np.concatenate(column) for column in zip(*finals))
    order = np.lexsort((*reversed(ranks), text))
    _, first = np.unique(text[order] * places + place[order], return_index=True)
    kept = order[np.sort(first)]
    text, line = text[kept], line[kept]
    lines = np.bincount(text, minlength=count)
    keys = np.full(count, None, dtype=object)
    one = lines[text] == 1
    keys[text[one]] = line[one]
    first_line = np.cumsum(lines) - lines
    for number in np.flatnonzero(lines > 1).tolist():
        keys[number] = "\n".join(line[first_line[number]:first_line[number] + lines[number]].tolist())
    return keys.tolist()
