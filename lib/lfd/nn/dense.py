"""Fully connected layers X ↦ X Aᵀ + b (one sample per row), activation layers
(from :mod:`lfd.activations`), and the formulas of §VII.3; chapter 03. The layers
are inner steps of training: non-finite values propagate (IEEE), so a diverging
run shows as inf/NaN in its loss."""

from __future__ import annotations

import numpy as np

from lfd import activations as R
from lfd._validate import (check_array, check_choice, check_dtype, check_float_array, check_ints,
                           check_real, check_rng)
from lfd.nn.init import init_weights
from lfd.nn.layer import Layer, Sequential

__all__ = ["Dense", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "ACTIVATION_LAYERS",
           "mlp", "augmented", "weight_jacobians"]


def _before_forward(cache):
    if cache is None:
        raise RuntimeError("backward called before forward")
    return cache


def _fast(x, shape):
    """A float32/64 array of ``shape`` (None: any n): check_array, skipped, would pass it."""
    return (type(x) is np.ndarray and x.dtype.char in "fd" and x.ndim == len(shape)
            and x.shape[-1] == shape[-1] and (shape[0] is None or x.shape[0] == shape[0]))


class Dense(Layer):
    """A fully connected layer Y = X Aᵀ + b (one sample v ↦ b + A v per row).

    A : array_like, shape (n_out, n_in); b : shape (n_out,), default zeros;
    input_grad=False: ``backward`` returns None (a first layer); dtype : floating,
    default A's. ``backward(dY)`` fills ``grads = [dYᵀ X, Σ rows of dY]`` and
    returns dY A. Strang §VII.3, eq. (1)-(2).

    >>> layer = Dense(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]))
    >>> layer(np.array([[1.0, 1.0]]))
    array([[3.5, 6.5]])
    >>> layer.backward(np.array([[1.0, 0.0]])), layer.grads[1]  # dY A, Σ rows of dY
    (array([[1., 2.]]), array([1., 0.]))
    """

    def __init__(self, A, b=None, *, input_grad=True, dtype=None):
        A = check_array(A, "A", ndim=2, dtype=None)
        dtype = check_dtype(A.dtype if dtype is None else dtype)
        A = np.array(A, dtype=dtype, order="C")
        if b is None:
            b = np.zeros(A.shape[0], dtype=dtype)
        else:
            b = np.array(check_array(b, "b", shape=(A.shape[0],), dtype=dtype))
        self.params = [A, b]
        self.grads = [np.zeros_like(A), np.zeros_like(b)]
        self.input_grad = bool(input_grad)
        self._X = self._ones = None

    A = property(lambda self: self.params[0])
    b = property(lambda self: self.params[1])
    shape = property(lambda self: self.params[0].shape)  # (n_out, n_in)

    def __repr__(self):
        n_out, n_in = self.shape
        return f"Dense(n_in={n_in}, n_out={n_out})"

    def forward(self, X, *, train=False):
        A, b = self.params
        if not _fast(X, (None, A.shape[1])):
            X = check_array(X, "X", shape=(None, A.shape[1]), dtype=None, finite=False)
        self._X = X
        Y = X @ A.T  # (n, in)(in, out): one matrix product for the whole batch
        Y += b
        return Y

    def backward(self, dY):
        X = _before_forward(self._X)
        A, _ = self.params
        if not _fast(dY, (X.shape[0], A.shape[0])):
            dY = check_array(dY, "dY", shape=(X.shape[0], A.shape[0]), dtype=None, finite=False)
        dA, db = self.grads
        ones = self._ones
        if ones is None or ones.shape[0] != dY.shape[0]:
            ones = self._ones = np.ones(dY.shape[0], dtype=A.dtype)
        np.matmul(dY.T, X, out=dA)  # Σ over samples of δ vᵀ
        np.matmul(ones, dY, out=db)  # Σ over samples of δ (faster than dY.sum(axis=0))
        if not self.input_grad:
            return None
        if A.shape[0] == 1:  # dY A is an outer product: broadcasting beats matmul here
            return dY * A
        return dY @ A


class _Activation(Layer):
    """R = lfd.activations[name] on every entry (any shape); backward multiplies dY by R'(X)."""

    name = ""

    def __init__(self):
        super().__init__()
        self._X = None

    def __repr__(self):
        return f"{type(self).__name__}()"

    def function(self, Z):
        return R.ACTIVATIONS[self.name][0](check_float_array(Z, "Z"))

    def derivative(self, Z):
        """R'(Z) entry by entry: the diagonal of J for one sample."""
        return R.ACTIVATIONS[self.name][1](check_float_array(Z, "Z"))

    def forward(self, X, *, train=False):
        self._X = check_float_array(X, "X")
        return self.function(self._X)

    def backward(self, dY):
        X = _before_forward(self._X)
        if not (type(dY) is np.ndarray and dY.shape == X.shape and dY.dtype.char in "fd"):
            dY = check_array(dY, "dY", shape=X.shape, dtype=None, finite=False)
        return dY * self.derivative(X)  # dY J, J = diag R'(X)


class ReLU(_Activation):
    """max(0, z) on every entry; R' = 1 where z > 0, else 0. Strang §VII.3, eq. (6)-(8).

    >>> relu = ReLU()
    >>> relu(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    >>> relu.backward(np.array([[5.0, 5.0]]))
    array([[0., 5.]])
    """

    name = "relu"


class LeakyReLU(_Activation):
    """z where z > 0, ``slope``·z elsewhere (0 <= slope < 1).

    >>> LeakyReLU(0.1)(np.array([[-2.0, 3.0]]))
    array([[-0.2,  3. ]])
    """

    name = "leaky_relu"

    def __init__(self, slope=0.01):
        super().__init__()
        self.slope = check_real(slope, "slope", min=0.0, max=1.0, max_open=True)

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope})"

    def function(self, Z):
        return R.leaky_relu(check_float_array(Z, "Z"), self.slope)

    def derivative(self, Z):
        return R.leaky_relu_derivative(check_float_array(Z, "Z"), self.slope)


class Sigmoid(_Activation):
    """σ(z) = 1 / (1 + e^(-z)); R' = σ(1 - σ)."""

    name = "sigmoid"


class Tanh(_Activation):
    """tanh(z); R' = 1 - tanh²(z)."""

    name = "tanh"


#: name -> activation layer, the names of :data:`lfd.activations.ACTIVATIONS`.
ACTIVATION_LAYERS = {layer.name: layer for layer in (ReLU, LeakyReLU, Sigmoid, Tanh)}


def mlp(widths: list[int], activation="relu", init="he", rng=None, *, input_grad=True,
        dtype=np.float64):
    """A fully connected net Dense, R, Dense, R, …, Dense (no R after the last).

    widths : at least two ints >= 1, input to output; activation : a key of
    :data:`ACTIVATION_LAYERS`; init, rng, dtype : see :func:`lfd.nn.init_weights`;
    input_grad=False: the first layer skips dL/dX of the data. Strang §VII.3.

    >>> net = mlp([2, 16, 16, 1], rng=0)
    >>> net.layers[:2], net.n_params()
    ([Dense(n_in=2, n_out=16), ReLU()], 337)
    """
    widths = check_ints(widths, "widths", min=1, length=2)
    check_choice(activation, "activation", tuple(ACTIVATION_LAYERS))
    rng = check_rng(rng)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        A, b = init_weights(n_in, n_out, init, rng, dtype)
        layers.append(Dense(A, b, input_grad=input_grad or i > 0))
        if i < len(widths) - 2:
            layers.append(ACTIVATION_LAYERS[activation]())
    return Sequential(layers)


def augmented(A, b):
    """The matrix M = [[1, 0ᵀ], [b, A]], shape (n_out + 1, n_in + 1): M [1; v] = [1; b + A v].

    A : array_like, shape (n_out, n_in); b : array_like, shape (n_out,).
    Strang §VII.3, eq. (3)-(4).

    >>> augmented(np.array([[2.0, 0.0], [0.0, 3.0]]), np.array([1.0, -1.0]))
    array([[ 1.,  0.,  0.],
           [ 1.,  2.,  0.],
           [-1.,  0.,  3.]])
    """
    A = check_array(A, "A", ndim=2)
    b = check_array(b, "b", shape=(A.shape[0],))
    return np.block([[np.ones((1, 1)), np.zeros((1, A.shape[1]))], [b[:, None], A]])


def weight_jacobians(net, v):
    """∂w/∂A and ∂w/∂b of every Dense layer for one input v, by the book's formulas.

    net : Sequential of Dense and activation layers, or one Dense layer;
    v : array_like, shape (n_in,). Returns one pair (dA, db) per Dense layer,
    input side first: dA[i, j, k] = ∂w_i/∂A_jk, shape (m, n_out, n_in), and
    db[i, j] = ∂w_i/∂b_j. Strang §VII.3, eq. (2), (5), (7), (8).

    >>> dA, db = weight_jacobians(Dense(np.ones((2, 3))), [1.0, 2.0, 3.0])[0]
    >>> db.tolist(), dA[0].tolist()   # ∂w_i/∂b_j = δ_ij, ∂w_0/∂A_jk = δ_0j v_k
    ([[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    """
    layers = list(net.layers) if isinstance(net, Sequential) else [net]
    for i, layer in enumerate(layers):
        if not isinstance(layer, (Dense, _Activation)):
            raise TypeError(f"net must be a Dense layer or a Sequential of Dense and "
                            f"activation layers; layer {i} is {type(layer).__name__}")
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    v = check_array(v, "v", shape=(dense[0].shape[1] if dense else None,))
    inputs = []  # the input of each layer, on the way forward
    for layer in layers:
        inputs.append(v)
        v = layer.A @ v + layer.b if isinstance(layer, Dense) else layer.function(v)
    G = np.eye(v.shape[0])  # ∂w/∂w
    out = []
    for layer, z in zip(reversed(layers), reversed(inputs)):
        if isinstance(layer, Dense):
            out.append((G[:, :, None] * z[None, None, :], G.copy()))
            G = G @ layer.A
        else:
            G = G * layer.derivative(z)[None, :]  # G J, J = diag R'(z)
    return out[::-1]
