"""Continuous piecewise linear functions: ReLU nets and their flat pieces.

Strang §VII.1 builds the learning function from layers

    v_k = ReLU(A_k v_{k-1} + b_k),    k = 1, ..., L - 1,
    F(v_0) = A_L v_{L-1} + b_L        (no ReLU on the output),

where A_k has shape N_k by N_{k-1} and b_k has N_k components. Each
layer is affine and then folds every component at zero, so F is
continuous and piecewise linear: its graph is made of flat pieces.

This module follows the section in order:

1. the activation functions (:func:`relu` and two others),
2. how many pieces N fold hyperplanes can cut R^m into: r(N, m), by the
   sum of binomial coefficients (:func:`max_pieces`) and by the recursion
   r(N, m) = r(N-1, m) + r(N-1, m-1) (:func:`max_pieces_recursive`),
3. the net itself (:class:`ReLUNet`) and its activation patterns,
4. for two inputs, the exact pieces of F inside a box: every linear
   region with its polygon and affine map (:func:`linear_regions`),
   the count of regions and of flat pieces (:func:`count_regions`), and
   the polygon F = 0 that separates the two classes (:func:`zero_set`),
5. the initial variance sigma^2 = 2 / fan-in (:func:`activation_sizes`).

The plane geometry (cutting polygons by lines, joining segments into
curves) lives in :mod:`lfd.regions`.

Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from lfd import regions as geo

__all__ = [
    "relu", "leaky_relu", "sigmoid",
    "max_pieces", "max_pieces_recursive",
    "ReLUNet", "fold_lines",
    "Region", "linear_regions", "piece_labels", "RegionCount", "count_regions",
    "Curve", "ZeroSet", "zero_set",
    "activation_sizes",
]

# Geometric tolerance, relative to the size of the box: points closer than
# EPS * size to a fold line lie on it, and two affine maps whose values on
# the box differ by less than EPS times their size are the same map.
EPS = 1e-9


# ---------------------------------------------------------------------------
# 1. Activation functions
# ---------------------------------------------------------------------------

def relu(x):
    """The ramp function ReLU(x) = max(x, 0), component by component.

    Parameters
    ----------
    x : array_like
        Any shape.

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Notes
    -----
    ReLU is continuous and piecewise linear with slopes 0 and 1; its
    derivative is the step function (we take slope 0 at x = 0, so a
    neuron is *active* when its input is strictly positive).

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])

    Reference: Strang §VII.1, eq. (2); chapter chapters/01-deep-nets.ipynb.
    """
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x for x > 0 and alpha x for x <= 0.

    Parameters
    ----------
    x : array_like
        Any shape.
    alpha : float, optional
        Slope on the negative side, ``0 <= alpha < 1``.

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Notes
    -----
    Still piecewise linear with one fold at 0, but the slope alpha keeps
    a small gradient where ReLU would have none.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a real number, got {type(alpha).__name__} {alpha!r}")
    if not 0 <= alpha < 1:
        raise ValueError(f"alpha must satisfy 0 <= alpha < 1, got alpha={alpha}")
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, alpha * x)


def sigmoid(x):
    """The smooth S-curve 1 / (1 + e^{-x}) that ReLU replaced.

    Parameters
    ----------
    x : array_like
        Any shape.

    Returns
    -------
    ndarray
        Same shape as ``x``, values in (0, 1).

    Notes
    -----
    Computed as e^{x} / (1 + e^{x}) for x < 0 so that no exponential
    overflows.

    Examples
    --------
    >>> sigmoid([0.0, 1000.0, -1000.0])
    array([0.5, 1. , 0. ])

    Reference: Strang §VII.1, Figure VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------------------
# 2. Counting pieces: r(N, m)
# ---------------------------------------------------------------------------

def _count(value, name):
    """A non-negative Python int, or a clear error naming the argument."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer, "
                        f"got {type(value).__name__} {value!r}")
    value = int(value)
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {name}={value}")
    return value


def max_pieces(N, m):
    """r(N, m): the most pieces that N fold hyperplanes cut R^m into.

    Parameters
    ----------
    N : int
        Number of folds (neurons in one hidden layer), N >= 0.
    m : int
        Dimension of the input space (features), m >= 0.

    Returns
    -------
    int
        The exact count, as a Python integer.

    Notes
    -----
    For hyperplanes in general position (no m + 1 of them through one
    point),

        r(N, m) = C(N, 0) + C(N, 1) + ... + C(N, m),

    with C(N, i) = 0 for i > N. Each term comes from the previous one,
    C(N, i + 1) = C(N, i) (N - i) / (i + 1), and the division is exact,
    so there are no factorials and no rounding: N = 10**6 is instant.
    For m >= N the sum is 2^N; for m >= N / 2 the shorter sum on the
    other side of the binomial row is used, 2^N - r(N, N - m - 1).

    Examples
    --------
    >>> [max_pieces(N, 2) for N in range(5)]
    [1, 2, 4, 7, 11]
    >>> max_pieces(4, 3), max_pieces(5, 3)
    (15, 26)

    Reference: Strang §VII.1, eq. (4); chapter chapters/01-deep-nets.ipynb.
    """
    N, m = _count(N, "N"), _count(m, "m")
    if m >= N:
        return 1 << N
    if 2 * m >= N:
        return (1 << N) - max_pieces(N, N - m - 1)
    total, term = 0, 1  # term = C(N, i)
    for i in range(m + 1):
        total += term
        term = term * (N - i) // (i + 1)
    return total


def max_pieces_recursive(N, m):
    """r(N, m) from the recursion r(N, m) = r(N-1, m) + r(N-1, m-1).

    Parameters
    ----------
    N : int
        Number of folds, N >= 0.
    m : int
        Dimension of the input space, m >= 0.

    Returns
    -------
    int
        The exact count; equal to :func:`max_pieces` (that is the theorem).

    Notes
    -----
    Adding the N-th hyperplane H to N - 1 others: the old ones cut H into
    r(N-1, m-1) pieces, and each piece splits one old region in two.
    The starting values are r(0, m) = 1 (no folds: one region) and
    r(N, 0) = 1 (R^0 is a single point). The table is filled row by row,
    N = 1, 2, ..., keeping one row r(n, 0..m) - no recursion depth,
    O(N m) additions. Beyond m = N the row no longer changes, so only
    columns up to min(m, N) are kept.

    Examples
    --------
    >>> max_pieces_recursive(3, 2), max_pieces_recursive(4, 2)
    (7, 11)
    >>> max_pieces_recursive(2, 1)
    3

    Reference: Strang §VII.1, eq. (5); chapter chapters/01-deep-nets.ipynb.
    """
    N, m = _count(N, "N"), _count(m, "m")
    m = min(m, N)
    row = [1] * (m + 1)  # r(0, j) = 1
    for _ in range(N):
        for j in range(m, 0, -1):  # right to left: row[j - 1] is still r(n-1, j-1)
            row[j] += row[j - 1]
    return row[m]


# ---------------------------------------------------------------------------
# 3. The net
# ---------------------------------------------------------------------------

def _as_layer(A, b, k):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    if A.ndim == 1:  # a row vector, like A_2 in Figure VII.2
        A = A[None, :]
    if A.ndim != 2 or A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"layer {k}: A_{k} must be a non-empty 2-D array (N_{k}, N_{k - 1}), "
                         f"got shape {np.shape(A)}")
    if b.ndim == 0:
        b = b[None]
    if b.shape != (A.shape[0],):
        raise ValueError(f"layer {k}: b_{k} must have shape ({A.shape[0]},) to match "
                         f"A_{k} of shape {A.shape}, got shape {b.shape}")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
        raise ValueError(f"layer {k}: A_{k} and b_{k} must be finite")
    return A, b


class ReLUNet:
    """A fully connected ReLU net F(v) = A_L ReLU(... ReLU(A_1 v + b_1) ...) + b_L.

    Parameters
    ----------
    A : list of arrays, A[k-1] of shape (N_k, N_{k-1})
        Weight matrices A_1, ..., A_L. A 1-D array is read as one row.
    b : list of arrays, b[k-1] of shape (N_k,)
        Bias vectors b_1, ..., b_L (a number is accepted for N_k = 1).

    Attributes
    ----------
    A, b : lists of float arrays
        The weights, as given (converted to float arrays).
    widths : list of int
        [N_0, N_1, ..., N_L]: inputs, hidden widths, outputs.

    Notes
    -----
    Every hidden layer is v_k = ReLU(A_k v_{k-1} + b_k); the last layer
    is affine only. Neuron j of layer k is *active* at v_0 when its
    pre-activation (A_k v_{k-1} + b_k)_j is strictly positive; the list
    of on/off values of all hidden neurons is the *activation pattern*.
    On the set of inputs with one pattern, F is one affine function.

    Examples
    --------
    A net shaped like Figure VII.2: N_0 = 3 inputs, 4 neurons, one output.

    >>> rng = np.random.default_rng(0)
    >>> net = ReLUNet.random([3, 4, 1], rng=rng)
    >>> net.widths, net.n_parameters, net.n_hidden
    ([3, 4, 1], 21, 4)

    F(x, y) = ReLU(x) + ReLU(y) - 1, written out:

    >>> net = ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], -1.0])
    >>> net([[2.0, 3.0], [-1.0, 0.5]])
    array([ 4. , -0.5])

    Reference: Strang §VII.1, eqs. (1)-(3); chapter chapters/01-deep-nets.ipynb.
    """

    def __init__(self, A, b):
        if isinstance(A, np.ndarray) or isinstance(b, np.ndarray):
            raise TypeError("A and b must be lists with one array per layer, got a single array; "
                            "wrap a one-layer net as ReLUNet([A_1], [b_1])")
        A, b = list(A), list(b)
        if len(A) == 0 or len(A) != len(b):
            raise ValueError(f"A and b need one entry per layer, got len(A)={len(A)} "
                             f"and len(b)={len(b)}")
        layers = [_as_layer(Ak, bk, k) for k, (Ak, bk) in enumerate(zip(A, b), start=1)]
        for k in range(1, len(layers)):
            fan_in, below = layers[k][0].shape[1], layers[k - 1][0].shape[0]
            if fan_in != below:
                raise ValueError(f"layer {k + 1}: A_{k + 1} has {fan_in} columns but layer {k} "
                                 f"has N_{k}={below} outputs")
        self.A = [Ak for Ak, _ in layers]
        self.b = [bk for _, bk in layers]

    @classmethod
    def random(cls, widths, rng=None, scale=2.0, bias_scale=None):
        """A net with independent Gaussian weights of variance scale / fan-in.

        Parameters
        ----------
        widths : sequence of int
            [N_0, N_1, ..., N_L], at least two entries, all positive.
        rng : None, int or numpy.random.Generator, optional
            Source of randomness, passed to ``np.random.default_rng``.
        scale : float, optional
            Weights of layer k have variance scale / N_{k-1}. The default
            2 is He's choice sigma^2 = 2 / fan-in.
        bias_scale : float, optional
            Biases of layer k have variance bias_scale / N_{k-1}; the
            default is ``scale``. Use 0 for a bias-free net (then every
            fold passes through the origin).

        Returns
        -------
        ReLUNet

        Examples
        --------
        >>> net = ReLUNet.random([2, 16, 16, 1], rng=1)
        >>> [Ak.shape for Ak in net.A]
        [(16, 2), (16, 16), (1, 16)]

        Reference: Strang §VII.1 (initial weights); chapter chapters/01-deep-nets.ipynb.
        """
        try:
            widths = [_count(N, "widths entry") for N in widths]
        except TypeError as err:
            if not np.iterable(widths):
                raise TypeError(f"widths must be a sequence of positive integers, "
                                f"got {type(widths).__name__}") from None
            raise TypeError(f"widths must be a sequence of positive integers: {err}") from None
        if len(widths) < 2 or min(widths) < 1:
            raise ValueError(f"widths must list at least the inputs and outputs, all positive, "
                             f"got widths={widths}")
        for name, value in (("scale", scale), ("bias_scale", bias_scale)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Real)
                                      or value < 0):
                raise ValueError(f"{name} must be a non-negative number, got {name}={value!r}")
        bias_scale = scale if bias_scale is None else bias_scale
        rng = np.random.default_rng(rng)
        A, b = [], []
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            A.append(rng.normal(0.0, np.sqrt(scale / fan_in), size=(fan_out, fan_in)))
            b.append(rng.normal(0.0, np.sqrt(bias_scale / fan_in), size=fan_out))
        return cls(A, b)

    @property
    def widths(self):
        """[N_0, N_1, ..., N_L]: number of inputs, of neurons per layer, of outputs."""
        return [self.A[0].shape[1]] + [Ak.shape[0] for Ak in self.A]

    @property
    def n_parameters(self):
        """Number of weights and biases, sum of N_k (N_{k-1} + 1)."""
        return int(sum(Ak.size + bk.size for Ak, bk in zip(self.A, self.b)))

    @property
    def n_hidden(self):
        """Number of hidden neurons, that is of ReLUs applied before the output."""
        return int(sum(self.widths[1:-1]))

    def _batch(self, X):
        X = np.asarray(X, dtype=float)
        single = X.ndim == 1
        if single:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.widths[0]:
            raise ValueError(f"X must have shape (n, {self.widths[0]}) (or ({self.widths[0]},) "
                             f"for one sample) for a net with N_0={self.widths[0]} inputs, "
                             f"got shape {np.shape(X)}")
        return X, single

    def pre_activations(self, X):
        """The vectors A_k v_{k-1} + b_k of every layer, before ReLU.

        Parameters
        ----------
        X : array of shape (n, N_0)
            One sample v_0 per row.

        Returns
        -------
        list of arrays, entry k-1 of shape (n, N_k)
            Layers 1 to L; the last entry is the output F.

        Examples
        --------
        >>> net = ReLUNet([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], 0.0])
        >>> [z.tolist() for z in net.pre_activations([[-3.0]])]
        [[[-3.0, 3.0]], [[3.0]]]

        Reference: Strang §VII.1, eq. (1); chapter chapters/01-deep-nets.ipynb.
        """
        v, _ = self._batch(X)
        out = []
        for k, (Ak, bk) in enumerate(zip(self.A, self.b), start=1):
            z = v @ Ak.T + bk
            out.append(z)
            v = np.maximum(z, 0.0) if k < len(self.A) else z
        return out

    def __call__(self, X):
        """Evaluate F on a batch.

        Parameters
        ----------
        X : array of shape (n, N_0) or (N_0,)
            Samples v_0, one per row.

        Returns
        -------
        ndarray of shape (n,) if N_L = 1, else (n, N_L)
            For one sample (1-D ``X``), a float or an array (N_L,).
        """
        X, single = self._batch(X)
        out = self.pre_activations(X)[-1]
        if out.shape[1] == 1:
            out = out[:, 0]
        return out[0] if single else out

    def patterns(self, X, stacked=False):
        """Activation patterns: which hidden neurons are on at each sample.

        Parameters
        ----------
        X : array of shape (n, N_0)
            Samples v_0, one per row.
        stacked : bool, optional
            If True, return one array with the layers side by side.

        Returns
        -------
        list of bool arrays, entry k-1 of shape (n, N_k), or one bool array of shape (n, N_1 + ... + N_{L-1})
            True where (A_k v_{k-1} + b_k)_j > 0.

        Examples
        --------
        >>> net = ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
        >>> net.patterns([[1.0, -1.0], [2.0, 2.0]], stacked=True)
        array([[ True, False],
               [ True,  True]])

        Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
        """
        X, _ = self._batch(X)
        hidden = [z > 0 for z in self.pre_activations(X)[:-1]]
        if stacked:
            return np.hstack(hidden) if hidden else np.zeros((len(X), 0), dtype=bool)
        return hidden

    def __repr__(self):
        return f"ReLUNet(widths={self.widths})"


def _check_net(net, inputs=None):
    if not isinstance(net, ReLUNet):
        raise TypeError(f"net must be a ReLUNet, got {type(net).__name__}")
    if inputs is not None and net.widths[0] != inputs:
        raise ValueError(f"net must have N_0={inputs} inputs (a function of x and y), "
                         f"got a net with N_0={net.widths[0]}")
    return net


def _check_box(box):
    try:
        values = [float(t) for t in box]
    except (TypeError, ValueError):
        raise TypeError(f"box must be four numbers (xmin, xmax, ymin, ymax), got {box!r}") from None
    if len(values) != 4:
        raise ValueError(f"box must be four numbers (xmin, xmax, ymin, ymax), got {len(values)}")
    xmin, xmax, ymin, ymax = values
    if not all(np.isfinite(values)) or not (xmin < xmax and ymin < ymax):
        raise ValueError(f"box must be finite with xmin < xmax and ymin < ymax, got box={box!r}")
    return xmin, xmax, ymin, ymax


def _box_polygon(box):
    xmin, xmax, ymin, ymax = box
    return np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])


def fold_lines(A, b, box):
    """The fold lines a_i · v + b_i = 0 of one layer, cut to a box.

    Parameters
    ----------
    A : array of shape (N, 2)
        Weights of the first layer, one row a_i per neuron.
    b : array of shape (N,)
        Its biases.
    box : (xmin, xmax, ymin, ymax)
        The window in the plane.

    Returns
    -------
    ndarray of shape (N, 2, 2)
        End points of fold i inside the box; NaN for a fold that misses
        the box (or a neuron with a_i = 0, which never folds).

    Notes
    -----
    Neuron i switches on and off across its line; these N lines are the
    folds of F for a net with one hidden layer, and the first folds of a
    deeper one. In general position they cut the plane into r(N, 2)
    pieces.

    Examples
    --------
    >>> fold_lines([[1.0, 0.0], [0.0, 1.0]], [0.0, -5.0], (-1, 1, -1, 1))[0].tolist()
    [[0.0, -1.0], [0.0, 1.0]]

    Reference: Strang §VII.1, Figure VII.3; chapter chapters/01-deep-nets.ipynb.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[1] != 2:
        raise ValueError(f"A must have shape (N, 2) (folds in the plane), got shape {A.shape}")
    b = np.asarray(b, dtype=float)
    if b.shape != (A.shape[0],):
        raise ValueError(f"b must have shape ({A.shape[0]},) to match A, got shape {b.shape}")
    box = _check_box(box)
    square = _box_polygon(box)
    tol = EPS * max(box[1] - box[0], box[3] - box[2])
    out = np.full((len(A), 2, 2), np.nan)
    for i, (a, bi) in enumerate(zip(A, b)):
        segment = geo.chord(square, a, bi, tol)
        if segment is not None:
            out[i] = segment
    return out


# ---------------------------------------------------------------------------
# 4. Exact linear regions of a net with two inputs
# ---------------------------------------------------------------------------

class Region(NamedTuple):
    """One linear region of F: a convex polygon where the pattern is fixed.

    Attributes
    ----------
    vertices : array of shape (k, 2)
        Corners, counter-clockwise.
    pattern : bool array of shape (N_1 + ... + N_{L-1},)
        Which hidden neurons are on inside the region.
    w : array of shape (N_L, 2)
        Gradient of each output: F(x) = w @ x + c on the region.
    c : array of shape (N_L,)
        Value of each output at the origin.
    edge_lines : tuple of int
        For edge i (vertex i to vertex i + 1), the id of the fold line it
        lies on; -1 for the box. Edges with equal ids are collinear.
    """

    vertices: np.ndarray
    pattern: np.ndarray
    w: np.ndarray
    c: np.ndarray
    edge_lines: tuple

    @property
    def area(self):
        return geo.polygon_area(self.vertices)

    @property
    def centroid(self):
        return geo.polygon_centroid(self.vertices)

    def F(self, X):
        """The region's affine map at points X of shape (n, 2), shaped like ReLUNet output."""
        out = np.asarray(X, dtype=float) @ self.w.T + self.c
        return out[..., 0] if self.w.shape[0] == 1 else out


def _split_cell(V, E, G, g, tol, min_area, first_id):
    """Cut a convex cell by the lines G_j · x + g_j = 0 of one layer.

    Returns (vertices, edge ids, on/off pattern) of every piece. Lines that
    do not cross a piece decide its pattern at once; only the lines that
    do are used to cut it, one at a time (depth first).
    """
    norms = np.hypot(G[:, 0], G[:, 1])
    safe = np.where(norms > 0, norms, 1.0)
    pieces = []
    stack = [(V, list(E), np.zeros(len(g), dtype=bool), np.arange(len(g)))]
    while stack:
        V, E, on, todo = stack.pop()
        D = (V @ G[todo].T + g[todo]) / safe[todo]  # signed distances, (k, len(todo))
        above, below = (D > tol).any(axis=0), (D < -tol).any(axis=0)
        crossing = above & below
        side = np.where(above, True, np.where(below, False, D.mean(axis=0) > 0))
        on = on.copy()
        on[todo[~crossing]] = side[~crossing]
        if not crossing.any():
            pieces.append((V, E, on))
            continue
        first = np.argmax(crossing)
        j, rest = todo[first], todo[crossing][1:]
        plus, minus = geo.split_polygon(V, E, D[:, first], tol, first_id + j)
        kept = [(part, flag) for part, flag in ((plus, True), (minus, False))
                if len(part[0]) >= 3 and geo.polygon_area(part[0]) > min_area]
        if not kept:  # a sliver of a cell: keep the larger side
            kept = [max(((plus, True), (minus, False)),
                        key=lambda pf: geo.polygon_area(pf[0][0]) if len(pf[0][0]) >= 3 else 0.0)]
        for (Vp, Ep), flag in kept:
            child = on.copy()
            child[j] = flag
            stack.append((Vp, Ep, child, rest))
    return pieces


def linear_regions(net, box):
    """All linear regions of a two-input ReLU net inside a box, exactly.

    Parameters
    ----------
    net : ReLUNet
        A net with N_0 = 2 inputs, any depth and any number of outputs.
    box : (xmin, xmax, ymin, ymax)
        The window in the plane.

    Returns
    -------
    list of Region
        Convex polygons that tile the box (up to slivers thinner than
        ``EPS`` times its size), each with its activation pattern and the
        affine map F(x) = w @ x + c that the net computes there.

    Notes
    -----
    Layer by layer, without sampling. Start with the box as the only cell,
    where v_0 = x is the affine map I x + 0. If on a cell the layer input
    is v_{k-1} = W x + c, the pre-activations are

        z_k = (A_k W) x + (A_k c + b_k),

    affine again, so neuron j folds along a straight line in this cell.
    Cut the cell by each of these N_k lines (half-plane clipping; a vertex
    within the tolerance of a line counts as on it, and pieces of nearly
    zero area are dropped). On each piece the pattern s of layer k is
    fixed, and the next layer's input is v_k = diag(s) z_k: again affine.
    After the last hidden layer, F = A_L v_{L-1} + b_L gives each region's
    map. A neuron's fold is straight only inside one cell of the previous
    layer; across cells it bends, as Strang §VII.1 describes.

    Examples
    --------
    Two folds x = 0 and y = 0 make four quadrants:

    >>> net = ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> regions = linear_regions(net, (-1, 1, -1, 1))
    >>> len(regions), sum(r.area for r in regions)
    (4, 4.0)
    >>> sorted(r.pattern.tolist() for r in regions)
    [[False, False], [False, True], [True, False], [True, True]]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    net = _check_net(net, inputs=2)
    box = _check_box(box)
    size = max(box[1] - box[0], box[3] - box[2])
    tol = EPS * size
    min_area = tol * tol
    V0 = _box_polygon(box)
    # a cell: (vertices, edge line ids, patterns so far, W, c) with v_{k-1} = W x + c
    cells = [(V0, [geo.BOX] * 4, [], np.eye(2), np.zeros(2))]
    next_id = 0
    for Ak, bk in zip(net.A[:-1], net.b[:-1]):
        new_cells = []
        for V, E, patterns, W, c in cells:
            G, g = Ak @ W, Ak @ c + bk
            for Vp, Ep, on in _split_cell(V, E, G, g, tol, min_area, next_id):
                new_cells.append((Vp, Ep, patterns + [on], on[:, None] * G, on * g))
            next_id += len(bk)  # the folds of this cell get their own ids
        cells = new_cells
    AL, bL = net.A[-1], net.b[-1]
    return [Region(vertices=V,
                   pattern=np.concatenate(patterns) if patterns else np.zeros(0, dtype=bool),
                   w=AL @ W, c=AL @ c + bL, edge_lines=tuple(E))
            for V, E, patterns, W, c in cells]


def _scale(regions):
    """Size of the box spanned by the regions, and a size for the maps on it."""
    points = np.vstack([r.vertices for r in regions])
    radius = float(np.abs(points).max())
    size = float(np.ptp(points, axis=0).max())
    values = max(float((np.abs(r.w).sum(axis=1) * radius + np.abs(r.c)).max()) for r in regions)
    return size, radius, values


def piece_labels(regions):
    """Group regions into the flat pieces of F.

    Parameters
    ----------
    regions : list of Region
        As returned by :func:`linear_regions`.

    Returns
    -------
    ndarray of int, shape (len(regions),)
        Regions with equal labels belong to one maximal flat piece.

    Notes
    -----
    Two regions are joined when they share an edge of positive length and
    carry the same affine map (every output): then the fold between them
    is not a fold of F at all. A piece is a connected component of these
    joins, found by union–find. Maps are equal when their values on the
    box differ by less than ``EPS`` times the largest value of any map.

    Examples
    --------
    ReLU(x) - ReLU(-x) = x: two activation regions, one flat piece.

    >>> net = ReLUNet([[[1.0, 0.0], [-1.0, 0.0]], [[1.0, -1.0]]], [[0.0, 0.0], 0.0])
    >>> piece_labels(linear_regions(net, (-1, 1, -1, 1))).tolist()
    [0, 0]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    regions = list(regions)
    if not regions or not all(isinstance(r, Region) for r in regions):
        raise TypeError("regions must be a non-empty list of Region (from linear_regions)")
    size, radius, values = _scale(regions)
    pairs = geo.shared_edges([r.vertices for r in regions], [r.edge_lines for r in regions],
                             EPS * size)
    same = [(i, j) for i, j in pairs
            if (np.abs(regions[i].w - regions[j].w).sum(axis=1) * radius
                + np.abs(regions[i].c - regions[j].c)).max() <= EPS * values]
    return geo.connected_components(len(regions), same)


class RegionCount(NamedTuple):
    """How many linear regions and how many flat pieces F has in a box."""

    regions: int
    pieces: int


def count_regions(net, box):
    """Count the linear regions and the flat pieces of F in a box.

    Parameters
    ----------
    net : ReLUNet
        A net with N_0 = 2 inputs.
    box : (xmin, xmax, ymin, ymax)
        The window in the plane.

    Returns
    -------
    RegionCount
        ``regions``: number of activation patterns that occupy positive
        area; ``pieces``: number of maximal flat pieces of the graph of F
        (neighbouring regions with the same affine map merged).

    Notes
    -----
    pieces <= regions. They differ when a fold does not change F: a
    neuron whose output weight is zero, two neurons whose effects cancel.
    For one hidden layer with N folds in general position, all of whose
    crossings lie inside the box, regions = r(N, 2) = 1 + N + N(N-1)/2.

    Examples
    --------
    >>> A1 = [[1.0, 2.0], [3.0, -1.0], [2.0, 5.0]]
    >>> net = ReLUNet([A1, [1.0, 1.0, 1.0]], [[-4.0, 1.0, -6.0], 0.0])
    >>> count_regions(net, (-10, 10, -10, 10))
    RegionCount(regions=7, pieces=7)

    Reference: Strang §VII.1, eq. (4); chapter chapters/01-deep-nets.ipynb.
    """
    regions = linear_regions(net, box)
    labels = piece_labels(regions)
    return RegionCount(regions=len(regions), pieces=int(labels.max()) + 1)


class Curve(NamedTuple):
    """A polygonal curve: its corners in order and whether it closes up."""

    vertices: np.ndarray
    closed: bool

    @property
    def sides(self):
        """Number of maximal straight segments."""
        return len(self.vertices) if self.closed else len(self.vertices) - 1


class ZeroSet(NamedTuple):
    """The set F = 0 of a scalar net inside a box.

    ``curves`` are the polygonal curves, ``sides`` their total number of
    sides, ``area`` the area of regions where F vanishes identically
    (those are not curves and are left out of ``curves``).
    """

    curves: list
    sides: int
    area: float


def zero_set(net, box):
    """The curves where F = 0: the boundary that classifies the plane.

    Parameters
    ----------
    net : ReLUNet
        A net with N_0 = 2 inputs and one output.
    box : (xmin, xmax, ymin, ymax)
        The window in the plane.

    Returns
    -------
    ZeroSet
        Its ``curves`` (each a :class:`Curve` with ``vertices`` of shape
        (k, 2), ``closed`` and ``sides``), the total number of ``sides``,
        and the ``area`` where F is identically zero.

    Notes
    -----
    On each linear region F = w · x + c, so {F = 0} is a straight chord
    of the region's polygon. Because F is continuous, the chords of
    neighbouring regions meet on their common edge; joined end to end
    they form polygonal curves, which close up or end on the box (or at
    a point where several branches meet). A *side* is a maximal straight
    segment: where a fold does not bend the zero set, the two chords are
    merged into one side. This is the white polygon of the TensorFlow
    Playground.

    Examples
    --------
    F(x, y) = |x| + |y| - 1, with |t| = ReLU(t) + ReLU(-t): a square.

    >>> A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    >>> net = ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0])
    >>> zs = zero_set(net, (-2, 2, -2, 2))
    >>> len(zs.curves), zs.curves[0].closed, zs.sides
    (1, True, 4)

    Reference: Strang §VII.1 (Problems 11-13); chapter chapters/01-deep-nets.ipynb.
    """
    net = _check_net(net, inputs=2)
    if net.widths[-1] != 1:
        raise ValueError(f"zero_set needs a net with one output (N_L=1), "
                         f"got N_L={net.widths[-1]}")
    box = _check_box(box)
    regions = linear_regions(net, box)
    size, radius, values = _scale(regions)
    tol = EPS * size
    segments, area = [], 0.0
    for r in regions:
        w, c = r.w[0], r.c[0]
        if np.abs(w).sum() * radius + abs(c) <= EPS * values:
            area += r.area  # F is identically zero here
            continue
        segment = geo.chord(r.vertices, w, c, tol)
        if segment is not None:
            segments.append(segment)
    curves = [Curve(geo.corners(V, closed), closed)
              for V, closed in geo.polylines(segments, tol)]
    return ZeroSet(curves=curves, sides=sum(curve.sides for curve in curves), area=area)


# ---------------------------------------------------------------------------
# 5. Initial weights: the variance 2 / fan-in
# ---------------------------------------------------------------------------

def activation_sizes(sigma2, depth, width, n=256, rng=None):
    """Size of the activations v_0, v_1, ..., v_depth in a random deep net.

    Parameters
    ----------
    sigma2 : float
        Variance of every weight, sigma2 > 0. Biases are zero.
    depth : int
        Number of hidden layers, depth >= 0.
    width : int
        Neurons per layer (and input dimension), so fan-in = width.
    n : int, optional
        Number of random inputs v_0 with independent N(0, 1) components.
    rng : None, int or numpy.random.Generator, optional
        Source of randomness, passed to ``np.random.default_rng``.

    Returns
    -------
    ndarray of shape (depth + 1,)
        Root mean square of the components of v_k, for k = 0, ..., depth.

    Notes
    -----
    A neuron of layer k sums width products of independent weights and
    inputs, so Var(z) = width sigma2 E[v^2]; ReLU keeps half of that
    symmetric z, so E[v_k^2] = (width sigma2 / 2) E[v_{k-1}^2]. The sizes
    grow or shrink like (width sigma2 / 2)^{k/2}: exponentially in depth,
    unless sigma2 = 2 / fan-in (He's choice).

    Examples
    --------
    >>> s = activation_sizes(2 / 100, depth=20, width=100, rng=0)
    >>> bool(0.3 < s[-1] / s[0] < 3)
    True
    >>> s = activation_sizes(1 / 100, depth=20, width=100, rng=0)
    >>> bool(s[-1] / s[0] < 0.01)
    True

    Reference: Strang §VII.1 (The Initial Weights); chapter chapters/01-deep-nets.ipynb.
    """
    if isinstance(sigma2, bool) or not isinstance(sigma2, numbers.Real) or not sigma2 > 0:
        raise ValueError(f"sigma2 must be a positive number, got sigma2={sigma2!r}")
    depth, width, n = _count(depth, "depth"), _count(width, "width"), _count(n, "n")
    if width < 1 or n < 1:
        raise ValueError(f"width and n must be positive, got width={width}, n={n}")
    rng = np.random.default_rng(rng)
    v = rng.standard_normal((n, width))
    sizes = [np.sqrt(np.mean(v ** 2))]
    for _ in range(depth):
        A = rng.normal(0.0, np.sqrt(sigma2), size=(width, width))
        v = relu(v @ A.T)
        sizes.append(np.sqrt(np.mean(v ** 2)))
    return np.array(sizes)
