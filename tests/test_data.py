"""Tests for lfd.data: shapes, labels, balance, determinism, noise."""

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import data
from lfd.data import (
    PLAYGROUND,
    Split,
    circle,
    digits,
    gauss,
    playground,
    regression_1d,
    sample_image,
    spiral,
    train_test_split,
    xor,
)

GENERATORS = sorted(PLAYGROUND)


def test_doctests():
    result = doctest.testmod(data, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------ Playground


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_shapes_and_labels(name, n):
    X, y = PLAYGROUND[name](n, 0.2, rng=0)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float64 and np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(y)) <= {0, 1}
    Xs, ys = PLAYGROUND[name](n, 0.2, rng=0, signed=True)
    np.testing.assert_array_equal(Xs, X)
    np.testing.assert_array_equal(ys, 2 * y - 1)


@pytest.mark.parametrize("name", GENERATORS)
def test_deterministic_from_seed(name):
    gen = PLAYGROUND[name]
    a, b, c = gen(50, 0.3, rng=5), gen(50, 0.3, rng=5), gen(50, 0.3, rng=6)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("name", ["circle", "gauss", "spiral"])
def test_exact_balance_without_noise(name):
    _, y = PLAYGROUND[name](301, 0.0, rng=1)
    assert np.sum(y == 1) == 150 and np.sum(y == 0) == 151


def test_xor_roughly_balanced():
    _, y = xor(2000, rng=2)
    # 2000 fair coin flips: 1000 +- 22
    assert abs(y.sum() - 1000) < 100


def test_output_is_shuffled():
    _, y = gauss(100, rng=3)
    assert not (np.all(y[:50] == 1) or np.all(y[:50] == 0))


def test_circle_geometry():
    X, y = circle(500, rng=4)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r[y == 1] <= 2.5) and np.all((r[y == 0] >= 3.5) & (r[y == 0] <= 5))


def test_circle_noise_moves_labels_not_points():
    X0, y0 = circle(400, 0.0, rng=5)
    X1, y1 = circle(400, 0.5, rng=5)
    r = np.hypot(*X1.T)
    # same geometry, but labels now disagree with the radius for some points
    assert r.max() <= 5
    wrong = np.mean((r < 2.5) != (y1 == 1))
    assert 0.05 < wrong < 0.5
    assert np.mean((np.hypot(*X0.T) < 2.5) != (y0 == 1)) == 0


def test_xor_geometry_and_noise():
    X, y = xor(500, rng=6)
    assert np.all(np.abs(X) >= 0.3) and np.all(np.abs(X) <= 5.3)
    np.testing.assert_array_equal(y == 1, X[:, 0] * X[:, 1] >= 0)
    Xn, yn = xor(500, 0.4, rng=6)
    assert 0.05 < np.mean((Xn[:, 0] * Xn[:, 1] >= 0) != (yn == 1)) < 0.5


def test_gauss_centers_and_spread():
    X, y = gauss(4000, 0.0, rng=7)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-2, -2], atol=0.1)
    # variance 0.5 at noise 0, 0.5 + 7 * 0.5 = 4 at noise 0.5
    assert X[y == 1].var(axis=0) == pytest.approx([0.5, 0.5], rel=0.1)
    Xn, yn = gauss(4000, 0.5, rng=7)
    assert Xn[yn == 0].var(axis=0) == pytest.approx([4.0, 4.0], rel=0.1)


def test_spiral_geometry_and_noise():
    X, y = spiral(200, 0.0, rng=8)
    r = np.hypot(*X.T)
    assert r.max() < 5 and r.min() == 0
    # class 0 is class 1 turned by pi: the same radii
    np.testing.assert_allclose(np.sort(r[y == 1]), np.sort(r[y == 0]))
    Xn, _ = spiral(200, 0.5, rng=8)
    # noise moves every coordinate by at most 0.5 (the points come out in a
    # different order, so compare the sorted radii)
    assert np.abs(np.sort(np.hypot(*Xn.T)) - np.sort(r)).max() <= 0.5 * np.sqrt(2) + 1e-12
    assert not np.allclose(np.sort(np.hypot(*Xn.T)), np.sort(r))


def test_playground_split():
    s = playground("circle", 200, 0.1, rng=9)
    assert isinstance(s, Split)
    assert s.X_train.shape == (100, 2) and s.X_test.shape == (100, 2)
    assert s.y_train.shape == (100,) and s.y_test.shape == (100,)
    again = playground("circle", 200, 0.1, rng=9)
    np.testing.assert_array_equal(s.X_test, again.X_test)
    s = playground("xor", 100, test_fraction=0.2, rng=0, signed=True)
    assert s.X_test.shape == (20, 2) and set(np.unique(s.y_train)) == {-1, 1}


def test_train_test_split_partitions():
    X = np.arange(30).reshape(15, 2)
    y = np.arange(15)
    s = train_test_split(X, y, 0.4, rng=1)
    assert len(s.y_test) == 6 and len(s.y_train) == 9
    np.testing.assert_array_equal(np.sort(np.concatenate([s.y_train, s.y_test])), y)
    np.testing.assert_array_equal(s.X_train[:, 0] // 2, s.y_train)


def test_playground_errors():
    with pytest.raises(ValueError, match="name must be one of"):
        playground("moons")
    with pytest.raises(ValueError, match="noise must lie in"):
        circle(10, noise=-0.1)
    with pytest.raises(ValueError, match="n must be >= 2"):
        spiral(1)
    with pytest.raises(TypeError, match="n must be an integer"):
        gauss(10.0)
    with pytest.raises(ValueError, match="test_fraction must lie in"):
        train_test_split(np.zeros((4, 1)), np.zeros(4), 1.0)
    with pytest.raises(ValueError, match="must have the same length"):
        train_test_split(np.zeros((4, 1)), np.zeros(3))


# ------------------------------------------------------------ regression


def test_regression_1d():
    X, y = regression_1d(np.cos, n=3000, noise=0.2, interval=(0, 2), rng=10)
    assert X.shape == (3000, 1) and y.shape == (3000,)
    x = X[:, 0]
    assert np.all(np.diff(x) >= 0) and x.min() >= 0 and x.max() <= 2
    residual = y - np.cos(x)
    assert residual.std() == pytest.approx(0.2, rel=0.05)
    assert abs(residual.mean()) < 0.02
    X0, y0 = regression_1d(np.cos, n=20, noise=0.0, rng=10)
    np.testing.assert_array_equal(y0, np.cos(X0[:, 0]))
    X1, y1 = regression_1d(np.cos, n=20, noise=0.0, rng=10)
    np.testing.assert_array_equal(X0, X1)


def test_regression_1d_errors():
    with pytest.raises(TypeError, match="f must be callable"):
        regression_1d(3.0)
    with pytest.raises(ValueError, match="low < high"):
        regression_1d(np.sin, interval=(1, 0))
    with pytest.raises(ValueError, match="same shape"):
        regression_1d(lambda x: 1.0, n=4)


# ------------------------------------------------------------ real data


def test_digits():
    s = digits(rng=0)
    assert s.X_train.shape == (1348, 64) and s.X_test.shape == (449, 64)
    assert s.X_train.min() >= 0 and s.X_train.max() == 1.0
    assert set(np.unique(s.y_test)) == set(range(10))
    again = digits(rng=0)
    np.testing.assert_array_equal(s.y_train, again.y_train)
    images = digits(test_fraction=0.5, rng=0, flatten=False)
    assert images.X_train.shape[1:] == (8, 8)
    counts = np.bincount(np.concatenate([s.y_train, s.y_test]))
    assert counts.min() >= 170  # about 180 of each digit


@pytest.mark.parametrize("name", ["china.jpg", "flower.jpg"])
def test_sample_image(name):
    img = sample_image(name)
    assert img.shape == (427, 640) and img.dtype == np.float64
    assert 0 <= img.min() < img.max() <= 1
    small = sample_image(name, downsample=5)
    assert small.shape == (85, 128)
    np.testing.assert_allclose(small[0, 0], img[:5, :5].mean())


def test_sample_image_errors():
    with pytest.raises(ValueError, match="name must be"):
        sample_image("cat.png")
    with pytest.raises(ValueError, match="downsample must be >= 1"):
        sample_image(downsample=0)


# ----------------------------------------------- issue 16: bounded noise, real data


@pytest.mark.parametrize("name", GENERATORS)
def test_noise_is_bounded_so_points_stay_finite(name):
    # gauss(noise=1e308) returned infinite points
    X, _ = PLAYGROUND[name](50, data.MAX_NOISE, rng=0)
    assert np.all(np.isfinite(X))
    with pytest.raises(ValueError, match=r"noise must lie in \[0, 1e\+06\], got 1e\+308"):
        PLAYGROUND[name](50, 1e308, rng=0)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(GENERATORS), st.integers(2, 50), st.floats(0, data.MAX_NOISE),
       st.integers(0, 2**32))
def test_generators_never_overflow_for_accepted_parameters(name, n, noise, seed):
    with np.errstate(over="raise", invalid="raise"):
        X, y = PLAYGROUND[name](n, noise, rng=seed)
    assert np.all(np.isfinite(X)) and X.shape == (n, 2) and y.shape == (n,)


def test_complex_data_is_refused_by_name():
    X = np.ones((4, 2))
    with pytest.raises(TypeError, match="X must hold real numbers"):
        train_test_split(X + 1j, np.arange(4))
    with pytest.raises(TypeError, match="y must hold real numbers"):
        train_test_split(X, np.arange(4) + 0j)
    with pytest.raises(TypeError, match=r"f\(x\) must hold real numbers"):
        regression_1d(lambda x: x * 1j, n=5, rng=0)
    with pytest.raises(ValueError, match=r"f\(x\) must hold finite values"):
        regression_1d(lambda x: np.full_like(x, np.inf), n=5, rng=0)
    with pytest.raises(ValueError, match=r"noise must lie in \[0, 1e\+06\]"):
        regression_1d(n=5, noise=1e308, rng=0)
    s = train_test_split(X, np.arange(4), rng=0)  # integer labels stay integers
    assert s.y_train.dtype == np.arange(4).dtype


@pytest.mark.parametrize("interval", [(1.0, 1.0), (-1e308, 1e308), (0.0, np.inf)])
def test_regression_interval_needs_a_finite_width(interval):
    with pytest.raises(ValueError, match="^interval must"):
        regression_1d(n=5, interval=interval, rng=0)


@pytest.mark.parametrize("name", ["X", "y"])
@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_issue16_train_test_split_refuses_nonfinite(name, value):
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    (X if name == "X" else y).flat[0] = value
    with pytest.raises(ValueError, match=f"^{name} must hold finite"):
        train_test_split(X, y, 0.3, rng=0)
