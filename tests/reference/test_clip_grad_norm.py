"""Checks of the clip_grad_norm reference: facts about clipping by the global norm."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("clip_grad_norm", "q30_exploding_gradients.yaml")
REFERENCE = EX.reference


def test_clipped_norm_is_max_norm_and_direction_is_kept() -> None:
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5), rng.normal(size=(2, 2, 2))]
    clipped, total = REFERENCE.reference(grads, 0.5)
    everything = np.concatenate([g.ravel() for g in grads])
    after = np.concatenate([g.ravel() for g in clipped])
    assert total == pytest.approx(np.linalg.norm(everything))
    assert np.linalg.norm(after) == pytest.approx(0.5 * total / (total + 1e-6))
    np.testing.assert_allclose(after / np.linalg.norm(after), everything / total)


def test_never_scales_up_and_leaves_inputs_alone() -> None:
    grads = [np.array([0.1, -0.2]), np.array([[0.05]])]
    copies = [g.copy() for g in grads]
    clipped, total = REFERENCE.reference(grads, 10.0)
    for got, original in zip(clipped, copies, strict=True):
        np.testing.assert_array_equal(got, original)
    for g, original in zip(grads, copies, strict=True):
        np.testing.assert_array_equal(g, original)
    assert total == pytest.approx(math.sqrt(0.01 + 0.04 + 0.0025))


def test_total_norm_is_the_same_for_every_grouping() -> None:
    rng = np.random.default_rng(1)
    flat = rng.normal(size=12)
    for p in (1.0, 2.0, 3.0, math.inf):
        whole = REFERENCE.reference([flat], 1.0, p)[1]
        split = REFERENCE.reference([flat[:5], flat[5:].reshape(7, 1)], 1.0, p)[1]
        assert split == pytest.approx(whole, rel=1e-12)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
