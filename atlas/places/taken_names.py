"""Names a prefecture took from the county-level city on its land: which one a document means is a date.

When a prefecture (地区) became a prefecture-level city it often took the name of
the county-level city that was its seat, whose land became a district: 毕节市 was
the county-level city until 2011 (today 七星关区) and is the prefecture since. The
name alone cannot tell them apart; the year of the document can. The table
``geodata/names_taken_over.csv`` is generated with the historical names by
``scripts/make_historical_names.py`` from the GB/T 2260 change history.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, replace
from pathlib import Path

from atlas.places.gazetteer import GEODATA, Gazetteer
from atlas.places.geocode import Located
from atlas.places.names import normalize_name

#: How an answer changed by the document's year is marked in ``resolved_by``.
BEFORE_TAKEOVER = "+before_takeover"


@dataclass(frozen=True)
class TakenName:
    """A county-level city's name (``old_name``) that the prefecture ``taken_by`` bore from ``year`` on;
    the city's land is today's ``adcode``."""

    old_name: str
    adcode: str
    taken_by: str
    year: int


@functools.cache
def names_taken_over(path: Path = GEODATA / "names_taken_over.csv") -> dict[str, tuple[TakenName, ...]]:
    """The table by the adcode of the prefecture that took each name (empty if the file is absent)."""
    if not path.is_file():
        return {}
    found: dict[str, list[TakenName]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["taken_by"], []).append(
                TakenName(row["old_name"], row["adcode"], row["taken_by"], int(row["year"])))
    return {code: tuple(rows) for code, rows in found.items()}


def as_of_year(located: Located, written: str, year: int | None, gazetteer: Gazetteer) -> Located:
    """``located`` as a document of ``year`` means it: a prefecture found by the full name it took from a
    county-level city (``written`` ends with it) is, before that year, that city's land today.

    Parameters
    ----------
    located : Located
        The answer for the name as written, with no year.
    written : str
        The name as written (a chain may end with the taken name: ``贵州省毕节市``).
    year : int or None
        The document's year; None leaves the answer as it is.
    gazetteer : Gazetteer
        Where today's district is looked up.

    Returns
    -------
    Located

    Examples
    --------
    >>> from atlas.places.geocode import Located
    >>> names_taken_over()["520500"][0].old_name
    '毕节市'
    """
    place = located.place
    if year is None or place is None or located.status != "resolved" or place.precision != "prefecture":
        return located
    name = normalize_name(written)
    for taken in names_taken_over().get(place.adcode, ()):
        district = gazetteer.units.get(taken.adcode)
        if year < taken.year and name.endswith(taken.old_name) and district is not None:
            return replace(located, place=district, resolved_by=located.resolved_by + BEFORE_TAKEOVER)
    return located
