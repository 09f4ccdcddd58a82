"""Reference for `conv2d_forward`: a 2-D convolution layer's forward pass, as F.conv2d computes
it (cross-correlation: the kernel is not flipped)."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, tuple | list):
        height, width = value
        return int(height), int(width)
    return int(value), int(value)


def reference(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: Any = 1,
    padding: Any = 0,
) -> np.ndarray:
    """out[n, o, i, j] = bias[o] + sum over c, a, b of
    weight[o, c, a, b] * x_padded[n, c, i*sh + a, j*sw + b]."""
    n, channels, height, width = x.shape
    out_channels, weight_channels, kh, kw = weight.shape
    if weight_channels != channels:
        raise ValueError(f"weight expects {weight_channels} input channels, x has {channels}")
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    padded = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))  # zeros on each side
    if padded.shape[2] < kh or padded.shape[3] < kw:
        raise ValueError("the kernel is larger than the padded input")
    out_h = (height + 2 * ph - kh) // sh + 1
    out_w = (width + 2 * pw - kw) // sw + 1
    out = np.empty((n, out_channels, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = padded[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]  # (N, C, kh, kw)
            out[:, :, i, j] = np.einsum("ncab,ocab->no", window, weight)
    if bias is not None:
        out += bias[None, :, None, None]
    return out


def oracle(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: Any = 1,
    padding: Any = 0,
) -> np.ndarray:
    """torch.nn.functional.conv2d; its RuntimeError for impossible shapes becomes ValueError."""
    import torch
    import torch.nn.functional as F

    bias_t = None if bias is None else torch.from_numpy(bias)
    try:
        out = F.conv2d(
            torch.from_numpy(x),
            torch.from_numpy(weight),
            bias_t,
            stride=_pair(stride),
            padding=_pair(padding),
        )
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return out.numpy()


def _arrays(*values: Any) -> tuple[np.ndarray, ...]:
    return tuple(np.array(v, dtype=np.float64) for v in values)


def edge_cases() -> list[Case]:
    """Fixed cases: zero weights (only the bias), an identity kernel, an asymmetric kernel (no
    flipping), channels, bias, stride, padding, pairs, and kernels that do not fit (too tall and
    wide, or too wide only)."""
    rng = np.random.default_rng(36)
    image = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    asymmetric = _arrays([[[[1, 2, 0], [0, -1, 0], [0, 0, 3]]]])[0]
    corner = np.zeros((1, 1, 5, 5))
    corner[0, 0, 2, 2] = 1.0  # an impulse: the output shows the kernel (flipped if convolved)
    return [
        Case(
            "zero weights and bias (1.5, -2): every output is the bias of its channel",
            (image, np.zeros((2, 1, 2, 2)), np.array([1.5, -2.0])),
        ),
        Case(
            "a 1x1 identity kernel, no bias: y = x",
            (image, np.ones((1, 1, 1, 1)), None),
        ),
        Case(
            "an impulse image and an asymmetric 3x3 kernel: cross-correlation, no flipping",
            (corner, asymmetric, np.zeros(1)),
            {"padding": 1},
        ),
        Case(
            "a 4x4 ramp, asymmetric kernel, no padding: 2x2 output",
            (image, asymmetric, np.array([0.5])),
        ),
        Case(
            "3 input channels are summed into each of 2 output channels, plus the bias",
            (rng.normal(size=(2, 3, 5, 6)), rng.normal(size=(2, 3, 3, 3)), np.array([1.0, -2.0])),
        ),
        Case(
            "stride 2: windows start at 0, 2, 4, ...",
            (rng.normal(size=(1, 2, 7, 7)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)),
            {"stride": 2},
        ),
        Case(
            "stride 2 that does not divide evenly (8 - 3): the last partial window is dropped",
            (rng.normal(size=(1, 1, 8, 8)), rng.normal(size=(1, 1, 3, 3)), np.zeros(1)),
            {"stride": 2},
        ),
        Case(
            "padding 1 adds zeros on every side (top, bottom, left and right)",
            (image, asymmetric, np.zeros(1)),
            {"padding": 1},
        ),
        Case(
            "stride (1, 2) and padding (2, 0) as (height, width) pairs on a non-square input",
            (rng.normal(size=(2, 2, 6, 9)), rng.normal(size=(2, 2, 3, 2)), rng.normal(size=2)),
            {"stride": (1, 2), "padding": (2, 0)},
        ),
        Case(
            "stride (2, 1): the height is strided, the width is not",
            (rng.normal(size=(1, 1, 7, 5)), rng.normal(size=(1, 1, 2, 2)), rng.normal(size=1)),
            {"stride": (2, 1), "padding": (1, 1)},
        ),
        Case(
            "bias=None: no bias is added",
            (rng.normal(size=(1, 2, 4, 4)), rng.normal(size=(3, 2, 2, 2)), None),
        ),
        Case(
            "a 1x1 kernel mixes channels pixel by pixel",
            (rng.normal(size=(2, 4, 3, 3)), rng.normal(size=(5, 4, 1, 1)), rng.normal(size=5)),
        ),
        Case(
            "kernel as large as the input: one output pixel per channel",
            (rng.normal(size=(3, 1, 4, 5)), rng.normal(size=(2, 1, 4, 5)), rng.normal(size=2)),
        ),
        Case(
            "a 5x5 kernel on a 3x3 input with padding 1 (5x5 padded): fits, one output pixel",
            (rng.normal(size=(1, 1, 3, 3)), rng.normal(size=(1, 1, 5, 5)), np.zeros(1)),
            {"padding": 1},
        ),
        Case(
            "a 4x4 kernel on a 3x3 input: one row and column too big, ValueError (no empty output)",
            (rng.normal(size=(1, 1, 3, 3)), rng.normal(size=(1, 1, 4, 4)), np.zeros(1)),
            raises="ValueError",
        ),
        Case(
            "a 3x4 kernel on a 5x3 input: it fits the height but not the width, ValueError",
            (rng.normal(size=(1, 1, 5, 3)), rng.normal(size=(1, 1, 3, 4)), np.zeros(1)),
            raises="ValueError",
        ),
        Case(
            "a 5x5 kernel on a 3x3 input without padding: ValueError",
            (rng.normal(size=(1, 1, 3, 3)), rng.normal(size=(1, 1, 5, 5)), np.zeros(1)),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes, kernel sizes, strides and paddings (ints or pairs)."""

    def int_or_pair(low: int, high: int) -> int | tuple[int, int]:
        if rng.random() < 0.5:
            return int(rng.integers(low, high + 1))
        return int(rng.integers(low, high + 1)), int(rng.integers(low, high + 1))

    n, channels, out_channels = (int(v) for v in rng.integers(1, 4, size=3))
    kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
    stride, padding = int_or_pair(1, 3), int_or_pair(0, 2)
    height = int(rng.integers(max(1, kh - 2 * _pair(padding)[0]), 10))
    width = int(rng.integers(max(1, kw - 2 * _pair(padding)[1]), 10))
    x = rng.normal(size=(n, channels, height, width))
    weight = rng.normal(size=(out_channels, channels, kh, kw))
    bias = rng.normal(size=out_channels) if rng.random() < 0.85 else None
    name = (
        f"random #{index}: x {x.shape}, weight {weight.shape}, stride {stride}, "
        f"padding {padding}" + (", no bias" if bias is None else "")
    )
    return Case(name, (x, weight, bias), {"stride": stride, "padding": padding})
