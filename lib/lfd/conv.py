"""Convolution as a combination of shifts: the matrices and the fast forms (Strang §VII.2).

Book names: input length N, kernel size E, padding P, stride S, output length M,
weights w. ``mode`` extends the input as :mod:`scipy.ndimage` does: 'zero', 'wrap'
(circulant), 'reflect' (edge repeated), 'mirror' (edge not repeated). correlate*,
conv1d, conv2d do not flip the kernel; convolve1d, convolve2d do.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lfd._validate import check_array, check_choice, check_int, check_ints

__all__ = ["MODES", "output_size", "pad_matrix", "shift_matrix", "shift_matrices",
           "shift_matrices_2d", "conv_matrix", "conv_matrix_2d", "correlate1d", "convolve1d",
           "correlate2d", "convolve2d", "conv1d", "conv1d_backward", "conv2d", "conv2d_backward"]

#: Ways to extend a signal beyond its ends, and the matching ``numpy.pad`` mode.
MODES = {"zero": "constant", "wrap": "wrap", "reflect": "symmetric", "mirror": "reflect"}


def output_size(N: int, E: int, P: int = 0, S: int = 1):
    """Number of outputs M = (N - E + 2P)/S + 1; ValueError if the window does not fit.

    Strang §VII.2, eq. (7).

    >>> output_size(6, 3), output_size(5, 3, P=1, S=2)
    (4, 3)
    """
    N, E = check_int(N, "N", min=1), check_int(E, "E", min=1)
    P, S = check_int(P, "P", min=0), check_int(S, "S", min=1)
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


# --- Explicit matrices: padding, shifts, Toeplitz / circulant / block Toeplitz ---

def pad_matrix(N: int, P: int, mode="zero"):
    """The (N + 2P) by N matrix that extends a signal by P values at each end.

    >>> pad_matrix(2, 1, "wrap").astype(int).tolist()
    [[0, 1], [1, 0], [0, 1], [1, 0]]
    """
    N, P = check_int(N, "N", min=1), check_int(P, "P", min=0)
    return np.pad(np.eye(N), ((P, P), (0, 0)), mode=MODES[check_choice(mode, "mode", MODES)])


def shift_matrix(N: int, k: int, E: int = 3, S: int = 1):
    """The k-th shift (M, N): ones at (i, iS + k); for E = 3 the book's L, C, R. §VII.2, eq. (1).

    >>> shift_matrix(5, 0, S=2).astype(int).tolist()
    [[1, 0, 0, 0, 0], [0, 0, 1, 0, 0]]
    """
    M = output_size(N, E, 0, S)
    k = check_int(k, "k", min=0, max=E - 1)
    A = np.zeros((M, N))
    A[np.arange(M), np.arange(M) * S + k] = 1.0
    return A


def shift_matrices(N: int):
    """The book's shifts L, C, R (each (N - 2, N)): A = x_1 L + x_0 C + x_{-1} R. §VII.2, eq. (1).

    >>> L, C, R = shift_matrices(4)
    >>> (L + 2 * C + 3 * R).astype(int).tolist()
    [[1, 2, 3, 0], [0, 1, 2, 3]]
    """
    N = check_int(N, "N", min=3)
    return tuple(shift_matrix(N, k) for k in range(3))


def shift_matrices_2d(N: int):
    """The nine 2D shifts LU, ..., RD of an N by N image: kron products, ((N-2)², N²).

    Images are flattened row by row. Strang §VII.2, eq. (2).

    >>> S = shift_matrices_2d(3)
    >>> list(S), float((S["RD"] @ np.arange(9.0))[0])
    (['LU', 'CU', 'RU', 'L', 'C', 'R', 'LD', 'CD', 'RD'], 8.0)
    """
    L, C, R = shift_matrices(N)
    vertical = {"U": L, "": C, "D": R}
    horizontal = {"L": L, "C": C, "R": R}
    return {h + v: np.kron(vertical[v], horizontal[h])
            for v in ("U", "", "D") for h in ("L", "C", "R")}


def conv_matrix(w, N: int, S: int = 1, P: int = 0, mode="zero"):
    """The (M, N) matrix of a 1D convolution: ``A @ v == correlate1d(v, w, S, P, mode)``.

    w (E,). Toeplitz times ``pad_matrix``; circulant for 'wrap'. §VII.2, eqs. (1), (6).

    >>> conv_matrix([1, 2, 3], 5, S=2).astype(int).tolist()      # eq. (6)
    [[1, 2, 3, 0, 0], [0, 0, 1, 2, 3]]
    >>> conv_matrix([1, 2, 3], 3, P=1, mode="wrap").astype(int).tolist()
    [[2, 3, 1], [1, 2, 3], [3, 1, 2]]
    """
    w = check_array(w, "w", ndim=1, dtype=None, min_size=1)
    E = len(w)
    output_size(N, E, P, S)
    T = sum(w[k] * shift_matrix(N + 2 * P, k, E, S) for k in range(E))
    return T @ pad_matrix(N, P, mode)


def conv_matrix_2d(w, shape, S: int = 1, P: int = 0, mode="zero"):
    """The (M1 M2, H W) matrix of a 2D convolution: ``A @ v.ravel() == correlate2d(...).ravel()``.

    w (E1, E2): any kernel that fits the padded image, shape (H, W). Block Toeplitz with Toeplitz blocks. §VII.2, eq. (2).

    >>> A = conv_matrix_2d(np.ones((2, 2)), (3, 3))
    >>> A.shape, A[0].astype(int)
    ((4, 9), array([1, 1, 0, 1, 1, 0, 0, 0, 0]))
    """
    w = check_array(w, "w", ndim=2, dtype=None, min_size=1)
    shape = check_ints(shape, "shape", min=1)
    if len(shape) != 2:
        raise ValueError(f"shape must be (H, W), got {shape!r}")
    H, W = shape
    E1, E2 = w.shape
    output_size(H, E1, P, S), output_size(W, E2, P, S)
    rows = [shift_matrix(H + 2 * P, a, E1, S) for a in range(E1)]
    cols = [shift_matrix(W + 2 * P, b, E2, S) for b in range(E2)]
    T = sum(w[a, b] * np.kron(rows[a], cols[b]) for a in range(E1) for b in range(E2))
    return T @ np.kron(pad_matrix(H, P, mode), pad_matrix(W, P, mode))


# --- Fast forms: all windows at once (a strided view), then one product ---

def _windows(X, E, S, P, mode):
    """View of the padded X holding, at output index i, the window read by output i."""
    d = len(E)
    for n, e in zip(X.shape[-d:], E):
        output_size(n, e, P, S)
    Xp = np.pad(X, [(0, 0)] * (X.ndim - d) + [(P, P)] * d, mode=MODES[mode])
    view = sliding_window_view(Xp, E, axis=tuple(range(X.ndim - d, X.ndim)))
    return view[(Ellipsis, *[slice(None, None, S)] * d) + (slice(None),) * d]


def _correlate(v, w, S, P, mode, d):
    """``y[i] = sum_k w[k] vp[iS + k]`` in d dimensions."""
    v = check_array(v, "v", ndim=d, dtype=None, min_size=1)
    w = check_array(w, "w", ndim=d, dtype=None, min_size=1)
    mode = check_choice(mode, "mode", MODES)
    windows = _windows(v, w.shape, S, P, mode)
    subscripts = "ik,k->i" if v.ndim == 1 else "ijkl,kl->ij"
    return np.einsum(subscripts, windows, w, optimize=True)


def correlate1d(v, w, S: int = 1, P: int = 0, mode="zero"):
    """1D convolution without flip, ``y_i = sum_k w_k vp_{iS+k}``: v (N,), w (E,) -> y (M,).

    Equals ``conv_matrix(w, N, S, P, mode) @ v``. Strang §VII.2.

    >>> correlate1d(3.0 * np.arange(6), [-0.5, 0, 0.5])   # the slope of v_i = 3i
    array([3., 3., 3., 3.])
    """
    return _correlate(v, w, S, P, mode, 1)


def convolve1d(v, w, S: int = 1, P: int = 0, mode="zero"):
    """Flipped 1D convolution, :func:`correlate1d` with ``w[::-1]`` (P = E - 1: np.convolve).

    >>> convolve1d([1, 2, 3], [1, 1], P=1)
    array([1., 3., 5., 3.])
    """
    w = check_array(w, "w", ndim=1, dtype=None, min_size=1)
    return correlate1d(v, w[::-1], S, P, mode)


def correlate2d(v, w, S: int = 1, P: int = 0, mode="zero"):
    """2D convolution without flip of one image: v (H, W), w (E1, E2) -> y (M1, M2).

    ``y[i, j] = sum_ab w[a, b] vp[iS+a, jS+b]``, as ``scipy.ndimage.correlate``. §VII.2, eq. (2).

    >>> correlate2d(np.arange(16.0).reshape(4, 4), np.ones((2, 2)) / 4, S=2).tolist()
    [[2.5, 4.5], [10.5, 12.5]]
    """
    return _correlate(v, w, S, P, mode, 2)


def convolve2d(v, w, S: int = 1, P: int = 0, mode="zero"):
    """Flipped 2D convolution: :func:`correlate2d` with w turned by 180 degrees.

    >>> convolve2d(np.eye(2), [[1, 2], [3, 4]], P=1).tolist()
    [[1.0, 2.0, 0.0], [3.0, 5.0, 2.0], [0.0, 3.0, 4.0]]
    """
    w = check_array(w, "w", ndim=2, dtype=None, min_size=1)
    return correlate2d(v, w[::-1, ::-1], S, P, mode)


# --- Batches with channels: im2col (windows copied once) and one matrix product ---

def _check_conv(X, w, b, d):
    X = check_array(X, "X", dtype=None, min_size=1)
    if X.ndim != 2 + d:
        names = "N" if d == 1 else "H, W"
        raise ValueError(f"X must have shape (n, C_in, {names}), got shape {X.shape}")
    w = check_array(w, "w", ndim=2 + d, dtype=None, min_size=1)
    if X.shape[1] != w.shape[1]:
        raise ValueError(f"X has C_in={X.shape[1]} channels but w of shape {w.shape} "
                         f"expects C_in={w.shape[1]}")
    if b is not None:
        b = check_array(b, "b", shape=(w.shape[0],), dtype=None)
    return X, w, b


def _columns(X, E, S, P, mode):
    """im2col: (n, C_in, *N) -> (n, C_in * prod(E), prod(M)), one column per output."""
    d = len(E)
    win = _windows(X, E, S, P, mode)                       # (n, C_in, *M, *E)
    M = win.shape[2:2 + d]
    order = (0, 1, *range(2 + d, 2 + 2 * d), *range(2, 2 + d))
    return win.transpose(order).reshape(X.shape[0], -1, int(np.prod(M))), M


def _conv(X, w, b, S, P, mode, d):
    X, w, b = _check_conv(X, w, b, d)
    cols, M = _columns(X, w.shape[2:], S, P, check_choice(mode, "mode", MODES))
    Y = w.reshape(len(w), -1) @ cols
    if b is not None:
        Y += b.astype(Y.dtype, copy=False)[:, None]
    return Y.reshape(len(X), len(w), *M)


def _conv_backward(dY, X, w, S, P, mode, d, input_grad):
    X, w, _ = _check_conv(X, w, None, d)
    E = w.shape[2:]
    cols, M = _columns(X, E, S, P, check_choice(mode, "mode", MODES))
    dY = check_array(dY, "dY", shape=(len(X), len(w), *M), dtype=cols.dtype)
    dY2 = dY.reshape(len(X), len(w), -1)
    # dL/dw_k = dY . (k-th shifted input), dL/db = sum of dY   (eqs. (1)-(2))
    dw = (dY2 @ cols.transpose(0, 2, 1)).sum(axis=0).reshape(w.shape)
    db = dY2.sum(axis=(0, 2))
    if not input_grad:
        return None, dw, db
    # dL/dX = A^T dY: each window's share goes back to the pixels it read
    dwin = (w.reshape(len(w), -1).T @ dY2).reshape(*X.shape[:2], *E, *M)
    dXp = np.zeros(X.shape[:2] + tuple(n + 2 * P for n in X.shape[2:]), dwin.dtype)
    for k in np.ndindex(*E):
        taps = tuple(slice(k_i, k_i + S * (m - 1) + 1, S) for k_i, m in zip(k, M))
        dXp[(Ellipsis, *taps)] += dwin[(slice(None), slice(None), *k)]
    if mode == "zero":                                     # invented zeros: no gradient
        return dXp[(Ellipsis, *[slice(P, P + n) for n in X.shape[2:]])], dw, db
    for axis, n in zip(range(2, 2 + d), X.shape[2:]):      # fold back: Pad^T
        Pad = pad_matrix(n, P, mode).astype(dXp.dtype)
        dXp = np.moveaxis(np.tensordot(dXp, Pad, ([axis], [0])), -1, axis)
    return dXp, dw, db


def conv1d(X, w, b=None, S: int = 1, P: int = 0, mode="zero"):
    """Multi-channel 1D convolution of a batch: X (n, C_in, N), w (C_out, C_in, E),
    b (C_out,) -> Y (n, C_out, M). Strang §VII.2.

    >>> conv1d(np.arange(5.0).reshape(1, 1, 5), [[[1.0, -1.0]]], b=[10.0])
    array([[[9., 9., 9., 9.]]])
    """
    return _conv(X, w, b, S, P, mode, 1)


def conv1d_backward(dY, X, w, S: int = 1, P: int = 0, mode="zero", *, input_grad=True):
    """Gradients (dX, dw, db) of :func:`conv1d` (dX None unless ``input_grad``). §VII.2, eq. (1).

    >>> X = np.arange(4.0).reshape(1, 1, 4)
    >>> conv1d_backward(np.ones((1, 1, 3)), X, [[[1.0, 2.0]]])
    (array([[[1., 3., 3., 2.]]]), array([[[3., 6.]]]), array([3.]))
    """
    return _conv_backward(dY, X, w, S, P, mode, 1, input_grad)


def conv2d(X, w, b=None, S: int = 1, P: int = 0, mode="zero"):
    """Multi-channel 2D convolution of a batch, as ``torch.nn.functional.conv2d``.

    X (n, C_in, H, W), w (C_out, C_in, E1, E2), b (C_out,) -> Y (n, C_out, M1, M2).
    Strang §VII.2, eq. (8).

    >>> conv2d(np.ones((2, 3, 4, 4)), np.ones((5, 3, 3, 3)), P=1).shape
    (2, 5, 4, 4)
    """
    return _conv(X, w, b, S, P, mode, 2)


def conv2d_backward(dY, X, w, S: int = 1, P: int = 0, mode="zero", *, input_grad=True):
    """Gradients (dX, dw, db) of :func:`conv2d` (dX None unless ``input_grad``). §VII.2, eq. (2).

    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> dX, dw, db = conv2d_backward(np.ones((1, 1, 2, 2)), X, np.ones((1, 1, 2, 2)))
    >>> dX[0, 0].tolist(), dw[0, 0].tolist(), db
    ([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]], [[8.0, 12.0], [20.0, 24.0]], array([4.]))
    """
    return _conv_backward(dY, X, w, S, P, mode, 2, input_grad)

