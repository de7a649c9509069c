"""Matrix backpropagation: lfd.nn against PyTorch autograd, float64, one thread.

Two ReLU nets, the same weights and the same data in both libraries, loss
½‖Y - T‖². One training step's derivative work is timed: forward, loss,
backward (and, for torch, clearing the old ``.grad``). The data need no
gradient in either library (``input_grad=False`` for our first layer;
torch never computes it for a tensor without ``requires_grad``).

Also measured: our (forward + backward) / forward. Backpropagation needs
two matrix products per layer (dL/dA and dL/dX) against one going
forward, and none for dL/dX of the data, so about 2.3 for the large net.
"""

from __future__ import annotations

import numpy as np

from harness import median_time

CASES = [((2, 16, 16, 1), 256, "≤ 0.4x"), ((784, 256, 256, 10), 128, "≤ 0.8x")]


def _ours_step(net, X, T):
    Y = net.forward(X, train=True)
    R = Y - T
    loss = 0.5 * float(np.vdot(R, R))
    net.backward(R)
    return loss


def run(table):
    from lfd.nn import Dense, mlp

    try:
        import torch
    except ImportError:
        table.skip("nets", "MLP vs torch", "torch is not installed")
        return
    torch.set_num_threads(1)

    for widths, batch, target in CASES:
        rng = np.random.default_rng(0)
        net = mlp(widths, "relu", "he", rng, input_grad=False)
        for layer in net.layers:  # nonzero biases, so that db is not trivially tested
            if isinstance(layer, Dense):
                layer.b[:] = rng.uniform(-0.1, 0.1, layer.b.shape)
        X = rng.standard_normal((batch, widths[0]))
        T = rng.standard_normal((batch, widths[-1]))

        modules = []
        for layer in net.layers:
            if isinstance(layer, Dense):
                lin = torch.nn.Linear(*layer.shape[::-1], dtype=torch.float64)
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(layer.A))
                    lin.bias.copy_(torch.from_numpy(layer.b))
                modules.append(lin)
            else:
                modules.append(torch.nn.ReLU())
        tnet = torch.nn.Sequential(*modules)
        tparams = list(tnet.parameters())
        tX, tT = torch.from_numpy(X), torch.from_numpy(T)

        def torch_step():
            for p in tparams:
                p.grad = None
            loss = 0.5 * ((tnet(tX) - tT) ** 2).sum()
            loss.backward()
            return loss

        # Same loss and same gradients before any timing.
        loss_ours, loss_torch = _ours_step(net, X, T), float(torch_step())
        assert np.isclose(loss_ours, loss_torch, rtol=1e-12)
        for g, p in zip(net.grads, tparams):
            np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-9, atol=1e-12)

        name = f"MLP {list(widths)}, batch {batch}"
        t_ours = median_time(lambda: _ours_step(net, X, T))
        t_torch = median_time(torch_step)
        table.compare("nets", f"{name}: fwd+bwd", t_ours, t_torch, "torch", target=target)
        t_fwd = median_time(lambda: net.forward(X, train=True))
        table.measure("nets", f"{name}: (fwd+bwd)/fwd", t_ours / t_fwd, unit="",
                      target="≤ 2.5", note=f"fwd {t_fwd * 1e6:.3g} us")
