"""Computational graphs drawn with the numbers on every edge.

:func:`lfd.autodiff.graph` turns a recorded computation into plain data:
nodes (value, adjoint, level) and edges (local derivative, the flow that
reverse mode sends back). The helpers here place and draw that data on a
matplotlib ``Axes`` they are given:

* :func:`layout` puts each node in the column of its level (longest path
  from an input) and orders every column to keep edges short;
* :func:`reverse_order` lists the edges in the order a backward sweep uses
  them, and :func:`adjoints_after` gives every node's adjoint after the
  first k of them (the sum so far, and whether it is complete);
* :func:`forward_tangents` runs forward mode on the same data: the
  derivative of every node along one input direction;
* :func:`draw_graph` draws boxes with names and values, arrows labelled
  with local derivatives, and then either forward tangents or the reverse
  sweep stopped after any number of edges.

Only this drawing module knows about matplotlib; the graph itself comes
from the compute module :mod:`lfd.autodiff`.

Strang §VII.3 (Figure VII.5); chapter chapters/03-backpropagation.ipynb.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

__all__ = ["layout", "reverse_order", "adjoints_after", "forward_tangents", "draw_graph",
           "FORWARD_COLOR", "REVERSE_COLOR"]

#: Colour of forward-mode tangents.
FORWARD_COLOR = "#1f5fa8"
#: Colour of reverse-mode adjoints and of the edges the sweep has used.
REVERSE_COLOR = "#c0392b"
_DONE_FILL = "#fbe9e7"
_EDGE_GREY = "0.55"


def _check_graph(g):
    if not (isinstance(g, dict) and isinstance(g.get("nodes"), list) and isinstance(g.get("edges"), list)):
        raise TypeError("g must be the dict returned by lfd.autodiff.graph (keys 'nodes' and 'edges')")
    if not g["nodes"]:
        raise ValueError("g has no nodes")
    return g


def layout(g, sweeps=3):
    """Positions of the nodes: column = level, rows ordered to shorten the edges.

    Parameters
    ----------
    g : dict
        A graph from :func:`lfd.autodiff.graph`.
    sweeps : int, default 3
        Passes of the barycentre heuristic (left to right, then back).

    Returns
    -------
    ndarray, shape (n_nodes, 2)
        (x, y) of node i in row i: x is the node's level; the rows of a
        column are one unit apart in y, centred on y = 0, first input on top.

    Notes
    -----
    An edge that skips columns holds a row in every column it crosses (a
    stand-in node, not returned), so that it can pass between the boxes.
    Inputs keep the order in which the graph met them. Every other column
    is sorted by the mean height of its neighbours in the columns already
    placed (the barycentre method for layered drawings), going right, then
    left, a few times.

    Examples
    --------
    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> layout(graph(x * x + y)).tolist()   # y -> (x*x + y) keeps a row free in column 1
    [[0.0, 0.5], [1.0, 0.5], [0.0, -0.5], [2.0, 0.0]]
    """
    g = _check_graph(g)
    if not isinstance(sweeps, (int, np.integer)) or sweeps < 0:
        raise ValueError(f"sweeps must be a non-negative integer, got {sweeps!r}")
    levels = [n["level"] for n in g["nodes"]]
    n_real = len(levels)
    parents, children = [[] for _ in levels], [[] for _ in levels]
    for e in g["edges"]:
        # an edge that skips columns gets a stand-in node in each column it crosses,
        # which keeps a place free for the edge to pass between the boxes
        chain = [e["source"]]
        for level in range(levels[e["source"]] + 1, levels[e["target"]]):
            levels.append(level)
            parents.append([])
            children.append([])
            chain.append(len(levels) - 1)
        chain.append(e["target"])
        for a, b in zip(chain[:-1], chain[1:]):
            parents[b].append(a)
            children[a].append(b)
    columns = [[] for _ in range(max(levels) + 1)]
    for i, level in enumerate(levels):
        columns[level].append(i)
    y = np.zeros(len(levels))

    def place(column):
        for row, i in enumerate(column):
            y[i] = (len(column) - 1) / 2 - row

    def reorder(column, neighbours):
        keyed = [(np.mean([y[j] for j in neighbours[i]]) if neighbours[i] else y[i], -k, i)
                 for k, i in enumerate(column)]
        column[:] = [i for _, _, i in sorted(keyed, reverse=True)]
        place(column)

    for column in columns:
        place(column)
    for sweep in range(sweeps):
        for column in columns[1:]:
            reorder(column, parents)
        if sweep < sweeps - 1:
            for column in reversed(columns[:-1]):
                if column is not columns[0]:  # inputs stay in their order
                    reorder(column, children)
    return np.column_stack([np.array(levels[:n_real], dtype=float), y[:n_real]])


def reverse_order(g):
    """Edge indices in the order the backward sweep sends adjoints along them.

    The sweep takes the nodes from the output back to the inputs (reverse
    topological order) and, at each node, sends ``adjoint × local`` to each
    of its parents. When a node's turn comes, every node computed from it
    has already been taken, so its adjoint is complete.

    Parameters
    ----------
    g : dict
        A graph from :func:`lfd.autodiff.graph`.

    Returns
    -------
    list of int
        Positions in ``g["edges"]``.

    Examples
    --------
    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> g = graph(x**2 * (x + y))
    >>> [(g["edges"][k]["source"], g["edges"][k]["target"]) for k in reverse_order(g)]
    [(1, 4), (3, 4), (0, 3), (2, 3), (0, 1)]
    """
    g = _check_graph(g)
    return sorted(range(len(g["edges"])), key=lambda k: (-g["edges"][k]["target"], k))


def adjoints_after(g, steps=None):
    """Every node's adjoint after the backward sweep has used ``steps`` edges.

    Parameters
    ----------
    g : dict
        A graph from :func:`lfd.autodiff.graph`, after ``output.backward()``
        (the edges' ``flow`` must hold the adjoints).
    steps : int, optional
        How many edges of :func:`reverse_order` have been used (default:
        all of them).

    Returns
    -------
    adjoint : ndarray, shape (n_nodes,)
        The sum of the flows received so far (the output holds its seed 1).
    complete : ndarray of bool, shape (n_nodes,)
        True where every outgoing edge has been used: the sum is final.

    Examples
    --------
    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = x**2 * (x + y)
    >>> F.backward()
    >>> adjoint, complete = adjoints_after(graph(F), 3)
    >>> adjoint.tolist(), complete.tolist()
    ([4.0, 5.0, 0.0, 4.0, 1.0], [False, True, False, True, True])
    """
    g = _check_graph(g)
    order = reverse_order(g)
    if steps is None:
        steps = len(order)
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or not 0 <= steps <= len(order):
        raise ValueError(f"steps must be an integer from 0 to {len(order)} (the number of edges), "
                         f"got {steps!r}")
    n = len(g["nodes"])
    adjoint = np.zeros(n)
    adjoint[n - 1] = 1.0  # the output: ∂F/∂F = 1
    remaining = np.zeros(n, dtype=int)
    for e in g["edges"]:
        remaining[e["source"]] += 1
    for k in order[:steps]:
        e = g["edges"][k]
        adjoint[e["source"]] += e["flow"]
        remaining[e["source"]] -= 1
    return adjoint, remaining == 0


def forward_tangents(g, seeds):
    """Forward mode on the graph data: d(node)/dt along the direction ``seeds``.

    Parameters
    ----------
    g : dict
        A graph from :func:`lfd.autodiff.graph`.
    seeds : dict
        Tangent of each input, by node id or by name; inputs not named
        get 0. ``{"x": 1}`` gives ∂(node)/∂x at every node.

    Returns
    -------
    ndarray, shape (n_nodes,)

    Notes
    -----
    Nodes come parents first, so one pass applies the chain rule
    ṫ(node) = Σ local × ṫ(parent) over the incoming edges: the same
    numbers a :class:`lfd.autodiff.Dual` sweep carries.

    Examples
    --------
    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> forward_tangents(graph(x**2 * (x + y)), {"x": 1.0}).tolist()
    [1.0, 4.0, 0.0, 1.0, 24.0]
    """
    g = _check_graph(g)
    if not isinstance(seeds, dict):
        raise TypeError(f"seeds must be a dict of input tangents, got {type(seeds).__name__}")
    by_name = {n["name"]: n["id"] for n in g["nodes"] if n["name"] is not None}
    t = np.zeros(len(g["nodes"]))
    for key, value in seeds.items():
        i = by_name.get(key, key if isinstance(key, (int, np.integer)) else None)
        if i is None or not 0 <= i < len(t):
            raise ValueError(f"seeds has {key!r}, which is neither a node id nor a node name")
        if g["nodes"][i]["op"]:
            raise ValueError(f"seeds may only give tangents of inputs; {key!r} is computed")
        t[i] = float(value)
    incoming = [[] for _ in t]
    for e in g["edges"]:
        incoming[e["target"]].append(e)
    for n in g["nodes"]:
        if incoming[n["id"]]:
            t[n["id"]] = sum(e["local"] * t[e["source"]] for e in incoming[n["id"]])
    return t


def _label_spots(pos, edges):
    """Where to write each edge's numbers: in a gap between two columns, spread out.

    An edge from column a to column b can carry its label in the middle of
    any gap it crosses (x = a + 1/2, ..., b - 1/2), away from the boxes.
    Short edges are placed first; a longer edge takes the gap where its
    label is farthest from the labels already there.
    """
    taken = {}  # gap x -> heights of labels placed there
    spots = [None] * len(edges)
    for k in sorted(range(len(edges)), key=lambda k: (pos[edges[k]["target"], 0]
                                                      - pos[edges[k]["source"], 0], k)):
        a, b = pos[edges[k]["source"]], pos[edges[k]["target"]]
        width = max(b[0] - a[0], 1.0)
        best = None
        for gap in np.arange(a[0] + 0.5, max(b[0], a[0] + 1.0), 1.0):
            point = a + (b - a) * (gap - a[0]) / width
            room = min((abs(point[1] - h) for h in taken.get(gap, [])), default=np.inf)
            if best is None or room > best[0] + 1e-9:
                best = (room, gap, point)
        taken.setdefault(best[1], []).append(best[2][1])
        spots[k] = best[2]
    return spots


def _number(v, fmt):
    if v == 0:
        v = 0.0  # no "-0"
    return fmt.format(v)


def draw_graph(ax, g, *, labels=None, edge_labels=None, steps=None, tangents=None,
               tangent_name="x", output_name="F", fmt="{:g}", fontsize=9, positions=None):
    """Draw a computational graph with its numbers on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    g : dict
        From :func:`lfd.autodiff.graph`.
    labels : dict, optional
        Text of each node (by id or name), e.g. ``{"c": "c = x²"}``;
        default: the node's name, else its operation.
    edge_labels : dict, optional
        Formula of the local derivative of an edge, by ``(source, target)``
        (ids or names), e.g. ``{("x", "c"): "2x"}``; it is written before the
        number (``2x = 4``).
    steps : int or "all", optional
        Show the reverse sweep after this many edges of
        :func:`reverse_order` (``"all"``: the whole sweep). Edges already
        used turn red and carry their flow; each node shows its adjoint so
        far, ``…`` while an outgoing edge is still waiting. Default: no
        adjoints (the forward picture).
    tangents : array_like, optional
        Forward-mode tangents of the nodes (:func:`forward_tangents`),
        written in blue as ∂(node)/∂x. Not together with ``steps``.
    tangent_name, output_name : str
        Names used in the tangent and adjoint labels (∂·/∂x, ∂F/∂·).
    fmt : str
        Format of the numbers.
    fontsize : float
    positions : array_like, optional
        Node positions (default :func:`layout`).

    Returns
    -------
    dict
        ``"nodes"``: the node boxes (text artists whose ``lfd_text``
        holds the lines shown in the box), ``"notes"``: the coloured
        tangent or adjoint lines, ``"edges"``: the
        arrows, ``"edge_text"``: the edge labels (for tests and tweaks).

    Notes
    -----
    A node box reads *label*, then *= value*, then in colour the tangent
    or the adjoint (a filled box: the adjoint is complete). An edge is labelled with its local derivative
    ∂target/∂source (the number both modes multiply); in the reverse
    picture a used edge also shows what it carried back, ``← flow`` =
    local × adjoint of its target. The edge being used at step k is drawn
    thicker.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> F = (x**2).named("c") * (x + y).named("s")
    >>> F.backward()
    >>> art = draw_graph(Figure().subplots(), graph(F.named("F")), steps="all")
    >>> [t.get_text().splitlines()[-1] for t in art["notes"]]
    ['∂F/∂x = 24', '∂F/∂c = 5', '∂F/∂y = 4', '∂F/∂s = 4', '∂F/∂F = 1']
    >>> art["nodes"][1].lfd_text.splitlines()
    ['c', '= 4', '∂F/∂c = 5']
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    g = _check_graph(g)
    nodes, edges = g["nodes"], g["edges"]
    if steps is not None and tangents is not None:
        raise ValueError("draw either the reverse sweep (steps) or forward tangents, not both")
    order = reverse_order(g)
    if steps == "all":
        steps = len(order)
    adjoint = complete = None
    if steps is not None:
        adjoint, complete = adjoints_after(g, steps)
    if tangents is not None:
        tangents = np.asarray(tangents, dtype=float)
        if tangents.shape != (len(nodes),):
            raise ValueError(f"tangents must have one number per node ({len(nodes)}), "
                             f"got shape {tangents.shape}")
    by_name = {n["name"]: n["id"] for n in nodes if n["name"] is not None}

    def node_id(key):
        i = by_name.get(key, key if isinstance(key, (int, np.integer)) else None)
        if i is None or not 0 <= i < len(nodes):
            raise ValueError(f"{key!r} is neither a node id nor a node name")
        return int(i)

    text_of = {node_id(k): v for k, v in (labels or {}).items()}
    formula = {(node_id(s), node_id(t)): v for (s, t), v in (edge_labels or {}).items()}
    pos = layout(g) if positions is None else np.asarray(positions, dtype=float)
    if pos.shape != (len(nodes), 2):
        raise ValueError(f"positions must have shape ({len(nodes)}, 2), got {pos.shape}")

    def short(n):
        return n["name"] or n["op"] or f"v{n['id']}"

    node_art, note_art = [], []
    for n in nodes:
        i = n["id"]
        lines = [text_of.get(i, short(n)), "= " + _number(n["value"], fmt)]
        face, edge_colour, width, colour = "white", "0.3", 1.0, None
        if tangents is not None:
            lines.append(f"∂{short(n)}/∂{tangent_name} = {_number(tangents[i], fmt)}")
            colour = FORWARD_COLOR
        elif adjoint is not None:
            adj = f"∂{output_name}/∂{short(n)} = "
            if complete[i]:
                lines.append(adj + _number(adjoint[i], fmt))
                face, edge_colour, width = _DONE_FILL, REVERSE_COLOR, 1.6
            elif adjoint[i] != 0:
                lines.append(adj + _number(adjoint[i], fmt) + " + …")
            else:
                lines.append(adj + "?")
            colour = REVERSE_COLOR
        style = dict(ha="center", va="center", fontsize=fontsize, linespacing=1.4)
        # The box: all lines, in invisible ink, so that the box fits them; then the
        # black lines and the coloured line drawn over it.
        box = ax.text(*pos[i], "\n".join(lines), color=(0, 0, 0, 0), zorder=2,
                      bbox=dict(boxstyle="round,pad=0.4", facecolor=face, edgecolor=edge_colour,
                                linewidth=width), **style)
        box.lfd_text = "\n".join(lines)
        blank = [" "] * (len(lines) - 2)
        ax.text(*pos[i], "\n".join(lines[:2] + blank), color="black", zorder=2.1, **style)
        if colour is not None:
            note_art.append(ax.text(*pos[i], "\n".join([" ", " ", lines[2]]), color=colour,
                                    zorder=2.1, **style))
        node_art.append(box)

    used = set(order[:steps]) if steps is not None else set()
    current = order[steps - 1] if steps else None
    spots = _label_spots(pos, edges)
    edge_art, label_art = [], []
    for k, e in enumerate(edges):
        s, t = e["source"], e["target"]
        if k == current:
            colour, lw = REVERSE_COLOR, 2.8
        elif k in used:
            colour, lw = REVERSE_COLOR, 1.6
        else:
            colour, lw = _EDGE_GREY, 1.3
        arrow = FancyArrowPatch(pos[s], pos[t], arrowstyle="-|>", mutation_scale=12, lw=lw,
                                color=colour, zorder=3,
                                patchA=node_art[s].get_bbox_patch(),
                                patchB=node_art[t].get_bbox_patch(), shrinkA=2, shrinkB=2)
        ax.add_patch(arrow)
        edge_art.append(arrow)
        local = _number(e["local"], fmt)
        text = f"{formula[(s, t)]} = {local}" if formula.get((s, t), local) != local else local
        mid = spots[k]
        label = ax.text(*mid, text, ha="center", va="bottom" if k in used else "center",
                        fontsize=fontsize - 1, zorder=4, color="black",
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                                  alpha=0.9))
        label_art.append(label)
        if k in used:
            flow = ax.text(*mid, "← " + _number(e["flow"], fmt), ha="center", va="top",
                           fontsize=fontsize - 1, zorder=4, color=REVERSE_COLOR,
                           fontweight="bold" if k == current else "normal",
                           bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                     edgecolor="none", alpha=0.9))
            label_art.append(flow)
    ax.set_xlim(pos[:, 0].min() - 0.55, pos[:, 0].max() + 0.55)
    ax.set_ylim(pos[:, 1].min() - 0.6, pos[:, 1].max() + 0.6)
    ax.set_axis_off()
    return {"nodes": node_art, "notes": note_art, "edges": edge_art, "edge_text": label_art}
