"""Reference for `conv_transpose1d`: a 1-D transposed convolution, as
`torch.nn.functional.conv_transpose1d` (no groups, dilation 1).

Every input sample x[n, c, j] scatters a copy of the kernel, weight[c, o, :] scaled by it, into
the output starting at position j * stride; overlapping copies add up. `padding` then crops that
many positions from each end, and `output_padding` keeps extra positions at the end:

    L_out = (L - 1) * stride - 2 * padding + (k - 1) + output_padding + 1
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def output_length(length: int, kernel: int, stride: int, padding: int, output_padding: int) -> int:
    """(L - 1) s - 2p + (k - 1) + output_padding + 1."""
    return (length - 1) * stride - 2 * padding + (kernel - 1) + output_padding + 1


def reference(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
) -> np.ndarray:
    """The output (N, O, L_out) for x (N, C, L), weight (C, O, k) and bias (O,)."""
    if not 0 <= output_padding < stride:
        raise ValueError("output_padding must be smaller than stride")
    N, _, L = x.shape
    _, C_out, k = weight.shape
    L_out = output_length(L, k, stride, padding, output_padding)
    if L_out < 1:
        raise ValueError(f"the output would have length {L_out}")
    full = np.zeros((N, C_out, (L - 1) * stride + k + output_padding))
    for j in range(L):  # scatter: sample j adds x[:, :, j] times the kernel at j * stride
        full[:, :, j * stride : j * stride + k] += np.einsum("nc,cok->nok", x[:, :, j], weight)
    return full[:, :, padding : padding + L_out] + bias[None, :, None]


def oracle(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
) -> np.ndarray:
    """torch.nn.functional.conv_transpose1d in float64; its RuntimeError becomes ValueError."""
    import torch
    import torch.nn.functional as F

    try:
        out = F.conv_transpose1d(
            torch.from_numpy(x),
            torch.from_numpy(weight),
            torch.from_numpy(bias),
            stride=stride,
            padding=padding,
            output_padding=output_padding,
        )
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return out.numpy().copy()


def _case(
    name: str,
    rng: np.random.Generator,
    N: int,
    C: int,
    C_out: int,
    L: int,
    k: int,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    raises: str | None = None,
) -> Case:
    """Gaussian input, weights and bias; stride, padding and output_padding as keywords."""
    args = (rng.normal(size=(N, C, L)), rng.normal(size=(C, C_out, k)), rng.normal(size=C_out))
    kwargs = {"stride": stride, "padding": padding, "output_padding": output_padding}
    return Case(name, args, kwargs, raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: the scatter, stride, padding, output_padding, channel layout, errors."""
    rng = np.random.default_rng(44)
    x = rng.normal(size=(2, 3, 4))
    return [
        Case(
            "zero weights, non-zero bias: every output is the bias (L_out = L + k - 1 = 6)",
            (x, np.zeros((3, 2, 3)), np.array([0.5, -1.5])),
            {"stride": 1, "padding": 0, "output_padding": 0},
        ),
        Case(
            "kernel 1, stride 1, weight = identity (C = O = 3): the output is x + bias",
            (x, np.eye(3)[:, :, None], np.array([1.0, 0.0, -1.0])),
            {"stride": 1, "padding": 0, "output_padding": 0},
        ),
        _case(
            "stride 1, no padding, one channel: a full convolution, L + k - 1 long",
            rng,
            1,
            1,
            1,
            5,
            3,
        ),
        _case("3 input channels, 2 output channels: weight is (in, out, k)", rng, 2, 3, 2, 4, 3),
        _case(
            "stride 2, kernel 2: copies of the kernel side by side, no overlap",
            rng,
            2,
            2,
            3,
            4,
            2,
            stride=2,
        ),
        _case(
            "stride 2, kernel 3: neighbouring copies overlap and add up",
            rng,
            1,
            2,
            2,
            5,
            3,
            stride=2,
        ),
        _case("stride 3, kernel 1: zeros between the input samples", rng, 2, 1, 2, 4, 1, stride=3),
        _case(
            "padding 1 crops one output from each end (it shrinks the output)",
            rng,
            2,
            2,
            3,
            6,
            4,
            padding=1,
        ),
        _case(
            "stride 2, output_padding 1: one extra output at the end",
            rng,
            1,
            2,
            2,
            5,
            3,
            stride=2,
            output_padding=1,
        ),
        _case(
            "stride 3, padding 2, output_padding 2: all three settings at once",
            rng,
            2,
            3,
            4,
            5,
            5,
            stride=3,
            padding=2,
            output_padding=2,
        ),
        _case(
            "output_padding 1 with stride 1 (output_padding = stride): must raise ValueError",
            rng,
            1,
            1,
            1,
            3,
            2,
            stride=1,
            output_padding=1,
            raises="ValueError",
        ),
        _case(
            "output_padding 3 with stride 2 (output_padding > stride): must raise ValueError",
            rng,
            1,
            2,
            1,
            3,
            3,
            stride=2,
            output_padding=3,
            raises="ValueError",
        ),
        _case(
            "output_padding 2 with stride 2: must raise ValueError",
            rng,
            1,
            1,
            1,
            4,
            3,
            stride=2,
            output_padding=2,
            raises="ValueError",
        ),
        _case(
            "padding so large that nothing is left (L_out = 0): must raise ValueError",
            rng,
            1,
            1,
            1,
            2,
            1,
            padding=1,
            raises="ValueError",
        ),
        _case(
            "L=1, k=1, padding 1: L_out = -1 < 1, must raise ValueError",
            rng,
            1,
            1,
            1,
            1,
            1,
            padding=1,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes, stride 1 to 3, padding that leaves an output, and output_padding < stride."""
    N = int(rng.integers(1, 5))
    C = int(rng.integers(1, 5))
    C_out = int(rng.integers(1, 5))
    L = int(rng.integers(1, 9))
    k = int(rng.integers(1, 6))
    stride = int(rng.integers(1, 4))
    output_padding = int(rng.integers(0, stride))
    most = ((L - 1) * stride + (k - 1) + output_padding) // 2  # keeps L_out >= 1
    padding = int(rng.integers(0, min(most, 3) + 1))
    name = (
        f"random #{index}: N={N}, C={C}, O={C_out}, L={L}, k={k}, stride={stride}, "
        f"padding={padding}, output_padding={output_padding}"
    )
    return _case(name, rng, N, C, C_out, L, k, stride, padding, output_padding)
