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
    for row in facts.itertuples():
        if row.metric.endswith("_pct") and not 0 <= row.value <= 100:
            issues.append(Issue("figure_out_of_range", row.name, row.doc, row.line, f"{row.metric}={row.value:g} is not a percentage"))
        elif row.metric in _POSITIVE and row.value <= 0:
            issues.append(Issue("figure_out_of_range", row.name, row.doc, row.line, f"{row.metric}={row.value:g} is not positive"))
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
    profile_year = stated.dropna(subset=["year"]).groupby(["adcode", "canonical_name"])["year"].max()
    targets = facts[facts["is_target"] & facts["year"].notna()]
    for row in targets.itertuples():
        latest = profile_year.get((row.adcode, row.canonical_name))
        if latest is not None and row.year < latest:
            issues.append(Issue("figure_inconsistent", row.name, row.doc, row.line,
                                f"target year {row.year} is before the profile year {latest}"))
    return issues
