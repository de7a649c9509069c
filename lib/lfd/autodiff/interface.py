"""grad, value_and_grad (reverse mode), jvp, forward_grad (forward mode), and the
elementary functions for floats, arrays, Vars and Duals. Strang §VII.3; chapter 03.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from lfd import activations
from lfd._validate import (check_array, check_callable, check_int, check_list, check_real,
                           check_same_length)
from lfd.autodiff.forward import Dual
from lfd.autodiff.reverse import Var
from lfd.autodiff.rules import RULES


def _argnums(argnums):
    """(argnums as a checked tuple, whether a single int was given)."""
    if not isinstance(argnums, tuple):
        return (check_int(argnums, "argnums", min=None),), True
    if not argnums:
        raise TypeError("argnums must be an int or a non-empty tuple of ints, got ()")
    return tuple(check_int(i, f"argnums[{k}]", min=None) for k, i in enumerate(argnums)), False


def _lift(args, argnums, kind):
    """(args, positions, {position: lifted}): args[argnums] made of ``kind`` (Var or Dual)."""
    n, args, lifted = len(args), list(args), {}
    for i in argnums:
        if not -n <= i < n:
            raise ValueError(f"argnums={i} is out of range for a function called with {n} arguments")
    positions = [i % n for i in argnums]
    for i in dict.fromkeys(positions):  # each position once
        arg = args[i]
        if isinstance(arg, np.ndarray):
            arg = np.vectorize(kind, otypes=[object])(check_array(arg, f"argument {i}", finite=False))
        elif isinstance(arg, Real) and not isinstance(arg, (Var, Dual)):
            arg = kind(float(arg))
        else:
            raise TypeError(f"argument {i} must be a float or an array of floats, "
                            f"got {type(arg).__name__}")
        lifted[i] = args[i] = arg
    return args, positions, lifted


def _scalar(out, who):
    if isinstance(out, np.ndarray):
        if out.shape != ():
            raise TypeError(f"{who} needs f to return a scalar, got an array of shape {out.shape}")
        out = out.item()
    if isinstance(out, (Var, Dual, Real)):
        return out
    raise TypeError(f"{who} needs f to return a scalar, got {type(out).__name__}")


def _each(lifted, fn):  # fn of each entry: a float for a float, an array for an array
    if isinstance(lifted, np.ndarray):
        return np.reshape([fn(v) for v in lifted.flat], lifted.shape)
    return fn(lifted)


def value_and_grad(f, argnums=0):
    """A function giving ``(f(*args), ∂f/∂args[argnums])`` by one backward sweep.

    ``argnums``: an int or a non-empty tuple of ints, the positions of the arguments to
    differentiate; negative ones count from the end, as Python indexes (-1: the last).
    Those arguments are floats or float arrays, ±inf allowed as for floats (NaN is
    refused): non-finite values propagate as in IEEE arithmetic.

    >>> value_and_grad(lambda x, y: x**3 * (x + 3 * y), argnums=(0, 1))(2.0, 3.0)
    (88.0, (140.0, 24.0))
    """
    check_callable(f, "f")
    nums, single = _argnums(argnums)

    def value_and_grad_f(*args, **kwargs):
        args, positions, lifted = _lift(args, nums, Var)
        out = _scalar(f(*args, **kwargs), "grad")
        if isinstance(out, Dual):
            raise TypeError("grad needs f to return a Var or a number, got a Dual")
        if isinstance(out, Var):
            out.backward()
        grads = tuple(_each(lifted[i], lambda v: v.grad) for i in positions)
        return (out.value if isinstance(out, Var) else float(out)), (grads[0] if single else grads)

    return value_and_grad_f


def grad(f, argnums=0):
    """The gradient of a scalar function, as a function (reverse mode); ``argnums`` as in
    :func:`value_and_grad` (negative: from the end).

    >>> grad(lambda x, y: x**2 * (x + y), argnums=(0, 1))(2.0, 3.0)
    (24.0, 4.0)
    """
    value_and_grad_f = value_and_grad(f, argnums)
    return lambda *args, **kwargs: value_and_grad_f(*args, **kwargs)[1]


def jvp(f, primals, tangents):
    """f(x) and the directional derivative Σ (∂f/∂x_i) t_i, by one forward sweep.

    ``primals`` (the point x) and ``tangents`` (the direction t): sequences of real numbers
    of one length, ±inf allowed as in :class:`Dual` (NaN is refused): non-finite values
    propagate as in IEEE arithmetic, so the result is then inf or NaN.

    >>> jvp(lambda x, y: x**2 * (x + y), (2.0, 3.0), (0.0, 1.0))
    (20.0, 4.0)
    """
    check_callable(f, "f")
    primals = tuple(check_list(primals, "primals", "real numbers"))
    tangents = tuple(check_list(tangents, "tangents", "real numbers"))
    check_same_length("primals", primals, "tangents", tangents)
    out = f(*[Dual(check_real(x, f"primals[{i}]", finite=False),
                   check_real(t, f"tangents[{i}]", finite=False))
              for i, (x, t) in enumerate(zip(primals, tangents))])
    many = isinstance(out, (tuple, list))
    outs = [_scalar(o, "jvp") for o in (out if many else (out,))]
    values = tuple(o.value if isinstance(o, Dual) else float(o) for o in outs)
    slopes = tuple(o.tangent if isinstance(o, Dual) else 0.0 for o in outs)
    return (values, slopes) if many else (values[0], slopes[0])


def forward_grad(f, argnums=0):
    """The gradient of a scalar function by forward mode: one sweep per input number;
    ``argnums`` as in :func:`value_and_grad` (negative: from the end).

    >>> forward_grad(lambda x, y: x**3 * (x + 3 * y), argnums=(0, 1))(2.0, 3.0)
    (140.0, 24.0)
    """
    check_callable(f, "f")
    nums, single = _argnums(argnums)

    def forward_grad_f(*args, **kwargs):
        args, positions, seeds = _lift(args, nums, Dual)

        def slope(d):  # one sweep with tangent 1 on the input number d
            d.tangent = 1.0
            out = _scalar(f(*args, **kwargs), "forward_grad")
            t, d.tangent = (out.tangent if isinstance(out, Dual) else 0.0), 0.0
            return t

        slopes = {i: _each(seeded, slope) for i, seeded in seeds.items()}
        return slopes[positions[0]] if single else tuple(slopes[i] for i in positions)

    return forward_grad_f


def _elementwise(name, vectorized):
    def fn(x):
        if isinstance(x, (Var, Dual)):
            return getattr(x, name)()
        if isinstance(x, np.ndarray):
            if x.dtype == object:
                return np.frompyfunc(fn, 1, 1)(x)
            x = check_array(x, "x", finite=False)
            if name == "log" and np.any(x <= 0.0):  # as the scalar rule: no silent NaN or -inf
                raise ValueError(f"x must hold positive numbers for log, got {x[x <= 0.0].flat[0]!r}")
            return vectorized(x)
        if isinstance(x, Real):
            return RULES[name](float(x))[0]
        raise TypeError(f"x must be a number, Var, Dual or array, got {type(x).__name__}")
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"{name} of a float, Var, Dual or array (values from RULES, lfd.activations).\n\n"
                  "An inner step of a computation: complex, object and other types are refused, but "
                  "non-finite values propagate as in IEEE arithmetic, so a diverging computation "
                  "shows as inf/NaN.")
    return fn


exp, log = _elementwise("exp", np.exp), _elementwise("log", np.log)
sin, cos = _elementwise("sin", np.sin), _elementwise("cos", np.cos)
tanh = _elementwise("tanh", activations.tanh)
sigmoid = _elementwise("sigmoid", activations.sigmoid)
relu = _elementwise("relu", activations.relu)
