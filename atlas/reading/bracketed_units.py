"""A county named in brackets right after the prefecture it lies in (``毕节(大方)``).

Plans and lists name a centre by its prefecture and, in brackets, the county
that is meant (``毕节(大方)``, ``黔西南州（兴义）``). A name in such brackets may
be a common word that the scanner takes only as an item of a list (大方,
generous); there the bracket says what it is: a unit of that prefecture. It is
read as the one unit of that name inside the prefecture, and only if the
brackets hold nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from atlas.places.gazetteer import SHORT_FORMS, Gazetteer
from atlas.places.geocode import Located
from atlas.reading.scanner import PlaceSpan, places_read

RESOLVED_BY = "short_form+bracket"
#: A bracket right after a name, holding two to eight ideographs and nothing else.
_BRACKETED = re.compile(r"[(（]([\u4e00-\u9fff]{2,8})[)）]")
#: Levels whose units a bracket after them may name one of.
_PARENT_LEVELS = frozenset({"prefecture", "province"})


def units_in_brackets(text: str, spans: list[PlaceSpan], located: list[Located], gazetteer: Gazetteer,
                      taken: Iterable[PlaceSpan] = ()) -> list[tuple[PlaceSpan, Located]]:
    """Counties named in brackets right after a prefecture or province among ``spans`` (with their places
    ``located``) that they lie in, as spans with the county; brackets ``spans`` or ``taken`` cover are
    left to them.

    Examples
    --------
    >>> units_in_brackets("毕节(大方)", [], [], Gazetteer(units={}))
    []
    """
    if "(" not in text and "（" not in text:
        return []
    ranges = [(s.start, s.end) for s in [*spans, *taken]]
    found: list[tuple[PlaceSpan, Located]] = []
    for span, parent in places_read(spans, located, _PARENT_LEVELS):
        bracket = _BRACKETED.match(text, span.end)
        if bracket is None or any(bracket.start(1) < e and s < bracket.end(1) for s, e in ranges):
            continue
        name = bracket.group(1)
        inside = {m.place.key: m for m in gazetteer.lookup(name)
                  if m.place.precision == "county" and parent.adcode in (m.place.prefecture_adcode,
                                                                          m.place.province_adcode)}
        if len(inside) == 1:
            match = next(iter(inside.values()))
            how = RESOLVED_BY if match.how in SHORT_FORMS else f"{match.how}+bracket"
            found.append((PlaceSpan(bracket.start(1), bracket.end(1), name, 1, True, None),
                          Located(name, "resolved", match.place, how)))
    return found
