"""The contract every trainable layer keeps, and :class:`Sequential`. Strang §VII.3.

``forward(X, train=False)`` maps a batch (first axis = samples) and caches what
``backward(dY)`` needs; ``backward`` takes dLoss/dY, **overwrites** ``grads``
and returns dLoss/dX (or None with ``input_grad=False``). ``params`` and
``grads`` are lists of arrays of equal shapes; optimizers update ``params`` in place.
Layers are inner steps of training: non-finite values propagate (IEEE), so a diverging
run shows as inf/NaN in its loss.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Layer(ABC):
    """A differentiable map with parameters; a layer without any may skip ``__init__``."""

    params = ()
    grads = ()

    def __init__(self):
        self.params, self.grads = [], []

    @abstractmethod
    def forward(self, X, *, train=False):
        """Return the output for the batch ``X``."""

    @abstractmethod
    def backward(self, dY):
        """Given dLoss/dY, fill ``self.grads`` and return dLoss/dX."""

    def __call__(self, X, *, train=False):
        return self.forward(X, train=train)


class Sequential(Layer):
    """Layers applied left to right; gradients flow right to left.

    >>> class Double(Layer):
    ...     def forward(self, X, *, train=False): return 2 * X
    ...     def backward(self, dY): return 2 * dY
    >>> Sequential([Double(), Double()]).backward(np.ones((1, 2)))
    array([[4., 4.]])
    """

    def __init__(self, layers):
        self.layers = list(layers)
        for i, layer in enumerate(self.layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{i}] must be an lfd Layer, got {type(layer).__name__}")

    @property
    def params(self):
        return [p for layer in self.layers for p in layer.params]

    @property
    def grads(self):
        return [g for layer in self.layers for g in layer.grads]

    def forward(self, X, *, train=False):
        for layer in self.layers:
            X = layer.forward(X, train=train)
        return X

    def backward(self, dY):
        for layer in reversed(self.layers):
            dY = layer.backward(dY)
            if dY is None:  # a first layer that skips its input gradient
                break
        return dY

    def n_params(self):
        """Number of trainable numbers (weights and biases)."""
        return int(sum(np.size(p) for p in self.params))
