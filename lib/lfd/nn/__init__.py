"""Layers that keep one contract (:class:`lfd.nn.layer.Layer`) and stack in a Sequential."""

from lfd.nn.dense import (ACTIVATION_LAYERS, Dense, LeakyReLU, ReLU, Sigmoid, Tanh,
                          augmented, mlp, weight_jacobians)
from lfd.nn.gradcheck import gradient_check, numerical_gradient
from lfd.nn.init import init_weights
from lfd.nn.layer import Layer, Sequential
from lfd.nn.recurrent import RNN, EachStep, recurrent_matrix, rnn

__all__ = ["Layer", "Sequential", "Dense", "ReLU", "LeakyReLU", "Sigmoid", "Tanh",
           "ACTIVATION_LAYERS", "mlp", "augmented", "weight_jacobians", "init_weights",
           "numerical_gradient", "gradient_check", "RNN", "EachStep", "recurrent_matrix", "rnn"]
