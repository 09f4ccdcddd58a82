"""Checks of the max_pool2d reference: PyTorch's module with pair arguments, the default stride,
and padding that never wins the max."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("max_pool2d", "q40_pooling.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize(
    ("kernel", "stride", "padding"),
    [(2, None, 0), (3, 2, 1), ((2, 3), (1, 2), (1, 1)), ((3, 1), None, (1, 0)), (4, 3, 2)],
)
def test_matches_nn_maxpool2d(kernel: object, stride: object, padding: object) -> None:
    import torch

    x = np.random.default_rng(0).standard_normal((2, 3, 9, 8))
    pooled = torch.nn.MaxPool2d(kernel, stride, padding)(torch.from_numpy(x)).numpy()
    np.testing.assert_array_equal(REFERENCE.reference(x, kernel, stride, padding), pooled)


def test_default_stride_is_the_kernel_size() -> None:
    x = np.random.default_rng(1).standard_normal((1, 2, 8, 6))
    np.testing.assert_array_equal(REFERENCE.reference(x, 2), REFERENCE.reference(x, 2, 2))
    assert REFERENCE.reference(x, 2).shape == (1, 2, 4, 3)


def test_padding_never_wins_on_negative_maps() -> None:
    x = -1.0 - np.random.default_rng(2).random((1, 1, 5, 5))
    out = REFERENCE.reference(x, 3, stride=2, padding=1)
    assert np.isfinite(out).all() and (out < -1.0).all()
    assert np.isin(out, x).all()  # every output is one of the inputs, never a padded value
