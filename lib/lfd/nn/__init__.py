"""Layers that keep one contract (:class:`lfd.nn.layer.Layer`) and stack in a Sequential."""
