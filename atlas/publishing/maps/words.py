"""Words a reader sees for the register's internal codes: levels, roles, batches, how a place was located.

The register keeps short codes (``prefecture_city``, ``short_form``); pages
show the Chinese administrative term with its English equivalent instead. An
unknown code is shown with its underscores as spaces rather than dropped.
"""

from __future__ import annotations

import pandas as pd

#: Administrative kind → (Chinese term, English).
LEVELS: dict[str, tuple[str, str]] = {
    "province": ("省", "province"),
    "municipality": ("直辖市", "municipality"),
    "autonomous_region": ("自治区", "autonomous region"),
    "special_administrative_region": ("特别行政区", "special administrative region"),
    "prefecture_city": ("地级市", "prefecture-level city"),
    "prefecture": ("地级", "prefecture-level unit"),
    "autonomous_prefecture": ("自治州", "autonomous prefecture"),
    "prefecture_region": ("地区", "prefecture"),
    "league": ("盟", "league"),
    "county_city": ("县级市", "county-level city"),
    "county": ("县", "county"),
    "autonomous_county": ("自治县", "autonomous county"),
    "district": ("市辖区", "urban district"),
    "banner": ("旗", "banner"),
    "autonomous_banner": ("自治旗", "autonomous banner"),
    "forestry_district": ("林区", "forestry district"),
    "special_district": ("特区", "special district"),
    "new_area": ("新区", "new area"),
    "hightech_zone": ("高新区", "high-tech zone"),
    "development_zone": ("开发区", "development zone"),
    "zone": ("园区", "zone"),
    "combined": ("联合试点", "paired units"),
    "town": ("镇", "town"),
    "township": ("乡", "township"),
    "subdistrict": ("街道", "subdistrict"),
}
ROLES: dict[str, tuple[str, str]] = {
    "pilot": ("试点", "pilot locality"),
    "example": ("典型经验", "cited as an example"),
    "other_programme": ("其他试点示范", "place of another programme"),
}
#: Precision of a point (the level of the unit it stands for).
PRECISIONS: dict[str, str] = {
    "province": "省级 province level",
    "prefecture": "地级 prefecture level",
    "county": "县级 county level",
    "zone": "新区/园区 zone",
    "town": "乡镇 town level",
}
#: How a name was matched to a unit (parts of ``resolved_by`` joined by ``+``).
RESOLVED_BY: dict[str, str] = {
    "exact": "full official name",
    "short_form": "short form of the name",
    "chain": "name with its parent units",
    "township": "township register (MCA)",
    "historical_name": "former name (renamed or merged unit)",
    "former_town": "former town name of a subdistrict (撤镇设街道)",
    "current_name": "the township holding the name, over another's former name",
    "curated_place": "curated place list (geodata/places.csv)",
    "zone_in_section": "zone in its section's city",
    "level": "administrative level",
    "context": "document context",
    "province": "province named nearby",
    "section": "section heading",
    "prefix": "name prefix",
}
#: National batches of the pilots: batch number → year the list was issued.
BATCH_YEARS = {1: 2014, 2: 2015, 3: 2016}
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}
_CHINESE_NUMBERS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def _plain(code: str) -> str:
    return code.replace("_", " ")


def level_words(code: str) -> str:
    """``地级市 prefecture-level city`` for ``prefecture_city``.

    Examples
    --------
    >>> level_words("county_city")
    '县级市 county-level city'
    >>> level_words("a_new_kind")
    'a new kind'
    """
    if not code:
        return ""
    chinese, english = LEVELS.get(code, ("", _plain(code)))
    return f"{chinese} {english}".strip()


def role_words(code: str) -> str:
    """``试点 pilot locality`` for ``pilot``.

    Examples
    --------
    >>> role_words("example")
    '典型经验 cited as an example'
    """
    chinese, english = ROLES.get(code, ("", _plain(code)))
    return f"{chinese} {english}".strip()


def batch_words(batch) -> str:
    """``第二批 2nd batch (2015)`` for batch 2; empty for no batch.

    Examples
    --------
    >>> batch_words(2.0)
    '第二批 2nd batch (2015)'
    >>> batch_words(None)
    ''
    """
    if batch is None or pd.isna(batch) or str(batch).strip() == "":
        return ""
    number = int(float(batch))
    chinese = f"第{_CHINESE_NUMBERS[number]}批 " if number in _CHINESE_NUMBERS else ""
    ordinal = _ORDINALS.get(number, f"{number}th")
    year = f" ({BATCH_YEARS[number]})" if number in BATCH_YEARS else ""
    return f"{chinese}{ordinal} batch{year}"


def precision_words(code: str) -> str:
    """``县级 county level`` for a point's precision ``county``.

    Examples
    --------
    >>> precision_words("town")
    '乡镇 town level'
    """
    return PRECISIONS.get(code, _plain(code))


def located_words(precision: str, resolved_by: str) -> str:
    """How a place was located: ``县级 county level · short form of the name``.

    Examples
    --------
    >>> located_words("county", "short_form+level")
    '县级 county level · short form of the name, administrative level'
    """
    parts = [RESOLVED_BY.get(p, _plain(p)) for p in resolved_by.split("+") if p]
    where = precision_words(precision)
    return " · ".join(x for x in (where, ", ".join(parts)) if x)
