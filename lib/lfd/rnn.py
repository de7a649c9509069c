"""A recurrent layer and backpropagation through time (Strang §VII.5).

A recurrent net reads a sequence v_1, …, v_T one step at a time and keeps
a hidden state h_t that carries what it has seen so far:

    h_t = R(A_in v_t + A_recur h_(t-1) + b),     h_0 = 0,

with the same weights at every step (Strang's x_in, x_recur; the output
weights x_out are an ordinary :class:`lfd.nets.Dense` applied at each step,
see :class:`EachStep`). Unrolled in time, the layer is a deep net with T
layers that share their weights, so its gradient is backpropagation through
that unrolled net, summed over the steps: *backpropagation through time*
(BPTT). The gradient that reaches h_t from a loss at a later step s passes
through s - t factors ``diag R'(z_k) A_recur``; their product shrinks or
grows geometrically with the span s - t, which is why plain recurrent nets
forget long spans (vanishing gradients) or train erratically on them
(exploding gradients).

Shapes keep the :mod:`lfd.layer` contract, the batch first:
``X`` is (n, T, d) (n sequences of T steps with d features each) and the
hidden states are (n, T, h).

Strang §VII.5 ("Recurrent neural networks", Figure VII.7); chapter
chapters/05-world-of-ml.ipynb.
"""

from __future__ import annotations

import numpy as np

from lfd.layer import Layer
from lfd.nets import ACTIVATIONS

__all__ = ["RNN", "EachStep", "recurrent_matrix", "rnn"]


class _Identity:
    """R(z) = z: the linear recurrence, where the gradient story is exact."""

    name = "linear"

    def function(self, Z):
        return Z

    def derivative(self, Z):
        return np.ones_like(Z)


def _activation(activation):
    if activation in (None, "linear"):
        return _Identity()
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be 'linear' or one of {sorted(ACTIVATIONS)}, "
                         f"got {activation!r}")
    return ACTIVATIONS[activation]()


class RNN(Layer):
    """A recurrent layer h_t = R(A_in v_t + A_recur h_(t-1) + b), trained by BPTT.

    Parameters
    ----------
    A_in : array_like, shape (h, d)
        Weights on the new input v_t (Strang's x_in).
    A_recur : array_like, shape (h, h)
        Weights on the previous state h_(t-1) (Strang's x_recur).
    b : array_like, shape (h,), optional
        Bias; zeros if omitted.
    activation : {"tanh", "relu", "leaky_relu", "sigmoid", "linear"}, default "tanh"
        R, applied to each component. "linear" is R(z) = z.
    return_sequences : bool, default True
        Return every hidden state, shape (n, T, h); otherwise only the last
        one, shape (n, h) (a sequence-to-one net).
    input_grad : bool, default True
        Whether :meth:`backward` computes dL/dX (False for a first layer fed
        with data; ``backward`` then returns None).
    dtype : floating dtype, optional
        Default: A_in's floating type, else float64.

    Attributes
    ----------
    params : [A_in, A_recur, b]
    grads : [dA_in, dA_recur, db]
        Gradients from the latest :meth:`backward`, summed over the batch
        and over the T time steps (the weights are shared in time).
    hidden_grads : ndarray, shape (n, T, h)
        After :meth:`backward`: the total dL/dh_t at every step, counting
        every path through later steps. Its size against the span
        ``T - t`` shows gradients vanishing or exploding.

    Notes
    -----
    Forward, for t = 1, …, T with h_0 = 0:
    :math:`z_t = A_{in} v_t + A_{recur} h_{t-1} + b`, :math:`h_t = R(z_t)`.

    Backward (BPTT), for t = T, …, 1, with :math:`g_{T+1} = 0`:

    .. math::
        g_t = \\frac{\\partial L}{\\partial h_t}\\Big|_{\\text{direct}}
              + A_{recur}^T \\delta_{t+1},\\qquad
        \\delta_t = R'(z_t) \\odot g_t,

    and then :math:`\\partial L/\\partial A_{in} = \\sum_t \\delta_t v_t^T`,
    :math:`\\partial L/\\partial A_{recur} = \\sum_t \\delta_t h_{t-1}^T`,
    :math:`\\partial L/\\partial b = \\sum_t \\delta_t`,
    :math:`\\partial L/\\partial v_t = A_{in}^T \\delta_t`. The term
    :math:`A_{recur}^T \\delta_{t+1}` is the recurrence: the gradient of a
    loss at step s reaches h_t through the product of s - t Jacobians
    :math:`\\mathrm{diag}(R'(z_k))\\,A_{recur}`.

    With a batch in rows the same formulas read ``Z_t = V_t @ A_in.T +
    H_{t-1} @ A_recur.T + b``; this matches ``torch.nn.RNN`` (batch_first)
    with ``weight_ih = A_in``, ``weight_hh = A_recur`` and
    ``bias_ih + bias_hh = b``.

    Strang §VII.5, Figure VII.7; chapter chapters/05-world-of-ml.ipynb.

    Examples
    --------
    A linear recurrence that adds up its inputs:

    >>> import numpy as np
    >>> layer = RNN([[1.0]], [[1.0]], activation="linear")
    >>> layer(np.array([[[1.0], [2.0], [3.0]]]))[0, :, 0]
    array([1., 3., 6.])
    >>> layer.backward(np.array([[[0.0], [0.0], [1.0]]]))[0, :, 0]  # dh_3/dv_t
    array([1., 1., 1.])
    >>> layer.grads[1]       # dh_3/dA_recur = h_2 + h_1 + h_0 = 3 + 1 + 0
    array([[4.]])
    """

    def __init__(self, A_in, A_recur, b=None, *, activation="tanh", return_sequences=True,
                 input_grad=True, dtype=None):
        A_in, A_recur = np.asarray(A_in), np.asarray(A_recur)
        if A_in.ndim != 2:
            raise ValueError(f"A_in must be a matrix of shape (h, d), got shape {A_in.shape}")
        h = A_in.shape[0]
        if A_recur.shape != (h, h):
            raise ValueError(f"A_recur must have shape ({h}, {h}) to match A_in of shape "
                             f"{A_in.shape}, got {A_recur.shape}")
        if dtype is None:
            dtype = A_in.dtype if A_in.dtype.kind == "f" else np.float64
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"dtype must be a floating type, got {dtype}")
        b = np.zeros(h, dtype=dtype) if b is None else np.array(b, dtype=dtype)
        if b.shape != (h,):
            raise ValueError(f"b must have shape ({h},), got {b.shape}")
        self.params = [np.array(A_in, dtype=dtype), np.array(A_recur, dtype=dtype), b]
        self.grads = [np.zeros_like(p) for p in self.params]
        self.activation = _activation(activation)
        self.return_sequences = bool(return_sequences)
        self.input_grad = bool(input_grad)
        self.hidden_grads = None
        self._cache = None

    @property
    def A_in(self):
        """Input weights, shape (h, d) (the array ``params[0]``)."""
        return self.params[0]

    @property
    def A_recur(self):
        """Recurrent weights, shape (h, h) (the array ``params[1]``)."""
        return self.params[1]

    @property
    def b(self):
        """Bias, shape (h,) (the array ``params[2]``)."""
        return self.params[2]

    def __repr__(self):
        h, d = self.A_in.shape
        return (f"RNN(d={d}, h={h}, activation={self.activation.name!r}, "
                f"return_sequences={self.return_sequences})")

    def forward(self, X, *, train=False):
        X = np.asarray(X)
        A_in, A_recur, b = self.params
        h, d = A_in.shape
        if X.ndim != 3 or X.shape[2] != d:
            raise ValueError(f"X must have shape (n, T, {d}) (n sequences of T steps), got {X.shape}")
        n, T, _ = X.shape
        if T == 0:
            raise ValueError("X has no time steps (T = 0)")
        X = X.astype(A_in.dtype, copy=False)
        U = X @ A_in.T + b  # the input part of every z_t at once: (n, T, h)
        Z = np.empty_like(U)
        H = np.empty_like(U)
        h_prev = np.zeros((n, h), dtype=A_in.dtype)
        for t in range(T):
            Z[:, t] = U[:, t] + h_prev @ A_recur.T
            H[:, t] = h_prev = self.activation.function(Z[:, t])
        self._cache = (X, Z, H)
        return H if self.return_sequences else H[:, -1]

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        X, Z, H = self._cache
        n, T, h = H.shape
        A_in, A_recur, _ = self.params
        dY = np.asarray(dY, dtype=A_in.dtype)
        if self.return_sequences:
            if dY.shape != H.shape:
                raise ValueError(f"dY must have shape {H.shape}, got {dY.shape}")
            direct = dY
        else:
            if dY.shape != (n, h):
                raise ValueError(f"dY must have shape {(n, h)}, got {dY.shape}")
            direct = np.zeros_like(H)
            direct[:, -1] = dY
        G = np.empty_like(H)        # total dL/dh_t
        D = np.empty_like(H)        # delta_t = R'(z_t) * g_t = dL/dz_t
        from_later = np.zeros((n, h), dtype=A_in.dtype)
        for t in range(T - 1, -1, -1):
            G[:, t] = direct[:, t] + from_later
            D[:, t] = self.activation.derivative(Z[:, t]) * G[:, t]
            from_later = D[:, t] @ A_recur  # A_recurᵀ δ_t, for each sample in a row
        H_prev = np.concatenate([np.zeros((n, 1, h), dtype=H.dtype), H[:, :-1]], axis=1)
        D2 = D.reshape(n * T, h)
        dA_in, dA_recur, db = self.grads
        np.matmul(D2.T, X.reshape(n * T, -1), out=dA_in)            # Σ_t δ_t v_tᵀ
        np.matmul(D2.T, H_prev.reshape(n * T, h), out=dA_recur)     # Σ_t δ_t h_(t-1)ᵀ
        np.sum(D2, axis=0, out=db)                                  # Σ_t δ_t
        self.hidden_grads = G
        if not self.input_grad:
            return None
        return D @ A_in                                             # A_inᵀ δ_t


class EachStep(Layer):
    """Apply one layer to every time step: (n, T, k) -> (n, T, k').

    Parameters
    ----------
    layer : lfd.layer.Layer
        A layer for batches of shape (batch, k), e.g. :class:`lfd.nets.Dense`
        for the outputs w_t = A_out h_t + b_out (Strang's x_out).

    Notes
    -----
    The n·T steps are stacked into one batch, so the wrapped layer's
    gradients are summed over time as well as over samples: the output
    weights are shared in time like the recurrent ones.

    Examples
    --------
    >>> import numpy as np
    >>> from lfd.nets import Dense
    >>> out = EachStep(Dense([[2.0, 0.0]]))
    >>> out(np.ones((1, 3, 2)))[0, :, 0]
    array([2., 2., 2.])
    """

    def __init__(self, layer):
        if not isinstance(layer, Layer):
            raise TypeError(f"layer must be an lfd Layer, got {type(layer).__name__}")
        self.layer = layer
        self._shape = None

    @property
    def params(self):
        return self.layer.params

    @property
    def grads(self):
        return self.layer.grads

    def __repr__(self):
        return f"EachStep({self.layer!r})"

    def forward(self, X, *, train=False):
        X = np.asarray(X)
        if X.ndim != 3:
            raise ValueError(f"X must have shape (n, T, k), got {X.shape}")
        n, T = X.shape[:2]
        self._shape = (n, T)
        Y = self.layer.forward(X.reshape(n * T, -1), train=train)
        return Y.reshape(n, T, -1)

    def backward(self, dY):
        if self._shape is None:
            raise RuntimeError("backward called before forward")
        n, T = self._shape
        dY = np.asarray(dY)
        dX = self.layer.backward(dY.reshape(n * T, -1))
        return None if dX is None else dX.reshape(n, T, -1)


def recurrent_matrix(h, rho=1.0, rng=None, *, kind="orthogonal", dtype=np.float64):
    """A random h × h recurrent matrix whose size per step is rho.

    Parameters
    ----------
    h : int >= 1
        Number of hidden units.
    rho : float >= 0, default 1
        ``kind="orthogonal"``: rho times a random orthogonal matrix, so every
        singular value is rho and ``‖A^k v‖ = rho^k ‖v‖`` exactly.
        ``kind="gaussian"``: a Gaussian matrix rescaled to spectral radius
        rho (largest |eigenvalue|).
    rng : None, int or numpy.random.Generator
    kind : {"orthogonal", "gaussian"}
    dtype : floating dtype, default float64

    Returns
    -------
    ndarray, shape (h, h)

    Notes
    -----
    Through a linear recurrence the gradient crosses s - t copies of
    :math:`A_{recur}^T`; with the orthogonal choice its norm is multiplied
    by exactly :math:`\\rho^{s-t}`: it vanishes for rho < 1 and explodes for
    rho > 1. A tanh recurrence multiplies by :math:`R'(z) \\le 1` as well,
    which can only shrink it further. Orthogonal starts are the recurrent
    analogue of the "orthogonal transformations" of Strang §VII.1.

    Examples
    --------
    >>> import numpy as np
    >>> A = recurrent_matrix(4, 0.5, rng=0)
    >>> np.round(np.linalg.svd(A, compute_uv=False), 12)
    array([0.5, 0.5, 0.5, 0.5])
    """
    if not isinstance(h, (int, np.integer)) or isinstance(h, bool) or h < 1:
        raise ValueError(f"h must be a positive integer, got {h!r}")
    if not (np.isscalar(rho) and np.isfinite(rho) and rho >= 0):
        raise ValueError(f"rho must be a nonnegative number, got {rho!r}")
    rng = np.random.default_rng(rng)
    G = rng.standard_normal((h, h))
    if kind == "orthogonal":
        Q, R = np.linalg.qr(G)
        A = Q * np.sign(np.diag(R))  # Haar-distributed orthogonal matrix
    elif kind == "gaussian":
        A = G / np.max(np.abs(np.linalg.eigvals(G)))
    else:
        raise ValueError(f"kind must be 'orthogonal' or 'gaussian', got {kind!r}")
    return (rho * A).astype(dtype)


def rnn(d, h, rng=None, *, rho=1.0, activation="tanh", return_sequences=True,
        input_grad=True, dtype=np.float64):
    """A recurrent layer with random starting weights.

    Parameters
    ----------
    d, h : int
        Input features per step and hidden units.
    rng : None, int or numpy.random.Generator
    rho : float, default 1
        Size of the recurrent matrix per step (see :func:`recurrent_matrix`).
    activation, return_sequences, input_grad, dtype
        As in :class:`RNN`.

    Returns
    -------
    RNN
        A_in ~ N(0, 1/d) entries, A_recur = rho × random orthogonal, b = 0.

    Examples
    --------
    >>> layer = rnn(3, 8, rng=0)
    >>> layer, [p.shape for p in layer.params]
    (RNN(d=3, h=8, activation='tanh', return_sequences=True), [(8, 3), (8, 8), (8,)])
    """
    if not isinstance(d, (int, np.integer)) or isinstance(d, bool) or d < 1:
        raise ValueError(f"d must be a positive integer, got {d!r}")
    rng = np.random.default_rng(rng)
    A_recur = recurrent_matrix(h, rho, rng, dtype=dtype)
    A_in = (rng.standard_normal((h, d)) / np.sqrt(d)).astype(dtype)
    return RNN(A_in, A_recur, activation=activation, return_sequences=return_sequences,
               input_grad=input_grad, dtype=dtype)
