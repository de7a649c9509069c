"""The exact linear regions, flat pieces, folds and F = 0 of a two-input ReLU net in a box.
Strang §VII.1; chapter 01."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lfd._validate import check_array, check_choice, check_int
from lfd.cpl import geometry as geo
from lfd.cpl import partition
from lfd.cpl.net import check_net

EPS = 1e-9  # relative: |z_j| <= EPS * (its range) is on the fold; closer affine maps are equal


def check_box(box):
    xmin, xmax, ymin, ymax = check_array(box, "box", shape=(4,)).tolist()
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(f"box must have xmin < xmax and ymin < ymax, got box={box!r}")
    return xmin, xmax, ymin, ymax


def _box_polygon(box):
    return np.array([[box[0], box[2]], [box[1], box[2]], [box[1], box[3]], [box[0], box[3]]])


def fold_lines(A, b, box):
    """The fold lines a_i · v + b_i = 0 of A (N, 2), b (N,) in a box: (N, 2, 2), NaN if missed.
    Strang §VII.1, Figure VII.3."""
    A = check_array(A, "A", shape=(None, 2))
    b = check_array(b, "b", shape=(len(A),))
    box = check_box(box)
    tol = EPS * max(box[1] - box[0], box[3] - box[2])
    out = np.full((len(A), 2, 2), np.nan)
    for i, (a, bi) in enumerate(zip(A, b)):
        segment = geo._chord(_box_polygon(box), a, bi, tol)
        if segment is not None:
            out[i] = segment
    return out


class Region(NamedTuple):
    """Convex ``vertices`` (k, 2), hidden ``pattern``, F = w x + c there (w: (N_L, 2));
    ``edge_lines[i]``: fold line id of edge i (vertex i to i + 1), -1 for the box."""

    vertices: np.ndarray
    pattern: np.ndarray
    w: np.ndarray
    c: np.ndarray
    edge_lines: tuple

    @property
    def area(self):
        return geo._polygon_area(self.vertices)

    @property
    def centroid(self):
        return geo._polygon_centroid(self.vertices)

    def F(self, X):
        """The region's affine map at points X (n, 2) (or one point (2,)), shaped like ReLUNet
        output."""
        X = check_array(X, "X", ndim=(1, 2))
        if X.shape[-1] != 2:
            raise ValueError(f"X must have shape (n, 2) or (2,), got shape {X.shape}")
        out = X @ self.w.T + self.c
        return out[..., 0] if self.w.shape[0] == 1 else out


def _partition(net, box):
    net = check_net(net, inputs=2)
    box = check_box(box)
    return net, partition._cut(net.A[:-1], net.b[:-1], box, EPS)


def _face_maps(net, patterns):
    """F = w x + c on faces with hidden patterns (n_F, N_1 + ... + N_{L-1}): w (n_F, N_L, 2),
    c (n_F, N_L). Back from the output, u^T = A_L D_{L-1} A_{L-1} ... (one product per layer
    for all faces; D_k = diag(pattern of layer k))."""
    n, ends = len(patterns), np.cumsum([0] + net.widths[1:-1])
    U = np.broadcast_to(net.A[-1], (n,) + net.A[-1].shape).reshape(-1, net.A[-1].shape[1])
    c = np.broadcast_to(net.b[-1], (n, len(net.b[-1]))).copy()
    for k in range(len(net.A) - 2, -1, -1):  # hidden layer k + 1, from the last
        U = U * np.repeat(patterns[:, ends[k]:ends[k + 1]], net.widths[-1], axis=0)
        c += (U @ net.b[k]).reshape(n, -1)
        U = U @ net.A[k]
    return U.reshape(n, -1, 2), c


def _polygons(part):
    """Each face's vertices counter-clockwise and the lines of its edges (edge i: vertex i to
    i + 1), without the vertices where a side goes straight on. Lists of arrays."""
    has_right = part.right >= 0
    face = np.concatenate([part.left, part.right[has_right]])
    a = np.concatenate([part.e0, part.e0[has_right]])
    b = np.concatenate([part.e1, part.e1[has_right]])
    line = np.concatenate([part.line, part.line[has_right]])
    centre = part.inside[face]
    pa, pb = part.P[a] - centre, part.P[b] - centre
    ccw = pa[:, 0] * pb[:, 1] - pa[:, 1] * pb[:, 0] > 0  # a -> b turns around the face
    a, b = np.where(ccw, a, b), np.where(ccw, b, a)
    mid = pa + pb
    order = np.lexsort((np.arctan2(mid[:, 1], mid[:, 0]), face))
    face, a, line = face[order], a[order], line[order]
    first = np.searchsorted(face, np.arange(part.n_faces))
    previous = np.arange(len(face)) - 1
    last = np.append(first[1:], len(face)) - 1
    previous[first] = last
    straight = (line[previous] == line) & (a >= 4)  # not a corner of the box (vertices 0-3)
    keep = ~straight
    bounds = np.searchsorted(face[keep], np.arange(1, part.n_faces))
    return (np.split(part.P[a[keep]], bounds), np.split(line[keep], bounds))


def linear_regions(net, box):
    """The linear regions of a two-input ReLU net in a box (xmin, xmax, ymin, ymax), exactly:
    convex polygons tiling the box, each with its map (cut by :mod:`lfd.cpl.partition`; a
    vertex where |z_j| <= EPS times the range of z_j over the vertices is on j's fold).

    >>> from lfd.cpl import ReLUNet
    >>> net = ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> regions = linear_regions(net, (-1, 1, -1, 1))
    >>> len(regions), sum(r.area for r in regions)
    (4, 4.0)
    """
    net, part = _partition(net, box)
    patterns = net.patterns(part.inside, stacked=True)
    w, c = _face_maps(net, patterns)
    vertices, lines = _polygons(part)
    return [Region(vertices=V, pattern=p, w=wf, c=cf, edge_lines=tuple(E.tolist()))
            for V, E, p, wf, cf in zip(vertices, lines, patterns, w, c)]


def _check_regions(regions):
    regions = None if isinstance(regions, Region) else list(regions)
    if not regions or not all(isinstance(r, Region) for r in regions):
        raise TypeError("regions must be a non-empty list of Region (from linear_regions)")
    return regions


def _scale(regions):
    points = np.vstack([r.vertices for r in regions])
    radius = float(np.abs(points).max())
    size = float(np.ptp(points, axis=0).max())
    values = max(float((np.abs(r.w).sum(axis=1) * radius + np.abs(r.c)).max()) for r in regions)
    return size, radius, values


def _neighbours(regions, size):
    return geo._shared_edges([r.vertices for r in regions], [r.edge_lines for r in regions],
                             EPS * size)


def piece_labels(regions):
    """Label the regions by flat piece of F (neighbours with one affine map joined), (n,).

    >>> from lfd.cpl import ReLUNet  # ReLU(x) - ReLU(-x) = x: two regions, one piece
    >>> net = ReLUNet([[[1.0, 0.0], [-1.0, 0.0]], [[1.0, -1.0]]], [[0.0, 0.0], 0.0])
    >>> piece_labels(linear_regions(net, (-1, 1, -1, 1))).tolist()
    [0, 0]
    """
    regions = _check_regions(regions)
    size, radius, _ = _scale(regions)
    w, c = np.array([r.w for r in regions]), np.array([r.c for r in regions])
    return _pieces(w, c, _neighbours(regions, size), radius)


def _pieces(w, c, pairs, radius):
    """Labels (n_F,) of the flat pieces: neighbours (pairs (n, 2)) whose maps w (n_F, N_L, 2),
    c (n_F, N_L) differ by at most EPS of the largest |F| joined."""
    with np.errstate(over="ignore", invalid="ignore"):
        values = float((np.abs(w).sum(axis=2) * radius + np.abs(c)).max())
    if not values <= 1e300:
        raise ValueError(f"F reaches {values:.3g} in the box: scale the net's weights down")
    i, j = np.asarray(pairs, dtype=np.intp).reshape(-1, 2).T
    gap = (np.abs(w[i] - w[j]).sum(axis=2) * radius + np.abs(c[i] - c[j])).max(axis=1)
    return geo._connected_components(len(w), np.stack([i, j], axis=1)[gap <= EPS * values])


def color_classes(regions, by="piece", k: int = 6):
    """A colour index (< k, k >= 6) per flat piece (``by="region"``: per region), different
    for neighbours, each index used about equally."""
    regions = _check_regions(regions)
    check_choice(by, "by", ("piece", "region"))
    k = check_int(k, "k", min=6)
    size, radius, _ = _scale(regions)
    pairs = _neighbours(regions, size)
    if by == "piece":
        w, c = np.array([r.w for r in regions]), np.array([r.c for r in regions])
        labels = _pieces(w, c, pairs, radius)
    else:
        labels = np.arange(len(regions))
    colour = geo._greedy_coloring(int(labels.max()) + 1, labels[pairs].tolist(), k=k)
    return colour[labels]


class RegionCount(NamedTuple):
    """How many linear regions and flat pieces F has in a box."""
    regions: int
    pieces: int


def count_regions(net, box):
    """Count the linear regions and the flat pieces (<= regions) of F in a box (cf. eq. (4)).

    >>> from lfd.cpl import ReLUNet
    >>> A1 = [[1.0, 2.0], [3.0, -1.0], [2.0, 5.0]]
    >>> net = ReLUNet([A1, [1.0, 1.0, 1.0]], [[-4.0, 1.0, -6.0], 0.0])
    >>> count_regions(net, (-10, 10, -10, 10))
    RegionCount(regions=7, pieces=7)
    """
    net, part = _partition(net, box)
    w, c = _face_maps(net, net.patterns(part.inside, stacked=True))
    inner = part.right >= 0
    pairs = np.stack([part.left[inner], part.right[inner]], axis=1)
    labels = _pieces(w, c, pairs, float(np.abs(part.P).max()))
    return RegionCount(part.n_faces, int(labels.max()) + 1)


class Curve(NamedTuple):
    """A polygonal curve: its corners (k, 2) in order and whether it closes up."""

    vertices: np.ndarray
    closed: bool

    @property
    def sides(self):  # number of maximal straight segments
        return len(self.vertices) if self.closed else len(self.vertices) - 1


class ZeroSet(NamedTuple):
    """F = 0 in a box: ``curves``, their total ``sides``, the ``area`` where F is 0."""

    curves: list
    sides: int
    area: float


def zero_set(net, box):
    """The curves F = 0 of a one-output net in a box, the regions' chords joined (Problems 11-13).

    >>> from lfd.cpl import ReLUNet  # |x| + |y| - 1: a square
    >>> A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    >>> zs = zero_set(ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0]), (-2, 2, -2, 2))
    >>> len(zs.curves), zs.curves[0].closed, zs.sides
    (1, True, 4)
    """
    net = check_net(net, inputs=2)
    if net.widths[-1] != 1:
        raise ValueError(f"zero_set needs a net with one output (N_L=1), got N_L={net.widths[-1]}")
    regions = linear_regions(net, box)
    size, radius, values = _scale(regions)
    segments, area = [], 0.0
    for r in regions:
        w, c = r.w[0], r.c[0]
        if np.abs(w).sum() * radius + abs(c) <= EPS * values:
            area += r.area  # F is identically zero here
            continue
        segment = geo._chord(r.vertices, w, c, EPS * size)
        if segment is not None:
            segments.append(segment)
    curves = [Curve(geo._corners(V, closed), closed)
              for V, closed in geo._polylines(segments, EPS * size)]
    return ZeroSet(curves=curves, sides=sum(curve.sides for curve in curves), area=area)


class Fold(NamedTuple):
    """A straight ``segment`` (2, 2) of the fold of ``neuron`` j of hidden ``layer`` k."""

    layer: int
    neuron: int
    segment: np.ndarray


def _hidden_maps(net, pattern):  # z_k = G_k x + g_k of each hidden layer on a region
    W, c, start, maps = np.eye(2), np.zeros(2), 0, []
    for Ak, bk in zip(net.A[:-1], net.b[:-1]):
        G, g = Ak @ W, Ak @ c + bk
        maps.append((G, g))
        on = pattern[start:start + len(bk)]
        start += len(bk)
        W, c = on[:, None] * G, on * g
    return maps


def fold_segments(net, regions):
    """The :class:`Fold` s: region edges where a hidden neuron switches, seen from its active
    side. Strang §VII.1 (more hidden layers)."""
    net = check_net(net, inputs=2)
    regions = _check_regions(regions)
    tol = EPS * _scale(regions)[0]
    folds = []
    for r in regions:
        V, start = r.vertices, 0
        ends = np.stack([V, np.roll(V, -1, axis=0)], axis=1)  # edge i: (V_i, V_{i+1})
        inner = np.array([line != geo.BOX for line in r.edge_lines])
        for k, (G, g) in enumerate(_hidden_maps(net, r.pattern), start=1):
            norms = np.hypot(G[:, 0], G[:, 1])
            on = r.pattern[start:start + len(g)] & (norms > 0)
            start += len(g)
            if not on.any() or not inner.any():
                continue
            z = (ends @ G.T + g) / np.where(norms > 0, norms, 1.0)  # (edges, 2 ends, neurons)
            zero = (np.abs(z) <= tol).all(axis=1) & on & inner[:, None]
            for i, j in zip(*np.nonzero(zero)):
                folds.append(Fold(k, int(j), ends[i].copy()))
    return folds
