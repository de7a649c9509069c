"""A cache-blocked stride-1 image correlation, kept only for speed (benchmarks/bench_conv.py).

:func:`lfd.conv.correlate2d` is the clear form and the default; tests/test_fast_conv.py
checks that this kernel gives its numbers. Nothing in lfd calls it.
"""

from __future__ import annotations

import numpy as np

from lfd._validate import check_array, check_choice, check_int
from lfd.conv import MODES, output_size


def correlate2d_blocked(v, w, P: int = 0, mode="zero"):
    """``correlate2d(v, w, S=1, P=P, mode=mode)`` in cache-sized bands of rows.

    Per band, the E2 column shifts of the padded input are copied into Z; kernel
    row w[a] meets row shift a as one matrix-vector product over a window of Z.
    """
    v = check_array(v, "v", ndim=2, dtype=None)
    w = check_array(w, "w", ndim=2, dtype=None, min_size=1)
    P, mode = check_int(P, "P", min=0), check_choice(mode, "mode", MODES)
    dtype = np.result_type(v, w)
    v, w = v.astype(dtype, copy=False), w.astype(dtype, copy=False)
    (E1, E2), (H, W) = w.shape, v.shape
    M1, M2 = output_size(H, E1, P), output_size(W, E2, P)
    if mode != "zero":                           # source index of every padded index
        row_of = np.pad(np.arange(H), P, mode=MODES[mode])
        col_of = np.pad(np.arange(W), P, mode=MODES[mode])
    y = np.empty((M1, M2), dtype)
    R = min(M1, max(8, 24576 // (E2 * M2)))      # Z stays near 200 kB
    Z = np.empty((E2, R + E1 - 1, M2), dtype)
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
