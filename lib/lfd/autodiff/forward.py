"""Forward mode: Dual numbers carry a tangent, with the local derivatives of RULES.

Strang §VII.3; chapter 03.
"""

from __future__ import annotations

from lfd._validate import check_real
from lfd.autodiff.rules import Arithmetic, _constant

#: operations and chain-rule products done by Dual numbers (for op_counts)
WORK = {"operations": 0, "products": 0}


class Dual(Arithmetic):
    """A number a with its derivative a' along one direction: a + a'ε, ε² = 0.

    ``value`` and ``tangent`` are real numbers, ±inf allowed as for floats (NaN is
    refused): non-finite values propagate as in IEEE arithmetic, so a diverging
    computation shows as inf/NaN.

    >>> x, y = Dual(2.0, 1.0), Dual(3.0)   # differentiate along x
    >>> F = x**3 * (x + 3 * y)
    >>> F.value, F.tangent
    (88.0, 140.0)
    """

    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        self.value = check_real(value, "value", finite=False)
        self.tangent = check_real(tangent, "tangent", finite=False)

    def __repr__(self):
        return f"Dual(value={self.value!r}, tangent={self.tangent!r})"

    @staticmethod
    def operation(op, rule, reflected):
        """The method for ``op``: its value, and the tangent Σ local × tangent of the Duals."""
        def method(*args):
            args = args[::-1] if reflected else args
            values = [a.value if type(a) is Dual else _constant(a) for a in args]
            if None in values:
                return NotImplemented
            value, local = rule(*values)
            pairs = [(d, a.tangent) for a, d in zip(args, local) if type(a) is Dual]
            WORK["operations"] += 1
            WORK["products"] += len(pairs)
            out = Dual.__new__(Dual)
            out.value, out.tangent = value, sum(d * t for d, t in pairs)
            return out
        return method
