"""Mutant: any padding other than "same" is treated as "valid" (e.g. "full" gives a valid
output instead of a ValueError)."""

import numpy as np


def apply_kernel(image, kernel, padding="valid"):
    kh, kw = kernel.shape
    if padding == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        image = np.pad(image, ((top, kh - 1 - top), (left, kw - 1 - left)))
    height, width = image.shape
    if height < kh or width < kw:
        raise ValueError("kernel larger than the image")
    out = np.zeros((height - kh + 1, width - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(kernel * image[i : i + kh, j : j + kw])
    return out
