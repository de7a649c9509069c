"""Stochastic gradient descent and the hyperparameters around it.

The iteration of Strang §VII.4 is :math:`x_{k+1} = x_k - s_k \\nabla L(x_k)`,
with the gradient taken on a random *minibatch* of the training data, and
with its accelerated (momentum, Nesterov) and adaptive (Adam) variants.
This module holds the pieces a training run is made of:

* minibatches with and without replacement, and epochs
  (:func:`minibatches`, :func:`epochs`);
* step-size schedules :math:`k \\mapsto s_k` (:func:`constant`,
  :func:`inverse_sqrt`, :func:`inverse_time`, :func:`step_decay`);
* optimizers :class:`SGD`, :class:`Momentum`, :class:`Nesterov`,
  :class:`Adam`, with weight decay (:math:`\\ell^2`) and a proximal
  :math:`\\ell^1` penalty;
* the exact convergence rates on a quadratic (:func:`gd_rate`,
  :func:`momentum_rate`, :func:`gd_step`, :func:`momentum_params`);
* :class:`EarlyStopping` on a validation set;
* the layers :class:`Dropout` and :class:`BatchNorm` (they keep the
  :class:`lfd.layer.Layer` contract);
* K-fold cross-validation (:func:`kfold`, :func:`cross_validate`);
* the training loop :func:`fit` and :func:`evaluate`.

Conventions
-----------
An optimizer is created once with its hyperparameters and then called as
``optimizer.step(params, grads)`` after every backward pass. ``params`` and
``grads`` are lists of float arrays of equal shapes (the contract of
:mod:`lfd.layer`); ``params`` are updated **in place**. The optimizer keeps
its state (velocities, moment estimates) by position in the list, so pass
the lists in the same order every step. Steps are counted from
``k = 1``; a schedule is called with that k.

All randomness comes from an ``rng`` argument passed through
``np.random.default_rng``; nothing touches numpy's global state.

Strang §VII.4; chapter chapters/04-hyperparameters.ipynb.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import math
import numbers
import sys

import numpy as np

from lfd import losses as _losses
from lfd.layer import Layer

__all__ = [
    "minibatches",
    "epochs",
    "constant",
    "inverse_sqrt",
    "inverse_time",
    "step_decay",
    "Optimizer",
    "SGD",
    "Momentum",
    "Nesterov",
    "Adam",
    "gd_rate",
    "momentum_rate",
    "gd_step",
    "momentum_params",
    "EarlyStopping",
    "Dropout",
    "BatchNorm",
    "kfold",
    "cross_validate",
    "evaluate",
    "fit",
]


# ------------------------------------------------------------ validation


def _check_int(value, name, low=1, high=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}, got {value}")
    return value


def _check_real(value, name, low=0.0, high=None, low_open=True, high_open=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    bad_low = value <= low if low_open else value < low
    bad_high = high is not None and (value >= high if high_open else value > high)
    if not math.isfinite(value) or bad_low or bad_high:
        left = "(" if low_open else "["
        right = "inf)" if high is None else (f"{high:g})" if high_open else f"{high:g}]")
        raise ValueError(f"{name} must lie in {left}{low:g}, {right}, got {value}")
    return value


# ------------------------------------------------ minibatches and epochs


def minibatches(n, batch_size, rng=None, *, replace=False, drop_last=False):
    """Index arrays of the minibatches in one epoch.

    Parameters
    ----------
    n : int
        Number of training samples.
    batch_size : int
        Samples per minibatch, 1 <= batch_size <= n.
    rng : None, int or numpy.random.Generator
        Source of randomness (``np.random.default_rng(rng)``).
    replace : bool, default False
        False: shuffle 0..n-1 once and cut the order into consecutive
        batches, so every sample is used exactly once per epoch.
        True: every index of every batch is drawn uniformly from 0..n-1,
        independently ("put back in the pot" after each draw).
    drop_last : bool, default False
        Without replacement, drop the last batch when it is shorter than
        ``batch_size``.

    Returns
    -------
    iterator of ndarray of int, each of shape (batch_size,)
        (the last one may be shorter when ``replace=False``). There are
        ceil(n / batch_size) batches (floor with ``drop_last``).

    Notes
    -----
    Sampling *with* replacement is what the convergence proofs of SGD
    assume; sampling *without* (a fresh random order each epoch) is what
    nearly everyone runs. The lecture (MIT 18.065, on Strang §VI.5 and
    §VII.4) proposes comparing the two.

    Examples
    --------
    >>> [b.tolist() for b in minibatches(5, 2, rng=0)]
    [[2, 4], [3, 0], [1]]
    >>> sorted(np.concatenate(list(minibatches(5, 2, rng=1))).tolist())
    [0, 1, 2, 3, 4]
    """
    n = _check_int(n, "n")
    batch_size = _check_int(batch_size, "batch_size", 1, n)
    rng = np.random.default_rng(rng)
    if replace:
        n_batches = -(-n // batch_size)
        return (rng.integers(0, n, size=batch_size) for _ in range(n_batches))
    stop = n - n % batch_size if drop_last else n
    return _cut(rng.permutation(n), batch_size, stop)


def _cut(order, batch_size, stop):
    for start in range(0, stop, batch_size):
        yield order[start : min(start + batch_size, stop)]


def epochs(n, batch_size, n_epochs, rng=None, *, replace=False, drop_last=False):
    """Minibatches for several epochs, as ``(epoch, indices)`` pairs.

    Parameters
    ----------
    n, batch_size, rng, replace, drop_last
        As in :func:`minibatches`; one generator drives all epochs.
    n_epochs : int
        Number of passes through the data (an epoch is one pass).

    Returns
    -------
    iterator of (int, ndarray)
        The epoch number 1..n_epochs and the indices of one minibatch.

    Examples
    --------
    >>> [(e, b.size) for e, b in epochs(4, 3, 2, rng=0)]
    [(1, 3), (1, 1), (2, 3), (2, 1)]
    """
    n = _check_int(n, "n")
    batch_size = _check_int(batch_size, "batch_size", 1, n)
    n_epochs = _check_int(n_epochs, "n_epochs", 0)
    rng = np.random.default_rng(rng)

    def pairs():
        for epoch in range(1, n_epochs + 1):
            for idx in minibatches(n, batch_size, rng, replace=replace, drop_last=drop_last):
                yield epoch, idx

    return pairs()


# --------------------------------------------------- step-size schedules


class _Schedule:
    """A step-size schedule k -> s_k (k = 1, 2, ...) with a readable repr."""

    def __init__(self, text, formula):
        self.text, self.formula = text, formula

    def __call__(self, k):
        k_arr = np.asarray(k)
        if not np.issubdtype(k_arr.dtype, np.integer) or np.any(k_arr < 1):
            raise ValueError(f"step number k must be an integer >= 1, got {k!r}")
        s = self.formula(k_arr.astype(float))
        return float(s) if np.ndim(s) == 0 else s

    def __repr__(self):
        return self.text


def constant(s0):
    """The constant schedule s_k = s0.

    Parameters
    ----------
    s0 : float > 0

    Returns
    -------
    callable k -> s_k, for integers k >= 1 (or arrays of them)

    Examples
    --------
    >>> constant(0.1)(7)
    0.1
    """
    s0 = _check_real(s0, "s0")
    return _Schedule(f"constant(s0={s0:g})", lambda k: s0 + 0.0 * k)


def inverse_sqrt(s0):
    """The schedule s_k = s0 / sqrt(k).

    Parameters
    ----------
    s0 : float > 0
        Step size at k = 1.

    Returns
    -------
    callable k -> s_k, for integers k >= 1

    Notes
    -----
    Large steps early, smaller ones near the minimum (Strang §VII.4). The
    sum of :math:`s_k` diverges while :math:`s_k \\to 0`.

    Examples
    --------
    >>> inverse_sqrt(1.0)(np.array([1, 4, 100]))
    array([1. , 0.5, 0.1])
    """
    s0 = _check_real(s0, "s0")
    return _Schedule(f"inverse_sqrt(s0={s0:g})", lambda k: s0 / np.sqrt(k))


def inverse_time(s0):
    """The schedule s_k = s0 / k.

    Parameters
    ----------
    s0 : float > 0
        Step size at k = 1.

    Returns
    -------
    callable k -> s_k, for integers k >= 1

    Notes
    -----
    :math:`\\sum s_k = \\infty` but :math:`\\sum s_k^2 < \\infty`: the classical
    condition under which SGD converges (Strang §VI.5, §VII.4).

    Examples
    --------
    >>> inverse_time(1.0)(np.array([1, 2, 4]))
    array([1.  , 0.5 , 0.25])
    """
    s0 = _check_real(s0, "s0")
    return _Schedule(f"inverse_time(s0={s0:g})", lambda k: s0 / k)


def step_decay(s0, factor=0.5, every=100):
    """Piecewise-constant schedule: multiply by ``factor`` every ``every`` steps.

    Parameters
    ----------
    s0 : float > 0
        Step size for steps 1..every.
    factor : float in (0, 1], default 0.5
    every : int >= 1, default 100
        Steps per stage (use the number of batches per epoch times E to
        decay every E epochs).

    Returns
    -------
    callable k -> s_k = s0 * factor ** ((k - 1) // every)

    Examples
    --------
    >>> step_decay(1.0, factor=0.1, every=2)(np.array([1, 2, 3, 4, 5]))
    array([1.  , 1.  , 0.1 , 0.1 , 0.01])
    """
    s0 = _check_real(s0, "s0")
    factor = _check_real(factor, "factor", 0.0, 1.0)
    every = _check_int(every, "every")
    return _Schedule(
        f"step_decay(s0={s0:g}, factor={factor:g}, every={every})",
        lambda k: s0 * factor ** ((k - 1) // every),
    )


# ------------------------------------------------------------- optimizers


class Optimizer(ABC):
    """Shared machinery of the optimizers: step size, penalties, state.

    Parameters
    ----------
    lr : float > 0 or callable
        The step size (learning rate) s, or a schedule k -> s_k.
    weight_decay : float >= 0, default 0
        :math:`\\lambda_2`: adds :math:`\\lambda_2 w` to every gradient, the
        gradient of the penalty :math:`\\tfrac{\\lambda_2}{2}\\|w\\|^2`.
    l1 : float >= 0, default 0
        :math:`\\lambda_1`: after each update, soft-threshold every weight by
        :math:`s_k\\lambda_1` (the proximal step for
        :math:`\\lambda_1\\sum|w_i|`).

    Notes
    -----
    Subclasses implement ``_update(i, p, g, s)``, changing the i-th
    parameter ``p`` in place given its gradient ``g`` (penalty included)
    and the step size ``s``; ``_new_state(p)`` gives its initial state.

    The penalties act on *every* array in ``params``, biases included;
    to spare the biases, use a second optimizer on those arrays.

    The :math:`\\ell^1` penalty is handled by the proximal map
    :math:`w \\mapsto \\mathrm{sign}(w)\\max(|w| - s_k\\lambda_1, 0)` rather than
    a subgradient: it sets small weights exactly to zero, as LASSO does
    (Strang §VII.4, "Regularization"). For :class:`Adam` the threshold
    uses the base step :math:`s_k`, not Adam's per-coordinate step.
    """

    def __init__(self, lr, *, weight_decay=0.0, l1=0.0):
        if callable(lr):
            self.lr = lr
        else:
            self.lr = _check_real(lr, "lr (learning rate)")
        self.weight_decay = _check_real(weight_decay, "weight_decay", 0.0, low_open=False)
        self.l1 = _check_real(l1, "l1", 0.0, low_open=False)
        self.k = 0
        self.state = None
        self._shapes = None

    def step_size(self, k=None):
        """The step size s_k for step k (default: the latest step, at least 1)."""
        k = max(self.k, 1) if k is None else k
        s = self.lr(k) if callable(self.lr) else self.lr
        if not np.isfinite(s) or s <= 0:
            raise ValueError(f"the schedule lr gave step size {s} at k={k}; it must be positive")
        return float(s)

    def reset(self):
        """Forget the state and the step count."""
        self.k, self.state, self._shapes = 0, None, None

    def step(self, params, grads):
        """Update ``params`` in place from ``grads``; one step k -> k + 1.

        Parameters
        ----------
        params : list of ndarray (float)
        grads : list of ndarray, same length and shapes
        """
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} params but {len(grads)} grads")
        for i, (p, g) in enumerate(zip(params, grads)):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(f"params[{i}] must be a float ndarray (updated in place), got {type(p).__name__}")
            if np.shape(g) != p.shape:
                raise ValueError(f"grads[{i}] has shape {np.shape(g)}, params[{i}] has shape {p.shape}")
        shapes = [p.shape for p in params]
        if self.state is None:
            self._shapes = shapes
            self.state = [self._new_state(p) for p in params]
        elif shapes != self._shapes:
            raise ValueError("params changed since the first step; call reset() before reusing the optimizer")
        self.k += 1
        s = self.step_size(self.k)
        for i, (p, g) in enumerate(zip(params, grads)):
            g = np.asarray(g, dtype=p.dtype)
            if self.weight_decay:
                g = g + self.weight_decay * p
            self._update(i, p, g, s)
            if self.l1:
                # proximal step for s * l1 * sum|w|: shrink toward 0, stop at 0
                np.copyto(p, np.sign(p) * np.maximum(np.abs(p) - s * self.l1, 0.0))

    def _new_state(self, p):
        return []

    @abstractmethod
    def _update(self, i, p, g, s):
        """Move parameter ``p`` (index ``i``) given its gradient ``g`` and step ``s``."""

    def __repr__(self):
        extra = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("beta", "beta1", "beta2", "eps", "weight_decay", "l1")
            if hasattr(self, name) and (name not in ("weight_decay", "l1") or getattr(self, name))
        )
        return f"{type(self).__name__}(lr={self.lr!r}{extra})"


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: w <- w - s_k g.

    With full-batch gradients this is gradient descent; with minibatch
    gradients it is SGD. Arguments as in :class:`Optimizer`.

    Notes
    -----
    :math:`x_{k+1} = x_k - s_k \\nabla L(x_k)` (Strang §VII.4). Chapter
    chapters/04-hyperparameters.ipynb.

    Examples
    --------
    Minimize :math:`\\tfrac12 (x - 3)^2` from x = 0:

    >>> x = np.zeros(1)
    >>> opt = SGD(lr=0.5)
    >>> for _ in range(30):
    ...     opt.step([x], [x - 3])
    >>> x.round(6)
    array([3.])
    """

    def _update(self, i, p, g, s):
        p -= s * g


class Momentum(Optimizer):
    """Heavy-ball momentum: z <- g + beta z, w <- w - s_k z.

    Parameters
    ----------
    lr : float > 0 or callable
        Step size s (or schedule).
    beta : float in [0, 1), default 0.9
        Momentum coefficient; beta = 0 is plain gradient descent.
    weight_decay, l1 : float >= 0
        As in :class:`Optimizer`.

    Notes
    -----
    The search direction :math:`z_k = \\nabla L(x_k) + \\beta z_{k-1}` remembers
    earlier gradients, and :math:`x_{k+1} = x_k - s z_k`. With a constant
    step this is Polyak's heavy ball
    :math:`x_{k+1} = x_k - s\\nabla L(x_k) + \\beta(x_k - x_{k-1})`. On a
    quadratic with condition number :math:`\\kappa` the best s and
    :math:`\\beta` (:func:`momentum_params`) give the rate
    :math:`(\\sqrt\\kappa-1)/(\\sqrt\\kappa+1)` per step
    (:func:`momentum_rate`). Strang §VI.4, §VII.4.

    Examples
    --------
    >>> x = np.zeros(2)
    >>> opt = Momentum(lr=0.2, beta=0.5)
    >>> for _ in range(100):
    ...     opt.step([x], [x - np.array([1.0, -2.0])])
    >>> x.round(6)
    array([ 1., -2.])
    """

    def __init__(self, lr, beta=0.9, *, weight_decay=0.0, l1=0.0):
        super().__init__(lr, weight_decay=weight_decay, l1=l1)
        self.beta = _check_real(beta, "beta", 0.0, 1.0, low_open=False, high_open=True)

    def _new_state(self, p):
        return [np.zeros_like(p)]

    def _update(self, i, p, g, s):
        z = self.state[i][0]
        z *= self.beta
        z += g
        p -= s * z


class Nesterov(Momentum):
    """Nesterov's accelerated gradient, in look-ahead form.

    Parameters as in :class:`Momentum`.

    Notes
    -----
    Nesterov evaluates the gradient at the extrapolated point
    :math:`y_k = x_k + \\beta(x_k - x_{k-1})`. Storing :math:`y` as the
    parameters, the step reads :math:`z \\leftarrow g + \\beta z`,
    :math:`w \\leftarrow w - s(g + \\beta z)`, with g the gradient at the
    current parameters -- so it needs one gradient per step, like the heavy
    ball. Strang §VI.4.

    Examples
    --------
    >>> x = np.array([5.0])
    >>> opt = Nesterov(lr=0.1, beta=0.8)
    >>> for _ in range(200):
    ...     opt.step([x], [2 * x])
    >>> abs(float(x[0])) < 1e-10
    True
    """

    def _update(self, i, p, g, s):
        z = self.state[i][0]
        z *= self.beta
        z += g
        p -= s * (g + self.beta * z)


class Adam(Optimizer):
    """Adam: steps scaled by running averages of g and g squared.

    Parameters
    ----------
    lr : float > 0 or callable, default 0.001
        Base step size s (or schedule).
    beta1, beta2 : float in [0, 1), defaults 0.9 and 0.999
        Decay rates of the first and second moment averages.
    eps : float > 0, default 1e-8
        Added to the denominator.
    weight_decay, l1 : float >= 0
        As in :class:`Optimizer` (weight decay is added to the gradient
        before the averages, the classic coupled form).

    Notes
    -----
    .. math::
        m_k = \\beta_1 m_{k-1} + (1-\\beta_1) g_k,\\quad
        v_k = \\beta_2 v_{k-1} + (1-\\beta_2) g_k^2,\\\\
        w \\leftarrow w - s_k\\,\\frac{m_k/(1-\\beta_1^k)}{\\sqrt{v_k/(1-\\beta_2^k)} + \\epsilon}.

    The divisions by :math:`1-\\beta^k` remove the bias of averages started
    at zero. Each coordinate gets its own effective step: the "adaptive"
    descent of Strang §VI.5 and §VII.4.

    Examples
    --------
    >>> x = np.array([1.0, -1.0])
    >>> opt = Adam(lr=0.05)
    >>> for _ in range(500):
    ...     opt.step([x], [x * np.array([1.0, 100.0])])
    >>> bool(np.all(np.abs(x) < 1e-3))
    True
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, *, weight_decay=0.0, l1=0.0):
        super().__init__(lr, weight_decay=weight_decay, l1=l1)
        self.beta1 = _check_real(beta1, "beta1", 0.0, 1.0, low_open=False, high_open=True)
        self.beta2 = _check_real(beta2, "beta2", 0.0, 1.0, low_open=False, high_open=True)
        self.eps = _check_real(eps, "eps")

    def _new_state(self, p):
        return [np.zeros_like(p), np.zeros_like(p)]

    def _update(self, i, p, g, s):
        m, v = self.state[i]
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1**self.k)
        v_hat = v / (1 - self.beta2**self.k)
        p -= s * m_hat / (np.sqrt(v_hat) + self.eps)


# ------------------------------------------------- rates on a quadratic


def _check_kappa(kappa):
    return _check_real(kappa, "kappa (condition number)", 1.0, low_open=False)


def _check_mu_L(mu, L):
    mu = _check_real(mu, "mu (smallest eigenvalue)")
    L = _check_real(L, "L (largest eigenvalue)")
    if mu > L:
        raise ValueError(f"mu={mu} must not exceed L={L}")
    return mu, L


def gd_rate(kappa):
    """Rate (kappa - 1)/(kappa + 1) of gradient descent at its best step.

    Parameters
    ----------
    kappa : float >= 1
        Condition number L/mu of the Hessian.

    Returns
    -------
    float
        The factor by which the error :math:`\\|x_k - x^*\\|` shrinks per step
        in the worst direction (the loss shrinks by its square).

    Notes
    -----
    For :math:`f(x) = \\tfrac12 x^T S x` with eigenvalues of S in
    :math:`[\\mu, L]`, the step :math:`s = 2/(L+\\mu)` (:func:`gd_step`) makes
    :math:`|1 - s\\lambda| \\le (L-\\mu)/(L+\\mu)` for every eigenvalue, with
    equality at both ends. Strang §VI.4 writes it with :math:`b = 1/\\kappa`
    as :math:`(1-b)/(1+b)`.

    Examples
    --------
    >>> round(gd_rate(100), 4)   # 99/101
    0.9802
    """
    kappa = _check_kappa(kappa)
    return (kappa - 1) / (kappa + 1)


def momentum_rate(kappa):
    """Rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1) of the heavy ball at its best.

    Parameters
    ----------
    kappa : float >= 1
        Condition number L/mu.

    Returns
    -------
    float
        Asymptotic factor per step of the error with the parameters of
        :func:`momentum_params`.

    Notes
    -----
    Momentum replaces :math:`\\kappa` by :math:`\\sqrt\\kappa`: for
    :math:`\\kappa = 100` the rate drops from 99/101 = 0.980 to 9/11 = 0.818,
    so about 10 times fewer steps for the same accuracy
    (:math:`\\log 0.980 / \\log 0.818 \\approx 0.10`). Strang §VI.4.

    Examples
    --------
    >>> round(momentum_rate(100), 4)   # 9/11
    0.8182
    """
    kappa = _check_kappa(kappa)
    r = math.sqrt(kappa)
    return (r - 1) / (r + 1)


def gd_step(mu, L):
    """The best constant step 2/(L + mu) of gradient descent on a quadratic.

    Parameters
    ----------
    mu, L : float, 0 < mu <= L
        Smallest and largest eigenvalue of the Hessian.

    Returns
    -------
    float

    Examples
    --------
    >>> gd_step(1.0, 100.0)
    0.019801980198019802
    """
    mu, L = _check_mu_L(mu, L)
    return 2.0 / (L + mu)


def momentum_params(mu, L):
    """Best heavy-ball step s and momentum beta on a quadratic.

    Parameters
    ----------
    mu, L : float, 0 < mu <= L
        Smallest and largest eigenvalue of the Hessian.

    Returns
    -------
    s : float
        :math:`4/(\\sqrt L + \\sqrt\\mu)^2`.
    beta : float
        :math:`\\big((\\sqrt L - \\sqrt\\mu)/(\\sqrt L + \\sqrt\\mu)\\big)^2`, the
        square of :func:`momentum_rate`.

    Notes
    -----
    For each eigenvalue :math:`\\lambda` the heavy ball is a 2-term
    recursion with characteristic roots of product :math:`\\beta`. These
    parameters make the roots complex of modulus :math:`\\sqrt\\beta` for every
    :math:`\\lambda` in :math:`[\\mu, L]` (a double root at the two ends).
    Use them with :class:`Momentum` (``lr=s, beta=beta``).

    Examples
    --------
    >>> s, beta = momentum_params(1.0, 100.0)
    >>> round(s, 6), round(beta, 6)   # 4/121 and (9/11)^2
    (0.033058, 0.669421)
    """
    mu, L = _check_mu_L(mu, L)
    a, b = math.sqrt(L), math.sqrt(mu)
    return 4.0 / (a + b) ** 2, ((a - b) / (a + b)) ** 2


# -------------------------------------------------------- early stopping


class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` checks.

    Parameters
    ----------
    patience : int >= 1, default 10
        How many checks without improvement to allow.
    min_delta : float >= 0, default 0
        An improvement must lower the best score by more than this.

    Attributes
    ----------
    best : float
        Lowest score so far.
    best_epoch : int or None
        Index of the :meth:`update` call (0, 1, 2, ...) that gave ``best``.
    stopped : bool
        True once patience ran out.

    Notes
    -----
    Lower scores are better (a validation loss). The parameters at the best
    check are copied, and :meth:`restore` writes them back in place. Strang
    §VII.4: rising validation error while the training error keeps falling
    signals overfitting; stop early.

    Examples
    --------
    >>> w = np.zeros(1)
    >>> stopper = EarlyStopping(patience=2)
    >>> for score in [3.0, 2.0, 2.5, 2.7, 1.0]:
    ...     w += 1
    ...     if stopper.update(score, [w]):
    ...         break
    >>> stopper.best, stopper.best_epoch, w
    (2.0, 1, array([4.]))
    >>> stopper.restore([w]); w
    array([2.])
    """

    def __init__(self, patience=10, min_delta=0.0):
        self.patience = _check_int(patience, "patience")
        self.min_delta = _check_real(min_delta, "min_delta", 0.0, low_open=False)
        self.best = math.inf
        self.best_epoch = None
        self.best_params = None
        self.wait = 0
        self.n_checks = 0
        self.stopped = False

    def update(self, score, params):
        """Record one validation score; return True when training should stop.

        Parameters
        ----------
        score : float
            Validation loss after the latest epoch.
        params : list of ndarray
            The current parameters (copied when ``score`` is a new best).
        """
        score = float(score)
        if score < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = score, self.n_checks, 0
            self.best_params = [np.array(p, copy=True) for p in params]
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped = True
        self.n_checks += 1
        return self.stopped

    def restore(self, params):
        """Copy the best parameters back into ``params`` (in place)."""
        if self.best_params is None:
            raise ValueError("no finite score recorded yet: nothing to restore")
        params = list(params)
        if len(params) != len(self.best_params):
            raise ValueError(f"expected {len(self.best_params)} params, got {len(params)}")
        for p, best in zip(params, self.best_params):
            np.copyto(p, best)


# ------------------------------------------------ dropout and batch norm


class Dropout(Layer):
    """Inverted dropout: keep each input with probability p and divide by p.

    Parameters
    ----------
    p : float in (0, 1], default 0.5
        Probability that a neuron *survives* (Strang's p; 0.5 is typical for
        hidden layers, 0.8 or more for inputs). p = 1 keeps everything.
    rng : None, int or numpy.random.Generator
        Source of the Bernoulli masks; each training forward pass draws a
        new mask.

    Notes
    -----
    In training, :math:`v^* = v \\odot r / p` with independent
    :math:`r_i \\sim \\text{Bernoulli}(p)`, so :math:`E[v^*] = v`. At test time
    the layer is the identity. Strang §VII.4 keeps :math:`v^* = v\\odot r` in
    training and multiplies the outgoing weights by p at test time; dividing
    by p during training instead gives the same expected input to the next
    layer and leaves the test-time net untouched. The backward pass
    multiplies by the same mask: :math:`\\partial L/\\partial v = r/p \\odot
    \\partial L/\\partial v^*`. No parameters.

    Examples
    --------
    >>> drop = Dropout(p=0.5, rng=0)
    >>> drop(np.ones((1, 6)), train=True)
    array([[0., 2., 2., 2., 0., 0.]])
    >>> drop(np.ones((1, 6)))          # test time: identity
    array([[1., 1., 1., 1., 1., 1.]])
    """

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p = _check_real(p, "p (keep probability)", 0.0, 1.0)
        self.rng = np.random.default_rng(rng)
        self.mask = None

    def forward(self, X, *, train=False):
        X = np.asarray(X, dtype=float)
        if not train or self.p == 1.0:
            self.mask = None
            return X
        self.mask = (self.rng.random(X.shape) < self.p) / self.p
        return X * self.mask

    def backward(self, dY):
        dY = np.asarray(dY, dtype=float)
        return dY if self.mask is None else dY * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p:g})"


class BatchNorm(Layer):
    """Batch normalization of each feature (or channel), then scale and shift.

    Parameters
    ----------
    n_features : int
        Size of axis 1 of the input: features of ``(n, d)`` data or channels
        of ``(n, C, H, W)`` images.
    eps : float > 0, default 1e-5
        Added to the variance before the square root.
    momentum : float in (0, 1], default 0.1
        Weight of the newest batch in the running averages.

    Attributes
    ----------
    gamma, beta : ndarray, shape (n_features,)
        Learnable scale and shift (``params = [gamma, beta]``), initially
        1 and 0.
    running_mean, running_var : ndarray, shape (n_features,)
        Averages of batch statistics, used at test time.

    Notes
    -----
    For each feature, over the B values in the batch (and over all pixels
    for images):

    .. math::
        \\mu = \\frac1B\\sum v_i,\\quad
        \\sigma^2 = \\frac1B\\sum (v_i-\\mu)^2,\\quad
        \\hat v_i = \\frac{v_i-\\mu}{\\sqrt{\\sigma^2+\\epsilon}},\\quad
        y_i = \\gamma\\hat v_i + \\beta

    (Strang §VII.4, after Ioffe and Szegedy). Because :math:`\\mu` and
    :math:`\\sigma` depend on every sample, the exact gradient couples the
    batch:

    .. math::
        \\frac{\\partial L}{\\partial v_i} = \\frac{\\gamma}{B\\sqrt{\\sigma^2+\\epsilon}}
        \\Big(B g_i - \\sum_j g_j - \\hat v_i \\sum_j g_j \\hat v_j\\Big),
        \\qquad g_i = \\frac{\\partial L}{\\partial y_i},

    with :math:`\\partial L/\\partial\\gamma = \\sum g_i\\hat v_i` and
    :math:`\\partial L/\\partial\\beta = \\sum g_i`. In training the running
    averages move toward :math:`\\mu` and the unbiased variance
    :math:`\\tfrac{B}{B-1}\\sigma^2`; at test time these fixed numbers replace
    the batch statistics, so the layer becomes an affine map applied to
    each sample separately.

    Examples
    --------
    >>> bn = BatchNorm(1)
    >>> bn(np.array([[1.0], [3.0]]), train=True).round(4)
    array([[-1.],
           [ 1.]])
    >>> bn.running_mean, bn.running_var
    (array([0.2]), array([1.1]))
    """

    def __init__(self, n_features, eps=1e-5, momentum=0.1):
        super().__init__()
        self.n_features = _check_int(n_features, "n_features")
        self.eps = _check_real(eps, "eps")
        self.momentum = _check_real(momentum, "momentum", 0.0, 1.0)
        self.gamma = np.ones(self.n_features)
        self.beta = np.zeros(self.n_features)
        self.params = [self.gamma, self.beta]
        self.grads = [np.zeros(self.n_features), np.zeros(self.n_features)]
        self.running_mean = np.zeros(self.n_features)
        self.running_var = np.ones(self.n_features)
        self._cache = None

    def _axes_and_shape(self, X):
        if X.ndim < 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have shape (n, {self.n_features}, ...), got {X.shape}")
        axes = (0,) + tuple(range(2, X.ndim))
        shape = (1, self.n_features) + (1,) * (X.ndim - 2)
        return axes, shape

    def forward(self, X, *, train=False):
        X = np.asarray(X, dtype=float)
        axes, shape = self._axes_and_shape(X)
        if train:
            B = X.size // self.n_features
            if B < 2:
                raise ValueError("BatchNorm in training needs at least 2 values per feature in the batch")
            mu = X.mean(axis=axes)
            var = X.var(axis=axes)
            m = self.momentum
            self.running_mean *= 1 - m
            self.running_mean += m * mu
            self.running_var *= 1 - m
            self.running_var += m * var * B / (B - 1)
        else:
            mu, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        Xhat = (X - mu.reshape(shape)) * inv_std.reshape(shape)
        self._cache = (train, Xhat, inv_std, axes, shape)
        return self.gamma.reshape(shape) * Xhat + self.beta.reshape(shape)

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        train, Xhat, inv_std, axes, shape = self._cache
        dY = np.asarray(dY, dtype=float)
        if dY.shape != Xhat.shape:
            raise ValueError(f"dY must have shape {Xhat.shape}, got {dY.shape}")
        self.grads[0][...] = np.sum(dY * Xhat, axis=axes)
        self.grads[1][...] = np.sum(dY, axis=axes)
        G = dY * self.gamma.reshape(shape)  # dL/dXhat
        scale = inv_std.reshape(shape)
        if not train:  # fixed statistics: an affine map per feature
            return G * scale
        B = Xhat.size // self.n_features
        sum_G = np.sum(G, axis=axes, keepdims=True)
        sum_GX = np.sum(G * Xhat, axis=axes, keepdims=True)
        return scale / B * (B * G - sum_G - Xhat * sum_GX)

    def __repr__(self):
        return f"BatchNorm({self.n_features}, eps={self.eps:g}, momentum={self.momentum:g})"


# ------------------------------------------------- K-fold cross-validation


def kfold(n, K=5, rng=None, *, shuffle=True):
    """Split 0..n-1 into K folds; each fold is the test set once.

    Parameters
    ----------
    n : int
        Number of samples.
    K : int, 2 <= K <= n, default 5
        Number of folds.
    rng : None, int or numpy.random.Generator
        Shuffles the indices when ``shuffle`` is True.
    shuffle : bool, default True
        False keeps the folds as consecutive blocks.

    Returns
    -------
    list of K pairs (train_idx, test_idx) of int arrays
        The test sets partition 0..n-1, with sizes differing by at most
        one; each train set is the other K - 1 folds (sorted).

    Notes
    -----
    K-fold cross-validation (Strang §VII.4) uses every sample for testing
    exactly once and for training K - 1 times.

    Examples
    --------
    >>> [test.tolist() for train, test in kfold(5, K=2, shuffle=False)]
    [[0, 1, 2], [3, 4]]
    """
    n = _check_int(n, "n")
    K = _check_int(K, "K", 2)
    if K > n:
        raise ValueError(f"K={K} folds need at least K samples, got n={n}")
    order = np.random.default_rng(rng).permutation(n) if shuffle else np.arange(n)
    folds = np.array_split(order, K)
    pairs = []
    for j, test in enumerate(folds):
        train = np.sort(np.concatenate([f for i, f in enumerate(folds) if i != j]))
        pairs.append((train, test))
    return pairs


def cross_validate(fit_score, X, y, K=5, rng=None, *, shuffle=True):
    """Run ``fit_score`` on each of K folds and return the K scores.

    Parameters
    ----------
    fit_score : callable
        ``fit_score(X_train, y_train, X_test, y_test) -> float``: train a
        fresh model on the first pair, score it on the second.
    X : array_like, shape (n, ...)
    y : array_like, shape (n, ...)
    K, rng, shuffle
        As in :func:`kfold`.

    Returns
    -------
    scores : ndarray, shape (K,)

    Examples
    --------
    Score the mean of the training targets as a predictor (mean squared
    error on the held-out fold):

    >>> X = np.zeros((6, 1)); y = np.array([1.0, 1, 1, 3, 3, 3])
    >>> mse = lambda Xtr, ytr, Xte, yte: float(np.mean((yte - ytr.mean()) ** 2))
    >>> cross_validate(mse, X, y, K=2, shuffle=False)
    array([4., 4.])
    """
    if not callable(fit_score):
        raise TypeError(f"fit_score must be callable, got {type(fit_score).__name__}")
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got shapes {X.shape} and {y.shape}")
    folds = kfold(X.shape[0], K, rng, shuffle=shuffle)
    return np.array([float(fit_score(X[tr], y[tr], X[te], y[te])) for tr, te in folds])


# ---------------------------------------------------------- training loop

_CLASSIFICATION_LOSSES = (
    _losses.binary_cross_entropy,
    _losses.cross_entropy,
    _losses.hinge,
    _losses.multiclass_hinge,
)


def evaluate(net, X, y, loss, metric=None):
    """Loss (and metric) of ``net`` on data, in test mode.

    Parameters
    ----------
    net : Layer
        Anything with ``forward(X, train=False)``.
    X : array_like, shape (n, ...)
    y : array_like, shape (n, ...)
    loss : callable
        ``loss(Z, y) -> (value, dZ)`` as in :mod:`lfd.losses`.
    metric : callable or None
        ``metric(Z, y) -> float``, e.g. :func:`lfd.losses.accuracy`.

    Returns
    -------
    (float, float or None)
    """
    Z = net.forward(X, train=False)
    value = float(loss(Z, y)[0])
    return value, (None if metric is None else float(metric(Z, y)))


class _ProgressBar:
    """A one-line text bar on stderr (never on stdout, so not in notebooks' saved text)."""

    def __init__(self, total, width=30, stream=None):
        self.total, self.width = total, width
        self.stream = sys.stderr if stream is None else stream

    def show(self, done, text=""):
        filled = int(self.width * done / max(self.total, 1))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} epochs {text}")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def fit(
    net,
    X,
    y,
    loss,
    optimizer,
    epochs,
    batch_size,
    rng=None,
    X_val=None,
    y_val=None,
    *,
    replace=False,
    metric="auto",
    early_stopping=None,
    progress=False,
):
    """Train ``net`` by minibatch gradient descent; return the history.

    Parameters
    ----------
    net : lfd.layer.Layer
        The model (``forward``, ``backward``, ``params``, ``grads``).
    X : array_like, shape (n, ...)
        Training inputs, batch first.
    y : array_like, shape (n, ...)
        Training targets, in the form ``loss`` expects.
    loss : callable
        ``loss(Z, y) -> (value, dZ)``, e.g. :func:`lfd.losses.cross_entropy`.
    optimizer : Optimizer
        Anything with ``step(params, grads)``.
    epochs : int >= 0
        Passes through the training data.
    batch_size : int, 1 <= batch_size <= n
    rng : None, int or numpy.random.Generator
        Shuffles (or samples) the minibatches.
    X_val, y_val : array_like, optional
        Validation data, evaluated after every epoch.
    replace : bool, default False
        Sample minibatches with replacement (see :func:`minibatches`).
    metric : "auto", callable or None
        Recorded beside the loss. "auto" is :func:`lfd.losses.accuracy`
        for the classification losses of :mod:`lfd.losses` and None
        otherwise.
    early_stopping : EarlyStopping, optional
        Watches the validation loss (needs ``X_val``); training stops when
        its patience runs out, and the best parameters are restored at the
        end.
    progress : bool, default False
        Draw a text progress bar on stderr.

    Returns
    -------
    history : dict of lists
        ``"epoch"`` (0, 1, ..., epochs run), ``"loss"`` and, when there is
        a metric, ``"accuracy"`` (the metric's values) on the training set;
        ``"val_loss"`` and ``"val_accuracy"`` with validation data. Entry 0
        is the untrained net.

    Notes
    -----
    Each step: forward a minibatch in training mode, ``loss`` gives the
    value and ``dZ``, ``net.backward(dZ)`` fills the gradients, and
    ``optimizer.step`` updates the weights in place. After every epoch the
    whole training (and validation) set is evaluated in test mode
    (no dropout, batch norm with running statistics), so the history is
    the loss of the net as it would be used, without the penalty terms of
    the optimizer. Strang §VII.4; chapter chapters/04-hyperparameters.ipynb.

    Examples
    --------
    Logistic regression on two separated points, with a one-line layer:

    >>> from lfd.layer import Layer
    >>> class Scale(Layer):
    ...     def __init__(self):
    ...         self.params, self.grads = [np.zeros(1)], [np.zeros(1)]
    ...     def forward(self, X, *, train=False):
    ...         self.X = X; return X[:, 0] * self.params[0]
    ...     def backward(self, dY):
    ...         self.grads[0][:] = dY @ self.X[:, 0]; return None
    >>> from lfd.losses import binary_cross_entropy
    >>> h = fit(Scale(), np.array([[-1.0], [1.0]]), np.array([0, 1]),
    ...         binary_cross_entropy, SGD(lr=1.0), epochs=3, batch_size=2)
    >>> h["accuracy"]
    [0.5, 1.0, 1.0, 1.0]
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got shapes {X.shape} and {y.shape}")
    n = X.shape[0]
    for attr in ("forward", "backward", "params", "grads"):
        if not hasattr(net, attr):
            raise TypeError(f"net must be an lfd Layer (it has no {attr!r}), got {type(net).__name__}")
    if not callable(loss):
        raise TypeError(f"loss must be callable, got {type(loss).__name__}")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}")
    epochs = _check_int(epochs, "epochs", 0)
    batch_size = _check_int(batch_size, "batch_size", 1, n)
    if (X_val is None) != (y_val is None):
        raise ValueError("give both X_val and y_val, or neither")
    if X_val is not None:
        X_val, y_val = np.asarray(X_val), np.asarray(y_val)
        if X_val.ndim == 0 or y_val.ndim == 0 or X_val.shape[0] != y_val.shape[0]:
            raise ValueError(f"X_val and y_val must have the same number of samples, got {X_val.shape} and {y_val.shape}")
    if early_stopping is not None:
        if not isinstance(early_stopping, EarlyStopping):
            raise TypeError(f"early_stopping must be an EarlyStopping, got {type(early_stopping).__name__}")
        if X_val is None:
            raise ValueError("early_stopping needs validation data X_val, y_val")
    if isinstance(metric, str):
        if metric != "auto":
            raise ValueError(f"metric must be 'auto', a callable or None, got {metric!r}")
        metric = _losses.accuracy if loss in _CLASSIFICATION_LOSSES else None
    elif metric is not None and not callable(metric):
        raise TypeError(f"metric must be 'auto', a callable or None, got {type(metric).__name__}")
    rng = np.random.default_rng(rng)

    history = {"epoch": [], "loss": []}
    if metric is not None:
        history["accuracy"] = []
    if X_val is not None:
        history["val_loss"] = []
        if metric is not None:
            history["val_accuracy"] = []

    def record(epoch):
        history["epoch"].append(epoch)
        value, score = evaluate(net, X, y, loss, metric)
        history["loss"].append(value)
        if metric is not None:
            history["accuracy"].append(score)
        if X_val is not None:
            v_value, v_score = evaluate(net, X_val, y_val, loss, metric)
            history["val_loss"].append(v_value)
            if metric is not None:
                history["val_accuracy"].append(v_score)
            if early_stopping is not None:
                return early_stopping.update(v_value, net.params)
        return False

    bar = _ProgressBar(epochs) if progress else None
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
        if bar is not None:
            bar.show(epoch, f"loss {history['loss'][-1]:.4g}")
    if bar is not None:
        bar.close()
    if early_stopping is not None and early_stopping.best_params is not None:
        early_stopping.restore(net.params)
    return history
