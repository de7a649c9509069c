"""Tests for lfd.pool: max and average pooling against torch and central differences."""

import numpy as np
import pytest

from lfd import conv, pool
from helpers import central_difference, rel_err

TOL = dict(rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------

def distinct(shape, rng):
    """Values at least 1e-3 apart (no ties), so a 1e-6 nudge never moves a max."""
    return rng.permutation(np.prod(shape)).reshape(shape) * 1e-3


@pytest.mark.parametrize("E, S", [(2, None), (3, 1), (3, 2), (2, 3)])
def test_pool2d_matches_torch(E, S):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(8)
    S_ = E if S is None else S
    X = rng.standard_normal((2, 3, E + 2 * S_, E + 3 * S_))
    tX = torch.tensor(X, requires_grad=True)
    tY = F.max_pool2d(tX, E, S_)
    np.testing.assert_allclose(pool.max_pool2d(X, E, S), tY.detach().numpy())
    G = rng.standard_normal(tY.shape)
    tY.backward(torch.tensor(G))
    np.testing.assert_allclose(pool.max_pool2d_backward(G, X, E, S), tX.grad.numpy(), **TOL)
    tX.grad = None
    tA = F.avg_pool2d(tX, E, S_)
    np.testing.assert_allclose(pool.avg_pool2d(X, E, S), tA.detach().numpy(), **TOL)
    tA.backward(torch.tensor(G))
    np.testing.assert_allclose(pool.avg_pool2d_backward(G, X, E, S), tX.grad.numpy(), **TOL)


def test_pool1d_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    X = rng.standard_normal((2, 3, 11))
    tX = torch.tensor(X, requires_grad=True)
    tY = torch.nn.functional.max_pool1d(tX, 3, 2)
    np.testing.assert_allclose(pool.max_pool1d(X, 3, 2), tY.detach().numpy())
    G = rng.standard_normal(tY.shape)
    tY.backward(torch.tensor(G))
    np.testing.assert_allclose(pool.max_pool1d_backward(G, X, 3, 2), tX.grad.numpy())
    np.testing.assert_allclose(pool.avg_pool1d(X, 3, 2),
                               torch.nn.functional.avg_pool1d(torch.tensor(X), 3, 2).numpy(), **TOL)


@pytest.mark.parametrize("E, S", [(2, None), (3, 1), (3, 2)])
def test_pool2d_gradients_by_central_differences(E, S):
    rng = np.random.default_rng(10)
    S_ = E if S is None else S
    X = distinct((2, 2, E + 2 * S_, E + S_), rng)
    for forward, backward in ((pool.max_pool2d, pool.max_pool2d_backward),
                              (pool.avg_pool2d, pool.avg_pool2d_backward)):
        G = rng.standard_normal(forward(X, E, S).shape)
        numeric = central_difference(lambda: np.sum(G * forward(X, E, S)), X)
        assert rel_err(backward(G, X, E, S), numeric) < 1e-7


def test_pool1d_gradients_by_central_differences():
    rng = np.random.default_rng(11)
    X = distinct((2, 2, 9), rng)
    for forward, backward in ((pool.max_pool1d, pool.max_pool1d_backward),
                              (pool.avg_pool1d, pool.avg_pool1d_backward)):
        G = rng.standard_normal(forward(X, 3, 2).shape)
        numeric = central_difference(lambda: np.sum(G * forward(X, 3, 2)), X)
        assert rel_err(backward(G, X, 3, 2), numeric) < 1e-7


def test_max_pool_ties_go_to_the_first_maximum():
    X = np.ones((1, 1, 3, 3))
    # four overlapping windows, all entries tied: each window picks its top-left entry
    dX = pool.max_pool2d_backward(np.ones((1, 1, 2, 2)), X, E=2, S=1)
    np.testing.assert_array_equal(dX[0, 0], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])
    X = np.array([[[[0.0, 2.0], [2.0, 2.0]]]])
    np.testing.assert_array_equal(pool.max_pool2d_backward([[[[5.0]]]], X)[0, 0], [[0, 5], [0, 0]])


def test_avg_pool_is_a_strided_convolution():
    rng = np.random.default_rng(12)
    v = rng.standard_normal((6, 8))
    np.testing.assert_allclose(pool.avg_pool2d(v[None, None])[0, 0],
                               conv.correlate2d(v, np.full((2, 2), 0.25), S=2), **TOL)


def test_pool_errors():
    with pytest.raises(ValueError, match="stride S=2 does not fit"):
        pool.max_pool2d(np.ones((1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"X must have shape \(n, C, H, W\)"):
        pool.max_pool2d(np.ones((5, 5)))
    with pytest.raises(ValueError, match="E must be >= 1, got 0"):
        pool.avg_pool1d(np.ones((1, 1, 4)), E=0)


def test_pool_counts_are_integers():
    with pytest.raises(TypeError, match="E must be an integer, got 2.0"):
        pool.max_pool2d(np.ones((1, 1, 4, 4)), E=2.0)
    with pytest.raises(TypeError, match="S must be an integer"):
        pool.avg_pool1d(np.ones((1, 1, 4)), S=True)
    with pytest.raises(ValueError, match=r"dY must have shape \(1, 1, 2\)"):
        pool.max_pool1d_backward(np.ones((1, 1, 3)), np.ones((1, 1, 4)))
