"""Convex polygons (k, 2), counter-clockwise; edge i (vertex i to i + 1) has a line id, -1
(:data:`BOX`) for the box. Strang §VII.1. Public: :func:`chord` (chapter 01 calls it); the
private helpers trust their callers (lfd.cpl.regions validates)."""

from __future__ import annotations

import heapq
from collections import defaultdict

import numpy as np

from lfd._validate import check_array, check_int, check_real

BOX = -1  # line id of the edges of the starting box


def _points(V):
    """Vertices (k, 2) as float64 (complex refused by name; the hot path skips the check)."""
    if type(V) is np.ndarray and V.dtype == np.float64 and V.ndim == 2:  # the hot path
        return V
    return check_array(V, "V", shape=(None, 2), finite=False)


def _polygon_area(V):
    """Signed area (shoelace formula), positive when counter-clockwise.
    >>> _polygon_area([[0, 0], [2, 0], [2, 1], [0, 1]])
    2.0
    """
    V = _points(V)
    x, y = V[:, 0], V[:, 1]
    return float(0.5 * (x @ np.roll(y, -1) - np.roll(x, -1) @ y))


def _polygon_centroid(V):
    """Centre of mass of a polygon with positive area, shape (2,)."""
    V = _points(V)
    origin = V[0]
    P, Q = V - origin, np.roll(V, -1, axis=0) - origin
    cross = P[:, 0] * Q[:, 1] - P[:, 1] * Q[:, 0]
    return origin + (cross @ (P + Q)) / (3.0 * cross.sum())


def chord(V, a, c, tol):
    """The end points (2, 2) of the line a·x + c = 0 inside a convex polygon V (k, 2), or None;
    points within ``tol`` (> 0) of the line are on it. V, a (2,), c finite and real.

    >>> chord([[0, 0], [2, 0], [2, 2], [0, 2]], [1.0, 0.0], -1.0, 1e-12).tolist()
    [[1.0, 0.0], [1.0, 2.0]]
    """
    V, a = check_array(V, "V", shape=(None, 2)), check_array(a, "a", shape=(2,))
    return _chord(V, a, check_real(c, "c"), check_real(tol, "tol", min=0.0, min_open=True))


def _chord(V, a, c, tol):  # chord for trusted float arrays (the regions' hot path)
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
    return None if np.ptp(along) <= tol else points[[np.argmin(along), np.argmax(along)]]


def _shared_edges(polygons, edge_ids, tol):
    """Pairs (i, j), i < j, of polygons sharing more than ``tol`` of an edge (one line id)."""
    by_line = defaultdict(list)
    for r, (V, ids) in enumerate(zip(polygons, edge_ids)):
        V = np.asarray(V, dtype=float)
        for i, line in enumerate(ids):
            if line != BOX:
                by_line[line].append((r, V[i], V[(i + 1) % len(V)]))
    pairs = set()
    for items in by_line.values():
        if len(items) < 2:
            continue
        owner, P, Q = (np.array(column) for column in zip(*items))
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


def _connected_components(n: int, pairs):
    """Labels (n,) 0, 1, ... (by first appearance), equal for paired items.

    >>> _connected_components(5, [(0, 3), (3, 4)]).tolist()
    [0, 1, 2, 0, 0]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = check_int(n, "n", min=0)
    i, j = np.asarray(pairs, dtype=np.intp).reshape(-1, 2).T
    if len(i) == 0:
        return np.arange(n)
    labels = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n)),
                                  directed=False)[1]
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=int)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[labels]


def _greedy_coloring(n: int, pairs, k: int = 6):
    """Colours (n,) different for paired nodes: smallest-last order, the least used of the
    first ``k`` free colours (a planar graph needs at most six)."""
    n, k = check_int(n, "n", min=0), check_int(k, "k", min=1)
    neighbours = [set() for _ in range(n)]
    for i, j in pairs:
        if i != j:
            neighbours[i].add(j)
            neighbours[j].add(i)
    degree = [len(s) for s in neighbours]
    removed, order = [False] * n, []
    heap = [(d, i) for i, d in enumerate(degree)]  # (degree, node); stale entries skipped
    heapq.heapify(heap)
    while heap:  # repeatedly take a node of smallest remaining degree (smallest index first)
        d, i = heapq.heappop(heap)
        if removed[i] or d != degree[i]:
            continue
        removed[i] = True
        order.append(i)
        for j in neighbours[i]:
            if not removed[j]:
                degree[j] -= 1
                heapq.heappush(heap, (degree[j], j))
    colour, count = [-1] * n, [0] * (n + 1)
    for i in reversed(order):
        used = {colour[j] for j in neighbours[i]}
        free = [c for c in range(min(n, k)) if c not in used] or [min(set(range(n + 1)) - used)]
        colour[i] = min(free, key=lambda c: (count[c], c))
        count[colour[i]] += 1
    return np.array(colour, dtype=int)


def _polylines(segments, tol):
    """Join segments (2, 2) end to end (within ``tol``) into curves: a list of (vertices, closed).

    >>> square = [[[0, 0], [1, 0]], [[1, 1], [1, 0]], [[1, 1], [0, 1]], [[0, 0], [0, 1]]]
    >>> [(len(v), closed) for v, closed in _polylines(np.array(square, float), 1e-9)]
    [(4, True)]
    """
    if len(segments) == 0:
        return []
    from scipy.spatial import cKDTree

    ends = np.asarray(segments, dtype=float).reshape(-1, 2)
    node_of = _connected_components(len(ends), np.array(sorted(cKDTree(ends).query_pairs(tol))))
    nodes = np.zeros((node_of.max() + 1, 2))
    nodes[node_of] = ends  # any representative will do
    pieces = set()  # segments cut at the nodes inside them, each piece once
    for a, b in node_of.reshape(-1, 2):
        if a == b:
            continue
        p, u = nodes[a], nodes[b] - nodes[a]
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

    def walk(start, cur):
        path, prev = [start], start
        used.add((min(prev, cur), max(prev, cur)))
        while cur != start and len(neighbours[cur]) == 2:
            path.append(cur)
            a, b = neighbours[cur]
            prev, cur = cur, (b if a == prev else a)
            if (min(prev, cur), max(prev, cur)) in used:
                break
            used.add((min(prev, cur), max(prev, cur)))
        closed = bool(cur == start)
        return nodes[path if closed else path + [cur]], closed

    return [walk(start, nxt)  # open curves from ends and junctions, then loops
            for ends_only in (True, False) for start in sorted(neighbours)
            if not (ends_only and len(neighbours[start]) == 2)
            for nxt in neighbours[start] if (min(start, nxt), max(start, nxt)) not in used]


def _corners(V, closed, tol=1e-9):
    """Drop the vertices where a polygonal curve goes straight on (|sin| <= tol)."""
    V = _points(V)
    changed = True
    while changed and len(V) > (3 if closed else 2):
        changed = False
        u, w = V - np.roll(V, 1, axis=0), np.roll(V, -1, axis=0) - V
        nu, nw = np.hypot(u[:, 0], u[:, 1]), np.hypot(w[:, 0], w[:, 1])
        sine = (u[:, 0] * w[:, 1] - u[:, 1] * w[:, 0]) / np.maximum(nu * nw, 1e-300)
        straight = (np.abs(sine) <= tol) & (np.sum(u * w, axis=1) > 0)
        if not closed:
            straight[[0, -1]] = False
        if straight.any():  # one vertex at a time: its neighbours' angles change
            V = np.delete(V, np.argmax(straight), axis=0)
            changed = True
    return V
