"""Central differences, and backpropagation checked against them."""

from __future__ import annotations

import numpy as np

from lfd._validate import check_array, check_callable, check_int, check_real, check_rng
from lfd.nn.layer import Layer

__all__ = ["numerical_gradient", "gradient_check"]


def numerical_gradient(f, x, h=1e-6):
    """Central-difference gradient (f(x + h e_i) - f(x - h e_i)) / 2h of a scalar f.

    f : callable, f(x) -> float; x : array_like, any shape, finite (never
    modified); h : float in (0, 1]. Returns an array of x's shape (NaN where f gave
    NaN). Strang §VII.3; chapter 03.

    >>> g = numerical_gradient(lambda x: (x**2).sum(), [1.0, -2.0])
    >>> np.round(g, 6)
    array([ 2., -4.])
    """
    check_callable(f, "f")
    h = check_real(h, "h", min=0.0, min_open=True, max=1.0)
    x = check_array(x, "x").copy()
    g = np.empty_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        xi = flat[i]
        flat[i] = xi + h
        up = float(f(x))
        flat[i] = xi - h
        down = float(f(x))
        flat[i] = xi
        gflat[i] = (up - down) / (2 * h)
    return g


def gradient_check(net, X, loss_fn, h=1e-6, *, max_entries: int | None = None, rng=None,
                   train=False):
    """Largest relative error between backprop and central differences, per parameter.

    net : lfd.nn.Layer (params perturbed, then restored); X : a finite batch;
    loss_fn : ``loss_fn(Y) -> (loss, dL/dY)`` for ``Y = net(X)``; h : float in (0, 1];
    max_entries : int, optional, entries per parameter (drawn with ``rng``);
    train : passed to ``net.forward``. Returns, per parameter,
    max |a - n| / (max |a| + max |n|), a = backprop, n = numerical. Strang §VII.3.

    >>> from lfd.nn import mlp
    >>> rng = np.random.default_rng(0)
    >>> half_square = lambda Y: (0.5 * float((Y**2).sum()), Y)
    >>> net, X = mlp([3, 4, 2], "tanh", rng=rng), rng.standard_normal((5, 3))
    >>> errors = gradient_check(net, X, half_square)
    >>> len(errors), max(errors) < 1e-7
    (4, True)
    """
    if not isinstance(net, Layer):
        raise TypeError(f"net must be an lfd Layer, got {type(net).__name__}")
    X = check_array(X, "X", dtype=None)
    check_callable(loss_fn, "loss_fn")
    h = check_real(h, "h", min=0.0, min_open=True, max=1.0)
    if max_entries is not None:
        max_entries = check_int(max_entries, "max_entries", min=1)
    rng = check_rng(rng)

    Y = net.forward(X, train=train)
    result = loss_fn(Y)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError("loss_fn must return a pair (loss, dL/dY)")
    check_real(float(result[0]), "loss_fn's loss at net(X)")
    net.backward(check_array(result[1], "loss_fn's dL/dY", shape=np.shape(Y), dtype=None))
    errors = []
    grads = [np.array(g, dtype=np.float64) for g in net.grads]
    for k, (p, grad) in enumerate(zip(net.params, grads)):
        check_array(p, f"net.params[{k}]", dtype=None)
        flat = p.reshape(-1)
        if not np.shares_memory(flat, p):
            raise ValueError("parameters must be contiguous arrays (updated in place)")
        entries = np.arange(flat.size)
        if max_entries is not None and flat.size > max_entries:
            entries = rng.choice(flat.size, size=max_entries, replace=False)
        saved = flat[entries].copy()

        def loss_at(values, flat=flat, entries=entries):
            flat[entries] = values
            return loss_fn(net.forward(X, train=train))[0]

        try:
            numeric = numerical_gradient(loss_at, saved, h)
        finally:
            flat[entries] = saved
        a = grad.reshape(-1)[entries]
        scale = float(np.abs(a).max(initial=0.0) + np.abs(numeric).max(initial=0.0))
        worst = float(np.abs(a - numeric).max(initial=0.0))
        errors.append(0.0 if scale == 0 else worst / scale)  # NaN stays NaN
    return errors
