"""lfd.conv against scipy (single images) and PyTorch on the CPU (batches).

Cases
-----
* one 256 x 256 image, 3 x 3 and 5 x 5 kernels, padding to the same size,
  float64: ``correlate2d`` (the clear form, the default) and the isolated
  cache-blocked kernel ``lfd._fast_conv.correlate2d_blocked`` vs
  ``scipy.ndimage.correlate`` (zero and reflecting boundary) and
  ``scipy.signal.correlate2d`` (zero);
* a batch of 32 images, 3 -> 16 channels, 32 x 32, 3 x 3 kernels, P = 1:
  ``conv2d`` forward, and forward + backward (``Conv2D`` layer), vs
  ``torch.nn.functional.conv2d`` (with autograd), in float32 and float64;
* 2 x 2 max pooling of (32, 16, 32, 32), forward and forward + backward,
  vs ``torch.nn.functional.max_pool2d``, float32.

Everything runs on one thread.
"""

from __future__ import annotations

import numpy as np
import scipy.ndimage as ndi
import scipy.signal as sig

from harness import median_time

from lfd import conv, pool
from lfd._fast_conv import correlate2d_blocked
from lfd.nn.conv import Conv2D, MaxPool2D


def _single_image(table, rng):
    v = rng.standard_normal((256, 256))
    for E in (3, 5):
        w = rng.standard_normal((E, E))
        P = E // 2
        ours = median_time(lambda: conv.correlate2d(v, w, P=P))
        ref = median_time(lambda: ndi.correlate(v, w, mode="constant"))
        table.compare("conv 256x256 f64", f"{E}x{E} same, zero pad", ours, ref,
                      "ndimage.correlate", target="<= 1x")
        ref = median_time(lambda: sig.correlate2d(v, w, "same"))
        table.compare("conv 256x256 f64", f"{E}x{E} same, zero pad", ours, ref,
                      "signal.correlate2d", target="<= 1x")
        ours = median_time(lambda: conv.correlate2d(v, w, P=P, mode="reflect"))
        ref = median_time(lambda: ndi.correlate(v, w, mode="reflect"))
        table.compare("conv 256x256 f64", f"{E}x{E} same, reflect", ours, ref,
                      "ndimage.correlate", target="<= 1x")
        for mode, ndi_mode in (("zero", "constant"), ("reflect", "reflect")):
            ours = median_time(lambda: correlate2d_blocked(v, w, P=P, mode=mode))
            ref = median_time(lambda: ndi.correlate(v, w, mode=ndi_mode))
            table.compare("blocked kernel f64", f"{E}x{E} same, {mode}", ours, ref,
                          "ndimage.correlate", target="<= 1x")


def _batch(table, rng, torch):
    F = torch.nn.functional
    for dtype, tdtype, name in ((np.float32, torch.float32, "f32"),
                                (np.float64, torch.float64, "f64")):
        X = rng.standard_normal((32, 3, 32, 32)).astype(dtype)
        layer = Conv2D(3, 16, 3, padding=1, rng=rng, dtype=dtype)
        G = rng.standard_normal((32, 16, 32, 32)).astype(dtype)
        tX = torch.tensor(X, dtype=tdtype, requires_grad=True)
        tw = torch.tensor(layer.w, dtype=tdtype, requires_grad=True)
        tb = torch.tensor(layer.b, dtype=tdtype, requires_grad=True)
        tG = torch.tensor(G, dtype=tdtype)

        def ours_fwd():
            return conv.conv2d(X, layer.w, layer.b, P=1)

        def ref_fwd():
            with torch.no_grad():
                return F.conv2d(tX, tw, tb, padding=1)

        def ours_both():
            layer.forward(X, train=True)
            return layer.backward(G)

        def ref_both():
            tX.grad = tw.grad = tb.grad = None
            F.conv2d(tX, tw, tb, padding=1).backward(tG)

        case = "32x3x32x32 -> 16, 3x3, P=1"
        table.compare(f"conv2d batch {name}", f"forward {case}", median_time(ours_fwd),
                      median_time(ref_fwd), "torch conv2d", target="<= 2x")
        table.compare(f"conv2d batch {name}", f"fwd+bwd {case}", median_time(ours_both),
                      median_time(ref_both), "torch autograd", target="<= 2x")


def _pooling(table, rng, torch):
    F = torch.nn.functional
    X = rng.standard_normal((32, 16, 32, 32)).astype(np.float32)
    layer = MaxPool2D(2)
    G = rng.standard_normal((32, 16, 16, 16)).astype(np.float32)
    tX = torch.tensor(X, requires_grad=True)
    tG = torch.tensor(G)

    def ref_fwd():
        with torch.no_grad():
            return F.max_pool2d(tX, 2)

    def ours_both():
        layer.forward(X, train=True)
        return layer.backward(G)

    def ref_both():
        tX.grad = None
        F.max_pool2d(tX, 2).backward(tG)

    case = "2x2 of 32x16x32x32"
    table.compare("max pool f32", f"forward {case}", median_time(lambda: pool.max_pool2d(X, 2)),
                  median_time(ref_fwd), "torch max_pool2d", target="<= 2x")
    table.compare("max pool f32", f"fwd+bwd {case}", median_time(ours_both),
                  median_time(ref_both), "torch autograd", target="<= 2x")


def run(table):
    rng = np.random.default_rng(0)
    _single_image(table, rng)
    try:
        import torch
    except ImportError:
        table.skip("conv2d batch", "vs torch", "torch not installed")
        table.skip("max pool", "vs torch", "torch not installed")
        return
    torch.set_num_threads(1)
    _batch(table, rng, torch)
    _pooling(table, rng, torch)
