"""A seat city called by the short form it shares with its prefecture (恩施: 恩施市 and 恩施州).

Several prefectures share their short form with the county-level city that is
their seat (恩施, 大理, 楚雄, 文山, 玉树, 昌吉, 和田, 喀什…). Bare, such a name is
read as the larger unit (:data:`atlas.places.geocode.LARGER_UNIT_DEFAULTS`). A
document that says the name is the prefecture's seat (``恩施是恩施土家族苗族自治州
首府``, ``甲为甲州州府``) is about the city: there, and everywhere else in that
document where the bare name was read by that default, it is the seat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from atlas.places.gazetteer import Gazetteer, Place
from atlas.places.geocode import LARGER_UNIT_DEFAULTS, Located
from atlas.reading.scanner import PlaceSpan

RESOLVED_BY = "short_form+seat"
_DEFAULT = LARGER_UNIT_DEFAULTS["prefecture"]
#: Between the name and its prefecture: a copula (是, 为, 系).
_COPULA = re.compile(r"^\s*(?:是|为|系)\s*$")
#: After the prefecture: the word for its seat (首府, 驻地, 州府…).
_SEAT_WORD = re.compile(r"\s*(?:的)?(?:首府|首邑|州府|府治|治所|政府驻地|驻地)")


def seat_readings(paragraphs: Iterable[tuple[str, Sequence[PlaceSpan], Sequence[Located]]],
                  gazetteer: Gazetteer) -> dict[str, Located]:
    """The bare names a document says are the seat of the prefecture they were read as (each paragraph:
    its text, spans and their places), with the seat's reading.

    Examples
    --------
    >>> seat_readings([], Gazetteer(units={}))
    {}
    """
    seats: dict[str, Located] = {}
    for text, spans, located in paragraphs:
        for i in range(len(spans) - 1):
            name, prefecture = located[i], located[i + 1]
            if (name.status == "resolved" and name.resolved_by.endswith(_DEFAULT) and prefecture.place is not None
                    and name.place is not None and prefecture.place.adcode == name.place.adcode
                    and _COPULA.match(text[spans[i].end:spans[i + 1].start])
                    and _SEAT_WORD.match(text, spans[i + 1].end)):
                seat = _seat(spans[i].text, name.place, gazetteer)
                if seat is not None:
                    seats[spans[i].text] = Located(spans[i].text, "resolved", seat, RESOLVED_BY,
                                                   detail=f"the document says {spans[i].text} is the seat of "
                                                          f"{name.place.name}")
    return seats


def as_seat(span: PlaceSpan, located: Located, seats: dict[str, Located]) -> Located:
    """``located`` read as the seat where the document says ``span``'s bare name is one, else as it is."""
    seat = seats.get(span.text)
    if seat is None or located.place is None or not located.resolved_by.endswith(_DEFAULT):
        return located
    return seat if seat.place.prefecture_adcode == located.place.adcode else located


def _seat(name: str, prefecture: Place, gazetteer: Gazetteer) -> Place | None:
    counties = [m.place for m in gazetteer.lookup(name)
                if m.place.precision == "county" and m.place.prefecture_adcode == prefecture.adcode]
    return counties[0] if len(counties) == 1 else None
