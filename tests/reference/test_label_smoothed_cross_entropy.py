"""Checks of the label_smoothed_cross_entropy reference: it is F.cross_entropy's label smoothing
(eps/K on every class), ignored rows leave both the sum and the count, and its optimum sits at a
finite logit gap."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("label_smoothed_cross_entropy", "q13_label_smoothing.yaml", MODERN)
REFERENCE = EX.reference.reference


def test_epsilon_zero_is_plain_cross_entropy_and_one_is_uniform() -> None:
    logits = np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]])
    targets = np.array([0, 2])
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    assert math.isclose(REFERENCE(logits, targets, 0.0), -log_probs[[0, 1], [0, 2]].mean())
    assert math.isclose(REFERENCE(logits, targets, 1.0), -log_probs.mean())
    assert math.isclose(REFERENCE(logits, targets, 1.0), REFERENCE(logits, np.array([1, 1]), 1.0))


def test_two_classes_target_is_point_nine_point_one() -> None:
    logits, targets = np.array([[0.3, -0.4]]), np.array([0])
    p = np.exp(logits[0]) / np.exp(logits[0]).sum()
    want = -(0.9 * np.log(p[0]) + 0.1 * np.log(p[1]))
    assert math.isclose(REFERENCE(logits, targets, 0.2), want)


def test_ignored_rows_change_nothing_and_are_not_counted() -> None:
    rng = np.random.default_rng(0)
    logits, targets = rng.normal(size=(5, 4)), np.array([0, 3, 1, 2, 2])
    kept = REFERENCE(logits, targets, 0.1)
    padded_logits = np.vstack([logits, rng.normal(size=(3, 4)) * 50])
    padded_targets = np.concatenate([targets, [-100, -100, -100]])
    assert math.isclose(REFERENCE(padded_logits, padded_targets, 0.1), kept)


def test_ignore_index_can_be_a_class() -> None:
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0], [3.0, 0.0, 2.0]])
    with_class_zero_ignored = REFERENCE(logits, np.array([0, 1, 0]), 0.25, 0)
    assert math.isclose(with_class_zero_ignored, REFERENCE(logits[1:2], np.array([1]), 0.25))


def test_optimum_is_the_smoothed_target() -> None:
    num_classes, eps = 10, 0.1
    gap = math.log(1 + num_classes * (1 - eps) / eps)
    best = np.array([[gap] + [0.0] * (num_classes - 1)])
    floor = REFERENCE(best, np.array([0]), eps)
    q = np.array([1 - eps + eps / num_classes] + [eps / num_classes] * (num_classes - 1))
    assert math.isclose(floor, -(q * np.log(q)).sum())
    for delta in (-0.5, 0.5):
        nudged = best + np.array([[delta] + [0.0] * (num_classes - 1)])
        assert REFERENCE(nudged, np.array([0]), eps) > floor


def test_large_logits_stay_finite() -> None:
    value = REFERENCE(np.array([[1000.0, -1000.0, 0.0]]), np.array([0]), 0.1)
    assert math.isfinite(value) and value > 60


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_bad_epsilon_and_all_ignored_raise(bad: float) -> None:
    with pytest.raises(ValueError):
        REFERENCE(np.zeros((1, 3)), np.array([1]), bad)
    with pytest.raises(ValueError):
        REFERENCE(np.zeros((2, 3)), np.array([-100, -100]), 0.1)


def test_random_cases_ignore_some_rows() -> None:
    cases = [c for seed in range(5) for c in EX.random_cases(seed)]
    assert sum(bool((c.args[1] == c.args[3]).any()) for c in cases) >= 10
    assert all(not (c.args[1] == c.args[3]).all() for c in cases)
