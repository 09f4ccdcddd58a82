"""Mutant: one scale (and zero-point) for the whole tensor, even when a channel axis is given;
it still returns one copy per channel."""

import numpy as np


def quantize_dequantize(W, scheme, axis):
    if scheme not in ("symmetric", "asymmetric"):
        raise ValueError("unknown scheme")
    if axis is not None and not 0 <= axis < W.ndim:
        raise ValueError("bad axis")
    reduce = None
    if scheme == "symmetric":
        scale = np.maximum(np.abs(W).max(axis=reduce, keepdims=True) / 127.0, 2.0**-23)
        zero_point = np.zeros_like(scale)
        q = np.clip(np.round(W / scale), -127, 127)
    else:
        low = np.minimum(W.min(axis=reduce, keepdims=True), 0.0)
        high = np.maximum(W.max(axis=reduce, keepdims=True), 0.0)
        scale = np.maximum((high - low) / 255.0, 2.0**-23)
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
        np.full(W.shape[axis], float(scale.item())),
        np.full(W.shape[axis], int(zero_point.item()), dtype=np.int64),
        dequantized,
        max_error,
    )
