"""The tables of tests/test_fuzz.py: a valid call of every public callable of ``lfd``,
and the few explicit, commented exceptions.

``CASES`` starts from the valid calls of tests/test_counts.py (callables with count
parameters) and adds one for every other public callable. An entry is a factory
``() -> (args, kwargs)`` of a call that works; for an ordinary method the first
argument is the instance (built fresh by the factory, with whatever state the method
needs, e.g. ``forward`` run before ``backward``). Defaults are filled in before the
probes, so a default value is fuzzed too: give a non-default argument only where
the default (e.g. None) would hide the argument's kind.
"""

from __future__ import annotations

import numpy as np

from test_counts import CASES as COUNT_CASES
from test_counts import HUGE_OK, NEGATIVE_OK, RECORDS  # noqa: F401  (re-exported)
from test_counts import _ax, _graph, _playground, _regions, _sgd  # noqa: F401


# --------------------------------------------------------------------------- helpers

def _var_output():
    from lfd.autodiff import Var
    x, y = Var(2.0, "x"), Var(3.0, "y")
    F = x**2 * (x + y)
    F.backward()
    return F


def _net():
    from lfd.cpl import ReLUNet
    return ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])


def _square_net():
    from lfd.cpl import ReLUNet
    A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    return ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0])


def _zero_set():
    from lfd import cpl
    return cpl.zero_set(_square_net(), (-2.0, 2.0, -2.0, 2.0))


def _region():
    return _regions()[0]


SQUARE = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])
X2 = np.array([[1.0, -1.0], [0.5, 0.5], [-2.0, 1.0]])


def _svm(cls, **kw):
    X = np.array([[1.0, 2.0], [2.0, 3.0], [-1.0, -2.0], [-2.0, -1.0]])
    y = np.array([1, 1, -1, -1])
    return cls(n_iter=20, **kw).fit(X, y), X, y


def _linear_svm():
    from lfd.kernels import LinearSVM
    return _svm(LinearSVM, rng=0)


def _kernel_svm():
    from lfd.kernels import KernelSVM
    return _svm(KernelSVM)


def _layer_after_forward(layer, X, train=False):
    layer.forward(X, train=train)
    return layer


def _dense():
    from lfd.nn import Dense
    return Dense(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5]))


def _activation(name):
    from lfd.nn import dense
    return {"ReLU": dense.ReLU, "Sigmoid": dense.Sigmoid, "Tanh": dense.Tanh,
            "LeakyReLU": lambda: dense.LeakyReLU(0.1)}[name]()


def _conv(name):
    from lfd.nn import conv
    if name.endswith("1D"):
        X = np.arange(12.0).reshape(1, 2, 6)
    else:
        X = np.arange(32.0).reshape(1, 2, 4, 4)
    if name.startswith("Conv"):
        layer = getattr(conv, name)(2, 3, 3, rng=0)
    else:
        layer = getattr(conv, name)(2)
    return layer, X


def _conv_forward(name):
    layer, X = _conv(name)
    return ((layer, X), {"train": True})


def _conv_backward(name):
    layer, X = _conv(name)
    Y = layer.forward(X, train=True)
    return ((layer, np.ones_like(Y)), {})


def _rnn_layer():
    from lfd.nn import RNN
    return RNN([[1.0]], [[0.5]], [0.0], activation="tanh")


def _each_step():
    from lfd.nn import Dense, EachStep
    return EachStep(Dense([[2.0, 0.0]]))


def _sequential():
    from lfd.nn import Dense, Sequential, Tanh
    return Sequential([Dense(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5])), Tanh()])


BN_X = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 1.0], [0.5, 0.0, 2.0], [2.0, 1.0, -1.0]])


def _batchnorm():
    from lfd.nn.regularization import BatchNorm
    return BatchNorm(3)


def _dropout():
    from lfd.nn.regularization import Dropout
    return Dropout(0.5, rng=0)


def _early_stopping():
    from lfd.train import EarlyStopping
    es = EarlyStopping(patience=3)
    es.update(1.0, [np.ones(3)])
    return es


def _evaluate():
    from lfd import losses
    from lfd.nn import mlp
    X, y = np.array([[-1.0], [1.0], [-2.0], [2.0]]), np.array([0, 1, 0, 1])
    return (mlp([1, 2, 1], rng=0), X, y, losses.binary_cross_entropy), {}


def _demo():
    from lfd.widgets import Demo, slider
    from test_counts import _draw
    return Demo(_draw, {"a": slider("a", 0, 2, 1)}, dpi=20)


def _draw_order():
    from matplotlib.figure import Figure
    from lfd.plot.chain import draw_matrices
    ax = Figure().subplots()
    ext = draw_matrices(ax, [(2, 3), (3, 4), (4, 1)])
    return (ax, [2, 3, 4, 1], (0, (1, 2)), ext), {"base": -10.0}


def _decomposition_panel():
    from lfd.bias_variance import Decomposition
    parts = [Decomposition(0.5, 0.1, 0.2, 0.8), Decomposition(0.2, 0.3, 0.2, 0.7)]
    return (_ax(), [1.0, 2.0], parts), {"current": 1.0}


def _heatmap():
    output = np.linspace(-1, 1, 25).reshape(5, 5)
    X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, 2.0]])
    return (_ax(), output, X, np.array([0, 1, 0])), {"X_test": X.copy(), "y_test": np.array([1, 0, 1])}


def _thumbnails():
    from matplotlib.figure import Figure
    neurons = _playground().neuron_grids(resolution=5)
    return (Figure(), neurons), {"labels": ["x1", "x2"]}


def _jacobians():
    return ([np.ones((3, 4)), np.ones((1, 3))], "reverse"), {}


def _sensitivity():
    E = np.array([[2.0, 1.0], [1.0, 3.0]])
    return (E, np.array([1.0, 2.0]), np.eye(2), np.array([1.0, 1.0])), {}


F2 = lambda x, y: x**2 * (x + y)  # noqa: E731
F1 = lambda x: x**3  # noqa: E731

# name -> () -> (args, kwargs): a valid call of every public callable.
CASES = dict(COUNT_CASES)
CASES.update({
    # activations: elementwise on any shape
    "lfd.activations.leaky_relu": lambda: ((np.array([-2.0, 0.5, 3.0]),), {"alpha": 0.1}),
    "lfd.activations.leaky_relu_derivative": lambda: ((np.array([-2.0, 0.5, 3.0]),), {"alpha": 0.1}),
    "lfd.activations.relu": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    "lfd.activations.relu_derivative": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    "lfd.activations.sigmoid": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    "lfd.activations.sigmoid_derivative": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    "lfd.activations.tanh": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    "lfd.activations.tanh_derivative": lambda: ((np.array([-2.0, 0.5, 3.0]),), {}),
    # autodiff
    "lfd.autodiff.forward.Dual": lambda: ((2.0,), {"tangent": 1.0}),
    "lfd.autodiff.graph.forward_tangents": lambda: ((_graph(), {"x": 1.0}), {}),
    "lfd.autodiff.graph.graph": lambda: ((_var_output(),), {}),
    "lfd.autodiff.graph.node_id": lambda: ((_graph(), "x"), {}),
    "lfd.autodiff.graph.op_counts": lambda: ((F2, 2.0, 3.0), {}),
    "lfd.autodiff.interface.cos": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.exp": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.log": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.relu": lambda: ((np.array([-0.5, 2.0]),), {}),
    "lfd.autodiff.interface.sigmoid": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.sin": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.tanh": lambda: ((np.array([0.5, 2.0]),), {}),
    "lfd.autodiff.interface.forward_grad": lambda: ((F1,), {"argnums": 0}),
    "lfd.autodiff.interface.grad": lambda: ((F1,), {"argnums": 0}),
    "lfd.autodiff.interface.value_and_grad": lambda: ((F1,), {"argnums": 0}),
    "lfd.autodiff.interface.jvp": lambda: ((F2, (2.0, 3.0), (0.0, 1.0)), {}),
    "lfd.autodiff.reverse.Var": lambda: ((2.0,), {"name": "x"}),
    "lfd.autodiff.reverse.Var.named": lambda: ((_var_output(), "F"), {}),
    "lfd.autodiff.reverse.topological_order": lambda: ((_var_output(),), {}),
    # bias_variance
    "lfd.bias_variance.decompose": lambda: (([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], 0.5), {}),
    "lfd.bias_variance.mean_fit": lambda: (([[1.0, 3.0], [3.0, 5.0]],), {}),
    # chain
    "lfd.chain.accumulate_jacobians": _jacobians,
    "lfd.chain.adjoint_gradient": _sensitivity,
    "lfd.chain.direct_gradient": _sensitivity,
    "lfd.chain.best_order": lambda: (([100, 100, 100, 1],), {"names": ["A", "B", "C"]}),
    "lfd.chain.chain_product": lambda: (([np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 1))],), {}),
    "lfd.chain.jacobian_chain_costs": lambda: (([1000, 100, 100, 1],), {}),
    "lfd.chain.order_cost": lambda: (([2, 3, 4, 5], ((0, 1), 2)), {}),
    "lfd.chain.order_string": lambda: (((0, (1, 2)),), {"names": ["A1", "A2", "A3"]}),
    "lfd.chain.product_steps": lambda: (([2, 3, 4, 1], (0, (1, 2))), {}),
    # cpl.geometry: chord is public (chapter 01 calls it); the other helpers are private
    "lfd.cpl.geometry.chord": lambda: ((SQUARE, np.array([1.0, 0.0]), -1.0, 1e-12), {}),
    # cpl.net, cpl.regions
    "lfd.cpl.net.ReLUNet": lambda: (([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0]), {}),
    "lfd.cpl.net.ReLUNet.from_sequential": lambda: ((_sequential_relu(),), {}),
    "lfd.cpl.net.ReLUNet.patterns": lambda: ((_net(), X2), {"stacked": False}),
    "lfd.cpl.net.ReLUNet.pre_activations": lambda: ((_net(), X2), {}),
    "lfd.cpl.net.check_net": lambda: ((_net(),), {"inputs": 2}),
    "lfd.cpl.regions.Region.F": lambda: ((_region(), X2), {}),
    "lfd.cpl.regions.check_box": lambda: (((-1.0, 1.0, -1.0, 1.0),), {}),
    "lfd.cpl.regions.count_regions": lambda: ((_net(), (-1.0, 1.0, -1.0, 1.0)), {}),
    "lfd.cpl.regions.fold_lines": lambda: ((np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([-1.0, 0.5]), (-1.0, 1.0, -1.0, 1.0)), {}),
    "lfd.cpl.regions.fold_segments": lambda: ((_net(), _regions()), {}),
    "lfd.cpl.regions.linear_regions": lambda: ((_net(), (-1.0, 1.0, -1.0, 1.0)), {}),
    "lfd.cpl.regions.piece_labels": lambda: ((_regions(),), {}),
    "lfd.cpl.regions.zero_set": lambda: ((_square_net(), (-2.0, 2.0, -2.0, 2.0)), {}),
    # data
    "lfd.data.digits": lambda: ((), {"test_fraction": 0.25, "rng": 0}),
    "lfd.data.train_test_split": lambda: ((np.arange(20.0).reshape(10, 2), np.arange(10.0)), {"test_fraction": 0.3, "rng": 0}),
    # exercises
    "lfd.exercises.check": lambda: (("demo.r42", 11), {"quiet": True}),
    # filters
    "lfd.filters.analysis": lambda: ((np.array([4.0, 2.0, 5.0, 5.0]), *_haar()), {}),
    "lfd.filters.inverse_wavelet_transform": lambda: ((_coeffs(), *_haar()), {}),
    "lfd.filters.synthesis": lambda: ((np.array([3.0, 5.0]), np.array([1.0, 0.0]), *_haar()), {}),
    # kernels
    "lfd.kernels.KernelSVM.decision_function": lambda: ((_kernel_svm()[0], X2), {}),
    "lfd.kernels.KernelSVM.fit": lambda: (_kernel_svm(), {}),
    "lfd.kernels.KernelSVM.predict": lambda: ((_kernel_svm()[0], X2), {}),
    "lfd.kernels.LinearSVM.decision_function": lambda: ((_linear_svm()[0], X2), {}),
    "lfd.kernels.LinearSVM.fit": lambda: (_linear_svm(), {}),
    "lfd.kernels.LinearSVM.predict": lambda: ((_linear_svm()[0], X2), {}),
    "lfd.kernels.kernel_ridge": lambda: (([[2.0, 1.0], [1.0, 2.0]], [1.0, -1.0], 1.0), {}),
    "lfd.kernels.linear_kernel": lambda: ((X2, X2[:2] + 1.0), {}),
    "lfd.kernels.rbf_kernel": lambda: ((X2, X2[:2] + 1.0), {"sigma": 1.0}),
    "lfd.kernels.laplacian_kernel": lambda: ((X2, X2[:2] + 1.0), {"sigma": 1.0}),
    # losses
    "lfd.losses.accuracy": lambda: ((np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0]]), np.array([0, 1])), {}),
    "lfd.losses.binary_cross_entropy": lambda: ((np.array([0.5, -1.0, 2.0]), np.array([1, 0, 1])), {}),
    "lfd.losses.cross_entropy": lambda: ((np.array([[0.0, 1.0, 2.0], [1.0, 0.0, -1.0]]), np.array([0, 2])), {}),
    "lfd.losses.hinge": lambda: ((np.array([2.0, 0.5, -1.0]), np.array([1, -1, 1])), {}),
    "lfd.losses.log_softmax": lambda: ((np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 1.0]]),), {"axis": -1}),
    "lfd.losses.multiclass_hinge": lambda: ((np.array([[3.0, 2.5, 0.0], [0.0, 1.0, 0.5]]), np.array([0, 2])), {"margin": 1.0}),
    "lfd.losses.softmax": lambda: ((np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 1.0]]),), {"axis": -1}),
    "lfd.losses.square": lambda: ((np.array([[1.0], [3.0], [0.5]]), np.array([0.0, 1.0, 2.0])), {}),
    # nn
    "lfd.nn.conv.Flatten.forward": lambda: ((__import__("lfd.nn.conv", fromlist=["Flatten"]).Flatten(), np.zeros((4, 2, 3, 3))), {}),
    "lfd.nn.conv.Flatten.backward": lambda: ((_layer_after_forward(__import__("lfd.nn.conv", fromlist=["Flatten"]).Flatten(), np.zeros((4, 2, 3, 3))), np.zeros((4, 18))), {}),
    "lfd.nn.dense.Dense": lambda: ((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5])), {}),
    "lfd.nn.dense.Dense.forward": lambda: ((_dense(), X2), {}),
    "lfd.nn.dense.Dense.backward": lambda: ((_layer_after_forward(_dense(), X2), np.ones((3, 2))), {}),
    "lfd.nn.dense.LeakyReLU": lambda: ((), {"slope": 0.1}),
    "lfd.nn.dense.LeakyReLU.derivative": lambda: ((_activation("LeakyReLU"), X2), {}),
    "lfd.nn.dense.LeakyReLU.function": lambda: ((_activation("LeakyReLU"), X2), {}),
    "lfd.nn.dense.augmented": lambda: ((np.array([[2.0, 0.0], [0.0, 3.0]]), np.array([1.0, -1.0])), {}),
    "lfd.nn.dense.weight_jacobians": lambda: ((_sequential(), np.array([1.0, 2.0])), {}),
    "lfd.nn.gradcheck.numerical_gradient": lambda: ((lambda x: float((x**2).sum()), np.array([1.0, -2.0])), {"h": 1e-6}),
    "lfd.nn.layer.Sequential": lambda: (([_dense()],), {}),
    "lfd.nn.layer.Sequential.forward": lambda: ((_sequential(), X2), {}),
    "lfd.nn.layer.Sequential.backward": lambda: ((_layer_after_forward(_sequential(), X2), np.ones((3, 2))), {}),
    "lfd.nn.recurrent.EachStep": lambda: ((__import__("lfd.nn", fromlist=["Dense"]).Dense([[2.0, 0.0]]),), {}),
    "lfd.nn.recurrent.EachStep.forward": lambda: ((_each_step(), np.ones((1, 3, 2))), {}),
    "lfd.nn.recurrent.EachStep.backward": lambda: ((_layer_after_forward(_each_step(), np.ones((1, 3, 2))), np.ones((1, 3, 1))), {}),
    "lfd.nn.recurrent.RNN": lambda: (([[1.0]], [[0.5]], [0.0]), {"activation": "tanh"}),
    "lfd.nn.recurrent.RNN.forward": lambda: ((_rnn_layer(), np.array([[[1.0], [2.0], [3.0]]])), {}),
    "lfd.nn.recurrent.RNN.backward": lambda: ((_layer_after_forward(_rnn_layer(), np.array([[[1.0], [2.0], [3.0]]])), np.ones((1, 3, 1))), {}),
    "lfd.nn.regularization.BatchNorm.forward": lambda: ((_batchnorm(), BN_X), {"train": True}),
    "lfd.nn.regularization.BatchNorm.backward": lambda: ((_layer_after_forward(_batchnorm(), BN_X, train=True), np.ones((4, 3))), {}),
    "lfd.nn.regularization.Dropout": lambda: ((0.5,), {"rng": 0}),
    "lfd.nn.regularization.Dropout.forward": lambda: ((_dropout(), np.ones((2, 6))), {"train": True}),
    "lfd.nn.regularization.Dropout.backward": lambda: ((_layer_after_forward(_dropout(), np.ones((2, 6)), train=True), np.ones((2, 6))), {}),
    # optim
    "lfd.optim.Adam": lambda: ((0.05,), {}),
    "lfd.optim.Momentum": lambda: ((0.2,), {"beta": 0.5}),
    "lfd.optim.Nesterov": lambda: ((0.1,), {"beta": 0.8}),
    "lfd.optim.SGD": lambda: ((0.1,), {}),
    "lfd.optim.Optimizer.step": lambda: ((_sgd(), [np.zeros(2)], [np.array([1.0, -1.0])]), {}),
    "lfd.optim.constant": lambda: ((0.1,), {}),
    "lfd.optim.gd_rate": lambda: ((100.0,), {}),
    "lfd.optim.gd_step": lambda: ((1.0, 100.0), {}),
    "lfd.optim.inverse_sqrt": lambda: ((1.0,), {}),
    "lfd.optim.inverse_time": lambda: ((1.0,), {}),
    "lfd.optim.momentum_params": lambda: ((1.0, 100.0), {}),
    "lfd.optim.momentum_rate": lambda: ((100.0,), {}),
    # playground
    "lfd.playground.Playground.accuracy": lambda: ((_playground(), "train"), {}),
    "lfd.playground.Playground.pieces": lambda: ((_playground(),), {"box": (-6.0, 6.0, -6.0, 6.0)}),
    "lfd.playground.Playground.predict": lambda: ((_playground(), X2), {}),
    "lfd.playground.features": lambda: ((np.array([[1.0, 2.0], [0.5, -1.0]]), ["x1x2", "x2^2"]), {}),
    "lfd.playground_widget.parse_hidden": lambda: (("8, 8 ,2",), {}),
    # plot
    "lfd.plot.chain.draw_matrices": lambda: ((_ax(), [(4, 2), (2, 3)]), {"names": ["A", "B"], "gap": 1.0}),
    "lfd.plot.chain.draw_order": _draw_order,
    "lfd.plot.conv.draw_image": lambda: ((_ax(), np.array([[-1.0, 2.0], [0.5, 0.0]])), {"signed": True, "vmax": 2.0, "title": "t"}),
    "lfd.plot.conv.draw_kernel": lambda: ((_ax(), np.array([-0.5, 0.0, 0.5])), {"title": "t"}),
    "lfd.plot.conv.draw_matrix": lambda: ((_ax(), np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 2.0]])), {"vmax": 2.0}),
    "lfd.plot.regions.draw_folds": lambda: ((_ax(), _net(), _regions()), {}),
    "lfd.plot.regions.draw_regions": lambda: ((_ax(), _regions()), {"box": (-1.0, 1.0, -1.0, 1.0)}),
    "lfd.plot.regions.draw_zero_set": lambda: ((_ax(), _zero_set()), {}),
    "lfd.plot.regions.region_colors": lambda: ((_regions(),), {}),
    "lfd.plot.training.decomposition_panel": _decomposition_panel,
    "lfd.plot.training.heatmap": _heatmap,
    "lfd.plot.training.thumbnails": _thumbnails,
    # train
    "lfd.train.EarlyStopping.restore": lambda: ((_early_stopping(), [np.zeros(3)]), {}),
    "lfd.train.EarlyStopping.update": lambda: ((_early_stopping(), 0.5, [np.ones(3)]), {}),
    "lfd.train.evaluate": _evaluate,
    # cache (a call kept on disk only when LFD_CACHE is set)
    "lfd.cache.cached": lambda: ((sum, [1.0, 2.0]), {}),
    # widgets
    "lfd.widgets.Demo.caption": lambda: ((_demo(),), {"a": 1}),
    "lfd.widgets.Demo.render": lambda: ((_demo(),), {"a": 1}),
    "lfd.widgets.Demo.picture": lambda: ((_demo(),), {"a": 1}),
    "lfd.widgets.choice": lambda: (("folds", ["random", "parallel"]), {"value": "random"}),
    "lfd.widgets.slider": lambda: (("a", -1.0, 1.0, 0.5), {"value": 0.0}),
})

# Inherited public methods whose home is a private base class (the activation layers'
# and conv/pool layers' forward and backward): discovered by test_fuzz, called here.
for _name in ("ReLU", "Sigmoid", "Tanh", "LeakyReLU"):
    CASES[f"lfd.nn.dense.{_name}.forward"] = lambda n=_name: ((_activation(n), X2), {})
    CASES[f"lfd.nn.dense.{_name}.backward"] = lambda n=_name: (
        (_layer_after_forward(_activation(n), X2), np.ones((3, 2))), {})
    CASES[f"lfd.nn.dense.{_name}.function"] = lambda n=_name: ((_activation(n), X2), {})
    CASES[f"lfd.nn.dense.{_name}.derivative"] = lambda n=_name: ((_activation(n), X2), {})
for _name in ("Conv1D", "Conv2D", "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D"):
    CASES[f"lfd.nn.conv.{_name}.forward"] = lambda n=_name: _conv_forward(n)
    CASES[f"lfd.nn.conv.{_name}.backward"] = lambda n=_name: _conv_backward(n)


def _sequential_relu():
    from lfd.nn import mlp
    return mlp([2, 3, 1], rng=0)


def _haar():
    from lfd.filters import haar_filters
    return haar_filters()


def _coeffs():
    from lfd.filters import wavelet_transform
    return wavelet_transform(np.arange(8.0), 2)


# Callables with no argument worth fuzzing (each with the reason).
NO_ARGS = {
    # unary methods of a number: the instance is the only argument
    **{f"lfd.autodiff.forward.Dual.{m}": "unary method of a Dual: no argument besides the instance"
       for m in ("cos", "exp", "log", "relu", "sigmoid", "sin", "tanh")},
    **{f"lfd.autodiff.reverse.Var.{m}": "unary method of a Var: no argument besides the instance"
       for m in ("cos", "exp", "log", "relu", "sigmoid", "sin", "tanh")},
    "lfd.autodiff.forward.Dual.operation": "class-building helper: makes the operator methods at import, never called by a user",
    "lfd.autodiff.reverse.Var.operation": "class-building helper: makes the operator methods at import, never called by a user",
    "lfd.autodiff.reverse.Var.backward": "no arguments",
    "lfd.autodiff.rules.Arithmetic": "mixin base of Var and Dual: no arguments",
    "lfd.cpl.net.ReLUNet.to_sequential": "no arguments",
    "lfd.filters.centered_difference": "no arguments",
    "lfd.filters.daubechies4_filters": "no arguments",
    "lfd.filters.gaussian_5x5": "no arguments",
    "lfd.filters.gaussian_5x5_separable": "no arguments",
    "lfd.filters.haar_filters": "no arguments",
    "lfd.filters.sobel": "no arguments",
    "lfd.nn.conv.Flatten": "no arguments",
    "lfd.nn.dense.ReLU": "no arguments",
    "lfd.nn.dense.Sigmoid": "no arguments",
    "lfd.nn.dense.Tanh": "no arguments",
    "lfd.nn.layer.Layer": "abstract base class: no arguments",
    "lfd.nn.layer.Layer.forward": "abstract method of the layer contract (raises NotImplementedError)",
    "lfd.nn.layer.Layer.backward": "abstract method of the layer contract (raises NotImplementedError)",
    "lfd.nn.layer.Sequential.n_params": "no arguments",
    "lfd.optim.Optimizer": "abstract base class (ABC): its subclasses SGD, Momentum, Nesterov, Adam are fuzzed",
    "lfd.optim.Optimizer.reset": "no arguments",
    "lfd.playground.PieceCount.text": "no arguments (method of a result record)",
    "lfd.playground.Playground.piecewise_linear": "no arguments",
    "lfd.playground.Playground.relu_net": "no arguments",
    "lfd.playground.Playground.step": "no arguments",
    "lfd.playground.Playground.summary": "no arguments",
    "lfd.widgets.Demo.frames": "no arguments",
    "lfd.widgets.Demo.live": "no arguments",
    "lfd.widgets.Demo.static_html": "no arguments",
}

# Result records (NamedTuples, dataclasses) the library builds and returns: their
# fields are results, not arguments a user passes.
RESULT_RECORDS = {
    **RECORDS,
    "lfd.bias_variance.Decomposition": "result of decompose",
    "lfd.cpl.partition.Partition": "built by the private partition._cut",
    "lfd.cpl.regions.Curve": "result of zero_set (its curves)",
    "lfd.cpl.regions.Region": "result of linear_regions",
    "lfd.data.Split": "result of train_test_split",
}

# (callable, parameter) -> reason: string parameters that are free text, not choices
# from a list (an unknown string is not an error there), and arguments not fuzzed.
NOT_FUZZED = {
    ("lfd.autodiff.reverse.Var", "name"): "free label of a node",
    ("lfd.autodiff.reverse.Var.named", "name"): "free label of a node",
    ("lfd.chain.best_order", "names"): "free labels of the matrices",
    ("lfd.chain.order_string", "names"): "free labels of the matrices",
    ("lfd.exercises.record", "problem_id"): "record creates a new entry: any id is valid",
    ("lfd.exercises.check", "answer"): "any value may be checked; check says whether it is right",
    ("lfd.plot.chain.draw_matrices", "names"): "free labels",
    ("lfd.plot.chain.log_bars", "labels"): "free labels",
    ("lfd.plot.conv.draw_image", "title"): "free text",
    ("lfd.plot.conv.draw_kernel", "title"): "free text",
    ("lfd.plot.conv.draw_kernel", "fmt"): "format string (free text)",
    ("lfd.plot.conv.draw_matrix", "fmt"): "format string (free text)",
    ("lfd.plot.graph.draw_graph", "tangent_name"): "free label",
    ("lfd.plot.graph.draw_graph", "output_name"): "free label",
    ("lfd.plot.graph.draw_graph", "fmt"): "format string (free text)",
    ("lfd.plot.regions.draw_zero_set", "label"): "free legend text",
    ("lfd.plot.training.decomposition_panel", "xlabel"): "free axis label",
    ("lfd.plot.training.thumbnails", "labels"): "free labels",
    ("lfd.widgets.choice", "label"): "free label of the control",
    ("lfd.widgets.choice", "options"): "the option names are free text",
    ("lfd.widgets.slider", "label"): "free label of the control",
    ("lfd.widgets.Demo", "alt"): "free text",
    ("lfd.widgets.demo", "alt"): "free text",
    ("lfd.widgets.slider", "fmt"): "format string (free text)",
    ("lfd.data.sample_image", "name"): "a file name; FileNotFoundError would be right",
}

# (callable, parameter, probe label) -> reason: an unclear error (other type, or a
# message without the argument's name) that is right as it is.
UNCLEAR_OK: dict[tuple[str, str, str], str] = {}

# (callable, parameter, probe label) -> reason: a bad value accepted with a finite
# result, as documented. "*" as parameter or label matches any.
ACCEPTED_OK: dict[tuple[str, str, str], str] = {
    **{(f"lfd.activations.{f}", "x", "ndim"): "documented entry by entry, any shape"
       for f in ("leaky_relu", "leaky_relu_derivative", "relu", "relu_derivative", "sigmoid",
                 "sigmoid_derivative", "tanh", "tanh_derivative")},
    **{(f"lfd.autodiff.interface.{f}", "x", "ndim"): "documented for a float, Var, Dual or array of any shape"
       for f in ("cos", "exp", "log", "relu", "sigmoid", "sin", "tanh")},
    ("lfd.losses.softmax", "Z", "ndim"): "along axis: any number of dimensions (documented)",
    ("lfd.losses.log_softmax", "Z", "ndim"): "along axis: any number of dimensions (documented)",
    ("lfd.nn.conv.Flatten.forward", "X", "ndim"): "(n, C, ...) feature maps of any rank (documented)",
    **{(f"lfd.nn.dense.{c}.{m}", p, "ndim"): "activation layers act on every entry (documented), any shape"
       for c in ("ReLU", "LeakyReLU", "Sigmoid", "Tanh") for m, p in (("forward", "X"), ("function", "Z"), ("derivative", "Z"))},
    ("lfd.nn.gradcheck.numerical_gradient", "x", "ndim"): "documented: x is an array of any shape",
    ("lfd.train.EarlyStopping.update", "score", "nan"): "documented: NaN never improves (a diverged run is a bad score)",
    ("lfd.exercises.record", "answer", "'x'"): "documented: an answer may be a string",
}

# (callable, parameter, probe label) -> reason: an inner step of a computation (an
# elementwise function, a layer, an optimizer step) whose docstring says that non-finite
# values propagate as in IEEE arithmetic, so that a diverging run stays visible in its loss.
_PROP = "documented: non-finite values propagate (IEEE), so a diverging run shows as inf/NaN"
PROPAGATES: dict[tuple[str, str, str], str] = {
    **{(f"lfd.autodiff.interface.{f}", "x", lab): _PROP
       for f in ("cos", "exp", "log", "relu", "sigmoid", "sin", "tanh") for lab in ("nan", "inf")},
    **{(f"lfd.autodiff.{c}", p, lab): "documented: ±inf allowed as for floats (NaN refused); " + _PROP
       for c, p in (("forward.Dual", "value"), ("forward.Dual", "tangent"), ("reverse.Var", "value"))
       for lab in ("inf", "-inf")},
    **{("lfd.autodiff.interface.jvp", p, "inf"): "documented: ±inf as in Dual (NaN refused); " + _PROP
       for p in ("primals", "tangents")},
    **{("lfd.optim.Optimizer.step", p, lab): _PROP for p in ("params", "grads") for lab in ("nan", "inf")},
}
ACCEPTED_OK.update({
    **{(f"lfd.autodiff.interface.{f}", "argnums", "-1"):
       "documented: negative argnums count from the end, as Python indexes"
       for f in ("grad", "value_and_grad", "forward_grad")},
    ("lfd.train.EarlyStopping.update", "score", "inf"): "documented: +inf (a diverged run) never improves, as NaN",
    ("lfd.conv.conv_matrix_2d", "w", "length"):
        "documented: w (E1, E2) is any kernel that fits the padded image (w[:-1] is a valid 1 x 2 kernel)",
    ("lfd.plot.conv.draw_kernel", "w", "ndim"): "documented: a 1D filter (drawn as a row) or a 2D one; (1, 3) is a valid 2D filter",
    **{("lfd.train.EarlyStopping.restore", "params", lab):
       "documented: restore overwrites params, whatever they hold (a diverged run is restored)"
       for lab in ("nan", "inf")},
    **{("lfd.plot.training.heatmap", "output", lab): "documented: a diverged run is drawn (NaN white, ±inf saturated), no F = 0 curve"
       for lab in ("nan", "inf")},
    **{("lfd.plot.training.thumbnails", "neurons", lab): "documented: a diverged run's neuron grids are drawn (NaN as 0, ±inf saturated)"
       for lab in ("nan", "inf")},
})

# "module.Class.attribute" -> reason: attributes of lfd objects that hold inf by design
# (not counted as a silent inf when the walk over a result or argument meets them).
NONFINITE_ATTRIBUTES = {
    "lfd.train.EarlyStopping.best": "no score seen yet: the best so far starts at +inf",
}


# The inner steps of a run in lfd.activations, lfd.nn and lfd.losses (their module
# docstrings say that non-finite values propagate; y and the labels are always checked).
PROPAGATES.update({
    **{(f"lfd.activations.{f}", "x", lab): _PROP
       for f in ("relu", "leaky_relu", "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative")
       for lab in ("nan", "inf")},
    **{(f"lfd.activations.{f}", "x", lab): "documented: the ReLU slopes count NaN as not positive "
       "(the forward pass already shows it); slope 1 at +inf, 0/alpha at -inf"
       for f in ("relu_derivative", "leaky_relu_derivative") for lab in ("nan", "inf")},
    **{(f"lfd.nn.dense.{c}.{m}", p, lab): _PROP
       for c in ("ReLU", "LeakyReLU", "Sigmoid", "Tanh")
       for m, p in (("forward", "X"), ("function", "Z"), ("derivative", "Z"), ("backward", "dY"))
       for lab in ("nan", "inf")},
    **{(f"lfd.nn.{k}", p, lab): _PROP
       for k, p in (("dense.Dense.forward", "X"), ("dense.Dense.backward", "dY"),
                    ("layer.Sequential.forward", "X"), ("layer.Sequential.backward", "dY"),
                    ("regularization.Dropout.forward", "X"), ("regularization.Dropout.backward", "dY"),
                    ("regularization.BatchNorm.forward", "X"), ("regularization.BatchNorm.backward", "dY"),
                    ("recurrent.EachStep.backward", "dY"))
       for lab in ("nan", "inf")},
    **{(f"lfd.losses.{f}", p, lab): "documented: y is checked; " + _PROP
       for f, p in (("softmax", "Z"), ("log_softmax", "Z"), ("square", "Z"), ("binary_cross_entropy", "z"),
                    ("cross_entropy", "Z"), ("hinge", "z"), ("multiclass_hinge", "Z"))
       for lab in ("nan", "inf")},
    ("lfd.losses.accuracy", "Z", "nan"): "documented: NaN anywhere in Z gives NaN (a diverged run)",
})
ACCEPTED_OK[("lfd.losses.accuracy", "Z", "inf")] = "documented: ±inf are ordinary scores (sign and argmax are well defined)"
ACCEPTED_OK[("lfd.nn.regularization.Dropout.forward", "X", "ndim")] = "documented: X of any shape (elementwise mask)"
