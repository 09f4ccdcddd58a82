"""Mutant: uses `left` as the row offset and `top` as the column offset."""

import numpy as np


def augment(image, flip, top, left, crop_h, crop_w):
    _, height, width = image.shape
    if crop_h < 1 or crop_w < 1 or top < 0 or left < 0:
        raise ValueError("bad crop")
    if left + crop_h > height or top + crop_w > width:
        raise ValueError("the crop does not fit")
    flipped = image[:, :, ::-1] if flip else image
    return np.array(flipped[:, left : left + crop_h, top : top + crop_w])
