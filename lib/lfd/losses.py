"""Loss functions for learning from data, each with its gradient.

Every loss here has the same door::

    value, dZ = loss(Z, y)

``Z`` holds the net's outputs for a batch of ``n`` samples (first axis =
batch, as in :mod:`lfd.layer`), ``y`` the correct outputs. ``value`` is a
Python float: the **mean over the n samples** of the per-sample loss.
``dZ`` has the shape of ``Z`` and is the gradient of that mean with
respect to ``Z`` -- exactly what ``net.backward`` expects. The ``1/n`` of
the mean is therefore already inside ``dZ``.

Classification losses take *logits* (raw scores before any sigmoid or
softmax), never probabilities: the logarithms are then computed in a form
that cannot overflow or take ``log(0)``.

Shapes (n samples, K classes):

* :func:`square` -- ``Z`` (n,) or (n, k); ``y`` the same shape, or (n,)
  when ``Z`` is (n, 1).
* :func:`binary_cross_entropy` -- ``z`` (n,) or (n, 1) logits; ``y`` (n,)
  labels in {0, 1}.
* :func:`cross_entropy` -- ``Z`` (n, K) logits; ``y`` (n,) integer labels
  0..K-1, or (n, K) one-hot (probability) rows.
* :func:`hinge` -- ``z`` (n,) or (n, 1) scores; ``y`` (n,) labels in {-1, +1}.
* :func:`multiclass_hinge` -- ``Z`` (n, K) scores; ``y`` (n,) labels 0..K-1.

Strang §VII.4 ("Loss functions"); chapter chapters/04-hyperparameters.ipynb.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "softmax",
    "log_softmax",
    "sigmoid",
    "square",
    "binary_cross_entropy",
    "cross_entropy",
    "hinge",
    "multiclass_hinge",
    "accuracy",
]


# ---------------------------------------------------------------- helpers


def _as_float_array(Z, name):
    Z = np.asarray(Z)
    if Z.dtype == object or not np.issubdtype(Z.dtype, np.number):
        raise TypeError(f"{name} must be a numeric array, got dtype {Z.dtype}")
    if np.iscomplexobj(Z):
        raise TypeError(f"{name} must be real, got complex dtype {Z.dtype}")
    return Z.astype(np.result_type(Z.dtype, np.float64), copy=False)


def _binary_scores(z, y, name_z="z", name_y="y"):
    """Check a binary problem: z of shape (n,) or (n, 1), y of shape (n,)."""
    z = _as_float_array(z, name_z)
    y = _as_float_array(y, name_y)
    if z.ndim == 2 and z.shape[1] == 1:
        flat = z[:, 0]
    elif z.ndim == 1:
        flat = z
    else:
        raise ValueError(f"{name_z} must have shape (n,) or (n, 1), got {z.shape}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != flat.shape:
        raise ValueError(f"{name_y} must have shape ({flat.shape[0]},) to match {name_z}, got {y.shape}")
    if flat.size == 0:
        raise ValueError(f"{name_z} is empty: a loss needs at least one sample")
    return z, flat, y


def _class_labels(y, n, K, name="y"):
    """Integer labels 0..K-1 of length n."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        if not np.issubdtype(y.dtype, np.floating) or np.any(y != np.round(y)):
            raise TypeError(f"{name} must hold integer class labels, got dtype {y.dtype}")
        y = y.astype(np.int64)
    if y.size and (y.min() < 0 or y.max() >= K):
        raise ValueError(f"{name} labels must lie in 0..{K - 1}, got values in {y.min()}..{y.max()}")
    return y


# ------------------------------------------------- softmax and friends


def softmax(Z, axis=-1):
    """Softmax of logits along one axis, finite for any finite logits.

    Parameters
    ----------
    Z : array_like, shape (..., K, ...)
        Logits.
    axis : int, default -1
        The axis holding the K classes.

    Returns
    -------
    P : ndarray, same shape as Z
        Positive entries summing to 1 along ``axis``.

    Notes
    -----
    :math:`p_j = e^{z_j} / \\sum_i e^{z_i}`. Subtracting :math:`\\max_i z_i`
    from every logit changes nothing (the factor cancels) and makes every
    exponent :math:`\\le 0`, so nothing overflows even for logits of size
    :math:`10^4`. Strang §VII.2 (softmax), §VII.4; chapter
    chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> softmax([0.0, np.log(3.0)])
    array([0.25, 0.75])
    >>> softmax([1e4, -1e4])
    array([1., 0.])
    """
    Z = _as_float_array(Z, "Z")
    shifted = Z - np.max(Z, axis=axis, keepdims=True)
    E = np.exp(shifted)
    return E / np.sum(E, axis=axis, keepdims=True)


def log_softmax(Z, axis=-1):
    """Logarithm of the softmax, computed without forming the softmax.

    Parameters
    ----------
    Z : array_like, shape (..., K, ...)
        Logits.
    axis : int, default -1
        The axis holding the K classes.

    Returns
    -------
    logP : ndarray, same shape as Z
        ``log(softmax(Z))``, finite wherever ``Z`` is finite.

    Notes
    -----
    :math:`\\log p_j = z_j - \\log\\sum_i e^{z_i}` and the log-sum-exp is
    taken as :math:`m + \\log\\sum_i e^{z_i - m}` with :math:`m = \\max_i z_i`.
    Taking ``np.log(softmax(Z))`` instead would give ``-inf`` as soon as a
    probability underflows to 0 (logit gaps above about 745).

    Examples
    --------
    >>> log_softmax([1e4, -1e4])
    array([     0., -20000.])
    """
    Z = _as_float_array(Z, "Z")
    m = np.max(Z, axis=axis, keepdims=True)
    shifted = Z - m
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sigmoid(z):
    """Logistic function 1 / (1 + e^(-z)), without overflow warnings.

    Parameters
    ----------
    z : array_like
        Any shape.

    Returns
    -------
    ndarray, same shape, values in [0, 1]

    Notes
    -----
    For :math:`z \\ge 0` use :math:`1/(1+e^{-z})`; for :math:`z < 0` use the
    equal :math:`e^{z}/(1+e^{z})`. Either way the exponent is :math:`\\le 0`.

    Examples
    --------
    >>> sigmoid([0.0, 1e4, -1e4])
    array([0.5, 1. , 0. ])
    """
    z = _as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ------------------------------------------------------------- the losses


def square(Z, y):
    """Square loss: the mean over samples of half the squared error.

    Parameters
    ----------
    Z : array_like, shape (n,) or (n, k)
        Computed outputs w for n samples.
    y : array_like, same shape as Z
        Correct outputs. When ``Z`` has shape (n, 1), ``y`` may have shape
        (n,) (one regression target per sample).

    Returns
    -------
    value : float
        :math:`\\frac1n \\sum_i \\frac12 \\|y_i - w_i\\|^2`.
    dZ : ndarray, shape of Z
        :math:`(w_i - y_i)/n`.

    Notes
    -----
    Convention: the factor :math:`\\tfrac12` of Strang's quadratic cost
    :math:`\\ell(y, w) = \\tfrac12\\|y - w\\|^2` is kept (so the gradient has
    no 2), the squared norm sums over the k output components, and the
    loss is averaged over the n samples. This is half of the "mean squared
    error" when k = 1. Near the minimum the gradient
    :math:`w - y` goes to zero with the error, which is why learning with
    square loss slows down there (Strang §VII.4; chapter
    chapters/04-hyperparameters.ipynb).

    Examples
    --------
    >>> value, dZ = square([[1.0], [3.0]], [0.0, 0.0])
    >>> value
    2.5
    >>> dZ
    array([[0.5],
           [1.5]])
    """
    Z = _as_float_array(Z, "Z")
    y = _as_float_array(y, "y")
    if Z.ndim == 2 and Z.shape[1] == 1 and y.shape == Z.shape[:1]:
        y = y[:, None]
    if Z.ndim not in (1, 2):
        raise ValueError(f"Z must have shape (n,) or (n, k), got {Z.shape}")
    if y.shape != Z.shape:
        raise ValueError(f"y must have the shape of Z {Z.shape}, got {y.shape}")
    n = Z.shape[0]
    if n == 0:
        raise ValueError("Z is empty: a loss needs at least one sample")
    E = Z - y
    value = 0.5 * float(np.sum(E * E)) / n
    return value, E / n


def binary_cross_entropy(z, y):
    """Binary cross-entropy of logits z against labels y in {0, 1}.

    Parameters
    ----------
    z : array_like, shape (n,) or (n, 1)
        Logits; the predicted probability of class 1 is sigmoid(z).
    y : array_like, shape (n,)
        Labels 0 or 1 (probabilities in [0, 1] are accepted too). For
        labels -1/+1 pass ``(y + 1) / 2``.

    Returns
    -------
    value : float
        :math:`-\\frac1n\\sum_i [y_i \\log p_i + (1-y_i)\\log(1-p_i)]`,
        :math:`p_i = \\sigma(z_i)`.
    dZ : ndarray, shape of z
        :math:`(\\sigma(z_i) - y_i)/n`.

    Notes
    -----
    With :math:`p = \\sigma(z)` the per-sample loss simplifies to
    :math:`\\log(1 + e^{z}) - y z`, computed as ``logaddexp(0, z) - y*z``:
    finite for every finite z, and never :math:`\\log 0`. Its derivative
    :math:`\\sigma(z) - y` does *not* vanish when the prediction is
    confidently wrong, unlike square loss on a sigmoid output. This is
    Strang §VII.4 eq. (1) with :math:`z_i` there being our :math:`p_i`;
    chapter chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> value, dz = binary_cross_entropy([0.0, 0.0], [1, 0])
    >>> round(value, 6)   # log 2
    0.693147
    >>> dz
    array([-0.25,  0.25])
    """
    z, flat, y = _binary_scores(z, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must hold labels in {0, 1} (or probabilities in [0, 1]); for labels -1/+1 pass (y + 1) / 2")
    n = flat.shape[0]
    value = float(np.sum(np.logaddexp(0.0, flat) - y * flat)) / n
    dz = (sigmoid(flat) - y) / n
    return value, dz.reshape(z.shape)


def cross_entropy(Z, y):
    """Multiclass cross-entropy of logits Z (softmax inside).

    Parameters
    ----------
    Z : array_like, shape (n, K)
        Logits for K classes.
    y : array_like, shape (n,) or (n, K)
        Integer labels in 0..K-1, or rows of target probabilities (one-hot
        rows for hard labels; each row must sum to 1).

    Returns
    -------
    value : float
        :math:`-\\frac1n \\sum_i \\sum_j Y_{ij} \\log p_{ij}` with
        :math:`p_i = \\mathrm{softmax}(z_i)`.
    dZ : ndarray, shape (n, K)
        :math:`(p_i - Y_i)/n`.

    Notes
    -----
    This is Strang's cross-entropy :math:`-\\sum_j p_j \\log \\hat p_j`
    (§VII.4 eq. (3)) with the true distribution :math:`p = Y_i` and the
    prediction :math:`\\hat p = \\mathrm{softmax}(z_i)`, averaged over
    samples. The logarithms come from :func:`log_softmax`, so logits of
    size :math:`10^4` are fine. The gradient is the famous
    "softmax minus one-hot". Chapter chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> Z = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> value, dZ = cross_entropy(Z, [0, 2])
    >>> round(value, 6)   # log 3
    1.098612
    >>> dZ.round(4)
    array([[-0.3333,  0.1667,  0.1667],
           [ 0.1667,  0.1667, -0.3333]])
    """
    Z = _as_float_array(Z, "Z")
    if Z.ndim != 2:
        raise ValueError(f"Z must have shape (n, K), got {Z.shape}")
    n, K = Z.shape
    if n == 0:
        raise ValueError("Z is empty: a loss needs at least one sample")
    y_arr = np.asarray(y)
    if y_arr.ndim == 2:
        Y = _as_float_array(y_arr, "y")
        if Y.shape != Z.shape:
            raise ValueError(f"one-hot y must have the shape of Z {Z.shape}, got {Y.shape}")
        if np.any(Y < 0) or not np.allclose(Y.sum(axis=1), 1.0):
            raise ValueError("rows of y must be probability vectors (nonnegative, summing to 1)")
    else:
        labels = _class_labels(y_arr, n, K)
        Y = np.zeros_like(Z)
        Y[np.arange(n), labels] = 1.0
    logP = log_softmax(Z, axis=1)
    value = -float(np.sum(Y * logP)) / n
    dZ = (np.exp(logP) - Y) / n
    return value, dZ


def hinge(z, y):
    """Hinge loss max(0, 1 - y z) of scores z against labels y in {-1, +1}.

    Parameters
    ----------
    z : array_like, shape (n,) or (n, 1)
        Scores; the predicted class is sign(z).
    y : array_like, shape (n,)
        Labels -1 or +1. For labels 0/1 pass ``2 * y - 1``.

    Returns
    -------
    value : float
        :math:`\\frac1n\\sum_i \\max(0, 1 - y_i z_i)`.
    dZ : ndarray, shape of z
        A subgradient: :math:`-y_i/n` where :math:`y_i z_i < 1`, else 0.

    Notes
    -----
    The loss of the support vector machine (Strang §VII.5). It is zero once
    a sample is on the right side with margin 1, and grows linearly
    otherwise. At the kink :math:`y_i z_i = 1` the loss is not
    differentiable; we return the subgradient 0 there. Chapter
    chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> value, dz = hinge([2.0, 0.5, -1.0], [1, 1, 1])
    >>> value
    0.8333333333333334
    >>> dz.round(4)
    array([ 0.    , -0.3333, -0.3333])
    """
    z, flat, y = _binary_scores(z, y)
    if not np.all((y == 1) | (y == -1)):
        raise ValueError("y must hold labels -1 or +1; for labels 0/1 pass 2 * y - 1")
    n = flat.shape[0]
    margin = 1.0 - y * flat
    value = float(np.sum(np.maximum(margin, 0.0))) / n
    dz = np.where(margin > 0, -y, 0.0) / n
    return value, dz.reshape(z.shape)


def multiclass_hinge(Z, y, margin=1.0):
    """Multiclass hinge loss: every wrong class should trail by a margin.

    Parameters
    ----------
    Z : array_like, shape (n, K)
        Class scores.
    y : array_like, shape (n,)
        Integer labels in 0..K-1.
    margin : float, default 1.0
        Required lead of the correct score over each wrong one.

    Returns
    -------
    value : float
        :math:`\\frac1n\\sum_i\\sum_{j\\ne y_i}\\max(0, z_{ij} - z_{iy_i} + \\Delta)`.
    dZ : ndarray, shape (n, K)
        A subgradient (0 at the kinks).

    Notes
    -----
    The sum-over-wrong-classes form (Weston and Watkins). Each violating
    class j adds :math:`+1/n` to :math:`\\partial/\\partial z_{ij}` and
    :math:`-1/n` to :math:`\\partial/\\partial z_{iy_i}`. With K = 2,
    scores :math:`(-s/2, s/2)` and :math:`\\Delta = 1` it is the binary
    :func:`hinge` of s with labels :math:`\\pm 1`. Chapter chapters/04-hyperparameters.ipynb.

    Examples
    --------
    >>> value, dZ = multiclass_hinge([[3.0, 2.5, 0.0]], [0])
    >>> value
    0.5
    >>> dZ
    array([[-1.,  1.,  0.]])
    """
    Z = _as_float_array(Z, "Z")
    if Z.ndim != 2:
        raise ValueError(f"Z must have shape (n, K), got {Z.shape}")
    if not np.isfinite(margin) or margin < 0:
        raise ValueError(f"margin must be a nonnegative number, got {margin}")
    n, K = Z.shape
    if n == 0:
        raise ValueError("Z is empty: a loss needs at least one sample")
    labels = _class_labels(y, n, K)
    rows = np.arange(n)
    M = Z - Z[rows, labels][:, None] + margin
    M[rows, labels] = 0.0
    value = float(np.sum(np.maximum(M, 0.0))) / n
    active = (M > 0).astype(Z.dtype)
    dZ = active.copy()
    dZ[rows, labels] = -active.sum(axis=1)
    return value, dZ / n


def accuracy(Z, y):
    """Fraction of samples whose predicted class is the correct one.

    Parameters
    ----------
    Z : array_like, shape (n,), (n, 1) or (n, K)
        Net outputs. One column: a binary score, class "positive" when
        z > 0. K > 1 columns: the class is the argmax.
    y : array_like, shape (n,) or (n, K)
        Binary labels (0/1 or -1/+1: positive means y > 0), integer labels
        0..K-1, or one-hot rows.

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> accuracy([2.0, -1.0, 0.5], [1, 0, 0])
    0.6666666666666666
    >>> accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 0])
    1.0
    """
    Z = _as_float_array(Z, "Z")
    y = np.asarray(y)
    if Z.ndim == 2 and Z.shape[1] > 1:
        pred = np.argmax(Z, axis=1)
        true = np.argmax(y, axis=1) if y.ndim == 2 else y
    else:
        _, flat, y = _binary_scores(Z, y, "Z")
        pred, true = flat > 0, y > 0
    if np.shape(true) != pred.shape:
        raise ValueError(f"y must have {pred.shape[0]} labels, got shape {np.shape(y)}")
    if pred.size == 0:
        raise ValueError("Z is empty: accuracy needs at least one sample")
    return float(np.mean(pred == true))
