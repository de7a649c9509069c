"""Loss functions with their gradients: ``value, dZ = loss(Z, y)``. Strang §VII.4; chapter 04.

``Z``: outputs for a batch of n samples (logits for classification), ``y``: the
correct outputs; ``value``: the mean over samples; ``dZ``: its gradient, shape of Z.
``y`` is always checked; the losses are steps of training, so non-finite values in Z
propagate (IEEE), and a diverging run shows as inf/NaN in its loss (and accuracy).
"""

import numpy as np

from lfd._validate import check_array, check_int, check_labels, check_real
from lfd.activations import sigmoid

__all__ = ["softmax", "log_softmax", "square", "binary_cross_entropy", "cross_entropy",
           "hinge", "multiclass_hinge", "accuracy"]

_TINY_LOG = -np.finfo(np.float64).max  # log-probabilities below it saturate here


def _Z(Z, name="Z", ndim=None):
    Z = check_array(Z, name, ndim=ndim, finite=False)  # with ndim (a batch), also nonempty
    if ndim is not None and Z.shape[0] == 0:
        raise ValueError(f"{name} is empty: a loss needs at least one sample")
    return Z


def _binary(z, y, name_z="z"):
    """z of shape (n,) or (n, 1), its flat (n,) view, and y of shape (n,) (or (n, 1))."""
    z = _Z(z, name_z, ndim=(1, 2))
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(f"{name_z} must have shape (n,) or (n, 1), got {z.shape}")
    flat = z.reshape(-1)
    y = check_array(y, "y")
    y = y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y
    if y.shape != flat.shape:
        raise ValueError(f"y must have shape ({flat.size},) to match {name_z}, got {y.shape}")
    return z, flat, y


def _shifted(Z, axis):
    """Z - max(Z) along axis: entries <= 0 (-inf only where the gap exceeds the float range)."""
    Z, axis = _Z(Z), check_int(axis, "axis", min=None)
    with np.errstate(over="ignore"):
        return Z - np.max(Z, axis=axis, keepdims=True)


def softmax(Z, axis=-1):
    """exp(z_j) / sum_i exp(z_i) along ``axis`` (the max subtracted first). Strang §VII.4.

    >>> softmax([0.0, np.log(3.0)])
    array([0.25, 0.75])
    >>> softmax([1e308, -1e308])
    array([1., 0.])
    """
    E = np.exp(_shifted(Z, axis))
    return E / np.sum(E, axis=axis, keepdims=True)


def log_softmax(Z, axis=-1):
    """log softmax(Z) = (z - m) - log sum exp(z - m), m = max z; saturates at -1.8e308.

    >>> log_softmax([1e4, -1e4])
    array([     0., -20000.])
    """
    S = _shifted(Z, axis)
    logP = S - np.log(np.sum(np.exp(S), axis=axis, keepdims=True))
    return np.maximum(logP, _TINY_LOG)


def square(Z, y):
    """Square loss: mean over samples of ||y_i - w_i||^2 / 2; dZ = (w - y)/n. Strang §VII.4.

    Z of shape (n,) or (n, k); y the same shape, or (n,) when Z is (n, 1).

    >>> value, dZ = square([[1.0], [3.0]], [0.0, 0.0])
    >>> value, dZ.ravel()
    (2.5, array([0.5, 1.5]))
    """
    Z, y = _Z(Z, ndim=(1, 2)), check_array(y, "y")
    if Z.ndim == 2 and Z.shape[1] == 1 and y.shape == Z.shape[:1]:
        y = y[:, None]
    if y.shape != Z.shape:
        raise ValueError(f"y must have the shape of Z {Z.shape}, got {y.shape}")
    n = Z.shape[0]
    E = Z - y
    return 0.5 * float(np.sum(E * E)) / n, E / n


def binary_cross_entropy(z, y):
    """Cross-entropy of logits z, shape (n,) or (n, 1), against labels y in {0, 1}.

    value = mean of log(1 + e^z) - y z; dz = (sigmoid(z) - y)/n. Probabilities y in
    [0, 1] are accepted; for labels -1/+1 pass (y + 1)/2. Strang §VII.4, eq. (1).

    >>> value, dz = binary_cross_entropy([0.0, 0.0], [1, 0])
    >>> round(value, 6), dz   # log 2
    (0.693147, array([-0.25,  0.25]))
    """
    z, flat, y = _binary(z, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must hold labels in {0, 1} (or probabilities in [0, 1]); "
                         "for labels -1/+1 pass (y + 1) / 2")
    value = float(np.sum(np.logaddexp(0.0, flat) - y * flat)) / flat.size
    return value, ((sigmoid(flat) - y) / flat.size).reshape(z.shape)


def cross_entropy(Z, y):
    """Multiclass cross-entropy of logits Z, shape (n, K), softmax inside.

    y: integer labels (n,) in 0..K-1, or (n, K) rows of probabilities;
    dZ = (softmax(Z) - Y)/n. Strang §VII.4, eq. (3).

    >>> value, dZ = cross_entropy(np.zeros((2, 3)), [0, 2])
    >>> round(value, 6), dZ[0].round(4)   # log 3, (1/3 - 1, 1/3, 1/3) / 2
    (1.098612, array([-0.3333,  0.1667,  0.1667]))
    """
    Z = _Z(Z, ndim=2)
    n, K = Z.shape
    if np.ndim(y) == 2:
        Y = check_array(y, "y", shape=Z.shape)
        if np.any(Y < 0) or not np.allclose(Y.sum(axis=1), 1.0):
            raise ValueError("rows of y must be probability vectors (nonnegative, summing to 1)")
    else:
        Y = np.zeros_like(Z)
        Y[np.arange(n), check_labels(y, "y", n=n, classes=range(K))] = 1.0
    logP = log_softmax(Z, axis=1)
    with np.errstate(over="ignore"):
        value = -float(np.sum(Y * logP)) / n  # logP is finite, so 0 * logP = 0
        if np.isinf(value):  # the sum overflowed (losses near 1.8e308): divide each term first
            value = min(-float(np.sum(Y * (logP / n))), -float(_TINY_LOG))
    return value, (np.exp(logP) - Y) / n


def hinge(z, y):
    """Hinge loss mean max(0, 1 - y z) of scores z, shape (n,) or (n, 1), labels y = ±1.

    dz = -y/n where y z < 1, else 0. For labels 0/1 pass 2y - 1. Strang §VII.5.

    >>> value, dz = hinge([2.0, 0.5, -1.0], [1, 1, 1])
    >>> round(value, 4), dz.round(4)
    (0.8333, array([ 0.    , -0.3333, -0.3333]))
    """
    z, flat, y = _binary(z, y)
    if not np.all((y == 1) | (y == -1)):
        raise ValueError("y must hold labels -1 or +1; for labels 0/1 pass 2 * y - 1")
    margin = 1.0 - y * flat
    value = float(np.sum(np.maximum(margin, 0.0))) / flat.size
    return value, (np.where(margin > 0, -y, 0.0) / flat.size).reshape(z.shape)


def multiclass_hinge(Z, y, margin=1.0):
    """Mean over samples of sum over wrong classes j of max(0, z_j - z_y + margin).

    Z of shape (n, K), integer labels y in 0..K-1; dZ a subgradient. Strang §VII.5.

    >>> value, dZ = multiclass_hinge([[3.0, 2.5, 0.0]], [0])
    >>> value, dZ
    (0.5, array([[-1.,  1.,  0.]]))
    """
    Z = _Z(Z, ndim=2)
    margin = check_real(margin, "margin", min=0.0, max=1e100)
    n, K = Z.shape
    labels = check_labels(y, "y", n=n, classes=range(K))
    rows = np.arange(n)
    M = Z - Z[rows, labels][:, None] + margin
    M[rows, labels] = 0.0
    active = (M > 0).astype(Z.dtype)
    dZ = active.copy()
    dZ[rows, labels] = -active.sum(axis=1)
    return float(np.sum(np.maximum(M, 0.0))) / n, dZ / n


def accuracy(Z, y):
    """Fraction of samples classified correctly.

    Z (n,) or (n, 1): z > 0 against y > 0; Z (n, K): argmax against labels or one-hot rows.
    NaN anywhere in Z gives NaN; ±inf are ordinary scores.

    >>> accuracy([2.0, -1.0, 0.5], [1, 0, 0])
    0.6666666666666666
    >>> accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 0])
    1.0
    """
    Z = _Z(Z)
    if Z.ndim == 2 and Z.shape[1] > 1:
        pred = np.argmax(Z, axis=1)
        true = (np.argmax(check_array(y, "y", shape=Z.shape), axis=1) if np.ndim(y) == 2
                else check_labels(y, "y", n=Z.shape[0], classes=range(Z.shape[1])))
    else:
        _, flat, y = _binary(Z, y, "Z")
        pred, true = flat > 0, y > 0
    if np.shape(true) != pred.shape:
        raise ValueError(f"y must have {pred.shape[0]} labels, got shape {np.shape(y)}")
    if pred.size == 0:
        raise ValueError("Z is empty: accuracy needs at least one sample")
    return float("nan") if np.isnan(Z).any() else float(np.mean(pred == true))
