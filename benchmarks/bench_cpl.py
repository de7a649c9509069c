"""Exact linear regions (lfd.cpl) against grid sampling of activation patterns.

Two ways to count the linear regions of a ReLU net with two inputs in the
box [-1, 1]^2:

* exact: :func:`lfd.cpl.count_regions` cuts polygons layer by layer and
  also merges neighbours into flat pieces;
* sampling: evaluate the activation pattern at every point of an n x n
  grid and count the distinct patterns.

"Equal resolution". The exact method resolves every region down to its
geometric tolerance (1e-9 of the box size). A grid resolves a region only
if a grid point falls inside it: regions thinner than the spacing h can
be missed. No affordable grid matches the exact method on its smallest
regions (the table reports how fine a grid that would need: its spacing
must be below the smallest region's inradius, which is at least
area / perimeter). We therefore compare against a fixed 1000 x 1000 grid
(h = 0.002, a million network evaluations), about the finest that runs in
a second, and report how many regions it finds and misses.
"""

from __future__ import annotations

import numpy as np

from harness import median_time
from lfd import cpl

BOX = (-1.0, 1.0, -1.0, 1.0)
GRID = 1000
CASES = [([2, 8, 1], 0), ([2, 16, 16, 1], 0), ([2, 32, 32, 32, 1], 0)]


def grid_patterns(net, n=GRID, chunk=100_000):
    """Number of distinct activation patterns on an n x n grid of cell centres."""
    xmin, xmax, ymin, ymax = BOX
    xs = xmin + (xmax - xmin) * (np.arange(n) + 0.5) / n
    ys = ymin + (ymax - ymin) * (np.arange(n) + 0.5) / n
    X = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1).reshape(-1, 2)
    seen = []
    for start in range(0, len(X), chunk):  # chunks keep memory small for wide nets
        bits = np.packbits(net.patterns(X[start:start + chunk], stacked=True), axis=1)
        seen.append(np.unique(bits, axis=0))
    return len(np.unique(np.vstack(seen), axis=0))


def run(table):
    for widths, seed in CASES:
        name = "-".join(map(str, widths))
        net = cpl.ReLUNet.random(widths, rng=seed)
        count = cpl.count_regions(net, BOX)
        found = grid_patterns(net)
        regions = cpl.linear_regions(net, BOX)
        inradius = min(r.area / np.sum(np.hypot(*(np.roll(r.vertices, -1, axis=0) - r.vertices).T))
                       for r in regions)
        needed = int(np.ceil((BOX[1] - BOX[0]) / inradius))

        ours = median_time(lambda: cpl.count_regions(net, BOX))
        ref = median_time(lambda: grid_patterns(net), min_time=0.0, repeat=3)
        table.compare("cpl regions", name, ours, ref, f"grid sampling {GRID}\u00b2",
                      target="< 0.5 s exact" if widths == [2, 16, 16, 1] else None)
        table.measure("cpl regions", f"{name} counts", count.regions, unit="regions",
                      note=(f"exact: {count.regions} regions, {count.pieces} flat pieces; "
                            f"grid {GRID}\u00b2: {found} patterns ({count.regions - found} missed); "
                            f"a grid sure to hit every region: ~{needed:,}\u00b2"))
