"""Matplotlib set-up and charts for reports: CJK fonts, print resolution, byte-identical files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from atlas.common.io import atomic_path  # noqa: E402
from atlas.publishing import text_metrics  # noqa: E402
from atlas.publishing.labels import place_labels  # noqa: E402
from atlas.publishing.wording import term  # noqa: E402
from atlas.publishing.map_furniture import source_line, tight_bbox  # noqa: E402

#: Print resolution for PNG output.
DPI = 300
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC",
              "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei")


def cjk_font() -> str | None:
    """The first installed font able to draw Chinese, or None (labels would show boxes).

    Matplotlib keeps a list of fonts from the first time it ran; a font
    installed since (``apt-get install fonts-noto-cjk``) is found by reading
    the system's fonts again once.
    """
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in _CJK_FONTS if name in installed), None)
    if found is None and not _RESCANNED:
        _RESCANNED.append(True)
        try:
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        except Exception:  # a private helper of matplotlib: without it, no rescan
            return None
        return cjk_font()
    return found


_RESCANNED: list[bool] = []
_WARNED: list[bool] = []


def configure() -> None:
    """Deterministic, print-ready defaults (call before drawing); one line on stderr if no CJK font is installed.

    Text is measured once per build for all figures (:mod:`atlas.publishing.text_metrics`).
    """
    text_metrics.install()
    font = cjk_font()
    if font is None and not _WARNED:
        import sys

        _WARNED.append(True)
        print("pilot-atlas: no font with Chinese characters found: Chinese text in static images and charts "
              "will show as boxes (install one: apt-get install fonts-noto-cjk)", file=sys.stderr)
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"],
        "svg.hashsalt": "pilot-atlas",
        "svg.fonttype": "path",
        "axes.unicode_minus": False,
        "figure.dpi": 100,
    })


class _DrawWhenSaved(FigureCanvasAgg):
    """An Agg canvas that ignores requests for an idle redraw.

    geopandas asks for one after every layer it plots (``draw_idle``), which
    on a non-interactive canvas redraws the whole figure each time; the
    figure is drawn once, when saved (or when a renderer is asked for).
    """

    def draw_idle(self, *args, **kwargs) -> None:
        return None

    def get_renderer(self):
        """Agg's renderer, laying out each text once per build (:func:`text_metrics.keep_layouts`)."""
        return text_metrics.keep_layouts(super().get_renderer())

    def print_png(self, filename_or_obj, **kwargs) -> None:
        """Write the figure as PNG with :func:`png_bytes` (no text chunks: ``metadata`` and the rest are not used)."""
        FigureCanvasAgg.draw(self)
        data = png_bytes(np.asarray(self.buffer_rgba()), self.figure.dpi)
        if hasattr(filename_or_obj, "write"):
            filename_or_obj.write(data)
        else:
            Path(filename_or_obj).write_bytes(data)


#: Deflate level of PNG data (zlib-ng's level 2: 3× faster than zlib's fastest level 1 on the maps, and 7% smaller).
PNG_LEVEL = 2


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_rows(rgba: np.ndarray) -> tuple[np.ndarray, bool]:
    """The rows of a PNG image of ``rgba`` (height × width × 4, uint8), each after a 0 (no filter) byte.

    Returns the rows (height × (1 + width × channels)) and whether every pixel
    is opaque (then the rows hold RGB, else RGBA). An opaque image's pixels
    are packed by writing each one's four bytes three bytes after the last:
    its alpha byte is overwritten by the next pixel's red, the last one's by
    the next row's filter byte (written after), which numpy does as one
    strided copy, 15× faster than copying three bytes of every four.

    Examples
    --------
    >>> rgba = np.arange(2 * 2 * 4, dtype=np.uint8).reshape(2, 2, 4); rgba[..., 3] = 255
    >>> rows, opaque = png_rows(rgba)
    >>> opaque, rows.tolist()
    (True, [[0, 0, 1, 2, 4, 5, 6], [0, 8, 9, 10, 12, 13, 14]])
    """
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    height, width = rgba.shape[:2]
    pixels = rgba.view("<u4").reshape(height, width)  # alpha in the high byte, whatever the machine's byte order
    if not (pixels >= 0xFF000000).all():
        rows = np.zeros((height, width * 4 + 1), np.uint8)
        rows[:, 1:] = rgba.reshape(height, width * 4)
        return rows, False
    stride = width * 3 + 1
    buffer = np.empty(height * stride + 1, np.uint8)  # one spare byte for the last pixel's alpha
    packed = np.ndarray((height, width), "<u4", buffer=buffer, offset=1, strides=(stride, 3))
    packed[...] = pixels  # in increasing address order: each pixel's alpha is overwritten by what follows
    rows = buffer[:-1].reshape(height, stride)
    rows[:, 0] = 0
    return rows, True


def png_bytes(rgba: np.ndarray, dpi: float) -> bytes:
    """A PNG file of an RGBA image (height × width × 4, uint8): RGB when every pixel is opaque, else RGBA.

    Rows are stored unfiltered (:func:`png_rows`) and deflated once by
    zlib-ng at :data:`PNG_LEVEL`: on maps and charts (large flat areas) this
    is over 10× faster than Pillow's adaptive filtering at zlib level 6 and
    the files are smaller; the pixels are the same. The resolution is
    written as a pHYs chunk, as Pillow does.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> rgba = np.zeros((3, 4, 4), np.uint8); rgba[..., 0] = 200; rgba[..., 3] = 255
    >>> image = Image.open(io.BytesIO(png_bytes(rgba, 300)))
    >>> image.mode, image.size, image.getpixel((1, 2)), round(image.info["dpi"][0])
    ('RGB', (4, 3), (200, 0, 0), 300)
    """
    from zlib_ng import zlib_ng  # the stream any inflater reads, made faster than by zlib

    height, width = rgba.shape[:2]
    rows, opaque = png_rows(rgba)
    per_metre = int(dpi / 0.0254 + 0.5)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)),
        _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _png_chunk(b"IDAT", zlib_ng.compress(rows, PNG_LEVEL)),
        _png_chunk(b"IEND", b""),
    ])


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure of its own (outside pyplot's list), drawn only when saved.

    Examples
    --------
    >>> fig = new_figure((2, 1)); _ = fig.subplots()
    >>> fig in [plt.figure(n) for n in plt.get_fignums()]
    False
    """
    fig = Figure(figsize=figsize)
    _DrawWhenSaved(fig)
    return fig


def save(fig, stem: Path) -> list[Path]:
    """Save ``stem.png`` (300 dpi) and ``stem.svg`` atomically with no timestamps; close the figure.

    Both files are cropped to the same box, measured once (``bbox_inches="tight"``
    would draw the figure once more for each file to measure it).
    """
    stem = Path(stem)
    written = []
    if not isinstance(fig.canvas, _DrawWhenSaved):  # a pyplot figure: PNG written by png_bytes too
        _DrawWhenSaved(fig)
    tight = tight_bbox(fig).padded(0.1)
    for suffix, kwargs in ((".png", {"dpi": DPI}),
                           (".svg", {"metadata": {"Date": None, "Creator": None}})):
        path = stem.with_suffix(suffix)
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=suffix[1:], bbox_inches=tight, **kwargs)
        written.append(path)
    plt.close(fig)
    return written


def bar_chart(table: pd.DataFrame, by: str, stem: Path, title: str, lang: str = "zh") -> list[Path]:
    """Stacked bars of pilots and cited examples per group (``title``: a key of the wording table)."""
    configure()
    data = table.set_index(by)[["pilots", "examples"]]
    fig = new_figure((max(6, 0.32 * len(data) + 2), 4))
    ax = fig.subplots()
    data.plot.bar(stacked=True, ax=ax, color=["#c2362b", "#9ecae1"], width=0.8)
    ax.set_title(term(title, lang))
    ax.set_xlabel("")
    ax.set_ylabel(term("chart.places", lang))
    ax.legend([term("chart.pilots", lang), term("chart.examples", lang)], frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    source_line(fig, term("chart.register_source", lang), fontsize=7)
    return save(fig, stem)


def rates_chart(pilots: pd.DataFrame, stem: Path, lang: str = "zh") -> list[Path]:
    """Resident vs hukou urbanization rate of each pilot that states both (45° line = no gap)."""
    configure()
    both = pilots.dropna(subset=["urbanization_rate_resident_pct", "urbanization_rate_hukou_pct"])
    fig = new_figure((5.5, 5))
    ax = fig.subplots()
    ax.plot([0, 100], [0, 100], color="#999", lw=0.8, ls="--")
    ax.scatter(both["urbanization_rate_hukou_pct"], both["urbanization_rate_resident_pct"], s=18, color="#c2362b")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(term("chart.hukou_rate", lang))
    ax.set_ylabel(term("chart.resident_rate", lang))
    ax.set_title(term("chart.rates_title", lang, count=len(both)))
    ax.spines[["top", "right"]].set_visible(False)
    points = both.sort_values("name", kind="stable")
    place_labels(ax, list(zip(points["urbanization_rate_hukou_pct"], points["urbanization_rate_resident_pct"],
                              points["name"])), fontsize=5, marker_pt=2.5, offsets_pt=(3.5, 9.0, 16.0))
    source_line(fig, term("chart.profile_source", lang), fontsize=7)
    return save(fig, stem)
