"""Mutant: each patch flattened in (P, P, C) order (einops "(p1 p2 c)", channels last) but
multiplied by the Conv2d weight reshaped in its own (C, P, P) order: pixels meet the wrong
weights whenever C > 1."""


def patch_embed(images, weight, bias, patch_size):
    n, c, h, w = images.shape
    p = patch_size
    if h % p or w % p:
        raise ValueError("not divisible")
    patches = images.reshape(n, c, h // p, p, w // p, p).transpose(0, 2, 4, 3, 5, 1)
    patches = patches.reshape(n, (h // p) * (w // p), p * p * c)
    return patches @ weight.reshape(weight.shape[0], -1).T + bias
