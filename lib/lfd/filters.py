"""The book's named filters and a lossless two-channel filter bank.

Smoothing (Gaussians), gradient detection (centred differences, Sobel),
edge detection (Laplacians, Laplacian of Gaussian), and the lowpass /
highpass filter bank with downsampling by 2 that loses no information,
repeated on the lowpass half to give a wavelet transform.

All kernels are written as they lie over the input window, for the
deep-learning convention (no flip) of :func:`lfd.conv.correlate1d` and
:func:`lfd.conv.correlate2d`.

Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.
"""

from __future__ import annotations

import math

import numpy as np

from lfd.conv import _array, _integer, conv_matrix, correlate1d

__all__ = [
    "gaussian_1d", "gaussian_2d", "gaussian_5x5", "gaussian_5x5_separable",
    "centered_difference", "sobel", "laplacian", "laplacian_of_gaussian",
    "haar_filters", "daubechies4_filters", "filter_bank_matrix",
    "analysis", "synthesis", "wavelet_transform", "inverse_wavelet_transform",
]


# ---------------------------------------------------------------------------
# Smoothing
# ---------------------------------------------------------------------------

def _odd_size_and_width(E, sigma):
    """Check a centred kernel's size E (odd, >= 1) and its width sigma (> 0)."""
    E = _integer("E", E, 1)
    if E % 2 == 0:
        raise ValueError(f"E must be odd so that the kernel has a centre, got E={E}")
    sigma = float(sigma)
    if not sigma > 0:
        raise ValueError(f"sigma must be positive, got sigma={sigma}")
    return E, sigma


def gaussian_1d(E=7, sigma=1.0):
    """Discrete 1D Gaussian: the normal density integrated over unit cells.

    Parameters
    ----------
    E : int, default 7
        Number of taps (odd), centred at 0.
    sigma : float, default 1.0
        Standard deviation, in pixels.

    Returns
    -------
    x : ndarray, shape (E,)
        :math:`x_k \\propto \\Phi((k + 1/2)/\\sigma) - \\Phi((k - 1/2)/\\sigma)`
        for k = −(E−1)/2, ..., (E−1)/2, scaled to sum to 1.

    Notes
    -----
    For E = 7 and σ = 1 this is the book's vector
    x = (.006, .061, .242, .383, .242, .061, .006), and ``np.outer(x, x)``
    is a separable 2D Gaussian (:func:`gaussian_2d`). Smoothing by a
    positive kernel that sums to 1 is averaging: the output never exceeds
    the input's maximum. Strang §VII.2, eq. (3); chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> gaussian_1d(7).round(3)
    array([0.006, 0.061, 0.242, 0.383, 0.242, 0.061, 0.006])
    """
    E, sigma = _odd_size_and_width(E, sigma)
    edges = (np.arange(E + 1) - E / 2) / (sigma * math.sqrt(2.0))
    cdf = 0.5 * (1.0 + np.array([math.erf(t) for t in edges]))
    x = np.diff(cdf)
    return x / x.sum()


def gaussian_2d(E=5, sigma=1.0):
    """Separable discrete 2D Gaussian ``np.outer(x, x)`` with x = gaussian_1d(E, sigma).

    Parameters
    ----------
    E : int, default 5
        Kernel size (odd).
    sigma : float, default 1.0
        Standard deviation, in pixels.

    Returns
    -------
    G : ndarray, shape (E, E)
        Sums to 1.

    Notes
    -----
    The continuous 2D Gaussian is the product of two 1D Gaussians, so
    smoothing in 2D is smoothing along rows then along columns: 2E
    multiplications per pixel instead of E². Strang §VII.2; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> G = gaussian_2d(5)
    >>> G.shape, bool(np.isclose(G.sum(), 1.0))
    ((5, 5), True)
    """
    x = gaussian_1d(E, sigma)
    return np.outer(x, x)


def gaussian_5x5():
    """The book's 5 by 5 discrete Gaussian: integers over 273.

    Returns
    -------
    G : ndarray, shape (5, 5)
        Rows (1 4 7 4 1), (4 16 26 16 4), (7 26 41 26 7), (4 16 26 16 4),
        (1 4 7 4 1), divided by their sum 273.

    Notes
    -----
    Radially nearly symmetric but not exactly a product of 1D filters;
    :func:`gaussian_5x5_separable` is the nearby product. Strang §VII.2,
    eq. (3); chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> (273 * gaussian_5x5()).round().astype(int)[2]
    array([ 7, 26, 41, 26,  7])
    """
    G = np.array([[1, 4, 7, 4, 1],
                  [4, 16, 26, 16, 4],
                  [7, 26, 41, 26, 7],
                  [4, 16, 26, 16, 4],
                  [1, 4, 7, 4, 1]], dtype=float)
    return G / 273.0


def gaussian_5x5_separable():
    """Rank-one approximation of :func:`gaussian_5x5`: x xᵀ / 289 with x = (1, 4, 7, 4, 1).

    Returns
    -------
    G : ndarray, shape (5, 5)
        Sums to 1 (289 = 17²).

    Notes
    -----
    Being an outer product, it can be applied as two 1D passes.
    Strang §VII.2, eq. (3); chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> (289 * gaussian_5x5_separable()).round().astype(int)[2]
    array([ 7, 28, 49, 28,  7])
    """
    x = np.array([1.0, 4.0, 7.0, 4.0, 1.0])
    return np.outer(x, x) / 289.0


# ---------------------------------------------------------------------------
# Gradients and edges
# ---------------------------------------------------------------------------

def centered_difference():
    """The 1D gradient filter (−1/2, 0, 1/2): ``(Av)_i = (v_{i+1} − v_{i−1})/2``.

    Returns
    -------
    w : ndarray, shape (3,)

    Notes
    -----
    The book's weights (x_1, x_0, x_{-1}) = (−1/2, 0, 1/2) in the
    no-flip convention; a flipped convolution (:func:`lfd.conv.convolve1d`,
    ``np.convolve``) needs (1/2, 0, −1/2) for the same result. Exact for
    linear signals. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> centered_difference()
    array([-0.5,  0. ,  0.5])
    """
    return np.array([-0.5, 0.0, 0.5])


def sobel():
    """The book's Sobel operators for ∂/∂x (across columns) and ∂/∂y (down rows).

    Returns
    -------
    Gx, Gy : ndarray, each of shape (3, 3)
        ``Gx = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]] / 2`` and ``Gy = Gx.T``.

    Notes
    -----
    Each is a centred difference in one direction times the smoother
    (1, 2, 1) in the other; both sum to 0, so flat regions give 0. On the
    ramp f = x (column index) ``Gx`` returns 4: divide by 4 (or use the
    common scaling 1/8 instead of the book's 1/2) for the slope itself.
    y grows down the rows, as array indices do. The gradient size is
    :math:`\\|g\\|^2 = |\\partial f/\\partial x|^2 + |\\partial f/\\partial y|^2`.
    Strang §VII.2, eq. (4); chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> Gx, Gy = sobel()
    >>> 2 * Gy
    array([[-1., -2., -1.],
           [ 0.,  0.,  0.],
           [ 1.,  2.,  1.]])
    """
    Gx = np.outer([1.0, 2.0, 1.0], [-1.0, 0.0, 1.0]) / 2
    return Gx, Gx.T.copy()


def laplacian(neighbours=4):
    """The book's two discrete Laplacians (5-point and 9-point stencils).

    Parameters
    ----------
    neighbours : {4, 8}, default 4
        4: ``[[0, 1, 0], [1, -4, 1], [0, 1, 0]]``;
        8: ``[[1, 4, 1], [4, -20, 4], [1, 4, 1]]``.

    Returns
    -------
    L : ndarray, shape (3, 3)
        Sums to 0: constants (and linear functions) give 0.

    Notes
    -----
    Both approximate :math:`\\nabla^2 u = u_{xx} + u_{yy}` with grid
    spacing 1; the 8-neighbour stencil is six times the Laplacian (on
    x² + y² it returns 24 where ∇² = 4). Edges show up as sign changes
    of the response. Strang §VII.2, Problem 4; chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> laplacian(8).astype(int)
    array([[  1,   4,   1],
           [  4, -20,   4],
           [  1,   4,   1]])
    """
    if neighbours == 4:
        return np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    if neighbours == 8:
        return np.array([[1.0, 4.0, 1.0], [4.0, -20.0, 4.0], [1.0, 4.0, 1.0]])
    raise ValueError(f"neighbours must be 4 or 8, got neighbours={neighbours!r}")


def laplacian_of_gaussian(E=9, sigma=1.4, zero_sum=True):
    """Laplacian of Gaussian (LoG) kernel for edge detection.

    Parameters
    ----------
    E : int, default 9
        Kernel size (odd), centred at 0.
    sigma : float, default 1.4
        Standard deviation of the Gaussian, in pixels.
    zero_sum : bool, default True
        Subtract the mean so that the kernel sums to 0 exactly (a flat
        image then gives exactly 0, as for the continuous LoG).

    Returns
    -------
    K : ndarray, shape (E, E)
        Samples of :math:`\\nabla^2 g` at the integer points.

    Notes
    -----
    Smoothing and differentiating commute:
    :math:`\\nabla^2 (g * f) = (\\nabla^2 g) * f` (eq. (5)), so one kernel
    does both. For :math:`g = e^{-r^2/2\\sigma^2} / (2\\pi\\sigma^2)`,

    .. math:: \\nabla^2 g = \\frac{r^2 - 2\\sigma^2}{2\\pi\\sigma^6}\\, e^{-r^2/2\\sigma^2},

    negative in the middle, positive in a ring. The book prints the
    constant as :math:`1/(\\pi\\sigma^4)`, which is this one times
    :math:`2\\sigma^2`; a constant factor does not move the zero crossings
    that mark edges. Strang §VII.2, eq. (5); chapter
    chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> K = laplacian_of_gaussian(9, 1.4)
    >>> bool(K[4, 4] < 0), bool(abs(K.sum()) < 1e-12)
    (True, True)
    """
    E, sigma = _odd_size_and_width(E, sigma)
    t = np.arange(E) - (E - 1) / 2
    r2 = t[:, None] ** 2 + t[None, :] ** 2
    K = (r2 - 2 * sigma**2) / (2 * np.pi * sigma**6) * np.exp(-r2 / (2 * sigma**2))
    return K - K.mean() if zero_sum else K


# ---------------------------------------------------------------------------
# A lossless two-channel filter bank, and wavelets
# ---------------------------------------------------------------------------

def haar_filters():
    """The Haar pair: lowpass (1, 1)/√2 (averages) and highpass (1, −1)/√2 (differences).

    Returns
    -------
    h0, h1 : ndarray, each of shape (2,)

    Notes
    -----
    Scaled by 1/√2 (instead of 1/2) so that the filter bank matrix is
    orthogonal and synthesis is its transpose. Strang §VII.2 ("Filter
    banks and wavelets"); chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> h0, h1 = haar_filters()
    >>> h0 * np.sqrt(2), h1 * np.sqrt(2)
    (array([1., 1.]), array([ 1., -1.]))
    """
    s = 1 / np.sqrt(2.0)
    return np.array([s, s]), np.array([s, -s])


def daubechies4_filters():
    """Daubechies' orthogonal pair with 4 taps (lowpass, highpass).

    Returns
    -------
    h0, h1 : ndarray, each of shape (4,)
        ``h0 = (1+√3, 3+√3, 3−√3, 1−√3) / (4√2)`` and the alternating flip
        ``h1[k] = (−1)^(k+1) h0[3−k]``.

    Notes
    -----
    Like Haar, its shifts by 2 are orthonormal, so analysis followed by
    synthesis (the transpose) reconstructs the signal; the lowpass filter
    also passes linear signals untouched by the highpass. Strang §VII.2;
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> h0, h1 = daubechies4_filters()
    >>> float(round(h0 @ h0, 12)), float(round(h0 @ h1, 12)), float(round(h1.sum(), 12))
    (1.0, 0.0, 0.0)
    """
    r = np.sqrt(3.0)
    h0 = np.array([1 + r, 3 + r, 3 - r, 1 - r]) / (4 * np.sqrt(2.0))
    h1 = h0[::-1] * np.array([-1.0, 1.0, -1.0, 1.0])
    return h0, h1


def _check_bank(h0, h1):
    h0 = _array("h0", h0, 1, "(E,)")
    h1 = _array("h1", h1, 1, "(E,)")
    if len(h0) != len(h1) or len(h0) % 2:
        raise ValueError(f"h0 and h1 must have the same even length, got {len(h0)} and {len(h1)}")
    return h0, h1


def _check_signal(v, E):
    v = _array("v", v, 1, "(N,)")
    if len(v) % 2 or len(v) < E:
        raise ValueError(f"the signal length N must be even and at least E={E}, got N={len(v)}")
    return v


def analysis(v, h0=None, h1=None):
    """Analysis half of a two-channel filter bank: filter, then keep every other output.

    Parameters
    ----------
    v : array_like, shape (N,)
        Signal of even length N (periodic: it wraps around).
    h0, h1 : array_like, shape (E,), optional
        Lowpass and highpass filters of the same even length; the Haar
        pair by default.

    Returns
    -------
    low, high : ndarray, each of shape (N // 2,)
        :math:`(\\downarrow 2) C_1 v` and :math:`(\\downarrow 2) C_2 v`.

    Notes
    -----
    Each channel is a periodic convolution with stride S = 2 (padding
    P = (E − 2)/2 so that Karpathy's formula gives N/2), so the two halves
    together are N numbers from N numbers: the square matrix of
    :func:`filter_bank_matrix`. For an orthogonal pair (Haar, Daubechies)
    that matrix is orthogonal and :func:`synthesis` inverts it: the bank
    is lossless. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> low, high = analysis([4.0, 2.0, 5.0, 5.0])
    >>> low * np.sqrt(2), high * np.sqrt(2)       # sums and differences of pairs
    (array([ 6., 10.]), array([2., 0.]))
    """
    if h0 is None and h1 is None:
        h0, h1 = haar_filters()
    h0, h1 = _check_bank(h0, h1)
    v = _check_signal(v, len(h0))
    P = (len(h0) - 2) // 2
    return (correlate1d(v, h0, S=2, P=P, mode="wrap"),
            correlate1d(v, h1, S=2, P=P, mode="wrap"))


def synthesis(low, high, h0=None, h1=None):
    """Synthesis half: the transpose of :func:`analysis`, its inverse for orthogonal pairs.

    Parameters
    ----------
    low, high : array_like, shape (N // 2,)
        The two channels.
    h0, h1 : array_like, shape (E,), optional
        The filters used in the analysis (Haar by default).

    Returns
    -------
    v : ndarray, shape (N,)
        :math:`C_1^T (\\uparrow 2)\\,\\mathrm{low} + C_2^T (\\uparrow 2)\\,\\mathrm{high}`.

    Notes
    -----
    Output i of channel h reads v at positions 2i − P + k (mod N),
    k = 0, ..., E − 1; the transpose sends ``h[k] * low[i]`` back to those
    positions. This equals ``filter_bank_matrix(h0, h1, N).T`` times the
    stacked channels, which is the inverse when the pair is orthogonal.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> v = np.array([4.0, 2.0, 5.0, 5.0])
    >>> synthesis(*analysis(v))
    array([4., 2., 5., 5.])
    """
    if h0 is None and h1 is None:
        h0, h1 = haar_filters()
    h0, h1 = _check_bank(h0, h1)
    low = _array("low", low, 1, "(N // 2,)")
    high = _array("high", high, 1, "(N // 2,)")
    if low.shape != high.shape:
        raise ValueError(f"low and high must have the same length, got {len(low)} and {len(high)}")
    half = len(low)
    N, E = 2 * half, len(h0)
    if N < E:
        raise ValueError(f"the signal length N = 2*len(low) = {N} must be at least E={E}")
    P = (E - 2) // 2
    v = np.zeros(N, np.result_type(low, high, h0))
    start = 2 * np.arange(half) - P
    for k in range(E):
        v[(start + k) % N] += h0[k] * low + h1[k] * high   # distinct indices for fixed k
    return v


def filter_bank_matrix(h0, h1, N):
    """The N by N matrix of the two-channel bank: lowpass rows over highpass rows.

    Parameters
    ----------
    h0, h1 : array_like, shape (E,)
        Lowpass and highpass filters (same even length).
    N : int
        Even signal length, at least E.

    Returns
    -------
    B : ndarray, shape (N, N)
        ``B @ v == np.concatenate(analysis(v, h0, h1))``.

    Notes
    -----
    Two N/2 by N matrices :math:`(\\downarrow 2)C_1` and
    :math:`(\\downarrow 2)C_2` stacked into one square matrix; the bank
    loses nothing exactly when B is invertible. For orthogonal pairs
    :math:`B^T B = I`. Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> B = filter_bank_matrix(*haar_filters(), 4)
    >>> np.allclose(B.T @ B, np.eye(4))
    True
    """
    h0, h1 = _check_bank(h0, h1)
    N = _integer("N", N, 1)
    if N % 2 or N < len(h0):
        raise ValueError(f"N must be even and at least E={len(h0)}, got N={N}")
    P = (len(h0) - 2) // 2
    return np.vstack([conv_matrix(h0, N, S=2, P=P, mode="wrap"),
                      conv_matrix(h1, N, S=2, P=P, mode="wrap")])


def wavelet_transform(v, levels, h0=None, h1=None):
    """Repeat the filter bank on the lowpass half: a discrete wavelet transform.

    Parameters
    ----------
    v : array_like, shape (N,)
        Signal; N must be divisible by 2**levels.
    levels : int
        How many times to split the lowpass channel (>= 1).
    h0, h1 : array_like, optional
        Filters (Haar by default).

    Returns
    -------
    coeffs : list of ndarray
        ``[high_1, high_2, ..., high_levels, low_levels]`` of lengths
        N/2, N/4, ..., N/2**levels, N/2**levels.

    Notes
    -----
    For N = 128 and three levels the pieces have 64 + 32 + 16 + 16 = 128
    components: the details at each scale and an average of averages
    whose frequencies sit in the lowest eighth. Strang §VII.2 ("Wavelets");
    chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> [len(c) for c in wavelet_transform(np.ones(128), 3)]
    [64, 32, 16, 16]
    """
    levels = _integer("levels", levels, 1)
    low = _array("v", v, 1, "(N,)")
    if len(low) % 2**levels:
        raise ValueError(f"N={len(low)} must be divisible by 2**levels = {2**levels}")
    coeffs = []
    for _ in range(levels):
        low, high = analysis(low, h0, h1)
        coeffs.append(high)
    return coeffs + [low]


def inverse_wavelet_transform(coeffs, h0=None, h1=None):
    """Rebuild the signal from :func:`wavelet_transform`, coarsest level first.

    Parameters
    ----------
    coeffs : list of ndarray
        ``[high_1, ..., high_L, low_L]``.
    h0, h1 : array_like, optional
        The filters of the forward transform (Haar by default).

    Returns
    -------
    v : ndarray, shape (N,)

    Notes
    -----
    Each step is :func:`synthesis`; for orthogonal filters the whole
    transform is an orthogonal matrix and this is its transpose.
    Strang §VII.2; chapter chapters/02-convolutional-nets.ipynb.

    Examples
    --------
    >>> v = np.arange(8.0)
    >>> np.allclose(inverse_wavelet_transform(wavelet_transform(v, 3)), v)
    True
    """
    if len(coeffs) < 2:
        raise ValueError(f"coeffs must hold at least one detail and one average, got {len(coeffs)}")
    low = coeffs[-1]
    for high in reversed(coeffs[:-1]):
        low = synthesis(low, high, h0, h1)
    return low
