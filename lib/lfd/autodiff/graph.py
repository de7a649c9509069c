"""The graph as data, the recorded backward sweep replayed, forward tangents, costs.

Strang §VII.3 (Figure VII.5); chapter 03.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from lfd._validate import check_callable, check_int, check_real
from lfd.autodiff.forward import WORK, Dual
from lfd.autodiff.reverse import Var, topological_order


def graph(output):
    """The graph ending at ``output`` as plain data.

    ``"nodes"`` (parents first: id, op, name, value, grad, level), ``"edges"``
    (source, target, local = ∂target/∂source, flow = local × grad of the target),
    ``"sweep"``: edge indices in the order the last ``output.backward()`` used them.

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = (x**2).named("c") * (x + y).named("s")
    >>> F.backward()
    >>> g = graph(F)
    >>> [(n["name"], n["value"], n["grad"]) for n in g["nodes"]]
    [('x', 2.0, 24.0), ('c', 4.0, 5.0), ('y', 3.0, 4.0), ('s', 5.0, 4.0), (None, 20.0, 1.0)]
    >>> [(g["edges"][k]["source"], g["edges"][k]["target"]) for k in g["sweep"]]
    [(1, 4), (3, 4), (0, 3), (2, 3), (0, 1)]
    """
    if not isinstance(output, Var):
        raise TypeError(f"output must be a Var, got {type(output).__name__}")
    order = topological_order(output)
    ids = {node: i for i, node in enumerate(order)}
    nodes, edges, turns = [], [], []
    for i, node in enumerate(order):
        level = 1 + max((nodes[ids[p]]["level"] for p in node.parents), default=-1)
        nodes.append({"id": i, "op": node.op, "name": node.name, "value": node.value,
                      "grad": node.grad, "level": level})
        for parent, d in zip(node.parents, node.local):
            edges.append({"source": ids[parent], "target": i, "local": d,
                          "flow": d * node.grad})
            turns.append(node.turn)
    swept = output.turn == 0 and None not in turns
    sweep = sorted(range(len(edges)), key=lambda k: turns[k]) if swept else []
    return {"nodes": nodes, "edges": edges, "sweep": sweep}


def adjoints_after(g, steps: int | None = None):
    """Every node's adjoint after the first ``steps`` edges of ``g["sweep"]``.

    Returns (adjoint, complete): the sums received so far (the output holds
    its seed 1), and True where every outgoing edge has been used.

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = x**2 * (x + y)
    >>> F.backward()
    >>> adjoint, complete = adjoints_after(graph(F), 3)
    >>> adjoint.tolist(), complete.tolist()
    ([4.0, 5.0, 0.0, 4.0, 1.0], [False, True, False, True, True])
    """
    sweep = g["sweep"]
    steps = len(sweep) if steps is None else check_int(steps, "steps", min=0, max=len(sweep))
    n = len(g["nodes"])
    adjoint, remaining = np.zeros(n), np.zeros(n, dtype=int)
    adjoint[n - 1] = 1.0  # ∂F/∂F = 1
    for e in g["edges"]:
        remaining[e["source"]] += 1
    for k in sweep[:steps]:
        e = g["edges"][k]
        adjoint[e["source"]] += e["flow"]
        remaining[e["source"]] -= 1
    return adjoint, remaining == 0


def node_id(g, key):
    """The id of the node of ``g`` given by its id or its name ``key``."""
    return _node_id(g, key, "key")


def _node_id(g, key, name):
    by_name = {n["name"]: n["id"] for n in g["nodes"] if n["name"] is not None}
    by_id = isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_))
    i = key if by_id else by_name.get(key) if isinstance(key, str) else None
    if i is None or not 0 <= i < len(g["nodes"]):
        raise ValueError(f"{name} must name a node of g: {key!r} is neither a node id nor a node "
                         f"name (ids 0 to {len(g['nodes']) - 1}, names {', '.join(map(repr, by_name)) or 'none'})")
    return int(i)


def forward_tangents(g, seeds):
    """Forward mode on the graph data: the tangent of every node along ``seeds``.

    ``seeds`` gives the tangent of inputs by node id or name (others 0).

    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> forward_tangents(graph(x**2 * (x + y)), {"x": 1.0}).tolist()
    [1.0, 4.0, 0.0, 1.0, 24.0]
    """
    if not isinstance(seeds, dict):
        raise TypeError(f"seeds must be a dict of input tangents, got {type(seeds).__name__}")
    t = np.zeros(len(g["nodes"]))
    for key, value in seeds.items():
        i = _node_id(g, key, "a key of seeds")
        if g["nodes"][i]["op"]:
            raise ValueError(f"seeds may only give tangents of inputs; {key!r} is computed")
        t[i] = float(value)
    for e in g["edges"]:  # parents first: a source's tangent is complete when used
        t[e["target"]] += e["local"] * t[e["source"]]
    return t


#: Work done to get a gradient by each mode (see :func:`op_counts`).
OpCounts = namedtuple("OpCounts", "n_inputs function_ops local_derivatives forward_sweeps "
                                  "forward_ops reverse_sweeps reverse_ops")


def op_counts(f, *args):
    """Operations of forward mode (n Dual sweeps, counted as they ran) and reverse
    mode (k nodes + E edges) for the gradient of f at ``args``.

    >>> c = op_counts(lambda x, y: x**2 * (x + y), 2.0, 3.0)
    >>> c.function_ops, c.local_derivatives, c.forward_ops, c.reverse_ops
    (3, 5, 16, 8)
    """
    check_callable(f, "f")
    args = [check_real(a, f"args[{i}]", finite=False) for i, a in enumerate(args)]
    n = len(args)
    out = f(*[Var(a) for a in args])
    nodes = topological_order(out) if isinstance(out, Var) else []
    k = sum(1 for node in nodes if node.parents)
    edges = sum(len(node.parents) for node in nodes)
    start = WORK["operations"] + WORK["products"]
    for j in range(n):
        f(*[Dual(a, 1.0 if i == j else 0.0) for i, a in enumerate(args)])
    forward = WORK["operations"] + WORK["products"] - start
    return OpCounts(n, k, edges, n, forward, 2, k + edges)
