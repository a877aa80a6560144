"""Regional summaries: tables by province, economic region, batch, level and theme.

Each table counts pilots and cited examples, gives the pilots' share of all
pilots, the median and range of the pilots' figures (resident population,
resident and hukou urbanization rates, their gap) and the median distance from
each pilot to its nearest other pilot (km, equal-area projection).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from atlas.places.boundaries import CHINA_ALBERS
from atlas.analysis.themes import label as theme_label
from atlas.analysis.themes import theme_of

FIGURES = (("resident_pop_10k", "resident_pop_10k"), ("urbanization_rate_resident_pct", "rate_resident_pct"),
           ("urbanization_rate_hukou_pct", "rate_hukou_pct"), ("urbanization_gap_pp", "gap_pp"))


def nearest_pilot_km(enriched: pd.DataFrame) -> pd.Series:
    """Distance from each located pilot to the nearest other pilot, in km (index of ``enriched``)."""
    pilots = enriched[(enriched["role"] == "pilot") & (enriched["status"] == "resolved")]
    if len(pilots) < 2:
        return pd.Series(np.nan, index=pilots.index)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(pilots["lon"], pilots["lat"]), index=pilots.index,
                              crs="EPSG:4326").to_crs(CHINA_ALBERS)
    joined = gpd.sjoin_nearest(points, points, distance_col="distance_m", exclusive=True)
    return (joined.groupby(level=0)["distance_m"].min() / 1000).round(1).reindex(pilots.index)


def _describe(group: pd.DataFrame, total_pilots: int) -> dict:
    pilots = group[group["role"] == "pilot"]
    out = {
        "pilots": len(pilots),
        "examples": int((group["role"] == "example").sum()),
        "pilot_share_pct": round(100 * len(pilots) / total_pilots, 1) if total_pilots else np.nan,
    }
    for column, short in FIGURES:
        values = pilots[column].dropna()
        out[f"median_{short}"] = round(float(values.median()), 2) if len(values) else np.nan
        out[f"min_{short}"] = round(float(values.min()), 2) if len(values) else np.nan
        out[f"max_{short}"] = round(float(values.max()), 2) if len(values) else np.nan
        out[f"n_{short}"] = len(values)
    nn = pilots["nearest_pilot_km"].dropna()
    out["median_nearest_pilot_km"] = round(float(nn.median()), 1) if len(nn) else np.nan
    return out


def summarise(enriched: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per value of ``by`` (located rows only), sorted by pilots then name."""
    rows = enriched[enriched["status"] == "resolved"]
    total = int((rows["role"] == "pilot").sum())
    records = [{by: key, **_describe(group, total)} for key, group in rows.groupby(by, sort=True, dropna=False)]
    frame = pd.DataFrame(records)
    return frame.sort_values(["pilots", "examples", by], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def by_theme(mentions: pd.DataFrame) -> pd.DataFrame:
    """Citations and distinct places per experience theme."""
    themed = mentions[(mentions["theme"] != "") & (mentions["status"] == "resolved")].copy()
    themed["theme"] = [theme_label(theme_of(t)) for t in themed["theme"]]
    grouped = themed.groupby("theme", sort=True)
    places = themed.drop_duplicates(["theme", "adcode", "canonical_name"]).groupby("theme").size()
    frame = pd.DataFrame({"citations": grouped.size(), "places": places, "documents": grouped["doc"].nunique()})
    frame = frame.rename_axis("theme").reset_index()
    return frame.sort_values(["citations", "theme"], ascending=[False, True], kind="stable").reset_index(drop=True)


def all_tables(enriched: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every summary table by name (``by_province``, ``by_region``, ``by_batch``, ``by_level``, ``by_theme``)."""
    frame = enriched.assign(nearest_pilot_km=nearest_pilot_km(enriched),
                            batch=enriched["batch"].astype("string").fillna("none"))
    return {
        "by_province": summarise(frame, "province"),
        "by_region": summarise(frame.assign(region=frame["region"].replace("", "none")), "region"),
        "by_batch": summarise(frame, "batch"),
        "by_level": summarise(frame, "level"),
        "by_theme": by_theme(mentions),
    }
