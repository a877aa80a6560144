"""A small copy of the Chinese font for each PDF, so that embedding it costs a tenth of a second, not a second.

Matplotlib embeds the glyphs a PDF uses by subsetting the font file with
fontTools when the PDF is closed. For Noto Sans CJK (a 20 MB collection with
65,000 glyphs and large layout tables) that means reading much of the font
every time. Here the font is first reduced to the characters one PDF prints,
once, and kept in the cache folder (a PDF drawn again with the same text, as in
a forced build, finds its copy there); matplotlib then subsets that small copy,
registered under a family name of its own.

The copy keeps the original's glyph order, layout closure (alternate forms,
ligatures), names and every code point that maps to a kept glyph, so the font
embedded from it is the one the original would give; only the six-letter
subset tag in the PDF's font name, a hash of glyph numbers, differs. A copy
depends on nothing but the characters it was made for.

Matplotlib then cuts that copy once more, to the glyphs each embedded font
holds (fontTools again: ~0.15 s per font, two fonts per part). While a part is
saved, :func:`cached_glyph_subsets` keeps those cuts of a printing copy in the
cache folder too, keyed by the copy and the glyphs: the bytes embedded are
those fontTools made, read back instead of made again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import time
from collections.abc import Iterable
from pathlib import Path

#: Bump when the way the copy is made changes (part of the cache key).
_VERSION = "3"
#: Copies not used for this long are removed from the cache.
_KEEP_SECONDS = 30 * 24 * 3600
#: Tables matplotlib's own subsetting drops (kept out of the copy too: never embedded).
_DROPPED = ("FFTM", "PfEd", "BDF", "meta", "MERG", "TSIV", "Zapf", "bdat", "bloc", "cidg", "fdsc", "feat", "fmtx",
            "fond", "just", "kerx", "ltag", "morx", "trak", "xref")


def subset_font(source: str, face_index: int, chars: Iterable[str]) -> bytes:
    """The font ``source`` (face ``face_index`` of a collection) reduced to the glyphs of ``chars``.

    Glyph order, layout closure (alternate forms, ligatures) and names are
    those of the original, and every code point of the original that maps to a
    kept glyph is kept, so that a later subset of the copy gives the font the
    same subset of the original gives.

    Examples
    --------
    >>> from matplotlib import font_manager
    >>> path = font_manager.findfont("DejaVu Sans")
    >>> small = subset_font(path, 0, "Atlas")
    >>> len(small) < Path(path).stat().st_size
    True
    """
    from fontTools import subset

    options = subset.Options(glyph_names=True, recommended_glyphs=True)
    options.drop_tables += list(_DROPPED)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.prune_unicode_ranges = options.prune_codepage_ranges = False  # left to the final subset, as for the original
    options.font_number = face_index
    font = subset.load_font(source, options)
    try:
        before = list(font["cmap"].tables)
        original = {id(table): dict(table.cmap) for table in before if _maps_code_points(table)}
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=sorted({ord(c) for c in chars}))
        subsetter.subset(font)
        kept, after = subsetter.glyphs_retained, {id(table) for table in font["cmap"].tables}
        tables = []
        for table in before:  # every Unicode table of the original, with each code point whose glyph is kept
            if id(table) in original:
                table.cmap = {code: glyph for code, glyph in original[id(table)].items() if glyph in kept}
                if table.cmap:
                    tables.append(table)
            elif id(table) in after:
                tables.append(table)
        font["cmap"].tables = tables
        out = io.BytesIO()
        font.save(out, reorderTables=False)
        return out.getvalue()
    finally:
        font.close()


def _maps_code_points(table) -> bool:
    return table.isUnicode() and table.format not in (14, 15)


def _cache_folder() -> Path:
    from atlas.places.cache import cache_dir

    return cache_dir() / "pdf-fonts"


def _prune(folder: Path, keep: Path) -> None:
    cutoff = time.time() - _KEEP_SECONDS
    for old in [*folder.glob("*.otf"), *folder.glob("*.bin")]:
        with contextlib.suppress(OSError):
            if old != keep and old.stat().st_mtime < cutoff:
                old.unlink()


def cached_subset(source: str, face_index: int, chars: Iterable[str]) -> Path:
    """The file of :func:`subset_font` for these arguments, made once and kept in the cache folder.

    The key is the font file (path, size, time), fontTools' version and the
    characters; a copy is written atomically, so readers never see half a font.
    """
    import fontTools

    from atlas.common.io import write_bytes

    text = "".join(sorted(set(chars)))
    stat = os.stat(source)
    key = hashlib.sha256("\0".join([_VERSION, fontTools.version, os.path.realpath(source), str(face_index),
                                    str(stat.st_size), str(stat.st_mtime_ns), text]).encode("utf-8", "surrogatepass"))
    folder = _cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(source).stem}-{face_index}-{key.hexdigest()[:24]}.otf"
    if path.is_file():
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not pruned
    else:  # two page workers making the same copy write the same bytes, each atomically
        write_bytes(path, subset_font(source, face_index, text))
        _prune(folder, path)
    return path


def _glyph_subset_file(fontfile: str, face_index: int, glyphs) -> Path | None:
    """Where the cut of a printing copy to ``glyphs`` is kept; None for any other font (never cached)."""
    import fontTools

    path = Path(os.fsdecode(fontfile))
    folder = _cache_folder()
    if path.parent != folder or path.suffix != ".otf":
        return None
    key = hashlib.sha256(" ".join([_VERSION, fontTools.version, path.name, str(face_index),
                                   *map(str, sorted(int(g) for g in glyphs))]).encode())
    return folder / f"{path.stem}-glyphs-{key.hexdigest()[:24]}.bin"


@contextlib.contextmanager
def cached_glyph_subsets():
    """While active, matplotlib's PDF backend reads the cut of a printing copy from the cache when it was made before.

    Only fonts of :func:`cached_subset` (in the cache folder) are cached;
    a cut is stored as its font bytes followed by the glyph map, written
    atomically. The bytes embedded are the same as without the cache (tested).
    """
    import json

    from matplotlib.backends import _backend_pdf_ps

    from atlas.common.io import write_bytes

    original = getattr(_backend_pdf_ps, "get_glyphs_subset", None)
    results = getattr(_backend_pdf_ps, "SubsetResults", None)
    if original is None or results is None:  # another matplotlib: no cache
        yield
        return

    def stored(store) -> tuple[bytes, dict] | None:
        try:
            data = store.read_bytes()
            size = int.from_bytes(data[:8], "big")
            return data[8:8 + size], {int(k): v for k, v in json.loads(data[8 + size:]).items()}
        except (OSError, ValueError):
            return None  # missing or damaged: cut again

    def cached(fontfile, glyphs):
        from fontTools.ttLib import TTFont

        glyphs = set(glyphs)
        store = _glyph_subset_file(fontfile, getattr(fontfile, "face_index", 0), glyphs)
        if store is None:
            return original(fontfile, glyphs)
        found = stored(store)
        if found is None:
            with original(fontfile, glyphs) as made:
                found = _backend_pdf_ps.font_as_file(made.font).getvalue(), dict(made.glyph_index_map)
            with contextlib.suppress(OSError):  # a cache that cannot be written costs only the time
                write_bytes(store, len(found[0]).to_bytes(8, "big") + found[0]
                            + json.dumps({str(k): v for k, v in sorted(found[1].items())}).encode())
        else:
            with contextlib.suppress(OSError):
                os.utime(store)
        font = TTFont(io.BytesIO(found[0]), recalcBBoxes=False, recalcTimestamp=False)
        return results(font, found[1])._as_cm()

    _backend_pdf_ps.get_glyphs_subset = cached
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = original


def register(path: Path, family: str) -> str:
    """Make the font file ``path`` known to matplotlib as ``family`` (once per process); return ``family``."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    fname = os.fsdecode(path)
    if not any(entry.fname == fname and entry.name == family for entry in manager.ttflist):
        manager.addfont(fname)  # also forgets earlier font look-ups
        manager.ttflist[:] = [dataclasses.replace(entry, name=family) if entry.fname == fname else entry
                              for entry in manager.ttflist]
    return family


def printing_family(chars: Iterable[str]) -> str | None:
    """A matplotlib family name for a small copy of the Chinese font holding ``chars``, or None.

    None when no Chinese font is installed or the copy cannot be made (a
    read-only cache, a font fontTools cannot read): the text is then drawn with
    the installed font itself, as it looks the same, only slower to embed.
    """
    from matplotlib import font_manager

    from atlas.publishing import charts

    name = charts.cjk_font()
    if name is None:
        return None
    try:
        found = font_manager.findfont(font_manager.FontProperties(family=[name]), fallback_to_default=False)
        face_index = getattr(found, "face_index", 0)
        path = cached_subset(str(found), face_index, chars)
        digest = path.stem.rsplit("-", 1)[-1][:12]
        return register(path, f"{name} (printing copy {digest})")
    except Exception:  # noqa: BLE001 (any failure only costs speed: the installed font is used)
        return None
