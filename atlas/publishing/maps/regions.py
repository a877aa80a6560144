"""Region pages: one layout for each economic region and each province with places.

Every page is the same atlas sheet: the map fitted to the region (its
prefectures and counties drawn, the rest of China as context), the region's
places, and beside the map a panel with the region's counts and a table of its
places and their figures. File names come from region keys and adcodes, never
from place names.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from atlas.places.boundaries import main_bounds
from atlas.places.gazetteer import GEODATA
from atlas.publishing.maps.base import MapOptions, new_page
from atlas.publishing.maps.escaping import html_text
from atlas.publishing.maps.markers import PlaceInfo, located
from atlas.publishing.maps.overview import add_place_layers, precision_legend

REGIONS = {"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"}
TABLE_METRICS = (("resident_pop_10k", "Resident pop. (10k)"), ("urbanization_rate_resident_pct", "Resident rate %"),
                 ("urbanization_rate_hukou_pct", "Hukou rate %"), ("urbanization_gap_pp", "Gap pp"))


@dataclass(frozen=True)
class Region:
    """A region page: its key (file name), title and province adcodes."""

    key: str
    title: str
    provinces: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"regions/{self.key}.html"


def regions(table: pd.DataFrame) -> list[Region]:
    """The four economic regions, then every province with a located place, by adcode."""
    region_table = pd.read_csv(GEODATA / "regions.csv", dtype=str, keep_default_na=False)
    out = []
    for name, chinese in REGIONS.items():
        codes = tuple(region_table.loc[region_table["region"] == name, "province_adcode"])
        out.append(Region(f"region-{name.lower()}", f"{name} region ({chinese})", codes))
    names = dict(zip(region_table["province_adcode"], region_table["province"]))
    for code in sorted(set(located(table)["joined_province"]) - {""}):
        out.append(Region(f"province-{code}", names.get(code, code), (code,)))
    return out


def _panel(region: Region, rows: pd.DataFrame) -> str:
    counts = rows.groupby(["role", "precision"]).size().unstack(fill_value=0)
    count_rows = "".join(
        f"<tr><th>{html_text(role)}</th>" + "".join(f"<td class='num'>{int(v)}</td>" for v in counts.loc[role]) + "</tr>"
        for role in counts.index)
    count_head = "<tr><th></th>" + "".join(f"<th>{html_text(c)}</th>" for c in counts.columns) + "</tr>"
    place_head = "<tr><th>Place</th><th>Role</th><th>Level</th>" + "".join(
        f"<th>{html_text(label)}</th>" for _, label in TABLE_METRICS) + "</tr>"
    place_rows = []
    for _, row in rows.sort_values(["role", "province", "canonical_name"], ascending=[False, True, True]).iterrows():
        cells = "".join(
            f"<td class='num'>{'' if pd.isna(row[m]) else html_text(f'{row[m]:g}')}</td>" for m, _ in TABLE_METRICS)
        written = "" if row["name"] == row["canonical_name"] else f"written {row['name']}, "
        place_rows.append(f"<tr><td>{html_text(row['canonical_name'])}<br>"
                          f"<span class='pa-src'>{html_text(written + row['province'])}</span></td>"
                          f"<td>{html_text(row['role'])}</td><td>{html_text(row['level'])}</td>{cells}</tr>")
    return (f"<h2>{html_text(region.title)}</h2><p>{len(rows)} places located in this region.</p>"
            f"<table>{count_head}{count_rows}</table><h3>Places</h3>"
            f"<table>{place_head}{''.join(place_rows)}</table>"
            "<p class='pa-src'>Figures: latest stated in the documents (see facts.csv); gap = resident − hukou rate.</p>")


def region_page(region: Region, enriched: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                boundaries: dict[str, gpd.GeoDataFrame], options: MapOptions = MapOptions(),
                info: PlaceInfo | None = None) -> str:
    """One region's atlas sheet as self-contained HTML."""
    inside = {level: frame[frame["province_adcode"].isin(region.provinces)] if level != "province" else frame
              for level, frame in boundaries.items()}
    rows = enriched[enriched["joined_province"].isin(region.provinces)]
    title = f"Pilot Atlas — {region.title}"
    page = new_page(title, inside, options, show_levels=("province", "prefecture", "county"))
    add_place_layers(page, rows, info or PlaceInfo.build(facts, mentions), cluster=False)
    own = boundaries["province"][boundaries["province"]["adcode"].isin(region.provinces)]
    minx, miny, maxx, maxy = main_bounds(own)
    subtitle = f"{int((rows['role'] == 'pilot').sum())} pilots, {int((rows['role'] == 'example').sum())} cited examples"
    return page.finish(title, subtitle, precision_legend(rows), _panel(region, located(rows)),
                       bounds=((miny, minx), (maxy, maxx)))
