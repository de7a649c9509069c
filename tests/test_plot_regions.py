"""Tests for lfd.plot.regions: pieces, folds, zero set and surface of 2-input ReLU nets.

References: the exact regions of lfd.cpl (one polygon drawn per region),
the adjacency of regions (neighbouring pieces never share a colour), the
fold lines a·x + b = 0 of a first layer computed by hand, and the true
pre-activations of ReLUNet evaluated at the folds found.
"""

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lfd import cpl
from lfd.cpl import geometry as geo
from lfd.plot import regions as pr

BOXES = [(-1.0, 1.0, -1.0, 1.0), (-3.0, 3.0, -3.0, 3.0), (10.0, 14.0, -3.0, -1.0), (-0.01, 0.02, 5.0, 5.05)]


def axes():
    return Figure().subplots()


def random_net(widths, seed):
    return cpl.ReLUNet.random(widths, rng=seed)


@pytest.mark.parametrize("box", BOXES)
@pytest.mark.parametrize("widths,seed", [([2, 5, 1], 0), ([2, 6, 6, 1], 1), ([2, 4, 4, 4, 1], 2)])
def test_one_polygon_per_region_in_any_box(box, widths, seed):
    net = random_net(widths, seed)
    # shift the net so that its folds cross this box: F(v) = G(v - centre)
    centre = np.array([(box[0] + box[1]) / 2, (box[2] + box[3]) / 2])
    scale = max(box[1] - box[0], box[3] - box[2]) / 4
    A1 = net.A[0] / scale
    b1 = net.b[0] - A1 @ centre
    net = cpl.ReLUNet([A1] + net.A[1:], [b1] + net.b[1:])
    regions = cpl.linear_regions(net, box)
    ax = axes()
    polys = pr.draw_regions(ax, regions)
    assert isinstance(polys, PolyCollection)
    assert len(polys.get_paths()) == len(regions) > 1
    np.testing.assert_allclose(ax.get_xlim(), box[:2])
    np.testing.assert_allclose(ax.get_ylim(), box[2:])
    # the polygons drawn are the regions, vertex for vertex
    for path, r in zip(polys.get_paths(), regions):
        np.testing.assert_allclose(path.vertices[:len(r.vertices)], r.vertices)


def test_colours_follow_pieces_and_neighbours_differ():
    for seed in range(6):
        net = random_net([2, 6, 6, 1], seed)
        regions = cpl.linear_regions(net, (-3, 3, -3, 3))
        labels = cpl.piece_labels(regions)
        colors = pr.region_colors(regions)
        for label in np.unique(labels):  # one colour per piece
            assert len({tuple(c) for c in colors[labels == label]}) == 1
        size = 6.0
        pairs = geo._shared_edges([r.vertices for r in regions], [r.edge_lines for r in regions], 1e-9 * size)
        for i, j in pairs:
            if labels[i] != labels[j]:
                assert tuple(colors[i]) != tuple(colors[j])
        assert {tuple(c) for c in colors} <= {to_rgba(c) for c in pr.PALETTE}


def test_pieces_with_merged_regions_share_a_colour():
    # ReLU(x) - ReLU(-x) = x: two regions, one piece; 'region' colours them apart
    net = cpl.ReLUNet([[[1.0, 0.0], [-1.0, 0.0]], [[1.0, -1.0]]], [[0.0, 0.0], 0.0])
    regions = cpl.linear_regions(net, (-1, 1, -1, 1))
    by_piece = pr.region_colors(regions)
    by_region = pr.region_colors(regions, by="region")
    assert tuple(by_piece[0]) == tuple(by_piece[1])
    assert tuple(by_region[0]) != tuple(by_region[1])


def test_greedy_colouring_of_a_planar_graph_uses_few_colours():
    # the wheel graph: a hub joined to a cycle of 7 needs 4 colours
    pairs = [(0, i) for i in range(1, 8)] + [(i, i % 7 + 1) for i in range(1, 8)]
    colour = geo._greedy_coloring(8, pairs)
    assert all(colour[i] != colour[j] for i, j in pairs)
    assert colour.max() < 6


def test_first_layer_folds_lie_on_their_lines_and_fill_them():
    A1 = np.array([[1.0, 2.0], [3.0, -1.0], [2.0, 5.0]])
    b1 = np.array([-4.0, 1.0, -6.0])
    net = cpl.ReLUNet([A1, [1.0, -1.0, 1.0]], [b1, 0.0])
    box = (-10, 10, -10, 10)
    folds = cpl.fold_segments(net, cpl.linear_regions(net, box))
    assert {f.layer for f in folds} == {1}
    chords = cpl.fold_lines(A1, b1, box)
    for j in range(3):
        mine = [f.segment for f in folds if f.neuron == j]
        for s in mine:  # on the line a_j · x + b_j = 0
            np.testing.assert_allclose(s @ A1[j] + b1[j], 0, atol=1e-9)
        length = sum(np.linalg.norm(s[1] - s[0]) for s in mine)
        # listed once: the pieces add up to the whole chord across the box
        np.testing.assert_allclose(length, np.linalg.norm(chords[j, 1] - chords[j, 0]), rtol=1e-9)


def test_deep_folds_are_where_the_true_pre_activation_vanishes():
    net = random_net([2, 5, 4, 3, 1], 7)
    folds = cpl.fold_segments(net, cpl.linear_regions(net, (-3, 3, -3, 3)))
    assert {f.layer for f in folds} == {1, 2, 3}
    for f in folds:
        for t in (0.0, 0.3, 1.0):  # ends and an inner point: z_kj = 0 (up to rounding)
            point = f.segment[0] + t * (f.segment[1] - f.segment[0])
            z = net.pre_activations(point[None, :])[f.layer - 1][0, f.neuron]
            assert abs(z) < 1e-8
    # a second-layer fold bends: its segments are not all on one line
    directions = {tuple(np.round(np.abs((s := f.segment)[1] - s[0]) / np.linalg.norm(s[1] - s[0]), 6))
                  for f in folds if f.layer == 2}
    assert len(directions) > 2


def test_draw_folds_one_collection_per_layer():
    net = random_net([2, 4, 4, 1], 3)
    regions = cpl.linear_regions(net, (-3, 3, -3, 3))
    lines = pr.draw_folds(axes(), net, regions, linestyles=["--", "-"])
    assert [c.get_label() for c in lines] == ["layer 1 folds", "layer 2 folds"]
    assert all(isinstance(c, LineCollection) for c in lines)
    total = sum(len(c.get_segments()) for c in lines)
    assert total == len(cpl.fold_segments(net, regions))


def test_zero_set_square_and_surface_facets():
    A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    net = cpl.ReLUNet([A1, [1.0, 1.0, 1.0, 1.0]], [np.zeros(4), -1.0])
    box = (-2, 2, -2, 2)
    lines = pr.draw_zero_set(axes(), cpl.zero_set(net, box))
    (square,) = lines.get_segments()
    np.testing.assert_allclose(np.abs(square[:-1]).sum(axis=1), 1.0)  # |x| + |y| = 1, closed
    np.testing.assert_allclose(square[0], square[-1])
    regions = cpl.linear_regions(net, box)
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(projection="3d")
    surface = pr.draw_surface(ax, regions)
    fig.canvas.draw()  # 3D facets are projected when drawn
    assert len(surface.get_paths()) == len(regions) == 4
    np.testing.assert_allclose(ax.get_zlim(), (-1.0, 3.0))  # F from 0 - 1 to 2 + 2 - 1


def test_bad_input_is_named():
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    regions = cpl.linear_regions(net, (-1, 1, -1, 1))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        pr.draw_regions(None, regions)
    with pytest.raises(TypeError, match="regions must be a non-empty list of Region"):
        pr.draw_regions(axes(), [])
    with pytest.raises(ValueError, match="by must be one of 'piece', 'region'"):
        pr.region_colors(regions, by="slope")
    with pytest.raises(ValueError, match="palette needs at least 6 colours"):
        pr.region_colors(regions, palette=["red", "blue"])
    with pytest.raises(ValueError, match="3D Axes"):
        pr.draw_surface(axes(), regions)
    with pytest.raises(ValueError, match="output must be <= 0, got 1"):
        pr.draw_surface(Figure().add_subplot(projection="3d"), regions, output=1)
    with pytest.raises(TypeError, match="zs must be a ZeroSet"):
        pr.draw_zero_set(axes(), regions)
    with pytest.raises(ValueError, match="net must have N_0=2 inputs"):
        cpl.fold_segments(cpl.ReLUNet.random([3, 2, 1], rng=0), regions)


@pytest.mark.parametrize("call, name", [
    (lambda ax, net, rs: pr.draw_regions(ax, rs, alpha=float("nan")), "alpha"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, alpha=2.0), "alpha"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, linewidth="x"), "linewidth"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, edgecolor="bogus"), "edgecolor"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, palette="bogus"), "palette"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, box=(-1, np.nan, -1, 1)), "box"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, box=(1, -1, -1, 1)), "box"),
    (lambda ax, net, rs: pr.draw_regions(ax, rs, box=(-1, 1)), "box"),
    (lambda ax, net, rs: pr.draw_folds(ax, net, rs, colors="bogus"), "colors"),
    (lambda ax, net, rs: pr.draw_folds(ax, net, rs, linewidth=None), "linewidth"),
    (lambda ax, net, rs: pr.draw_zero_set(ax, cpl.zero_set(net, (-1, 1, -1, 1)), color="bogus"), "color"),
    (lambda ax, net, rs: pr.draw_zero_set(ax, cpl.zero_set(net, (-1, 1, -1, 1)), linewidth=-1.0), "linewidth"),
])
def test_style_and_box_are_checked_by_name(call, name):
    # issue 16: colors="bogus" drew the folds in blue ('b', its first letter), linewidth=nan,
    # alpha=nan were accepted, and box=(-1, nan, ...) failed inside matplotlib
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    ax = axes()
    with pytest.raises((TypeError, ValueError), match=rf"\b{name}\b"):
        call(ax, net, cpl.linear_regions(net, (-1, 1, -1, 1)))
    assert not ax.collections


def test_surface_style_is_checked_by_name():
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    regions, ax = cpl.linear_regions(net, (-1, 1, -1, 1)), Figure().add_subplot(projection="3d")
    for kwargs, name in [({"alpha": -0.5}, "alpha"), ({"linewidth": np.inf}, "linewidth"),
                         ({"edgecolor": "bogus"}, "edgecolor")]:
        with pytest.raises((TypeError, ValueError), match=name):
            pr.draw_surface(ax, regions, **kwargs)
