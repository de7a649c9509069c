"""Matrix chains to scale, product trees of :mod:`lfd.chain` as brackets, log-scale bars.

Strang §VII.3; chapter 03.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import Rectangle

from lfd._validate import check_array, check_int, check_ints, check_real
from lfd.chain import product_steps
from lfd.plot._check import check_axes, check_color, check_colors

#: Fill colours of the matrices in a chain, in order.
MATRIX_COLORS = ("#4c78a8", "#54a24b", "#f58518", "#b279a2", "#e45756", "#72b7b2", "#9d755d",
                 "#bab0ac")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def draw_matrices(ax, shapes, names=None, *, x=0.0, top=0.0, gap=10.0, scale=1.0, colors=None,
                  fontsize=8.5, min_size=1.2, label_width=0.0):
    """Draw matrices side by side, each a rectangle of rows × columns units.

    ``shapes``: (rows, cols) each; ``names`` default A, B, C, …; ``x, top`` place the
    row, ``scale`` is data units per row or column (sides at least ``min_size``), ``gap``
    between them (all finite; ``scale`` > 0, the others >= 0); ``fontsize`` >= 1 in points.
    ``label_width`` >= 0 (data units) is the room a label "A / rows×cols" needs: the gap
    after a narrow matrix grows until neighbouring labels are that far apart, centre to
    centre, so that they never cover each other. Returns each (left, right) end.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> draw_matrices(ax, [(4, 2), (2, 3)], gap=1)
    [(0.0, 2.0), (3.0, 6.0)]
    >>> draw_matrices(ax, [(4, 2), (2, 3)], gap=1, label_width=5)  # centres 1 and 4.5 -> 6
    [(0.0, 2.0), (4.5, 7.5)]
    """
    check_axes(ax)
    shapes = [tuple(check_ints(s, f"shapes[{i}]", min=1)) for i, s in
              enumerate(check_array(shapes, "shapes", shape=(None, 2), dtype="same", min_size=1))]
    x, top, gap = check_real(x, "x"), check_real(top, "top"), check_real(gap, "gap", min=0)
    scale = check_real(scale, "scale", min=0, min_open=True)
    min_size, fontsize = check_real(min_size, "min_size", min=0), check_real(fontsize, "fontsize", min=1)
    label_width = check_real(label_width, "label_width", min=0)
    reach = abs(x) + abs(top) + len(shapes) * (gap + max(map(max, shapes)) * scale + min_size + label_width)
    if not math.isfinite(reach):
        raise ValueError("x, top, gap, scale, min_size and label_width place the matrices beyond "
                         "the largest float")
    names = list(names) if names is not None else [chr(ord("A") + i) for i in range(len(shapes))]
    if len(names) != len(shapes):
        raise ValueError(f"names must have one entry per matrix ({len(shapes)}), got {len(names)}")
    colors = check_colors(colors, "colors") if colors is not None else list(MATRIX_COLORS)
    extents, last_centre = [], None
    for i, ((rows, cols), name) in enumerate(zip(shapes, names)):
        colour = colors[i % len(colors)]
        width, height = max(cols * scale, min_size), max(rows * scale, min_size)
        if last_centre is not None:  # room for both labels
            x += max(0.0, label_width - (x + width / 2 - last_centre))
        last_centre = x + width / 2
        ax.add_patch(Rectangle((x, top - height), width, height, facecolor=colour, alpha=0.35,
                               edgecolor=colour, lw=1.4))
        ax.text(x + width / 2, top + 2.5, f"{name}\n{rows}×{cols}", ha="center", va="bottom",
                fontsize=fontsize, linespacing=1.1)
        extents.append((x, x + width))
        x += width + gap
    return extents


def draw_order(ax, dims, tree, extents, *, base, step=12.0, fontsize=7.5, color="0.25"):
    """Draw a product tree as brackets under the matrices, each with its cost.

    ``dims``: matrix i is dims[i] × dims[i+1]; ``tree`` as in :class:`lfd.chain.ChainOrder`;
    ``extents`` from :func:`draw_matrices`; ``base`` the top, ``step`` > 0 the drop per level.
    Returns the costs of :func:`lfd.chain.product_steps`.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> ext = draw_matrices(ax, [(2, 3), (3, 4), (4, 1)])
    >>> draw_order(ax, [2, 3, 4, 1], (0, (1, 2)), ext, base=-10)
    [12, 6]
    """
    check_axes(ax)
    dims = check_ints(dims, "dims", min=1, length=2)
    extents = check_array(extents, "extents", shape=(len(dims) - 1, 2)).tolist()  # one per matrix
    base, step = check_real(base, "base"), check_real(step, "step", min=0, min_open=True)
    fontsize, color = check_real(fontsize, "fontsize", min=1), check_color(color, "color")
    costs = []
    for first, last, _, height, work in product_steps(dims, tree):
        y = base - step * height
        x0, x1 = extents[first][0], extents[last][1]
        ax.plot([x0, x0, x1, x1], [y + step / 3, y, y, y + step / 3], color=color, lw=1.1)
        costs.append(work)
        ax.text((x0 + x1) / 2, y - 1.2, f"{work:,}", ha="center", va="top", fontsize=fontsize,
                color=color)
    return costs


def log_bars(ax, values, labels, *, x=0.0, bottom=0.0, width=90.0, height=120.0, decades: int = 6,
             highlight=None, color="0.65", highlight_color="C3", fontsize=8.5):
    """A bar chart on a log scale from 1 to 10^decades, drawn with patches and text only.

    ``values`` >= 1 with ``labels`` fill the box ``x, bottom, width, height`` (width,
    height > 0); bars ``highlight`` (indices) in ``highlight_color``; ``fontsize`` >= 1.
    Returns each bar's drawn height.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> log_bars(ax, [1, 100, 10_000], ["a", "b", "c"], height=60, decades=6)
    [0.0, 20.0, 40.0]
    """
    check_axes(ax)
    decades = check_int(decades, "decades", min=1)
    values = [float(v) for v in check_array(values, "values", ndim=1)]
    x, bottom = check_real(x, "x"), check_real(bottom, "bottom")
    width = check_real(width, "width", min=0, min_open=True)
    height = check_real(height, "height", min=0, min_open=True)
    color = check_color(color, "color")
    highlight_color = check_color(highlight_color, "highlight_color")
    fontsize = check_real(fontsize, "fontsize", min=1)
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
