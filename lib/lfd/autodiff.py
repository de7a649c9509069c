"""Automatic differentiation with scalars: reverse mode and forward mode.

Strang §VII.3 computes F = x²(x + y) on a *computational graph*: each node
is one elementary step (a power, a sum, a product) and each edge carries
the derivative of that step. The chain rule then multiplies the local
derivatives along every path from an input to the output. There are two
orders for those products:

* **reverse mode** (:class:`Var`, :meth:`Var.backward`, :func:`grad`):
  one forward sweep records the graph, one backward sweep from the output
  gives ∂F/∂x for *every* input at once. This is backpropagation.
* **forward mode** (:class:`Dual`, :func:`jvp`, :func:`forward_grad`):
  every number carries its derivative along with it; one sweep gives the
  derivative along *one* input direction, so a gradient needs n sweeps.

:func:`graph` returns the graph as plain data (nodes, edges, local
derivatives, adjoints) for drawing, and :func:`op_counts` counts the work
of each mode so that a chapter can plot cost against the number of inputs.

Every elementary operation states its local derivative right where it
computes its value: that pair (value, local derivatives) is all that
either mode needs. A node keeps references to its parents and to numbers,
never to its children or to closures, so a graph contains no reference
cycles and is freed as soon as the output is dropped.

Strang §VII.3; chapter chapters/03-backpropagation.ipynb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np

__all__ = [
    "Var", "Dual", "grad", "value_and_grad", "jvp", "forward_grad",
    "graph", "op_counts", "OpCounts",
    "exp", "log", "sin", "cos", "tanh", "sigmoid", "relu",
]

_new = object.__new__
_ONE = (1.0,)
_ONE_ONE = (1.0, 1.0)
_ONE_MINUS_ONE = (1.0, -1.0)
_MINUS_ONE = (-1.0,)
_FINISHED = object()  # marker on the sort stack: "all parents of the node below are ordered"


def _constant(other):
    """``other`` as a float if it is a real number, else None."""
    if type(other) is float:
        return other
    if isinstance(other, Real):
        return float(other)
    return None


def _real_result(value, what):
    if isinstance(value, complex):
        raise ValueError(f"{what} is not a real number (a negative base needs an integer power)")
    return value


def _sigmoid(a):
    # 1 / (1 + e^-a), written so that neither branch overflows
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _log_for_power(base, value):
    """∂(base**t)/∂t = base**t · log(base); the limit 0 when the power is 0."""
    if base > 0.0:
        return value * math.log(base)
    return 0.0 if value == 0.0 else math.nan


def _power_slope(a, n):
    """∂(a**n)/∂a = n a^(n-1), with the infinite slope of a^n (0 < n < 1) at a = 0."""
    if n == 0:
        return 0.0
    try:
        return n * a ** (n - 1)
    except ZeroDivisionError:
        return math.inf


class Var:
    """A scalar node of a computational graph, for reverse mode.

    Parameters
    ----------
    value : float
        The number this leaf holds (an input or a weight).
    name : str, optional
        A label for drawing the graph (``"x"``, ``"y"``).

    Attributes
    ----------
    value : float
        The result of the forward computation at this node.
    grad : float
        The adjoint ∂F/∂(this node) after ``F.backward()``; 0 before.
    a, b : Var or None
        The (at most two) nodes this one was computed from; None for a leaf,
        ``b`` is None for a function of one node.
    da, db : float
        The local derivatives ∂(this node)/∂a and ∂(this node)/∂b.
    op : str
        The operation that produced the node (``""`` for a leaf).
    parents, local : tuple
        The same parents and local derivatives as tuples (for drawing).

    Notes
    -----
    Arithmetic with ``+ - * / **`` (with Vars or plain numbers on either
    side) and the methods ``exp, log, sin, cos, tanh, sigmoid, relu``
    build new nodes. Each one computes its value and, on the same line,
    the local derivative of that value with respect to each parent. The
    chain rule in :meth:`backward` only multiplies and adds those numbers:
    for every edge from a parent p to a node v,

    .. math:: \\bar p \\mathrel{+}= \\frac{\\partial v}{\\partial p}\\,\\bar v.

    Constants are folded into the local derivative and do not become
    nodes. At the kink of ``relu`` the derivative used is 0. Parents and
    local derivatives sit in slots of the node itself (no tuples, no
    closures), which keeps the graph small, fast to build and free of
    reference cycles.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    The book's example F = x²(x + y) at (2, 3):

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = x**2 * (x + y)
    >>> F.backward()
    >>> F.value, x.grad, y.grad
    (20.0, 24.0, 4.0)
    """

    __slots__ = ("value", "grad", "a", "da", "b", "db", "op", "name", "_mark", "__weakref__")

    def __init__(self, value, name=None):
        if not isinstance(value, Real):
            raise TypeError(f"value must be a real number, got {type(value).__name__}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.value = float(value)
        self.grad = 0.0
        self.a = self.b = None
        self.da = self.db = 0.0
        self.op = ""
        self.name = name
        self._mark = None

    @property
    def parents(self):
        """The nodes this one was computed from, as a tuple."""
        return () if self.a is None else (self.a,) if self.b is None else (self.a, self.b)

    @property
    def local(self):
        """∂(this node)/∂(parent) for each parent, as a tuple."""
        return () if self.a is None else (self.da,) if self.b is None else (self.da, self.db)

    def named(self, name):
        """Give this node a label for :func:`graph` and return it."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.name = name
        return self

    def __repr__(self):
        label = f", name={self.name!r}" if self.name else ""
        return f"Var(value={self.value!r}, grad={self.grad!r}{label})"

    # -- arithmetic: the value, then each parent with its local derivative ----

    def __add__(self, other):
        if type(other) is Var:
            return _binary("+", self.value + other.value, self, 1.0, other, 1.0)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _unary("+", self.value + c, self, 1.0)  # ∂(a + c)/∂a = 1

    __radd__ = __add__

    def __sub__(self, other):
        if type(other) is Var:
            return _binary("-", self.value - other.value, self, 1.0, other, -1.0)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _unary("-", self.value - c, self, 1.0)  # ∂(a - c)/∂a = 1

    def __rsub__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _unary("-", c - self.value, self, -1.0)  # ∂(c - a)/∂a = -1

    def __neg__(self):
        return _unary("neg", -self.value, self, -1.0)  # ∂(-a)/∂a = -1

    def __mul__(self, other):
        if type(other) is Var:  # ∂(ab)/∂a = b, ∂(ab)/∂b = a
            return _binary("*", self.value * other.value, self, other.value, other, self.value)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _unary("*", self.value * c, self, c)  # ∂(ca)/∂a = c

    __rmul__ = __mul__

    def __truediv__(self, other):
        if type(other) is Var:  # ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = -a/b²
            b = other.value
            value = self.value / b
            return _binary("/", value, self, 1.0 / b, other, -value / b)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _unary("/", self.value / c, self, 1.0 / c)  # ∂(a/c)/∂a = 1/c

    def __rtruediv__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        value = c / self.value
        return _unary("/", value, self, -value / self.value)  # ∂(c/a)/∂a = -c/a²

    def __pow__(self, other):
        a = self.value
        if type(other) is Var:  # ∂(a^b)/∂a = b a^(b-1), ∂(a^b)/∂b = a^b log a
            b = other.value
            value = _real_result(a ** b, f"{a!r} ** {b!r}")
            return _binary("**", value, self, _power_slope(a, b), other, _log_for_power(a, value))
        n = _constant(other)
        if n is None:
            return NotImplemented
        value = _real_result(a ** n, f"{a!r} ** {n!r}")
        return _unary("**", value, self, _power_slope(a, n))  # ∂(a^n)/∂a = n a^(n-1)

    def __rpow__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        value = _real_result(c ** self.value, f"{c!r} ** {self.value!r}")
        return _unary("**", value, self, _log_for_power(c, value))  # ∂(c^a)/∂a = c^a log c

    # -- elementary functions -------------------------------------------------

    def exp(self):
        """e to the power of this node."""
        value = math.exp(self.value)
        return _unary("exp", value, self, value)  # (e^a)' = e^a

    def log(self):
        """Natural logarithm (the node must be positive)."""
        a = self.value
        if a <= 0.0:
            raise ValueError(f"log needs a positive number, got {a!r}")
        return _unary("log", math.log(a), self, 1.0 / a)  # (log a)' = 1/a

    def sin(self):
        """Sine."""
        a = self.value
        return _unary("sin", math.sin(a), self, math.cos(a))  # (sin a)' = cos a

    def cos(self):
        """Cosine."""
        a = self.value
        return _unary("cos", math.cos(a), self, -math.sin(a))  # (cos a)' = -sin a

    def tanh(self):
        """Hyperbolic tangent."""
        t = math.tanh(self.value)
        return _unary("tanh", t, self, 1.0 - t * t)  # (tanh a)' = 1 - tanh² a

    def sigmoid(self):
        """Logistic sigmoid 1 / (1 + e^-a)."""
        s = _sigmoid(self.value)
        return _unary("sigmoid", s, self, s * (1.0 - s))  # σ' = σ(1 - σ)

    def relu(self):
        """ReLU(a) = max(0, a), with derivative 0 at the kink."""
        if self.value > 0.0:
            return _unary("relu", self.value, self, 1.0)  # slope 1 on the ramp
        return _unary("relu", 0.0, self, 0.0)  # slope 0 where a ≤ 0

    # -- reverse mode ---------------------------------------------------------

    def backward(self):
        """Fill ``grad`` of every node in the graph with ∂(self)/∂(node).

        The adjoints are overwritten, not accumulated: a second call gives
        the same numbers. Leaves shared by several graphs (weights) get the
        derivative of this output only.

        Notes
        -----
        Two loops, no recursion, so a graph of any depth works.

        1. A depth-first search with an explicit stack lists the nodes in
           topological order (each node after its parents). A node is
           pushed back under a ``_FINISHED`` marker; when the marker comes
           off the stack, all the node's parents are listed, so the node
           is listed next. Visited nodes carry this call's mark.
        2. One sweep in the reverse order applies the chain rule. When a
           node comes up, every node computed from it has already sent
           its share, so its adjoint is complete; it sends adjoint × local
           derivative to each parent.
        """
        # 1. Topological order (leaves are visited only to reset them).
        order = []
        mark = object()  # new for every call: no stale marks to clear
        stack = [self]
        while stack:
            node = stack.pop()
            if node is _FINISHED:
                order.append(stack.pop())
                continue
            if node._mark is mark:
                continue
            node._mark = mark
            node.grad = 0.0
            a, b = node.a, node.b
            if a is None:  # a leaf
                continue
            stack.append(node)
            stack.append(_FINISHED)
            if a._mark is not mark:
                stack.append(a)
            if b is not None and b._mark is not mark:
                stack.append(b)
        # 2. The chain rule, from the output back to the inputs.
        self.grad = 1.0
        for node in reversed(order):
            g = node.grad
            node.a.grad += node.da * g
            if node.b is not None:
                node.b.grad += node.db * g


def _unary(op, value, a, da):
    """A new node computed from one parent ``a`` (internal: no validation)."""
    out = _new(Var)
    out.value, out.grad, out.op, out.name, out._mark = value, 0.0, op, None, None
    out.a, out.da, out.b, out.db = a, da, None, 0.0
    return out


def _binary(op, value, a, da, b, db):
    """A new node computed from parents ``a`` and ``b`` (internal: no validation)."""
    out = _new(Var)
    out.value, out.grad, out.op, out.name, out._mark = value, 0.0, op, None, None
    out.a, out.da, out.b, out.db = a, da, b, db
    return out


# -- forward mode -------------------------------------------------------------

_dual_work = [0, 0]  # [operations, chain-rule products] done by Dual numbers


def _dual(value, tangents, local):
    """A new Dual: the tangent is the chain rule Σ local_i · tangent_i."""
    out = _new(Dual)
    out.value = value
    out.tangent = sum(d * t for d, t in zip(local, tangents))
    _dual_work[0] += 1
    _dual_work[1] += len(local)
    return out


class Dual:
    """A number with its derivative along one direction, for forward mode.

    Parameters
    ----------
    value : float
        The value a.
    tangent : float, default 0.0
        The derivative a' of this value along the chosen input direction.

    Notes
    -----
    A dual number a + a'ε with ε² = 0 obeys the rules of calculus:
    (a + a'ε)(b + b'ε) = ab + (a'b + ab')ε, f(a + a'ε) = f(a) + f'(a)a'ε.
    Each operation here uses the same local derivatives as :class:`Var`,
    but multiplies them into the tangents *during* the forward sweep.
    Seeding one input with tangent 1 and the others with 0 gives one
    partial derivative per sweep, so n inputs need n forward graphs
    (Strang §VII.3).

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> x, y = Dual(2.0, 1.0), Dual(3.0)   # differentiate along x
    >>> F = x**3 * (x + 3 * y)
    >>> F.value, F.tangent
    (88.0, 140.0)
    """

    __slots__ = ("value", "tangent")

    def __init__(self, value, tangent=0.0):
        for arg, v in (("value", value), ("tangent", tangent)):
            if not isinstance(v, Real):
                raise TypeError(f"{arg} must be a real number, got {type(v).__name__}")
        self.value = float(value)
        self.tangent = float(tangent)

    def __repr__(self):
        return f"Dual(value={self.value!r}, tangent={self.tangent!r})"

    def __add__(self, other):
        if type(other) is Dual:
            return _dual(self.value + other.value, (self.tangent, other.tangent), _ONE_ONE)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _dual(self.value + c, (self.tangent,), _ONE)

    __radd__ = __add__

    def __sub__(self, other):
        if type(other) is Dual:
            return _dual(self.value - other.value, (self.tangent, other.tangent), _ONE_MINUS_ONE)
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _dual(self.value - c, (self.tangent,), _ONE)

    def __rsub__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _dual(c - self.value, (self.tangent,), _MINUS_ONE)

    def __neg__(self):
        return _dual(-self.value, (self.tangent,), _MINUS_ONE)

    def __mul__(self, other):
        if type(other) is Dual:
            return _dual(self.value * other.value, (self.tangent, other.tangent),
                         (other.value, self.value))
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _dual(self.value * c, (self.tangent,), (c,))

    __rmul__ = __mul__

    def __truediv__(self, other):
        if type(other) is Dual:
            value = self.value / other.value
            b = other.value
            return _dual(value, (self.tangent, other.tangent), (1.0 / b, -value / b))
        c = _constant(other)
        if c is None:
            return NotImplemented
        return _dual(self.value / c, (self.tangent,), (1.0 / c,))

    def __rtruediv__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        value = c / self.value
        return _dual(value, (self.tangent,), (-value / self.value,))

    def __pow__(self, other):
        a = self.value
        if type(other) is Dual:
            b = other.value
            value = _real_result(a ** b, f"{a!r} ** {b!r}")
            return _dual(value, (self.tangent, other.tangent),
                         (_power_slope(a, b), _log_for_power(a, value)))
        n = _constant(other)
        if n is None:
            return NotImplemented
        value = _real_result(a ** n, f"{a!r} ** {n!r}")
        return _dual(value, (self.tangent,), (_power_slope(a, n),))

    def __rpow__(self, other):
        c = _constant(other)
        if c is None:
            return NotImplemented
        value = _real_result(c ** self.value, f"{c!r} ** {self.value!r}")
        return _dual(value, (self.tangent,), (_log_for_power(c, value),))

    def exp(self):
        """e to the power of this number."""
        value = math.exp(self.value)
        return _dual(value, (self.tangent,), (value,))

    def log(self):
        """Natural logarithm (the number must be positive)."""
        a = self.value
        if a <= 0.0:
            raise ValueError(f"log needs a positive number, got {a!r}")
        return _dual(math.log(a), (self.tangent,), (1.0 / a,))

    def sin(self):
        """Sine."""
        return _dual(math.sin(self.value), (self.tangent,), (math.cos(self.value),))

    def cos(self):
        """Cosine."""
        return _dual(math.cos(self.value), (self.tangent,), (-math.sin(self.value),))

    def tanh(self):
        """Hyperbolic tangent."""
        t = math.tanh(self.value)
        return _dual(t, (self.tangent,), (1.0 - t * t,))

    def sigmoid(self):
        """Logistic sigmoid 1 / (1 + e^-a)."""
        s = _sigmoid(self.value)
        return _dual(s, (self.tangent,), (s * (1.0 - s),))

    def relu(self):
        """ReLU(a) = max(0, a), with derivative 0 at the kink."""
        if self.value > 0.0:
            return _dual(self.value, (self.tangent,), _ONE)
        return _dual(0.0, (self.tangent,), (0.0,))


# -- elementary functions for floats, Vars, Duals and arrays -------------------

def _elementwise(name, scalar, vectorized, doc):
    def fn(x):
        if isinstance(x, (Var, Dual)):
            return getattr(x, name)()
        if isinstance(x, np.ndarray):
            if x.dtype == object:
                return np.frompyfunc(fn, 1, 1)(x)
            return vectorized(np.asarray(x, dtype=float))
        if isinstance(x, Real):
            return scalar(float(x))
        raise TypeError(f"x must be a number, Var, Dual or array, got {type(x).__name__}")
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def _checked_log(a):
    if a <= 0.0:
        raise ValueError(f"log needs a positive number, got {a!r}")
    return math.log(a)


def _np_sigmoid(x):
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


exp = _elementwise("exp", math.exp, np.exp, "Exponential of a float, Var, Dual or array.")
log = _elementwise("log", _checked_log, np.log, "Natural log of a float, Var, Dual or array.")
sin = _elementwise("sin", math.sin, np.sin, "Sine of a float, Var, Dual or array.")
cos = _elementwise("cos", math.cos, np.cos, "Cosine of a float, Var, Dual or array.")
tanh = _elementwise("tanh", math.tanh, np.tanh, "tanh of a float, Var, Dual or array.")
sigmoid = _elementwise("sigmoid", _sigmoid, _np_sigmoid,
                       "Logistic sigmoid of a float, Var, Dual or array.")
relu = _elementwise("relu", lambda a: a if a > 0.0 else 0.0, lambda x: np.maximum(x, 0.0),
                    "ReLU of a float, Var, Dual or array (derivative 0 at the kink).")


# -- functional interface -----------------------------------------------------

def _check_argnums(argnums):
    if isinstance(argnums, (int, np.integer)) and not isinstance(argnums, bool):
        return (int(argnums),), True
    if isinstance(argnums, tuple) and argnums and all(
            isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in argnums):
        return tuple(int(i) for i in argnums), False
    raise TypeError(f"argnums must be an int or a non-empty tuple of ints, got {argnums!r}")


def _lift(arg, position, kind):
    """Wrap a float, or each entry of a float array, in ``kind`` (Var or Dual)."""
    if isinstance(arg, np.ndarray):
        if arg.dtype.kind not in "biuf":
            raise TypeError(f"argument {position} must be a float or an array of floats, "
                            f"got an array of dtype {arg.dtype}")
        out = np.empty(arg.shape, dtype=object)
        for index, v in np.ndenumerate(arg):
            out[index] = kind(float(v))
        return out
    if isinstance(arg, Real) and not isinstance(arg, (Var, Dual)):
        return kind(float(arg))
    raise TypeError(f"argument {position} must be a float or an array of floats, "
                    f"got {type(arg).__name__}")


def _scalar_output(out, who):
    if isinstance(out, np.ndarray):
        if out.shape != ():
            raise TypeError(f"{who} needs f to return a scalar, got an array of shape {out.shape}")
        out = out.item()
    if isinstance(out, (Var, Dual)) or isinstance(out, Real):
        return out
    raise TypeError(f"{who} needs f to return a scalar, got {type(out).__name__}")


def _positions(argnums, n_args, who):
    for i in argnums:
        if not -n_args <= i < n_args:
            raise ValueError(f"argnums={i} is out of range for {who} of a function "
                             f"called with {n_args} arguments")
    return [i % n_args for i in argnums]


def _adjoints(lifted):
    if isinstance(lifted, np.ndarray):
        return np.array([v.grad for v in lifted.flat], dtype=float).reshape(lifted.shape)
    return lifted.grad


def value_and_grad(f, argnums=0):
    """Return a function giving ``(f(*args), gradient)`` by reverse mode.

    Parameters
    ----------
    f : callable
        A function of floats (or float arrays) written with ordinary
        arithmetic and the elementary functions of this module; it must
        return a scalar.
    argnums : int or tuple of int, default 0
        Which positional arguments to differentiate with respect to.

    Returns
    -------
    callable
        Takes the same arguments as ``f`` and returns ``(value, g)``. ``g``
        has the shape of the argument (a float for a float, an array for an
        array), or is a tuple of those when ``argnums`` is a tuple.

    Notes
    -----
    The arguments are wrapped in :class:`Var` leaves (arrays entry by
    entry), ``f`` runs once to record the graph, and one call of
    :meth:`Var.backward` gives every partial derivative. A non-scalar
    output raises ``TypeError``: reverse mode seeds the output with
    ∂F/∂F = 1, which is only defined for one output.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> F = lambda x, y: x**3 * (x + 3 * y)
    >>> value_and_grad(F, argnums=(0, 1))(2.0, 3.0)
    (88.0, (140.0, 24.0))
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    nums, single = _check_argnums(argnums)

    def value_and_grad_f(*args, **kwargs):
        positions = _positions(nums, len(args), "value_and_grad")
        args = list(args)
        lifted = {}
        for i in positions:
            if i not in lifted:
                lifted[i] = args[i] = _lift(args[i], i, Var)
        out = _scalar_output(f(*args, **kwargs), "grad")
        if isinstance(out, Dual):
            raise TypeError("grad needs f to return a Var or a number, got a Dual")
        if isinstance(out, Var):
            out.backward()
            value = out.value
            grads = tuple(_adjoints(lifted[i]) for i in positions)
        else:  # f does not depend on the arguments at all
            value = float(out)
            grads = tuple(np.zeros(np.shape(lifted[i])) if isinstance(lifted[i], np.ndarray)
                          else 0.0 for i in positions)
        return value, (grads[0] if single else grads)

    value_and_grad_f.__name__ = f"value_and_grad({getattr(f, '__name__', 'f')})"
    return value_and_grad_f


def grad(f, argnums=0):
    """Return the gradient of a scalar function, as a function (reverse mode).

    Parameters
    ----------
    f : callable
        A scalar function of floats or float arrays (see
        :func:`value_and_grad`).
    argnums : int or tuple of int, default 0
        Which positional arguments to differentiate with respect to.

    Returns
    -------
    callable
        Takes the same arguments as ``f`` and returns ∂f/∂(argument):
        a float, an array of the argument's shape, or a tuple of those.

    Notes
    -----
    One forward sweep and one backward sweep, whatever the number of
    inputs; ``f`` must return a scalar (else ``TypeError``).

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> grad(lambda x, y: x**2 * (x + y), argnums=(0, 1))(2.0, 3.0)
    (24.0, 4.0)
    >>> import numpy as np
    >>> grad(lambda v: (v * v).sum())(np.array([1.0, 2.0]))
    array([2., 4.])
    """
    value_and_grad_f = value_and_grad(f, argnums)

    def grad_f(*args, **kwargs):
        return value_and_grad_f(*args, **kwargs)[1]

    grad_f.__name__ = f"grad({getattr(f, '__name__', 'f')})"
    return grad_f


def jvp(f, primals, tangents):
    """Value and directional derivative of ``f`` by one forward-mode sweep.

    Parameters
    ----------
    f : callable
        A function of scalar arguments returning a scalar (or a tuple /
        list of scalars).
    primals : sequence of float
        The point (x₁, …, xₙ).
    tangents : sequence of float
        The direction (t₁, …, tₙ), same length as ``primals``.

    Returns
    -------
    value : float or tuple of float
        f(x).
    derivative : float or tuple of float
        Σᵢ (∂f/∂xᵢ) tᵢ, the Jacobian times the direction.

    Notes
    -----
    Each argument becomes a :class:`Dual` number (xᵢ, tᵢ); the chain rule
    runs alongside the values, from the inputs to the outputs.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> jvp(lambda x, y: x**2 * (x + y), (2.0, 3.0), (0.0, 1.0))
    (20.0, 4.0)
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"primals and tangents must have the same length, "
                         f"got {len(primals)} and {len(tangents)}")
    args = []
    for i, (x, t) in enumerate(zip(primals, tangents)):
        for what, v in (("primals", x), ("tangents", t)):
            if not isinstance(v, Real):
                raise TypeError(f"{what}[{i}] must be a real number, got {type(v).__name__}")
        args.append(Dual(x, t))
    out = f(*args)
    many = isinstance(out, (tuple, list))
    outs = [_scalar_output(o, "jvp") for o in (out if many else (out,))]
    values = tuple(o.value if isinstance(o, Dual) else float(o) for o in outs)
    slopes = tuple(o.tangent if isinstance(o, Dual) else 0.0 for o in outs)
    return (values, slopes) if many else (values[0], slopes[0])


def forward_grad(f, argnums=0):
    """Return the gradient of a scalar function computed by forward mode.

    Parameters
    ----------
    f : callable
        A scalar function of floats or float arrays.
    argnums : int or tuple of int, default 0
        Which positional arguments to differentiate with respect to.

    Returns
    -------
    callable
        Same arguments as ``f``; same result as :func:`grad`, but found
        with one :class:`Dual` sweep per input number (n sweeps for n
        inputs) instead of one backward sweep.

    Notes
    -----
    Sweep k seeds input k with tangent 1 and every other input with 0, so
    it computes the single partial derivative ∂f/∂x_k.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> forward_grad(lambda x, y: x**3 * (x + 3 * y), argnums=(0, 1))(2.0, 3.0)
    (140.0, 24.0)
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    nums, single = _check_argnums(argnums)

    def forward_grad_f(*args, **kwargs):
        positions = _positions(nums, len(args), "forward_grad")
        seeds = {i: _lift(args[i], i, Dual) for i in positions}  # validates, tangents 0
        duals = [d for i in seeds for d in (seeds[i].flat if isinstance(seeds[i], np.ndarray)
                                             else (seeds[i],))]
        slopes = []
        call = list(args)
        for i in seeds:
            call[i] = seeds[i]
        for d in duals:  # one sweep per input number
            d.tangent = 1.0
            out = _scalar_output(f(*call, **kwargs), "forward_grad")
            slopes.append(out.tangent if isinstance(out, Dual) else 0.0)
            d.tangent = 0.0
        grads, k = {}, 0
        for i in seeds:
            size = seeds[i].size if isinstance(seeds[i], np.ndarray) else 1
            if isinstance(seeds[i], np.ndarray):
                grads[i] = np.array(slopes[k:k + size], dtype=float).reshape(seeds[i].shape)
            else:
                grads[i] = slopes[k]
            k += size
        result = tuple(grads[i] for i in positions)
        return result[0] if single else result

    forward_grad_f.__name__ = f"forward_grad({getattr(f, '__name__', 'f')})"
    return forward_grad_f


# -- the graph as data and the cost of each mode -------------------------------

def _all_nodes(output):
    """Every node reachable from ``output``, parents before children."""
    order, seen, stack = [], set(), [output]
    while stack:
        node = stack.pop()
        if node is _FINISHED:
            order.append(stack.pop())
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.extend((node, _FINISHED))
        stack.extend(p for p in reversed(node.parents) if p not in seen)
    return order


def graph(output):
    """The computational graph ending at ``output``, as lists of plain data.

    Parameters
    ----------
    output : Var
        The final node (for example a loss).

    Returns
    -------
    dict
        ``"nodes"``: a list (parents before children) of dicts with keys
        ``id`` (position in the list), ``op`` (``""`` for an input),
        ``name``, ``value``, ``grad`` (the adjoint ∂output/∂node, meaningful
        after ``output.backward()``) and ``level`` (longest path from an
        input, for a left-to-right layout).
        ``"edges"``: a list of dicts with ``source`` and ``target`` ids (from
        a parent to the node computed from it), ``local`` (∂target/∂source)
        and ``flow`` (local × adjoint of the target: what reverse mode sends
        back along the edge).

    Notes
    -----
    Reverse mode multiplies the edge labels ``local`` along each path
    from the output, and adds over paths: a node's ``grad`` is the sum of
    ``flow`` on its outgoing edges.

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> c, s = (x**2).named("c"), (x + y).named("s")
    >>> F = (c * s).named("F")
    >>> F.backward()
    >>> g = graph(F)
    >>> [(n["name"], n["value"], n["grad"]) for n in g["nodes"]]
    [('x', 2.0, 24.0), ('c', 4.0, 5.0), ('y', 3.0, 4.0), ('s', 5.0, 4.0), ('F', 20.0, 1.0)]
    >>> [(e["source"], e["target"], e["local"]) for e in g["edges"]]
    [(0, 1, 4.0), (0, 3, 1.0), (2, 3, 1.0), (1, 4, 5.0), (3, 4, 4.0)]
    """
    if not isinstance(output, Var):
        raise TypeError(f"output must be a Var, got {type(output).__name__}")
    order = _all_nodes(output)
    ids = {node: i for i, node in enumerate(order)}
    nodes, edges = [], []
    for i, node in enumerate(order):
        level = 1 + max((nodes[ids[p]]["level"] for p in node.parents), default=-1)
        nodes.append({"id": i, "op": node.op, "name": node.name, "value": node.value,
                      "grad": node.grad, "level": level})
        for parent, d in zip(node.parents, node.local):
            edges.append({"source": ids[parent], "target": i, "local": d,
                          "flow": d * node.grad})
    return {"nodes": nodes, "edges": edges}


@dataclass(frozen=True)
class OpCounts:
    """Work done to get a gradient, by each mode (see :func:`op_counts`)."""

    n_inputs: int
    function_ops: int
    local_derivatives: int
    forward_sweeps: int
    forward_ops: int
    reverse_sweeps: int
    reverse_ops: int


def op_counts(f, *args):
    """Count the elementary operations of forward and reverse mode for ∇f.

    Parameters
    ----------
    f : callable
        A scalar function of scalar arguments.
    *args : float
        The point; n = ``len(args)`` inputs.

    Returns
    -------
    OpCounts
        ``function_ops`` k: operations to evaluate f once (nodes of the
        graph). ``local_derivatives`` E: edges of the graph (one
        chain-rule product each). ``forward_sweeps`` = n and
        ``forward_ops``: everything the n :class:`Dual` sweeps computed,
        counted as they ran (n(k + E)). ``reverse_sweeps`` = 2 and
        ``reverse_ops`` = k + E: one sweep to record the graph, one
        backward sweep.

    Notes
    -----
    Both modes multiply the same local derivatives; forward mode does it
    once per input, reverse mode once in all. With one output and n
    inputs the ratio of the costs grows like n (Strang §VII.3: many
    inputs, one output favour reverse mode).

    Strang §VII.3; chapter chapters/03-backpropagation.ipynb.

    Examples
    --------
    >>> c = op_counts(lambda x, y: x**2 * (x + y), 2.0, 3.0)
    >>> c.function_ops, c.local_derivatives, c.forward_ops, c.reverse_ops
    (3, 5, 16, 8)
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    for i, a in enumerate(args):
        if not isinstance(a, Real):
            raise TypeError(f"args[{i}] must be a real number, got {type(a).__name__}")
    n = len(args)
    inputs = [Var(a) for a in args]
    out = _scalar_output(f(*inputs), "op_counts")
    nodes = _all_nodes(out) if isinstance(out, Var) else []
    k = sum(1 for node in nodes if node.parents)
    edges = sum(len(node.parents) for node in nodes)
    start = list(_dual_work)
    for j in range(n):
        f(*[Dual(a, 1.0 if i == j else 0.0) for i, a in enumerate(args)])
    forward = (_dual_work[0] - start[0]) + (_dual_work[1] - start[1])
    return OpCounts(n_inputs=n, function_ops=k, local_derivatives=edges,
                    forward_sweeps=n, forward_ops=forward,
                    reverse_sweeps=2, reverse_ops=k + edges)
