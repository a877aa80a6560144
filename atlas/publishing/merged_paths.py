"""Boundary layers written to vector files (SVG, PDF) as one compound path per style, not one path per unit.

A map's county layer is about a thousand polygons of one fill and one edge
colour; matplotlib writes each as an element of its own (a ``<path>`` and a
``<use>`` in SVG), which made writing an SVG slower than drawing its PNG at
300 dpi. Drawn on a vector renderer, these collections join their paths of
one style (fill, edge, width) into one compound path, in the order each style
first appears. Units of a coverage do not overlap, so the filled area is the
same; a border two units share is stroked once instead of twice, which at
print size differs only in the anti-aliased fringe of that line. Raster
output (PNG, through Agg) draws every path as before, pixel for pixel.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path as MplPath


def style_groups(faces: np.ndarray, edges: np.ndarray, widths: np.ndarray, count: int) -> list[list[int]]:
    """Indices of ``count`` paths grouped by (face, edge, width), cycled as matplotlib cycles them; first seen first.

    Examples
    --------
    >>> red, blue = np.array([[1, 0, 0, 1]]), np.array([[1, 0, 0, 1], [0, 0, 1, 1]])
    >>> style_groups(blue, red, np.array([0.5]), 4)
    [[0, 2], [1, 3]]
    """
    groups: dict[tuple, list[int]] = {}
    for i in range(count):
        key = tuple(faces[i % len(faces)]) if len(faces) else (), \
            tuple(edges[i % len(edges)]) if len(edges) else (), float(widths[i % len(widths)]) if len(widths) else 0.0
        groups.setdefault(key, []).append(i)
    return list(groups.values())


class _MergedWhenVector:
    """Mixin for a collection without offsets or per-path transforms: one path per style on vector renderers."""

    def draw(self, renderer) -> None:
        paths = self._paths
        if isinstance(renderer, RendererAgg) or not self.get_visible() or len(paths) < 2 \
                or len(self.get_offsets()) != 1 or np.any(self.get_offsets()) or len(self.get_transforms()) \
                or self._hatch or self.get_array() is not None:
            return super().draw(renderer)
        self.update_scalarmappable()  # colours as they will be drawn
        faces, edges = np.asarray(self.get_facecolor()), np.asarray(self.get_edgecolor())
        widths, antialiased = np.asarray(self._linewidths), np.asarray(self._antialiaseds)
        groups = style_groups(faces, edges, widths, len(paths))
        if len(groups) == len(paths):  # nothing shares a style: as it is
            return super().draw(renderer)

        def pick(values: np.ndarray) -> np.ndarray:
            return values if len(values) <= 1 else values[[g[0] % len(values) for g in groups]]

        saved = {name: getattr(self, name) for name in _STYLE}
        try:
            self._paths = [MplPath.make_compound_path(*(paths[i] for i in g)) for g in groups]
            if len(faces) > 1:
                self._original_facecolor = self._facecolors = pick(faces)
            if len(edges) > 1:
                self._original_edgecolor = self._edgecolors = pick(edges)
            self._linewidths, self._antialiaseds = pick(widths), pick(antialiased)
            super().draw(renderer)
        finally:
            self._paths = paths
            for name, value in saved.items():
                setattr(self, name, value)


#: Attributes of a collection changed while it is drawn merged (and restored after).
_STYLE = ("_facecolors", "_edgecolors", "_original_facecolor", "_original_edgecolor", "_linewidths", "_antialiaseds")


class MergedPathCollection(_MergedWhenVector, PathCollection):
    """A :class:`~matplotlib.collections.PathCollection` written as one compound path per style to SVG and PDF."""


class MergedLineCollection(_MergedWhenVector, LineCollection):
    """A :class:`~matplotlib.collections.LineCollection` written as one compound path per style to SVG and PDF."""
