"""Attach figures to register places: latest value per metric, targets, derived metrics.

Places are matched to facts by ``(adcode, canonical_name)`` (a town shares its
county's adcode, so the name is part of the key). For each metric the latest
stated (non-target) value wins: the highest year, a figure without a year
counting as older than any dated one, ties going to the first source line.
Derived metrics: the urbanization gap (resident − hukou rate, percentage
points) and resident density (persons per km²).
"""

from __future__ import annotations

import pandas as pd

#: Metrics shown and compared, with readable labels and units.
CORE_METRICS: dict[str, str] = {
    "area_km2": "Area (km²)",
    "resident_pop_10k": "Resident population (10k)",
    "hukou_pop_10k": "Hukou population (10k)",
    "urban_pop_10k": "Urban population (10k)",
    "population_10k": "Population, unspecified (10k)",
    "urbanization_rate_resident_pct": "Urbanization rate, resident (%)",
    "urbanization_rate_hukou_pct": "Urbanization rate, hukou (%)",
}
KEY = ["adcode", "canonical_name"]


def latest_values(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per place and metric: the latest stated value, its year and source.

    Returns
    -------
    pandas.DataFrame
        Columns ``adcode, canonical_name, metric, value, year, qualifier, source``.
    """
    stated = facts[~facts["is_target"]].copy()
    stated["_year"] = stated["year"].fillna(-1).astype("int64")
    stated = stated.sort_values(KEY + ["metric", "_year", "doc", "line"], ascending=[True, True, True, False, True, True],
                                kind="stable")
    first = stated.groupby(KEY + ["metric"], sort=True).head(1)
    first = first.assign(source=first["doc"] + ":" + first["line"].astype(str))
    return first[KEY + ["metric", "value", "year", "qualifier", "source"]].reset_index(drop=True)


def targets(facts: pd.DataFrame) -> pd.DataFrame:
    """Target values per place, metric and year (first statement of each)."""
    goals = facts[facts["is_target"]].copy()
    goals = goals.sort_values(KEY + ["metric", "year", "doc", "line"], kind="stable")
    goals = goals.drop_duplicates(KEY + ["metric", "year"])
    goals = goals.assign(source=goals["doc"] + ":" + goals["line"].astype(str))
    return goals[KEY + ["metric", "value", "year", "qualifier", "source"]].reset_index(drop=True)


def enrich(register: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The register with one column per core metric (latest value), the gap and density."""
    wide = latest_values(facts).pivot_table(index=KEY, columns="metric", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(CORE_METRICS))
    out = register.merge(wide, how="left", left_on=KEY, right_index=True)
    for metric in CORE_METRICS:
        out[metric] = pd.to_numeric(out[metric], errors="coerce").astype("float64")
    out["urbanization_gap_pp"] = (out["urbanization_rate_resident_pct"] - out["urbanization_rate_hukou_pct"]).round(2)
    out["density_per_km2"] = (out["resident_pop_10k"] * 1e4 / out["area_km2"]).round(1)
    return out
