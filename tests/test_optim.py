"""Tests for lfd.optim: schedules, optimizers on problems with known answers,
the exact rates on a quadratic, penalties."""

import doctest

import numpy as np
import pytest

from lfd import optim
from lfd.optim import (
    SGD,
    Adam,
    Momentum,
    Nesterov,
    constant,
    gd_rate,
    gd_step,
    inverse_sqrt,
    inverse_time,
    momentum_params,
    momentum_rate,
    step_decay,
)
from lfd.train import minibatches
from helpers import least_squares_problem


def test_doctests():
    result = doctest.testmod(optim, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------- schedules


def test_schedule_values():
    k = np.array([1, 2, 4, 100])
    np.testing.assert_allclose(constant(0.3)(k), 0.3)
    np.testing.assert_allclose(inverse_sqrt(0.3)(k), 0.3 / np.sqrt(k))
    np.testing.assert_allclose(inverse_time(0.3)(k), 0.3 / k)
    np.testing.assert_allclose(step_decay(0.3, 0.1, 2)(k), [0.3, 0.3, 0.03, 0.3e-49])
    assert inverse_time(2.0)(4) == 0.5
    assert isinstance(inverse_time(2.0)(4), float)
    assert repr(inverse_sqrt(0.1)) == "inverse_sqrt(s0=0.1)"


def test_schedule_validation():
    with pytest.raises(ValueError, match="k must be >= 1"):
        inverse_time(1.0)(0)
    with pytest.raises(TypeError, match="k must be an integer"):
        constant(1.0)(1.5)
    with pytest.raises(TypeError, match="k must hold integers"):
        constant(1.0)(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="k must be >= 1"):
        constant(1.0)(np.array([1, 0]))
    with pytest.raises(ValueError, match="s0 must lie in"):
        inverse_sqrt(-1.0)
    with pytest.raises(ValueError, match="factor must lie in"):
        step_decay(1.0, factor=1.5)


def test_optimizer_follows_schedule():
    x = np.zeros(1)
    opt = SGD(lr=inverse_time(1.0))
    for _ in range(4):
        opt.step([x], [np.ones(1)])
    # x = -(1 + 1/2 + 1/3 + 1/4)
    assert x[0] == pytest.approx(-25 / 12)
    assert opt.k == 4 and opt.step_size() == 0.25


# ------------------------------------------------- optimizers, known minima


def _least_squares_grad(A, b):
    m = A.shape[0]
    return lambda x: A.T @ (A @ x - b) / m


@pytest.mark.parametrize(
    "make, steps",
    [
        (lambda L: SGD(lr=1 / L), 3000),
        (lambda L: Momentum(lr=1 / L, beta=0.9), 1000),
        (lambda L: Nesterov(lr=1 / L, beta=0.9), 1000),
        (lambda L: Adam(lr=step_decay(0.05, 0.5, 500)), 5000),
    ],
    ids=["gd", "momentum", "nesterov", "adam"],
)
def test_full_batch_optimizers_reach_least_squares(make, steps):
    A, b = least_squares_problem()
    grad = _least_squares_grad(A, b)
    L = np.linalg.eigvalsh(A.T @ A / A.shape[0]).max()
    x_star = np.linalg.lstsq(A, b, rcond=None)[0]
    x = np.zeros(A.shape[1])
    opt = make(L)
    for _ in range(steps):
        opt.step([x], [grad(x)])
    # well-conditioned convex problem: iterates converge to machine-level accuracy
    np.testing.assert_allclose(x, x_star, atol=1e-8)


@pytest.mark.parametrize("replace", [False, True])
def test_sgd_minibatches_near_least_squares(replace):
    rng = np.random.default_rng(1)
    A = rng.standard_normal((200, 5))
    b = A @ rng.standard_normal(5) + 0.3 * rng.standard_normal(200)
    x_star = np.linalg.lstsq(A, b, rcond=None)[0]
    x = np.zeros(5)
    opt = SGD(lr=inverse_time(2.0))
    for _ in range(100):
        for idx in minibatches(200, 10, rng, replace=replace):
            opt.step([x], [_least_squares_grad(A[idx], b[idx])(x)])
    # 2000 noisy steps with s_k = s0/k: close to x*, not exact
    assert np.linalg.norm(x - x_star) < 1e-2 * np.linalg.norm(x_star)


def test_adam_on_rosenbrock():
    def grad(w):
        x, y = w
        return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])

    w = np.array([-1.2, 1.0])
    opt = Adam(lr=step_decay(0.02, 0.5, 2000))
    for _ in range(10_000):
        opt.step([w], [grad(w)])
    np.testing.assert_allclose(w, [1.0, 1.0], atol=1e-8)


def test_optimizer_handles_several_arrays_in_place():
    targets = [np.arange(6.0).reshape(2, 3), np.array([-1.0])]
    params = [np.zeros((2, 3)), np.zeros(1)]
    ids = [id(p) for p in params]
    opt = Momentum(lr=0.1, beta=0.5)
    for _ in range(300):
        opt.step(params, [p - t for p, t in zip(params, targets)])
    assert [id(p) for p in params] == ids
    for p, t in zip(params, targets):
        np.testing.assert_allclose(p, t, atol=1e-12)


def test_nesterov_is_not_heavy_ball():
    a, b = np.array([1.0]), np.array([1.0])
    ma, nb = Momentum(0.1, 0.9), Nesterov(0.1, 0.9)
    for _ in range(3):
        ma.step([a], [a.copy()])
        nb.step([b], [b.copy()])
    assert a[0] != pytest.approx(b[0])


# ------------------------------------------------------ exact rates, kappa = 100


def test_rate_formulas():
    assert gd_rate(100) == pytest.approx(99 / 101)
    assert momentum_rate(100) == pytest.approx(9 / 11)
    # the values quoted for kappa = 100
    assert round(gd_rate(100), 3) == 0.980
    assert round(momentum_rate(100), 3) == 0.818
    s, beta = momentum_params(1.0, 100.0)
    assert beta == pytest.approx(momentum_rate(100) ** 2)
    assert s == pytest.approx(4 / 121)
    assert gd_step(1.0, 100.0) == pytest.approx(2 / 101)
    assert gd_rate(1) == 0.0


def _error_norms(opt, lam, steps):
    x = np.ones_like(lam)
    norms = []
    for _ in range(steps):
        opt.step([x], [lam * x])  # gradient of (1/2) sum lam_i x_i^2
        norms.append(np.linalg.norm(x))
    return np.array(norms)


def test_measured_rates_on_diagonal_quadratic():
    mu, L = 1.0, 100.0
    lam = np.linspace(mu, L, 12)
    k1, k2 = 200, 400

    e = _error_norms(SGD(lr=gd_step(mu, L)), lam, k2)
    measured = (e[k2 - 1] / e[k1 - 1]) ** (1 / (k2 - k1))
    # both extreme eigenvectors shrink by exactly (kappa-1)/(kappa+1) per step
    assert measured == pytest.approx(gd_rate(100), abs=1e-9)

    s, beta = momentum_params(mu, L)
    e = _error_norms(Momentum(lr=s, beta=beta), lam, k2)
    measured = (e[k2 - 1] / e[k1 - 1]) ** (1 / (k2 - k1))
    # at the two ends the recursion has a double root, so e_k ~ k * rate^k:
    # remove the factor (k2/k1)^(1/(k2-k1)) of the linear term
    corrected = measured / (k2 / k1) ** (1 / (k2 - k1))
    assert corrected == pytest.approx(momentum_rate(100), abs=1e-3)
    assert measured == pytest.approx(0.818, abs=5e-3)


def test_momentum_and_nesterov_beat_gd():
    mu, L = 1.0, 100.0
    lam = np.linspace(mu, L, 12)
    gd = _error_norms(SGD(lr=gd_step(mu, L)), lam, 150)[-1]
    hb = _error_norms(Momentum(*momentum_params(mu, L)), lam, 150)[-1]
    nest = _error_norms(Nesterov(lr=1 / L, beta=9 / 11), lam, 150)[-1]
    assert hb < 1e-10 < 1e-2 < gd
    assert nest < 1e-4


# ------------------------------------------------------------ penalties


def test_weight_decay_gives_ridge_solution():
    A, b = least_squares_problem(seed=2)
    m, n = A.shape
    lam = 0.3
    ridge = np.linalg.solve(A.T @ A / m + lam * np.eye(n), A.T @ b / m)
    x = np.zeros(n)
    opt = SGD(lr=0.2, weight_decay=lam)
    for _ in range(2000):
        opt.step([x], [_least_squares_grad(A, b)(x)])
    np.testing.assert_allclose(x, ridge, atol=1e-10)


def test_l1_proximal_gives_soft_thresholding():
    # orthonormal columns: argmin (1/2)||Qx - b||^2 + lam ||x||_1 = soft(Q^T b, lam)
    rng = np.random.default_rng(4)
    Q, _ = np.linalg.qr(rng.standard_normal((30, 6)))
    c = np.array([2.0, -1.5, 0.3, -0.2, 0.05, 1.0])
    b = Q @ c
    lam = 0.4
    expected = np.sign(c) * np.maximum(np.abs(c) - lam, 0)
    x = np.zeros(6)
    opt = SGD(lr=0.5, l1=lam)
    for _ in range(200):
        opt.step([x], [Q.T @ (Q @ x - b)])
    np.testing.assert_allclose(x, expected, atol=1e-12)
    assert np.sum(x == 0.0) == 3  # exact zeros, as in LASSO


# ------------------------------------------------------ optimizer errors


def test_optimizer_validation():
    with pytest.raises(ValueError, match="lr"):
        SGD(lr=-0.1)
    with pytest.raises(ValueError, match="lr"):
        SGD(lr=0.0)
    with pytest.raises(TypeError, match="lr"):
        SGD(lr="fast")
    with pytest.raises(ValueError, match="beta must lie in"):
        Momentum(0.1, beta=1.0)
    with pytest.raises(ValueError, match="weight_decay"):
        Adam(weight_decay=-1.0)
    opt = SGD(0.1)
    with pytest.raises(ValueError, match="params and grads must have the same length, got 2 and 1"):
        opt.step([np.zeros(1), np.zeros(1)], [np.zeros(1)])
    with pytest.raises(ValueError, match=r"grads\[0\] must have shape"):
        opt.step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(TypeError, match=r"params\[0\] must be a float ndarray"):
        opt.step([[0.0]], [[1.0]])
    opt.step([np.zeros(2)], [np.zeros(2)])
    with pytest.raises(ValueError, match="reset"):
        opt.step([np.zeros(3)], [np.zeros(3)])
    opt.reset()
    opt.step([np.zeros(3)], [np.zeros(3)])
    bad = SGD(lr=lambda k: -1.0)
    with pytest.raises(ValueError, match="must be positive"):
        bad.step([np.zeros(1)], [np.zeros(1)])


@pytest.mark.parametrize("make", [lambda: optim.SGD(0.1), lambda: optim.Momentum(0.1),
                                  lambda: optim.Adam(0.1)])
def test_complex_gradient_is_refused_by_name(make):
    # a complex gradient lost its imaginary part with a ComplexWarning (issue 16)
    p = np.zeros(2)
    with pytest.raises(TypeError, match=r"grads\[0\] must hold real numbers"):
        make().step([p], [np.array([1j, 0.0])])
    assert np.array_equal(p, [0.0, 0.0])


# --------------------------------------------------------------------------- issue 16 fix round

def test_step_refuses_none_by_name_and_lets_non_finite_values_propagate():
    opt = SGD(0.1)
    with pytest.raises(TypeError, match="params must be a list of arrays, got None"):
        opt.step(None, [np.ones(2)])
    with pytest.raises(TypeError, match="grads must be a list of arrays, got None"):
        opt.step([np.zeros(2)], None)
    # an inner step of a run (documented): a diverging run stays visible as inf/NaN
    assert "non-finite values in ``params`` or ``grads`` propagate" in optim.Optimizer.step.__doc__
    w = np.zeros(2)
    opt.step([w], [np.array([np.inf, 1.0])])
    assert w[0] == -np.inf and w[1] == -0.1


@pytest.mark.parametrize("fn", [gd_step, momentum_params])
def test_mu_above_L_blames_mu_and_L_together(fn):
    # gd_step(1e308, 100) said "L must lie in [1e+308, inf)" (issue 16)
    with pytest.raises(ValueError, match=r"mu must be <= L .* got mu=1e\+308, L=100"):
        fn(1e308, 100.0)
    with pytest.raises(ValueError, match=r"L must lie in \(0, inf\)"):
        fn(1.0, -1.0)
    assert fn(2.0, 2.0) == fn(2.0, 2.0)  # mu = L is allowed
