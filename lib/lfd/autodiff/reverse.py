"""Reverse mode: Var records the graph, ``backward`` runs the chain rule from the output.

Strang §VII.3; chapter 03.
"""

from __future__ import annotations

from lfd._validate import check_real
from lfd.autodiff.rules import Arithmetic, _constant

_new = object.__new__


class Var(Arithmetic):
    """A scalar node of a computational graph.

    ``a``, ``b``: the (at most two) nodes it was computed from; ``da``, ``db``: the
    local derivatives ∂node/∂a, ∂node/∂b from RULES; ``grad``: ∂F/∂node after
    ``F.backward()``; ``turn``: the node's place in that backward sweep. ``value``: a real
    number, ±inf allowed as for floats (NaN is refused); non-finite values propagate as
    in IEEE arithmetic, so a diverging computation shows as inf/NaN.

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = x**2 * (x + y)
    >>> F.backward()
    >>> F.value, x.grad, y.grad
    (20.0, 24.0, 4.0)
    """

    __slots__ = ("value", "grad", "a", "da", "b", "db", "op", "name", "turn", "mark", "__weakref__")

    def __init__(self, value, name=None):
        self.value, self.grad, self.op = check_real(value, "value", finite=False), 0.0, ""
        self.a = self.b = self.name = self.turn = self.mark = None
        self.da = self.db = 0.0
        if name is not None:
            self.named(name)

    parents = property(lambda self: tuple(p for p in (self.a, self.b) if p is not None))
    local = property(lambda self: (self.da, self.db)[:len(self.parents)])

    def named(self, name):
        """Give this node a label for :func:`graph` and return it."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.name = name
        return self

    def __repr__(self):
        label = f", name={self.name!r}" if self.name else ""
        return f"Var(value={self.value!r}, grad={self.grad!r}{label})"

    @staticmethod
    def operation(op, rule, reflected):
        """The method for ``op``: a new node, its value and local derivatives from ``rule``."""
        def method(a, b=None):
            node = _new(Var)
            node.b, node.db = None, 0.0
            if reflected is None:  # x.exp(): one parent
                if b is not None:
                    raise TypeError(f"{op}() takes no argument, got {b!r}")
                node.value, (node.da,) = rule(a.value)
            elif type(b) is Var:  # x * y: two parents
                node.value, (node.da, node.db) = rule(a.value, b.value)
                node.b = b
            elif (b := _constant(b)) is None:
                return NotImplemented
            elif reflected:  # 2 * x: a number is a constant, not a parent
                node.value, (_, node.da) = rule(b, a.value)
            else:  # x * 2
                node.value, (node.da, _) = rule(a.value, b)
            node.a, node.op, node.grad = a, op, 0.0
            node.name = node.turn = node.mark = None
            return node
        return method

    def backward(self):
        """The chain rule: every node's grad becomes ∂self/∂node."""
        order = topological_order(self)  # each node after its parents
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for turn, node in enumerate(reversed(order)):
            node.turn = turn  # recorded: graph(self)["sweep"] replays this order
            if node.a is not None:  # ∂self/∂a += ∂self/∂node × ∂node/∂a
                node.a.grad += node.da * node.grad
                if node.b is not None:
                    node.b.grad += node.db * node.grad


def topological_order(output):
    """Every node of the graph of ``output``, each after its parents (depth first)."""
    sweep = object()  # marks the nodes this call has visited
    order, stack = [], [output]
    while stack:
        node = stack.pop()
        if node is None:  # the parents of the node below are ordered: it comes next
            order.append(stack.pop())
        elif node.mark is not sweep:
            node.mark = sweep
            if node.a is None:  # a leaf
                order.append(node)
                continue
            stack.append(node)
            stack.append(None)
            if node.b is not None and node.b.mark is not sweep:
                stack.append(node.b)
            if node.a.mark is not sweep:  # a first
                stack.append(node.a)
    return order
