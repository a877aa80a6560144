"""Text measured once per build, not once per image: a cache of matplotlib's text metrics shared by every figure.

Matplotlib measures a text (width, height, descent) through the renderer
that draws it, and keeps what it measured for that renderer alone; every
PNG, SVG and PDF page gets a renderer of its own, so a place name, a legend
entry or the source line is measured again in every image (each time a
FreeType layout of CJK glyphs, ~0.4 ms). What a measure gives depends only on
the kind of renderer and its resolution, the text, the font properties and
the settings that pick and hint the font, so it is kept under exactly those:
the same inputs give the same numbers matplotlib computes (tested), and the
images do not change.
"""

from __future__ import annotations

import matplotlib
import matplotlib.text as mtext
from matplotlib import font_manager

#: Settings a text's metrics depend on besides its font properties (font choice, hinting, vector font handling).
_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive", "font.fantasy",
             "text.hinting", "text.hinting_factor", "text.usetex", "pdf.fonttype", "pdf.use14corefonts",
             "ps.fonttype", "ps.useafm", "svg.fonttype")
#: Most entries kept (a build measures a few thousand distinct texts).
LIMIT = 100_000

_measured: dict = {}
_plain = mtext._get_text_metrics_with_cache


def _settings() -> tuple:
    rc = matplotlib.rcParams
    return tuple(tuple(v) if isinstance(v, list) else v for v in (rc[k] for k in _SETTINGS))


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
    key = (type(renderer), getattr(renderer, "dpi", None), text, fontprop.copy(), dpi,
           font_manager.findfont(fontprop), _settings())
    found = _measured.get(key)
    if found is None:
        found = renderer.get_text_width_height_descent(text, fontprop, ismath)
        if len(_measured) >= LIMIT:
            _measured.clear()
        _measured[key] = found
    return found


def install() -> None:
    """Let matplotlib measure text through :func:`text_metrics` (idempotent)."""
    mtext._get_text_metrics_with_cache = text_metrics
