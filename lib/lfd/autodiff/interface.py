"""grad, value_and_grad (reverse mode), jvp, forward_grad (forward mode), and the
elementary functions for floats, arrays, Vars and Duals. Strang §VII.3; chapter 03.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from lfd import activations
from lfd._validate import check_array, check_callable, check_int, check_real, check_same_length
from lfd.autodiff.forward import Dual
from lfd.autodiff.reverse import Var
from lfd.autodiff.rules import RULES


def _argnums(argnums):
    if isinstance(argnums, tuple) and argnums:
        return tuple(check_int(i, f"argnums[{k}]", min=None) for k, i in enumerate(argnums)), False
    if isinstance(argnums, tuple):
        raise TypeError("argnums must be an int or a non-empty tuple of ints, got ()")
    return (check_int(argnums, "argnums", min=None),), True


def _positions(argnums, n_args):
    for i in argnums:
        if not -n_args <= i < n_args:
            raise ValueError(f"argnums={i} is out of range for a function called with "
                             f"{n_args} arguments")
    return [i % n_args for i in argnums]


def _lift(arg, position, kind):
    """A float, or each entry of a float array, wrapped in ``kind`` (Var or Dual)."""
    if isinstance(arg, np.ndarray):
        arg = check_array(arg, f"argument {position}", finite=False)
        return np.vectorize(kind, otypes=[object])(arg)
    if isinstance(arg, Real) and not isinstance(arg, (Var, Dual)):
        return kind(float(arg))
    raise TypeError(f"argument {position} must be a float or an array of floats, "
                    f"got {type(arg).__name__}")


def _scalar(out, who):
    if isinstance(out, np.ndarray):
        if out.shape != ():
            raise TypeError(f"{who} needs f to return a scalar, got an array of shape {out.shape}")
        out = out.item()
    if isinstance(out, (Var, Dual, Real)):
        return out
    raise TypeError(f"{who} needs f to return a scalar, got {type(out).__name__}")


def _entries(lifted):
    return list(lifted.flat) if isinstance(lifted, np.ndarray) else [lifted]


def _shaped(numbers, lifted):  # a float for a float, an array for an array
    return np.reshape(numbers, lifted.shape) if isinstance(lifted, np.ndarray) else numbers[0]


def value_and_grad(f, argnums=0):
    """A function giving ``(f(*args), ∂f/∂args[argnums])`` by one backward sweep.

    >>> value_and_grad(lambda x, y: x**3 * (x + 3 * y), argnums=(0, 1))(2.0, 3.0)
    (88.0, (140.0, 24.0))
    """
    check_callable(f, "f")
    nums, single = _argnums(argnums)

    def value_and_grad_f(*args, **kwargs):
        args, lifted = list(args), {}
        for i in _positions(nums, len(args)):
            if i not in lifted:
                lifted[i] = args[i] = _lift(args[i], i, Var)
        out = _scalar(f(*args, **kwargs), "grad")
        if isinstance(out, Dual):
            raise TypeError("grad needs f to return a Var or a number, got a Dual")
        if isinstance(out, Var):
            out.backward()
        grads = tuple(_shaped([v.grad for v in _entries(lifted[i])], lifted[i])
                      for i in _positions(nums, len(args)))
        value = out.value if isinstance(out, Var) else float(out)
        return value, (grads[0] if single else grads)

    return value_and_grad_f


def grad(f, argnums=0):
    """The gradient of a scalar function, as a function (reverse mode).

    >>> grad(lambda x, y: x**2 * (x + y), argnums=(0, 1))(2.0, 3.0)
    (24.0, 4.0)
    """
    value_and_grad_f = value_and_grad(f, argnums)
    return lambda *args, **kwargs: value_and_grad_f(*args, **kwargs)[1]


def jvp(f, primals, tangents):
    """f(x) and the directional derivative Σ (∂f/∂x_i) t_i, by one forward sweep.

    >>> jvp(lambda x, y: x**2 * (x + y), (2.0, 3.0), (0.0, 1.0))
    (20.0, 4.0)
    """
    check_callable(f, "f")
    primals, tangents = tuple(primals), tuple(tangents)
    check_same_length("primals", primals, "tangents", tangents)
    args = [Dual(check_real(x, f"primals[{i}]", finite=False),
                 check_real(t, f"tangents[{i}]", finite=False))
            for i, (x, t) in enumerate(zip(primals, tangents))]
    out = f(*args)
    many = isinstance(out, (tuple, list))
    outs = [_scalar(o, "jvp") for o in (out if many else (out,))]
    values = tuple(o.value if isinstance(o, Dual) else float(o) for o in outs)
    slopes = tuple(o.tangent if isinstance(o, Dual) else 0.0 for o in outs)
    return (values, slopes) if many else (values[0], slopes[0])


def forward_grad(f, argnums=0):
    """The gradient of a scalar function by forward mode: one sweep per input number.

    >>> forward_grad(lambda x, y: x**3 * (x + 3 * y), argnums=(0, 1))(2.0, 3.0)
    (140.0, 24.0)
    """
    check_callable(f, "f")
    nums, single = _argnums(argnums)

    def forward_grad_f(*args, **kwargs):
        positions = _positions(nums, len(args))
        call = list(args)
        seeds = {}
        for i in positions:
            if i not in seeds:
                seeds[i] = call[i] = _lift(args[i], i, Dual)
        slopes = {}
        for i in seeds:
            slopes[i] = []
            for d in _entries(seeds[i]):  # seed one input with tangent 1
                d.tangent = 1.0
                out = _scalar(f(*call, **kwargs), "forward_grad")
                slopes[i].append(out.tangent if isinstance(out, Dual) else 0.0)
                d.tangent = 0.0
        result = tuple(_shaped(slopes[i], seeds[i]) for i in positions)
        return result[0] if single else result

    return forward_grad_f


def _elementwise(name, vectorized):
    def fn(x):
        if isinstance(x, (Var, Dual)):
            return getattr(x, name)()
        if isinstance(x, np.ndarray):
            if x.dtype == object:
                return np.frompyfunc(fn, 1, 1)(x)
            return vectorized(np.asarray(x, dtype=float))
        if isinstance(x, Real):
            return RULES[name](float(x))[0]
        raise TypeError(f"x must be a number, Var, Dual or array, got {type(x).__name__}")
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{name} of a float, Var, Dual or array (values from RULES, lfd.activations)."
    return fn


exp, log = _elementwise("exp", np.exp), _elementwise("log", np.log)
sin, cos = _elementwise("sin", np.sin), _elementwise("cos", np.cos)
tanh = _elementwise("tanh", activations.tanh)
sigmoid = _elementwise("sigmoid", activations.sigmoid)
relu = _elementwise("relu", activations.relu)
