"""Generated HTML checked as text: offline, escaped, deterministic."""

import re

import numpy as np
import pandas as pd
import pytest

from atlas.places import register
from atlas.reading.extraction import facts_frame, mentions_frame
from atlas.publishing.maps.escaping import html_text, safe_json
from atlas.publishing.maps.numbers import ALPHABET, encode_numbers
from atlas.publishing.maps.base import MapOptions
from atlas.publishing.maps.overview import overview_page

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}{% raw %}</script>`'\""


def hostile_register() -> pd.DataFrame:
    row = {c: "" for c in register.COLUMNS}
    row.update(name=HOSTILE, canonical_name=HOSTILE, role="pilot", batch="2", level="county", level_as_written="county",
               province="北京市", prefecture="北京市", county="东城区", adcode="110101", lon="116.41", lat="39.93",
               precision="county", resolved_by="exact", status="resolved", region="East",
               sources=f"{HOSTILE}.txt:1", note="")
    return register.normalise(pd.DataFrame([row]))


def hostile_facts() -> pd.DataFrame:
    row = {"name": HOSTILE, "canonical_name": HOSTILE, "adcode": "110101", "metric": "resident_pop_10k",
           "value": 12.5, "value_high": None, "year": 2014, "is_target": False, "qualifier": HOSTILE,
           "doc": f"{HOSTILE}.txt", "line": 3, "raw": HOSTILE}
    return facts_frame(pd.DataFrame([row]))


def hostile_mentions() -> pd.DataFrame:
    row = {"doc": f"{HOSTILE}.txt", "line": 2, "name": HOSTILE, "canonical_name": HOSTILE, "adcode": "110101",
           "level": "county", "province": "北京市", "theme": HOSTILE, "role": "pilot", "precision": "county",
           "status": "resolved", "resolved_by": "exact", "note": ""}
    return mentions_frame([row])


def hostile_page_html(display_layers, title: str = f"title {HOSTILE}", options: MapOptions = MapOptions()) -> str:
    return overview_page(hostile_register(), hostile_facts(), hostile_mentions(), display_layers, title, options)


@pytest.fixture(scope="module")
def hostile_page(display_layers):
    return hostile_page_html(display_layers)


def test_page_loads_nothing_from_the_network(seed_build):
    html = (seed_build[0] / "maps" / "overview.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert "leaflet" in html.lower() and html.count("<script") >= 3
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html


def test_overview_is_within_size_budget(seed_build):
    assert (seed_build[0] / "maps" / "overview.html").stat().st_size < 3_000_000


def test_document_text_is_escaped_everywhere(hostile_page):
    assert "<img src=x" not in hostile_page
    assert "{{7*7}}" not in hostile_page and "49" not in re.findall(r"title [^<]*", hostile_page)[0]
    assert hostile_page.count("</script>") == hostile_page.count("<script")


def test_same_input_same_bytes(display_layers):
    a = hostile_page_html(display_layers, "t")
    b = hostile_page_html(display_layers, "t")
    assert a == b


def test_safe_json_cannot_close_script_or_open_jinja():
    text = safe_json({"a": "</script><!--{{x}}{%y%}{#z#}"})
    assert "</" not in text and "{{" not in text and "{%" not in text and "{#" not in text
    import json
    assert json.loads(text) == {"a": "</script><!--{{x}}{%y%}{#z#}"}


def test_html_text_escapes_braces_and_quotes():
    assert html_text("{{a}}<\"'") == "&#123;&#123;a&#125;&#125;&lt;&quot;&#x27;"


def test_number_encoding_known_values():
    # zig-zag, then low digits first: one character up to ±29, two up to 1,679 (zig-zag), then three
    assert encode_numbers([0, -1, 1, 29, -30]) == "!#$`a"
    assert encode_numbers([30]) == "f$" and encode_numbers([839, -840]) == "}a~a"
    assert len(encode_numbers([-841])) == 3 and set(encode_numbers(range(-5000, 5000))) == set(ALPHABET)


def test_popups_show_words_not_codes(hostile_page):
    assert "县 county" in hostile_page and "试点 pilot locality" in hostile_page
    assert "第二批 2nd batch (2015)" in hostile_page
    assert "(written as" not in hostile_page  # written and current kinds are the same here


def test_citations_carry_the_document_title_and_date():
    from atlas.publishing.maps.citations import DocumentTitles

    titles = DocumentTitles.from_frame(pd.DataFrame({"doc": ["d.txt"], "title": ["<b>名单</b>"], "date": ["2016-12"]}))
    assert titles.cite_html("d.txt:3:12") == "《&lt;b&gt;名单&lt;/b&gt;》 (2016-12) — d.txt:3:12"
    assert titles.cite_html("other.txt:5") == "other.txt:5"


def test_coverage_note_names_missing_batches():
    from atlas.publishing.maps.coverage import coverage_note

    one = pd.DataFrame({"role": ["pilot", "example"], "batch": ["2", ""], "sources": ["a.txt:1", "b.txt:2"]})
    note = coverage_note(one)
    assert "2nd batch (2015)" in note and "1st batch (2014) and 3rd batch (2016)" in note and "1 document" in note
    every = pd.DataFrame({"role": ["pilot"] * 3, "batch": ["1", "2", "3"], "sources": ["a.txt:1;b.txt:4", "b.txt:2", "c.txt:9"]})
    assert "Not in the register" not in coverage_note(every) and "3 documents" in coverage_note(every)


def test_overview_timeline_only_with_several_batches(display_layers):
    from atlas.publishing.maps.markers import PlaceInfo
    from atlas.publishing.maps.overview import overview_filters

    table = hostile_register()
    info = PlaceInfo.build(hostile_facts(), hostile_mentions())
    assert overview_filters(table, info).timeline == "[]"
    two = pd.concat([table, table.assign(batch=1, adcode="110102")], ignore_index=True)
    assert overview_filters(two, info).timeline == '[{"batches":["1"],"year":2014},{"batches":["2"],"year":2015}]'
    groups = overview_filters(two, info).groups
    assert '"facet":"batch"' in groups and '"facet":"theme"' in groups and HOSTILE not in groups


def test_place_info_is_built_once_and_reused(display_layers):
    from atlas.publishing.maps.markers import PlaceInfo, marker_rows

    info = PlaceInfo.build(hostile_facts(), hostile_mentions())
    key = ("110101", HOSTILE)
    assert "12.5 (2014)" in info.profiles[key]
    markers, entries = marker_rows(hostile_register(), info)
    assert info.profiles[key] in markers[0]["popup"] and entries[0]["facets"]["role"] == "pilot"


def test_region_sheet_carries_only_provinces_in_and_around_its_frame(display_layers):
    from atlas.places.boundaries import main_bounds
    from atlas.publishing.maps.regions import Region, frame_box, sheet_layers

    shanghai = Region("province-310000", "上海市", ("310000",))
    own = display_layers["province"][display_layers["province"]["adcode"] == "310000"]
    layers = sheet_layers(shanghai, display_layers, main_bounds(own))
    codes = set(layers["province"]["adcode"])
    assert {"310000", "320000", "330000"} <= codes  # itself and its neighbours, as context
    assert not codes & {"650000", "540000", "230000", "460000"}  # nothing far away
    minx, miny, maxx, maxy = frame_box(main_bounds(own))
    extent = layers["province"].geometry.bounds
    assert ((extent["minx"] <= maxx) & (extent["maxx"] >= minx) & (extent["miny"] <= maxy)
            & (extent["maxy"] >= miny)).all()
    for level in ("prefecture", "county"):  # its own units only
        assert set(layers[level]["province_adcode"]) == {"310000"}


def test_outline_layers_are_drawn_as_their_borders_and_filled_ones_as_polygons(hostile_page):
    assert "pilotAtlasDecode(pilotAtlasTopology, 0," in hostile_page  # provinces: filled polygons
    assert "pilotAtlasMesh(pilotAtlasTopology, 1)" in hostile_page  # prefectures: outlines
    assert "pilotAtlasMesh(pilotAtlasTopology, 2)" in hostile_page  # counties: outlines


def _data_blocks(page: str) -> dict:
    import json

    return {m.group(1): json.loads(m.group(2))
            for m in re.finditer(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S)}


def test_popups_wait_in_a_block_of_their_own_read_when_one_opens(hostile_page):
    from atlas.publishing.maps.markers import PlaceInfo, located, marker_rows

    blocks = _data_blocks(hostile_page)
    layers = [key for key in blocks if key.startswith("pa-data-point_layer_") and not key.endswith("-popups")]
    assert layers and all(f"{key}-popups" in blocks for key in layers)
    markers = [row for key in layers for row in blocks[key]]
    popups = [popup for key in layers for popup in blocks[f"{key}-popups"]]
    # the markers' own block flags the popup; the popup itself, byte for byte what marker_rows made, is elsewhere
    rows, _ = marker_rows(located(hostile_register()), PlaceInfo.build(hostile_facts(), hostile_mentions()))
    assert [{**m, "popup": p} if m.get("popup") else m for m, p in zip(markers, popups)] == rows
    assert all(m["popup"] == 1 for m in markers) and HOSTILE not in str(markers)
    assert "PilotAtlas.later(function () { return JSON.parse(" in hostile_page  # parsed on first use
    assert hostile_page.count("-popups\").textContent") == len(layers)


def test_sheets_carry_the_coarse_drawings_of_the_zooms_they_open_at(display_layers):
    from atlas.places.boundaries import main_bounds
    from atlas.publishing.maps.layers import DETAIL_LEVELS
    from atlas.publishing.maps.regions import fitted_zoom, sheet_detail_levels

    provinces = display_layers["province"]
    seen = set()
    for code in ("110000", "310000", "420000", "150000", "650000"):
        bounds = main_bounds(provinces[provinces["adcode"] == code])
        levels = sheet_detail_levels(bounds)
        assert levels == DETAIL_LEVELS[len(DETAIL_LEVELS) - len(levels):]  # the finest ones, from a zoom on
        # every level drawn within two zoom steps below the fitted view is there
        assert all(level in levels for level in DETAIL_LEVELS if level[0] > fitted_zoom(bounds) - 2)
        seen.add(len(levels))
    assert 0 in seen and len(DETAIL_LEVELS) in seen  # Beijing and Shanghai open close in; Xinjiang wide


def test_marker_rows_read_as_dicts_give_what_series_rows_give(seed_build):
    from atlas.publishing.maps.markers import PlaceInfo, located, marker_rows, marker_style, row_dicts, search_entry

    rows = located(seed_build[1].register)
    for record, (_, row) in zip(row_dicts(rows), rows.iterrows()):  # the same values, of the same types
        assert [type(record[k]) for k in rows.columns] == [type(row[k]) for k in rows.columns]
        assert all(pd.isna(row[k]) and pd.isna(record[k]) or record[k] == row[k] for k in rows.columns)
    info = PlaceInfo.build(facts_frame(pd.DataFrame()), mentions_frame([]))

    def extra(row):
        return [("Batch and place", f"{row['batch']} {row['canonical_name']} {row['lat']:g}")]

    markers, entries = marker_rows(rows, info, extra=extra)
    plain = [(info.popup(row, extra(row)), marker_style(row), search_entry(row, info)) for _, row in rows.iterrows()]
    assert len(markers) == len(plain) > 100
    assert [(m["popup"], m["style"], e) for m, e in zip(markers, entries)] == plain


def test_macro_text_without_jinja_syntax_renders_as_jinja_renders_it(display_layers, monkeypatch):
    from jinja2 import Template

    from atlas.publishing.maps import offline

    for text in ("", "\n", "a\n", "a\n\n", "<script>\n  var m = L.map('x', {});\n</script>\n", "{ {} }", "{-x-}"):
        assert offline.template(text).render(this=None, kwargs={}) == Template(text).render(this=None, kwargs={})
    for text in ("{{ 1 }}", "{% if 1 %}a{% endif %}", "{# c #}", "a\r\nb"):
        assert offline.template(text).render() == Template(text).render()  # compiled as Jinja: the same
    fast = hostile_page_html(display_layers, "t")
    monkeypatch.setattr(offline, "template", offline._JINJA_TEMPLATE)  # every element's text compiled by Jinja
    assert fast == hostile_page_html(display_layers, "t")


def test_arcs_simplified_with_row_keys_keep_what_sorted_rows_keep(display_layers, monkeypatch):
    from atlas.publishing.maps import arcs

    rings = [ring for polygons in arcs.quantise_geometries(display_layers["province"].geometry, 1000)
             for polygon in polygons for ring in polygon]
    found = arcs.shared_arcs(rings)
    fast = {tolerance: arcs._simplified(found, tolerance) for tolerance in (20, 80, 320)}
    monkeypatch.setattr(arcs, "row_keys", lambda rows: None)  # rows numbered by np.unique(axis=0)
    for tolerance, kept in fast.items():
        assert np.array_equal(kept, arcs._simplified(found, tolerance))
        assert 0 < kept.sum() < len(kept)
