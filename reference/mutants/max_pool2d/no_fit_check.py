"""Mutant: never checks that the kernel fits in the padded input, so a kernel larger than the
padded map gives an empty output (H_out = 0) instead of a ValueError."""

import numpy as np


def _pair(value):
    if isinstance(value, tuple | list):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def max_pool2d(x, kernel_size, stride=None, padding=0):
    kernel = _pair(kernel_size)
    strides = kernel if stride is None else _pair(stride)
    pads = _pair(padding)
    if any(2 * p > k for p, k in zip(pads, kernel)):
        raise ValueError("padding is more than half the kernel")
    n, c, height, width = x.shape
    padded = np.full((n, c, height + 2 * pads[0], width + 2 * pads[1]), -np.inf)
    padded[:, :, pads[0] : pads[0] + height, pads[1] : pads[1] + width] = x
    out_h, out_w = ((size - k) // s + 1 for size, k, s in zip(padded.shape[2:], kernel, strides))
    out = np.empty((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * strides[0], j * strides[1]
            window = padded[:, :, top : top + kernel[0], left : left + kernel[1]]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
