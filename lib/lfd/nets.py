"""Old home of the dense layers; see :mod:`lfd.nn` (kept until notebooks move)."""
from lfd.nn import (Dense, LeakyReLU, ReLU, Sigmoid, Tanh, augmented,  # noqa: F401
                    gradient_check, init_weights, mlp, numerical_gradient, weight_jacobians)
from lfd.nn import ACTIVATION_LAYERS as ACTIVATIONS  # noqa: F401
