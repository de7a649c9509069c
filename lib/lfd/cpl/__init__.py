"""Continuous piecewise linear functions: ReLU nets (net), r(N, m) (count), exact regions,
flat pieces, folds and F = 0 of two-input nets (regions, on convex polygons: geometry).
Strang §VII.1; chapter 01.
"""

from lfd.cpl.count import max_pieces, max_pieces_recursive
from lfd.cpl.net import ReLUNet, activation_sizes
from lfd.cpl.regions import (EPS, Curve, Fold, Region, RegionCount, ZeroSet, color_classes,
                             count_regions, fold_lines, fold_segments, linear_regions,
                             piece_labels, zero_set)

__all__ = ["max_pieces", "max_pieces_recursive", "ReLUNet", "activation_sizes", "fold_lines",
           "Region", "linear_regions", "piece_labels", "color_classes", "RegionCount",
           "count_regions", "Curve", "ZeroSet", "zero_set", "Fold", "fold_segments", "EPS"]
