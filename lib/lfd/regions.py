"""Convex polygons in the plane: the geometry under :mod:`lfd.cpl`.

A ReLU net with two inputs cuts the plane into convex polygons, and on each
one the net is a single affine function (Strang §VII.1). Finding those
polygons exactly needs only a few plane-geometry steps, collected here:

* cut a convex polygon by a line (one half-plane clip per side),
* the chord that a line cuts out of a convex polygon,
* which polygons of a subdivision share an edge of positive length,
* join segments end to end into polygonal curves and count their sides.

Polygons are ``(k, 2)`` arrays of vertices in counter-clockwise order. Edge
``i`` runs from vertex ``i`` to vertex ``i + 1`` (cyclically) and carries an
integer *line id*: edges with the same id lie on one line, and ``-1`` marks
the edges of the starting box. These helpers trust their callers; the
public functions of :mod:`lfd.cpl` validate the input.

Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

BOX = -1  # line id of the edges of the starting box


def polygon_area(V):
    """Signed area of a polygon (positive when counter-clockwise).

    Parameters
    ----------
    V : array of shape (k, 2)
        Vertices in order.

    Returns
    -------
    float

    Notes
    -----
    The shoelace formula: area = (1/2) Σ (x_i y_{i+1} − x_{i+1} y_i).

    Examples
    --------
    >>> polygon_area([[0, 0], [2, 0], [2, 1], [0, 1]])
    2.0

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    V = np.asarray(V, dtype=float)
    x, y = V[:, 0], V[:, 1]
    return float(0.5 * (x @ np.roll(y, -1) - np.roll(x, -1) @ y))


def polygon_centroid(V):
    """Centre of mass of a polygon with positive area.

    Parameters
    ----------
    V : array of shape (k, 2)
        Vertices in counter-clockwise order.

    Returns
    -------
    ndarray of shape (2,)

    Notes
    -----
    The triangles (0, v_i, v_{i+1}) have signed areas a_i and centres
    (v_i + v_{i+1}) / 3; the centroid is their area-weighted mean. For
    a convex polygon it lies strictly inside.

    Examples
    --------
    >>> polygon_centroid([[0, 0], [2, 0], [2, 1], [0, 1]])
    array([1. , 0.5])

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    V = np.asarray(V, dtype=float)
    origin = V[0]
    P, Q = V - origin, np.roll(V, -1, axis=0) - origin
    cross = P[:, 0] * Q[:, 1] - P[:, 1] * Q[:, 0]
    return origin + (cross @ (P + Q)) / (3.0 * cross.sum())


def split_polygon(V, E, d, tol, new_id):
    """Cut a convex polygon by the line where the values ``d`` vanish.

    Parameters
    ----------
    V : array of shape (k, 2)
        Vertices in counter-clockwise order.
    E : sequence of k ints
        Line id of each edge (edge i joins vertex i to vertex i + 1).
    d : sequence of k floats
        Signed distance of each vertex to the cutting line.
    tol : float
        Vertices with ``|d| <= tol`` count as lying on the line.
    new_id : int
        Line id given to the new edge along the cut.

    Returns
    -------
    (V_plus, E_plus), (V_minus, E_minus)
        The parts where d >= 0 and d <= 0, with their edge ids. A part
        may be degenerate (fewer than three vertices or zero area) when
        the line only touches the polygon; the caller drops it.

    Notes
    -----
    One pass of Sutherland–Hodgman clipping for each side. Walking edge
    v_i → v_{i+1}, a vertex is kept on the side(s) of its sign; where
    the signs are strictly opposite the edge meets the line at
    v_i + t (v_{i+1} − v_i) with t = d_i / (d_i − d_{i+1}), and that point
    goes to both sides. The edge that leaves such a point along the
    line gets ``new_id``; every other edge keeps the id of the edge it
    is part of.

    Examples
    --------
    >>> square = [[0, 0], [2, 0], [2, 2], [0, 2]]
    >>> (P, EP), (Q, EQ) = split_polygon(square, [-1] * 4, [-1, 1, 1, -1], 1e-12, 7)
    >>> P.tolist(), EP
    ([[1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 2.0]], [-1, -1, -1, 7])

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    V = np.asarray(V, dtype=float).tolist()
    d = list(map(float, d))
    k = len(V)
    sign = [0 if abs(x) <= tol else (1 if x > 0 else -1) for x in d]
    plus, plus_ids, minus, minus_ids = [], [], [], []
    for i in range(k):
        j = (i + 1) % k
        si, sj = sign[i], sign[j]
        if si >= 0:
            plus.append(V[i])
            plus_ids.append(new_id if (si == 0 and sj < 0) else E[i])
        if si <= 0:
            minus.append(V[i])
            minus_ids.append(new_id if (si == 0 and sj > 0) else E[i])
        if si * sj < 0:  # the edge crosses the line strictly inside
            t = d[i] / (d[i] - d[j])
            p = [V[i][0] + t * (V[j][0] - V[i][0]), V[i][1] + t * (V[j][1] - V[i][1])]
            plus.append(p)
            minus.append(p)
            if si > 0:  # leaving the plus side: the plus part follows the cut
                plus_ids.append(new_id)
                minus_ids.append(E[i])
            else:
                plus_ids.append(E[i])
                minus_ids.append(new_id)
    return (np.array(plus).reshape(-1, 2), plus_ids), (np.array(minus).reshape(-1, 2), minus_ids)


def chord(V, a, c, tol):
    """The segment of the line a·x + c = 0 inside a convex polygon.

    Parameters
    ----------
    V : array of shape (k, 2)
        Vertices of a convex polygon.
    a : array of shape (2,)
        Normal vector of the line.
    c : float
        Offset of the line.
    tol : float
        Distance below which a vertex counts as lying on the line, and
        length below which a chord counts as a single point.

    Returns
    -------
    ndarray of shape (2, 2) or None
        The two end points, or None when the line misses the polygon,
        only touches one point, or ``a`` is zero.

    Notes
    -----
    The chord's end points are the vertices on the line and the points
    where an edge crosses it; the chord joins the two extreme ones along
    the line's direction (−a_2, a_1).

    Examples
    --------
    >>> chord([[0, 0], [2, 0], [2, 2], [0, 2]], [1.0, 0.0], -1.0, 1e-12).tolist()
    [[1.0, 0.0], [1.0, 2.0]]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    V = np.asarray(V, dtype=float)
    a = np.asarray(a, dtype=float)
    norm = float(np.hypot(a[0], a[1]))
    if norm == 0.0:
        return None
    d = (V @ a + c) / norm
    W, e = np.roll(V, -1, axis=0), np.roll(d, -1)
    on = np.abs(d) <= tol
    cross = (np.abs(d) > tol) & (np.abs(e) > tol) & (np.sign(d) != np.sign(e))
    t = d[cross] / (d[cross] - e[cross])
    points = np.vstack([V[on], V[cross] + t[:, None] * (W[cross] - V[cross])])
    if len(points) < 2:
        return None
    along = points @ np.array([-a[1], a[0]]) / norm
    lo, hi = points[np.argmin(along)], points[np.argmax(along)]
    if along.max() - along.min() <= tol:
        return None
    return np.array([lo, hi])


def shared_edges(polygons, edge_ids, tol):
    """Pairs of polygons that share a piece of edge of positive length.

    Parameters
    ----------
    polygons : list of arrays of shape (k_i, 2)
        Non-overlapping convex polygons, counter-clockwise.
    edge_ids : list of sequences of ints
        Line id of every edge; only edges with the same id (and not
        ``-1``, the box) can be shared.
    tol : float
        Minimum length of a shared piece.

    Returns
    -------
    ndarray of shape (n_pairs, 2)
        Index pairs ``(i, j)`` with ``i < j``, each once.

    Notes
    -----
    Two neighbours run along their common line in opposite directions
    (both are counter-clockwise). On each line, project the edges onto
    the line's direction; a forward edge and a backward edge whose
    intervals overlap by more than ``tol`` belong to neighbours.

    Examples
    --------
    >>> left = [[0, 0], [1, 0], [1, 1], [0, 1]]
    >>> right = [[1, 0], [2, 0], [2, 1], [1, 1]]
    >>> shared_edges([left, right], [[-1, 5, -1, -1], [-1, -1, -1, 5]], 1e-9).tolist()
    [[0, 1]]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    by_line = defaultdict(list)
    for r, (V, ids) in enumerate(zip(polygons, edge_ids)):
        V = np.asarray(V, dtype=float)
        k = len(V)
        for i, line in enumerate(ids):
            if line != BOX:
                by_line[line].append((r, V[i], V[(i + 1) % k]))
    pairs = set()
    for items in by_line.values():
        if len(items) < 2:
            continue
        owner = np.array([r for r, _, _ in items])
        P = np.array([p for _, p, _ in items])
        Q = np.array([q for _, _, q in items])
        step = Q - P
        u = step[np.argmax(np.hypot(step[:, 0], step[:, 1]))]
        u = u / np.hypot(u[0], u[1])
        s, t = P @ u, Q @ u
        forward = t > s
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        overlap = (np.minimum(hi[forward][:, None], hi[~forward][None, :])
                   - np.maximum(lo[forward][:, None], lo[~forward][None, :]))
        I, J = np.nonzero(overlap > tol)
        for i, j in zip(owner[forward][I], owner[~forward][J]):
            if i != j:
                pairs.add((min(i, j), max(i, j)))
    return np.array(sorted(pairs), dtype=int).reshape(-1, 2)


def connected_components(n, pairs):
    """Label the n items so that paired items share a label (union–find).

    Parameters
    ----------
    n : int
        Number of items.
    pairs : array of shape (n_pairs, 2)
        Index pairs to join.

    Returns
    -------
    ndarray of shape (n,)
        Labels 0, 1, 2, ... numbered by first appearance.

    Examples
    --------
    >>> connected_components(5, [(0, 3), (3, 4)]).tolist()
    [0, 1, 2, 0, 0]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = root(int(i)), root(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    roots = [root(i) for i in range(n)]
    first = {}
    return np.array([first.setdefault(r, len(first)) for r in roots], dtype=int)


def polylines(segments, tol):
    """Join segments that meet end to end into polygonal curves.

    Parameters
    ----------
    segments : list of arrays of shape (2, 2)
        Straight pieces of a curve, in any order and orientation. Pieces
        that repeat or overlap along the same line are allowed.
    tol : float
        End points closer than ``tol`` are the same point.

    Returns
    -------
    list of (ndarray of shape (k, 2), bool)
        Each curve's vertices in order and whether it is closed (then the
        last vertex joins the first, which is not repeated). Curves end
        where a point meets one segment or more than two.

    Notes
    -----
    End points are merged into nodes (pairs within ``tol``); a segment
    that passes through a node is cut there, so that pieces seen from
    two sides of a fold become identical and are kept once. The nodes of
    degree 2 are then walked through: open curves start at the other
    nodes, and what is left are closed loops.

    Examples
    --------
    >>> square = [[[0, 0], [1, 0]], [[1, 1], [1, 0]], [[1, 1], [0, 1]], [[0, 0], [0, 1]]]
    >>> [(len(v), closed) for v, closed in polylines(np.array(square, float), 1e-9)]
    [(4, True)]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    if len(segments) == 0:
        return []
    from scipy.spatial import cKDTree

    ends = np.asarray(segments, dtype=float).reshape(-1, 2)
    node_of = connected_components(len(ends), np.array(sorted(cKDTree(ends).query_pairs(tol))))
    nodes = np.zeros((node_of.max() + 1, 2))
    nodes[node_of] = ends  # any representative will do
    # Cut every segment at the nodes lying inside it, then keep each piece once.
    pieces = set()
    for a, b in node_of.reshape(-1, 2):
        if a == b:
            continue
        p, q = nodes[a], nodes[b]
        u = q - p
        length2 = u @ u
        t = (nodes - p) @ u / length2
        off = np.abs((nodes - p) @ np.array([-u[1], u[0]])) / np.sqrt(length2)
        inside = np.nonzero((off <= tol) & (t > 0) & (t < 1))[0]
        inside = [i for i in inside[np.argsort(t[inside])] if i not in (a, b)]
        chain = [a, *inside, b]
        pieces.update((min(i, j), max(i, j)) for i, j in zip(chain[:-1], chain[1:]))
    neighbours = defaultdict(list)
    for i, j in sorted(pieces):
        neighbours[i].append(j)
        neighbours[j].append(i)
    used = set()

    def walk(start, nxt):
        path = [start]
        prev, cur = start, nxt
        used.add((min(prev, cur), max(prev, cur)))
        while cur != start and len(neighbours[cur]) == 2:
            path.append(cur)
            a, b = neighbours[cur]
            prev, cur = cur, (b if a == prev else a)
            if (min(prev, cur), max(prev, cur)) in used:
                break
            used.add((min(prev, cur), max(prev, cur)))
        closed = bool(cur == start)
        if not closed:
            path.append(cur)
        return nodes[path], closed

    curves = []
    for start in sorted(neighbours):  # open curves: from ends and junctions
        if len(neighbours[start]) != 2:
            for nxt in neighbours[start]:
                if (min(start, nxt), max(start, nxt)) not in used:
                    curves.append(walk(start, nxt))
    for start in sorted(neighbours):  # what is left are closed loops
        for nxt in neighbours[start]:
            if (min(start, nxt), max(start, nxt)) not in used:
                curves.append(walk(start, nxt))
    return curves


def corners(V, closed, tol=1e-9):
    """Drop the vertices where a polygonal curve goes straight on.

    Parameters
    ----------
    V : array of shape (k, 2)
        Vertices of the curve in order.
    closed : bool
        Whether the last vertex joins the first.
    tol : float, optional
        A vertex is straight when the sine of its turning angle is below
        ``tol`` (and the curve does not turn back).

    Returns
    -------
    ndarray of shape (k', 2)
        The curve's corners (and, when open, its two ends). A closed curve
        has k' sides, an open one k' − 1.

    Examples
    --------
    >>> corners([[0, 0], [1, 0], [2, 0], [2, 1]], closed=False).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 1.0]]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    V = np.asarray(V, dtype=float)
    changed = True
    while changed and len(V) > (3 if closed else 2):
        changed = False
        before, after = np.roll(V, 1, axis=0), np.roll(V, -1, axis=0)
        u, w = V - before, after - V
        nu, nw = np.hypot(u[:, 0], u[:, 1]), np.hypot(w[:, 0], w[:, 1])
        sine = (u[:, 0] * w[:, 1] - u[:, 1] * w[:, 0]) / np.maximum(nu * nw, 1e-300)
        straight = (np.abs(sine) <= tol) & (np.sum(u * w, axis=1) > 0)
        if not closed:
            straight[[0, -1]] = False
        if straight.any():
            # drop one vertex at a time: neighbours of a dropped vertex change
            V = np.delete(V, np.argmax(straight), axis=0)
            changed = True
    return V
