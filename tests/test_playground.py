"""Tests for lfd.playground: features, training state, grids, exact piece counts."""

from __future__ import annotations

import numpy as np
import pytest

from lfd import cpl, losses, nn, optim
from lfd import playground
from lfd.playground import BOX, FEATURES, Playground, features, record


def set_weights(pg, A, b):
    """Write given weights into the Playground's net (in place)."""
    for layer, Ak, bk in zip(pg.dense_layers, A, b):
        layer.A[...] = Ak
        layer.b[...] = bk


# ---------------------------------------------------------------- features


def test_features_values():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    F = features(X, list(FEATURES))
    expected = np.array([[1, 2, 1, 4, 2, np.sin(1), np.sin(2)],
                         [-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)]])
    np.testing.assert_allclose(F, expected, rtol=1e-15)


@pytest.mark.parametrize("names, match", [((), "at least one"), (("x3",), r"names\[0\] must be one of 'x1'"),
                                          (("x1", "x1"), "each once")])
def test_features_bad_names(names, match):
    with pytest.raises(ValueError, match=match):
        features(np.zeros((1, 2)), names)


def test_features_bad_points():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        features(np.zeros((3, 3)), ["x1"])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"hidden": [0]}, ValueError, "hidden"),
    ({"activation": "softplus"}, ValueError, "activation"),
    ({"loss": "hinge"}, ValueError, "loss"),
    ({"regularization": "l3"}, ValueError, "regularization"),
    ({"lr": 0.0}, ValueError, "lr"),
    ({"reg_rate": -1.0}, ValueError, "reg_rate"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"dataset": "moons"}, ValueError, "dataset must be one of"),
])
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        Playground(**kwargs)


def test_given_data_and_bad_split():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    pg = Playground((X, X[:1], np.array([0, 1, 1]), np.array([0])), hidden=[2], batch_size=3)
    assert pg.dataset == "given" and len(pg.y_train) == 3
    with pytest.raises(ValueError, match=r"y_train must take values in \[0, 1\], got 2"):
        Playground((X, X, np.array([0, 2, 1]), np.array([0, 1, 1])))
    with pytest.raises(ValueError, match="shape"):
        Playground((X[:, :1], X, np.zeros(3), np.zeros(3)))


# ---------------------------------------------------------------- training


def test_steps_epochs_and_history():
    pg = Playground("gauss", n=100, batch_size=10, hidden=[3], seed=4)  # 50 training points
    assert pg.epoch == 0 and pg.history["epoch"] == [0]
    for _ in range(4):
        pg.step()
    assert (pg.epoch, pg.steps) == (0, 4)
    pg.step()
    assert (pg.epoch, pg.steps) == (1, 5)
    pg.step()  # start epoch 2; run(1) finishes it
    pg.run(1)
    assert (pg.epoch, pg.steps) == (2, 10)
    assert pg.history["epoch"] == [0, 1, 2]
    assert all(len(v) == 3 for v in pg.history.values())


def test_reset_repeats_the_run_exactly():
    pg = Playground("xor", hidden=[4, 2], activation="relu", seed=3)
    pg.run(5)
    first = [p.copy() for p in pg.net.params], dict(pg.history)
    pg.reset()
    assert pg.epoch == 0 and len(pg.history["epoch"]) == 1
    pg.run(5)
    for p, q in zip(pg.net.params, first[0]):
        np.testing.assert_array_equal(p, q)
    assert pg.history == first[1]
    # a new seed gives new starting weights, same data
    X = pg.X_train.copy()
    A0 = pg.dense_layers[0].A.copy()
    pg.reset(seed=99)
    assert not np.allclose(pg.dense_layers[0].A, A0)
    np.testing.assert_array_equal(pg.X_train, X)


def test_same_seed_same_playground():
    a, b = (Playground("spiral", noise=0.2, hidden=[5], seed=7) for _ in range(2))
    a.run(3)
    b.run(3)
    assert a.history == b.history


def test_one_step_is_sgd_on_the_minibatch_loss():
    """Weights move by -lr * gradient; the gradient checked by central differences."""
    pg = Playground("circle", hidden=[3], activation="tanh", lr=0.1, batch_size=250, seed=2)
    before = [p.copy() for p in pg.net.params]
    F, t = pg._F_train, pg._t_train  # the full batch (batch_size = n_train)

    def loss_at(params):
        for p, q in zip(pg.net.params, params):
            p[...] = q
        return losses.binary_cross_entropy(pg.net.forward(F), t)[0]

    numeric = []
    for i, p in enumerate(before):
        g = np.zeros_like(p)
        for j in np.ndindex(p.shape):
            for sign in (1, -1):
                params = [q.copy() for q in before]
                params[i][j] += sign * 1e-6
                g[j] += sign * loss_at(params) / 2e-6
        numeric.append(g)
    loss_at(before)
    pg.step()
    for p, q, g in zip(pg.net.params, before, numeric):
        # central differences are accurate to ~1e-9 here (smooth tanh net, float64)
        np.testing.assert_allclose((q - p) / 0.1, g, atol=1e-7)


def test_l2_penalizes_weights_not_biases():
    pg = Playground("gauss", hidden=[3], lr=0.05, batch_size=250, regularization="l2",
                    reg_rate=0.5, seed=1)
    plain = Playground("gauss", hidden=[3], lr=0.05, batch_size=250, seed=1)
    A_before = [layer.A.copy() for layer in pg.dense_layers]
    pg.step()
    plain.step()
    for layer, layer0, A in zip(pg.dense_layers, plain.dense_layers, A_before):
        # same gradient in both runs, so the difference is exactly -lr * rate * A
        np.testing.assert_allclose(layer.A, layer0.A - 0.05 * 0.5 * A, rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(layer.b, layer0.b)


def test_l1_sets_weights_to_zero():
    pg = Playground("gauss", hidden=[8], lr=0.03, regularization="l1", reg_rate=0.1, seed=0)
    pg.run(30)
    A = np.concatenate([layer.A.ravel() for layer in pg.dense_layers])
    assert np.mean(A == 0.0) > 0.5  # the proximal step stops exactly at zero
    assert pg.accuracy() > 0.95  # two blobs need one good direction only


def test_learning_succeeds_on_the_circle():
    pg = Playground("circle", hidden=[4], activation="relu", lr=0.03, seed=0)
    pg.run(100)
    assert pg.history["train_accuracy"][-1] == 1.0
    assert pg.history["train_loss"][-1] < 0.1 * pg.history["train_loss"][0]
    assert pg.accuracy("test") > 0.97


def test_square_loss_uses_signed_targets():
    pg = Playground("gauss", hidden=[2], loss="square", lr=0.01, seed=0)
    assert set(np.unique(pg._t_train)) == {-1.0, 1.0}
    pg.run(10)
    assert pg.history["train_accuracy"][-1] > 0.95


def test_divergence_is_harmless():
    pg = Playground("spiral", hidden=[8, 8], activation="tanh", loss="square", lr=3.0, seed=0)
    with np.errstate(all="raise"):  # nothing may warn or raise outside the Playground's guard
        pg.run(10)
    assert pg.diverged
    assert np.isnan(pg.history["train_loss"][-1])
    count = pg.pieces()
    assert not count.applies  # tanh: no pieces anyway


# ---------------------------------------------------------------- grids


def test_output_grid_orientation_and_neuron_grids():
    pg = Playground("xor", features=["x1", "x2", "x1x2"], hidden=[4, 3], seed=5)
    pg.run(2)
    xs, ys, _ = pg.grid(7)
    G = pg.output_grid(7)
    np.testing.assert_allclose(G[5, 2], pg.predict(np.array([[xs[2], ys[5]]]))[0], rtol=1e-12)
    thumbs = pg.neuron_grids(6)
    assert [t.shape for t in thumbs] == [(3, 6, 6), (4, 6, 6), (3, 6, 6), (1, 6, 6)]
    np.testing.assert_allclose(thumbs[0][2], np.outer(pg.grid(6)[1], pg.grid(6)[0]))  # x1 x2
    np.testing.assert_allclose(thumbs[-1][0], pg.output_grid(6), rtol=1e-12)
    assert np.all(np.abs(thumbs[1]) <= 1)  # tanh outputs


# ---------------------------------------------------------------- exact pieces


def test_pieces_of_a_known_net():
    """F = |x1| + |x2| - 1: four flat pieces, F = 0 is a square (4 sides)."""
    pg = Playground("circle", hidden=[4], activation="relu", seed=0)
    A1 = [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]]
    set_weights(pg, [A1, [[1.0, 1.0, 1.0, 1.0]]], [np.zeros(4), [-1.0]])
    count = pg.pieces()
    assert count.applies and (count.pieces, count.regions, count.sides) == (4, 4, 4)
    assert "4 flat pieces" in count.text()
    assert pg.accuracy() == pytest.approx(np.mean((np.abs(pg.X_train).sum(1) > 1) == pg.y_train))


@pytest.mark.parametrize("feats", [("x1", "x2"), ("x2", "x1"), ("x2",)])
def test_relu_net_is_the_same_function(feats):
    pg = Playground("spiral", features=feats, hidden=[6, 5], activation="relu", seed=8)
    pg.run(3)
    net = pg.relu_net()
    assert isinstance(net, cpl.ReLUNet) and net.widths == [2, 6, 5, 1]
    P = np.random.default_rng(0).uniform(-6, 6, (200, 2))
    np.testing.assert_allclose(net(P).ravel(), pg.predict(P), rtol=1e-12, atol=1e-12)


def test_counted_regions_match_sampled_patterns():
    """Every activation pattern seen on a fine grid is one of the exact regions."""
    pg = Playground("circle", hidden=[5, 4], activation="relu", seed=11)
    pg.run(10)
    count = pg.pieces()
    xs, ys, P = pg.grid(300)
    V, patterns = P, []
    for layer in pg.net.layers:
        V = layer.forward(V)
        if isinstance(layer, nn.ReLU):
            patterns.append(V > 0)
    seen = len(np.unique(np.hstack(patterns), axis=0))
    assert seen <= count.regions
    assert seen >= 0.8 * count.regions  # tiny regions may fall between grid points


@pytest.mark.parametrize("kwargs, words", [
    ({"activation": "tanh"}, "smooth"),
    ({"activation": "relu", "features": ["x1", "x1^2"]}, "x1^2 is not linear"),
    ({"activation": "relu", "features": ["sin x1", "sin x2"]}, "features sin x1, sin x2 are"),
    ({"activation": "leaky_relu"}, "ReLU only"),
])
def test_count_does_not_apply(kwargs, words):
    pg = Playground("circle", hidden=[3], seed=0, **kwargs)
    count = pg.pieces()
    assert not count.applies and count.pieces is None and words in count.reason
    assert count.text().startswith("no piece count")
    with pytest.raises(ValueError, match="not a ReLU net"):
        pg.relu_net()


def test_record_snapshots():
    pg = Playground("circle", hidden=[3], activation="relu", seed=0)
    shots = record(pg, [0, 2, 5], resolution=10, neuron_resolution=5)
    assert [s.epoch for s in shots] == [0, 2, 5]
    assert [len(s.history["epoch"]) for s in shots] == [1, 3, 6]
    assert shots[-1].output.shape == (10, 10)
    assert shots[-1].count == pg.pieces()
    with pytest.raises(ValueError, match="increase"):
        record(pg, [7, 6])
    with pytest.raises(ValueError, match="before the current epoch"):
        record(pg, [1])


def test_box_is_the_playground_square():
    assert BOX == (-6.0, 6.0, -6.0, 6.0)
    pg = Playground("xor", n=400, noise=0.5, seed=0)
    assert np.all(np.abs(pg.X_train) < 6)


def test_no_count_for_infinite_weights():
    pg = Playground("circle", hidden=[3], activation="relu", seed=0)
    pg.dense_layers[1].A[0, 0] = np.inf
    assert pg.diverged
    count = pg.pieces()
    assert not count.applies and "diverged" in count.reason


@pytest.mark.parametrize("loss", ["cross_entropy", "square"])
def test_fast_gradient_matches_lfd_losses(loss):
    pg = Playground("xor", hidden=[3], loss=loss, seed=0)
    Z = np.random.default_rng(0).normal(0, 30, (17, 1))
    t = pg._t_train[:17]
    reference = losses.square if loss == "square" else losses.binary_cross_entropy
    np.testing.assert_array_equal(playground._loss_gradient_fast(Z, t, loss), reference(Z, t)[1])


def test_fast_step_equals_lfd_sgd():
    """The unpenalized step is lfd.optim.SGD's step."""
    pg = Playground("gauss", hidden=[4], lr=0.07, batch_size=250, seed=3)
    twin = [p.copy() for p in pg.net.params]
    Z = pg.net.forward(pg._F_train, train=True)
    pg.net.backward(losses.binary_cross_entropy(Z, pg._t_train)[1])
    optim.SGD(0.07).step(twin, [g.copy() for g in pg.net.grads])
    pg.step()
    for p, q in zip(pg.net.params, twin):
        np.testing.assert_allclose(p, q, rtol=1e-14)


def test_fast_sgd_step_is_bitwise_lfd_sgd():
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(4, 3)), rng.normal(size=4)]
    grads = [rng.normal(size=(4, 3)), rng.normal(size=4)]
    twin = [p.copy() for p in params]
    playground._sgd_step_fast(params, grads, 0.07)
    optim.SGD(0.07).step(twin, grads)
    for p, q in zip(params, twin):
        np.testing.assert_array_equal(p, q)


def test_accuracy_names_a_bad_part():
    pg = Playground("gauss", hidden=[2], seed=0)
    with pytest.raises(ValueError, match="part must be one of 'train', 'test'; got 'bogus'"):
        pg.accuracy("bogus")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"hidden": [2.0]}, TypeError, r"hidden\[0\] must be an integer"),
    ({"noise": float("nan")}, ValueError, "noise must be a finite"),
    ({"lr": float("nan")}, ValueError, "lr must be a finite"),
    ({"batch_size": 1000}, ValueError, "batch_size must be <= 250"),
    ({"features": ["x1", "x3"]}, ValueError, r"features\[1\] must be one of"),
])
def test_more_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        Playground("circle", **kwargs)
    pg = Playground("circle", hidden=[2], seed=0)
    with pytest.raises(TypeError, match="epochs must be an integer"):
        pg.run(1.0)
    with pytest.raises(ValueError, match="X must hold finite values"):
        pg.predict([[np.nan, 0.0]])


def test_live_widget_buttons_and_controls():
    pytest.importorskip("ipywidgets")
    from lfd.playground_widget import parse_hidden, playground_widget

    w = playground_widget("circle", hidden=(3,), activation="relu", epochs_per_click=2)
    pg = w.playground
    w.buttons["play"].click()
    assert pg.epoch == 2
    w.buttons["step"].click()
    assert pg.steps == 2 * 25 + 1
    w.buttons["reset"].click()
    assert pg.epoch == 0 and pg.steps == 0
    w.controls["hidden"].value = "5, 2"
    assert w.playground is not pg and w.playground.hidden == (5, 2)
    w.features["x1^2"].value = True
    assert w.playground.features == ("x1", "x2", "x1^2")
    w.controls["hidden"].value = "five"  # a bad entry keeps the last good Playground
    assert w.playground.hidden == (5, 2)
    with pytest.raises(ValueError, match="at most 6"):
        parse_hidden("100")


# --------------------------------------------------------------------------- issue 16 fix round

def test_dataset_and_box_are_named_and_checked():
    with pytest.raises(ValueError, match="dataset must be one of 'circle'"):
        Playground("bogus")  # said "name must be one of"
    pg = Playground("circle", n=20, batch_size=5, hidden=(2,), seed=0)  # tanh: nothing to count
    for box, error in [((np.nan, 6.0, -6.0, 6.0), ValueError), ((1j, 6.0, -6.0, 6.0), TypeError),
                       ((6.0, -6.0, -6.0, 6.0), ValueError), (None, TypeError),
                       (np.zeros((1, 4)), ValueError)]:
        with pytest.raises(error, match="box"):
            pg.pieces(box)  # was accepted: the box was never looked at
    assert not pg.pieces().applies


def test_parse_hidden_names_text():
    from lfd.playground_widget import parse_hidden
    with pytest.raises(ValueError, match=r"text \(the hidden layer widths\) must be numbers"):
        parse_hidden("bogus")
    with pytest.raises(TypeError, match="text must be a string"):
        parse_hidden(None)
    assert parse_hidden(" 3, 2 ") == (3, 2)
