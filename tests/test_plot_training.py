"""Tests for lfd.plot.training: each helper draws what it says, on the figure it is given."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lfd import bias_variance as bv
from lfd.playground import FEATURE_LABELS, Playground, record
from lfd.plot import training as T


def figure(w=9.0, h=4.0):
    fig = Figure(figsize=(w, h), dpi=50)
    FigureCanvasAgg(fig)
    return fig


@pytest.fixture(scope="module")
def trained():
    pg = Playground("circle", hidden=[4, 2], activation="relu", seed=0)
    shots = record(pg, [0, 20], resolution=30, neuron_resolution=8)
    return pg, shots


def test_no_pyplot():
    source = open(T.__file__).read()
    assert "import matplotlib.pyplot" not in source and "from matplotlib import pyplot" not in source


def test_colormap_ends_are_the_class_colours():
    from matplotlib.colors import to_rgba

    assert T.CMAP(0.0) == pytest.approx(to_rgba(T.ORANGE))
    assert T.CMAP(1.0) == pytest.approx(to_rgba(T.BLUE))
    assert T.CMAP(0.5) == pytest.approx((1.0, 1.0, 1.0, 1.0), abs=0.01)


def test_heatmap_colours_follow_the_sign_and_points_their_class(trained):
    pg, shots = trained
    fig = figure()
    ax = fig.add_subplot()
    image = T.heatmap(ax, shots[-1].output, pg.X_train, pg.y_train, X_test=pg.X_test, y_test=pg.y_test)
    data = image.get_array()
    np.testing.assert_allclose(data, np.tanh(shots[-1].output))
    train_dots, test_dots = ax.collections[-2], ax.collections[-1]
    assert len(train_dots.get_offsets()) == len(pg.y_train)
    blue = np.isclose(train_dots.get_facecolors()[:, 2], 0.741, atol=0.01)  # BLUE = #0877bd
    np.testing.assert_array_equal(blue, pg.y_train == 1)
    assert len(test_dots.get_offsets()) == len(pg.y_test)
    assert len(ax.collections) >= 4  # two contour layers for F = 0, then the dots
    fig.canvas.draw()


def test_heatmap_without_boundary_when_one_sign_or_nan():
    fig = figure()
    ax = fig.add_subplot()
    T.heatmap(ax, np.ones((5, 5)))
    T.heatmap(ax, np.full((5, 5), np.nan))
    assert len(ax.collections) == 0
    fig.canvas.draw()


def test_thumbnails_one_picture_per_neuron(trained):
    pg, shots = trained
    fig = figure()
    cols = T.thumbnails(fig, shots[-1].neurons, labels=["a", "b"])
    assert [len(c) for c in cols] == [2, 4, 2]
    for ax in (a for c in cols for a in c):
        picture = ax.images[0].get_array()
        assert np.nanmax(np.abs(picture)) <= 1 + 1e-12
        w, h = ax.get_window_extent().size
        assert w == pytest.approx(h, rel=0.02)  # square pictures
    assert cols[0][0].get_ylabel() == "a"


def test_loss_curves(trained):
    pg, shots = trained
    fig = figure()
    ax = fig.add_subplot()
    T.loss_curves(ax, shots[-1].history, upto=40)
    train, test = ax.lines
    np.testing.assert_array_equal(train.get_ydata(), shots[-1].history["train_loss"])
    np.testing.assert_array_equal(test.get_xdata(), shots[-1].history["epoch"])
    assert ax.get_yscale() == "log" and ax.get_xlim() == (0, 40)
    ax2 = fig.add_subplot(2, 1, 2)
    T.loss_curves(ax2, {"epoch": [0, 1], "loss": [1.0, 0.5]}, log=False)  # lfd.train.fit's keys
    assert len(ax2.lines) == 1 and ax2.get_yscale() == "linear"


def test_playground_figure_from_snapshot_and_from_playground(trained):
    pg, shots = trained
    for source in (shots[-1], pg):
        fig = figure()
        axes = T.playground_figure(fig, source, pg.X_train, pg.y_train,
                                   labels=[FEATURE_LABELS[f] for f in pg.features], upto=20,
                                   loss_ylim=(0.01, 1), show_test=True)
        assert axes["map"].get_title() == "output F, epoch 20"
        assert axes["loss"].get_ylim() == pytest.approx((0.01, 1))
        fig.canvas.draw()
        # the thumbnails stay left of the heat map, and nothing is drawn outside the figure
        left_of_map = axes["map"].get_position().x0
        assert all(ax.get_position().x1 <= left_of_map for col in axes["neurons"] for ax in col)
        for ax in fig.axes:
            x0, y0, x1, y1 = ax.get_position().extents
            assert -0.01 <= x0 and x1 <= 1.01 and -0.01 <= y0 and y1 <= 1.01


def test_bias_variance_panels():
    f = np.sin
    x = np.linspace(-1, 1, 21)
    P, sets = bv.simulate(bv.polynomial_fit(2), f, n_train=8, noise=0.2, n_sets=40, x_test=x, rng=0)
    fig = figure(8, 3)
    left, right = fig.subplots(1, 2)
    T.fits_panel(left, x, P, f(x), sets=sets, max_lines=10)
    assert len(left.lines) == 10 + 3
    np.testing.assert_allclose(left.lines[10].get_ydata(), P.mean(axis=0))
    parts = [bv.decompose(P, f(x), 0.2)] * 3
    T.decomposition_panel(right, [1, 2, 3], parts, current=2, log=True)
    assert len(right.lines) == 5 and right.get_yscale() == "log"
    np.testing.assert_allclose(right.lines[0].get_ydata(), [parts[0].error] * 3)
    fig.canvas.draw()


def _heatmap_data():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, 2.0]])
    return np.linspace(-1, 1, 25).reshape(5, 5), X, np.array([0, 1, 0])


@pytest.mark.parametrize("change, name", [
    (lambda a: a.update(y=np.array([0, 2, 0])), "y"),          # a label outside 0/1, ±1
    (lambda a: a.update(y=np.array([0.0, np.nan, 1.0])), "y"),
    (lambda a: a.update(X=a["X"] + [[np.nan, 0.0], [0, 0], [0, 0]]), "X"),
    (lambda a: a.update(X=a["X"].astype(complex)), "X"),
    (lambda a: a.update(X_test=a["X"][:2], y_test=np.array([0, 1, 1])), "y_test"),
    (lambda a: a.update(output=a["output"] + 1j), "output"),
    (lambda a: a.update(output=np.ones((0, 5))), "output"),
    (lambda a: a.update(box=(-6, 6, np.nan, 6)), "box"),
    (lambda a: a.update(box=(6, -6, -6, 6)), "box"),
    (lambda a: a.update(size=-1.0), "size"),
])
def test_heatmap_refuses_bad_input_by_name(change, name):
    # issue 16: NaN points, labels outside their set and complex output were drawn silently
    output, X, y = _heatmap_data()
    args = {"output": output, "X": X, "y": y}
    change(args)
    ax = figure().subplots()
    with pytest.raises((TypeError, ValueError), match=rf"\b{name}\b"):
        T.heatmap(ax, **args)
    assert not ax.images


def test_heatmap_and_thumbnails_draw_a_diverged_run():
    # documented: NaN and inf of a diverged run are drawn (white and deep), not refused
    output, X, y = _heatmap_data()
    output[0, 0], output[1, 1] = np.nan, np.inf
    image = T.heatmap(figure().subplots(), output, X, y)
    assert np.all(np.isfinite(image.get_array())) and not image.axes.collections[1:]
    grids = [np.full((2, 3, 3), np.nan), np.full((1, 3, 3), np.inf)]
    assert len(T.thumbnails(figure(), grids)) == 1


def test_training_panels_refuse_bad_input_by_name(trained):
    pg, shots = trained
    fig = figure()
    with pytest.raises(TypeError, match="X_train"):
        T.playground_figure(fig, shots[0], None, pg.y_train)
    with pytest.raises(ValueError, match="y_train"):
        T.playground_figure(fig, shots[0], pg.X_train, pg.y_train + 2)
    with pytest.raises(ValueError, match="loss_ylim"):
        T.playground_figure(fig, shots[0], pg.X_train, pg.y_train, loss_ylim=(1.0, np.nan))
    with pytest.raises(ValueError, match="rect"):
        T.thumbnails(fig, shots[0].neurons, rect=(0.0, 0.0, 0.0, 1.0))
    with pytest.raises(TypeError, match="neurons"):
        T.thumbnails(fig, None)
    ax = fig.subplots()
    x, fits = np.linspace(0, 1, 3), np.zeros((2, 3))
    for kwargs, name in [({"x": [0, np.nan, 1]}, "x"), ({"fits": fits + np.inf}, "fits"),
                         ({"f_values": np.zeros(2)}, "f_values"), ({"ylim": (1.0, 1.0)}, "ylim")]:
        with pytest.raises((TypeError, ValueError), match=rf"\b{name}\b"):
            T.fits_panel(ax, **{"x": x, "fits": fits, "f_values": np.zeros(3), **kwargs})
    parts = [bv.Decomposition(0.5, 0.1, 0.2, 0.8)] * 2
    for kwargs, name in [({"parts": [parts[0]]}, "parts"), ({"complexity": [1.0, np.inf]}, "complexity"),
                         ({"current": "x"}, "current"), ({"xscale": "bogus"}, "xscale")]:
        with pytest.raises((TypeError, ValueError), match=rf"\b{name}\b"):
            T.decomposition_panel(ax, **{"complexity": [1.0, 2.0], "parts": parts, **kwargs})
    assert not ax.lines
