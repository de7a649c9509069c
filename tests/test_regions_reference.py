"""The exact linear regions (lfd.cpl.partition) against a compiled engine and against sampling.

References: regioncam (a Rust engine from PyPI that tracks the layers' values on a planar
partition, in float32), the book's counts r(N, 2) and 9 + 9 lines making 100 pieces
(Strang §VII.1, eq. (4) and Problem 3), and activation patterns seen on a grid, which every
exact count must contain: points with one pattern form one convex region (the pattern fixes
every layer's affine map, so its points are cut out by half-planes).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import cpl

regioncam = pytest.importorskip("regioncam")

BOX = (-1.0, 1.0, -1.0, 1.0)  # regioncam's plane of size 1


def in_float32(net):
    """The same net with weights rounded to float32, which regioncam computes with."""
    return cpl.ReLUNet([A.astype(np.float32).astype(float) for A in net.A],
                       [b.astype(np.float32).astype(float) for b in net.b])


def regioncam_count(net):
    """Faces of regioncam's partition of [-1, 1]^2 after every hidden layer of the net."""
    rc = regioncam.Regioncam(size=1)
    for A, b in zip(net.A[:-1], net.b[:-1]):
        rc.linear(np.ascontiguousarray(A.T, dtype=np.float32), b.astype(np.float32))
        rc.relu()
    return rc.num_faces


NETS = [(width, depth, seed) for width, depth in [(4, 1), (12, 1), (40, 1), (100, 1), (6, 2),
                                                  (16, 2), (30, 2), (8, 3), (20, 3), (32, 3),
                                                  (10, 4), (32, 4), (48, 4)]
        for seed in (0, 1)]


@pytest.mark.parametrize("width, depth, seed", NETS)
def test_counts_equal_regioncam(width, depth, seed):
    net = in_float32(cpl.ReLUNet.random([2] + [width] * depth + [1], rng=seed))
    assert cpl.count_regions(net, BOX).regions == regioncam_count(net)


@pytest.mark.parametrize("seed", range(4))
def test_biased_and_narrow_nets_equal_regioncam(seed):
    # large biases push folds out of the box and kill neurons on whole cells
    rng = np.random.default_rng(seed)
    widths = [2, *rng.integers(1, 9, size=3), 1]
    net = in_float32(cpl.ReLUNet.random(widths, rng=rng, bias_scale=40.0))
    assert cpl.count_regions(net, BOX).regions == regioncam_count(net)


@pytest.mark.parametrize("N", range(1, 11))
def test_one_layer_in_general_position_gives_r_N_2_in_both(N):
    rng = np.random.default_rng(N)
    angle = np.pi * (np.arange(N) + rng.uniform(0.3, 0.7, N)) / N  # spread directions
    A = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    b = rng.uniform(-0.05, 0.05, N)  # two folds cross within 0.1 / sin(0.06 pi) < 0.6 of 0
    net = in_float32(cpl.ReLUNet([A, np.ones(N)], [b, 0.0]))
    assert cpl.count_regions(net, BOX).regions == regioncam_count(net) == cpl.max_pieces(N, 2)


def test_nine_by_nine_lines_make_100_pieces_in_both():
    t = (np.arange(9) - 4) / 5  # 9 vertical and 9 horizontal folds in the box
    A = np.vstack([np.tile([1.0, 0.0], (9, 1)), np.tile([0.0, 1.0], (9, 1))])
    net = cpl.ReLUNet([A, np.ones(18)], [-np.concatenate([t, t]), 0.0])
    assert cpl.count_regions(net, BOX).regions == regioncam_count(net) == 100


@settings(max_examples=40, deadline=None)
@given(widths=st.lists(st.integers(1, 12), min_size=1, max_size=3),
       seed=st.integers(0, 2**32 - 1),
       bias_scale=st.sampled_from([0.0, 2.0, 20.0]),
       corner=st.tuples(st.floats(-3, 2), st.floats(-3, 2)),
       size=st.tuples(st.floats(0.05, 3), st.floats(0.05, 3)))
def test_counts_contain_every_pattern_seen_on_a_grid(widths, seed, bias_scale, corner, size):
    net = cpl.ReLUNet.random([2, *widths, 1], rng=seed, bias_scale=bias_scale)
    box = (corner[0], corner[0] + size[0], corner[1], corner[1] + size[1])
    count = cpl.count_regions(net, box)
    regions = cpl.linear_regions(net, box)
    n = 120
    x = np.linspace(box[0], box[1], n + 2)[1:-1]
    y = np.linspace(box[2], box[3], n + 2)[1:-1]
    X = np.stack(np.meshgrid(x, y), axis=-1).reshape(-1, 2)
    seen = {row.tobytes() for row in np.packbits(net.patterns(X, stacked=True), axis=1)}
    exact = {row.tobytes() for row in np.packbits([r.pattern for r in regions], axis=1)}
    assert count.regions == len(regions) == len(exact) >= len(seen)
    assert seen <= exact and 1 <= count.pieces <= count.regions
