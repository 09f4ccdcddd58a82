"""Checks of the gradient_descent reference: the step-size limit and a float32 learner."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("gradient_descent", "q23_gradient_descent.yaml")
REFERENCE = EX.reference
A = np.array([[3.0, 1.0], [1.0, 2.0]])
B = np.array([1.0, -1.0])


def test_converges_below_two_over_lambda_max_and_diverges_above() -> None:
    lam_max = float(np.linalg.eigvalsh(A).max())
    x_star = np.linalg.solve(A, B)
    stable = REFERENCE.reference(A, B, np.zeros(2), 1.9 / lam_max, 400)
    unstable = REFERENCE.reference(A, B, np.zeros(2), 2.1 / lam_max, 400)
    assert np.allclose(stable[-1], x_star)
    assert np.linalg.norm(unstable[-1] - x_star) > 1e3


def test_path_shape_and_inputs_untouched() -> None:
    x0 = np.array([1.0, 2.0])
    path = REFERENCE.reference(A, B, x0, 0.1, 7)
    assert path.shape == (8, 2)
    np.testing.assert_array_equal(path[0], [1.0, 2.0])
    np.testing.assert_array_equal(x0, [1.0, 2.0])
    assert len({tuple(row) for row in path}) == 8  # every row is a different iterate


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
