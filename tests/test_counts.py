"""Every count parameter of every public callable refuses 6.0, True, -1, NaN, "3" and 10**12.

The convention (issue 14): a parameter that is a count is annotated ``int``
(``int | None`` when it may be left out; ``list[int]`` / ``Sequence[int]`` for
a sequence of counts such as layer widths) and checked at the door with
``lfd._validate.check_int``, which raises TypeError for a wrong type and
ValueError for a wrong value, naming the argument as the caller wrote it.

Discovery: walk the ``lfd`` package with pkgutil, skipping private modules; in
each module take the public functions and classes whose
home it is (``obj.__module__``), the public methods (and constructor) of those
classes, and each parameter annotated ``int``. Every such callable needs an
entry in ``CASES``: a factory returning valid ``(args, kwargs)``; each bad value
then replaces one count parameter in turn.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import resource
import signal
import tempfile
import typing
import warnings
from pathlib import Path

import numpy as np
import pytest

import lfd

HUGE = 10**12


# --------------------------------------------------------------------------- discovery

def _modules():
    """(public module names, {name: import error})."""
    names, errors = [], {}
    for info in pkgutil.walk_packages(lfd.__path__, "lfd.", onerror=lambda name: None):
        name = info.name
        if any(part.startswith("_") for part in name.split(".")[1:]):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(name)
        except Exception as err:  # noqa: BLE001 - reported by test_every_module_imports
            errors[name] = f"{type(err).__name__}: {err}"
            continue
        names.append(name)
    return names, errors


def _annotation_text(a):
    if a is inspect.Parameter.empty:
        return ""
    if isinstance(a, str):
        return a
    if isinstance(a, typing.ForwardRef):
        return a.__forward_arg__
    if isinstance(a, type):
        return a.__name__
    return str(a).replace("typing.", "")


def _top_level(text):
    """The members of a union written with ``|`` or ``Optional[...]``/``Union[...]``."""
    text = text.strip()
    m = re.fullmatch(r"(?:typing\.)?(Optional|Union)\[(.*)\]", text)
    if m:
        text = m.group(2).replace(",", "|") if m.group(1) == "Union" else m.group(2) + "| None"
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "[("
        depth -= ch in "])"
        if ch == "|" and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts


SEQUENCE = re.compile(r"(?:list|tuple|Sequence|collections\.abc\.Sequence|Iterable)\[int(?:, \.\.\.)?\]")


def count_kind(annotation):
    """"scalar" for ``int`` (in a union), "sequence" for ``list[int]`` and the like, else None."""
    parts = _top_level(_annotation_text(annotation))
    if "int" in parts:
        return "scalar"
    if any(SEQUENCE.fullmatch(p) for p in parts):
        return "sequence"
    return None


@dataclasses.dataclass
class Target:
    key: str
    module: str
    get: object          # () -> the object to call
    instance_first: bool  # an ordinary method: the first argument is the instance

    @property
    def signature(self):
        return inspect.signature(self.get())


def public_api(modules):
    """{key: Target}: the public functions and classes of each module at their home, and
    their public methods (with those inherited from a private base class of lfd)."""
    out = {}
    for modname in modules:
        module = importlib.import_module(modname)
        for name, obj in sorted(vars(module).items()):
            if name.startswith("_") or getattr(obj, "__module__", None) != modname:
                continue
            if inspect.isfunction(obj):
                out[f"{modname}.{name}"] = Target(f"{modname}.{name}", modname, lambda o=obj: o, False)
                continue
            if not inspect.isclass(obj):
                continue
            try:
                inspect.signature(obj)
                out[f"{modname}.{name}"] = Target(f"{modname}.{name}", modname, lambda o=obj: o, False)
            except (TypeError, ValueError):
                pass
            # own methods, and those inherited from a private base class of lfd
            homes = [obj] + [b for b in obj.__mro__[1:] if b.__name__.startswith("_")
                             and b.__module__.startswith("lfd")]
            seen = set()
            for home in homes:
                for mname, raw in vars(home).items():
                    if mname in seen or mname.startswith("_"):
                        continue
                    seen.add(mname)
                    if mname in vars(obj) and home is not obj:
                        continue
                    func = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
                    if (not inspect.isfunction(func) or not func.__module__.startswith("lfd")
                            or not func.__qualname__.startswith(home.__qualname__ + ".")
                            or (home is obj and func.__module__ != modname)):
                        continue
                    if inspect.getattr_static(obj, mname) is not raw:
                        continue  # overridden lower down
                    key = f"{modname}.{name}.{mname}"
                    out[key] = Target(key, modname, lambda c=obj, m=mname: getattr(c, m),
                                      not isinstance(raw, (staticmethod, classmethod)))
    return out


MODULES, IMPORT_ERRORS = _modules()
TARGETS = public_api(MODULES)
COUNT_PARAMS = {key: {p.name: count_kind(p.annotation) for p in t.signature.parameters.values()
                      if count_kind(p.annotation)}
                for key, t in TARGETS.items()}
COUNT_PARAMS = {key: params for key, params in COUNT_PARAMS.items() if params}


# --------------------------------------------------------------------------- valid calls

_TMP = tempfile.TemporaryDirectory(prefix="lfd-test-counts-")


def _ax(**kw):
    from matplotlib.figure import Figure
    return Figure().add_subplot(**kw)


def _regions():
    from lfd import cpl
    return cpl.linear_regions(cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0]), (-1, 1, -1, 1))


def _graph():
    from lfd.autodiff import Var, graph
    x, y = Var(2.0, "x"), Var(3.0, "y")
    F = x**2 * (x + y)
    F.backward()
    return graph(F)


def _playground():
    from lfd.playground import Playground
    return Playground("circle", n=20, batch_size=5, hidden=(2,), seed=0)


def _slider():
    from lfd.widgets import slider
    return slider("a", 0, 2, 1)


def _sgd():
    from lfd.optim import SGD
    return SGD(0.1)


def _draw(fig, a):
    fig.subplots().plot([0, 1], [0, a])


def _gradient_check():
    from lfd.nn import mlp
    net = mlp([3, 4, 2], activation="tanh", rng=0)
    return (net, np.ones((5, 3)), lambda Y: (0.5 * float((Y**2).sum()), Y)), {"max_entries": 3, "rng": 0}


def _fit():
    from lfd import losses
    from lfd.nn import mlp
    from lfd.optim import SGD
    X, y = np.array([[-1.0], [1.0], [-2.0], [2.0]]), np.array([0, 1, 0, 1])
    net = mlp([1, 2, 1], rng=0)
    return (net, X, y, losses.binary_cross_entropy, SGD(0.1)), {"epochs": 1, "batch_size": 2, "rng": 0}


def _cross_validate():
    mse = lambda Xtr, ytr, Xte, yte: float(np.mean((yte - ytr.mean()) ** 2))  # noqa: E731
    return (mse, np.zeros((6, 1)), np.array([1.0, 1, 1, 3, 3, 3])), {"K": 2, "shuffle": False}


def _simulate():
    from lfd.bias_variance import polynomial_fit
    return (polynomial_fit(1), np.sin), {"n_train": 5, "noise": 0.1, "n_sets": 2,
                                         "x_test": np.linspace(-1, 1, 3), "rng": 0}


def _playground_figure():
    from matplotlib.figure import Figure
    from lfd.playground import record
    pg = _playground()
    shot = record(pg, [0], resolution=5, neuron_resolution=3, count=False)[0]
    return (Figure(figsize=(9, 4)), shot, pg.X_train, pg.y_train), {"upto": 2}


def _filter_bank():
    from lfd.filters import haar_filters
    return (*haar_filters(), 4), {}


X4 = np.arange(16.0).reshape(1, 1, 4, 4)
X1 = np.array([[[1.0, 4.0, 2.0, 0.0]]])
POOL2 = ((X4,), {"E": 2, "S": 2})
POOL2_BACK = ((np.ones((1, 1, 2, 2)), X4), {"E": 2, "S": 2})
POOL1 = ((X1,), {"E": 2, "S": 2})
POOL1_BACK = ((np.ones((1, 1, 2)), X1), {"E": 2, "S": 2})
V6, W3 = np.arange(6.0), np.array([1.0, 0.0, -1.0])
V44, W22 = np.arange(16.0).reshape(4, 4), np.ones((2, 2))
DATA = ((), {"n": 20, "rng": 0})

# name -> () -> (args, kwargs): a valid call that exercises every count parameter.
# For an ordinary method the first argument is the instance.
CASES = {
    "lfd.autodiff.graph.adjoints_after": lambda: ((_graph(),), {"steps": 1}),
    "lfd.bias_variance.measured_error": lambda: (([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], 0.5), {"rng": 0, "repeats": 5}),
    "lfd.bias_variance.polynomial_fit": lambda: ((2,), {}),
    "lfd.bias_variance.relu_features_fit": lambda: ((3,), {}),
    "lfd.bias_variance.relu_net_fit": lambda: ((3,), {"steps": 5}),
    "lfd.bias_variance.simulate": _simulate,
    "lfd.chain.matmul_cost": lambda: ((2, 3, 4), {}),
    "lfd.chain.sensitivity_costs": lambda: ((3, 2), {}),
    "lfd.chain.triple_product_costs": lambda: ((2, 3, 4, 5), {}),
    "lfd.conv.conv1d": lambda: ((np.arange(5.0).reshape(1, 1, 5), [[[1.0, -1.0]]]), {"S": 1, "P": 0}),
    "lfd.conv.conv1d_backward": lambda: ((np.ones((1, 1, 3)), np.arange(4.0).reshape(1, 1, 4), [[[1.0, 2.0]]]), {"S": 1, "P": 0}),
    "lfd.conv.conv2d": lambda: ((np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3))), {"S": 1, "P": 0}),
    "lfd.conv.conv2d_backward": lambda: ((np.ones((1, 1, 2, 2)), np.arange(9.0).reshape(1, 1, 3, 3), np.ones((1, 1, 2, 2))), {"S": 1, "P": 0}),
    "lfd.conv.conv_matrix": lambda: (([1.0, 2.0, 3.0], 5), {"S": 1, "P": 0}),
    "lfd.conv.conv_matrix_2d": lambda: ((W22, (3, 3)), {"S": 1, "P": 0}),
    "lfd.conv.convolve1d": lambda: ((V6, W3), {"S": 1, "P": 0}),
    "lfd.conv.convolve2d": lambda: ((V44, W22), {"S": 1, "P": 0}),
    "lfd.conv.correlate1d": lambda: ((V6, W3), {"S": 1, "P": 0}),
    "lfd.conv.correlate2d": lambda: ((V44, W22), {"S": 1, "P": 0}),
    "lfd.conv.output_size": lambda: ((6, 3), {"P": 0, "S": 1}),
    "lfd.conv.pad_matrix": lambda: ((5, 1), {}),
    "lfd.conv.shift_matrices": lambda: ((4,), {}),
    "lfd.conv.shift_matrices_2d": lambda: ((3,), {}),
    "lfd.conv.shift_matrix": lambda: ((5, 0), {"E": 3, "S": 1}),
    "lfd.cpl.count.max_pieces": lambda: ((3, 2), {}),
    "lfd.cpl.count.max_pieces_recursive": lambda: ((3, 2), {}),
    "lfd.cpl.net.ReLUNet.random": lambda: (([2, 3, 1],), {"rng": 0}),
    "lfd.cpl.net.activation_sizes": lambda: ((0.02,), {"depth": 2, "width": 4, "n": 8, "rng": 0}),
    "lfd.cpl.regions.color_classes": lambda: ((_regions(),), {"k": 6}),
    "lfd.data.circle": lambda: DATA,
    "lfd.data.gauss": lambda: DATA,
    "lfd.data.playground": lambda: (("circle",), {"n": 20, "rng": 0}),
    "lfd.data.regression_1d": lambda: DATA,
    "lfd.data.sample_image": lambda: ((), {"downsample": 4}),
    "lfd.data.spiral": lambda: DATA,
    "lfd.data.xor": lambda: DATA,
    "lfd.exercises.record": lambda: (("counts.test", 1.5), {"sig": 3, "path": Path(_TMP.name) / "answers.json"}),
    "lfd.filters.filter_bank_matrix": _filter_bank,
    "lfd.filters.gaussian_1d": lambda: ((5,), {}),
    "lfd.filters.gaussian_2d": lambda: ((5,), {}),
    "lfd.filters.laplacian": lambda: ((4,), {}),
    "lfd.filters.laplacian_of_gaussian": lambda: ((9,), {}),
    "lfd.filters.wavelet_transform": lambda: ((np.arange(8.0), 2), {}),
    "lfd.kernels.KernelSVM": lambda: ((), {"n_iter": 10, "degree": 2}),
    "lfd.kernels.LinearSVM": lambda: ((), {"n_iter": 10, "batch_size": 2}),
    "lfd.kernels.polynomial_kernel": lambda: (([[1.0, 2.0]],), {"degree": 2}),
    "lfd.nn.conv.AvgPool1D": lambda: ((2,), {"stride": 2}),
    "lfd.nn.conv.AvgPool2D": lambda: ((2,), {"stride": 2}),
    "lfd.nn.conv.Conv1D": lambda: ((1, 2, 3), {"stride": 1, "padding": 0, "rng": 0}),
    "lfd.nn.conv.Conv2D": lambda: ((1, 2, 3), {"stride": 1, "padding": 0, "rng": 0}),
    "lfd.nn.conv.MaxPool1D": lambda: ((2,), {"stride": 2}),
    "lfd.nn.conv.MaxPool2D": lambda: ((2,), {"stride": 2}),
    "lfd.nn.dense.mlp": lambda: (([2, 3, 1],), {"rng": 0}),
    "lfd.nn.gradcheck.gradient_check": _gradient_check,
    "lfd.nn.init.init_weights": lambda: ((3, 2), {"rng": 0}),
    "lfd.nn.recurrent.recurrent_matrix": lambda: ((4,), {"rng": 0}),
    "lfd.nn.recurrent.rnn": lambda: ((3, 8), {"rng": 0}),
    "lfd.nn.regularization.BatchNorm": lambda: ((3,), {}),
    "lfd.optim.Optimizer.step_size": lambda: ((_sgd(),), {"k": 1}),
    "lfd.optim.step_decay": lambda: ((0.1,), {"every": 10}),
    "lfd.playground.Playground": lambda: (("circle",), {"n": 20, "batch_size": 5, "hidden": (2,), "seed": 0}),
    "lfd.playground.Playground.grid": lambda: ((), {"resolution": 5}),
    "lfd.playground.Playground.neuron_grids": lambda: ((_playground(),), {"resolution": 5}),
    "lfd.playground.Playground.output_grid": lambda: ((_playground(),), {"resolution": 5}),
    "lfd.playground.Playground.reset": lambda: ((_playground(),), {"seed": 1}),
    "lfd.playground.Playground.run": lambda: ((_playground(),), {"epochs": 1}),
    "lfd.playground.record": lambda: ((_playground(), [0]), {"resolution": 5, "neuron_resolution": 3, "count": False}),
    "lfd.playground_widget.playground_widget": lambda: ((), {"epochs_per_click": 1, "seed": 0}),
    "lfd.plot.chain.log_bars": lambda: ((_ax(), [1, 100], ["a", "b"]), {"decades": 6}),
    "lfd.plot.conv.draw_layout": lambda: ((_ax(), 5, 3), {"P": 0, "S": 1}),
    "lfd.plot.graph.draw_graph": lambda: ((_ax(), _graph()), {"steps": 1}),
    "lfd.plot.graph.layout": lambda: ((_graph(),), {"sweeps": 3}),
    "lfd.plot.regions.draw_surface": lambda: ((_ax(projection="3d"), _regions()), {"output": 0}),
    "lfd.plot.training.fits_panel": lambda: ((_ax(), [0.0, 1.0], np.zeros((2, 2)), [0.0, 1.0]), {"max_lines": 1}),
    "lfd.plot.training.loss_curves": lambda: ((_ax(), {"epoch": [0, 1], "train_loss": [1.0, 0.5]}), {"upto": 2}),
    "lfd.plot.training.playground_figure": _playground_figure,
    "lfd.pool.avg_pool1d": lambda: POOL1,
    "lfd.pool.avg_pool1d_backward": lambda: POOL1_BACK,
    "lfd.pool.avg_pool2d": lambda: POOL2,
    "lfd.pool.avg_pool2d_backward": lambda: POOL2_BACK,
    "lfd.pool.max_pool1d": lambda: POOL1,
    "lfd.pool.max_pool1d_backward": lambda: POOL1_BACK,
    "lfd.pool.max_pool2d": lambda: POOL2,
    "lfd.pool.max_pool2d_backward": lambda: POOL2_BACK,
    "lfd.train.EarlyStopping": lambda: ((), {"patience": 3}),
    "lfd.train.cross_validate": _cross_validate,
    "lfd.train.epochs": lambda: ((10, 3, 2), {"rng": 0}),
    "lfd.train.fit": _fit,
    "lfd.train.kfold": lambda: ((10,), {"K": 3, "rng": 0}),
    "lfd.train.minibatches": lambda: ((10, 3), {"rng": 0}),
    "lfd.widgets.Control.text": lambda: ((_slider(),), {"i": 0}),
    "lfd.widgets.Demo": lambda: ((_draw, {"a": _slider()}), {"dpi": 20}),
    "lfd.widgets.demo": lambda: ((_draw,), {"dpi": 20, "a": _slider()}),
}

# Records the library builds and returns: an int field there is a result, not an argument.
RECORDS = {
    "lfd.autodiff.graph.OpCounts": "result of op_counts (operation counts)",
    "lfd.chain.ChainOrder": "result of best_order (cost of the best order)",
    "lfd.chain.Sensitivity": "result of adjoint_gradient/direct_gradient (operation counts)",
    "lfd.chain.TripleCosts": "result of triple_product_costs",
    "lfd.cpl.partition.Partition": "built by the private partition._cut (face count)",
    "lfd.cpl.regions.Fold": "result of fold_segments (layer and neuron indices)",
    "lfd.cpl.regions.RegionCount": "result of count_regions",
    "lfd.cpl.regions.ZeroSet": "result of zero_set",
    "lfd.playground.PieceCount": "result of Playground.pieces",
    "lfd.playground.Snapshot": "result of record (epoch number)",
    "lfd.widgets.Control": "built by slider/choice (default is a position they computed)",
}

# (callable, parameter) -> (negative values that are valid, reason)
NEGATIVE_OK: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {}

# (callable, parameter) -> why 10**12 is a legitimate value there
HUGE_OK = {
    ("lfd.cpl.count.max_pieces", "N"): "exact big-integer formula, loops over min(m, N - m): nothing allocated",
    ("lfd.cpl.count.max_pieces", "m"): "exact big-integer formula, loops over min(m, N - m): nothing allocated",
    ("lfd.cpl.count.max_pieces_recursive", "m"): "clamped to N before the table is allocated",
    ("lfd.playground.Playground", "seed"): "a seed, not a count: any non-negative integer seeds numpy",
    ("lfd.playground.Playground.reset", "seed"): "a seed, not a count",
    ("lfd.playground_widget.playground_widget", "seed"): "a seed, not a count",
}

# Parameters named like counts that are not counts.
NOT_COUNTS = {
    ("lfd.kernels.kernel_ridge", "K"): "the kernel matrix",
    ("lfd.playground.record", "count"): "a flag: whether to count the pieces",
    ("lfd.plot.chain.draw_matrices", "min_size"): "smallest drawn side, in data units (a float)",
    ("lfd.plot.chain.log_bars", "width"): "width of the bar chart in data units (a float)",
    ("lfd.plot.training.heatmap", "size"): "marker size in points (a float)",
}

COUNT_NAME = re.compile(
    r"n|m|k|K|N|M|size|width|widths|depth|epochs|steps|degree|repeats|levels|patience|resolution"
    r"|every|stride|padding|downsample|hidden|sweeps|decades|max_lines|n_\w+|num_\w+|max_\w+"
    r"|\w+_size|\w+_count|count|\w+_epochs|\w+_iter|\w+_steps|\w+_per_\w+|\w+_resolution")


# --------------------------------------------------------------------------- calling

class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout("still running after 20 s")


def call(key, param=None, value=None, index=None):
    """Call ``key`` with its valid arguments, ``param`` replaced by ``value`` (element
    ``index`` of it for a sequence of counts); an iterator result is advanced once.

    Guarded: 20 s and about 3 GB more address space, so a count that slips through
    fails the test instead of the machine.
    """
    target = TARGETS[key]
    args, kwargs = CASES[key]()
    fn = target.get()
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    if param is not None:
        if index is None:
            bound.arguments[param] = value
        else:
            seq = list(bound.arguments[param])
            seq[index] = value
            bound.arguments[param] = type(bound.arguments[param])(seq) if isinstance(
                bound.arguments[param], tuple) else seq
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    limit = used + 3 * 2**30
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    old = signal.signal(signal.SIGALRM, _alarm)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = fn(*bound.args, **bound.kwargs)
            if hasattr(result, "__next__") and not isinstance(result, np.ndarray):
                next(result, None)
            return result
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        import matplotlib.pyplot as plt
        plt.close("all")


def names_argument(message, name):
    return re.search(r"(?<![\w.\[])" + re.escape(name) + r"(?![\w(])", message) is not None


BAD = {"6.0": 6.0, "True": True, "-1": -1, "nan": float("nan"), "'3'": "3", "huge": HUGE}


def _bad_cases():
    for key, params in sorted(COUNT_PARAMS.items()):
        if key not in CASES:
            continue
        for param, kind in params.items():
            for label, value in BAD.items():
                if label == "-1" and -1 in NEGATIVE_OK.get((key, param), ((),))[0]:
                    continue
                if label == "huge" and (key, param) in HUGE_OK:
                    continue
                yield pytest.param(key, param, kind, label, value, id=f"{key}:{param}:{label}")


# --------------------------------------------------------------------------- tests

def test_every_module_imports():
    assert not IMPORT_ERRORS, "modules that do not import:\n" + "\n".join(
        f"  {name}: {err}" for name, err in sorted(IMPORT_ERRORS.items()))


def test_discovery_finds_the_counts():
    assert "lfd.conv" in MODULES and "lfd._validate" not in MODULES
    assert COUNT_PARAMS.get("lfd.conv.output_size") == {"N": "scalar", "E": "scalar", "P": "scalar", "S": "scalar"}
    assert len(COUNT_PARAMS) >= 50


def test_every_count_parameter_has_a_case():
    missing = sorted(k for k in COUNT_PARAMS if k not in CASES and k not in RECORDS)
    assert not missing, (
        "callables with int-annotated parameters but no valid call in tests/test_counts.py; "
        "add to CASES a factory returning (args, kwargs) of a valid call "
        "(or to RECORDS, with a reason, for a result type):\n"
        + "\n".join(f"  {k}  ({', '.join(COUNT_PARAMS[k])})" for k in missing))


def test_tables_name_existing_things():
    stale = [k for k in list(CASES) + list(RECORDS) if k not in TARGETS]
    stale += [f"{k}:{p}" for (k, p) in list(NEGATIVE_OK) + list(HUGE_OK) + list(NOT_COUNTS)
              if k not in TARGETS or p not in TARGETS[k].signature.parameters]
    assert not stale, "entries that name no public callable/parameter any more: " + ", ".join(stale)


def test_count_like_parameters_are_annotated():
    """Parameters named like counts (n, k, widths, epochs, batch_size, n_*, *_size, ...)
    must be annotated int, so that the table above cannot silently miss them."""
    found = []
    for key, t in sorted(TARGETS.items()):
        if key in RECORDS:
            continue
        for p in t.signature.parameters.values():
            if (COUNT_NAME.fullmatch(p.name) and not count_kind(p.annotation)
                    and (key, p.name) not in NOT_COUNTS):
                found.append(f"  {key}: {p.name} (annotated {_annotation_text(p.annotation) or 'nothing'})")
    assert not found, ("parameters named like counts but not annotated int; annotate them int "
                       "(and check them with check_int), or add them to NOT_COUNTS with a reason:\n"
                       + "\n".join(found))


@pytest.mark.parametrize("key", sorted(k for k in CASES if k in TARGETS))
def test_valid_call_works(key):
    call(key)


@pytest.mark.parametrize("key, param, kind, label, value", list(_bad_cases()))
def test_bad_count_is_refused(key, param, kind, label, value):
    index, name = None, param
    if kind == "sequence":  # the last entry of the valid sequence goes bad: name[i]
        args, kwargs = CASES[key]()
        bound = TARGETS[key].signature.bind(*args, **kwargs)
        bound.apply_defaults()
        index = len(bound.arguments[param]) - 1
        name = f"{param}[{index}]"
    expected = ValueError if label in ("-1", "huge") else (TypeError, ValueError)
    try:
        result = call(key, param, value, index)
    except expected as err:
        assert names_argument(str(err), name), (
            f"{key}({name}={value!r}) raised {type(err).__name__} without naming {name!r}: {err}")
        return
    except _Timeout:
        pytest.fail(f"{key}({name}={value!r}) was accepted and ran for over 20 s")
    except MemoryError:
        pytest.fail(f"{key}({name}={value!r}) was accepted and tried to allocate (MemoryError)")
    except Exception as err:  # noqa: BLE001
        want = "ValueError" if label in ("-1", "huge") else "TypeError or ValueError"
        pytest.fail(f"{key}({name}={value!r}) raised {type(err).__name__}, not {want}: {err}")
    pytest.fail(f"{key}({name}={value!r}) was accepted; returned {type(result).__name__}")
