"""Scalar reverse mode: lfd.autodiff.Var against micrograd's Value.

Both engines run the *same* Python code for a 2-16-16-1 ReLU net (one
scalar node per multiplication, addition and ReLU, like micrograd's own
``nn.MLP``), with the same weights and data, on a squared-error loss:

* one sample: build the graph and run ``backward``;
* a batch of 100 samples summed into one loss, one graph, one ``backward``
  (reported per sample).

The garbage collector stays on, as in ordinary use: micrograd's closures
make reference cycles that only the collector can free, our nodes do not.
"""

from __future__ import annotations

import numpy as np

from harness import median_time

SIZES = (2, 16, 16, 1)
BATCH = 100


def _weights(rng):
    return [(rng.uniform(-1, 1, size=(n_out, n_in)).tolist(), rng.uniform(-0.1, 0.1, n_out).tolist())
            for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]


def _leaves(weights, kind):
    return [([[kind(a) for a in row] for row in A], [kind(b) for b in bias]) for A, bias in weights]


def _forward(layers, x):
    """v_n = ReLU(b_n + A_n v_(n-1)), written one scalar operation at a time."""
    last = len(layers) - 1
    for n, (A, bias) in enumerate(layers):
        out = []
        for row, b in zip(A, bias):
            act = b
            for a, v in zip(row, x):
                act = act + a * v
            out.append(act if n == last else act.relu())
        x = out
    return x[0]


def _loss(layers, X, y):
    total = 0.0
    for x, target in zip(X, y):
        d = _forward(layers, x) - target
        total = total + d * d
    return total


def run(table):
    from lfd.autodiff import Var

    try:
        from micrograd.engine import Value
    except ImportError:
        table.skip("autodiff", "2-16-16-1 net", "micrograd is not installed")
        return

    rng = np.random.default_rng(0)
    weights = _weights(rng)
    X = rng.uniform(-1, 1, size=(BATCH, 2)).tolist()
    y = rng.choice([-1.0, 1.0], size=BATCH).tolist()
    ours, theirs = _leaves(weights, Var), _leaves(weights, Value)

    def step(layers, n):
        loss = _loss(layers, X[:n], y[:n])
        loss.backward()
        return loss

    # Same numbers from both engines before timing anything.
    a, b = step(ours, BATCH), step(theirs, BATCH)
    assert abs(a.value - b.data) < 1e-9 * max(1.0, abs(b.data))
    assert abs(ours[0][0][0][0].grad - theirs[0][0][0][0].grad) < 1e-9 * max(1.0, abs(b.data))
    del a, b

    n_nodes = _count_nodes(_loss(ours, X[:1], y[:1]))
    t_ours = median_time(lambda: step(ours, 1))
    t_ref = median_time(lambda: step(theirs, 1))
    table.compare("autodiff", f"2-16-16-1 net, 1 sample ({n_nodes} nodes), fwd+bwd",
                  t_ours, t_ref, "micrograd", target="≤ 0.33x (≥3x faster)")
    t_ours = median_time(lambda: step(ours, BATCH), repeat=5) / BATCH
    t_ref = median_time(lambda: step(theirs, BATCH), repeat=5) / BATCH
    table.compare("autodiff", f"same, batch of {BATCH} in one graph, per sample",
                  t_ours, t_ref, "micrograd", target="≤ 0.1x (≥10x faster)")
    table.measure("autodiff", "scalar nodes per second (batch, fwd+bwd)",
                  n_nodes / t_ours / 1e6, unit="M/s")


def _count_nodes(out):
    seen, stack = set(), [out]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(node.parents)
    return len(seen)
