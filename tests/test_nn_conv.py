"""Tests for lfd.nn.conv: convolution, pooling and flattening layers."""

import numpy as np
import pytest

from lfd import conv
from lfd.nn.layer import Layer, Sequential
from lfd.nn import conv as nn_conv
from helpers import central_difference, rel_err

TOL = dict(rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------

class _ReLU(Layer):
    def forward(self, X, *, train=False):
        self.mask = X > 0
        return X * self.mask

    def backward(self, dY):
        return dY * self.mask


def test_layers_keep_the_contract():
    for layer in (nn_conv.Conv2D(1, 2, 3, rng=0), nn_conv.Conv1D(1, 2, 3, rng=0), nn_conv.MaxPool2D(),
                  nn_conv.AvgPool2D(), nn_conv.MaxPool1D(), nn_conv.AvgPool1D(), nn_conv.Flatten()):
        assert isinstance(layer, Layer)
        assert len(layer.params) == len(layer.grads)
        for p, g in zip(layer.params, layer.grads):
            assert p.shape == g.shape


def test_conv2d_layer_matches_functions_and_updates_in_place():
    rng = np.random.default_rng(13)
    layer = nn_conv.Conv2D(2, 3, 3, stride=2, padding=1, mode="reflect", rng=rng)
    layer.b[:] = rng.standard_normal(3)
    X = rng.standard_normal((4, 2, 7, 9))
    Y = layer(X)
    np.testing.assert_allclose(Y, conv.conv2d(X, layer.w, layer.b, 2, 1, "reflect"), **TOL)
    G = rng.standard_normal(Y.shape)
    dX = layer.backward(G)
    expected = conv.conv2d_backward(G, X, layer.w, 2, 1, "reflect")
    np.testing.assert_allclose(dX, expected[0], **TOL)
    np.testing.assert_allclose(layer.grads[0], expected[1], **TOL)
    np.testing.assert_allclose(layer.grads[1], expected[2], **TOL)
    layer.backward(G)                                   # overwrites, does not accumulate
    np.testing.assert_allclose(layer.grads[0], expected[1], **TOL)
    # an optimizer step in place changes what the layer computes
    for p, g in zip(layer.params, layer.grads):
        p -= 0.1 * g
    np.testing.assert_allclose(layer(X), conv.conv2d(X, layer.w, layer.b, 2, 1, "reflect"), **TOL)


def test_float32_layer_stays_float32():
    layer = nn_conv.Conv2D(3, 4, 3, padding=1, rng=0, dtype=np.float32)
    X = np.ones((2, 3, 6, 6), np.float32)
    Y = layer(X)
    assert Y.dtype == np.float32
    assert layer.backward(np.ones_like(Y)).dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads)
    layer.w = np.zeros((4, 3, 3, 3), np.float32)          # rebinding keeps params in step
    assert layer.params[0] is layer.w and not layer(X).any()
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int64"):
        nn_conv.Conv2D(1, 1, 3, dtype=np.int64)


def test_first_layer_can_skip_the_input_gradient():
    rng = np.random.default_rng(17)
    X, G = rng.standard_normal((2, 1, 6, 6)), rng.standard_normal((2, 3, 4, 4))
    full, first = nn_conv.Conv2D(1, 3, 3, rng=1), nn_conv.Conv2D(1, 3, 3, rng=1, input_grad=False)
    full(X), first(X)
    assert full.backward(G) is not None and first.backward(G) is None
    for g, h in zip(full.grads, first.grads):
        np.testing.assert_array_equal(g, h)


def test_he_initialization_and_rng():
    layer = nn_conv.Conv2D(16, 64, 3, rng=0)
    assert layer.w.shape == (64, 16, 3, 3) and np.all(layer.b == 0)
    # 9216 draws: the sample std is within a few percent of sqrt(2 / fan_in)
    assert abs(layer.w.std() / np.sqrt(2 / (16 * 9)) - 1) < 0.05
    np.testing.assert_array_equal(nn_conv.Conv2D(2, 3, 3, rng=5).w, nn_conv.Conv2D(2, 3, 3, rng=5).w)
    assert nn_conv.Conv1D(4, 8, 5, rng=0).w.shape == (8, 4, 5)
    assert abs(nn_conv.Conv1D(50, 100, 5, rng=0).w.std() / np.sqrt(2 / 250) - 1) < 0.05


def test_small_cnn_gradient_by_central_differences():
    """Conv -> ReLU -> MaxPool -> Conv1x1 -> AvgPool -> Flatten, checked end to end."""
    rng = np.random.default_rng(14)
    net = Sequential([nn_conv.Conv2D(2, 3, 3, padding=1, rng=rng), _ReLU(), nn_conv.MaxPool2D(2),
                      nn_conv.Conv2D(3, 2, 1, rng=rng), nn_conv.AvgPool2D(2), nn_conv.Flatten()])
    for p in net.params:
        p[...] = rng.standard_normal(p.shape)
    X = rng.standard_normal((2, 2, 4, 4))
    G = rng.standard_normal(net(X).shape)
    net(X, train=True)
    dX = net.backward(G)

    def loss():
        return np.sum(G * net(X))

    # away from ReLU kinks and max-pool ties for this seed (checked by the small error)
    for analytic, x in zip([*net.grads, dX], [*net.params, X]):
        assert rel_err(analytic, central_difference(loss, x)) < 1e-6


def test_conv1d_layer_on_sampled_polynomials():
    """The set-up of Problems 5-7: graphs of polynomials through a 1D CNN."""
    rng = np.random.default_rng(15)
    t = np.linspace(0, 1, 32)
    a = rng.standard_normal((10, 5))
    graphs = (a @ t[None, :] ** np.arange(5)[:, None])[:, None, :]     # (10, 1, 32)
    net = Sequential([nn_conv.Conv1D(1, 4, 5, padding=2, rng=0), _ReLU(), nn_conv.MaxPool1D(2),
                      nn_conv.Conv1D(4, 2, 4, stride=2, padding=1, rng=1), nn_conv.Flatten()])
    Y = net(graphs)
    assert Y.shape == (10, 2 * 8)
    assert net.backward(np.ones_like(Y)).shape == graphs.shape
    assert net.n_params() == 4 * (5 + 1) + 2 * (4 * 4 + 1)


def test_layer_errors():
    with pytest.raises(ValueError, match="C_in must be >= 1, got 0"):
        nn_conv.Conv2D(0, 2, 3)
    with pytest.raises(ValueError, match="mode must be one of"):
        nn_conv.Conv2D(1, 2, 3, mode="circular")
    with pytest.raises(ValueError, match="X has C_in=2 channels"):
        nn_conv.Conv2D(3, 2, 3, rng=0).forward(np.ones((1, 2, 5, 5)))
    with pytest.raises(RuntimeError, match="backward called before forward"):
        nn_conv.MaxPool2D().backward(np.ones((1, 1, 2, 2)))
    with pytest.raises(ValueError, match="stride S=2 does not fit"):
        nn_conv.MaxPool2D(2).forward(np.ones((1, 1, 5, 4)))


def test_layer_counts_are_integers():
    with pytest.raises(TypeError, match="E must be an integer, got 3.0"):
        nn_conv.Conv2D(1, 2, 3.0)
    with pytest.raises(TypeError, match="size must be an integer"):
        nn_conv.MaxPool2D(2.0)
    with pytest.raises(TypeError, match="rng must be None"):
        nn_conv.Conv1D(1, 2, 3, rng=1.5)
    with pytest.raises(RuntimeError, match="backward called before forward"):
        nn_conv.Conv2D(1, 2, 3).backward(np.ones((1, 2, 2, 2)))



def test_layers_refuse_empty_batches_and_bad_dtypes_by_name():
    # issue 16: an empty batch leaked numpy's "cannot reshape"; dtype='bogus' numpy's message
    for layer, X in ((nn_conv.Conv1D(1, 2, 3, rng=0), np.ones((0, 1, 5))),
                     (nn_conv.Conv2D(1, 2, 3, rng=0), np.ones((0, 1, 5, 5))),
                     (nn_conv.Flatten(), np.ones((0, 2, 3)))):
        with pytest.raises(ValueError, match="X must hold at least 1 entries"):
            layer.forward(X)
    for cls in (nn_conv.Conv1D, nn_conv.Conv2D):
        with pytest.raises(TypeError, match="dtype must be float32 or float64, got 'bogus'"):
            cls(1, 2, 3, rng=0, dtype="bogus")
        assert cls(1, 2, 3, rng=0, dtype=np.float32).w.dtype == np.float32
