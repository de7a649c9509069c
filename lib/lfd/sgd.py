"""Old home of minibatch SGD; see :mod:`lfd.optim`, :mod:`lfd.train`, :mod:`lfd.nn.regularization`.

A temporary shim for phase 2 of the redesign: it re-exports every old public name.
"""

from lfd._validate import check_int as _validate_int, check_real as _validate_real
from lfd.nn.regularization import BatchNorm, Dropout  # noqa: F401
from lfd.optim import (  # noqa: F401
    SGD, Adam, Momentum, Nesterov, Optimizer, constant, gd_rate, gd_step, inverse_sqrt,
    inverse_time, momentum_params, momentum_rate, step_decay,
)
from lfd.train import (  # noqa: F401
    EarlyStopping, cross_validate, epochs, evaluate, fit, kfold, minibatches,
)

__all__ = ["minibatches", "epochs", "constant", "inverse_sqrt", "inverse_time", "step_decay",
           "Optimizer", "SGD", "Momentum", "Nesterov", "Adam", "gd_rate", "momentum_rate",
           "gd_step", "momentum_params", "EarlyStopping", "Dropout", "BatchNorm", "kfold",
           "cross_validate", "evaluate", "fit"]


# Until lfd.playground and lfd.bias_variance call lfd._validate themselves
# (their owners' work), the two private helpers they borrowed from here stay,
# as thin translations to lfd._validate. Delete with this shim.
def _check_int(value, name, low=1, high=None):
    return _validate_int(value, name, min=low, max=high)


def _check_real(value, name, low=0.0, high=None, low_open=True, high_open=False):
    return _validate_real(value, name, min=low, max=high, min_open=low_open,
                          max_open=high_open)
