"""Figure helpers shared by the chapters and demos.

One module per kind of figure, each drawing on a matplotlib ``Axes`` or
``Figure`` it is given (so the same code serves a static plot, a live demo
and a precomputed frame). The compute modules of ``lfd`` never import
matplotlib; only this package and :mod:`lfd.widgets` do.
"""
