"""Generated pages in headless Chromium with every network request blocked."""

import pytest

from atlas.common.io import write_text
from atlas.publishing.maps.base import MapOptions
from tests.test_maps_html import HOSTILE, hostile_page_html

pytestmark = pytest.mark.browser

POINT_LAYERS = "Object.keys(window).filter(k => k.startsWith('point_layer_')).map(k => window[k])"
MARKER_COUNT = f"() => {POINT_LAYERS}.reduce((n, g) => n + g.getLayers().length, 0)"
# every marker is on screen, by itself or inside a drawn cluster
SHOWN_COUNT = f"""() => {POINT_LAYERS}.filter(g => g._map).reduce((n, g) => n + g.getLayers().filter(
    m => !!(m._map && m._point) || !!(g.getVisibleParent && g.getVisibleParent(m))).length, 0)"""
OPEN_FIRST_POPUP = f"""() => new Promise(done => {{
    const g = {POINT_LAYERS}.find(g => g._map); const m = g._paMarkers[0]; const map = g._map;
    map.setView(m.getLatLng(), 10, {{animate: false}});
    setTimeout(() => {{ m.openPopup(); setTimeout(done, 200); }}, 300); }})"""


def pages_of(out):
    maps = sorted((out / "maps").glob("*.html"))
    regions = sorted((out / "regions").glob("*.html"))
    plans = sorted((out / "plans").glob("*.html"))
    return [out / "index.html", out / "summaries" / "index.html", *maps, *regions, *plans]


def test_every_page_opens_offline_without_errors(seed_build, visit):
    out, _ = seed_build
    for path in pages_of(out):
        page = visit(path, wait_ms=250)
        assert page.blocked == [], path
        assert page.errors == [], path
        if path.parent.name in ("maps", "regions"):
            assert page.page.evaluate("typeof L") == "object", path
            assert page.page.locator(".leaflet-control-layers").count() == 1, path
            assert page.page.locator("#pa-legend").inner_text().strip(), path
        page.close()


def test_overview_has_one_marker_per_located_place_all_shown(seed_build, visit):
    out, report = seed_build
    page = visit(out / "maps" / "overview.html")
    located = int(report.register["status"].eq("resolved").sum())
    assert located >= 59 + 100  # the 59 pilots and the places cited as examples
    assert page.page.evaluate(MARKER_COUNT) == located
    assert page.page.evaluate(SHOWN_COUNT) == located
    assert page.page.locator(".marker-cluster").count() >= 1  # crowded places are clustered
    legend = page.page.locator("#pa-legend").inner_text()
    assert "Town (镇): 15 pilots" in legend and "ring: place cited as an example" in legend


def test_overview_layer_control(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    labels = " ".join(page.page.locator(".leaflet-control-layers label").all_inner_texts())
    for name in ("No tiles", "Provinces", "Prefectures", "Counties", "Pilot localities (试点) (59)", "Places cited as examples"):
        assert name in labels
    page.page.get_by_text("Counties (县级)").click()
    checked = page.page.evaluate("() => document.querySelectorAll('.leaflet-control-layers-overlays input:checked').length")
    assert checked == 5
    assert page.errors == []


def test_search_by_pinyin_opens_the_profile_with_figures_and_sources(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    page.page.locator(".pa-search input").fill("fangshan")
    results = page.page.locator(".pa-search-results li")
    assert results.count() >= 1 and "房山区" in results.first.inner_text()
    results.first.click()
    page.page.wait_for_timeout(600)
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "房山区" in popup and "103.6 (2014)" in popup and "001_caf814f1c39d1a4b.txt:79" in popup


def test_choropleth_legend_and_classes(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "choropleth-province.html")
    legend = page.page.locator("#pa-legend").inner_text()
    assert "Pilots (FisherJenks" in legend and "Pilots per 10,000 km²" in legend and "no data" in legend
    labels = " ".join(page.page.locator(".leaflet-control-layers label").all_inner_texts())
    assert "Pilots by province" in labels and "Pilots per 10,000 km² by province" in labels


def test_urbanization_and_themes_layers(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "urbanization.html")
    assert page.page.evaluate(MARKER_COUNT) == 2 * 59  # two layers of the 59 pilots
    assert "2020 census" in page.page.locator("#pa-legend").inner_text()
    themes = visit(seed_build[0] / "maps" / "themes.html")
    labels = " ".join(themes.page.locator(".leaflet-control-layers label").all_inner_texts())
    assert "户籍制度改革 Hukou reform" in labels and "公共服务 Public services" in labels


def test_region_sheet_lists_its_places(seed_build, visit):
    out, report = seed_build
    page = visit(out / "regions" / "region-northeast.html")
    rows = page.page.locator("#pa-panel table").nth(1).locator("tbody tr, tr").count() - 1
    table = report.register
    assert rows == int(((table["region"] == "Northeast") & (table["status"] == "resolved")).sum())
    assert page.page.evaluate(MARKER_COUNT) == rows


def test_gaode_basemap_shifts_data_to_gcj02_and_back(display_layers, tmp_path, visit):
    html = hostile_page_html(display_layers, "t", options=MapOptions(tiles=("gaode",)))
    page = visit(write_text(tmp_path / "gaode.html", html))
    where = f"() => {{ const m = {POINT_LAYERS}[0]._paMarkers[0]; return [m.getLatLng().lat, m.getLatLng().lng]; }}"
    before = page.page.evaluate(where)
    page.page.get_by_text("Gaode (GCJ-02; data shifted)").click()
    shifted = page.page.evaluate(where)
    assert 0.0005 < abs(shifted[0] - before[0]) + abs(shifted[1] - before[1]) < 0.02  # a few hundred metres
    page.page.get_by_text("No tiles (boundaries only)").click()
    assert page.page.evaluate(where) == before


def test_hostile_text_is_shown_literally_and_never_runs(display_layers, tmp_path, visit):
    path = write_text(tmp_path / "hostile.html", hostile_page_html(display_layers))
    page = visit(path)
    assert page.dialogs == [] and page.errors == []
    page.page.evaluate(OPEN_FIRST_POPUP)
    assert HOSTILE in page.page.locator(".leaflet-popup-content").inner_text()
    assert f"title {HOSTILE}" in page.page.locator(".pa-title").inner_text()
    page.page.locator(".pa-search input").fill("<img")
    assert HOSTILE in page.page.locator(".pa-search-results li").first.inner_text()
    assert page.page.locator("img[src=x]").count() == 0
    assert page.dialogs == []
