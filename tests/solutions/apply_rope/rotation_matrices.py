"""Alternative solution: an explicit 2x2 rotation matrix for every position and pair, looping
over the pairs."""

import math

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2 == 1:
        raise ValueError("odd head dimension")
    if layout not in ("interleaved", "half"):
        raise ValueError("bad layout")
    out = np.zeros(x.shape)
    for i in range(d // 2):
        j, k = (2 * i, 2 * i + 1) if layout == "interleaved" else (i, i + d // 2)
        theta = math.pow(base, -2 * i / d)
        for t, m in enumerate(positions):
            c, s = math.cos(m * theta), math.sin(m * theta)
            rotation = np.array([[c, -s], [s, c]])
            pair = np.stack([x[..., t, j], x[..., t, k]], axis=-1)  # (..., 2)
            turned = pair @ rotation.T
            out[..., t, j], out[..., t, k] = turned[..., 0], turned[..., 1]
    return out
