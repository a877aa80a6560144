"""The small font copy for PDFs: the same PDF as with the installed font but for the subset tag of its name."""

from __future__ import annotations

import io
import re
import warnings

import pytest


@pytest.fixture()
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PILOT_ATLAS_CACHE", str(tmp_path))
    return tmp_path


def _pdf(family: str | list[str], lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` in ``family`` (a name or a fallback list; TrueType embedding, no dates)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    from atlas.publishing import charts

    fig = charts.new_figure((4, 2))
    for i, line in enumerate(lines):
        fig.text(0.05, 0.9 - 0.2 * i, line, fontsize=9, family=family)
    out = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        with PdfPages(out, metadata={"Creator": None, "Producer": None, "CreationDate": None}) as pdf:
            pdf.savefig(fig)
    return out.getvalue()


def _untagged(pdf: bytes) -> bytes:
    """The PDF with the subset tags of its font names (``/ABCDEF+Name``, a hash of glyph numbers) blanked."""
    return re.sub(rb"/[A-Z]{6}\+", b"/XXXXXX+", pdf)


def _font(name: str) -> tuple[str, int]:
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family=[name]), fallback_to_default=False)
    return str(found), getattr(found, "face_index", 0)


LINES = ["Pilot Atlas, p. 12 — 3.5 km", "office ffi (1,234)"]


def test_a_copy_embeds_the_font_the_original_gives_whatever_else_it_holds(private_cache):
    from atlas.publishing import pdf_fonts

    source, face = _font("DejaVu Sans")
    exact = pdf_fonts.register(pdf_fonts.cached_subset(source, face, "".join(LINES)), "Copy exact")
    more = pdf_fonts.register(pdf_fonts.cached_subset(source, face, "".join(LINES) + "XYZ¡ÀÉ€→∑qj"), "Copy more")
    plain = _pdf("DejaVu Sans", LINES)
    assert _pdf(exact, LINES) == _pdf(exact, LINES) != plain, "deterministic; the tag hashes the copy's glyph numbers"
    assert _untagged(_pdf(exact, LINES)) == _untagged(plain)
    assert _untagged(_pdf(more, LINES)) == _untagged(plain)
    assert len(list((private_cache / "pdf-fonts").glob("*.otf"))) == 2


def test_the_copy_is_made_once_and_characters_it_lacks_fall_back(private_cache):
    from pypdf import PdfReader

    from atlas.publishing import pdf_fonts

    source, face = _font("DejaVu Sans")
    path = pdf_fonts.cached_subset(source, face, "Atlas")
    stamp, inode = path.stat().st_mtime_ns, path.stat().st_ino
    assert pdf_fonts.cached_subset(source, face, "saltA") == path and path.stat().st_size < 50_000
    assert path.read_bytes() == pdf_fonts.subset_font(source, face, "Atlas")
    family = pdf_fonts.register(path, "Copy of few")
    assert pdf_fonts.register(path, "Copy of few") == family  # registered once
    from matplotlib import font_manager

    assert sum(entry.fname == str(path) for entry in font_manager.fontManager.ttflist) == 1
    data = _pdf([family, "DejaVu Sans"], ["Atlas Zebra"])  # Z, e, b, r: not in the copy, drawn from the next font
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Atlas" in text and "Zebra" in text
    assert stamp <= path.stat().st_mtime_ns
    assert path.stat().st_ino == inode  # found in the cache, not written again (a write replaces the file)


def test_the_chinese_font_copy_embeds_like_the_installed_font(private_cache):
    """The real case, a CFF collection (Noto Sans CJK): embedding the copy gives the same PDF but for the tag."""
    from atlas.publishing import charts, pdf_fonts

    installed = charts.cjk_font()
    if installed is None:
        pytest.skip("no Chinese font installed")
    lines = ["东部地区（续） 北京市 2", "河北省威县 — 12.5 km"]
    family = pdf_fonts.printing_family("".join(lines))
    assert family is not None and family != installed
    assert _untagged(_pdf(family, lines)) == _untagged(_pdf(installed, lines))


def test_cached_cuts_of_the_copy_embed_the_same_bytes(private_cache, monkeypatch):
    """A part saved with the cut of the copy made (cache miss), read back (hit) or made plainly: the same PDF."""
    from atlas.publishing import charts, pdf_fonts

    if charts.cjk_font() is None:
        pytest.skip("no Chinese font installed")
    lines = ["江苏省南京市 — 3.5 km", "Pilot Atlas (12)"]
    family = pdf_fonts.printing_family("".join(lines))
    plain = _pdf(family, lines)
    with pdf_fonts.cached_glyph_subsets():
        made = _pdf(family, lines)
    cuts = sorted((private_cache / "pdf-fonts").glob("*.bin"))
    assert len(cuts) == 2, "one cut per embedded font (single-byte and multi-byte glyphs)"
    from fontTools import subset

    def never(*args, **kwargs):
        raise AssertionError("the cut is read back, not made again")

    with monkeypatch.context() as patched, pdf_fonts.cached_glyph_subsets():
        patched.setattr(subset.Subsetter, "subset", never)
        read_back = _pdf(family, lines)
    assert made == read_back == plain
    from matplotlib.backends import _backend_pdf_ps
    assert _backend_pdf_ps.get_glyphs_subset.__module__ == _backend_pdf_ps.__name__, "restored after use"


def test_a_damaged_cut_is_made_again(private_cache):
    """A cut file cut short (a full disk, a killed build) is made again, not read as a font."""
    from atlas.publishing import charts, pdf_fonts

    if charts.cjk_font() is None:
        pytest.skip("no Chinese font installed")
    lines = ["浙江省湖州市 — 7 km"]
    family = pdf_fonts.printing_family("".join(lines))
    plain = _pdf(family, lines)
    with pdf_fonts.cached_glyph_subsets():
        _pdf(family, lines)
    cuts = sorted((private_cache / "pdf-fonts").glob("*.bin"))
    assert cuts
    for cut in cuts:
        cut.write_bytes(cut.read_bytes()[:40])
    with pdf_fonts.cached_glyph_subsets():
        assert _pdf(family, lines) == plain
