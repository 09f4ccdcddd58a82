"""Checks of the dense_layer reference: nn.Linear's (out, in) layout and any-rank inputs."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch, outcome

EX = ExerciseUnderTest.load("dense_layer", "q02_neural_network.yaml")
REFERENCE = EX.reference


def test_row_m_of_w_is_the_weights_of_output_m() -> None:
    W = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 2.0]])  # output 0 copies x0, output 1 doubles x2
    y = REFERENCE.reference(np.array([[3.0, 4.0, 5.0]]), W, np.array([0.5, -1.0]))
    np.testing.assert_array_equal(y, [[3.5, 9.0]])


def test_acts_on_the_last_axis_like_nn_linear() -> None:
    shapes = [c.args[0].shape for c in REFERENCE.edge_cases()]
    assert (3,) in shapes and any(len(s) == 3 for s in shapes)
    for case in REFERENCE.edge_cases():
        x, W, _ = case.args
        assert REFERENCE.reference(*case.args).shape == (*x.shape[:-1], W.shape[0])


def test_layout_mistakes_run_on_the_square_case_but_not_on_the_others() -> None:
    square, rectangular = (
        next(c for c in REFERENCE.edge_cases() if c.name.startswith(start))
        for start in ("square W", "W is (out_features, in_features)")
    )
    x_at_w = EX.entry_of(EX.mutant_path("transposed_weight"))
    w_at_x = EX.entry_of(EX.mutant_path("output_transposed"))
    for function in (x_at_w, w_at_x):
        assert not EX.close(outcome(function, square), EX.expected(square))
    assert outcome(x_at_w, rectangular) == ("raises", "ValueError")
    assert outcome(w_at_x, rectangular).shape == EX.expected(rectangular).shape[::-1]


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
