"""Demos that move with a kernel and without one.

:func:`demo` turns a drawing function and a few controls into a demo with two
forms: the **live form** (ipywidgets controls, each change redraws) under a
kernel, and the **static form** (every frame drawn in advance, embedded as PNGs
switched by a few lines of JavaScript; no kernel, no network) when the
environment variable ``LFD_STATIC_DEMOS`` is ``1``, as in ``make book``, whose
build then writes the frames as image files (``tools/light_pages.py``). Both
forms draw every frame the same way, so a static frame and the live form's
picture at the same control values are the same pixels. A demo draws in one of
two ways:

* **everything at each move**: ``draw(fig, **values)`` draws on an empty
  :class:`matplotlib.figure.Figure` and may return a caption string (simple;
  each frame costs a whole figure);
* **only what moves**: ``setup(fig)`` draws once what no control changes and
  returns the artists that move (one artist, or a list, tuple or dict of them),
  and ``draw(moving, **values)`` changes only those (``set_data``,
  ``set_array``, ``set_text`` ...) and may return a caption. The still
  background is drawn once with the figure's layout, then each frame restores
  it and draws the moving artists over it (blitting). ``draw`` must set every
  property it ever changes, so that a frame does not depend on the one before;
  it may replace an entry of the returned list or dict by a new artist (a legend
  made again, say).

>>> import numpy as np
>>> def draw(fig, a, b):
...     ax = fig.subplots()
...     x = np.linspace(-2, 2, 101)
...     ax.plot(x, np.maximum(a * x + b, 0))
...     return f"fold at x = {-b / a:.2f}"
>>> d = demo(draw, a=slider("slope a", 0.5, 2, 0.5), b=slider("offset b", -1, 1, 1))
>>> d.shape
(4, 3)
>>> d.caption(a=1.0, b=-1.0)
'fold at x = 1.00'

The same demo drawing only what moves:

>>> def setup(fig):
...     ax = fig.subplots()
...     ax.set(xlim=(-2, 2), ylim=(-0.2, 5))
...     return ax.plot([], [])[0]
>>> def fold(line, a, b):
...     x = np.linspace(-2, 2, 101)
...     line.set_data(x, np.maximum(a * x + b, 0))
...     return f"fold at x = {-b / a:.2f}"
>>> d = demo(fold, setup=setup, a=slider("slope a", 0.5, 2, 0.5), b=slider("offset b", -1, 1, 1))
>>> d.caption(a=1.0, b=-1.0)
'fold at x = 1.00'
"""

import base64
import hashlib
import html
import io
import itertools
import json
import os
import pathlib
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lfd._validate import check_array, check_callable, check_int, check_real
from lfd.plot._legibility import drawn_lines, judge, measure

#: Environment variable that selects the static form (set by ``make book``).
STATIC_ENV = "LFD_STATIC_DEMOS"
#: Most frames a static demo may hold (and positions a slider may have).
MAX_FRAMES = 2000


@dataclass(frozen=True)
class Control:
    """One control of a demo: a label and its finite list of values (see slider, choice)."""

    label: str
    values: tuple
    default: int
    kind: str  # "slider" or "choice"
    fmt: str = "{}"

    def text(self, i: int):
        """The value at position ``i`` as the reader sees it."""
        return self.fmt.format(self.values[check_int(i, "i", min=0, max=len(self.values) - 1)])


def _check_label(label):
    if not isinstance(label, str) or not label:
        raise TypeError(f"label must be a non-empty string, got {label!r}")
    return label


def slider(label, start, stop, step, value=None, fmt=None):
    """A slider over ``start, start + step, ..., stop`` (inclusive).

    Parameters
    ----------
    label : str
        Shown beside the slider.
    start, stop, step : float
        ``(stop - start) / step`` must be a whole number, at most ``MAX_FRAMES - 1``.
    value : float, optional
        The starting value, one of the values (default: the middle one).
    fmt : str, optional
        Format of the readout, e.g. ``"{:.2f}"`` (default: the decimals of ``step``).

    >>> slider("a", -1, 1, 0.5).values
    (-1.0, -0.5, 0.0, 0.5, 1.0)
    """
    _check_label(label)
    start, stop = check_real(start, "start"), check_real(stop, "stop")
    step = check_real(step, "step", min=0, min_open=True)
    if stop < start:
        raise ValueError(f"stop must be at least start, got start={start!r}, stop={stop!r}")
    count = (stop - start) / step
    if count > MAX_FRAMES - 1:
        raise ValueError(f"step={step:g} gives {count:g} steps from start={start:g} to stop={stop:g}; "
                         f"a slider has at most {MAX_FRAMES} positions")
    n = int(round(count))
    if abs(count - n) > 1e-9 * max(1.0, abs(count)):
        raise ValueError(
            f"(stop - start) / step must be a whole number, got ({stop!r} - {start!r}) / {step!r} = {count:g}")
    # decimals needed to write start and step exactly (0.25 needs 2, 0.1 needs 1)
    decimals = next(d for d in range(13) if all(abs(round(v, d) - v) < 1e-12 for v in (start, step)))
    values = tuple(float(round(start + i * step, decimals)) for i in range(n + 1))
    integral = all(float(v).is_integer() for v in (start, step))
    if integral:
        values = tuple(int(v) for v in values)
    if value is None:
        default = n // 2
    else:
        value = check_real(value, "value")
        matches = [i for i, v in enumerate(values) if abs(v - value) <= 1e-9 * max(1.0, abs(step))]
        if not matches:
            raise ValueError(f"value={value!r} is not one of the slider's values "
                             f"{values[0]} … {values[-1]} step {step:g}")
        default = matches[0]
    if fmt is None:
        fmt = "{}" if integral else "{:.%df}" % max(decimals, 1)
    elif not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string such as '{{:.2f}}', got {fmt!r}")
    return Control(label, values, default, "slider", fmt)


def choice(label, options, value=None):
    """A drop-down list of named options (distinct strings).

    >>> choice("folds", ["random", "parallel"]).values
    ('random', 'parallel')
    """
    _check_label(label)
    options = tuple(options)
    if not options or not all(isinstance(o, str) for o in options):
        raise ValueError(f"options must be a non-empty list of strings, got {options!r}")
    if len(set(options)) != len(options):
        raise ValueError(f"options must be distinct, got {options!r}")
    if value is not None and value not in options:
        raise ValueError(f"value={value!r} is not one of the options {options!r}")
    return Control(label, options, 0 if value is None else options.index(value), "choice")


def demo(draw, *, setup=None, figsize=(6.0, 3.6), dpi: int = 96, alt=None, **controls):
    """A :class:`Demo` of ``draw``: one :func:`slider` or :func:`choice` per keyword.

    Without ``setup``, ``draw(fig, **values)`` draws on the empty figure ``fig``
    (``figsize`` inches, ``dpi``); with it, ``setup(fig)`` draws the still part once
    and returns the moving artists, which ``draw(moving, **values)`` changes (see the
    module's docstring). ``draw`` may return a caption; ``alt`` is the text
    alternative (default: names the controls). Displaying the demo shows its live or
    its static form.
    """
    return Demo(draw, controls, setup=setup, figsize=figsize, dpi=dpi, alt=alt)


class Demo:
    """A drawing function with controls; see :func:`demo`."""

    def __init__(self, draw, controls, *, setup=None, figsize=(6.0, 3.6), dpi: int = 96, alt=None):
        self.draw = check_callable(draw, "draw")
        self.setup = None if setup is None else check_callable(setup, "setup")
        if not controls:
            raise ValueError("a demo needs at least one control (slider or choice)")
        for name, c in controls.items():
            if not isinstance(c, Control):
                raise TypeError(f"control {name!r} must be made by slider() or choice(), got {type(c).__name__}")
        figsize = check_array(figsize, "figsize", shape=(2,))
        if figsize.min() <= 0:
            raise ValueError(f"figsize must be two positive numbers, got {tuple(figsize.tolist())}")
        self.controls, self.figsize = dict(controls), tuple(figsize.tolist())
        self.dpi = check_int(dpi, "dpi", min=1, max=1000)
        self.alt = alt or "Figure controlled by " + ", ".join(c.label for c in self.controls.values())
        self._figure = None
        self._stage = None  # with setup: the figure, its moving artists and still background

    @property
    def shape(self):
        """Number of positions of each control."""
        return tuple(len(c.values) for c in self.controls.values())

    @property
    def defaults(self):
        """The starting value of every control."""
        return {k: c.values[c.default] for k, c in self.controls.items()}

    def _values(self, values):
        for name in values:
            if name not in self.controls:
                raise TypeError(f"{name!r} is not a control of this demo; its controls: {', '.join(self.controls)}")
        return {**self.defaults, **values}

    def _draw(self, values):
        values = self._values(values)
        if self.setup is not None:
            stage = self._staged()
            return stage.figure, _caption(self.draw(stage.moving, **values))
        if self._figure is None:
            self._figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            FigureCanvasAgg(self._figure)
        fig = self._figure
        fig.clear()
        return fig, _caption(self.draw(fig, **values))

    def _staged(self):
        """With ``setup``: the figure drawn once at the default values, its layout then fixed,
        the moving artists set aside and the still background kept as pixels."""
        if self._stage is None:
            fig = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            FigureCanvasAgg(fig)
            moving = self.setup(fig)
            _artists(moving)
            self.draw(moving, **self.defaults)
            fig.canvas.draw()  # the layout, made with every artist in place
            fig.set_layout_engine("none")
            _moving_in_order(moving)  # set aside from the still background
            with drawn_lines() as still:
                fig.canvas.draw()
            self._stage = _Stage(fig, moving, fig.canvas.copy_from_bbox(fig.bbox), list(still))
        return self._stage

    def render(self, **values):
        """PNG bytes and caption of the figure at the given control values."""
        png, caption, _ = self._render(values)
        return png, caption

    def _render(self, values, legibility=True, optimize=True):
        """PNG bytes, caption and legibility (:func:`lfd.plot._legibility.measure`, or None) of
        one frame; ``optimize=False`` makes the same pixels into a larger PNG, faster."""
        fig, caption = self._draw(values)
        if self.setup is None:
            found = measure(fig) if legibility else fig.canvas.draw()  # draws the figure
        else:
            stage = self._stage
            fig.canvas.restore_region(stage.background)
            with drawn_lines() as drawn:
                for artist in _moving_in_order(stage.moving):
                    fig.draw_artist(artist)
            found = judge(fig, stage.still + drawn) if legibility else None
        return _png(fig.canvas, optimize), caption, found

    def picture(self, **values):
        """The frame at the given control values as drawn, before its palette: an RGB array
        of shape (height, width, 3) with entries 0-255 (``render`` makes it a PNG)."""
        self._render(values, legibility=False, optimize=False)
        return np.asarray(self._canvas().buffer_rgba())[..., :3].copy()

    def _canvas(self):
        return (self._figure if self.setup is None else self._stage.figure).canvas

    def caption(self, **values):
        """Only the caption at the given control values (no image made)."""
        return self._draw(values)[1]

    def frames(self):
        """Every frame, in C order over the controls: (list of PNG bytes, captions)."""
        pngs, captions, _ = self._frames()
        return pngs, captions

    def _frames(self):
        count = int(np.prod(self.shape))
        if count > MAX_FRAMES:
            raise ValueError(f"a static demo may hold at most {MAX_FRAMES} frames; the controls "
                             f"{dict(zip(self.controls, self.shape))} give {count}")
        frames = [self._render(dict(zip(self.controls, values)))
                  for values in itertools.product(*(c.values for c in self.controls.values()))]
        return [f[0] for f in frames], [f[1] for f in frames], [f[2] for f in frames]

    def _text_check(self):
        """Over every frame: the smallest text in image pixels, and the texts drawn on top of
        each other, as ``{"textPx": float, "overlaps": [str, ...]}`` (at most 10 listed)."""
        return _legibility(self._frames()[2], self.controls)

    def static_html(self):
        """The static form: every frame precomputed, switched by JavaScript.

        Its data also carry :meth:`_text_check`, which ``widgets.js`` writes on the demo
        as ``data-text-px`` and ``data-text-overlaps`` (the website's tests read them).
        """
        pngs, captions, found = self._frames()
        unique, frame_of = {}, []
        for png in pngs:  # store identical frames once
            frame_of.append(unique.setdefault(png, len(unique)))
        images = [base64.b64encode(png).decode("ascii") for png in unique]
        data = {"shape": list(self.shape), "frame": frame_of, "images": images, "captions": captions,
                "readouts": [[c.text(i) for i in range(len(c.values))] for c in self.controls.values()],
                **_legibility(found, self.controls)}
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")  # cannot end <script>
        uid = "lfd-demo-" + hashlib.sha1(payload.encode()).hexdigest()[:10]
        start = int(np.ravel_multi_index([c.default for c in self.controls.values()], self.shape))
        rows = []
        for k, (name, c) in enumerate(self.controls.items()):
            field = f"{uid}-{name}"
            if c.kind == "slider":
                widget = (f'<input type="range" id="{field}" min="0" max="{len(c.values) - 1}" step="1" '
                          f'value="{c.default}" data-axis="{k}">'
                          f'<output for="{field}">{html.escape(c.text(c.default))}</output>')
            else:
                options = "".join(f'<option value="{i}"{" selected" if i == c.default else ""}>{html.escape(v)}</option>'
                                  for i, v in enumerate(c.values))
                widget = f'<select id="{field}" data-axis="{k}">{options}</select>'
            rows.append(f'<label for="{field}">{html.escape(c.label)}</label>{widget}')
        src = images[frame_of[start]]
        return (
            f'<div class="lfd-demo" id="{uid}">'
            f'<div class="lfd-demo-controls">{"".join(rows)}</div>'
            f'<img class="lfd-demo-frame" alt="{html.escape(self.alt)}" src="data:image/png;base64,{src}">'
            f'<div class="lfd-demo-caption" aria-live="polite">{html.escape(captions[start])}</div>'
            f'<script type="application/json" class="lfd-demo-data">{payload}</script>'
            f"<script>{_STATIC_JS}</script>"
            f"<style>{_STATIC_CSS}</style>"
            "</div>"
        )

    def live(self):
        """The live form: ipywidgets controls that redraw the figure."""
        import ipywidgets as W

        inputs, style = {}, {"description_width": "initial"}
        for name, c in self.controls.items():
            value = c.values[c.default]
            if c.kind == "slider":
                inputs[name] = W.SelectionSlider(options=[(c.text(i), v) for i, v in enumerate(c.values)],
                                                 value=value, description=c.label, style=style,
                                                 continuous_update=True, layout=W.Layout(width="420px"))
            else:
                inputs[name] = W.Dropdown(options=c.values, value=value, description=c.label, style=style)
        png, caption, _ = self._render({}, legibility=False, optimize=False)
        image = W.Image(value=png, format="png")
        text = W.HTML(value=html.escape(caption))

        def redraw(_change=None):
            values = {k: w.value for k, w in inputs.items()}
            try:
                image.value, caption, _ = self._render(values, legibility=False, optimize=False)
                text.value = html.escape(caption)
            except Exception as error:  # keep the widget alive; say what went wrong
                text.value = f'<span style="color:#b00">could not draw {values}: {html.escape(str(error))}</span>'

        for w in inputs.values():
            w.observe(redraw, names="value")
        box = W.VBox([*inputs.values(), image, text])
        box.redraw = redraw  # for benchmarks and tests
        return box

    def __repr__(self):
        controls = ", ".join(f"{c.label} ({len(c.values)} positions)" for c in self.controls.values())
        return f"<demo: {controls}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        if os.environ.get(STATIC_ENV) == "1":
            return {"text/html": self.static_html(), "text/plain": repr(self)}
        bundle = self.live()._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = repr(self)  # stable text, so nbval can compare it
        return bundle


def _legibility(found, controls):
    at = list(itertools.product(*(range(len(c.values)) for c in controls.values())))
    overlaps = [", ".join(f"{name}={c.text(i)}" for (name, c), i in zip(controls.items(), at[k]))
                + f": {a!r} on {b!r}" for k, m in enumerate(found) for a, b in m.overlaps]
    smallest = min(m.smallest_px for m in found)
    return {"textPx": smallest if np.isfinite(smallest) else None, "overlaps": overlaps[:10]}


@dataclass
class _Stage:
    figure: Figure
    moving: object  # what setup returned, passed to draw
    background: object  # the still pixels
    still: list  # the lines of text drawn in the still background (for judge)


def _caption(caption):
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"draw must return a caption string or None, got {type(caption).__name__}")
    return caption or ""


def _artists(moving):
    """The artists in what ``setup`` returned: one artist, or a list, tuple or dict of them."""
    found = list(moving.values()) if isinstance(moving, dict) else (
        list(moving) if isinstance(moving, (list, tuple)) else [moving])
    if not found or not all(isinstance(a, Artist) for a in found):
        raise TypeError("setup must return the moving artists (an artist, or a list, tuple or dict "
                        f"of matplotlib artists), got {moving!r}")
    return found


def _moving_in_order(moving):
    """The moving artists in the order a whole draw would draw them (by zorder, then in the
    order given), marked animated so that a whole draw leaves them out. ``draw`` may replace
    an entry of a dict or list by a new artist (a legend made again, say)."""
    artists = sorted(_artists(moving), key=lambda a: a.get_zorder())
    for artist in artists:
        artist.set_animated(True)
    return artists


def _png(canvas, optimize=True):
    """The drawn canvas as a PNG with a 256-colour palette (a third of RGBA's size).

    ``optimize=False`` (the live form) writes the same pixels faster into a larger file.
    """
    from PIL import Image

    rgb = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                           "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    palette = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, format="PNG", **({"optimize": True} if optimize else {"compress_level": 1}))
    return out.getvalue()


# The static form's script (ES5 on purpose: it runs in any browser) and style.
_STATIC_JS = pathlib.Path(__file__).with_name("widgets.js").read_text().rstrip("\n")
_STATIC_CSS = pathlib.Path(__file__).with_name("widgets.css").read_text().replace("\n", "")
