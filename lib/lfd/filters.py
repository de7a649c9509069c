"""The book's named filters and a lossless two-channel filter bank (Strang §VII.2).

Smoothing, gradient and edge kernels lie as they multiply the input window (no
flip, for :func:`lfd.conv.correlate2d`); the lowpass / highpass bank with
downsampling by 2, repeated on the lowpass half, is a wavelet transform.
"""

from __future__ import annotations

import math

import numpy as np

from lfd._validate import check_array, check_choice, check_int, check_list, check_real
from lfd.conv import conv_matrix, correlate1d

__all__ = [
    "gaussian_1d", "gaussian_2d", "gaussian_5x5", "gaussian_5x5_separable",
    "centered_difference", "sobel", "laplacian", "laplacian_of_gaussian",
    "haar_filters", "daubechies4_filters", "filter_bank_matrix",
    "analysis", "synthesis", "wavelet_transform", "inverse_wavelet_transform",
]


#: Widths sigma outside this range are a delta or flat already; beyond it the formulas
#: overflow or lose every digit (gaussian_1d(sigma=1e17) was all NaN).
SIGMA_RANGE = (1e-6, 1e6)


def _odd_size_and_width(E, sigma):
    """A centred kernel's size E (odd, >= 1) and its width sigma in SIGMA_RANGE."""
    E = check_int(E, "E", min=1)
    if E % 2 == 0:
        raise ValueError(f"E must be odd so that the kernel has a centre, got E={E}")
    return E, check_real(sigma, "sigma", min=SIGMA_RANGE[0], max=SIGMA_RANGE[1])


def gaussian_1d(E: int = 7, sigma=1.0):
    """Discrete 1D Gaussian (E,): the normal density integrated over unit cells. §VII.2, eq. (3).

    >>> gaussian_1d(7).round(3)
    array([0.006, 0.061, 0.242, 0.383, 0.242, 0.061, 0.006])
    """
    E, sigma = _odd_size_and_width(E, sigma)
    edges = (np.arange(E + 1) - E / 2) / (sigma * math.sqrt(2.0))
    cdf = 0.5 * (1.0 + np.array([math.erf(t) for t in edges]))
    x = np.diff(cdf)
    return x / x.sum()


def gaussian_2d(E: int = 5, sigma=1.0):
    """Separable 2D Gaussian (E, E): ``np.outer(x, x)`` with x = gaussian_1d(E, sigma)."""
    x = gaussian_1d(E, sigma)
    return np.outer(x, x)


def gaussian_5x5():
    """The book's 5 by 5 Gaussian: integers over 273 (not exactly separable). §VII.2, eq. (3).

    >>> (273 * gaussian_5x5()).round().astype(int)[2]
    array([ 7, 26, 41, 26,  7])
    """
    G = [[1, 4, 7, 4, 1], [4, 16, 26, 16, 4], [7, 26, 41, 26, 7], [4, 16, 26, 16, 4],
         [1, 4, 7, 4, 1]]
    return np.array(G, dtype=float) / 273.0


def gaussian_5x5_separable():
    """The rank-one neighbour of :func:`gaussian_5x5`: x xᵀ / 289, x = (1, 4, 7, 4, 1)."""
    x = np.array([1.0, 4.0, 7.0, 4.0, 1.0])
    return np.outer(x, x) / 289.0


def centered_difference():
    """The 1D gradient filter (-1/2, 0, 1/2): ``(Av)_i = (v_{i+1} - v_{i-1})/2``. §VII.2."""
    return np.array([-0.5, 0.0, 0.5])


def sobel():
    """The book's Sobel operators Gx (d/dx across columns) and Gy = Gx.T. §VII.2, eq. (4).

    >>> (2 * sobel()[0]).tolist()
    [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
    """
    Gx = np.outer([1.0, 2.0, 1.0], [-1.0, 0.0, 1.0]) / 2
    return Gx, Gx.T.copy()


def laplacian(neighbours: int = 4):
    """The 5-point (neighbours=4) or 9-point (neighbours=8, six times ∇²) Laplacian. §VII.2, P4.

    >>> laplacian(8).astype(int).tolist()
    [[1, 4, 1], [4, -20, 4], [1, 4, 1]]
    """
    check_choice(check_int(neighbours, "neighbours"), "neighbours", (4, 8))
    if neighbours == 4:
        return np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    return np.array([[1.0, 4.0, 1.0], [4.0, -20.0, 4.0], [1.0, 4.0, 1.0]])


def laplacian_of_gaussian(E: int = 9, sigma=1.4, zero_sum=True):
    """Samples (E, E) of ∇²g, g the 2D Gaussian; ``zero_sum`` subtracts the mean.

    ``(r² - 2σ²)/(2πσ⁶) exp(-r²/2σ²)``. Strang §VII.2, eq. (5).

    >>> K = laplacian_of_gaussian(9, 1.4)
    >>> bool(K[4, 4] < 0), bool(abs(K.sum()) < 1e-12)
    (True, True)
    """
    E, sigma = _odd_size_and_width(E, sigma)
    t = np.arange(E) - (E - 1) / 2
    r2 = t[:, None] ** 2 + t[None, :] ** 2
    K = (r2 - 2 * sigma**2) / (2 * np.pi * sigma**6) * np.exp(-r2 / (2 * sigma**2))
    return K - K.mean() if zero_sum else K


# --- A lossless two-channel filter bank, and wavelets ---

def haar_filters():
    """The Haar pair h0 = (1, 1)/√2 (averages), h1 = (1, -1)/√2 (differences)."""
    s = 1 / np.sqrt(2.0)
    return np.array([s, s]), np.array([s, -s])


def daubechies4_filters():
    """Daubechies' orthogonal 4-tap pair, lowpass h0 and highpass h1 (each (4,)).

    >>> h0, h1 = daubechies4_filters()
    >>> float(round(h0 @ h0, 12)), float(round(h0 @ h1, 12)), float(round(h1.sum(), 12))
    (1.0, 0.0, 0.0)
    """
    r = np.sqrt(3.0)
    h0 = np.array([1 + r, 3 + r, 3 - r, 1 - r]) / (4 * np.sqrt(2.0))
    h1 = h0[::-1] * np.array([-1.0, 1.0, -1.0, 1.0])
    return h0, h1


def _check_bank(h0, h1):
    if h0 is None and h1 is None:
        return haar_filters()
    h0 = check_array(h0, "h0", ndim=1, dtype=None)
    h1 = check_array(h1, "h1", ndim=1, dtype=None)
    if len(h0) != len(h1) or len(h0) % 2 or len(h0) == 0:
        raise ValueError(f"h0 and h1 must have the same even length, got {len(h0)} and {len(h1)}")
    return h0, h1


def analysis(v, h0=None, h1=None):
    """Analysis half of the bank: v (N,) -> (↓2) C_1 v, (↓2) C_2 v, each (N/2,). §VII.2.

    Periodic correlations with stride 2; Haar by default.

    >>> low, high = analysis([4.0, 2.0, 5.0, 5.0])
    >>> low * np.sqrt(2), high * np.sqrt(2)       # sums and differences of pairs
    (array([ 6., 10.]), array([2., 0.]))
    """
    h0, h1 = _check_bank(h0, h1)
    v = check_array(v, "v", ndim=1, dtype=None)
    if len(v) % 2 or len(v) < len(h0):
        raise ValueError(f"v: the signal length N must be even and at least E={len(h0)}, got N={len(v)}")
    P = (len(h0) - 2) // 2
    return (correlate1d(v, h0, S=2, P=P, mode="wrap"),
            correlate1d(v, h1, S=2, P=P, mode="wrap"))


def synthesis(low, high, h0=None, h1=None):
    """Synthesis half, the transpose of analysis (its inverse for orthogonal pairs). §VII.2.

    >>> synthesis(*analysis([4.0, 2.0, 5.0, 5.0]))
    array([4., 2., 5., 5.])
    """
    h0, h1 = _check_bank(h0, h1)
    low = check_array(low, "low", ndim=1, dtype=None)
    high = check_array(high, "high", ndim=1, dtype=None)
    if low.shape != high.shape:
        raise ValueError(f"low and high must have the same length, got {len(low)} and {len(high)}")
    half, E = len(low), len(h0)
    N = 2 * half
    if N < E:
        raise ValueError(f"the signal length N = 2*len(low) = {N} must be at least E={E}")
    P = (E - 2) // 2
    v = np.zeros(N, np.result_type(low, high, h0))
    start = 2 * np.arange(half) - P
    for k in range(E):
        v[(start + k) % N] += h0[k] * low + h1[k] * high   # distinct indices for fixed k
    return v


def filter_bank_matrix(h0, h1, N: int):
    """The (N, N) matrix of the bank: ``B @ v == np.concatenate(analysis(v, h0, h1))``.

    >>> B = filter_bank_matrix(*haar_filters(), 4)
    >>> np.allclose(B.T @ B, np.eye(4))
    True
    """
    h0, h1 = _check_bank(h0, h1)
    N = check_int(N, "N", min=1)
    if N % 2 or N < len(h0):
        raise ValueError(f"N must be even and at least E={len(h0)}, got N={N}")
    P = (len(h0) - 2) // 2
    return np.vstack([conv_matrix(h0, N, S=2, P=P, mode="wrap"),
                      conv_matrix(h1, N, S=2, P=P, mode="wrap")])


def wavelet_transform(v, levels: int, h0=None, h1=None):
    """The bank repeated on the lowpass half: ``[high_1, ..., high_L, low_L]``. §VII.2.

    >>> [len(c) for c in wavelet_transform(np.ones(128), 3)]
    [64, 32, 16, 16]
    """
    low = check_array(v, "v", ndim=1, dtype=None, min_size=2)
    N = len(low)
    levels = check_int(levels, "levels", min=1, max=int(math.log2(N)))
    if N % 2**levels:
        raise ValueError(f"N={N} must be divisible by 2**levels = {2**levels}")
    coeffs = []
    for _ in range(levels):
        low, high = analysis(low, h0, h1)
        coeffs.append(high)
    return coeffs + [low]


def inverse_wavelet_transform(coeffs, h0=None, h1=None):
    """Rebuild the signal from :func:`wavelet_transform`, coarsest level first.

    >>> np.allclose(inverse_wavelet_transform(wavelet_transform(np.arange(8.0), 3)), np.arange(8))
    True
    """
    coeffs = check_list(coeffs, "coeffs")
    coeffs = [check_array(c, f"coeffs[{i}]", ndim=1, dtype=None) for i, c in enumerate(coeffs)]
    if len(coeffs) < 2:
        raise ValueError(f"coeffs must hold a detail and an average, got {len(coeffs)}")
    low = coeffs[-1]
    for i in range(len(coeffs) - 2, -1, -1):
        check_array(coeffs[i], f"coeffs[{i}]", shape=low.shape)
        low = synthesis(low, coeffs[i], h0, h1)
    return low
