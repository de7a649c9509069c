"""Tests for lfd.conv: every fast form against its explicit matrix and scipy / torch."""

import numpy as np
import pytest
import scipy.ndimage as ndi
import scipy.signal as sig
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import conv
from lfd.nn.layer import Layer, Sequential
from helpers import central_difference, rel_err

# Fast forms and references differ only by rounding: sums of at most ~100
# products of numbers of size ~1 in float64.
TOL = dict(rtol=1e-10, atol=1e-10)
MODES = ["zero", "wrap", "reflect", "mirror"]
NDIMAGE = {"zero": "constant", "wrap": "wrap", "reflect": "reflect", "mirror": "mirror"}
FAST = settings(max_examples=60, deadline=None)


def padded(v, P, mode):
    return np.pad(v, P, mode=conv.MODES[mode])


@st.composite
def geometry(draw, max_N=9, max_E=4):
    """(N, E, P, S) for which Karpathy's formula gives a whole number."""
    N = draw(st.integers(1, max_N))
    E = draw(st.integers(1, max_E))
    low = max(0, -(-(E - N) // 2))
    P = draw(st.integers(low, low + 3))
    span = N - E + 2 * P
    S = draw(st.sampled_from([s for s in range(1, 4) if span % s == 0]))
    return N, E, P, S


def arrays(draw, shape):
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).standard_normal(shape)


# ---------------------------------------------------------------------------
# output_size
# ---------------------------------------------------------------------------

def test_output_size_book_examples():
    assert conv.output_size(6, 3) == 4                  # the 4 by 6 matrix A
    assert conv.output_size(5, 3, S=2) == 2             # eq. (6)
    assert conv.output_size(5, 3, P=1, S=2) == 3
    assert conv.output_size(128, 3, P=1) == 128         # 2P = E - 1 keeps the size
    with pytest.raises(TypeError, match=r"N must be an integer, got 10\.0"):
        conv.output_size(10.0, 3)                       # floats are refused, even whole ones
    with pytest.raises(TypeError, match=r"N must be an integer, got 6\.0"):
        conv.output_size(6.0, 3)


@given(geometry(max_N=30, max_E=8))
def test_output_size_counts_windows(g):
    N, E, P, S = g
    starts = range(0, N + 2 * P - E + 1, S)
    assert conv.output_size(N, E, P, S) == len(starts)


@pytest.mark.parametrize("args, match", [
    ((6, 3, 0, 2), r"stride S=2 does not fit: .*\(6 - 3 \+ 2\*0\)/2 \+ 1 = 2\.5"),
    ((4, 5, 0, 1), r"kernel size E=5 is larger than the padded input length N \+ 2P = 4"),
    ((2, 7, 2, 1), r"kernel size E=7 is larger than the padded input length .* = 6"),
    ((6, 3, -1, 1), r"P must be >= 0, got -1"),
    ((0, 1, 0, 1), r"N must be >= 1, got 0"),
    ((6, 3, 0, 0), r"S must be >= 1, got 0"),
])
def test_output_size_errors(args, match):
    with pytest.raises(ValueError, match=match):
        conv.output_size(*args)


def test_output_size_type_errors():
    with pytest.raises(TypeError, match="N must be an integer"):
        conv.output_size("6", 3)
    with pytest.raises(TypeError, match="S must be an integer"):
        conv.output_size(6, 3, S=True)
    with pytest.raises(TypeError, match=r"E must be an integer, got 2\.5"):
        conv.output_size(6, 2.5)


# ---------------------------------------------------------------------------
# Shift matrices and explicit convolution matrices
# ---------------------------------------------------------------------------

def test_book_matrix_is_combination_of_L_C_R():
    x1, x0, xm1 = 2.0, 3.0, 5.0
    L, C, R = conv.shift_matrices(6)
    book = np.array([[x1, x0, xm1, 0, 0, 0],
                     [0, x1, x0, xm1, 0, 0],
                     [0, 0, x1, x0, xm1, 0],
                     [0, 0, 0, x1, x0, xm1]])
    np.testing.assert_array_equal(x1 * L + x0 * C + xm1 * R, book)
    np.testing.assert_array_equal(conv.conv_matrix([x1, x0, xm1], 6), book)
    # each shift has one diagonal of ones
    for k, shift in enumerate((L, C, R)):
        np.testing.assert_array_equal(shift, np.eye(4, 6, k))


def test_stride_two_matrices_from_the_book():
    w = [2.0, 3.0, 5.0]
    np.testing.assert_array_equal(conv.conv_matrix(w, 5, S=2),
                                  [[2, 3, 5, 0, 0], [0, 0, 2, 3, 5]])
    three_by_seven = conv.conv_matrix(w, 7, S=2)
    np.testing.assert_array_equal(three_by_seven, [[2, 3, 5, 0, 0, 0, 0],
                                                   [0, 0, 2, 3, 5, 0, 0],
                                                   [0, 0, 0, 0, 2, 3, 5]])
    # with P = 1 zero padding, the columns that meet the zeros drop out
    np.testing.assert_array_equal(conv.conv_matrix(w, 5, S=2, P=1), three_by_seven[:, 1:-1])


def test_nine_shifts_give_the_2d_matrix():
    rng = np.random.default_rng(0)
    N = 5
    x = rng.standard_normal((3, 3))     # x[a, b] multiplies the pixel (i + a, j + b)
    shifts = conv.shift_matrices_2d(N)
    names = [["LU", "CU", "RU"], ["L", "C", "R"], ["LD", "CD", "RD"]]
    A = sum(x[a, b] * shifts[names[a][b]] for a in range(3) for b in range(3))
    np.testing.assert_allclose(A, conv.conv_matrix_2d(x, (N, N)), **TOL)
    v = rng.standard_normal((N, N))
    np.testing.assert_allclose((shifts["LU"] @ v.ravel()).reshape(3, 3), v[:3, :3])
    np.testing.assert_allclose((shifts["RD"] @ v.ravel()).reshape(3, 3), v[2:, 2:])


def test_wraparound_gives_a_circulant_diagonalized_by_fourier():
    rng = np.random.default_rng(1)
    N = 8
    A = conv.conv_matrix(rng.standard_normal(3), N, P=1, mode="wrap")
    c = A[:, 0]
    for i in range(N):              # every row is the previous one, cyclically shifted
        np.testing.assert_array_equal(A[i], np.roll(A[0], i))
    F = np.exp(2j * np.pi * np.outer(np.arange(N), np.arange(N)) / N)
    np.testing.assert_allclose(A @ F, F * np.fft.fft(c), **TOL)


def test_pad_matrix_modes():
    v = np.arange(1.0, 5.0)
    np.testing.assert_array_equal(conv.pad_matrix(4, 2, "zero") @ v, [0, 0, 1, 2, 3, 4, 0, 0])
    np.testing.assert_array_equal(conv.pad_matrix(4, 2, "wrap") @ v, [3, 4, 1, 2, 3, 4, 1, 2])
    np.testing.assert_array_equal(conv.pad_matrix(4, 2, "reflect") @ v, [2, 1, 1, 2, 3, 4, 4, 3])
    np.testing.assert_array_equal(conv.pad_matrix(4, 2, "mirror") @ v, [3, 2, 1, 2, 3, 4, 3, 2])


# ---------------------------------------------------------------------------
# 1D and 2D single-signal convolutions: matrix, scipy, numpy
# ---------------------------------------------------------------------------

@FAST
@given(g=geometry(), mode=st.sampled_from(MODES), data=st.data())
def test_correlate1d_matches_matrix_and_scipy(g, mode, data):
    N, E, P, S = g
    v, w = arrays(data.draw, N), arrays(data.draw, E)
    y = conv.correlate1d(v, w, S, P, mode)
    np.testing.assert_allclose(y, conv.conv_matrix(w, N, S, P, mode) @ v, **TOL)
    np.testing.assert_allclose(y, sig.correlate(padded(v, P, mode), w, "valid")[::S], **TOL)
    flipped = conv.convolve1d(v, w, S, P, mode)
    np.testing.assert_allclose(flipped, sig.convolve(padded(v, P, mode), w, "valid")[::S], **TOL)


@FAST
@given(N=st.integers(3, 12), half=st.integers(0, 2), mode=st.sampled_from(MODES), data=st.data())
def test_correlate1d_same_size_matches_ndimage(N, half, mode, data):
    E = 2 * half + 1
    v, w = arrays(data.draw, N), arrays(data.draw, E)
    np.testing.assert_allclose(conv.correlate1d(v, w, P=half, mode=mode),
                               ndi.correlate1d(v, w, mode=NDIMAGE[mode]), **TOL)


@FAST
@given(N=st.integers(1, 12), E=st.integers(1, 5), data=st.data())
def test_convolve1d_matches_np_convolve(N, E, data):
    v, w = arrays(data.draw, N), arrays(data.draw, E)
    np.testing.assert_allclose(conv.convolve1d(v, w, P=E - 1), np.convolve(v, w, "full"), **TOL)
    if E <= N:
        np.testing.assert_allclose(conv.convolve1d(v, w), np.convolve(v, w, "valid"), **TOL)


@FAST
@given(g1=geometry(max_N=7, max_E=3), data=st.data(), mode=st.sampled_from(MODES))
def test_correlate2d_matches_matrix_and_scipy(g1, data, mode):
    H, E1, P, S = g1
    # a second direction with the same P and S that also fits
    Wd = data.draw(st.sampled_from([n for n in range(1, 8)
                                    for e in [E1] if n + 2 * P >= e and (n - e + 2 * P) % S == 0]))
    E2 = data.draw(st.sampled_from([e for e in range(1, 4)
                                    if Wd + 2 * P >= e and (Wd - e + 2 * P) % S == 0]))
    v, w = arrays(data.draw, (H, Wd)), arrays(data.draw, (E1, E2))
    y = conv.correlate2d(v, w, S, P, mode)
    A = conv.conv_matrix_2d(w, (H, Wd), S, P, mode)
    np.testing.assert_allclose(y.ravel(), A @ v.ravel(), **TOL)
    vp = padded(v, P, mode)
    np.testing.assert_allclose(y, sig.correlate2d(vp, w, "valid")[::S, ::S], **TOL)
    np.testing.assert_allclose(conv.convolve2d(v, w, S, P, mode),
                               sig.convolve2d(vp, w, "valid")[::S, ::S], **TOL)


@FAST
@given(H=st.integers(3, 10), Wd=st.integers(3, 10), half=st.integers(0, 2),
       mode=st.sampled_from(MODES), data=st.data())
def test_correlate2d_same_size_matches_ndimage(H, Wd, half, mode, data):
    E = 2 * half + 1
    v, w = arrays(data.draw, (H, Wd)), arrays(data.draw, (E, E))
    np.testing.assert_allclose(conv.correlate2d(v, w, P=half, mode=mode),
                               ndi.correlate(v, w, mode=NDIMAGE[mode]), **TOL)
    np.testing.assert_allclose(conv.convolve2d(v, w, P=half, mode=mode),
                               ndi.convolve(v, w, mode=NDIMAGE[mode]), **TOL)


@FAST
@given(N=st.integers(1, 8), E=st.integers(1, 4), data=st.data())
def test_convolve2d_full_matches_scipy(N, E, data):
    v, w = arrays(data.draw, (N, N + 1)), arrays(data.draw, (E, E))
    np.testing.assert_allclose(conv.convolve2d(v, w, P=E - 1), sig.convolve2d(v, w, "full"), **TOL)
    np.testing.assert_allclose(conv.correlate2d(v, w, P=E - 1), sig.correlate2d(v, w, "full"),
                               **TOL)


def test_centered_difference_of_a_ramp():
    v = 3.0 * np.arange(8)
    np.testing.assert_allclose(conv.correlate1d(v, [-0.5, 0, 0.5]), 3.0)
    # the flipped form needs the flipped weights, as the book remarks
    np.testing.assert_allclose(np.convolve(v, [0.5, 0, -0.5], "valid"), 3.0)


def test_float32_stays_float32():
    v = np.ones((6, 6), np.float32)
    assert conv.correlate2d(v, np.ones((3, 3), np.float32)).dtype == np.float32
    assert conv.correlate2d(v, np.ones((3, 3))).dtype == np.float64
    assert conv.correlate1d(np.arange(5), [1, 1]).dtype == np.float64


def test_single_signal_errors():
    with pytest.raises(ValueError, match="kernel size E=5 is larger than the padded input length"):
        conv.correlate1d(np.ones(4), np.ones(5))
    with pytest.raises(ValueError, match="mode must be one of .* got 'same'"):
        conv.correlate1d(np.ones(4), np.ones(3), mode="same")
    with pytest.raises(ValueError, match=r"v must have 2 dimensions, got shape \(4,\)"):
        conv.correlate2d(np.ones(4), np.ones((2, 2)))
    with pytest.raises(TypeError, match="w must hold real numbers, got dtype complex128"):
        conv.correlate1d(np.ones(4), np.ones(2) * 1j)
    with pytest.raises(ValueError, match="stride S=2 does not fit"):
        conv.correlate2d(np.ones((6, 6)), np.ones((3, 3)), S=2)


# ---------------------------------------------------------------------------
# Multi-channel batches: torch as reference (float64), and gradients
# ---------------------------------------------------------------------------

@st.composite
def batch_case(draw, d=2):
    n, C_in, C_out = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    E = draw(st.integers(1, 3))
    P = draw(st.integers(0, 2))
    S = draw(st.integers(1, 3))
    # choose sizes that fit: N = E - 2P + S*(M - 1) with M >= 1 and N >= max(1, P)
    sizes = []
    for _ in range(d):
        M = draw(st.integers(1, 4))
        N = E - 2 * P + S * (M - 1)
        if N < max(1, P):
            N += S * (-(-(max(1, P) - N) // S))
        sizes.append(N)
    X = arrays(draw, (n, C_in, *sizes))
    w = arrays(draw, (C_out, C_in) + (E,) * d)
    b = arrays(draw, C_out)
    return X, w, b, S, P


TORCH_PAD = {"wrap": "circular", "mirror": "reflect"}


@FAST
@given(case=batch_case(), mode=st.sampled_from(["zero", "wrap", "mirror"]))
def test_conv2d_matches_torch(case, mode):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    X, w, b, S, P = case
    if mode == "mirror" and P >= min(X.shape[2:]):
        mode = "zero"                   # torch's reflect padding needs P < N
    tX = torch.tensor(X, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    if mode == "zero":
        tY = F.conv2d(tX, tw, tb, stride=S, padding=P)
    else:
        tY = F.conv2d(F.pad(tX, (P,) * 4, mode=TORCH_PAD[mode]), tw, tb, stride=S)
    Y = conv.conv2d(X, w, b, S, P, mode)
    np.testing.assert_allclose(Y, tY.detach().numpy(), **TOL)
    G = np.random.default_rng(0).standard_normal(Y.shape)
    tY.backward(torch.tensor(G))
    dX, dw, db = conv.conv2d_backward(G, X, w, S, P, mode)
    np.testing.assert_allclose(dX, tX.grad.numpy(), **TOL)
    np.testing.assert_allclose(dw, tw.grad.numpy(), **TOL)
    np.testing.assert_allclose(db, tb.grad.numpy(), **TOL)


@FAST
@given(case=batch_case(d=1))
def test_conv1d_matches_torch(case):
    torch = pytest.importorskip("torch")
    X, w, b, S, P = case
    tX = torch.tensor(X, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tY = torch.nn.functional.conv1d(tX, tw, torch.tensor(b), stride=S, padding=P)
    np.testing.assert_allclose(conv.conv1d(X, w, b, S, P), tY.detach().numpy(), **TOL)
    G = np.random.default_rng(1).standard_normal(tY.shape)
    tY.backward(torch.tensor(G))
    dX, dw, _ = conv.conv1d_backward(G, X, w, S, P)
    np.testing.assert_allclose(dX, tX.grad.numpy(), **TOL)
    np.testing.assert_allclose(dw, tw.grad.numpy(), **TOL)


def test_one_channel_conv2d_is_correlate2d():
    rng = np.random.default_rng(2)
    v, w = rng.standard_normal((7, 9)), rng.standard_normal((3, 3))
    for mode in MODES:
        Y = conv.conv2d(v[None, None], w[None, None], P=1, S=2, mode=mode)
        np.testing.assert_allclose(Y[0, 0], conv.correlate2d(v, w, P=1, S=2, mode=mode), **TOL)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("S, P", [(1, 0), (1, 1), (2, 1), (3, 2)])
def test_conv2d_gradients_by_central_differences(mode, S, P):
    rng = np.random.default_rng(3)
    E = 3
    M = 3
    N = E - 2 * P + S * (M - 1)
    X = rng.standard_normal((2, 2, N, N + S))
    w = rng.standard_normal((3, 2, E, E))
    b = rng.standard_normal(3)
    G = rng.standard_normal(conv.conv2d(X, w, b, S, P, mode).shape)

    def loss():
        return np.sum(G * conv.conv2d(X, w, b, S, P, mode))

    dX, dw, db = conv.conv2d_backward(G, X, w, S, P, mode)
    # the loss is linear in each argument: central differences are exact up to rounding
    for analytic, x in ((dX, X), (dw, w), (db, b)):
        assert rel_err(analytic, central_difference(loss, x)) < 1e-7


@pytest.mark.parametrize("mode", MODES)
def test_conv1d_gradients_by_central_differences(mode):
    rng = np.random.default_rng(4)
    X, w, b = rng.standard_normal((2, 3, 9)), rng.standard_normal((2, 3, 3)), rng.standard_normal(2)
    G = rng.standard_normal((2, 2, 5))

    def loss():
        return np.sum(G * conv.conv1d(X, w, b, S=2, P=1, mode=mode))

    dX, dw, db = conv.conv1d_backward(G, X, w, S=2, P=1, mode=mode)
    for analytic, x in ((dX, X), (dw, w), (db, b)):
        assert rel_err(analytic, central_difference(loss, x)) < 1e-7


@pytest.mark.parametrize("mode", MODES)
def test_input_gradient_is_the_transposed_matrix(mode):
    rng = np.random.default_rng(5)
    v, w = rng.standard_normal((7, 5)), rng.standard_normal((3, 3))
    A = conv.conv_matrix_2d(w, v.shape, S=2, P=2, mode=mode)
    dY = rng.standard_normal((5, 4))
    dX, _, _ = conv.conv2d_backward(dY[None, None], v[None, None], w[None, None],
                                    S=2, P=2, mode=mode)
    np.testing.assert_allclose(dX[0, 0].ravel(), A.T @ dY.ravel(), **TOL)


def test_stride_one_input_gradient_is_full_correlation_with_flipped_kernel():
    rng = np.random.default_rng(6)
    v, w = rng.standard_normal((6, 7)), rng.standard_normal((3, 3))
    dY = rng.standard_normal((4, 5))
    dX, _, _ = conv.conv2d_backward(dY[None, None], v[None, None], w[None, None])
    np.testing.assert_allclose(dX[0, 0], conv.correlate2d(dY, w[::-1, ::-1], P=2), **TOL)


def test_weight_derivatives_are_the_shifted_inputs():
    """Book eq. (1): dy/dx_1 = Lv, dy/dx_0 = Cv, dy/dx_{-1} = Rv; and eq. (2) in 2D."""
    rng = np.random.default_rng(7)
    v, dY = rng.standard_normal(8), rng.standard_normal(6)
    _, dw, _ = conv.conv1d_backward(dY[None, None], v[None, None], rng.standard_normal((1, 1, 3)))
    L, C, R = conv.shift_matrices(8)
    np.testing.assert_allclose(dw[0, 0], [dY @ (L @ v), dY @ (C @ v), dY @ (R @ v)], **TOL)

    V, dY2 = rng.standard_normal((5, 5)), rng.standard_normal((3, 3))
    _, dw2, _ = conv.conv2d_backward(dY2[None, None], V[None, None], np.zeros((1, 1, 3, 3)))
    shifts = conv.shift_matrices_2d(5)
    names = [["LU", "CU", "RU"], ["L", "C", "R"], ["LD", "CD", "RD"]]
    expected = [[dY2.ravel() @ (shifts[names[a][b]] @ V.ravel()) for b in range(3)]
                for a in range(3)]
    np.testing.assert_allclose(dw2[0, 0], expected, **TOL)


def test_batch_errors_name_the_problem():
    X = np.ones((2, 3, 5, 5))
    with pytest.raises(ValueError, match="X has C_in=3 channels but w of shape .* expects C_in=4"):
        conv.conv2d(X, np.ones((2, 4, 3, 3)))
    with pytest.raises(ValueError, match=r"b must have shape \(2,\), got \(3,\)"):
        conv.conv2d(X, np.ones((2, 3, 3, 3)), b=np.ones(3))
    with pytest.raises(ValueError, match=r"X must have shape \(n, C_in, H, W\)"):
        conv.conv2d(np.ones((3, 5, 5)), np.ones((2, 3, 3, 3)))
    with pytest.raises(ValueError, match=r"dY must have shape \(2, 2, 3, 3\)"):
        conv.conv2d_backward(np.ones((2, 2, 5, 5)), X, np.ones((2, 3, 3, 3)))
    with pytest.raises(ValueError, match="kernel size E=7 is larger"):
        conv.conv1d(np.ones((1, 1, 5)), np.ones((1, 1, 7)))


def test_input_grad_false_skips_dX():
    rng = np.random.default_rng(18)
    X, w, G = rng.standard_normal((2, 1, 6)), rng.standard_normal((3, 1, 3)), rng.standard_normal((2, 3, 4))
    dX, dw, db = conv.conv1d_backward(G, X, w, input_grad=False)
    full = conv.conv1d_backward(G, X, w)
    assert dX is None
    np.testing.assert_array_equal(dw, full[1])
    np.testing.assert_array_equal(db, full[2])


def test_counts_are_checked_as_integers():
    with pytest.raises(TypeError, match="N must be an integer"):
        conv.pad_matrix(4.0, 1)
    with pytest.raises(TypeError, match="k must be an integer"):
        conv.shift_matrix(5, 1.0)
    with pytest.raises(ValueError, match="k must be <= 2, got 3"):
        conv.shift_matrix(5, 3)
    with pytest.raises(TypeError, match=r"shape\[1\] must be an integer"):
        conv.conv_matrix_2d(np.ones((2, 2)), (3, 3.0))
    with pytest.raises(TypeError, match="S must be an integer"):
        conv.correlate2d(np.ones((4, 4)), np.ones((2, 2)), S=2.0)
    with pytest.raises(ValueError, match="v must hold finite values"):
        conv.correlate1d([1.0, np.nan, 2.0], [1.0])


def test_empty_inputs_and_bad_shapes_are_refused_by_name():
    # issue 16: empty v said "N must be >= 1", empty X/w leaked numpy's "cannot reshape"
    for f in (conv.correlate1d, conv.convolve1d):
        with pytest.raises(ValueError, match="v must hold at least 1 entries"):
            f(np.zeros(0), [1.0, 2.0])
    for f in (conv.correlate2d, conv.convolve2d):
        with pytest.raises(ValueError, match="v must hold at least 1 entries"):
            f(np.zeros((0, 4)), np.ones((2, 2)))
    for f, X, w in ((conv.conv1d, np.ones((2, 1, 5)), np.ones((1, 1, 3))),
                    (conv.conv2d, np.ones((2, 1, 4, 4)), np.ones((1, 1, 2, 2)))):
        with pytest.raises(ValueError, match="X must hold at least 1 entries"):
            f(X[:0], w)
        with pytest.raises(ValueError, match="w must hold at least 1 entries"):
            f(X, w[:0])
    with pytest.raises(ValueError, match="X must hold at least 1 entries"):
        conv.conv1d_backward(np.ones((0, 1, 3)), np.ones((0, 1, 5)), np.ones((1, 1, 3)))
    with pytest.raises(ValueError, match="X must hold at least 1 entries"):
        conv.conv2d_backward(np.ones((0, 1, 3, 3)), np.ones((0, 1, 4, 4)), np.ones((1, 1, 2, 2)))
    with pytest.raises(TypeError, match="shape must be a sequence of integers"):
        conv.conv_matrix_2d(np.ones((2, 2)), None)
    with pytest.raises(ValueError, match=r"shape must be \(H, W\)"):
        conv.conv_matrix_2d(np.ones((2, 2)), (3, 3, 3))
    with pytest.raises(TypeError, match=r"shape\[1\] must be an integer"):
        conv.conv_matrix_2d(np.ones((2, 2)), (3, 2.5))
    # a kernel with fewer rows than columns is a kernel: accepted (documented)
    assert conv.conv_matrix_2d(np.ones((1, 2)), (3, 3)).shape == (6, 9)
