"""Generated pages in headless Chromium with every network request blocked."""

import re

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

# features of a polygon layer, found by its name in the layer control
POLYGONS_OF = """(name => { const layers = window[Object.keys(window).find(k => /^layer_control_.*_layers$/.test(k))];
    return Object.entries(layers.overlays).find(([label]) => label.startsWith(name))[1].getLayers(); })"""
N_POLYGONS = "name => " + POLYGONS_OF + "(name).length"
# lines of an outline layer (drawn as one multi-line of its borders, each once)
N_LINES = "name => " + POLYGONS_OF + "(name).reduce((n, l) => n + l.getLatLngs().length, 0)"
_FIRST = "; while (Array.isArray(p)) { p = p[0]; } return [p.lat, p.lng]; }"
FIRST_VERTEX = "name => { let p = " + POLYGONS_OF + "(name)[0].getLatLngs()" + _FIRST
FIRST_WGS_VERTEX = "name => { let p = " + POLYGONS_OF + "(name)[0]._paWgs" + _FIRST


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
    assert located >= 59 + 100  # the pilots and the places cited as examples
    assert page.page.evaluate(MARKER_COUNT) == located
    assert page.page.evaluate(SHOWN_COUNT) == located
    assert page.page.locator(".marker-cluster").count() >= 1  # crowded places are clustered
    legend = page.page.locator("#pa-legend").inner_text()
    assert "Town (镇): 15 pilots" in legend and "ring: place cited as an example" in legend


def test_overview_layer_control(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    labels = " ".join(page.page.locator(".leaflet-control-layers label").all_inner_texts())
    register = seed_build[1].register
    pilots = int(((register["role"] == "pilot") & (register["status"] == "resolved")).sum())
    assert pilots >= 59 + 37  # the documents' 59 and the other pilots of geodata/batches.csv
    for name in ("No tiles", "Provinces", "Prefectures", "Counties", f"Pilot localities (试点) ({pilots})",
                 "Places cited as examples"):
        assert name in labels
    assert page.page.evaluate(N_POLYGONS, "Provinces") == 34
    # outlines: one multi-line of the ~370 prefectures' borders, each once
    assert page.page.evaluate(N_POLYGONS, "Prefectures") == 1 and page.page.evaluate(N_LINES, "Prefectures") > 3000
    assert page.page.evaluate(N_POLYGONS, "Counties") == 0  # hidden: not decoded yet
    page.page.get_by_text("Counties (县级)").click()
    checked = page.page.evaluate("() => document.querySelectorAll('.leaflet-control-layers-overlays input:checked').length")
    assert checked == 5
    assert page.page.evaluate(N_LINES, "Counties") > 8000  # decoded when turned on (the ~2,875 counties' borders)
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
    assert re.search(r"《[^》]+》( \([-\d]+\))? — 001_caf814f1c39d1a4b\.txt", popup)  # the document's title by the file
    assert "市辖区 urban district" in popup and "试点 pilot locality" in popup
    assert re.findall(r"(?<![\w.])[a-z]+_[a-z_]+", popup) == []  # no internal codes (short_form, county_city)


def test_choropleth_legend_and_classes(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "choropleth-province.html")
    legend = page.page.locator("#pa-legend").inner_text()
    assert "Pilots (FisherJenks" in legend and "Pilots per 10,000 km²" in legend and "no data" in legend
    labels = " ".join(page.page.locator(".leaflet-control-layers label").all_inner_texts())
    assert "Pilots by province" in labels and "Pilots per 10,000 km² by province" in labels


def test_urbanization_and_themes_layers(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "urbanization.html")
    register = seed_build[1].register
    pilots = int(((register["role"] == "pilot") & (register["status"] == "resolved")).sum())
    assert page.page.evaluate(MARKER_COUNT) == 2 * pilots  # two layers of the located pilots
    assert "2020 census" in page.page.locator("#pa-legend").inner_text()
    page.page.locator(".pa-search input").fill("房山")
    page.page.locator(".pa-search-results li").first.click()
    page.page.wait_for_timeout(800)
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "profile year 2014" in popup and "2020 census" in popup  # the comparison says what it compares
    themes = visit(seed_build[0] / "maps" / "themes.html")
    labels = " ".join(themes.page.locator(".leaflet-control-layers label").all_inner_texts())
    assert "户籍制度改革 Hukou reform" in labels and "公共服务 Public services" in labels


def test_region_sheet_lists_its_places(seed_build, visit):
    out, report = seed_build
    page = visit(out / "regions" / "region-northeast.html")
    rows = page.page.locator("#pa-panel table.pa-places tbody tr").count()
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
    assert page.page.evaluate(N_POLYGONS, "Counties") == 0  # not decoded yet
    page.page.get_by_text("Counties (县级)").click()  # decoded while the data are shifted: shifted too
    wgs, gcj = page.page.evaluate(FIRST_WGS_VERTEX, "Counties"), page.page.evaluate(FIRST_VERTEX, "Counties")
    assert 0.0005 < abs(gcj[0] - wgs[0]) + abs(gcj[1] - wgs[1]) < 0.02
    page.page.get_by_text("No tiles (boundaries only)").click()
    assert page.page.evaluate(where) == before
    assert page.page.evaluate(FIRST_VERTEX, "Counties") == wgs


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


MAP = "Object.values(window).find(v => v instanceof L.Map)"
RECT = "el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_popup_opens_clear_of_the_title_box(seed_build, visit):
    page = visit(seed_build[0] / "maps" / "overview.html")
    title = page.page.locator(".pa-title").evaluate(RECT)
    # put the northernmost marker right under the title box, then open its popup
    page.page.evaluate(f"""() => new Promise(done => {{
        const map = {MAP}; const g = {POINT_LAYERS}.find(g => g._map);
        const m = g._paMarkers.reduce((a, b) => a.getLatLng().lat > b.getLatLng().lat ? a : b);
        map.setView(m.getLatLng(), 9, {{animate: false}});
        const p = map.latLngToContainerPoint(m.getLatLng());
        map.panBy([p.x - 300, p.y - 40], {{animate: false}});
        setTimeout(() => {{ m.openPopup(); setTimeout(done, 400); }}, 300); }})""")
    popup = page.page.locator(".leaflet-popup").evaluate(RECT)
    assert popup[3] - popup[1] > 50
    assert not overlap(popup, title), (popup, title)


@pytest.mark.parametrize("sheet", ["maps/overview.html", "regions/region-east.html", "regions/region-west.html",
                                   "regions/province-110000.html"])
def test_fitted_region_is_not_covered_by_boxes(seed_build, visit, sheet):
    page = visit(seed_build[0] / sheet)
    fitted, boxes = page.page.evaluate(f"""() => {{
        const map = {MAP}; const b = map._paFitted; const o = map.getContainer().getBoundingClientRect();
        const nw = map.latLngToContainerPoint(b.getNorthWest()), se = map.latLngToContainerPoint(b.getSouthEast());
        const boxes = [...document.querySelectorAll('.pa-title, #pa-legend, .leaflet-control')].map(el => {{
            const r = el.getBoundingClientRect(); return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top]; }});
        return [[nw.x, nw.y, se.x, se.y], boxes]; }}""")
    assert fitted[2] - fitted[0] > 200 and fitted[3] - fitted[1] > 150  # the region fills much of the map
    covered = [box for box in boxes if box[2] > box[0] and overlap(fitted, box)]
    assert covered == [], (fitted, covered)


def test_search_by_province_finds_each_of_its_places_once(seed_build, visit):
    out, report = seed_build
    page = visit(out / "maps" / "overview.html")
    page.page.locator(".pa-search input").fill("北京")
    labels = page.page.locator(".pa-search-results li").all_inner_texts()
    table = report.register
    beijing = table[(table["province"] == "北京市") & (table["status"] == "resolved")]
    assert any(label.startswith("房山区") for label in labels)
    assert len(labels) == len(set(labels)) == len(beijing)
    # a page with the same pilots in two layers lists each once
    page = visit(out / "maps" / "urbanization.html")
    page.page.locator(".pa-search input").fill("房山")
    assert len(page.page.locator(".pa-search-results li").all_inner_texts()) == 1


def test_filters_hide_and_show_markers(seed_build, visit):
    out, report = seed_build
    register = report.register
    pilots = int(((register["role"] == "pilot") & (register["status"] == "resolved")).sum())
    page = visit(out / "maps" / "overview.html")
    located = page.page.evaluate(MARKER_COUNT)
    page.page.locator(".pa-filters summary").click()
    page.page.locator(".pa-filters input[data-facet=role][value=pilot]").uncheck()
    assert page.page.evaluate(MARKER_COUNT) == located - pilots
    assert page.page.evaluate(SHOWN_COUNT) == located - pilots
    assert f"{located - pilots} of {located}" in page.page.locator(".pa-filter-count").inner_text()
    page.page.locator(".pa-filters input[data-facet=level][value=county]").uncheck()
    counties = int(((report.register["precision"] == "county") & (report.register["role"] != "pilot")
                    & (report.register["status"] == "resolved")).sum())
    assert page.page.evaluate(MARKER_COUNT) == located - pilots - counties
    page.page.locator(".pa-filters input[data-facet=role][value=pilot]").check()
    page.page.locator(".pa-filters input[data-facet=level][value=county]").check()
    assert page.page.evaluate(MARKER_COUNT) == located
    assert page.errors == []


def test_place_labels_only_when_zoomed_in_and_never_overlapping(seed_build, visit):
    out, _ = seed_build
    page = visit(out / "maps" / "overview.html")
    assert page.page.locator(".pa-label").count() == 0  # the whole country: no labels
    sheet = visit(out / "regions" / "province-110000.html")
    labels = sheet.page.locator(".pa-label span")
    assert labels.count() >= 2
    boxes = [labels.nth(i).evaluate(RECT) for i in range(labels.count())]
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_printing_a_region_sheet_gives_the_whole_table(seed_build, visit, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    page = visit(seed_build[0] / "regions" / "region-east.html")
    rows = page.page.locator("table.pa-places tbody tr").count()
    assert rows > 40  # far more than fit beside the map on screen
    page.page.pdf(path=str(tmp_path / "sheet.pdf"), format="A4")
    with pdfplumber.open(tmp_path / "sheet.pdf") as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "").replace("\n", "")
    # the last row: its number, then the place's name (Chinese; the PDF may map some characters to radicals)
    assert re.search(rf"(?<!\d){rows}[\u2e80-\u9fff]", text), text[-400:]
    assert "Figures:lateststated" in text  # the note after the table


def test_province_sheet_draws_its_neighbours_but_nothing_far_away(seed_build, visit):
    page = visit(seed_build[0] / "regions" / "province-110000.html")
    provinces = page.page.evaluate(N_POLYGONS, "Provinces")
    assert 3 <= provinces <= 8  # Beijing with Tianjin, Hebei and a few more around it, not all 34
    far = page.page.evaluate("name => " + POLYGONS_OF + "(name).filter(p => p.getBounds().getWest() > 119.7 "
                             "|| p.getBounds().getEast() < 113.2 || p.getBounds().getSouth() > 43.2 "
                             "|| p.getBounds().getNorth() < 37.3).length", "Provinces")
    assert far == 0  # every province drawn reaches within ~2° of Beijing's extent
    assert page.errors == []


def test_region_sheet_links_index_and_neighbours(seed_build, visit):
    page = visit(seed_build[0] / "regions" / "region-central.html")
    nav = page.page.locator(".pa-nav").first
    assert nav.locator("a[href='../index.html']").count() == 1
    assert nav.locator("a[rel=prev]").get_attribute("href") == "../regions/region-east.html"
    assert "National" in page.page.locator(".pa-compare").inner_text()


POINTS_OF = "name => " + POLYGONS_OF + "(name).reduce((n, l) => n + l.getLatLngs().flat(3).length, 0)"
TOPOLOGY = "() => { const t = Object.assign({}, pilotAtlasTopology); delete t.store; delete t.digits; return t; }"


def test_boundaries_drawn_coarser_at_country_zoom_and_with_every_point_closer(seed_build, visit):
    from tests.test_arcs import decode_arcs

    page = visit(seed_build[0] / "maps" / "overview.html")
    topology = page.page.evaluate(TOPOLOGY)
    zoom = page.page.evaluate(f"() => {MAP}.getZoom()")
    coarse = page.page.evaluate(POINTS_OF, "Prefectures")
    page.page.evaluate(f"() => {{ {MAP}.setZoom(6, {{animate: false}}); }}")
    fine = page.page.evaluate(POINTS_OF, "Prefectures")
    # the outlines are each arc of the layer once: its kept points at first view, all of them closer in
    used = page.page.evaluate("name => " + POLYGONS_OF + "(name)[0].feature.paShape.refs.map(line => line[0])",
                              "Prefectures")
    assert zoom < topology["levels"][0]["below"] <= 6
    used = set(used)
    assert fine == sum(len(arc) for i, arc in enumerate(decode_arcs(topology)) if i in used)
    assert coarse == sum(len(arc) for i, arc in enumerate(decode_arcs(topology, 0)) if i in used)
    assert coarse < 0.5 * fine
    page.page.evaluate(f"() => {{ {MAP}.setZoom({zoom}, {{animate: false}}); }}")
    assert page.page.evaluate(POINTS_OF, "Prefectures") == coarse
    assert page.errors == []


# each boundary path, at each level: what Leaflet's own L.Polygon / L.Polyline keeps of the decoded rings or lines
SAME_AS_LEAFLET = """zooms => { const map = """ + MAP + """; const out = [];
    for (const z of zooms) { map.setZoom(z, {animate: false}); let paths = 0, differ = 0;
      map.eachLayer(l => { if (!l._paDetail || !l._map) { return; } paths++;
        const shape = l.feature.paShape, store = pilotAtlasArcs(shape.topology), level = store.levelAt(map.getZoom());
        const plain = pilotAtlasShape(store, shape.refs, shape.nested, level, false);
        const leaflet = shape.open ? new L.Polygon(plain) : new L.Polyline(plain);
        if (JSON.stringify(leaflet.getLatLngs()) !== JSON.stringify(l.getLatLngs())
            || !leaflet.getBounds().equals(l.getBounds(), 0)) { differ++; } });
      out.push([paths, differ]); }
    return out; }"""


def test_boundary_paths_hold_what_leaflet_would_make_of_them(seed_build, visit):
    page = visit(seed_build[0] / "regions" / "region-east.html")  # provinces, prefectures and counties shown
    for paths, differ in page.page.evaluate(SAME_AS_LEAFLET, [4, 4.5, 5, 6, 7]):
        assert paths > 10 and differ == 0
