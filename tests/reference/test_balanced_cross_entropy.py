"""Checks of the balanced_cross_entropy reference: the weights' defining property, agreement
with scikit-learn's formula and torch's module, and what the weighted mean reduces to."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("balanced_cross_entropy", "q05_dl_challenges.yaml")
REFERENCE = EX.reference


def _ce(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(labels)), labels]


def test_hand_worked_weights_and_loss() -> None:
    logits = np.array([[2.0, 0.0], [1.0, 1.0], [0.5, -0.5], [1.0, 2.0]])
    labels = np.array([0, 0, 0, 1])
    weights, loss = REFERENCE.reference(logits, labels, np.array([90, 10]))
    np.testing.assert_allclose(weights, [100 / 180, 5.0])
    ce = _ce(logits, labels)
    assert loss == pytest.approx((100 / 180 * ce[:3].sum() + 5.0 * ce[3]) / (300 / 180 + 5.0))


def test_every_class_weighs_the_same_in_total() -> None:
    counts = np.array([700, 0, 250, 45, 5])
    weights, _ = REFERENCE.reference(np.zeros((1, 5)), np.array([0]), counts)
    np.testing.assert_allclose((weights * counts)[counts > 0], counts.sum() / 5)
    assert weights[1] == 0.0


def test_with_batch_counts_the_loss_is_the_mean_of_per_class_means() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(9, 4))
    labels = np.array([0, 0, 0, 0, 0, 1, 1, 3, 0])
    counts = np.bincount(labels, minlength=4)
    _, loss = REFERENCE.reference(logits, labels, counts)
    ce = _ce(logits, labels)
    per_class = [ce[labels == c].mean() for c in (0, 1, 3)]
    assert loss == pytest.approx(np.mean(per_class))


def test_balanced_counts_give_the_plain_mean() -> None:
    rng = np.random.default_rng(2)
    logits, labels = rng.normal(size=(6, 3)), np.array([0, 2, 1, 1, 0, 2])
    weights, loss = REFERENCE.reference(logits, labels, np.array([4, 4, 4]))
    np.testing.assert_allclose(weights, 1.0)
    assert loss == pytest.approx(_ce(logits, labels).mean())


def test_weights_match_sklearn_balanced_formula() -> None:
    """scikit-learn's compute_class_weight("balanced") is n_samples / (n_classes * bincount)."""
    labels = np.array([0] * 12 + [1] * 3 + [2] * 1)
    counts = np.bincount(labels)
    weights, _ = REFERENCE.reference(np.zeros((1, 3)), np.array([2]), counts)
    np.testing.assert_allclose(weights, len(labels) / (3 * counts))


def test_agrees_with_torch_module() -> None:
    import torch
    from torch import nn

    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        logits, labels, _ = case.args
        weights, loss = REFERENCE.reference(*case.args)
        module = nn.CrossEntropyLoss(weight=torch.from_numpy(weights))
        want = float(module(torch.from_numpy(logits), torch.from_numpy(labels)))
        assert loss == pytest.approx(want, rel=1e-9, abs=1e-12), case.name


def test_random_cases_include_empty_classes() -> None:
    empty = [c for c in EX.random_cases(0) if (c.args[2] == 0).any()]
    assert len(empty) >= 2


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_weighted.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
