"""Tests for lfd.nn: the layer contract, dense layers, activations, explicit derivatives, checks.

References: central differences, PyTorch autograd in float64 (optional),
the scalar engine lfd.autodiff, and the formulas of Strang §VII.3.
"""

import numpy as np
import pytest

from lfd import autodiff as ad
from lfd.nn import (ACTIVATION_LAYERS, Dense, Layer, LeakyReLU, ReLU, Sequential, Sigmoid,
                    Tanh, augmented, gradient_check, init_weights, mlp, numerical_gradient,
                    weight_jacobians)


def half_square(T):
    """½‖Y - T‖² and its gradient Y - T."""
    def loss(Y):
        R = Y - T
        return 0.5 * float(np.sum(R * R)), R
    return loss


def relu_margin(net, X):
    """Smallest |input| of any ReLU in the net, over the batch."""
    margin, h = np.inf, X
    for layer in net.layers:
        if isinstance(layer, (ReLU, LeakyReLU)):
            margin = min(margin, np.abs(h).min())
        h = layer.forward(h)
    return margin


def random_net(widths, activation, seed, n=6):
    rng = np.random.default_rng(seed)
    net = mlp(widths, activation, "xavier", rng)
    for layer in net.layers:
        if isinstance(layer, Dense):
            layer.b[:] = rng.uniform(-0.5, 0.5, layer.b.shape)
    X = rng.standard_normal((n, widths[0]))
    T = rng.standard_normal((n, widths[-1]))
    return net, X, T


# -- the dense layer ------------------------------------------------------------

def test_dense_forward_is_XAt_plus_b():
    rng = np.random.default_rng(1)
    A, b, X = rng.standard_normal((4, 3)), rng.standard_normal(4), rng.standard_normal((5, 3))
    layer = Dense(A, b)
    np.testing.assert_allclose(layer(X), X @ A.T + b, rtol=1e-15)
    # one sample as a column: w = b + A v, the book's eq. (1)
    np.testing.assert_allclose(layer(X[:1])[0], b + A @ X[0], rtol=1e-14)
    assert layer.A is layer.params[0] and layer.b is layer.params[1]
    assert layer.shape == (4, 3) and repr(layer) == "Dense(n_in=3, n_out=4)"


def test_dense_backward_formulas():
    rng = np.random.default_rng(2)
    A, b = rng.standard_normal((4, 3)), rng.standard_normal(4)
    X, dY = rng.standard_normal((5, 3)), rng.standard_normal((5, 4))
    layer = Dense(A, b)
    layer(X)
    dX = layer.backward(dY)
    np.testing.assert_allclose(layer.grads[0], sum(np.outer(d, v) for d, v in zip(dY, X)),
                               rtol=1e-13)  # Σ δ vᵀ over the samples
    np.testing.assert_allclose(layer.grads[1], dY.sum(axis=0), rtol=1e-13)
    np.testing.assert_allclose(dX, dY @ A, rtol=1e-13)
    # and against central differences of L = Σ dY ∘ (X Aᵀ + b)
    L = lambda A_, b_, X_: float(np.sum(dY * (X_ @ A_.T + b_)))  # noqa: E731
    np.testing.assert_allclose(layer.grads[0], numerical_gradient(lambda a: L(a, b, X), A),
                               rtol=1e-7)
    np.testing.assert_allclose(layer.grads[1], numerical_gradient(lambda c: L(A, c, X), b),
                               rtol=1e-7)
    np.testing.assert_allclose(dX, numerical_gradient(lambda x: L(A, b, x), X), rtol=1e-7)


def test_dense_single_output_column():
    rng = np.random.default_rng(3)
    layer = Dense(rng.standard_normal((1, 5)))
    X, dY = rng.standard_normal((7, 5)), rng.standard_normal((7, 1))
    layer(X)
    np.testing.assert_allclose(layer.backward(dY), dY @ layer.A, rtol=1e-14)


def test_dense_grads_are_overwritten_in_place():
    rng = np.random.default_rng(4)
    layer = Dense(rng.standard_normal((3, 2)))
    dA, db = layer.grads
    X, dY = rng.standard_normal((4, 2)), rng.standard_normal((4, 3))
    layer(X)
    layer.backward(dY)
    first = dA.copy()
    layer.backward(dY)
    assert layer.grads[0] is dA and layer.grads[1] is db
    np.testing.assert_array_equal(dA, first)  # not accumulated


def test_dense_validation():
    with pytest.raises(ValueError, match="A must have 2 dimensions"):
        Dense(np.ones(3))
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        Dense(np.ones((2, 3)), np.ones(3))
    with pytest.raises(TypeError, match="dtype"):
        Dense(np.ones((2, 3)), dtype=int)
    layer = Dense(np.ones((2, 3)))
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 3\), got \(4, 2\)"):
        layer(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"X must have shape"):
        layer(np.ones(3))


def test_dense_dtypes():
    assert Dense(np.ones((2, 3), dtype=int)).A.dtype == np.float64
    assert Dense(np.ones((2, 3), dtype=np.float32)).A.dtype == np.float32
    net = mlp([3, 4, 1], rng=0, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net.params)
    assert mlp([3, 4, 1], rng=0).params[0].dtype == np.float64


def test_input_grad_false_skips_dX():
    net = mlp([3, 4, 2], rng=0, input_grad=False)
    net(np.ones((2, 3)))
    assert net.backward(np.ones((2, 2))) is None
    assert np.any(net.grads[0] != 0)
    assert net.layers[2].input_grad  # only the first layer skips it


# -- the combined matrix M = [1 0; b A] -----------------------------------------

def test_augmented_matrix_reproduces_the_layer():
    rng = np.random.default_rng(5)
    A, b, v = rng.standard_normal((4, 3)), rng.standard_normal(4), rng.standard_normal(3)
    M = augmented(A, b)
    assert M.shape == (5, 4)
    np.testing.assert_allclose(M @ np.r_[1.0, v], np.r_[1.0, b + A @ v], rtol=1e-14)
    np.testing.assert_array_equal(M[0], [1, 0, 0, 0])


def test_augmented_matrices_run_a_whole_relu_net():
    # the zeroth entry stays 1 through every layer, since ReLU(1) = 1
    rng = np.random.default_rng(6)
    net = mlp([3, 5, 4, 2], "relu", "he", rng)
    dense = [layer for layer in net.layers if isinstance(layer, Dense)]
    for layer in dense:
        layer.b[:] = rng.standard_normal(layer.b.shape)
    v0 = rng.standard_normal(3)
    u = np.r_[1.0, v0]
    for i, layer in enumerate(dense):
        u = augmented(layer.A, layer.b) @ u
        if i < len(dense) - 1:
            u = np.maximum(u, 0.0)
        assert u[0] == 1.0
    np.testing.assert_allclose(u[1:], net(v0[None, :])[0], rtol=1e-13)


def test_augmented_validation():
    with pytest.raises(ValueError, match="A must have 2 dimensions"):
        augmented(np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="b must have shape"):
        augmented(np.ones((2, 3)), np.ones(3))


# -- activations ----------------------------------------------------------------

@pytest.mark.parametrize("act", [ReLU(), LeakyReLU(0.01), LeakyReLU(0.2), Sigmoid(), Tanh()])
def test_activation_backward_is_dY_times_diagonal_J(act):
    rng = np.random.default_rng(7)
    Z = rng.standard_normal((4, 6))
    Z[np.abs(Z) < 1e-3] = 0.5  # away from the kink
    dY = rng.standard_normal((4, 6))
    Y = act.forward(Z)
    np.testing.assert_allclose(Y, act.function(Z))
    dX = act.backward(dY)
    np.testing.assert_allclose(dX, dY * act.derivative(Z), rtol=1e-14)
    # per sample: dL/dz = J dL/dy with the diagonal J = diag R'(z)
    J = np.diag(act.derivative(Z[0]))
    np.testing.assert_allclose(dX[0], J @ dY[0], rtol=1e-14)
    numeric = numerical_gradient(lambda z: float(np.sum(dY * act.function(z))), Z)
    np.testing.assert_allclose(dX, numeric, rtol=1e-7, atol=1e-9)


def test_activation_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(ReLU().function(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(ReLU().derivative(z), [0.0, 0.0, 1.0])  # 0 at the kink
    np.testing.assert_allclose(LeakyReLU().function(z), [-0.02, 0.0, 3.0])
    # slope at the kink z = 0, as lfd.activations and torch take it (the old dense layers said 1.0)
    np.testing.assert_allclose(LeakyReLU().derivative(z), [0.01, 0.01, 1.0])
    np.testing.assert_allclose(Sigmoid().function(np.array([-800.0, 0.0, 800.0])), [0, 0.5, 1])
    np.testing.assert_allclose(Sigmoid().derivative(np.array([0.0])), [0.25])
    np.testing.assert_allclose(Tanh().derivative(np.array([0.0])), [1.0])
    with pytest.raises(ValueError, match="slope"):
        LeakyReLU(2.0)
    with pytest.raises(RuntimeError, match="before forward"):
        Tanh().backward(np.ones((1, 1)))


@pytest.mark.parametrize("act", [ReLU(), LeakyReLU(), Sigmoid(), Tanh()])
def test_activation_backward_refuses_a_dY_of_another_shape(act):
    act.forward(np.ones((4, 3)))
    for shape in [(1, 3), (4, 1), (3,), (4, 3, 1)]:  # all broadcastable, all wrong
        with pytest.raises(ValueError, match=r"dY must have shape \(4, 3\)"):
            act.backward(np.ones(shape))
    assert act.backward(np.ones((4, 3))).shape == (4, 3)


def test_dense_backward_refuses_a_dY_of_another_shape():
    layer = Dense(np.ones((2, 3)))
    layer(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"dY must have shape \(4, 2\)"):
        layer.backward(np.ones((1, 2)))


@pytest.mark.parametrize("act", [ReLU(), LeakyReLU(), Sigmoid(), Tanh()])
def test_activations_keep_float32(act):
    Z = np.array([[-1.0, 0.5]], dtype=np.float32)
    assert act(Z).dtype == np.float32
    assert act.backward(np.ones((1, 2), dtype=np.float32)).dtype == np.float32


def test_activation_layers_use_lfd_activations():
    from lfd import activations
    z = np.linspace(-3, 3, 13)
    for name, layer in ACTIVATION_LAYERS.items():
        f, df = activations.ACTIVATIONS[name]
        np.testing.assert_array_equal(layer().function(z), f(z))
        np.testing.assert_array_equal(layer().derivative(z), df(z))
    with pytest.raises(TypeError, match="slope must be a real number"):
        LeakyReLU("0.1")


# -- the layer contract -----------------------------------------------------------

def test_sequential_contract():
    with pytest.raises(TypeError, match=r"layers\[1\] must be an lfd Layer"):
        Sequential([ReLU(), "relu"])
    with pytest.raises(TypeError):
        Layer()  # abstract
    net = mlp([3, 4, 2], rng=0, input_grad=False)
    assert net.params[0] is net.layers[0].A and len(net.params) == len(net.grads) == 4
    net(np.ones((2, 3)))
    assert net.backward(np.ones((2, 2))) is None  # the sweep stops at the first layer
    assert ReLU().params == [] and ReLU().grads == []


def test_relu_is_positively_homogeneous():
    # ReLU(ax) = a ReLU(x) for a > 0, so a bias-free ReLU net has F(av) = aF(v)
    rng = np.random.default_rng(8)
    net = mlp([4, 8, 8, 3], "relu", "he", rng)
    V = rng.standard_normal((10, 4))
    for a in (0.5, 3.0, 17.0):
        np.testing.assert_allclose(net(a * V), a * net(V), rtol=1e-12)


# -- initialization and the builder ---------------------------------------------

def test_init_variances():
    A, b = init_weights(400, 300, "he", rng=0)
    assert A.shape == (300, 400) and np.all(b == 0)
    assert A.var() == pytest.approx(2 / 400, rel=0.02)  # 120000 samples: ~0.4% std error
    A, _ = init_weights(400, 300, "xavier", rng=0)
    assert A.var() == pytest.approx(2 / 700, rel=0.02)
    A, b = init_weights(4, 3, "zero")
    assert not A.any() and not b.any()
    np.testing.assert_array_equal(init_weights(5, 2, rng=42)[0], init_weights(5, 2, rng=42)[0])
    with pytest.raises(ValueError, match="init must be"):
        init_weights(2, 2, "glorot")
    with pytest.raises(ValueError, match="n_in must be >= 1"):
        init_weights(0, 2)


def test_he_keeps_relu_activations_steady():
    rng = np.random.default_rng(9)
    X = rng.standard_normal((500, 256))
    last = {}
    for init in ("he", "xavier"):
        net = mlp([256] * 11, "relu", init, rng)
        h = X
        for layer in net.layers[:-1]:
            h = layer(h)
        last[init] = float(np.mean(h**2))
    # He: E[relu(z)²] = ½ · 2 = 1 at every layer (finite width lets it drift a little);
    # Xavier on square layers loses a factor 2 per ReLU: about 2^-10 after ten
    assert 0.25 < last["he"] < 4
    assert last["xavier"] < 0.01


def test_zero_init_keeps_hidden_units_identical():
    net = mlp([3, 5, 1], "tanh", "zero")
    net.layers[0].b[:] = 0.3
    X = np.random.default_rng(10).standard_normal((4, 3))
    net(X)
    net.backward(np.ones((4, 1)))
    dA1 = net.grads[0]
    assert np.allclose(dA1, dA1[0])  # every hidden unit gets the same update


def test_mlp_structure_and_validation():
    net = mlp([2, 16, 16, 1], activation="tanh", rng=0)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Dense", "Tanh", "Dense", "Tanh", "Dense"]
    assert net.n_params() == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert set(ACTIVATION_LAYERS) == {"relu", "leaky_relu", "sigmoid", "tanh"}
    with pytest.raises(ValueError, match="widths"):
        mlp([3])
    with pytest.raises(ValueError, match="activation must be one of"):
        mlp([2, 2], activation="softplus")
    with pytest.raises(TypeError, match=r"widths\[1\] must be an integer"):
        mlp([2, "a"])
    with pytest.raises(TypeError, match=r"widths\[0\] must be an integer"):
        mlp([2.0, 3])
    with pytest.raises(ValueError, match=r"widths\[2\] must be >= 1"):
        mlp([2, 3, 0])
    with pytest.raises(ValueError, match="init must be one of"):
        mlp([2, 2], init="glorot")
    with pytest.raises(TypeError, match="rng"):
        mlp([2, 2], rng="seed")
    with pytest.raises(TypeError, match="dtype"):
        mlp([2, 2], dtype=int)


def test_mlp_seed_gives_independent_layers():
    a, b = mlp([3, 3, 3], "tanh", "he", rng=7).layers[::2]
    assert not np.allclose(a.A, b.A)
    np.testing.assert_array_equal(mlp([3, 3, 3], rng=7).params[0], a.A)


def test_count_parameters_are_annotated_int():
    import inspect
    assert inspect.signature(init_weights).parameters["n_in"].annotation == "int"
    assert inspect.signature(init_weights).parameters["n_out"].annotation == "int"
    with pytest.raises(TypeError, match="n_out must be an integer"):
        init_weights(2, 3.0)


def test_layers_compose_with_other_layers_and_in_place_updates():
    class Scale(Layer):  # a layer written elsewhere, keeping the same contract
        def forward(self, X, *, train=False):
            return 3.0 * X

        def backward(self, dY):
            return 3.0 * dY

    rng = np.random.default_rng(11)
    net = Sequential([Dense(rng.standard_normal((4, 3))), Scale(), Tanh(),
                      Dense(rng.standard_normal((2, 4)))])
    X, T = rng.standard_normal((8, 3)), rng.standard_normal((8, 2))
    loss = half_square(T)
    assert max(gradient_check(net, X, loss)) < 1e-7
    before = loss(net(X))[0]
    for _ in range(5):  # plain gradient descent through params / grads
        net.backward(loss(net(X))[1])
        for p, g in zip(net.params, net.grads):
            p -= 0.01 * g
    assert loss(net(X))[0] < before


# -- gradient checks --------------------------------------------------------------

@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backprop_matches_central_differences(activation, seed):
    net, X, T = random_net([3, 7, 5, 2], activation, seed)
    if activation in ("relu", "leaky_relu"):
        assert relu_margin(net, X) > 1e-4  # h = 1e-6 cannot cross a kink
    errors = gradient_check(net, X, half_square(T))
    assert len(errors) == 6
    assert max(errors) < 1e-7  # float64, h = 1e-6: typically 1e-9 or smaller


def test_gradient_check_subsample_and_catches_a_wrong_backward():
    net, X, T = random_net([4, 6, 3], "tanh", 3)
    assert max(gradient_check(net, X, half_square(T), max_entries=5, rng=0)) < 1e-7

    class WrongTanh(Tanh):
        def derivative(self, Z):
            return 1.0 - np.tanh(Z)  # forgot the square

    net.layers[1] = WrongTanh()
    assert max(gradient_check(net, X, half_square(T))) > 1e-3


def test_gradient_check_validation():
    net, X, T = random_net([2, 3, 1], "tanh", 0)
    with pytest.raises(TypeError, match="net must be"):
        gradient_check(lambda X: X, X, half_square(T))
    with pytest.raises(TypeError, match="loss_fn must return a pair"):
        gradient_check(net, X, lambda Y: 0.0)
    with pytest.raises(ValueError, match=r"dL/dY must have shape \(6, 1\), got \(3,\)"):
        gradient_check(net, X, lambda Y: (0.0, np.ones(3)))
    with pytest.raises(ValueError, match="h must"):
        gradient_check(net, X, half_square(T), h=0)
    with pytest.raises(ValueError, match="max_entries"):
        gradient_check(net, X, half_square(T), max_entries=0)


def test_gradient_check_refuses_nan_and_inf():
    # these used to report a perfect 0.0
    net, X, T = random_net([2, 3, 1], "tanh", 0)
    with pytest.raises(ValueError, match=r"loss_fn's loss at net\(X\) must be a finite"):
        gradient_check(net, X, lambda Y: (float("nan"), Y))
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="X must hold finite values"):
        gradient_check(net, bad, half_square(T))
    with pytest.raises(ValueError, match="h must be a finite"):
        gradient_check(net, X, half_square(T), h=np.inf)
    with pytest.raises(ValueError, match="h must be a finite"):
        gradient_check(net, X, half_square(T), h=np.nan)
    with pytest.raises(ValueError, match="dL/dY must hold finite"):
        gradient_check(net, X, lambda Y: (0.0, np.full(Y.shape, np.nan)))
    with pytest.raises(TypeError, match="max_entries must be an integer"):
        gradient_check(net, X, half_square(T), max_entries=2.0)


def test_gradient_check_reports_nan_when_perturbed_losses_are_nan():
    net, X, T = random_net([2, 3, 1], "tanh", 0)
    A = net.layers[0].A
    start = A.copy()

    def loss(Y):  # finite at the starting weights only
        value, dY = half_square(T)(Y)
        return (value if np.array_equal(A, start) else float("nan")), dY

    errors = gradient_check(net, X, loss)
    assert np.isnan(errors[0]) and max(errors[1:]) < 1e-7  # only A's perturbations fail
    np.testing.assert_array_equal(A, start)  # parameters restored


def test_gradient_check_restores_parameters_and_keeps_float32():
    net, X, T = random_net([3, 4, 2], "sigmoid", 5)
    before = [p.copy() for p in net.params]
    gradient_check(net, X, half_square(T), max_entries=3, rng=1)
    for p, q in zip(net.params, before):
        np.testing.assert_array_equal(p, q)
    net32 = mlp([3, 4, 2], "tanh", rng=0, dtype=np.float32)
    X32 = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
    errors = gradient_check(net32, X32, lambda Y: (0.5 * float((Y * Y).sum()), Y), h=1e-2)
    assert max(errors) < 1e-2
    assert all(p.dtype == np.float32 for p in net32.params)


def test_numerical_gradient():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = numerical_gradient(lambda x: float(np.sum(x**3)), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-9)
    assert x[0, 0] == 1.0  # untouched
    with pytest.raises(TypeError, match="f must be callable"):
        numerical_gradient(1.0, x)
    with pytest.raises(ValueError, match="h must"):
        numerical_gradient(np.sum, x, h=-1)
    with pytest.raises(TypeError, match="x must be an array of real numbers, got None"):
        numerical_gradient(np.sum, None)
    with pytest.raises(ValueError, match="x must hold finite"):
        numerical_gradient(np.sum, [1.0, np.nan])
    assert np.isnan(numerical_gradient(lambda x: np.nan, x)).all()  # NaN shows as NaN


# -- the explicit formulas of §VII.3 ----------------------------------------------

def test_weight_jacobians_last_layer_is_eq_2():
    rng = np.random.default_rng(12)
    layer = Dense(rng.standard_normal((2, 3)), rng.standard_normal(2))
    v = rng.standard_normal(3)
    dA, db = weight_jacobians(layer, v)[0]
    np.testing.assert_array_equal(db, np.eye(2))  # ∂w_i/∂b_j = δ_ij
    expected = np.einsum("ij,k->ijk", np.eye(2), v)  # ∂w_i/∂A_jk = δ_ij v_k
    np.testing.assert_array_equal(dA, expected)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_weight_jacobians_match_differences_and_backprop(activation):
    net, X, _ = random_net([3, 5, 4, 2], activation, 13)
    v = X[0]
    if activation == "relu":
        assert relu_margin(net, v[None, :]) > 1e-4
    jac = weight_jacobians(net, v)
    dense = [layer for layer in net.layers if isinstance(layer, Dense)]
    assert len(jac) == len(dense) == 3
    for layer, (dA, db) in zip(dense, jac):
        m = 2
        assert dA.shape == (m, *layer.shape) and db.shape == (m, layer.shape[0])
        for i in range(m):  # row i of each Jacobian: backprop from dY = e_i
            def w_i(A, layer=layer, i=i):
                saved = layer.A.copy()
                layer.A[...] = A
                out = net(v[None, :])[0, i]
                layer.A[...] = saved
                return out
            np.testing.assert_allclose(dA[i], numerical_gradient(w_i, layer.A), rtol=1e-6,
                                       atol=1e-9)
            net(v[None, :])
            net.backward(np.eye(m)[i][None, :])
            np.testing.assert_allclose(dA[i], layer.grads[0], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(db[i], layer.grads[1], rtol=1e-12, atol=1e-15)


def test_weight_jacobians_eq_5_two_layers():
    # w = A2 R(A1 v + b1) + b2: ∂w/∂b1 = A2 J and ∂w_i/∂(A1)_jk = (A2 J)_ij v_k
    rng = np.random.default_rng(14)
    A1, b1, A2, b2 = (rng.standard_normal((4, 3)), rng.standard_normal(4),
                      rng.standard_normal((2, 4)), rng.standard_normal(2))
    net = Sequential([Dense(A1, b1), Sigmoid(), Dense(A2, b2)])
    v = rng.standard_normal(3)
    (dA1, db1), (dA2, db2) = weight_jacobians(net, v)
    J = np.diag(Sigmoid().derivative(A1 @ v + b1))
    np.testing.assert_allclose(db1, A2 @ J, rtol=1e-14)
    np.testing.assert_allclose(dA1, np.einsum("ij,k->ijk", A2 @ J, v), rtol=1e-14)
    np.testing.assert_allclose(db2, np.eye(2))


def test_weight_jacobians_validation():
    with pytest.raises(TypeError, match="layer 1 is Scale"):
        class Scale(Layer):
            def forward(self, X, *, train=False):
                return X

            def backward(self, dY):
                return dY

        weight_jacobians(Sequential([Dense(np.ones((2, 2))), Scale()]), np.ones(2))
    with pytest.raises(ValueError, match="v must have shape"):
        weight_jacobians(Dense(np.ones((2, 2))), np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"v must have shape \(2,\), got \(3,\)"):
        weight_jacobians(Dense(np.ones((2, 2))), np.ones(3))
    with pytest.raises(TypeError, match="net must be"):
        weight_jacobians("net", np.ones(2))


# -- independent engines -----------------------------------------------------------

@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "sigmoid", "tanh"])
def test_against_torch_autograd_float64(activation):
    torch = pytest.importorskip("torch")
    net, X, T = random_net([5, 8, 6, 3], activation, 15, n=9)
    modules = []
    for layer in net.layers:
        if isinstance(layer, Dense):
            lin = torch.nn.Linear(*layer.shape[::-1], dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(layer.A))
                lin.bias.copy_(torch.from_numpy(layer.b))
            modules.append(lin)
        else:
            modules.append({"relu": torch.nn.ReLU(), "leaky_relu": torch.nn.LeakyReLU(0.01),
                            "sigmoid": torch.nn.Sigmoid(), "tanh": torch.nn.Tanh()}[activation])
    tnet = torch.nn.Sequential(*modules)
    tX = torch.tensor(X, requires_grad=True)
    tY = tnet(tX)
    (0.5 * ((tY - torch.from_numpy(T)) ** 2).sum()).backward()

    Y = net(X)
    dX = net.backward(Y - T)
    np.testing.assert_allclose(Y, tY.detach().numpy(), rtol=1e-13)
    for ours, theirs in zip(net.grads, [p.grad.numpy() for p in tnet.parameters()]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(dX, tX.grad.numpy(), rtol=1e-11, atol=1e-14)


def test_against_the_scalar_engine():
    net, X, T = random_net([3, 4, 2], "tanh", 16, n=5)
    (A1, b1), (A2, b2) = [(layer.A, layer.b) for layer in net.layers if isinstance(layer, Dense)]

    def loss(A1, b1, A2, b2):
        H = ad.tanh(X @ A1.T + b1)
        R = H @ A2.T + b2 - T
        return 0.5 * np.sum(R * R)

    expected = ad.grad(loss, argnums=(0, 1, 2, 3))(A1, b1, A2, b2)
    net.backward(net(X) - T)
    for ours, theirs in zip(net.grads, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "sigmoid", "tanh"])
def test_activations_refuse_none_and_complex_by_name(name):
    # lfd.activations.relu(None) (then cpl.relu) gave NaN (issue 16)
    from lfd import activations
    for f in activations.ACTIVATIONS[name]:
        with pytest.raises(TypeError, match="x must be an array of real numbers, got None"):
            f(None)
        with pytest.raises(TypeError, match="x must hold real numbers"):
            f(np.array([1j]))


def test_issue16_activation_layers_name_the_argument_and_dtype_checked():
    import lfd.nn as nn
    for layer in (ReLU(), LeakyReLU(), Sigmoid(), Tanh()):
        with pytest.raises(TypeError, match="^X must"):
            layer.forward(np.array([[1j]]))
        with pytest.raises(TypeError, match="^Z must"):
            layer.function(None)
        with pytest.raises(TypeError, match="^Z must"):
            layer.derivative(np.array([[None]], dtype=object))
        assert np.isnan(layer.forward(np.array([[np.nan, 1.0]]))[0, 0])  # NaN propagates
    for make in (lambda: Dense(np.eye(2), dtype="bogus"), lambda: nn.mlp([2, 1], dtype="bogus"),
                 lambda: nn.init_weights(2, 2, dtype="bogus"), lambda: nn.rnn(2, 2, dtype="bogus")):
        with pytest.raises(TypeError, match="^dtype must be a floating type, got 'bogus'"):
            make()
    for f in (nn.numerical_gradient,):
        with pytest.raises(ValueError, match="^h must lie in"):
            f(lambda x: float((x**2).sum()), np.ones(2), h=1e308)
