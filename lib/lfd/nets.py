"""Fully connected nets in matrix form, with the explicit derivatives of §VII.3.

A layer of a deep net maps v to ``b + A v`` and then applies the activation
R one component at a time: v_n = R(b_n + A_n v_(n-1)); the last layer has no
R, so w = v_L = b_L + A_L v_(L-1). With a batch, the samples are the rows of
``X`` (shape ``(n, in)``) and the same map is ``X @ A.T + b``.

The derivatives are the ones Strang writes down in §VII.3:

* the last layer, w = b + A v:  ∂w_i/∂b_j = δ_ij  and  ∂w_i/∂A_jk = δ_ij v_k;
  so for a loss with dL/dw = δ the gradients are dL/db = δ, dL/dA = δ vᵀ;
* a hidden layer goes through R: the chain rule inserts the diagonal matrix
  J = R'(b + A v), with entries 1 and 0 for ReLU, and then the weights that
  follow: ∂w/∂A_(L-1) = A_L J ∂(A v + b)/∂A.

:class:`Dense` and the activations keep the :class:`lfd.layer.Layer`
contract, so they stack with convolution, dropout and batch normalization
in one :class:`lfd.layer.Sequential`. :func:`weight_jacobians` evaluates the
explicit formulas for one sample; :func:`gradient_check` and
:func:`numerical_gradient` compare backpropagation with central differences.

Strang §VII.3; chapter chapters/03-backpropagation.ipynb.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np

from lfd.layer import Layer, Sequential

__all__ = [
    "Dense", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "ACTIVATIONS",
    "init_weights", "mlp", "augmented", "weight_jacobians",
    "numerical_gradient", "gradient_check",
]


def _float_dtype(dtype, default=np.float64):
    dtype = np.dtype(default if dtype is None else dtype)
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating type, got {dtype}")
    return dtype


class Dense(Layer):
    """A fully connected layer v ↦ b + A v, for a batch of samples in rows.

    Parameters
    ----------
    A : array_like, shape (n_out, n_in)
        The weight matrix (the book's A: row j produces output j).
    b : array_like, shape (n_out,), optional
        The bias vector; zeros if omitted.
    input_grad : bool, default True
        Whether :meth:`backward` computes dL/dX. The first layer of a net
        fed with data never needs it; ``False`` skips that matrix product
        and makes ``backward`` return None.
    dtype : dtype, optional
        Floating type of the weights (default: A's own floating type, else
        float64).

    Attributes
    ----------
    params : [A, b]
        The arrays an optimizer updates in place.
    grads : [dA, db]
        dL/dA and dL/db from the latest :meth:`backward`, same shapes.

    Notes
    -----
    Forward: ``Y = X @ A.T + b`` for ``X`` of shape (n, n_in). Backward,
    with ``dY`` = dL/dY of shape (n, n_out), from ∂w_i/∂A_jk = δ_ij v_k:

    .. math:: \\frac{\\partial L}{\\partial A} = \\sum_{\\text{samples}} \\delta\\, v^T
              = dY^T X, \\quad \\frac{\\partial L}{\\partial b} = \\sum \\delta,
              \\quad \\frac{\\partial L}{\\partial X} = dY\\, A.

    Only the input ``X`` is cached. ``grads`` are overwritten in place.

    Strang §VII.3, eq. (1)-(2); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> layer = Dense(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]))
    >>> layer(np.array([[1.0, 1.0]]))
    array([[3.5, 6.5]])
    >>> layer.backward(np.array([[1.0, 0.0]]))   # dL/dX = dY A
    array([[1., 2.]])
    >>> layer.grads[0]                          # dL/dA = δ vᵀ
    array([[1., 1.],
           [0., 0.]])
    """

    def __init__(self, A, b=None, *, input_grad=True, dtype=None):
        A = np.asarray(A)
        if A.ndim != 2:
            raise ValueError(f"A must be a matrix of shape (n_out, n_in), got shape {A.shape}")
        dtype = _float_dtype(dtype, A.dtype if A.dtype.kind == "f" else np.float64)
        A = np.array(A, dtype=dtype, order="C")
        if b is None:
            b = np.zeros(A.shape[0], dtype=dtype)
        else:
            b = np.array(b, dtype=dtype)
            if b.shape != (A.shape[0],):
                raise ValueError(f"b must have shape ({A.shape[0]},) to match A of shape "
                                 f"{A.shape}, got {b.shape}")
        self.params = [A, b]
        self.grads = [np.zeros_like(A), np.zeros_like(b)]
        self.input_grad = bool(input_grad)
        self._X = None
        self._ones = None

    @property
    def A(self):
        """The weight matrix, shape (n_out, n_in) (the same array as ``params[0]``)."""
        return self.params[0]

    @property
    def b(self):
        """The bias vector, shape (n_out,) (the same array as ``params[1]``)."""
        return self.params[1]

    @property
    def shape(self):
        """(n_out, n_in)."""
        return self.params[0].shape

    def __repr__(self):
        n_out, n_in = self.shape
        return f"Dense(n_in={n_in}, n_out={n_out})"

    def forward(self, X, *, train=False):
        X = np.asarray(X)
        A, b = self.params
        if X.ndim != 2 or X.shape[1] != A.shape[1]:
            raise ValueError(f"X must have shape (n, {A.shape[1]}), got {X.shape}")
        self._X = X
        Y = X @ A.T  # (n, in)(in, out): one matrix product for the whole batch
        Y += b
        return Y

    def backward(self, dY):
        X = self._X
        if X is None:
            raise RuntimeError("backward called before forward")
        A, _ = self.params
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
    """R applied to every entry; ``derivative`` gives the diagonal of J = R'."""

    name = ""

    def __init__(self):
        super().__init__()
        self._cache = None

    def __repr__(self):
        return f"{type(self).__name__}()"

    @abstractmethod
    def function(self, Z):
        """R(Z), entry by entry."""

    @abstractmethod
    def derivative(self, Z):
        """R'(Z), entry by entry: the diagonal of J for one sample."""

    def forward(self, X, *, train=False):
        Y = self.function(np.asarray(X))
        self._cache = Y
        return Y

    def _check_cache(self):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        return self._cache


class ReLU(_Activation):
    """ReLU(z) = max(0, z) on every entry; R' is 1 where z > 0 and 0 elsewhere.

    Notes
    -----
    J = R'(b + A v) is a diagonal matrix of 1's and 0's (the kink z = 0
    gets 0). Backward multiplies dL/dY by it entry by entry.

    Strang §VII.3, eq. (6)-(8); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> relu = ReLU()
    >>> relu(np.array([[-1.0, 2.0]]))
    array([[0., 2.]])
    >>> relu.backward(np.array([[5.0, 5.0]]))
    array([[0., 5.]])
    """

    name = "relu"

    def function(self, Z):
        return np.maximum(Z, 0.0)

    def derivative(self, Z):
        return (np.asarray(Z) > 0).astype(np.result_type(Z, np.float64))

    def backward(self, dY):
        Y = self._check_cache()
        return dY * (Y > 0)  # dY J with J = diag(1 or 0)


class LeakyReLU(_Activation):
    """z for z ≥ 0 and ``slope``·z for z < 0 (never a zero gradient).

    Parameters
    ----------
    slope : float, default 0.01
        The slope on the negative side (the book uses .01).

    Examples
    --------
    >>> import numpy as np
    >>> LeakyReLU(0.1)(np.array([[-2.0, 3.0]]))
    array([[-0.2,  3. ]])

    Strang §VII.3, eq. (6); chapter chapters/03-backpropagation.ipynb.
    """

    name = "leaky_relu"

    def __init__(self, slope=0.01):
        super().__init__()
        if not np.isscalar(slope) or not 0 <= slope < 1:
            raise ValueError(f"slope must be a number in [0, 1), got {slope!r}")
        self.slope = float(slope)

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope})"

    def function(self, Z):
        return np.where(Z >= 0, Z, self.slope * Z)

    def derivative(self, Z):
        return np.where(np.asarray(Z) >= 0, 1.0, self.slope)

    def forward(self, X, *, train=False):
        X = np.asarray(X)
        self._cache = X >= 0
        return np.where(self._cache, X, self.slope * X)

    def backward(self, dY):
        positive = self._check_cache()
        return np.where(positive, dY, self.slope * dY)


class Sigmoid(_Activation):
    """σ(z) = 1 / (1 + e^(-z)); σ' = σ(1 - σ), so J has entries in (0, 1/4].

    Examples
    --------
    >>> import numpy as np
    >>> Sigmoid()(np.array([[0.0]]))
    array([[0.5]])

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.
    """

    name = "sigmoid"

    def function(self, Z):
        Z = np.asarray(Z, dtype=np.result_type(Z, np.float64))
        # e^(-|z|) never overflows; σ(z) = 1/(1+e^-z) for z ≥ 0, e^z/(1+e^z) otherwise
        e = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1.0, e) / (1.0 + e)

    def derivative(self, Z):
        s = self.function(Z)
        return s * (1.0 - s)

    def backward(self, dY):
        S = self._check_cache()
        return dY * S * (1.0 - S)


class Tanh(_Activation):
    """tanh(z); R' = 1 - tanh²(z).

    Examples
    --------
    >>> import numpy as np
    >>> Tanh().derivative(np.array([0.0]))
    array([1.])

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.
    """

    name = "tanh"

    def function(self, Z):
        return np.tanh(Z)

    def derivative(self, Z):
        t = np.tanh(Z)
        return 1.0 - t * t

    def backward(self, dY):
        T = self._check_cache()
        return dY * (1.0 - T * T)


ACTIVATIONS = {"relu": ReLU, "leaky_relu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh}


def init_weights(n_in, n_out, init="he", rng=None, dtype=np.float64):
    """Random starting weights A (n_out × n_in) and a zero bias b.

    Parameters
    ----------
    n_in, n_out : int
        Widths of the layer's input and output.
    init : {"he", "xavier", "zero"}, default "he"
        ``"he"``: A_jk ~ N(0, 2/n_in), which keeps the size of ReLU
        activations steady from layer to layer. ``"xavier"`` (Glorot):
        N(0, 2/(n_in + n_out)), for sigmoid and tanh. ``"zero"``: A = 0,
        which leaves every hidden unit identical forever (a lesson, not a
        choice).
    rng : None, int or numpy.random.Generator
        Source of randomness, through ``np.random.default_rng(rng)``.
    dtype : floating dtype, default float64

    Returns
    -------
    A : ndarray, shape (n_out, n_in)
    b : ndarray, shape (n_out,)
        Zeros.

    Notes
    -----
    With A_jk of variance s² and inputs of second moment q, each entry of
    A v has variance n_in s² q; ReLU keeps half of it, so s² = 2/n_in
    keeps the second moment of the activations constant with depth.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> A, b = init_weights(1000, 500, "he", rng=0)
    >>> A.shape, b.shape, round(float(A.var() * 1000), 1)
    ((500, 1000), (500,), 2.0)
    """
    for name, n in (("n_in", n_in), ("n_out", n_out)):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    dtype = _float_dtype(dtype)
    rng = np.random.default_rng(rng)
    if init == "he":
        scale = np.sqrt(2.0 / n_in)
    elif init == "xavier":
        scale = np.sqrt(2.0 / (n_in + n_out))
    elif init == "zero":
        scale = 0.0
    else:
        raise ValueError(f"init must be 'he', 'xavier' or 'zero', got {init!r}")
    A = (rng.standard_normal((n_out, n_in)) * scale).astype(dtype, copy=False)
    return A, np.zeros(n_out, dtype=dtype)


def mlp(widths, activation="relu", init="he", rng=None, *, input_grad=True, dtype=np.float64):
    """A fully connected net: Dense, activation, Dense, …, Dense.

    Parameters
    ----------
    widths : sequence of int
        Layer widths from input to output, e.g. ``[2, 16, 16, 1]``; at least
        two numbers.
    activation : {"relu", "leaky_relu", "sigmoid", "tanh"}, default "relu"
        R, applied after every Dense layer except the last (the output
        layer has no R, as in the book).
    init : {"he", "xavier", "zero"}, default "he"
        See :func:`init_weights`.
    rng : None, int or numpy.random.Generator
    input_grad : bool, default True
        Passed to the first Dense layer: ``False`` skips dL/dX for the
        data (``backward`` then returns None).
    dtype : floating dtype, default float64

    Returns
    -------
    lfd.layer.Sequential

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> net = mlp([2, 16, 16, 1], rng=0)
    >>> net.layers[:2], net.n_params()
    ([Dense(n_in=2, n_out=16), ReLU()], 337)
    """
    widths = list(widths)
    if len(widths) < 2:
        raise ValueError(f"widths must list at least an input and an output width, got {widths}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    rng = np.random.default_rng(rng)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        A, b = init_weights(n_in, n_out, init, rng, dtype)
        layers.append(Dense(A, b, input_grad=input_grad or i > 0))
        if i < len(widths) - 2:
            layers.append(ACTIVATIONS[activation]())
    return Sequential(layers)


def augmented(A, b):
    """The combined weight matrix M = [[1, 0ᵀ], [b, A]].

    Parameters
    ----------
    A : array_like, shape (n_out, n_in)
    b : array_like, shape (n_out,)

    Returns
    -------
    M : ndarray, shape (n_out + 1, n_in + 1)

    Notes
    -----
    M [1; v] = [1; b + A v]: the bias becomes one more column of weights
    acting on a constant input 1, and the 1 is passed on to the next
    layer (ReLU(1) = 1 keeps it there). For w = M v the derivatives are
    ∂w_i/∂M_jk = δ_ij v_k for i > 0.

    Strang §VII.3, eq. (3)-(4); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> M = augmented(np.array([[2.0, 0.0], [0.0, 3.0]]), np.array([1.0, -1.0]))
    >>> M
    array([[ 1.,  0.,  0.],
           [ 1.,  2.,  0.],
           [-1.,  0.,  3.]])
    >>> M @ np.array([1.0, 1.0, 1.0])
    array([1., 3., 2.])
    """
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(f"A must be a matrix of shape (n_out, n_in), got shape {A.shape}")
    b = np.asarray(b)
    if b.shape != (A.shape[0],):
        raise ValueError(f"b must have shape ({A.shape[0]},) to match A of shape {A.shape}, "
                         f"got {b.shape}")
    dtype = np.result_type(A, b, np.float64)
    M = np.zeros((A.shape[0] + 1, A.shape[1] + 1), dtype=dtype)
    M[0, 0] = 1.0
    M[1:, 0] = b
    M[1:, 1:] = A
    return M


def _as_layers(net):
    if isinstance(net, Sequential):
        return list(net.layers)
    if isinstance(net, Layer):
        return [net]
    raise TypeError(f"net must be an lfd Layer or Sequential, got {type(net).__name__}")


def weight_jacobians(net, v):
    """∂w/∂A and ∂w/∂b of every Dense layer, for one input v, by the book's formulas.

    Parameters
    ----------
    net : Sequential of Dense and activation layers (or one Dense layer)
    v : array_like, shape (n_in,)
        One input sample v_0.

    Returns
    -------
    list of (dA, db), one pair per Dense layer, input side first
        ``dA`` has shape (m, n_out, n_in) with ``dA[i, j, k]`` = ∂w_i/∂A_jk,
        and ``db`` has shape (m, n_out) with ``db[i, j]`` = ∂w_i/∂b_j, where
        m is the number of outputs w.

    Notes
    -----
    Start from ∂w/∂w = I at the output and walk back through the layers:
    a Dense layer with input v gives ∂w/∂b = G and ∂w/∂A_jk = G_ij v_k
    (eq. (2) when G = I), then G ← G A; an activation with input z gives
    G ← G J with J = diag R'(z) (eq. (7)-(8)). So for w = A₂R(A₁v + b₁) + b₂,
    ∂w/∂b₁ = A₂J and ∂w_i/∂(A₁)_jk = (A₂J)_ij v_k: eq. (5).

    Strang §VII.3, eq. (2), (5), (7), (8); chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> layer = Dense(np.ones((2, 3)))
    >>> dA, db = weight_jacobians(layer, [1.0, 2.0, 3.0])[0]
    >>> db                      # ∂w_i/∂b_j = δ_ij
    array([[1., 0.],
           [0., 1.]])
    >>> dA[0]                   # ∂w_0/∂A_jk = δ_0j v_k
    array([[1., 2., 3.],
           [0., 0., 0.]])
    """
    layers = _as_layers(net)
    for i, layer in enumerate(layers):
        if not isinstance(layer, (Dense, _Activation)):
            raise TypeError(f"weight_jacobians needs Dense and activation layers only; "
                            f"layer {i} is {type(layer).__name__}")
    v = np.asarray(v, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"v must be one sample of shape (n_in,), got shape {v.shape}")
    inputs = []  # the input of each layer, on the way forward
    for layer in layers:
        inputs.append(v)
        if isinstance(layer, Dense):
            if v.shape[0] != layer.shape[1]:
                raise ValueError(f"v has {v.shape[0]} entries but the layer expects "
                                 f"{layer.shape[1]}")
            v = layer.A @ v + layer.b
        else:
            v = layer.function(v)
    G = np.eye(v.shape[0])  # ∂w/∂w
    out = []
    for layer, z in zip(reversed(layers), reversed(inputs)):
        if isinstance(layer, Dense):
            out.append((G[:, :, None] * z[None, None, :], G.copy()))
            G = G @ layer.A
        else:
            G = G * layer.derivative(z)[None, :]  # G J, J = diag R'(z)
    return out[::-1]


def numerical_gradient(f, x, h=1e-6):
    """Central-difference gradient of a scalar function of an array.

    Parameters
    ----------
    f : callable
        f(x) -> float, for x of the shape given.
    x : array_like
        The point (any shape); it is copied, never modified.
    h : float, default 1e-6
        The step: (f(x + h e_i) - f(x - h e_i)) / 2h for each entry i.

    Returns
    -------
    ndarray, shape of x, float64

    Notes
    -----
    The error is O(h²) from the Taylor series plus O(ε|f|/h) from rounding
    (ε ≈ 2.2e-16); h ≈ 1e-6 balances them for smooth f of moderate size.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> g = numerical_gradient(lambda x: (x**2).sum(), np.array([1.0, -2.0]))
    >>> np.round(g, 6)
    array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if not (np.isscalar(h) and h > 0):
        raise ValueError(f"h must be a positive number, got {h!r}")
    x = np.array(x, dtype=np.float64)
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


def gradient_check(net, X, loss_fn, h=1e-6, *, max_entries=None, rng=None, train=False):
    """Largest relative error between backprop and central differences, per parameter.

    Parameters
    ----------
    net : lfd.layer.Layer (e.g. a Sequential)
        The parameters ``net.params`` are perturbed in place and restored.
    X : array_like
        A batch of inputs.
    loss_fn : callable
        ``loss_fn(Y) -> (loss, dY)``: the scalar loss of the outputs
        ``Y = net(X)`` and its gradient dL/dY (same shape as Y).
    h : float, default 1e-6
        Central-difference step.
    max_entries : int, optional
        Check at most this many entries of each parameter, chosen with
        ``rng`` (default: every entry).
    rng : None, int or numpy.random.Generator
    train : bool, default False
        Passed to ``net.forward`` (keep False for layers with randomness).

    Returns
    -------
    list of float
        One number per parameter array: max_i |a_i - n_i| / (max_i |a_i| +
        max_i |n_i|) over the checked entries, a = backprop, n = numerical
        (0 when both are exactly 0).

    Notes
    -----
    The difference quotient carries a rounding error of about ε|L|/h
    (ε ≈ 2.2e-16) in every entry, whatever the size of that entry, so an
    entry-by-entry ratio |a_i - n_i| / |a_i| only measures noise where a_i
    is tiny. Dividing by the largest entries of the same parameter makes
    the error scale-free and stable: in float64 a correct backward pass
    gives about 1e-9, a wrong formula errors near 1. Keep ReLU inputs away
    from 0: a difference quotient across a kink measures the wrong slope.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> net = mlp([3, 4, 2], activation="tanh", rng=rng)
    >>> half_square = lambda Y: (0.5 * float((Y**2).sum()), Y)
    >>> errors = gradient_check(net, rng.standard_normal((5, 3)), half_square)
    >>> len(errors), max(errors) < 1e-7
    (4, True)
    """
    if not isinstance(net, Layer):
        raise TypeError(f"net must be an lfd Layer, got {type(net).__name__}")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    if not (np.isscalar(h) and h > 0):
        raise ValueError(f"h must be a positive number, got {h!r}")
    if max_entries is not None and (not isinstance(max_entries, (int, np.integer))
                                    or max_entries < 1):
        raise ValueError(f"max_entries must be a positive integer, got {max_entries!r}")
    rng = np.random.default_rng(rng)
    X = np.asarray(X)

    def loss_at():
        return float(loss_fn(net.forward(X, train=train))[0])

    Y = net.forward(X, train=train)
    result = loss_fn(Y)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError("loss_fn must return a pair (loss, dL/dY)")
    dY = np.asarray(result[1])
    if dY.shape != np.shape(Y):
        raise ValueError(f"loss_fn's dL/dY has shape {dY.shape}, but the output has shape "
                         f"{np.shape(Y)}")
    net.backward(dY)
    analytic = [np.array(g, dtype=np.float64) for g in net.grads]
    errors = []
    for p, a in zip(net.params, analytic):
        flat, aflat = p.reshape(-1), a.reshape(-1)
        if not np.shares_memory(flat, p):
            raise ValueError("parameters must be contiguous arrays (updated in place)")
        entries = np.arange(flat.size)
        if max_entries is not None and flat.size > max_entries:
            entries = rng.choice(flat.size, size=max_entries, replace=False)
        numeric = np.empty(len(entries))
        for j, i in enumerate(entries):
            old = flat[i]
            flat[i] = old + h
            up = loss_at()
            flat[i] = old - h
            down = loss_at()
            flat[i] = old
            numeric[j] = (up - down) / (2 * h)
        a = aflat[entries]
        scale = np.abs(a).max(initial=0.0) + np.abs(numeric).max(initial=0.0)
        errors.append(float(np.abs(a - numeric).max(initial=0.0) / scale) if scale > 0 else 0.0)
    return errors
