"""What frames a static map besides its data: the scale bar, the South China Sea inset, the source line.

Each piece is placed where it covers no data: the scale bar goes to the
first corner of the frame whose box (bar and its figure, as rendered) meets
none of the drawn geometries, and the 南海诸岛 inset takes the largest box at
the lower right that the mainland leaves free.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import numpy as np
import shapely
from matplotlib.transforms import Bbox, TransformedBbox

#: Scale bar lengths tried, longest first (km).
_LENGTHS_KM = (2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)
_CORNERS = ("lower left", "lower right", "upper left", "upper right")
SCALEBAR_GID = "scalebar"


class Obstacles:
    """Drawn geometries (data coordinates) that furniture must not cover, checked through an STR-tree.

    Examples
    --------
    >>> from shapely import box, Point
    >>> Obstacles([box(0, 0, 1, 1)]).free(box(2, 2, 3, 3)), Obstacles([Point(5, 5)]).free(box(4, 4, 6, 6))
    (True, False)
    """

    def __init__(self, geometries: Sequence):
        self.geometries = np.asarray([g for g in geometries if g is not None and not g.is_empty], dtype=object)
        self.tree = shapely.STRtree(self.geometries)

    def free(self, area) -> bool:
        return len(self.tree.query(area, predicate="intersects")) == 0


def _display_to_data_box(ax, box: Bbox):
    (x0, y0), (x1, y1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    return shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def add_scalebar(ax, obstacles: Sequence[Obstacles], avoid: Sequence[Bbox] = (), fontsize: float = 7) -> Bbox:
    """Draw a scale bar (projected metres) in the first free corner; return its box (display).

    ``obstacles`` are tried in order (e.g. everything drawn, then the data
    alone): the first corner free of the first set wins, else of the next
    one. Where no corner is free, the bar goes under the frame, outside it.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from shapely import box
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(xlim=(0, 4e6), ylim=(0, 3e6))
    >>> bar = add_scalebar(ax, [Obstacles([box(0, 0, 1e6, 1e6)])])
    >>> bool(ax.transData.inverted().transform([[bar.x0, bar.y0]])[0][0] > 1e6)   # not the lower left corner
    True
    >>> plt.close(fig)
    """
    renderer = ax.figure.canvas.get_renderer()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width_km = (x1 - x0) / 1000
    length_km = next((v for v in _LENGTHS_KM if v <= width_km / 4), _LENGTHS_KM[-1])
    length = length_km * 1000
    margin_x, margin_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
    bar_line = ax.plot([0, 0], [0, 0], color="#222", lw=2.5, solid_capstyle="butt", gid=SCALEBAR_GID)[0]
    label = ax.text(0, 0, f"{length_km:g} km", ha="center", va="bottom", fontsize=fontsize, gid=SCALEBAR_GID)

    def put(x: float, y: float) -> Bbox:
        bar_line.set_data([x, x + length], [y, y])
        label.set_position((x + length / 2, y + (y1 - y0) * 0.012))
        return Bbox.union([bar_line.get_window_extent(renderer), label.get_window_extent(renderer)])

    avoid_arr = [np.array([b.x0, b.y0, b.x1, b.y1]) for b in avoid]
    for obstacle in obstacles:
        for corner in _CORNERS:
            x = x0 + margin_x if "left" in corner else x1 - margin_x - length
            y = y0 + margin_y if "lower" in corner else y1 - margin_y * 2.2
            box = put(x, y)
            clear = not any(box.x0 < a[2] and a[0] < box.x1 and box.y0 < a[3] and a[1] < box.y1 for a in avoid_arr)
            if clear and obstacle.free(_display_to_data_box(ax, box.padded(2))):
                return box
    # no free corner: below the frame, where there is no data
    bar_line.set_clip_on(False)
    label.set_clip_on(False)
    return put(x0, y0 - (y1 - y0) * 0.06)


def inset_box(ax, obstacles: Obstacles, aspect: float, max_fraction: float = 0.36,
              min_fraction: float = 0.14) -> tuple[float, float, float, float] | None:
    """The largest box (x, y, width, height in data units) at the lower right that covers no obstacle.

    ``aspect`` is width / height; the height is sought between ``min_fraction``
    and ``max_fraction`` of the frame's. None if even the smallest box is not free.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from shapely import box
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(xlim=(0, 10), ylim=(0, 10))
    >>> x, y, w, h = inset_box(ax, Obstacles([box(0, 0, 7, 10)]), aspect=1.0)
    >>> bool(x >= 7), bool(2.5 < w <= 3.0)
    (True, True)
    >>> plt.close(fig)
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    frame_h = y1 - y0

    def candidate(fraction: float):
        h = frame_h * fraction
        return x1 - h * aspect, y0, h * aspect, h

    def free(fraction: float) -> bool:
        x, y, w, h = candidate(fraction)
        return x >= x0 and obstacles.free(shapely.box(x, y, x + w, y + h))

    if not free(min_fraction):
        return None
    low, high = min_fraction, max_fraction
    if free(high):
        return candidate(high)
    for _ in range(18):
        mid = (low + high) / 2
        low, high = (mid, high) if free(mid) else (low, mid)
    return candidate(low * 0.97)


def source_line(fig, text: str, fontsize: float = 5.5, gap_pt: float = 4.0):
    """Write ``text`` under everything already drawn (axis labels, legend), left-aligned with it.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_xlabel("x")
    >>> line = source_line(fig, "Source: here")
    >>> bool(line.get_window_extent().y1 < ax.xaxis.label.get_window_extent().y0)
    True
    >>> plt.close(fig)
    """
    renderer = fig.canvas.get_renderer()
    tight = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    y = (tight.y0 - gap_pt / 72) / height
    line = fig.text(max(tight.x0 / width, 0.0), y, text, fontsize=fontsize, color="#444", va="top", ha="left",
                    gid="source-line")
    _MEASURED[fig] = (tight.frozen(), line, len(fig.get_children()), fig.dpi)
    return line


#: Per figure: its tight box (inches) measured by :func:`source_line` before the line, the line, the number of
#: the figure's children and its dpi just after.
_MEASURED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def tight_bbox(fig) -> Bbox:
    """``fig.get_tightbbox()`` (inches), without measuring every artist again just after :func:`source_line`.

    The box :func:`source_line` measured, joined with the line's own box,
    is the figure's box as long as nothing was added since (the same
    union of the same boxes); otherwise the figure is measured.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_xlabel("x"); _ = source_line(fig, "Source: here")
    >>> tight_bbox(fig).bounds == fig.get_tightbbox().bounds
    True
    >>> plt.close(fig)
    """
    renderer = fig.canvas.get_renderer()
    measured = _MEASURED.get(fig)
    if measured is not None:
        before, line, children, dpi = measured
        if (fig.dpi == dpi and len(fig.get_children()) == children and fig.texts and fig.texts[-1] is line
                and line.get_visible() and line.get_in_layout()):
            box = line.get_window_extent(renderer)
            if np.isfinite(box.width) and np.isfinite(box.height) and (box.width or box.height):
                return Bbox.union([before, TransformedBbox(box, fig.dpi_scale_trans.inverted()).frozen()])
            return before
    return fig.get_tightbbox(renderer)
