"""Alternative solution: tensors in and out; F.pad for "same", then F.conv2d on a 1x1 batch."""

import torch.nn.functional as F


def apply_kernel(image, kernel, padding="valid"):
    kh, kw = kernel.shape
    if padding not in ("valid", "same"):
        raise ValueError(f"unknown padding {padding!r}")
    if padding == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        image = F.pad(image, (left, kw - 1 - left, top, kh - 1 - top))  # last axis first
    if image.shape[0] < kh or image.shape[1] < kw:
        raise ValueError("kernel larger than image")
    return F.conv2d(image[None, None], kernel[None, None])[0, 0]
