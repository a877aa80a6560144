"""Static maps and charts: the South China Sea inset, the scale bar off the data, names that overlap nothing.

Figures are drawn at screen resolution and never saved (boxes come from the renderer).
"""

from __future__ import annotations

import io
import sys

import numpy as np
import pandas as pd
import pytest
import shapely

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from atlas.publishing.labels import LABEL_GID, overlapping_pairs  # noqa: E402
from atlas.publishing.map_furniture import SCALEBAR_GID  # noqa: E402

#: Places crowded around Beijing and Hangzhou (names of real units, points near their seats).
CROWD = [("北京市", 116.40, 39.90, "province"), ("房山区", 116.14, 39.75, "county"), ("大兴区", 116.34, 39.73, "county"),
         ("通州区", 116.66, 39.91, "county"), ("顺义区", 116.65, 40.13, "county"), ("昌平区", 116.23, 40.22, "county"),
         ("门头沟区", 116.10, 39.94, "county"), ("丰台区", 116.29, 39.86, "county"), ("石景山区", 116.22, 39.91, "county"),
         ("海淀区", 116.30, 39.96, "county"), ("朝阳区", 116.44, 39.92, "county"), ("怀柔区", 116.63, 40.32, "county"),
         ("延庆区", 115.97, 40.46, "county"), ("密云区", 116.84, 40.38, "county"), ("平谷区", 117.12, 40.14, "county"),
         ("长沟镇", 115.89, 39.58, "town"), ("杭州市", 120.16, 30.27, "prefecture"), ("萧山区", 120.26, 30.18, "county"),
         ("余杭区", 120.30, 30.42, "county"), ("三沙市", 112.34, 16.83, "prefecture")]


@pytest.fixture(scope="module")
def static_maps():
    from atlas.pipeline import STATIC_TOLERANCE
    from atlas.places import boundaries
    from atlas.publishing.static_maps import StaticMaps

    return StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE))


@pytest.fixture(scope="module")
def china_figure(static_maps):
    """One all-China map of the crowded places, drawn once for the tests below."""
    fig = static_maps.figure("试点", static_maps.places_sheet(_rows()))
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def _figure(static_maps, china_figure, province: str):
    if not province:
        return china_figure
    fig = static_maps.figure("试点", static_maps.places_sheet(_rows(province), (province,)))
    fig.canvas.draw()
    return fig


def _rows(province: str | None = None) -> pd.DataFrame:
    rows = pd.DataFrame(CROWD, columns=["canonical_name", "lon", "lat", "precision"])
    rows["name"] = rows["canonical_name"]
    rows["role"] = ["pilot" if i % 3 else "example" for i in range(len(rows))]
    rows["joined_province"] = ["110000" if lat > 35 else "330000" if lat > 20 else "460000" for lat in rows["lat"]]
    return rows if province is None else rows[rows["joined_province"] == province]


def _boxes(fig, gid: str):
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in fig.findobj(lambda a: a.get_gid() == gid)]


def _data_box(ax, box):
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    return shapely.box(x0, y0, x1, y1)


def test_all_china_maps_crop_to_the_mainland_and_show_the_south_china_sea_in_an_inset(static_maps, china_figure):
    fig = china_figure
    ax = fig.axes[0]
    assert len(ax.child_axes) == 1, "one inset"
    inset = ax.child_axes[0]
    assert any(t.get_text() == "南海诸岛" for t in inset.texts)
    # no island south of Hainan is drawn at full size: the main layers stop at the mainland, Hainan and Taiwan
    assert static_maps.layers["province"].total_bounds[1] > static_maps.inset_extent[1] + 1e6
    # the inset is inside the frame and covers no part of the mainland
    frame, box = ax.get_window_extent(), inset.get_window_extent()
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 - 1 <= box.y0
    assert not static_maps.layers["province"].intersects(_data_box(ax, box)).any()
    # 三沙市 (south of the main frame) is drawn in the inset only
    assert "三沙市" not in [t.get_text() for t in ax.texts]
    assert sum(len(c.get_offsets()) for c in inset.collections if hasattr(c, "get_offsets")) >= 1


@pytest.mark.parametrize("province", ["", "110000", "330000"])
def test_the_scale_bar_covers_no_data(static_maps, china_figure, province):
    provinces = (province,) if province else ()
    rows = _rows(province or None)
    fig = _figure(static_maps, china_figure, province)
    ax = fig.axes[0]
    bar = _data_box(ax, _union(_boxes(fig, SCALEBAR_GID)))
    layer = static_maps.layers["province"]
    own = layer if not provinces else layer[layer["adcode"].isin(provinces)]
    assert not own.intersects(bar).any()
    points = static_maps.places_sheet(rows, provinces).points
    assert not any(bar.contains(shapely.Point(x, y)) for x, y in points)


def _union(boxes):
    from matplotlib.transforms import Bbox

    return Bbox.union(boxes)


@pytest.mark.parametrize("province", ["", "110000"])
def test_place_names_overlap_nothing(static_maps, china_figure, province):
    fig = _figure(static_maps, china_figure, province)
    labels = _boxes(fig, LABEL_GID)
    assert len(labels) >= 5, "crowded places still get some names"
    assert overlapping_pairs(labels) == []
    ax = fig.axes[0]
    others = _boxes(fig, SCALEBAR_GID) + _boxes(fig, "source-line") + [ax.get_legend().get_window_extent()]
    others += [inset.get_window_extent() for inset in ax.child_axes]
    for other in others:
        assert not [i for i, j in overlapping_pairs([other, *labels]) if i == 0], "a name over the furniture"


def test_chart_names_do_not_overlap_and_the_source_line_is_below_the_axis_labels():
    from atlas.publishing import charts

    rng = np.random.default_rng(1)
    pilots = pd.DataFrame({"name": [f"试点{i}县" for i in range(40)],
                           "urbanization_rate_hukou_pct": rng.uniform(30, 50, 40),
                           "urbanization_rate_resident_pct": rng.uniform(45, 65, 40)})
    saved = []
    original = charts.save
    charts.save = lambda fig, stem: saved.append(fig) or []
    try:
        charts.rates_chart(pilots, None)
        charts.bar_chart(pd.DataFrame({"province": [f"新疆维吾尔自治区{i}" for i in range(12)], "pilots": range(12),
                                       "examples": range(12)}), "province", None, "chart.by_province")
        charts.rates_chart(pilots, None, lang="en")
    finally:
        charts.save = original
    rates, bars, english = saved
    assert bars.axes[0].get_title() == "按省级行政区分的地点"  # Chinese by default, English with --lang en
    assert english.axes[0].get_title().startswith("Pilots: resident vs hukou rate")
    for fig in saved:
        fig.canvas.draw()
    labels = _boxes(rates, LABEL_GID)
    assert len(labels) >= 15 and overlapping_pairs(labels) == []
    source = _boxes(bars, "source-line")[0]
    ticks = [t.get_window_extent() for t in bars.axes[0].get_xticklabels()]
    assert source.y1 < min(t.y0 for t in ticks)
    for fig in saved:
        plt.close(fig)


def test_a_missing_cjk_font_is_one_line(monkeypatch, capsys):
    from atlas.publishing import charts

    monkeypatch.setattr(charts, "_CJK_FONTS", ("No Such Font CJK",))
    monkeypatch.setattr(charts, "_RESCANNED", [True])
    monkeypatch.setattr(charts, "_WARNED", [])
    charts.configure()
    charts.configure()
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "fonts-noto-cjk" in err
    monkeypatch.undo()
    charts.configure()


def test_png_output_has_no_missing_glyph(static_maps, recwarn):
    fig = static_maps.figure("国家新型城镇化综合试点", static_maps.places_sheet(_rows("330000"), ("330000",)))
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    plt.close(fig)
    assert not [w for w in recwarn if "missing from font" in str(w.message)], sys.platform


@pytest.mark.parametrize("module", ["atlas.publishing.labels", "atlas.publishing.map_furniture",
                                    "atlas.publishing.text_metrics", "atlas.publishing.pdf_streams",
                                    "atlas.publishing.maps.offline", "atlas.common.patching", "atlas.publishing.site"])
def test_module_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted and result.failed == 0


def test_titles_and_legends_follow_the_language(static_maps):
    import dataclasses

    from atlas.cli import parser
    from atlas.publishing.wording import TERMS

    assert all(zh and en for zh, en in TERMS.values())
    seen = {}
    for lang in ("zh", "en"):
        maps = dataclasses.replace(static_maps, lang=lang)
        sheet = maps.places_sheet(_rows("110000"), ("110000",))
        seen[lang] = (sheet.legend_title, [h.get_label() for h in sheet.handles], maps.source_text())
    assert seen["zh"][0] == "地点" and seen["en"][0] == "Places"
    assert "县、县级市、市辖区 (14)" in seen["zh"][1] and "County, county-level city or district (14)" in seen["en"][1]
    assert seen["zh"][2].startswith("边界") and seen["en"][2].startswith("Boundaries")
    assert parser().parse_args(["--lang", "en"]).lang == "en" and parser().parse_args([]).lang == "zh"
    with pytest.raises(SystemExit):
        parser().parse_args(["--lang", "fr"])


def test_a_region_cut_to_its_frame_draws_the_same_pixels(static_maps, monkeypatch):
    """Boundaries cut to a region's frame before drawing give the pixels of the whole layers drawn and clipped."""
    from atlas.publishing import static_maps as module

    def pixels():
        fig = static_maps.figure("试点", static_maps.places_sheet(_rows("330000"), ("330000",)))
        fig.canvas.draw()
        data = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
        return data

    cut = pixels()
    monkeypatch.setattr(module, "_clipped", lambda frame, view: frame)
    assert np.array_equal(cut, pixels())
