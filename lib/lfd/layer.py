"""Old home of the layer contract; see :mod:`lfd.nn.layer`."""
from lfd.nn.layer import Layer, Sequential  # noqa: F401
