"""Choropleths of pilots per province and per prefecture, absolute and per 10,000 km².

Counts use the spatially joined adcodes of the register (so a pilot counts in
the unit its point lies in); areas come from the equal-area projection of the
full-resolution polygons. Positive values are classified with ``mapclassify``
(the scheme and class count are options; a deterministic scheme such as
FisherJenks or Quantiles keeps outputs byte-identical), zero has a class of its
own, and units outside the programme (Hong Kong, Macao, Taiwan) are no-data.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from atlas.publishing.maps.base import MapOptions, legend_section, new_page
from atlas.publishing.maps.citations import DocumentTitles
from atlas.publishing.maps.coverage import coverage_html
from atlas.publishing.maps.escaping import html_text
from atlas.publishing.maps.layers import CompactPolygons

NO_DATA = "#d0d0d0"
ZERO = "#fbf8ef"
NOT_IN_PROGRAMME = ("71", "81", "82")  # Taiwan, Hong Kong, Macao
LEVEL_COLUMN = {"province": "joined_province", "prefecture": "joined_prefecture"}


@dataclass(frozen=True)
class Classes:
    """A classification: upper bounds and one colour per class."""

    bins: tuple[float, ...]
    colours: tuple[str, ...]

    def colour(self, value: float) -> str:
        if pd.isna(value):
            return NO_DATA
        if value == 0:
            return ZERO
        index = int(np.searchsorted(self.bins, value, side="left"))
        return self.colours[min(index, len(self.colours) - 1)]

    def legend(self, unit_format: str, integer: bool = False) -> list[tuple[str, str, str]]:
        """Legend rows; with ``integer`` the classes read 1, 2, 3–4 rather than 0–1, 1–2, 2–4."""
        items = [(NO_DATA, "pa-square", "no data (outside the programme)"),
                 (ZERO, "pa-square", "0: no pilot of the batches counted")]
        lower = 0.0
        for upper, colour in zip(self.bins, self.colours):
            if integer:
                first, last = int(np.floor(lower)) + 1, int(np.floor(upper))
                text = f"{first}" if first >= last else f"{first}–{last}"
            else:
                text = f"{unit_format.format(lower)} – {unit_format.format(upper)}"
            items.append((colour, "pa-square", text))
            lower = upper
        return items


def classify(values: pd.Series, scheme: str, k: int, cmap: str = "YlOrRd") -> Classes:
    """Classes for the positive values (zero and no-data have their own colours)."""
    positive = values[(values > 0) & values.notna()].to_numpy(dtype=float)
    if positive.size == 0:
        return Classes((), ())
    k = max(1, min(k, len(np.unique(positive))))
    if k == 1:
        bins = (float(positive.max()),)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Numba not installed": the pure-Python path is fine here
            bins = tuple(float(b) for b in mapclassify.classify(positive, scheme, k=k).bins)
    palette = colormaps[cmap]
    colours = tuple(to_hex(palette(0.2 + 0.8 * i / max(len(bins) - 1, 1))) for i in range(len(bins)))
    return Classes(bins, colours)


def counts_by_unit(table: pd.DataFrame, units: gpd.GeoDataFrame, level: str, role: str = "pilot") -> gpd.GeoDataFrame:
    """Units with ``count`` and ``per_10k_km2`` of register places of a role lying in them."""
    located = table[(table["role"] == role) & (table["status"] == "resolved")]
    counts = located.groupby(LEVEL_COLUMN[level]).size()
    out = units.copy()
    out["count"] = out["adcode"].map(counts).fillna(0).astype(int)
    outside = out["adcode"].str[:2].isin(NOT_IN_PROGRAMME)
    out["count"] = out["count"].astype(float).where(~outside)
    out["per_10k_km2"] = (out["count"] / out["area_km2"] * 1e4).round(3)
    return out


VARIABLES = (("count", "Pilots", "{:.0f}"), ("per_10k_km2", "Pilots per 10,000 km²", "{:.2f}"))


def choropleth_data(table: pd.DataFrame, boundaries: dict[str, gpd.GeoDataFrame], level: str,
                    options: MapOptions) -> tuple[gpd.GeoDataFrame, dict[str, Classes]]:
    """Units with counts and densities, and the classes of each variable (shared by web and static maps)."""
    units = counts_by_unit(table, boundaries[level], level)
    return units, {column: classify(units[column], options.scheme, options.classes) for column, _, _ in VARIABLES}


def choropleth_page(table: pd.DataFrame, boundaries: dict[str, gpd.GeoDataFrame], level: str,
                    title: str, options: MapOptions = MapOptions(), documents: DocumentTitles = DocumentTitles()) -> str:
    """A page with the absolute and the per-area choropleth of pilots at one level (toggle layers).

    The legend names the batches and documents counted and the batches the register lacks
    (:func:`atlas.publishing.maps.coverage.coverage_note`).
    """
    units, classes_by = choropleth_data(table, boundaries, level, options)
    page = new_page(title, boundaries, options, show_levels=("province",) if level == "province" else ("province", "prefecture"))
    legends = [coverage_html(table, documents)]
    for i, (column, label, fmt) in enumerate(VARIABLES):
        classes = classes_by[column]
        layer = units.assign(
            fill=[classes.colour(v) for v in units[column]],
            tip=[html_text(f"{n}: {c:.0f} pilots, {d:.2f} per 10,000 km²") if pd.notna(c) else html_text(f"{n}: no data")
                 for n, c, d in zip(units["name"], units["count"], units["per_10k_km2"])],
        )
        CompactPolygons(layer, name=f"{label} by {level}", fill="fill", tooltip="tip", show=i == 0,
                        style={"color": "#777", "weight": 0.6, "fillOpacity": 0.85}).add_to(page.map)
        legends.append(legend_section(f"{label} ({options.scheme}, {len(classes.bins)} classes)",
                                      classes.legend(fmt, integer=column == "count")))
    total = int(np.nansum(units["count"]))
    subtitle = f"{total} pilots by the {level} their point lies in · areas in an equal-area projection"
    return page.finish(title, subtitle, "".join(legends))
