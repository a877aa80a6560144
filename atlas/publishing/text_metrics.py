"""Text measured and laid out once per build, not once per image: caches of matplotlib's text work for all figures.

Matplotlib measures a text (width, height, descent) through the renderer
that draws it, and keeps what it measured for that renderer alone; every
PNG, SVG and PDF page gets a renderer of its own, so a place name, a legend
entry or the source line is measured again in every image (each time a
FreeType layout of CJK glyphs, ~0.4 ms). What a measure gives depends only on
the kind of renderer and its resolution, the text, the font properties and
the settings that pick and hint the font, so it is kept under exactly those:
the same inputs give the same numbers matplotlib computes (tested), and the
images do not change. Likewise a PNG's Agg renderer keeps the layout of each
text (the glyphs and their positions FreeType and raqm give for a font, size,
resolution and hinting) for the next image that draws the same text
(:func:`keep_layouts`); the glyphs are still rendered at each text's own place.
The PDF renderer and the SVG one (text as paths) lay out text from fonts they
size themselves; :func:`install` lets those fonts keep their layouts the same way.
The PDF renderer refers to each glyph by its number, so its text is laid out
without loading every glyph's outline (:func:`_glyph_layout`; the SVG one draws
the outlines and loads them as before).
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from collections.abc import Callable

import matplotlib
import matplotlib.text as mtext
from matplotlib import _text_helpers, font_manager
from matplotlib.backends._backend_pdf_ps import RendererPDFPSBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.textpath import TextToPath

#: Settings a text's metrics depend on besides its font properties (font choice, hinting, vector font handling).
_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
             "text.hinting", "text.hinting_factor", "text.usetex", "pdf.fonttype", "pdf.use14corefonts",
             "ps.fonttype", "ps.useafm", "svg.fonttype")
#: Settings ``findfont`` reads besides the font properties (matplotlib's own list).
_FONT_SETTINGS = tuple(f"font.{key}" for key in ("family", "style", "variant", "weight", "stretch", "size", "serif",
                                                 "sans-serif", "cursive", "fantasy", "monospace"))
#: Most entries kept (a build measures a few thousand distinct texts).
LIMIT = 100_000

_measured: dict = {}
_laid_out: dict = {}
_found: dict = {}
_tables: dict = {}
_outlined: dict = {}
_plain = mtext._get_text_metrics_with_cache
_plain_text_font = mtext.get_font
_plain_find_fonts = font_manager.FontManager._find_fonts_by_props
_plain_pdf_font = RendererPDFPSBase._get_font_ttf
_plain_path_font = TextToPath._get_font
_plain_glyph_layout = _text_helpers.layout
_plain_glyphs_with_font = TextToPath.get_glyphs_with_font


_MISSING = object()


def _kept(store: dict, key, compute: Callable[[], object]):
    """``store[key]``, computed by ``compute`` when missing (the store emptied first once it holds :data:`LIMIT`)."""
    found = store.get(key, _MISSING)
    if found is _MISSING:
        if len(store) >= LIMIT:
            store.clear()
        found = store[key] = compute()
    return found


def _settings(keys: tuple[str, ...] = _SETTINGS) -> tuple:
    """The values of the settings ``keys``, hashable (lists as tuples)."""
    get = matplotlib.rcParams._get  # the values as stored (matplotlib's public fast read)
    return tuple([tuple(v) if isinstance(v, list) else v for v in map(get, keys)])


def _fonts(manager: font_manager.FontManager | None = None) -> tuple:
    """What ``findfont`` chooses from besides the font properties and settings: the font manager and its fonts.

    A font manager's lists only grow (``addfont``), so the manager (matplotlib's
    current one by default) and their lengths stand for the fonts ``findfont``
    chooses from, without asking it each time.
    """
    manager = manager or font_manager.fontManager
    return manager, len(manager.ttflist), len(manager.afmlist)


def text_metrics(renderer, text: str, fontprop, ismath, dpi):
    """``renderer.get_text_width_height_descent`` of ``text``, computed once per build for the same inputs.

    Same arguments and result as matplotlib's ``_get_text_metrics_with_cache``;
    math and TeX text go to it unchanged.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import RendererAgg
    >>> from matplotlib.font_manager import FontProperties
    >>> renderer, prop = RendererAgg(10, 10, 300), FontProperties(size=6)
    >>> measured = renderer.get_text_width_height_descent("Pilot", prop, False)
    >>> text_metrics(renderer, "Pilot", prop, False, 300) == measured
    True
    """
    if ismath or matplotlib.rcParams["text.usetex"]:
        return _plain(renderer, text, fontprop, ismath, dpi)
    key = (type(renderer), getattr(renderer, "dpi", None), text, fontprop.copy(), dpi, _fonts(), _settings())
    return _kept(_measured, key, lambda: renderer.get_text_width_height_descent(text, fontprop, ismath))


def find_fonts(manager: font_manager.FontManager, prop, fontext: str = "ttf", directory=None,
               fallback_to_default: bool = True, rebuild_if_missing: bool = True) -> list:
    """``FontManager._find_fonts_by_props`` (the font files for ``prop``, fallbacks after it), found once per build.

    Kept under what the search reads: the font properties, the arguments, the
    font manager and its fonts (:func:`_fonts`) and the font settings; a
    text is drawn, measured and laid out through it several times.

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, fontManager
    >>> prop = FontProperties(family="sans-serif", size=7)
    >>> find_fonts(fontManager, prop) == _plain_find_fonts(fontManager, prop)
    True
    """
    if not isinstance(prop, font_manager.FontProperties) or os.getenv("MPL_IGNORE_SYSTEM_FONTS"):
        return _plain_find_fonts(manager, prop, fontext, directory, fallback_to_default, rebuild_if_missing)
    key = (_fonts(manager), prop.copy(), fontext, directory, fallback_to_default, rebuild_if_missing,
           _settings(_FONT_SETTINGS))
    return list(_kept(_found, key, lambda: _plain_find_fonts(manager, prop, fontext, directory, fallback_to_default,
                                                             rebuild_if_missing)))


def install() -> None:
    """Let matplotlib measure text through :func:`text_metrics`, find fonts through :func:`find_fonts`, read a
    font's tables once (:func:`_line_metrics_font`), and the PDF and SVG renderers keep their text layouts
    (:func:`_pdf_font`, :func:`_path_font`, :func:`_glyph_layout`) and glyph outlines (:func:`glyphs_with_font`);
    idempotent."""
    for owner, name, fast, _ in _replaced():
        setattr(owner, name, fast)


def uninstall() -> None:
    """Matplotlib's own text measures, font search and layouts again (to compare with them)."""
    for owner, name, _, plain in _replaced():
        setattr(owner, name, plain)


def _replaced() -> list[tuple[object, str, Callable, Callable]]:
    """(owner, attribute, this module's function, matplotlib's own) of everything :func:`install` replaces."""
    return [(mtext, "_get_text_metrics_with_cache", text_metrics, _plain),
            (font_manager.FontManager, "_find_fonts_by_props", find_fonts, _plain_find_fonts),
            (mtext, "get_font", _line_metrics_font, _plain_text_font),
            (RendererPDFPSBase, "_get_font_ttf", _pdf_font, _plain_pdf_font),
            (TextToPath, "_get_font", _path_font, _plain_path_font),
            (_text_helpers, "layout", _glyph_layout, _plain_glyph_layout),
            (TextToPath, "get_glyphs_with_font", glyphs_with_font, _plain_glyphs_with_font)]


class _TableKeepingFont:
    """A font as a text reads it for its line height (``Text._get_layout``): each SFNT table read once per build.

    A font file's tables do not change; the table (a dict) is handed out as
    read, as matplotlib only reads it.
    """

    __slots__ = ("_font",)

    def __init__(self, font):
        self._font = font

    def get_sfnt_table(self, name: str):
        return _kept(_tables, (self._font, name), lambda: self._font.get_sfnt_table(name))

    def __getattr__(self, name):
        return getattr(self._font, name)


def _line_metrics_font(font_filepaths, **kwargs) -> _TableKeepingFont:
    """``get_font`` as ``matplotlib.text`` calls it (for a text's line height), its tables kept
    (:class:`_TableKeepingFont`).

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties, fontManager
    >>> files = fontManager._find_fonts_by_props(FontProperties(size=6))
    >>> _line_metrics_font(files).get_sfnt_table("head") == _plain_text_font(files).get_sfnt_table("head")
    True
    """
    return _TableKeepingFont(_plain_text_font(font_filepaths, **kwargs))


class _LayoutKeepingFont:
    """A font as ``RendererAgg`` prepares it for a text (size and resolution set), its layouts kept per text."""

    __slots__ = ("_font", "_size", "_dpi")

    def __init__(self, font, size: float, dpi: float):
        self._font, self._size, self._dpi = font, size, dpi

    def _layout(self, text, flags, features=None, language=None):
        key = (self._font, self._size, self._dpi, text, flags, features, language)
        return _kept(_laid_out, key, lambda: self._font._layout(text, flags, features=features, language=language))

    def __getattr__(self, name):
        return getattr(self._font, name)


def _prepare_font(renderer: RendererAgg, font_prop) -> _LayoutKeepingFont:
    font = RendererAgg._prepare_font(renderer, font_prop)
    return _LayoutKeepingFont(font, font_prop.get_size_in_points(), renderer.dpi)


class _NumberedGlyphsFont(_LayoutKeepingFont):
    """A PDF (or PostScript) renderer's font: the renderer writes glyph numbers and positions, never outlines."""

    __slots__ = ()


def _pdf_font(renderer: RendererPDFPSBase, font_prop) -> _NumberedGlyphsFont:
    """The PDF (and PostScript) renderer's font for ``font_prop``, sized at 72 dpi, its layouts kept per text."""
    return _NumberedGlyphsFont(_plain_pdf_font(renderer, font_prop), font_prop.get_size_in_points(), 72)


def _glyph_layout(string: str, font, *, features=None, language=None):
    """Matplotlib's ``_text_helpers.layout``: the glyphs of ``string`` with their positions, each loaded in turn;
    for a PDF renderer's font (:class:`_NumberedGlyphsFont`) without loading them (its outline is not read)."""
    if not isinstance(font, _NumberedGlyphsFont):
        yield from _plain_glyph_layout(string, font, features=features, language=language)
        return
    yield from font._layout(string, matplotlib.ft2font.LoadFlags.NO_HINTING, features=features, language=language)


def _path_font(text2path: TextToPath, font_prop) -> _LayoutKeepingFont:
    """The font text-to-path conversion (SVG text as paths) draws ``font_prop`` with, its layouts kept per text.

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties
    >>> from matplotlib.textpath import text_to_path
    >>> font = _path_font(text_to_path, FontProperties(size=6))
    >>> flags = matplotlib.ft2font.LoadFlags.NO_HINTING
    >>> font._layout("试点", flags) is _path_font(text_to_path, FontProperties(size=9))._layout("试点", flags)
    True
    """
    return _LayoutKeepingFont(_plain_path_font(text2path, font_prop), text2path.FONT_SCALE, text2path.DPI)


def glyphs_with_font(text2path: TextToPath, font, s: str, glyph_map=None, return_new_glyphs_only: bool = False, *,
                     features=None, language=None):
    """``TextToPath.get_glyphs_with_font``: the glyphs of ``s`` (id, position, scale), the outlines of those
    ``glyph_map`` lacks, and no rectangles; for a font of :func:`_path_font`, each text's glyphs and outlines
    found once per build (a glyph's id names its font and number, its outline is that of the font at the
    converter's fixed size).

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties
    >>> from matplotlib.textpath import text_to_path
    >>> font = _path_font(text_to_path, FontProperties(size=6))
    >>> kept, plain = (find(text_to_path, font, "试点 12", {}, True)
    ...                for find in (glyphs_with_font, _plain_glyphs_with_font))
    >>> kept[0] == plain[0] and list(kept[1]) == list(plain[1]) and kept[2] == plain[2] == []
    True
    """
    if not isinstance(font, _LayoutKeepingFont):
        return _plain_glyphs_with_font(text2path, font, s, glyph_map, return_new_glyphs_only, features=features,
                                       language=language)
    glyphs, outlines = _kept(_outlined, (font._font, font._size, font._dpi, s, features, language),
                             lambda: _plain_glyphs_with_font(text2path, font, s, features=features,
                                                             language=language)[:2])
    glyph_map = OrderedDict() if glyph_map is None else glyph_map
    glyph_map_new = OrderedDict() if return_new_glyphs_only else glyph_map
    for glyph_repr, *_ in glyphs:
        if glyph_repr not in glyph_map:
            glyph_map_new[glyph_repr] = outlines[glyph_repr]
    return list(glyphs), glyph_map_new, []


def keep_layouts(renderer: RendererAgg) -> RendererAgg:
    """Let an Agg renderer lay out each text once per build (same glyphs and positions, so the same pixels).

    Examples
    --------
    >>> from matplotlib.font_manager import FontProperties
    >>> renderer = keep_layouts(RendererAgg(10, 10, 300))
    >>> font = renderer._prepare_font(FontProperties(size=6))
    >>> flags = matplotlib.ft2font.LoadFlags.DEFAULT
    >>> font._layout("试点", flags) is font._layout("试点", flags)
    True
    """
    if not isinstance(renderer.__dict__.get("_prepare_font"), functools.partial):
        renderer._prepare_font = functools.partial(_prepare_font, renderer)
    return renderer
