"""The website's figures are legible: text large enough, no label on top of another.

:mod:`lfd.plot._legibility` measures a drawn figure: its smallest text in image
pixels and the texts whose drawn lines cover each other. Here it checks the
library's figure helpers, the demos of the chapters (their drawing functions
run from the notebooks' own cells, every frame), and the size rules of the
chapters' ordinary figures. ``tests/test_site_figures.py`` checks the same on
the built website, in Chromium.
"""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest
from conftest import ROOT
from matplotlib.figure import Figure

from lfd import widgets
from lfd.plot.chain import draw_matrices, log_bars
from lfd.plot._legibility import MIN_TEXT_PX, measure

CHAPTERS = ROOT / "chapters"
# A demo is shown at most this wide on the website (widgets.css: .lfd-demo max-width 760px,
# less its padding and border), and an ordinary figure at most as wide as the text column
# of a 1366 px window (tests/test_site_figures.py measures both).
DEMO_WIDTH = 730
COLUMN_WIDTH = 760


def notebook_code(name, *markers):
    """The source of a chapter's first code cell (its imports) and of the cells holding each marker."""
    cells = [c for c in json.loads((CHAPTERS / name).read_text())["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    chosen = [sources[0]]
    for marker in markers:
        found = [s for s in sources if marker in s]
        assert len(found) == 1, f"{name}: {len(found)} code cells hold {marker!r}"
        chosen.append(found[0])
    return chosen


def run_demos(name, *markers, before=""):
    """Run the cells of ``notebook_code`` (and ``before`` after the first) and return the demos
    they made, in order, and the namespace."""
    made = []

    def recording_demo(*args, **kwargs):
        made.append(widgets.demo(*args, **kwargs))
        return made[-1]

    namespace = {"__name__": "chapter"}
    first, *rest = notebook_code(name, *markers)
    exec(compile(first, name, "exec"), namespace)
    namespace["demo"] = recording_demo
    for source in [before, *rest]:
        exec(compile(source, name, "exec"), namespace)
    return made, namespace


def check_demo(d, *, also=(), sample=20):
    """Frames of the demo ``d``: text at least 9 px where the website shows it, no overlaps.

    The frames ``also`` (dicts of control values) and ``sample`` others drawn at random
    (seeded), measured as ``Demo.static_html`` measures them; the website's tests check every
    frame of every demo, from what the build measured."""
    every = list(itertools.product(*(c.values for c in d.controls.values())))
    picked = np.random.default_rng(0).permutation(len(every))[:sample]
    frames = [dict(zip(d.controls, every[k])) for k in sorted(picked)] + [dict(v) for v in also]
    found = [d._render(values)[2] for values in frames]  # measured as the static form does
    report = {"textPx": min(m.smallest_px for m in found),
              "overlaps": [f"{values}: {a!r} on {b!r}" for values, m in zip(frames, found) for a, b in m.overlaps]}
    shown = min(1.0, DEMO_WIDTH / (d.figsize[0] * d.dpi))
    assert report["overlaps"] == [], f"labels drawn on top of each other: {report['overlaps']}"
    assert report["textPx"] * shown >= MIN_TEXT_PX, (
        f"smallest text {report['textPx']} px in the image, {report['textPx'] * shown:.1f} px on the website")


# -- the measuring tool ----------------------------------------------------------------


def test_measure_finds_small_text_and_overlaps():
    fig = Figure(figsize=(4, 2), dpi=100)
    ax = fig.subplots()
    ax.set_axis_off()
    ax.text(0.1, 0.5, "64×1", fontsize=9)
    ax.text(0.12, 0.5, "1×1", fontsize=6)
    ax.text(0.8, 0.5, "far away", fontsize=12)
    found = measure(fig)
    assert found.smallest_px == pytest.approx(6 * 100 / 72, abs=0.01)
    assert found.overlaps == [("64×1", "1×1")]


def test_measure_ignores_ink_that_is_not_there():
    # blank lines, transparent text, hidden text and text outside the figure draw nothing
    fig = Figure(figsize=(4, 2), dpi=100)
    ax = fig.subplots()
    ax.set_axis_off()
    ax.text(0.5, 0.5, "a\nb", fontsize=10)
    ax.text(0.5, 0.5, " \n ", fontsize=4)
    ax.text(0.5, 0.5, "a\nb", fontsize=10, color=(0, 0, 0, 0))
    ax.text(0.5, 0.5, "hidden", fontsize=3, visible=False)
    ax.text(5.0, 5.0, "outside", fontsize=3)
    found = measure(fig)
    assert found.overlaps == [] and found.smallest_px == pytest.approx(1000 / 72, abs=0.01)


def test_demo_data_carry_the_measure():
    def draw(fig, a):
        ax = fig.subplots()
        ax.text(0.5, 0.5, "same", fontsize=9)
        ax.text(0.5, 0.5, "same" if a else "", fontsize=9)
        ax.set_axis_off()

    d = widgets.demo(draw, a=widgets.slider("a", 0, 1, 1))
    found = d._text_check()
    assert found["textPx"] == 12.0 and found["overlaps"] == ["a=1: 'same' on 'same'"]
    data = json.loads(re.search(r'class="lfd-demo-data">(.*?)</script>', d.static_html()).group(1))
    assert data["textPx"] == 12.0 and data["overlaps"] == found["overlaps"]


# -- the library's helpers ---------------------------------------------------------------


@pytest.mark.parametrize("shapes", [[(64, 1), (1, 1), (1, 1)], [(64, 16), (16, 1)], [(1, 1)] * 4,
                                    [(48, 4), (4, 64), (64, 2), (2, 64)]])
def test_matrix_labels_keep_apart(shapes):
    fig = Figure(figsize=(6.4, 3.4), dpi=96)
    fig.set_layout_engine("none")
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    draw_matrices(ax, shapes, gap=10, fontsize=8.5, label_width=26)
    log_bars(ax, [10, 1000], ["one", "two"], x=272, bottom=-140, width=92, height=130)
    ax.set(xlim=(-6, 370), ylim=(-170, 26), aspect="equal")
    ax.set_axis_off()
    assert measure(fig).overlaps == []


# -- the demos of the chapters, every frame ------------------------------------------------


def test_landing_demo_prints_zero_without_sign():
    (fold,), _ = run_demos("00-introduction.ipynb", "x = np.linspace(-3, 3, 601)", "def draw_fold")
    check_demo(fold)
    assert fold.caption(a=1.0, b=0.0).startswith("fold at x = 0.00;")
    assert fold.caption(a=-1.0, b=0.0).startswith("fold at x = 0.00;")


def test_stride_demo_says_why_once():
    (stride,), _ = run_demos("02-convolutional-nets.ipynb", "def draw_stride")
    check_demo(stride)
    caption = stride.caption(N=4, E=3, P=0, S=2)
    assert caption.count("does not fit") == 1, caption


def test_backprop_demo_every_notch_moves():
    (backprop,), namespace = run_demos("03-backpropagation.ipynb", "FORMULAS = {", "def draw_backprop")
    check_demo(backprop, also=[dict(formula="x σ(x − y)", x=x, y=y, step=s)
                               for x, y, s in ((1, 3, 3), (1, 3, 4), (2, 1, 3), (3, 1, 3))])
    for formula in namespace["FORMULAS"]:
        captions = [backprop.caption(formula=formula, step=s) for s in backprop.controls["step"].values]
        assert len(set(captions)) == len(captions), f"{formula}: two notches give the same caption"


def test_abc_demo():
    (abc,), _ = run_demos("03-backpropagation.ipynb", "def size_slider", "def draw_abc")
    check_demo(abc, also=[dict(m=64, n=1, p=1, q=1), dict(m=16, n=64, p=1, q=1), dict(m=1, n=1, p=1, q=1),
                          dict(m=64, n=64, p=1, q=1), dict(m=1, n=64, p=64, q=1)])
    for m, n, p, q in [(1, 1, 1, 1), (1, 4, 4, 1), (4, 4, 1, 1), (1, 1, 4, 4)]:  # both cost the same
        fig, _ = abc._draw(dict(m=m, n=n, p=p, q=q))
        texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
        assert "same cost" in texts and "is a column" not in texts and "is a row" not in texts
    fig, _ = abc._draw(dict(m=64, n=64, p=64, q=1))
    assert "BC is a column" in " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_chain_demo():
    (chain_demo,), namespace = run_demos("03-backpropagation.ipynb", "def one_sided", "CHAINS = {", "def draw_chain")
    check_demo(chain_demo, also=[dict(shape=s, L=L) for s in namespace["CHAINS"] for L in (3, 6)])


def test_double_descent_demo_labels_cover_no_data():
    # the chapter's cells that make the demo, after the test function and points of the chapter
    setup = "f_true = lambda x: np.sin(np.pi * x)\nx_test = np.linspace(-1, 1, 121)\nf_test = f_true(x_test)\n"
    (dd,), namespace = run_demos("04-hyperparameters.ipynb", "WIDTHS = [", "def moving_fits",
                                 "def draw_double_descent", before=setup)
    check_demo(dd)
    for N in dd.controls["N"].values:
        found = dd._render({"N": N})[2]  # the texts of the still background and of the frame
        assert found.covered_points == [], f"N = {N}: text over data points {found.covered_points}"


# -- demos that draw only what moves: the live form shows the static frames -------------

def _blit_notebooks():
    return [p.name for p in sorted(CHAPTERS.glob("*.ipynb")) if "setup=" in p.read_text()]


def _demos_up_to_the_last_blit(name):
    """Run a chapter's code cells up to the last one that makes a demo with ``setup=``;
    return the demos made with it."""
    cells = [c for c in json.loads((CHAPTERS / name).read_text())["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    last = max(i for i, s in enumerate(sources) if "setup=" in s)
    made = []

    def recording_demo(*args, **kwargs):
        made.append(widgets.demo(*args, **kwargs))
        return made[-1]

    namespace = {"__name__": "chapter", "display": lambda *a, **k: None}
    exec(compile(sources[0], name, "exec"), namespace)
    namespace["demo"] = recording_demo
    for source in sources[1 : last + 1]:
        exec(compile(source, name, "exec"), namespace)
    return [d for d in made if d.setup is not None]


@pytest.mark.parametrize("name", _blit_notebooks())
def test_live_frames_are_the_static_frames(name):
    # the live form, moved through a sample of positions in a random order, shows the pixels
    # of the static frame at each (both draw the moving artists over the same background)
    from PIL import Image
    import io

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))

    demos = _demos_up_to_the_last_blit(name)
    assert demos
    for d in demos:
        every = list(itertools.product(*(c.values for c in d.controls.values())))
        order = np.random.default_rng(1).permutation(len(every))[:12]
        static = {k: d.render(**dict(zip(d.controls, every[k])))[0] for k in order}
        box = d.live()
        for k in order[::-1]:  # another order than the one the static frames were drawn in
            for control, value in zip(box.children, every[k]):
                control.value = value
            assert np.array_equal(pixels(box.children[len(d.controls)].value), pixels(static[k])), (
                f"{name}: the live frame at {dict(zip(d.controls, every[k]))} differs from the static one")
