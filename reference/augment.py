"""Reference for `augment`: a random-flip-and-crop augmentation made deterministic by passing
its random draws (the flip flag and the crop corner) in as arguments."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(shape: tuple[int, ...], top: int, left: int, crop_h: int, crop_w: int) -> None:
    _, height, width = shape
    if crop_h < 1 or crop_w < 1:
        raise ValueError("the crop must be at least 1x1")
    if top < 0 or left < 0 or top + crop_h > height or left + crop_w > width:
        raise ValueError(
            f"a {crop_h}x{crop_w} crop at ({top}, {left}) does not fit in {height}x{width}"
        )


def reference(
    image: np.ndarray, flip: bool, top: int, left: int, crop_h: int, crop_w: int
) -> np.ndarray:
    """Mirror left-right (the width axis) if `flip`, then crop rows top.., columns left.. of
    the (possibly flipped) image: (C, H, W) -> (C, crop_h, crop_w)."""
    _check(image.shape, top, left, crop_h, crop_w)
    flipped = image[:, :, ::-1] if flip else image  # horizontal = reverse the columns
    return flipped[:, top : top + crop_h, left : left + crop_w].copy()


def oracle(
    image: np.ndarray, flip: bool, top: int, left: int, crop_h: int, crop_w: int
) -> np.ndarray:
    """The same with torch.flip on the last axis and tensor slicing (torchvision's
    RandomHorizontalFlip and crop do exactly this on a (C, H, W) tensor)."""
    import torch

    _check(image.shape, top, left, crop_h, crop_w)
    tensor = torch.from_numpy(image)
    if flip:
        tensor = torch.flip(tensor, dims=[-1])
    return tensor[:, top : top + crop_h, left : left + crop_w].numpy()


def _ramp(channels: int, height: int, width: int) -> np.ndarray:
    """Every pixel a different value, so a wrong axis or offset always shows."""
    return np.arange(channels * height * width, dtype=np.float64).reshape(channels, height, width)


def edge_cases() -> list[Case]:
    """Fixed cases: no flip, flip before an off-centre crop, full crops, channels, bad crops."""
    return [
        Case("no flip: a plain 2x3 crop at (top 1, left 2)", (_ramp(1, 4, 6), False, 1, 2, 2, 3)),
        Case(
            "flip, then crop at left 0: the crop comes from the right edge of the original",
            (_ramp(1, 3, 6), True, 0, 0, 3, 3),
        ),
        Case(
            "flip with a full-size crop: the whole image mirrored left-right (not upside down)",
            (_ramp(1, 4, 5), True, 0, 0, 4, 5),
        ),
        Case(
            "3 channels flipped together: the channel order is kept",
            (_ramp(3, 3, 4), True, 1, 1, 2, 2),
        ),
        Case(
            "non-square 5x7 image, 2x3 crop at (top 3, left 4) after a flip",
            (_ramp(2, 5, 7), True, 3, 4, 2, 3),
        ),
        Case(
            "1x1 crop at the bottom-right of the flipped image = the original's bottom-left",
            (_ramp(1, 4, 4), True, 3, 3, 1, 1),
        ),
        Case("no flip, full-size crop: the image unchanged", (_ramp(2, 3, 3), False, 0, 0, 3, 3)),
        Case(
            "crop height 0 (crop_h < 1): ValueError, even where it would fit",
            (_ramp(1, 3, 4), False, 0, 0, 0, 2),
            raises="ValueError",
        ),
        Case(
            "crop width 0 (crop_w < 1): ValueError, even where it would fit",
            (_ramp(1, 3, 4), False, 0, 0, 2, 0),
            raises="ValueError",
        ),
        Case(
            "negative top: ValueError (no wrap-around indexing)",
            (_ramp(1, 4, 5), True, -1, 0, 2, 2),
            raises="ValueError",
        ),
        Case(
            "negative left: ValueError (no wrap-around indexing)",
            (_ramp(1, 4, 5), False, 0, -2, 2, 3),
            raises="ValueError",
        ),
        Case(
            "crop running past the bottom edge (top 3 + height 2 > 4): ValueError",
            (_ramp(1, 4, 5), False, 3, 0, 2, 2),
            raises="ValueError",
        ),
        Case(
            "crop running past the right edge (left 3 + width 3 > 5): ValueError",
            (_ramp(1, 4, 5), False, 0, 3, 2, 3),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random image and the draws a random flip + random crop would make."""
    channels = int(rng.integers(1, 4))
    height, width = (int(v) for v in rng.integers(1, 13, size=2))
    crop_h, crop_w = int(rng.integers(1, height + 1)), int(rng.integers(1, width + 1))
    top, left = int(rng.integers(0, height - crop_h + 1)), int(rng.integers(0, width - crop_w + 1))
    flip = bool(rng.random() < 0.5)
    image = rng.standard_normal((channels, height, width))
    return Case(
        f"random #{index}: {channels}x{height}x{width}, flip {flip}, "
        f"{crop_h}x{crop_w} crop at ({top}, {left})",
        (image, flip, top, left, crop_h, crop_w),
    )
