"""Tests for lfd.chain: product orders, Jacobian chains and the adjoint method.

References: brute force over every parenthesization, numpy's own products,
the formulas of Strang §VII.3 and finite differences.
"""

import itertools
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd.chain import (ChainOrder, accumulate_jacobians, adjoint_gradient, best_order,
                       chain_product, direct_gradient, jacobian_chain_costs, matmul_cost,
                       order_cost, order_string, product_steps, sensitivity_costs,
                       triple_product_costs)


def all_trees(i, j):
    """Every parenthesization of matrices i..j (Catalan many)."""
    if i == j:
        yield i
        return
    for k in range(i, j):
        for left in all_trees(i, k):
            for right in all_trees(k + 1, j):
                yield (left, right)


@lru_cache(maxsize=None)
def brute_force(dims):
    """Least cost over all orders, by recursion over the last product (independent of DP)."""
    def cost(tree):
        if isinstance(tree, int):
            return dims[tree], dims[tree + 1], 0
        r1, c1, k1 = cost(tree[0])
        r2, c2, k2 = cost(tree[1])
        assert c1 == r2
        return r1, c2, k1 + k2 + r1 * c1 * c2

    return min(cost(t)[2] for t in all_trees(0, len(dims) - 2))


# -- three matrices ------------------------------------------------------------------

def test_triple_costs_formula_and_book_criterion():
    for m, n, p, q in itertools.product([1, 2, 5, 30], repeat=4):
        c = triple_product_costs(m, n, p, q)
        assert c.ab_c == m * n * p + m * p * q == m * p * (n + q)
        assert c.a_bc == n * p * q + m * n * q == n * q * (m + p)
        # (AB)C is cheaper exactly when 1/q + 1/n < 1/m + 1/p (multiply through by mnpq)
        assert (c.ab_c < c.a_bc) == (m * p * (n + q) < n * q * (m + p))
        assert (c.ab_c < c.a_bc) == (1 / q + 1 / n < 1 / m + 1 / p - 1e-15)
    assert matmul_cost(2, 3, 4) == 24


def test_column_vector_and_row_vector():
    # C a column (q = 1): A(BC) is two matrix-vector products, np + mn
    m = n = p = 1000
    c = triple_product_costs(m, n, p, 1)
    assert c.a_bc == n * p + m * n and c.ab_c == m * n * p + m * p
    assert best_order([m, n, p, 1]).order == "A(BC)"
    assert best_order([1, n, p, 1000]).order == "(AB)C"  # A a row: row times matrix each time


def test_problem_set_1_and_2():
    n = 50  # x(yᵀx) costs 2n, (xyᵀ)x costs 2n²
    assert order_cost([n, 1, n, 1], (0, (1, 2))) == 2 * n
    assert order_cost([n, 1, n, 1], ((0, 1), 2)) == 2 * n * n
    assert best_order([n, 1, n, 1]).tree == (0, (1, 2))
    m, n = 40, 10  # A is m×n with m > n: A(AᵀA) costs 2mn², (AAᵀ)A costs 2m²n
    assert order_cost([m, n, m, n], (0, (1, 2))) == 2 * m * n * n
    assert order_cost([m, n, m, n], ((0, 1), 2)) == 2 * m * m * n
    assert best_order([m, n, m, n]).order == "A(BC)"


# -- longer chains ------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=2, max_size=8))
def test_dynamic_programming_equals_brute_force(dims):
    result = best_order(dims)
    assert result.cost == brute_force(tuple(dims))
    assert order_cost(dims, result.tree) == result.cost
    assert order_string(result.tree) == result.order


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=6), st.integers(0, 2**32 - 1))
def test_every_order_gives_the_same_product(dims, seed):
    rng = np.random.default_rng(seed)
    mats = [rng.standard_normal((a, b)) for a, b in zip(dims[:-1], dims[1:])]
    reference = np.linalg.multi_dot(mats) if len(mats) > 1 else mats[0]
    for tree in all_trees(0, len(mats) - 1):
        np.testing.assert_allclose(chain_product(mats, tree), reference, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(chain_product(mats), reference, rtol=1e-10, atol=1e-12)


def test_best_order_output():
    r = best_order([10, 30, 5, 60])
    assert r == ChainOrder(cost=10 * 30 * 5 + 10 * 5 * 60, order="(AB)C", tree=((0, 1), 2))
    r = best_order([30, 35, 15, 5, 10, 20, 25])  # the classic six-matrix example
    assert r.cost == 15125 and r.order == "(A(BC))((DE)F)"
    assert best_order([3, 4]) == ChainOrder(cost=0, order="A", tree=0)
    assert best_order([2, 3, 4], names=["A1", "A2"]).order == "A1 A2"
    assert best_order([2] * 30).order.startswith("A1 ")  # more than 26 matrices: A1, A2, …


def test_order_string_and_validation():
    assert order_string((0, (1, (2, 3)))) == "A(B(CD))"
    assert order_string(((0, 1), (2, 3)), names="WXYZ") == "(WX)(YZ)"
    with pytest.raises(ValueError, match="names must have 3 entries"):
        best_order([2, 3, 4, 5], names=["A", "B"])
    with pytest.raises(ValueError, match="tree must be an index or a pair"):
        order_string((0, 1, 2))
    with pytest.raises(ValueError, match="each matrix 0..2 once, in order"):
        order_cost([2, 3, 4, 5], ((1, 0), 2))
    with pytest.raises(ValueError, match="at least 2"):
        best_order([5])
    with pytest.raises(ValueError, match=r"dims\[1\] must be >= 1"):
        best_order([5, 0, 3])
    with pytest.raises(ValueError, match="m must be >= 1"):
        triple_product_costs(0, 1, 1, 1)
    with pytest.raises(ValueError, match="1 columns but matrices\\[1\\] has 2 rows"):
        chain_product([np.ones((2, 1)), np.ones((2, 2))])


# -- Jacobian chains: forward versus reverse ------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=2, max_size=6), st.integers(0, 2**32 - 1))
def test_forward_and_reverse_accumulation_agree(dims, seed):
    rng = np.random.default_rng(seed)
    Js = [rng.standard_normal((dims[k + 1], dims[k])) for k in range(len(dims) - 1)]
    reference = Js[0]
    for J in Js[1:]:
        reference = J @ reference
    forward, n_forward = accumulate_jacobians(Js, "forward")
    reverse, n_reverse = accumulate_jacobians(Js, "reverse")
    np.testing.assert_allclose(forward, reference, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(reverse, reference, rtol=1e-10, atol=1e-12)
    assert (n_forward, n_reverse) == jacobian_chain_costs(dims)
    # they are the two extreme parenthesizations of the chain J_L ⋯ J_1
    L = len(dims) - 1
    rev_dims = dims[::-1]  # the chain J_L ⋯ J_1 as matrices 0..L-1 of shapes d_L×…×d_0
    left_first = 0
    for k in range(1, L):
        left_first = (left_first, k)
    right_first = L - 1
    for k in range(L - 2, -1, -1):
        right_first = (k, right_first)
    assert n_reverse == order_cost(rev_dims, left_first)
    assert n_forward == order_cost(rev_dims, right_first)


def test_one_output_favours_reverse_mode():
    for n_inputs in (10, 100, 1000):
        forward, reverse = jacobian_chain_costs([n_inputs, 50, 50, 1])
        assert reverse == 50 * 50 + 50 * n_inputs  # vector times matrix, twice
        assert forward == n_inputs * (50 * 50 + 50)
    forward, reverse = jacobian_chain_costs([1, 50, 50, 1000])  # one input: forward wins
    assert forward < reverse


def test_accumulate_validation():
    with pytest.raises(ValueError, match="mode must be"):
        accumulate_jacobians([np.eye(2)], "sideways")
    with pytest.raises(ValueError, match="jacobians\\[1\\] has 3 columns"):
        accumulate_jacobians([np.ones((2, 2)), np.ones((2, 3))])
    with pytest.raises(ValueError, match="at least one"):
        accumulate_jacobians([])
    P, count = accumulate_jacobians([np.ones((2, 3))])
    assert P.shape == (2, 3) and count == 0


# -- the adjoint method -----------------------------------------------------------------

def design_problem(n, M, seed):
    """E v = b(p) with b(p) = B0 + K sin(p) and g(v) = ½‖v - t‖² + cᵀv."""
    rng = np.random.default_rng(seed)
    E = rng.standard_normal((n, n)) + n * np.eye(n)  # well conditioned
    B0, K = rng.standard_normal(n), rng.standard_normal((n, M))
    t, c = rng.standard_normal(n), rng.standard_normal(n)
    p = rng.uniform(-1, 1, M)

    def b(p):
        return B0 + K @ np.sin(p)

    def dbdp(p):
        return K * np.cos(p)

    def g(v):
        return 0.5 * float(np.sum((v - t) ** 2)) + float(c @ v)

    def grad_g(v):
        return v - t + c

    return E, b, dbdp, g, grad_g, p


@pytest.mark.parametrize("n, M", [(5, 1), (8, 3), (20, 40), (30, 7)])
def test_adjoint_equals_direct_equals_differences(n, M):
    E, b, dbdp, g, grad_g, p = design_problem(n, M, seed=n + M)
    adj = adjoint_gradient(E, b(p), dbdp(p), grad_g)
    dire = direct_gradient(E, b(p), dbdp(p), grad_g)
    np.testing.assert_allclose(adj.v, np.linalg.solve(E, b(p)), rtol=1e-12)
    np.testing.assert_allclose(adj.gradient, dire.gradient, rtol=1e-10, atol=1e-13)
    h = 1e-6
    numeric = np.array([(g(np.linalg.solve(E, b(p + h * e))) - g(np.linalg.solve(E, b(p - h * e))))
                        / (2 * h) for e in np.eye(M)])
    # central differences in float64: about 1e-9 relative here
    np.testing.assert_allclose(adj.gradient, numeric, rtol=1e-6, atol=1e-8)
    assert adj.solves == 2 and dire.solves == 1 + M
    assert (adj.multiplications, dire.multiplications) == sensitivity_costs(n, M)


def test_linear_objective_is_lambda_transpose_dbdp():
    # g = cᵀv: λ solves Eᵀλ = c and dg/dp = λᵀ ∂b/∂p, eq. (11)-(12)
    E, b, dbdp, _, _, p = design_problem(6, 4, seed=1)
    c = np.arange(6.0)
    lam = np.linalg.solve(E.T, c)
    adj = adjoint_gradient(E, b(p), dbdp(p), c)
    np.testing.assert_allclose(adj.gradient, lam @ dbdp(p), rtol=1e-12)
    np.testing.assert_allclose(adj.gradient, c @ np.linalg.solve(E, dbdp(p)), rtol=1e-12)


def test_adjoint_cost_does_not_grow_with_M():
    n = 50
    costs = [sensitivity_costs(n, M) for M in (1, 10, 100, 1000)]
    adjoint = [a for a, _ in costs]
    direct = [d for _, d in costs]
    assert np.all(np.diff(direct) > n * n * 8)  # ≥ n² more per extra parameter
    assert adjoint[-1] - adjoint[0] == n * 999  # only the final λᵀ ∂b/∂p grows
    assert costs[0][0] == costs[0][1]  # one parameter: the same work


def test_sensitivity_validation():
    E = np.eye(3)
    with pytest.raises(ValueError, match="E must be a square matrix"):
        adjoint_gradient(np.ones((2, 3)), np.ones(2), np.ones((2, 1)), np.ones(2))
    with pytest.raises(ValueError, match=r"b must have shape \(3,\)"):
        adjoint_gradient(E, np.ones(2), np.ones((3, 1)), np.ones(3))
    with pytest.raises(ValueError, match=r"dbdp must have shape \(3, M\)"):
        direct_gradient(E, np.ones(3), np.ones((2, 2)), np.ones(3))
    with pytest.raises(ValueError, match=r"grad_g must have shape \(3,\)"):
        adjoint_gradient(E, np.ones(3), np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match=r"grad_g\(v\) must have shape"):
        adjoint_gradient(E, np.ones(3), np.ones((3, 2)), lambda v: np.ones(4))
    with pytest.raises(ValueError, match="singular"):
        direct_gradient(np.zeros((3, 3)), np.ones(3), np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match="finite"):
        adjoint_gradient(np.full((2, 2), np.nan), np.ones(2), np.ones((2, 1)), np.ones(2))
    # a single parameter may come as a vector ∂b/∂p
    assert adjoint_gradient(E, np.ones(3), np.ones(3), np.ones(3)).gradient.shape == (1,)


# -- validation through lfd._validate (regressions from a fuzz of bad inputs) ----------

@pytest.mark.parametrize("bad", [2.0, True, "2", None])
def test_counts_refuse_non_integers_naming_the_argument(bad):
    with pytest.raises(TypeError, match="m must be an integer"):
        matmul_cost(bad, 3, 4)
    with pytest.raises(TypeError, match="q must be an integer"):
        triple_product_costs(1, 2, 3, bad)
    with pytest.raises(TypeError, match="M must be an integer"):
        sensitivity_costs(3, bad)
    with pytest.raises(TypeError, match=r"dims\[1\] must be an integer"):
        best_order([2, bad, 3])


def test_count_parameters_are_annotated_int():
    import inspect

    for f, names in [(matmul_cost, "mnp"), (triple_product_costs, "mnpq"),
                     (sensitivity_costs, ["n", "M"])]:
        params = inspect.signature(f).parameters
        assert all(params[n].annotation in (int, "int") for n in names)


def test_matrices_must_be_real_and_finite():
    with pytest.raises(TypeError, match=r"matrices\[0\] must hold real numbers"):
        chain_product([np.ones((2, 2)) * 1j])
    with pytest.raises(ValueError, match=r"jacobians\[1\] must hold finite"):
        accumulate_jacobians([np.eye(2), np.full((2, 2), np.inf)])
    with pytest.raises(TypeError, match="E must hold real numbers"):
        adjoint_gradient(np.eye(2) * 1j, np.ones(2), np.ones(2), np.ones(2))


def test_product_steps_are_the_terms_of_order_cost():
    dims = [30, 35, 15, 5, 10, 20, 25]
    tree = best_order(dims).tree
    steps = product_steps(dims, tree)
    assert sum(s[-1] for s in steps) == order_cost(dims, tree) == 15125
    assert steps[-1][:2] == (0, 5)  # the last product covers the whole chain
    assert product_steps([2, 3, 4, 1], (0, (1, 2))) == [(1, 2, 1, 1, 12), (0, 2, 0, 2, 6)]


def test_complex_grad_g_is_refused_by_name():
    # grad_g(v) complex lost its imaginary part with a ComplexWarning (issue 16)
    for method in (adjoint_gradient, direct_gradient):
        with pytest.raises(TypeError, match=r"grad_g\(v\) must hold real numbers"):
            method(np.eye(2), np.ones(2), np.eye(2), lambda v: v * 1j)


def test_matrix_lists_refuse_none_and_empty_matrices_by_name():
    # issue 16: None said "'NoneType' object is not iterable", an empty matrix "dims[0]"
    for call in (chain_product, accumulate_jacobians):
        name = "matrices" if call is chain_product else "jacobians"
        with pytest.raises(TypeError, match=f"{name} must be a list of 2-D arrays"):
            call(None)
        with pytest.raises(ValueError, match=rf"{name}\[0\] must hold at least 1 entries"):
            call([np.ones((0, 3)), np.ones((3, 4))])
    np.testing.assert_array_equal(chain_product([np.ones((2, 3)), np.ones((3, 1))]), [[3.0], [3.0]])
