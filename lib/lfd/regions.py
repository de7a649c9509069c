"""Moved to :mod:`lfd.cpl.geometry` (this shim goes in phase 2)."""

from lfd.cpl.geometry import (BOX, chord, connected_components, corners, polygon_area,  # noqa: F401
                              polygon_centroid, polylines, shared_edges, split_polygon)
