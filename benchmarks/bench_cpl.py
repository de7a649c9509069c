"""Exact linear regions (lfd.cpl) against regioncam and against grid sampling.

Three ways to count the linear regions of a ReLU net with two inputs in the
box [-1, 1]^2:

* ours: :func:`lfd.cpl.count_regions` cuts one planar partition of the box by
  one neuron at a time with whole-array numpy operations (lfd.cpl.partition),
  and joins neighbours with one affine map into flat pieces;
* regioncam (PyPI), a compiled (Rust) engine built on the same idea, one
  vertex and one face at a time, in float32: what a user would pick instead.
  Its partition is counted after the last hidden ReLU (no flat pieces). The
  nets' weights are rounded to float32 so that both cut the same net, and the
  counts are printed side by side;
* sampling the activation pattern on a grid, which misses thin regions (the
  table reports how fine a grid would have to be: its spacing must be below
  the smallest region's inradius, at least area / perimeter).

The He-initialised 32 x 4 and 64 x 4 nets carry the target: within 3x of
regioncam's time. Each ratio is the median over pairs of runs made back to
back, with its spread. The small nets are the Playground's sizes, counted
live at every epoch.
"""

from __future__ import annotations

import numpy as np

from harness import median_time, paired_times, ratio_spread
from lfd import cpl

BOX = (-1.0, 1.0, -1.0, 1.0)
GRID = 1000
ENGINE_CASES = [([2, 32, 32, 32, 32, 1], 0), ([2, 32, 32, 32, 32, 1], 1),
                ([2, 64, 64, 64, 64, 1], 0), ([2, 64, 64, 64, 64, 1], 1),
                ([2, 128, 128, 128, 128, 1], 0)]
PLAYGROUND_CASES = [([2, 4, 2, 1], 0), ([2, 8, 8, 1], 0), ([2, 6, 6, 6, 1], 0)]
GRID_CASES = [([2, 8, 1], 0), ([2, 16, 16, 1], 0), ([2, 32, 32, 32, 1], 0)]


def in_float32(net):
    return cpl.ReLUNet([A.astype(np.float32).astype(float) for A in net.A],
                       [b.astype(np.float32).astype(float) for b in net.b])


def regioncam_count(net, regioncam):
    rc = regioncam.Regioncam(size=1)  # the plane [-1, 1]^2
    for A, b in zip(net.A[:-1], net.b[:-1]):
        rc.linear(np.ascontiguousarray(A.T, dtype=np.float32), b.astype(np.float32))
        rc.relu()
    return rc.num_faces


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


def run_regioncam(table):
    try:
        import regioncam
    except ImportError:
        table.skip("cpl regions", "vs regioncam", "regioncam is not installed (make bench)")
        return
    for widths, seed in PLAYGROUND_CASES + ENGINE_CASES:
        name = "-".join(map(str, widths)) + f" seed {seed}"
        net = in_float32(cpl.ReLUNet.random(widths, rng=seed))
        ours_count, ref_count = cpl.count_regions(net, BOX), regioncam_count(net, regioncam)
        big = (widths, seed) in ENGINE_CASES
        ours, theirs = paired_times(lambda: cpl.count_regions(net, BOX),
                                    lambda: regioncam_count(net, regioncam),
                                    pairs=9 if big else 15, min_time=2.0 if big else 0.5)
        table.compare("cpl regions", name, float(np.median(ours)), float(np.median(theirs)),
                      "regioncam", target="< 3x" if big and widths[1] <= 64 else None)
        table.measure("cpl regions", f"{name} counts", ours_count.regions, unit="regions",
                      note=(f"ours {ours_count.regions}, regioncam {ref_count} ("
                            f"{'equal' if ref_count == ours_count.regions else 'DIFFERENT'}); "
                            f"{ours_count.pieces} flat pieces; " + ratio_spread(ours, theirs)))


def run_grid(table):
    for widths, seed in GRID_CASES:
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
        table.compare("cpl regions", name, ours, ref, f"grid sampling {GRID}\u00b2")
        table.measure("cpl regions", f"{name} counts", count.regions, unit="regions",
                      note=(f"exact: {count.regions} regions, {count.pieces} flat pieces; "
                            f"grid {GRID}\u00b2: {found} patterns ({count.regions - found} missed); "
                            f"a grid sure to hit every region: ~{needed:,}\u00b2"))


def run(table):
    run_regioncam(table)
    run_grid(table)
