"""Alternative solution: loops over the patch grid, row by row, one dot product per patch."""

import numpy as np


def patch_embed(images, weight, bias, patch_size):
    n, _, h, w = images.shape
    p = patch_size
    if h % p != 0:
        raise ValueError("height not divisible by the patch size")
    if w % p != 0:
        raise ValueError("width not divisible by the patch size")
    d = weight.shape[0]
    flat_weight = weight.reshape(d, -1)
    tokens = []
    for row in range(h // p):
        for col in range(w // p):
            patch = images[:, :, row * p : (row + 1) * p, col * p : (col + 1) * p]  # (N, C, P, P)
            tokens.append(patch.reshape(n, -1) @ flat_weight.T + bias)
    return np.stack(tokens, axis=1)
