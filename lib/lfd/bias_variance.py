"""Bias, variance and noise: the error of a model family, measured over many training sets.

E[(f̂(x) - y)²] = (E f̂(x) - f(x))² + E[(f̂(x) - E f̂(x))²] + σ² (bias², variance,
noise; Strang §VII.4, "Regularization"). :func:`simulate` fits a family to many
training sets, :func:`decompose` measures the three parts and
:func:`measured_error` the left side directly. Families: polynomials
(:func:`polynomial_fit`), random ReLU features with a minimum-norm output
layer (:func:`relu_features_fit`, double descent) and trained ReLU nets
(:func:`relu_net_fit`). Chapter 04-hyperparameters.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lfd import losses
from lfd._validate import (check_array, check_callable, check_int, check_interval, check_real,
                           check_rng, check_same_length)
from lfd.activations import relu
from lfd.nn import mlp
from lfd.optim import Adam

__all__ = ["Decomposition", "decompose", "mean_fit", "measured_error", "simulate",
           "polynomial_fit", "relu_features_fit", "relu_net_fit"]


class Decomposition(NamedTuple):
    """Averages over the test points: bias², variance, noise and their sum."""

    bias2: float
    variance: float
    noise: float
    error: float


def _predictions(predictions):
    P = check_array(predictions, "predictions", ndim=2)
    if P.shape[0] < 2 or P.shape[1] == 0:
        raise ValueError(f"predictions must have shape (n_sets >= 2, n_points >= 1), got {P.shape}")
    return P


def _fits(predictions, f_values):
    P, f = _predictions(predictions), check_array(f_values, "f_values")
    if f.shape != (P.shape[1],):
        raise ValueError(f"predictions must have shape (n_sets, n_points) and f_values (n_points,), "
                         f"got {P.shape} and {f.shape}")
    return P, f


def mean_fit(predictions):
    """E f̂ at each test point: the mean over sets of finite ``predictions`` (n_sets >= 2, n_points)."""
    return _predictions(predictions).mean(axis=0)


def decompose(predictions, f_values, noise):
    """Bias², variance and noise of a family of fits, averaged over the test points.

    Parameters
    ----------
    predictions : array_like, shape (n_sets, n_points), finite, n_sets >= 2
        Row k: the fit to training set k at the test points.
    f_values : array_like, shape (n_points,), the true function there
    noise : float in [0, 1e150], σ of the noise in y = f(x) + ε

    Returns a :class:`Decomposition`; ``error`` is the expected square error at
    a new point with new noise.

    >>> decompose([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], noise=0.5)
    Decomposition(bias2=0.5, variance=1.0, noise=0.25, error=1.75)
    """
    P, f = _fits(predictions, f_values)
    noise = check_real(noise, "noise", min=0.0, max=1e150)
    bias2 = float(np.mean((mean_fit(P) - f) ** 2))
    variance = float(np.mean(P.var(axis=0)))
    return Decomposition(bias2, variance, noise**2, bias2 + variance + noise**2)


def measured_error(predictions, f_values, noise, rng=None, repeats: int = 20):
    """Mean of (prediction - (f + ε))² over sets, points and ``repeats`` fresh noise draws.

    Arguments as :func:`decompose`; rng: None, int or numpy.random.Generator.

    >>> round(measured_error([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], 0.5, rng=0, repeats=20000), 2)
    1.75
    """
    P, f = _fits(predictions, f_values)
    noise = check_real(noise, "noise", min=0.0, max=1e150)
    repeats = check_int(repeats, "repeats", min=1)
    y = f + noise * check_rng(rng).standard_normal((repeats, *P.shape))
    return float(np.mean((P - y) ** 2))


def simulate(fit, f, *, n_train: int, noise, n_sets: int, x_test, interval=(-1.0, 1.0),
             fixed_x=False, rng=None):
    """Fit a model to ``n_sets`` independent training sets and predict at ``x_test``.

    Parameters
    ----------
    fit : callable ``fit(x, y, x_test, rng) -> predictions at x_test``
    f : callable, the true function (vectorized)
    n_train : int >= 1, points per set, x uniform in ``interval`` (float, float)
    noise : float >= 0, σ of the Gaussian noise added to f(x); n_sets : int >= 1
    x_test : array_like, shape (n_points,)
    fixed_x : bool, default False; True: the same equally spaced x in every set
    rng : None, int or numpy.random.Generator; draws the sets, passed on to ``fit``

    Returns predictions (n_sets, n_points) and the training sets, a list of (x, y).

    >>> P, sets = simulate(polynomial_fit(1), np.sin, n_train=5, noise=0.1, n_sets=3,
    ...                    x_test=np.linspace(-1, 1, 4), rng=0)
    >>> P.shape, len(sets), sets[0][0].shape
    ((3, 4), 3, (5,))
    """
    check_callable(fit, "fit")
    check_callable(f, "f")
    n_train = check_int(n_train, "n_train", min=1)
    noise = check_real(noise, "noise", min=0.0)
    n_sets = check_int(n_sets, "n_sets", min=1)
    x_test = check_array(x_test, "x_test", ndim=1)
    low, high = check_interval(interval, "interval")
    rng = check_rng(rng)
    out, sets = np.empty((n_sets, x_test.size)), []
    for k in range(n_sets):
        x = np.linspace(low, high, n_train) if fixed_x else rng.uniform(low, high, n_train)
        y = f(x) + noise * rng.standard_normal(n_train)
        out[k] = fit(x, y, x_test, rng)
        sets.append((x, y))
    return out, sets


def _fit_data(x, y, x_test):
    """The arguments of a fit: finite x and y of shape (n,), finite x_test (p,)."""
    x, y = check_array(x, "x", ndim=1), check_array(y, "y", ndim=1)
    check_same_length("x", x, "y", y)
    return x, y, check_array(x_test, "x_test", ndim=1)


def _min_norm_lstsq(Phi, y):
    """Φ⁺y: least squares, and the smallest ‖w‖ among exact fits when there are many."""
    if not np.all(np.isfinite(Phi)):  # LAPACK may hang on infinities
        raise ValueError("x is too large: its features overflowed to infinity")
    return np.linalg.lstsq(Phi, y, rcond=None)[0]


def polynomial_fit(degree: int):
    """Least-squares polynomial of a degree (int >= 0), minimum norm past interpolation.

    Legendre basis on [-1, 1]. Returns ``fit(x, y, x_test, rng=None)`` for :func:`simulate`.

    >>> x = np.array([-1.0, 0.0, 0.5, 1.0])
    >>> np.round(polynomial_fit(2)(x, x**2, np.array([0.25])), 10)
    array([0.0625])
    """
    degree = check_int(degree, "degree", min=0)

    def fit(x, y, x_test, rng=None):
        x, y, x_test = _fit_data(x, y, x_test)
        V = np.polynomial.legendre.legvander(x, degree)
        return np.polynomial.legendre.legvander(x_test, degree) @ _min_norm_lstsq(V, y)

    return fit


def relu_features_fit(width: int, interval=(-1.0, 1.0)):
    """Random ReLU features φ_j(x) = ReLU(a_j(x - c_j)), output weights w = Φ⁺y ("ridgeless").

    ``width`` (int >= 1) features; kink c_j uniform in the j-th of N equal parts of
    ``interval``, slope ±|N(0, 1)|, drawn anew for each set. The test error peaks
    at width = n and falls again beyond: double descent (Strang §VII.4, A⁺b).
    Returns ``fit(x, y, x_test, rng)`` for :func:`simulate`.

    >>> x = np.linspace(-1, 1, 10)
    >>> bool(np.allclose(relu_features_fit(50)(x, np.sin(3 * x), x, rng=0), np.sin(3 * x)))
    True
    """
    width = check_int(width, "width", min=1)
    low, high = check_interval(interval, "interval")

    def fit(x, y, x_test, rng=None):
        x, y, x_test = _fit_data(x, y, x_test)
        rng = check_rng(rng)
        c = low + (high - low) * (np.arange(width) + rng.uniform(0, 1, width)) / width
        a = rng.choice([-1.0, 1.0], width) * np.abs(rng.standard_normal(width))
        b = -a * c
        w = _min_norm_lstsq(relu(np.outer(x, a) + b), y)
        return relu(np.outer(x_test, a) + b) @ w

    return fit


def relu_net_fit(width: int, steps: int = 1500, lr=0.02):
    """A trained [1, width, 1] ReLU net: He start, ``steps`` full-batch Adam steps (rate ``lr``) on square loss.

    Returns ``fit(x, y, x_test, rng)`` for :func:`simulate`.

    >>> x = np.linspace(-1, 1, 20)
    >>> pred = relu_net_fit(8, steps=300)(x, 2 * x, x, rng=0)
    >>> bool(np.max(np.abs(pred - 2 * x)) < 0.2)
    True
    """
    width = check_int(width, "width", min=1)
    steps = check_int(steps, "steps", min=1)
    lr = check_real(lr, "lr", min=0.0, min_open=True)

    def fit(x, y, x_test, rng=None):
        x, y, x_test = _fit_data(x, y, x_test)
        net = mlp([1, width, 1], "relu", "he", check_rng(rng), input_grad=False)
        first = net.layers[0]  # spread the folds over the interval
        first.b[:] = check_rng(rng).uniform(-1, 1, width) * np.abs(first.A[:, 0])
        opt = Adam(lr)
        X, Y = x[:, None], y[:, None]
        for _ in range(steps):
            _, dZ = losses.square(net.forward(X, train=True), Y)
            net.backward(dZ)
            opt.step(net.params, net.grads)
        return net.forward(x_test[:, None])[:, 0]

    return fit
