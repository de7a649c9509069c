"""The one table of local derivatives, shared by reverse mode (Var) and forward mode (Dual).

``RULES[op](a, b)`` returns the value of the operation and its local derivatives
(∂value/∂a, ∂value/∂b). Subtraction and division come from ``+``, ``*``, ``**``.
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


def _exp(a):
    e = math.exp(a)
    return e, (e,)


def _sigmoid(a):
    s = float(activations.sigmoid(a))  # the one overflow-safe definition
    return s, (s * (1.0 - s),)


def _relu(a):  # max(a, 0), slope 1 where a > 0 and 0 at the kink; NaN stays NaN
    return (a, (1.0,)) if a > 0.0 else (0.0 if a <= 0.0 else a, (0.0,))


#: op -> rule(a[, b]) = (value, local derivatives)
RULES = {
    "+": lambda a, b: (a + b, (1.0, 1.0)),
    "*": lambda a, b: (a * b, (b, a)),
    "**": _power,
    "exp": _exp,
    "log": _log,
    "sin": lambda a: (math.sin(a), (math.cos(a),)),
    "cos": lambda a: (math.cos(a), (-math.sin(a),)),
    "tanh": lambda a: (math.tanh(a), (1.0 - math.tanh(a) ** 2,)),
    "sigmoid": _sigmoid,
    "relu": _relu,
}


#: the operations of two arguments; the others take one
BINARY = ("+", "*", "**")


def constant(x):
    """``x`` as a float if it is a plain real number, else None."""
    return float(x) if isinstance(x, Real) else None


class Arithmetic:
    """Operators for Var and Dual: each calls ``combine(op, *arguments)`` of the class."""

    __slots__ = ()

    # + * ** look up their rule; - and / are made of them
    def __add__(self, other): return self.combine("+", self, other)  # noqa: E704
    def __radd__(self, other): return self.combine("+", other, self)  # noqa: E704
    def __mul__(self, other): return self.combine("*", self, other)  # noqa: E704
    def __rmul__(self, other): return self.combine("*", other, self)  # noqa: E704
    def __pow__(self, other): return self.combine("**", self, other)  # noqa: E704
    def __rpow__(self, other): return self.combine("**", other, self)  # noqa: E704
    def __neg__(self): return self * -1.0  # noqa: E704
    def __sub__(self, other): return self + -other  # noqa: E704
    def __rsub__(self, other): return other + -self  # noqa: E704
    def __truediv__(self, other): return self * other ** -1.0  # noqa: E704
    def __rtruediv__(self, other): return other * self ** -1.0  # noqa: E704

    # the elementary functions: one argument, the rule of the same name
    def exp(self): return self.combine("exp", self)  # noqa: E704
    def log(self): return self.combine("log", self)  # noqa: E704
    def sin(self): return self.combine("sin", self)  # noqa: E704
    def cos(self): return self.combine("cos", self)  # noqa: E704
    def tanh(self): return self.combine("tanh", self)  # noqa: E704
    def sigmoid(self): return self.combine("sigmoid", self)  # noqa: E704
    def relu(self): return self.combine("relu", self)  # noqa: E704
