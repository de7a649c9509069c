"""Small data sets to learn from: synthetic, seeded, and shipped (no download).

The four sets of the TensorFlow Playground (:func:`circle`, :func:`xor`,
:func:`gauss`, :func:`spiral`; geometry and ``noise`` as in the Playground's
generators) and :func:`playground` with a seeded split; noisy samples of a
function (:func:`regression_1d`); data shipped with scikit-learn
(:func:`digits`, :func:`sample_image`).

``X`` is (n, features), ``y`` (n,). Binary labels are 0/1 (1 is the
Playground's blue class), or -1/+1 with ``signed=True`` (for the hinge loss).
Strang §VII.1, §VII.2 and §VII.4; chapters 01, 02 and 04.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lfd._validate import (check_array, check_callable, check_choice, check_int, check_interval,
                           check_real, check_rng, check_same_length)

__all__ = ["Split", "circle", "xor", "gauss", "spiral", "PLAYGROUND", "playground",
           "train_test_split", "regression_1d", "digits", "sample_image"]


class Split(NamedTuple):
    """Training and test data, in the order scikit-learn uses."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


#: Noise above this drowns every pattern already; the bound keeps every number finite.
MAX_NOISE = 1e6


def _start(n, noise, rng):
    return (check_int(n, "n", min=2), check_real(noise, "noise", min=0.0, max=MAX_NOISE),
            check_rng(rng))


def _shuffled(X, positive, rng, signed):
    """Shuffle the rows; boolean 'positive class' -> labels 1/0, or +1/-1 when signed."""
    order = rng.permutation(X.shape[0])
    return X[order], np.where(positive[order], 1, -1 if signed else 0).astype(np.int64)


def circle(n: int = 200, noise=0.0, rng=None, *, signed=False):
    """Points in a disk of radius 2.5 (class 1) and in a ring 3.5 to 5 around it (class 0).

    Parameters
    ----------
    n : int >= 2, default 200 (half in the disk)
    noise : float in [0, MAX_NOISE = 1e6], default 0
        Label noise: the label is read at the point shifted by noise·U(-5, 5)
        per coordinate (the Playground's slider runs from 0 to 0.5).
    rng : None, int or numpy.random.Generator
    signed : bool, default False (labels -1/+1 instead of 0/1)

    Returns X (n, 2) and y (n,) int. The other generators share these parameters.

    >>> X, y = circle(100, rng=0)
    >>> X.shape, y.sum()
    ((100, 2), np.int64(50))
    >>> bool(np.all((np.hypot(*X.T) < 2.5) == (y == 1)))
    True
    """
    n, noise, rng = _start(n, noise, rng)
    radius = 5.0
    n_in = n // 2
    r = np.concatenate([rng.uniform(0, 0.5 * radius, n_in), rng.uniform(0.7 * radius, radius, n - n_in)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = X + noise * rng.uniform(-radius, radius, X.shape)
    return _shuffled(X, np.hypot(*shifted.T) < 0.5 * radius, rng, signed)


def xor(n: int = 200, noise=0.0, rng=None, *, signed=False):
    """Points in [-5.3, 5.3]², 0.3 away from the axes; class 1 where x₁x₂ >= 0 (quadrants I, III).

    Parameters as :func:`circle` (label noise: shift by noise·U(-5, 5)).

    >>> X, y = xor(400, rng=1)
    >>> bool(np.all((X[:, 0] * X[:, 1] >= 0) == (y == 1))), float(np.abs(X).min()) >= 0.3
    (True, True)
    """
    n, noise, rng = _start(n, noise, rng)
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    shifted = X + noise * rng.uniform(-5, 5, X.shape)
    return _shuffled(X, shifted[:, 0] * shifted[:, 1] >= 0, rng, signed)


def gauss(n: int = 200, noise=0.0, rng=None, *, signed=False):
    """Two Gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2).

    Parameters as :func:`circle`; noise widens the blobs (variance 0.5 + 7·noise).

    >>> X, y = gauss(1000, rng=2)
    >>> X[y == 1].mean(axis=0).round(), X[y == 0].mean(axis=0).round()
    (array([2., 2.]), array([-2., -2.]))
    """
    n, noise, rng = _start(n, noise, rng)
    std = np.sqrt(0.5 + 7.0 * noise)
    n_pos = n // 2
    centers = np.where(np.arange(n)[:, None] < n_pos, 2.0, -2.0)
    X = centers + std * rng.standard_normal((n, 2))
    return _shuffled(X, np.arange(n) < n_pos, rng, signed)


def spiral(n: int = 200, noise=0.0, rng=None, *, signed=False):
    """Two interleaved spirals: point i of m at radius 5i/m, angle 3.5πi/m (+π for class 0).

    Parameters as :func:`circle`; noise moves each coordinate by noise·U(-1, 1).

    >>> X, y = spiral(200, rng=3)
    >>> X.shape, int(y.sum()), float(np.hypot(*X.T).max()) < 5
    ((200, 2), 100, True)
    """
    n, noise, rng = _start(n, noise, rng)
    parts, positive = [], []
    for count, delta, label in ((n // 2, 0.0, True), (n - n // 2, np.pi, False)):
        i = np.arange(count)
        r = 5.0 * i / count
        t = 1.75 * 2 * np.pi * i / count + delta
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        positive.append(np.full(count, label))
    X = np.concatenate(parts)
    X += noise * rng.uniform(-1, 1, X.shape)
    return _shuffled(X, np.concatenate(positive), rng, signed)


PLAYGROUND = {"circle": circle, "xor": xor, "gauss": gauss, "spiral": spiral}
"""The four generators by name."""


def train_test_split(X, y, test_fraction=0.5, rng=None):
    """Shuffle the samples (rows of X and y) and split them into training and test parts.

    ``test_fraction`` in (0, 1), rounded to a count, at least one sample in each
    part. Returns a :class:`Split` ``(X_train, X_test, y_train, y_test)``.

    >>> s = train_test_split(np.arange(10)[:, None], np.arange(10), 0.3, rng=0)
    >>> s.X_train.shape, s.X_test.shape
    ((7, 1), (3, 1))
    """
    X, y = (check_array(a, name, dtype="same") for a, name in ((X, "X"), (y, "y")))
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays of samples, got shapes {X.shape} and {y.shape}")
    check_same_length("X", X, "y", y)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"need at least 2 samples to split, got {n}")
    test_fraction = check_real(test_fraction, "test_fraction", min=0.0, max=1.0, min_open=True,
                               max_open=True)
    n_test = min(max(int(round(test_fraction * n)), 1), n - 1)
    order = check_rng(rng).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return Split(X[train], X[test], y[train], y[test])


def playground(name, n: int = 200, noise=0.0, test_fraction=0.5, rng=None, *, signed=False):
    """A Playground set by name ({"circle", "xor", "gauss", "spiral"}), split (half and half).

    ``n`` counts training and test points together; one ``rng`` makes the
    points and the split. Returns a :class:`Split`.

    >>> X_train, X_test, y_train, y_test = playground("spiral", 100, 0.1, rng=0)
    >>> X_train.shape, y_test.shape
    ((50, 2), (50,))
    """
    check_choice(name, "name", tuple(PLAYGROUND))
    rng = check_rng(rng)
    X, y = PLAYGROUND[name](n, noise, rng, signed=signed)
    return train_test_split(X, y, test_fraction, rng)


def regression_1d(f=np.sin, n: int = 40, noise=0.1, interval=(-np.pi, np.pi), rng=None):
    """Noisy samples y = f(x) + ε, ε ~ N(0, noise²), x uniform in ``interval`` (Strang §VII.4).

    Parameters: f vectorized callable, finite values; n int >= 1; noise in [0, MAX_NOISE];
    interval (low, high).
    Returns X (n, 1) with sorted x and y (n,).

    >>> X, y = regression_1d(lambda x: 2 * x, n=5, noise=0.0, interval=(0, 1), rng=0)
    >>> X.shape, bool(np.allclose(y, 2 * X[:, 0]))
    ((5, 1), True)
    """
    check_callable(f, "f")
    n = check_int(n, "n", min=1)
    noise = check_real(noise, "noise", min=0.0, max=MAX_NOISE)
    low, high = check_interval(interval, "interval")
    rng = check_rng(rng)
    x = np.sort(rng.uniform(low, high, n))
    fx = check_array(f(x), "f(x)")
    if fx.shape != x.shape:
        raise ValueError(f"f must map an array of shape ({n},) to the same shape, got {fx.shape}")
    return x[:, None], fx + noise * rng.standard_normal(n)


def digits(test_fraction=0.25, rng=None, *, flatten=True):
    """scikit-learn's 1797 handwritten digits (8 × 8, pixels scaled to [0, 1]), split.

    ``flatten``: rows of 64 pixels (default) or images (8, 8). Labels 0..9.
    A small stand-in for MNIST (Strang §VII.4); ``X[:, None]`` adds a channel axis.

    >>> X_train, X_test, y_train, y_test = digits(rng=0)
    >>> X_train.shape, X_test.shape
    ((1348, 64), (449, 64))
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = bunch.images.astype(float) / 16.0
    if flatten:
        X = X.reshape(X.shape[0], -1)
    return train_test_split(X, bunch.target.astype(np.int64), test_fraction, rng)


_LUMA = np.array([0.299, 0.587, 0.114])  # ITU-R BT.601


def sample_image(name="china.jpg", *, downsample: int = 1):
    """A photograph shipped with scikit-learn ("china.jpg" or "flower.jpg", 427 × 640) in gray.

    ``downsample`` (int >= 1) averages blocks of that many pixels squared,
    cropping the edges. Returns floats in [0, 1], shape (427 // downsample,
    640 // downsample). For the filters of Strang §VII.2.

    >>> img = sample_image(downsample=4)
    >>> img.shape, float(img.min()) >= 0, float(img.max()) <= 1
    ((106, 160), True, True)
    """
    check_choice(name, "name", ("china.jpg", "flower.jpg"))
    downsample = check_int(downsample, "downsample", min=1)
    from sklearn.datasets import load_sample_image

    gray = load_sample_image(name).astype(float) / 255.0 @ _LUMA
    if downsample > 1:
        H, W = (s // downsample * downsample for s in gray.shape)
        if H == 0 or W == 0:
            raise ValueError(f"downsample={downsample} is larger than the image {gray.shape}")
        gray = gray[:H, :W].reshape(H // downsample, downsample, W // downsample, downsample).mean(axis=(1, 3))
    return np.clip(gray, 0.0, 1.0)
