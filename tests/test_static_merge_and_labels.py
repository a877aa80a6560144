"""Labels measured once and boundary layers merged in SVG and PDF give what the plain ways give."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from atlas.publishing import charts, labels  # noqa: E402
from atlas.publishing.merged_paths import MergedLineCollection, MergedPathCollection  # noqa: E402

#: A crowd of names (Chinese and Latin, short and long) around a few points.
NAMES = ["北京市", "房山区", "大兴区", "通州区", "顺义区", "昌平区", "门头沟区", "丰台区", "石景山区", "海淀区",
         "朝阳区", "怀柔区", "延庆区", "密云区", "平谷区", "长沟镇", "Pilot 12", "浦东新区(临港地区)", "A", "三沙市"]


def _placed(measure_every: bool, monkeypatch) -> list[tuple]:
    if measure_every:
        monkeypatch.setattr(labels, "_candidate_boxes",
                            lambda ax, text, anchor, candidates, shifts, renderer:
                            labels.measured_boxes(ax, text, candidates, renderer))
    charts.configure()
    fig = charts.new_figure((3, 2.5))
    ax = fig.subplots()
    ax.set(xlim=(0, 10), ylim=(0, 10))
    rng = np.random.default_rng(3)
    xy = np.vstack([rng.normal(5, 1.2, (14, 2)), rng.uniform(0, 10, (6, 2))])
    points = [(x, y, name) for (x, y), name in zip(xy, NAMES)]
    placed = labels.place_labels(ax, points, fontsize=6, markers=xy, offsets_pt=(4.5, 11.0))
    renderer = fig.canvas.get_renderer()
    out = [(t.get_text(), t.get_ha(), t.get_va(), tuple(np.round(labels._extent(t.get_window_extent(renderer)), 6)))
           for t in placed]
    out.append(("leaders", len(ax.lines)))
    return out


def test_labels_measured_once_are_placed_as_when_measured_at_every_position(monkeypatch):
    fast = _placed(False, monkeypatch)
    plain = _placed(True, monkeypatch)
    assert fast == plain
    assert 3 < len(fast) - 1 < len(NAMES), "some names placed, some left out: the test exercises both"


def _squares(n: int) -> list[MplPath]:
    """A row of n unit squares sharing their sides (a coverage), each a closed path."""
    return [MplPath([(i, 0), (i + 1, 0), (i + 1, 1), (i, 1), (i, 0)],
                    [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY])
            for i in range(n)]


def _figure(polygons, lines):
    fig = charts.new_figure((3, 1))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_collection(polygons)
    ax.add_collection(lines)
    ax.set(xlim=(-0.5, 8.5), ylim=(-0.5, 1.5))
    ax.set_axis_off()
    return fig


def _saved(fig, fmt: str) -> bytes:
    stream = io.BytesIO()
    fig.savefig(stream, format=fmt, dpi=100, metadata={"Date": None} if fmt == "svg" else None)
    return stream.getvalue()


def test_merged_layers_draw_the_same_pixels_and_one_svg_path_per_style():
    colours = ["#f6f3ea", "#f6f3ea", "#c2362b", "#f6f3ea", "#c2362b", "#f6f3ea", "#f6f3ea", "#9ecae1"]
    segments = [np.array([(i, -0.2), (i, 1.2)]) for i in range(9)]
    plain = _figure(PathCollection(_squares(8), facecolor=colours, edgecolor="#777", linewidth=0.5),
                    LineCollection(segments, color="#333", linewidth=0.8))
    merged = _figure(MergedPathCollection(_squares(8), facecolor=colours, edgecolor="#777", linewidth=0.5),
                     MergedLineCollection(segments, color="#333", linewidth=0.8))
    plain.canvas.draw()
    merged.canvas.draw()
    assert np.array_equal(np.asarray(plain.canvas.buffer_rgba()), np.asarray(merged.canvas.buffer_rgba()))
    plain_svg, merged_svg = _saved(plain, "svg").decode(), _saved(merged, "svg").decode()
    assert plain_svg.count("<path d=") == 1 + 8 + 9  # the figure's background, squares, lines
    assert merged_svg.count("<path d=") == 1 + 3 + 1
    # three fills (one per colour, first seen first) and one set of lines
    fills = re.findall(r'<path d="[^"]*"[^>]*style="fill: (#[0-9a-f]{6})', merged_svg)
    assert fills == ["#ffffff", "#f6f3ea", "#c2362b", "#9ecae1"]  # the background, then first seen first
    assert merged_svg.count("z") == plain_svg.count("z") == 1 + 8, "every ring still closed"
    assert _saved(merged, "svg") == _saved(merged, "svg"), "deterministic"
    # the collections themselves are left as they were
    assert len(merged.axes[0].collections[0].get_paths()) == 8
    assert len(merged.axes[0].collections[0].get_facecolor()) == 8


def test_projected_points_are_the_coordinates_geopandas_gives():
    import geopandas as gpd

    from atlas.publishing.static_maps import CHINA_ALBERS, projected_points

    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(73, 135, 500), rng.uniform(3, 54, 500)
    plain = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(CHINA_ALBERS)
    assert np.array_equal(projected_points(lon, lat), np.column_stack([plain.x, plain.y]))
    assert projected_points([], []).shape == (0, 2)
