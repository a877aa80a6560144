"""Sanity rules over the figures: each failure is a quality row with document and line.

Figures that fail stay in ``facts.csv`` (nothing is dropped); the report says
which rule they break so a reader can check the source line.
"""

from __future__ import annotations

import pandas as pd

from atlas.common.quality import Issue

_POSITIVE = ("area_km2", "resident_pop_10k", "hukou_pop_10k", "urban_pop_10k", "population_10k")


def check_facts(facts: pd.DataFrame) -> list[Issue]:
    """Rates outside 0–100, non-positive sizes, urban above resident population, targets dated before the profile."""
    issues = []
    columns = [facts[c].tolist() for c in ("name", "doc", "line", "metric", "value")]  # plain values, read once
    for name, doc, line, metric, value in zip(*columns):
        if metric.endswith("_pct") and not 0 <= value <= 100:
            issues.append(Issue("figure_out_of_range", name, doc, line, f"{metric}={value:g} is not a percentage"))
        elif metric in _POSITIVE and value <= 0:
            issues.append(Issue("figure_out_of_range", name, doc, line, f"{metric}={value:g} is not positive"))
    stated = facts[~facts["is_target"]]
    populations = stated[stated["metric"].isin(("urban_pop_10k", "resident_pop_10k"))]
    for (adcode, name, year), group in populations.groupby(["adcode", "canonical_name", "year"], dropna=False):
        first: dict[str, tuple] = {}  # metric → (value, doc, line) of its first row
        for metric, value, doc, line in zip(group["metric"], group["value"], group["doc"], group["line"]):
            first.setdefault(metric, (value, doc, line))
        if len(first) == 2 and first["urban_pop_10k"][0] > first["resident_pop_10k"][0]:
            (urban, doc, line), total = first["urban_pop_10k"], first["resident_pop_10k"][0]
            issues.append(Issue("figure_inconsistent", name, doc, int(line),
                                f"urban population {urban:g} above resident population {total:g} "
                                f"({year if pd.notna(year) else 'no year given'})"))
    latest_years = stated.dropna(subset=["year"]).groupby(["adcode", "canonical_name"])["year"].max()
    profile_year = dict(zip(latest_years.index, latest_years.tolist()))
    targets = facts[facts["is_target"] & facts["year"].notna()]
    columns = [targets[c].tolist() for c in ("adcode", "canonical_name", "name", "doc", "line", "year")]
    for adcode, canonical_name, name, doc, line, year in zip(*columns):
        latest = profile_year.get((adcode, canonical_name))
        if latest is not None and year < latest:
            issues.append(Issue("figure_inconsistent", name, doc, line,
                                f"target year {year} is before the profile year {latest}"))
    return issues
