"""Is a drawn figure legible? The size of its smallest text, and texts drawn on top of each other.

The website shows every figure as a picture, scaled to fit the column; its
text must stay readable (at least 9 px on a 1366 px wide screen) and no two
labels may cover each other. :func:`measure` draws a figure once and answers
both, from the lines of text matplotlib actually drew in ink (a tick label
outside the view, an invisible, empty or transparent text leave none, so they
do not count).

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(3, 2), dpi=96)
>>> ax = fig.subplots()
>>> _ = ax.text(0.5, 0.5, "a label", fontsize=9), ax.text(0.5, 0.5, "another", fontsize=12)
>>> ax.set_axis_off()
>>> m = measure(fig)
>>> m.smallest_px
12.0
>>> m.overlaps
[('a label', 'another')]
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text

#: Smallest text the website's figures may show, in CSS pixels at a 1366 px wide window.
MIN_TEXT_PX = 9.0


@dataclass(frozen=True)
class Legibility:
    """What :func:`measure` found: ``smallest_px`` is the smallest font size in image pixels
    (points × dpi / 72; ``inf`` without text), ``overlaps`` the pairs of texts with lines whose
    drawn boxes cover each other by more than ``tolerance`` pixels both ways."""

    smallest_px: float
    overlaps: list
    #: (text, label of the line) for each text drawn over a data point (a line's marker)
    covered_points: list = ()


@contextlib.contextmanager
def drawn_lines():
    """Collect (text, font size in points, box in pixels) of every line of text drawn in ink
    while the block runs: blank lines and fully transparent text leave no ink, so they do not
    count (a graph's node draws its lines in invisible ink to size its box, for one)."""
    drawn, original = [], Text.draw

    def draw(self, renderer):
        inner = renderer.draw_text

        def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
            inner(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            if s.strip() and gc.get_rgb()[3] > 0 and (gc.get_alpha() is None or gc.get_alpha() > 0):
                w, h, d = renderer.get_text_width_height_descent(s, prop, ismath=ismath)
                corners = np.array([(0, -d), (w, -d), (w, h - d), (0, h - d)])
                turn = np.deg2rad(angle)
                rotate = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
                if renderer.flipy():  # the baseline's y counted from the top of the canvas
                    y = renderer.height - y
                at = corners @ rotate.T + (x, y)
                drawn.append((self, prop.get_size_in_points(), Bbox([at.min(axis=0), at.max(axis=0)])))

        renderer.draw_text = draw_text
        try:
            original(self, renderer)
        finally:
            del renderer.draw_text

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def measure(fig, tolerance: float = 1.0) -> Legibility:
    """Draw ``fig`` (a matplotlib Figure) and measure its texts; see :class:`Legibility`.

    Only texts inside the figure count; two texts overlap when their boxes share
    more than ``tolerance`` pixels in width and in height.
    """
    if fig.canvas is None or not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    with drawn_lines() as drawn:
        fig.canvas.draw()
    return judge(fig, drawn, tolerance)


def judge(fig, drawn, tolerance: float = 1.0) -> Legibility:
    """The :class:`Legibility` of ``fig`` from the lines of text recorded by :func:`drawn_lines`
    while it was drawn (a demo that draws its still background once and its moving artists per
    frame passes the lines of both)."""
    frame = fig.bbox
    inside = [(t, size, box) for t, size, box in drawn
              if box.x1 > frame.x0 and box.x0 < frame.x1 and box.y1 > frame.y0 and box.y0 < frame.y1]
    smallest = min((size * fig.dpi / 72 for _, size, _ in inside), default=float("inf"))
    overlaps = []
    for i, (a, _, box_a) in enumerate(inside):
        for b, _, box_b in inside[i + 1:]:
            width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            pair = (a.get_text(), b.get_text())
            if a is not b and width > tolerance and height > tolerance and pair not in overlaps:
                overlaps.append(pair)
    covered = []
    for line in fig.findobj(Line2D):
        if not line.get_visible() or line.get_marker() in (None, "None", "", " ") or line.axes is None:
            continue
        radius = line.get_markersize() * fig.dpi / 72 / 2
        points = line.get_transform().transform(line.get_xydata())
        for t, _, box in inside:
            if t.axes is None and t.figure is None:
                continue
            hit = ((points[:, 0] > box.x0 - radius) & (points[:, 0] < box.x1 + radius)
                   & (points[:, 1] > box.y0 - radius) & (points[:, 1] < box.y1 + radius))
            pair = (t.get_text(), line.get_label())
            if hit.any() and pair not in covered and not _in_legend(t, line):
                covered.append(pair)
    return Legibility(float(round(smallest, 2)), overlaps, covered)


def _in_legend(text, line):
    """Is the line a legend's sample (drawn beside its own text, not data)?"""
    return any(line in legend.legend_handles or line in getattr(legend, "get_lines", lambda: [])()
               for legend in line.figure.findobj(Legend))
