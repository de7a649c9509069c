"""lfd.plot.chain: matrices to scale, product trees as brackets, hand-drawn log bars."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lfd import chain
from lfd.plot.chain import draw_matrices, draw_order, log_bars


def axes():
    return Figure().subplots()


def rectangles(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_matrices_are_drawn_to_scale_side_by_side():
    ax = axes()
    extents = draw_matrices(ax, [(64, 64), (64, 1), (1, 16)], ["A", "B", "C"], gap=5, min_size=0.5)
    sizes = [(r.get_width(), r.get_height()) for r in rectangles(ax)]
    assert sizes == [(64, 64), (1, 64), (16, 1)]  # width = columns, height = rows
    assert extents == [(0, 64), (69, 70), (75, 91)]
    assert [t.get_text() for t in ax.texts] == ["A\n64×64", "B\n64×1", "C\n1×16"]


def test_tiny_sizes_stay_visible_and_scale_shrinks():
    ax = axes()
    draw_matrices(ax, [(1, 100)], scale=0.01, min_size=1.2)
    (r,) = rectangles(ax)
    assert r.get_width() == pytest.approx(1.2) and r.get_height() == pytest.approx(1.2)


def test_draw_matrices_checks_input():
    with pytest.raises(TypeError, match="Axes"):
        draw_matrices(None, [(1, 2)])
    with pytest.raises(ValueError, match=r"shapes\[0\]\[0\] must be >= 1"):
        draw_matrices(axes(), [(0, 2)])
    with pytest.raises(ValueError, match="one entry per matrix"):
        draw_matrices(axes(), [(1, 2), (2, 3)], names=["A"])


def all_trees(i, j):
    if i == j:
        yield i
        return
    for k in range(i, j):
        for left, right in itertools.product(all_trees(i, k), all_trees(k + 1, j)):
            yield (left, right)


@pytest.mark.parametrize("seed", range(4))
def test_bracket_costs_add_up_to_the_order_cost(seed):
    rng = np.random.default_rng(seed)
    dims = rng.integers(1, 30, 6).tolist()
    for tree in all_trees(0, len(dims) - 2):
        ax = axes()
        extents = draw_matrices(ax, list(zip(dims[:-1], dims[1:])))
        costs = draw_order(ax, dims, tree, extents, base=-40)
        assert sum(costs) == chain.order_cost(dims, tree)
        assert len(costs) == len(dims) - 2  # one bracket per product


def test_brackets_of_the_best_order_nest_under_their_matrices():
    dims = [1, 16, 64, 32, 64]
    best = chain.best_order(dims)
    ax = axes()
    extents = draw_matrices(ax, list(zip(dims[:-1], dims[1:])))
    draw_order(ax, dims, best.tree, extents, base=-70, step=10)
    lines = ax.lines
    assert len(lines) == 3
    # left to right: each bracket starts at A and is lower than the one before
    xs = [line.get_xdata() for line in lines]
    ys = [min(line.get_ydata()) for line in lines]
    assert all(x[0] == extents[0][0] for x in xs)
    assert ys == sorted(ys, reverse=True)


def test_draw_order_checks_extents():
    with pytest.raises(ValueError, match=r"extents must have shape \(2, 2\)"):
        draw_order(axes(), [2, 3, 4], (0, 1), [(0, 1)], base=0)


def test_log_bars_heights_and_labels():
    ax = axes()
    tops = log_bars(ax, [1, 1000, 10**6], ["one", "thousand", "million"], height=60, decades=6,
                    highlight=1)
    assert tops == pytest.approx([0, 30, 60])  # log10 exact to rounding
    bars = rectangles(ax)
    assert [b.get_facecolor() for b in bars][1] != bars[0].get_facecolor()
    texts = [t.get_text() for t in ax.texts]
    assert "1,000,000" in texts and "thousand" in texts and "10⁶" in texts


def test_log_bars_checks_input():
    with pytest.raises(ValueError, match="at least 1"):
        log_bars(axes(), [0.5], ["x"])
    with pytest.raises(ValueError, match="one entry per value"):
        log_bars(axes(), [1, 2], ["x"])


@pytest.mark.parametrize("bad, error", [(6.0, TypeError), (True, TypeError), ("3", TypeError),
                                        (float("nan"), TypeError), (-1, ValueError)])
def test_log_bars_decades_is_a_checked_count(bad, error):
    from matplotlib.figure import Figure
    with pytest.raises(error, match="decades"):
        log_bars(Figure().subplots(), [1, 10], ["a", "b"], decades=bad)


NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize("kwargs, name", [
    ({"x": NAN}, "x"), ({"top": INF}, "top"), ({"gap": -1.0}, "gap"), ({"scale": 0.0}, "scale"),
    ({"min_size": INF}, "min_size"), ({"fontsize": None}, "fontsize"), ({"colors": "bogus"}, "colors"),
    ({"scale": 1e308}, "scale"),  # finite, but the second matrix would start at inf
])
def test_draw_matrices_refuses_bad_layout_by_name(kwargs, name):
    # issue 16: nan/inf layout numbers gave NaN/inf extents silently
    with pytest.raises((TypeError, ValueError), match=name):
        draw_matrices(axes(), [(4, 2), (2, 3)], **kwargs)


@pytest.mark.parametrize("args, kwargs, name", [
    ([(0.0, 1.0), (2.0, NAN)], {"base": 0}, "extents"), ([(0, 1)], {"base": 0}, "extents"),
    ([(0, 1), (2, 3)], {"base": NAN}, "base"), ([(0, 1), (2, 3)], {"base": 0, "step": 0}, "step"),
    ([(0, 1), (2, 3)], {"base": 0, "color": "bogus"}, "color"),
])
def test_draw_order_refuses_bad_input_by_name(args, kwargs, name):
    with pytest.raises((TypeError, ValueError), match=name):
        draw_order(axes(), [2, 3, 4], (0, 1), args, **kwargs)


@pytest.mark.parametrize("values, kwargs, name", [
    ([1, NAN], {}, "values"), ([1, INF], {}, "values"), ([1, 2 + 1j], {}, "values"),
    ([1, 10], {"x": NAN}, "x"), ([1, 10], {"bottom": INF}, "bottom"), ([1, 10], {"width": 0}, "width"),
    ([1, 10], {"height": -INF}, "height"), ([1, 10], {"highlight_color": "bogus"}, "highlight_color"),
    ([1, 10], {"fontsize": None}, "fontsize"),
])
def test_log_bars_refuses_bad_input_by_name(values, kwargs, name):
    with pytest.raises((TypeError, ValueError), match=name):
        log_bars(axes(), values, ["a", "b"], **kwargs)
