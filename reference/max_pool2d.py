"""Reference for `max_pool2d`: the maximum over each kernel window of each channel, with the
border padded by -inf (padding never wins a max), as torch.nn.functional.max_pool2d does."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, tuple | list):
        height, width = value
        return int(height), int(width)
    return int(value), int(value)


def reference(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0) -> np.ndarray:
    """(N, C, H, W) -> (N, C, H_out, W_out) with H_out = (H + 2p - k) // s + 1 (floor)."""
    kernel = _pair(kernel_size)
    strides = kernel if stride is None else _pair(stride)  # the default stride is the kernel
    pads = _pair(padding)
    if any(2 * p > k for p, k in zip(pads, kernel, strict=True)):
        raise ValueError(f"padding {pads} is more than half the kernel {kernel}")
    n, c, height, width = x.shape
    padded = np.full((n, c, height + 2 * pads[0], width + 2 * pads[1]), -np.inf)
    padded[:, :, pads[0] : pads[0] + height, pads[1] : pads[1] + width] = x
    out_h, out_w = (
        (size - k) // s + 1 for size, k, s in zip(padded.shape[2:], kernel, strides, strict=True)
    )
    if out_h < 1 or out_w < 1:
        raise ValueError(f"the kernel {kernel} does not fit in the padded input")
    out = np.empty((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * strides[0], j * strides[1]
            window = padded[:, :, top : top + kernel[0], left : left + kernel[1]]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out


def oracle(x: np.ndarray, kernel_size: Any, stride: Any = None, padding: Any = 0) -> np.ndarray:
    """torch.nn.functional.max_pool2d; its RuntimeError becomes ValueError."""
    import torch
    import torch.nn.functional as F

    try:
        pooled = F.max_pool2d(torch.from_numpy(x), kernel_size, stride, padding)
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return pooled.numpy()


def _grid(n: int, c: int, h: int, w: int, offset: float = 0.0) -> np.ndarray:
    """Distinct values that are hard to confuse: a scrambled ramp."""
    values = (np.arange(n * c * h * w) * 7919 % 101).astype(np.float64)
    return values.reshape(n, c, h, w) + offset


def edge_cases() -> list[Case]:
    """Fixed cases: one window, a 1x1 kernel, the default stride, -inf padding on negative
    maps, floor of a partial window, overlapping pooling, non-square kernels, batch and
    channels, padding of half the kernel (allowed) and more (refused, in height or width), and
    kernels that do not fit in the padded map (refused, in height or width)."""
    return [
        Case(
            "a single 2x2 map, kernel 2: one output, the largest of the four values",
            (np.array([[[[1.0, -3.0], [4.0, 2.0]]]]), 2),
        ),
        Case("1x1 kernel, stride 1: the output is x", (_grid(1, 1, 3, 3), 1), {"stride": 1}),
        Case("2x2 kernel, stride omitted (defaults to the kernel size)", (_grid(1, 1, 4, 6), 2)),
        Case(
            "all values negative with padding 1: the padding must not win the max",
            (_grid(1, 2, 4, 4, offset=-200.0), 2),
            {"stride": 2, "padding": 1},
        ),
        Case(
            "7x7 map, 2x2 kernel: the last row and column do not fit a window (floor)",
            (_grid(1, 1, 7, 7), 2),
        ),
        Case(
            "overlapping pooling: 3x3 kernel, stride 2 (AlexNet)",
            (_grid(1, 1, 7, 9), 3),
            {"stride": 2},
        ),
        Case(
            "non-square kernel (2, 3) on a 6x9 map, stride omitted",
            (_grid(1, 1, 6, 9), (2, 3)),
        ),
        Case(
            "batch of 2 and 3 channels pooled separately",
            (_grid(2, 3, 4, 4), 2),
            {"stride": 1},
        ),
        Case(
            "stride (1, 2) and padding (1, 0) given as pairs",
            (_grid(1, 2, 5, 6, offset=-50.0), (3, 2)),
            {"stride": (1, 2), "padding": (1, 0)},
        ),
        Case("1x1 kernel with stride 2: subsampling", (_grid(1, 1, 5, 5), 1), {"stride": 2}),
        Case("kernel as large as the map: global max pooling", (_grid(2, 2, 3, 5), (3, 5))),
        Case(
            "padding exactly half the kernel (kernel 2, padding 1) is allowed",
            (_grid(1, 1, 4, 5, offset=-50.0), 2),
            {"padding": 1},
        ),
        Case(
            "padding larger than half the kernel (3 > 4/2): ValueError",
            (_grid(1, 1, 6, 6), 4),
            {"padding": 3},
            raises="ValueError",
        ),
        Case(
            "kernel (3, 2), padding (1, 2): the width's padding 2 > 2/2, ValueError",
            (_grid(1, 1, 5, 5), (3, 2)),
            {"padding": (1, 2)},
            raises="ValueError",
        ),
        Case(
            "kernel 4 on a 3x6 map, no padding: the kernel is taller than the map, ValueError "
            "(not an empty output)",
            (_grid(1, 1, 3, 6), 4),
            raises="ValueError",
        ),
        Case(
            "kernel (2, 5), padding (0, 1) on a 4x2 map: 5 > 2 + 2 columns, ValueError",
            (_grid(1, 1, 4, 2), (2, 5)),
            {"padding": (0, 1)},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random maps, kernels (ints or pairs), strides (sometimes omitted) and valid paddings."""

    def int_or_pair(low: int, high: int) -> int | tuple[int, int]:
        if rng.random() < 0.6:
            return int(rng.integers(low, high + 1))
        return int(rng.integers(low, high + 1)), int(rng.integers(low, high + 1))

    kernel = int_or_pair(1, 4)
    kh, kw = _pair(kernel)
    stride = None if rng.random() < 0.3 else int_or_pair(1, 3)
    padding: int | tuple[int, int] = (
        int(rng.integers(0, kh // 2 + 1)),
        int(rng.integers(0, kw // 2 + 1)),
    )
    if padding[0] == padding[1]:
        padding = padding[0]
    shape = (
        int(rng.integers(1, 3)),
        int(rng.integers(1, 4)),
        int(rng.integers(kh, kh + 8)),
        int(rng.integers(kw, kw + 8)),
    )
    x = rng.standard_normal(shape) - float(rng.random() < 0.3) * 5.0  # sometimes all negative
    kwargs: dict[str, Any] = {"stride": stride, "padding": padding}
    return Case(
        f"random #{index}: input {shape}, kernel {kernel}, stride {stride}, padding {padding}",
        (x, kernel),
        kwargs,
    )
