"""The isolated speed kernel lfd._fast_conv gives the numbers of the clear lfd.conv.correlate2d."""

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import given, settings
from hypothesis import strategies as st

from lfd import conv
from lfd._fast_conv import correlate2d_blocked

TOL = dict(rtol=1e-10, atol=1e-10)
MODES = ["zero", "wrap", "reflect", "mirror"]
NDIMAGE = {"zero": "constant", "wrap": "wrap", "reflect": "reflect", "mirror": "mirror"}


@pytest.mark.parametrize("shape, E", [((300, 200), 3), ((131, 97), 5), ((40, 3), 3)])
def test_correlate2d_in_row_bands_matches_clear_form_and_ndimage(shape, E):
    """Large images are processed in bands of rows; the seams must not show."""
    rng = np.random.default_rng(16)
    v, w = rng.standard_normal(shape), rng.standard_normal((E, E))
    for mode in MODES:
        fast = correlate2d_blocked(v, w, P=E // 2, mode=mode)
        np.testing.assert_allclose(fast, conv.correlate2d(v, w, P=E // 2, mode=mode), **TOL)
        np.testing.assert_allclose(fast, ndi.correlate(v, w, mode=NDIMAGE[mode]), **TOL)


@settings(max_examples=60, deadline=None)
@given(H=st.integers(1, 12), W=st.integers(1, 12), E1=st.integers(1, 4), E2=st.integers(1, 4),
       P=st.integers(0, 3), mode=st.sampled_from(MODES), seed=st.integers(0, 2**32 - 1))
def test_blocked_equals_clear(H, W, E1, E2, P, mode, seed):
    if H + 2 * P < E1 or W + 2 * P < E2 or (mode != "zero" and P > min(H, W)):
        return
    rng = np.random.default_rng(seed)
    v, w = rng.standard_normal((H, W)), rng.standard_normal((E1, E2))
    np.testing.assert_allclose(correlate2d_blocked(v, w, P, mode),
                               conv.correlate2d(v, w, P=P, mode=mode), **TOL)


def test_float32_and_validation():
    v = np.ones((6, 6), np.float32)
    assert correlate2d_blocked(v, np.ones((3, 3), np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match="P must be an integer"):
        correlate2d_blocked(v, np.ones((3, 3)), P=1.0)
