"""The order of a chain of products: matrix chains, Jacobian chains, adjoints.

Strang §VII.3; chapter 03.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.linalg

from lfd._validate import check_array, check_choice, check_int, check_ints


def matmul_cost(m: int, n: int, p: int):
    """Multiplications in an (m×n) times (n×p) product: mnp.

    >>> matmul_cost(2, 3, 4)
    24
    """
    return check_int(m, "m", min=1) * check_int(n, "n", min=1) * check_int(p, "p", min=1)


class TripleCosts(NamedTuple):
    """Multiplications for (AB)C and for A(BC)."""
    ab_c: int
    a_bc: int


def triple_product_costs(m: int, n: int, p: int, q: int):
    """Multiplications (AB)C = mnp + mpq and A(BC) = npq + mnq; A m×n, B n×p, C p×q.

    >>> triple_product_costs(100, 100, 100, 1)
    TripleCosts(ab_c=1010000, a_bc=20000)
    """
    m, n, p, q = (check_int(v, name, min=1) for v, name in zip((m, n, p, q), "mnpq"))
    return TripleCosts(ab_c=m * n * p + m * p * q, a_bc=n * p * q + m * n * q)


@dataclass(frozen=True)
class ChainOrder:
    """``cost``, ``order`` ("A(BC)") and ``tree`` (leaves: matrix indices; pairs: products)."""
    cost: int
    order: str
    tree: object


def _names(names, n_matrices):
    if names is None:
        names = [chr(65 + i) if n_matrices <= 26 else f"A{i + 1}" for i in range(n_matrices)]
    names = [str(s) for s in names]
    if len(names) != n_matrices:
        raise ValueError(f"names must have {n_matrices} entries (one per matrix), got {len(names)}")
    return names


def _is_leaf(t):
    return isinstance(t, (int, np.integer)) and not isinstance(t, bool)


def _leaves(t):
    if _is_leaf(t):
        return [int(t)]
    if not (isinstance(t, tuple) and len(t) == 2):
        raise ValueError(f"tree must be an index or a pair of trees, got {t!r}")
    return _leaves(t[0]) + _leaves(t[1])


def order_string(tree, names=None):
    """A product tree (leaves are matrix indices) as a string; ``names`` default A, B, C, ….

    >>> order_string((0, (1, 2)), names=["A1", "A2", "A3"])
    'A1 (A2 A3)'
    """
    names = _names(names, max(_leaves(tree)) + 1)
    sep = "" if all(len(s) == 1 for s in names) else " "

    def write(t, outer):
        if _is_leaf(t):
            return names[t]
        text = write(t[0], False) + sep + write(t[1], False)
        return text if outer else f"({text})"

    return write(tree, True)


def best_order(dims, names=None):
    """The cheapest order to multiply a chain of matrices (dynamic programming).

    Matrix i is ``dims[i] × dims[i+1]``; among equal costs the leftmost split wins.

    >>> best_order([100, 100, 100, 1])      # C is a column: A(BC)
    ChainOrder(cost=20000, order='A(BC)', tree=(0, (1, 2)))
    """
    d = check_ints(dims, "dims", min=1, length=2)
    L = len(d) - 1
    cost = [[0] * L for _ in range(L)]
    tree = [[i] * L for i in range(L)]  # tree[i][j]: the best order of matrices i..j
    for length in range(2, L + 1):
        for i in range(L - length + 1):
            j = i + length - 1
            cost[i][j], k = min(
                (cost[i][k] + cost[k + 1][j] + d[i] * d[k + 1] * d[j + 1], k) for k in range(i, j))
            tree[i][j] = (tree[i][k], tree[k + 1][j])
    best = tree[0][L - 1]
    return ChainOrder(cost=cost[0][L - 1], order=order_string(best, _names(names, L)), tree=best)


def product_steps(dims, tree):
    """The products of a tree, children first: (first, last, split, height, cost).

    Matrices first..split times split+1..last; ``height`` counts from the leaves.

    >>> product_steps([2, 3, 4, 1], (0, (1, 2)))
    [(1, 2, 1, 1, 12), (0, 2, 0, 2, 6)]
    """
    d = check_ints(dims, "dims", min=1, length=2)
    if _leaves(tree) != list(range(len(d) - 1)):
        raise ValueError(f"tree must use each matrix 0..{len(d) - 2} once, in order; got {tree!r}")
    out = []

    def walk(t):  # (first, last, height)
        if _is_leaf(t):
            return int(t), int(t), 0
        first, split, h1 = walk(t[0])
        _, last, h2 = walk(t[1])
        height = 1 + max(h1, h2)
        out.append((first, last, split, height, d[first] * d[split + 1] * d[last + 1]))
        return first, last, height

    walk(tree)
    return out


def order_cost(dims, tree):
    """Multiplications to compute a chain in the order given by ``tree``.

    >>> order_cost([2, 3, 4, 5], ((0, 1), 2)), order_cost([2, 3, 4, 5], (0, (1, 2)))
    (64, 90)
    """
    return sum(step[-1] for step in product_steps(dims, tree))


def _chain(matrices, name, right_to_left=False):
    """Checked 2-D arrays whose neighbours fit: ``M[i-1] @ M[i]`` (or ``M[i] @ M[i-1]``)."""
    if isinstance(matrices, str) or not hasattr(matrices, "__iter__"):
        raise TypeError(f"{name} must be a list of 2-D arrays, got {type(matrices).__name__}")
    mats = [check_array(M, f"{name}[{i}]", ndim=2, dtype=None, min_size=1)
            for i, M in enumerate(matrices)]
    if not mats:
        raise ValueError(f"{name} must contain at least one matrix")
    for i in range(1, len(mats)):
        left, right = (i, i - 1) if right_to_left else (i - 1, i)
        if mats[left].shape[1] != mats[right].shape[0]:
            raise ValueError(f"{name}[{left}] has {mats[left].shape[1]} columns but "
                             f"{name}[{right}] has {mats[right].shape[0]} rows")
    return mats


def chain_product(matrices, tree=None):
    """Multiply a chain of matrices in the order of ``tree`` (default: the best order).

    >>> chain_product([np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 1))]).ravel()
    array([12., 12.])
    """
    mats = _chain(matrices, "matrices")
    dims = [M.shape[0] for M in mats] + [mats[-1].shape[1]]
    tree = best_order(dims).tree if tree is None else tree
    product_steps(dims, tree)  # validates the tree

    def walk(t):
        return mats[t] if _is_leaf(t) else walk(t[0]) @ walk(t[1])

    return walk(tree)


def jacobian_chain_costs(dims):
    """Multiplications to accumulate J_L ⋯ J_1 forward and in reverse.

    J_k = ∂v_k/∂v_(k-1) is ``dims[k] × dims[k-1]``. Returns (forward, reverse).

    >>> jacobian_chain_costs([1000, 100, 100, 1])   # many inputs, one output
    (10100000, 110000)
    """
    d = check_ints(dims, "dims", min=1, length=2)
    L = len(d) - 1
    forward = sum(d[k] * d[k - 1] * d[0] for k in range(2, L + 1))
    reverse = sum(d[L] * d[k] * d[k - 1] for k in range(1, L))
    return forward, reverse


def accumulate_jacobians(jacobians, mode="reverse"):
    """The product J_L ⋯ J_1 accumulated from the input side or the output side.

    ``jacobians`` = [J_1, …, J_L], J_k (d_k, d_(k-1)); ``mode`` "forward" or
    "reverse". Returns the product (d_L, d_0) and the multiplications done.

    >>> J1, J2 = np.ones((3, 4)), np.ones((1, 3))
    >>> accumulate_jacobians([J1, J2], "reverse")
    (array([[3., 3., 3., 3.]]), 12)
    """
    check_choice(mode, "mode", ("forward", "reverse"))
    Js = _chain(jacobians, "jacobians", right_to_left=True)
    if mode == "forward":
        P, count = Js[0], 0
        for J in Js[1:]:
            P, count = J @ P, count + J.shape[0] * J.shape[1] * P.shape[1]
        return P, count
    Q, count = Js[-1], 0
    for J in reversed(Js[:-1]):
        Q, count = Q @ J, count + Q.shape[0] * Q.shape[1] * J.shape[1]
    return Q, count


@dataclass(frozen=True)
class Sensitivity:
    """dg/dp for E v = b(p): ``gradient`` (M,), ``v`` (n,), ``solves``, ``multiplications``."""
    gradient: np.ndarray
    v: np.ndarray
    solves: int
    multiplications: int


def _sensitivity(E, b, dbdp, grad_g):
    """Validated inputs, the LU factors of E, the state v and c = ∂g/∂v at v."""
    E = check_array(E, "E")
    if E.ndim != 2 or E.shape[0] != E.shape[1]:
        raise ValueError(f"E must be a square matrix, got shape {E.shape}")
    n = E.shape[0]
    b = check_array(b, "b", shape=(n,))
    dbdp = check_array(dbdp, "dbdp", ndim=(1, 2))
    dbdp = dbdp[:, None] if dbdp.ndim == 1 else dbdp
    if dbdp.shape[0] != n:
        raise ValueError(f"dbdp must have shape ({n}, M): ∂b_i/∂p_j, got {dbdp.shape}")
    if not callable(grad_g):
        c = check_array(grad_g, "grad_g", shape=(n,))
        grad_g = lambda v: c  # noqa: E731  (g(v) = cᵀv is linear)
    with warnings.catch_warnings():  # a singular E is reported below, as an error
        warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
        lu = scipy.linalg.lu_factor(E, check_finite=False)
    if np.any(np.diag(lu[0]) == 0):
        raise ValueError("E is singular: E v = b has no unique solution")
    v = scipy.linalg.lu_solve(lu, b)  # solve 1: the state
    c = check_array(grad_g(v), "grad_g(v)", finite=False)
    if c.shape != v.shape:
        raise ValueError(f"grad_g(v) must have shape {v.shape}, got {c.shape}")
    return dbdp, lu, v, c


def adjoint_gradient(E, b, dbdp, grad_g):
    """dg/dp for E v = b(p) by the adjoint method: one extra solve, with Eᵀ.

    ``E`` (n, n) invertible, ``b`` (n,) = b(p), ``dbdp`` (n, M) = ∂b_i/∂p_j, ``grad_g``
    a vector c (g = cᵀv) or a function v -> ∂g/∂v. Strang §VII.3, eq. (9)-(12).

    >>> E = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> res = adjoint_gradient(E, [1.0, 2.0], np.eye(2), [1.0, 1.0])  # b = p, g = v₁ + v₂
    >>> np.round(res.gradient, 12), res.solves
    (array([0.4, 0.2]), 2)
    """
    dbdp, lu, v, c = _sensitivity(E, b, dbdp, grad_g)
    n, M = dbdp.shape
    lam = scipy.linalg.lu_solve(lu, c, trans=1)  # solve 2: Eᵀ λ = ∂g/∂v
    return Sensitivity(lam @ dbdp, v, solves=2, multiplications=sensitivity_costs(n, M)[0])


def direct_gradient(E, b, dbdp, grad_g):
    """dg/dp for E v = b(p) by the direct method: one solve per design parameter.

    Same arguments and gradient as :func:`adjoint_gradient`. Strang §VII.3, eq. (9)-(10).
    """
    dbdp, lu, v, c = _sensitivity(E, b, dbdp, grad_g)
    n, M = dbdp.shape
    dvdp = scipy.linalg.lu_solve(lu, dbdp)  # M solves: E ∂v/∂p_j = ∂b/∂p_j
    return Sensitivity(c @ dvdp, v, solves=1 + M, multiplications=sensitivity_costs(n, M)[1])


def sensitivity_costs(n: int, M: int):
    """Predicted multiplications (adjoint, direct): n³/3 + 2n² + nM and n³/3 + (1 + M)n² + nM.

    >>> sensitivity_costs(100, 1), sensitivity_costs(100, 1000)
    ((353433, 353433), (453333, 10443333))
    """
    n, M = check_int(n, "n", min=1), check_int(M, "M", min=1)
    base = n**3 // 3 + n * M
    return base + 2 * n * n, base + (1 + M) * n * n
