"""Mutant: no check of d: with d odd it rotates floor(d/2) pairs and passes the last coordinate
through unchanged, instead of raising ValueError."""

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if layout not in ("interleaved", "half"):
        raise ValueError("unknown layout")
    half = d // 2
    theta = float(base) ** (-2.0 * np.arange(half) / (2 * half))
    angles = np.asarray(positions, dtype=np.float64)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    i = np.arange(half)
    first, second = (2 * i, 2 * i + 1) if layout == "interleaved" else (i, i + half)
    a, b = x[..., first], x[..., second]
    out = np.array(x, dtype=np.float64)
    out[..., first] = a * cos - b * sin
    out[..., second] = a * sin + b * cos
    return out
