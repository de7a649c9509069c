"""A Playground in the notebook: train a small net on a plane data set and watch it.

The TensorFlow Playground that Strang's Problem Set VII.1 sends readers to
is a page where one picks a data set of two classes in the plane, a few
input features, the hidden layers and the hyperparameters of §VII.4 (step
size, batch size, activation, regularization), and watches the net learn.
:class:`Playground` is the same experiment as a Python object, computing
only (the drawing is in :mod:`lfd.plot.training`, the live controls in
:mod:`lfd.playground_widget`):

* the data: one of the four sets of :func:`lfd.data.playground`, with
  noise and a train/test split, or arrays of one's own;
* the input features built from a point (x1, x2): any of ``x1, x2, x1^2,
  x2^2, x1x2, sin x1, sin x2`` (:data:`FEATURES`);
* the net: an :func:`lfd.nets.mlp` with those features as inputs, the
  chosen hidden widths and activation, and one output F; a point is put in
  class 1 when F > 0;
* training by minibatch SGD (:mod:`lfd.sgd`): :meth:`Playground.step` is
  one minibatch, :meth:`Playground.run` a number of epochs,
  :meth:`Playground.reset` the same starting weights again; train and test
  loss and accuracy are recorded after every epoch;
* what the Playground draws: the output F on a grid (the heat map) and
  every neuron's output on the same grid (the thumbnails);
* and what it cannot show: for a ReLU net on the raw inputs x1, x2 the
  exact number of flat pieces of F and of sides of its boundary F = 0
  (:meth:`Playground.pieces`, through :mod:`lfd.cpl`). With nonlinear
  features or a smooth activation F is not piecewise linear in the plane,
  and the count says so instead of giving a number.

Strang §VII.1 (Problems 11-17) and §VII.4; chapter
chapters/04-hyperparameters.ipynb and exercises/04-playground-problems-vii1.ipynb.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from lfd import cpl, data, losses, nets, sgd

__all__ = ["FEATURES", "FEATURE_LABELS", "BOX", "features", "PieceCount", "Snapshot",
           "Playground", "record"]

#: The seven input features of the Playground, as functions of X = [x1, x2].
FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sin x1": lambda X: np.sin(X[:, 0]),
    "sin x2": lambda X: np.sin(X[:, 1]),
}

#: How each feature is written in a figure (matplotlib mathtext).
FEATURE_LABELS = {"x1": "$x_1$", "x2": "$x_2$", "x1^2": "$x_1^2$", "x2^2": "$x_2^2$",
                  "x1x2": "$x_1x_2$", "sin x1": r"$\sin x_1$", "sin x2": r"$\sin x_2$"}

#: The square the Playground shows: -6 <= x1, x2 <= 6.
BOX = (-6.0, 6.0, -6.0, 6.0)

_LINEAR = ("x1", "x2")
_LOSSES = ("cross_entropy", "square")
_REGULARIZATION = (None, "l1", "l2")


def features(X, names):
    """The chosen input features of points in the plane.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        Points (x1, x2).
    names : sequence of str
        Keys of :data:`FEATURES`, e.g. ``("x1", "x2", "x1^2")``.

    Returns
    -------
    ndarray, shape (n, len(names))

    Examples
    --------
    >>> features([[1.0, 2.0]], ["x1x2", "x2^2"])
    array([[2., 4.]])
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    return _feature_matrix(X, _check_features(names))


def _feature_matrix(X, names):
    return np.column_stack([FEATURES[name](X) for name in names])


def _check_features(names):
    if isinstance(names, str):
        names = (names,)
    names = tuple(names)
    if not names:
        raise ValueError("features must name at least one input feature")
    for name in names:
        if name not in FEATURES:
            raise ValueError(f"feature {name!r} is not one of {list(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"features must be distinct, got {names}")
    return names


class PieceCount(NamedTuple):
    """The exact count of flat pieces of F and of sides of F = 0, or why there is none.

    ``applies`` is False when F is not piecewise linear in (x1, x2); then
    the numbers are None and ``reason`` says why.
    """

    applies: bool
    pieces: int | None
    regions: int | None
    sides: int | None
    reason: str

    def text(self):
        """One line for a caption."""
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

    Parameters
    ----------
    dataset : {"circle", "xor", "gauss", "spiral"} or 4 arrays
        A set of :func:`lfd.data.playground`, or ``(X_train, X_test,
        y_train, y_test)`` with points of shape (n, 2) and labels 0/1.
    noise : float >= 0, default 0
        Noise of the generated data set.
    n : int, default 500
        Number of generated points (training plus test), as in the
        Playground.
    test_fraction : float in (0, 1), default 0.5
        Share of the generated points kept for testing.
    features : sequence of str, default ("x1", "x2")
        Input features, keys of :data:`FEATURES`.
    hidden : sequence of int, default (4, 2)
        Neurons per hidden layer (empty: a linear model).
    activation : {"relu", "tanh", "sigmoid", "leaky_relu"}, default "tanh"
    lr : float > 0, default 0.03
        Step size s of SGD.
    batch_size : int, default 10
    regularization : {None, "l1", "l2"}, default None
        A penalty on the weights A (not the biases), as in the Playground:
        "l2" adds ``reg_rate * A`` to the gradient (weight decay), "l1" is
        the proximal step of ``reg_rate * sum|A|`` (see :class:`lfd.sgd.Optimizer`).
    reg_rate : float >= 0, default 0
    loss : {"cross_entropy", "square"}, default "cross_entropy"
        Binary cross-entropy of the logit F against labels 0/1, or the
        Playground's own choice: square loss of F against targets -1/+1.
    seed : int, default 0
        Seeds the data, the starting weights and the order of the
        minibatches (three independent streams).

    Attributes
    ----------
    net : lfd.layer.Sequential
        The :func:`lfd.nets.mlp`, widths ``[len(features), *hidden, 1]``.
    epoch, steps : int
        Epochs completed and minibatch steps taken since the last reset.
    history : dict of lists
        ``"epoch"``, ``"train_loss"``, ``"test_loss"``,
        ``"train_accuracy"``, ``"test_accuracy"``, recorded at epoch 0
        (the untrained net) and after every epoch; losses without the
        penalty.

    Notes
    -----
    One step: the features of a minibatch go forward through the net in
    training mode, the loss gives dL/dF, ``net.backward`` the gradients,
    and :class:`lfd.sgd.SGD` updates the weights (and, separately and
    without penalty, the biases). Minibatches are drawn without
    replacement, a new random order each epoch (:func:`lfd.sgd.minibatches`).
    With a step size too large the weights can overflow; the numbers then
    become inf or nan, :attr:`diverged` turns True and training goes on
    harmlessly, as in the Playground.

    Strang §VII.1 (Problems 11-17), §VII.4; chapter chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> pg = Playground("circle", hidden=[4], activation="relu", lr=0.03, seed=1)
    >>> pg.net.layers[0]
    Dense(n_in=2, n_out=4)
    >>> pg.run(20)
    >>> pg.epoch, len(pg.history["train_loss"])
    (20, 21)
    >>> pg.history["train_loss"][-1] < pg.history["train_loss"][0]
    True
    """

    def __init__(self, dataset="circle", *, noise=0.0, n=500, test_fraction=0.5,
                 features=_LINEAR, hidden=(4, 2), activation="tanh", lr=0.03, batch_size=10,
                 regularization=None, reg_rate=0.0, loss="cross_entropy", seed=0):
        self.features = _check_features(features)
        self.hidden = tuple(hidden)
        for width in self.hidden:
            if isinstance(width, bool) or not isinstance(width, numbers.Integral) or width < 1:
                raise ValueError(f"hidden must list positive integer widths, got {hidden!r}")
        if activation not in nets.ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(nets.ACTIVATIONS)}, got {activation!r}")
        if loss not in _LOSSES:
            raise ValueError(f"loss must be one of {_LOSSES}, got {loss!r}")
        if regularization not in _REGULARIZATION:
            raise ValueError(f"regularization must be None, 'l1' or 'l2', got {regularization!r}")
        self.activation, self.loss_name, self.regularization = activation, loss, regularization
        self.lr = sgd._check_real(lr, "lr (step size)")
        self.reg_rate = sgd._check_real(reg_rate, "reg_rate", 0.0, low_open=False)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seed must be an int, got {type(seed).__name__} {seed!r}")
        self.seed = int(seed)
        data_seed, self._init_seed, self._batch_seed = np.random.SeedSequence(self.seed).spawn(3)
        if isinstance(dataset, str):
            self.dataset = dataset
            split = data.playground(dataset, n, noise, test_fraction, rng=np.random.default_rng(data_seed))
        else:
            self.dataset = "given"
            split = _check_split(dataset)
        self.X_train, self.X_test, self.y_train, self.y_test = split
        self.batch_size = sgd._check_int(batch_size, "batch_size", 1, len(self.y_train))
        self.noise = float(noise)
        # the inputs of the net never change: compute the features once
        self._F_train = _feature_matrix(self.X_train, self.features)
        self._F_test = _feature_matrix(self.X_test, self.features)
        self._t_train = self._targets(self.y_train)
        self._t_test = self._targets(self.y_test)
        self.reset()

    # -- set-up ---------------------------------------------------------------

    def _targets(self, y):
        return 2.0 * y - 1.0 if self.loss_name == "square" else y

    def _loss(self, Z, t):
        if self.loss_name == "square":
            return losses.square(Z, t)
        return losses.binary_cross_entropy(Z, t)

    @property
    def widths(self):
        """[inputs, *hidden, 1]."""
        return [len(self.features), *self.hidden, 1]

    @property
    def dense_layers(self):
        """The Dense layers of the net, input side first."""
        return [layer for layer in self.net.layers if isinstance(layer, nets.Dense)]

    def reset(self, seed=None):
        """Start again: the same starting weights and batch order (or new ones from ``seed``).

        Parameters
        ----------
        seed : int, optional
            Draw new starting weights and a new batch order from this seed
            (the data stay). By default the weights of the first start
            come back, so a reset run repeats exactly.
        """
        if seed is not None:
            _, self._init_seed, self._batch_seed = np.random.SeedSequence(int(seed)).spawn(3)
        init = "he" if self.activation in ("relu", "leaky_relu") else "xavier"
        self.net = nets.mlp(self.widths, self.activation, init, np.random.default_rng(self._init_seed),
                            input_grad=False)
        self._rng = np.random.default_rng(self._batch_seed)
        self._weights = [layer.A for layer in self.dense_layers]
        self._biases = [layer.b for layer in self.dense_layers]
        self._wgrads = [layer.grads[0] for layer in self.dense_layers]
        self._bgrads = [layer.grads[1] for layer in self.dense_layers]
        penalty = {"l2": {"weight_decay": self.reg_rate}, "l1": {"l1": self.reg_rate}}
        self._opt_w = sgd.SGD(self.lr, **penalty.get(self.regularization, {}))
        self._opt_b = sgd.SGD(self.lr)
        self._penalized = self.regularization is not None and self.reg_rate > 0
        self._params, self._grads = self.net.params, self.net.grads
        self._pending = []
        self.epoch, self.steps = 0, 0
        self.history = {"epoch": [], "train_loss": [], "test_loss": [],
                        "train_accuracy": [], "test_accuracy": []}
        self._record()

    # -- training -------------------------------------------------------------

    def _gradient(self, Z, t):
        """dL/dZ of the mean minibatch loss, without the loss value (the hot path).

        The same gradient as :func:`lfd.losses.binary_cross_entropy` and
        :func:`lfd.losses.square` (tested), without their input checks.
        """
        if self.loss_name == "square":
            return (Z - t[:, None]) / len(t)
        # sigmoid(Z) - t, with sigmoid(z) = (1 + tanh(z/2)) / 2: finite for every z
        G = np.tanh(0.5 * Z)
        G += 1.0 - 2.0 * t[:, None]
        G *= 0.5 / len(t)
        return G

    def step(self):
        """One minibatch step of SGD.

        When the minibatch is the last of an epoch, the epoch is counted and
        the losses are recorded.
        """
        with np.errstate(all="ignore"):
            self._step()

    def _step(self):
        if not self._pending:
            self._pending = list(sgd.minibatches(len(self.y_train), self.batch_size, self._rng))[::-1]
        idx = self._pending.pop()
        Z = self.net.forward(self._F_train[idx], train=True)
        self.net.backward(self._gradient(Z, self._t_train[idx]))
        if self._penalized:
            self._opt_w.step(self._weights, self._wgrads)
            self._opt_b.step(self._biases, self._bgrads)
        else:  # plain SGD, w <- w - s g: lfd.sgd.SGD's step without its checks
            lr = self.lr
            for p, g in zip(self._params, self._grads):
                p -= lr * g
        self.steps += 1
        if not self._pending:
            self.epoch += 1
            self._record()

    def run(self, epochs=1):
        """Train until ``epochs`` more epochs are complete (finishing a started one first).

        Parameters
        ----------
        epochs : int >= 0
        """
        epochs = sgd._check_int(epochs, "epochs", 0)
        target = self.epoch + epochs
        with np.errstate(all="ignore"):  # overflow with a huge step is allowed: see `diverged`
            while self.epoch < target:
                self._step()

    def _record(self):
        h = self.history
        h["epoch"].append(self.epoch)
        for part, F, t, y in (("train", self._F_train, self._t_train, self.y_train),
                              ("test", self._F_test, self._t_test, self.y_test)):
            if len(y) == 0:
                h[f"{part}_loss"].append(np.nan)
                h[f"{part}_accuracy"].append(np.nan)
                continue
            with np.errstate(all="ignore"):
                Z = self.net.forward(F)
                value = self._loss(Z, t)[0] if np.all(np.isfinite(Z)) else np.nan
            h[f"{part}_loss"].append(float(value))
            h[f"{part}_accuracy"].append(float(np.mean((Z[:, 0] > 0) == (y > 0))))

    @property
    def diverged(self):
        """True when some weight is inf or nan (the step size was too large)."""
        return not all(np.all(np.isfinite(p)) for p in self.net.params)

    # -- what the Playground shows -------------------------------------------

    def predict(self, X):
        """The output F at points X of shape (n, 2) (class 1 where F > 0)."""
        with np.errstate(all="ignore"):
            return self.net.forward(features(X, self.features))[:, 0]

    def accuracy(self, part="train"):
        """Share of correctly classified training (or ``"test"``) points now."""
        X, y = (self.X_train, self.y_train) if part == "train" else (self.X_test, self.y_test)
        return float(np.mean((self.predict(X) > 0) == (y > 0)))

    @staticmethod
    def grid(resolution=60, box=BOX):
        """The grid of the heat map: x1 values, x2 values, and the points (row-major in x2).

        Returns
        -------
        xs, ys : ndarray, shape (resolution,)
        points : ndarray, shape (resolution**2, 2)
            ``points[i * resolution + j] = (xs[j], ys[i])``.
        """
        resolution = sgd._check_int(resolution, "resolution", 2)
        xs = np.linspace(box[0], box[1], resolution)
        ys = np.linspace(box[2], box[3], resolution)
        gx, gy = np.meshgrid(xs, ys)
        return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])

    def output_grid(self, resolution=60, box=BOX):
        """F on the grid, shape (resolution, resolution): row i is x2 = ys[i]."""
        _, _, points = self.grid(resolution, box)
        return self.predict(points).reshape(resolution, resolution)

    def neuron_grids(self, resolution=24, box=BOX):
        """Every neuron's output on the grid, layer by layer (the thumbnails).

        Returns
        -------
        list of ndarray
            First the input features, shape (len(features), r, r); then one
            array (width, r, r) per hidden layer, after the activation; last
            the output F, shape (1, r, r).
        """
        _, _, points = self.grid(resolution, box)
        V = features(points, self.features)
        shape = (resolution, resolution)
        out = [V.T.reshape(-1, *shape)]
        with np.errstate(all="ignore"):
            for layer in self.net.layers:
                V = layer.forward(V)
                if not isinstance(layer, nets.Dense):
                    out.append(V.T.reshape(-1, *shape))
        out.append(V.T.reshape(-1, *shape))
        return out

    # -- beyond the Playground: exact pieces ----------------------------------

    def piecewise_linear(self):
        """Why F is (or is not) piecewise linear in (x1, x2): (bool, reason)."""
        if self.activation == "leaky_relu":
            return False, "the exact count is implemented for ReLU only"
        if self.activation != "relu":
            return False, f"the activation {self.activation} is smooth, so F has no flat pieces"
        curved = [name for name in self.features if name not in _LINEAR]
        if curved:
            return False, ("the feature" + ("s " if len(curved) > 1 else " ") + ", ".join(curved)
                           + (" are" if len(curved) > 1 else " is")
                           + " not linear in (x1, x2), so F is not piecewise linear in the plane")
        if self.diverged:
            return False, "the weights are not finite (training diverged)"
        return True, ""

    def relu_net(self):
        """The trained F as an :class:`lfd.cpl.ReLUNet` on the raw inputs (x1, x2).

        Only for ReLU nets whose features are among x1, x2; a missing one
        gets a zero column in A_1.
        """
        ok, reason = self.piecewise_linear()
        if not ok:
            raise ValueError(f"F is not a ReLU net of (x1, x2): {reason}")
        dense = self.dense_layers
        A1 = np.zeros((dense[0].A.shape[0], 2))
        for j, name in enumerate(self.features):
            A1[:, _LINEAR.index(name)] = dense[0].A[:, j]
        A = [A1] + [layer.A.copy() for layer in dense[1:]]
        b = [layer.b.copy() for layer in dense]
        return cpl.ReLUNet(A, b)

    def pieces(self, box=BOX):
        """Exact number of flat pieces of F and of sides of F = 0 in the box.

        Returns
        -------
        PieceCount
            With ``applies=False`` and a reason when F is not piecewise
            linear in the plane (nonlinear features, smooth activation).

        Notes
        -----
        Through :func:`lfd.cpl.count_regions` and :func:`lfd.cpl.zero_set`:
        polygons found by cutting the box with every fold, no sampling.
        The Playground's white boundary is F = 0; its sides are the
        maximal straight segments of that polygonal curve.
        """
        ok, reason = self.piecewise_linear()
        if not ok:
            return PieceCount(False, None, None, None, reason)
        net = self.relu_net()
        count = cpl.count_regions(net, box)
        zs = cpl.zero_set(net, box)
        return PieceCount(True, count.pieces, count.regions, zs.sides, "")

    def summary(self):
        """One line: epoch, train and test loss, train and test accuracy."""
        h = self.history
        text = (f"epoch {self.epoch}: train loss {h['train_loss'][-1]:.3f}, "
                f"test loss {h['test_loss'][-1]:.3f}, "
                f"accuracy {100 * h['train_accuracy'][-1]:.0f}% train / "
                f"{100 * h['test_accuracy'][-1]:.0f}% test")
        return text

    def __repr__(self):
        return (f"Playground({self.dataset!r}, features={list(self.features)}, hidden={list(self.hidden)}, "
                f"activation={self.activation!r}, lr={self.lr:g}, batch_size={self.batch_size}, "
                f"regularization={self.regularization!r}, reg_rate={self.reg_rate:g}, seed={self.seed})")


def _check_split(split):
    try:
        X_train, X_test, y_train, y_test = (np.asarray(a) for a in split)
    except (TypeError, ValueError):
        raise TypeError("dataset must be a name or four arrays (X_train, X_test, y_train, y_test)") from None
    for name, X, y in (("train", X_train, y_train), ("test", X_test, y_test)):
        if X.ndim != 2 or X.shape[1] != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"X_{name} must have shape (n, 2) and y_{name} shape (n,), "
                             f"got {X.shape} and {y.shape}")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError(f"y_{name} must hold labels 0 and 1")
    if len(y_train) == 0:
        raise ValueError("the training set is empty")
    return data.Split(X_train.astype(float), X_test.astype(float), y_train.astype(np.int64),
                      y_test.astype(np.int64))


def record(playground, checkpoints, *, resolution=40, neuron_resolution=20, count=True):
    """Train and keep what the Playground shows at chosen epochs (for precomputed demos).

    Parameters
    ----------
    playground : Playground
        Trained from where it stands (call ``reset()`` first for a full run).
    checkpoints : sequence of int
        Increasing epoch numbers (0 for the start).
    resolution, neuron_resolution : int
        Grid sizes of the heat map and of the neuron thumbnails.
    count : bool, default True
        Also count the exact pieces (only where it applies; else the
        :class:`PieceCount` carries the reason).

    Returns
    -------
    list of Snapshot
        ``epoch``, ``output`` (the heat map), ``neurons`` (as in
        :meth:`Playground.neuron_grids`), ``history`` (a copy of the curves
        up to that epoch) and ``count``.

    Examples
    --------
    >>> pg = Playground("gauss", hidden=[2], activation="relu", seed=0)
    >>> shots = record(pg, [0, 5], resolution=8, neuron_resolution=4)
    >>> [s.epoch for s in shots], shots[1].output.shape, shots[1].count.applies
    ([0, 5], (8, 8), True)
    """
    checkpoints = [sgd._check_int(c, "checkpoint", 0) for c in checkpoints]
    if any(b <= a for a, b in zip(checkpoints, checkpoints[1:])):
        raise ValueError(f"checkpoints must increase, got {checkpoints}")
    shots = []
    for c in checkpoints:
        if c < playground.epoch:
            raise ValueError(f"checkpoint {c} is before the current epoch {playground.epoch}")
        playground.run(c - playground.epoch)
        shots.append(Snapshot(
            epoch=playground.epoch,
            output=playground.output_grid(resolution),
            neurons=playground.neuron_grids(neuron_resolution),
            history={k: list(v) for k, v in playground.history.items()},
            count=playground.pieces() if count else None,
        ))
    return shots
