"""The one-character abbreviations of the provinces (豫 for 河南, 川 or 蜀 for 四川), from
``geodata/province_abbreviations.csv``.

Regional names are made of an abbreviation and a direction (豫北, 苏中, 鲁西南, 皖南): a place
named right after one (``豫北长垣``) is written as the head of a chain writes it.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parents[2] / "geodata" / "province_abbreviations.csv"
#: Directions that make a region of a province with its abbreviation before them (豫北, 鲁西南).
_DIRECTIONS = "(?:东北|东南|西北|西南|[东南西北中])"


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Each abbreviation → the adcodes of the provinces it stands for.

    Examples
    --------
    >>> abbreviations()["豫"], abbreviations()["蜀"]
    (('410000',), ('510000',))
    """
    found: dict[str, tuple[str, ...]] = {}
    with TABLE.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            for abbreviation in row["abbreviations"].split(";"):
                found[abbreviation] = (*found.get(abbreviation, ()), row["province_adcode"])
    return found


@lru_cache(maxsize=1)
def _region_at_end() -> re.Pattern:
    return re.compile(f"([{''.join(abbreviations())}]){_DIRECTIONS}$")


def region_before(text: str, start: int) -> tuple[str, ...]:
    """The provinces of a regional name (abbreviation and direction) that ends right at ``start``, if any.

    Examples
    --------
    >>> region_before("豫北长垣", 2), region_before("华北长垣", 2)
    (('410000',), ())
    """
    found = _region_at_end().search(text[max(0, start - 3):start])
    return abbreviations()[found.group(1)] if found else ()
