"""A recurrent layer and backpropagation through time (Strang §VII.5, Figure VII.7).

h_t = R(A_in v_t + A_recur h_(t-1) + b), h_0 = 0, with the same weights at
every step (Strang's x_in, x_recur; the output weights x_out are a Dense
layer applied at each step by :class:`EachStep`). Shapes keep the
:mod:`lfd.nn.layer` contract, batch first: ``X`` is (n, T, d), the hidden
states (n, T, h). Chapter 05-world-of-ml.
"""

from __future__ import annotations

import numpy as np

from lfd import activations
from lfd._validate import check_array, check_choice, check_dtype, check_int, check_real, check_rng
from lfd.nn.layer import Layer

__all__ = ["RNN", "EachStep", "recurrent_matrix", "rnn"]

#: name -> (R, R'); "linear" is R(z) = z, where the gradient story is exact.
RECURRENCES = {"linear": (lambda Z: Z, np.ones_like), **activations.ACTIVATIONS}


class RNN(Layer):
    """A recurrent layer h_t = R(A_in v_t + A_recur h_(t-1) + b), trained by BPTT.

    Parameters
    ----------
    A_in : array_like, shape (h, d), weights on the new input v_t (Strang's x_in)
    A_recur : array_like, shape (h, h), weights on h_(t-1) (Strang's x_recur)
    b : array_like, shape (h,), optional (zeros)
    activation : {"tanh", "relu", "leaky_relu", "sigmoid", "linear"}, default "tanh"
    return_sequences : bool, default True: every state (n, T, h), else the last (n, h)
    input_grad : bool, default True; False: :meth:`backward` returns None (no dL/dX)
    dtype : floating dtype, optional (A_in's floating type, else float64)

    Attributes
    ----------
    params, grads : [A_in, A_recur, b] and their gradients, summed over the
        batch and the T steps (the weights are shared in time).
    hidden_grads : ndarray, shape (n, T, h)
        After :meth:`backward`: the total dL/dh_t, every path through later
        steps counted; its size against the span shows vanishing gradients.

    Backward: g_t = dL/dh_t (direct) + A_recurᵀ δ_(t+1), δ_t = R'(z_t) ⊙ g_t.
    Matches ``torch.nn.RNN`` (batch_first) with weight_ih = A_in,
    weight_hh = A_recur, bias_ih + bias_hh = b. Strang §VII.5, Figure VII.7.

    >>> layer = RNN([[1.0]], [[1.0]], activation="linear")   # a running sum
    >>> layer(np.array([[[1.0], [2.0], [3.0]]]))[0, :, 0]
    array([1., 3., 6.])
    >>> layer.backward(np.array([[[0.0], [0.0], [1.0]]]))[0, :, 0]  # dh_3/dv_t
    array([1., 1., 1.])
    >>> layer.grads[1]       # dh_3/dA_recur = h_2 + h_1 + h_0 = 3 + 1 + 0
    array([[4.]])
    """

    def __init__(self, A_in, A_recur, b=None, *, activation="tanh", return_sequences=True,
                 input_grad=True, dtype=None):
        A_in = check_array(A_in, "A_in", ndim=2, dtype=None)
        dtype = A_in.dtype if dtype is None else check_dtype(dtype)
        h = A_in.shape[0]
        A_recur = check_array(A_recur, "A_recur", shape=(h, h), dtype=dtype)
        b = np.zeros(h, dtype=dtype) if b is None else check_array(b, "b", shape=(h,), dtype=dtype)
        self.params = [np.array(A_in, dtype=dtype), np.array(A_recur), np.array(b)]
        self.grads = [np.zeros_like(p) for p in self.params]
        self.activation = check_choice(activation if activation is not None else "linear",
                                       "activation", tuple(RECURRENCES))
        self._R, self._dR = RECURRENCES[self.activation]
        self.return_sequences, self.input_grad = bool(return_sequences), bool(input_grad)
        self.hidden_grads = self._cache = None

    A_in = property(lambda self: self.params[0], doc="Input weights, shape (h, d).")
    A_recur = property(lambda self: self.params[1], doc="Recurrent weights, shape (h, h).")
    b = property(lambda self: self.params[2], doc="Bias, shape (h,).")

    def __repr__(self):
        h, d = self.A_in.shape
        return (f"RNN(d={d}, h={h}, activation={self.activation!r}, "
                f"return_sequences={self.return_sequences})")

    def forward(self, X, *, train=False):
        A_in, A_recur, b = self.params
        h, d = A_in.shape
        X = check_array(X, "X", dtype=A_in.dtype)
        if X.ndim != 3 or X.shape[2] != d:
            raise ValueError(f"X must have shape (n, T, {d}) (n sequences of T steps), got {X.shape}")
        n, T, _ = X.shape
        if T == 0:
            raise ValueError("X has no time steps (T = 0)")
        U = X @ A_in.T + b  # the input part of every z_t at once: (n, T, h)
        Z, H = np.empty_like(U), np.empty_like(U)
        h_prev = np.zeros((n, h), dtype=A_in.dtype)
        for t in range(T):
            Z[:, t] = U[:, t] + h_prev @ A_recur.T
            H[:, t] = h_prev = self._R(Z[:, t])
        self._cache = (X, Z, H)
        return H if self.return_sequences else H[:, -1]

    def backward(self, dY):
        if self._cache is None:
            raise RuntimeError("backward called before forward")
        X, Z, H = self._cache
        n, T, h = H.shape
        A_in, A_recur, _ = self.params
        if self.return_sequences:
            direct = check_array(dY, "dY", shape=H.shape, dtype=A_in.dtype)
        else:
            direct = np.zeros_like(H)
            direct[:, -1] = check_array(dY, "dY", shape=(n, h), dtype=A_in.dtype)
        G = np.empty_like(H)        # total dL/dh_t
        D = np.empty_like(H)        # delta_t = R'(z_t) * g_t = dL/dz_t
        from_later = np.zeros((n, h), dtype=A_in.dtype)
        for t in range(T - 1, -1, -1):
            G[:, t] = direct[:, t] + from_later
            D[:, t] = self._dR(Z[:, t]) * G[:, t]
            from_later = D[:, t] @ A_recur  # A_recurᵀ δ_t, for each sample in a row
        H_prev = np.concatenate([np.zeros((n, 1, h), dtype=H.dtype), H[:, :-1]], axis=1)
        D2 = D.reshape(n * T, h)
        dA_in, dA_recur, db = self.grads
        np.matmul(D2.T, X.reshape(n * T, -1), out=dA_in)            # Σ_t δ_t v_tᵀ
        np.matmul(D2.T, H_prev.reshape(n * T, h), out=dA_recur)     # Σ_t δ_t h_(t-1)ᵀ
        np.sum(D2, axis=0, out=db)                                  # Σ_t δ_t
        self.hidden_grads = G
        return D @ A_in if self.input_grad else None                # A_inᵀ δ_t


class EachStep(Layer):
    """Apply one layer (e.g. the output Dense, Strang's x_out) to every step: (n, T, k) -> (n, T, k').

    The n·T steps form one batch, so the wrapped layer's gradients are summed
    over time as well as over samples.

    >>> from lfd.nn import Dense
    >>> EachStep(Dense([[2.0, 0.0]]))(np.ones((1, 3, 2)))[0, :, 0]
    array([2., 2., 2.])
    """

    def __init__(self, layer):
        if not isinstance(layer, Layer):
            raise TypeError(f"layer must be an lfd Layer, got {type(layer).__name__}")
        self.layer = layer
        self._shape = None

    params = property(lambda self: self.layer.params)
    grads = property(lambda self: self.layer.grads)

    def __repr__(self):
        return f"EachStep({self.layer!r})"

    def forward(self, X, *, train=False):
        X = check_array(X, "X", ndim=3, dtype=None, min_size=1)
        n, T = X.shape[:2]
        self._shape = (n, T)
        return self.layer.forward(X.reshape(n * T, -1), train=train).reshape(n, T, -1)

    def backward(self, dY):
        if self._shape is None:
            raise RuntimeError("backward called before forward")
        n, T = self._shape
        dY = check_array(dY, "dY", shape=(n, T, None), dtype=None, finite=False)
        dX = self.layer.backward(dY.reshape(n * T, -1))
        return None if dX is None else dX.reshape(n, T, -1)


def recurrent_matrix(h: int, rho=1.0, rng=None, *, kind="orthogonal", dtype=np.float64):
    """A random h × h recurrent matrix whose size per step is rho.

    h : int >= 1, hidden units; rho : float >= 0, default 1: "orthogonal" gives rho
    times a random orthogonal matrix (every singular value rho, so a linear recurrence
    scales gradients by rho^span), "gaussian" a Gaussian matrix with spectral radius rho;
    rng : None, int or Generator; kind : {"orthogonal", "gaussian"}; dtype : floating.

    Returns ndarray, shape (h, h). Strang §VII.5; chapter 05-world-of-ml.

    >>> A = recurrent_matrix(4, 0.5, rng=0)
    >>> np.round(np.linalg.svd(A, compute_uv=False), 12)
    array([0.5, 0.5, 0.5, 0.5])
    """
    h = check_int(h, "h", min=1)
    rho = check_real(rho, "rho", min=0.0)
    check_choice(kind, "kind", ("orthogonal", "gaussian"))
    dtype = check_dtype(dtype)
    G = check_rng(rng).standard_normal((h, h))
    if kind == "orthogonal":
        Q, R = np.linalg.qr(G)
        A = Q * np.sign(np.diag(R))  # Haar-distributed orthogonal matrix
    else:
        A = G / np.max(np.abs(np.linalg.eigvals(G)))
    return (rho * A).astype(dtype)


def rnn(d: int, h: int, rng=None, *, rho=1.0, activation="tanh", return_sequences=True,
        input_grad=True, dtype=np.float64):
    """An :class:`RNN` with A_in ~ N(0, 1/d), A_recur = :func:`recurrent_matrix` (h, rho), b = 0.

    Parameters: d, h (int >= 1) input features per step and hidden units;
    rng; rho as in :func:`recurrent_matrix`; the rest as in :class:`RNN`.

    >>> layer = rnn(3, 8, rng=0)
    >>> layer, [p.shape for p in layer.params]
    (RNN(d=3, h=8, activation='tanh', return_sequences=True), [(8, 3), (8, 8), (8,)])
    """
    d, h = check_int(d, "d", min=1), check_int(h, "h", min=1)
    rng, dtype = check_rng(rng), check_dtype(dtype)
    A_recur = recurrent_matrix(h, rho, rng, dtype=dtype)
    A_in = (rng.standard_normal((h, d)) / np.sqrt(d)).astype(dtype)
    return RNN(A_in, A_recur, activation=activation, return_sequences=return_sequences,
               input_grad=input_grad, dtype=dtype)
