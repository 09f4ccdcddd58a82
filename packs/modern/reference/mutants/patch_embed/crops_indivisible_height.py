"""Mutant: checks only the width; an image whose height is not a multiple of P loses its last
rows silently (what a stride-P convolution does) instead of raising ValueError."""


def patch_embed(images, weight, bias, patch_size):
    n, c, h, w = images.shape
    p = patch_size
    if w % p:
        raise ValueError("W is not a multiple of the patch size")
    h = h - h % p
    images = images[:, :, :h]
    patches = images.reshape(n, c, h // p, p, w // p, p).transpose(0, 2, 4, 1, 3, 5)
    patches = patches.reshape(n, (h // p) * (w // p), c * p * p)
    return patches @ weight.reshape(weight.shape[0], -1).T + bias
