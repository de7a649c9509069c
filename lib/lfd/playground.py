"""The TensorFlow Playground as a Python object: a small net learning two classes in the plane,
and the exact flat pieces of F it cannot show (:mod:`lfd.cpl`). Figures: :mod:`lfd.plot.training`.
Strang §VII.1 (Problems 11-17), §VII.4; chapter 04 and the Playground problems."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lfd import cpl, data, losses, optim, train
from lfd._validate import (check_array, check_choice, check_int, check_ints, check_labels,
                           check_real)
from lfd.activations import ACTIVATIONS, sigmoid
from lfd.nn import Dense, mlp

__all__ = ["FEATURES", "FEATURE_LABELS", "BOX", "features", "PieceCount", "Snapshot",
           "Playground", "record"]

#: The seven input features of the Playground, as functions of X = [x1, x2].
FEATURES = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1],
            "x1^2": lambda X: X[:, 0] ** 2, "x2^2": lambda X: X[:, 1] ** 2,
            "x1x2": lambda X: X[:, 0] * X[:, 1],
            "sin x1": lambda X: np.sin(X[:, 0]), "sin x2": lambda X: np.sin(X[:, 1])}

#: How each feature is written in a figure (matplotlib mathtext).
FEATURE_LABELS = {"x1": "$x_1$", "x2": "$x_2$", "x1^2": "$x_1^2$", "x2^2": "$x_2^2$",
                  "x1x2": "$x_1x_2$", "sin x1": r"$\sin x_1$", "sin x2": r"$\sin x_2$"}

#: The square the Playground shows: -6 <= x1, x2 <= 6.
BOX = (-6.0, 6.0, -6.0, 6.0)

_LINEAR = ("x1", "x2")


def _check_features(names, name="features"):
    names = (names,) if isinstance(names, str) else tuple(names)
    if not names or len(set(names)) != len(names):
        raise ValueError(f"{name} must name at least one input feature, each once, got {names}")
    return tuple(check_choice(f, f"{name}[{i}]", tuple(FEATURES)) for i, f in enumerate(names))


def features(X, names):
    """The chosen features (keys of :data:`FEATURES`) of points X (n, 2): shape (n, len(names)).

    >>> features([[1.0, 2.0]], ["x1x2", "x2^2"])
    array([[2., 4.]])
    """
    X = check_array(X, "X", shape=(None, 2))
    return np.column_stack([FEATURES[name](X) for name in _check_features(names, "names")])


def _loss_gradient_fast(Z, t, loss):
    """dZ of :func:`lfd.losses.binary_cross_entropy` or ``square`` without checks or value
    (the hot path of training; tested equal)."""
    G = Z - t[:, None] if loss == "square" else sigmoid(Z) - t[:, None]
    G /= len(t)
    return G


def _sgd_step_fast(params, grads, lr):
    """p <- p - lr g in place: :class:`lfd.optim.SGD`'s step without its checks (tested equal)."""
    for p, g in zip(params, grads):
        p -= lr * g


class PieceCount(NamedTuple):
    """Exact counts of flat pieces, regions and sides of F = 0, or (``applies`` False) why not."""
    applies: bool
    pieces: int | None
    regions: int | None
    sides: int | None
    reason: str

    def text(self):  # one line for a caption
        if not self.applies:
            return f"no piece count: {self.reason}"
        return f"{self.pieces} flat pieces ({self.regions} regions), F = 0 has {self.sides} sides"


class Snapshot(NamedTuple):
    """What a Playground shows at one moment of training (see :func:`record`)."""
    epoch: int
    output: np.ndarray
    neurons: list
    history: dict
    count: PieceCount | None


class Playground:
    """A small net learning two classes in the plane, one minibatch at a time.

    ``dataset``: a name of :func:`lfd.data.playground` (with ``noise``, ``n``
    points, ``test_fraction``) or (X_train, X_test, y_train, y_test), X (n, 2),
    y in {0, 1}. ``features``: keys of :data:`FEATURES`; ``hidden``: widths;
    ``regularization`` (None, "l1", "l2") with ``reg_rate`` penalizes A, not b;
    ``loss``: "cross_entropy" (logit F, 0/1) or "square" (F, -1/+1); ``seed``
    seeds data, weights and batch order. ``net`` is an :func:`lfd.nn.mlp`;
    ``history`` holds losses and accuracies per epoch.

    >>> pg = Playground("circle", hidden=[4], activation="relu", lr=0.03, seed=1)
    >>> pg.run(20)
    >>> pg.epoch, len(pg.history["train_loss"]), pg.net.layers[0]
    (20, 21, Dense(n_in=2, n_out=4))
    """

    def __init__(self, dataset="circle", *, noise=0.0, n: int = 500, test_fraction=0.5,
                 features=_LINEAR, hidden: list[int] = (4, 2), activation="tanh", lr=0.03,
                 batch_size: int = 10, regularization=None, reg_rate=0.0,
                 loss="cross_entropy", seed: int = 0):
        n = check_int(n, "n", min=2)
        self.features = _check_features(features)
        self.hidden = tuple(check_ints(hidden, "hidden", min=1))
        self.activation = check_choice(activation, "activation", tuple(ACTIVATIONS))
        self.loss_name = check_choice(loss, "loss", ("cross_entropy", "square"))
        self.regularization = check_choice(regularization, "regularization", (None, "l1", "l2"))
        self.lr = check_real(lr, "lr", min=0.0, min_open=True)
        self.reg_rate = check_real(reg_rate, "reg_rate", min=0.0)
        self.noise = check_real(noise, "noise", min=0.0)
        self.seed = check_int(seed, "seed", min=0)
        data_seed, self._init_seed, self._batch_seed = np.random.SeedSequence(self.seed).spawn(3)
        if isinstance(dataset, str):
            self.dataset = check_choice(dataset, "dataset", tuple(data.PLAYGROUND))
            split = data.playground(dataset, n, noise, test_fraction,
                                    rng=np.random.default_rng(data_seed))
        else:
            self.dataset = "given"
            split = _check_split(dataset)
        self.X_train, self.X_test, self.y_train, self.y_test = split
        self.batch_size = check_int(batch_size, "batch_size", min=1, max=len(self.y_train))
        self._F_train, self._F_test = (np.column_stack([FEATURES[f](X) for f in self.features])
                                       for X in (self.X_train, self.X_test))  # inputs, once
        self._t_train, self._t_test = ((2.0 * y - 1.0 if loss == "square" else y)
                                       for y in (self.y_train, self.y_test))
        self.reset()

    @property
    def widths(self):  # [inputs, *hidden, 1]
        return [len(self.features), *self.hidden, 1]

    @property
    def dense_layers(self):  # input side first
        return [layer for layer in self.net.layers if isinstance(layer, Dense)]

    def reset(self, seed: int | None = None):
        """The same starting weights and batch order again (or new ones drawn from ``seed``)."""
        if seed is not None:
            seed = check_int(seed, "seed", min=0)
            _, self._init_seed, self._batch_seed = np.random.SeedSequence(seed).spawn(3)
        init = "he" if self.activation in ("relu", "leaky_relu") else "xavier"
        self.net = mlp(self.widths, self.activation, init, np.random.default_rng(self._init_seed),
                       input_grad=False)
        self._rng = np.random.default_rng(self._batch_seed)
        penalty = {"l2": {"weight_decay": self.reg_rate}, "l1": {"l1": self.reg_rate}}
        self._opt_w = optim.SGD(self.lr, **penalty.get(self.regularization, {}))  # weights A
        self._opt_b = optim.SGD(self.lr)  # biases, never penalized
        dense = self.dense_layers  # the arrays that training updates in place
        self._A, self._dA, self._b, self._db = ([d.A for d in dense], [d.grads[0] for d in dense],
                                                [d.b for d in dense], [d.grads[1] for d in dense])
        self._penalized = self.regularization is not None and self.reg_rate > 0
        self._pending, self.epoch, self.steps = [], 0, 0
        self.history = {k: [] for k in ("epoch", "train_loss", "test_loss", "train_accuracy",
                                        "test_accuracy")}
        self._record()

    def step(self):
        """One minibatch step of SGD (the last one of an epoch records the losses)."""
        with np.errstate(all="ignore"):
            self._step()

    def _step(self):  # the forward, the loss gradient, backward, the update
        if not self._pending:
            self._pending = list(train.minibatches(len(self.y_train), self.batch_size,
                                                   self._rng))[::-1]
        idx = self._pending.pop()
        Z = self.net.forward(self._F_train[idx], train=True)
        self.net.backward(_loss_gradient_fast(Z, self._t_train[idx], self.loss_name))
        if self._penalized:
            self._opt_w.step(self._A, self._dA)
            self._opt_b.step(self._b, self._db)
        else:  # the hot path
            _sgd_step_fast(self._A + self._b, self._dA + self._db, self.lr)
        self.steps += 1
        if not self._pending:
            self.epoch += 1
            self._record()

    def run(self, epochs: int = 1):
        """Train until ``epochs`` more epochs are complete (finishing a started one first)."""
        target = self.epoch + check_int(epochs, "epochs", min=0)
        with np.errstate(all="ignore"):  # overflow with a huge step is allowed: see `diverged`
            while self.epoch < target:
                self._step()

    def _record(self):
        h = self.history
        h["epoch"].append(self.epoch)
        loss = losses.square if self.loss_name == "square" else losses.binary_cross_entropy
        for part, F, t, y in (("train", self._F_train, self._t_train, self.y_train),
                              ("test", self._F_test, self._t_test, self.y_test)):
            with np.errstate(all="ignore"):
                Z = self.net.forward(F)
                value = loss(Z, t)[0] if len(y) and np.all(np.isfinite(Z)) else np.nan
            h[f"{part}_loss"].append(float(value))
            h[f"{part}_accuracy"].append(float(np.mean((Z[:, 0] > 0) == (y > 0))) if len(y)
                                         else np.nan)

    @property
    def diverged(self):
        """True when some weight is inf or nan (the step size was too large)."""
        return not all(np.all(np.isfinite(p)) for p in self.net.params)

    def predict(self, X):
        """The output F at points X (n, 2); class 1 where F > 0."""
        with np.errstate(all="ignore"):
            return self.net.forward(features(X, self.features))[:, 0]

    def accuracy(self, part="train"):
        """Share of correctly classified ``"train"`` or ``"test"`` points now."""
        check_choice(part, "part", ("train", "test"))
        X, y = (self.X_train, self.y_train) if part == "train" else (self.X_test, self.y_test)
        return float(np.mean((self.predict(X) > 0) == (y > 0)))

    @staticmethod
    def grid(resolution: int = 60, box=BOX):
        """xs, ys (resolution,) and the grid points (resolution², 2): ``(xs[j], ys[i])`` at i r + j."""
        resolution = check_int(resolution, "resolution", min=2)
        box = check_array(box, "box", shape=(4,))
        xs = np.linspace(box[0], box[1], resolution)
        ys = np.linspace(box[2], box[3], resolution)
        return xs, ys, np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)

    def output_grid(self, resolution: int = 60, box=BOX):
        """F on the grid, shape (resolution, resolution): row i is x2 = ys[i]."""
        return self.predict(self.grid(resolution, box)[2]).reshape(resolution, resolution)

    def neuron_grids(self, resolution: int = 24, box=BOX):
        """The thumbnails: features (m, r, r), each hidden layer (width, r, r), F (1, r, r)."""
        V = features(self.grid(resolution, box)[2], self.features)
        out = [V]
        with np.errstate(all="ignore"):
            for layer in self.net.layers:
                V = layer.forward(V)
                out += [] if isinstance(layer, Dense) else [V]
        return [G.T.reshape(-1, resolution, resolution) for G in out + [V]]

    def piecewise_linear(self):
        """Whether F is piecewise linear in (x1, x2): (bool, reason)."""
        curved = [name for name in self.features if name not in _LINEAR]
        if self.activation == "leaky_relu":
            return False, "the exact count is implemented for ReLU only"
        if self.activation != "relu":
            return False, f"the activation {self.activation} is smooth, so F has no flat pieces"
        if curved:
            s, are = ("s", "are") if len(curved) > 1 else ("", "is")
            return False, (f"the feature{s} {', '.join(curved)} {are} not linear in (x1, x2), "
                           "so F is not piecewise linear in the plane")
        if self.diverged:
            return False, "the weights are not finite (training diverged)"
        return True, ""

    def relu_net(self):
        """The trained F as a :class:`lfd.cpl.ReLUNet` of (x1, x2) (zero column: unused input)."""
        ok, reason = self.piecewise_linear()
        if not ok:
            raise ValueError(f"F is not a ReLU net of (x1, x2): {reason}")
        net = cpl.ReLUNet.from_sequential(self.net)
        A1 = np.zeros((net.A[0].shape[0], 2))
        A1[:, [_LINEAR.index(name) for name in self.features]] = net.A[0]
        return cpl.ReLUNet([A1, *net.A[1:]], net.b)

    def pieces(self, box=BOX):
        """Exact flat pieces and regions of F and sides of F = 0 in the box (:mod:`lfd.cpl`)."""
        box = cpl.regions.check_box(box)  # checked even when there is nothing to count
        ok, reason = self.piecewise_linear()
        if not ok:
            return PieceCount(False, None, None, None, reason)
        net = self.relu_net()
        count, zs = cpl.count_regions(net, box), cpl.zero_set(net, box)
        return PieceCount(True, count.pieces, count.regions, zs.sides, "")

    def summary(self):
        """One line: epoch, train and test loss, train and test accuracy."""
        h = {k: v[-1] for k, v in self.history.items()}
        return (f"epoch {self.epoch}: train loss {h['train_loss']:.3f}, test loss "
                f"{h['test_loss']:.3f}, accuracy {100 * h['train_accuracy']:.0f}% train / "
                f"{100 * h['test_accuracy']:.0f}% test")

    def __repr__(self):
        return (f"Playground({self.dataset!r}, features={list(self.features)}, "
                f"hidden={list(self.hidden)}, activation={self.activation!r}, lr={self.lr:g}, "
                f"batch_size={self.batch_size}, regularization={self.regularization!r}, "
                f"reg_rate={self.reg_rate:g}, seed={self.seed})")


def _check_split(split):
    if isinstance(split, (str, bytes)) or not hasattr(split, "__len__") or len(split) != 4:
        raise TypeError("dataset must be a name or four arrays (X_train, X_test, y_train, y_test)")
    X_train, X_test = (check_array(X, f"X_{part}", shape=(None, 2))
                       for X, part in zip(split[:2], ("train", "test")))
    y_train = check_labels(split[2], "y_train", n=len(X_train), classes=(0, 1))
    y_test = check_labels(split[3], "y_test", n=len(X_test), classes=(0, 1))
    if len(y_train) == 0:
        raise ValueError("the training set is empty")
    return data.Split(X_train, X_test, y_train.astype(np.int64), y_test.astype(np.int64))


def record(playground, checkpoints: list[int], *, resolution: int = 40, neuron_resolution: int = 20,
           count=True):
    """Train and keep a :class:`Snapshot` at each of the increasing epochs ``checkpoints``.

    >>> pg = Playground("gauss", hidden=[2], activation="relu", seed=0)
    >>> shots = record(pg, [0, 5], resolution=8, neuron_resolution=4)
    >>> [s.epoch for s in shots], shots[1].output.shape, shots[1].count.applies
    ([0, 5], (8, 8), True)
    """
    if not isinstance(playground, Playground):
        raise TypeError(f"playground must be a Playground, got {type(playground).__name__}")
    checkpoints = check_ints(checkpoints, "checkpoints", min=0)
    resolution = check_int(resolution, "resolution", min=2)
    neuron_resolution = check_int(neuron_resolution, "neuron_resolution", min=2)
    if any(b <= a for a, b in zip(checkpoints, checkpoints[1:])):
        raise ValueError(f"checkpoints must increase, got {checkpoints}")
    shots = []
    for c in checkpoints:
        if c < playground.epoch:
            raise ValueError(f"checkpoint {c} is before the current epoch {playground.epoch}")
        playground.run(c - playground.epoch)
        shots.append(Snapshot(playground.epoch, playground.output_grid(resolution),
                              playground.neuron_grids(neuron_resolution),
                              {k: list(v) for k, v in playground.history.items()},
                              playground.pieces() if count else None))
    return shots
