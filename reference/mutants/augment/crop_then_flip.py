"""Mutant: crops first and flips the crop, so (top, left) is read in the unflipped image."""

import numpy as np


def augment(image, flip, top, left, crop_h, crop_w):
    _, height, width = image.shape
    if crop_h < 1 or crop_w < 1 or top < 0 or left < 0:
        raise ValueError("bad crop")
    if top + crop_h > height or left + crop_w > width:
        raise ValueError("the crop does not fit")
    crop = image[:, top : top + crop_h, left : left + crop_w]
    return np.array(crop[:, :, ::-1] if flip else crop)
