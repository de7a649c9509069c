"""Small data sets to learn from: synthetic, seeded, and shipped (no download).

* The four classification sets of the TensorFlow Playground, each a
  cloud of points in the plane with two classes: :func:`circle` (a disk
  inside a ring), :func:`xor` (the four quadrants), :func:`gauss` (two
  Gaussian blobs) and :func:`spiral` (two interleaved spirals). The
  geometry and the meaning of ``noise`` follow the Playground's own
  generators; :func:`playground` adds a seeded train/test split.
* :func:`regression_1d`: noisy samples :math:`y = f(x) + \\varepsilon`.
* Real data that ships inside scikit-learn, so nothing is downloaded at
  run time: :func:`digits` (1797 handwritten digits, 8 x 8 pixels) and
  :func:`sample_image` (two photographs, as grayscale).

Conventions
-----------
``X`` has shape ``(n, features)``; ``y`` has shape ``(n,)``. Binary labels
are **0 and 1** by default (what :func:`lfd.losses.binary_cross_entropy`
expects); ``signed=True`` gives **-1 and +1** (for
:func:`lfd.losses.hinge`). Label 1 is the Playground's "positive" class
(its blue points). Every random function takes ``rng`` and calls
``np.random.default_rng(rng)``.

Strang §VII.1 and §VII.4 (the Playground experiments); chapters
chapters/01-deep-nets.ipynb and chapters/04-hyperparameters.ipynb.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

__all__ = [
    "Split",
    "circle",
    "xor",
    "gauss",
    "spiral",
    "PLAYGROUND",
    "playground",
    "train_test_split",
    "regression_1d",
    "digits",
    "sample_image",
]


class Split(NamedTuple):
    """Training and test data, in the order scikit-learn uses."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


# ------------------------------------------------------------ validation


def _check_n(n, name="n", low=2):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(n).__name__} {n!r}")
    if n < low:
        raise ValueError(f"{name} must be at least {low}, got {n}")
    return int(n)


def _check_noise(noise):
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a real number, got {type(noise).__name__} {noise!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a nonnegative number, got {noise}")
    return float(noise)


def _labels(positive, signed):
    """Boolean 'positive class' array -> labels 1/0, or +1/-1 when signed."""
    return np.where(positive, 1, -1 if signed else 0).astype(np.int64)


def _shuffled(X, positive, rng, signed):
    order = rng.permutation(X.shape[0])
    return X[order], _labels(positive[order], signed)


# ------------------------------------------------- the Playground's four sets


def circle(n=200, noise=0.0, rng=None, *, signed=False):
    """Points in a disk (class 1) and in a ring around it (class 0).

    Parameters
    ----------
    n : int >= 2, default 200
        Number of points; half in the disk, half in the ring.
    noise : float >= 0, default 0
        Label noise, as a fraction of the outer radius 5 (the Playground's
        slider runs from 0 to 0.5).
    rng : None, int or numpy.random.Generator
    signed : bool, default False
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Notes
    -----
    Inner points have radius uniform in [0, 2.5], outer points radius
    uniform in [3.5, 5], angles uniform. The label is "inside radius 2.5"
    evaluated at a *shifted copy* of the point (each coordinate moved by
    ``noise * U(-5, 5)``); the point itself is not moved. So with noise the
    two clouds keep their shape but some labels near the gap flip. No
    straight line separates the classes; the features :math:`x_1^2, x_2^2`
    (or a hidden layer) do.

    Examples
    --------
    >>> X, y = circle(100, rng=0)
    >>> X.shape, y.sum()
    ((100, 2), np.int64(50))
    >>> bool(np.all((np.hypot(*X.T) < 2.5) == (y == 1)))
    True
    """
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(rng)
    radius = 5.0
    n_in = n // 2
    r = np.concatenate([rng.uniform(0, 0.5 * radius, n_in), rng.uniform(0.7 * radius, radius, n - n_in)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    shifted = X + noise * rng.uniform(-radius, radius, X.shape)
    return _shuffled(X, np.hypot(*shifted.T) < 0.5 * radius, rng, signed)


def xor(n=200, noise=0.0, rng=None, *, signed=False):
    """Points in the square [-5.3, 5.3]^2, class 1 in quadrants I and III.

    Parameters
    ----------
    n : int >= 2, default 200
    noise : float >= 0, default 0
        Label noise, as a fraction of the half-width 5.
    rng : None, int or numpy.random.Generator
    signed : bool, default False
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Notes
    -----
    Each coordinate is uniform in [-5, 5] and then pushed 0.3 away from 0,
    leaving an empty band along both axes. The label is
    :math:`x_1 x_2 \\ge 0`, evaluated (as for :func:`circle`) at a copy
    shifted by ``noise * U(-5, 5)`` per coordinate. This is the classic
    set that a single linear classifier cannot learn; the product feature
    :math:`x_1x_2` or one hidden layer can. The classes are balanced only
    on average.

    Examples
    --------
    >>> X, y = xor(400, rng=1)
    >>> bool(np.all((X[:, 0] * X[:, 1] >= 0) == (y == 1)))
    True
    >>> float(np.abs(X).min()) >= 0.3
    True
    """
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(rng)
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    shifted = X + noise * rng.uniform(-5, 5, X.shape)
    return _shuffled(X, shifted[:, 0] * shifted[:, 1] >= 0, rng, signed)


def gauss(n=200, noise=0.0, rng=None, *, signed=False):
    """Two Gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2).

    Parameters
    ----------
    n : int >= 2, default 200
        Half the points in each blob.
    noise : float >= 0, default 0
        Widens the blobs: the variance of each coordinate is
        0.5 + 7 * noise (0.5 at noise 0, 4 at noise 0.5, as in the
        Playground).
    rng : None, int or numpy.random.Generator
    signed : bool, default False
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Notes
    -----
    The one linearly separable set of the four (up to overlap of the
    tails): the line :math:`x_1 + x_2 = 0` is the best boundary.

    Examples
    --------
    >>> X, y = gauss(1000, rng=2)
    >>> X[y == 1].mean(axis=0).round(), X[y == 0].mean(axis=0).round()
    (array([2., 2.]), array([-2., -2.]))
    """
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(rng)
    std = np.sqrt(0.5 + 7.0 * noise)
    n_pos = n // 2
    centers = np.where(np.arange(n)[:, None] < n_pos, 2.0, -2.0)
    X = centers + std * rng.standard_normal((n, 2))
    return _shuffled(X, np.arange(n) < n_pos, rng, signed)


def spiral(n=200, noise=0.0, rng=None, *, signed=False):
    """Two interleaved spirals, one per class.

    Parameters
    ----------
    n : int >= 2, default 200
        Half the points on each spiral.
    noise : float >= 0, default 0
        Each coordinate moves by ``noise * U(-1, 1)``.
    rng : None, int or numpy.random.Generator
    signed : bool, default False
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int, shape (n,)

    Notes
    -----
    Point i of m on a spiral has radius :math:`r = 5i/m` and angle
    :math:`t = 1.75 \\cdot 2\\pi\\, i/m + \\delta` (a little less than two
    turns), at :math:`(r\\sin t, r\\cos t)`; class 1 has :math:`\\delta = 0`
    and class 0 :math:`\\delta = \\pi`. Without noise the points are evenly
    spaced in i, so only the order of the output is random. The hardest of
    the four sets: it needs several layers (or features like
    :math:`\\sin x_1, \\sin x_2`).

    Examples
    --------
    >>> X, y = spiral(200, rng=3)
    >>> X.shape, int(y.sum())
    ((200, 2), 100)
    >>> float(np.hypot(*X.T).max()) < 5
    True
    """
    n = _check_n(n)
    noise = _check_noise(noise)
    rng = np.random.default_rng(rng)
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
    """Shuffle the samples and split them into a training and a test set.

    Parameters
    ----------
    X : array_like, shape (n, ...)
    y : array_like, shape (n, ...)
    test_fraction : float in (0, 1), default 0.5
        Share of the samples in the test set (rounded to the nearest
        count, and at least one sample in each part).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    Split
        ``(X_train, X_test, y_train, y_test)``.

    Examples
    --------
    >>> s = train_test_split(np.arange(10)[:, None], np.arange(10), 0.3, rng=0)
    >>> s.X_train.shape, s.X_test.shape
    ((7, 1), (3, 1))
    >>> sorted(s.y_train.tolist() + s.y_test.tolist()) == list(range(10))
    True
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of samples, got shapes {X.shape} and {y.shape}")
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"need at least 2 samples to split, got {n}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie in (0, 1), got {test_fraction!r}")
    n_test = min(max(int(round(test_fraction * n)), 1), n - 1)
    order = np.random.default_rng(rng).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return Split(X[train], X[test], y[train], y[test])


def playground(name, n=200, noise=0.0, test_fraction=0.5, rng=None, *, signed=False):
    """A Playground data set by name, split into training and test parts.

    Parameters
    ----------
    name : {"circle", "xor", "gauss", "spiral"}
    n : int >= 2, default 200
        Total number of points (training plus test).
    noise : float >= 0, default 0
        As in the generator (:func:`circle`, :func:`xor`, :func:`gauss`,
        :func:`spiral`).
    test_fraction : float in (0, 1), default 0.5
        The Playground's default is half and half.
    rng : None, int or numpy.random.Generator
        One generator makes the points and the split.
    signed : bool, default False
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    Split
        ``(X_train, X_test, y_train, y_test)``.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = playground("spiral", 100, 0.1, rng=0)
    >>> X_train.shape, y_test.shape
    ((50, 2), (50,))
    """
    if name not in PLAYGROUND:
        raise ValueError(f"name must be one of {sorted(PLAYGROUND)}, got {name!r}")
    rng = np.random.default_rng(rng)
    X, y = PLAYGROUND[name](n, noise, rng, signed=signed)
    return train_test_split(X, y, test_fraction, rng)


# ------------------------------------------------------- 1D regression


def regression_1d(f=np.sin, n=40, noise=0.1, interval=(-np.pi, np.pi), rng=None):
    """Noisy samples y = f(x) + eps of a function of one variable.

    Parameters
    ----------
    f : callable, default numpy.sin
        Vectorized function of one variable.
    n : int >= 1, default 40
        Number of samples.
    noise : float >= 0, default 0.1
        Standard deviation of the Gaussian noise eps.
    interval : (float, float), default (-pi, pi)
        The x values are uniform in this interval.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray, shape (n, 1)
        Sorted inputs, as a design matrix with one feature (ready for a
        net; ``X[:, 0]`` for plotting).
    y : ndarray, shape (n,)
        :math:`f(x_i) + \\varepsilon_i`, :math:`\\varepsilon_i \\sim N(0, \\text{noise}^2)`
        independent.

    Notes
    -----
    With enough weights a net fits the noise as well as f: the data for
    seeing overfitting, early stopping and weight decay (Strang §VII.4).

    Examples
    --------
    >>> X, y = regression_1d(lambda x: 2 * x, n=5, noise=0.0, interval=(0, 1), rng=0)
    >>> X.shape, bool(np.allclose(y, 2 * X[:, 0]))
    ((5, 1), True)
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    n = _check_n(n, low=1)
    noise = _check_noise(noise)
    try:
        low, high = (float(v) for v in interval)
    except (TypeError, ValueError):
        raise TypeError(f"interval must be a pair of numbers (low, high), got {interval!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"interval must have low < high, got {interval!r}")
    rng = np.random.default_rng(rng)
    x = np.sort(rng.uniform(low, high, n))
    fx = np.asarray(f(x), dtype=float)
    if fx.shape != x.shape:
        raise ValueError(f"f must map an array of shape ({n},) to the same shape, got {fx.shape}")
    return x[:, None], fx + noise * rng.standard_normal(n)


# ------------------------------------------------- shipped real data


def digits(test_fraction=0.25, rng=None, *, flatten=True):
    """The 8 x 8 handwritten digits of scikit-learn, split and scaled to [0, 1].

    Parameters
    ----------
    test_fraction : float in (0, 1), default 0.25
    rng : None, int or numpy.random.Generator
        Shuffles before the split.
    flatten : bool, default True
        True: each image is a row of 64 pixels. False: images of shape
        (8, 8).

    Returns
    -------
    Split
        ``X_train, X_test`` of shape (n, 64) or (n, 8, 8), float pixel
        intensities in [0, 1] (the stored 0..16 divided by 16);
        ``y_train, y_test`` integer labels 0..9. There are 1797 images.

    Notes
    -----
    A small copy of the UCI optical digits set, installed with
    scikit-learn (``sklearn.datasets.load_digits``), so no download is
    needed. It stands in for MNIST in Strang §VII.4's question: which
    pixels tell a 5 from a 7? For a convolutional layer add a channel
    axis: ``X[:, None]`` has shape (n, 1, 8, 8).

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = digits(rng=0)
    >>> X_train.shape, X_test.shape, sorted(set(y_train.tolist())) == list(range(10))
    ((1348, 64), (449, 64), True)
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = bunch.images.astype(float) / 16.0
    if flatten:
        X = X.reshape(X.shape[0], -1)
    return train_test_split(X, bunch.target.astype(np.int64), test_fraction, rng)


_LUMA = np.array([0.299, 0.587, 0.114])


def sample_image(name="china.jpg", *, downsample=1):
    """A photograph shipped with scikit-learn, as a grayscale float image.

    Parameters
    ----------
    name : {"china.jpg", "flower.jpg"}, default "china.jpg"
        A temple in China, or a flower; both 427 x 640 pixels.
    downsample : int >= 1, default 1
        Average blocks of ``downsample x downsample`` pixels (edges that do
        not fill a block are cropped).

    Returns
    -------
    ndarray, shape (427 // downsample, 640 // downsample)
        Float intensities in [0, 1].

    Notes
    -----
    Gray = 0.299 R + 0.587 G + 0.114 B (the ITU-R BT.601 luma weights),
    divided by 255. Used for the filters and convolutions of Strang §VII.2.

    Examples
    --------
    >>> img = sample_image(downsample=4)
    >>> img.shape, float(img.min()) >= 0, float(img.max()) <= 1
    ((106, 160), True, True)
    """
    if name not in ("china.jpg", "flower.jpg"):
        raise ValueError(f"name must be 'china.jpg' or 'flower.jpg', got {name!r}")
    downsample = _check_n(downsample, "downsample", low=1)
    from sklearn.datasets import load_sample_image

    rgb = load_sample_image(name).astype(float) / 255.0
    gray = rgb @ _LUMA
    if downsample > 1:
        H, W = (s // downsample * downsample for s in gray.shape)
        if H == 0 or W == 0:
            raise ValueError(f"downsample={downsample} is larger than the image {gray.shape}")
        gray = gray[:H, :W].reshape(H // downsample, downsample, W // downsample, downsample).mean(axis=(1, 3))
    return np.clip(gray, 0.0, 1.0)
