"""The one table of local derivatives, shared by reverse mode (Var) and forward mode (Dual).

``RULES[op](a[, b])`` returns the value of the operation and its local derivatives
(∂value/∂a[, ∂value/∂b]); ``-`` and ``/`` are made of ``+``, ``*``, ``**``.
Strang §VII.3; chapter 03.
"""

from __future__ import annotations

import math
from numbers import Real

from lfd import activations


def _power(a, n):
    value = a ** n
    if isinstance(value, complex):
        raise ValueError(f"{a!r} ** {n!r} is not a real number (a negative base needs an integer power)")
    try:
        slope = 0.0 if n == 0 else n * a ** (n - 1)  # ∂(a^n)/∂a = n a^(n-1)
    except ZeroDivisionError:
        slope = math.inf  # the vertical tangent of a^n, 0 < n < 1, at a = 0
    log = value * math.log(a) if a > 0 else (0.0 if value == 0 else math.nan)
    return value, (slope, log)  # ∂(a^n)/∂n = a^n log a


def _log(a):
    if a <= 0.0:
        raise ValueError(f"log needs a positive number, got {a!r}")
    return math.log(a), (1.0 / a,)


#: op -> rule(a[, b]) = (value, local derivatives)
RULES = {
    "+": lambda a, b: (a + b, (1.0, 1.0)),
    "*": lambda a, b: (a * b, (b, a)),
    "**": _power,
    "exp": lambda a: (e := math.exp(a), (e,)),
    "log": _log,
    "sin": lambda a: (math.sin(a), (math.cos(a),)),
    "cos": lambda a: (math.cos(a), (-math.sin(a),)),
    "tanh": lambda a: (t := math.tanh(a), (1.0 - t * t,)),
    "sigmoid": lambda a: (s := float(activations.sigmoid(a)), (s * (1.0 - s),)),
    # max(a, 0), slope 1 where a > 0 and 0 at the kink; NaN stays NaN
    "relu": lambda a: (a, (1.0,)) if a > 0.0 else (0.0 if a <= 0.0 else a, (0.0,)),
}

#: the operations of two arguments, by the name of their Python method
OPERATORS = {"+": "add", "*": "mul", "**": "pow"}


def _constant(x):
    """``x`` as a float if it is a plain real number, else None (NaN, inf kept: they propagate)."""
    return x if type(x) is float else float(x) if isinstance(x, Real) else None


class Arithmetic:
    """Var and Dual: one method per rule, made once by the subclass's
    ``operation(op, rule, reflected)``; ``-`` and ``/`` from ``+``, ``*``, ``**``."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for op, rule in RULES.items():
            if op in OPERATORS:  # a + b, and b + a for a number b
                setattr(cls, f"__{OPERATORS[op]}__", cls.operation(op, rule, False))
                setattr(cls, f"__r{OPERATORS[op]}__", cls.operation(op, rule, True))
            else:  # x.exp(), x.relu(), ...
                setattr(cls, op, cls.operation(op, rule, None))

    def __neg__(self): return self * -1.0  # noqa: E704
    def __sub__(self, other): return self + -other  # noqa: E704
    def __rsub__(self, other): return other + -self  # noqa: E704
    def __truediv__(self, other): return self * other ** -1.0  # noqa: E704
    def __rtruediv__(self, other): return other * self ** -1.0  # noqa: E704
