"""Figures of training: the Playground's heat map and thumbnails, loss curves, bias and variance.

Each function draws on the matplotlib ``Axes`` or ``Figure`` it is given (no
``pyplot``) what :mod:`lfd.playground` and :mod:`lfd.bias_variance` computed.
Colours follow the Playground: orange for class 0 (F < 0), blue for class 1
(F > 0), white where F = 0. Strang §VII.1 and §VII.4; chapters 04 and 05.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from lfd._validate import (_show, check_array, check_choice, check_int, check_interval, check_labels,
                           check_real)
from lfd.bias_variance import mean_fit
from lfd.plot._check import check_box
from lfd.playground import record

__all__ = ["ORANGE", "BLUE", "CMAP", "heatmap", "thumbnails", "loss_curves",
           "playground_figure", "fits_panel", "decomposition_panel"]

ORANGE = "#f59322"
BLUE = "#0877bd"
#: Orange (negative) through white (zero) to blue (positive).
CMAP = LinearSegmentedColormap.from_list("playground", [ORANGE, "#ffffff", BLUE])


def _points(X, y, names):
    """Points (n, 2), finite, and labels 0/1 or ±1, checked; (None, None) if both are None."""
    if X is None and y is None:
        return None, None
    X = check_array(X, names[0], shape=(None, 2))
    return X, check_labels(y, names[1], n=len(X), classes=(-1, 0, 1))


def heatmap(ax, output, X=None, y=None, *, box=(-6, 6, -6, 6), X_test=None, y_test=None,
            boundary=True, points=True, size=14.0):
    """F on a grid as colour (tanh F, so F = ±2 is already deep), the curve F = 0, the data on top.

    Parameters
    ----------
    ax : matplotlib Axes
    output : ndarray, shape (r, r), F on the grid of
        :meth:`lfd.playground.Playground.output_grid` (row i from the bottom); NaN and
        ±inf of a diverged run are drawn, NaN white and ±inf deep (no curve F = 0)
    X, y : training points (n, 2), finite, and labels 0/1 or ±1 (y > 0 blue), optional
    box : (xmin, xmax, ymin, ymax), finite, xmin < xmax and ymin < ymax
    X_test, y_test : test points, optional: dots with a black edge
    boundary, points : bool, draw the curve F = 0 and the data
    size : float >= 0, marker size

    Returns the image (for a colour bar).
    """
    output, box = check_array(output, "output", ndim=2, min_size=1, finite=False), check_box(box)
    X, y = _points(X, y, ("X", "y"))
    X_test, y_test = _points(X_test, y_test, ("X_test", "y_test"))
    size = check_real(size, "size", min=0)
    shade = np.tanh(np.nan_to_num(output, nan=0.0, posinf=50.0, neginf=-50.0))
    image = ax.imshow(shade, origin="lower", extent=box, cmap=CMAP, vmin=-1, vmax=1,
                      interpolation="bilinear", aspect="equal")
    if boundary and np.all(np.isfinite(output)) and output.min() < 0 < output.max():
        xs = np.linspace(box[0], box[1], output.shape[1])
        ys = np.linspace(box[2], box[3], output.shape[0])
        ax.contour(xs, ys, output, levels=[0.0], colors="0.15", linewidths=2.4)
        ax.contour(xs, ys, output, levels=[0.0], colors="white", linewidths=1.2)
    if points and X is not None:
        ax.scatter(X[:, 0], X[:, 1], c=np.where(np.asarray(y) > 0, BLUE, ORANGE), s=size,
                   edgecolors="white", linewidths=0.6, zorder=3)
    if points and X_test is not None:
        ax.scatter(X_test[:, 0], X_test[:, 1], c=np.where(np.asarray(y_test) > 0, BLUE, ORANGE),
                   s=size, edgecolors="black", linewidths=0.6, zorder=3)
    ax.set(xlim=box[:2], ylim=box[2:], xticks=[], yticks=[])
    return image


def thumbnails(fig, neurons, rect=(0.0, 0.0, 0.3, 1.0), labels=None, titles=None):
    """Small pictures of every neuron's output, one column per layer.

    Parameters
    ----------
    fig : matplotlib Figure
    neurons : list of ndarray (width, r, r), per layer, as
        :meth:`lfd.playground.Playground.neuron_grids`; the last (the output) is not drawn;
        NaN and ±inf of a diverged run are drawn (NaN as 0, ±inf deep)
    rect : (left, bottom, width, height) in figure fractions, finite, width and height > 0
    labels : list of str, optional, input feature names left of the first column
    titles : list of str, optional (default "in", "L1", "L2", ...)

    Returns a list of Axes per drawn layer. As in the Playground, each picture
    has its own colour scale (its largest |value|): it shows sign, not size.
    """
    if not isinstance(neurons, (list, tuple)) or not neurons:
        raise TypeError(f"neurons must be a non-empty list of arrays (width, r, r), "
                        f"got {_show(neurons)}")
    neurons = [check_array(a, f"neurons[{k}]", ndim=3, min_size=1, dtype=None, finite=False)
               for k, a in enumerate(neurons)]
    layers = list(neurons[:-1]) if len(neurons) > 1 else list(neurons)
    n_cols = len(layers)
    n_rows = max(len(a) for a in layers)
    left, bottom, width, height = check_array(rect, "rect", shape=(4,)).tolist()
    if min(width, height) <= 0:
        raise ValueError(f"rect must have width and height > 0, got {_show(rect)}")
    W, H = fig.get_size_inches()
    cell = min(width * W / n_cols, height * H / (n_rows + 0.6))  # inches: square pictures
    cx, cy = cell / W, cell / H
    x_start = left + (width - n_cols * cx) / 2
    titles = titles or ["in"] + [f"L{k}" for k in range(1, n_cols)]
    out = []
    for j, layer in enumerate(layers):
        column = []
        x0 = x_start + j * cx + 0.06 * cx
        y_top = bottom + height - 0.6 * cy
        offset = (n_rows - len(layer)) * cy / 2
        for i, picture in enumerate(layer):
            ax = fig.add_axes((x0, y_top - (i + 1) * cy + 0.06 * cy - offset, 0.88 * cx, 0.88 * cy))
            finite = np.isfinite(picture)
            scale = np.abs(picture[finite]).max() if finite.any() else 1.0
            scale = scale if scale > 0 else 1.0
            ax.imshow(np.nan_to_num(picture) / scale, origin="lower", cmap=CMAP, vmin=-1, vmax=1,
                      interpolation="nearest")
            ax.set(xticks=[], yticks=[])
            for spine in ax.spines.values():
                spine.set_color("0.6")
            if j == 0 and labels is not None:
                ax.set_ylabel(labels[i], rotation=0, ha="right", va="center", fontsize=8)
            column.append(ax)
        fig.text(x0 + 0.44 * cx, y_top - offset + 0.1 * cy, titles[j], ha="center", va="bottom",
                 fontsize=8)
        out.append(column)
    return out


def loss_curves(ax, history, *, log=True, upto: int | None = None, legend=True):
    """Train and test loss against the epoch.

    ``history``: ``"epoch"``, ``"train_loss"``, ``"test_loss"`` (a Playground's), or
    ``"loss"``, ``"val_loss"`` (:func:`lfd.train.fit`'s). ``log``: logarithmic loss
    axis; ``upto``: fix the epoch axis to [0, upto] (frames of a recording line up).
    """
    if upto is not None:
        upto = check_int(upto, "upto", min=0)
    epochs = np.asarray(history["epoch"])
    train = np.asarray(history.get("train_loss", history.get("loss")), dtype=float)
    test = history.get("test_loss", history.get("val_loss"))
    ax.plot(epochs, train, color="0.15", lw=1.6, label="train")
    if test is not None:
        ax.plot(epochs, np.asarray(test, dtype=float), color="C3", lw=1.6, label="test")
    if log and np.any(np.isfinite(train) & (train > 0)):
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set(xlabel="epoch", ylabel="loss")
    if upto is not None:
        ax.set_xlim(0, upto)
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(loc="upper right", fontsize=8, frameon=False)


def playground_figure(fig, snapshot, X_train, y_train, X_test=None, y_test=None, *,
                      labels=None, box=(-6, 6, -6, 6), upto: int | None = None, loss_ylim=None,
                      show_test=False):
    """The whole Playground picture: thumbnails, heat map with data, loss curves.

    Parameters
    ----------
    fig : matplotlib Figure (about 9 × 4 inches)
    snapshot : lfd.playground.Snapshot, or a Playground (its current state)
    X_train, y_train, X_test, y_test : arrays, as for :func:`heatmap`
    labels : list of str, optional, feature names for the first thumbnail column
    box : (xmin, xmax, ymin, ymax), as for :func:`heatmap`
    upto : int, optional, length of the epoch axis
    loss_ylim : (float, float), optional, a fixed loss axis (low < high)
    show_test : bool, default False, draw the test points too

    Returns a dict of Axes: ``"map"``, ``"loss"``, ``"neurons"``.
    """
    if upto is not None:
        upto = check_int(upto, "upto", min=0)
    X_train, y_train = _points(X_train, y_train, ("X_train", "y_train"))
    X_test, y_test = _points(X_test, y_test, ("X_test", "y_test"))
    box = check_box(box)
    loss_ylim = None if loss_ylim is None else check_interval(loss_ylim, "loss_ylim")
    if X_train is None:
        raise TypeError("X_train and y_train must be arrays, got None")
    if not hasattr(snapshot, "output"):
        snapshot = record(snapshot, [snapshot.epoch], resolution=60, neuron_resolution=20,
                          count=False)[0]
    fig.set_layout_engine("none")  # the axes are placed by hand
    W, H = fig.get_size_inches()
    side = 0.84 * H / W  # the heat map is a square of 84% of the height
    axes = {}
    thumb_w = 0.66 - side - 0.02 - 0.05  # from 0.05 to just left of the heat map
    axes["neurons"] = thumbnails(fig, snapshot.neurons, rect=(0.05, 0.03, thumb_w, 0.92), labels=labels)
    ax = fig.add_axes((0.66 - side, 0.05, side, 0.84))
    heatmap(ax, snapshot.output, X_train, y_train, box=box,
            X_test=X_test if show_test else None, y_test=y_test if show_test else None)
    ax.set_title(f"output F, epoch {snapshot.history['epoch'][-1]}", fontsize=9)
    axes["map"] = ax
    lax = fig.add_axes((0.74, 0.14, 0.245, 0.75))
    loss_curves(lax, snapshot.history, upto=upto)
    if loss_ylim is not None:
        lax.set_ylim(*loss_ylim)
    h = snapshot.history
    lax.set_title(f"loss: train {h['train_loss'][-1]:.3f}, test {h['test_loss'][-1]:.3f}", fontsize=9)
    lax.tick_params(labelsize=8)  # 8 points: 9 px or more on the website at 72 dpi and up
    lax.xaxis.label.set_size(8)
    lax.yaxis.label.set_size(8)
    axes["loss"] = lax
    return axes


def fits_panel(ax, x, fits, f_values, *, sets=None, max_lines: int = 30, ylim=(-2.5, 2.5)):
    """Many fitted curves (at most ``max_lines``), their mean and the true function.

    ``x`` (n_points,), ``fits`` (n_sets >= 2, n_points), ``f_values`` (n_points,), all finite;
    ``sets``: training sets (x, y), the first drawn as dots; ``ylim``: (low, high).
    """
    max_lines = check_int(max_lines, "max_lines", min=0)
    x = check_array(x, "x", ndim=1, min_size=1)
    fits = check_array(fits, "fits", shape=(None, len(x)), min_size=2 * len(x))  # 2 sets or more
    f_values, ylim = check_array(f_values, "f_values", shape=(len(x),)), check_interval(ylim, "ylim")
    for row in fits[:max_lines]:
        ax.plot(x, row, color="C0", alpha=0.25, lw=0.8)
    ax.plot(x, mean_fit(fits), color="C0", lw=2.2, label="mean of the fits")
    ax.plot(x, f_values, color="k", lw=1.6, ls="--", label="true f")
    if sets:
        ax.plot(*sets[0], "o", color="C3", ms=3.5, label="one training set")
    ax.set(ylim=ylim, xlabel="$x$")
    ax.grid(alpha=0.3)
    # one row along the bottom edge, below the curves and the points (|f| <= 1 in the chapters)
    ax.legend(loc="lower center", ncols=3, fontsize=8, frameon=False, handlelength=1.2,
              columnspacing=0.9, handletextpad=0.4, borderaxespad=0.2)


def decomposition_panel(ax, complexity, parts, *, current=None, log=False, xlabel="complexity",
                        xscale="linear"):
    """Bias², variance, noise and their sum against model complexity.

    ``parts``: one :class:`lfd.bias_variance.Decomposition` per ``complexity``
    value (all finite); ``current`` marks one with a vertical line; ``log`` error axis;
    ``xscale`` one of "linear", "log", "symlog", "logit".
    """
    c = check_array(complexity, "complexity", ndim=1, min_size=1)
    P = check_array(parts, "parts", shape=(len(c), 4))
    current = None if current is None else check_real(current, "current")
    xscale = check_choice(xscale, "xscale", ("linear", "log", "symlog", "logit"))
    ax.plot(c, P[:, 3], "o-", color="k", lw=2, ms=4, label="error = sum")
    ax.plot(c, P[:, 0], "s-", color="C1", lw=1.4, ms=3, label="bias²")
    ax.plot(c, P[:, 1], "^-", color="C0", lw=1.4, ms=3, label="variance")
    ax.plot(c, P[:, 2], color="0.5", lw=1.2, ls=":", label="noise σ²")
    if current is not None:
        ax.axvline(current, color="C3", lw=1.2)
    if log:
        ax.set_yscale("log")
    ax.set_xscale(xscale)
    ax.set(xlabel=xlabel, ylabel="expected square error")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
