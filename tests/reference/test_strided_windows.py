"""Checks of the strided_windows reference: Tensor.unfold's windows, and a strided convolution
is exactly these windows times the kernel."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("strided_windows", "q39_conv_stride.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("stride", [1, 2, 3, 5, 9])
def test_strided_conv1d_is_the_windows_times_the_kernel(stride: int) -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(stride)
    for length, window in [(9, 3), (11, 4), (16, 2), (7, 7)]:
        x, kernel = rng.standard_normal(length), rng.standard_normal(window)
        conv = F.conv1d(
            torch.from_numpy(x)[None, None], torch.from_numpy(kernel)[None, None], stride=stride
        )
        np.testing.assert_allclose(
            REFERENCE.reference(x, window, stride) @ kernel, conv[0, 0].numpy()
        )


def test_window_count_and_unread_tail() -> None:
    for length in range(1, 25):
        for window in range(1, length + 1):
            for stride in range(1, 6):
                windows = REFERENCE.reference(np.arange(float(length)), window, stride)
                assert windows.shape == ((length - window) // stride + 1, window)
                last_read = int(windows[-1, -1])
                assert length - 1 - last_read < stride  # at most s - 1 elements are never read


def test_stride_larger_than_window_skips_elements() -> None:
    windows = REFERENCE.reference(np.arange(13.0), 2, 5)
    np.testing.assert_array_equal(windows, [[0, 1], [5, 6], [10, 11]])
