"""Reference for `quantize_dequantize`: int8 quantisation of a weight tensor, symmetric (int8 in
[-127, 127], zero-point 0) or asymmetric (uint8 in [0, 255] with a zero-point), per tensor or
per channel, rounding half to even; then the dequantised tensor and its largest error."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

EPS = 2.0**-23
"""The smallest scale, torch.finfo(torch.float32).eps, as PyTorch's observers clamp it."""


def _check(W: np.ndarray, scheme: str, axis: int | None) -> None:
    if scheme not in ("symmetric", "asymmetric"):
        raise ValueError(f"scheme must be 'symmetric' or 'asymmetric', got {scheme!r}")
    if axis is not None and not 0 <= axis < W.ndim:
        raise ValueError(f"axis must be None or in [0, {W.ndim}), got {axis}")


def reference(W, scheme, axis):
    """Scales and zero-points from each channel's range, then round, clamp and dequantise."""
    _check(W, scheme, axis)
    reduce = None if axis is None else tuple(i for i in range(W.ndim) if i != axis)
    if scheme == "symmetric":
        scale = np.maximum(np.abs(W).max(axis=reduce, keepdims=True) / 127.0, EPS)
        zero_point = np.zeros_like(scale)
        q = np.clip(np.round(W / scale), -127, 127)
    else:
        low = np.minimum(W.min(axis=reduce, keepdims=True), 0.0)
        high = np.maximum(W.max(axis=reduce, keepdims=True), 0.0)
        scale = np.maximum((high - low) / 255.0, EPS)
        zero_point = np.clip(np.round(-low / scale), 0, 255)
        q = np.clip(np.round(W / scale) + zero_point, 0, 255)
    dequantized = (q - zero_point) * scale
    max_error = float(np.max(np.abs(W - dequantized)))
    if axis is None:
        scale_out, zero_out = float(scale.item()), int(zero_point.item())
    else:
        scale_out, zero_out = scale.reshape(-1), zero_point.reshape(-1).astype(np.int64)
    return q.astype(np.int64), scale_out, zero_out, dequantized, max_error


def oracle(W, scheme, axis):
    """PyTorch's observers for the scales and zero-points (MinMaxObserver and
    PerChannelMinMaxObserver with the symmetric qint8 range [-127, 127] or the affine quint8
    range [0, 255]), and torch.fake_quantize_per_{tensor,channel}_affine for the rounding and
    clamping; q is read back from the fake-quantised values."""
    import warnings

    import torch
    from torch.ao.quantization.observer import MinMaxObserver, PerChannelMinMaxObserver

    _check(W, scheme, axis)
    symmetric = scheme == "symmetric"
    qmin, qmax = (-127, 127) if symmetric else (0, 255)
    options = {
        "dtype": torch.qint8 if symmetric else torch.quint8,
        "quant_min": qmin,
        "quant_max": qmax,
    }
    w = torch.from_numpy(W).float()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if axis is None:
            qscheme = torch.per_tensor_symmetric if symmetric else torch.per_tensor_affine
            observer = MinMaxObserver(qscheme=qscheme, **options)
        else:
            qscheme = torch.per_channel_symmetric if symmetric else torch.per_channel_affine
            observer = PerChannelMinMaxObserver(ch_axis=axis, qscheme=qscheme, **options)
        observer(w)
        scale, zero_point = observer.calculate_qparams()
    if axis is None:
        fake = torch.fake_quantize_per_tensor_affine(w, float(scale), int(zero_point), qmin, qmax)
        shape = [1] * W.ndim
    else:
        fake = torch.fake_quantize_per_channel_affine(
            w, scale.float(), zero_point.int(), axis, qmin, qmax
        )
        shape = [1] * W.ndim
        shape[axis] = -1
    scale64 = scale.double().reshape(shape)
    zero64 = zero_point.long().reshape(shape)
    q = torch.round(fake.double() / scale64).long() + zero64
    dequantized = (q - zero64).double() * scale64
    max_error = (torch.from_numpy(W) - dequantized).abs().max().item()
    if axis is None:
        return q.numpy(), float(scale), int(zero_point), dequantized.numpy(), max_error
    return (
        q.numpy(),
        scale.double().numpy(),
        zero_point.long().numpy(),
        dequantized.numpy(),
        max_error,
    )


def _case(name, W, scheme, axis, raises=None) -> Case:
    return Case(name, (np.array(W, dtype=np.float64), scheme, axis), raises=raises)


def edge_cases() -> list[Case]:
    """Exact halves (round half to even), channels with different ranges, an all-positive
    channel (the range must include 0), a fractional zero-point, an all-zero channel, a 3-D
    tensor, and the bad scheme and axis."""
    return [
        _case(
            "symmetric per tensor, W = [127, 0.5, 1.5, 2.5, -0.5, -2.5]: scale 1, halves round "
            "to even (0, 2, 2, 0, -2)",
            [127.0, 0.5, 1.5, 2.5, -0.5, -2.5],
            "symmetric",
            None,
        ),
        _case(
            "asymmetric per tensor, W = [-1, 254, 0.5, 1.5, 2.5]: scale 1, zero_point 1",
            [-1.0, 254.0, 0.5, 1.5, 2.5],
            "asymmetric",
            None,
        ),
        _case(
            "symmetric per channel (axis 0), rows with ranges 2 and 100: one scale per row",
            [[1.2, -2.0, 0.5], [100.0, 40.0, -25.0]],
            "symmetric",
            0,
        ),
        _case(
            "asymmetric per tensor, W = [-1, 3]: -min/scale = 63.75, so zero_point = 64",
            [-1.0, 3.0, 0.0, 1.0],
            "asymmetric",
            None,
        ),
        _case(
            "asymmetric per channel (axis 1) of a square matrix: one scale per column",
            [[-1.0, 0.0, 2.0], [3.0, 10.0, -0.5], [0.5, 6.0, 4.0]],
            "asymmetric",
            1,
        ),
        _case(
            "asymmetric, channels of only positive values: the range is widened to include 0",
            [[1.0, 2.2, 3.0, 4.0], [-4.0, -3.0, -2.2, -1.0]],
            "asymmetric",
            0,
        ),
        _case(
            "an all-zero channel: its scale is clamped to 2^-23 and every q is the zero-point",
            [[0.0, 0.0, 0.0], [0.3, -0.6, 0.9]],
            "symmetric",
            0,
        ),
        _case(
            "asymmetric per channel with an all-zero row",
            [[0.0, 0.0], [-0.7, 1.3], [2.0, 0.25]],
            "asymmetric",
            0,
        ),
        _case(
            "a 3-D tensor (2, 3, 2) quantised per channel along axis 1",
            [
                [[0.5, -1.0], [2.0, 0.1], [-0.3, 0.3]],
                [[1.5, 0.25], [-4.0, 1.0], [0.05, -0.2]],
            ],
            "symmetric",
            1,
        ),
        _case(
            'scheme "int4" is not supported: raise ValueError',
            [[1.0, -1.0], [0.5, 2.0]],
            "int4",
            0,
            raises="ValueError",
        ),
        _case(
            "axis = -1 (PyTorch wants 0 <= axis < ndim): raise ValueError",
            [[1.0, -1.0], [0.5, 2.0]],
            "asymmetric",
            -1,
            raises="ValueError",
        ),
        _case(
            "axis = 2 for a 2-D tensor: raise ValueError",
            [[1.0, -1.0], [0.5, 2.0]],
            "symmetric",
            2,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Weights with a different range per row, sometimes shifted positive (like post-ReLU
    activations); every scheme and axis."""
    rows, cols = int(rng.integers(1, 9)), int(rng.integers(1, 17))
    shape = (rows, cols) if index % 4 else (rows, int(rng.integers(1, 4)), cols)
    W = rng.normal(size=shape) * rng.lognormal(sigma=0.7, size=(rows,) + (1,) * (len(shape) - 1))
    if index % 3 == 2:
        W = np.abs(W) + rng.uniform(0.0, 1.0)
    scheme = "symmetric" if index % 2 == 0 else "asymmetric"
    axis = None if index % 5 == 4 else int(rng.integers(0, len(shape)))
    return Case(f"random #{index}: W {shape}, {scheme}, axis {axis}", (W, scheme, axis))
