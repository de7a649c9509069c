"""Convolution as a combination of shifts: matrices, fast forms, gradients, layers.

A convolutional layer multiplies its input by a banded, shift-invariant
matrix A built from only E weights (E² in two dimensions). This module
builds that matrix explicitly, from the shift matrices L, C, R (and U, D in
two dimensions), and computes the same product quickly, without ever
forming A. Both forms are here so that each can check the other.

Vocabulary (Strang §VII.2)
--------------------------
N
    Input length (per spatial direction).
E
    Kernel size: E weights in 1D, an E by E block in 2D.
P
    Padding: P extra values invented at each end of the input.
S
    Stride: the window moves S positions per output.
M
    Output length, Karpathy's formula M = (N − E + 2P)/S + 1.
w
    The weights, listed in the order in which they multiply the input
    window from left to right (top to bottom). The book writes the same
    row of A as x_1, x_0, x_{-1}.
mode
    How the input is extended beyond its ends: ``'zero'`` (zero padding),
    ``'wrap'`` (periodic: the matrix becomes circulant), ``'reflect'``
    (the edge value is repeated: ... v_{N-1}, v_N | v_N, v_{N-1} ...) or
    ``'mirror'`` (it is not: ... v_{N-1}, v_N | v_{N-1}, v_{N-2} ...).
    The names and meanings are those of :mod:`scipy.ndimage`.

Convention: the deep-learning "convolution" (:func:`correlate1d`,
:func:`correlate2d`, :func:`conv1d`, :func:`conv2d` and the layers) does
**not** flip the kernel, it is a cross-correlation: the window and the
weights are lined up index by index. :func:`convolve1d` and
:func:`convolve2d` are the true (flipped) convolutions of signal processing.

Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lfd.layer import Layer

__all__ = [
    "MODES", "output_size", "pad_matrix", "shift_matrix", "shift_matrices",
    "shift_matrices_2d", "conv_matrix", "conv_matrix_2d",
    "correlate1d", "convolve1d", "correlate2d", "convolve2d",
    "conv1d", "conv1d_backward", "conv2d", "conv2d_backward",
    "max_pool1d", "max_pool1d_backward", "max_pool2d", "max_pool2d_backward",
    "avg_pool1d", "avg_pool1d_backward", "avg_pool2d", "avg_pool2d_backward",
    "Conv1D", "Conv2D", "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D",
    "Flatten",
]

#: Ways to extend a signal beyond its ends, and the matching ``numpy.pad`` mode.
MODES = {"zero": "constant", "wrap": "wrap", "reflect": "symmetric", "mirror": "reflect"}


# ---------------------------------------------------------------------------
# Validation at the public doors
# ---------------------------------------------------------------------------

def _integer(name, value, minimum):
    """Return ``value`` as an int >= minimum, or raise naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an integer, got {value!r} of type {type(value).__name__}")
    if not float(value).is_integer():
        raise ValueError(f"{name} must be an integer, got {name}={value!r}")
    value = int(value)
    if value < minimum:
        kind = "a non-negative" if minimum == 0 else f"an integer >= {minimum}, i.e. a positive"
        raise ValueError(f"{name} must be {kind} integer, got {name}={value}")
    return value


def _mode(mode):
    if mode not in MODES:
        raise ValueError(f"mode must be one of {sorted(MODES)}, got mode={mode!r}")
    return mode


def _array(name, x, ndim, shape_text):
    """``x`` as a float array with ``ndim`` axes (float32 kept, others float64)."""
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if x.ndim != ndim:
        raise ValueError(f"{name} must have shape {shape_text}, got shape {x.shape}")
    return x if x.dtype in (np.float32, np.float64) else x.astype(np.float64)


def _common(*arrays):
    """Cast arrays to one floating dtype (float32 only if every one is)."""
    dtype = np.result_type(*arrays)
    return [a.astype(dtype, copy=False) for a in arrays]


def output_size(N, E, P=0, S=1):
    """Number of outputs of a convolution: Karpathy's formula.

    Parameters
    ----------
    N : int
        Input length (>= 1), in one direction.
    E : int
        Kernel size (>= 1).
    P : int, default 0
        Padding: values added at each end of the input.
    S : int, default 1
        Stride (>= 1).

    Returns
    -------
    M : int
        ``(N - E + 2P) / S + 1``.

    Raises
    ------
    TypeError
        If an argument is not a number.
    ValueError
        If an argument is negative or not an integer, if the kernel is
        larger than the padded input, or if the stride does not fit
        (the formula gives a fraction).

    Notes
    -----
    The window of E weights starts at position 0 of the padded input of
    length N + 2P and moves S positions at a time; it fits M times:

    .. math:: M = \\frac{N - E + 2P}{S} + 1 .

    With S = 1 and 2P = E − 1 the output is as long as the input (the most
    common choice in CNNs); with P = 0 it loses E − 1 values. In 2D and 3D
    the formula applies in each direction. Strang §VII.2, eq. (7);
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> output_size(6, 3)          # the book's 4 by 6 matrix A
    4
    >>> output_size(5, 3, P=1, S=2)
    3
    >>> output_size(6, 3, S=2)
    Traceback (most recent call last):
    ...
    ValueError: stride S=2 does not fit: (N - E + 2P)/S + 1 = (6 - 3 + 2*0)/2 + 1 = 2.5 is not an integer; choose N, E, P, S so that S divides N - E + 2P = 3
    """
    N = _integer("N", N, 1)
    E = _integer("E", E, 1)
    P = _integer("P", P, 0)
    S = _integer("S", S, 1)
    span = N - E + 2 * P
    if span < 0:
        raise ValueError(f"kernel size E={E} is larger than the padded input length "
                         f"N + 2P = {N} + 2*{P} = {N + 2 * P}")
    if span % S:
        raise ValueError(
            f"stride S={S} does not fit: (N - E + 2P)/S + 1 = ({N} - {E} + 2*{P})/{S} + 1 = "
            f"{span / S + 1:g} is not an integer; choose N, E, P, S so that S divides "
            f"N - E + 2P = {span}")
    return span // S + 1


# ---------------------------------------------------------------------------
# Explicit matrices: padding, shifts, Toeplitz / circulant / block Toeplitz
# ---------------------------------------------------------------------------

def pad_matrix(N, P, mode="zero"):
    """The (N + 2P) by N matrix that extends a signal by P values at each end.

    Parameters
    ----------
    N : int
        Signal length.
    P : int
        Values invented at each end.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}
        How they are invented (see the module docstring).

    Returns
    -------
    ndarray, shape (N + 2P, N)
        Rows of the identity for the original values; zero rows
        (``'zero'``) or copies of other rows for the invented ones.

    Notes
    -----
    Padding is linear, so it is a matrix; the full convolution matrix is
    the Toeplitz part times this one. Its transpose folds the gradient of
    the invented values back onto the values they copy.
    Strang §VII.2 ("Extending the signal"); chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> pad_matrix(3, 1, "wrap").astype(int)
    array([[0, 0, 1],
           [1, 0, 0],
           [0, 1, 0],
           [0, 0, 1],
           [1, 0, 0]])
    """
    N = _integer("N", N, 1)
    P = _integer("P", P, 0)
    return np.pad(np.eye(N), ((P, P), (0, 0)), mode=MODES[_mode(mode)])


def shift_matrix(N, k, E=3, S=1):
    """The k-th shift: the M by N matrix with ones at (i, iS + k).

    Parameters
    ----------
    N : int
        Input length.
    k : int
        Which shift, ``0 <= k < E``: (Av)_i picks v_{iS+k}.
    E : int, default 3
        Kernel size (fixes the output length M).
    S : int, default 1
        Stride: the ones of consecutive rows are S columns apart.

    Returns
    -------
    ndarray, shape (M, N)
        ``M = output_size(N, E, 0, S)``.

    Notes
    -----
    For E = 3 and S = 1 the three shifts are the book's L, C, R (Left,
    Center, Right), each with one diagonal of ones; a convolution matrix
    is their combination ``w[0] L + w[1] C + w[2] R``. Strang §VII.2, eq. (1);
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> shift_matrix(5, 0, S=2).astype(int)
    array([[1, 0, 0, 0, 0],
           [0, 0, 1, 0, 0]])
    """
    M = output_size(N, E, 0, S)
    k = _integer("k", k, 0)
    if k >= E:
        raise ValueError(f"shift k must satisfy 0 <= k < E={E}, got k={k}")
    A = np.zeros((M, N))
    A[np.arange(M), np.arange(M) * S + k] = 1.0
    return A


def shift_matrices(N):
    """The book's shifts L, C, R for E = 3: three (N − 2) by N matrices.

    Parameters
    ----------
    N : int
        Input length (>= 3).

    Returns
    -------
    L, C, R : ndarray, each of shape (N - 2, N)
        ``(Lv)_i = v_i``, ``(Cv)_i = v_{i+1}``, ``(Rv)_i = v_{i+2}``
        (counting from 0): the left, center and right neighbour of
        output i.

    Notes
    -----
    The book's 4 by 6 convolution matrix is
    :math:`A = x_1 L + x_0 C + x_{-1} R`, so that the derivatives of
    y = Av with respect to the weights are the shifted inputs
    Lv, Cv, Rv (eq. (1)). Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> L, C, R = shift_matrices(4)
    >>> (L + 2 * C + 3 * R).astype(int)
    array([[1, 2, 3, 0],
           [0, 1, 2, 3]])
    """
    N = _integer("N", N, 3)
    return tuple(shift_matrix(N, k) for k in range(3))


def shift_matrices_2d(N):
    """The nine 2D shifts LU, CU, RU, L, C, R, LD, CD, RD for an N by N image.

    Parameters
    ----------
    N : int
        Image size (>= 3); the image is flattened row by row.

    Returns
    -------
    dict of str to ndarray, each of shape ((N - 2)**2, N**2)
        Keys ``'LU', 'CU', 'RU', 'L', 'C', 'R', 'LD', 'CD', 'RD'``. The
        shift named "horizontal + vertical" picks, for output pixel (i, j),
        the input pixel one step left/center/right and up/center/down of
        the center (i + 1, j + 1).

    Notes
    -----
    With row-major flattening, a vertical shift acts through the first
    Kronecker factor and a horizontal one through the second:
    ``LU = kron(U, L)`` where U is the 1D left shift applied to the row
    index (and D the 1D right shift). The book's 2D convolution
    (weights x_{11}, ..., x_{-1-1}) is

    .. math:: A = x_{11}LU + x_{01}CU + x_{-11}RU + x_{10}L + x_{00}C
              + x_{-10}R + x_{1-1}LD + x_{0-1}CD + x_{-1-1}RD ,

    and the nine derivatives of y = Av are the nine shifted images
    LUv, ..., RDv (eq. (2)). Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> S = shift_matrices_2d(3)
    >>> [name for name in S]
    ['LU', 'CU', 'RU', 'L', 'C', 'R', 'LD', 'CD', 'RD']
    >>> v = np.arange(9.0)          # the 3 by 3 image 0..8, row by row
    >>> [float((S[name] @ v)[0]) for name in ("LU", "C", "RD")]
    [0.0, 4.0, 8.0]
    """
    L, C, R = shift_matrices(N)
    vertical = {"U": L, "": C, "D": R}
    horizontal = {"L": L, "C": C, "R": R}
    return {h + v: np.kron(vertical[v], horizontal[h])
            for v in ("U", "", "D") for h in ("L", "C", "R")}


def conv_matrix(w, N, S=1, P=0, mode="zero"):
    """The M by N matrix of a 1D convolution (cross-correlation) with weights w.

    Parameters
    ----------
    w : array_like, shape (E,)
        Weights in the order they appear in each row of A.
    N : int
        Input length.
    S : int, default 1
        Stride.
    P : int, default 0
        Padding at each end.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        How the input is extended.

    Returns
    -------
    A : ndarray, shape (M, N)
        ``A @ v == correlate1d(v, w, S, P, mode)``, with
        ``M = output_size(N, E, P, S)``.

    Notes
    -----
    A is the banded Toeplitz matrix :math:`\\sum_k w_k\\,\\mathrm{Shift}_k`
    (each shift with its ones S columns apart) times the padding matrix of
    :func:`pad_matrix`. With ``'wrap'``, S = 1 and 2P = E − 1 it is a
    square circulant matrix (a cyclic convolution, diagonalized by the
    Fourier matrix). Strang §VII.2, eqs. (1) and (6); chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> conv_matrix([1, 2, 3], 5, S=2).astype(int)      # eq. (6)
    array([[1, 2, 3, 0, 0],
           [0, 0, 1, 2, 3]])
    >>> conv_matrix([1, 2, 3], 4, P=1, mode="wrap").astype(int)
    array([[2, 3, 0, 1],
           [1, 2, 3, 0],
           [0, 1, 2, 3],
           [3, 0, 1, 2]])
    """
    w = _array("w", w, 1, "(E,)")
    E = len(w)
    N = _integer("N", N, 1)
    output_size(N, E, P, S)
    T = sum(w[k] * shift_matrix(N + 2 * P, k, E, S) for k in range(E))
    return T @ pad_matrix(N, P, mode)


def conv_matrix_2d(w, shape, S=1, P=0, mode="zero"):
    """The matrix of a 2D convolution (cross-correlation): a sum of E² Kronecker shifts.

    Parameters
    ----------
    w : array_like, shape (E1, E2)
        Weights as they lie over the input window.
    shape : tuple of int (H, W)
        Input image shape; images are flattened row by row.
    S, P : int
        Stride and padding (the same in both directions).
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        How the image is extended.

    Returns
    -------
    A : ndarray, shape (M1 * M2, H * W)
        ``A @ v.ravel() == correlate2d(v, w, S, P, mode).ravel()``.

    Notes
    -----
    .. math:: A = \\Big(\\sum_{a,b} w_{ab}\\,
              \\mathrm{Shift}_a \\otimes \\mathrm{Shift}_b\\Big)
              \\,(\\mathrm{Pad}_H \\otimes \\mathrm{Pad}_W),

    block Toeplitz with Toeplitz blocks; for E = 3, S = 1, P = 0 the nine
    terms are the book's LU, CU, ..., RD of :func:`shift_matrices_2d`.
    Strang §VII.2, eq. (2); chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> A = conv_matrix_2d(np.ones((2, 2)), (3, 3))
    >>> A.shape
    (4, 9)
    >>> A[0].astype(int)
    array([1, 1, 0, 1, 1, 0, 0, 0, 0])
    """
    w = _array("w", w, 2, "(E1, E2)")
    if len(shape) != 2:
        raise ValueError(f"shape must be (H, W), got {shape!r}")
    H, Wd = (_integer(name, n, 1) for name, n in zip(("H", "W"), shape))
    E1, E2 = w.shape
    output_size(H, E1, P, S), output_size(Wd, E2, P, S)
    rows = [shift_matrix(H + 2 * P, a, E1, S) for a in range(E1)]
    cols = [shift_matrix(Wd + 2 * P, b, E2, S) for b in range(E2)]
    T = sum(w[a, b] * np.kron(rows[a], cols[b]) for a in range(E1) for b in range(E2))
    return T @ np.kron(pad_matrix(H, P, mode), pad_matrix(Wd, P, mode))


# ---------------------------------------------------------------------------
# Fast forms, shared by 1D and 2D (d = number of spatial axes)
# ---------------------------------------------------------------------------

def _pad(X, P, mode, d):
    if P == 0:
        return X
    if mode == "zero":                      # faster than np.pad: one zero fill, one copy
        Xp = np.zeros(X.shape[:-d] + tuple(n + 2 * P for n in X.shape[-d:]), X.dtype)
        Xp[(..., *[slice(P, P + n) for n in X.shape[-d:]])] = X
        return Xp
    return np.pad(X, [(0, 0)] * (X.ndim - d) + [(P, P)] * d, mode=MODES[mode])


def _unpad(dXp, shape, P, mode, d):
    """Adjoint of :func:`_pad`: fold the gradient of padded values back."""
    if P == 0:
        return dXp
    if mode == "zero":
        return dXp[(..., *[slice(P, P + n) for n in shape])]
    for axis, n in zip(range(dXp.ndim - d, dXp.ndim), shape):
        dXp = np.moveaxis(np.tensordot(dXp, pad_matrix(n, P, mode), axes=([axis], [0])), -1, axis)
    return dXp


def _taps(E, S, M):
    """For every offset k of the window: k and the strided slices it reads."""
    for k in np.ndindex(*E):
        yield k, tuple(slice(k_i, k_i + S * (m - 1) + 1, S) for k_i, m in zip(k, M))


def _sizes(spatial, E, P, S):
    return tuple(output_size(n, e, P, S) for n, e in zip(spatial, E))


def _correlate_single(v, w, S, P, mode):
    """One signal or image: a weighted sum of E (or E²) shifted slices."""
    d = v.ndim
    M = _sizes(v.shape, w.shape, P, S)
    v, w = _common(v, w)
    if d == 2 and S == 1:
        return _correlate_image(v, w, P, mode, *M)
    vp = _pad(v, P, mode, d)
    y = np.zeros(M, v.dtype)
    tmp = np.empty(M, v.dtype)
    for k, sl in _taps(w.shape, S, M):
        np.multiply(vp[sl], w[k], out=tmp)
        y += tmp
    return y


def _correlate_image(v, w, P, mode, M1, M2):
    """Stride-1 correlation of one image, in cache-sized bands of rows.

    For each band, the E2 column shifts of the padded input are copied
    side by side into Z (E2 rows of length (rows + E1 - 1) * M2); then the
    kernel row w[a] meets the row shift a as one matrix-vector product
    over a contiguous window of Z. Passes over memory: E2 copies and E1
    products, instead of 2·E1·E2 for a plain sum of weighted slices. The
    padding is written into Z directly: no padded copy of the image.
    """
    E1, E2 = w.shape
    H, W = v.shape
    if mode != "zero":                           # source index of every padded index
        row_of = np.pad(np.arange(H), P, mode=MODES[mode])
        col_of = np.pad(np.arange(W), P, mode=MODES[mode])
    y = np.empty((M1, M2), v.dtype)
    R = min(M1, max(8, 24576 // (E2 * M2)))      # Z stays near 200 kB
    Z = np.empty((E2, R + E1 - 1, M2), v.dtype)
    Zf = Z.reshape(E2, -1)
    for r0 in range(0, M1, R):
        rows = min(R, M1 - r0)
        L = rows + E1 - 1                        # padded rows r0 .. r0 + L - 1
        qa, qb = min(max(P - r0, 0), L), min(max(P + H - r0, 0), L)
        qb = max(qa, qb)
        for b in range(E2):                      # padded columns b .. b + M2 - 1
            ja, jb = min(max(P - b, 0), M2), min(max(P + W - b, 0), M2)
            jb = max(ja, jb)
            Zb = Z[b, :L]
            Zb[qa:qb, ja:jb] = v[r0 + qa - P:r0 + qb - P, b + ja - P:b + jb - P]
            if mode == "zero":
                Zb[:qa] = 0
                Zb[qb:] = 0
                Zb[qa:qb, :ja] = 0
                Zb[qa:qb, jb:] = 0
                continue
            cols = col_of[b:b + M2]
            inner = v[r0 + qa - P:r0 + qb - P]
            for q0, q1 in ((0, qa), (qb, L)):        # rows beyond the top and bottom
                if q1 > q0:
                    Zb[q0:q1] = v[row_of[r0 + q0:r0 + q1]][:, cols]
            for j0, j1 in ((0, ja), (jb, M2)):       # columns beyond the sides
                if j1 > j0 and qb > qa:
                    Zb[qa:qb, j0:j1] = inner[:, cols[j0:j1]]
        band = y[r0:r0 + rows].reshape(-1)
        K = rows * M2
        np.matmul(w[0], Zf[:, :K], out=band)
        for a in range(1, E1):
            band += w[a] @ Zf[:, a * M2:a * M2 + K]
    return y


def correlate1d(v, w, S=1, P=0, mode="zero"):
    """1D convolution in the deep-learning sense (no flip): ``y_i = sum_k w_k v_{iS+k}``.

    Parameters
    ----------
    v : array_like, shape (N,)
        Input signal.
    w : array_like, shape (E,)
        Weights.
    S : int, default 1
        Stride.
    P : int, default 0
        Padding at each end.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        How the signal is extended (see the module docstring).

    Returns
    -------
    y : ndarray, shape (M,)
        ``conv_matrix(w, N, S, P, mode) @ v``, computed as a sum of E
        weighted shifted slices of the padded signal.

    Notes
    -----
    This is a **cross-correlation**: the kernel is not flipped (the
    convention of deep learning). With the book's weights
    (x_1, x_0, x_{-1}) = (−1/2, 0, 1/2) it gives centred differences
    (v_{i+1} − v_{i−1})/2. For the flipped version see :func:`convolve1d`.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> correlate1d(3.0 * np.arange(6), [-0.5, 0, 0.5])   # the slope of v_i = 3i
    array([3., 3., 3., 3.])
    """
    v = _array("v", v, 1, "(N,)")
    w = _array("w", w, 1, "(E,)")
    return _correlate_single(v, w, S, P, _mode(mode))


def convolve1d(v, w, S=1, P=0, mode="zero"):
    """True (flipped) 1D convolution: ``y_i = sum_k w_k v_{iS + E-1-k}``.

    Parameters
    ----------
    v : array_like, shape (N,)
        Input signal.
    w : array_like, shape (E,)
        Filter.
    S, P, mode
        As in :func:`correlate1d`.

    Returns
    -------
    y : ndarray, shape (M,)
        :func:`correlate1d` with the reversed filter ``w[::-1]``.

    Notes
    -----
    The algebraic definition :math:`y_j = \\sum_i w_i v_{j-i}` flips one
    factor. With zero padding P = E − 1 and S = 1 this is
    ``np.convolve(v, w, 'full')``; with P = 0 it is ``'valid'``.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> convolve1d([1, 2, 3], [1, 1], P=1)
    array([1., 3., 5., 3.])
    """
    w = _array("w", w, 1, "(E,)")
    return correlate1d(v, w[::-1], S, P, mode)


def correlate2d(v, w, S=1, P=0, mode="zero"):
    """2D convolution in the deep-learning sense (no flip) of one image.

    Parameters
    ----------
    v : array_like, shape (H, W)
        Input image.
    w : array_like, shape (E1, E2)
        Weights as they lie over each window.
    S : int, default 1
        Stride (both directions).
    P : int, default 0
        Padding on every side.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        How the image is extended.

    Returns
    -------
    y : ndarray, shape (M1, M2)
        ``y[i, j] = sum_{a,b} w[a, b] vp[iS + a, jS + b]`` with vp the
        padded image; equal to ``conv_matrix_2d(w, v.shape, S, P, mode)``
        times ``v.ravel()``.

    Notes
    -----
    A **cross-correlation** (no flip), the convention of deep learning and
    of ``scipy.ndimage.correlate``. It is computed as a combination of the
    E1·E2 shifted images, weighted: the book's "combination of 9 shifts",
    without forming the matrix. For the flipped version see
    :func:`convolve2d`. Strang §VII.2, eq. (2); chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> v = np.arange(16.0).reshape(4, 4)
    >>> correlate2d(v, np.ones((2, 2)) / 4, S=2)          # 2 by 2 averages
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    v = _array("v", v, 2, "(H, W)")
    w = _array("w", w, 2, "(E1, E2)")
    return _correlate_single(v, w, S, P, _mode(mode))


def convolve2d(v, w, S=1, P=0, mode="zero"):
    """True (flipped) 2D convolution of one image.

    Parameters
    ----------
    v : array_like, shape (H, W)
        Input image.
    w : array_like, shape (E1, E2)
        Filter.
    S, P, mode
        As in :func:`correlate2d`.

    Returns
    -------
    y : ndarray, shape (M1, M2)
        :func:`correlate2d` with the filter turned by 180 degrees.

    Notes
    -----
    With zero padding P = E − 1 (square E by E filter) and S = 1 this is
    ``scipy.signal.convolve2d(v, w, 'full')``; with P = 0 it is ``'valid'``.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> convolve2d(np.eye(2), [[1, 2], [3, 4]], P=1)
    array([[1., 2., 0.],
           [3., 5., 2.],
           [0., 3., 4.]])
    """
    w = _array("w", w, 2, "(E1, E2)")
    return correlate2d(v, w[::-1, ::-1], S, P, mode)


# Batched, multi-channel: im2col (a strided view, one copy) and one matmul.

def _conv_forward(X, w, b, S, P, mode, d):
    X, w = _common(X, w)
    n, C_in = X.shape[:2]
    C_out = w.shape[0]
    E = w.shape[2:]
    M = _sizes(X.shape[2:], E, P, S)
    Xp = _pad(X, P, mode, d)
    spatial = tuple(range(2, 2 + d))
    every_S = (..., *[slice(None, None, S)] * d, *[slice(None)] * d)
    windows = sliding_window_view(Xp, E, axis=spatial)[every_S]
    # (n, C_in, *M, *E) -> (n, C_in, *E, *M) -> columns (n, C_in*prod(E), prod(M))
    order = (0, 1, *range(2 + d, 2 + 2 * d), *spatial)
    cols = windows.transpose(order).reshape(n, -1, int(np.prod(M)))
    Y = w.reshape(C_out, -1) @ cols
    if b is not None:
        Y += b.astype(Y.dtype, copy=False)[:, None]
    return Y.reshape(n, C_out, *M), (X.shape, Xp.shape, cols, w, S, P, mode, d)


def _conv_backward(dY, cache, input_grad=True):
    X_shape, Xp_shape, cols, w, S, P, mode, d = cache
    n, C_out = dY.shape[:2]
    C_in, E = w.shape[1], w.shape[2:]
    M = dY.shape[2:]
    dY2 = dY.reshape(n, C_out, -1).astype(cols.dtype, copy=False)
    db = dY2.sum(axis=(0, 2))
    # dL/dw_k = sum over outputs of dY times the k-th shifted input (eqs. (1)-(2))
    dw = (dY2 @ cols.transpose(0, 2, 1)).sum(axis=0).reshape(w.shape)
    if not input_grad:
        return None, dw, db
    # dL/dX = A^T dY: transposed weights, then every column back to its pixels
    dcols = (w.reshape(C_out, -1).T @ dY2).reshape(n, C_in, *E, *M)
    dXp = np.zeros(Xp_shape, cols.dtype)
    for k, sl in _taps(E, S, M):
        dXp[(slice(None), slice(None), *sl)] += dcols[(slice(None), slice(None), *k)]
    dX = _unpad(dXp, X_shape[2:], P, mode, d)
    return dX, dw, db


def _check_conv(X, w, b, d):
    names = ("N",) if d == 1 else ("H", "W")
    X = _array("X", X, 2 + d, f"(n, C_in, {', '.join(names)})")
    w = _array("w", w, 2 + d, f"(C_out, C_in, {', '.join('E' * d)})")
    if X.shape[1] != w.shape[1]:
        raise ValueError(f"X has C_in={X.shape[1]} channels but w of shape {w.shape} "
                         f"expects C_in={w.shape[1]}")
    if b is not None:
        b = _array("b", b, 1, "(C_out,)")
        if b.shape[0] != w.shape[0]:
            raise ValueError(f"b must have shape (C_out,) = ({w.shape[0]},), got {b.shape}")
    return X, w, b


def _check_dY(dY, expected):
    dY = np.asarray(dY)
    if dY.shape != expected:
        raise ValueError(f"dY must have the output's shape {expected}, got {dY.shape}")
    return dY


def conv1d(X, w, b=None, S=1, P=0, mode="zero"):
    """Multi-channel 1D convolution layer (cross-correlation) on a batch.

    Parameters
    ----------
    X : array_like, shape (n, C_in, N)
        Batch of n signals with C_in channels.
    w : array_like, shape (C_out, C_in, E)
        One E-tap filter for every pair (output channel, input channel).
    b : array_like, shape (C_out,), optional
        Bias of each output channel.
    S, P : int
        Stride and padding.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'

    Returns
    -------
    Y : ndarray, shape (n, C_out, M)
        ``Y[s, o, i] = b[o] + sum_{c,k} w[o, c, k] Xp[s, c, iS + k]``.

    Notes
    -----
    No flip (deep-learning convention). Computed by im2col: a strided view
    of all windows, copied once into an (n, C_in·E, M) array, and one
    matrix product with the (C_out, C_in·E) weights. Strang §VII.2;
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.arange(5.0).reshape(1, 1, 5)
    >>> conv1d(X, [[[1.0, -1.0]]], b=[10.0])
    array([[[9., 9., 9., 9.]]])
    """
    X, w, b = _check_conv(X, w, b, 1)
    return _conv_forward(X, w, b, S, P, _mode(mode), 1)[0]


def conv1d_backward(dY, X, w, S=1, P=0, mode="zero"):
    """Gradients of :func:`conv1d` with respect to input, weights and bias.

    Parameters
    ----------
    dY : array_like, shape (n, C_out, M)
        Gradient of the loss with respect to the output.
    X, w, S, P, mode
        As in the forward call.

    Returns
    -------
    dX : ndarray, shape (n, C_in, N)
    dw : ndarray, shape (C_out, C_in, E)
    db : ndarray, shape (C_out,)

    Notes
    -----
    For one channel, y = Av with :math:`A = \\sum_k w_k \\mathrm{Shift}_k`,
    so :math:`\\partial y/\\partial w_k = \\mathrm{Shift}_k v` (the book's
    Lv, Cv, Rv, eq. (1)) and

    .. math:: \\frac{\\partial L}{\\partial w_k} = dY \\cdot \\mathrm{Shift}_k v,
              \\qquad \\frac{\\partial L}{\\partial b} = \\sum_i dY_i,
              \\qquad \\frac{\\partial L}{\\partial v} = A^T dY .

    :math:`A^T dY` is a full correlation of dY (spread out by the stride)
    with the flipped kernel, folded through the padding. Strang §VII.2 and
    §VII.3; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.arange(4.0).reshape(1, 1, 4)
    >>> dX, dw, db = conv1d_backward(np.ones((1, 1, 3)), X, [[[1.0, 2.0]]])
    >>> dX, dw, db
    (array([[[1., 3., 3., 2.]]]), array([[[3., 6.]]]), array([3.]))
    """
    X, w, _ = _check_conv(X, w, None, 1)
    Y, cache = _conv_forward(X, w, None, S, P, _mode(mode), 1)
    return _conv_backward(_check_dY(dY, Y.shape), cache)


def conv2d(X, w, b=None, S=1, P=0, mode="zero"):
    """Multi-channel 2D convolution layer (cross-correlation) on a batch.

    Parameters
    ----------
    X : array_like, shape (n, C_in, H, W)
        Batch of n images with C_in channels.
    w : array_like, shape (C_out, C_in, E1, E2)
        One filter for every pair (output channel, input channel).
    b : array_like, shape (C_out,), optional
        Bias of each output channel.
    S, P : int
        Stride and padding (both directions).
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'

    Returns
    -------
    Y : ndarray, shape (n, C_out, M1, M2)
        ``Y[s, o, i, j] = b[o] + sum_{c,a,b} w[o, c, a, b] Xp[s, c, iS+a, jS+b]``;
        with zero padding this is ``torch.nn.functional.conv2d``.

    Notes
    -----
    No flip (deep-learning convention). Each output channel adds up C_in
    single-channel convolutions, one per input channel. Computed by
    im2col (one strided view, one copy) and one matrix product with the
    (C_out, C_in·E1·E2) weights. float32 inputs stay float32. Strang
    §VII.2, eq. (8) counts the weights; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.ones((2, 3, 4, 4))
    >>> conv2d(X, np.ones((5, 3, 3, 3)), P=1).shape
    (2, 5, 4, 4)
    >>> float(conv2d(X, np.ones((5, 3, 3, 3)))[0, 0, 0, 0])
    27.0
    """
    X, w, b = _check_conv(X, w, b, 2)
    return _conv_forward(X, w, b, S, P, _mode(mode), 2)[0]


def conv2d_backward(dY, X, w, S=1, P=0, mode="zero"):
    """Gradients of :func:`conv2d` with respect to input, weights and bias.

    Parameters
    ----------
    dY : array_like, shape (n, C_out, M1, M2)
        Gradient of the loss with respect to the output.
    X, w, S, P, mode
        As in the forward call.

    Returns
    -------
    dX : ndarray, shape (n, C_in, H, W)
    dw : ndarray, shape (C_out, C_in, E1, E2)
    db : ndarray, shape (C_out,)

    Notes
    -----
    The derivative of the output with respect to the weight w[a, b] is
    the input shifted by (a, b): the book's nine derivatives LUv, ..., RDv
    (eq. (2)). Hence

    .. math:: \\frac{\\partial L}{\\partial w_{o c a b}}
              = \\sum_{s,i,j} dY_{s o i j}\\, X^{p}_{s, c, iS+a, jS+b},
              \\qquad \\frac{\\partial L}{\\partial b_o} = \\sum_{s,i,j} dY_{s o i j},

    and the input gradient is :math:`A^T dY`: a full correlation of dY
    (spread out by the stride) with the kernel turned by 180 degrees and
    channels swapped, then folded through the padding. It is computed by
    one matrix product and E1·E2 strided additions (col2im).
    Strang §VII.2–VII.3; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> dX, dw, db = conv2d_backward(np.ones((1, 1, 2, 2)), X, np.ones((1, 1, 2, 2)))
    >>> dX[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> dw[0, 0], db
    (array([[ 8., 12.],
           [20., 24.]]), array([4.]))
    """
    X, w, _ = _check_conv(X, w, None, 2)
    Y, cache = _conv_forward(X, w, None, S, P, _mode(mode), 2)
    return _conv_backward(_check_dY(dY, Y.shape), cache)


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------

def _check_pool(X, E, S, d):
    names = ("N",) if d == 1 else ("H", "W")
    X = _array("X", X, 2 + d, f"(n, C, {', '.join(names)})")
    E = _integer("E", E, 1)
    S = E if S is None else _integer("S", S, 1)
    M = _sizes(X.shape[2:], (E,) * d, 0, S)
    return X, (E,) * d, S, M


def _max_pool(X, E, S, M):
    Y = None
    for _, sl in _taps(E, S, M):
        window = X[(..., *sl)]
        Y = window.copy() if Y is None else np.maximum(Y, window, out=Y)
    return Y


def _max_pool_backward(dY, X, Y, E, S, M):
    # Each window's gradient goes to the first position (row by row) that holds its max.
    disjoint = S >= E[0]
    covered = S == E[0] and all(e * m == n for e, m, n in zip(E, M, X.shape[2:]))
    dX = (np.empty if covered else np.zeros)(X.shape, np.result_type(X, dY))
    free = None                              # windows whose max is not yet claimed
    for _, sl in _taps(E, S, M):
        hit = X[(..., *sl)] == Y
        if free is None:
            free = ~hit
        else:
            hit &= free
            free ^= hit
        if disjoint:
            np.multiply(dY, hit, out=dX[(..., *sl)])
        else:
            dX[(..., *sl)] += dY * hit
    return dX


def _avg_pool(X, E, S, M):
    Y = np.zeros(X.shape[:2] + M, X.dtype)
    for _, sl in _taps(E, S, M):
        Y += X[(..., *sl)]
    return Y / np.prod(E)


def _avg_pool_backward(dY, X_shape, E, S, M):
    dX = np.zeros(X_shape, dY.dtype)
    share = dY / np.prod(E)
    for _, sl in _taps(E, S, M):
        dX[(..., *sl)] += share
    return dX


def max_pool2d(X, E=2, S=None):
    """Max pooling: the largest value in each E by E window of every channel.

    Parameters
    ----------
    X : array_like, shape (n, C, H, W)
        Batch of images.
    E : int, default 2
        Window size.
    S : int, optional
        Stride; defaults to E.

    Returns
    -------
    Y : ndarray, shape (n, C, M1, M2)

    Notes
    -----
    Windows of size E move S positions at a time; the sizes follow
    :func:`output_size` with P = 0 and must fit exactly. Max pooling
    reduces the image without adding weights, and keeps the network
    piecewise linear. Computed as the running maximum of E² strided
    slices. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> max_pool2d(X)[0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    X, E, S, M = _check_pool(X, E, S, 2)
    return _max_pool(X, E, S, M)


def max_pool2d_backward(dY, X, E=2, S=None):
    """Gradient of :func:`max_pool2d`: each window's dY goes to its maximum.

    Parameters
    ----------
    dY : array_like, shape (n, C, M1, M2)
        Gradient with respect to the pooled output.
    X : array_like, shape (n, C, H, W)
        The input of the forward call.
    E, S : int
        As in the forward call.

    Returns
    -------
    dX : ndarray, shape (n, C, H, W)

    Notes
    -----
    Inside a window the max is a linear function of the winning entry
    alone, so the gradient is routed there and every other entry gets 0.
    **Ties:** when several entries share the maximum, the whole gradient
    goes to the first of them in row-major order (the same choice as
    PyTorch on the CPU); this is one valid subgradient. With overlapping
    windows (S < E) an entry can win several windows and collects all
    their gradients. NaN inputs are not supported. Strang §VII.2;
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.array([[[[1.0, 3.0], [3.0, 0.0]]]])     # a tie: 3 and 3
    >>> max_pool2d_backward(np.ones((1, 1, 1, 1)), X)[0, 0]
    array([[0., 1.],
           [0., 0.]])
    """
    X, E, S, M = _check_pool(X, E, S, 2)
    Y = _max_pool(X, E, S, M)
    return _max_pool_backward(_check_dY(dY, Y.shape), X, Y, E, S, M)


def avg_pool2d(X, E=2, S=None):
    """Average pooling: the mean of each E by E window of every channel.

    Parameters
    ----------
    X : array_like, shape (n, C, H, W)
    E : int, default 2
        Window size.
    S : int, optional
        Stride; defaults to E.

    Returns
    -------
    Y : ndarray, shape (n, C, M1, M2)

    Notes
    -----
    The same as a convolution of each channel with the constant E by E
    kernel 1/E² and stride S. Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> avg_pool2d(X)[0, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    X, E, S, M = _check_pool(X, E, S, 2)
    return _avg_pool(X, E, S, M)


def avg_pool2d_backward(dY, X, E=2, S=None):
    """Gradient of :func:`avg_pool2d`: each dY shared equally by its window.

    Parameters
    ----------
    dY : array_like, shape (n, C, M1, M2)
    X : array_like, shape (n, C, H, W)
        The input of the forward call (only its shape is used).
    E, S : int
        As in the forward call.

    Returns
    -------
    dX : ndarray, shape (n, C, H, W)

    Notes
    -----
    Every entry of a window receives dY/E²; with overlapping windows the
    shares add up. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> avg_pool2d_backward(np.ones((1, 1, 1, 1)), np.zeros((1, 1, 2, 2)))[0, 0]
    array([[0.25, 0.25],
           [0.25, 0.25]])
    """
    X, E, S, M = _check_pool(X, E, S, 2)
    return _avg_pool_backward(_check_dY(dY, X.shape[:2] + M), X.shape, E, S, M)


def max_pool1d(X, E=2, S=None):
    """Max pooling of signals: the largest value in each window of E.

    Parameters
    ----------
    X : array_like, shape (n, C, N)
    E : int, default 2
    S : int, optional
        Stride; defaults to E.

    Returns
    -------
    Y : ndarray, shape (n, C, M)

    Notes
    -----
    The 1D case of :func:`max_pool2d` (same tie rule). Strang §VII.2;
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> max_pool1d([[[1.0, 4.0, 2.0, 0.0]]])
    array([[[4., 2.]]])
    """
    X, E, S, M = _check_pool(X, E, S, 1)
    return _max_pool(X, E, S, M)


def max_pool1d_backward(dY, X, E=2, S=None):
    """Gradient of :func:`max_pool1d` (ties: the first maximum takes all).

    Parameters
    ----------
    dY : array_like, shape (n, C, M)
    X : array_like, shape (n, C, N)
    E, S : int

    Returns
    -------
    dX : ndarray, shape (n, C, N)

    Notes
    -----
    See :func:`max_pool2d_backward`. Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> max_pool1d_backward([[[1.0, 2.0]]], [[[1.0, 4.0, 2.0, 2.0]]])
    array([[[0., 1., 2., 0.]]])
    """
    X, E, S, M = _check_pool(X, E, S, 1)
    Y = _max_pool(X, E, S, M)
    return _max_pool_backward(_check_dY(dY, Y.shape), X, Y, E, S, M)


def avg_pool1d(X, E=2, S=None):
    """Average pooling of signals: the mean of each window of E.

    Parameters
    ----------
    X : array_like, shape (n, C, N)
    E : int, default 2
    S : int, optional
        Stride; defaults to E.

    Returns
    -------
    Y : ndarray, shape (n, C, M)

    Notes
    -----
    The 1D case of :func:`avg_pool2d`. Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> avg_pool1d([[[1.0, 3.0, 2.0, 0.0]]])
    array([[[2., 1.]]])
    """
    X, E, S, M = _check_pool(X, E, S, 1)
    return _avg_pool(X, E, S, M)


def avg_pool1d_backward(dY, X, E=2, S=None):
    """Gradient of :func:`avg_pool1d`.

    Parameters
    ----------
    dY : array_like, shape (n, C, M)
    X : array_like, shape (n, C, N)
        Only its shape is used.
    E, S : int

    Returns
    -------
    dX : ndarray, shape (n, C, N)

    Notes
    -----
    See :func:`avg_pool2d_backward`. Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> avg_pool1d_backward([[[2.0]]], np.zeros((1, 1, 2)))
    array([[[1., 1.]]])
    """
    X, E, S, M = _check_pool(X, E, S, 1)
    return _avg_pool_backward(_check_dY(dY, X.shape[:2] + M), X.shape, E, S, M)


# ---------------------------------------------------------------------------
# Layers (the lfd.layer contract: forward / backward, params / grads)
# ---------------------------------------------------------------------------

class _Conv(Layer):
    d = 2

    def __init__(self, C_in, C_out, E, stride=1, padding=0, rng=None, *, mode="zero",
                 dtype=np.float64, input_grad=True):
        super().__init__()
        self.input_grad = bool(input_grad)
        self.C_in = _integer("C_in", C_in, 1)
        self.C_out = _integer("C_out", C_out, 1)
        self.E = _integer("E", E, 1)
        self.stride = _integer("stride", stride, 1)
        self.padding = _integer("padding", padding, 0)
        self.mode = _mode(mode)
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        rng = np.random.default_rng(rng)
        fan_in = self.C_in * self.E ** self.d
        shape = (self.C_out, self.C_in) + (self.E,) * self.d
        w = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape).astype(dtype, copy=False)
        b = np.zeros(self.C_out, dtype)
        self.params = [w, b]
        self.grads = [np.zeros_like(w), np.zeros_like(b)]
        self._cache = None

    # w and b are views of params, so that rebinding either keeps them in step
    w = property(lambda self: self.params[0],
                 lambda self, value: self.params.__setitem__(0, value))
    b = property(lambda self: self.params[1],
                 lambda self, value: self.params.__setitem__(1, value))

    def forward(self, X, *, train=False):
        X, w, b = _check_conv(X, self.w, self.b, self.d)
        Y, self._cache = _conv_forward(X, w, b, self.stride, self.padding, self.mode, self.d)
        self._out = Y.shape
        return Y

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        dY = _check_dY(dY, self._out)
        dX, dw, db = _conv_backward(dY, self._cache, self.input_grad)
        self.grads[0][...] = dw
        self.grads[1][...] = db
        return dX

    def __repr__(self):
        return (f"{type(self).__name__}(C_in={self.C_in}, C_out={self.C_out}, E={self.E}, "
                f"stride={self.stride}, padding={self.padding}, mode={self.mode!r})")


class Conv2D(_Conv):
    """A 2D convolutional layer: C_out filters of size E by E on C_in channels.

    Parameters
    ----------
    C_in, C_out : int
        Numbers of input and output channels.
    E : int
        Kernel size (E by E).
    stride : int, default 1
        The book's S.
    padding : int, default 0
        The book's P.
    rng : None, int or numpy.random.Generator
        Source of the initial weights.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        How the input is extended by the padding (keyword only).
    dtype : {numpy.float64, numpy.float32}, default float64
        Type of the weights (keyword only); float32 inputs to a float32
        layer stay float32.
    input_grad : bool, default True
        Whether :meth:`backward` computes dL/dX (keyword only). The first
        layer of a net never needs it; ``False`` skips that work and makes
        ``backward`` return None.

    Attributes
    ----------
    w : ndarray, shape (C_out, C_in, E, E)
        Weights, He-initialized: normal with variance 2 / (C_in E²).
    b : ndarray, shape (C_out,)
        Biases, initialized to zero.
    params, grads : list of ndarray
        ``[w, b]`` and ``[dw, db]`` (filled by :meth:`backward`).

    Notes
    -----
    Input (n, C_in, H, W), output (n, C_out, M1, M2) by :func:`conv2d`
    (cross-correlation, no flip); the gradients are those of
    :func:`conv2d_backward`. The layer has C_out(C_in E² + 1) weights
    whatever the image size (compare eq. (8), W ≈ L B E²). He
    initialization keeps the variance of ReLU activations steady from
    layer to layer. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> layer = Conv2D(3, 8, 3, padding=1, rng=0)
    >>> Y = layer.forward(np.ones((2, 3, 5, 5)))
    >>> Y.shape, layer.w.shape
    ((2, 8, 5, 5), (8, 3, 3, 3))
    >>> layer.backward(np.ones_like(Y)).shape
    (2, 3, 5, 5)
    """

    d = 2


class Conv1D(_Conv):
    """A 1D convolutional layer: C_out filters of E taps on C_in channels.

    Parameters
    ----------
    C_in, C_out : int
        Numbers of input and output channels.
    E : int
        Kernel size.
    stride : int, default 1
        The book's S.
    padding : int, default 0
        The book's P.
    rng : None, int or numpy.random.Generator
        Source of the initial weights.
    mode : {'zero', 'wrap', 'reflect', 'mirror'}, default 'zero'
        Keyword only.
    dtype : {numpy.float64, numpy.float32}, default float64
        Keyword only.
    input_grad : bool, default True
        Keyword only; ``False`` skips dL/dX (backward returns None).

    Attributes
    ----------
    w : ndarray, shape (C_out, C_in, E)
        Weights, He-initialized: normal with variance 2 / (C_in E).
    b : ndarray, shape (C_out,)
        Biases, initialized to zero.
    params, grads : list of ndarray

    Notes
    -----
    Input (n, C_in, N), output (n, C_out, M) by :func:`conv1d`. Suited to
    sampled graphs of functions, as in the book's question whether a CNN
    can learn to differentiate polynomials (Problem Set VII.2, 5–7).
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> layer = Conv1D(1, 4, 5, rng=0)
    >>> layer.forward(np.zeros((10, 1, 32))).shape
    (10, 4, 28)
    """

    d = 1


class _Pool(Layer):
    d = 2
    kind = "max"

    def __init__(self, size=2, stride=None):
        super().__init__()
        self.size = _integer("size", size, 1)
        self.stride = self.size if stride is None else _integer("stride", stride, 1)
        self._cache = None

    def forward(self, X, *, train=False):
        X, E, S, M = _check_pool(X, self.size, self.stride, self.d)
        Y = _max_pool(X, E, S, M) if self.kind == "max" else _avg_pool(X, E, S, M)
        self._cache = (X, Y, E, S, M)
        return Y

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        X, Y, E, S, M = self._cache
        dY = _check_dY(dY, Y.shape)
        if self.kind == "max":
            return _max_pool_backward(dY, X, Y, E, S, M)
        return _avg_pool_backward(dY, X.shape, E, S, M)

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size}, stride={self.stride})"


class MaxPool2D(_Pool):
    """Max pooling layer over size by size windows (no parameters).

    Parameters
    ----------
    size : int, default 2
        Window size E.
    stride : int, optional
        Stride S; defaults to ``size``.

    Notes
    -----
    Forward :func:`max_pool2d`, backward :func:`max_pool2d_backward`
    (ties: the first maximum in row-major order takes the gradient).
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> MaxPool2D(2).forward(np.arange(16.0).reshape(1, 1, 4, 4)).shape
    (1, 1, 2, 2)
    """

    d, kind = 2, "max"


class AvgPool2D(_Pool):
    """Average pooling layer over size by size windows (no parameters).

    Parameters
    ----------
    size : int, default 2
        Window size E.
    stride : int, optional
        Stride S; defaults to ``size``.

    Notes
    -----
    Forward :func:`avg_pool2d`, backward :func:`avg_pool2d_backward`.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> AvgPool2D(2).forward(np.ones((1, 1, 4, 4)))[0, 0]
    array([[1., 1.],
           [1., 1.]])
    """

    d, kind = 2, "avg"


class MaxPool1D(_Pool):
    """Max pooling layer for signals (n, C, N) (no parameters).

    Parameters
    ----------
    size : int, default 2
    stride : int, optional
        Defaults to ``size``.

    Notes
    -----
    Forward :func:`max_pool1d`, backward :func:`max_pool1d_backward`.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> MaxPool1D(2).forward(np.array([[[1.0, 4.0, 2.0, 0.0]]]))
    array([[[4., 2.]]])
    """

    d, kind = 1, "max"


class AvgPool1D(_Pool):
    """Average pooling layer for signals (n, C, N) (no parameters).

    Parameters
    ----------
    size : int, default 2
    stride : int, optional
        Defaults to ``size``.

    Notes
    -----
    Forward :func:`avg_pool1d`, backward :func:`avg_pool1d_backward`.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> AvgPool1D(2).forward(np.array([[[1.0, 3.0, 2.0, 0.0]]]))
    array([[[2., 1.]]])
    """

    d, kind = 1, "avg"


class Flatten(Layer):
    """Reshape (n, C, ...) feature maps to (n, features) for dense layers.

    Notes
    -----
    The bridge from convolution and pooling layers to fully connected
    ones, which often end a CNN (and carry most of its weights). Backward
    restores the shape. Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> layer = Flatten()
    >>> layer.forward(np.zeros((4, 2, 3, 3))).shape
    (4, 18)
    >>> layer.backward(np.zeros((4, 18))).shape
    (4, 2, 3, 3)
    """

    def __init__(self):
        super().__init__()
        self._shape = None

    def forward(self, X, *, train=False):
        X = np.asarray(X)
        if X.ndim < 2:
            raise ValueError(f"X must have a batch axis and at least one more, got shape {X.shape}")
        self._shape = X.shape
        return X.reshape(X.shape[0], -1)

    def backward(self, dY):
        if self._shape is None:
            raise RuntimeError("backward called before forward")
        return np.asarray(dY).reshape(self._shape)

    def __repr__(self):
        return "Flatten()"
