"""The ReLU net F(v) = A_L ReLU(... ReLU(A_1 v + b_1) ...) + b_L as plain matrices.
Strang §VII.1, eqs. (1)-(3); chapter 01."""

from __future__ import annotations

import numpy as np

from lfd._validate import check_array, check_int, check_ints, check_real, check_rng
from lfd.activations import relu
from lfd.nn import Dense, ReLU, Sequential, init_weights


class ReLUNet:
    """A fully connected ReLU net: v_k = ReLU(A_k v_{k-1} + b_k), F = A_L v_{L-1} + b_L.

    ``A`` lists A_1..A_L, shapes (N_k, N_{k-1}) (a 1-D array is a row); ``b`` lists
    b_1..b_L, shapes (N_k,). Neuron j of layer k is *active* where (A_k v_{k-1} + b_k)_j > 0.
    :meth:`to_sequential` and :meth:`from_sequential` convert to and from :func:`lfd.nn.mlp`.

    >>> net = ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], -1.0])  # ReLU(x) + ReLU(y) - 1
    >>> net([[2.0, 3.0], [-1.0, 0.5]]), net.widths, net.n_parameters, net.n_hidden
    (array([ 4. , -0.5]), [2, 2, 1], 9, 2)
    """

    def __init__(self, A, b):
        if isinstance(A, np.ndarray) or isinstance(b, np.ndarray):
            raise TypeError("A and b must be lists with one array per layer, got a single array; "
                            "wrap a one-layer net as ReLUNet([A_1], [b_1])")
        if not all(isinstance(v, (list, tuple)) for v in (A, b)):
            raise TypeError(f"A and b must be lists with one array per layer, got "
                            f"{type(A).__name__} and {type(b).__name__}")
        A, b = list(A), list(b)
        if len(A) == 0 or len(A) != len(b):
            raise ValueError(f"A and b need one entry per layer, got len(A)={len(A)} "
                             f"and len(b)={len(b)}")
        self.A, self.b = [], []
        for k, (Ak, bk) in enumerate(zip(A, b), start=1):
            Ak = check_array(Ak, f"A[{k - 1}]", ndim=(1, 2), min_size=1)
            Ak = Ak[None, :] if Ak.ndim == 1 else Ak  # a row, like A_2 in Figure VII.2
            bk = check_array(bk, f"b[{k - 1}]", ndim=(0, 1)).reshape(-1)
            check_array(bk, f"b[{k - 1}]", shape=(Ak.shape[0],))
            if k > 1 and Ak.shape[1] != self.A[-1].shape[0]:
                raise ValueError(f"layer {k}: A_{k} has {Ak.shape[1]} columns but layer {k - 1} "
                                 f"has N_{k - 1}={self.A[-1].shape[0]} outputs")
            self.A.append(Ak)
            self.b.append(bk)

    @classmethod
    def random(cls, widths: list[int], rng=None, scale=2.0, bias_scale=None):
        """He weights (:func:`lfd.nn.init_weights`) times sqrt(scale / 2); biases of variance
        bias_scale / fan-in (default: scale / fan-in).

        >>> [Ak.shape for Ak in ReLUNet.random([2, 16, 16, 1], rng=1).A]
        [(16, 2), (16, 16), (1, 16)]
        """
        widths = check_ints(widths, "widths", min=1, length=2)
        scale = check_real(scale, "scale", min=0.0)
        bias_scale = scale if bias_scale is None else check_real(bias_scale, "bias_scale", min=0.0)
        rng = check_rng(rng)
        A, b = [], []
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            Ak = init_weights(fan_in, fan_out, "he", rng)[0]
            A.append(Ak if scale == 2.0 else Ak * np.sqrt(scale / 2.0))
            b.append(rng.normal(0.0, np.sqrt(bias_scale / fan_in), size=fan_out))
        return cls(A, b)

    @classmethod
    def from_sequential(cls, net):
        """The ReLUNet of a Sequential Dense, ReLU, ..., Dense (e.g. :func:`lfd.nn.mlp`), copied."""
        layers = list(getattr(net, "layers", None) or [None])
        dense, acts = layers[0::2], layers[1::2]
        if (len(layers) % 2 == 0 or not all(isinstance(d, Dense) for d in dense)
                or not all(type(a) is ReLU for a in acts)):
            raise TypeError(f"net must be a Sequential of Dense, ReLU, ..., Dense layers, "
                            f"got {net!r}")
        return cls([d.A.copy() for d in dense], [d.b.copy() for d in dense])

    def to_sequential(self):
        """The same F as a :class:`lfd.nn.Sequential` Dense, ReLU, ..., Dense (weights copied)."""
        layers = [Dense(self.A[0].copy(), self.b[0].copy())]
        for Ak, bk in zip(self.A[1:], self.b[1:]):
            layers += [ReLU(), Dense(Ak.copy(), bk.copy())]
        return Sequential(layers)

    @property
    def widths(self):  # [N_0, N_1, ..., N_L]
        return [self.A[0].shape[1]] + [Ak.shape[0] for Ak in self.A]

    @property
    def n_parameters(self):  # weights and biases, sum of N_k (N_{k-1} + 1)
        return int(sum(Ak.size + bk.size for Ak, bk in zip(self.A, self.b)))

    @property
    def n_hidden(self):  # hidden ReLUs
        return int(sum(self.widths[1:-1]))

    def _batch(self, X):
        X = check_array(X, "X", ndim=(1, 2))
        if X.shape[-1] != self.widths[0]:
            raise ValueError(f"X must have shape (n, {self.widths[0]}) (or ({self.widths[0]},) "
                             f"for one sample) for a net with N_0={self.widths[0]} inputs, "
                             f"got shape {X.shape}")
        return (X[None, :], True) if X.ndim == 1 else (X, False)

    def pre_activations(self, X):
        """A_k v_{k-1} + b_k for k = 1..L at samples X (n, N_0), each (n, N_k); the last is F."""
        v, out = self._batch(X)[0], []
        for Ak, bk in zip(self.A, self.b):
            out.append(v @ Ak.T + bk)
            v = relu(out[-1])
        return out

    def __call__(self, X):
        """F at samples X (n, N_0): shape (n,) if N_L = 1 else (n, N_L); one sample for X (N_0,)."""
        X, single = self._batch(X)
        out = self.pre_activations(X)[-1]
        out = out[:, 0] if out.shape[1] == 1 else out
        return out[0] if single else out

    def patterns(self, X, stacked=False):
        """Which hidden neurons are on: a list of bool (n, N_k), or one (n, N_1 + ...) array.

        >>> ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0]).patterns([[1.0, -1.0]])
        [array([[ True, False]])]
        """
        X, _ = self._batch(X)
        hidden = [z > 0 for z in self.pre_activations(X)[:-1]]
        if stacked:
            return np.hstack(hidden) if hidden else np.zeros((len(X), 0), dtype=bool)
        return hidden

    def __repr__(self):
        return f"ReLUNet(widths={self.widths})"


def check_net(net, inputs=None):
    if not isinstance(net, ReLUNet):
        raise TypeError(f"net must be a ReLUNet, got {type(net).__name__}")
    if inputs is not None and net.widths[0] != inputs:
        raise ValueError(f"net must have N_0={inputs} inputs (a function of x and y), "
                         f"got a net with N_0={net.widths[0]}")
    return net


def activation_sizes(sigma2, depth: int, width: int, n: int = 256, rng=None):
    """Root mean square of v_0..v_depth (depth + 1,): ``n`` N(0, 1) inputs, ``width`` neurons
    per layer, weights of variance ``sigma2``, no biases. Strang §VII.1 (The Initial Weights).
    ValueError if the sizes overflow the floats (sigma2 too large for this depth).

    >>> s = activation_sizes(2 / 100, depth=20, width=100, rng=0)  # steady for 2 / width
    >>> bool(0.3 < s[-1] / s[0] < 3)
    True
    """
    sigma2 = check_real(sigma2, "sigma2", min=0.0, min_open=True)
    depth = check_int(depth, "depth", min=0)
    width, n = check_int(width, "width", min=1), check_int(n, "n", min=1)
    rng = check_rng(rng)
    v = rng.standard_normal((n, width))
    sizes = [np.sqrt(np.mean(v ** 2))]
    for _ in range(depth):
        A = rng.normal(0.0, np.sqrt(sigma2), size=(width, width))
        v = relu(v @ A.T)
        with np.errstate(over="ignore", invalid="ignore"):
            sizes.append(np.sqrt(np.mean(v ** 2)))
        if not np.isfinite(sizes[-1]):
            raise ValueError(f"sigma2={sigma2:g} is too large for depth={depth}: the activations "
                             f"overflow the floats at layer {len(sizes) - 1}")
    return np.array(sizes)
