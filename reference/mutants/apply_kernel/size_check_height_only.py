"""Mutant: 'valid' checks that the kernel is not taller than the image, but not wider, so a
kernel too wide gives an empty output instead of a ValueError."""

import numpy as np


def apply_kernel(image, kernel, padding="valid"):
    kh, kw = kernel.shape
    if padding == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        image = np.pad(image, ((top, kh - 1 - top), (left, kw - 1 - left)))
    elif padding != "valid":
        raise ValueError("padding must be valid or same")
    height, width = image.shape
    if height < kh:
        raise ValueError("kernel taller than the image")
    out = np.zeros((height - kh + 1, max(width - kw + 1, 0)))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(kernel * image[i : i + kh, j : j + kw])
    return out
