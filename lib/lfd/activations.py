"""Activation functions and their derivatives, once for the whole library.

Each maps an array to one of the same shape (float32 stays float32, other real
input becomes float64). ReLU's slope at 0 is 0: a neuron is *active* when its
input is strictly positive. These are inner steps of training: non-finite values
propagate (IEEE), so a diverging run shows as inf/NaN in its loss; the ReLU
slopes count NaN as not positive. Strang §VII.1, eq. (2); chapter 01.

>>> relu([-2.0, 0.0, 3.0])
array([0., 0., 3.])
>>> sigmoid([0.0, 1e4, -1e4])
array([0.5, 1. , 0. ])
"""

from __future__ import annotations

import numpy as np

from lfd._validate import check_float_array, check_real


def relu(x):
    """ReLU(x) = max(x, 0), entry by entry."""
    x = check_float_array(x, "x")
    return np.maximum(x, x.dtype.type(0))


def relu_derivative(x):
    """The step function: 1 where x > 0, else 0."""
    x = check_float_array(x, "x")
    return (x > 0).astype(x.dtype)


def _alpha(alpha):
    return check_real(alpha, "alpha", min=0.0, max=1.0, max_open=True)


def leaky_relu(x, alpha=0.01):
    """x where x > 0, alpha x elsewhere (0 <= alpha < 1).

    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    x, alpha = check_float_array(x, "x"), _alpha(alpha)
    return np.where(x > 0, x, x.dtype.type(alpha) * x)


def leaky_relu_derivative(x, alpha=0.01):
    """1 where x > 0, alpha elsewhere."""
    x, alpha = check_float_array(x, "x"), _alpha(alpha)
    return np.where(x > 0, x.dtype.type(1), x.dtype.type(alpha))


def sigmoid(x):
    """1 / (1 + e^(-x)), computed without overflow: the exponent is never positive."""
    x = check_float_array(x, "x")
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    """sigmoid(x) (1 - sigmoid(x))."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """tanh(x) = 2 sigmoid(2x) - 1."""
    return np.tanh(check_float_array(x, "x"))


def tanh_derivative(x):
    """1 - tanh(x)^2."""
    return 1 - np.square(tanh(x))


#: name -> (function, derivative), for layers and nets that take an activation by name.
ACTIVATIONS = {
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
}
