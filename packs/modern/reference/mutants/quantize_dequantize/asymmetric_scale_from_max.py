"""Mutant: the asymmetric scale is max / 255 instead of (max - min) / 255, so the negative
part of the range does not fit and is clamped."""

import numpy as np


def quantize_dequantize(W, scheme, axis):
    if scheme not in ("symmetric", "asymmetric"):
        raise ValueError("unknown scheme")
    if axis is not None and not 0 <= axis < W.ndim:
        raise ValueError("bad axis")
    reduce = None if axis is None else tuple(i for i in range(W.ndim) if i != axis)
    if scheme == "symmetric":
        scale = np.maximum(np.abs(W).max(axis=reduce, keepdims=True) / 127.0, 2.0**-23)
        zero_point = np.zeros_like(scale)
        q = np.clip(np.round(W / scale), -127, 127)
    else:
        low = np.minimum(W.min(axis=reduce, keepdims=True), 0.0)
        high = np.maximum(W.max(axis=reduce, keepdims=True), 0.0)
        scale = np.maximum(high / 255.0, 2.0**-23)
        zero_point = np.clip(np.round(-low / scale), 0, 255)
        q = np.clip(np.round(W / scale) + zero_point, 0, 255)
    dequantized = (q - zero_point) * scale
    max_error = float(np.max(np.abs(W - dequantized)))
    if axis is None:
        return (
            q.astype(np.int64),
            float(scale.item()),
            int(zero_point.item()),
            dequantized,
            max_error,
        )
    return (
        q.astype(np.int64),
        scale.reshape(-1),
        zero_point.reshape(-1).astype(np.int64),
        dequantized,
        max_error,
    )
