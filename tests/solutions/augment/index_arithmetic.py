"""Alternative solution: pixel by pixel, mapping each output column back to the original image
(a flip sends column x to W - 1 - x)."""

import numpy as np


def augment(image, flip, top, left, crop_h, crop_w):
    channels, height, width = image.shape
    if crop_h < 1 or crop_w < 1 or top < 0 or left < 0:
        raise ValueError("the crop must be at least 1x1 and start inside the image")
    if top + crop_h > height or left + crop_w > width:
        raise ValueError("the crop does not fit in the image")
    out = np.empty((channels, crop_h, crop_w))
    for c in range(channels):
        for i in range(crop_h):
            for j in range(crop_w):
                column = left + j  # in the flipped image
                source = width - 1 - column if flip else column
                out[c, i, j] = image[c, top + i, source]
    return out
