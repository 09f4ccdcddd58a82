"""Checks of the apply_kernel reference: Sobel signs, F.conv2d's "same" for even kernels."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("apply_kernel", "q38_kernel_detects.yaml")
REFERENCE = EX.reference
SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (4, 1), (2, 5), (3, 4), (6, 6)])
def test_same_matches_conv2d_for_even_and_odd_kernels(shape: tuple[int, int]) -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(sum(shape))
    image, kernel = rng.normal(size=(7, 5)), rng.normal(size=shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = F.conv2d(
            torch.from_numpy(image)[None, None],
            torch.from_numpy(kernel)[None, None],
            padding="same",
        )[0, 0]
    assert np.allclose(REFERENCE.reference(image, kernel, "same"), want.numpy())


def test_sobel_sign_follows_the_edge_direction() -> None:
    dark_to_bright = np.repeat([[0.0, 0.0, 1.0, 1.0]], 3, axis=0)
    assert np.all(REFERENCE.reference(dark_to_bright, SOBEL_X) == 4.0)
    assert np.all(REFERENCE.reference(dark_to_bright[:, ::-1], SOBEL_X) == -4.0)
    assert np.all(REFERENCE.reference(dark_to_bright.T, SOBEL_X.T) == 4.0)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises is None:
            actual = as_numpy(function(*as_torch(case.args, torch.float32)))
            assert EX.close(actual, EX.expected(case)), case.name
