"""Tests for lfd.sgd: optimizers on problems with known answers, the exact
rates on a quadratic, minibatches, schedules, early stopping, dropout,
batch normalization, K-fold cross-validation and the training loop."""

import doctest
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import sgd
from lfd.layer import Layer, Sequential
from lfd.losses import binary_cross_entropy, cross_entropy, square
from lfd.sgd import (
    SGD,
    Adam,
    BatchNorm,
    Dropout,
    EarlyStopping,
    Momentum,
    Nesterov,
    constant,
    cross_validate,
    epochs,
    evaluate,
    fit,
    gd_rate,
    gd_step,
    inverse_sqrt,
    inverse_time,
    kfold,
    minibatches,
    momentum_params,
    momentum_rate,
    step_decay,
)
from lfd.nets import numerical_gradient as numerical_grad


class Linear(Layer):
    """Y = X A^T + b, a minimal dense layer for these tests."""

    def __init__(self, n_in, n_out, rng=None, scale=0.1):
        super().__init__()
        rng = np.random.default_rng(rng)
        self.A = scale * rng.standard_normal((n_out, n_in))
        self.b = np.zeros(n_out)
        self.params = [self.A, self.b]
        self.grads = [np.zeros_like(self.A), np.zeros_like(self.b)]

    def forward(self, X, *, train=False):
        self.X = np.asarray(X, dtype=float)
        return self.X @ self.A.T + self.b

    def backward(self, dY):
        self.grads[0][...] = dY.T @ self.X
        self.grads[1][...] = dY.sum(axis=0)
        return dY @ self.A


class Tanh(Layer):
    def forward(self, X, *, train=False):
        self.Y = np.tanh(X)
        return self.Y

    def backward(self, dY):
        return dY * (1 - self.Y**2)


def rel_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


def least_squares_problem(m=40, n=5, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n))
    b = rng.standard_normal(m)
    return A, b


def test_doctests():
    result = doctest.testmod(sgd, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ----------------------------------------------------------- minibatches


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 60), st.data())
def test_without_replacement_covers_each_index_once(n, data):
    batch_size = data.draw(st.integers(1, n))
    seed = data.draw(st.integers(0, 2**32 - 1))
    batches = list(minibatches(n, batch_size, rng=seed))
    assert len(batches) == -(-n // batch_size)
    assert all(b.size == batch_size for b in batches[:-1])
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(n))


def test_drop_last():
    batches = list(minibatches(10, 3, rng=0, drop_last=True))
    assert [b.size for b in batches] == [3, 3, 3]
    assert len(set(np.concatenate(batches).tolist())) == 9


def test_with_replacement_uses_rng():
    n, B = 100, 10
    batches = list(minibatches(n, B, rng=1, replace=True))
    assert len(batches) == 10 and all(b.size == B for b in batches)
    drawn = np.concatenate(batches)
    # 100 draws from 100 with replacement: about 100/e indices are never drawn
    assert 20 < n - np.unique(drawn).size < 50
    again = np.concatenate(list(minibatches(n, B, rng=1, replace=True)))
    np.testing.assert_array_equal(drawn, again)
    other = np.concatenate(list(minibatches(n, B, rng=2, replace=True)))
    assert not np.array_equal(drawn, other)


def test_with_replacement_is_uniform():
    rng = np.random.default_rng(3)
    counts = np.zeros(5)
    for _ in range(400):
        for b in minibatches(5, 5, rng, replace=True):
            counts += np.bincount(b, minlength=5)
    # 2000 draws, 400 expected per index, standard deviation about 18
    assert np.all(np.abs(counts - 400) < 80)


def test_epochs_fresh_order_each_epoch():
    pairs = list(epochs(6, 6, 3, rng=0))
    assert [e for e, _ in pairs] == [1, 2, 3]
    orders = [b.tolist() for _, b in pairs]
    assert all(sorted(o) == list(range(6)) for o in orders)
    assert len({tuple(o) for o in orders}) > 1


def test_minibatch_validation():
    with pytest.raises(ValueError, match="batch_size must be at most 5"):
        minibatches(5, 6)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        minibatches(5, 0)
    with pytest.raises(TypeError, match="batch_size must be an int"):
        minibatches(5, 2.0)
    with pytest.raises(ValueError, match="n must be at least 1"):
        minibatches(0, 1)


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
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        inverse_time(1.0)(0)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        constant(1.0)(1.5)
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
    with pytest.raises(ValueError, match="2 params but 1 grads"):
        opt.step([np.zeros(1), np.zeros(1)], [np.zeros(1)])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape"):
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


# --------------------------------------------------------- early stopping


def test_early_stopping_patience_and_restore():
    w = np.zeros(2)
    stopper = EarlyStopping(patience=3)
    scores = [5.0, 4.0, 3.0, 3.5, 3.6, 3.7, 1.0]
    for step, score in enumerate(scores):
        w[:] = step
        if stopper.update(score, [w]):
            break
    assert step == 5 and stopper.stopped
    assert stopper.best == 3.0 and stopper.best_epoch == 2
    stopper.restore([w])
    np.testing.assert_array_equal(w, [2.0, 2.0])


def test_early_stopping_min_delta():
    stopper = EarlyStopping(patience=2, min_delta=0.5)
    w = np.zeros(1)
    assert not stopper.update(1.0, [w])
    assert not stopper.update(0.8, [w])  # not better by more than 0.5
    assert stopper.update(0.7, [w])
    assert stopper.best == 1.0


def test_early_stopping_errors():
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="nothing to restore"):
        EarlyStopping().restore([np.zeros(1)])


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
    with pytest.raises(ValueError, match="keep probability"):
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


# ------------------------------------------------------------- K-fold


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 50), st.data())
def test_kfold_partitions(n, data):
    K = data.draw(st.integers(2, n))
    folds = kfold(n, K, rng=data.draw(st.integers(0, 1000)))
    assert len(folds) == K
    tests = [test for _, test in folds]
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(n))
    sizes = [t.size for t in tests]
    assert max(sizes) - min(sizes) <= 1
    for train, test in folds:
        assert np.intersect1d(train, test).size == 0
        assert train.size + test.size == n


def test_kfold_seeded_and_validated():
    a = kfold(10, 3, rng=1)
    b = kfold(10, 3, rng=1)
    assert all(np.array_equal(x[1], y[1]) for x, y in zip(a, b))
    with pytest.raises(ValueError, match="K=6 folds need at least K samples"):
        kfold(5, 6)
    with pytest.raises(ValueError, match="K must be at least 2"):
        kfold(5, 1)


def test_cross_validate_runs_every_fold():
    X = np.arange(12.0)[:, None]
    y = 2 * X[:, 0]
    seen = []

    def fit_score(Xtr, ytr, Xte, yte):
        seen.append(Xte[:, 0].tolist())
        slope = np.linalg.lstsq(Xtr, ytr, rcond=None)[0]
        return float(np.mean((Xte @ slope - yte) ** 2))

    scores = cross_validate(fit_score, X, y, K=4, rng=0)
    assert scores.shape == (4,)
    np.testing.assert_allclose(scores, 0, atol=1e-20)
    assert sorted(sum(seen, [])) == list(range(12))
    with pytest.raises(ValueError, match="same number of samples"):
        cross_validate(fit_score, X, y[:5])


# ----------------------------------------------------------- training loop


def two_blobs(n=200, seed=0):
    rng = np.random.default_rng(seed)
    y = np.repeat([0, 1], n // 2)
    X = rng.standard_normal((n, 2)) + np.where(y[:, None] == 1, 2.0, -2.0)
    return X, y


def test_fit_logistic_regression():
    X, y = two_blobs()
    Xv, yv = two_blobs(seed=1)
    net = Sequential([Linear(2, 1, rng=0)])
    h = fit(net, X, y, binary_cross_entropy, SGD(lr=0.5), epochs=10, batch_size=20, rng=0, X_val=Xv, y_val=yv)
    assert h["epoch"] == list(range(11))
    assert set(h) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 11 for v in h.values())
    assert h["loss"][-1] < h["loss"][0] / 5
    assert h["accuracy"][-1] > 0.97 and h["val_accuracy"][-1] > 0.97
    # the record is the test-mode loss of the final net
    assert h["val_loss"][-1] == pytest.approx(evaluate(net, Xv, yv, binary_cross_entropy)[0])


def test_fit_full_batch_least_squares():
    A, b = least_squares_problem(seed=3)
    net = Linear(5, 1, rng=1)
    h = fit(net, A, b, square, Momentum(lr=0.5, beta=0.5), epochs=300, batch_size=A.shape[0])
    assert "accuracy" not in h
    # the layer has a bias: compare with least squares on [A, 1]
    sol = np.linalg.lstsq(np.column_stack([A, np.ones(len(b))]), b, rcond=None)[0]
    np.testing.assert_allclose(net.A[0], sol[:5], atol=1e-8)
    np.testing.assert_allclose(net.b, sol[5:], atol=1e-8)


def test_fit_multiclass_with_dropout_and_batchnorm():
    rng = np.random.default_rng(4)
    centers = np.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0]])
    y = rng.integers(0, 3, 300)
    X = centers[y] + 0.7 * rng.standard_normal((300, 2))
    net = Sequential([Linear(2, 16, rng=1, scale=0.5), BatchNorm(16), Tanh(), Dropout(0.8, rng=2), Linear(16, 3, rng=3)])
    h = fit(net, X, y, cross_entropy, Adam(lr=0.01), epochs=15, batch_size=30, rng=5)
    assert h["accuracy"][-1] > 0.95
    assert len(net.params) == 6


def test_fit_is_reproducible_from_seed():
    X, y = two_blobs(n=60)
    runs = []
    for _ in range(2):
        net = Linear(2, 1, rng=0)
        runs.append(fit(net, X, y, binary_cross_entropy, SGD(0.1), 3, 7, rng=11)["loss"])
    assert runs[0] == runs[1]


def test_fit_early_stopping_restores_best():
    # training pulls w from -1 toward +1; the validation targets want w = 0,
    # so the validation loss falls, then rises after w passes 0
    x = np.linspace(-1, 1, 21)[:, None]
    net = Linear(1, 1)
    net.A[:] = -1.0
    stopper = EarlyStopping(patience=3)
    h = fit(
        net, x, x[:, 0], square, SGD(lr=0.1), epochs=200, batch_size=21,
        X_val=x, y_val=np.zeros(21), early_stopping=stopper,
    )
    best = int(np.argmin(h["val_loss"]))
    assert stopper.stopped and stopper.best_epoch == best
    assert len(h["epoch"]) == best + 1 + 3  # stopped after `patience` worse epochs
    assert h["epoch"][-1] < 200
    np.testing.assert_array_equal(net.A, stopper.best_params[0])
    assert abs(net.A[0, 0]) < 0.05
    assert evaluate(net, x, np.zeros(21), square)[0] == pytest.approx(h["val_loss"][best])


def test_fit_progress_goes_to_stderr_only(capsys):
    X, y = two_blobs(n=40)
    fit(Linear(2, 1), X, y, binary_cross_entropy, SGD(0.1), 3, 10, rng=0)
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    fit(Linear(2, 1), X, y, binary_cross_entropy, SGD(0.1), 3, 10, rng=0, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "3/3 epochs" in err and "#" in err


def test_fit_validation():
    X, y = two_blobs(n=20)
    args = dict(loss=binary_cross_entropy, optimizer=SGD(0.1))
    with pytest.raises(ValueError, match="batch_size must be at most 20"):
        fit(Linear(2, 1), X, y, epochs=1, batch_size=21, **args)
    with pytest.raises(ValueError, match="epochs must be at least 0"):
        fit(Linear(2, 1), X, y, epochs=-1, batch_size=2, **args)
    with pytest.raises(ValueError, match="same number of samples"):
        fit(Linear(2, 1), X, y[:5], epochs=1, batch_size=2, **args)
    with pytest.raises(ValueError, match="both X_val and y_val"):
        fit(Linear(2, 1), X, y, epochs=1, batch_size=2, X_val=X, **args)
    with pytest.raises(ValueError, match="early_stopping needs validation data"):
        fit(Linear(2, 1), X, y, epochs=1, batch_size=2, early_stopping=EarlyStopping(), **args)
    with pytest.raises(TypeError, match="net must be an lfd Layer"):
        fit(object(), X, y, epochs=1, batch_size=2, **args)
    with pytest.raises(TypeError, match="optimizer must have a step"):
        fit(Linear(2, 1), X, y, binary_cross_entropy, "adam", epochs=1, batch_size=2)
