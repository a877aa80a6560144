"""Urbanization: each pilot's resident and hukou rates, their gap, and its province in 2020.

Circles are sized by the resident urbanization rate and coloured by the gap
(resident − hukou, percentage points): the larger the gap, the more residents
live in towns without local hukou. A second layer colours pilots by how far
their resident rate stands from their province's 2020 census rate (a
reference table in ``geodata/`` with its source), over a province choropleth
of that census rate. Pilot figures are the latest the documents state (mostly
2013–2015), which the legend says.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from atlas.places.gazetteer import GEODATA
from atlas.publishing.maps.base import MapOptions, legend_section, new_page
from atlas.publishing.maps.choropleth import classify
from atlas.publishing.maps.coverage import coverage_html
from atlas.publishing.maps.escaping import html_text
from atlas.publishing.maps.layers import CompactPolygons, PointLayer
from atlas.publishing.maps.markers import PlaceInfo, marker_rows, marker_style

CENSUS = GEODATA / "census2020_urbanization.csv"
GAP_CLASSES = ((5, "#fee5d9"), (10, "#fcae91"), (20, "#fb6a4a"), (35, "#de2d26"), (float("inf"), "#a50f15"))
DIFF_CLASSES = ((-15, "#2166ac"), (-5, "#67a9cf"), (5, "#f7f7f7"), (15, "#ef8a62"), (float("inf"), "#b2182b"))
UNKNOWN = "#9e9e9e"


@lru_cache(maxsize=1)
def census_rates() -> pd.Series:
    """Province urbanization rates (%) from the 2020 census by province adcode
    (``geodata/census2020_urbanization.csv``, read once)."""
    return pd.read_csv(CENSUS, dtype={"province_adcode": str}).set_index("province_adcode")["urbanization_rate_pct"]


def _step(value: float, classes) -> str:
    if pd.isna(value):
        return UNKNOWN
    return next(colour for upper, colour in classes if value <= upper)


def _step_legend(classes, fmt: str) -> list[tuple[str, str, str]]:
    items, lower = [], None
    for upper, colour in classes:
        text = (f"≤ {fmt.format(upper)}" if lower is None else
                f"> {fmt.format(lower)}" if upper == float("inf") else f"{fmt.format(lower)} – {fmt.format(upper)}")
        items.append((colour, "", text))
        lower = upper
    return items + [(UNKNOWN, "", "not stated")]


def pilot_rates(enriched: pd.DataFrame) -> pd.DataFrame:
    """Located pilots with their rates, gap, province census rate and the difference."""
    census = census_rates()
    pilots = enriched[(enriched["role"] == "pilot") & (enriched["status"] == "resolved")].copy()
    pilots["census_2020_pct"] = pd.to_numeric(pilots["joined_province"].map(census), errors="coerce").astype("float64")
    pilots["vs_province_pp"] = (pilots["urbanization_rate_resident_pct"] - pilots["census_2020_pct"]).round(2)
    return pilots


def urbanization_page(enriched: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                      boundaries: dict[str, gpd.GeoDataFrame], title: str, options: MapOptions = MapOptions(),
                      info: PlaceInfo | None = None) -> str:
    """The urbanization page as self-contained HTML."""
    pilots = pilot_rates(enriched)
    census = census_rates()
    page = new_page(title, boundaries, options, show_levels=("province",))
    provinces = boundaries["province"].copy()
    provinces["rate"] = provinces["adcode"].map(census)
    classes = classify(provinces["rate"], options.scheme, options.classes, cmap="Greens")
    provinces["fill"] = [classes.colour(v) for v in provinces["rate"]]
    provinces["tip"] = [html_text(f"{n}: {r:.2f}% urban (2020 census)" if pd.notna(r) else f"{n}: no data")
                        for n, r in zip(provinces["name"], provinces["rate"])]
    CompactPolygons(provinces, name="Province urbanization rate, 2020 census", fill="fill", tooltip="tip",
                    style={"color": "#777", "weight": 0.6, "fillOpacity": 0.7}).add_to(page.map)
    info = info or PlaceInfo.build(facts, mentions)

    def extra(row):
        year = info.years.get(((row["adcode"], row["canonical_name"]), "urbanization_rate_resident_pct"))
        profile = f"profile year {int(year)}" if year is not None and pd.notna(year) else "year not stated"
        rows = [("Resident − hukou gap (pp)", "" if pd.isna(row["urbanization_gap_pp"]) else f"{row['urbanization_gap_pp']:g}"),
                ("Province rate, 2020 census (%)", "" if pd.isna(row["census_2020_pct"]) else f"{row['census_2020_pct']:g}")]
        if pd.notna(row["vs_province_pp"]):
            rows.append((f"Pilot ({profile}) − province (2020 census), pp", f"{row['vs_province_pp']:g}"))
            rows.append(("Compares", f"the pilot's resident rate in its {profile} with its province's rate in the "
                                     "2020 census: years apart, so part of the difference is time"))
        return rows

    def sized(row, colour):
        rate = row["urbanization_rate_resident_pct"]
        radius = 4 + (rate / 100 * 12 if pd.notna(rate) else 0)
        return dict(marker_style(row, colour=colour, radius=radius), color="#333333", weight=1)

    for name, column, steps in (("Pilots: resident rate (size) and resident − hukou gap (colour)", "urbanization_gap_pp", GAP_CLASSES),
                                ("Pilots: resident rate vs province 2020 census", "vs_province_pp", DIFF_CLASSES)):
        markers, entries = marker_rows(pilots, info, style=lambda r, c=column, s=steps: sized(r, _step(r[c], s)),
                                       extra=extra)
        layer = PointLayer(markers, name=name, show=column == "urbanization_gap_pp")
        layer.add_to(page.map)
        page.add_search(layer, entries)
    legend = "".join([
        coverage_html(enriched, info.documents, counts=False),
        legend_section("Gap, resident − hukou rate (pp)", _step_legend(GAP_CLASSES, "{:g}")),
        legend_section("Pilot − province 2020 rate (pp)", _step_legend(DIFF_CLASSES, "{:g}")),
        legend_section("Province rate, 2020 census (%)", classes.legend("{:.1f}")[2:]),
    ])
    stated = int(pilots["urbanization_rate_resident_pct"].notna().sum())
    gap = pilots["urbanization_gap_pp"].dropna()
    median = f"median gap {gap.median():.1f} pp where both rates are stated" if len(gap) else "no pilot states both rates"
    subtitle = (f"{stated} of {len(pilots)} pilots state a resident rate (mostly 2013–2015); "
                f"{median} · circle size: resident rate")
    return page.finish(title, subtitle, legend)
