"""The fast paths of the static images draw what the plain ones drew: same pixels, same geometry."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from atlas.publishing import charts


def _chart(transparent: bool) -> Figure:
    fig = charts.new_figure((3, 2))
    ax = fig.subplots()
    ax.plot([0, 1, 2], [2, 0, 1], lw=3, color="#c2362b")
    ax.fill_between([0, 1, 2], [0, 1, 0], color="#9ecae1", alpha=0.6)
    ax.set_title("标题 title")
    if transparent:
        fig.patch.set_alpha(0.0)
        ax.patch.set_alpha(0.0)
    return fig


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _plain_png(fig: Figure) -> bytes:
    """The figure through matplotlib's own Agg canvas and Pillow's encoder."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def test_png_writer_gives_the_pixels_of_matplotlibs_png():
    charts.configure()
    for transparent, mode in ((False, "RGB"), (True, "RGBA")):
        fast = io.BytesIO()
        fig = _chart(transparent)
        fig.savefig(fast, format="png", dpi=150)
        fig.set_dpi(150)
        plain = _plain_png(fig)
        image = Image.open(io.BytesIO(fast.getvalue()))
        assert image.mode == mode
        assert round(image.info["dpi"][0]) == 150
        assert np.array_equal(_pixels(fast.getvalue()), _pixels(plain))


def test_png_writer_is_deterministic_and_valid():
    rgba = np.random.default_rng(3).integers(0, 256, (40, 50, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    first, second = charts.png_bytes(rgba, 300), charts.png_bytes(rgba, 300)
    assert first == second
    image = Image.open(io.BytesIO(first))
    image.verify()  # chunk CRCs
    assert np.array_equal(_pixels(first)[..., :3], rgba[..., :3])


def test_png_rows_pack_the_pixels_as_a_plain_copy_does():
    rng = np.random.default_rng(5)
    for height, width in ((1, 1), (2, 3), (17, 40), (5, 257)):
        rgba = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
        for opaque in (False, True):
            if opaque:
                rgba[..., 3] = 255
            rows, found = charts.png_rows(rgba)
            kept = rgba[..., :3] if opaque else rgba
            plain = np.concatenate([np.zeros((height, 1), np.uint8), kept.reshape(height, -1)], axis=1)
            assert found == opaque
            assert np.array_equal(rows, plain)


def _geopandas_and_ours(geometries, **style):
    """The collections geopandas' ``plot`` adds for ``geometries`` and those :func:`add_geometries` adds."""
    import geopandas as gpd

    from atlas.publishing.static_maps import CHINA_ALBERS, add_geometries

    plain, fast = charts.new_figure((3, 3)).subplots(), charts.new_figure((3, 3)).subplots()
    gpd.GeoSeries(geometries, crs=CHINA_ALBERS).plot(ax=plain, **style)
    add_geometries(fast, np.asarray(geometries, dtype=object), **style)
    return plain, fast


def _same_drawing(plain, fast) -> None:
    assert len(plain.collections) == len(fast.collections)
    for a, b in zip(plain.collections, fast.collections):
        assert len(a.get_paths()) == len(b.get_paths())
        for p, q in zip(a.get_paths(), b.get_paths()):
            assert np.array_equal(p.vertices, q.vertices)
            assert np.array_equal(p.codes if p.codes is not None else [], q.codes if q.codes is not None else [])
        for getter in ("get_facecolor", "get_edgecolor", "get_linewidth", "get_zorder"):
            assert np.array_equal(getattr(a, getter)(), getattr(b, getter)())
    assert np.allclose(plain.dataLim.get_points(), fast.dataLim.get_points())
    assert plain.get_aspect() == fast.get_aspect()


def test_polygon_and_line_layers_draw_the_paths_geopandas_draws():
    import shapely

    holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])
    pair = shapely.MultiPolygon([shapely.box(20, 0, 25, 5), shapely.box(30, 0, 31, 9)])
    polygons = [holed, None, pair, shapely.Polygon(), shapely.box(-5, -5, -1, -1)]
    _same_drawing(*_geopandas_and_ours(polygons, color="#eee", edgecolor="#555", linewidth=0.5))
    _same_drawing(*_geopandas_and_ours(polygons, facecolor="#eee", edgecolor="#555", linewidth=0.2))
    lines = list(shapely.boundary(np.array([holed, pair], dtype=object)))
    _same_drawing(*_geopandas_and_ours(lines, color="#444", linewidth=0.8))


def test_cached_province_paths_are_those_geopandas_draws():
    import geopandas as gpd

    from atlas.pipeline import STATIC_TOLERANCE
    from atlas.places import boundaries
    from atlas.publishing.static_maps import StaticMaps, add_lines, add_polygons

    static = StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE))
    for key, frame, draw in (("province", static.layers["province"].geometry, add_polygons),
                             ("prefecture-boundary", static.layers["prefecture"].boundary, add_lines),
                             ("islands", static.islands.geometry, add_polygons),
                             ("maritime", static.maritime, add_lines)):
        plain, fast = charts.new_figure((3, 3)).subplots(), charts.new_figure((3, 3)).subplots()
        gpd.GeoSeries(frame).plot(ax=plain, color="#ddd", linewidth=0.3)
        style = {"facecolor": "#ddd"} if draw is add_polygons else {"color": "#ddd"}
        draw(fast, [p for p in static.paths(key) if p is not None], linewidth=0.3, **style)
        _same_drawing(plain, fast)


def test_point_layers_draw_the_markers_geopandas_draws():
    import geopandas as gpd
    import shapely

    from atlas.publishing.static_maps import CHINA_ALBERS, add_points

    points = np.array([shapely.Point(0, 0), shapely.Point(5, 2), None, shapely.Point(-3, 7)], dtype=object)
    for size, style in ((12.0, {"facecolor": "white", "edgecolor": "#c2362b", "linewidth": 0.8, "zorder": 3}),
                        (20.0, {"color": "#c2362b", "edgecolor": "white", "linewidth": 0.4, "zorder": 4}),
                        ([10.0, 20.0, 30.0, 40.0], {"color": ["#111", "#222", "#333", "#444"], "edgecolor": "#333"})):
        plain, fast = charts.new_figure((3, 3)).subplots(), charts.new_figure((3, 3)).subplots()
        gpd.GeoSeries(points, crs=CHINA_ALBERS).plot(ax=plain, markersize=size, **style)
        add_points(fast, points, size, **style)
        (a,), (b,) = plain.collections, fast.collections
        assert np.array_equal(a.get_offsets(), b.get_offsets())
        for getter in ("get_sizes", "get_facecolor", "get_edgecolor", "get_linewidth", "get_zorder"):
            assert np.array_equal(getattr(a, getter)(), getattr(b, getter)())
        assert np.array_equal(a.get_paths()[0].vertices, b.get_paths()[0].vertices)


def test_text_metrics_shared_across_renderers_are_what_each_renderer_measures():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_pdf import PdfFile, RendererPdf
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.font_manager import FontProperties

    from atlas.publishing import text_metrics

    charts.configure()
    renderers = [RendererAgg(20, 20, 100), RendererAgg(20, 20, 300), RendererSVG(100, 100, io.StringIO()),
                 RendererPdf(PdfFile(io.BytesIO()), 72, 100, 100)]
    texts = ["海淀区", "Pilot 试点 (12)", "100 km", "海淀区"]
    for renderer in renderers:
        for size in (5.5, 7):
            prop = FontProperties(size=size)
            for text in texts:
                shared = text_metrics.text_metrics(renderer, text, prop, False, 100)
                assert shared == renderer.get_text_width_height_descent(text, prop, False)


def test_an_image_measured_through_the_shared_metrics_is_the_same(tmp_path):
    import matplotlib.text as mtext

    from atlas.publishing import text_metrics

    def draw(stem):
        fig = _chart(False)
        fig.axes[0].legend(["线 line"], title="图例")
        return [p.read_bytes() for p in charts.save(fig, stem)]

    charts.configure()
    shared = draw(tmp_path / "shared")
    again = draw(tmp_path / "again")  # every text found in the shared metrics, fonts and font tables
    text_metrics.uninstall()  # matplotlib's own measures, font search and tables
    try:
        assert mtext._get_text_metrics_with_cache is text_metrics._plain
        plain = draw(tmp_path / "plain")
    finally:
        text_metrics.install()
    assert shared == again == plain


def _vector_files(tmp_path, name: str) -> list[bytes]:
    """A chart with Chinese text saved as SVG (text as paths) and as a PDF part, twice (the second from the caches)."""
    from atlas.publishing.printable import _pdf_part

    out = []
    for n in range(2):
        fig = _chart(False)
        fig.axes[0].legend(["线 line"], title="图例")
        fig.text(0.1, 0.02, "来源 source 试点", fontsize=6)
        out += [p.read_bytes() for p in charts.save(fig, tmp_path / f"{name}{n}") if p.suffix == ".svg"]
        fig = charts.new_figure((3, 2))  # text only: the PDF's font copy holds the characters of its texts
        fig.text(0.1, 0.5, "标题 title", fontsize=12)
        fig.text(0.1, 0.02, "来源 source 试点", fontsize=6)
        out.append(_pdf_part(tmp_path / f"{name}{n}.pdf", [fig]).read_bytes())
    return out


def test_vector_text_laid_out_once_and_streams_deflated_once_give_the_same_files(tmp_path, monkeypatch):
    from atlas.publishing import pdf_streams, text_metrics

    charts.configure()
    fast = _vector_files(tmp_path, "fast")
    text_metrics.uninstall()
    monkeypatch.setattr(text_metrics, "install", lambda: None)  # matplotlib's measures and layouts throughout
    monkeypatch.setattr(pdf_streams, "deflated_once", __import__("contextlib").nullcontext)  # one call per operator
    try:
        plain = _vector_files(tmp_path, "plain")
    finally:
        monkeypatch.undo()
        text_metrics.install()
    assert fast == plain and fast[0] == fast[2] and fast[1] == fast[3]
