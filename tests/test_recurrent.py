"""Tests for lfd.nn.recurrent: the recurrent layer and backpropagation through time.

References: central differences (lfd.nn.gradient_check and
numerical_gradient), PyTorch's torch.nn.RNN in float64, and the exact
geometric decay of gradients through a linear recurrence with an
orthogonal matrix (Strang §VII.5).
"""

import numpy as np
import pytest

from lfd.nn import Dense, Sequential, gradient_check, numerical_gradient
from lfd.nn.recurrent import RNN, EachStep, recurrent_matrix, rnn


def half_square(T):
    """½‖Y - T‖² and its gradient Y - T."""
    def loss(Y):
        R = Y - T
        return 0.5 * float(np.sum(R * R)), R
    return loss


def random_layer(d=3, h=5, seed=0, **kw):
    rng = np.random.default_rng(seed)
    layer = RNN(rng.standard_normal((h, d)) * 0.6, recurrent_matrix(h, 0.9, rng),
                rng.uniform(-0.3, 0.3, h), **kw)
    return layer, rng


# -- forward ---------------------------------------------------------------------

def test_forward_is_the_recurrence_step_by_step():
    layer, rng = random_layer()
    X = rng.standard_normal((4, 6, 3))
    H = layer(X)
    h = np.zeros((4, 5))
    for t in range(6):
        h = np.tanh(X[:, t] @ layer.A_in.T + h @ layer.A_recur.T + layer.b)
        np.testing.assert_allclose(H[:, t], h, rtol=1e-13, atol=1e-15)
    last = RNN(layer.A_in, layer.A_recur, layer.b, return_sequences=False)
    np.testing.assert_array_equal(last(X), H[:, -1])


def test_linear_recurrence_is_a_running_sum():
    layer = RNN([[1.0]], [[1.0]], activation="linear")
    X = np.arange(1.0, 6.0).reshape(1, 5, 1)
    np.testing.assert_array_equal(layer(X)[0, :, 0], np.cumsum(np.arange(1.0, 6.0)))


# -- backpropagation through time against central differences ---------------------

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "linear"])
@pytest.mark.parametrize("return_sequences", [True, False])
def test_bptt_matches_central_differences(activation, return_sequences):
    layer, rng = random_layer(activation=activation, return_sequences=return_sequences, seed=3)
    X = rng.standard_normal((3, 7, 3))
    T = rng.standard_normal(layer(X).shape)
    errors = gradient_check(layer, X, half_square(T))
    assert len(errors) == 3
    # float64 central differences with h = 1e-6: a right formula gives ~1e-9,
    # a wrong one errors of order 1
    assert max(errors) < 1e-7, errors


def test_input_gradient_matches_central_differences():
    layer, rng = random_layer(seed=4)
    X = rng.standard_normal((2, 5, 3))
    T = rng.standard_normal((2, 5, 5))
    loss = half_square(T)
    value, dY = loss(layer(X))
    dX = layer.backward(dY)
    numeric = numerical_gradient(lambda Z: loss(layer.forward(Z))[0], X)
    np.testing.assert_allclose(dX, numeric, rtol=1e-6, atol=1e-8)


def test_relu_recurrence_away_from_kinks():
    rng = np.random.default_rng(7)
    layer = RNN(rng.standard_normal((4, 2)), recurrent_matrix(4, 0.8, rng), rng.uniform(0.1, 0.5, 4),
                activation="relu")
    X = rng.standard_normal((3, 5, 2))
    layer(X)
    Z = layer._cache[1]
    assert np.abs(Z).min() > 1e-4  # central differences cross no kink with h = 1e-6
    T = rng.standard_normal((3, 5, 4))
    assert max(gradient_check(layer, X, half_square(T))) < 1e-6


def test_stack_with_a_readout_matches_central_differences():
    rng = np.random.default_rng(5)
    net = Sequential([rnn(2, 6, rng), EachStep(Dense(rng.standard_normal((1, 6)), [0.1]))])
    X = rng.standard_normal((4, 8, 2))
    T = rng.standard_normal((4, 8, 1))
    errors = gradient_check(net, X, half_square(T))
    assert len(errors) == 5 and max(errors) < 1e-7, errors


def test_no_input_gradient_for_a_first_layer():
    layer, rng = random_layer(input_grad=False)
    X = rng.standard_normal((2, 4, 3))
    assert layer.backward(np.ones_like(layer(X))) is None
    assert np.any(layer.grads[0] != 0)


# -- against PyTorch ---------------------------------------------------------------

@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_matches_torch_rnn_in_float64(activation):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    d, h, n, T = 3, 4, 5, 9
    layer = RNN(rng.standard_normal((h, d)) * 0.5, recurrent_matrix(h, 0.9, rng),
                rng.uniform(-0.2, 0.2, h), activation=activation)
    X = rng.standard_normal((n, T, d))
    W = rng.standard_normal((n, T, h))  # weights of a linear loss sum(W * H)

    ref = torch.nn.RNN(d, h, nonlinearity=activation, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        ref.weight_ih_l0.copy_(torch.from_numpy(layer.A_in))
        ref.weight_hh_l0.copy_(torch.from_numpy(layer.A_recur))
        ref.bias_ih_l0.copy_(torch.from_numpy(layer.b))
        ref.bias_hh_l0.zero_()
    Xt = torch.from_numpy(X).requires_grad_(True)
    Ht, _ = ref(Xt)
    (Ht * torch.from_numpy(W)).sum().backward()

    H = layer(X)
    dX = layer.backward(W)
    # the same float64 operations in a different order: agreement to rounding
    np.testing.assert_allclose(H, Ht.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dX, Xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads[0], ref.weight_ih_l0.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads[1], ref.weight_hh_l0.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads[2], ref.bias_ih_l0.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads[2], ref.bias_hh_l0.grad.numpy(), rtol=1e-10, atol=1e-12)


# -- vanishing and exploding gradients ------------------------------------------------

@pytest.mark.parametrize("rho", [0.5, 1.0, 1.5])
def test_gradient_through_a_linear_recurrence_scales_like_rho_to_the_span(rho):
    rng = np.random.default_rng(2)
    h, T = 6, 12
    layer = RNN(rng.standard_normal((h, 2)), recurrent_matrix(h, rho, rng), activation="linear",
                return_sequences=False)
    X = rng.standard_normal((1, T, 2))
    g = rng.standard_normal((1, h))
    layer(X)
    layer.backward(g)
    norms = np.linalg.norm(layer.hidden_grads[0], axis=1)  # ‖dL/dh_t‖, t = 1..T
    spans = T - 1 - np.arange(T)
    np.testing.assert_allclose(norms, np.linalg.norm(g) * rho ** spans, rtol=1e-10)


def test_tanh_only_shrinks_the_gradient_further():
    rng = np.random.default_rng(3)
    layer = rnn(2, 6, rng, rho=1.0, return_sequences=False)
    X = rng.standard_normal((1, 20, 2))
    layer(X)
    layer.backward(np.ones((1, 6)))
    norms = np.linalg.norm(layer.hidden_grads[0], axis=1)
    assert np.all(np.diff(norms) >= -1e-12)  # never grows going back in time (|R'| <= 1, ‖A‖ = 1)


def test_recurrent_matrix_kinds():
    A = recurrent_matrix(5, 1.3, rng=1)
    np.testing.assert_allclose(np.linalg.svd(A, compute_uv=False), 1.3, rtol=1e-12)
    G = recurrent_matrix(5, 0.7, rng=1, kind="gaussian")
    assert np.isclose(np.max(np.abs(np.linalg.eigvals(G))), 0.7, rtol=1e-12)


# -- bad input ------------------------------------------------------------------------

def test_bad_input_is_named():
    with pytest.raises(ValueError, match="A_recur must have shape"):
        RNN(np.ones((3, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="b must have shape"):
        RNN(np.ones((3, 2)), np.eye(3), np.ones(2))
    with pytest.raises(ValueError, match="activation"):
        RNN(np.ones((3, 2)), np.eye(3), activation="cube")
    layer = RNN(np.ones((3, 2)), np.eye(3))
    with pytest.raises(ValueError, match=r"X must have shape \(n, T, 2\)"):
        layer(np.ones((4, 2)))
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((1, 1, 3)))
    layer(np.ones((1, 4, 2)))
    with pytest.raises(ValueError, match="dY must have shape"):
        layer.backward(np.ones((1, 3)))
    with pytest.raises(ValueError, match="rho"):
        recurrent_matrix(3, -1.0)
    with pytest.raises(TypeError, match="lfd Layer"):
        EachStep(lambda x: x)


@pytest.mark.parametrize("dtype", [int, np.int32, bool, np.complex128])
def test_recurrent_matrix_refuses_a_non_floating_dtype(dtype):
    # recurrent_matrix(4, dtype=int) returned a zero matrix (issue 16)
    with pytest.raises(TypeError, match="dtype must be a floating type"):
        recurrent_matrix(4, rng=0, dtype=dtype)
    assert recurrent_matrix(4, rng=0, dtype=np.float32).dtype == np.float32


def test_issue16_eachstep_checks_dy_and_empty_x():
    layer = EachStep(Dense([[2.0, 0.0]]))
    with pytest.raises(ValueError, match="^X must"):
        layer.forward(np.zeros((0, 3, 2)))
    layer.forward(np.ones((1, 3, 2)))
    with pytest.raises(ValueError, match="^dY must have shape"):
        layer.backward(np.ones((1, 1, 3, 1)))
    with pytest.raises(TypeError, match="^dY must"):
        layer.backward(None)
    with pytest.raises(TypeError, match="^dtype must be a floating type, got 'bogus'"):
        recurrent_matrix(3, dtype="bogus")
