"""The linear regions of a two-input ReLU net as one planar partition of a box, cut by one
neuron at a time with whole-array operations. Strang §VII.1; chapter 01.

The partition is a graph: vertices ``P`` (n_V, 2); edges from ``e0`` to ``e1`` with the faces
``left`` and ``right`` of them (-1: outside the box) and the ``line`` (hidden neuron, counted
through the layers from 0; -1 for the box) whose fold made them. The values ``Z`` (n_V, N_k) of
layer k's pre-activations z = A_k v_{k-1} + b_k are kept at every vertex. Before layer k is cut,
v_{k-1} is affine on every face, so each z_j is affine on every face, and its values at the
vertices decide how neuron j cuts:

1. vertices with |z_j| <= tol are on the fold (their z_j is set to 0);
2. every edge whose ends have opposite signs is split where z_j = 0, at t = z_0 / (z_0 - z_1);
   the new vertex gets Z by linear interpolation, exact because Z is affine along an edge;
3. every face with vertices on both sides is split along the segment between its two vertices
   on the fold: its edges on the negative side move to a new face.

After the last neuron of layer k, v_k = ReLU(Z) at the vertices and Z_{k+1} = v_k A_{k+1}^T +
b_{k+1}. Each vertex of a face ends two of its edges: averaging both ends of its edges gives the
mean of its vertices, a point inside it, where the net gives its pattern.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Partition(NamedTuple):
    """The cut box: ``P`` (n_V, 2); edges ``e0``, ``e1``, ``left``, ``right``, ``line`` (n_E,);
    ``n_faces``; ``inside`` (n_F, 2), a point inside each face (the mean of its vertices)."""

    P: np.ndarray
    e0: np.ndarray
    e1: np.ndarray
    left: np.ndarray
    right: np.ndarray
    line: np.ndarray
    n_faces: int
    inside: np.ndarray


class _Buffer:
    """Columns that grow by appending (capacity doubles, so appending is amortised O(1))."""

    def __init__(self, **columns):
        self.n = len(next(iter(columns.values())))
        self.cols = {name: np.array(c) for name, c in columns.items()}

    def reserve(self, extra):
        need = self.n + extra
        for name, c in self.cols.items():
            if len(c) < need:
                grown = np.empty((max(need, 2 * len(c)),) + c.shape[1:], dtype=c.dtype)
                grown[:self.n] = c[:self.n]
                self.cols[name] = c = grown
        return self.n, need

    def __getitem__(self, name):  # the used part, a view
        return self.cols[name][:self.n]


def _cut(A, b, box, eps):
    """Cut the box (xmin, xmax, ymin, ymax) by the hidden neurons of the net with weights A,
    biases b (lists of arrays, the hidden layers only; A_1 has two columns). A vertex with
    |z_j| <= eps * (range of z_j over the vertices) is on neuron j's fold. Trusts its inputs
    (:func:`lfd.cpl.linear_regions` checks them). Returns a :class:`Partition`."""
    xmin, xmax, ymin, ymax = box
    V = _Buffer(P=[[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    E = _Buffer(e0=np.arange(4), e1=np.array([1, 2, 3, 0]), left=np.zeros(4, dtype=np.intp),
                right=np.full(4, -1, dtype=np.intp), line=np.full(4, -1, dtype=np.intp))
    n_faces, neuron = 1, 0
    v_prev = V["P"]  # v_0 = the input at the vertices
    for k, (Ak, bk) in enumerate(zip(A, b), start=1):
        V.cols["Z"] = Z = np.empty((len(V.cols["P"]), len(bk)))
        with np.errstate(over="ignore", invalid="ignore"):
            Z[:V.n] = v_prev @ Ak.T + bk
        if not np.abs(Z[:V.n]).max() <= 1e150:  # so that z_0 * z_1 cannot overflow
            raise ValueError(f"the net's pre-activations in hidden layer {k} "
                             f"exceed 1e150 in the box: scale its weights down")
        for j in range(len(bk)):
            n_faces = _cut_by_neuron(V, E, j, eps, n_faces, neuron)
            neuron += 1
        v_prev = np.maximum(V["Z"], 0.0)  # v_k = ReLU(z) at the vertices
    P, e0, e1, left, right = V["P"], E["e0"], E["e1"], E["left"], E["right"]
    inside = np.zeros((n_faces, 2))
    count = np.bincount(left, minlength=n_faces) + np.bincount(right[right >= 0],
                                                               minlength=n_faces)
    ends = P[e0] + P[e1]
    for d in range(2):
        inside[:, d] = (np.bincount(left, ends[:, d], minlength=n_faces)
                        + np.bincount(right[right >= 0], ends[right >= 0, d], minlength=n_faces))
    inside /= 2 * count[:, None]
    return Partition(P.copy(), e0.copy(), e1.copy(), left.copy(), right.copy(),
                     E["line"].copy(), n_faces, inside)


def _cut_by_neuron(V, E, j, eps, n_faces, neuron):
    """Steps 1-3 of the module docstring for column j of V's Z; returns the new face count."""
    Z = V["Z"]
    z = Z[:, j]
    tol = eps * (z.max() - z.min())
    z[np.abs(z) <= tol] = 0.0  # step 1 (z is a view: Z changes too)
    e0, e1 = E["e0"], E["e1"]
    z0, z1 = z[e0], z[e1]
    side = z0 + z1  # the sign of an edge whose ends are not on opposite sides
    crossing = np.flatnonzero(z0 * z1 < 0.0)
    if len(crossing):  # step 2
        a, c = e0[crossing], e1[crossing]
        t = (z0[crossing] / (z0[crossing] - z1[crossing]))[:, None]
        start, stop = V.reserve(len(crossing))
        new = np.arange(start, stop)
        P, Z = V.cols["P"], V.cols["Z"]
        P[start:stop] = P[a] + t * (P[c] - P[a])
        Z[start:stop] = Z[a] + t * (Z[c] - Z[a])
        Z[start:stop, j] = 0.0
        V.n = stop
        start, stop = E.reserve(len(crossing))
        cols = E.cols
        cols["e1"][crossing] = new
        cols["e0"][start:stop], cols["e1"][start:stop] = new, c
        for name in ("left", "right", "line"):
            cols[name][start:stop] = cols[name][crossing]
        E.n = stop
        side[crossing] = z0[crossing]
        side = np.concatenate([side, z1[crossing]])
    left, right = E["left"], E["right"]
    has = np.zeros((2, n_faces + 1), dtype=bool)  # slot -1 (the outside) is a dummy
    for row, mask in ((0, side > 0), (1, side < 0)):
        has[row, left[mask]] = True
        has[row, right[mask]] = True
    split = has[0] & has[1]
    split[-1] = False
    if not split[:-1].any():
        return n_faces
    # step 3: the two vertices on the fold of each split face, from its edges' ends
    z = V["Z"][:, j]
    e0, e1 = E["e0"], E["e1"]
    mine = np.flatnonzero(split[left] | split[right])
    ends, faces = [], []
    for e in (e0[mine], e1[mine]):
        on = z[e] == 0.0
        for f in (left[mine][on], right[mine][on]):
            ends.append(e[on])
            faces.append(f)
    f, v = np.concatenate(faces), np.concatenate(ends)
    keep = split[f]
    key = np.unique(f[keep] * V.n + v[keep])
    f, v = key // V.n, key % V.n
    faces, first, count = np.unique(f, return_index=True, return_counts=True)
    u, w = v[first], v[first + 1]
    for i in np.flatnonzero(count > 2):  # a fold along more than two vertices: its ends
        points = V["P"][v[first[i]:first[i] + count[i]]]
        gap = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
        p, q = np.unravel_index(np.argmax(gap), gap.shape)
        u[i], w[i] = v[first[i] + p], v[first[i] + q]
    new_face = np.full(n_faces + 1, -1, dtype=np.intp)
    new_face[faces] = n_faces + np.arange(len(faces))
    negative = mine[side[mine] < 0]
    for name in ("left", "right"):
        col = E[name]
        moved = negative[split[col[negative]]]
        col[moved] = new_face[col[moved]]
    start, stop = E.reserve(len(faces))
    cols = E.cols
    cols["e0"][start:stop], cols["e1"][start:stop] = u, w
    cols["left"][start:stop], cols["right"][start:stop] = faces, new_face[faces]
    cols["line"][start:stop] = neuron
    E.n = stop
    return n_faces + len(faces)
