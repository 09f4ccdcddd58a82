"""Reference for `conv1d`: a 1-D convolution layer (cross-correlation) as F.conv1d computes it,
with stride, zero padding and dilation."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """out[n, o, t] = bias[o] + sum over c, a of
    weight[o, c, a] * x_pad[n, c, t*stride + a*dilation]."""
    n, channels, length = x.shape
    out_channels, weight_channels, k = weight.shape
    if weight_channels != channels:
        raise ValueError(f"weight expects {weight_channels} input channels, x has {channels}")
    span = dilation * (k - 1) + 1  # input positions the dilated kernel covers
    if length + 2 * padding < span:
        raise ValueError("the dilated kernel is longer than the padded input")
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    out_length = (length + 2 * padding - span) // stride + 1
    out = np.empty((n, out_channels, out_length))
    for t in range(out_length):
        start = t * stride
        taps = padded[:, :, start : start + span : dilation]  # (N, C, k)
        out[:, :, t] = np.einsum("nca,oca->no", taps, weight)
    if bias is not None:
        out += bias[None, :, None]
    return out


def oracle(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> np.ndarray:
    """torch.nn.functional.conv1d; its RuntimeError for impossible shapes becomes ValueError."""
    import torch
    import torch.nn.functional as F

    bias_t = None if bias is None else torch.from_numpy(bias)
    try:
        out = F.conv1d(
            torch.from_numpy(x),
            torch.from_numpy(weight),
            bias_t,
            stride=stride,
            padding=padding,
            dilation=dilation,
        )
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return out.numpy()


def edge_cases() -> list[Case]:
    """Fixed cases: zero weights (only the bias), an identity kernel, no flipping, channels,
    stride, padding, dilation, a kernel that just fits, and kernels too long (undilated and
    dilated)."""
    rng = np.random.default_rng(37)
    ramp = np.arange(8, dtype=np.float64).reshape(1, 1, 8)
    difference = np.array([[[-1.0, 0.0, 1.0]]])  # x[t + 2] - x[t]: a slope detector
    impulse = np.zeros((1, 1, 7))
    impulse[0, 0, 3] = 1.0
    return [
        Case(
            "zero weights and bias (1.5, -2): every output is the bias of its channel",
            (ramp, np.zeros((2, 1, 3)), np.array([1.5, -2.0])),
        ),
        Case("a 1-tap kernel (1.0), no bias: y = x", (ramp, np.ones((1, 1, 1)), None)),
        Case(
            "an impulse and an asymmetric kernel (1, 2, 3): cross-correlation, no flipping",
            (impulse, np.array([[[1.0, 2.0, 3.0]]]), None),
            {"padding": 1},
        ),
        Case(
            "a ramp 0..7 and the kernel (-1, 0, 1): every output is +2 (flipped gives -2)",
            (ramp, difference, np.zeros(1)),
        ),
        Case(
            "4 input channels summed into 3 output channels, with a bias (N=2)",
            (rng.normal(size=(2, 4, 10)), rng.normal(size=(3, 4, 3)), np.array([1.0, 0.0, -1.0])),
        ),
        Case(
            "stride 2: 5 windows, starting at 0, 2, 4, 6 and 8",
            (rng.normal(size=(1, 2, 11)), rng.normal(size=(2, 2, 3)), rng.normal(size=2)),
            {"stride": 2},
        ),
        Case(
            "stride 3 that does not divide (10 - 2): the last partial window is dropped",
            (rng.normal(size=(1, 1, 10)), rng.normal(size=(1, 1, 2)), rng.normal(size=1)),
            {"stride": 3},
        ),
        Case(
            "padding 2 puts two zeros at both ends",
            (ramp, np.array([[[1.0, -2.0, 0.5]]]), np.array([0.25])),
            {"padding": 2},
        ),
        Case(
            "dilation 2: the taps are 2 apart, so a 3-tap kernel spans 5 inputs",
            (ramp, np.array([[[1.0, 10.0, 100.0]]]), None),
            {"dilation": 2},
        ),
        Case(
            "dilation 4 with padding 4 keeps the length (a WaveNet-style layer)",
            (rng.normal(size=(2, 3, 12)), rng.normal(size=(2, 3, 3)), rng.normal(size=2)),
            {"padding": 4, "dilation": 4},
        ),
        Case(
            "dilation 2, stride 2 and padding 1 together",
            (rng.normal(size=(1, 2, 13)), rng.normal(size=(3, 2, 4)), rng.normal(size=3)),
            {"stride": 2, "padding": 1, "dilation": 2},
        ),
        Case(
            "kernel size 1: a per-position linear map over channels",
            (rng.normal(size=(2, 3, 5)), rng.normal(size=(4, 3, 1)), rng.normal(size=4)),
        ),
        Case(
            "a 3-tap kernel with dilation 3 spans 7 = 5 inputs + 2 zeros of padding: one output",
            (rng.normal(size=(1, 2, 5)), rng.normal(size=(2, 2, 3)), rng.normal(size=2)),
            {"padding": 1, "dilation": 3},
        ),
        Case(
            "a 4-tap kernel on 3 inputs: one step too long, ValueError (not an empty output)",
            (rng.normal(size=(1, 1, 3)), rng.normal(size=(1, 1, 4)), np.zeros(1)),
            raises="ValueError",
        ),
        Case(
            "a 3-tap kernel with dilation 3 spans 7 > 6 inputs: ValueError",
            (rng.normal(size=(1, 1, 6)), rng.normal(size=(1, 1, 3)), None),
            {"dilation": 3},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes, strides, paddings and dilations."""
    n, channels, out_channels = (int(v) for v in rng.integers(1, 4, size=3))
    k = int(rng.integers(1, 5))
    stride, padding, dilation = (
        int(rng.integers(1, 4)),
        int(rng.integers(0, 4)),
        int(rng.integers(1, 4)),
    )
    span = dilation * (k - 1) + 1
    length = int(rng.integers(max(1, span - 2 * padding), span + 15))
    x = rng.normal(size=(n, channels, length))
    weight = rng.normal(size=(out_channels, channels, k))
    bias = rng.normal(size=out_channels) if rng.random() < 0.85 else None
    name = (
        f"random #{index}: x {x.shape}, weight {weight.shape}, stride {stride}, "
        f"padding {padding}, dilation {dilation}" + (", no bias" if bias is None else "")
    )
    return Case(
        name, (x, weight, bias), {"stride": stride, "padding": padding, "dilation": dilation}
    )
