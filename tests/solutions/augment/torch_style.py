"""Alternative solution: PyTorch tensors, torch.flip on the width axis, then a slice."""

import torch


def augment(image, flip, top, left, crop_h, crop_w):
    _, height, width = image.shape
    if crop_h < 1 or crop_w < 1 or top < 0 or left < 0:
        raise ValueError("the crop must be at least 1x1 and start inside the image")
    if top + crop_h > height or left + crop_w > width:
        raise ValueError("the crop does not fit in the image")
    if flip:
        image = torch.flip(image, dims=[-1])
    return image[:, top : top + crop_h, left : left + crop_w]
