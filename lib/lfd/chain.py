"""The order of a chain of products: matrix chains, Jacobian chains, adjoints.

The associative law gives the same product ABC whichever pair is
multiplied first, but not at the same cost. Multiplying an m×n matrix by
an n×p matrix takes mnp multiplications, so for shapes (m×n)(n×p)(p×q)

    (AB)C costs mnp + mpq      and      A(BC) costs npq + mnq.

When C is a single column (q = 1), A(BC) needs only matrix-vector
products. Backpropagation is the same choice made for a chain of
Jacobians with one output at the end: start from the output's side
("reverse mode") and every product is a row vector times a matrix. The
adjoint method for E v = b(p) is the same choice again: one solve with
Eᵀ replaces one solve per design parameter.

This module counts those costs, finds the best order of a longer chain by
dynamic programming, multiplies chains in a chosen order, accumulates a
Jacobian chain forward or backward, and computes the gradient of g(v(p))
both by the adjoint method and by the direct method.

Strang §VII.3; chapter chapters/03-backpropagation.ipynb.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.linalg

__all__ = [
    "matmul_cost", "triple_product_costs", "TripleCosts", "ChainOrder", "best_order", "order_cost",
    "order_string", "chain_product", "jacobian_chain_costs", "accumulate_jacobians",
    "Sensitivity", "adjoint_gradient", "direct_gradient", "sensitivity_costs",
]


def _positive_int(value, name):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _dims(dims, name="dims"):
    dims = list(dims)
    if len(dims) < 2:
        raise ValueError(f"{name} must have at least 2 entries (one matrix), got {dims}")
    return [_positive_int(d, f"{name}[{i}]") for i, d in enumerate(dims)]


def matmul_cost(m, n, p):
    """Multiplications in an (m×n) times (n×p) product: mnp.

    Each of the mp entries is a dot product of length n.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> matmul_cost(2, 3, 4)
    24
    """
    return _positive_int(m, "m") * _positive_int(n, "n") * _positive_int(p, "p")


class TripleCosts(NamedTuple):
    """Multiplications for (AB)C and for A(BC)."""

    ab_c: int
    a_bc: int


def triple_product_costs(m, n, p, q):
    """Multiplications for (AB)C and for A(BC), with A m×n, B n×p, C p×q.

    Returns
    -------
    TripleCosts
        ``ab_c`` = mnp + mpq = mp(n + q) and ``a_bc`` = npq + mnq = nq(m + p).

    Notes
    -----
    Dividing both by mnpq: (AB)C is cheaper exactly when 1/q + 1/n is
    smaller than 1/m + 1/p. For a column C (q = 1), A(BC) costs np + mn
    against mnp + mp: matrix-vector products beat a matrix-matrix product.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> triple_product_costs(100, 100, 100, 1)
    TripleCosts(ab_c=1010000, a_bc=20000)
    """
    m, n, p, q = (_positive_int(v, name) for v, name in zip((m, n, p, q), "mnpq"))
    return TripleCosts(ab_c=m * n * p + m * p * q, a_bc=n * p * q + m * n * q)


@dataclass(frozen=True)
class ChainOrder:
    """The result of :func:`best_order`.

    Attributes
    ----------
    cost : int
        Multiplications for the whole chain in this order.
    order : str
        The parenthesization, e.g. ``"A(BC)"`` or ``"(A1 A2) A3"``.
    tree : int or tuple
        The same order as a binary tree: a leaf is the index of a matrix,
        a pair ``(left, right)`` is a product.
    """

    cost: int
    order: str
    tree: object


def _names(names, n_matrices):
    if names is None:
        return ["ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] for i in range(n_matrices)] if n_matrices <= 26 \
            else [f"A{i + 1}" for i in range(n_matrices)]
    names = [str(s) for s in names]
    if len(names) != n_matrices:
        raise ValueError(f"names must have {n_matrices} entries (one per matrix), got {len(names)}")
    return names


def order_string(tree, names=None):
    """Write a product tree as a parenthesized string.

    Parameters
    ----------
    tree : int or tuple
        Leaves are matrix indices, pairs are products (see :class:`ChainOrder`).
    names : sequence of str, optional
        Names of the matrices (default A, B, C, …). With one-letter names the
        factors are written side by side, otherwise separated by spaces.

    Returns
    -------
    str

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> order_string(((0, 1), 2))
    '(AB)C'
    >>> order_string((0, (1, 2)), names=["A1", "A2", "A3"])
    'A1 (A2 A3)'
    """
    leaves = _leaves(tree)
    names = _names(names, max(leaves) + 1)
    sep = "" if all(len(s) == 1 for s in names) else " "

    def write(t, outer):
        if isinstance(t, (int, np.integer)):
            return names[t]
        text = write(t[0], False) + sep + write(t[1], False)
        return text if outer else f"({text})"

    return write(tree, True)


def _leaves(tree):
    out, stack = [], [tree]
    while stack:
        t = stack.pop()
        if isinstance(t, (int, np.integer)):
            out.append(int(t))
        elif isinstance(t, tuple) and len(t) == 2:
            stack.extend((t[1], t[0]))
        else:
            raise ValueError(f"tree must be an index or a pair of trees, got {t!r}")
    return out


def best_order(dims, names=None):
    """The cheapest order to multiply a chain of matrices (dynamic programming).

    Parameters
    ----------
    dims : sequence of int, length L + 1
        Matrix i (i = 0, …, L-1) has shape ``dims[i] × dims[i+1]``.
    names : sequence of str, optional
        Names for the order string (default A, B, C, …).

    Returns
    -------
    ChainOrder
        ``cost``, ``order`` string and ``tree`` of an optimal order (the
        leftmost split among equal costs).

    Notes
    -----
    Let c(i, j) be the least cost of the product of matrices i..j. The
    last multiplication splits it at some k into (i..k)(k+1..j), so

    .. math:: c(i, j) = \\min_{i \\le k < j}\\; c(i, k) + c(k+1, j)
              + d_i\\, d_{k+1}\\, d_{j+1}, \\qquad c(i, i) = 0,

    filled in by increasing length j - i: O(L³) work instead of trying
    all Catalan-many orders.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> best_order([100, 100, 100, 1])      # C is a column: A(BC)
    ChainOrder(cost=20000, order='A(BC)', tree=(0, (1, 2)))
    >>> best_order([1, 100, 100, 100]).order  # A is a row: (AB)C
    '(AB)C'
    """
    d = _dims(dims)
    L = len(d) - 1
    cost = [[0] * L for _ in range(L)]
    split = [[0] * L for _ in range(L)]
    for length in range(2, L + 1):
        for i in range(L - length + 1):
            j = i + length - 1
            best, best_k = None, i
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + d[i] * d[k + 1] * d[j + 1]
                if best is None or c < best:
                    best, best_k = c, k
            cost[i][j], split[i][j] = best, best_k

    def build(i, j):
        if i == j:
            return i
        k = split[i][j]
        return (build(i, k), build(k + 1, j))

    tree = build(0, L - 1)  # depth at most L: the chains here are short
    return ChainOrder(cost=cost[0][L - 1], order=order_string(tree, _names(names, L)), tree=tree)


def order_cost(dims, tree):
    """Multiplications to compute a chain in the order given by ``tree``.

    Parameters
    ----------
    dims : sequence of int, length L + 1
    tree : int or tuple
        A product tree over the matrices 0..L-1 (see :class:`ChainOrder`).

    Returns
    -------
    int
        The sum of r·c·c' over the products of the tree, each multiplying
        an r×c matrix by a c×c' matrix.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> order_cost([2, 3, 4, 5], ((0, 1), 2)), order_cost([2, 3, 4, 5], (0, (1, 2)))
    (64, 90)
    """
    d = _dims(dims)
    if sorted(_leaves(tree)) != list(range(len(d) - 1)) or _leaves(tree) != sorted(_leaves(tree)):
        raise ValueError(f"tree must use each matrix 0..{len(d) - 2} once, in order; got {tree!r}")

    def walk(t):  # returns (rows, cols, cost)
        if isinstance(t, (int, np.integer)):
            return d[t], d[t + 1], 0
        r1, c1, k1 = walk(t[0])
        r2, c2, k2 = walk(t[1])
        return r1, c2, k1 + k2 + r1 * c1 * c2

    return walk(tree)[2]


def chain_product(matrices, tree=None):
    """Multiply a chain of matrices in the order of ``tree`` (default: the best order).

    Parameters
    ----------
    matrices : sequence of array_like
        Matrix i has shape (d_i, d_(i+1)).
    tree : int or tuple, optional
        The order; default ``best_order(dims).tree``.

    Returns
    -------
    ndarray
        The product; every order gives it (up to rounding).

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> mats = [np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 1))]
    >>> chain_product(mats).ravel()
    array([12., 12.])
    """
    mats = [np.asarray(M) for M in matrices]
    if not mats:
        raise ValueError("matrices must contain at least one matrix")
    for i, M in enumerate(mats):
        if M.ndim != 2:
            raise ValueError(f"matrices[{i}] must be 2-D, got shape {M.shape}")
        if i and mats[i - 1].shape[1] != M.shape[0]:
            raise ValueError(f"matrices[{i - 1}] has {mats[i - 1].shape[1]} columns but "
                             f"matrices[{i}] has {M.shape[0]} rows")
    dims = [M.shape[0] for M in mats] + [mats[-1].shape[1]]
    if tree is None:
        tree = best_order(dims).tree
    else:
        order_cost(dims, tree)  # validates the tree

    def walk(t):
        if isinstance(t, (int, np.integer)):
            return mats[t]
        return walk(t[0]) @ walk(t[1])

    return walk(tree)


def jacobian_chain_costs(dims):
    """Multiplications to accumulate J_L ⋯ J_2 J_1 forward and in reverse.

    Parameters
    ----------
    dims : sequence of int
        ``dims[0]`` inputs, then the widths of each step, ``dims[-1]``
        outputs; J_k = ∂v_k/∂v_(k-1) has shape ``dims[k] × dims[k-1]``.

    Returns
    -------
    forward, reverse : int
        Forward accumulation builds J_k(J_(k-1) ⋯ J_1), carrying
        ``dims[0]`` columns: Σ_(k≥2) d_k d_(k-1) d_0. Reverse accumulation
        builds ((J_L J_(L-1)) ⋯ ) J_1, carrying ``dims[-1]`` rows:
        Σ_(k≤L-1) d_L d_k d_(k-1).

    Notes
    -----
    With one output (a loss) reverse mode is a chain of vector-matrix
    products and costs about one forward evaluation; forward mode costs
    the number of inputs times as much. With one input, the reverse.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> jacobian_chain_costs([1000, 100, 100, 1])   # many inputs, one output
    (10100000, 110000)
    """
    d = _dims(dims)
    L = len(d) - 1
    forward = sum(d[k] * d[k - 1] * d[0] for k in range(2, L + 1))
    reverse = sum(d[L] * d[k] * d[k - 1] for k in range(1, L))
    return forward, reverse


def accumulate_jacobians(jacobians, mode="reverse"):
    """The product J_L ⋯ J_1 accumulated from the input side or the output side.

    Parameters
    ----------
    jacobians : sequence of array_like
        ``[J_1, J_2, …, J_L]`` in the order the steps are applied;
        J_k has shape (d_k, d_(k-1)).
    mode : {"forward", "reverse"}
        ``"forward"``: P ← J_k P starting from P = J_1. ``"reverse"``:
        Q ← Q J_k starting from Q = J_L.

    Returns
    -------
    product : ndarray, shape (d_L, d_0)
    multiplications : int
        Scalar multiplications done (equal to :func:`jacobian_chain_costs`).

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> J1, J2 = np.ones((3, 4)), np.ones((1, 3))
    >>> accumulate_jacobians([J1, J2], "reverse")
    (array([[3., 3., 3., 3.]]), 12)
    >>> accumulate_jacobians([J1, J2], "forward")[1]
    12
    """
    if mode not in ("forward", "reverse"):
        raise ValueError(f"mode must be 'forward' or 'reverse', got {mode!r}")
    Js = [np.asarray(J) for J in jacobians]
    if not Js:
        raise ValueError("jacobians must contain at least one matrix")
    for k, J in enumerate(Js):
        if J.ndim != 2:
            raise ValueError(f"jacobians[{k}] must be 2-D, got shape {J.shape}")
        if k and J.shape[1] != Js[k - 1].shape[0]:
            raise ValueError(f"jacobians[{k}] has {J.shape[1]} columns but jacobians[{k - 1}] "
                             f"has {Js[k - 1].shape[0]} rows")
    count = 0
    if mode == "forward":
        P = Js[0]
        for J in Js[1:]:
            count += J.shape[0] * J.shape[1] * P.shape[1]
            P = J @ P
        return P, count
    Q = Js[-1]
    for J in reversed(Js[:-1]):
        count += Q.shape[0] * Q.shape[1] * J.shape[1]
        Q = Q @ J
    return Q, count


# -- the adjoint method ---------------------------------------------------------

@dataclass(frozen=True)
class Sensitivity:
    """Gradient of g(v(p)) for E v = b(p), with the work it took.

    Attributes
    ----------
    gradient : ndarray, shape (M,)
        dg/dp.
    v : ndarray, shape (n,)
        The solution of E v = b.
    solves : int
        Triangular solve pairs with the LU factors of E (or of Eᵀ).
    multiplications : int
        Scalar multiplications, counting n³/3 for the factorization, n²
        per solve and the products that combine the pieces.
    """

    gradient: np.ndarray
    v: np.ndarray
    solves: int
    multiplications: int


def _sensitivity_inputs(E, b, dbdp, grad_g):
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[0] != E.shape[1]:
        raise ValueError(f"E must be a square matrix, got shape {E.shape}")
    n = E.shape[0]
    b = np.asarray(b, dtype=np.float64)
    if b.shape != (n,):
        raise ValueError(f"b must have shape ({n},) to match E, got {b.shape}")
    dbdp = np.asarray(dbdp, dtype=np.float64)
    if dbdp.ndim == 1:
        dbdp = dbdp[:, None]
    if dbdp.ndim != 2 or dbdp.shape[0] != n:
        raise ValueError(f"dbdp must have shape ({n}, M): ∂b_i/∂p_j, got {dbdp.shape}")
    if not callable(grad_g):
        c = np.asarray(grad_g, dtype=np.float64)
        if c.shape != (n,):
            raise ValueError(f"grad_g must be a vector of shape ({n},) or a callable, "
                             f"got shape {c.shape}")
        grad_g = lambda v: c  # noqa: E731  (g(v) = cᵀv is linear)
    try:
        with warnings.catch_warnings():  # a singular E is reported below, as an error
            warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
            lu = scipy.linalg.lu_factor(E, check_finite=True)
    except ValueError as err:
        raise ValueError(f"E must have finite entries: {err}") from None
    if np.any(np.diag(lu[0]) == 0):
        raise ValueError("E is singular: E v = b has no unique solution")
    return E, b, dbdp, grad_g, lu


def _g_gradient(grad_g, v):
    c = np.asarray(grad_g(v), dtype=np.float64)
    if c.shape != v.shape:
        raise ValueError(f"grad_g(v) must have shape {v.shape}, got {c.shape}")
    return c


def adjoint_gradient(E, b, dbdp, grad_g):
    """dg/dp for E v = b(p) by the adjoint method: one extra solve, with Eᵀ.

    Parameters
    ----------
    E : array_like, shape (n, n)
        The fixed, invertible matrix.
    b : array_like, shape (n,)
        The right side b(p) at the current design p.
    dbdp : array_like, shape (n, M)
        ∂b_i/∂p_j at p (M design parameters).
    grad_g : array_like of shape (n,) or callable
        ∂g/∂v: a vector c for a linear objective g = cᵀv, or a function of
        v returning the gradient of g at v.

    Returns
    -------
    Sensitivity
        ``gradient`` dg/dp (shape (M,)), ``v``, ``solves`` = 2 whatever M,
        ``multiplications``.

    Notes
    -----
    dg/dp = (∂g/∂v) E⁻¹ (∂b/∂p) is a row vector times an n×n matrix times an
    n×M matrix. Multiplying from the left first, λᵀ = (∂g/∂v) E⁻¹, is the
    adjoint equation Eᵀλ = ∂g/∂vᵀ: one solve. Then dg/dp = λᵀ ∂b/∂p costs
    nM multiplications. It is reverse mode for a linear system.

    Strang §VII.3, eq. (9)-(12); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> E = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> res = adjoint_gradient(E, [1.0, 2.0], np.eye(2), [1.0, 1.0])  # b = p, g = v₁ + v₂
    >>> np.round(res.gradient, 12), res.solves
    (array([0.4, 0.2]), 2)
    """
    E, b, dbdp, grad_g, lu = _sensitivity_inputs(E, b, dbdp, grad_g)
    n, M = dbdp.shape
    v = scipy.linalg.lu_solve(lu, b)  # solve 1: the state
    c = _g_gradient(grad_g, v)
    lam = scipy.linalg.lu_solve(lu, c, trans=1)  # solve 2: Eᵀ λ = ∂g/∂v
    gradient = lam @ dbdp  # λᵀ ∂b/∂p: n M multiplications
    work = n**3 // 3 + 2 * n * n + n * M
    return Sensitivity(gradient=gradient, v=v, solves=2, multiplications=work)


def direct_gradient(E, b, dbdp, grad_g):
    """dg/dp for E v = b(p) by the direct method: one solve per design parameter.

    Parameters
    ----------
    E, b, dbdp, grad_g
        As in :func:`adjoint_gradient`.

    Returns
    -------
    Sensitivity
        Same ``gradient`` as :func:`adjoint_gradient`; ``solves`` = 1 + M.

    Notes
    -----
    Differentiating E v = b gives E ∂v/∂p_j = ∂b/∂p_j for j = 1, …, M (eq.
    (9)): M solves build the n×M matrix ∂v/∂p, and then dg/dp = (∂g/∂v)(∂v/∂p).
    This is multiplying the chain from the right, forward mode: the cost
    grows with the number of parameters M.

    Strang §VII.3, eq. (9)-(10); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> E = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> res = direct_gradient(E, [1.0, 2.0], np.eye(2), [1.0, 1.0])
    >>> np.round(res.gradient, 12), res.solves
    (array([0.4, 0.2]), 3)
    """
    E, b, dbdp, grad_g, lu = _sensitivity_inputs(E, b, dbdp, grad_g)
    n, M = dbdp.shape
    v = scipy.linalg.lu_solve(lu, b)  # solve 1: the state
    c = _g_gradient(grad_g, v)
    dvdp = scipy.linalg.lu_solve(lu, dbdp)  # M solves: E ∂v/∂p_j = ∂b/∂p_j
    gradient = c @ dvdp  # (∂g/∂v)(∂v/∂p): n M multiplications
    work = n**3 // 3 + (1 + M) * n * n + n * M
    return Sensitivity(gradient=gradient, v=v, solves=1 + M, multiplications=work)


def sensitivity_costs(n, M):
    """Predicted multiplications of the adjoint and the direct method.

    Parameters
    ----------
    n : int
        Size of E.
    M : int
        Number of design parameters.

    Returns
    -------
    adjoint, direct : int
        n³/3 + 2n² + nM and n³/3 + (1 + M)n² + nM: the same counts that
        :func:`adjoint_gradient` and :func:`direct_gradient` report.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> sensitivity_costs(100, 1), sensitivity_costs(100, 1000)
    ((353433, 353433), (453333, 10443333))
    """
    n, M = _positive_int(n, "n"), _positive_int(M, "M")
    base = n**3 // 3 + n * M
    return base + 2 * n * n, base + (1 + M) * n * n
