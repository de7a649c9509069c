"""Tests for lfd.nn.regularization: dropout and batch normalization."""

import doctest
import functools

import numpy as np
import pytest

from lfd.nn.layer import Layer
from lfd.nn.gradcheck import numerical_gradient as numerical_grad
from lfd.nn import regularization
from lfd.nn.regularization import BatchNorm, Dropout
from helpers import rel_err

rel_error = functools.partial(rel_err, floor=1e-12)


def test_doctests():
    result = doctest.testmod(regularization, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ---------------------------------------------------------------- dropout


def test_dropout_preserves_expected_value():
    X = np.full((400, 250), 3.0)
    p = 0.8
    Y = Dropout(p, rng=0).forward(X, train=True)
    kept = Y != 0
    # 100000 Bernoulli(p) draws: the kept fraction is p within a few 1e-3
    assert kept.mean() == pytest.approx(p, abs=6e-3)
    np.testing.assert_allclose(Y[kept], 3.0 / p)
    assert Y.mean() == pytest.approx(3.0, rel=1e-2)


def test_dropout_test_mode_is_identity():
    X = np.random.default_rng(0).standard_normal((5, 4))
    drop = Dropout(0.5, rng=1)
    np.testing.assert_array_equal(drop(X), X)
    np.testing.assert_array_equal(drop.backward(np.ones_like(X)), np.ones_like(X))
    np.testing.assert_array_equal(Dropout(1.0, rng=1)(X, train=True), X)


def test_dropout_gradient_with_fixed_mask():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((4, 5))
    W = rng.standard_normal((4, 5))
    # a fresh layer with the same seed draws the same mask every time
    f = lambda Z: float(np.sum(W * Dropout(0.6, rng=7).forward(Z, train=True)))
    drop = Dropout(0.6, rng=7)
    drop.forward(X, train=True)
    analytic = drop.backward(W)
    assert rel_error(analytic, numerical_grad(f, X)) < 1e-7
    assert drop.params == [] and drop.grads == []


def test_dropout_masks_differ_between_calls():
    drop = Dropout(0.5, rng=3)
    a = drop.forward(np.ones((1, 50)), train=True)
    b = drop.forward(np.ones((1, 50)), train=True)
    assert not np.array_equal(a, b)
    with pytest.raises(ValueError, match=r"p must lie in \(0, 1\]"):
        Dropout(0.0)


# ------------------------------------------------------------ batch norm


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 2, 2)])
def test_batchnorm_gradient_train_mode(shape):
    rng = np.random.default_rng(5)
    X = rng.standard_normal(shape) * 2 + 1
    W = rng.standard_normal(shape)
    bn = BatchNorm(3)
    bn.gamma[:] = rng.uniform(0.5, 2, 3)
    bn.beta[:] = rng.standard_normal(3)

    def loss_of_X(Z):
        return float(np.sum(W * bn.forward(Z, train=True)))

    bn.forward(X, train=True)
    dX = bn.backward(W)
    assert rel_error(dX, numerical_grad(loss_of_X, X)) < 1e-7

    def loss_of(param):
        def f(P):
            saved = param.copy()
            param[:] = P
            value = loss_of_X(X)
            param[:] = saved
            return value

        return f

    bn.forward(X, train=True)
    bn.backward(W)
    assert rel_error(bn.grads[0], numerical_grad(loss_of(bn.gamma), bn.gamma)) < 1e-7
    assert rel_error(bn.grads[1], numerical_grad(loss_of(bn.beta), bn.beta)) < 1e-7


def test_batchnorm_gradient_test_mode():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((5, 2))
    W = rng.standard_normal((5, 2))
    bn = BatchNorm(2)
    bn.running_mean[:] = [0.5, -1.0]
    bn.running_var[:] = [2.0, 0.3]
    bn.gamma[:] = [1.5, -0.7]
    bn.forward(X)
    dX = bn.backward(W)
    f = lambda Z: float(np.sum(W * bn.forward(Z)))
    assert rel_error(dX, numerical_grad(f, X)) < 1e-7


def test_batchnorm_normalizes_in_training():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((50, 4)) * [1, 10, 0.1, 3] + [5, -2, 0, 1]
    Y = BatchNorm(4, eps=1e-12).forward(X, train=True)
    np.testing.assert_allclose(Y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0), 1, rtol=1e-8)


def test_batchnorm_running_statistics():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((20, 3)) * [1.0, 2.0, 0.5] + [1.0, -1.0, 3.0]
    bn = BatchNorm(3, momentum=0.5)
    for _ in range(60):
        bn.forward(X, train=True)
    # the running averages converge to the batch mean and unbiased variance
    np.testing.assert_allclose(bn.running_mean, X.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, X.var(axis=0, ddof=1), rtol=1e-12)
    # test mode uses them: (x - mean) / sqrt(var + eps)
    expected = (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + bn.eps)
    np.testing.assert_allclose(bn.forward(X), expected, rtol=1e-12)


def test_batchnorm_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    X = rng.standard_normal((8, 3, 4, 4))
    W = rng.standard_normal(X.shape)
    bn = BatchNorm(3, eps=1e-5, momentum=0.1)
    tbn = torch.nn.BatchNorm2d(3, eps=1e-5, momentum=0.1).double()
    Xt = torch.tensor(X, requires_grad=True)
    Yt = tbn(Xt)
    (Yt * torch.tensor(W)).sum().backward()
    Y = bn.forward(X, train=True)
    dX = bn.backward(W)
    np.testing.assert_allclose(Y, Yt.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(dX, Xt.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(bn.grads[0], tbn.weight.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(bn.grads[1], tbn.bias.grad.numpy(), atol=1e-10)
    np.testing.assert_allclose(bn.running_mean, tbn.running_mean.numpy(), atol=1e-14)
    np.testing.assert_allclose(bn.running_var, tbn.running_var.numpy(), atol=1e-14)


def test_batchnorm_errors():
    bn = BatchNorm(3)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 3"):
        bn.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="at least 2 values"):
        bn.forward(np.zeros((1, 3)), train=True)
    assert isinstance(bn, Layer) and isinstance(Dropout(), Layer)


def test_dropout_refuses_none_and_complex_by_name():
    # Dropout.forward(None) turned into NaN (issue 16)
    for train in (True, False):
        with pytest.raises(TypeError, match="X must be an array of real numbers, got None"):
            Dropout(0.5).forward(None, train=train)
        with pytest.raises(TypeError, match="X must hold real numbers"):
            Dropout(0.5).forward(np.ones((2, 2)) * 1j, train=train)
