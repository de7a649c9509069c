"""Random starting weights: the one home of He and Xavier initialization."""

from __future__ import annotations

import numpy as np

from lfd._validate import check_choice, check_int, check_rng

__all__ = ["init_weights"]

INITS = ("he", "xavier", "zero")


def init_weights(n_in: int, n_out: int, init="he", rng=None, dtype=np.float64):
    """Random weights A (n_out × n_in) and a zero bias b.

    Parameters
    ----------
    n_in, n_out : int
        Widths of the layer's input and output.
    init : {"he", "xavier", "zero"}
        A_jk ~ N(0, 2/n_in) (He, for ReLU), N(0, 2/(n_in + n_out)) (Xavier,
        for sigmoid and tanh), or A = 0 (every hidden unit stays identical).
    rng : None, int or numpy.random.Generator
    dtype : floating dtype, default float64

    Returns
    -------
    A : ndarray, shape (n_out, n_in)
    b : ndarray, shape (n_out,), zeros

    Strang §VII.3; chapter 03-backpropagation.

    >>> A, b = init_weights(1000, 500, "he", rng=0)
    >>> A.shape, b.shape, round(float(A.var() * 1000), 1)
    ((500, 1000), (500,), 2.0)
    """
    n_in = check_int(n_in, "n_in", min=1)
    n_out = check_int(n_out, "n_out", min=1)
    check_choice(init, "init", INITS)
    rng = check_rng(rng)
    if np.dtype(dtype).kind != "f":
        raise TypeError(f"dtype must be a floating type, got {np.dtype(dtype)}")
    variance = {"he": 2.0 / n_in, "xavier": 2.0 / (n_in + n_out), "zero": 0.0}[init]
    A = (rng.standard_normal((n_out, n_in)) * np.sqrt(variance)).astype(dtype, copy=False)
    return A, np.zeros(n_out, dtype=dtype)
