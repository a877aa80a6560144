"""What every Pilot Atlas map page shares: the frame, basemaps, boundaries and controls.

A page starts with :func:`new_page`: an offline figure holding a Leaflet map
with no tiles (the boundary basemap is drawn from the data), optional tile
layers, the three boundary levels, a title and legend box, full-screen and
search controls, and a layer control added by :meth:`MapPage.finish`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from atlas.publishing.maps.escaping import html_text, safe_json
from atlas.publishing.maps.layers import (DETAIL_LEVELS, ArcBase, CompactPolygons, add_static_script, arc_base,
                                          json_block)
from atlas.publishing.maps.offline import OfflineFigure, render_page

CHINA_BOUNDS = ((17.5, 73.4), (53.6, 135.1))
#: Place names are drawn beside markers from this zoom on (a province or closer).
LABEL_ZOOM = 6
TIANDITU_KEY_ENV = "TIANDITU_KEY"
TILE_NAMES = ("osm", "cartodb", "tianditu", "gaode")
BOUNDARY_STYLE = {
    "province": ({"color": "#555555", "weight": 1.4, "fillColor": "#f2efe6", "fillOpacity": 1.0}, "Provinces (省级)", True),
    "prefecture": ({"color": "#8c8c8c", "weight": 0.7, "fill": False}, "Prefectures (地级)", True),
    "county": ({"color": "#b8b8b8", "weight": 0.4, "fill": False}, "Counties (县级)", False),
}


#: mapclassify schemes not offered: they need more than a number of classes (bins, weights),
#: or sample at random (outputs must be the same for the same inputs).
_SCHEMES_WITH_ARGUMENTS = {"UserDefined", "MaxP", "FisherJenksSampled", "JenksCaspallSampled"}


def usable_schemes() -> list[str]:
    """The mapclassify schemes a page can use with just ``--classes``."""
    import mapclassify

    return [name for name in mapclassify.CLASSIFIERS if name not in _SCHEMES_WITH_ARGUMENTS]


@dataclass(frozen=True)
class MapOptions:
    """Choices a user makes for every page.

    ``tiles`` names optional tile basemaps (``osm``, ``cartodb``, ``tianditu``,
    ``gaode``); none by default, so pages work offline. The Tianditu key is
    read from ``tianditu_key`` or the ``TIANDITU_KEY`` environment variable
    and only ever written into that tile layer's URL.
    """

    tiles: tuple[str, ...] = ()
    tianditu_key: str | None = None
    scheme: str = "FisherJenks"
    classes: int = 5
    lang: str = "zh"  # titles and legends of static outputs (atlas.publishing.wording)

    def __post_init__(self):
        unknown = sorted(set(self.tiles) - set(TILE_NAMES))
        if unknown:
            raise ValueError(f"unknown basemap {unknown[0]!r}: use {', '.join(TILE_NAMES)}")
        if "tianditu" in self.tiles and not self.key():
            raise ValueError(f"the Tianditu basemap needs a key: --tianditu-key or ${TIANDITU_KEY_ENV}")
        if self.classes < 1:
            raise ValueError("the number of classes must be at least 1")
        import mapclassify

        if self.scheme.lower() not in {name.lower() for name in usable_schemes()}:
            raise ValueError(f"unknown classification scheme {self.scheme!r}: use one of {', '.join(usable_schemes())}")

    def key(self) -> str | None:
        return self.tianditu_key or os.environ.get(TIANDITU_KEY_ENV)


class BlankBase(Layer):
    """The default base layer: no tiles (the boundaries are the basemap)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__(name="No tiles (boundaries only)", overlay=False, control=True, show=True)
        self._name = "BlankBase"


def _tile_layers(options: MapOptions) -> list[folium.TileLayer]:
    layers = []
    for name in options.tiles:
        if name == "osm":
            p = xyz.OpenStreetMap.Mapnik
            layers.append(folium.TileLayer(p.build_url(), attr=p.html_attribution, name="OpenStreetMap (WGS-84)",
                                           overlay=False, show=False, max_zoom=18))
        elif name == "cartodb":
            p = xyz.CartoDB.Positron
            layers.append(folium.TileLayer(p.build_url(), attr=p.html_attribution, name="CartoDB Positron (WGS-84)",
                                           overlay=False, show=False, max_zoom=18))
        elif name == "gaode":
            p = xyz.Gaode.Normal
            layers.append(folium.TileLayer(p.build_url(), attr=p.html_attribution, name="Gaode (GCJ-02; data shifted)",
                                           overlay=False, show=False, max_zoom=18, paDatum="gcj02"))
        elif name == "tianditu":
            url = ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
                   "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + options.key())
            layers.append(folium.TileLayer(url, attr="天地图 Tianditu (CGCS2000)", name="Tianditu (CGCS2000 ≈ WGS-84)",
                                           overlay=False, show=False, max_zoom=18, subdomains="01234567"))
    return layers


class PageControls(MacroElement):
    """Full-screen button, place search and the GCJ-02 switch for the Gaode basemap."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        PilotAtlas.fullscreen({{ this._parent.get_name() }});
        PilotAtlas.scale({{ this._parent.get_name() }});
        PilotAtlas.keepPopupsClear({{ this._parent.get_name() }});
        PilotAtlas.datumSwitch({{ this._parent.get_name() }});
        {% if this.search %}
        {{ this._parent.get_name() }}._paEntries = {{ this.entries_js }};
        {{ this._parent.get_name() }}._paLayers = {{ this.layer_map }};
        PilotAtlas.search({{ this._parent.get_name() }}, {{ this._parent.get_name() }}._paEntries,
                          {{ this._parent.get_name() }}._paLayers);
        PilotAtlas.labels({{ this._parent.get_name() }}, {{ this._parent.get_name() }}._paEntries,
                          {{ this._parent.get_name() }}._paLayers, {{ this.label_zoom }});
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, search_entries: list[dict], layer_names: dict[str, Layer], label_zoom: float = LABEL_ZOOM):
        super().__init__()
        self._name = "PageControls"
        self.label_zoom = safe_json(label_zoom)
        self.search = bool(search_entries)
        self.entries = safe_json(search_entries)
        self.entries_js = "[]"
        self._layers = layer_names

    @property
    def layer_map(self) -> str:
        return "{" + ", ".join(f"{safe_json(key)}: {layer.get_name()}" for key, layer in self._layers.items()) + "}"

    def render(self, **kwargs):
        add_static_script(self, "gcj")
        add_static_script(self, "controls")
        if self.search:
            self.entries_js = json_block(self, self.entries)
        super().render(**kwargs)


class FilterControl(MacroElement):
    """Checkboxes that show or hide markers by facet, and a batch timeline (see ``PilotAtlas.filters``).

    ``groups`` are ``{facet, title, options: [{value, label}]}``; ``timeline`` is
    ``[{year, batches}]`` in order (shown only with more than one step).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        PilotAtlas.filters({{ this._parent.get_name() }}, {{ this._parent.get_name() }}._paEntries,
                           {{ this._parent.get_name() }}._paLayers, {{ this.groups }}, {{ this.timeline }});
        {% endmacro %}
        """
    )

    def __init__(self, groups: list[dict], timeline: list[dict]):
        super().__init__()
        self._name = "FilterControl"
        self.groups = safe_json(groups)
        self.timeline = safe_json(timeline)


class FitClear(MacroElement):
    """Fit the map to bounds inside the part no title, legend or control covers (added after every control)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        PilotAtlas.fitClear({{ this._parent.get_name() }}, {{ this.bounds }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds):
        super().__init__()
        self._name = "FitClear"
        self.bounds = safe_json([list(bounds[0]), list(bounds[1])])


class PageFrame(MacroElement):
    """Title, legend and side panel drawn over the map (escaped text only)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container.folium-map { background: #cfe3ee; }
          .pa-box { position: absolute; z-index: 1000; background: rgba(255,255,255,.94);
                    font: 13px/1.4 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
                    padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
          .pa-title { top: 10px; left: 55px; max-width: 55%; }
          .pa-title h1 { font-size: 16px; margin: 0 0 2px; }
          .pa-legend { bottom: 40px; left: 10px; max-width: 45%; max-height: 45%; overflow: auto; }
          .pa-legend summary { cursor: pointer; font-weight: bold; }
          .pa-covers { margin: 2px 0 4px; max-width: 420px; font-size: 12px; color: #444; }
          .pa-legend:not([open]) { padding: 4px 8px; }
          .pa-legend h2 { font-size: 13px; margin: 4px 0 2px; }
          .pa-legend i { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
                         margin-right: 6px; vertical-align: -1px; border: 1px solid #fff; }
          .pa-legend i.pa-square { border-radius: 0; border: 1px solid #999; }
          .pa-legend i.pa-ring { background: #fff !important; border: 2px solid #555; }
          .pa-popup { max-height: 55vh; overflow-y: auto; }
          .pa-popup table { border-collapse: collapse; font-size: 12px; }
          .pa-popup th { text-align: left; padding-right: 8px; color: #555; font-weight: normal; vertical-align: top; }
          .pa-src { color: #888; font-size: 11px; }
          .pa-search { background: #fff; padding: 4px; }
          .pa-search input { width: 190px; font-size: 13px; }
          .pa-search-results { list-style: none; margin: 2px 0 0; padding: 0; max-height: 240px; overflow: auto; }
          .pa-search-results li { padding: 2px 4px; cursor: pointer; font-size: 12px; }
          .pa-search-results li:hover, .pa-search-results li:focus { background: #eef; }
          .pa-fullscreen a { display: flex; align-items: center; justify-content: center; }
          .pa-label span { font: 12px/1 "Noto Sans CJK SC", sans-serif; color: #222; white-space: nowrap;
                           text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }
          .pa-filters { background: #fff; padding: 4px 8px; font-size: 12px; max-height: 60vh; overflow: auto; }
          .pa-filters summary { cursor: pointer; font-weight: bold; }
          .pa-filters fieldset { border: 0; margin: 4px 0 0; padding: 0; }
          .pa-filters legend { font-weight: bold; padding: 0; }
          .pa-filters label { display: block; }
          .pa-timeline button { font-size: 12px; }
          {% if this.panel %}
          .folium-map { width: 62% !important; }
          .pa-panel { position: absolute; top: 0; right: 0; width: 38%; height: 100%; overflow: auto;
                      box-sizing: border-box; padding: 12px 16px; font: 13px/1.45 "Noto Sans CJK SC", sans-serif; }
          .pa-panel table { border-collapse: collapse; width: 100%; font-size: 12px; }
          .pa-panel th, .pa-panel td { border-bottom: 1px solid #ddd; padding: 2px 4px; text-align: left; vertical-align: top; }
          .pa-panel td.num { text-align: right; }
          .pa-nav { margin: 0 0 8px; }
          .pa-nav + h2 { margin-top: 4px; }
          @media print {
            /* the map on top at full width, then the whole panel: every row of its tables */
            html, body { height: auto !important; overflow: visible !important; }
            .folium-map { position: relative !important; width: 100% !important; height: 120mm !important; }
            .leaflet-control-container, .pa-nav { display: none !important; }
            .pa-panel { position: static !important; width: auto !important; height: auto !important;
                        overflow: visible !important; }
            .pa-panel tr { break-inside: avoid; }
            .pa-panel thead { display: table-header-group; }
          }
          {% endif %}
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <div class="pa-box pa-title"><h1>{{ this.title }}</h1>{{ this.subtitle }}</div>
        {% if this.legend %}
        <details class="pa-box pa-legend" id="pa-legend" open><summary>Legend</summary>{{ this.legend }}</details>
        {% endif %}
        {% if this.panel %}<aside class="pa-panel" id="pa-panel">{{ this.panel }}</aside>{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str, legend_html: str, panel_html: str = ""):
        super().__init__()
        self._name = "PageFrame"
        self.title = html_text(title)
        self.subtitle = html_text(subtitle)
        self.legend = legend_html
        self.panel = panel_html


def legend_section(title: str, items: list[tuple[str, str, str]]) -> str:
    """Legend HTML: a heading and rows of (colour, css class, label), all escaped."""
    rows = "<br>".join(
        f"<span class='pa-legend-item'><i class='{html_text(css)}' style='background:{html_text(colour)}'></i>"
        f"{html_text(label)}</span>" for colour, css, label in items
    )
    return f"<h2>{html_text(title)}</h2>{rows}"


@dataclass
class MapPage:
    """A map page being built; :meth:`finish` renders it."""

    figure: OfflineFigure
    map: folium.Map
    searchable: dict[str, Layer] = field(default_factory=dict)
    search_entries: list[dict] = field(default_factory=list)

    def add_search(self, layer: Layer, entries: list[dict]) -> None:
        """Make a point layer's markers findable (entries: label, keys, in marker order)."""
        key = f"l{len(self.searchable)}"
        self.searchable[key] = layer
        self.search_entries += [dict(e, layer=key, index=i) for i, e in enumerate(entries)]

    def complete(self, title: str, subtitle: str, legend_html: str, panel_html: str = "",
                 bounds=CHINA_BOUNDS, collapse_layers: bool = False,
                 filters: FilterControl | None = None) -> OfflineFigure:
        """Add the frame, controls and layer control; the figure shows in Jupyter (``_repr_html_``).

        The map is fitted to ``bounds`` inside the part that the title, legend
        and controls leave free; ``collapse_layers`` folds the layer control
        into a button (for narrow maps beside a panel); ``filters`` adds the
        filter panel (needs searchable layers).
        """
        self.map.add_child(PageFrame(title, subtitle, legend_html, panel_html))
        self.map.add_child(PageControls(self.search_entries, self.searchable))
        folium.LayerControl(collapsed=collapse_layers).add_to(self.map)
        if filters is not None and self.search_entries:
            self.map.add_child(filters)
        self.map.add_child(FitClear(bounds))
        return self.figure

    def finish(self, *args, **kwargs) -> str:
        """Complete the page (see :meth:`complete`) and render it to self-contained, stable HTML."""
        return render_page(self.complete(*args, **kwargs))


def boundary_arcs(boundaries: dict[str, gpd.GeoDataFrame]) -> ArcBase:
    """The shared arcs of the three boundary levels, cut once for every page drawn from them
    (call it before forking page workers, so that they inherit the arcs).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> square = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)], crs=4326)
    >>> boundary_arcs({level: square for level in BOUNDARY_STYLE}).arcs.lengths.tolist()
    [5]
    """
    return arc_base([boundaries[level] for level in BOUNDARY_STYLE])


def new_page(title: str, boundaries: dict[str, gpd.GeoDataFrame], options: MapOptions,
             show_levels: tuple[str, ...] = ("province", "prefecture"),
             cut_from: dict[str, gpd.GeoDataFrame] | None = None,
             detail_levels: tuple[tuple[float, float], ...] = DETAIL_LEVELS[:2]) -> MapPage:
    """A map with the blank base, optional tiles and the three boundary levels (outlines).

    ``cut_from`` are the layers that ``boundaries`` were selected from (a
    region sheet's units from the whole country's): the page reuses their
    shared arcs (:func:`boundary_arcs`) instead of cutting its own.
    ``detail_levels`` are the coarser drawings of the boundaries that the
    page carries for wide views (each costs bytes, so a page carries those
    of the zooms it opens at: by default the two for the whole country,
    zoom 3.5–4.5; beyond them it draws every point).
    """
    figure = OfflineFigure(title=html_text(title))
    fmap = folium.Map(location=[35.0, 105.0], zoom_start=4, tiles=None, prefer_canvas=True, control_scale=False)
    # on the map itself: marker clustering needs it; half zoom steps fit a region more closely
    fmap.options.update(minZoom=3, maxZoom=14, zoomSnap=0.5, zoomDelta=0.5)
    # no first view: Leaflet holds the layers back until FitClear sets the view, so that they are
    # projected and drawn once, at the fitted zoom, instead of at zoom 4 and then again
    fmap.location = None
    del fmap.options["zoom"]
    figure.add_child(fmap)
    figure.arc_base = boundary_arcs(cut_from or boundaries)  # what the page's ArcTable cuts from
    figure.detail_levels = detail_levels
    BlankBase().add_to(fmap)
    for layer in _tile_layers(options):
        layer.add_to(fmap)
    for level, (style, label, _) in BOUNDARY_STYLE.items():
        CompactPolygons(boundaries[level], name=label, style=style, show=level in show_levels,
                        within=cut_from[level] if cut_from else None).add_to(fmap)
    return MapPage(figure, fmap)
