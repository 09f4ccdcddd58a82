"""Checks of the sawtooth_network reference: 2**depth linear pieces in [0, 1], and a float32
learner passes at depth 8."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("sawtooth_network", "q27_shallow_vs_deep.yaml")
REFERENCE = EX.reference


def test_depth_k_has_two_to_the_k_linear_pieces_in_the_unit_interval() -> None:
    x = np.arange(2**12 + 1) / 2**12
    for depth in range(0, 9):
        y = REFERENCE.reference(x, depth)
        assert y.min() >= 0.0 and y.max() <= 1.0
        slopes = np.diff(y) * 2**12
        assert np.allclose(np.abs(slopes), 2.0**depth)
        assert 1 + np.count_nonzero(np.diff(slopes)) == 2**depth


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
