"""Checks of the mlp_forward reference: facts about a two-layer ReLU network."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("mlp_forward", "q01_deep_learning.yaml")
REFERENCE = EX.reference


def test_output_keeps_the_batch_axis_and_has_k_columns() -> None:
    for case in REFERENCE.edge_cases():
        x, _, _, W2, _ = case.args
        assert REFERENCE.reference(*case.args).shape == (x.shape[0], W2.shape[0]), case.name


def test_without_the_relu_two_layers_are_one_linear_layer() -> None:
    no_activation = EX.entry_of(EX.mutant_path("no_activation"))
    for case in EX.random_cases(0):
        x, W1, b1, W2, b2 = case.args
        np.testing.assert_allclose(no_activation(*case.args), x @ (W2 @ W1).T + (W2 @ b1 + b2))


def test_dead_hidden_layer_outputs_the_output_bias() -> None:
    x = np.array([[1.0, 2.0], [3.0, 0.5]])
    out = REFERENCE.reference(x, -np.ones((4, 2)), np.zeros(4), np.ones((3, 4)), np.arange(3.0))
    np.testing.assert_array_equal(out, [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]])


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
