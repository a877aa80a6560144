"""Generated pages in headless Chromium with every network request blocked."""

import pytest

from atlas.io import write_text
from tests.test_maps_html import HOSTILE, hostile_page_html

pytestmark = pytest.mark.browser

MARKER_COUNT = """() => Object.keys(window)
    .filter(k => k.startsWith('point_layer_'))
    .reduce((n, k) => n + window[k].getLayers().length, 0)"""

DRAWN_COUNT = """() => Object.keys(window)
    .filter(k => k.startsWith('point_layer_'))
    .reduce((n, k) => n + window[k].getLayers().filter(m => m._map && m._point).length, 0)"""


def test_overview_draws_one_marker_per_register_row_offline(seed_build, visit):
    out, report = seed_build
    page = visit(out / "maps" / "overview.html")
    assert page.blocked == []
    assert page.errors == []
    located = int(report.register["status"].eq("resolved").sum())
    assert located >= 59 + 100  # the 59 pilots and the places cited as examples
    assert page.page.evaluate(MARKER_COUNT) == located
    assert page.page.evaluate(DRAWN_COUNT) == located  # on the map and projected by the canvas renderer
    assert page.page.locator("canvas").count() >= 1
    assert page.page.evaluate("typeof L") == "object"
    legend = page.page.locator("#pa-legend").inner_text()
    assert "Town (镇): 15 pilots" in legend


def test_overview_layer_control_lists_three_boundary_levels(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    labels = page.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    for level in ("Provinces", "Prefectures", "Counties"):
        assert any(level in label for label in labels)
    page.page.get_by_text("Counties (县级)").click()
    assert page.page.evaluate("() => document.querySelectorAll(\".leaflet-control-layers-overlays input:checked\").length") == 5
    assert page.errors == []


def test_tooltip_and_popup_show_text(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    page.page.evaluate("""() => { const k = Object.keys(window).find(k => k.startsWith('point_layer_'));
                                    window[k].getLayers()[0].openPopup(); }""")
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "001_caf814f1c39d1a4b.txt" in popup


def test_index_links_the_overview(seed_build, visit):
    page = visit(seed_build[0] / "index.html")
    assert page.errors == [] and page.blocked == []
    assert page.page.locator("a[href='maps/overview.html']").count() == 1


def test_hostile_text_is_shown_literally_and_never_runs(display_layers, tmp_path, visit):
    path = write_text(tmp_path / "hostile.html", hostile_page_html(display_layers))
    page = visit(path)
    assert page.dialogs == [] and page.errors == []
    page.page.evaluate("""() => { const k = Object.keys(window).find(k => k.startsWith('point_layer_'));
                                    window[k].getLayers()[0].openPopup(); }""")
    assert HOSTILE in page.page.locator(".leaflet-popup-content").inner_text()
    assert f"title {HOSTILE}" in page.page.locator(".pa-title").inner_text()
    assert page.page.locator("img[src=x]").count() == 0
