"""Checks of the feedforward reference: layer layout, where the activation goes, stability."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("feedforward", "q10_feedforward.yaml")
REFERENCE = EX.reference


def test_one_layer_is_affine_whatever_the_activation() -> None:
    rng = np.random.default_rng(1)
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    for activation in ("relu", "tanh", "sigmoid"):
        np.testing.assert_allclose(REFERENCE.reference(x, [(W, b)], activation), x @ W.T + b)


def test_output_shape_follows_the_last_layer() -> None:
    for case in EX.every_case(range(3)):
        if case.raises is None and case.args[1]:
            x, layers, _ = case.args
            assert REFERENCE.reference(*case.args).shape == (x.shape[0], layers[-1][0].shape[0])


def test_saturated_sigmoid_is_finite_and_exact() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "800" in c.name)
    x, layers, _ = case.args
    W1, b1 = layers[0]
    assert np.abs(x @ W1.T + b1).max() >= 800
    with np.errstate(all="raise"):
        output = REFERENCE.reference(*case.args)
    assert np.isfinite(output).all()


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case(range(5)):
        if case.raises is None:
            x, layers, activation = as_torch(case.args, torch.float32)
            layers = [as_torch(layer, torch.float32) for layer in layers]
            actual = as_numpy(function(x, layers, activation))
            assert EX.close(actual, EX.expected(case)), case.name
