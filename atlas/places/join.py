"""Spatial join of points to the three boundary levels, with containment checks.

Points are joined to full-resolution polygons (never simplified ones) and
compared by adcode (never by name: 38 county names repeat). A point may fall
in two county polygons where units overlap (XPCC cities): the claimed unit
counts as found if it is among them. Users' point tables are joined through
:mod:`atlas.places.county_index` instead.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.places.boundaries import LEVELS
from atlas.common.quality import Issue
from atlas.places.register import first_citation


def join_points(points: gpd.GeoDataFrame, layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Adcodes of the units containing each point, per level.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``points``; one column per level holding a tuple of the
        adcodes whose polygon contains the point (empty if none).
    """
    out = pd.DataFrame(index=points.index)
    located = points[~points.geometry.is_empty & points.geometry.notna()]
    for level in LEVELS:
        layer = layers[level][["adcode", "geometry"]]
        hits = gpd.sjoin(located[["geometry"]], layer, how="inner", predicate="within")
        found = hits.groupby(level=0)["adcode"].agg(lambda s: tuple(sorted(s)))
        out[level] = found.reindex(out.index).apply(lambda v: v if isinstance(v, tuple) else ())
    return out


def check_claims(register: gpd.GeoDataFrame, gazetteer, layers: dict[str, gpd.GeoDataFrame]) -> tuple[pd.DataFrame, list[Issue]]:
    """Join register points and check each lies in the units it claims.

    Returns
    -------
    tuple
        A table with ``joined_province``, ``joined_prefecture``,
        ``joined_county`` (the claimed adcode when found, else the first hit)
        and ``inside_claimed``; and one issue per disagreement.
    """
    joined = join_points(register, layers)
    issues: list[Issue] = []
    result = pd.DataFrame(index=register.index)
    inside = pd.Series(True, index=register.index)
    for level in LEVELS:
        claims = register["adcode"].map(lambda code: _claim(gazetteer, code, level))
        chosen = []
        for idx, claim, hits in zip(register.index, claims, joined[level]):
            if register.at[idx, "status"] != "resolved":
                chosen.append("")
                continue
            chosen.append(claim if claim in hits else (hits[0] if hits else ""))
            if claim and claim not in hits:
                inside[idx] = False
                doc, page, line = first_citation(register.at[idx, "sources"])
                where = ", ".join(hits) or "no unit"
                issues.append(Issue("outside_claimed_unit", register.at[idx, "name"], doc, line,
                                    f"point ({register.at[idx, 'lon']}, {register.at[idx, 'lat']}) is in {level} {where}, not {claim}",
                                    page))
        result[f"joined_{level}"] = chosen
    result["inside_claimed"] = inside & (register["status"] == "resolved")
    return result, issues


def _claim(gazetteer, adcode: str, level: str) -> str:
    place = gazetteer.units.get(adcode) if adcode else None
    if place is None:
        return ""
    return {"province": place.province_adcode, "prefecture": place.prefecture_adcode or "",
            "county": place.county_adcode or ""}[level]
