"""lfd.widgets: one demo, two forms (live ipywidgets, static precomputed frames)."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from lfd import widgets
from lfd.widgets import choice, demo, slider


def draw_fold(fig, a, b):
    ax = fig.subplots()
    x = np.linspace(-2, 2, 41)
    ax.plot(x, np.maximum(a * x + b, 0))
    ax.set_ylim(-1, 5)
    return f"a={a} b={b}"


def small_demo():
    return demo(draw_fold, figsize=(2, 1.5), dpi=50,
                a=slider("slope a", -1, 1, 1), b=slider("offset b", 0, 1, 0.5, value=1))


def pixels(png):
    """The picture a PNG shows, as an RGB array (the encoding aside)."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def static_data(html):
    payload = re.search(r'<script type="application/json" class="lfd-demo-data">(.*?)</script>', html, re.S)
    return json.loads(payload.group(1).replace("<\\/", "</"))


# -- controls ----------------------------------------------------------------

def test_slider_values_and_default():
    s = slider("a", -1, 1, 0.25)
    assert s.values == (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0)
    assert s.values[s.default] == 0.0  # the middle, by default
    assert slider("a", -1, 1, 0.25, value=0.5).default == 6
    assert s.text(1) == "-0.75"


def test_integer_slider_keeps_integers():
    s = slider("N", 1, 5, 1, value=3)
    assert s.values == (1, 2, 3, 4, 5) and all(isinstance(v, int) for v in s.values)
    assert s.text(s.default) == "3"


def test_slider_values_have_no_float_noise():
    # 0.1 * 3 is 0.30000000000000004 in floating point; the slider must show 0.3
    s = slider("s", 0, 1, 0.1)
    assert s.values[3] == 0.3 and s.text(3) == "0.3"


@pytest.mark.parametrize("args, message", [
    (("a", 0, 1, 0), r"step must lie in \(0, inf\)"),
    (("a", 1, 0, 0.5), "stop must be at least start"),
    (("a", 0, 1, 0.3), "whole number"),
    (("a", 0, float("nan"), 0.5), "stop must be a finite real number"),
    (("", 0, 1, 0.5), "label must be a non-empty string"),
])
def test_slider_rejects_bad_ranges(args, message):
    with pytest.raises((ValueError, TypeError), match=message):
        slider(*args)


def test_slider_rejects_value_off_the_grid():
    with pytest.raises(ValueError, match=r"value=0.3 is not one of the slider's values"):
        slider("a", 0, 1, 0.5, value=0.3)


def test_choice():
    c = choice("folds", ["random", "parallel"], value="parallel")
    assert c.values == ("random", "parallel") and c.default == 1
    with pytest.raises(ValueError, match="not one of the options"):
        choice("folds", ["random"], value="other")
    with pytest.raises(ValueError, match="distinct"):
        choice("folds", ["a", "a"])
    with pytest.raises(ValueError, match="non-empty list of strings"):
        choice("folds", [])


def test_demo_validates_its_arguments():
    with pytest.raises(TypeError, match="draw must be callable"):
        demo(42, a=slider("a", 0, 1, 1))
    with pytest.raises(ValueError, match="at least one control"):
        demo(draw_fold)
    with pytest.raises(TypeError, match="control 'a' must be made by slider"):
        demo(draw_fold, a=(0, 1))
    with pytest.raises(ValueError, match="figsize must be two positive numbers"):
        demo(draw_fold, figsize=(0, 1), a=slider("a", 0, 1, 1))
    with pytest.raises(TypeError, match="'c' is not a control of this demo"):
        small_demo().caption(c=1)


@pytest.mark.parametrize("bad, error", [(6.0, TypeError), (True, TypeError), (-1, ValueError),
                                        (float("nan"), TypeError), ("3", TypeError)])
def test_counts_are_checked_at_the_door(bad, error):
    with pytest.raises(error, match="dpi"):
        demo(draw_fold, dpi=bad, a=slider("a", 0, 1, 1))
    with pytest.raises(error, match="i must be"):
        slider("a", 0, 1, 1).text(bad)
    pytest.importorskip("ipywidgets")
    from lfd.playground_widget import playground_widget

    for name in ("epochs_per_click", "seed"):
        with pytest.raises(error, match=name):
            playground_widget(**{name: bad})


# -- static form ---------------------------------------------------------------

def test_static_form_holds_every_frame_in_c_order():
    d = small_demo()
    data = static_data(d.static_html())
    assert data["shape"] == [3, 3]
    assert len(data["frame"]) == 9 and len(data["captions"]) == 9
    # C order: the last control varies fastest
    assert data["captions"][:4] == ["a=-1 b=0.0", "a=-1 b=0.5", "a=-1 b=1.0", "a=0 b=0.0"]
    assert data["readouts"] == [["-1", "0", "1"], ["0.0", "0.5", "1.0"]]
    # every stored frame is a real PNG of the requested size
    for b64 in data["images"]:
        im = Image.open(io.BytesIO(base64.b64decode(b64)))
        assert im.format == "PNG" and im.size == (100, 75)


def test_static_form_stores_identical_frames_once():
    # with a = 0, ReLU(0 x + b) is the same picture for b in {0} and ... every a=-1,b=0 etc.
    d = demo(lambda fig, a, b: fig.subplots().plot([0, 1], [0, a]) and None, figsize=(2, 1.5), dpi=40,
             a=slider("a", 0, 1, 1), b=slider("b", 0, 2, 1))
    data = static_data(d.static_html())
    assert len(data["frame"]) == 6
    assert len(data["images"]) == 2  # b does not change the picture
    assert data["frame"] == [0, 0, 0, 1, 1, 1]


def test_static_form_starts_at_the_default_frame():
    d = small_demo()
    html = d.static_html()
    data = static_data(html)
    start = np.ravel_multi_index((1, 2), (3, 3))  # a = 0 (middle), b = 1.0 (value=1)
    shown = re.search(r'<img class="lfd-demo-frame" alt="[^"]*" src="data:image/png;base64,([^"]+)"', html).group(1)
    assert shown == data["images"][data["frame"][start]]
    assert f'>{data["captions"][start]}</div>' in html
    assert re.search(r'<input type="range" id="[^"]+-a" min="0" max="2" step="1" value="1"', html)


def test_static_form_escapes_text_and_cannot_break_out_of_its_script():
    d = demo(lambda fig, mode: f"</script><b>{mode}</b>", figsize=(1, 1), dpi=20,
             mode=choice("mode <x>", ["a&b", "c"]))
    html = d.static_html()
    assert "mode &lt;x&gt;" in html and "a&amp;b" in html
    payload = re.search(r'class="lfd-demo-data">(.*?)</script>', html, re.S).group(1)
    assert "</" not in payload
    assert static_data(html)["captions"][0] == "</script><b>a&b</b>"


def test_static_form_refuses_too_many_frames(monkeypatch):
    monkeypatch.setattr(widgets, "MAX_FRAMES", 8)
    with pytest.raises(ValueError, match="at most 8 frames"):
        small_demo().static_html()


def test_draw_must_return_a_caption_or_none():
    d = demo(lambda fig, a: 3.5, a=slider("a", 0, 1, 1))
    with pytest.raises(TypeError, match="caption string or None"):
        d.render()


def test_frames_are_palette_pngs():
    png, caption = small_demo().render(a=1, b=0.5)
    assert Image.open(io.BytesIO(png)).mode == "P"
    assert caption == "a=1 b=0.5"


# -- which form is shown -------------------------------------------------------

def test_environment_selects_the_static_form(monkeypatch):
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    bundle = small_demo()._repr_mimebundle_()
    assert "lfd-demo" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" not in bundle


def test_live_form_by_default_with_stable_text(monkeypatch):
    monkeypatch.delenv(widgets.STATIC_ENV, raising=False)
    bundle = small_demo()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "<demo: slope a (3 positions), offset b (3 positions)>"


# -- live form -------------------------------------------------------------------

def test_live_form_redraws_on_every_change():
    d = small_demo()
    box = d.live()
    a, b, image, caption = box.children
    assert (a.value, b.value) == (0, 1.0) and caption.value == "a=0 b=1.0"
    first = image.value
    for value in a.options:  # every slider position
        a.value = value[1]
        assert caption.value == f"a={value[1]} b=1.0"
        assert np.array_equal(pixels(image.value), pixels(d.render(a=value[1], b=1.0)[0]))
    assert image.value != first


def test_live_form_survives_a_failing_draw():
    def fragile(fig, a):
        if a == 1:
            raise ZeroDivisionError("division by zero at a = 1")
        fig.subplots().plot([0, 1], [0, a])

    box = demo(fragile, a=slider("a", 0, 1, 1, value=0)).live()
    a, image, caption = box.children
    before = image.value
    a.value = 1
    assert "could not draw" in caption.value and "division by zero" in caption.value
    assert image.value == before  # the last good picture stays
    a.value = 0
    assert caption.value == ""


def test_live_choice_is_a_dropdown():
    d = demo(lambda fig, mode: mode, figsize=(1, 1), mode=choice("mode", ["x", "y"]))
    dropdown, _, caption = d.live().children
    assert type(dropdown).__name__ == "Dropdown"
    dropdown.value = "y"
    assert caption.value == "y"


def test_slider_with_a_billion_positions_is_refused_at_once():
    # a slider with 10**9 positions hung while its positions were listed (issue 16)
    import time
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"1e\+09 steps .* at most \d+ positions"):
        slider("a", 0, 1, 1e-9, 0)
    with pytest.raises(ValueError, match="at most"):
        slider("a", 0, 10**9, 1, 0)
    assert time.perf_counter() - start < 1.0


# -- drawing only what moves ---------------------------------------------------

def fold_setup(fig):
    ax = fig.subplots()
    ax.set(xlim=(-2, 2), ylim=(-1, 5), title="still title")
    line = ax.plot([], [], lw=2)[0]
    label = ax.text(-1.8, 4, "", fontsize=9)
    return {"line": line, "label": label}


def fold_update(moving, a, b):
    x = np.linspace(-2, 2, 41)
    moving["line"].set_data(x, np.maximum(a * x + b, 0))
    moving["label"].set_text(f"a = {a}")
    return f"a={a} b={b}"


def moving_demo():
    return demo(fold_update, setup=fold_setup, figsize=(2.5, 2), dpi=50,
                a=slider("slope a", -1, 1, 0.5), b=slider("offset b", 0, 1, 0.5, value=1))


def still_draw(fig, a, b):
    """The same picture as fold_setup + fold_update, drawn whole each time."""
    moving = fold_setup(fig)
    return fold_update(moving, a, b)


def test_moving_frames_are_the_frames_of_a_whole_draw():
    # blitting the moving artists over the still background gives the picture of a whole
    # draw with the same layout, at every position
    moved, whole = moving_demo(), demo(still_draw, figsize=(2.5, 2), dpi=50,
                                        a=slider("slope a", -1, 1, 0.5), b=slider("offset b", 0, 1, 0.5, value=1))
    moved_pngs, moved_captions = moved.frames()
    whole_pngs, whole_captions = whole.frames()
    assert moved_captions == whole_captions
    assert len(set(moved_pngs)) == len(moved_pngs)  # every frame shows its own line
    # the only pixels that differ are where a moving artist crosses a still one that a whole
    # draw puts above it (here the line crosses the axes' frame): blitting draws it last
    for p, q in zip(moved_pngs, whole_pngs):
        differ = np.any(pixels(p) != pixels(q), axis=2)
        assert differ.mean() < 0.002, f"{differ.sum()} of {differ.size} pixels differ"


def test_live_and_static_frames_are_pixel_identical_in_any_order():
    d = moving_demo()
    pngs, _ = d.frames()
    box = d.live()
    a, b = box.children[:2]
    order = np.random.default_rng(0).permutation(len(pngs))
    for k in order:
        i, j = np.unravel_index(k, d.shape)
        a.value, b.value = d.controls["a"].values[i], d.controls["b"].values[j]
        assert np.array_equal(pixels(box.children[2].value), pixels(pngs[k])), (i, j)


def test_moving_frames_carry_the_measure_of_still_and_moving_text():
    data = static_data(moving_demo().static_html())
    assert data["textPx"] == pytest.approx(9 * 50 / 72, abs=0.01)  # the moving label is the smallest
    assert data["overlaps"] == []


def test_setup_must_return_artists():
    with pytest.raises(TypeError, match="setup must return the moving artists"):
        demo(fold_update, setup=lambda fig: None, a=slider("a", 0, 1, 1), b=slider("b", 0, 1, 1)).render()
    with pytest.raises(TypeError, match="setup must be"):
        demo(fold_update, setup=3, a=slider("a", 0, 1, 1))


def test_picture_is_the_frame_before_its_palette():
    for d in (small_demo(), moving_demo()):
        png, _ = d.render(a=1, b=0.5)
        drawn = d.picture(a=1, b=0.5)
        assert drawn.shape == pixels(png).shape and drawn.dtype == np.uint8
        assert np.abs(drawn.astype(int) - pixels(png)).max() < 26  # the palette moves little
