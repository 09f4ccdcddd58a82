"""Alternative solution: all windows at once with sliding_window_view, then one einsum."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def apply_kernel(image, kernel, padding="valid"):
    kh, kw = kernel.shape
    if padding == "same":
        # total padding k - 1 per axis; the odd one out goes after (bottom / right)
        image = np.pad(
            image, ((kh // 2 - (1 - kh % 2), kh // 2), (kw // 2 - (1 - kw % 2), kw // 2))
        )
    elif padding != "valid":
        raise ValueError(f"unknown padding {padding!r}")
    if image.shape[0] < kh or image.shape[1] < kw:
        raise ValueError("kernel larger than image")
    return np.einsum("ijab,ab->ij", sliding_window_view(image, (kh, kw)), kernel)
