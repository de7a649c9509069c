"""lfd.plot.graph: layout, the order of the reverse sweep, and the drawing.

The numbers drawn are checked against the book's worked examples
(Strang §VII.3: F = x²(x + y) at (2, 3) gives 20, 24, 4; the lecture's
F = x³(x + 3y) gives 88, 140, 24) and against forward mode (Dual).
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lfd.autodiff import Dual, Var, adjoints_after, forward_tangents, graph
from lfd.autodiff import sigmoid as ad_sigmoid
from lfd.plot.graph import draw_graph, layout


def book_graph():
    x, y = Var(2.0, "x"), Var(3.0, "y")
    c, s = (x**2).named("c"), (x + y).named("s")
    F = (c * s).named("F")
    F.backward()
    return graph(F)


def lecture_graph():
    x, y = Var(2.0, "x"), Var(3.0, "y")
    F = ((x**3).named("c") * (x + (3 * y).named("t")).named("s")).named("F")
    F.backward()
    return graph(F)


def random_expression(make, values, ops):
    """Build the same random expression from leaves ``make(value, i)`` (Var or Dual)."""
    nodes = [make(v, i) for i, v in enumerate(values)]
    for i, j, op in ops:
        a, b = nodes[i], nodes[j]
        nodes.append(a + b if op == 0 else a * b if op == 1 else a.sin() if op == 2 else a - 0.5 * b)
    out = nodes[-1]
    for extra in nodes[len(values):-1]:  # make every node count
        out = out + 0.1 * extra
    return out


def random_ops(rng, n_inputs=3, n_ops=12):
    values = rng.uniform(0.5, 1.5, n_inputs).tolist()
    ops = [(int(rng.integers(0, n_inputs + k)), int(rng.integers(0, n_inputs + k)),
            int(rng.integers(0, 4))) for k in range(n_ops)]
    return values, ops


def random_graph(rng, n_inputs=3, n_ops=12):
    """A random expression DAG over a few inputs, with its backward pass done."""
    values, ops = random_ops(rng, n_inputs, n_ops)
    out = random_expression(lambda v, i: Var(v, f"x{i}"), values, ops)
    out.backward()
    return graph(out), values, ops


def canvas(figsize=(6, 3.5)):
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


# -- layout -------------------------------------------------------------------------

def test_layout_puts_each_node_in_the_column_of_its_level():
    g = lecture_graph()
    pos = layout(g)
    assert pos[:, 0].tolist() == [n["level"] for n in g["nodes"]]
    # inputs keep their order, first on top
    inputs = [n["id"] for n in g["nodes"] if not n["op"]]
    assert pos[inputs[0], 1] > pos[inputs[1], 1]


def test_layout_rows_are_whole_units_apart():
    g = random_graph(np.random.default_rng(1))[0]
    pos = layout(g)
    for level in np.unique(pos[:, 0]):
        ys = np.sort(pos[pos[:, 0] == level, 1])
        gaps = np.diff(ys)
        assert np.all(gaps >= 1) and np.all(gaps == np.round(gaps))  # exact in binary (halves)


def test_a_long_edge_keeps_a_free_row_in_the_columns_it_crosses():
    x, y = Var(2.0, "x"), Var(3.0, "y")
    a = ad_sigmoid(((x * y).named("p") - 1).named("z")).named("a")
    g = graph((a * x).named("F"))  # the edge x -> F crosses the columns of p, z and a
    pos = layout(g)
    ids = {n["name"]: n["id"] for n in g["nodes"]}
    x0, y0 = pos[ids["x"]]
    x1, y1 = pos[ids["F"]]
    for name in ("p", "z", "a"):
        cx, cy = pos[ids[name]]
        on_edge = y0 + (y1 - y0) * (cx - x0) / (x1 - x0)
        assert abs(on_edge - cy) >= 0.5  # half a row: clear of a box of height < 1


def crossings(g, pos):
    """Pairs of edges (straight segments) that cross, not counting shared ends."""
    def side(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    segments = [(pos[e["source"]], pos[e["target"]]) for e in g["edges"]]
    count = 0
    for i, (a, b) in enumerate(segments):
        for c, d in segments[i + 1:]:
            if any(np.array_equal(p, q) for p in (a, b) for q in (c, d)):
                continue
            count += side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0
    return count


def test_layout_sorting_removes_crossings():
    x, y, z = Var(1.0, "x"), Var(2.0, "y"), Var(3.0, "z")
    u = ((x * z) + y.sin()).named("u")
    w = (y + z * x).named("w")
    g = graph((u * w).named("F"))
    assert crossings(g, layout(g)) < crossings(g, layout(g, sweeps=0))


def test_layout_rejects_what_is_not_a_graph():
    with pytest.raises(TypeError, match="lfd.autodiff.graph"):
        layout([1, 2])
    with pytest.raises(ValueError, match="sweeps"):
        layout(book_graph(), sweeps=-1)


# -- the reverse sweep ----------------------------------------------------------------

def test_reverse_order_takes_targets_from_the_output_back():
    g = book_graph()
    order = g["sweep"]
    targets = [g["edges"][k]["target"] for k in order]
    assert targets == sorted(targets, reverse=True)
    assert sorted(order) == list(range(len(g["edges"])))


def test_adjoints_after_the_full_sweep_are_the_engines_adjoints():
    for g in (book_graph(), lecture_graph(), random_graph(np.random.default_rng(7))[0]):
        adjoint, complete = adjoints_after(g)
        np.testing.assert_allclose(adjoint, [n["grad"] for n in g["nodes"]], rtol=1e-12)
        assert complete.all()


def test_book_numbers_step_by_step():
    g = book_graph()
    names = [n["name"] for n in g["nodes"]]
    steps = [dict(zip(names, adjoints_after(g, k)[0].tolist())) for k in range(6)]
    assert steps[0] == {"x": 0, "c": 0, "y": 0, "s": 0, "F": 1}
    assert steps[2]["c"] == 5 and steps[2]["s"] == 4  # ∂F/∂c = s, ∂F/∂s = c
    assert steps[4]["x"] == 4 and steps[4]["y"] == 4  # x has only its share through s so far
    assert steps[5]["x"] == 24  # ... and then 20 through c: 4 + 20


def test_a_node_is_complete_exactly_when_its_outgoing_edges_are_used():
    g = random_graph(np.random.default_rng(3))[0]
    order = g["sweep"]
    for k in range(len(order) + 1):
        _, complete = adjoints_after(g, k)
        used = set(order[:k])
        for n in g["nodes"]:
            out = [j for j, e in enumerate(g["edges"]) if e["source"] == n["id"]]
            assert complete[n["id"]] == all(j in used for j in out)


def test_adjoints_after_checks_steps():
    g = book_graph()
    for bad in (-1, 6):
        with pytest.raises(ValueError, match="steps must be"):
            adjoints_after(g, bad)
    for bad in (2.5, True):  # lfd._validate: a wrong type is a TypeError
        with pytest.raises(TypeError, match="steps must be an integer"):
            adjoints_after(g, bad)


# -- forward mode on the data ------------------------------------------------------------

def test_forward_tangents_give_the_book_derivatives():
    g = book_graph()
    assert forward_tangents(g, {"x": 1})[-1] == 24
    assert forward_tangents(g, {"y": 1})[-1] == 4
    g = lecture_graph()
    assert forward_tangents(g, {"x": 1})[-1] == 140
    assert forward_tangents(g, {"y": 1})[-1] == 24


def test_forward_tangents_agree_with_dual_numbers_on_random_graphs():
    rng = np.random.default_rng(11)
    for _ in range(5):
        g, values, ops = random_graph(rng)
        direction = rng.standard_normal(len(values))
        seeds = {f"x{i}": d for i, d in enumerate(direction)}
        dual = random_expression(lambda v, i: Dual(v, direction[i]), values, ops)
        # rtol: a few dozen float64 products and sums, in a different order
        np.testing.assert_allclose(forward_tangents(g, seeds)[-1], dual.tangent, rtol=1e-12)
        np.testing.assert_allclose(g["nodes"][-1]["value"], dual.value, rtol=1e-15)


def test_forward_tangents_check_their_seeds():
    g = book_graph()
    with pytest.raises(ValueError, match="neither a node id nor a node name"):
        forward_tangents(g, {"z": 1})
    with pytest.raises(ValueError, match="only give tangents of inputs"):
        forward_tangents(g, {"c": 1})
    with pytest.raises(TypeError, match="dict"):
        forward_tangents(g, [1, 0])


# -- drawing -----------------------------------------------------------------------------

def test_draw_forward_picture_shows_values_and_local_derivatives():
    fig, ax = canvas()
    art = draw_graph(ax, book_graph(), labels={"c": "c = x²"}, edge_labels={("x", "c"): "2x"})
    fig.canvas.draw()
    texts = [t.lfd_text for t in art["nodes"]]
    assert texts == ["x\n= 2", "c = x²\n= 4", "y\n= 3", "s\n= 5", "F\n= 20"]
    labels = [t.get_text() for t in art["edge_text"]]
    assert sorted(labels) == sorted(["2x = 4", "1", "1", "5", "4"])
    assert art["notes"] == [] and len(art["edges"]) == 5


def test_draw_full_reverse_sweep_shows_every_adjoint_and_flow():
    fig, ax = canvas()
    g = lecture_graph()
    art = draw_graph(ax, g, steps="all")
    fig.canvas.draw()
    notes = [t.get_text().split("\n")[-1] for t in art["notes"]]
    assert "∂F/∂x = 140" in notes and "∂F/∂y = 24" in notes and "∂F/∂F = 1" in notes
    flows = sorted(t.get_text() for t in art["edge_text"] if t.get_text().startswith("←"))
    assert flows == sorted("← " + format(e["flow"], "g") for e in g["edges"])


def test_draw_partial_sweep_marks_unfinished_adjoints():
    fig, ax = canvas()
    art = draw_graph(ax, book_graph(), steps=4)
    notes = [t.get_text().split("\n")[-1] for t in art["notes"]]
    assert notes == ["∂F/∂x = 4 + …", "∂F/∂c = 5", "∂F/∂y = 4", "∂F/∂s = 4", "∂F/∂F = 1"]
    art = draw_graph(canvas()[1], book_graph(), steps=0)
    assert [t.get_text().split("\n")[-1] for t in art["notes"]][0] == "∂F/∂x = ?"


def test_the_edge_in_use_is_drawn_thickest():
    g = book_graph()
    order = g["sweep"]
    for k in range(1, len(order) + 1):
        art = draw_graph(canvas()[1], g, steps=k)
        widths = [a.get_linewidth() for a in art["edges"]]
        assert int(np.argmax(widths)) == order[k - 1]


def test_arrows_end_on_the_boxes_not_at_their_centres():
    fig, ax = canvas((7, 4))
    art = draw_graph(ax, book_graph(), steps="all")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in art["nodes"]]
    for arrow, e in zip(art["edges"], book_graph()["edges"]):
        path = arrow.get_path().transformed(arrow.get_transform())  # display coordinates
        end = path.vertices[0]
        source = boxes[e["source"]]
        # the tail starts at (or just outside) the source box, never inside it
        assert not (source.x0 + 3 < end[0] < source.x1 - 3 and source.y0 + 3 < end[1] < source.y1 - 3)


def test_draw_forward_tangents():
    g = book_graph()
    art = draw_graph(canvas()[1], g, tangents=forward_tangents(g, {"y": 1}), tangent_name="y")
    notes = [t.get_text().split("\n")[-1] for t in art["notes"]]
    assert notes == ["∂x/∂y = 0", "∂c/∂y = 0", "∂y/∂y = 1", "∂s/∂y = 1", "∂F/∂y = 4"]


def test_draw_graph_checks_its_arguments():
    g = book_graph()
    _, ax = canvas()
    with pytest.raises(TypeError, match="Axes"):
        draw_graph("ax", g)
    with pytest.raises(ValueError, match="not both"):
        draw_graph(ax, g, steps=1, tangents=np.zeros(5))
    with pytest.raises(ValueError, match="one number per node"):
        draw_graph(ax, g, tangents=np.zeros(3))
    with pytest.raises(ValueError, match="neither a node id nor a node name"):
        draw_graph(ax, g, labels={"q": "?"})
    with pytest.raises(ValueError, match="positions"):
        draw_graph(ax, g, positions=np.zeros((2, 2)))


def test_unnamed_nodes_are_labelled_by_their_operation():
    x = Var(1.5)
    out = (x * x).exp()
    out.backward()
    art = draw_graph(canvas()[1], graph(out), steps="all")
    assert [t.lfd_text.split("\n")[0] for t in art["nodes"]] == ["v0", "*", "exp"]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1.0, "9", None])
def test_draw_graph_fontsize_is_checked(bad):
    # issue 16: fontsize reaches fontsize - 1 for the edge labels; nan, inf and 1 drew nonsense
    with pytest.raises((TypeError, ValueError), match="fontsize"):
        draw_graph(canvas()[1], book_graph(), fontsize=bad)
