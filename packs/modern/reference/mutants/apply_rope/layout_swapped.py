"""Mutant: the layouts mixed up: "interleaved" pairs (i, i + d/2) and "half" pairs (2i, 2i + 1)."""

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2:
        raise ValueError("d must be even")
    if layout not in ("interleaved", "half"):
        raise ValueError("unknown layout")
    theta = float(base) ** (-2.0 * np.arange(d // 2) / d)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    i = np.arange(d // 2)
    first, second = (2 * i, 2 * i + 1) if layout == "half" else (i, i + d // 2)
    a, b = x[..., first], x[..., second]
    out = np.empty(x.shape)
    out[..., first] = a * cos - b * sin
    out[..., second] = a * sin + b * cos
    return out
