"""How many pieces N fold hyperplanes cut R^m into: r(N, m), two ways.
Strang §VII.1, eqs. (4)-(5); chapter 01."""

from __future__ import annotations

from lfd._validate import check_int


def max_pieces(N: int, m: int):
    """r(N, m) = C(N, 0) + ... + C(N, m), eq. (4): N >= 0 folds in R^m, exact (a Python int).

    >>> [max_pieces(N, 2) for N in range(5)]
    [1, 2, 4, 7, 11]
    >>> max_pieces(4, 3), max_pieces(5, 3)
    (15, 26)
    """
    N, m = check_int(N, "N", min=0, max=None), check_int(m, "m", min=0, max=None)
    if m >= N:
        return 1 << N
    if 2 * m >= N:  # the shorter sum on the other side of the binomial row
        return (1 << N) - max_pieces(N, N - m - 1)
    total, term = 0, 1  # term = C(N, i); C(N, i + 1) = C(N, i) (N - i) / (i + 1) exactly
    for i in range(m + 1):
        total += term
        term = term * (N - i) // (i + 1)
    return total


def max_pieces_recursive(N: int, m: int):
    """r(N, m) from eq. (5), r(N, m) = r(N-1, m) + r(N-1, m-1), r(0, m) = r(N, 0) = 1.

    >>> max_pieces_recursive(3, 2), max_pieces_recursive(4, 2), max_pieces_recursive(2, 1)
    (7, 11, 3)
    """
    N, m = check_int(N, "N", min=0), check_int(m, "m", min=0, max=None)
    m = min(m, N)
    row = [1] * (m + 1)  # r(0, j) = 1
    for _ in range(N):
        for j in range(m, 0, -1):  # right to left: row[j - 1] is still r(n-1, j-1)
            row[j] += row[j - 1]
    return row[m]
