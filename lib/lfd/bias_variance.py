"""Bias, variance and noise: measuring the error of a model family by drawing many training sets.

Draw a training set, fit a model, predict: the prediction at x depends on
the draw. Over many draws, the expected square error at a new point
(x, y = f(x) + ε) splits into three parts (Strang §VII.4, "Regularization":
small λ raises the variance, large λ the bias):

.. math::
    E\\big[(\\hat f(x) - y)^2\\big] = \\underbrace{(E\\hat f(x) - f(x))^2}_{\\text{bias}^2}
    + \\underbrace{E\\big[(\\hat f(x) - E\\hat f(x))^2\\big]}_{\\text{variance}}
    + \\underbrace{\\sigma^2}_{\\text{noise}}.

This module draws the sets and fits three families of growing complexity:

* polynomials of degree d (:func:`polynomial_fit`), least squares, and the
  minimum-norm solution when d + 1 exceeds the number of points;
* random ReLU features (:func:`relu_features_fit`): a one-hidden-layer ReLU
  net whose first layer is random and whose output layer is the
  minimum-norm least-squares solution ("ridgeless", A⁺b). Past the
  interpolation threshold (width = number of points) the test error comes
  down again: double descent;
* trained ReLU nets of a given width (:func:`relu_net_fit`), full-batch
  Adam from :mod:`lfd.sgd`.

:func:`simulate` runs a family over many training sets and
:func:`decompose` measures the three parts; :func:`measured_error` measures
the left side directly with fresh noise, as a check.

Strang §VII.4; chapter chapters/04-hyperparameters.ipynb.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lfd import losses, nets, sgd

__all__ = ["Decomposition", "decompose", "measured_error", "simulate",
           "polynomial_fit", "relu_features_fit", "relu_net_fit"]


class Decomposition(NamedTuple):
    """Averages over the test points: bias², variance, noise and their sum."""

    bias2: float
    variance: float
    noise: float
    error: float


def decompose(predictions, f_values, noise):
    """Bias², variance and noise of a family of fits, averaged over test points.

    Parameters
    ----------
    predictions : array_like, shape (n_sets, n_points)
        Row k: the model fitted to training set k, evaluated at the test
        points.
    f_values : array_like, shape (n_points,)
        The true function at the test points.
    noise : float >= 0
        Standard deviation σ of the noise in y = f(x) + ε.

    Returns
    -------
    Decomposition
        ``bias2`` = mean over points of (mean over sets − f)²,
        ``variance`` = mean over points of the variance over sets,
        ``noise`` = σ², ``error`` = their sum: the expected square error
        at a new point with new noise.

    Examples
    --------
    >>> decompose([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], noise=0.5)
    Decomposition(bias2=0.5, variance=1.0, noise=0.25, error=1.75)
    """
    P = np.asarray(predictions, dtype=float)
    f = np.asarray(f_values, dtype=float)
    if P.ndim != 2 or f.shape != (P.shape[1],):
        raise ValueError(f"predictions must have shape (n_sets, n_points) and f_values (n_points,), "
                         f"got {P.shape} and {f.shape}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a nonnegative number, got {noise!r}")
    mean = P.mean(axis=0)
    bias2 = float(np.mean((mean - f) ** 2))
    variance = float(np.mean(P.var(axis=0)))
    return Decomposition(bias2, variance, float(noise) ** 2, bias2 + variance + float(noise) ** 2)


def measured_error(predictions, f_values, noise, rng=None, repeats=20):
    """The expected square error measured directly: new noisy targets at the test points.

    Parameters
    ----------
    predictions, f_values, noise
        As in :func:`decompose`.
    rng : None, int or numpy.random.Generator
    repeats : int, default 20
        Fresh noise draws per prediction.

    Returns
    -------
    float
        Mean of (prediction − (f + ε))² over sets, points and draws.

    Examples
    --------
    >>> round(measured_error([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], 0.5, rng=0, repeats=20000), 2)
    1.75
    """
    P = np.asarray(predictions, dtype=float)
    f = np.asarray(f_values, dtype=float)
    rng = np.random.default_rng(rng)
    y = f + noise * rng.standard_normal((repeats, *P.shape))
    return float(np.mean((P - y) ** 2))


def simulate(fit, f, *, n_train, noise, n_sets, x_test, interval=(-1.0, 1.0), fixed_x=False,
             rng=None):
    """Fit a model to ``n_sets`` independent training sets and predict at ``x_test``.

    Parameters
    ----------
    fit : callable
        ``fit(x, y, x_test, rng) -> predictions at x_test``; x, y of shape
        (n_train,).
    f : callable
        The true function (vectorized).
    n_train : int
        Points per training set, x uniform in ``interval``.
    noise : float
        σ of the Gaussian noise added to f(x).
    n_sets : int
        Number of training sets.
    x_test : array_like, shape (n_points,)
    interval : (float, float)
    fixed_x : bool, default False
        True: every set has the same equally spaced x (only the noise is
        new), the textbook "fixed design"; False: new uniform x each time.
    rng : None, int or numpy.random.Generator
        Draws the sets and is passed on to ``fit``.

    Returns
    -------
    predictions : ndarray, shape (n_sets, n_points)
    sets : list of (x, y)
        The training sets.

    Examples
    --------
    >>> P, sets = simulate(polynomial_fit(1), np.sin, n_train=5, noise=0.1, n_sets=3,
    ...                    x_test=np.linspace(-1, 1, 4), rng=0)
    >>> P.shape, len(sets), sets[0][0].shape
    ((3, 4), 3, (5,))
    """
    rng = np.random.default_rng(rng)
    x_test = np.asarray(x_test, dtype=float)
    out, sets = np.empty((n_sets, x_test.size)), []
    for k in range(n_sets):
        x = np.linspace(*interval, n_train) if fixed_x else rng.uniform(*interval, n_train)
        y = f(x) + noise * rng.standard_normal(n_train)
        out[k] = fit(x, y, x_test, rng)
        sets.append((x, y))
    return out, sets


def _min_norm_lstsq(Phi, y):
    """x⁺ = Φ⁺ y: least squares, and the smallest ‖x‖ among exact fits when there are many."""
    return np.linalg.lstsq(Phi, y, rcond=None)[0]


def polynomial_fit(degree):
    """Least-squares polynomial of a given degree (minimum norm past interpolation).

    Parameters
    ----------
    degree : int >= 0

    Returns
    -------
    callable ``fit(x, y, x_test, rng=None)`` for :func:`simulate`

    Notes
    -----
    The basis is Legendre polynomials on [-1, 1] (well conditioned where
    monomials are not). With degree + 1 > n points the system is
    underdetermined and the minimum-norm coefficients are taken.

    Examples
    --------
    >>> fit = polynomial_fit(2)
    >>> x = np.array([-1.0, 0.0, 0.5, 1.0])
    >>> np.round(fit(x, x**2, np.array([0.25])), 10)
    array([0.0625])
    """
    degree = sgd._check_int(degree, "degree", 0)

    def fit(x, y, x_test, rng=None):
        V = np.polynomial.legendre.legvander(x, degree)
        return np.polynomial.legendre.legvander(x_test, degree) @ _min_norm_lstsq(V, y)

    return fit


def relu_features_fit(width, interval=(-1.0, 1.0)):
    """Random ReLU features with a minimum-norm output layer ("ridgeless").

    Parameters
    ----------
    width : int >= 1
        N, the number of hidden ReLU neurons.
    interval : (float, float), default (-1, 1)
        Where the kinks are placed.

    Returns
    -------
    callable ``fit(x, y, x_test, rng)`` for :func:`simulate`

    Notes
    -----
    φ_j(x) = ReLU(a_j (x − c_j)): a first layer A = a, b = −a c that is
    random and not trained. Kink c_j is uniform in the j-th of N equal
    parts of ``interval`` (so the kinks spread over the data), slope a_j is
    ±|N(0, 1)| with a random sign; all are drawn from ``rng`` for every
    training set. The output weights w = Φ⁺y minimize ‖Φw − y‖ and, when
    N ≥ n makes the fit exact, ‖w‖ among the exact fits (Strang §VII.4:
    λ = 0 and the minimum-norm solution A⁺b). The test error peaks at
    N = n, where Φ is square and nearly singular, and falls again for
    N ≫ n: double descent.

    Examples
    --------
    >>> fit = relu_features_fit(50)
    >>> x = np.linspace(-1, 1, 10)
    >>> bool(np.allclose(fit(x, np.sin(3 * x), x, rng=0), np.sin(3 * x)))  # N > n: interpolates
    True
    """
    width = sgd._check_int(width, "width")
    low, high = (float(v) for v in interval)

    def fit(x, y, x_test, rng=None):
        rng = np.random.default_rng(rng)
        c = low + (high - low) * (np.arange(width) + rng.uniform(0, 1, width)) / width
        a = rng.choice([-1.0, 1.0], width) * np.abs(rng.standard_normal(width))
        b = -a * c
        w = _min_norm_lstsq(np.maximum(np.outer(x, a) + b, 0.0), y)
        return np.maximum(np.outer(x_test, a) + b, 0.0) @ w

    return fit


def relu_net_fit(width, steps=1500, lr=0.02):
    """A trained one-hidden-layer ReLU net of a given width (full-batch Adam, square loss).

    Parameters
    ----------
    width : int >= 1
    steps : int, default 1500
        Gradient steps (full batch).
    lr : float, default 0.02
        Adam's step size.

    Returns
    -------
    callable ``fit(x, y, x_test, rng)`` for :func:`simulate`

    Notes
    -----
    He-initialized [1, width, 1] net (:func:`lfd.nets.mlp`), all weights
    trained. Wider nets have more freedom: less bias, more variance, within
    the same number of steps.

    Examples
    --------
    >>> fit = relu_net_fit(8, steps=300)
    >>> x = np.linspace(-1, 1, 20)
    >>> pred = fit(x, 2 * x, x, rng=0)
    >>> bool(np.max(np.abs(pred - 2 * x)) < 0.2)
    True
    """
    width = sgd._check_int(width, "width")
    steps = sgd._check_int(steps, "steps")

    def fit(x, y, x_test, rng=None):
        net = nets.mlp([1, width, 1], "relu", "he", np.random.default_rng(rng), input_grad=False)
        for layer in net.layers[:1]:  # spread the folds over the interval
            layer.b[:] = np.random.default_rng(rng).uniform(-1, 1, width) * np.abs(layer.A[:, 0])
        opt = sgd.Adam(lr)
        X, Y = x[:, None], y[:, None]
        for _ in range(steps):
            _, dZ = losses.square(net.forward(X, train=True), Y)
            net.backward(dZ)
            opt.step(net.params, net.grads)
        return net.forward(np.asarray(x_test, dtype=float)[:, None])[:, 0]

    return fit
