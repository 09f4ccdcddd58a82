"""Reference for `patch_embed`: the patch embedding of a Vision Transformer (Dosovitskiy et al.,
2021): non-overlapping P x P patches, each flattened in (C, P, P) order and projected to D
dimensions, in row-major patch order: the same as a Conv2d with kernel_size = stride = P
followed by .flatten(2).transpose(1, 2)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    images: np.ndarray, weight: np.ndarray, bias: np.ndarray, patch_size: int
) -> np.ndarray:
    """(N, C, H, W) -> (N, (H/P) * (W/P), D)."""
    n, c, h, w = images.shape
    p = patch_size
    if h % p or w % p:
        raise ValueError(f"the image ({h} x {w}) is not a whole number of {p} x {p} patches")
    rows, cols = h // p, w // p
    patches = images.reshape(n, c, rows, p, cols, p)  # n, c, row, i, col, j
    patches = patches.transpose(0, 2, 4, 1, 3, 5)  # n, row, col, c, i, j
    patches = patches.reshape(n, rows * cols, c * p * p)  # row-major patches, (C, P, P) pixels
    return patches @ weight.reshape(weight.shape[0], -1).T + bias


def oracle(images: np.ndarray, weight: np.ndarray, bias: np.ndarray, patch_size: int) -> np.ndarray:
    """F.conv2d with stride = kernel size, flattened to tokens as timm's PatchEmbed does. The
    divisibility check is explicit: the convolution itself would drop the remainder."""
    import torch
    import torch.nn.functional as F

    h, w = images.shape[-2:]
    if h % patch_size or w % patch_size:
        raise ValueError("H and W must be multiples of the patch size")
    feature_map = F.conv2d(
        torch.from_numpy(images),
        torch.from_numpy(weight),
        torch.from_numpy(bias),
        stride=patch_size,
    )  # (N, D, H/P, W/P)
    return feature_map.flatten(2).transpose(1, 2).numpy()


def _pixel_picker(channels: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    """A weight whose output d is pixel d of the flattened (C, P, P) patch: the output lists
    each patch's pixels in the order the weight reads them."""
    size = channels * p * p
    return np.eye(size).reshape(size, channels, p, p), np.zeros(size)


def edge_cases() -> list[Case]:
    """Fixed cases: one patch, the (C, P, P) order, row-major patch order, P = 1 and P = H, a
    square output, and the two raises."""
    rng = np.random.default_rng(8)
    grid = np.arange(24, dtype=np.float64).reshape(1, 1, 4, 6)
    two_channels = np.arange(8, dtype=np.float64).reshape(1, 2, 2, 2)
    return [
        Case(
            "one 2 x 2 patch, C = 1, D = 1: a weighted sum of its 4 pixels plus the bias",
            (
                np.array([[[[1.0, 2.0], [3.0, 4.0]]]]),
                np.array([[[[1.0, 0.0], [0.0, 2.0]]]]),
                np.array([0.5]),
                2,
            ),
        ),
        Case(
            "C = 2, one 2 x 2 patch, weight = identity: the patch is flattened channel first, "
            "(C, P, P) as the Conv2d weight is laid out: [0, 1, ..., 7]",
            (two_channels, *_pixel_picker(2, 2), 2),
        ),
        Case(
            "pixels 0..23 as a 4 x 6 image, P = 2, weight = identity: 2 x 3 patches, row by "
            "row (patch 1 is [2, 3, 8, 9])",
            (grid, *_pixel_picker(1, 2), 2),
        ),
        Case(
            "D = 3 and 3 patches: the output is (N, num_patches, D), not (N, D, num_patches)",
            (rng.normal(size=(2, 2, 2, 6)), rng.normal(size=(3, 2, 2, 2)), rng.normal(size=3), 2),
        ),
        Case(
            "P = 1: every pixel is a patch (a 1 x 1 convolution)",
            (rng.normal(size=(1, 3, 2, 3)), rng.normal(size=(4, 3, 1, 1)), rng.normal(size=4), 1),
        ),
        Case(
            "P = H = W = 3: one patch, a linear layer on the whole flattened image",
            (rng.normal(size=(2, 2, 3, 3)), rng.normal(size=(5, 2, 3, 3)), rng.normal(size=5), 3),
        ),
        Case(
            "ViT-like: N = 2, C = 3, 8 x 12 images, P = 4, D = 16",
            (
                rng.normal(size=(2, 3, 8, 12)),
                rng.normal(size=(16, 3, 4, 4)),
                rng.normal(size=16),
                4,
            ),
        ),
        Case(
            "H = 5 is not a multiple of P = 2 (W = 4 is): raise ValueError",
            (rng.normal(size=(1, 1, 5, 4)), rng.normal(size=(2, 1, 2, 2)), np.zeros(2), 2),
            raises="ValueError",
        ),
        Case(
            "W = 6 is not a multiple of P = 4 (H = 8 is): raise ValueError",
            (rng.normal(size=(1, 2, 8, 6)), rng.normal(size=(3, 2, 4, 4)), np.zeros(3), 4),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    n, c = int(rng.integers(1, 3)), int(rng.choice([1, 3]))
    p = int(rng.integers(1, 5))
    rows, cols = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    d = int(rng.integers(1, 17))
    images = rng.normal(size=(n, c, rows * p, cols * p))
    weight = rng.normal(size=(d, c, p, p)) / p
    return Case(
        f"random #{index}: images {images.shape}, P = {p}, D = {d}",
        (images, weight, rng.normal(size=d), p),
    )
