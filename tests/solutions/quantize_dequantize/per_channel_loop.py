"""Alternative solution: move the channel axis to the front and quantise one channel at a time
with plain Python numbers for the parameters."""

import numpy as np


def _params(values, scheme):
    if scheme == "symmetric":
        return max(float(np.max(np.abs(values))) / 127, 2.0**-23), 0, -127, 127
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    scale = max((high - low) / 255, 2.0**-23)
    return scale, int(min(max(np.rint(-low / scale), 0), 255)), 0, 255


def _quantize(values, scale, zero_point, qmin, qmax):
    q = np.clip(np.rint(values / scale) + zero_point, qmin, qmax).astype(np.int64)
    return q, (q - zero_point) * scale


def quantize_dequantize(W, scheme, axis):
    if scheme not in ("symmetric", "asymmetric"):
        raise ValueError("scheme must be symmetric or asymmetric")
    if axis is None:
        scale, zero_point, qmin, qmax = _params(W, scheme)
        q, dequantized = _quantize(W, scale, zero_point, qmin, qmax)
        return q, scale, zero_point, dequantized, float(np.abs(W - dequantized).max())
    if not isinstance(axis, int) or not 0 <= axis < W.ndim:
        raise ValueError("axis must be in [0, W.ndim)")
    channels = np.moveaxis(W, axis, 0)
    q, dequantized = np.empty(channels.shape, np.int64), np.empty(channels.shape)
    scales, zero_points = [], []
    for c, values in enumerate(channels):
        scale, zero_point, qmin, qmax = _params(values, scheme)
        q[c], dequantized[c] = _quantize(values, scale, zero_point, qmin, qmax)
        scales.append(scale)
        zero_points.append(zero_point)
    q, dequantized = np.moveaxis(q, 0, axis), np.moveaxis(dequantized, 0, axis)
    error = float(np.abs(W - dequantized).max())
    return q, np.array(scales), np.array(zero_points), dequantized, error
