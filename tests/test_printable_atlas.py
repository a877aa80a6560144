"""The printable atlas (atlas.pdf): contents plus one page per sheet, the region's name on its page, same bytes twice."""

from __future__ import annotations

import pandas as pd
import pytest

pdfplumber = pytest.importorskip("pdfplumber")


def _rows(count: int, province: str, name: str) -> pd.DataFrame:
    return pd.DataFrame({
        "canonical_name": [f"{name}{i}号县" for i in range(count)], "name": [f"{name}{i}号县" for i in range(count)],
        "lon": [116.0 + 0.05 * i for i in range(count)], "lat": [39.8 + 0.01 * i for i in range(count)],
        "precision": "county", "role": ["pilot" if i % 2 else "example" for i in range(count)],
        "province": name, "joined_province": province, "resident_pop_10k": 12.5,
        "sources": [f"doc{i % 3}.txt:{i + 1}" for i in range(count)]})


@pytest.fixture(scope="module")
def small_atlas(tmp_path_factory):
    from atlas.pipeline import STATIC_TOLERANCE
    from atlas.places import boundaries
    from atlas.publishing.printable import AtlasSheet, write_atlas_pdf
    from atlas.publishing.static_maps import StaticMaps

    static = StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE))
    sheets = [AtlasSheet("北京市", ("110000",), _rows(4, "110000", "北京市")),
              AtlasSheet("天津市", ("120000",), _rows(45, "120000", "天津市"))]  # 45 rows: the table continues
    folder = tmp_path_factory.mktemp("atlas_pdf")
    first = write_atlas_pdf(folder / "a.pdf", static, sheets, "Pilot Atlas")
    second = write_atlas_pdf(folder / "b.pdf", static, sheets, "Pilot Atlas")
    return sheets, first, second


def test_contents_then_one_page_per_sheet_and_continued_tables(small_atlas):
    sheets, path, _ = small_atlas
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
    assert sizes == {(842, 595)}, "A4 landscape"
    assert len(pages) == 1 + 1 + 2 == 1 + sum(s.table_pages() for s in sheets)
    assert "目录" in pages[0] and "北京市 2" in pages[0] and "天津市 3" in pages[0]
    assert "北京市" in pages[1] and "北京市3号县" in pages[1] and pages[1].rstrip().endswith("2")
    assert "天津市" in pages[2] and "天津市（续）" in pages[3]
    assert "天津市44号县" in pages[3], "the table's last row is printed"
    assert "doc0.txt" in pages[1] and "km" in pages[1]  # sources and scale bar


def test_same_inputs_same_bytes(small_atlas):
    _, first, second = small_atlas
    assert first.read_bytes() == second.read_bytes()
    assert b"CreationDate" not in first.read_bytes()


def test_the_build_writes_atlas_pdf_and_links_it(seed_build):
    out, _ = seed_build
    sheets = sorted(p.stem for p in (out / "regions").glob("*.html"))
    with pdfplumber.open(out / "atlas.pdf") as pdf:
        count = len(pdf.pages)
        contents, second = pdf.pages[0].extract_text(), pdf.pages[1].extract_text()
    assert count >= 1 + len(sheets) and "province-110000" in sheets
    assert "东部地区" in second and "北京市" in contents
    assert 'href="atlas.pdf"' in (out / "index.html").read_text("utf-8")
