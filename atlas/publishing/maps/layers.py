"""Folium layers that keep pages light and document text inert.

* :class:`CompactPolygons` embeds simplified polygons as quantised,
  delta-encoded integers, every border stretch once per page however many
  units and layers share it (:class:`ArcTable`, :mod:`atlas.publishing.maps.arcs`),
  and decodes them in the page with a few lines of JavaScript, when the
  layer is first shown.
* :class:`PointLayer` draws one circle marker per row from a JSON array;
  tooltip and popup HTML is built and escaped in Python, so no document
  string reaches the page unescaped.

JSON is embedded with :func:`atlas.publishing.maps.escaping.safe_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
from branca.element import CssLink, Element, JavascriptLink
from folium.map import Layer
from folium.template import Template

from atlas.publishing.maps.arcs import ArcSet, Rings, quantise_geometries, shared_arcs, simplified, subset_arcs
from atlas.publishing.maps.escaping import safe_json
from atlas.publishing.maps.numbers import ALPHABET, CONTINUE, FINAL, encode_numbers
from atlas.publishing.maps.offline import RawHTML

_STATIC = Path(__file__).with_name("static")
#: Grid of the quantised boundaries: 1e-3 degree (about 110 m), a fifth of the display simplification (0.005°).
SCALE = 1000.0
#: Coarser drawings of the arcs for wide views, coarsest first: below zoom ``z`` (and above the level before)
#: a page draws its arcs simplified at ``degrees`` (each arc on its own, its ends kept), from the last ``z``
#: on the full grid. Each tolerance is under half a pixel at the last half-zoom step below its ``z``, even at
#: China's northern tip (53.6°N, where Web Mercator stretches latitude most); Leaflet then smooths every
#: line at one pixel anyway.
DETAIL_LEVELS: tuple[tuple[float, float], ...] = ((4.0, 0.0368), (5.0, 0.0184), (6.0, 0.0092))


class _SharedCache(dict):
    """A dict that pandas' copies of ``attrs`` share instead of deep-copying."""

    def __deepcopy__(self, memo):
        return self


def encode_frame(frame: gpd.GeoDataFrame, scale: float = SCALE, within: gpd.GeoDataFrame | None = None) -> list[Rings]:
    """Quantised geometry of a frame's rows, cached on the frame (layers are drawn on many pages).

    The cache lives in ``frame.attrs``, which pandas hands on to filtered
    copies, keyed by scale and row label. ``within`` is a frame that
    ``frame`` was selected from (same labels, same rows): the rows then
    come from its cache, so that a region's subset of the counties reuses
    the quantised rings, and hence the shared arcs, of the national layer
    whichever was made first.
    """
    source = frame if within is None else within
    cache = source.attrs.get("pilot_atlas_encoded")
    if not isinstance(cache, _SharedCache):
        cache = source.attrs["pilot_atlas_encoded"] = _SharedCache()
    rows = cache.setdefault(scale, {})
    missing = [i for i in frame.index if i not in rows]
    if missing:
        rows.update(zip(missing, quantise_geometries(source.loc[missing].geometry.values, scale)))
    return [rows[i] for i in frame.index]


@dataclass(eq=False)
class ArcBase:
    """Shared arcs of a set of boundary layers, cut once and reused by every page drawing their units.

    A page whose rings are all rings of the base takes the base's arcs
    (:func:`atlas.publishing.maps.arcs.subset_arcs`) instead of cutting its
    own: the same output when the page starts with the base's layers, which
    every page of the atlas does; a region sheet, which draws some units of
    the whole country, keeps the country's cuts.
    """

    rings: list[np.ndarray]  # kept alive, so that ``number``'s ids stay theirs
    arcs: ArcSet
    number: dict[int, int] = field(default_factory=dict)  # id(ring) → its number in the base
    encoded: dict = field(default_factory=dict)  # scale → the whole base's ``n`` and ``p``, and each level's ``k``

    def __post_init__(self):
        self.number = {id(ring): i for i, ring in enumerate(self.rings)}


_BASES: list[ArcBase] = []  # the last two, e.g. the country's boundaries before the page workers fork


def arc_base(frames: list[gpd.GeoDataFrame], scale: float = SCALE) -> ArcBase:
    """The :class:`ArcBase` of some boundary layers, in order (cut on first use, then remembered)."""
    rings = [ring for frame in frames for polygons in encode_frame(frame, scale) for polygon in polygons
             for ring in polygon]
    key = list(map(id, rings))
    for base in _BASES:
        if len(base.rings) == len(rings) and list(map(id, base.rings)) == key:
            return base
    base = ArcBase(rings, shared_arcs(rings))
    # once for all pages, before the page workers fork: each level's simplification, and the whole base's
    # encoded points and levels (a page drawing every arc of the base takes them as they are)
    _arc_numbers(base.arcs, scale, DETAIL_LEVELS, base)
    _BASES[:] = [base] + _BASES[:1]
    return base


def _page_arcs(rings: list[np.ndarray], base: ArcBase | None) -> tuple[ArcSet, bool]:
    """The arcs of a page's rings, from ``base`` when it holds them all; whether they are the whole base."""
    numbers = [base.number.get(id(ring)) for ring in rings] if base is not None else [None]
    if None in numbers:
        return shared_arcs(rings), False
    whole = len(numbers) >= len(base.rings) and numbers[:len(base.rings)] == list(range(len(base.rings)))
    return subset_arcs(base.arcs, np.array(numbers, dtype=np.int64)), whole


def _kept_steps(found: ArcSet, keep: np.ndarray) -> np.ndarray:
    """For each arc, the steps from one kept point to the next (minus one), up to its last point."""
    at = np.flatnonzero(keep)
    within = at - np.repeat(np.cumsum(found.lengths) - found.lengths, found.lengths)[at]
    return (np.diff(at) - 1)[within[1:] != 0]


def _arc_points(found: ArcSet) -> dict:
    """``n`` and ``p`` of :func:`topology_payload`: every arc's points, whatever the detail levels."""
    ends = np.cumsum(found.lengths)
    starts = ends - found.lengths
    joined = np.zeros(len(found.lengths), dtype=bool)
    joined[1:] = np.all(found.points[starts[1:]] == found.points[ends[:-1] - 1], axis=1)
    kept = np.ones(len(found.points), dtype=bool)
    kept[starts[joined]] = False
    points = found.points[kept]
    steps = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {"n": encode_numbers(found.lengths * 2 + joined), "p": encode_numbers(steps.ravel())}


def _level_skips(found: ArcSet, level: tuple[float, float], scale: float = SCALE) -> str:
    """``k`` of one detail level (``(below zoom, degrees)``) in :func:`topology_payload`."""
    return encode_numbers(_kept_steps(found, simplified(found, level[1] * scale)))


def _arc_numbers(found: ArcSet, scale: float = SCALE, levels=DETAIL_LEVELS, base: ArcBase | None = None) -> dict:
    """``n``, ``p`` and ``levels`` of :func:`topology_payload`; ``base`` holds ``found`` whole when given,
    and keeps the parts it has made (points once, each level once) for every page drawing it."""
    if base is None:
        return {**_arc_points(found), "levels": [{"below": level[0], "k": _level_skips(found, level, scale)}
                                                 for level in levels]}
    known = base.encoded.setdefault(scale, {})
    if "points" not in known:
        known["points"] = _arc_points(found)
    for level in levels:
        if level not in known:
            known[level] = _level_skips(found, level, scale)
    return {**known["points"], "levels": [{"below": level[0], "k": known[level]} for level in levels]}


def topology_payload(layers: list[list[Rings]], scale: float = SCALE, base: ArcBase | None = None,
                     levels: tuple[tuple[float, float], ...] = DETAIL_LEVELS) -> dict:
    """Shared arcs of some layers, encoded: what ``pilotAtlasDecode`` (static/decode.js) reads.

    All numbers are written with :func:`atlas.publishing.maps.numbers.encode_numbers`
    (``alphabet`` tells the page's decoder its characters). ``n`` holds
    one number per arc, twice its point count plus 1 when it starts where
    the previous arc ended (that point is then not repeated in ``p``); ``p``
    holds the differences between consecutive points of all arcs in turn,
    from (0, 0). ``layers[k]`` describes layer ``k``: for each feature its
    number of polygons, for each polygon its number of rings, for each ring
    its number of arc references and then the references, each as the
    difference from the previous reference of the layer. ``levels`` are the
    coarser drawings of ``levels`` (see :data:`DETAIL_LEVELS`): ``below`` a zoom, each arc is
    drawn through its kept points only; ``k`` holds, arc after arc, the
    number of points skipped before each kept point after the first, up to
    the arc's last point (its ends are always kept).

    Examples
    --------
    A layer of one square: one polygon (``$`` = 1) of one ring made of one
    reference, ``~0`` = -1 (``#``): arc 0 reversed.

    >>> import numpy as np
    >>> square = [[[np.array([[0, 0], [1, 0], [1, 1], [0, 1]])]]]
    >>> topology_payload([square])["layers"]
    ['$$$#']
    """
    rings = [ring for rows in layers for polygons in rows for polygon in polygons for ring in polygon]
    found, whole = _page_arcs(rings, base)
    arc_numbers = _arc_numbers(found, scale, levels, base if whole else None)
    encoded, ring, ref = [], 0, 0
    for rows in layers:
        heads, runs = [], []  # each count, and how many references follow it
        for polygons in rows:
            heads.append(len(polygons))
            runs.append(0)
            for polygon in polygons:
                heads.append(len(polygon))
                runs.append(0)
                sizes = found.ring_sizes[ring:ring + len(polygon)].tolist()
                heads += sizes
                runs += sizes
                ring += len(polygon)
        runs = np.array(runs, dtype=np.int64)
        refs = found.refs[ref:ref + int(runs.sum())]
        ref += len(refs)
        numbers = np.ones(len(heads) + len(refs), dtype=bool)
        at = np.cumsum(runs + 1) - runs - 1
        numbers[at] = False
        out = np.empty(len(numbers), dtype=np.int64)
        out[at] = heads
        out[numbers] = np.diff(refs, prepend=0)  # each reference from the one before in the layer
        encoded.append(encode_numbers(out))
    return {"alphabet": ALPHABET, "final": FINAL, "continue": CONTINUE, "scale": scale,
            "n": arc_numbers["n"], "p": arc_numbers["p"], "levels": arc_numbers["levels"], "layers": encoded}


class ArcTable(Element):
    """The page's shared arcs (``pilotAtlasTopology``), written into the header after every layer has rendered.

    Each :class:`CompactPolygons` layer registers its quantised rings when it
    renders; a figure renders its header after its children, so this element
    sees every polygon layer of the page and cuts them together. The layers
    find their rings by index.
    """

    def __init__(self, scale: float = SCALE, base: ArcBase | None = None, levels=DETAIL_LEVELS):
        super().__init__()
        self._name = "ArcTable"
        self.scale = scale
        self.base = base  # the boundaries the page is drawn from (:func:`arc_base`)
        self.levels = levels  # the coarser drawings it carries (:data:`DETAIL_LEVELS`)
        self.layers: dict[int, tuple[int, list[Rings]]] = {}  # id(layer) → (index, rows)

    def register(self, layer, rows: list[Rings]) -> int:
        """Add (or renew) a layer's rows; returns the layer's index in ``pilotAtlasTopology.layers``."""
        index = self.layers.get(id(layer), (len(self.layers), None))[0]
        self.layers[id(layer)] = (index, rows)
        return index

    def render(self, **kwargs) -> str:
        layers = [rows for _, rows in sorted(self.layers.values(), key=lambda item: item[0])]
        return f"<script>var pilotAtlasTopology = {_recent_payload(layers, self.scale, self.base, self.levels)};</script>"


_RECENT: list[tuple[tuple, tuple, str]] = []  # (key, layers and base kept alive so the key's ids stay theirs, JSON)


def _recent_payload(layers: list[list[Rings]], scale: float, base: ArcBase | None = None,
                    levels=DETAIL_LEVELS) -> str:
    """:func:`topology_payload` as JSON, remembered for the last few sets of layers (pages often share them)."""
    key = (scale, id(base), levels, tuple(tuple(map(id, rows)) for rows in layers))
    for known, _, text in _RECENT:
        if known == key:
            return text
    text = safe_json(topology_payload(layers, scale, base, levels))
    _RECENT[:] = [(key, (layers, base), text)] + _RECENT[:3]
    return text


def arc_table(element, scale: float = SCALE) -> ArcTable:
    """The page's :class:`ArcTable`, added to the header on first use (with the figure's ``arc_base`` and
    ``detail_levels``, if any)."""
    root = element.get_root()
    header = root.header
    table = header._children.get("pilot_atlas_arcs")
    if not isinstance(table, ArcTable):
        table = ArcTable(scale, getattr(root, "arc_base", None), getattr(root, "detail_levels", DETAIL_LEVELS))
        header.add_child(table, name="pilot_atlas_arcs")
    return table


def json_block(element, text: str, part: str = "") -> str:
    """Put JSON text (from :func:`safe_json`, so it cannot end the element) in the page header as a data
    block, named after ``element`` (and ``part``, for a second block of the same element); returns the
    JavaScript expression that reads it.

    The browser parses a data block with ``JSON.parse``, several times faster
    than it compiles the same array of objects written as a script literal
    (the popups of a page's markers are hundreds of kilobytes).

    Examples
    --------
    >>> from branca.element import Figure
    >>> figure = Figure()
    >>> json_block(figure.html, "[1]").startswith('JSON.parse(document.getElementById("pa-data-')
    True
    >>> '<script type="application/json" id="pa-data-' in figure.render()
    True
    """
    key = f"pa-data-{element.get_name()}" + (f"-{part}" if part else "")
    element.get_root().header.add_child(RawHTML(f'<script type="application/json" id="{key}">{text}</script>'),
                                        name=key)
    return f'JSON.parse(document.getElementById("{key}").textContent)'


def add_static_script(element, name: str) -> None:
    """Put one of the package's own scripts (``atlas/publishing/maps/static/NAME.js``) in the page header, once."""
    code = (_STATIC / f"{name}.js").read_text(encoding="utf-8")
    element.get_root().header.add_child(RawHTML(f"<script>{code}</script>"), name=f"pilot_atlas_{name}")


class CompactPolygons(Layer):
    """Polygons from a GeoDataFrame, shipped compactly.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Polygons in WGS-84 (simplified for display).
    name : str
        Name in the layer control.
    style : dict
        Leaflet path options (``color``, ``weight``, ``fillOpacity``, …).
    fill : str, optional
        Column of per-feature fill colours (a choropleth).
    tooltip : str, optional
        Column of per-feature tooltip HTML (already escaped); makes the layer
        interactive. Outline layers stay non-interactive so they never
        swallow the markers' hover events in canvas mode. An outline layer
        (``style`` with ``fill: False``, no ``fill`` or ``tooltip``) is drawn
        as one multi-line of its borders, each once, not as polygons.
    overlay : bool
        An overlay (checkbox) or a base layer (radio button).
    within : geopandas.GeoDataFrame, optional
        The frame ``frame`` was selected from (see :func:`encode_frame`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {
            style: function (f) {
                var s = Object.assign({}, {{ this.style_json }});
                if (f.properties.fill) { s.fillColor = f.properties.fill; }
                return s;
            },
            interactive: {{ this.interactive_json }},
            renderer: L.canvas(),
            coordsToLatLng: function (p) { return p; },  /* pilotAtlasDecode gives L.LatLng points */
            onEachFeature: function (f, layer) {
                if (f.properties.tip) { layer.bindTooltip(f.properties.tip, {sticky: true}); }
            }
        });
        PilotAtlas.fillWhenShown({{ this.get_name() }}, function () {
            {% if this.mesh %}return pilotAtlasMesh(pilotAtlasTopology, {{ this.index }});
            {% else %}return pilotAtlasDecode(pilotAtlasTopology, {{ this.index }}, {{ this.props }});{% endif %}
        });
        PilotAtlas.register({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, frame: gpd.GeoDataFrame, name: str, style: dict, fill: str | None = None,
                 tooltip: str | None = None, show: bool = True, overlay: bool = True,
                 within: gpd.GeoDataFrame | None = None):
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = "CompactPolygons"
        props = [{} for _ in range(len(frame))]
        for column, key in ((fill, "fill"), (tooltip, "tip")):
            if column:
                for item, value in zip(props, frame[column]):
                    item[key] = value
        self.props = safe_json(props)
        self.rows = encode_frame(frame, within=within)
        self.style_json = safe_json(style)
        self.interactive_json = "true" if tooltip else "false"
        # outlines only (no fill, no tooltip): drawn as their borders, each once (pilotAtlasMesh)
        self.mesh = style.get("fill") is False and not fill and not tooltip
        self.index = 0

    def render(self, **kwargs):
        add_static_script(self, "gcj")
        add_static_script(self, "decode")
        self.index = arc_table(self).register(self, self.rows)
        super().render(**kwargs)


class PointLayer(Layer):
    """Circle markers from rows of ``{lat, lon, tooltip, popup, style}``, optionally clustered.

    ``tooltip`` and ``popup`` must already be safe HTML (built with
    :func:`atlas.publishing.maps.escaping.html_text` on every document string).
    The popups go in a data block of their own, parsed when a popup first
    opens: a page's popups are most of its markers' bytes, and none is
    shown when the page opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.group_js }};
        {{ this.get_name() }}._paPopups = PilotAtlas.later(function () { return {{ this.popups_js }}; });
        {{ this.get_name() }}._paMarkers = {{ this.payload_js }}.map(function (p, i) {
            var marker = L.circleMarker([p.lat, p.lon], p.style).bindTooltip(p.tooltip);
            if (p.popup) {
                marker.bindPopup(function () { return {{ this.get_name() }}._paPopups()[i]; }, {maxWidth: 380});
            }
            return marker;
        });
        /* _paMarkers keeps the input order (a cluster group's getLayers does not) */
        if ({{ this.get_name() }}.addLayers) { {{ this.get_name() }}.addLayers({{ this.get_name() }}._paMarkers); }
        else { {{ this.get_name() }}._paMarkers.forEach(function (m) { {{ this.get_name() }}.addLayer(m); }); }
        PilotAtlas.register({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[dict], name: str, show: bool = True, cluster: bool = False):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointLayer"
        # each row's popup flag stays where the popup was (1 when it has one), the popup moves to its own block
        self.payload = safe_json([{**row, "popup": 1} if row.get("popup") else {k: v for k, v in row.items() if k != "popup"}
                                  for row in rows], markup=True)
        self.popups = safe_json([row.get("popup") or "" for row in rows], markup=True)
        self.payload_js = self.popups_js = "[]"
        self.cluster = cluster
        self.group_js = ("L.markerClusterGroup({maxClusterRadius: 28, disableClusteringAtZoom: 8, "
                         "spiderfyOnMaxZoom: true, showCoverageOnHover: false})" if cluster else "L.featureGroup()")

    def render(self, **kwargs):
        add_static_script(self, "gcj")
        self.payload_js = json_block(self, self.payload)
        self.popups_js = json_block(self, self.popups, "popups")
        if self.cluster:
            header = self.get_root().header
            for name, link in (("markerclusterjs", JavascriptLink("offline:leaflet.markercluster.js")),
                               ("markerclustercss", CssLink("offline:MarkerCluster.css")),
                               ("markerclusterdefault", CssLink("offline:MarkerCluster.Default.css"))):
                header.add_child(link, name=name)
        super().render(**kwargs)
