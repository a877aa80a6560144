"""The fast paths of the static images draw what the plain ones drew: same pixels, same geometry."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from atlas.publishing import charts


def _chart(transparent: bool) -> Figure:
    fig = charts.new_figure((3, 2))
    ax = fig.subplots()
    ax.plot([0, 1, 2], [2, 0, 1], lw=3, color="#c2362b")
    ax.fill_between([0, 1, 2], [0, 1, 0], color="#9ecae1", alpha=0.6)
    ax.set_title("标题 title")
    if transparent:
        fig.patch.set_alpha(0.0)
        ax.patch.set_alpha(0.0)
    return fig


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _plain_png(fig: Figure) -> bytes:
    """The figure through matplotlib's own Agg canvas and Pillow's encoder."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def test_png_writer_gives_the_pixels_of_matplotlibs_png():
    charts.configure()
    for transparent, mode in ((False, "RGB"), (True, "RGBA")):
        fast = io.BytesIO()
        fig = _chart(transparent)
        fig.savefig(fast, format="png", dpi=150)
        fig.set_dpi(150)
        plain = _plain_png(fig)
        image = Image.open(io.BytesIO(fast.getvalue()))
        assert image.mode == mode
        assert round(image.info["dpi"][0]) == 150
        assert np.array_equal(_pixels(fast.getvalue()), _pixels(plain))


def test_png_writer_is_deterministic_and_valid():
    rgba = np.random.default_rng(3).integers(0, 256, (40, 50, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    first, second = charts.png_bytes(rgba, 300), charts.png_bytes(rgba, 300)
    assert first == second
    image = Image.open(io.BytesIO(first))
    image.verify()  # chunk CRCs
    assert np.array_equal(_pixels(first)[..., :3], rgba[..., :3])
