"""Mutant: never checks top + crop_h > H: NumPy cuts the crop short at the bottom."""


def augment(image, flip, top, left, crop_h, crop_w):
    _, _, width = image.shape
    if crop_h < 1 or crop_w < 1 or top < 0 or left < 0 or left + crop_w > width:
        raise ValueError("the crop does not fit")
    flipped = image[:, :, ::-1] if flip else image
    return flipped[:, top : top + crop_h, left : left + crop_w].copy()
