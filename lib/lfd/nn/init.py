"""Random starting weights: the one home of He and Xavier initialization."""

from __future__ import annotations

import numpy as np

from lfd._validate import check_choice, check_dtype, check_int, check_rng

__all__ = ["init_weights"]

INITS = ("he", "xavier", "zero")


def init_weights(n_in: int, n_out: int, init="he", rng=None, dtype=np.float64):
    """Random weights A (n_out × n_in) and a zero bias b.

    n_in, n_out : int, the layer's widths; init : "he" (A_jk ~ N(0, 2/n_in), for
    ReLU), "xavier" (N(0, 2/(n_in + n_out)), for sigmoid and tanh) or "zero";
    rng : None, int or Generator; dtype : floating. Returns A, shape (n_out, n_in),
    and b = 0, shape (n_out,). Strang §VII.3; chapter 03.

    >>> A, b = init_weights(1000, 500, "he", rng=0)
    >>> A.shape, b.shape, round(float(A.var() * 1000), 1)
    ((500, 1000), (500,), 2.0)
    """
    n_in, n_out = check_int(n_in, "n_in", min=1), check_int(n_out, "n_out", min=1)
    check_choice(init, "init", INITS)
    rng, dtype = check_rng(rng), check_dtype(dtype)
    variance = {"he": 2.0 / n_in, "xavier": 2.0 / (n_in + n_out), "zero": 0.0}[init]
    A = (rng.standard_normal((n_out, n_in)) * np.sqrt(variance)).astype(dtype, copy=False)
    return A, np.zeros(n_out, dtype=dtype)
