"""Checks of the conv1d reference: F.conv1d on dilated, strided, padded settings; float32."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("conv1d", "q37_conv1d.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 4])
@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_matches_conv1d(stride: int, padding: int, dilation: int) -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(3)
    x, weight, bias = rng.normal(size=(2, 3, 14)), rng.normal(size=(4, 3, 3)), rng.normal(size=4)
    want = F.conv1d(
        *(torch.from_numpy(a) for a in (x, weight, bias)),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    got = REFERENCE.reference(x, weight, bias, stride, padding, dilation)
    assert np.allclose(got, want.numpy())


def test_a_difference_kernel_measures_the_slope_with_the_right_sign() -> None:
    ramp = np.arange(10.0).reshape(1, 1, 10)
    out = REFERENCE.reference(ramp, np.array([[[-1.0, 0.0, 1.0]]]), None, dilation=2)
    assert np.allclose(out, 4.0)  # x[t + 4] - x[t] on a ramp of slope 1


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_unfold.py")
    for case in EX.every_case():
        if case.raises is None:
            args = as_torch(case.args, torch.float32)
            actual = as_numpy(function(*args, **case.kwargs))
            assert EX.close(actual, EX.expected(case)), case.name
