"""Tests for lfd.plot.conv: matrices, kernels, images and the stride/padding layout.

References: the drawn arrays are the given ones (imshow data), colour
scales are symmetric about zero, the written entries are the nonzero
entries, and the layout's labelled cells sit exactly where
lfd.conv.conv_matrix puts its weights (before the padding is folded back).
"""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lfd import conv
from lfd.plot import conv as pc


def axes():
    fig = Figure()
    FigureCanvasAgg(fig)
    return fig.subplots()


def test_draw_matrix_shows_the_matrix_on_a_symmetric_scale():
    A = np.array([[1.0, -3.0, 0.0], [0.0, 2.0, 0.5]])
    ax = axes()
    image = pc.draw_matrix(ax, A, title="A")
    np.testing.assert_array_equal(image.get_array(), A)
    assert image.get_clim() == (-3.0, 3.0)
    assert [t.get_text() for t in ax.texts] == ["1", "-3", "2", "0.5"]  # nonzeros, row by row
    assert ax.get_title() == "A"
    ax.figure.canvas.draw()  # draws without error


def test_draw_matrix_annotation_rules():
    ax = axes()
    pc.draw_matrix(ax, np.ones((13, 4)))  # more than 12 rows: "auto" writes nothing
    assert len(ax.texts) == 0
    ax = axes()
    pc.draw_matrix(ax, np.ones((13, 4)), annotate=True, fmt="{:.1f}")
    assert len(ax.texts) == 52 and ax.texts[0].get_text() == "1.0"
    ax = axes()
    assert pc.draw_matrix(ax, np.zeros((2, 2))).get_clim() == (-1.0, 1.0)  # all zero: a valid scale


def test_values_that_round_to_zero_lose_their_sign():
    ax = axes()
    pc.draw_matrix(ax, [[-0.04, 0.5, -1e-5]], fmt="{:.1f}")
    assert [t.get_text() for t in ax.texts] == ["0.0", "0.5", "0.0"]
    ax = axes()
    pc.draw_matrix(ax, [[-0.04, -2e-7]], fmt="{:.0e}")
    assert [t.get_text() for t in ax.texts] == ["-4e-02", "-2e-07"]


def test_draw_kernel_draws_1d_filters_as_a_row():
    ax = axes()
    image = pc.draw_kernel(ax, [-0.5, 0.0, 0.5])
    assert image.get_array().shape == (1, 3)
    assert [t.get_text() for t in ax.texts] == ["-0.5", "0.5"]
    ax = axes()
    pc.draw_kernel(ax, np.ones((9, 9)))
    assert len(ax.texts) == 0  # large kernels carry no numbers


def test_draw_image_scales():
    ax = axes()
    img = np.linspace(0, 1, 12).reshape(3, 4)
    assert pc.draw_image(ax, img).get_clim() == (0.0, 1.0)
    assert pc.draw_image(axes(), 2 * img).get_clim() == (0.0, 2.0)
    response = np.zeros((10, 10))
    response[0, 0] = 100.0  # one extreme pixel
    response[1:, :] = np.linspace(-1, 1, 90).reshape(9, 10)
    low, high = pc.draw_image(axes(), response, signed=True).get_clim()
    assert low == -high and high < 100  # the 99th percentile, not the outlier
    assert pc.draw_image(axes(), response, signed=True, vmax=5).get_clim() == (-5.0, 5.0)


@pytest.mark.parametrize("N,E,P,S", [(6, 3, 0, 1), (5, 3, 0, 2), (5, 3, 1, 2), (7, 2, 2, 3), (4, 1, 0, 1)])
def test_layout_puts_the_weights_where_conv_matrix_does(N, E, P, S):
    ax = axes()
    M = pc.draw_layout(ax, N, E, P, S)
    assert M == conv.output_size(N, E, P, S)
    # the Toeplitz part on the padded input, weights w_k = k + 1
    T = conv.conv_matrix(np.arange(1.0, E + 1), N + 2 * P, S=S)
    labelled = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
                for t in ax.texts if t.get_text().startswith("$w")}
    assert len(labelled) == np.count_nonzero(T)
    for (i, j), text in labelled.items():
        assert text == f"$w_{{{int(T[i, j]) - 1}}}$"
    hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert len(hatched) == 2 * P
    tops = [t.get_text() for t in ax.texts if not t.get_text().startswith("$w")]
    assert tops == ["0"] * P + [f"$v_{{{k}}}$" for k in range(1, N + 1)] + ["0"] * P


@pytest.mark.parametrize("N,E,P,S,message", [
    (6, 3, 0, 2, "stride S=2 does not fit"),
    (2, 5, 1, 1, "kernel size E=5 is larger than the padded input"),
])
def test_layout_raises_the_library_error_and_draws_nothing(N, E, P, S, message):
    ax = axes()
    with pytest.raises(ValueError, match=message):
        pc.draw_layout(ax, N, E, P, S)
    assert len(ax.texts) == 0 and len(ax.patches) == 0


def test_bad_arguments_name_themselves():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        pc.draw_matrix(None, np.eye(2))
    with pytest.raises(ValueError, match="A must have 2 dimensions"):
        pc.draw_matrix(axes(), np.ones(3))
    with pytest.raises(TypeError, match="img must hold real numbers"):
        pc.draw_image(axes(), np.array([["a"]]))
    with pytest.raises(ValueError, match="w must hold at least 1 entries"):
        pc.draw_kernel(axes(), np.ones((0, 3)))


@pytest.mark.parametrize("call, name", [
    (lambda ax: pc.draw_image(ax, [[0.0, np.nan]]), "img"),
    (lambda ax: pc.draw_image(ax, [[0.0, np.inf]], signed=True), "img"),
    (lambda ax: pc.draw_image(ax, [[0.0, 1.0]], vmax=np.nan), "vmax"),
    (lambda ax: pc.draw_image(ax, [[0.0, 1.0]], signed=True, vmax=-1.0), "vmax"),
    (lambda ax: pc.draw_matrix(ax, [[1.0, np.inf]]), "A"),
    (lambda ax: pc.draw_matrix(ax, [[1.0, 2.0]], annotate="bogus"), "annotate"),
    (lambda ax: pc.draw_matrix(ax, [[1.0, 2.0]], vmax=np.inf), "vmax"),
    (lambda ax: pc.draw_kernel(ax, [0.5, np.nan]), "w"),
    (lambda ax: pc.draw_kernel(ax, [0.5, 1j]), "w"),
])
def test_non_finite_data_and_bad_options_are_refused_by_name(call, name):
    # issue 16: NaN and inf were drawn silently (as blank cells), annotate="bogus" annotated
    ax = axes()
    with pytest.raises((TypeError, ValueError), match=rf"\b{name}\b"):
        call(ax)
    assert not ax.images and not ax.texts
