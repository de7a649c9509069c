"""Tests for lfd.cpl: ReLU, r(N, m), ReLUNet and the exact linear regions.

References used: math.comb for the binomial sums, the book's own numbers
(r(4, 2) = 11, r(4, 3) = 15, r(5, 3) = 26, 9 + 9 lines giving 100 pieces),
activation patterns sampled on fine grids, and functions whose pieces are
known by hand (|x| + |y| - 1 and friends).
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lfd import activations as act
from lfd import cpl
from lfd.cpl import geometry as geo
from lfd.cpl import partition, regions

BOX = (-1.0, 1.0, -1.0, 1.0)


# ---------------------------------------------------------------------------
# activation functions
# ---------------------------------------------------------------------------

def test_relu_is_the_ramp():
    x = np.array([-3.0, -0.0, 0.0, 0.5, 7.0])
    np.testing.assert_array_equal(act.relu(x), [0, 0, 0, 0.5, 7])
    assert act.relu(np.zeros((2, 3))).shape == (2, 3)


def test_leaky_relu_and_its_argument_checks():
    np.testing.assert_allclose(act.leaky_relu([-2.0, 0.0, 4.0]), [-0.02, 0.0, 4.0])
    np.testing.assert_array_equal(act.leaky_relu([-2.0, 4.0], alpha=0), act.relu([-2.0, 4.0]))
    with pytest.raises(ValueError, match=r"alpha must lie in \[0, 1\), got 1.5"):
        act.leaky_relu([1.0], alpha=1.5)
    with pytest.raises(TypeError, match="alpha must be a real number, got '0.1' \\(str\\)"):
        act.leaky_relu([1.0], alpha="0.1")


def test_sigmoid_is_stable_and_symmetric():
    x = np.linspace(-800, 800, 41)
    s = act.sigmoid(x)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + act.sigmoid(-x), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(act.sigmoid([0.3]), 1 / (1 + np.exp(-0.3)), rtol=1e-15)


# ---------------------------------------------------------------------------
# r(N, m)
# ---------------------------------------------------------------------------

def test_formula_equals_recursion_for_all_small_N_and_m():
    for N in range(201):
        for m in range(21):
            assert cpl.max_pieces(N, m) == cpl.max_pieces_recursive(N, m), (N, m)


@settings(max_examples=60, deadline=None)
@given(N=st.integers(0, 3000), m=st.integers(0, 3000))
def test_formula_equals_binomial_sum(N, m):
    # math.comb is an independent reference (it returns 0 for i > N)
    assert cpl.max_pieces(N, m) == sum(math.comb(N, i) for i in range(min(m, N) + 1))


def test_book_values():
    assert [cpl.max_pieces(N, 2) for N in range(5)] == [1, 2, 4, 7, 11]
    assert [cpl.max_pieces_recursive(N, 2) for N in range(5)] == [1, 2, 4, 7, 11]
    assert cpl.max_pieces(3, 3) == 8        # the octants of x = 0, y = 0, z = 0
    assert cpl.max_pieces(4, 3) == 15       # plus the plane x + y + z = 1
    assert cpl.max_pieces(5, 3) == 26       # five cuts of a cake
    assert cpl.max_pieces(2, 1) == 3 and cpl.max_pieces(4, 1) == 5
    assert cpl.max_pieces(1, 7) == 2 and cpl.max_pieces(2, 5) == 4
    assert cpl.max_pieces(18, 2) == 172     # Problem 3, general position
    assert cpl.max_pieces(5, 2) == 16       # Problem 7: five folds
    assert cpl.max_pieces(20, 2) == 211     # Problem 20
    assert cpl.max_pieces(0, 0) == cpl.max_pieces_recursive(0, 0) == 1


def test_r_N_2_has_leading_term_half_N_squared():
    for N in (0, 1, 5, 100, 12345):
        assert cpl.max_pieces(N, 2) == 1 + N + N * (N - 1) // 2


def test_r_is_two_to_the_N_when_m_reaches_N():
    for N in range(12):
        assert cpl.max_pieces(N, N) == cpl.max_pieces(N, N + 9) == 2 ** N
        assert cpl.max_pieces_recursive(N, N + 9) == 2 ** N


def test_large_N_is_exact():
    N = 10 ** 6
    exact = 1 + N + N * (N - 1) // 2 + N * (N - 1) * (N - 2) // 6
    assert cpl.max_pieces(N, 3) == exact
    assert cpl.max_pieces(N, N - 5) == 2 ** N - sum(math.comb(N, i) for i in range(N - 4, N + 1))
    assert cpl.max_pieces_recursive(20_000, 3) == cpl.max_pieces(20_000, 3)


def test_numpy_integers_are_accepted():
    assert cpl.max_pieces(np.int64(4), np.int32(2)) == 11
    assert cpl.max_pieces_recursive(np.uint8(4), np.int16(2)) == 11


@pytest.mark.parametrize("f", [cpl.max_pieces, cpl.max_pieces_recursive])
def test_counting_errors_name_the_argument(f):
    with pytest.raises(ValueError, match=r"N must be >= 0, got -1"):
        f(-1, 2)
    with pytest.raises(ValueError, match=r"m must be >= 0, got -3"):
        f(4, -3)
    with pytest.raises(TypeError, match=r"N must be an integer, got 4.0 \(float\)"):
        f(4.0, 2)
    with pytest.raises(TypeError, match=r"m must be an integer, got True \(bool\)"):
        f(4, True)
    with pytest.raises(TypeError, match=r"m must be an integer, got \'2\' \(str\)"):
        f(4, "2")


# ---------------------------------------------------------------------------
# ReLUNet
# ---------------------------------------------------------------------------

def test_net_matches_the_formula_of_the_book():
    # v_2 = A_2 ReLU(A_1 v_0 + b_1) + b_2 with 3 features and 4 neurons (20 weights)
    rng = np.random.default_rng(0)
    A1, b1, A2, b2 = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(1, 4)), rng.normal(size=1)
    net = cpl.ReLUNet([A1, A2], [b1, b2])
    assert net.n_parameters == 21 and net.n_hidden == 4 and net.widths == [3, 4, 1]
    X = rng.normal(size=(10, 3))
    expected = (np.maximum(X @ A1.T + b1, 0) @ A2.T + b2)[:, 0]
    np.testing.assert_allclose(net(X), expected, rtol=1e-14)
    assert net(X[0]) == pytest.approx(expected[0], rel=1e-14)


def test_shapes_of_outputs_and_patterns():
    net = cpl.ReLUNet.random([2, 5, 3, 4], rng=1)
    X = np.random.default_rng(2).normal(size=(7, 2))
    assert net(X).shape == (7, 4) and net(X[0]).shape == (4,)
    pats = net.patterns(X)
    assert [p.shape for p in pats] == [(7, 5), (7, 3)] and pats[0].dtype == bool
    np.testing.assert_array_equal(net.patterns(X, stacked=True), np.hstack(pats))
    z = net.pre_activations(X)
    np.testing.assert_array_equal(pats[1], z[1] > 0)
    assert cpl.ReLUNet.random([2, 1], rng=0).patterns(X, stacked=True).shape == (7, 0)


def test_problem_9_counts_weights_and_relus():
    net = cpl.ReLUNet.random([4, 6, 6, 6, 1], rng=0)
    assert net.n_parameters == (4 * 6 + 6) + 2 * (6 * 6 + 6) + (6 + 1) == 121
    assert net.n_hidden == 18


def test_random_uses_only_the_given_rng():
    a = cpl.ReLUNet.random([2, 16, 16, 1], rng=5)
    b = cpl.ReLUNet.random([2, 16, 16, 1], rng=np.random.default_rng(5))
    for Aa, Ab in zip(a.A + a.b, b.A + b.b):
        np.testing.assert_array_equal(Aa, Ab)
    c = cpl.ReLUNet.random([2, 16, 16, 1], rng=6)
    assert not np.array_equal(a.A[0], c.A[0])
    assert np.all(cpl.ReLUNet.random([2, 4, 1], rng=0, bias_scale=0).b[0] == 0)


def test_he_variance_by_default():
    net = cpl.ReLUNet.random([400, 300, 1], rng=0)
    # 120000 samples: the sample variance is within a few percent of 2 / 400
    assert net.A[0].var() == pytest.approx(2 / 400, rel=0.03)


def test_net_errors_name_the_layer():
    with pytest.raises(ValueError, match=r"layer 2: A_2 has 3 columns but layer 1 has N_1=4 outputs"):
        cpl.ReLUNet([np.ones((4, 2)), np.ones((1, 3))], [np.zeros(4), 0.0])
    with pytest.raises(ValueError, match=r"b\[0\] must have shape \(4,\), got \(3,\)"):
        cpl.ReLUNet([np.ones((4, 2)), np.ones((1, 4))], [np.zeros(3), 0.0])
    with pytest.raises(ValueError, match=r"len\(A\)=2 and len\(b\)=1"):
        cpl.ReLUNet([np.ones((4, 2)), np.ones((1, 4))], [np.zeros(4)])
    with pytest.raises(ValueError, match=r"A\[0\] must hold finite values"):
        cpl.ReLUNet([[[np.nan, 1.0]]], [0.0])
    with pytest.raises(TypeError, match="one array per layer"):
        cpl.ReLUNet(np.ones((2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\) .* got shape \(5, 3\)"):
        cpl.ReLUNet.random([2, 3, 1], rng=0)(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"widths must hold at least 2 integers, got 1"):
        cpl.ReLUNet.random([2], rng=0)
    with pytest.raises(ValueError, match=r"widths\[1\] must be >= 1, got 0"):
        cpl.ReLUNet.random([2, 0, 1], rng=0)
    with pytest.raises(TypeError, match=r"widths\[1\] must be an integer, got 2.5 \(float\)"):
        cpl.ReLUNet.random([2, 2.5, 1], rng=0)
    with pytest.raises(ValueError, match=r"scale must lie in \[0, inf\), got -1"):
        cpl.ReLUNet.random([2, 3, 1], scale=-1)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), t=st.floats(0, 100), depth=st.integers(1, 4))
def test_bias_free_net_is_positively_homogeneous(seed, t, depth):
    rng = np.random.default_rng(seed)
    net = cpl.ReLUNet.random([3] + [6] * depth + [2], rng=rng, bias_scale=0)
    X = rng.normal(size=(20, 3))
    # float64 products of a few layers: relative error a few ulps times depth
    np.testing.assert_allclose(net(t * X), t * net(X), rtol=1e-12, atol=1e-12 * (1 + t))


# ---------------------------------------------------------------------------
# exact regions: one hidden layer, counts known from the book
# ---------------------------------------------------------------------------

def one_layer(A1, b1, out=None):
    A1 = np.asarray(A1, float)
    out = np.ones(len(A1)) if out is None else np.asarray(out, float)
    return cpl.ReLUNet([A1, out], [np.asarray(b1, float), 0.0])


def general_lines(N, rng):
    """N lines with well separated directions, and a box holding all crossings."""
    theta = (np.arange(N) + rng.uniform(0.1, 0.9, N)) * np.pi / N
    scale = rng.uniform(0.5, 2.0, N)
    A = scale[:, None] * np.c_[np.cos(theta), np.sin(theta)]
    b = -scale * rng.uniform(0.2, 1.5, N) * rng.choice([-1, 1], N)
    crossings = [np.linalg.solve(A[[i, j]], -b[[i, j]]) for i in range(N) for j in range(i)]
    half = 1.0 + (np.abs(crossings).max() if crossings else 1.0)
    return A, b, (-half, half, -half, half), crossings


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), N=st.integers(1, 12))
def test_one_layer_in_general_position_gives_r_N_2(seed, N):
    rng = np.random.default_rng(seed)
    A, b, box, crossings = general_lines(N, rng)
    # general position: no crossing lies (nearly) on a third line
    unit = np.hypot(A[:, 0], A[:, 1])
    for p in crossings:
        d = np.abs(A @ p + b) / unit
        assume(np.sort(d)[2] > 1e-6 * box[1] if N >= 3 else True)
    net = one_layer(A, b, out=rng.choice([-1.0, 1.0], N))
    assert cpl.count_regions(net, box) == (cpl.max_pieces(N, 2), cpl.max_pieces(N, 2))


def test_problem_4_three_folds_seven_pieces():
    A1 = [[1, 2], [3, -1], [2, 5]]
    b1 = [-4, 1, -6]
    assert cpl.count_regions(one_layer(A1, b1), (-10, 10, -10, 10)) == (7, 7)


def test_problem_3_nine_vertical_nine_horizontal_lines():
    A1 = [[1, 0]] * 9 + [[0, 1]] * 9
    b1 = -np.r_[1:10, 1:10].astype(float)
    count = cpl.count_regions(one_layer(A1, b1), (0, 10, 0, 10))
    assert count == (100, 100) and cpl.max_pieces(18, 2) == 172


@pytest.mark.parametrize("N", [1, 2, 5, 9])
def test_parallel_folds_give_N_plus_1(N):
    A1 = np.tile([[1.0, 2.0]], (N, 1))
    b1 = -np.linspace(-1, 1, N)
    assert cpl.count_regions(one_layer(A1, b1), (-2, 2, -2, 2)).regions == N + 1


@pytest.mark.parametrize("N", [2, 3, 6])
def test_folds_through_one_point_give_2N(N):
    theta = np.linspace(0, np.pi, N, endpoint=False) + 0.1
    A1 = np.c_[np.cos(theta), np.sin(theta)]
    p = np.array([0.3, -0.2])
    count = cpl.count_regions(one_layer(A1, -A1 @ p), BOX)
    assert count.regions == 2 * N
    assert count.regions < cpl.max_pieces(N, 2) or N < 3  # 3 lines: 6, not 7


def test_book_exceptional_case_in_3d_by_sampling():
    # ReLU(x) + ReLU(y) + ReLU(z) + ReLU(x + y + z - c); exact regions are
    # planar only, so count the patterns of many random points in R^3.
    X = np.random.default_rng(0).uniform(-3, 3, size=(200_000, 3))
    counts = {}
    for c in (1.0, 0.0):
        net = cpl.ReLUNet([np.vstack([np.eye(3), np.ones(3)]), np.ones(4)], [[0, 0, 0, -c], 0.0])
        counts[c] = len(np.unique(net.patterns(X, stacked=True), axis=0))
    assert counts[1.0] == 15 == cpl.max_pieces(4, 3)
    # Through the origin the fourth plane misses both octants (+,+,+) and
    # (-,-,-): 14 of the 2^4 = 16 sign patterns occur.
    assert counts[0.0] == 14


def test_box_far_away_from_the_folds_is_one_region():
    net = one_layer([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0])
    regions = cpl.linear_regions(net, (5, 6, 5, 6))
    assert len(regions) == 1 and regions[0].pattern.tolist() == [True, True]
    np.testing.assert_allclose(regions[0].w, [[1.0, 1.0]])


# ---------------------------------------------------------------------------
# exact regions of deep nets against grid sampling
# ---------------------------------------------------------------------------

def grid(box, n):
    xmin, xmax, ymin, ymax = box
    h = (xmax - xmin) / n, (ymax - ymin) / n
    xs = xmin + h[0] * (np.arange(n) + 0.5)
    ys = ymin + h[1] * (np.arange(n) + 0.5)
    X = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1).reshape(-1, 2)
    return X, max(h)


def strictly_inside(V, X, margin):
    """Points of X at distance > margin inside the convex polygon V (ccw)."""
    inside = np.ones(len(X), dtype=bool)
    for p, q in zip(V, np.roll(V, -1, axis=0)):
        e = q - p
        inside &= (e[0] * (X[:, 1] - p[1]) - e[1] * (X[:, 0] - p[0])) > margin * np.hypot(*e)
    return inside


def pattern_keys(P):
    return {row.tobytes() for row in np.packbits(P, axis=1)}


@pytest.mark.parametrize("widths, seed, box", [
    ([2, 8, 1], 0, BOX),
    ([2, 8, 8, 1], 1, BOX),
    ([2, 16, 16, 1], 2, (-2.0, 2.0, -1.0, 1.5)),
    ([2, 8, 8, 3], 3, BOX),
])
def test_exact_regions_agree_with_grid_sampling(widths, seed, box):
    net = cpl.ReLUNet.random(widths, rng=seed)
    regions = cpl.linear_regions(net, box)
    X, h = grid(box, 300)
    P = net.patterns(X, stacked=True)

    exact = [r.pattern for r in regions]
    assert len(pattern_keys(np.array(exact))) == len(regions)  # one region per pattern
    # every pattern seen on the grid is an exact region
    assert pattern_keys(P) <= pattern_keys(np.array(exact))

    seen = np.zeros(len(X), dtype=int)
    for r in regions:
        V = r.vertices
        assert geo._polygon_area(V) > 0  # counter-clockwise
        inside = strictly_inside(V, X, 1e-9)
        seen += inside
        # grid points inside the polygon have its pattern
        assert np.all(P[inside] == r.pattern)
        # a region with inradius >= A / perimeter > h holds a grid point
        perimeter = np.sum(np.hypot(*(np.roll(V, -1, axis=0) - V).T))
        if r.area / perimeter > h:
            assert inside.any()
    # the polygons tile the box: each grid point lies in exactly one
    assert np.all(seen == 1)
    xmin, xmax, ymin, ymax = box
    assert sum(r.area for r in regions) == pytest.approx((xmax - xmin) * (ymax - ymin), rel=1e-9)

    # each region's affine map is F there: compare at the centroids
    C = np.array([r.centroid for r in regions])
    values = np.array([r.F(c[None, :])[0] for r, c in zip(regions, C)])
    np.testing.assert_allclose(values, net(C), rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(net.patterns(C, stacked=True), np.array(exact))


def test_region_maps_are_the_gradients_of_F():
    net = cpl.ReLUNet.random([2, 16, 16, 1], rng=7)
    regions = cpl.linear_regions(net, BOX)
    big = max(regions, key=lambda r: r.area)
    c = big.centroid
    h = 1e-6  # F is exactly affine near the centroid, so differences are exact up to rounding
    grad = [(net(c + h * e) - net(c - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(grad, big.w[0], rtol=1e-6, atol=1e-8)


def test_hidden_layer_that_copies_the_first_adds_no_folds():
    # v_2 = ReLU(I v_1) = v_1: the layer-2 folds coincide with old boundaries
    rng = np.random.default_rng(4)
    A, b, box, _ = general_lines(5, rng)
    net = cpl.ReLUNet([A, np.eye(5), np.ones((1, 5))], [b, np.zeros(5), 0.0])
    assert cpl.count_regions(net, box) == (16, 16)


# ---------------------------------------------------------------------------
# flat pieces
# ---------------------------------------------------------------------------

def test_zero_output_weight_folds_do_not_count_as_pieces():
    rng = np.random.default_rng(8)
    A, b, box, _ = general_lines(6, rng)
    out = np.ones(6)
    out[2] = 0.0  # neuron 2 folds the plane but not F
    assert cpl.count_regions(one_layer(A, b, out), box) == (cpl.max_pieces(6, 2),
                                                             cpl.max_pieces(5, 2))


def test_duplicated_neuron_adds_nothing():
    rng = np.random.default_rng(9)
    A, b, box, _ = general_lines(5, rng)
    A, b = np.vstack([A, A[1]]), np.r_[b, b[1]]
    assert cpl.count_regions(one_layer(A, b), box) == (16, 16)


def test_two_folds_that_cancel():
    # ReLU(x) - ReLU(-x) = x: two activation regions, one flat piece
    net = one_layer([[1.0, 0.0], [-1.0, 0.0]], [0.0, 0.0], out=[1.0, -1.0])
    assert cpl.count_regions(net, BOX) == (2, 1)


def test_dead_output_makes_one_piece():
    net = cpl.ReLUNet.random([2, 16, 16, 1], rng=3)
    dead = cpl.ReLUNet(net.A[:-1] + [np.zeros((1, 16))], net.b[:-1] + [0.5])
    count = cpl.count_regions(dead, BOX)
    assert count.regions == cpl.count_regions(net, BOX).regions > 20 and count.pieces == 1


def test_pieces_carry_one_map_and_are_connected():
    net = cpl.ReLUNet.random([2, 8, 8, 1], rng=11)
    # make half of the output weights zero: many folds vanish from F
    A3 = net.A[2].copy()
    A3[0, ::2] = 0.0
    net = cpl.ReLUNet(net.A[:2] + [A3], net.b)
    regions = cpl.linear_regions(net, BOX)
    labels = cpl.piece_labels(regions)
    assert labels.max() + 1 < len(regions)
    for k in range(labels.max() + 1):
        members = [r for r, lab in zip(regions, labels) if lab == k]
        for r in members[1:]:
            np.testing.assert_allclose(r.w, members[0].w, atol=1e-9)
            np.testing.assert_allclose(r.c, members[0].c, atol=1e-9)


def brute_force_neighbours(regions, tol):
    """Pairs of regions with collinear, opposite, overlapping edges (no line ids used)."""
    P = np.vstack([r.vertices for r in regions])
    Q = np.vstack([np.roll(r.vertices, -1, axis=0) for r in regions])
    owner = np.concatenate([[i] * len(r.vertices) for i, r in enumerate(regions)])
    length = np.hypot(*(Q - P).T)
    u = (Q - P) / length[:, None]
    n = np.c_[-u[:, 1], u[:, 0]]
    off_p = np.abs(np.einsum("ijk,ik->ij", P[None] - P[:, None], n))
    off_q = np.abs(np.einsum("ijk,ik->ij", Q[None] - P[:, None], n))
    s0 = np.einsum("ijk,ik->ij", P[None] - P[:, None], u)
    s1 = np.einsum("ijk,ik->ij", Q[None] - P[:, None], u)
    overlap = np.minimum(np.maximum(s0, s1), length[:, None]) - np.maximum(np.minimum(s0, s1), 0)
    M = (off_p < tol) & (off_q < tol) & (u @ u.T < -1 + 1e-9) & (overlap > tol)
    I, J = np.nonzero(M & (owner[:, None] != owner[None, :]))
    return {(min(a, b), max(a, b)) for a, b in zip(owner[I], owner[J])}


@pytest.mark.parametrize("seed, bias_scale", [(1, None), (5, 0.0), (14, None)])
def test_pieces_of_deep_nets_match_brute_force_adjacency(seed, bias_scale):
    # In a deep narrow net a fold can leave F unchanged where the paths
    # behind it are switched off, so pieces < regions happens by itself.
    net = cpl.ReLUNet.random([2, 6, 6, 6, 6, 1], rng=seed, bias_scale=bias_scale)
    regions = cpl.linear_regions(net, BOX)
    labels = cpl.piece_labels(regions)
    same = [(i, j) for i, j in brute_force_neighbours(regions, 1e-7)
            if np.allclose(regions[i].w, regions[j].w, atol=1e-9)
            and np.allclose(regions[i].c, regions[j].c, atol=1e-9)]
    reference = geo._connected_components(len(regions), np.array(sorted(same)).reshape(-1, 2))
    np.testing.assert_array_equal(labels, reference)  # both number pieces by first region
    assert labels.max() + 1 < len(regions)


# ---------------------------------------------------------------------------
# the zero set F = 0
# ---------------------------------------------------------------------------

def abs_net(weights, shifts, c0):
    """F(x, y) = sum_i weights_i |(x, y)_i - shifts_i| + c0, via |t| = ReLU(t) + ReLU(-t)."""
    A1 = np.array([[1, 0], [-1, 0], [0, 1], [0, -1]], float)
    b1 = np.array([-shifts[0], shifts[0], -shifts[1], shifts[1]], float)
    out = np.repeat(weights, 2).astype(float)
    return cpl.ReLUNet([A1, out], [b1, c0])


def test_diamond_is_a_closed_curve_with_4_sides():
    zs = cpl.zero_set(abs_net([1, 1], [0, 0], -1.0), (-2, 2, -2, 2))
    assert len(zs.curves) == 1 and zs.sides == 4 and zs.area == 0
    curve = zs.curves[0]
    assert curve.closed and curve.sides == 4
    assert sorted(map(tuple, np.round(curve.vertices, 12) + 0.0)) == [(-1, 0), (0, -1), (0, 1), (1, 0)]


def test_shifted_diamond():
    zs = cpl.zero_set(abs_net([1, 2], [0.3, -0.1], -1.0), (-2, 2, -2, 2))
    assert [(c.closed, c.sides) for c in zs.curves] == [(True, 4)]


def test_single_fold_gives_one_side():
    net = cpl.ReLUNet([[[1.0, 0.0]], [[1.0]]], [[0.0], -0.5])  # ReLU(x) - 1/2
    zs = cpl.zero_set(net, BOX)
    assert len(zs.curves) == 1 and not zs.curves[0].closed and zs.sides == 1
    np.testing.assert_allclose(zs.curves[0].vertices[:, 0], 0.5)


def test_straight_zero_set_across_a_fold_is_one_side():
    # F = y + 0 * ReLU(x): two regions, and the zero set y = 0 goes straight on
    net = cpl.ReLUNet([[[1.0, 0.0], [0.0, 1.0], [0.0, -1.0]], [[0.0, 1.0, -1.0]]], [[0.0, 0.0, 0.0], 0.0])
    assert cpl.count_regions(net, BOX) == (4, 1)
    zs = cpl.zero_set(net, BOX)
    assert zs.sides == 1 and len(zs.curves[0].vertices) == 2


def test_zero_set_along_a_fold_is_kept_once():
    # F = 2 ReLU(y) - ReLU(-y) + 0 ReLU(x + 0.3 y): F = 2y above, y below, so
    # F = 0 exactly on the fold y = 0, which both neighbours report
    net = cpl.ReLUNet([[[0.0, 1.0], [0.0, -1.0], [1.0, 0.3]], [[2.0, -1.0, 0.0]]],
                      [[0.0, 0.0, 0.0], 0.0])
    assert cpl.count_regions(net, BOX) == (4, 2)
    zs = cpl.zero_set(net, BOX)
    assert [(c.closed, c.sides) for c in zs.curves] == [(False, 1)]
    np.testing.assert_allclose(zs.curves[0].vertices[:, 1], 0.0, atol=1e-15)


def test_ramp_plus_ramp_minus_one_has_three_sides():
    # ReLU(x) + ReLU(y) - 1: x = 1 (y < 0), x + y = 1, y = 1 (x < 0)
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], -1.0])
    zs = cpl.zero_set(net, (-2, 2, -2, 2))
    assert [(c.closed, c.sides) for c in zs.curves] == [(False, 3)]


def test_crossing_lines_split_at_the_junction():
    # |x| - |y| = 0 on both diagonals: four open branches from the origin
    zs = cpl.zero_set(abs_net([1, -1], [0, 0], 0.0), BOX)
    assert len(zs.curves) == 4 and zs.sides == 4
    assert all(not c.closed for c in zs.curves)


def test_region_where_F_vanishes_is_an_area():
    net = cpl.ReLUNet([[[1.0, 0.0]], [[1.0]]], [[0.0], 0.0])  # ReLU(x)
    zs = cpl.zero_set(net, BOX)
    assert zs.area == pytest.approx(2.0) and zs.sides == 1


@pytest.mark.parametrize("widths, seed", [([2, 8, 1], 2), ([2, 16, 16, 1], 4), ([2, 12, 12, 12, 1], 0)])
def test_zero_set_of_random_nets_lies_on_F_equal_0(widths, seed):
    net = cpl.ReLUNet.random(widths, rng=seed)
    box = (-2.0, 2.0, -2.0, 2.0)
    zs = cpl.zero_set(net, box)
    assert len(zs.curves) >= 2 and zs.sides == sum(c.sides for c in zs.curves)
    X, _ = grid(box, 200)
    scale = np.abs(net(X)).max()
    sides = []
    for curve in zs.curves:
        V = curve.vertices
        W = V if not curve.closed else np.vstack([V, V[:1]])
        sides += list(zip(W[:-1], W[1:]))
        t = np.linspace(0, 1, 7)[:, None, None]
        points = (W[:-1] + t * (W[1:] - W[:-1])).reshape(-1, 2)  # along every side
        np.testing.assert_allclose(net(points), 0.0, atol=1e-9 * scale)
        # an open curve ends on the box (no branch points in a random net)
        if not curve.closed:
            for end in V[[0, -1]]:
                assert min(abs(end[0] - box[0]), abs(end[0] - box[1]),
                           abs(end[1] - box[2]), abs(end[1] - box[3])) < 1e-9

    # Independent check: F changes sign between two neighbouring grid points
    # exactly when an odd number of sides cross the short segment joining them.
    n = 200
    G = X.reshape(n, n, 2)            # G[i, j] = (x_i, y_j)
    xs, ys = G[:, 0, 0], G[0, :, 1]
    sign_change = np.sign(net(X)).reshape(n, n)
    sign_change = sign_change[1:, :] != sign_change[:-1, :]   # between x_i and x_{i+1} on row y_j
    parity = np.zeros((n - 1, n), dtype=bool)
    for p, q in sides:
        lo, hi = sorted((p[1], q[1]))
        for j in np.nonzero((ys > lo) & (ys < hi))[0]:
            x = p[0] + (ys[j] - p[1]) / (q[1] - p[1]) * (q[0] - p[0])
            i = np.searchsorted(xs, x) - 1
            if 0 <= i < n - 1:
                parity[i, j] ^= True
    np.testing.assert_array_equal(parity, sign_change)


def test_zero_set_needs_a_scalar_output():
    with pytest.raises(ValueError, match=r"one output \(N_L=1\), got N_L=2"):
        cpl.zero_set(cpl.ReLUNet.random([2, 3, 2], rng=0), BOX)


# ---------------------------------------------------------------------------
# fold lines, argument checks of the region functions
# ---------------------------------------------------------------------------

def test_fold_lines_in_a_box():
    segs = cpl.fold_lines([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]], [0.0, -3.0, 1.0], BOX)
    assert segs.shape == (3, 2, 2)
    np.testing.assert_allclose(sorted(segs[0].tolist()), [[-1, 1], [1, -1]], atol=1e-15)
    assert np.isnan(segs[1]).all() and np.isnan(segs[2]).all()  # misses the box; no fold


def test_region_function_errors():
    net = cpl.ReLUNet.random([2, 4, 1], rng=0)
    with pytest.raises(TypeError, match="net must be a ReLUNet, got list"):
        cpl.linear_regions([net], BOX)
    with pytest.raises(ValueError, match=r"N_0=2 inputs .* got a net with N_0=3"):
        cpl.count_regions(cpl.ReLUNet.random([3, 4, 1], rng=0), BOX)
    with pytest.raises(ValueError, match=r"xmin < xmax and ymin < ymax, got box=\(1, 0, 0, 1\)"):
        cpl.linear_regions(net, (1, 0, 0, 1))
    with pytest.raises(ValueError, match=r"box must have shape \(4,\), got \(3,\)"):
        cpl.zero_set(net, (0, 1, 0))
    with pytest.raises(TypeError, match="box must be an array of real numbers, got None"):
        cpl.linear_regions(net, None)
    with pytest.raises(ValueError, match=r"A must have shape \(n, 2\), got \(3, 3\)"):
        cpl.fold_lines(np.ones((3, 3)), np.zeros(3), BOX)
    with pytest.raises(TypeError, match="non-empty list of Region"):
        cpl.piece_labels([])


# ---------------------------------------------------------------------------
# initial variance 2 / fan-in
# ---------------------------------------------------------------------------

def test_activation_sizes_follow_width_sigma2_over_2():
    width, depth = 200, 12
    for sigma2, factor in ((2 / width, 1.0), (1 / width, 0.5), (4 / width, 2.0)):
        s = cpl.activation_sizes(sigma2, depth, width, rng=0)
        assert s.shape == (depth + 1,)
        # E|v_k|^2 = (width sigma2 / 2)^k E|v_0|^2; finite width: allow a factor 1.5
        predicted = s[0] * factor ** (np.arange(depth + 1) / 2)
        assert np.all(s / predicted < 1.5) and np.all(s / predicted > 1 / 1.5)
    np.testing.assert_array_equal(cpl.activation_sizes(0.01, 3, 10, rng=4),
                                  cpl.activation_sizes(0.01, 3, 10, rng=np.random.default_rng(4)))


def test_activation_sizes_errors():
    with pytest.raises(ValueError, match=r"sigma2 must lie in \(0, inf\), got 0"):
        cpl.activation_sizes(0, 3, 10)
    with pytest.raises(TypeError, match=r"depth must be an integer, got 3.0 \(float\)"):
        cpl.activation_sizes(0.1, 3.0, 10)
    with pytest.raises(ValueError, match="width must be >= 1, got 0"):
        cpl.activation_sizes(0.1, 3, 0)


# ---------------------------------------------------------------------------
# one ReLU net, two forms: ReLUNet <-> Sequential of lfd.nn layers
# ---------------------------------------------------------------------------

def test_sequential_round_trips():
    from lfd import nn

    seq = nn.mlp([2, 5, 3, 1], "relu", rng=0)
    net = cpl.ReLUNet.from_sequential(seq)
    X = np.random.default_rng(1).normal(size=(20, 2))
    np.testing.assert_array_equal(net(X), seq.forward(X)[:, 0])
    back = net.to_sequential()
    np.testing.assert_array_equal(back.forward(X), seq.forward(X))
    again = cpl.ReLUNet.from_sequential(back)
    for P, Q in zip(again.A + again.b, net.A + net.b):
        np.testing.assert_array_equal(P, Q)
    net.A[0][0, 0] += 1.0  # copies, not views
    assert seq.layers[0].A[0, 0] != net.A[0][0, 0]


def test_from_sequential_refuses_other_nets():
    from lfd import nn

    with pytest.raises(TypeError, match="Dense, ReLU, ..., Dense"):
        cpl.ReLUNet.from_sequential(nn.mlp([2, 3, 1], "tanh", rng=0))
    with pytest.raises(TypeError, match="Dense, ReLU, ..., Dense"):
        cpl.ReLUNet.from_sequential([np.eye(2)])


def test_bad_inputs_are_named():
    net = cpl.ReLUNet.random([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match="X must hold finite values"):
        net([[np.nan, 0.0]])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        net([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="box must hold finite values"):
        cpl.count_regions(net, (0, np.inf, 0, 1))
    with pytest.raises(ValueError, match=r"b\[1\] must hold finite values"):
        cpl.ReLUNet([np.eye(2), np.ones((1, 2))], [np.zeros(2), [np.nan]])
    with pytest.raises(ValueError, match="by must be one of"):
        cpl.color_classes(cpl.linear_regions(net, BOX), by="slope")


def test_polygon_helpers_on_small_examples():
    square = [[0, 0], [2, 0], [2, 2], [0, 2]]
    np.testing.assert_array_equal(geo._polygon_centroid([[0, 0], [2, 0], [2, 1], [0, 1]]), [1, 0.5])
    part = partition._cut([np.array([[1.0, 0.0]])], [np.array([-1.0])], (0, 2, 0, 2), 1e-9)
    assert part.n_faces == 2 and part.P.tolist() == square + [[1.0, 0.0], [1.0, 2.0]]
    assert part.inside.tolist() == [[1.5, 1.0], [0.5, 1.0]]  # x - 1 > 0 kept face 0
    assert sorted(part.line.tolist()) == [-1] * 6 + [0]
    V, E = regions._polygons(part)
    assert V[0].tolist() == [[1.0, 0.0], [2.0, 0.0], [2.0, 2.0], [1.0, 2.0]]
    assert V[1].tolist() == [[0.0, 0.0], [1.0, 0.0], [1.0, 2.0], [0.0, 2.0]]
    assert E[0].tolist() == [-1, -1, -1, 0] and E[1].tolist() == [-1, 0, -1, -1]
    left, right = [[0, 0], [1, 0], [1, 1], [0, 1]], [[1, 0], [2, 0], [2, 1], [1, 1]]
    pairs = geo._shared_edges([left, right], [[-1, 5, -1, -1], [-1, -1, -1, 5]], 1e-9)
    assert pairs.tolist() == [[0, 1]]
    assert geo._connected_components(5, [(0, 3), (3, 4)]).tolist() == [0, 1, 2, 0, 0]
    assert geo._greedy_coloring(3, [(0, 1), (1, 2), (0, 2)]).tolist() == [2, 1, 0]
    corners = geo._corners([[0, 0], [1, 0], [2, 0], [2, 1]], closed=False)
    assert corners.tolist() == [[0.0, 0.0], [2.0, 0.0], [2.0, 1.0]]
    fold = cpl.fold_lines([[1.0, 0.0], [0.0, 1.0]], [0.0, -5.0], (-1, 1, -1, 1))
    assert fold[0].tolist() == [[0.0, -1.0], [0.0, 1.0]] and np.isnan(fold[1]).all()


def test_fold_segments_of_two_folds():
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    folds = cpl.fold_segments(net, cpl.linear_regions(net, (-1, 1, -1, 1)))
    assert sorted({(f.layer, f.neuron) for f in folds}) == [(1, 0), (1, 1)]
    z = cpl.ReLUNet([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], 0.0]).pre_activations([[-3.0]])
    assert [v.tolist() for v in z] == [[[-3.0, 3.0]], [[3.0]]]
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    np.testing.assert_array_equal(net.patterns([[1.0, -1.0], [2.0, 2.0]], stacked=True),
                                  [[True, False], [True, True]])
    assert cpl.ReLUNet.from_sequential(__import__("lfd.nn").nn.mlp([2, 3, 1], rng=0)).widths == [2, 3, 1]


def test_geometry_refuses_complex_vertices_by_name():
    # the polygon helpers dropped the imaginary part (issue 16); they are private now, chord
    # (chapter 01 calls it) is the public door
    V = np.array([[0, 0], [1, 0], [1j, 1]])
    for call in (lambda: geo._polygon_area(V), lambda: geo._polygon_centroid(V),
                 lambda: geo._corners(V, True), lambda: geo.chord(V, [1.0, 0.0], 0.0, 1e-12)):
        with pytest.raises(TypeError, match="V must hold real numbers"):
            call()
    with pytest.raises(TypeError, match="a must hold real numbers"):
        geo.chord([[0, 0], [2, 0], [2, 2]], [1j, 0.0], -1.0, 1e-12)
    assert geo._polygon_area([[0, 0], [2, 0], [2, 1], [0, 1]]) == 2.0


def test_chord_checks_its_arguments():
    # issue 16: NaN/inf vertices gave inf end points or None; tol accepted nan/inf/1j
    square = [[0, 0], [2, 0], [2, 2], [0, 2]]
    assert geo.chord(square, [1.0, 0.0], -1.0, 1e-12).tolist() == [[1.0, 0.0], [1.0, 2.0]]
    for V in ([[0, 0], [2, 0], [np.inf, 2]], [[0, 0], [2, 0], [np.nan, 2]]):
        with pytest.raises(ValueError, match="V must hold finite values"):
            geo.chord(V, [1.0, 0.0], -1.0, 1e-12)
    with pytest.raises(ValueError, match="a must hold finite values"):
        geo.chord(square, [np.nan, 0.0], -1.0, 1e-12)
    with pytest.raises(ValueError, match="a must have shape"):
        geo.chord(square, [1.0], -1.0, 1e-12)
    for c in (np.nan, -np.inf):
        with pytest.raises(ValueError, match="c must be a finite real number"):
            geo.chord(square, [1.0, 0.0], c, 1e-12)
    for c in (1j, "x", None):
        with pytest.raises(TypeError, match="c must be a real number"):
            geo.chord(square, [1.0, 0.0], c, 1e-12)
    for tol in (np.nan, np.inf, -np.inf, 0.0, -1e-9):
        with pytest.raises(ValueError, match="tol must"):
            geo.chord(square, [1.0, 0.0], -1.0, tol)
    with pytest.raises(TypeError, match="tol must be a real number"):
        geo.chord(square, [1.0, 0.0], -1.0, 1j)
    assert not [n for n in dir(geo) if not n.startswith("_") and callable(getattr(geo, n))
                and getattr(getattr(geo, n), "__module__", "") == geo.__name__
                and n != "chord"], "only chord is public in lfd.cpl.geometry"


def test_net_doors_refuse_none_bad_points_and_overflow():
    # issue 16: ReLUNet(None, b) said "'NoneType' object is not iterable", Region.F returned
    # NaN for NaN points and dropped the imaginary part, activation_sizes overflowed to inf
    for A, b in ((None, [[0.0, 0.0], 0.0]), ([np.eye(2), [1.0, 1.0]], None)):
        with pytest.raises(TypeError, match="A and b must be lists with one array per layer"):
            cpl.ReLUNet(A, b)
    net = cpl.ReLUNet([np.eye(2), [1.0, 1.0]], [[0.0, 0.0], 0.0])
    r = cpl.linear_regions(net, BOX)[0]
    X = np.array([[0.5, 0.25], [0.1, 0.2]])
    np.testing.assert_array_equal(r.F(X), X @ r.w[0] + r.c[0])
    assert r.F(X[0]) == r.F(X)[0]
    with pytest.raises(ValueError, match="X must hold finite values"):
        r.F([[np.nan, 0.0]])
    with pytest.raises(TypeError, match="X must hold real numbers"):
        r.F([[1j, 0.0]])
    with pytest.raises(ValueError, match="X must have 1 or 2 dimensions"):
        r.F(X[None])
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        r.F([[1.0, 2.0, 3.0]])
    with pytest.raises(TypeError, match="X must be an array"):
        r.F(None)
    with pytest.raises(ValueError, match="sigma2=1e\\+308 is too large for depth=2"):
        cpl.activation_sizes(1e308, depth=2, width=4, n=8, rng=0)
    assert np.isfinite(cpl.activation_sizes(0.5, depth=2, width=4, n=8, rng=0)).all()
