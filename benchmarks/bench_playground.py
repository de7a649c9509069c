"""The Playground's trainer against PyTorch: time to 100% training accuracy on two spirals.

500 points of the two-spiral set (the two points at the origin, one of each
class, are left out: no function separates them), a [2, 16, 16, 1] ReLU
net, binary cross-entropy of the logit, plain SGD with step 0.03 and
minibatches of 10. Both libraries start from the same weights (copied from
ours), see the minibatches in the same order (the permutations drawn by the
Playground's generator), compute in float64 on one thread, and check the
training accuracy after every epoch. Timed: from the first step until the
accuracy reaches 100%, accuracy checks included.

Rounding differs between the libraries, so the two runs may need a
slightly different number of epochs; the table gives both counts and the
time per epoch as well.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

MAX_EPOCHS = 3000
LR, BATCH, WIDTHS = 0.03, 10, (2, 16, 16, 1)


def spiral_500():
    from lfd.data import spiral

    X, y = spiral(502, 0.0, rng=0)
    keep = np.hypot(X[:, 0], X[:, 1]) > 0
    return X[keep], y[keep]


def ours(X, y, seed):
    """Epochs and seconds to 100% training accuracy with lfd.playground."""
    from lfd.playground import Playground

    pg = Playground((X, X[:0], y, y[:0]), hidden=WIDTHS[1:-1], activation="relu", lr=LR,
                    batch_size=BATCH, seed=seed)
    start = time.perf_counter()
    while pg.history["train_accuracy"][-1] < 1.0 and pg.epoch < MAX_EPOCHS:
        pg.run(1)
    return pg.epoch, time.perf_counter() - start


def reference(X, y, seed, torch):
    """The same run in torch: same weights, same batch order, same optimizer."""
    from lfd.playground import Playground

    pg = Playground((X, X[:0], y, y[:0]), hidden=WIDTHS[1:-1], activation="relu", lr=LR,
                    batch_size=BATCH, seed=seed)
    layers = []
    for k, dense in enumerate(pg.dense_layers):
        lin = torch.nn.Linear(*dense.shape[::-1], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(dense.A))
            lin.bias.copy_(torch.from_numpy(dense.b))
        layers.append(lin)
        if k < len(pg.dense_layers) - 1:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    rng = np.random.default_rng(pg._batch_seed)  # the Playground's batch order
    orders = [torch.from_numpy(rng.permutation(len(y))) for _ in range(MAX_EPOCHS)]
    tX, ty = torch.from_numpy(X), torch.from_numpy(y.astype(np.float64))
    positive = ty > 0
    start = time.perf_counter()
    epoch = 0
    while epoch < MAX_EPOCHS:
        order = orders[epoch]
        for s in range(0, len(y), BATCH):
            idx = order[s:s + BATCH]
            opt.zero_grad()
            loss_fn(net(tX[idx])[:, 0], ty[idx]).backward()
            opt.step()
        epoch += 1
        with torch.no_grad():
            if bool(((net(tX)[:, 0] > 0) == positive).all()):
                break
    return epoch, time.perf_counter() - start


def run(table):
    try:
        import torch
    except ImportError:
        table.skip("playground", "spiral to 100% vs torch", "torch is not installed")
        return
    torch.set_num_threads(1)
    X, y = spiral_500()
    for seed in (0, 1):
        runs_ours = [ours(X, y, seed) for _ in range(3)]
        runs_ref = [reference(X, y, seed, torch) for _ in range(2)]
        e_ours, e_ref = runs_ours[0][0], runs_ref[0][0]
        t_ours = statistics.median(t for _, t in runs_ours)
        t_ref = statistics.median(t for _, t in runs_ref)
        case = f"spiral 500, {list(WIDTHS)}, seed {seed}: to 100% ({e_ours} vs {e_ref} epochs)"
        table.compare("playground", case, t_ours, t_ref, "torch", target="≤ 0.25x")
        table.compare("playground", f"  same, per epoch (seed {seed})", t_ours / e_ours, t_ref / e_ref,
                      "torch", target="≤ 0.25x")
