"""Tests for lfd.filters: the book's kernels and a lossless filter bank."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import conv, filters

TOL = dict(rtol=1e-12, atol=1e-12)      # exact arithmetic up to float64 rounding


def test_book_gaussian_5x5():
    G = filters.gaussian_5x5()
    np.testing.assert_allclose(G.sum(), 1.0, **TOL)
    np.testing.assert_array_equal(G, G.T)
    np.testing.assert_array_equal(G, G[::-1])
    np.testing.assert_allclose(273 * G[2], [7, 26, 41, 26, 7], **TOL)
    np.testing.assert_allclose(273 * G[0], [1, 4, 7, 4, 1], **TOL)
    assert np.linalg.matrix_rank(G) > 1            # not an exact product of 1D filters


def test_separable_gaussian_is_close_and_rank_one():
    Gs = filters.gaussian_5x5_separable()
    np.testing.assert_allclose(Gs.sum(), 1.0, **TOL)
    assert np.linalg.matrix_rank(Gs) == 1
    assert np.max(np.abs(Gs - filters.gaussian_5x5())) < 0.02
    # two 1D passes equal one 2D pass
    v = np.random.default_rng(0).standard_normal((12, 10))
    x = np.array([1.0, 4, 7, 4, 1]) / 17
    rows = np.apply_along_axis(lambda r: conv.correlate1d(r, x), 1, v)
    both = np.apply_along_axis(lambda c: conv.correlate1d(c, x), 0, rows)
    np.testing.assert_allclose(conv.correlate2d(v, Gs), both, **TOL)


def test_gaussian_1d_is_the_books_vector():
    np.testing.assert_allclose(filters.gaussian_1d(7, 1.0).round(3),
                               [.006, .061, .242, .383, .242, .061, .006])
    np.testing.assert_allclose(filters.gaussian_2d(5, 2.0).sum(), 1.0, **TOL)
    with pytest.raises(ValueError, match="E must be odd .* got E=4"):
        filters.gaussian_1d(4)
    with pytest.raises(ValueError, match=r"sigma must lie in \[1e-06, 1e\+06\], got 0"):
        filters.gaussian_1d(5, 0)


def test_gaussian_refuses_infinite_or_nan_width():
    """Regression: sigma=inf used to give a kernel of NaN."""
    for sigma in (np.inf, np.nan):
        with pytest.raises(ValueError, match="sigma must be a finite real number"):
            filters.gaussian_1d(5, sigma)
        with pytest.raises(ValueError, match="sigma must be a finite real number"):
            filters.laplacian_of_gaussian(5, sigma)
    with pytest.raises(TypeError, match="E must be an integer, got 5.0"):
        filters.gaussian_1d(5.0)


@pytest.mark.parametrize("sigma", [1e17, 1e300, 1e-60])
def test_gaussian_refuses_widths_whose_formulas_break_down(sigma):
    """Regression (issue 16): sigma=1e17 gave an all-NaN kernel, 1e300 an OverflowError in
    the Laplacian of Gaussian, 1e-60 NaN there."""
    for make in (filters.gaussian_1d, filters.gaussian_2d, filters.laplacian_of_gaussian):
        with pytest.raises(ValueError, match=r"sigma must lie in \[1e-06, 1e\+06\]"):
            make(5, sigma)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 60), st.floats(*filters.SIGMA_RANGE))
def test_gaussian_kernels_never_overflow_for_accepted_widths(half, sigma):
    E = 2 * half + 1
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        g, K = filters.gaussian_1d(E, sigma), filters.laplacian_of_gaussian(E, sigma)
    assert np.all(np.isfinite(g)) and np.all(g >= 0) and abs(g.sum() - 1) < 1e-12
    np.testing.assert_allclose(g, g[::-1], rtol=1e-9, atol=1e-15)  # symmetric to rounding
    assert np.all(np.isfinite(K)) and np.all(np.isfinite(filters.gaussian_2d(E, sigma)))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_gaussian_smoothing_is_averaging(seed):
    v = np.random.default_rng(seed).standard_normal((9, 11))
    for G in (filters.gaussian_5x5(), filters.gaussian_2d(5, 1.3)):
        y = conv.correlate2d(v, G, P=2, mode="reflect")
        assert y.max() <= v.max() + 1e-12 and y.min() >= v.min() - 1e-12


def test_sobel_and_centered_difference_on_ramps():
    Gx, Gy = filters.sobel()
    assert Gx.sum() == 0 and Gy.sum() == 0
    i, j = np.mgrid[0:7, 0:8]
    f = 3.0 * j - 2.0 * i                  # slope 3 across columns, -2 down the rows
    np.testing.assert_allclose(conv.correlate2d(f, Gx), 4 * 3.0, **TOL)   # book's scale: 4 x slope
    np.testing.assert_allclose(conv.correlate2d(f, Gy), 4 * -2.0, **TOL)
    slope = conv.correlate1d(3.0 * np.arange(9), filters.centered_difference())
    np.testing.assert_allclose(slope, 3.0)


def test_laplacians():
    L4, L8 = filters.laplacian(4), filters.laplacian(8)
    assert L4.sum() == 0 and L8.sum() == 0
    i, j = np.mgrid[0:6, 0:6].astype(float)
    f = i**2 + j**2                        # its Laplacian is 4
    np.testing.assert_allclose(conv.correlate2d(f, L4), 4.0, **TOL)
    np.testing.assert_allclose(conv.correlate2d(f, L8), 24.0, **TOL)     # six times
    with pytest.raises(ValueError, match="neighbours must be one of 4, 8; got 6"):
        filters.laplacian(6)


def test_laplacian_of_gaussian_matches_sympy():
    x, y, s = sp.symbols("x y sigma", real=True)
    g = sp.exp(-(x**2 + y**2) / (2 * s**2)) / (2 * sp.pi * s**2)
    log = sp.lambdify((x, y, s), sp.diff(g, x, 2) + sp.diff(g, y, 2), "numpy")
    t = np.arange(7) - 3.0
    expected = log(t[:, None], t[None, :], 1.2)
    K = filters.laplacian_of_gaussian(7, 1.2, zero_sum=False)
    np.testing.assert_allclose(K, expected, **TOL)
    K = filters.laplacian_of_gaussian(7, 1.2)
    assert abs(K.sum()) < 1e-15 and K[3, 3] < 0
    np.testing.assert_allclose(K, K.T, **TOL)
    np.testing.assert_allclose(conv.correlate2d(np.full((9, 9), 5.0), K), 0.0, atol=1e-12)


# ---------------------------------------------------------------------------
# Filter banks
# ---------------------------------------------------------------------------

BANKS = {"haar": filters.haar_filters(), "daubechies4": filters.daubechies4_filters()}


@pytest.mark.parametrize("name", BANKS)
def test_filter_bank_matrix_is_orthogonal(name):
    h0, h1 = BANKS[name]
    B = filters.filter_bank_matrix(h0, h1, 16)
    np.testing.assert_allclose(B @ B.T, np.eye(16), atol=1e-12)
    v = np.random.default_rng(1).standard_normal(16)
    np.testing.assert_allclose(B @ v, np.concatenate(filters.analysis(v, h0, h1)), **TOL)
    np.testing.assert_allclose(filters.synthesis(*np.split(B @ v, 2), h0, h1), B.T @ (B @ v), **TOL)


@settings(max_examples=50, deadline=None)
@given(half=st.integers(2, 40), name=st.sampled_from(list(BANKS)), seed=st.integers(0, 2**32 - 1))
def test_analysis_then_synthesis_is_lossless(half, name, seed):
    h0, h1 = BANKS[name]
    v = np.random.default_rng(seed).standard_normal(2 * half)
    low, high = filters.analysis(v, h0, h1)
    assert low.shape == high.shape == (half,)
    np.testing.assert_allclose(filters.synthesis(low, high, h0, h1), v, rtol=0, atol=1e-12)


def test_haar_averages_and_differences():
    low, high = filters.analysis(np.full(8, 2.0))
    np.testing.assert_allclose(low, 2 * np.sqrt(2), **TOL)
    np.testing.assert_allclose(high, 0.0, **TOL)
    h0, h1 = filters.daubechies4_filters()
    np.testing.assert_allclose(h1 @ np.arange(4.0), 0.0, atol=1e-14)    # linear signals pass


@pytest.mark.parametrize("name", BANKS)
def test_wavelet_transform_sizes_and_inverse(name):
    v = np.random.default_rng(2).standard_normal(128)
    coeffs = filters.wavelet_transform(v, 3, *BANKS[name])
    assert [len(c) for c in coeffs] == [64, 32, 16, 16]
    np.testing.assert_allclose(sum(c @ c for c in coeffs), v @ v, rtol=1e-12)   # energy kept
    np.testing.assert_allclose(filters.inverse_wavelet_transform(coeffs, *BANKS[name]), v,
                               atol=1e-12)


def test_filter_bank_errors():
    with pytest.raises(ValueError, match="N must be even and at least E=2, got N=5"):
        filters.analysis(np.ones(5))
    with pytest.raises(ValueError, match="same even length, got 2 and 4"):
        filters.analysis(np.ones(8), [1, 1], [1, -1, 1, -1])
    with pytest.raises(ValueError, match="N=12 must be divisible by 2\\*\\*levels = 8"):
        filters.wavelet_transform(np.ones(12), 3)


def test_wavelet_levels_are_bounded_by_log2_of_the_length():
    """Regression: levels=10**9 used to hang computing 2**levels."""
    with pytest.raises(ValueError, match="levels must be <= 7, got 1000000000"):
        filters.wavelet_transform(np.ones(128), 10**9)
    with pytest.raises(TypeError, match="levels must be an integer, got 3.0"):
        filters.wavelet_transform(np.ones(128), 3.0)
    assert len(filters.wavelet_transform(np.ones(128), 7)) == 8       # down to one average
    with pytest.raises(TypeError, match="N must be an integer"):
        filters.filter_bank_matrix(*filters.haar_filters(), 8.0)


def test_filters_import_no_private_names_of_conv():
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(filters))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "lfd.conv":
            assert not any(alias.name.startswith("_") for alias in node.names)


def test_issue16_inverse_wavelet_transform_and_analysis_name_the_argument():
    coeffs = filters.wavelet_transform(np.arange(8.0), 2)
    with pytest.raises(TypeError, match="^coeffs must be a list"):
        filters.inverse_wavelet_transform(None)
    for bad, err in ((np.array([np.nan, 0, 0, 0]), ValueError), (np.array([1j, 0, 0, 0]), TypeError),
                     (np.zeros((1, 4)), ValueError), (np.zeros(0), ValueError)):
        with pytest.raises(err, match=r"^coeffs\[0\] must"):
            filters.inverse_wavelet_transform([bad] + coeffs[1:])
    with pytest.raises(ValueError, match="^v: the signal length"):
        filters.analysis(np.zeros(0))
