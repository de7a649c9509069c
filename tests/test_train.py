"""Tests for lfd.train: minibatches, early stopping, K-fold cross-validation
and the training loop."""

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import train
from lfd.nn.layer import Layer, Sequential
from lfd.losses import binary_cross_entropy, cross_entropy, square
from lfd.nn.regularization import BatchNorm, Dropout
from lfd.optim import SGD, Adam, Momentum
from lfd.train import (
    EarlyStopping,
    cross_validate,
    epochs,
    evaluate,
    fit,
    kfold,
    minibatches,
)
from helpers import least_squares_problem


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


def test_doctests():
    result = doctest.testmod(train, optionflags=doctest.NORMALIZE_WHITESPACE)
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
    with pytest.raises(ValueError, match="batch_size must be <= 5"):
        minibatches(5, 6)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        minibatches(5, 0)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        minibatches(5, 2.0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        minibatches(0, 1)


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
    with pytest.raises(ValueError, match="K must be >= 2"):
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
    with pytest.raises(ValueError, match="batch_size must be <= 20"):
        fit(Linear(2, 1), X, y, epochs=1, batch_size=21, **args)
    with pytest.raises(ValueError, match="epochs must be >= 0"):
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


def test_early_stopping_restore_refuses_another_shape():
    # a stored (1,) array was broadcast into a (3,) parameter (issue 16)
    stopper = EarlyStopping()
    stopper.update(1.0, [np.zeros(1)])
    w = np.arange(3.0)
    with pytest.raises(ValueError, match=r"params\[0\] must have shape \(1,\), got \(3,\)"):
        stopper.restore([w])
    with pytest.raises(ValueError, match="same length"):
        stopper.restore([np.zeros(1), np.zeros(1)])
    assert np.array_equal(w, [0.0, 1.0, 2.0])  # untouched


# --------------------------------------------------------------------------- issue 16 fix round

def _tiny_run():
    from lfd.nn import mlp
    X, y = np.array([[-1.0], [1.0], [-2.0], [2.0]]), np.array([0, 1, 0, 1])
    return mlp([1, 2, 1], rng=0), X, y


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_doors_of_a_run_refuse_non_finite_data_by_name(bad):
    net, X, y = _tiny_run()
    Xb = X.copy()
    Xb[0, 0] = bad
    with pytest.raises(ValueError, match="X must hold finite values"):
        fit(net, Xb, y, binary_cross_entropy, SGD(lr=0.1), epochs=1, batch_size=2)
    with pytest.raises(ValueError, match="X must hold finite values"):
        evaluate(net, Xb, y, binary_cross_entropy)  # was (nan, ...) silently
    mse = lambda Xtr, ytr, Xte, yte: float(np.mean((yte - ytr.mean()) ** 2))  # noqa: E731
    with pytest.raises(ValueError, match="X must hold finite values"):
        cross_validate(mse, Xb, y.astype(float), K=2)
    with pytest.raises(ValueError, match="y must hold finite values"):
        cross_validate(mse, X, np.array([0.0, bad, 1.0, 1.0]), K=2)


def test_evaluate_refuses_an_empty_batch_by_name():
    net, X, y = _tiny_run()
    with pytest.raises(ValueError, match="X must hold at least 1 entries"):
        evaluate(net, X[:0], y[:0], binary_cross_entropy)  # was "z is empty"
    assert evaluate(net, X, y, binary_cross_entropy) == evaluate(net, X.tolist(), y, binary_cross_entropy)


@pytest.mark.parametrize("rng", [1.5, "seed", object()])
def test_rng_is_checked_even_without_shuffling(rng):
    with pytest.raises(TypeError, match="rng must be None, an integer seed or a numpy Generator"):
        kfold(6, K=2, rng=rng, shuffle=False)
    with pytest.raises(TypeError, match="rng must be"):
        cross_validate(lambda *a: 0.0, np.zeros((6, 1)), np.zeros(6), K=2, rng=rng, shuffle=False)


def test_early_stopping_update_checks_params_and_score():
    es = EarlyStopping(patience=3)
    with pytest.raises(TypeError, match="params must be a list of arrays, got None"):
        es.update(1.0, None)
    with pytest.raises(TypeError, match=r"params\[0\] must hold real numbers"):
        es.update(1.0, [np.array([1j, 0.0])])
    with pytest.raises(ValueError, match=r"params\[0\] must hold finite values"):
        es.update(1.0, [np.array([np.nan, 0.0])])  # a finite best score with NaN weights
    assert es.best_params is None and es.n_checks == 0 and es.best == np.inf  # nothing recorded
    es.update(1.0, [np.ones(3)])
    with pytest.raises(ValueError, match=r"params\[0\] must have shape \(3,\)"):
        es.update(0.5, [np.ones((1, 3))])
    with pytest.raises(ValueError, match="score must be a loss.*-inf"):
        es.update(-np.inf, [np.ones(3)])
    # a diverged run: NaN weights with a NaN or +inf score never improve, and are not refused
    assert not es.update(np.inf, [np.full(3, np.nan)]) and not es.update(np.nan, [np.full(3, np.inf)])
    assert es.best == 1.0 and es.wait == 2 and "never improve" in es.update.__doc__
    f32 = EarlyStopping()
    f32.update(1.0, [np.ones(2, dtype=np.float32)])
    assert f32.best_params[0].dtype == np.float32  # dtypes kept, as before


def test_early_stopping_restore_overwrites_nan_but_refuses_other_arrays():
    w, stopper = np.zeros(2), EarlyStopping(patience=2)
    stopper.update(1.0, [w])
    w[:] = np.nan  # a diverged run is restored
    stopper.restore([w])
    np.testing.assert_array_equal(w, [0.0, 0.0])
    for bad, kind in ((None, TypeError), ([np.zeros(2, complex)], TypeError),
                      ([np.zeros(2, object)], TypeError), ([[0.0, 0.0]], TypeError),
                      ([np.zeros(3)], ValueError)):
        with pytest.raises(kind, match="params"):
            stopper.restore(bad)
