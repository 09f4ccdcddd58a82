"""Mutant: patches listed column by column (patch index col * rows + row) instead of row by
row (row * cols + col)."""


def patch_embed(images, weight, bias, patch_size):
    n, c, h, w = images.shape
    p = patch_size
    if h % p or w % p:
        raise ValueError("not divisible")
    patches = images.reshape(n, c, h // p, p, w // p, p).transpose(0, 4, 2, 1, 3, 5)
    patches = patches.reshape(n, (h // p) * (w // p), c * p * p)
    return patches @ weight.reshape(weight.shape[0], -1).T + bias
