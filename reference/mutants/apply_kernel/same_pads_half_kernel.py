"""Mutant: "same" pads k // 2 on every side, which is one too many for an even kernel."""

import numpy as np


def apply_kernel(image, kernel, padding="valid"):
    kh, kw = kernel.shape
    if padding == "same":
        image = np.pad(image, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    elif padding != "valid":
        raise ValueError("padding must be valid or same")
    height, width = image.shape
    if height < kh or width < kw:
        raise ValueError("kernel larger than the image")
    out = np.zeros((height - kh + 1, width - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(kernel * image[i : i + kh, j : j + kw])
    return out
