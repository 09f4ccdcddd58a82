"""Checks of the conv2d_output_shape reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("conv2d_output_shape", "q42_conv_output_shape.yaml")
REFERENCE = EX.reference


# Facts about convolution shapes.


@pytest.mark.parametrize("stride", [1, 2, 3, (1, 2)])
@pytest.mark.parametrize("dilation", [1, 2, (3, 1)])
@pytest.mark.parametrize("padding", [0, 1, (2, 0), "valid"])
def test_matches_conv2d_shapes(stride: Any, dilation: Any, padding: Any) -> None:
    import torch
    import torch.nn.functional as F

    for size in [(9, 9), (13, 10), (20, 7)]:
        for kernel in [1, 2, 3, (3, 2)]:
            image = torch.zeros(1, 1, *size)
            weight = torch.zeros(1, 1, *((kernel, kernel) if isinstance(kernel, int) else kernel))
            shape = F.conv2d(image, weight, stride=stride, padding=padding, dilation=dilation)
            got = REFERENCE.reference(size, kernel, stride, padding, dilation)
            assert got == tuple(shape.shape[-2:])


def test_floor_when_the_stride_does_not_divide() -> None:
    assert REFERENCE.reference(8, 3, stride=2) == (3, 3)
    assert REFERENCE.reference(224, 7, stride=2, padding=3) == (112, 112)


def test_same_keeps_the_size_even_for_even_or_dilated_kernels() -> None:
    for kernel, dilation in [(4, 1), (2, 3), ((3, 4), (2, 1))]:
        assert REFERENCE.reference((17, 12), kernel, 1, "same", dilation) == (17, 12)
        assert REFERENCE.oracle is not None
        assert REFERENCE.oracle((17, 12), kernel, 1, "same", dilation) == (17, 12)


def test_same_with_a_stride_raises_value_error_like_torch() -> None:
    import torch

    with pytest.raises(ValueError):
        REFERENCE.reference(16, 3, stride=2, padding="same")
    with pytest.raises(ValueError):
        REFERENCE.reference(16, 3, stride=(1, 2), padding="same")
    with pytest.raises(ValueError):
        torch.nn.Conv2d(1, 1, 3, stride=2, padding="same")
    assert any(
        c.raises == "ValueError" and c.kwargs.get("padding") == "same"
        for c in REFERENCE.edge_cases()
    )


def test_kernel_larger_than_the_padded_input_raises_value_error() -> None:
    with pytest.raises(ValueError):
        REFERENCE.reference(6, 3, dilation=3)
    assert REFERENCE.reference(6, 3, padding=1, dilation=3) == (2, 2)


def test_returns_python_ints() -> None:
    for case in REFERENCE.cases(0, 20):
        if case.raises is None:
            result = REFERENCE.reference(*case.args, **case.kwargs)
            assert isinstance(result, tuple) and [type(v) for v in result] == [int, int]
