"""Checks of the dropout reference: the mean is kept, PyTorch's convention, evaluation."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("dropout", "q35_dropout.yaml")
REFERENCE = EX.reference


def test_expected_output_is_the_input_over_many_masks() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 6))
    for p in [0.1, 0.5, 0.8]:
        masks = (rng.random((40_000, *x.shape)) >= p).astype(np.float64)
        outputs = np.stack([REFERENCE.reference(x, m, p) for m in masks[:2000]])
        assert np.allclose(outputs.mean(axis=0), x, atol=0.25)
        everything = REFERENCE.reference(x[None], masks, p)  # broadcast x over all the masks
        assert np.allclose(everything.mean(axis=0), x, atol=0.06)
        assert np.allclose(everything.var(axis=0), x**2 * p / (1 - p), rtol=0.1, atol=0.02)


def test_kept_units_are_scaled_like_torch_dropout() -> None:
    import torch
    import torch.nn.functional as F

    torch.manual_seed(1)
    x = torch.rand(1000, dtype=torch.float64) + 0.5
    for p in [0.2, 0.5, 0.9]:
        y = F.dropout(x, p, training=True)
        mask = (y != 0).double()
        got = REFERENCE.reference(x.numpy(), mask.numpy(), p)
        assert np.allclose(got, y.numpy())


def test_evaluation_ignores_the_mask_and_p_one_gives_zeros() -> None:
    x = np.array([1.0, -2.0, 3.0])
    assert np.array_equal(REFERENCE.reference(x, np.zeros(3), 0.9, training=False), x)
    result = REFERENCE.reference(x, np.zeros(3), 1.0)
    assert np.array_equal(result, np.zeros(3)) and not np.isnan(result).any()


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises is None:
            actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
            assert EX.close(actual, EX.expected(case)), case.name
