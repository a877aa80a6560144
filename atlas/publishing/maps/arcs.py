"""Shared arcs: every boundary stretch of a page stored once, like TopoJSON.

Neighbouring units share their borders, and a province's border is also
the border of the prefectures and counties along it. A page's polygon
layers are quantised to one grid, every ring is cut at the *junctions*
(grid points with three or more distinct neighbours over all rings of the
page), and the pieces are deduplicated whatever their direction. A ring is
then a list of arc references (``i`` forward, ``~i`` reversed), and each
arc's points are written once. A ring that meets no junction (an island,
an enclave) is one closed arc starting at its smallest point, so that both
sides of an enclave find the same arc.

Quantising happens before the cut, so units that share a border share the
very same integers: no slivers, no gaps. Everything is vectorised with
numpy; pieces are matched by their ends and second points and then checked
point by point, so a match is never wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

#: Quantised geometry of one row: polygons → rings → (n, 2) int64 grid points, open (no closing point).
Rings = list[list[np.ndarray]]


def quantise_geometries(geometries, scale: float) -> list[Rings]:
    """Round (Multi)Polygons' rings to a ``1 / scale`` degree grid; repeats and closing points dropped.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> quantise_geometries([box(0, 0, 1, 1)], 10)[0][0][0].tolist()
    [[10, 0], [10, 10], [0, 10], [0, 0]]
    """
    geometries = np.asarray(geometries, dtype=object)
    parts, part_row = shapely.get_parts(geometries, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    q = np.round(coords * scale).astype(np.int64)
    same_ring = np.r_[False, vertex_ring[1:] == vertex_ring[:-1]]
    keep = ~(same_ring & np.r_[False, np.all(q[1:] == q[:-1], axis=1)])  # repeats created by quantising
    q, vertex_ring = q[keep], vertex_ring[keep]
    lengths = np.bincount(vertex_ring, minlength=len(rings))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    closing = (lengths > 1) & np.all(q[np.maximum(ends - 1, 0)] == q[np.minimum(starts, len(q) - 1)], axis=1)
    drop = np.zeros(len(q), dtype=bool)
    drop[(ends - 1)[closing]] = True
    lengths = lengths - closing
    ring_arrays = np.split(q[~drop], np.cumsum(lengths)[:-1]) if len(rings) else []
    out: list[Rings] = [[] for _ in range(len(geometries))]
    part_rings: list[list[np.ndarray]] = [[] for _ in range(len(parts))]
    for ring, part in zip(ring_arrays, ring_part):
        part_rings[part].append(ring)
    for rings_of_part, row in zip(part_rings, part_row):
        out[row].append(rings_of_part)
    return out


@dataclass
class ArcSet:
    """Deduplicated arcs and every input ring's arc references.

    ``points`` holds the arcs one after the other, ``lengths`` their point
    counts; ``refs`` holds the rings' references one ring after the other,
    ``ring_sizes`` how many each ring has. A reference ``r`` means arc ``r``
    when ``r >= 0`` and arc ``~r`` reversed otherwise; joining a ring's arcs
    (each after the first without its first point) gives the ring, closed.
    """

    points: np.ndarray
    lengths: np.ndarray
    refs: np.ndarray
    ring_sizes: np.ndarray
    #: for arcs taken from another set (:func:`subset_arcs`): that set, and where each point is in it
    origin: tuple[ArcSet, np.ndarray] | None = field(default=None, repr=False, compare=False)
    #: :func:`simplified` by tolerance, worked out once
    kept: dict[float, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def arc(self, index: int) -> np.ndarray:
        """Points of one arc."""
        start = int(self.lengths[:index].sum())
        return self.points[start:start + int(self.lengths[index])]

    def ring(self, number: int) -> np.ndarray:
        """The closed ring of input ring ``number`` (the inverse of the cut)."""
        first = int(self.ring_sizes[:number].sum())
        refs = self.refs[first:first + int(self.ring_sizes[number])]
        parts = [self.arc(r) if r >= 0 else self.arc(~r)[::-1] for r in refs]
        return np.concatenate([parts[0]] + [p[1:] for p in parts[1:]])


def _point_ids(points: np.ndarray) -> np.ndarray:
    keys = (points[:, 0] << 32) + (points[:, 1] + (1 << 31))
    return np.unique(keys, return_inverse=True)[1].ravel()


def _junctions(pid: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Whether each vertex has three or more distinct neighbours over all rings."""
    n_points = int(pid.max()) + 1
    after = np.arange(1, len(pid) + 1)
    after[starts + lengths - 1] = starts  # the vertex after a ring's last is its first
    a, b = pid, pid[after]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    edges = np.sort(lo[lo != hi] * n_points + hi[lo != hi])
    edges = edges[np.r_[True, edges[1:] != edges[:-1]]]  # distinct (faster than np.unique's hash)
    degree = np.bincount(edges // n_points, minlength=n_points) + np.bincount(edges % n_points, minlength=n_points)
    return degree[pid] >= 3


def _first_cuts(pid: np.ndarray, cut: np.ndarray, ring_of: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Offset of each ring's first cut: its first junction, else its smallest point (which becomes a cut)."""
    n_rings = len(starts)
    first = np.full(n_rings, -1)
    where = np.flatnonzero(cut)
    rings_cut, at = np.unique(ring_of[where], return_index=True)
    first[rings_cut] = where[at] - starts[rings_cut]
    free = np.flatnonzero(first < 0)
    if len(free):
        members = np.isin(ring_of, free)
        order = np.lexsort((pid[members], ring_of[members]))  # by ring, then point id
        vertices = np.flatnonzero(members)[order]
        rings_free, at = np.unique(ring_of[vertices], return_index=True)
        first[rings_free] = vertices[at] - starts[rings_free]
        cut[vertices[at]] = True
    return first


def shared_arcs(rings: list[np.ndarray]) -> ArcSet:
    """Cut rings at their common junctions and store every piece once.

    Examples
    --------
    Two unit squares side by side share their middle edge:

    >>> left = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])
    >>> right = np.array([[1, 0], [2, 0], [2, 1], [1, 1]])
    >>> found = shared_arcs([left, right])
    >>> found.lengths.tolist(), found.ring_sizes.tolist()
    ([2, 4, 4], [2, 2])
    >>> found.ring(1).tolist()
    [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]
    """
    if not rings:
        empty = np.zeros(0, dtype=np.int64)
        return ArcSet(np.zeros((0, 2), dtype=np.int64), empty, empty, empty)
    points = np.concatenate(rings).astype(np.int64)
    lengths = np.array([len(r) for r in rings])
    starts = np.cumsum(lengths) - lengths
    ring_of = np.repeat(np.arange(len(rings)), lengths)
    pid = _point_ids(points)
    cut = _junctions(pid, starts, lengths)
    first = _first_cuts(pid, cut, ring_of, starts)
    # each ring rotated to start at its first cut, its first vertex repeated at the end
    ext = lengths + 1
    ext_ring = np.repeat(np.arange(len(rings)), ext)
    k = np.arange(ext.sum()) - np.repeat(np.cumsum(ext) - ext, ext)
    order = starts[ext_ring] + (k + first[ext_ring]) % lengths[ext_ring]
    seq_pid, seq_cut = pid[order], cut[order]
    seq_cut[np.cumsum(ext) - 1] = True
    cuts = np.flatnonzero(seq_cut)
    closing = np.zeros(len(seq_pid), dtype=bool)
    closing[np.cumsum(ext) - 1] = True
    begins = cuts[~closing[cuts]]
    stops = cuts[np.searchsorted(cuts, begins, side="right")]
    # canonical direction: the smaller of (first point, second point) and (last point, second last)
    head = np.column_stack([seq_pid[begins], seq_pid[begins + 1]])
    tail = np.column_stack([seq_pid[stops], seq_pid[stops - 1]])
    reverse = (tail[:, 0] < head[:, 0]) | ((tail[:, 0] == head[:, 0]) & (tail[:, 1] < head[:, 1]))
    size = stops - begins + 1
    canon_start = np.where(reverse, stops, begins)
    step = np.where(reverse, -1, 1)
    key = np.column_stack([np.where(reverse[:, None], tail, head), np.where(reverse, head[:, 0], tail[:, 0]), size])
    piece = np.repeat(np.arange(len(begins)), size)
    j = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
    content = seq_pid[canon_start[piece] + step[piece] * j]
    arc_of = _group(key, content, piece, j, size)
    # arcs numbered in order of first use
    n_arcs = int(arc_of.max()) + 1
    first_use = np.full(n_arcs, len(arc_of))
    np.minimum.at(first_use, arc_of, np.arange(len(arc_of)))
    rank = np.empty(n_arcs, dtype=np.int64)
    rank[np.argsort(first_use, kind="stable")] = np.arange(n_arcs)
    arc_of = rank[arc_of]
    rep = np.sort(first_use)  # the piece that stands for each arc, in arc order
    rep_piece = np.repeat(rep, size[rep])
    rep_j = np.arange(len(rep_piece)) - np.repeat(np.cumsum(size[rep]) - size[rep], size[rep])
    arc_vertices = order[canon_start[rep_piece] + step[rep_piece] * rep_j]
    refs = np.where(reverse, ~arc_of, arc_of)
    ring_sizes = np.bincount(ext_ring[begins], minlength=len(rings))
    return ArcSet(points[arc_vertices], size[rep], refs, ring_sizes)


def _group(key: np.ndarray, content: np.ndarray, piece: np.ndarray, j: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Group pieces by key, then split off any piece whose points differ from its group's first piece."""
    n = len(size)
    _, group = np.unique(key, axis=0, return_inverse=True)
    group = group.ravel()
    leader = np.full(int(group.max()) + 1, n)
    np.minimum.at(leader, group, np.arange(n))
    offsets = np.cumsum(size) - size
    same = content == content[offsets[leader[group]][piece] + j]
    odd = np.bincount(piece[~same], minlength=n) > 0
    if odd.any():  # a spike or loop made two pieces look alike: give each its own arc
        group = np.where(odd, group.max() + 1 + np.arange(n), group)
        group = np.unique(group, return_inverse=True)[1].ravel()
    return group


def _gather(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``values[starts[0]:starts[0] + sizes[0]]``, then the next run, … joined (vectorised)."""
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return values[np.repeat(starts, sizes) + offsets]


def subset_arcs(base: ArcSet, rings: np.ndarray) -> ArcSet:
    """The arcs of some of ``base``'s rings (their numbers in ``rings``, repeats allowed), without cutting again.

    The rings keep the base's arcs, so a subset is cut wherever the whole set
    was (a few more arcs than :func:`shared_arcs` of the subset alone, the same
    rings); arcs are renumbered in order of first use. When ``rings`` starts
    with every base ring in order, the result is the base itself followed by
    the repeated rings' references: what :func:`shared_arcs` gives for those
    rings (repeats add no junction).

    Examples
    --------
    >>> left = np.array([[0, 0], [1, 0], [1, 1], [0, 1]])
    >>> right = np.array([[1, 0], [2, 0], [2, 1], [1, 1]])
    >>> base = shared_arcs([left, right])
    >>> subset_arcs(base, np.array([1])).ring(0).tolist()
    [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]
    >>> subset_arcs(base, np.array([0, 1, 1])).refs.tolist() == base.refs.tolist() + base.refs[2:].tolist()
    True
    """
    rings = np.asarray(rings, dtype=np.int64)
    ring_starts = np.cumsum(base.ring_sizes) - base.ring_sizes
    sizes = base.ring_sizes[rings]
    refs = _gather(base.refs, ring_starts[rings], sizes)
    arcs = np.where(refs >= 0, refs, ~refs)
    used, first = np.unique(arcs, return_index=True)
    used = used[np.argsort(first, kind="stable")]  # in order of first use
    rank = np.zeros(len(base.lengths), dtype=np.int64)
    rank[used] = np.arange(len(used))
    arc_starts = np.cumsum(base.lengths) - base.lengths
    lengths = base.lengths[used]
    taken = _gather(np.arange(len(base.points)), arc_starts[used], lengths)
    return ArcSet(base.points[taken], lengths, np.where(refs >= 0, rank[arcs], ~rank[arcs]), sizes, (base, taken))


def simplified(arcs: ArcSet, tolerance: float) -> np.ndarray:
    """Which points each arc keeps when simplified on its own (Douglas–Peucker, ``tolerance`` in grid units).

    Every arc keeps its two ends, so units still meet at their junctions and
    neighbours still share one simplified border: a coarser drawing of the
    same topology, for zooms where the grid is far finer than a pixel. Each
    arc is simplified on its own, so arcs taken from another set keep what
    they keep there (worked out once for that set and remembered).

    Examples
    --------
    >>> line = np.array([[0, 0], [5, 1], [10, 0], [10, 10]])
    >>> found = ArcSet(line, np.array([4]), np.array([0]), np.array([1]))
    >>> simplified(found, 2).tolist()
    [True, False, True, True]
    """
    if arcs.origin is not None:
        source, taken = arcs.origin
        return simplified(source, tolerance)[taken]
    if tolerance not in arcs.kept:
        arcs.kept[tolerance] = _simplified(arcs, tolerance)
    return arcs.kept[tolerance]


def _simplified(arcs: ArcSet, tolerance: float) -> np.ndarray:
    n = len(arcs.points)
    keep = np.zeros(n, dtype=bool)
    if not n:
        return keep
    ends = np.cumsum(arcs.lengths)
    keep[ends - 1] = keep[ends - arcs.lengths] = True
    arc_of = np.repeat(np.arange(len(arcs.lengths)), arcs.lengths)
    lines = shapely.linestrings(arcs.points.astype(float), indices=arc_of)
    coords, line_of = shapely.get_coordinates(shapely.simplify(lines, tolerance, preserve_topology=False),
                                              return_index=True)
    # a kept point is an input point of the same arc: find it by (arc, x, y); a point an arc passes
    # twice is then kept both times (a harmless extra point)
    rows = np.concatenate([np.column_stack([arc_of, arcs.points]),
                           np.column_stack([line_of, np.round(coords).astype(np.int64)])])
    ids = row_keys(rows)
    if ids is None:  # too wide for one number: rows numbered by sorting them
        ids = np.unique(rows, axis=0, return_inverse=True)[1].ravel()
    keep |= np.isin(ids[:n], ids[n:])
    return keep


def row_keys(rows: np.ndarray) -> np.ndarray | None:
    """One int64 per row of an integer array, equal exactly when the rows are equal; None if they would not fit.

    Each column is offset by its minimum and the columns are read as the
    digits of one number (mixed radix: each column's range), as
    ``np.unique(rows, axis=0)`` would number them but without sorting rows.

    Examples
    --------
    >>> rows = np.array([[3, -1, 7], [0, 5, 7], [3, -1, 7]])
    >>> keys = row_keys(rows)
    >>> bool(keys[0] == keys[2] != keys[1])
    True
    >>> row_keys(np.array([[0, 0], [2**40, 2**40]])) is None
    True
    """
    if not len(rows):
        return np.zeros(0, np.int64)
    low = rows.min(axis=0)
    spans = rows.max(axis=0) - low + 1
    if float(np.prod(spans.astype(float))) >= 2.0 ** 62:
        return None
    keys = np.zeros(len(rows), np.int64)
    for column, span in zip((rows - low).T, spans):
        keys = keys * int(span) + column
    return keys
