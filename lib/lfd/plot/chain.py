"""Matrix chains drawn to scale: shapes, a product order, and its cost.

The order of a product ABC (or of a longer chain) decides its cost
(:mod:`lfd.chain`). These helpers draw on an ``Axes`` they are given, in
data units where one unit is one row or one column, so that a 64×1 column
really looks 64 times thinner than a 64×64 square:

* :func:`draw_matrices` draws a row of matrices side by side, to scale;
* :func:`draw_order` draws a product tree (from
  :func:`lfd.chain.best_order`) as nested brackets under those matrices,
  each bracket labelled with the multiplications of its product;
* :func:`log_bars` draws a small bar chart on a logarithmic scale with
  patches and text only: no axis, no tick machinery, so a demo can draw
  hundreds of frames quickly.

Strang §VII.3 ("Product of matrices ABC: which order?");
chapter chapters/03-backpropagation.ipynb.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

__all__ = ["MATRIX_COLORS", "draw_matrices", "draw_order", "log_bars"]

#: Fill colours of the matrices in a chain, in order.
MATRIX_COLORS = ("#4c78a8", "#54a24b", "#f58518", "#b279a2", "#e45756", "#72b7b2", "#9d755d",
                 "#bab0ac")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _check_axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def draw_matrices(ax, shapes, names=None, *, x=0.0, top=0.0, gap=10.0, scale=1.0, colors=None,
                  fontsize=8.5, min_size=1.2):
    """Draw matrices side by side, each a rectangle of rows × columns units.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    shapes : sequence of (rows, cols)
    names : sequence of str, optional
        Written above each matrix with its shape (default A, B, C, …).
    x, top : float
        Left end of the row and the height of the matrices' top edges.
    gap : float
        Space between two matrices (data units).
    scale : float
        Data units per row or column (shrink long chains to fit).
    colors : sequence of colours, optional
        Default :data:`MATRIX_COLORS`.
    fontsize : float
    min_size : float
        Smallest drawn width or height, so that a 1×n row stays visible.

    Returns
    -------
    list of (float, float)
        The left and right ends of each matrix, for :func:`draw_order`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> draw_matrices(ax, [(4, 2), (2, 3)], gap=1)
    [(0.0, 2.0), (3.0, 6.0)]
    """
    _check_axes(ax)
    shapes = [tuple(int(v) for v in s) for s in shapes]
    if not shapes or any(len(s) != 2 or min(s) < 1 for s in shapes):
        raise ValueError(f"shapes must be a non-empty list of (rows, cols) with positive sizes, "
                         f"got {shapes!r}")
    names = list(names) if names is not None else [chr(ord("A") + i) for i in range(len(shapes))]
    if len(names) != len(shapes):
        raise ValueError(f"names must have one entry per matrix ({len(shapes)}), got {len(names)}")
    colors = list(colors) if colors is not None else list(MATRIX_COLORS)
    extents = []
    x = float(x)
    for i, ((rows, cols), name) in enumerate(zip(shapes, names)):
        colour = colors[i % len(colors)]
        width, height = max(cols * scale, min_size), max(rows * scale, min_size)
        ax.add_patch(Rectangle((x, top - height), width, height, facecolor=colour, alpha=0.35,
                               edgecolor=colour, lw=1.4))
        ax.text(x + width / 2, top + 2.5, f"{name}\n{rows}×{cols}", ha="center", va="bottom",
                fontsize=fontsize, linespacing=1.1)
        extents.append((x, x + width))
        x += width + gap
    return extents


def _products(tree):
    """(first, last, split, height) of every product in a tree, children first."""
    out = []

    def walk(t):
        if isinstance(t, (int, np.integer)):
            return int(t), int(t), 0
        first, split, h1 = walk(t[0])
        start, last, h2 = walk(t[1])
        height = 1 + max(h1, h2)
        out.append((first, last, split, height))
        return first, last, height

    walk(tree)
    return out


def draw_order(ax, dims, tree, extents, *, base, step=12.0, fontsize=7.5, color="0.25"):
    """Draw the product tree as brackets under the matrices, with the cost of each product.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    dims : sequence of int
        Matrix i is ``dims[i] × dims[i+1]``.
    tree : int or tuple
        A product order (leaves are matrix indices), as in
        :class:`lfd.chain.ChainOrder`.
    extents : list of (float, float)
        From :func:`draw_matrices`.
    base : float
        Height of the first row of brackets; higher products go lower.
    step : float
        Vertical distance between bracket levels.

    Returns
    -------
    list of int
        The multiplications of each product (r·c·c'), children first;
        their sum is :func:`lfd.chain.order_cost`.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> ext = draw_matrices(ax, [(2, 3), (3, 4), (4, 1)])
    >>> draw_order(ax, [2, 3, 4, 1], (0, (1, 2)), ext, base=-10)
    [12, 6]
    """
    _check_axes(ax)
    dims = [int(d) for d in dims]
    if len(extents) != len(dims) - 1:
        raise ValueError(f"extents must have one entry per matrix ({len(dims) - 1}), "
                         f"got {len(extents)}")
    costs = []
    for first, last, split, height in _products(tree):
        y = base - step * height
        x0, x1 = extents[first][0], extents[last][1]
        ax.plot([x0, x0, x1, x1], [y + step / 3, y, y, y + step / 3], color=color, lw=1.1)
        work = dims[first] * dims[split + 1] * dims[last + 1]
        costs.append(work)
        ax.text((x0 + x1) / 2, y - 1.2, f"{work:,}", ha="center", va="top", fontsize=fontsize,
                color=color)
    return costs


def log_bars(ax, values, labels, *, x=0.0, bottom=0.0, width=90.0, height=120.0, decades=6,
             highlight=None, color="0.65", highlight_color="C3", fontsize=8.5):
    """A bar chart on a log scale from 1 to 10^decades, drawn with patches and text.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : sequence of positive numbers
    labels : sequence of str
        Written under the bars.
    x, bottom, width, height : float
        The box the chart fills, in data units.
    decades : int
        The top of the scale is 10**decades; grid lines every two decades.
    highlight : int or sequence of int, optional
        Bars drawn in ``highlight_color``.

    Returns
    -------
    list of float
        The height of each bar above ``bottom``, in data units: log10(value) × height / decades.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> log_bars(ax, [1, 100, 10_000], ["a", "b", "c"], height=60, decades=6)
    [0.0, 20.0, 40.0]
    """
    _check_axes(ax)
    values = [float(v) for v in values]
    if not values or min(values) < 1:
        raise ValueError(f"values must be numbers of at least 1 (on a log scale from 1), got {values}")
    if len(labels) != len(values):
        raise ValueError(f"labels must have one entry per value ({len(values)}), got {len(labels)}")
    highlight = set() if highlight is None else {highlight} if np.isscalar(highlight) else set(highlight)
    unit = height / decades
    for k in range(0, decades + 1, 2):
        y = bottom + k * unit
        ax.plot([x, x + width], [y, y], color="0.85", lw=0.8, zorder=0)
        ax.text(x - 2, y, "1" if k == 0 else "10" + str(k).translate(_SUPERSCRIPT), ha="right",
                va="center", fontsize=fontsize - 1, color="0.4")
    slot = width / len(values)
    tops = []
    for i, (v, label) in enumerate(zip(values, labels)):
        left = x + slot * (i + 0.15)
        top = bottom + np.log10(v) * unit
        ax.add_patch(Rectangle((left, bottom), slot * 0.7, top - bottom, edgecolor="none",
                               facecolor=highlight_color if i in highlight else color))
        ax.text(left + slot * 0.35, top + 1.5, f"{v:,.0f}", ha="center", va="bottom",
                fontsize=fontsize - 0.5)
        ax.text(left + slot * 0.35, bottom - 2.5, label, ha="center", va="top", fontsize=fontsize,
                linespacing=1.0)
        tops.append(float(top - bottom))
    return tops
