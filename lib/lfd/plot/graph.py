"""Computational graphs drawn with their numbers (Strang §VII.3, Figure VII.5; chapter 03).

Draws what :mod:`lfd.autodiff` computes: :func:`lfd.autodiff.graph` (with the
sweep ``backward`` recorded), :func:`lfd.autodiff.adjoints_after` and
:func:`lfd.autodiff.forward_tangents`. Nothing is computed here but positions.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from matplotlib.patches import FancyArrowPatch

from lfd._validate import check_int, check_real
from lfd.autodiff import adjoints_after, node_id
from lfd.plot._check import check_axes

#: Colour of forward-mode tangents.
FORWARD_COLOR = "#1f5fa8"
#: Colour of reverse-mode adjoints and of the edges the sweep has used.
REVERSE_COLOR = "#c0392b"
_DONE_FILL = "#fbe9e7"
_EDGE_GREY = "0.55"
_LABEL_BOX = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9)


def _check_graph(g):
    if not (isinstance(g, dict) and isinstance(g.get("nodes"), list) and isinstance(g.get("edges"), list)):
        raise TypeError("g must be the dict returned by lfd.autodiff.graph (keys 'nodes' and 'edges')")
    if not g["nodes"]:
        raise ValueError("g has no nodes")
    return g


def layout(g, sweeps: int = 3):
    """Positions (x, y) of the nodes of ``g`` (:func:`lfd.autodiff.graph`), shape (n_nodes, 2).

    x is the level; rows one unit apart, centred on y = 0, ordered by ``sweeps``
    passes of the barycentre heuristic.

    >>> from lfd.autodiff import Var, graph
    >>> x, y = Var(2.0, "x"), Var(3.0, "y")
    >>> layout(graph(x * x + y)).tolist()
    [[0.0, 0.5], [1.0, 0.5], [0.0, -0.5], [2.0, 0.0]]
    """
    g = _check_graph(g)
    sweeps = check_int(sweeps, "sweeps", min=0)
    levels = [n["level"] for n in g["nodes"]]
    n_real = len(levels)
    parents, children = defaultdict(list), defaultdict(list)
    for e in g["edges"]:
        # an edge that skips columns gets a stand-in node in each column it crosses,
        # which keeps a place free for the edge to pass between the boxes
        chain = [e["source"]]
        for level in range(levels[e["source"]] + 1, levels[e["target"]]):
            chain.append(len(levels))
            levels.append(level)
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


def _label_spots(pos, edges, boxes=None, label=(0.0, 0.0)):
    """Where to write each edge's numbers: mid-gap between columns, spread out, clear of the
    nodes' boxes ``boxes`` ((x0, x1, y0, y1) each, data units) for labels of size ``label``
    (width, height of the two lines above and below the spot)."""
    taken = {}  # gap x -> heights of labels placed there
    spots = [None] * len(edges)
    w, h = label
    covered = list(boxes or ())  # the nodes' boxes, then the labels placed so far

    def clash(point):  # how much of a label at point lies on a box
        return sum(max(0.0, min(x1, point[0] + w / 2) - max(x0, point[0] - w / 2))
                   * max(0.0, min(y1, point[1] + h / 2) - max(y0, point[1] - h / 2))
                   for x0, x1, y0, y1 in covered)

    for k in sorted(range(len(edges)), key=lambda k: (pos[edges[k]["target"], 0]
                                                      - pos[edges[k]["source"], 0], k)):
        a, b = pos[edges[k]["source"]], pos[edges[k]["target"]]
        width = max(b[0] - a[0], 1.0)
        best = None
        for gap in np.arange(a[0] + 0.5, max(b[0], a[0] + 1.0), 1.0):
            for shift in (0.0, -0.1, 0.1, -0.2, 0.2):  # off the middle only when it is covered
                point = a + (b - a) * (gap + shift - a[0]) / width
                room = min((abs(point[1] - y) for y in taken.get(gap, [])), default=np.inf)
                score = (round(clash(point), 6), abs(shift), -room)
                if best is None or score < best[0]:
                    best = (score, gap, point)
        taken.setdefault(best[1], []).append(best[2][1])
        spots[k] = best[2]
        if w > 0:
            covered.append((spots[k][0] - w / 2, spots[k][0] + w / 2, spots[k][1] - h / 2, spots[k][1] + h / 2))
    return spots


def _boxes_in_data(ax, texts, pad):
    """The boxes of ``texts`` (drawn with a ``pad`` points frame) in ``ax``'s data units."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    to_data = ax.transData.inverted()
    out = []
    for t in texts:
        box = t.get_window_extent(renderer).padded(pad * fig.dpi / 72)
        (x0, y0), (x1, y1) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        out.append((x0, x1, y0, y1))
    return out


def _number(v, fmt):
    return fmt.format(0.0 if v == 0 else v)  # no "-0"


def draw_graph(ax, g, *, labels=None, edge_labels=None, steps: int | str | None = None,
               tangents=None, tangent_name="x", output_name="F", fmt="{:g}", fontsize=9.0,
               positions=None):
    """Draw the graph ``g`` (:func:`lfd.autodiff.graph`) with its numbers on ``ax``.

    ``labels``: node text by id or name (``{"c": "c = x²"}``); ``edge_labels``: an
    edge's local-derivative formula by (source, target) (``{("x", "c"): "2x"}``).
    ``steps`` (int or "all"): replay the first edges of ``g["sweep"]``, the order
    ``backward`` recorded; ``tangents`` (n_nodes,): forward tangents.
    ``tangent_name``, ``output_name`` name ∂·/∂x and ∂F/∂·; ``positions`` (n_nodes, 2)
    default :func:`layout`; ``fontsize`` >= 2 (edge labels 1 smaller). Returns the artists:
    "nodes" (``lfd_text`` holds their lines), "notes", "edges", "edge_text".

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
    ax, g, fontsize = check_axes(ax), _check_graph(g), check_real(fontsize, "fontsize", min=2)
    nodes, edges = g["nodes"], g["edges"]
    if steps is not None and tangents is not None:
        raise ValueError("draw either the reverse sweep (steps) or forward tangents, not both")
    order = g["sweep"]
    steps = len(order) if steps == "all" else steps
    adjoint, complete = (None, None) if steps is None else adjoints_after(g, steps)
    if tangents is not None:
        tangents = np.asarray(tangents, dtype=float)
        if tangents.shape != (len(nodes),):
            raise ValueError(f"tangents must have one number per node ({len(nodes)}), "
                             f"got shape {tangents.shape}")
    text_of = {node_id(g, k): v for k, v in (labels or {}).items()}
    formula = {(node_id(g, s), node_id(g, t)): v for (s, t), v in (edge_labels or {}).items()}
    pos = layout(g) if positions is None else np.asarray(positions, dtype=float)
    if pos.shape != (len(nodes), 2):
        raise ValueError(f"positions must have shape ({len(nodes)}, 2), got {pos.shape}")

    node_art, note_art = [], []
    style = dict(ha="center", va="center", fontsize=fontsize, linespacing=1.4)
    for n in nodes:
        i, short = n["id"], n["name"] or n["op"] or f"v{n['id']}"
        lines = [text_of.get(i, short), "= " + _number(n["value"], fmt)]
        face, edge_colour, width, colour = "white", "0.3", 1.0, None
        if tangents is not None:
            lines.append(f"∂{short}/∂{tangent_name} = {_number(tangents[i], fmt)}")
            colour = FORWARD_COLOR
        elif adjoint is not None:
            adj = f"∂{output_name}/∂{short} = "
            if complete[i]:
                lines.append(adj + _number(adjoint[i], fmt))
                face, edge_colour, width = _DONE_FILL, REVERSE_COLOR, 1.6
            elif adjoint[i] != 0:
                lines.append(adj + _number(adjoint[i], fmt) + " + …")
            else:
                lines.append(adj + "?")
            colour = REVERSE_COLOR
        # The box: all lines, in invisible ink, so that the box fits them; then the
        # black lines and the coloured line drawn over it.
        box = ax.text(*pos[i], "\n".join(lines), color=(0, 0, 0, 0), zorder=2,
                      bbox=dict(boxstyle="round,pad=0.4", facecolor=face, edgecolor=edge_colour,
                                linewidth=width), **style)
        box.lfd_text = "\n".join(lines)
        ax.text(*pos[i], "\n".join(lines[:2] + [" "] * (len(lines) - 2)), color="black",
                zorder=2.1, **style)
        if colour is not None:
            note_art.append(ax.text(*pos[i], "\n".join([" ", " ", lines[2]]), color=colour,
                                    zorder=2.1, **style))
        node_art.append(box)

    used = set(order[:steps]) if steps is not None else set()
    current = order[steps - 1] if steps else None
    ax.set_xlim(pos[:, 0].min() - 0.55, pos[:, 0].max() + 0.55)
    ax.set_ylim(pos[:, 1].min() - 0.6, pos[:, 1].max() + 0.6)
    # the edges' numbers go where they cover no node: measured boxes, a label of a typical size
    probe = ax.text(0, 0, "← -0.000", fontsize=fontsize - 1)
    [(x0, x1, y0, y1)] = _boxes_in_data(ax, [probe], 0.15 * fontsize)
    boxes = _boxes_in_data(ax, node_art, 0.4 * fontsize)
    probe.remove()
    spots = _label_spots(pos, edges, boxes, (x1 - x0, 2 * (y1 - y0)))
    edge_art, label_art = [], []
    for k, e in enumerate(edges):
        s, t = e["source"], e["target"]
        colour, lw = ((REVERSE_COLOR, 2.8) if k == current else (REVERSE_COLOR, 1.6) if k in used
                      else (_EDGE_GREY, 1.3))
        arrow = FancyArrowPatch(pos[s], pos[t], arrowstyle="-|>", mutation_scale=12, lw=lw,
                                color=colour, zorder=3, patchA=node_art[s].get_bbox_patch(),
                                patchB=node_art[t].get_bbox_patch(), shrinkA=2, shrinkB=2)
        ax.add_patch(arrow)
        edge_art.append(arrow)
        local = _number(e["local"], fmt)
        text = f"{formula[(s, t)]} = {local}" if formula.get((s, t), local) != local else local
        mid = spots[k]
        label_art.append(ax.text(*mid, text, ha="center", va="bottom" if k in used else "center",
                                 fontsize=fontsize - 1, zorder=4, color="black", bbox=_LABEL_BOX))
        if k in used:
            label_art.append(ax.text(*mid, "← " + _number(e["flow"], fmt), ha="center", va="top",
                                     fontsize=fontsize - 1, zorder=4, color=REVERSE_COLOR,
                                     fontweight="bold" if k == current else "normal",
                                     bbox=_LABEL_BOX))
    ax.set_axis_off()
    return {"nodes": node_art, "notes": note_art, "edges": edge_art, "edge_text": label_art}
