"""One geocoded name as one output row: the columns a geocoded table gains, with no table library.

The command line's column path (:mod:`atlas.places.usertables`), its path
for small tables (:mod:`atlas.places.small_csv`) and :func:`atlas.api.geocode`
all build their rows here, so they give the same answer for the same name.
"""

from __future__ import annotations

from atlas.places.geocode import Geocoder

#: Columns a geocoded table gains, in order.
GEOCODE_COLUMNS = ["adcode", "code", "canonical_name", "level", "province", "prefecture", "county", "lon", "lat",
                   "precision", "resolved_by", "status", "reason"]


def geocode_one(geocoder: Geocoder, name: str, province: str = "", context: str = "") -> dict:
    """One name → a row of :data:`GEOCODE_COLUMNS` (missing keys: not resolved).

    Parameters
    ----------
    geocoder : Geocoder
    name : str
        The name to look up.
    province : str
        Its province as a name, short form or adcode (empty: any province).
    context : str
        Text around the name, to tell same-named places apart.

    Examples
    --------
    >>> from atlas.api import _geocoder
    >>> geocode_one(_geocoder(), "朝阳区", "吉林")["adcode"]
    '220104'
    >>> geocode_one(_geocoder(), "朝阳区", "火星")["reason"]
    "unknown province '火星'"
    """
    gazetteer = geocoder.gazetteer
    if not name.strip():
        return {"status": "unresolved", "reason": "empty name"}
    code = None
    if province.strip():
        code = gazetteer.province_code(province.strip())
        if code is None:
            return {"status": "unresolved", "reason": f"unknown province {province.strip()!r}"}
    located = geocoder.resolve(name, province=code, context=context)
    if located.place is None:
        return {"status": located.status, "reason": located.detail}
    place = located.place
    return {
        "adcode": place.adcode, "code": place.code, "canonical_name": place.name, "level": place.kind,
        "province": gazetteer.name_of(place.province_adcode), "prefecture": gazetteer.name_of(place.prefecture_adcode),
        "county": gazetteer.name_of(place.county_adcode), "lon": round(place.lon, 6), "lat": round(place.lat, 6),
        "precision": place.point_precision, "resolved_by": located.resolved_by, "status": "resolved",
        "reason": located.detail,
    }
