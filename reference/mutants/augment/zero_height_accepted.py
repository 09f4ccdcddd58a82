"""Mutant: never checks crop_h < 1, so a crop of height 0 returns an empty array."""


def augment(image, flip, top, left, crop_h, crop_w):
    _, height, width = image.shape
    if crop_w < 1 or top < 0 or left < 0 or top + crop_h > height or left + crop_w > width:
        raise ValueError("the crop does not fit")
    flipped = image[:, :, ::-1] if flip else image
    return flipped[:, top : top + crop_h, left : left + crop_w].copy()
