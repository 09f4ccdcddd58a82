"""Mutant: theta_i = base^(-i/d) instead of base^(-2i/d): the frequencies fall off half as fast,
so the slowest pair still turns quickly (its wavelength is ~2*pi*sqrt(base), not ~2*pi*base)."""

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2:
        raise ValueError("d must be even")
    if layout not in ("interleaved", "half"):
        raise ValueError("unknown layout")
    theta = float(base) ** (-np.arange(d // 2) / d)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    i = np.arange(d // 2)
    first, second = (2 * i, 2 * i + 1) if layout == "interleaved" else (i, i + d // 2)
    a, b = x[..., first], x[..., second]
    out = np.empty(x.shape)
    out[..., first] = a * cos - b * sin
    out[..., second] = a * sin + b * cos
    return out
