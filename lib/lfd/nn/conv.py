"""Convolution, pooling and flattening layers over :mod:`lfd.conv` and :mod:`lfd.pool` (§VII.2)."""

from __future__ import annotations

import numpy as np

from lfd import conv, pool
from lfd._validate import check_array, check_choice, check_int
from lfd.nn.init import init_weights
from lfd.nn.layer import Layer

__all__ = ["Conv1D", "Conv2D", "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D", "Flatten"]


def _before_forward(cache):
    if cache is None:
        raise RuntimeError("backward called before forward")
    return cache


class _Conv(Layer):
    d = 2

    def __init__(self, C_in: int, C_out: int, E: int, stride: int = 1, padding: int = 0,
                 rng=None, *, mode="zero", dtype=np.float64, input_grad=True):
        super().__init__()
        self.C_in = check_int(C_in, "C_in", min=1)
        self.C_out = check_int(C_out, "C_out", min=1)
        self.E = check_int(E, "E", min=1)
        self.stride = check_int(stride, "stride", min=1)
        self.padding = check_int(padding, "padding", min=0)
        self.mode = check_choice(mode, "mode", conv.MODES)
        self.input_grad = bool(input_grad)
        try:
            dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype must be float32 or float64, got {dtype!r}") from None
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {dtype}")
        A, b = init_weights(self.C_in * self.E ** self.d, self.C_out, "he", rng, dtype)
        self.params = [A.reshape((self.C_out, self.C_in) + (self.E,) * self.d), b]
        self.grads = [np.zeros_like(p) for p in self.params]
        self._X = None

    # w and b are views of params, so that rebinding either keeps them in step
    w = property(lambda self: self.params[0], lambda self, v: self.params.__setitem__(0, v))
    b = property(lambda self: self.params[1], lambda self, v: self.params.__setitem__(1, v))

    def _args(self):
        return self.stride, self.padding, self.mode

    def forward(self, X, *, train=False):
        forward = conv.conv1d if self.d == 1 else conv.conv2d
        Y = forward(X, self.w, self.b, *self._args())
        self._X = np.asarray(X)
        return Y

    def backward(self, dY):
        backward = conv.conv1d_backward if self.d == 1 else conv.conv2d_backward
        dX, dw, db = backward(dY, _before_forward(self._X), self.w, *self._args(),
                              input_grad=self.input_grad)
        self.grads[0][...], self.grads[1][...] = dw, db
        return dX

    def __repr__(self):
        return (f"{type(self).__name__}(C_in={self.C_in}, C_out={self.C_out}, E={self.E}, "
                f"stride={self.stride}, padding={self.padding}, mode={self.mode!r})")


class Conv2D(_Conv):
    """A 2D convolutional layer: C_out filters E by E on C_in channels. §VII.2, eq. (8).

    X (n, C_in, H, W) -> (n, C_out, M1, M2) by :func:`lfd.conv.conv2d`; stride and
    padding are the book's S and P; w (C_out, C_in, E, E) He-initialized from ``rng``,
    b = 0; ``mode`` as in :mod:`lfd.conv`; ``dtype`` float64 or float32;
    ``input_grad=False``: backward returns None (a first layer).

    >>> layer = Conv2D(3, 8, 3, padding=1, rng=0)
    >>> Y = layer.forward(np.ones((2, 3, 5, 5)))
    >>> Y.shape, layer.w.shape, layer.backward(np.ones_like(Y)).shape
    ((2, 8, 5, 5), (8, 3, 3, 3), (2, 3, 5, 5))
    """

    d = 2


class Conv1D(_Conv):
    """A 1D convolutional layer, parameters as :class:`Conv2D`: (n, C_in, N) -> (n, C_out, M).

    >>> Conv1D(1, 4, 5, rng=0).forward(np.zeros((10, 1, 32))).shape
    (10, 4, 28)
    """

    d = 1


class _Pool(Layer):
    pool_forward = pool_backward = None

    def __init__(self, size: int = 2, stride: int | None = None):
        super().__init__()
        self.size = check_int(size, "size", min=1)
        self.stride = self.size if stride is None else check_int(stride, "stride", min=1)
        self._X = None

    def forward(self, X, *, train=False):
        Y = type(self).pool_forward(X, self.size, self.stride)
        self._X, self._Y = np.asarray(X), Y
        return Y

    def backward(self, dY):
        X = _before_forward(self._X)
        if type(self).pool_forward in (pool.max_pool1d, pool.max_pool2d):   # reuse the max
            return type(self).pool_backward(dY, X, self.size, self.stride, Y=self._Y)
        return type(self).pool_backward(dY, X, self.size, self.stride)

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size}, stride={self.stride})"


class MaxPool2D(_Pool):
    """Max pooling of (n, C, H, W) over size by size windows (stride defaults to size).

    No parameters; :func:`lfd.pool.max_pool2d` forward, its gradient backward.

    >>> MaxPool2D(2).forward(np.arange(16.0).reshape(1, 1, 4, 4)).shape
    (1, 1, 2, 2)
    """

    pool_forward, pool_backward = pool.max_pool2d, pool.max_pool2d_backward


class AvgPool2D(_Pool):
    """Average pooling of (n, C, H, W) by :func:`lfd.pool.avg_pool2d`."""

    pool_forward, pool_backward = pool.avg_pool2d, pool.avg_pool2d_backward


class MaxPool1D(_Pool):
    """Max pooling of signals (n, C, N) by :func:`lfd.pool.max_pool1d`."""

    pool_forward, pool_backward = pool.max_pool1d, pool.max_pool1d_backward


class AvgPool1D(_Pool):
    """Average pooling of signals (n, C, N) by :func:`lfd.pool.avg_pool1d`."""

    pool_forward, pool_backward = pool.avg_pool1d, pool.avg_pool1d_backward


class Flatten(Layer):
    """Reshape (n, C, ...) feature maps to (n, features) for dense layers; backward undoes it.

    >>> layer = Flatten()
    >>> layer.forward(np.zeros((4, 2, 3, 3))).shape, layer.backward(np.zeros((4, 18))).shape
    ((4, 18), (4, 2, 3, 3))
    """

    def __init__(self):
        super().__init__()
        self._shape = None

    def forward(self, X, *, train=False):
        X = check_array(X, "X", dtype=None, min_size=1)
        if X.ndim < 2:
            raise ValueError(f"X must have a batch axis and at least one more, got shape {X.shape}")
        self._shape = X.shape
        return X.reshape(X.shape[0], -1)

    def backward(self, dY):
        shape = _before_forward(self._shape)
        return check_array(dY, "dY", shape=(shape[0], int(np.prod(shape[1:]))),
                           dtype=None).reshape(shape)

    def __repr__(self):
        return "Flatten()"
