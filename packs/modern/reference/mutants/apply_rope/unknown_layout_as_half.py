"""Mutant: `if layout == "interleaved": ... else: ...`, so any other string (a typo, or a name
such as "rotate_half") silently gets the half-split layout instead of a ValueError."""

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2:
        raise ValueError("d must be even")
    theta = float(base) ** (-2.0 * np.arange(d // 2) / d)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    i = np.arange(d // 2)
    first, second = (2 * i, 2 * i + 1) if layout == "interleaved" else (i, i + d // 2)
    a, b = x[..., first], x[..., second]
    out = np.empty(x.shape)
    out[..., first] = a * cos - b * sin
    out[..., second] = a * sin + b * cos
    return out
