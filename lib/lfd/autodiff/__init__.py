"""Automatic differentiation with scalars (Strang §VII.3; chapter 03).

One table of local derivatives (:mod:`.rules`) serves reverse mode (:class:`Var`,
``backward``) and forward mode (:class:`Dual`); :func:`graph` gives the graph as
data, with the order ``backward`` recorded.
"""

from lfd.autodiff.forward import Dual
from lfd.autodiff.graph import (OpCounts, adjoints_after, forward_tangents, graph, node_id,
                                op_counts)
from lfd.autodiff.interface import (cos, exp, forward_grad, grad, jvp, log, relu, sigmoid, sin,
                                    tanh, value_and_grad)
from lfd.autodiff.reverse import Var, topological_order
from lfd.autodiff.rules import RULES

__all__ = ["Var", "Dual", "RULES", "grad", "value_and_grad", "jvp", "forward_grad", "graph",
           "topological_order", "adjoints_after", "forward_tangents", "node_id", "op_counts",
           "OpCounts", "exp", "log", "sin", "cos", "tanh", "sigmoid", "relu"]
