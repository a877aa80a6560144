"""One toggleable layer per experience theme: the places cited under it.

A mention's theme comes from the heading path it sits under
(:mod:`atlas.analysis.themes`); a place cited under several themes appears in each
theme's layer, its popup listing the citations under that theme.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from atlas.publishing.maps.base import MapOptions, legend_section, new_page
from atlas.publishing.maps.layers import PointLayer
from atlas.publishing.maps.markers import PlaceInfo, located, marker_rows, marker_style
from atlas.analysis.themes import OTHER, THEMES, label, theme_of


def themed_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Resolved mentions with a heading, each with its theme key."""
    themed = mentions[(mentions["theme"] != "") & (mentions["status"] == "resolved")].copy()
    themed["theme_key"] = [theme_of(t) for t in themed["theme"]]
    return themed


def theme_colours() -> dict[str, str]:
    palette = colormaps["tab10"]
    return {key: to_hex(palette(i)) for i, key in enumerate([*THEMES, OTHER])}


def themes_page(register: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                boundaries: dict[str, gpd.GeoDataFrame], title: str, options: MapOptions = MapOptions(),
                info: PlaceInfo | None = None) -> str:
    """The themes page as self-contained HTML."""
    themed = themed_mentions(mentions)
    places = located(register).set_index(["adcode", "canonical_name"], drop=False)
    info = info or PlaceInfo.build(facts, mentions)
    colours = theme_colours()
    page = new_page(title, boundaries, options, show_levels=("province",))
    legend = []
    for key in [*THEMES, OTHER]:
        cited = themed[themed["theme_key"] == key]
        if cited.empty:
            continue
        keys = sorted(set(zip(cited["adcode"], cited["canonical_name"])) & set(places.index))
        rows = places.loc[keys] if keys else places.iloc[0:0]
        citations = {k: "; ".join(f"{d}:{n}" for d, n in zip(g["doc"], g["line"]))
                     for k, g in cited.groupby(["adcode", "canonical_name"])}
        markers, entries = marker_rows(
            rows, info, style=lambda r, c=colours[key]: marker_style(r, colour=c),
            extra=lambda r, k=key: [(f"Cited under {label(k)}", citations.get((r["adcode"], r["canonical_name"]), ""))])
        layer = PointLayer(markers, name=f"{label(key)} ({len(markers)})", show=key == "hukou")
        layer.add_to(page.map)
        page.add_search(layer, entries)
        legend.append((colours[key], "", f"{label(key)}: {len(markers)} places, {len(cited)} citations"))
    subtitle = f"{len(themed)} citations under {len(legend)} themes · a place appears in every theme it is cited under"
    return page.finish(title, subtitle, legend_section("Themes (toggle in the layer control)", legend))
