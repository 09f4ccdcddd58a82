"""Checks of the conv2d_forward reference: F.conv2d on tricky settings, no flip, float32."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("conv2d_forward", "q36_conv_layer.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("stride", [1, 3, (2, 1)])
@pytest.mark.parametrize("padding", [0, 2, (0, 1)])
def test_matches_conv2d(stride: Any, padding: Any) -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(7)
    x, weight, bias = (
        rng.normal(size=(2, 3, 9, 8)),
        rng.normal(size=(4, 3, 3, 2)),
        rng.normal(size=4),
    )
    want = F.conv2d(
        *(torch.from_numpy(a) for a in (x, weight, bias)), stride=stride, padding=padding
    )
    assert np.allclose(REFERENCE.reference(x, weight, bias, stride, padding), want.numpy())


def test_an_impulse_reproduces_the_kernel_mirrored_like_torch() -> None:
    image = np.zeros((1, 1, 5, 5))
    image[0, 0, 2, 2] = 1.0
    kernel = np.arange(9.0).reshape(1, 1, 3, 3)
    out = REFERENCE.reference(image, kernel, None, padding=1)[0, 0, 1:4, 1:4]
    # cross-correlation of an impulse is the kernel rotated by 180 degrees
    assert np.array_equal(out, kernel[0, 0, ::-1, ::-1])


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_unfold.py")
    for case in EX.every_case():
        if case.raises is None:
            args = as_torch(case.args, torch.float32)
            actual = as_numpy(function(*args, **case.kwargs))
            assert EX.close(actual, EX.expected(case)), case.name
