"""Mutant: never checks the padding, so a padding of more than half the kernel is accepted."""

import numpy as np


def _pair(value):
    if isinstance(value, tuple | list):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def max_pool2d(x, kernel_size, stride=None, padding=0):
    kernel = _pair(kernel_size)
    strides = kernel if stride is None else _pair(stride)
    pads = _pair(padding)
    n, c, height, width = x.shape
    padded = np.full((n, c, height + 2 * pads[0], width + 2 * pads[1]), -np.inf)
    padded[:, :, pads[0] : pads[0] + height, pads[1] : pads[1] + width] = x
    out_h, out_w = ((size - k) // s + 1 for size, k, s in zip(padded.shape[2:], kernel, strides))
    if out_h < 1 or out_w < 1:
        raise ValueError("the kernel does not fit")
    out = np.empty((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * strides[0], j * strides[1]
            window = padded[:, :, top : top + kernel[0], left : left + kernel[1]]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
