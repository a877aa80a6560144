"""Place names on static maps and charts without overlaps: a greedy collision pass.

Labels are placed one at a time, most important first, at the first of a few
positions around their point (right, left, above, below, then diagonals, then
further out with a leader line) whose box, measured by the renderer, stays
inside the axes and overlaps no label already placed, no point marker and no
other box to avoid (legend, scale bar, inset, source line). A label that finds
no free position is left out rather than drawn over something: every drawn
label is readable. Unlike iterative label movers (adjustText), the result has
no overlap by construction and is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib import transforms
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: gid of every placed label (tests and the PDF find them by it).
LABEL_GID = "place-label"
#: Directions tried around a point, in order (x, y multipliers of the offset).
_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
_ALIGN = {-1: ("right", "top"), 0: ("center", "center"), 1: ("left", "bottom")}


def _extent(box: Bbox) -> np.ndarray:
    return np.array([box.x0, box.y0, box.x1, box.y1])


def _overlap_grid(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``grid[i, j]``: do ``boxes[i]`` and ``others[j]`` (x0, y0, x1, y1) overlap with area (not just touch)?"""
    a, b = boxes[:, None, :], others[None, :, :]
    return (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])


def _overlap_matrix(boxes: np.ndarray, blocked: np.ndarray) -> np.ndarray:
    """For each of ``boxes``: does it overlap (with area) any of ``blocked``?"""
    if not len(blocked):
        return np.zeros(len(boxes), dtype=bool)
    return _overlap_grid(boxes, blocked).any(axis=1)


def _align(ax, text: Text, dx: int, dy: int, distance: float) -> None:
    """Put ``text`` ``distance`` points from its point in direction (dx, dy), aligned away from the point."""
    shift = transforms.offset_copy(ax.transData, ax.figure, x=dx * distance, y=dy * distance, units="points")
    text.set(transform=shift, ha=_ALIGN[dx][0], va=_ALIGN[dy][1])


def measured_boxes(ax, text: Text, candidates, renderer) -> np.ndarray:
    """Display boxes of ``text`` at every candidate (ring, distance, dx, dy), each measured by the renderer."""
    boxes = []
    for _, distance, dx, dy in candidates:
        _align(ax, text, dx, dy, distance)
        boxes.append(_extent(text.get_window_extent(renderer)))
    return np.array(boxes)


#: Where a text's box starts, as a share of its width (by ha) and height (by va), left of / below its position.
_BOX_START = {"left": 0.0, "center": 0.5, "right": 1.0, "bottom": 0.0, "top": 1.0}


def _candidate_boxes(ax, text: Text, anchor: np.ndarray, candidates, shifts: np.ndarray, renderer) -> np.ndarray:
    """Display boxes (x0, y0, x1, y1) of ``text`` at every candidate position, the text measured once.

    The first position is measured by the renderer; the others are the same
    box moved to their offset and alignment (an unrotated one-line text's box
    is its width and height, placed by ``ha`` and ``va``).
    """
    if not text.get_text() or "\n" in text.get_text():  # an empty or multi-line text: measure every position
        return measured_boxes(ax, text, candidates, renderer)
    _, distance, dx, dy = candidates[0]
    _align(ax, text, dx, dy, distance)
    first = _extent(text.get_window_extent(renderer))
    width, height = first[2] - first[0], first[3] - first[1]
    start = np.array([[_BOX_START[_ALIGN[dx][0]] * width, _BOX_START[_ALIGN[dy][1]] * height]
                      for _, _, dx, dy in candidates])
    lower = anchor + shifts - start
    boxes = np.column_stack([lower, lower + (width, height)])
    boxes[0] = first
    return boxes


def place_labels(ax, points: Sequence[tuple[float, float, str]], *, fontsize: float = 6.0,
                 avoid: Iterable[Bbox] = (), markers: np.ndarray | None = None, marker_pt: float = 3.0, offsets_pt: Sequence[float] = (4.5, 11.0),
                 color: str = "#222") -> list[Text]:
    """Label points in data coordinates without overlaps; return the labels drawn.

    Parameters
    ----------
    ax : matplotlib Axes
        Axes whose limits are already set.
    points : sequence of (x, y, text)
        In order of importance: a label that does not fit is dropped, so the
        first ones are the ones kept.
    avoid : iterable of Bbox
        Further boxes in display coordinates no label may touch.
    markers : array of (x, y), optional
        Every marker drawn (data coordinates), labelled or not; default: the points.
    marker_pt : float
        Half the size of a point's marker in points (labels keep off markers).
    offsets_pt : sequence of float
        Distances from the point tried, nearest first; beyond the first a
        thin leader line joins label and point.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 2))
    >>> _ = ax.set(xlim=(0, 10), ylim=(0, 10))
    >>> placed = place_labels(ax, [(5, 5, "A"), (5.01, 5, "B")])
    >>> [t.get_text() for t in placed]
    ['A', 'B']
    >>> plt.close(fig)
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = _extent(ax.get_window_extent(renderer))
    to_px = fig.dpi / 72.0
    anchors = ax.transData.transform(np.array([(x, y) for x, y, _ in points], dtype=float).reshape(-1, 2))
    half = marker_pt * to_px
    drawn = anchors if markers is None or not len(markers) else ax.transData.transform(np.asarray(markers, dtype=float))
    taken = [np.column_stack([drawn - half, drawn + half])] if len(drawn) else []
    taken += [_extent(b)[None, :] for b in avoid]
    blocked = np.vstack(taken) if taken else np.empty((0, 4))
    placed: list[Text] = []
    candidates = [(ring, distance, dx, dy) for ring, distance in enumerate(offsets_pt) for dx, dy in _DIRECTIONS]
    shifts = np.array([(dx * distance * to_px, dy * distance * to_px) for _, distance, dx, dy in candidates])
    for (x, y, label), anchor in zip(points, anchors):
        text = ax.text(x, y, label, fontsize=fontsize, color=color, gid=LABEL_GID, zorder=6, clip_on=False)
        boxes = _candidate_boxes(ax, text, anchor, candidates, shifts, renderer)  # text measured once
        inside = ((frame[0] <= boxes[:, 0]) & (frame[1] <= boxes[:, 1]) & (boxes[:, 2] <= frame[2])
                  & (boxes[:, 3] <= frame[3]))
        free = inside & ~_overlap_matrix(boxes, blocked)
        if not free.any():
            text.remove()
            continue
        k = int(np.argmax(free))
        ring, distance, dx, dy = candidates[k]
        _align(ax, text, dx, dy, distance)
        box = boxes[k]
        blocked = np.vstack([blocked, box + np.array([-1, -1, 1, 1])])
        if ring:
            nearest = np.clip(anchor, box[:2], box[2:])  # the box's point nearest the anchor
            end = ax.transData.inverted().transform(nearest)
            ax.add_line(Line2D([x, end[0]], [y, end[1]], lw=0.3, color="#888", zorder=5))
        placed.append(text)
    return placed


def overlapping_pairs(boxes: Sequence[Bbox]) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap (with area, not just touching); for checks and tests.

    Examples
    --------
    >>> overlapping_pairs([Bbox([[0, 0], [1, 1]]), Bbox([[1, 0], [2, 1]]), Bbox([[0.5, 0.5], [3, 3]])])
    [(0, 2), (1, 2)]
    """
    arr = np.array([_extent(b) for b in boxes]).reshape(-1, 4)
    first, second = np.nonzero(np.triu(_overlap_grid(arr, arr), k=1))
    return list(zip(first.tolist(), second.tolist()))
