"""Generated HTML checked as text: offline, escaped, deterministic."""

import re

import pandas as pd
import pytest

from atlas.places import register
from atlas.reading.extraction import facts_frame, mentions_frame
from atlas.publishing.maps.escaping import html_text, safe_json
from atlas.publishing.maps.layers import encode_deltas
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


def test_polyline_encoding_known_values():
    # Google's documented example: -179.9832104 → "`~oia@" at 1e5
    assert encode_deltas([round(-179.9832104 * 1e5)]) == "`~oia@"
    assert encode_deltas([0, 1, -1, 16]) == "?A@_@"
