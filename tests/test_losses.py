"""Tests for lfd.losses: values against direct formulas, gradients against
central differences, stability for huge logits."""

import doctest
import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lfd import losses
from lfd.losses import (
    accuracy,
    binary_cross_entropy,
    cross_entropy,
    hinge,
    log_softmax,
    multiclass_hinge,
    sigmoid,
    softmax,
    square,
)
from lfd.nn.gradcheck import numerical_gradient as numerical_grad
from helpers import rel_err

rel_error = functools.partial(rel_err, floor=1e-12)


def test_doctests():
    result = doctest.testmod(losses, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------- softmax


@pytest.mark.parametrize("big", [1e4, -1e4, 1e300])
def test_softmax_finite_for_huge_logits(big):
    Z = np.array([[big, 0.0, -big], [big, big, big], [1.0, 2.0, 3.0]])
    P = softmax(Z)
    assert np.all(np.isfinite(P))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15, atol=1e-15)
    L = log_softmax(Z)
    assert np.all(np.isfinite(L))
    assert np.all(L <= 0)


def test_softmax_values_and_axis():
    Z = np.array([[1.0, 2.0], [3.0, 5.0]])
    direct = np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)
    np.testing.assert_allclose(softmax(Z, axis=0), direct, rtol=1e-14)
    np.testing.assert_allclose(log_softmax(Z, axis=0), np.log(direct), rtol=1e-14)
    # a logit gap of 2e4: the small probability is exp(-2e4), log is exact
    np.testing.assert_allclose(log_softmax([1e4, -1e4]), [0.0, -2e4])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (3, 4), elements=st.floats(-1e4, 1e4)), st.floats(-1e3, 1e3))
def test_softmax_shift_invariant_and_normalized(Z, c):
    P = softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    # adding one constant to every logit changes nothing (up to rounding of Z + c)
    np.testing.assert_allclose(softmax(Z + c), P, atol=1e-8)
    np.testing.assert_allclose(np.exp(log_softmax(Z)), P, atol=1e-12)


def test_sigmoid_stable_and_symmetric():
    z = np.array([-1e4, -30.0, -1.0, 0.0, 1.0, 30.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = sigmoid(z)
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, rtol=1e-15)
    np.testing.assert_allclose(s[2:5], 1 / (1 + np.exp(-z[2:5])), rtol=1e-15)


# -------------------------------------------------------- loss values


def test_square_value_convention():
    Z = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 3.0]])
    Y = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 3.0]])
    value, dZ = square(Z, Y)
    # mean over samples of (1/2)||y - w||^2 = (5 + 4 + 4) / 2 / 3
    assert value == pytest.approx(13 / 6, rel=1e-15)
    np.testing.assert_allclose(dZ, (Z - Y) / 3)


def test_square_column_output_against_1d_targets():
    value, dZ = square(np.array([[2.0], [0.0]]), np.array([1.0, 1.0]))
    assert value == 0.5
    assert dZ.shape == (2, 1)


def test_binary_cross_entropy_direct_formula():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=20)
    y = rng.integers(0, 2, size=20)
    p = 1 / (1 + np.exp(-z))
    direct = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    value, dz = binary_cross_entropy(z, y)
    assert value == pytest.approx(direct, rel=1e-12)
    np.testing.assert_allclose(dz, (p - y) / 20, rtol=1e-12)


def test_binary_cross_entropy_huge_logits():
    value, dz = binary_cross_entropy([1e4, -1e4, 1e4], [1, 0, 0])
    # two perfect predictions, one confidently wrong by 1e4
    assert value == pytest.approx(1e4 / 3)
    np.testing.assert_allclose(dz, [0.0, 0.0, 1 / 3])


def test_cross_entropy_direct_formula_and_one_hot():
    rng = np.random.default_rng(1)
    Z = rng.normal(scale=2, size=(7, 4))
    y = rng.integers(0, 4, size=7)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    direct = -np.mean(np.log(P[np.arange(7), y]))
    value, dZ = cross_entropy(Z, y)
    assert value == pytest.approx(direct, rel=1e-12)
    one_hot = np.eye(4)[y]
    value2, dZ2 = cross_entropy(Z, one_hot)
    assert value2 == pytest.approx(value, rel=1e-14)
    np.testing.assert_allclose(dZ2, dZ, atol=1e-16)
    np.testing.assert_allclose(dZ, (P - one_hot) / 7, rtol=1e-12)


def test_cross_entropy_finite_for_huge_logits():
    Z = np.array([[1e4, -1e4], [-1e4, 1e4]])
    value, dZ = cross_entropy(Z, [0, 0])
    assert value == pytest.approx(2e4 / 2)
    assert np.all(np.isfinite(dZ))


def test_cross_entropy_two_classes_equals_binary():
    # softmax of (0, z) is (1 - sigmoid z, sigmoid z)
    z = np.array([-2.0, 0.3, 4.0])
    y = np.array([0, 1, 1])
    v2, _ = cross_entropy(np.column_stack([np.zeros(3), z]), y)
    v1, _ = binary_cross_entropy(z, y)
    assert v2 == pytest.approx(v1, rel=1e-13)


def test_cross_entropy_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    Z = rng.normal(scale=3, size=(6, 5))
    y = rng.integers(0, 5, size=6)
    Zt = torch.tensor(Z, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(Zt, torch.tensor(y))
    loss.backward()
    value, dZ = cross_entropy(Z, y)
    assert value == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(dZ, Zt.grad.numpy(), rtol=1e-10, atol=1e-15)
    # binary from logits
    z = rng.normal(scale=3, size=6)
    t = rng.integers(0, 2, size=6).astype(float)
    zt = torch.tensor(z, requires_grad=True)
    lb = torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(t))
    lb.backward()
    vb, dzb = binary_cross_entropy(z, t)
    assert vb == pytest.approx(lb.item(), rel=1e-12)
    np.testing.assert_allclose(dzb, zt.grad.numpy(), rtol=1e-10, atol=1e-15)


def test_hinge_values():
    value, dz = hinge(np.array([[3.0], [-0.5], [0.2]]), [1, -1, -1])
    # losses 0, 0.5, 1.2
    assert value == pytest.approx(1.7 / 3)
    assert dz.shape == (3, 1)
    np.testing.assert_allclose(dz[:, 0], [0.0, 1 / 3, 1 / 3])


def test_hinge_subgradient_at_kink_is_zero():
    value, dz = hinge([1.0, -1.0], [1, -1])
    assert value == 0.0
    np.testing.assert_array_equal(dz, [0.0, 0.0])


def test_multiclass_hinge_two_classes_matches_binary():
    rng = np.random.default_rng(3)
    s = rng.normal(size=8)
    labels = rng.integers(0, 2, size=8)
    # scores (-s/2, s/2): class 1 wins when s > 0, and the gap is s
    Z = np.column_stack([-s / 2, s / 2])
    v_multi, dZ = multiclass_hinge(Z, labels)
    v_bin, ds = hinge(s, 2 * labels - 1)
    assert v_multi == pytest.approx(v_bin, rel=1e-13)
    np.testing.assert_allclose((dZ[:, 1] - dZ[:, 0]) / 2, ds, atol=1e-16)


def test_accuracy_conventions():
    assert accuracy([1.0, -2.0, 3.0], [1, 0, 0]) == pytest.approx(2 / 3)
    assert accuracy([1.0, -2.0, 3.0], [1, -1, -1]) == pytest.approx(2 / 3)
    Z = np.array([[0.0, 1.0, 0.0], [5.0, 1.0, 0.0]])
    assert accuracy(Z, [1, 2]) == 0.5
    assert accuracy(Z, np.eye(3)[[1, 0]]) == 1.0


# ----------------------------------------------------------- gradients


def _check_gradient(loss, Z, y):
    value, dZ = loss(Z, y)
    num = numerical_grad(lambda W: loss(W, y)[0], Z)
    assert dZ.shape == np.shape(Z)
    # smooth losses in float64: central differences are good to about 1e-9
    assert rel_error(dZ, num) < 1e-7


def test_gradients_vs_central_differences():
    rng = np.random.default_rng(4)
    n, K = 5, 3
    _check_gradient(square, rng.normal(size=(n, K)), rng.normal(size=(n, K)))
    _check_gradient(square, rng.normal(size=(n, 1)), rng.normal(size=n))
    _check_gradient(binary_cross_entropy, rng.normal(scale=2, size=n), rng.integers(0, 2, n))
    _check_gradient(binary_cross_entropy, rng.normal(size=(n, 1)), rng.random(n))
    _check_gradient(cross_entropy, rng.normal(scale=2, size=(n, K)), rng.integers(0, K, n))
    _check_gradient(cross_entropy, rng.normal(size=(n, K)), rng.dirichlet(np.ones(K), n))


def test_hinge_gradients_away_from_kinks():
    rng = np.random.default_rng(5)
    y = rng.choice([-1, 1], size=6)
    z = y * np.array([3.0, 0.5, -1.0, 2.0, 0.2, -0.7])  # y z never near 1
    _check_gradient(hinge, z, y)
    Z = np.array([[3.0, 2.2, 0.0], [0.0, 0.5, -2.0], [1.0, 1.0, 4.0]])
    _check_gradient(multiclass_hinge, Z, [0, 2, 1])


# ---------------------------------------------------------- validation


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="y must have the shape of Z"):
        square(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"labels in \{0, 1\}"):
        binary_cross_entropy([0.0, 1.0], [-1, 1])
    with pytest.raises(ValueError, match="labels -1 or \\+1"):
        hinge([0.0, 1.0], [0, 1])
    with pytest.raises(ValueError, match=r"y must take values in \[0, 1, 2\], got 3"):
        cross_entropy(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match="integer labels"):
        cross_entropy(np.zeros((2, 3)), [0.5, 1.0])
    with pytest.raises(ValueError, match="Z must have 2 dimensions"):
        cross_entropy(np.zeros(3), [0, 1, 2])
    with pytest.raises(ValueError, match="probability vectors"):
        cross_entropy(np.zeros((2, 3)), np.ones((2, 3)))
    with pytest.raises(TypeError, match="Z must hold real numbers"):
        softmax(["a", "b"])
    with pytest.raises(ValueError, match="empty"):
        square(np.zeros((0, 1)), np.zeros((0, 1)))


# ----------------------------- issue 16: every finite logit, up to ±1e308


def test_cross_entropy_finite_at_the_float_limit():
    # [[1e308, -1e308]] against class 0 was NaN; against class 1 the loss is beyond the
    # floats and saturates, also when the mean over samples overflowed on the way
    value, dZ = cross_entropy([[1e308, -1e308]], [0])
    assert value == 0.0 and np.array_equal(dZ, [[0.0, 0.0]])
    big = np.finfo(np.float64).max
    for Z, y in (([[1e308, -1e308]] * 3, [1, 1, 1]), ([[-1e308, 1e308, -1e308]] * 7, [[0.5, 0, 0.5]] * 7)):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            value, dZ = cross_entropy(Z, y)
        assert big * (1 - 1e-15) <= value <= big and np.all(np.isfinite(dZ))
    np.testing.assert_array_equal(log_softmax([1e308, -1e308]), [0.0, -big])
    np.testing.assert_array_equal(softmax([-1e308, 1e308]), [0.0, 1.0])


_WIDE = np.finfo(np.longdouble).max > 1e309  # x87 extended: z - max z never overflows there
logits = arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)),
                elements=st.floats(allow_nan=False, allow_infinity=False))


def _log_softmax_reference(Z):
    """log softmax in extended precision and range, saturated at -max float like lfd's."""
    W = Z.astype(np.longdouble)
    S = W - W.max(axis=1, keepdims=True)
    L = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
    return np.maximum(L, -np.finfo(np.float64).max).astype(np.float64)


@settings(max_examples=300, deadline=None)
@given(logits)
def test_softmax_and_log_softmax_finite_and_correct_for_all_finite_logits(Z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        P, L = softmax(Z), log_softmax(Z)
    assert np.all(np.isfinite(P)) and np.all((P >= 0) & (P <= 1))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=4e-16 * Z.shape[1])
    assert np.all(np.isfinite(L)) and np.all(L <= 0)
    rows = np.arange(len(Z))
    assert np.all(P[rows, Z.argmax(axis=1)] == P.max(axis=1))
    if _WIDE:
        np.testing.assert_allclose(L, _log_softmax_reference(Z), rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(P, np.exp(_log_softmax_reference(Z)), rtol=1e-13, atol=1e-300)


@settings(max_examples=300, deadline=None)
@given(logits, st.data())
def test_cross_entropy_finite_and_correct_for_all_finite_logits(Z, data):
    n, K = Z.shape
    y = np.array(data.draw(st.lists(st.integers(0, K - 1), min_size=n, max_size=n)))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, dZ = cross_entropy(Z, y)
    assert np.isfinite(value) and value >= 0 and np.all(np.isfinite(dZ))
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-15)
    if _WIDE:
        L = _log_softmax_reference(Z)[np.arange(n), y].astype(np.longdouble)
        expected = min(float(-L.sum() / n), np.finfo(np.float64).max)
        assert value == pytest.approx(expected, rel=1e-13, abs=1e-13)


def test_issue16_axis_labels_and_margin_checked_nonfinite_z_propagates():
    from lfd import losses as L
    for bad in (2.5, "1"):
        with pytest.raises(TypeError, match="axis"):
            L.softmax(np.zeros((2, 3)), axis=bad)
        with pytest.raises(TypeError, match="axis"):
            L.log_softmax(np.zeros((2, 3)), axis=bad)
    with pytest.raises(ValueError, match="y must take values"):
        L.accuracy(np.zeros((2, 3)), np.array([0, 5]))
    with pytest.raises(ValueError, match="margin"):
        L.multiclass_hinge(np.zeros((2, 3)), np.array([0, 1]), margin=1e308)
    Z = np.array([[np.nan, 1.0, 0.0], [0.0, 1.0, 3.0]])
    assert np.isnan(L.accuracy(Z, np.array([0, 2])))  # a diverged run stays visible
    assert np.isnan(L.cross_entropy(Z, np.array([0, 2]))[0])
    assert L.accuracy(np.array([[np.inf, 0.0], [0.0, 1.0]]), np.array([0, 1])) == 1.0
