"""The contract every trainable layer in ``lfd`` keeps.

A layer is a differentiable map ``Y = layer.forward(X)`` with a backward
pass ``dX = layer.backward(dY)`` that also fills ``layer.grads``. Dense
layers (:mod:`lfd.nets`), convolution and pooling (:mod:`lfd.conv`),
dropout and batch normalization (:mod:`lfd.sgd`) all keep it, so they
stack in one :class:`Sequential` and train with one optimizer.

Conventions
-----------
* The first axis of ``X`` is the batch: ``(n, features)`` for dense layers,
  ``(n, channels, height, width)`` for images.
* ``params`` and ``grads`` are lists of arrays of equal shapes, in the same
  order. Optimizers update ``params`` **in place**; ``backward`` overwrites
  ``grads`` (it does not accumulate).
* ``forward`` caches what ``backward`` needs, in training and in test mode
  alike, so ``backward`` always refers to the latest forward call. A layer
  that behaves differently in training (dropout, batch normalization) reads
  ``train``.
* ``backward`` returns dLoss/dX, or ``None`` when the layer was told not to
  compute it (``input_grad=False``, worth it for the first layer only, whose
  input is the data); :class:`Sequential` stops the backward sweep there.
* Arrays are float64 unless a layer is given another ``dtype``; a layer
  keeps its parameters' dtype and casts its input to it.

This is the matrix form of backpropagation in Strang §VII.3: each layer
knows its own Jacobian, and the chain of products is applied right to
left, one layer at a time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Layer(ABC):
    """A differentiable map with (possibly no) parameters."""

    # Parameter-free layers may skip ``super().__init__()``: these defaults hold.
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

    Examples
    --------
    >>> import numpy as np
    >>> class Double(Layer):
    ...     def forward(self, X, *, train=False): return 2 * X
    ...     def backward(self, dY): return 2 * dY
    >>> net = Sequential([Double(), Double()])
    >>> net(np.ones((1, 2)))
    array([[4., 4.]])
    >>> net.backward(np.ones((1, 2)))
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
