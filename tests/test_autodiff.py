"""Tests for lfd.autodiff: scalar reverse mode, forward mode, graphs, costs.

References independent of the engine: sympy's exact derivatives, central
differences, and the worked numbers of Strang §VII.3 and its lecture.
"""

import gc
import math
import weakref

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lfd import autodiff as ad
from lfd.autodiff import Dual, Var, forward_grad, grad, graph, jvp, op_counts, value_and_grad


# -- the book's and the lecture's numbers --------------------------------------

def book_F(x, y):
    return x**2 * (x + y)


def lecture_F(x, y):
    return x**3 * (x + 3 * y)


@pytest.mark.parametrize("F, value, gx, gy", [
    (book_F, 20.0, 24.0, 4.0),       # Strang §VII.3: F = x²(x + y) at (2, 3)
    (lecture_F, 88.0, 140.0, 24.0),  # lecture: F = x³(x + 3y) at (2, 3)
])
def test_worked_examples_every_way(F, value, gx, gy):
    x, y = Var(2.0), Var(3.0)
    out = F(x, y)
    out.backward()
    assert (out.value, x.grad, y.grad) == (value, gx, gy)
    assert value_and_grad(F, argnums=(0, 1))(2.0, 3.0) == (value, (gx, gy))
    assert forward_grad(F, argnums=(0, 1))(2.0, 3.0) == (gx, gy)
    assert jvp(F, (2.0, 3.0), (1.0, 0.0)) == (value, gx)
    assert jvp(F, (2, 3), (0, 1)) == (value, gy)


def test_problem_set_vii3_5_and_6():
    # f = x³(x - y) at (2, 3): f = -8, ∂f/∂x = 3x²(x - y) + x³ = -4, ∂f/∂y = -x³ = -8
    f = lambda x, y: x**3 * (x - y)  # noqa: E731
    assert value_and_grad(f, argnums=(0, 1))(2.0, 3.0) == (-8.0, (-4.0, -8.0))


def test_problem_set_vii3_9_chain_rule():
    # d/dx sin(cos(sin x)) = cos(cos(sin x)) · (-sin(sin x)) · cos x, which is 0 at x = 0
    f = lambda x: ad.sin(ad.cos(ad.sin(x)))  # noqa: E731
    assert grad(f)(0.0) == 0.0
    x = 0.7
    exact = math.cos(math.cos(math.sin(x))) * -math.sin(math.sin(x)) * math.cos(x)
    assert grad(f)(x) == pytest.approx(exact, rel=1e-14)


# -- random expressions against sympy's exact derivatives ----------------------
#
# A tree is ("x", i) for variable i, ("c", value), (op, child) or (op, left, right).
# Ops that need a positive argument (log, division, a variable base) get
# ("pos", t), meaning t² + 1/2, so the tree itself stays inside the domain.

CONSTS = st.sampled_from([-2.0, -0.5, 0.5, 1.5, 3.0])
UNARY = ["neg", "exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "pow", "rpow"]
BINARY = ["+", "-", "*", "/", "**"]


def trees(n_vars):
    leaves = st.one_of(st.tuples(st.just("x"), st.integers(0, n_vars - 1)),
                       st.tuples(st.just("c"), CONSTS))

    def extend(child):
        pos = st.tuples(st.just("pos"), child)
        return st.one_of(
            st.tuples(st.sampled_from(["neg", "exp", "sin", "cos", "tanh", "sigmoid", "relu"]),
                      child),
            st.tuples(st.just("log"), pos),
            st.tuples(st.just("pow"), child, st.sampled_from([2, 3, -1, 0.5, -1.5])),
            st.tuples(st.just("rpow"), st.sampled_from([0.5, 2.0, math.e]), child),
            st.tuples(st.sampled_from(["+", "-", "*"]), child, child),
            st.tuples(st.just("/"), child, pos),
            st.tuples(st.just("**"), pos, child),
        )

    return st.recursive(leaves, extend, max_leaves=8)


def evaluate(tree, xs, lib):
    """Evaluate ``tree`` at the variables ``xs`` with ``lib`` (math-like namespace)."""
    kind = tree[0]
    if kind == "x":
        return xs[tree[1]]
    if kind == "c":
        return tree[1]
    if kind == "pos":
        t = evaluate(tree[1], xs, lib)
        return t * t + 0.5
    if kind == "pow":
        base = evaluate(tree[1], xs, lib)
        if tree[2] in (-1, 0.5, -1.5):  # keep the base away from 0 and negatives
            base = base * base + 0.5
        return base ** tree[2]
    if kind == "rpow":
        return tree[1] ** evaluate(tree[2], xs, lib)
    if kind in BINARY:
        a, b = evaluate(tree[1], xs, lib), evaluate(tree[2], xs, lib)
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                "/": lambda: a / b, "**": lambda: a ** b}[kind]()
    u = evaluate(tree[1], xs, lib)
    if kind == "neg":
        return -u
    return getattr(lib, kind)(u)


class SympyLib:
    exp, log, sin, cos, tanh = sp.exp, sp.log, sp.sin, sp.cos, sp.tanh

    @staticmethod
    def sigmoid(u):
        return 1 / (1 + sp.exp(-u))

    @staticmethod
    def relu(u):
        return sp.Piecewise((u, u > 0), (0, True))


class KinkCheck:
    """Float evaluation that records every ReLU input (to stay off the kinks)."""

    def __init__(self):
        self.inputs = []

    exp, log, sin, cos, tanh = math.exp, math.log, math.sin, math.cos, math.tanh

    @staticmethod
    def sigmoid(u):
        return 1.0 / (1.0 + math.exp(-u))

    def relu(self, u):
        self.inputs.append(u)
        return max(u, 0.0)


def checked_point(tree, point):
    """Reject points where the value overflows or a ReLU sits near its kink.

    Returns the on/off pattern of the ReLUs, which names the smooth piece.
    """
    check = KinkCheck()
    try:
        value = evaluate(tree, point, check)
    except (OverflowError, ZeroDivisionError):
        assume(False)
    assume(math.isfinite(value) and abs(value) < 1e8)
    assume(all(abs(u) > 1e-6 for u in check.inputs))
    return [u > 0 for u in check.inputs]


POINTS = st.lists(st.floats(-2.0, 2.0), min_size=3, max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees(3), point=POINTS)
def test_reverse_and_forward_mode_match_sympy(tree, point):
    checked_point(tree, point)
    symbols = sp.symbols("x0:3")
    expr = sp.sympify(evaluate(tree, symbols, SympyLib))
    subs = {s: sp.Float(v, 30) for s, v in zip(symbols, point)}
    exact = [float(sp.diff(expr, s).subs(subs).evalf(30)) for s in symbols]
    assume(all(math.isfinite(e) and abs(e) < 1e8 for e in exact))

    f = lambda *xs: evaluate(tree, xs, ad)  # noqa: E731
    value, reverse = value_and_grad(f, argnums=(0, 1, 2))(*point)
    forward = forward_grad(f, argnums=(0, 1, 2))(*point)
    assert value == pytest.approx(float(expr.subs(subs).evalf(30)), rel=1e-10, abs=1e-12)
    # float64 rounding in a short chain of products stays far below 1e-8
    np.testing.assert_allclose(reverse, exact, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(forward, exact, rtol=1e-8, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(tree=trees(2), point=st.lists(st.floats(-1.5, 1.5), min_size=2, max_size=2))
def test_reverse_mode_matches_central_differences(tree, point):
    pattern = checked_point(tree, point)
    f = lambda *xs: evaluate(tree, xs, ad)  # noqa: E731
    assume(abs(f(*point)) < 1e4)
    h = 1e-5
    numeric = []
    for i in range(2):
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        # both neighbours on the same smooth piece (same ReLUs on)
        assume(checked_point(tree, up) == pattern == checked_point(tree, down))
        numeric.append((float(f(*up)) - float(f(*down))) / (2 * h))
    exact = grad(f, argnums=(0, 1))(*point)
    scale = max(1.0, *map(abs, exact))
    # central differences: error O(h²·f''') plus rounding O(eps·|f|/h)
    np.testing.assert_allclose(exact, numeric, rtol=1e-5, atol=1e-5 * scale)


@settings(max_examples=40, deadline=None)
@given(tree=trees(3), point=POINTS,
       direction=st.lists(st.floats(-1.0, 1.0), min_size=3, max_size=3))
def test_jvp_is_gradient_dot_direction(tree, point, direction):
    checked_point(tree, point)
    f = lambda *xs: evaluate(tree, xs, ad)  # noqa: E731
    g = grad(f, argnums=(0, 1, 2))(*point)
    _, slope = jvp(f, point, direction)
    expected = float(np.dot(g, direction))
    assert slope == pytest.approx(expected, rel=1e-9, abs=1e-9 * max(1.0, *map(abs, g)))


# -- every operation, on both sides of a float ---------------------------------

@pytest.mark.parametrize("f, df", [
    (lambda x: x + 2, lambda x: 1.0),
    (lambda x: 2 + x, lambda x: 1.0),
    (lambda x: x - 2, lambda x: 1.0),
    (lambda x: 2 - x, lambda x: -1.0),
    (lambda x: -x, lambda x: -1.0),
    (lambda x: 3 * x, lambda x: 3.0),
    (lambda x: x * 3, lambda x: 3.0),
    (lambda x: x / 4, lambda x: 0.25),
    (lambda x: 4 / x, lambda x: -4 / x**2),
    (lambda x: x**3, lambda x: 3 * x**2),
    (lambda x: x**-2, lambda x: -2 * x**-3),
    (lambda x: x**0.5, lambda x: 0.5 * x**-0.5),
    (lambda x: 2.0**x, lambda x: 2.0**x * math.log(2.0)),
    (lambda x: x**x, lambda x: x**x * (math.log(x) + 1)),
    (lambda x: x * x, lambda x: 2 * x),
    (lambda x: x / x, lambda x: 0.0),
    (lambda x: ad.exp(x), math.exp),
    (lambda x: ad.log(x), lambda x: 1 / x),
    (lambda x: ad.sin(x), math.cos),
    (lambda x: ad.cos(x), lambda x: -math.sin(x)),
    (lambda x: ad.tanh(x), lambda x: 1 - math.tanh(x) ** 2),
    (lambda x: ad.sigmoid(x), lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2),
    (lambda x: ad.relu(x), lambda x: 1.0),
    (lambda x: x + np.float64(2), lambda x: 1.0),
    (lambda x: np.float64(2) * x, lambda x: 2.0),
    (lambda x: np.int64(3) - x, lambda x: -1.0),
])
def test_each_operation(f, df):
    for x in (0.7, 1.3):
        assert grad(f)(x) == pytest.approx(df(x), rel=1e-14, abs=1e-15)
        assert forward_grad(f)(x) == pytest.approx(df(x), rel=1e-14, abs=1e-15)
    assert isinstance(f(Var(0.7)), Var)
    assert isinstance(f(Dual(0.7)), Dual)


def test_relu_uses_derivative_zero_at_the_kink():
    assert grad(ad.relu)(0.0) == 0.0
    assert grad(ad.relu)(-1.0) == 0.0
    assert forward_grad(ad.relu)(0.0) == 0.0


def test_sigmoid_is_stable_far_out():
    assert grad(ad.sigmoid)(-800.0) == 0.0
    assert Var(800.0).sigmoid().value == 1.0
    np.testing.assert_allclose(ad.sigmoid(np.array([-800.0, 0.0, 800.0])), [0.0, 0.5, 1.0])


def test_power_edge_cases():
    assert grad(lambda x: x**0.5)(0.0) == math.inf  # vertical tangent of √x at 0
    assert grad(lambda x: x**0)(0.0) == 0.0
    with pytest.raises(ValueError, match="not a real number"):
        Var(-8.0) ** 0.5
    with pytest.raises(ValueError, match="not a real number"):
        (-2.0) ** Var(0.5)
    with pytest.raises(ValueError, match="positive"):
        Var(-1.0).log()
    with pytest.raises(ValueError, match="positive"):
        ad.log(0.0)


def test_elementwise_functions_on_floats_and_arrays():
    assert ad.exp(0.0) == 1.0
    np.testing.assert_allclose(ad.tanh(np.array([0.0, 1.0])), np.tanh([0.0, 1.0]))
    np.testing.assert_allclose(ad.relu(np.array([-1.0, 2.0])), [0.0, 2.0])
    with pytest.raises(TypeError, match="x must be"):
        ad.sin("1")


# -- the functional interface -------------------------------------------------

def test_grad_of_arrays_matches_matrix_formula():
    rng = np.random.default_rng(0)
    A, v = rng.standard_normal((3, 4)), rng.standard_normal(4)
    f = lambda A, v: np.sum(ad.tanh(A @ v))  # noqa: E731
    gA, gv = grad(f, argnums=(0, 1))(A, v)
    d = 1 - np.tanh(A @ v) ** 2  # the diagonal J of Strang §VII.3
    np.testing.assert_allclose(gA, np.outer(d, v), rtol=1e-13)
    np.testing.assert_allclose(gv, A.T @ d, rtol=1e-13)
    assert gA.shape == A.shape and gA.dtype == np.float64
    np.testing.assert_allclose(forward_grad(f, argnums=1)(A, v), A.T @ d, rtol=1e-13)


def test_grad_refuses_non_scalar_output():
    with pytest.raises(TypeError, match="scalar.*shape \\(2,\\)"):
        grad(lambda v: v * 2)(np.ones(2))
    with pytest.raises(TypeError, match="scalar"):
        grad(lambda x: [x, x])(1.0)
    with pytest.raises(TypeError, match="scalar"):
        forward_grad(lambda v: v * 2)(np.ones(2))


def test_grad_argument_validation():
    with pytest.raises(TypeError, match="f must be callable"):
        grad(3.0)
    with pytest.raises(TypeError, match="argnums"):
        grad(lambda x: x, argnums="0")
    with pytest.raises(ValueError, match="argnums=2"):
        grad(lambda x, y: x * y, argnums=2)(1.0, 2.0)
    with pytest.raises(TypeError, match="argument 0"):
        grad(lambda x: x)("one")
    with pytest.raises(TypeError, match="argument 0.*dtype"):
        grad(lambda x: x.sum())(np.array(["a"]))
    with pytest.raises(TypeError, match="value must be a real number"):
        Var("2")
    with pytest.raises(TypeError, match="tangent"):
        Dual(1.0, "x")
    with pytest.raises(ValueError, match="same length"):
        jvp(book_F, (2.0, 3.0), (1.0,))


def test_grad_of_a_constant_function_and_unused_arguments():
    assert value_and_grad(lambda x: 5.0)(1.0) == (5.0, 0.0)
    assert grad(lambda x, y: 2 * x, argnums=(0, 1))(1.0, 7.0) == (2.0, 0.0)
    np.testing.assert_array_equal(grad(lambda v: 1.0)(np.ones(3)), np.zeros(3))
    assert grad(lambda x: x)(3.0) == 1.0


def test_negative_argnums_and_extra_arguments():
    f = lambda x, y, scale=1.0: scale * x * y  # noqa: E731
    assert grad(f, argnums=-1)(2.0, 5.0, scale=3.0) == 6.0


def test_backward_overwrites_adjoints():
    x, y = Var(2.0), Var(3.0)
    F = book_F(x, y)
    F.backward()
    F.backward()
    assert (x.grad, y.grad) == (24.0, 4.0)
    G = x * 10.0  # a second graph sharing the leaf x
    G.backward()
    assert x.grad == 10.0


# -- deep graphs and memory ---------------------------------------------------

def test_deep_chain_has_no_recursion_limit():
    x = Var(0.3)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0  # two nodes per step: 200000 in one chain
    y = y.sin()
    y.backward()
    assert x.grad == pytest.approx(math.cos(0.3), rel=1e-12)
    g = graph(y)
    assert len(g["nodes"]) == 200_002 and g["nodes"][-1]["level"] == 200_001
    del y, g  # freeing a deep chain must not overflow the C stack either


def test_graph_is_freed_without_the_garbage_collector():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x, y = Var(2.0), Var(3.0)
        c = x**2
        s = x + y
        F = (c * s).exp().tanh() / (s + 1.0)
        F.backward()
        refs = [weakref.ref(node) for node in (c, s, F)]
        g = graph(F)  # plain data only: no references to nodes
        del c, s, F
        assert all(r() is None for r in refs)
        assert g["nodes"][0]["value"] == 2.0
        # the same through the functional interface
        probe = []

        def f(x, y):
            out = (x * y).sin() + x
            probe.append(weakref.ref(out))
            return out

        grad(f, argnums=(0, 1))(1.0, 2.0)
        assert probe[0]() is None
    finally:
        if was_enabled:
            gc.enable()


def test_nodes_hold_no_reference_cycles():
    x = Var(1.0)
    out = (x * x + 1.0).relu()
    assert not any(r is out for r in gc.get_referents(out.parents[0]))  # parents never point down


# -- the graph as data --------------------------------------------------------

def test_graph_of_book_example():
    x, y = Var(2.0, "x"), Var(3.0, "y")
    c, s = (x**2).named("c"), (x + y).named("s")
    F = (c * s).named("F")
    F.backward()
    g = graph(F)
    by_name = {n["name"]: n for n in g["nodes"]}
    assert {k: (n["value"], n["grad"]) for k, n in by_name.items()} == {
        "x": (2.0, 24.0), "y": (3.0, 4.0), "c": (4.0, 5.0), "s": (5.0, 4.0), "F": (20.0, 1.0)}
    assert by_name["c"]["op"] == "**" and by_name["F"]["op"] == "*" and by_name["x"]["op"] == ""
    assert [by_name[k]["level"] for k in "xycsF"] == [0, 0, 1, 1, 2]
    edges = {(g["nodes"][e["source"]]["name"], g["nodes"][e["target"]]["name"]): e
             for e in g["edges"]}
    assert {k: e["local"] for k, e in edges.items()} == {
        ("x", "c"): 4.0, ("x", "s"): 1.0, ("y", "s"): 1.0, ("c", "F"): 5.0, ("s", "F"): 4.0}
    # a node's adjoint is the sum of what flows back along its outgoing edges
    for node in g["nodes"][:-1]:
        out_flow = sum(e["flow"] for e in g["edges"] if e["source"] == node["id"])
        assert out_flow == node["grad"]
    with pytest.raises(TypeError, match="output must be a Var"):
        graph(3.0)


def test_parents_and_local_views():
    x = Var(2.0)
    assert x.parents == () and x.local == ()
    y = x.exp()
    assert y.parents == (x,) and y.local == (y.value,)
    z = x * y
    assert z.parents == (x, y) and z.local == (y.value, 2.0)
    assert "name='x'" in repr(Var(1.0, "x"))
    with pytest.raises(TypeError, match="name"):
        x.named(3)


# -- cost of the two modes ----------------------------------------------------

def test_op_counts_of_book_example():
    c = op_counts(book_F, 2.0, 3.0)
    # nodes c = x², s = x + y, F = cs; edges x→c, x→s, y→s, c→F, s→F
    assert (c.n_inputs, c.function_ops, c.local_derivatives) == (2, 3, 5)
    assert (c.forward_sweeps, c.reverse_sweeps) == (2, 2)
    assert (c.forward_ops, c.reverse_ops) == (16, 8)


@pytest.mark.parametrize("n", [1, 2, 5, 20, 60])
def test_forward_mode_cost_grows_with_inputs(n):
    f = lambda *xs: sum(ad.sin(a) * b for a, b in zip(xs, xs[1:] + xs[:1]))  # noqa: E731
    c = op_counts(f, *np.linspace(0.1, 1.0, n))
    assert c.forward_sweeps == n
    assert c.forward_ops == n * c.reverse_ops  # same local derivatives, used n times
    assert c.reverse_ops == c.function_ops + c.local_derivatives


def test_op_counts_validation():
    with pytest.raises(TypeError, match=r"args\[1\]"):
        op_counts(book_F, 1.0, "y")


def test_relu_nan_agrees_with_lfd_activations():
    from lfd import activations
    assert math.isnan(ad.relu(math.nan)) and np.isnan(activations.relu([math.nan])[0])
    assert np.isnan(ad.relu(np.array([math.nan]))[0])
    assert math.isnan((Var(math.inf) - math.inf).relu().value)  # a NaN node stays NaN
    with pytest.raises(ValueError, match="value must be a finite"):
        Var(math.nan)


def test_backward_records_its_sweep_and_graph_replays_it():
    x, y = Var(2.0, "x"), Var(3.0, "y")
    F = book_F(x, y)
    assert graph(F)["sweep"] == []  # nothing recorded before backward
    F.backward()
    g = graph(F)
    turns = [g["edges"][k]["target"] for k in g["sweep"]]
    assert turns == sorted(turns, reverse=True) and F.turn == 0
    assert graph(x - y)["nodes"][2]["op"] == "*"  # x - y is x + (-1)·y


def test_scalar_rules_agree_with_lfd_activations():
    # RULES computes relu and tanh with math for speed; lfd.activations is the definition
    from lfd import activations
    from lfd.autodiff import RULES
    xs = [-math.inf, -3.0, -1e-300, -0.0, 0.0, 1e-300, 0.5, 3.0, math.inf, math.nan]
    for name in ("relu", "tanh", "sigmoid"):
        f, df = activations.ACTIVATIONS[name]
        for x in xs:
            value, (slope,) = RULES[name](x)
            np.testing.assert_allclose([value, slope], [f(x), df(x)], rtol=1e-15, atol=0)


def test_a_function_of_one_node_takes_no_argument():
    with pytest.raises(TypeError, match=r"exp\(\) takes no argument"):
        Var(1.0).exp(2.0)


@pytest.mark.parametrize("fn", [ad.exp, ad.log, ad.sin, ad.cos, ad.tanh, ad.sigmoid, ad.relu])
def test_complex_arrays_are_refused_by_name(fn):
    # ad.exp(np.array([1j])) gave [1.] with a ComplexWarning (issue 16)
    with pytest.raises(TypeError, match="x must hold real numbers"):
        fn(np.array([1j]))
    assert fn(np.array([1], dtype=np.int64)).dtype == np.float64


# --------------------------------------------------------------------------- issue 16 fix round

@pytest.mark.parametrize("fn", [ad.exp, ad.log, ad.sin, ad.cos, ad.tanh, ad.sigmoid, ad.relu])
def test_elementwise_functions_propagate_non_finite_values_as_documented(fn):
    # an inner step (policy (b)): NaN and inf go through as in IEEE arithmetic, no error
    assert "non-finite values propagate" in fn.__doc__
    out = fn(np.array([np.nan, 0.5]))
    assert np.isnan(out[0]) and np.isfinite(out[1])
    with pytest.raises(TypeError, match="x must"):
        fn("0.5")


def test_array_log_refuses_what_the_scalar_log_refuses():
    with pytest.raises(ValueError, match="log needs a positive number"):
        ad.log(0.0)
    with pytest.raises(ValueError, match="x must hold positive numbers for log"):
        ad.log(np.array([1.0, 0.0]))  # was -inf with a RuntimeWarning
    with pytest.raises(ValueError, match="x must hold positive numbers for log"):
        ad.log(np.array([-2.0]))  # was NaN
    np.testing.assert_array_equal(ad.log(np.array([1.0, np.inf])), [0.0, np.inf])


def test_jvp_refuses_none_by_name_and_keeps_infinity_as_dual_does():
    f = lambda x, y: x * y  # noqa: E731
    with pytest.raises(TypeError, match="primals must be a list"):
        jvp(f, None, (1.0, 0.0))
    with pytest.raises(TypeError, match="tangents must be a list"):
        jvp(f, (2.0, 3.0), None)
    with pytest.raises(ValueError, match=r"primals\[0\] must be a finite"):
        jvp(f, (math.nan, 3.0), (1.0, 0.0))
    assert jvp(lambda x: 2 * x, (math.inf,), (1.0,)) == (math.inf, 2.0)  # documented: as Dual(inf)
    assert Dual(math.inf).value == math.inf and Var(-math.inf).value == -math.inf
    assert "±inf allowed" in Dual.__doc__ and "±inf allowed" in Var.__doc__


def test_negative_argnums_are_documented():
    for fn in (grad, value_and_grad, forward_grad):
        assert "negative" in fn.__doc__
    assert forward_grad(lambda x, y: x * y, argnums=-1)(2.0, 5.0) == 2.0
    with pytest.raises(ValueError, match="argnums=-3 is out of range"):
        grad(lambda x, y: x * y, argnums=-3)(2.0, 5.0)


def test_node_id_names_key():
    g = graph(book_F(Var(2.0, "x"), Var(3.0, "y")))
    assert ad.node_id(g, "y") == 2 and ad.node_id(g, 4) == 4
    for key in ("bogus", 5, -1, True, [0]):
        with pytest.raises(ValueError, match=r"key must name a node of g: .*\(ids 0 to 4, names 'x', 'y'\)"):
            ad.node_id(g, key)
    with pytest.raises(ValueError, match="a key of seeds must name a node"):
        ad.forward_tangents(g, {"z": 1.0})


def test_constant_is_private_plumbing():
    from lfd.autodiff import rules
    assert not hasattr(rules, "constant") and rules._constant(2) == 2.0 and rules._constant("x") is None
