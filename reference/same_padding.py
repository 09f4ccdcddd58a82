"""Reference for `same_padding`: the (left, right) zeros of "same" padding along one dimension.

At stride 1 this is PyTorch's padding="same": total d(k - 1), the odd pixel on the right. With a
stride PyTorch refuses "same"; this exercise then follows TensorFlow's "SAME" (what timm's
Conv2dSame ports): the least padding that gives ceil(n / s) outputs, split the same way. That
padding depends on the input size n, so a stride > 1 needs `input_size`.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    kernel: int, stride: int = 1, dilation: int = 1, input_size: int | None = None
) -> tuple[int, int]:
    """(left, right) padding so a convolution gives n outputs (stride 1) or ceil(n/s) (stride s)."""
    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("kernel, stride, dilation and input_size must be positive")
    span = dilation * (kernel - 1) + 1  # the dilated kernel's extent
    if stride == 1:
        total = span - 1
    elif input_size is None:
        raise ValueError("'same' padding with a stride depends on the input size")
    else:
        outputs = -(-input_size // stride)  # ceil(n / s)
        total = max((outputs - 1) * stride + span - input_size, 0)  # the last window must fit
    left = total // 2
    return left, total - left  # the odd pixel goes on the right (end)


def oracle(
    kernel: int, stride: int = 1, dilation: int = 1, input_size: int | None = None
) -> tuple[int, int]:
    """Found with PyTorch: at stride 1, the F.pad split that reproduces F.conv1d(padding="same");
    with a stride, the least total padding for which F.conv1d gives ceil(n / s) outputs."""
    import warnings

    import torch
    import torch.nn.functional as F

    if kernel < 1 or stride < 1 or dilation < 1 or (input_size is not None and input_size < 1):
        raise ValueError("kernel, stride, dilation and input_size must be positive")
    generator = torch.Generator().manual_seed(0)
    weight = torch.randn(1, 1, kernel, dtype=torch.float64, generator=generator)
    span = dilation * (kernel - 1) + 1
    if stride == 1:
        length = input_size or 2 * span + 3
        x = torch.randn(1, 1, length, dtype=torch.float64, generator=generator)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # even kernels warn about a padded copy
            same = F.conv1d(x, weight, padding="same", dilation=dilation)
        for left in range(span):
            padded = F.pad(x, (left, span - 1 - left))
            if torch.allclose(F.conv1d(padded, weight, dilation=dilation), same):
                return left, span - 1 - left
        raise AssertionError("no split reproduces padding='same'")
    if input_size is None:
        try:  # PyTorch refuses a strided "same" convolution: ValueError
            torch.nn.Conv1d(1, 1, kernel, stride=stride, padding="same", dilation=dilation)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        raise AssertionError("PyTorch accepted a strided padding='same'")
    x = torch.zeros(1, 1, input_size, dtype=torch.float64)
    wanted = -(-input_size // stride)
    for total in range(span + stride):
        if input_size + total < span:
            continue
        padded = F.pad(x, (total // 2, total - total // 2))
        if F.conv1d(padded, weight, stride=stride, dilation=dilation).shape[-1] == wanted:
            return total // 2, total - total // 2
    raise AssertionError("no padding gives ceil(n / s) outputs")


def edge_cases() -> list[Case]:
    """Fixed cases: odd and even kernels, dilation, stride 1 (PyTorch), strides (TensorFlow),
    and every argument that must raise: no input_size with a stride, and each one below 1."""
    return [
        Case("3-tap kernel, stride 1: one zero on each side", (3,)),
        Case("even kernel (4) at stride 1: total 3, the extra zero on the right", (4,)),
        Case("2-tap kernel at stride 1: (0, 1), not (1, 1)", (2,)),
        Case("1-tap kernel: no padding at all", (1,)),
        Case("3-tap kernel, dilation 2: spans 5, so 2 zeros on each side", (3,), {"dilation": 2}),
        Case("2-tap kernel, dilation 3: spans 4, total 3 split (1, 2)", (2,), {"dilation": 3}),
        Case("stride 1 ignores input_size: a 5-tap kernel pads (2, 2)", (5,), {"input_size": 10}),
        Case(
            "TF 'SAME' 3-tap, stride 2, n = 224 (EfficientNet's stem): (0, 1), not (1, 1)",
            (3,),
            {"stride": 2, "input_size": 224},
        ),
        Case("3-tap, stride 2, odd n = 7: (1, 1)", (3,), {"stride": 2, "input_size": 7}),
        Case(
            "1-tap, stride 2, n = 8: the padding would be -1, so it is 0 (max with 0)",
            (1,),
            {"stride": 2, "input_size": 8},
        ),
        Case(
            "7-tap, stride 4, n = 224: total 3, split (1, 2)",
            (7,),
            {"stride": 4, "input_size": 224},
        ),
        Case(
            "3-tap, dilation 2, stride 2, n = 10: total 3, split (1, 2)",
            (3,),
            {"stride": 2, "dilation": 2, "input_size": 10},
        ),
        Case(
            "stride 2 and no input_size: the padding depends on n, ValueError",
            (3,),
            {"stride": 2},
            raises="ValueError",
        ),
        Case("kernel 0 is below 1: ValueError", (0,), raises="ValueError"),
        Case(
            "stride 0 is below 1: ValueError",
            (3,),
            {"stride": 0, "input_size": 10},
            raises="ValueError",
        ),
        Case("stride -2 is below 1: ValueError", (3,), {"stride": -2}, raises="ValueError"),
        Case("dilation 0 is below 1: ValueError", (3,), {"dilation": 0}, raises="ValueError"),
        Case(
            "input_size 0 with stride 2: ValueError",
            (3,),
            {"stride": 2, "input_size": 0},
            raises="ValueError",
        ),
        Case(
            "input_size 0 at stride 1 (where it is not used): still ValueError",
            (3,),
            {"input_size": 0},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random kernel, dilation and stride; an input size whenever the stride is above 1."""
    kernel = int(rng.integers(1, 9))
    dilation = int(rng.integers(1, 4))
    stride = 1 if rng.random() < 0.3 else int(rng.integers(2, 5))
    input_size = int(rng.integers(1, 65)) if stride > 1 or rng.random() < 0.5 else None
    kwargs: dict[str, int | None] = {"stride": stride, "dilation": dilation}
    if input_size is not None:
        kwargs["input_size"] = input_size
    return Case(
        f"random #{index}: kernel {kernel}, stride {stride}, dilation {dilation}, "
        f"input_size {input_size}",
        (kernel,),
        kwargs,
    )
