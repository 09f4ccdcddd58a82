"""Reference for `conv2d_output_shape`: the spatial size of a 2-D convolution's output."""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, tuple | list):
        height, width = value
        return int(height), int(width)
    return int(value), int(value)


def _one_dim(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """floor((n + 2p - d(k - 1) - 1) / s) + 1, the formula in torch.nn.Conv2d's docs."""
    span = dilation * (kernel - 1) + 1  # the dilated kernel's extent
    if size + 2 * padding < span:
        raise ValueError(f"the dilated kernel ({span}) is larger than the padded input")
    return (size + 2 * padding - span) // stride + 1


def reference(
    input_size: Any, kernel_size: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1
) -> tuple[int, int]:
    """Output (height, width); padding "valid" is 0, "same" keeps the size (stride 1 only)."""
    sizes, kernels, strides, dilations = map(_pair, (input_size, kernel_size, stride, dilation))
    if padding == "same":
        if strides != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        return sizes
    paddings = (0, 0) if padding == "valid" else _pair(padding)
    height, width = (
        _one_dim(*per_dim)
        for per_dim in zip(sizes, kernels, strides, paddings, dilations, strict=True)
    )
    return height, width


def oracle(
    input_size: Any, kernel_size: Any, stride: Any = 1, padding: Any = 0, dilation: Any = 1
) -> tuple[int, int]:
    """The shape torch.nn.functional.conv2d gives on a zeros tensor.

    F.conv2d raises RuntimeError where nn.Conv2d raises ValueError; the exercise follows
    nn.Conv2d, so RuntimeError becomes ValueError here.
    """
    import warnings

    import torch
    import torch.nn.functional as F

    height, width = _pair(input_size)
    kernel = torch.zeros(1, 1, *_pair(kernel_size), dtype=torch.float64)
    image = torch.zeros(1, 1, height, width, dtype=torch.float64)
    if isinstance(padding, tuple | list):
        padding = _pair(padding)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "same" with even kernels warns about a copy
            output = F.conv2d(
                image, kernel, stride=_pair(stride), padding=padding, dilation=_pair(dilation)
            )
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return int(output.shape[-2]), int(output.shape[-1])


def edge_cases() -> list[Case]:
    """Fixed cases: the floor, dilation, padding forms, non-square shapes, "same" and its limits
    (a stride in either dimension), and kernels that do not fit (in either dimension, with and
    without dilation) or fit only thanks to padding."""
    return [
        Case("a 1x1 kernel on a 1x1 input: 1x1", (1, 1)),
        Case("32x32 input, 3x3 kernel, no padding: 30x30", ((32, 32), 3)),
        Case("padding 1 keeps a 3x3 convolution's size", (28, 3), {"padding": 1}),
        Case("stride 2 that does not divide 8 - 3 (needs the floor)", (8, 3), {"stride": 2}),
        Case(
            "stride 3 leaving a remainder of 1 (floor, not round or ceil)",
            (11, 3),
            {"stride": 3, "padding": 1},
        ),
        Case(
            "non-square input (28x20) and non-square kernel (3x5)",
            ((28, 20), (3, 5)),
            {"padding": (1, 0)},
        ),
        Case("dilation 2: a 3x3 kernel spans 5x5", (32, 3), {"dilation": 2}),
        Case(
            "dilation 3 with padding 2 and stride 2",
            ((33, 17), 3),
            {"stride": 2, "padding": 2, "dilation": 3},
        ),
        Case("kernel as large as the input: 1x1 output", ((7, 9), (7, 9))),
        Case("padding given as a pair (1, 2)", ((10, 10), 3), {"padding": (1, 2)}),
        Case(
            "stride given as a pair (2, 3) on a non-square input", ((21, 30), 4), {"stride": (2, 3)}
        ),
        Case("padding='valid' means no padding", ((15, 12), (4, 2)), {"padding": "valid"}),
        Case("padding='same' keeps the size", ((15, 12), 5), {"padding": "same"}),
        Case(
            "padding='same' with an even kernel (4x4) still keeps the size",
            (9, 4),
            {"padding": "same"},
        ),
        Case(
            "padding='same' with dilation 2 still keeps the size",
            ((16, 11), (3, 2)),
            {"padding": "same", "dilation": 2},
        ),
        Case(
            "padding='same' with stride 2: PyTorch refuses (ValueError)",
            (16, 3),
            {"stride": 2, "padding": "same"},
            raises="ValueError",
        ),
        Case(
            "padding='same' with stride (1, 2): the width is strided, ValueError",
            ((16, 12), 3),
            {"stride": (1, 2), "padding": "same"},
            raises="ValueError",
        ),
        Case(
            "padding='same' with stride (2, 1): the height is strided, ValueError",
            ((16, 12), 3),
            {"stride": (2, 1), "padding": "same"},
            raises="ValueError",
        ),
        Case(
            "padding='same' with the stride given as the pair (1, 1): allowed",
            ((10, 7), (3, 4)),
            {"stride": (1, 1), "padding": "same"},
        ),
        Case("1x1 kernel with stride 2 on an odd size", ((7, 5), 1), {"stride": 2}),
        Case(
            "a 5x5 kernel on a 3x3 input with padding 1: fits exactly, 1x1",
            (3, 5),
            {"padding": 1},
        ),
        Case(
            "a 7x7 kernel on a 3x3 input: no output, ValueError (not a size of -3)",
            (3, 7),
            raises="ValueError",
        ),
        Case(
            "a 3x3 kernel with dilation 3 spans 7 > 6: ValueError (not a size of 0)",
            (6, 3),
            {"dilation": 3},
            raises="ValueError",
        ),
        Case(
            "input (7, 4), kernel (3, 5): it fits the height but not the width, ValueError",
            ((7, 4), (3, 5)),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes and hyper-parameters (ints or pairs, sometimes "valid"/"same")."""

    def int_or_pair(low: int, high: int) -> int | tuple[int, int]:
        if rng.random() < 0.5:
            return int(rng.integers(low, high + 1))
        return int(rng.integers(low, high + 1)), int(rng.integers(low, high + 1))

    kernel = int_or_pair(1, 7)
    dilation = int_or_pair(1, 3)
    mode = rng.random()
    if mode < 0.15:
        stride: int | tuple[int, int] = 1
        padding: Any = "same"
    elif mode < 0.25:
        stride, padding = int_or_pair(1, 4), "valid"
    else:
        stride, padding = int_or_pair(1, 4), int_or_pair(0, 3)
    spans = [d * (k - 1) + 1 for k, d in zip(_pair(kernel), _pair(dilation), strict=True)]
    input_size: int | tuple[int, int] = (
        int(rng.integers(spans[0], spans[0] + 40)),
        int(rng.integers(spans[1], spans[1] + 40)),
    )
    if spans[0] == spans[1] and rng.random() < 0.3:
        input_size = input_size[0]
    kwargs: dict[str, Any] = {"stride": stride, "padding": padding, "dilation": dilation}
    name = (
        f"random #{index}: input {input_size}, kernel {kernel}, stride {stride}, "
        f"padding {padding!r}, dilation {dilation}"
    )
    return Case(name, (input_size, kernel), kwargs)
