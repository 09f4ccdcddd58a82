"""Checks of the same_padding reference: PyTorch's stride-1 "same" is reproduced with F.pad, and
the strided (TensorFlow) rule gives ceil(n / s) outputs with the least padding."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("same_padding", "q41_padding.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_stride_one_reproduces_torch_padding_same(dilation: int) -> None:
    import torch
    import torch.nn.functional as F

    x = torch.randn(1, 2, 2, 23, dtype=torch.float64)
    for kernel in range(1, 8):
        weight = torch.randn(3, 2, 1, kernel, dtype=torch.float64)
        left, right = REFERENCE.reference(kernel, 1, dilation)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # even kernels warn about a padded copy
            same = F.conv2d(x, weight, padding="same", dilation=(1, dilation))
        padded = F.conv2d(F.pad(x, (left, right)), weight, dilation=(1, dilation))
        assert torch.allclose(same, padded), (kernel, dilation)


def test_strided_rule_gives_ceil_outputs_with_the_least_padding() -> None:
    def outputs(n: int, total: int, span: int, stride: int) -> int:
        return (n + total - span) // stride + 1 if n + total >= span else 0

    for n in range(1, 30):
        for kernel in range(1, 7):
            for stride in range(2, 5):
                for dilation in (1, 2):
                    left, right = REFERENCE.reference(kernel, stride, dilation, n)
                    span, total = dilation * (kernel - 1) + 1, left + right
                    assert 0 <= right - left <= 1
                    assert outputs(n, total, span, stride) == -(-n // stride)
                    assert total == 0 or outputs(n, total - 1, span, stride) < -(-n // stride)


def test_stride_one_ignores_the_input_size_and_returns_ints() -> None:
    for n in (1, 4, 100):
        assert REFERENCE.reference(4, 1, 1, n) == REFERENCE.reference(4) == (1, 2)
    for case in EX.every_case():
        if case.raises is None:
            result = REFERENCE.reference(*case.args, **case.kwargs)
            assert [type(v) for v in result] == [int, int], case.name
    assert np.array_equal(REFERENCE.reference(3, 2, 1, 224), (0, 1))
