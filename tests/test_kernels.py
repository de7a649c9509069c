"""Tests for lfd.kernels: SVMs by subgradient descent, kernels, kernel ridge.

References: scikit-learn's SVC (libsvm, an exact quadratic-programming
solver) on the same data, scikit-learn's pairwise kernels, the push-through
identity of ridge regression, and the positive semidefiniteness of every
kernel matrix (Hypothesis).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lfd.data import circle
from lfd.kernels import (KernelSVM, LinearSVM, _best_bias, kernel_ridge, laplacian_kernel, linear_kernel,
                         polynomial_kernel, rbf_kernel)
from lfd.losses import hinge

svm = pytest.importorskip("sklearn.svm")
pairwise = pytest.importorskip("sklearn.metrics.pairwise")


def two_clouds(seed, n=40, centers=((2.0, 2.0), (-1.0, -1.0)), spread=0.8):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(centers[0], spread, (n // 2, 2)), rng.normal(centers[1], spread, (n // 2, 2))])
    y = np.r_[np.ones(n // 2), -np.ones(n // 2)]
    return X, y


def objective(X, y, w, b, lam):
    return hinge(X @ w - b, y)[0] + lam * (w @ w)


# -- the hard margin agrees with scikit-learn to three digits -----------------------

@pytest.mark.parametrize("seed", [5, 6, 7])
def test_hard_margin_agrees_with_sklearn_to_three_digits(seed):
    X, y = two_clouds(seed)
    ref = svm.SVC(kernel="linear", C=1e8, tol=1e-10).fit(X, y)   # C huge: the hard margin
    w_ref = ref.coef_[0]
    assert np.all(y * ref.decision_function(X) >= 1 - 1e-6), "the data must be separable"
    # the soft-margin problem with penalty λ is SVC with C = 1/(2nλ); it has the
    # hard-margin solution as soon as C exceeds every dual coefficient α_i
    alpha_max = np.abs(ref.dual_coef_).max()
    lam = 1.0 / (2 * len(y) * 2 * alpha_max)  # C = 2 max α
    ours = LinearSVM(lam=lam, n_iter=20000).fit(X, y)
    margin_ref = 1.0 / np.linalg.norm(w_ref)
    # "to three digits": relative difference below 5e-4
    np.testing.assert_allclose(ours.margin, margin_ref, rtol=5e-4)
    # the same separator, not only the same width
    np.testing.assert_allclose(ours.w, w_ref, rtol=0, atol=2e-3 * np.linalg.norm(w_ref))
    np.testing.assert_allclose(ours.b, -ref.intercept_[0], atol=5e-3 * max(1, abs(ref.intercept_[0])))
    assert np.all(ours.predict(X) == y)


@pytest.mark.parametrize("lam", [0.05, 0.01])
def test_soft_margin_agrees_with_sklearn(lam):
    X, y = two_clouds(1, centers=((1.0, 1.0), (-1.0, -1.0)), spread=1.0)   # overlapping clouds
    ref = svm.SVC(kernel="linear", C=1 / (2 * len(y) * lam), tol=1e-10).fit(X, y)
    ours = LinearSVM(lam=lam, n_iter=20000).fit(X, y)
    w_ref, b_ref = ref.coef_[0], -ref.intercept_[0]
    np.testing.assert_allclose(ours.margin, 1 / np.linalg.norm(w_ref), rtol=2e-3)
    # subgradient descent reaches the optimal objective (libsvm's) closely, from above
    f_ours, f_ref = objective(X, y, ours.w, ours.b, lam), objective(X, y, w_ref, b_ref, lam)
    assert f_ref - 1e-9 <= f_ours <= f_ref * (1 + 1e-4)


def test_best_bias_minimizes_the_mean_hinge():
    rng = np.random.default_rng(8)
    for n in (1, 2, 5, 30):
        z, y = rng.standard_normal(n) * 3, rng.choice([-1.0, 1.0], n)
        b = _best_bias(z, y)
        # the minimum of a piecewise linear convex function sits at a kink: try them all
        candidates = np.r_[z - y, b]
        values = [hinge(z - c, y)[0] for c in candidates]
        assert hinge(z - b, y)[0] <= min(values) + 1e-12


def test_the_bias_travels_far():
    # the same clouds far from the origin (b about 60): still the hard margin to three digits
    X, y = two_clouds(5)
    X = X + 30.0
    ref = svm.SVC(kernel="linear", C=1e8, tol=1e-10).fit(X, y)
    lam = 1.0 / (2 * len(y) * 2 * np.abs(ref.dual_coef_).max())
    ours = LinearSVM(lam=lam, n_iter=20000).fit(X, y)
    np.testing.assert_allclose(ours.margin, 1 / np.linalg.norm(ref.coef_[0]), rtol=5e-4)
    np.testing.assert_allclose(ours.b, -ref.intercept_[0], rtol=1e-3)


def test_lifted_ring_hard_margin_matches_sklearn():
    # features of very different sizes: v1, v2 up to 5 and v1² + v2² up to 25
    X, y = circle(100, rng=0, signed=True)
    N = np.column_stack([X, np.sum(X**2, axis=1)])
    ref = svm.SVC(kernel="linear", C=1e8, tol=1e-10).fit(N, y)
    lam = 1.0 / (2 * len(y) * 2 * np.abs(ref.dual_coef_).max())
    ours = LinearSVM(lam=lam, n_iter=20000).fit(N, y)
    np.testing.assert_allclose(ours.margin, 1 / np.linalg.norm(ref.coef_[0]), rtol=5e-4)


def test_objective_decreases_overall_and_minibatches_work():
    X, y = two_clouds(2)
    full = LinearSVM(lam=0.05, n_iter=4000).fit(X, y)
    assert full.objective[-1] < full.objective[10] < full.objective[0] == 1.0  # w = 0: hinge 1
    mini = LinearSVM(lam=0.05, n_iter=20000, batch_size=8, rng=0).fit(X, y)
    np.testing.assert_allclose(mini.margin, full.margin, rtol=2e-2)
    again = LinearSVM(lam=0.05, n_iter=20000, batch_size=8, rng=0).fit(X, y)
    np.testing.assert_array_equal(mini.w, again.w)  # same rng, same run


def test_last_iterate_without_averaging():
    X, y = two_clouds(3)
    last = LinearSVM(lam=0.05, n_iter=3000, average=False).fit(X, y)
    assert np.all(last.predict(X) == y)


# -- kernels ----------------------------------------------------------------------

def test_rbf_kernel_matches_sklearn():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((7, 3)), rng.standard_normal((5, 3))
    for sigma in (0.3, 1.0, 4.0):
        np.testing.assert_allclose(rbf_kernel(X, Y, sigma),
                                   pairwise.rbf_kernel(X, Y, gamma=1 / (2 * sigma**2)), rtol=1e-12)
    np.testing.assert_allclose(polynomial_kernel(X, Y, 3, 1.0),
                               pairwise.polynomial_kernel(X, Y, degree=3, gamma=1.0, coef0=1.0), rtol=1e-12)
    np.testing.assert_allclose(linear_kernel(X, Y), X @ Y.T)
    np.testing.assert_allclose(np.diag(rbf_kernel(X)), 1.0)


def test_polynomial_kernel_is_a_dot_product_of_features():
    def N(V):  # the degree-2 features for m = 2, c = 1
        v1, v2 = V.T
        r = np.sqrt(2)
        return np.column_stack([np.ones_like(v1), r * v1, r * v2, v1**2, r * v1 * v2, v2**2])
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((4, 2)), rng.standard_normal((6, 2))
    np.testing.assert_allclose(polynomial_kernel(X, Y), N(X) @ N(Y).T, rtol=1e-12)


points = arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 4)),
                elements=st.floats(-10, 10, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(points, st.floats(0.1, 10))
def test_kernel_matrices_are_positive_semidefinite(X, sigma):
    for K in (rbf_kernel(X, sigma=sigma), linear_kernel(X), polynomial_kernel(X, degree=2)):
        np.testing.assert_allclose(K, K.T, rtol=1e-12, atol=1e-12)
        lowest = np.linalg.eigvalsh(K).min()
        # rounding in eigvalsh is about n ε ‖K‖
        assert lowest >= -1e-12 * max(1.0, np.abs(K).max()) * len(K), lowest


# -- the ring and the ball ---------------------------------------------------------

def test_rbf_separates_the_ring_from_the_ball_where_no_line_can():
    X, y = circle(200, rng=1, signed=True)
    X_test, y_test = circle(400, rng=2, signed=True)
    line = LinearSVM(lam=0.01, n_iter=5000).fit(X, y)
    assert np.mean(line.predict(X) == y) < 0.8          # no straight line separates them
    ker = KernelSVM(sigma=1.0, lam=0.01, n_iter=3000).fit(X, y)
    assert np.mean(ker.predict(X) == y) == 1.0
    assert np.mean(ker.predict(X_test) == y_test) >= 0.98
    # and it agrees with libsvm's RBF machine on the same problem
    ref = svm.SVC(kernel="rbf", gamma=0.5, C=1 / (2 * len(y) * 0.01)).fit(X, y)
    assert np.mean(np.sign(ref.decision_function(X_test)) == ker.predict(X_test)) >= 0.98


def test_kernel_svm_reaches_the_optimal_objective():
    X, y = circle(100, noise=0.1, rng=3, signed=True)
    lam = 0.01
    ours = KernelSVM(sigma=1.5, lam=lam, n_iter=5000).fit(X, y)
    ref = svm.SVC(kernel="rbf", gamma=1 / (2 * 1.5**2), C=1 / (2 * len(y) * lam), tol=1e-8).fit(X, y)
    K = rbf_kernel(X, sigma=1.5)
    a_ref = np.zeros(len(y))
    a_ref[ref.support_] = ref.dual_coef_[0]
    b_ref = -ref.intercept_[0]

    def f(a, b):
        return hinge(K @ a - b, y)[0] + lam * (a @ K @ a)
    assert f(a_ref, b_ref) - 1e-9 <= f(ours.a, ours.b) <= f(a_ref, b_ref) * 1.01


def test_kernel_ridge_is_ridge_regression_in_disguise():
    rng = np.random.default_rng(4)
    X, y, U = rng.standard_normal((10, 3)), rng.standard_normal(10), rng.standard_normal((4, 3))
    lam = 0.7
    a = kernel_ridge(linear_kernel(X), y, lam)
    w = np.linalg.solve(X.T @ X + lam * np.eye(3), X.T @ y)
    np.testing.assert_allclose(linear_kernel(U, X) @ a, U @ w, rtol=1e-10)
    X_ring, y_ring = circle(200, rng=5, signed=True)
    a = kernel_ridge(rbf_kernel(X_ring, sigma=1.0), y_ring, 0.1)
    X_new, y_new = circle(300, rng=6, signed=True)
    assert np.mean(np.sign(rbf_kernel(X_new, X_ring, 1.0) @ a) == y_new) >= 0.98


# -- bad input ---------------------------------------------------------------------

def test_bad_input_is_named():
    X, y = two_clouds(0, n=6)
    with pytest.raises(ValueError, match="y must take values in"):
        LinearSVM().fit(X, (y + 1) / 2)
    with pytest.raises(ValueError, match="single class"):
        LinearSVM().fit(X, np.ones(6))
    with pytest.raises(ValueError, match="y must have shape \\(6,\\)"):
        LinearSVM().fit(X, y[:4])
    with pytest.raises(ValueError, match="lam must lie in"):
        LinearSVM(lam=0).fit(X, y)
    with pytest.raises(ValueError, match="n_iter"):
        LinearSVM(n_iter=0).fit(X, y)
    with pytest.raises(RuntimeError, match="fit"):
        LinearSVM().predict(X)
    with pytest.raises(ValueError, match="X must have 2 dimensions"):
        rbf_kernel(np.ones(3))
    with pytest.raises(ValueError, match="same number of features"):
        rbf_kernel(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="sigma"):
        rbf_kernel(X, sigma=-1.0)
    with pytest.raises(ValueError, match="kernel must be"):
        KernelSVM(kernel="cubic").fit(X, y)
    with pytest.raises(ValueError, match="symmetric"):
        kernel_ridge(np.arange(4.0).reshape(2, 2), [1.0, 2.0], 1.0)
    with pytest.raises(TypeError, match="must hold real numbers"):
        linear_kernel(np.array([["a"]]))


# -- issue 16: the RBF kernel for every finite input, the penalty bounded ------------

def test_rbf_kernel_exact_far_from_the_origin_and_near_the_float_limit():
    # ‖x‖² + ‖y‖² - 2xᵀy cancelled to 0 here (all ones); differences keep e^(-1/2)
    K = rbf_kernel([[1e8, 1e8], [1e8 + 1, 1e8]])
    np.testing.assert_allclose(K, [[1.0, np.exp(-0.5)], [np.exp(-0.5), 1.0]], rtol=1e-15)
    # the squares overflowed near 1e154 (NaN on the diagonal); now exact
    np.testing.assert_array_equal(rbf_kernel([[1e154, 1e154], [-1e154, 0.0]]), np.eye(2))
    # x - y = 2e308 is beyond the floats, its ratio to sigma = 1e308 is not
    K = rbf_kernel([[1e308], [-1e308]], sigma=1e308)
    np.testing.assert_allclose(K, [[1.0, np.exp(-2.0)], [np.exp(-2.0), 1.0]], rtol=1e-14)
    assert np.array_equal(rbf_kernel([[1e308], [-1e308]], sigma=1e-308), np.eye(2))


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 3)), elements=finite),
       st.floats(1e-300, 1e300))
def test_rbf_kernel_is_exactly_one_on_the_diagonal_and_in_0_1_for_all_finite_inputs(X, sigma):
    with np.errstate(all="raise"):  # no overflow, no NaN on the way
        K = rbf_kernel(X, sigma=sigma)
        K2 = rbf_kernel(X, X[::-1], sigma=sigma)
    assert np.all(np.diag(K) == 1.0)
    assert np.all((K >= 0) & (K <= 1)) and np.array_equal(K, K.T)
    np.testing.assert_array_equal(K2, K[:, ::-1])


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, (4, 2), elements=st.floats(-1e6, 1e6)), st.floats(1e-6, 1e6),
       st.floats(-1e12, 1e12))
def test_rbf_kernel_is_the_gaussian_of_the_distance(X, sigma, shift):
    d2 = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.testing.assert_allclose(rbf_kernel(X, sigma=sigma), np.exp(-d2 / (2 * sigma**2)),
                               rtol=1e-12, atol=1e-300)
    assert np.all(np.diag(rbf_kernel(X + shift, sigma=sigma)) == 1.0)


@pytest.mark.parametrize("model", [LinearSVM, KernelSVM])
@pytest.mark.parametrize("lam", [1e308, 1e9, 1e-9, 1e-300])
def test_svm_penalty_is_bounded(model, lam):
    # lam = 1e308 gave infinite steps and NaN scores; 1e-300 overflowed the iterates
    with pytest.raises(ValueError, match=r"lam must lie in \[1e-08, 1e\+08\]"):
        model(lam=lam)


def test_issue16_polynomial_kernel_overflow_refused():
    with pytest.raises(ValueError, match="overflows"):
        polynomial_kernel([[1.0]], c=1e308)


# -- issue 15: the Laplacian kernel ------------------------------------------------

def test_laplacian_kernel_is_the_exponential_of_the_euclidean_distance():
    distance = pytest.importorskip("scipy.spatial.distance")
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((7, 3)), rng.standard_normal((5, 3))
    for sigma in (0.3, 1.0, 4.0):
        np.testing.assert_allclose(laplacian_kernel(X, Y, sigma), np.exp(-distance.cdist(X, Y) / sigma),
                                   rtol=1e-12)
    np.testing.assert_array_equal(np.diag(laplacian_kernel(X)), 1.0)
    # on a line, equally spaced points give K_ij = rho^|i - j|, with det (1 - rho^2)^(n - 1)
    K = laplacian_kernel(np.arange(10.0)[:, None] / 10, sigma=1.0)
    np.testing.assert_allclose(np.linalg.det(K), (1 - np.exp(-0.2)) ** 9, rtol=1e-10)
    with pytest.raises(ValueError, match="sigma"):
        laplacian_kernel(X, sigma=0.0)
    with pytest.raises(ValueError, match="same number of features"):
        laplacian_kernel(np.ones((2, 3)), np.ones((2, 2)))


def test_laplacian_kernel_is_better_conditioned_than_the_gaussian():
    X, _ = circle(100, rng=0, signed=True)
    lap, gauss = np.linalg.eigvalsh(laplacian_kernel(X, sigma=1.0)), np.linalg.eigvalsh(rbf_kernel(X, sigma=1.0))
    assert lap.min() > 1e-3 * lap.max() and gauss.min() < 1e-8 * gauss.max()


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 3)), elements=finite),
       st.floats(1e-300, 1e300))
def test_laplacian_kernel_is_exactly_one_on_the_diagonal_and_in_0_1_for_all_finite_inputs(X, sigma):
    with np.errstate(all="raise"):  # no overflow, no NaN on the way
        K = laplacian_kernel(X, sigma=sigma)
        K2 = laplacian_kernel(X, X[::-1], sigma=sigma)
    assert np.all(np.diag(K) == 1.0)
    assert np.all((K >= 0) & (K <= 1)) and np.array_equal(K, K.T)
    np.testing.assert_array_equal(K2, K[:, ::-1])


@settings(max_examples=60, deadline=None)
@given(points, st.floats(0.1, 10))
def test_laplacian_kernel_matrices_are_positive_semidefinite(X, sigma):
    K = laplacian_kernel(X, sigma=sigma)
    assert np.linalg.eigvalsh(K).min() >= -1e-9 * max(1.0, np.abs(K).max())
