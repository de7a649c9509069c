"""Figures of ReLU nets with two inputs: pieces, folds, zero set, surface.

A ReLU net F(x, y) cuts the plane into convex linear regions
(:func:`lfd.cpl.linear_regions`); neighbouring regions with the same
affine map form one flat piece of the graph (:func:`lfd.cpl.piece_labels`).
The helpers here draw those objects on a matplotlib ``Axes`` they are
given, so that one function serves a static figure, a live demo and a
precomputed frame:

* :func:`draw_regions` fills every region, coloured by its flat piece
  (neighbouring pieces always get different colours);
* :func:`fold_segments` finds the folds: where each hidden neuron switches,
  straight for the first layer and bent for deeper ones (a computation; it
  draws nothing), and :func:`draw_folds` draws them, one colour per layer;
* :func:`draw_zero_set` draws the curves F = 0 (:func:`lfd.cpl.zero_set`);
* :func:`draw_surface` lifts every region to its flat piece of the graph
  z = F(x, y) on a 3D ``Axes``.

Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba

from lfd import cpl
from lfd import regions as geo

__all__ = ["PALETTE", "LAYER_COLORS", "region_colors", "draw_regions", "Fold", "fold_segments",
           "draw_folds", "draw_zero_set", "draw_surface"]

#: Soft fill colours for pieces. Greedy colouring of the (planar) adjacency
#: graph in smallest-last order needs at most six, so neighbours never share one.
PALETTE = ("#a6cee3", "#fdbf6f", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99", "#8dd3c7", "#d9d9d9")
#: Line colours of the folds of hidden layers 1, 2, 3, ...
LAYER_COLORS = ("#333333", "#d62728", "#1f77b4", "#2ca02c", "#9467bd")


def _check_regions(regions):
    regions = list(regions) if not isinstance(regions, cpl.Region) else None
    if not regions or not all(isinstance(r, cpl.Region) for r in regions):
        raise TypeError("regions must be a non-empty list of Region (from lfd.cpl.linear_regions)")
    return regions


def _check_axes(ax, three_d=False):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    if three_d and getattr(ax, "name", "") != "3d":
        raise ValueError("ax must be a 3D Axes (projection='3d') to draw a surface")
    return ax


def _size(regions):
    points = np.vstack([r.vertices for r in regions])
    return float(np.ptp(points, axis=0).max())


def _greedy_colours(n, pairs, k=6):
    """Colour indices for n nodes so that paired nodes differ (smallest-last order).

    Among the first ``k`` colours not used by a neighbour, the least used so far
    is taken, so that a palette of k colours is used evenly; only a node whose
    neighbours already use all k gets a colour >= k.
    """
    neighbours = [set() for _ in range(n)]
    for i, j in pairs:
        if i != j:
            neighbours[i].add(j)
            neighbours[j].add(i)
    degree = [len(s) for s in neighbours]
    removed, order = [False] * n, []
    for _ in range(n):  # repeatedly take a node of smallest remaining degree
        i = min((d, i) for i, d in enumerate(degree) if not removed[i])[1]
        removed[i] = True
        order.append(i)
        for j in neighbours[i]:
            degree[j] -= 1
    colour, count = [-1] * n, [0] * (n + 1)
    for i in reversed(order):  # each node meets at most (degeneracy) coloured neighbours
        used = {colour[j] for j in neighbours[i]}
        free = [c for c in range(min(n, k)) if c not in used] or [min(set(range(n + 1)) - used)]
        colour[i] = min(free, key=lambda c: (count[c], c))  # the least used free colour
        count[colour[i]] += 1
    return np.array(colour, dtype=int)


def region_colors(regions, by="piece", palette=PALETTE):
    """One RGBA colour per region: equal for one flat piece, different for neighbours.

    Parameters
    ----------
    regions : list of Region
        From :func:`lfd.cpl.linear_regions`.
    by : {"piece", "region"}
        ``"piece"``: all regions of one flat piece share a colour;
        ``"region"``: every linear region is coloured on its own.
    palette : sequence of colours
        At least six; neighbours (sharing an edge of positive length)
        always get different entries, and the entries are used about
        equally often.

    Returns
    -------
    ndarray of shape (len(regions), 4)

    Notes
    -----
    The pieces and their shared edges form a map in the plane, whose
    neighbour graph is planar; colouring greedily in smallest-last order
    uses at most six colours.

    Examples
    --------
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> colors = region_colors(cpl.linear_regions(net, (-1, 1, -1, 1)))
    >>> colors.shape, len({tuple(c) for c in colors})
    ((4, 4), 4)

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    regions = _check_regions(regions)
    if by not in ("piece", "region"):
        raise ValueError(f"by must be 'piece' or 'region', got by={by!r}")
    palette = [to_rgba(c) for c in palette]
    if len(palette) < 6:
        raise ValueError(f"palette needs at least 6 colours, got {len(palette)}")
    labels = cpl.piece_labels(regions) if by == "piece" else np.arange(len(regions))
    pairs = geo.shared_edges([r.vertices for r in regions], [r.edge_lines for r in regions],
                             cpl.EPS * _size(regions))
    colour = _greedy_colours(int(labels.max()) + 1, [(labels[i], labels[j]) for i, j in pairs],
                             k=len(palette))
    return np.array([palette[colour[label] % len(palette)] for label in labels])


def draw_regions(ax, regions, *, by="piece", palette=PALETTE, edgecolor="white", linewidth=0.6,
                 alpha=1.0, box=None):
    """Fill the linear regions of a net on ``ax``, coloured by flat piece.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw (2D).
    regions : list of Region
        From :func:`lfd.cpl.linear_regions`.
    by : {"piece", "region"}
        See :func:`region_colors`.
    palette : sequence of colours
        Fill colours.
    edgecolor : colour
        Outline of every region (``"none"`` for no outline).
    linewidth : float
        Width of the outlines.
    alpha : float
        Opacity of the fills.
    box : (xmin, xmax, ymin, ymax), optional
        Axis limits; by default the box the regions tile.

    Returns
    -------
    matplotlib.collections.PolyCollection
        One polygon per region, in the order of ``regions``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> ax = Figure().subplots()
    >>> len(draw_regions(ax, cpl.linear_regions(net, (-1, 1, -1, 1))).get_paths())
    4

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    _check_axes(ax)
    regions = _check_regions(regions)
    colors = region_colors(regions, by=by, palette=palette)
    colors[:, 3] = alpha
    polys = PolyCollection([r.vertices for r in regions], facecolors=colors, edgecolors=edgecolor,
                           linewidths=linewidth)
    ax.add_collection(polys)
    if box is None:
        points = np.vstack([r.vertices for r in regions])
        box = (points[:, 0].min(), points[:, 0].max(), points[:, 1].min(), points[:, 1].max())
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal")
    return polys


class Fold(NamedTuple):
    """A straight piece of a fold: hidden ``layer`` (1, 2, ...), ``neuron`` (0, 1, ...) and its ``segment`` (2, 2)."""

    layer: int
    neuron: int
    segment: np.ndarray


def _hidden_maps(net, pattern):
    """Pre-activation maps z_k = G_k x + g_k of every hidden layer on a region with this pattern."""
    W, c, start, maps = np.eye(2), np.zeros(2), 0, []
    for Ak, bk in zip(net.A[:-1], net.b[:-1]):
        G, g = Ak @ W, Ak @ c + bk
        maps.append((G, g))
        on = pattern[start:start + len(bk)]
        start += len(bk)
        W, c = on[:, None] * G, on * g
    return maps


def fold_segments(net, regions):
    """Where each hidden neuron switches on or off, as straight segments.

    Parameters
    ----------
    net : ReLUNet
        A net with two inputs.
    regions : list of Region
        ``lfd.cpl.linear_regions(net, box)`` for some box.

    Returns
    -------
    list of Fold
        Each region edge on which neuron j of layer k has zero
        pre-activation, taken from the side where that neuron is on (so
        every edge is listed once per neuron). First-layer folds are pieces
        of straight lines; a deeper neuron's fold bends where it crosses a
        fold of an earlier layer.

    Notes
    -----
    On a region every pre-activation is an affine function G x + g, found
    from the region's pattern layer by layer, as in
    :func:`lfd.cpl.linear_regions`. A fold of neuron j lies along an edge
    where that function vanishes at both end points (within ``EPS``
    times the size of the box). Edges of the box are not folds.

    Examples
    --------
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> folds = fold_segments(net, cpl.linear_regions(net, (-1, 1, -1, 1)))
    >>> sorted({(f.layer, f.neuron) for f in folds})
    [(1, 0), (1, 1)]

    Reference: Strang §VII.1 (more hidden layers); chapter chapters/01-deep-nets.ipynb.
    """
    if not isinstance(net, cpl.ReLUNet) or net.widths[0] != 2:
        raise TypeError("net must be a ReLUNet with two inputs")
    regions = _check_regions(regions)
    tol = cpl.EPS * _size(regions)
    folds = []
    for r in regions:
        V, start = r.vertices, 0
        ends = np.stack([V, np.roll(V, -1, axis=0)], axis=1)  # edge i: (V_i, V_{i+1})
        inner = np.array([line != geo.BOX for line in r.edge_lines])
        for k, (G, g) in enumerate(_hidden_maps(net, r.pattern), start=1):
            norms = np.hypot(G[:, 0], G[:, 1])
            on = r.pattern[start:start + len(g)] & (norms > 0)
            start += len(g)
            if not on.any() or not inner.any():
                continue
            z = (ends @ G.T + g) / np.where(norms > 0, norms, 1.0)  # (edges, 2 ends, neurons)
            zero = (np.abs(z) <= tol).all(axis=1) & on & inner[:, None]
            for i, j in zip(*np.nonzero(zero)):
                folds.append(Fold(k, int(j), ends[i].copy()))
    return folds


def draw_folds(ax, net, regions, *, colors=LAYER_COLORS, linewidth=1.6, linestyles=None):
    """Draw the folds of every hidden layer, one colour per layer.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw (2D).
    net : ReLUNet
        A net with two inputs.
    regions : list of Region
        ``lfd.cpl.linear_regions(net, box)``.
    colors : sequence of colours
        Colour of layer 1, 2, ... (repeated if there are more layers).
    linewidth : float
        Line width.
    linestyles : sequence of str, optional
        Line style per layer (default: solid).

    Returns
    -------
    list of LineCollection
        One per hidden layer that has a fold in the box (label
        ``"layer k folds"``, for a legend).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet.random([2, 3, 3, 1], rng=1)
    >>> lines = draw_folds(Figure().subplots(), net, cpl.linear_regions(net, (-3, 3, -3, 3)))
    >>> [c.get_label() for c in lines]
    ['layer 1 folds', 'layer 2 folds']

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    _check_axes(ax)
    folds = fold_segments(net, regions)
    out = []
    for k in sorted({f.layer for f in folds}):
        style = linestyles[(k - 1) % len(linestyles)] if linestyles else "solid"
        lines = LineCollection([f.segment for f in folds if f.layer == k],
                               colors=colors[(k - 1) % len(colors)], linewidths=linewidth,
                               linestyles=style, label=f"layer {k} folds", capstyle="round")
        ax.add_collection(lines)
        out.append(lines)
    return out


def draw_zero_set(ax, zs, *, color="black", linewidth=2.4, label="F = 0"):
    """Draw the curves F = 0 from :func:`lfd.cpl.zero_set`.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw (2D).
    zs : ZeroSet
        From :func:`lfd.cpl.zero_set`.
    color, linewidth, label
        Line properties (the label is for a legend).

    Returns
    -------
    LineCollection
        One polyline per curve (closed curves drawn closed).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    >>> net = cpl.ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0])
    >>> lines = draw_zero_set(Figure().subplots(), cpl.zero_set(net, (-2, 2, -2, 2)))
    >>> [len(p.vertices) for p in lines.get_paths()]
    [5]

    Reference: Strang §VII.1; chapter chapters/01-deep-nets.ipynb.
    """
    _check_axes(ax)
    if not isinstance(zs, cpl.ZeroSet):
        raise TypeError(f"zs must be a ZeroSet (from lfd.cpl.zero_set), got {type(zs).__name__}")
    paths = [np.vstack([c.vertices, c.vertices[:1]]) if c.closed else c.vertices for c in zs.curves]
    lines = LineCollection(paths, colors=color, linewidths=linewidth, label=label, capstyle="round",
                           joinstyle="round")
    ax.add_collection(lines)
    return lines


def draw_surface(ax, regions, *, output=0, by="piece", palette=PALETTE, edgecolor="0.25",
                 linewidth=0.4, alpha=1.0, shade=True):
    """The graph z = F(x, y) on a 3D Axes: every region lifted to its flat piece.

    Parameters
    ----------
    ax : 3D matplotlib Axes
        Made with ``projection="3d"``.
    regions : list of Region
        From :func:`lfd.cpl.linear_regions`.
    output : int
        Which output of F to draw (for nets with several outputs).
    by, palette : see :func:`region_colors`
    edgecolor, linewidth, alpha
        Outline and opacity of the facets.
    shade : bool
        Darken each facet by its tilt against a light from above, so that
        the folds show.

    Returns
    -------
    mpl_toolkits.mplot3d.art3d.Poly3DCollection
        One flat facet per region.

    Notes
    -----
    The facets are exact: the corners of a region lifted by its affine
    map F = w · x + c. Axis limits are set to the box and to the range of
    F on it.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> ax = Figure().add_subplot(projection="3d")
    >>> len(draw_surface(ax, cpl.linear_regions(net, (-1, 1, -1, 1))).get_facecolor())
    4

    Reference: Strang §VII.1 (the graph of F); chapter chapters/01-deep-nets.ipynb.
    """
    from matplotlib.colors import LightSource
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    _check_axes(ax, three_d=True)
    regions = _check_regions(regions)
    n_out = regions[0].w.shape[0]
    if isinstance(output, bool) or not isinstance(output, (int, np.integer)) or not 0 <= output < n_out:
        raise ValueError(f"output must be an integer in 0..{n_out - 1}, got output={output!r}")
    facets = [np.column_stack([r.vertices, r.vertices @ r.w[output] + r.c[output]]) for r in regions]
    colors = region_colors(regions, by=by, palette=palette)
    colors[:, 3] = alpha
    surface = Poly3DCollection(facets, facecolors=colors, edgecolors=edgecolor, linewidths=linewidth,
                               shade=bool(shade), lightsource=LightSource(azdeg=300, altdeg=50))
    ax.add_collection3d(surface)
    points = np.vstack(facets)
    lo, hi = points.min(axis=0), points.max(axis=0)
    hi[2] = max(hi[2], lo[2] + 1e-9)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), zlim=(lo[2], hi[2]))
    return surface
