"""Mutant: never checks top < 0, so a negative top slices from the end (or gives nothing)."""


def augment(image, flip, top, left, crop_h, crop_w):
    _, height, width = image.shape
    if crop_h < 1 or crop_w < 1 or left < 0 or top + crop_h > height or left + crop_w > width:
        raise ValueError("the crop does not fit")
    flipped = image[:, :, ::-1] if flip else image
    return flipped[:, top : top + crop_h, left : left + crop_w].copy()
