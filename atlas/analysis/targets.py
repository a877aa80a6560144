"""How far each pilot meant to go: its targets against its profile, per year, beside the national plan.

A pilot's profile gives a figure for a year (resident urbanization 31.5% in
2014) and its goals a target for a later year (43.2% by 2020); the planned
change per year is their difference over the years between them (+1.95 pp a
year). The National New-type Urbanization Plan (2014–2020) gives the reference
(``geodata/national_plan_targets.csv``: about 60% resident and 45% hukou
urbanization by 2020).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.analysis.enrich import CORE_METRICS, KEY, latest_values, targets

NATIONAL = Path(__file__).resolve().parents[2] / "geodata" / "national_plan_targets.csv"
TARGET_COLUMNS = ["name", "canonical_name", "adcode", "province", "region", "metric", "profile_value", "profile_year",
                  "profile_source", "target_value", "target_year", "target_source", "change", "change_per_year",
                  "national_target", "national_target_year", "national_change_per_year", "target_minus_national"]


def per_year(profile: float, profile_year: int, target: float, target_year: int) -> float | None:
    """Planned change per year from a profile figure to a target; None unless the target year is later.

    >>> per_year(31.5, 2014, 43.2, 2020)
    1.95
    >>> per_year(50, 2020, 60, 2020) is None
    True
    """
    if target_year <= profile_year:
        return None
    return round((target - profile) / (target_year - profile_year), 4)


def national_plan(path: Path = NATIONAL) -> pd.DataFrame:
    """The national plan's base values and targets per metric, with the change per year they imply."""
    plan = pd.read_csv(path)
    plan["change_per_year"] = [per_year(b, by, t, ty) for b, by, t, ty in
                               zip(plan["base_value"], plan["base_year"], plan["target_value"], plan["target_year"])]
    return plan.set_index("metric")


def target_table(register: pd.DataFrame, facts: pd.DataFrame, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every pilot target with a dated profile figure of the same metric before it.

    Parameters
    ----------
    register : DataFrame
        Register rows (``role``, ``status``, ``name``, ``canonical_name``, ``adcode``, ``province``, ``region``).
    facts : DataFrame
        Figures (``facts.csv``): stated values and targets (``is_target``) with years.
    plan : DataFrame, optional
        National reference (:func:`national_plan`), by metric.

    Returns
    -------
    DataFrame
        :data:`TARGET_COLUMNS`, one row per pilot, metric and target year.

    Examples
    --------
    >>> reg = pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "1", "province": "某省",
    ...                      "region": "West", "role": "pilot", "status": "resolved"}])
    >>> f = pd.DataFrame([
    ...     {"adcode": "1", "canonical_name": "甲县", "metric": "urbanization_rate_resident_pct", "value": 31.5,
    ...      "year": 2014, "is_target": False, "qualifier": "", "doc": "d", "line": 3},
    ...     {"adcode": "1", "canonical_name": "甲县", "metric": "urbanization_rate_resident_pct", "value": 43.2,
    ...      "year": 2020, "is_target": True, "qualifier": "", "doc": "d", "line": 9}])
    >>> row = target_table(reg, f).iloc[0]
    >>> float(row["change_per_year"]), float(row["national_target"]), round(float(row["target_minus_national"]), 1)
    (1.95, 60.0, -16.8)
    """
    plan = national_plan() if plan is None else plan
    pilots = register[(register["role"] == "pilot") & (register["status"] == "resolved")]
    pilots = pilots[["name", "canonical_name", "adcode", "province", "region"]].drop_duplicates(KEY)
    stated = latest_values(facts).dropna(subset=["year"])
    goals = targets(facts).dropna(subset=["year"])
    pairs = goals.merge(stated, on=KEY + ["metric"], suffixes=("_target", "_profile"))
    pairs = pairs[pairs["metric"].isin(CORE_METRICS)]
    pairs = pilots.merge(pairs, on=KEY)
    rows = []
    for r in pairs.itertuples(index=False):
        rate = per_year(r.value_profile, int(r.year_profile), r.value_target, int(r.year_target))
        if rate is None:
            continue
        national = plan.loc[r.metric] if r.metric in plan.index else None
        rows.append({
            "name": r.name, "canonical_name": r.canonical_name, "adcode": r.adcode, "province": r.province,
            "region": r.region, "metric": r.metric, "profile_value": r.value_profile,
            "profile_year": int(r.year_profile), "profile_source": r.source_profile,
            "target_value": r.value_target, "target_year": int(r.year_target), "target_source": r.source_target,
            "change": round(r.value_target - r.value_profile, 4), "change_per_year": rate,
            "national_target": national["target_value"] if national is not None else None,
            "national_target_year": int(national["target_year"]) if national is not None else None,
            "national_change_per_year": national["change_per_year"] if national is not None else None,
            "target_minus_national": (round(r.value_target - national["target_value"], 4)
                                      if national is not None and int(r.year_target) == int(national["target_year"])
                                      else None),
        })
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for column in ("profile_year", "target_year", "national_target_year"):
        out[column] = out[column].astype("Int64")
    return out.sort_values(["region", "province", "canonical_name", "metric", "target_year"],
                           kind="stable").reset_index(drop=True)
