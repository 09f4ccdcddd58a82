"""Checks of the focal_loss reference: gamma = 0 is the alpha-balanced BCE, the modulating
factor down-weights easy examples of both classes, and logits of +-1000 stay finite."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("focal_loss", "q14_focal_loss.yaml", MODERN)
REFERENCE = EX.reference.reference


def test_gamma_zero_is_alpha_balanced_bce() -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    logits = rng.normal(scale=3.0, size=50)
    targets = (rng.random(50) < 0.3).astype(np.float64)
    weight = 0.25 * targets + 0.75 * (1 - targets)
    want = F.binary_cross_entropy_with_logits(
        torch.from_numpy(logits),
        torch.from_numpy(targets),
        weight=torch.from_numpy(weight),
        reduction="none",
    ).numpy()
    np.testing.assert_allclose(REFERENCE(logits, targets, 0.25, 0.0), want, rtol=1e-12)


def test_easy_examples_of_both_classes_are_down_weighted() -> None:
    logits = np.array([2.197224577, -2.197224577])  # p_t = 0.9 for both
    targets = np.array([1.0, 0.0])
    focal = REFERENCE(logits, targets, 0.5, 2.0)
    bce = REFERENCE(logits, targets, 0.5, 0.0)
    np.testing.assert_allclose(focal / bce, [0.01, 0.01], rtol=1e-6)


def test_hard_examples_keep_most_of_their_loss() -> None:
    logits, targets = np.array([-4.0, 4.0]), np.array([1.0, 0.0])
    ratio = REFERENCE(logits, targets, 0.25, 2.0) / REFERENCE(logits, targets, 0.25, 0.0)
    assert (ratio > 0.96).all()


def test_confident_mistakes_are_finite_and_linear() -> None:
    loss = REFERENCE(np.array([1000.0, -1000.0]), np.array([0.0, 1.0]), 0.25, 2.0)
    np.testing.assert_allclose(loss, [750.0, 250.0])


def test_reductions_and_the_unknown_one() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(3, 4))
    targets = (rng.random((3, 4)) < 0.3).astype(np.float64)
    none = REFERENCE(logits, targets, 0.25, 2.0, "none")
    assert none.shape == (3, 4)
    assert math.isclose(REFERENCE(logits, targets, 0.25, 2.0, "mean"), none.mean())
    assert math.isclose(REFERENCE(logits, targets, 0.25, 2.0, "sum"), none.sum())
    with pytest.raises(ValueError):
        REFERENCE(logits, targets, 0.25, 2.0, "batchmean")


def test_random_cases_cover_every_reduction_and_shape() -> None:
    cases = EX.random_cases(0)
    assert {c.args[4] for c in cases} == {"none", "mean", "sum"}
    assert {c.args[0].ndim for c in cases} == {1, 2}
