"""Reference for `apply_kernel`: slide a hand-made kernel (Sobel, Laplacian, blur ...) over a
grey image, as F.conv2d does it (cross-correlation), with "valid" or "same" zero padding."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
"""Responds to intensity rising from left to right: vertical edges."""
SOBEL_Y = SOBEL_X.T.copy()
"""Responds to intensity rising from top to bottom: horizontal edges."""
LAPLACIAN = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


def reference(image: np.ndarray, kernel: np.ndarray, padding: str = "valid") -> np.ndarray:
    """out[i, j] = sum over a, b of kernel[a, b] * image_pad[i + a, j + b].

    "same" pads kh - 1 rows in total, (kh - 1) // 2 on top and the rest at the bottom (likewise
    for columns), so an even kernel gets its extra row and column at the bottom and right, as
    in PyTorch."""
    kh, kw = kernel.shape
    if padding == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        image = np.pad(image, ((top, kh - 1 - top), (left, kw - 1 - left)))
    elif padding != "valid":
        raise ValueError(f"padding must be 'valid' or 'same', not {padding!r}")
    height, width = image.shape
    if height < kh or width < kw:
        raise ValueError("the kernel is larger than the image")
    out = np.empty((height - kh + 1, width - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(kernel * image[i : i + kh, j : j + kw])
    return out


def oracle(image: np.ndarray, kernel: np.ndarray, padding: str = "valid") -> np.ndarray:
    """torch.nn.functional.conv2d with padding="valid"/"same" on a (1, 1, H, W) batch."""
    import warnings

    import torch
    import torch.nn.functional as F

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "same" with an even kernel warns about a copy
            out = F.conv2d(
                torch.from_numpy(image)[None, None],
                torch.from_numpy(kernel)[None, None],
                padding=padding,
            )
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return out[0, 0].numpy()


def _step_image(vertical: bool) -> np.ndarray:
    """6x7 image: dark (0) then bright (1), split by a vertical (or horizontal) edge."""
    image = np.zeros((6, 7))
    if vertical:
        image[:, 4:] = 1.0
    else:
        image[3:, :] = 1.0
    return image


def edge_cases() -> list[Case]:
    """Fixed cases: a 1x1 kernel, edge detectors (sign and orientation), flat images, "same"
    borders and the asymmetric padding of even kernels, and the errors (a kernel too tall, too
    wide, an unknown padding)."""
    rng = np.random.default_rng(38)
    impulse = np.zeros((5, 5))
    impulse[2, 2] = 1.0
    return [
        Case(
            "a 1x1 kernel (2.0), 'valid': the image doubled",
            (np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 4.0]]), np.array([[2.0]]), "valid"),
        ),
        Case(
            "Sobel x on a dark-to-bright vertical edge: +4 on the edge (a flipped kernel: -4)",
            (_step_image(vertical=True), SOBEL_X, "valid"),
        ),
        Case(
            "Sobel y on a dark-to-bright horizontal edge (top dark, bottom bright)",
            (_step_image(vertical=False), SOBEL_Y, "valid"),
        ),
        Case(
            "Sobel x on a horizontal edge: no response (it detects vertical edges only)",
            (_step_image(vertical=False), SOBEL_X, "valid"),
        ),
        Case(
            "an impulse with an asymmetric 3x3 kernel: the output shows the kernel rotated 180°",
            (impulse, np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]), "same"),
        ),
        Case(
            "a flat image with 'same' padding: Sobel sees the zero padding as edges at the border",
            (np.full((5, 6), 2.0), SOBEL_X, "same"),
        ),
        Case(
            "Laplacian with 'same' on a smooth ramp: 0 inside, non-zero at the zero-padded border",
            (np.add.outer(np.arange(5.0), 2 * np.arange(6.0)), LAPLACIAN, "same"),
        ),
        Case(
            "'same' with an even 2x2 kernel: the extra zero row/column goes at the bottom/right",
            (rng.normal(size=(4, 5)), np.array([[1.0, 2.0], [3.0, 4.0]]), "same"),
        ),
        Case(
            "'same' with a 4x1 kernel: 1 row of padding on top, 2 at the bottom",
            (rng.normal(size=(6, 3)), np.array([[1.0], [-2.0], [3.0], [0.5]]), "same"),
        ),
        Case(
            "'valid' with a non-square 2x3 kernel on a non-square image: (H - 1) x (W - 2)",
            (rng.normal(size=(5, 8)), rng.normal(size=(2, 3)), "valid"),
        ),
        Case(
            "3x3 box blur, 'valid': each output is the mean of a 3x3 patch",
            (rng.normal(size=(6, 6)), np.full((3, 3), 1.0 / 9.0), "valid"),
        ),
        Case(
            "'same' with a kernel larger than the image (5x5 on 3x4) still gives 3x4",
            (rng.normal(size=(3, 4)), rng.normal(size=(5, 5)), "same"),
        ),
        Case(
            "kernel as large as the image, 'valid': a single output",
            (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), "valid"),
        ),
        Case(
            "'valid' with a 4x2 kernel on a 3x3 image (too tall): ValueError",
            (rng.normal(size=(3, 3)), np.ones((4, 2)), "valid"),
            raises="ValueError",
        ),
        Case(
            "'valid' with a 2x4 kernel on a 3x3 image (too wide): ValueError",
            (rng.normal(size=(3, 3)), np.ones((2, 4)), "valid"),
            raises="ValueError",
        ),
        Case(
            "padding='full' is not supported: ValueError",
            (rng.normal(size=(4, 4)), SOBEL_X, "full"),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random image, a random (sometimes classic) kernel, "valid" or "same"."""
    classic = {"Sobel x": SOBEL_X, "Sobel y": SOBEL_Y, "Laplacian": LAPLACIAN}
    if rng.random() < 0.3:
        kernel_name = str(rng.choice(sorted(classic)))
        kernel = classic[kernel_name]
    else:
        kh, kw = (int(v) for v in rng.integers(1, 6, size=2))
        kernel, kernel_name = rng.normal(size=(kh, kw)), f"random {kh}x{kw}"
    padding = "same" if rng.random() < 0.5 else "valid"
    low_h, low_w = (1, 1) if padding == "same" else kernel.shape
    image = rng.normal(size=(int(rng.integers(low_h, 12)), int(rng.integers(low_w, 12))))
    size = f"{image.shape[0]}x{image.shape[1]}"
    name = f"random #{index}: {size} image, {kernel_name} kernel, {padding!r}"
    return Case(name, (image, kernel, padding))
