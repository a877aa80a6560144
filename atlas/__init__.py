"""Pilot Atlas: a spatial-analysis toolkit and offline map atlas of China's
National New-type Urbanization Comprehensive Pilots (国家新型城镇化综合试点).

The public API (see :mod:`atlas.api`), all at the top level:

- :func:`read_documents` — documents → register, mentions, figures, quality;
- :func:`geocode` — names → adcodes and points (offline, any year's names);
- :func:`join` — points → province, prefecture, county;
- :func:`boundaries`, :func:`shipped_register` — the data as GeoDataFrames;
- :func:`explore` — an offline Folium map of any GeoDataFrame;
- :func:`build` — the whole atlas into a folder.

The stages behind it: :mod:`atlas.reading` (documents), :mod:`atlas.places`
(names, gazetteer, geocoding, boundaries, joins), :mod:`atlas.analysis`
(figures, themes, summaries), :mod:`atlas.publishing` (maps, images, pages);
:mod:`atlas.pipeline` and :mod:`atlas.cli` on top. Imports are lazy, so
``import atlas`` is quick.
"""

from __future__ import annotations

__all__ = ["read_documents", "geocode", "join", "boundaries", "shipped_register", "explore", "build", "Documents"]


def __getattr__(name: str):
    if name in __all__:
        from atlas import api

        return getattr(api, name)
    raise AttributeError(f"module 'atlas' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__ + ["api", "reading", "places", "analysis", "publishing", "pipeline", "cli"])
