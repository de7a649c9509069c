"""Small helpers shared by the test modules (imported as ``helpers``; pytest puts tests/ on the path)."""

import numpy as np

from lfd.nn.gradcheck import numerical_gradient


def rel_err(a, b, floor=1e-300):
    """max |a - b| relative to the larger of max |a| and max |b|."""
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), floor)


def central_difference(f, x, h=1e-6):
    """Gradient of the scalar f() with respect to the array x that f reads (x restored after).

    The central differences are lfd's own (lfd.nn.gradcheck.numerical_gradient).
    """
    x0 = x.copy()

    def at(v):
        x[...] = v
        return f()

    try:
        return numerical_gradient(at, x0, h)
    finally:
        x[...] = x0


def least_squares_problem(m=40, n=5, seed=0):
    """A (m, n) and b (m,), standard normal from their own generator."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, n)), rng.standard_normal(m)
