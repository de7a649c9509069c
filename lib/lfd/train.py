"""Training runs: minibatches, the loop :func:`fit`, early stopping, K-fold.

A net is an :class:`lfd.nn.layer.Layer`, a loss ``value, dZ = loss(Z, y)``
(:mod:`lfd.losses`), an optimizer has ``step(params, grads)`` (:mod:`lfd.optim`).
Strang §VII.4; chapter 04.
"""

import sys

import numpy as np

from lfd import losses
from lfd._validate import (check_array, check_callable, check_choice, check_int, check_list,
                           check_real, check_rng, check_same_length)

__all__ = ["minibatches", "epochs", "EarlyStopping", "kfold", "cross_validate",
           "evaluate", "fit"]


def minibatches(n: int, batch_size: int, rng=None, *, replace=False, drop_last=False):
    """Index arrays of the minibatches of one epoch.

    n : int >= 1 samples; batch_size : int in [1, n]; rng : None, int or Generator.
    ``replace=False`` cuts one random order of 0..n-1 into consecutive batches
    (``drop_last`` drops a short last one); ``replace=True`` draws every index
    uniformly. Returns an iterator of ceil(n / batch_size) int arrays. Strang §VII.4.

    >>> [b.tolist() for b in minibatches(5, 2, rng=0)]
    [[2, 4], [3, 0], [1]]
    """
    n = check_int(n, "n", min=1)
    batch_size = check_int(batch_size, "batch_size", min=1, max=n)
    rng = check_rng(rng)
    if replace:
        return (rng.integers(0, n, size=batch_size) for _ in range(-(-n // batch_size)))
    stop = n - n % batch_size if drop_last else n
    order = rng.permutation(n)
    return (order[start : min(start + batch_size, stop)] for start in range(0, stop, batch_size))


def epochs(n: int, batch_size: int, n_epochs: int, rng=None, *, replace=False,
           drop_last=False):
    """``(epoch, indices)`` pairs for epochs 1..n_epochs; one rng drives them all.

    >>> [(e, b.size) for e, b in epochs(4, 3, 2, rng=0)]
    [(1, 3), (1, 1), (2, 3), (2, 1)]
    """
    n = check_int(n, "n", min=1)
    batch_size = check_int(batch_size, "batch_size", min=1, max=n)
    n_epochs = check_int(n_epochs, "n_epochs", min=0)
    rng = check_rng(rng)
    return ((epoch, idx) for epoch in range(1, n_epochs + 1)
            for idx in minibatches(n, batch_size, rng, replace=replace, drop_last=drop_last))


class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` checks.

    An improvement lowers the best score by more than ``min_delta``; the best
    parameters are copied, :meth:`restore` writes them back. Strang §VII.4.

    >>> w, stopper = np.zeros(1), EarlyStopping(patience=2)
    >>> for score in [3.0, 2.0, 2.5, 2.7, 1.0]:
    ...     w += 1
    ...     if stopper.update(score, [w]):
    ...         break
    >>> stopper.best, stopper.best_epoch, w
    (2.0, 1, array([4.]))
    >>> stopper.restore([w]); w
    array([2.])
    """

    def __init__(self, patience: int = 10, min_delta=0.0):
        self.patience = check_int(patience, "patience", min=1)
        self.min_delta = check_real(min_delta, "min_delta", min=0.0)
        self.best, self.best_epoch, self.best_params = np.inf, None, None
        self.wait, self.n_checks, self.stopped = 0, 0, False

    def update(self, score, params):
        """Record one validation score; True when training should stop.

        NaN and +inf (a diverged run) never improve, -inf is refused. ``params`` (a list
        of real arrays, the shapes of the first call) are copied when the score improves;
        they must then be finite (a finite score does not come from NaN weights).
        """
        try:
            score = check_real(score, "score", finite=False)
        except ValueError:  # NaN: a diverged run
            score = np.nan
        if score == -np.inf:
            raise ValueError("score must be a loss: a real number, +inf or NaN, got -inf")
        params = [check_array(p, f"params[{i}]", dtype="same", finite=False)
                  for i, p in enumerate(check_list(params, "params"))]
        if self.best_params is not None:
            self._check_shapes(params)
        if score < self.best - self.min_delta:  # copies first: a refused call records nothing
            self.best_params = [np.array(check_array(p, f"params[{i}]", dtype="same"), copy=True)
                                for i, p in enumerate(params)]
            self.best, self.best_epoch, self.wait = score, self.n_checks, 0
        else:
            self.wait += 1
            self.stopped = self.stopped or self.wait >= self.patience
        self.n_checks += 1
        return self.stopped

    def _check_shapes(self, params):  # params: a list, like the recorded parameters
        check_same_length("params", params, "the recorded parameters", self.best_params)
        for i, (p, best) in enumerate(zip(params, self.best_params)):
            if np.shape(p) != best.shape:
                raise ValueError(f"params[{i}] must have shape {best.shape}, got {np.shape(p)}")

    def restore(self, params):
        """Copy the best parameters back into ``params``, real arrays of the recorded shapes
        (in place: their values, even NaN from a diverged run, are overwritten)."""
        if self.best_params is None:
            raise ValueError("no finite score recorded yet: nothing to restore")
        params = check_list(params, "params")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                got = getattr(p, "dtype", type(p).__name__)
                raise TypeError(f"params[{i}] must be a floating numpy array, got {got}")
        self._check_shapes(params)
        for p, best in zip(params, self.best_params):
            np.copyto(p, best)


def kfold(n: int, K: int = 5, rng=None, *, shuffle=True):
    """K pairs ``(train_idx, test_idx)``: each of K folds of 0..n-1 is the test set once.

    Fold sizes differ by at most one; ``shuffle=False`` keeps consecutive blocks. Strang §VII.4.

    >>> [test.tolist() for train, test in kfold(5, K=2, shuffle=False)]
    [[0, 1, 2], [3, 4]]
    """
    n = check_int(n, "n", min=1)
    K = check_int(K, "K", min=2)
    if K > n:
        raise ValueError(f"K={K} folds need at least K samples, got n={n}")
    rng = check_rng(rng)  # checked even when shuffle=False leaves it unused
    order = rng.permutation(n) if shuffle else np.arange(n)
    folds = np.array_split(order, K)
    return [(np.sort(np.concatenate(folds[:j] + folds[j + 1:])), test)
            for j, test in enumerate(folds)]


def _samples(X, y, name_X="X", name_y="y"):
    """X and y as arrays (dtypes kept), checked real and finite, with the same number
    (at least one) of samples: the data of a run."""
    shape_X = check_array(X, name_X, dtype=None, min_size=1).shape
    shape_y = check_array(y, name_y, dtype=None).shape
    if not shape_X or not shape_y or shape_X[0] != shape_y[0]:
        raise ValueError(f"{name_X} and {name_y} must have the same number of samples, "
                         f"got shapes {shape_X} and {shape_y}")
    return np.asarray(X), np.asarray(y)


def cross_validate(fit_score, X, y, K: int = 5, rng=None, *, shuffle=True):
    """The K scores ``fit_score(X_train, y_train, X_test, y_test)`` over :func:`kfold`.

    >>> X = np.zeros((6, 1)); y = np.array([1.0, 1, 1, 3, 3, 3])
    >>> mse = lambda Xtr, ytr, Xte, yte: float(np.mean((yte - ytr.mean()) ** 2))
    >>> cross_validate(mse, X, y, K=2, shuffle=False)
    array([4., 4.])
    """
    check_callable(fit_score, "fit_score")
    X, y = _samples(X, y)
    folds = kfold(X.shape[0], K, rng, shuffle=shuffle)
    return np.array([float(fit_score(X[tr], y[tr], X[te], y[te])) for tr, te in folds])


_CLASSIFICATION_LOSSES = (losses.binary_cross_entropy, losses.cross_entropy,
                          losses.hinge, losses.multiclass_hinge)


def evaluate(net, X, y, loss, metric=None):
    """``(loss value, metric value or None)`` of ``net`` on (X, y) in test mode.

    X, y: real, finite arrays with the same number (at least one) of samples.
    """
    check_callable(loss, "loss")
    X, y = _samples(X, y)
    return _evaluate(net, X, y, loss, metric)


def _evaluate(net, X, y, loss, metric):  # X, y checked (fit checks them once)
    Z = net.forward(X, train=False)
    value = float(loss(Z, y)[0])
    return value, (None if metric is None else float(metric(Z, y)))


def fit(net, X, y, loss, optimizer, epochs: int, batch_size: int, rng=None, X_val=None,
        y_val=None, *, replace=False, metric="auto", early_stopping=None, progress=False):
    """Train ``net`` by minibatch gradient descent; return the history.

    Parameters
    ----------
    net : lfd.nn.layer.Layer
    X, y : real, finite arrays, shapes (n, ...), n >= 1; y in the form ``loss`` expects
    loss : callable ``loss(Z, y) -> (value, dZ)``, e.g. lfd.losses.cross_entropy
    optimizer : anything with ``step(params, grads)``, e.g. lfd.optim.SGD
    epochs : int >= 0; batch_size : int in [1, n]; rng : shuffles the minibatches
    X_val, y_val : arrays, optional; evaluated after every epoch
    replace : minibatches with replacement; progress : a text progress bar on stderr
    metric : "auto" (lfd.losses.accuracy for classification losses), callable or None
    early_stopping : EarlyStopping, optional; restores the best parameters at the end

    Returns a dict of lists, in test mode: "epoch" (0 = untrained), "loss",
    "accuracy" (with a metric), "val_loss", "val_accuracy". Strang §VII.4.

    >>> from lfd.nn import mlp; from lfd.optim import SGD
    >>> h = fit(mlp([1, 1], rng=0), np.array([[-1.0], [1.0]]), np.array([0, 1]),
    ...         losses.binary_cross_entropy, SGD(lr=1.0), epochs=3, batch_size=2)
    >>> h["epoch"], h["accuracy"][-1]
    ([0, 1, 2, 3], 1.0)
    """
    X, y = _samples(X, y)
    n = X.shape[0]
    for attr in ("forward", "backward", "params", "grads"):
        if not hasattr(net, attr):
            raise TypeError(f"net must be an lfd Layer (it has no {attr!r}), got {type(net).__name__}")
    check_callable(loss, "loss")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}")
    epochs = check_int(epochs, "epochs", min=0)
    batch_size = check_int(batch_size, "batch_size", min=1, max=n)
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = _samples(X_val, y_val, "X_val", "y_val")
    if early_stopping is not None:
        if not isinstance(early_stopping, EarlyStopping):
            raise TypeError(f"early_stopping must be an EarlyStopping, got {type(early_stopping).__name__}")
        if X_val is None:
            raise ValueError("early_stopping needs validation data X_val, y_val")
    if isinstance(metric, str):
        check_choice(metric, "metric", ("auto",))
        metric = losses.accuracy if loss in _CLASSIFICATION_LOSSES else None
    elif metric is not None:
        check_callable(metric, "metric")
    rng = check_rng(rng)

    keys = ["epoch", "loss"] + ["accuracy"] * (metric is not None)
    if X_val is not None:
        keys += ["val_loss"] + ["val_accuracy"] * (metric is not None)
    history = {key: [] for key in keys}

    def record(epoch):
        history["epoch"].append(epoch)
        for prefix, data in (("", (X, y)), ("val_", (X_val, y_val))):
            if data[0] is None:
                continue
            value, score = _evaluate(net, *data, loss, metric)
            history[prefix + "loss"].append(value)
            if metric is not None:
                history[prefix + "accuracy"].append(score)
        if early_stopping is not None:
            return early_stopping.update(history["val_loss"][-1], net.params)
        return False

    stop = record(0)
    for epoch in range(1, epochs + 1):
        if stop:
            break
        for idx in minibatches(n, batch_size, rng, replace=replace):
            Z = net.forward(X[idx], train=True)
            _, dZ = loss(Z, y[idx])
            net.backward(dZ)
            optimizer.step(net.params, net.grads)
        stop = record(epoch)
        if progress:  # on stderr, never in a notebook's saved text
            bar = "#" * (30 * epoch // max(epochs, 1))
            sys.stderr.write(f"\r[{bar:.<30}] {epoch}/{epochs} epochs loss {history['loss'][-1]:.4g}")
            sys.stderr.flush()
    if progress:
        sys.stderr.write("\n")
    if early_stopping is not None and early_stopping.best_params is not None:
        early_stopping.restore(net.params)
    return history
