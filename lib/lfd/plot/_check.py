"""Checks the figure helpers share (Axes, colours, boxes); the rest is :mod:`lfd._validate`."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.colors import is_color_like

from lfd._validate import _show, check_array


def check_axes(ax, three_d=False):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    if three_d and getattr(ax, "name", "") != "3d":
        raise ValueError("ax must be a 3D Axes (projection='3d') to draw a surface")
    return ax


def check_color(c, name):
    if not is_color_like(c):  # a name, "#rrggbb", a gray level "0.5", an RGB(A) tuple
        raise ValueError(f"{name} must be a matplotlib colour, got {_show(c)}")
    return c


def check_colors(colors, name):
    if isinstance(colors, str) or not hasattr(colors, "__len__") or len(colors) == 0:
        raise TypeError(f"{name} must be a non-empty sequence of colours, got {_show(colors)}")
    return [check_color(c, f"{name}[{i}]") for i, c in enumerate(colors)]


def check_box(box, name="box"):
    """(xmin, xmax, ymin, ymax) as floats, finite, xmin < xmax and ymin < ymax."""
    x0, x1, y0, y1 = check_array(box, name, shape=(4,)).tolist()
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"{name} must be (xmin, xmax, ymin, ymax) with xmin < xmax and "
                         f"ymin < ymax, got {_show(box)}")
    return x0, x1, y0, y1
