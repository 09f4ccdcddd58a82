"""Alternative solution: NumPy complex numbers; the layout only decides which coordinates are the
real and imaginary parts."""

import numpy as np


def apply_rope(x, positions, base, layout):
    d = x.shape[-1]
    if d % 2:
        raise ValueError("d must be even")
    if layout == "interleaved":
        real, imag = x[..., 0::2], x[..., 1::2]
    elif layout == "half":
        real, imag = x[..., : d // 2], x[..., d // 2 :]
    else:
        raise ValueError("layout must be 'interleaved' or 'half'")
    theta = base ** (-np.arange(0, d, 2) / d)
    z = (real + 1j * imag) * np.exp(1j * np.outer(positions, theta))
    if layout == "interleaved":
        return np.stack([z.real, z.imag], axis=-1).reshape(x.shape)
    return np.concatenate([z.real, z.imag], axis=-1)
