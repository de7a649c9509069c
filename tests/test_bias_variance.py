"""Tests for lfd.bias_variance: the decomposition adds up and the fits do what they say."""

from __future__ import annotations

import numpy as np
import pytest

from lfd import bias_variance as bv


def f(x):
    return np.sin(np.pi * x)


X_TEST = np.linspace(-1, 1, 41)


def test_decompose_by_hand():
    P = np.array([[0.0, 2.0], [2.0, 2.0]])
    d = bv.decompose(P, [1.0, 0.0], 0.1)
    # means (1, 2): bias² = (0 + 4)/2; variances (1, 0): mean 0.5
    assert d == pytest.approx((2.0, 0.5, 0.01, 2.51))


def test_decompose_bad_input():
    with pytest.raises(ValueError, match="shape"):
        bv.decompose(np.zeros((3, 4)), np.zeros(3), 0.1)
    with pytest.raises(ValueError, match="noise"):
        bv.decompose(np.zeros((3, 4)), np.zeros(4), -1.0)


@pytest.mark.parametrize("fit", [bv.polynomial_fit(3), bv.relu_features_fit(40)])
def test_measured_error_equals_the_sum(fit):
    P, _ = bv.simulate(fit, f, n_train=15, noise=0.3, n_sets=60, x_test=X_TEST, fixed_x=True, rng=1)
    d = bv.decompose(P, f(X_TEST), 0.3)
    measured = bv.measured_error(P, f(X_TEST), 0.3, rng=2, repeats=200)
    # 60 x 41 x 200 fresh noise draws: the sampling error is far below 2%
    assert measured == pytest.approx(d.error, rel=0.02)


def test_fixed_design_repeats_x():
    _, sets = bv.simulate(bv.polynomial_fit(1), f, n_train=5, noise=0.1, n_sets=3, x_test=X_TEST,
                          fixed_x=True, rng=0)
    for x, _ in sets:
        np.testing.assert_array_equal(x, np.linspace(-1, 1, 5))
    assert not np.array_equal(sets[0][1], sets[1][1])


def test_polynomial_fit_is_exact_on_polynomials_and_min_norm_past_n():
    x = np.linspace(-1, 1, 6)
    y = 1 - 2 * x + 3 * x**3
    np.testing.assert_allclose(bv.polynomial_fit(3)(x, y, X_TEST), 1 - 2 * X_TEST + 3 * X_TEST**3,
                               atol=1e-10)
    high = bv.polynomial_fit(9)(x, y, x)  # 10 coefficients, 6 points: interpolates
    np.testing.assert_allclose(high, y, atol=1e-9)


def test_bias_falls_with_degree():
    errors = [bv.decompose(bv.simulate(bv.polynomial_fit(d), f, n_train=20, noise=0.3, n_sets=40,
                                       x_test=X_TEST, fixed_x=True, rng=0)[0], f(X_TEST), 0.3)
              for d in (1, 3, 5)]
    assert errors[0].bias2 > errors[1].bias2 > errors[2].bias2
    assert errors[0].variance < errors[1].variance < errors[2].variance


def test_double_descent_peak_at_interpolation():
    n = 20

    def error(N):
        P, _ = bv.simulate(bv.relu_features_fit(N), f, n_train=n, noise=0.3, n_sets=100,
                           x_test=X_TEST, fixed_x=True, rng=0)
        return bv.decompose(P, f(X_TEST), 0.3).error

    few, threshold, many = error(8), error(n), error(400)
    assert threshold > 5 * few and threshold > 5 * many
    assert many < 0.3  # far past the threshold the min-norm fit is good again


def test_relu_features_interpolate_past_n():
    x = np.linspace(-1, 1, 12)
    y = np.cos(4 * x)
    np.testing.assert_allclose(bv.relu_features_fit(60)(x, y, x, rng=3), y, atol=1e-8)


def test_relu_net_fit_learns():
    x = np.linspace(-1, 1, 30)
    pred = bv.relu_net_fit(16, steps=600)(x, f(x), X_TEST, rng=0)
    assert np.sqrt(np.mean((pred - f(X_TEST)) ** 2)) < 0.15


@pytest.mark.parametrize("fit", [bv.relu_features_fit(5), bv.polynomial_fit(3),
                                 bv.relu_net_fit(3, steps=5)], ids=["features", "poly", "net"])
def test_fits_refuse_infinite_complex_or_mismatched_data(fit):
    # relu_features_fit(5) on an x holding inf hung inside LAPACK (issue 16)
    x = np.linspace(-1, 1, 10)
    bad = x.copy()
    bad[3] = np.inf
    for args, name in (((bad, x, x), "x"), ((x, bad, x), "y"), ((x, x, bad), "x_test")):
        with pytest.raises(ValueError, match=f"^{name} must hold finite values"):
            fit(*args, rng=0)
    with pytest.raises(ValueError, match="x and y must have the same length"):
        fit(x, x[:5], x, rng=0)
    with pytest.raises(TypeError, match="x must hold real numbers"):
        fit(x + 0j, x, x, rng=0)


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning", "ignore:invalid:RuntimeWarning")
def test_features_that_overflow_are_refused_before_lapack():
    x = np.array([-1.7e308, 0.0, 1.7e308])  # 50 slopes: some |a| > 1.06, a x overflows
    for fit in (bv.relu_features_fit(50), bv.polynomial_fit(3)):
        with pytest.raises(ValueError, match="x is too large"):
            fit(x, np.zeros(3), x, rng=0)


@pytest.mark.parametrize("interval", [(1.0, 1.0), (1.0, -1.0), (-1e308, 1e308), (0.0, np.inf)])
def test_interval_must_be_ordered_with_a_finite_width(interval):
    for call in (lambda: bv.relu_features_fit(3, interval),
                 lambda: bv.simulate(bv.polynomial_fit(1), f, n_train=3, noise=0.1, n_sets=1,
                                     x_test=X_TEST, interval=interval)):
        with pytest.raises(ValueError, match="^interval must"):
            call()


@pytest.mark.parametrize("P", [[[np.nan, 1.0], [1.0, 2.0]], [[np.inf, 1.0], [1.0, 2.0]],
                               np.zeros((0, 2)), [[1.0, 3.0]]])
def test_issue16_predictions_refused_nonfinite_empty_or_one_set(P):
    for call in (lambda: bv.decompose(P, [1.0, 4.0], 0.5), lambda: bv.mean_fit(P),
                 lambda: bv.measured_error(P, [1.0, 4.0], 0.5, rng=0)):
        with pytest.raises(ValueError, match="^predictions must"):
            call()


def test_issue16_noise_bounded():
    for call in (bv.decompose, bv.measured_error):
        with pytest.raises(ValueError, match="^noise must lie in"):
            call([[1.0, 3.0], [3.0, 5.0]], [1.0, 4.0], 1e308)
