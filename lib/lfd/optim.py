"""Step-size schedules, optimizers, and the exact rates on a quadratic.

``optimizer.step(params, grads)`` after every backward pass updates the float
arrays ``params`` in place; steps count from k = 1. Strang §VI.4, §VII.4; chapter 04.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod

import numpy as np

from lfd._validate import check_array, check_int, check_list, check_real, check_same_length

__all__ = ["constant", "inverse_sqrt", "inverse_time", "step_decay", "Optimizer", "SGD",
           "Momentum", "Nesterov", "Adam", "gd_rate", "momentum_rate", "gd_step",
           "momentum_params"]


class _Schedule:
    """A schedule k -> s_k for a step k >= 1 or an integer array of steps; a readable repr."""

    def __init__(self, text, formula):
        self.text, self.formula = text, formula

    def __call__(self, k):
        k_arr = np.asarray(k)
        if k_arr.ndim == 0:
            k_arr = np.asarray(check_int(k, "k", min=1))
        elif k_arr.dtype.kind not in "iu":
            raise TypeError(f"k must hold integers, got dtype {k_arr.dtype}")
        elif np.any(k_arr < 1):
            raise ValueError(f"k must be >= 1, got {k_arr.min()}")
        s = self.formula(k_arr.astype(float))
        return float(s) if np.ndim(s) == 0 else s

    def __repr__(self):
        return self.text


def constant(s0):
    """The schedule s_k = s0 (s0 > 0).

    >>> constant(0.1)(7)
    0.1
    """
    s0 = check_real(s0, "s0", min=0.0, min_open=True)
    return _Schedule(f"constant(s0={s0:g})", lambda k: s0 + 0.0 * k)


def inverse_sqrt(s0):
    """The schedule s_k = s0 / sqrt(k) (s0 > 0). Strang §VII.4.

    >>> inverse_sqrt(1.0)(np.array([1, 4, 100]))
    array([1. , 0.5, 0.1])
    """
    s0 = check_real(s0, "s0", min=0.0, min_open=True)
    return _Schedule(f"inverse_sqrt(s0={s0:g})", lambda k: s0 / np.sqrt(k))


def inverse_time(s0):
    """The schedule s_k = s0 / k (s0 > 0): sum s_k = inf, sum s_k^2 < inf. Strang §VI.5.

    >>> inverse_time(1.0)(np.array([1, 2, 4]))
    array([1.  , 0.5 , 0.25])
    """
    s0 = check_real(s0, "s0", min=0.0, min_open=True)
    return _Schedule(f"inverse_time(s0={s0:g})", lambda k: s0 / k)


def step_decay(s0, factor=0.5, every: int = 100):
    """The schedule s_k = s0 * factor ** ((k - 1) // every), factor in (0, 1].

    >>> step_decay(1.0, factor=0.1, every=2)(np.array([1, 2, 3, 4, 5]))
    array([1.  , 1.  , 0.1 , 0.1 , 0.01])
    """
    s0 = check_real(s0, "s0", min=0.0, min_open=True)
    factor = check_real(factor, "factor", min=0.0, max=1.0, min_open=True)
    every = check_int(every, "every", min=1)
    return _Schedule(f"step_decay(s0={s0:g}, factor={factor:g}, every={every})",
                     lambda k: s0 * factor ** ((k - 1) // every))


def _unit(value, name):
    return check_real(value, name, min=0.0, max=1.0, max_open=True)


class Optimizer(ABC):
    """Shared machinery: step size (or schedule), penalties, state, step count.

    lr : float > 0 or schedule k -> s_k; weight_decay : lambda_2 >= 0, adds
    lambda_2 w to every gradient; l1 : lambda_1 >= 0, soft-thresholds every weight
    by s_k lambda_1 after each update (the proximal step for lambda_1 sum |w_i|).
    The penalties act on every array in ``params``, biases included. Subclasses
    implement ``_update(i, p, g, s)`` and ``_new_state(p)``. Strang §VII.4.
    """

    def __init__(self, lr, *, weight_decay=0.0, l1=0.0):
        self.lr = lr if callable(lr) else check_real(lr, "lr", min=0.0, min_open=True)
        self.weight_decay = check_real(weight_decay, "weight_decay", min=0.0)
        self.l1 = check_real(l1, "l1", min=0.0)
        self.reset()

    def step_size(self, k: int | None = None):
        """The step size s_k for step k (default: the latest step, at least 1)."""
        k = max(self.k, 1) if k is None else check_int(k, "k", min=1)
        s = self.lr(k) if callable(self.lr) else self.lr
        if not np.isfinite(s) or s <= 0:
            raise ValueError(f"the schedule lr gave step size {s} at k={k}; it must be positive")
        return float(s)

    def reset(self):
        """Forget the state and the step count."""
        self.k, self.state, self._shapes = 0, None, None

    def step(self, params, grads):
        """Update ``params`` (list of float arrays) in place from ``grads`` (same shapes).

        An inner step of a training run: other types, shapes, complex and object arrays
        are refused, but non-finite values in ``params`` or ``grads`` propagate as in IEEE
        arithmetic, so a diverging run shows as inf/NaN in its loss.
        """
        params, grads = check_list(params, "params"), check_list(grads, "grads")
        check_same_length("params", params, "grads", grads)
        for i, (p, g) in enumerate(zip(params, grads)):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(f"params[{i}] must be a float ndarray (updated in place), "
                                f"got {type(p).__name__}")
            if np.shape(g) != p.shape:
                raise ValueError(f"grads[{i}] must have shape {p.shape} like params[{i}], "
                                 f"got {np.shape(g)}")
            if not (type(g) is np.ndarray and g.dtype.kind == "f"):  # the hot path skips it
                check_array(g, f"grads[{i}]", dtype=None, finite=False)
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
            if self.l1:  # proximal step for s l1 sum|w|: shrink toward 0, stop at 0
                np.copyto(p, np.sign(p) * np.maximum(np.abs(p) - s * self.l1, 0.0))

    def _new_state(self, p):
        return []

    @abstractmethod
    def _update(self, i, p, g, s):
        """Move parameter ``p`` (index ``i``) given its gradient ``g`` and step ``s``."""

    def __repr__(self):
        shown = [n for n in ("beta", "beta1", "beta2", "eps") if hasattr(self, n)]
        shown += [n for n in ("weight_decay", "l1") if getattr(self, n)]
        return f"{type(self).__name__}(lr={self.lr!r}" + "".join(
            f", {n}={getattr(self, n)!r}" for n in shown) + ")"


class SGD(Optimizer):
    """Gradient descent w <- w - s_k g (stochastic with minibatch gradients). Strang §VII.4.

    >>> x, opt = np.zeros(1), SGD(lr=0.5)
    >>> for _ in range(30): opt.step([x], [x - 3])      # minimize (x - 3)^2 / 2
    >>> x.round(6)
    array([3.])
    """

    def _update(self, i, p, g, s):
        p -= s * g


class Momentum(Optimizer):
    """Heavy ball: z <- g + beta z, w <- w - s_k z, beta in [0, 1). Strang §VI.4.

    >>> x, opt = np.zeros(2), Momentum(lr=0.2, beta=0.5)
    >>> for _ in range(100): opt.step([x], [x - np.array([1.0, -2.0])])
    >>> x.round(6)
    array([ 1., -2.])
    """

    def __init__(self, lr, beta=0.9, *, weight_decay=0.0, l1=0.0):
        super().__init__(lr, weight_decay=weight_decay, l1=l1)
        self.beta = _unit(beta, "beta")

    def _new_state(self, p):
        return [np.zeros_like(p)]

    def _update(self, i, p, g, s):
        z = self.state[i][0]
        z *= self.beta
        z += g
        p -= s * z


class Nesterov(Momentum):
    """Nesterov's accelerated gradient in look-ahead form: w <- w - s (g + beta z). Strang §VI.4.

    >>> x, opt = np.array([5.0]), Nesterov(lr=0.1, beta=0.8)
    >>> for _ in range(200): opt.step([x], [2 * x])
    >>> abs(float(x[0])) < 1e-10
    True
    """

    def _update(self, i, p, g, s):
        z = self.state[i][0]
        z *= self.beta
        z += g
        p -= s * (g + self.beta * z)


class Adam(Optimizer):
    """Adam: steps s_k m_hat / (sqrt(v_hat) + eps) from bias-corrected moment averages.

    beta1, beta2 in [0, 1): decay rates of the averages of g and g^2. Strang §VI.5, §VII.4.

    >>> x, opt = np.array([1.0, -1.0]), Adam(lr=0.05)
    >>> for _ in range(500): opt.step([x], [x * np.array([1.0, 100.0])])
    >>> bool(np.all(np.abs(x) < 1e-3))
    True
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, *, weight_decay=0.0, l1=0.0):
        super().__init__(lr, weight_decay=weight_decay, l1=l1)
        self.beta1 = _unit(beta1, "beta1")
        self.beta2 = _unit(beta2, "beta2")
        self.eps = check_real(eps, "eps", min=0.0, min_open=True)

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


def _mu_L(mu, L):
    mu = check_real(mu, "mu", min=0.0, min_open=True)
    L = check_real(L, "L", min=0.0, min_open=True)
    if mu > L:
        raise ValueError(f"mu must be <= L (the eigenvalues lie in [mu, L]), got mu={mu:g}, L={L:g}")
    return mu, L


def gd_rate(kappa):
    """Error factor (kappa - 1)/(kappa + 1) per step of gradient descent at its best step.

    kappa >= 1: the condition number L/mu of the Hessian. Strang §VI.4.

    >>> round(gd_rate(100), 4)   # 99/101
    0.9802
    """
    kappa = check_real(kappa, "kappa", min=1.0)
    return (kappa - 1) / (kappa + 1)


def momentum_rate(kappa):
    """Error factor (sqrt(kappa) - 1)/(sqrt(kappa) + 1) of the heavy ball at its best.

    >>> round(momentum_rate(100), 4)   # 9/11
    0.8182
    """
    r = math.sqrt(check_real(kappa, "kappa", min=1.0))
    return (r - 1) / (r + 1)


def gd_step(mu, L):
    """The best constant step 2/(L + mu) for eigenvalues of the Hessian in [mu, L].

    >>> gd_step(1.0, 100.0)
    0.019801980198019802
    """
    mu, L = _mu_L(mu, L)
    return 2.0 / (L + mu)


def momentum_params(mu, L):
    """Best heavy-ball (s, beta) = (4/(sqrt L + sqrt mu)^2, momentum_rate^2) on [mu, L].

    Use them as ``Momentum(lr=s, beta=beta)``. Strang §VI.4.

    >>> s, beta = momentum_params(1.0, 100.0)
    >>> round(s, 6), round(beta, 6)   # 4/121 and (9/11)^2
    (0.033058, 0.669421)
    """
    mu, L = _mu_L(mu, L)
    a, b = math.sqrt(L), math.sqrt(mu)
    return 4.0 / (a + b) ** 2, ((a - b) / (a + b)) ** 2
