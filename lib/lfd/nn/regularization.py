"""Dropout and batch normalization: layers that act differently when ``train=True``.
Non-finite values propagate (IEEE), so a diverging run shows as inf/NaN in its loss.
Strang §VII.4; chapter 04."""

import numpy as np

from lfd._validate import check_array, check_int, check_real, check_rng
from lfd.nn.layer import Layer

__all__ = ["Dropout", "BatchNorm"]


class Dropout(Layer):
    """Inverted dropout: in training keep each input (X of any shape) with probability p, divide by p.

    p : float in (0, 1], the probability that a neuron *survives*; rng : None, int
    or Generator (a new mask every training pass). Strang §VII.4.

    >>> drop = Dropout(p=0.5, rng=0)
    >>> drop(np.ones((1, 6)), train=True)
    array([[0., 2., 2., 2., 0., 0.]])
    >>> drop(np.ones((1, 6)))          # test time: identity
    array([[1., 1., 1., 1., 1., 1.]])
    """

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p = check_real(p, "p", min=0.0, max=1.0, min_open=True)
        self.rng = check_rng(rng)
        self.mask = None

    def forward(self, X, *, train=False):
        X = check_array(X, "X", finite=False)
        if not train or self.p == 1.0:
            self.mask = None
            return X
        self.mask = (self.rng.random(X.shape) < self.p) / self.p
        return X * self.mask

    def backward(self, dY):
        shape = None if self.mask is None else self.mask.shape
        dY = check_array(dY, "dY", shape=shape, finite=False)
        return dY if self.mask is None else dY * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p:g})"


class BatchNorm(Layer):
    """Normalize each feature (or channel) over the batch, then scale by gamma, shift by beta.

    n_features : int, size of axis 1 (features of (n, d), channels of (n, C, H, W));
    eps : float > 0, added to the variance; momentum : float in (0, 1], weight of the
    newest batch in ``running_mean`` and ``running_var`` (unbiased), used at test
    time. ``params = [gamma, beta]``, initially 1 and 0. Strang §VII.4.

    >>> bn = BatchNorm(1)
    >>> bn(np.array([[1.0], [3.0]]), train=True).round(4)
    array([[-1.],
           [ 1.]])
    >>> bn.running_mean, bn.running_var
    (array([0.2]), array([1.1]))
    """

    def __init__(self, n_features: int, eps=1e-5, momentum=0.1):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", min=1)
        self.eps = check_real(eps, "eps", min=0.0, min_open=True)
        self.momentum = check_real(momentum, "momentum", min=0.0, max=1.0, min_open=True)
        self.gamma, self.beta = np.ones(self.n_features), np.zeros(self.n_features)
        self.params = [self.gamma, self.beta]
        self.grads = [np.zeros(self.n_features), np.zeros(self.n_features)]
        self.running_mean, self.running_var = np.zeros(self.n_features), np.ones(self.n_features)
        self._cache = None

    def forward(self, X, *, train=False):
        X = check_array(X, "X", finite=False)
        if X.ndim < 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have shape (n, {self.n_features}, ...), got {X.shape}")
        axes = (0,) + tuple(range(2, X.ndim))  # all but the feature axis
        shape = (1, self.n_features) + (1,) * (X.ndim - 2)
        if train:
            B = X.size // self.n_features
            if B < 2:
                raise ValueError(f"X must hold at least 2 values per feature in training, got {X.shape}")
            mu, var = X.mean(axis=axes), X.var(axis=axes)
            m = self.momentum
            self.running_mean[...] = self.running_mean * (1 - m) + m * mu
            self.running_var[...] = self.running_var * (1 - m) + m * var * B / (B - 1)
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
        dY = check_array(dY, "dY", shape=Xhat.shape, finite=False)
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
