"""Folium layers that keep pages light and document text inert.

* :class:`CompactPolygons` embeds simplified polygons as quantised,
  delta-encoded integers (a county layer is a fraction of its GeoJSON size)
  and decodes them in the page with a few lines of JavaScript.
* :class:`PointLayer` draws one circle marker per row from a JSON array;
  tooltip and popup HTML is built and escaped in Python, so no document
  string reaches the page unescaped.

JSON is embedded with :func:`atlas.maps.escaping.safe_json`.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element
from folium.map import Layer
from folium.template import Template

from atlas.maps.escaping import safe_json

_STATIC = Path(__file__).with_name("static")


def encode_deltas(values: np.ndarray) -> str:
    """Encode signed integers with Google's polyline algorithm (zig-zag, 5-bit chunks).

    Small deltas take one or two characters, against three or four as JSON
    numbers; characters are ``?``..``~``, safe inside a JSON string.
    """
    v = np.asarray(values, dtype=np.int64)
    zig = np.where(v < 0, ~(v << 1), v << 1).astype(np.uint64)
    bits = np.maximum(1, np.ceil(np.log2(zig.astype(np.float64) + 1.0)).astype(np.int64))
    n_chunks = (bits + 4) // 5
    width = int(n_chunks.max()) if len(v) else 1
    shifts = (np.arange(width, dtype=np.uint64) * np.uint64(5))[None, :]
    chunks = ((zig[:, None] >> shifts) & np.uint64(31)).astype(np.int64)
    k = np.arange(width)[None, :]
    chunks = chunks | np.where(k < (n_chunks[:, None] - 1), 0x20, 0)
    keep = k < n_chunks[:, None]
    return (chunks[keep] + 63).astype(np.uint8).tobytes().decode("ascii")


def _encode_ring(coords: np.ndarray, scale: float) -> str:
    q = np.round(coords * scale).astype(np.int64)
    q = q[np.r_[True, np.any(q[1:] != q[:-1], axis=1)]]  # drop repeats created by quantising
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return encode_deltas(deltas.ravel())


def encode_polygons(geometries, scale: float = 1000.0) -> list[list[list[str]]]:
    """Quantise and delta-encode (Multi)Polygons: polygons → rings → encoded strings.

    Each ring's (lon, lat) pairs are rounded to ``1 / scale`` degrees, and the
    differences from the previous vertex are polyline-encoded as one string.
    """
    encoded = []
    for geom in geometries:
        polys = []
        for part in shapely.get_parts(geom):
            rings = [part.exterior, *part.interiors]
            polys.append([_encode_ring(np.asarray(r.coords)[:, :2], scale) for r in rings])
        encoded.append(polys)
    return encoded


class CompactPolygons(Layer):
    """Polygons from a GeoDataFrame, shipped compactly and drawn as an outline layer.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Polygons in WGS-84 (simplified for display).
    name : str
        Name in the layer control.
    style : dict
        Leaflet path options (``color``, ``weight``, ``fillOpacity``, …).
    properties : list of str
        Columns kept on each feature (for ``feature.properties`` in styles).
    interactive : bool
        Outline layers are not interactive, so they never swallow the
        markers' hover events in canvas mode.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(
            pilotAtlasDecode({{ this.payload }}),
            {style: {{ this.style_json }}, interactive: {{ this.interactive_json }}, renderer: L.canvas()}
        );
        {% endmacro %}
        """
    )

    def __init__(self, frame: gpd.GeoDataFrame, name: str, style: dict, properties: tuple[str, ...] = (),
                 show: bool = True, interactive: bool = False, scale: float = 1000.0):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "CompactPolygons"
        features = {
            "scale": scale,
            "props": [{k: row[k] for k in properties} for _, row in frame[list(properties)].iterrows()]
            if properties else [{} for _ in range(len(frame))],
            "geoms": encode_polygons(frame.geometry.values, scale),
        }
        self.payload = safe_json(features)
        self.style_json = safe_json(style)
        self.interactive_json = "true" if interactive else "false"

    def render(self, **kwargs):
        decoder = (_STATIC / "decode.js").read_text(encoding="utf-8")
        self.get_root().header.add_child(Element(f"<script>{decoder}</script>"), name="pilot_atlas_decoder")
        super().render(**kwargs)


class PointLayer(Layer):
    """Circle markers from rows of ``{lat, lon, tooltip, popup, style}``.

    ``tooltip`` and ``popup`` must already be safe HTML (built with
    :func:`atlas.maps.escaping.html_text` on every document string).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        {{ this.payload }}.forEach(function (p) {
            L.circleMarker([p.lat, p.lon], p.style)
                .bindTooltip(p.tooltip)
                .bindPopup(p.popup, {maxWidth: 360})
                .addTo({{ this.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[dict], name: str, show: bool = True):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointLayer"
        self.payload = safe_json(rows)
