"""Max and average pooling of batches (n, C, N) or (n, C, H, W), and their gradients.

Windows of size E move S positions at a time (S = E by default) and must fit
exactly (:func:`lfd.conv.output_size` with P = 0). Strang §VII.2.
"""

from __future__ import annotations

import numpy as np

from lfd._validate import check_array, check_int
from lfd.conv import output_size

__all__ = ["max_pool1d", "max_pool1d_backward", "max_pool2d", "max_pool2d_backward",
           "avg_pool1d", "avg_pool1d_backward", "avg_pool2d", "avg_pool2d_backward"]


def _check_pool(X, E, S, d):
    X = check_array(X, "X", dtype=None)
    if X.ndim != 2 + d:
        raise ValueError(f"X must have shape (n, C, {'N' if d == 1 else 'H, W'}), got shape {X.shape}")
    E = check_int(E, "E", min=1)
    S = E if S is None else check_int(S, "S", min=1)
    M = tuple(output_size(n, E, 0, S) for n in X.shape[2:])
    return X, (E,) * d, S, M


def _slices(E, S, M):
    """For every offset k in the window, the strided slices X[..., k::S] it reads."""
    for k in np.ndindex(*E):
        yield tuple(slice(k_i, k_i + S * (m - 1) + 1, S) for k_i, m in zip(k, M))


def _max(X, E, S, M):
    Y = None
    for sl in _slices(E, S, M):
        Y = X[(..., *sl)].copy() if Y is None else np.maximum(Y, X[(..., *sl)], out=Y)
    return Y


def _max_backward(dY, X, E, S, d, Y):
    X, E, S, M = _check_pool(X, E, S, d)
    if Y is None:
        Y = _max(X, E, S, M)
    Y = check_array(Y, "Y", shape=X.shape[:2] + M, dtype=None)
    dY = check_array(dY, "dY", shape=Y.shape, dtype=None)
    dX = np.zeros(X.shape, np.result_type(X, dY))
    free = None                                   # windows whose max is not yet claimed
    for sl in _slices(E, S, M):
        hit = X[(..., *sl)] == Y
        if free is None:
            free = ~hit
        else:
            hit &= free
            free ^= hit
        if S < E[0]:                              # overlapping windows: gradients add up
            dX[(..., *sl)] += dY * hit
        else:
            np.multiply(dY, hit, out=dX[(..., *sl)])
    return dX


def _avg(X, E, S, M):
    Y = np.zeros(X.shape[:2] + M, X.dtype)
    for sl in _slices(E, S, M):
        Y += X[(..., *sl)]
    return Y / np.prod(E)


def _avg_backward(dY, X, E, S, d):
    X, E, S, M = _check_pool(X, E, S, d)
    dY = check_array(dY, "dY", shape=X.shape[:2] + M, dtype=None)
    dX = np.zeros(X.shape, dY.dtype)
    for sl in _slices(E, S, M):
        dX[(..., *sl)] += dY / np.prod(E)
    return dX


def max_pool2d(X, E: int = 2, S: int | None = None):
    """The largest value in each E by E window: (n, C, H, W) -> (n, C, M1, M2).

    >>> max_pool2d(np.arange(16.0).reshape(1, 1, 4, 4))[0, 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    return _max(*_check_pool(X, E, S, 2))


def max_pool2d_backward(dY, X, E: int = 2, S: int | None = None, *, Y=None):
    """Gradient of :func:`max_pool2d`: each window's dY goes to its maximum.

    Ties: the first maximum in row-major order takes all (as PyTorch on the CPU).
    ``Y``, the forward output if at hand, saves computing it again.

    >>> X = np.array([[[[1.0, 3.0], [3.0, 0.0]]]])     # a tie: 3 and 3
    >>> max_pool2d_backward(np.ones((1, 1, 1, 1)), X)[0, 0].tolist()
    [[0.0, 1.0], [0.0, 0.0]]
    """
    return _max_backward(dY, X, E, S, 2, Y)


def avg_pool2d(X, E: int = 2, S: int | None = None):
    """The mean of each E by E window: (n, C, H, W) -> (n, C, M1, M2).

    >>> avg_pool2d(np.arange(16.0).reshape(1, 1, 4, 4))[0, 0].tolist()
    [[2.5, 4.5], [10.5, 12.5]]
    """
    return _avg(*_check_pool(X, E, S, 2))


def avg_pool2d_backward(dY, X, E: int = 2, S: int | None = None):
    """Gradient of :func:`avg_pool2d`: each entry of a window receives dY/E².

    >>> avg_pool2d_backward(np.ones((1, 1, 1, 1)), np.zeros((1, 1, 2, 2)))[0, 0].tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    """
    return _avg_backward(dY, X, E, S, 2)


def max_pool1d(X, E: int = 2, S: int | None = None):
    """The largest value in each window of E: (n, C, N) -> (n, C, M).

    >>> max_pool1d([[[1.0, 4.0, 2.0, 0.0]]])
    array([[[4., 2.]]])
    """
    return _max(*_check_pool(X, E, S, 1))


def max_pool1d_backward(dY, X, E: int = 2, S: int | None = None, *, Y=None):
    """Gradient of :func:`max_pool1d` (ties: the first maximum takes all).

    >>> max_pool1d_backward([[[1.0, 2.0]]], [[[1.0, 4.0, 2.0, 2.0]]])
    array([[[0., 1., 2., 0.]]])
    """
    return _max_backward(dY, X, E, S, 1, Y)


def avg_pool1d(X, E: int = 2, S: int | None = None):
    """The mean of each window of E: (n, C, N) -> (n, C, M).

    >>> avg_pool1d([[[1.0, 3.0, 2.0, 0.0]]])
    array([[[2., 1.]]])
    """
    return _avg(*_check_pool(X, E, S, 1))


def avg_pool1d_backward(dY, X, E: int = 2, S: int | None = None):
    """Gradient of :func:`avg_pool1d`: each entry of a window receives dY/E.

    >>> avg_pool1d_backward([[[2.0]]], np.zeros((1, 1, 2)))
    array([[[1., 1.]]])
    """
    return _avg_backward(dY, X, E, S, 1)
