"""Reverse mode: Var records the graph, ``backward`` runs the chain rule from the output.

Strang §VII.3; chapter 03.
"""

from __future__ import annotations

from lfd._validate import check_real
from lfd.autodiff.rules import BINARY, RULES, Arithmetic, constant


class Var(Arithmetic):
    """A scalar node of a computational graph.

    ``parents`` are the nodes it was computed from, ``local`` the derivatives
    ∂(node)/∂(parent) from RULES, ``grad`` the adjoint ∂F/∂(node) after
    ``F.backward()``, ``turn`` the node's place in that backward sweep.

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = x**2 * (x + y)
    >>> F.backward()
    >>> F.value, x.grad, y.grad
    (20.0, 24.0, 4.0)
    """

    __slots__ = ("value", "grad", "parents", "local", "op", "name", "turn", "__weakref__")

    def __init__(self, value, name=None):
        self.value = check_real(value, "value", finite=False)
        self.grad, self.parents, self.local, self.op, self.turn = 0.0, (), (), "", None
        self.name = None
        if name is not None:
            self.named(name)

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
    def combine(op, a, b=None):
        """The node op(a[, b]): value and local derivatives from RULES; numbers are constants."""
        if type(a) is Var and type(b) is Var:  # two nodes
            value, local = RULES[op](a.value, b.value)
            parents = (a, b)
        elif type(a) is Var and op not in BINARY:  # one node
            value, local = RULES[op](a.value)
            parents = (a,)
        else:  # numbers are constants, not parents
            args = (a, b) if op in BINARY else (a,)
            values = [x.value if type(x) is Var else constant(x) for x in args]
            if None in values:
                return NotImplemented
            value, local = RULES[op](*values)
            parents = tuple(x for x in args if type(x) is Var)
            local = tuple(d for x, d in zip(args, local) if type(x) is Var)
        node = Var.__new__(Var)
        node.value, node.grad, node.parents, node.local = value, 0.0, parents, local
        node.op, node.name, node.turn = op, None, None
        return node

    def backward(self):
        """The chain rule: every node's grad becomes ∂self/∂node."""
        order = topological_order(self)  # each node after its parents
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for turn, node in enumerate(reversed(order)):
            node.turn = turn  # recorded: graph(self)["sweep"] replays this order
            g = node.grad
            for parent, local in zip(node.parents, node.local):
                parent.grad += local * g


def topological_order(output):
    """Every node of the graph of ``output``, each after its parents (depth first)."""
    order, seen, stack = [], {output}, [(output, iter(output.parents))]
    while stack:
        node, parents = stack[-1]
        for p in parents:  # descend into the first parent not yet seen
            if p not in seen:
                seen.add(p)
                stack.append((p, iter(p.parents)))
                break
        else:  # all parents ordered: the node comes next
            stack.pop()
            order.append(node)
    return order
