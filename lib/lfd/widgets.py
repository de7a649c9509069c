"""Demos that move with a kernel and without one.

One call, :func:`demo`, turns a drawing function and a few controls into a
demo with two forms:

* the **live form** (under a Jupyter kernel): ipywidgets controls; every
  change redraws the figure by calling the drawing function again;
* the **static form** (for the website): the figure drawn in advance for
  every combination of control values, embedded in the page as compressed
  PNG frames, with a few lines of JavaScript that switch frames as the
  reader moves a slider. It needs no kernel and no network.

Which form appears is decided when the demo is displayed: the static one
when the environment variable ``LFD_STATIC_DEMOS`` is ``1`` (``make book``
sets it), the live one otherwise. Both forms draw through the same
function, so the website shows exactly what a reader with a kernel sees.

The drawing function receives a fresh :class:`matplotlib.figure.Figure`
and the control values as keyword arguments; it may return a short text
caption (shown under the figure, e.g. an exact count). It is called without
``pyplot``, so nothing is shown twice in a notebook.

Examples
--------
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
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import os
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

#: Environment variable that selects the static form (set by ``make book``).
STATIC_ENV = "LFD_STATIC_DEMOS"
#: Most frames a static demo may hold; more would make the page too heavy.
MAX_FRAMES = 2000


@dataclass(frozen=True)
class Control:
    """One control of a demo: a label and the finite list of its values.

    Use :func:`slider` for numbers and :func:`choice` for named options.
    """

    label: str
    values: tuple
    default: int
    kind: str  # "slider" or "choice"
    fmt: str = "{}"

    def text(self, i):
        """The value at position ``i`` as the reader sees it."""
        return self.fmt.format(self.values[i])


def slider(label, start, stop, step, value=None, fmt=None):
    """A slider over ``start, start + step, ..., stop``.

    Parameters
    ----------
    label : str
        Shown beside the slider, e.g. ``"slope a"``.
    start, stop, step : float
        The values run from ``start`` to ``stop`` inclusive in steps of
        ``step``; ``(stop - start) / step`` must be a whole number.
    value : float, optional
        The starting position (default: the middle value); it must be one
        of the values.
    fmt : str, optional
        Format of the readout, e.g. ``"{:.2f}"``; by default just enough
        decimals for ``step``.

    Examples
    --------
    >>> slider("a", -1, 1, 0.5).values
    (-1.0, -0.5, 0.0, 0.5, 1.0)
    """
    if not isinstance(label, str) or not label:
        raise TypeError(f"label must be a non-empty string, got {label!r}")
    for name, x in (("start", start), ("stop", stop), ("step", step)):
        if isinstance(x, bool) or not np.isfinite(np.float64(x)):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    if not step > 0:
        raise ValueError(f"step must be positive, got step={step!r}")
    if not stop >= start:
        raise ValueError(f"stop must be at least start, got start={start!r}, stop={stop!r}")
    count = (stop - start) / step
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
        matches = [i for i, v in enumerate(values) if abs(v - value) <= 1e-9 * max(1.0, abs(step))]
        if not matches:
            raise ValueError(f"value={value!r} is not one of the slider's values {values[0]} … {values[-1]} step {step}")
        default = matches[0]
    if fmt is None:
        fmt = "{}" if integral else "{:.%df}" % max(decimals, 1)
    return Control(label, values, default, "slider", fmt)


def choice(label, options, value=None):
    """A drop-down list of named options (strings).

    Examples
    --------
    >>> choice("folds", ["random", "parallel"]).values
    ('random', 'parallel')
    """
    if not isinstance(label, str) or not label:
        raise TypeError(f"label must be a non-empty string, got {label!r}")
    options = tuple(options)
    if not options or not all(isinstance(o, str) for o in options):
        raise ValueError(f"options must be a non-empty list of strings, got {options!r}")
    if len(set(options)) != len(options):
        raise ValueError(f"options must be distinct, got {options!r}")
    if value is None:
        default = 0
    elif value in options:
        default = options.index(value)
    else:
        raise ValueError(f"value={value!r} is not one of the options {options!r}")
    return Control(label, options, default, "choice")


def demo(draw, *, figsize=(6.0, 3.6), dpi=96, alt=None, **controls):
    """Make a demo from a drawing function and its controls.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on the empty figure ``fig`` and may
        return a caption string.
    figsize : (float, float)
        Figure size in inches.
    dpi : int
        Resolution of the frames.
    alt : str, optional
        Text alternative for the figure (default: the demo's controls).
    **controls : Control
        One :func:`slider` or :func:`choice` per keyword argument of
        ``draw``.

    Returns
    -------
    Demo
        Displaying it shows the live or the static form (see module doc).
    """
    return Demo(draw, controls, figsize=figsize, dpi=dpi, alt=alt)


class Demo:
    """A drawing function with controls; see :func:`demo`."""

    def __init__(self, draw, controls, *, figsize=(6.0, 3.6), dpi=96, alt=None):
        if not callable(draw):
            raise TypeError(f"draw must be callable, got {type(draw).__name__}")
        if not controls:
            raise ValueError("a demo needs at least one control (slider or choice)")
        for name, c in controls.items():
            if not isinstance(c, Control):
                raise TypeError(f"control {name!r} must be made by slider() or choice(), got {type(c).__name__}")
        figsize = tuple(float(x) for x in figsize)
        if len(figsize) != 2 or min(figsize) <= 0:
            raise ValueError(f"figsize must be two positive numbers, got {figsize!r}")
        self.draw, self.controls = draw, dict(controls)
        self.figsize, self.dpi = figsize, int(dpi)
        self.alt = alt or "Figure controlled by " + ", ".join(c.label for c in self.controls.values())
        self._figure = None

    # -- drawing ------------------------------------------------------------

    @property
    def shape(self):
        """Number of positions of each control."""
        return tuple(len(c.values) for c in self.controls.values())

    @property
    def defaults(self):
        """The starting value of every control."""
        return {k: c.values[c.default] for k, c in self.controls.items()}

    def _draw(self, values):
        if self._figure is None:
            self._figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            FigureCanvasAgg(self._figure)
        fig = self._figure
        fig.clear()
        caption = self.draw(fig, **values)
        if caption is not None and not isinstance(caption, str):
            raise TypeError(f"draw must return a caption string or None, got {type(caption).__name__}")
        return fig, caption or ""

    def render(self, **values):
        """PNG bytes and caption of the figure at the given control values."""
        fig, caption = self._draw({**self.defaults, **values})
        fig.canvas.draw()
        return _png(fig.canvas), caption

    def caption(self, **values):
        """Only the caption at the given control values (no image made)."""
        return self._draw({**self.defaults, **values})[1]

    # -- static form --------------------------------------------------------

    def frames(self):
        """Every frame, in C order over the controls: (list of PNG bytes, captions)."""
        count = int(np.prod(self.shape))
        if count > MAX_FRAMES:
            raise ValueError(f"a static demo may hold at most {MAX_FRAMES} frames; the controls "
                             f"{dict(zip(self.controls, self.shape))} give {count}")
        names = list(self.controls)
        pngs, captions = [], []
        for index in itertools.product(*(range(n) for n in self.shape)):
            values = {k: self.controls[k].values[i] for k, i in zip(names, index)}
            png, caption = self.render(**values)
            pngs.append(png)
            captions.append(caption)
        return pngs, captions

    def static_html(self):
        """The static form: every frame precomputed, switched by JavaScript."""
        pngs, captions = self.frames()
        unique, frame_of = {}, []
        for png in pngs:  # store identical frames once
            frame_of.append(unique.setdefault(png, len(unique)))
        images = [base64.b64encode(png).decode("ascii") for png in unique]
        data = {"shape": list(self.shape), "frame": frame_of, "images": images, "captions": captions,
                "readouts": [[c.text(i) for i in range(len(c.values))] for c in self.controls.values()]}
        payload = json.dumps(data, separators=(",", ":"))
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
            f'<script type="application/json" class="lfd-demo-data">{_script_safe(payload)}</script>'
            f"<script>{_STATIC_JS}</script>"
            f"<style>{_STATIC_CSS}</style>"
            "</div>"
        )

    # -- live form ----------------------------------------------------------

    def live(self):
        """The live form: ipywidgets controls that redraw the figure."""
        import ipywidgets as W

        inputs = {}
        for name, c in self.controls.items():
            if c.kind == "slider":
                inputs[name] = W.SelectionSlider(
                    options=[(c.text(i), v) for i, v in enumerate(c.values)], value=c.values[c.default],
                    description=c.label, continuous_update=True, style={"description_width": "initial"},
                    layout=W.Layout(width="420px"))
            else:
                inputs[name] = W.Dropdown(options=list(c.values), value=c.values[c.default],
                                          description=c.label, style={"description_width": "initial"})
        png, caption = self.render()
        image = W.Image(value=png, format="png")
        text = W.HTML(value=html.escape(caption))

        def redraw(_change=None):
            values = {k: w.value for k, w in inputs.items()}
            try:
                image.value, caption = self.render(**values)
                text.value = html.escape(caption)
            except Exception as error:  # keep the widget alive; say what went wrong
                text.value = f'<span style="color:#b00">could not draw {values}: {html.escape(str(error))}</span>'

        for w in inputs.values():
            w.observe(redraw, names="value")
        box = W.VBox([*inputs.values(), image, text])
        box.redraw = redraw  # for benchmarks and tests
        return box

    # -- display ------------------------------------------------------------

    def _summary(self):
        controls = ", ".join(f"{c.label} ({len(c.values)} positions)" for c in self.controls.values())
        return f"<demo: {controls}>"

    def __repr__(self):
        return self._summary()

    def _repr_mimebundle_(self, include=None, exclude=None):
        if os.environ.get(STATIC_ENV) == "1":
            return {"text/html": self.static_html(), "text/plain": self._summary()}
        bundle = self.live()._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self._summary()  # stable text, so nbval can compare it
        return bundle


def _png(canvas):
    """The drawn canvas as a PNG with a 256-colour palette.

    Plots use few colours, so a palette costs nothing visible and makes the
    frames about three times smaller than matplotlib's RGBA PNG.
    """
    from PIL import Image

    rgb = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                           "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def _script_safe(text):
    """JSON that cannot close its <script> element early."""
    return text.replace("</", "<\\/")


# Switches frames in the page. ES5 on purpose: it runs in any browser.
_STATIC_JS = """(function () {
  var root = document.currentScript.parentNode;
  var data = JSON.parse(root.querySelector('.lfd-demo-data').textContent);
  var img = root.querySelector('.lfd-demo-frame');
  var caption = root.querySelector('.lfd-demo-caption');
  var inputs = root.querySelectorAll('[data-axis]');
  function update() {
    var index = 0;
    for (var k = 0; k < inputs.length; k++) {
      var axis = +inputs[k].getAttribute('data-axis');
      var i = +inputs[k].value;
      index = index * data.shape[axis] + i;
      var out = inputs[k].nextElementSibling;
      if (out && out.tagName === 'OUTPUT') { out.textContent = data.readouts[axis][i]; }
    }
    img.src = 'data:image/png;base64,' + data.images[data.frame[index]];
    caption.textContent = data.captions[index];
  }
  for (var k = 0; k < inputs.length; k++) {
    inputs[k].addEventListener('input', update);
    inputs[k].addEventListener('change', update);
  }
})();"""

_STATIC_CSS = (
    ".lfd-demo{border:1px solid #ddd;border-radius:6px;padding:.6em .8em;margin:1em 0;max-width:640px}"
    ".lfd-demo-controls{display:grid;grid-template-columns:max-content 1fr max-content;gap:.3em .8em;"
    "align-items:center;margin-bottom:.4em}"
    ".lfd-demo-controls select{grid-column:2 / span 2;justify-self:start}"
    ".lfd-demo-controls output{font-family:monospace;min-width:4em}"
    ".lfd-demo-frame{max-width:100%;height:auto;display:block}"
    ".lfd-demo-caption{font-family:monospace;min-height:1.3em;margin-top:.3em}"
)
