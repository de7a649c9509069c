"""Figures for convolution: matrices, kernels, images and the stride/padding layout (§VII.2).

Each function draws on the matplotlib ``Axes`` it is given what :mod:`lfd.conv` computes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from lfd import conv
from lfd._validate import check_array, check_choice, check_real
from lfd.plot._check import check_axes

__all__ = ["WEIGHT_COLORS", "draw_matrix", "draw_kernel", "draw_image", "draw_layout"]

#: Cell colours of the weights w_0, w_1, ... in :func:`draw_layout`.
WEIGHT_COLORS = ("#fdbf6f", "#a6cee3", "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99", "#8dd3c7")
_PAD_COLOR = "#e6e6e6"


def _limit(x, vmax):
    """Half-width of a colour scale centred at 0 (1 for an all-zero array); vmax checked."""
    vmax = float(np.max(np.abs(x))) if vmax is None else check_real(vmax, "vmax", min=0)
    return vmax if vmax > 0 else 1.0


def _bare(ax, title):
    """No ticks; the title, if any."""
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)


def _number(fmt, value):
    """``fmt.format(value)``, without the sign of a value that rounds to zero ("-0.0" -> "0.0")."""
    text = fmt.format(value)
    if text.startswith("-") and not any(ch in "123456789" for ch in text.split("e")[0]):
        text = text[1:]
    return text


def draw_matrix(ax, A, *, title=None, annotate="auto", fmt="{:g}", vmax=None,
                cmap="RdBu_r", fontsize=None):
    """Draw a matrix A (m, n), finite, cell by cell: zero white, positive red, negative blue.

    ``annotate`` (True, False or "auto": up to 12 by 16) writes the nonzero entries with
    ``fmt``; ``vmax`` >= 0 gets the full colour (default max |A|). Returns the ``AxesImage``.

    >>> from matplotlib.figure import Figure; ax = Figure().subplots()
    >>> im = draw_matrix(ax, [[1, 2, 0], [0, 1, 2]])
    >>> [t.get_text() for t in ax.texts]
    ['1', '2', '1', '2']
    """
    ax = check_axes(ax)
    A = check_array(A, "A", ndim=2, min_size=1)
    annotate = check_choice(annotate, "annotate", ("auto", True, False))
    m, n = A.shape
    limit = _limit(A, vmax)
    image = ax.imshow(A, cmap=cmap, vmin=-limit, vmax=limit, interpolation="nearest", aspect="equal")
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, m, 1), minor=True)
    ax.grid(which="minor", color="0.75", lw=0.5)
    ax.tick_params(which="both", length=0)
    if annotate == "auto":
        annotate = m <= 12 and n <= 16
    if annotate:
        size = fontsize or (9 if max(m, n) <= 8 else 7)
        for i, j in zip(*np.nonzero(A)):
            strong = abs(A[i, j]) > 0.6 * limit
            ax.text(j, i, _number(fmt, A[i, j]), ha="center", va="center", fontsize=size,
                    color="white" if strong else "black")
    _bare(ax, title)
    return image


def draw_kernel(ax, w, *, title=None, fmt="{:.2g}", fontsize=None):
    """Draw a finite filter ``w`` (1D as a row, or 2D) with its weights written in (up to 7 by 7).

    >>> from matplotlib.figure import Figure; ax = Figure().subplots()
    >>> _ = draw_kernel(ax, [-0.5, 0, 0.5])
    >>> [t.get_text() for t in ax.texts]
    ['-0.5', '0.5']
    """
    w = check_array(w, "w", ndim=(1, 2), min_size=1)
    w = w[None, :] if w.ndim == 1 else w
    return draw_matrix(ax, w, title=title, annotate=max(w.shape) <= 7, fmt=fmt, fontsize=fontsize)


def draw_image(ax, img, *, title=None, signed=False, vmax=None):
    """Draw a finite image (H, W) in gray (0 black, ``vmax`` >= 0 white; default max(1, img.max())).

    ``signed``: blue-white-red, symmetric about 0 (default ``vmax``: the 99th
    percentile of |img|). Returns the ``AxesImage``.

    >>> from matplotlib.figure import Figure; ax = Figure().subplots()
    >>> draw_image(ax, [[-1.0, 2.0]], signed=True, vmax=2).get_clim()
    (-2.0, 2.0)
    """
    ax = check_axes(ax)
    img = check_array(img, "img", ndim=2, min_size=1)
    if signed:
        limit = _limit(img, vmax if vmax is not None else float(np.percentile(np.abs(img), 99)))
        image = ax.imshow(img, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
    else:
        top = check_real(vmax, "vmax", min=0) if vmax is not None else max(1.0, float(img.max()))
        image = ax.imshow(img, cmap="gray", vmin=0.0, vmax=top, interpolation="nearest")
    _bare(ax, title)
    return image


def draw_layout(ax, N: int, E: int, P: int = 0, S: int = 1, *, input_labels=True):
    """Draw the M by (N + 2P) Toeplitz part of ``conv.conv_matrix``, cells labelled w_k.

    Padding columns shaded; ``input_labels`` writes the padded input above. Returns
    M; raises the ValueError of :func:`lfd.conv.output_size` if the window does not
    fit (drawing nothing). Strang §VII.2, eqs. (6)-(7).

    >>> from matplotlib.figure import Figure; ax = Figure().subplots()
    >>> draw_layout(ax, 5, 3, P=1, S=2)
    3
    """
    ax = check_axes(ax)
    M = conv.output_size(N, E, P, S)
    width = N + 2 * P
    ax.set_xlim(-0.5, width - 0.5)
    ax.set_ylim(M - 0.5, -1.6 if input_labels else -0.5)
    ax.set_aspect("equal")
    for j in list(range(P)) + list(range(P + N, width)):
        ax.add_patch(_rect(j, -0.5, M, _PAD_COLOR, hatch="//"))
    size = 11 if width <= 10 else (9 if width <= 14 else 7)
    T = conv.conv_matrix(np.arange(1.0, E + 1), width, S=S)      # cell (i, j) holds k + 1
    for i, j in zip(*np.nonzero(T)):
        k = int(T[i, j]) - 1
        ax.add_patch(_rect(j, i - 0.5, 1, WEIGHT_COLORS[k % len(WEIGHT_COLORS)]))
        ax.text(j, i, f"$w_{{{k}}}$", ha="center", va="center", fontsize=size)
    for j in range(width + 1):
        ax.plot([j - 0.5, j - 0.5], [-0.5, M - 0.5], color="0.7", lw=0.5)
    for i in range(M + 1):
        ax.plot([-0.5, width - 0.5], [i - 0.5, i - 0.5], color="0.7", lw=0.5)
    if input_labels:
        for j in range(width):
            padded = j < P or j >= P + N
            ax.text(j, -1.05, "0" if padded else f"$v_{{{j - P + 1}}}$", ha="center", va="center",
                    fontsize=size, color="0.45" if padded else "black")
    _bare(ax, None)
    for side in ax.spines.values():
        side.set_visible(False)
    return M


def _rect(j, top, height, color, hatch=None):
    # the hatch is drawn in the edge colour; a zero line width hides the outline itself
    return Rectangle((j - 0.5, top), 1, height, facecolor=color, edgecolor="0.6" if hatch else "none",
                     linewidth=0, hatch=hatch, zorder=0)
