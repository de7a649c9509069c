"""Figures of two-input ReLU nets: each function draws on a given matplotlib ``Axes`` what
:mod:`lfd.cpl` computes (regions, pieces, colour classes, folds, F = 0). Strang §VII.1; chapter 01."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba

from lfd import cpl
from lfd._validate import check_int, check_real
from lfd.plot._check import check_axes as _check_axes, check_box, check_color, check_colors

__all__ = ["PALETTE", "LAYER_COLORS", "region_colors", "draw_regions", "draw_folds",
           "draw_zero_set", "draw_surface"]

#: Soft fill colours for pieces; neighbours never share one (see cpl.color_classes).
PALETTE = ("#a6cee3", "#fdbf6f", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99", "#8dd3c7", "#d9d9d9")
#: Line colours of the folds of hidden layers 1, 2, 3, ...
LAYER_COLORS = ("#333333", "#d62728", "#1f77b4", "#2ca02c", "#9467bd")


def region_colors(regions, by="piece", palette=PALETTE):
    """RGBA colours (n, 4) of the regions from :func:`lfd.cpl.color_classes` (``by`` "piece"
    or "region"); ``palette`` needs at least six colours."""
    palette = [to_rgba(c) for c in check_colors(palette, "palette")]
    if len(palette) < 6:
        raise ValueError(f"palette needs at least 6 colours, got {len(palette)}")
    return np.array([palette[i % len(palette)]
                     for i in cpl.color_classes(regions, by=by, k=len(palette))])


def draw_regions(ax, regions, *, by="piece", palette=PALETTE, edgecolor="white", linewidth=0.6,
                 alpha=1.0, box=None):
    """Fill the regions on ``ax`` coloured by flat piece, limits ``box`` (xmin, xmax, ymin,
    ymax; default: theirs); ``alpha`` in [0, 1], ``linewidth`` >= 0. Returns a PolyCollection.

    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])  # four quadrants
    >>> regions = cpl.linear_regions(net, (-1, 1, -1, 1))
    >>> len(draw_regions(Figure().subplots(), regions).get_paths()), region_colors(regions).shape
    (4, (4, 4))
    """
    _check_axes(ax)
    colors = region_colors(regions, by=by, palette=palette)
    colors[:, 3] = check_real(alpha, "alpha", min=0, max=1)
    edgecolor, linewidth = check_color(edgecolor, "edgecolor"), check_real(linewidth, "linewidth", min=0)
    box = None if box is None else check_box(box)
    polys = PolyCollection([r.vertices for r in regions], facecolors=colors, edgecolors=edgecolor,
                           linewidths=linewidth)
    ax.add_collection(polys)
    if box is None:
        lo, hi = (f(np.vstack([r.vertices for r in regions]), axis=0) for f in (np.min, np.max))
        box = (lo[0], hi[0], lo[1], hi[1])
    ax.set(xlim=box[:2], ylim=box[2:], aspect="equal")
    return polys


def draw_folds(ax, net, regions, *, colors=LAYER_COLORS, linewidth=1.6, linestyles=None):
    """Draw :func:`lfd.cpl.fold_segments`, one colour (and style) per layer: a LineCollection
    per hidden layer with folds, labelled ``"layer k folds"``; ``linewidth`` >= 0.

    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet.random([2, 3, 3, 1], rng=1)
    >>> lines = draw_folds(Figure().subplots(), net, cpl.linear_regions(net, (-3, 3, -3, 3)))
    >>> [c.get_label() for c in lines]
    ['layer 1 folds', 'layer 2 folds']
    """
    _check_axes(ax)
    colors, linewidth = check_colors(colors, "colors"), check_real(linewidth, "linewidth", min=0)
    folds = cpl.fold_segments(net, regions)
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
    """Draw the curves of :func:`lfd.cpl.zero_set` (closed ones closed); a LineCollection.

    >>> from matplotlib.figure import Figure
    >>> A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    >>> net = cpl.ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0])
    >>> lines = draw_zero_set(Figure().subplots(), cpl.zero_set(net, (-2, 2, -2, 2)))
    >>> [len(p.vertices) for p in lines.get_paths()]
    [5]
    """
    _check_axes(ax)
    color, linewidth = check_color(color, "color"), check_real(linewidth, "linewidth", min=0)
    if not isinstance(zs, cpl.ZeroSet):
        raise TypeError(f"zs must be a ZeroSet (from lfd.cpl.zero_set), got {type(zs).__name__}")
    paths = [np.vstack([c.vertices, c.vertices[:1]]) if c.closed else c.vertices for c in zs.curves]
    lines = LineCollection(paths, colors=color, linewidths=linewidth, label=label, capstyle="round",
                           joinstyle="round")
    ax.add_collection(lines)
    return lines


def draw_surface(ax, regions, *, output: int = 0, by="piece", palette=PALETTE, edgecolor="0.25",
                 linewidth=0.4, alpha=1.0, shade=True):
    """The graph z = F(x, y) (output ``output``) on a 3D Axes, each region lifted by its map;
    ``shade`` darkens facets by tilt; ``alpha`` in [0, 1], ``linewidth`` >= 0. Returns the
    Poly3DCollection, one facet per region.

    >>> from matplotlib.figure import Figure
    >>> net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    >>> ax = Figure().add_subplot(projection="3d")
    >>> len(draw_surface(ax, cpl.linear_regions(net, (-1, 1, -1, 1))).get_facecolor())
    4
    """
    from matplotlib.colors import LightSource
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    _check_axes(ax, three_d=True)
    colors = region_colors(regions, by=by, palette=palette)
    colors[:, 3] = check_real(alpha, "alpha", min=0, max=1)
    edgecolor, linewidth = check_color(edgecolor, "edgecolor"), check_real(linewidth, "linewidth", min=0)
    output = check_int(output, "output", min=0, max=regions[0].w.shape[0] - 1)
    heights = [np.reshape(r.F(r.vertices), (len(r.vertices), -1))[:, output] for r in regions]
    facets = [np.column_stack([r.vertices, z]) for r, z in zip(regions, heights)]
    surface = Poly3DCollection(facets, facecolors=colors, edgecolors=edgecolor,
                               linewidths=linewidth, shade=bool(shade),
                               lightsource=LightSource(azdeg=300, altdeg=50))
    ax.add_collection3d(surface)
    points = np.vstack(facets)
    lo, hi = points.min(axis=0), points.max(axis=0)
    hi[2] = max(hi[2], lo[2] + 1e-9)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), zlim=(lo[2], hi[2]))
    return surface
