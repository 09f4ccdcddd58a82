"""Checks of the dqn_targets reference: hand-worked targets, the double-DQN split, and the
overestimation that double DQN removes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("dqn_targets", "q07_types_of_learning.yaml")
REFERENCE = EX.reference


def test_hand_worked_targets() -> None:
    rewards = np.array([0.5, 1.0])
    online = np.array([[2.0, 5.0, 1.0], [0.0, 0.0, 0.0]])
    target = np.array([[4.0, 3.0, 6.0], [9.0, 9.0, 9.0]])
    dones = np.array([False, True])
    np.testing.assert_allclose(
        REFERENCE.reference(rewards, online, target, dones, 0.9, False), [0.5 + 0.9 * 6, 1.0]
    )
    np.testing.assert_allclose(
        REFERENCE.reference(rewards, online, target, dones, 0.9, True), [0.5 + 0.9 * 3, 1.0]
    )


def test_double_equals_dqn_when_both_networks_agree() -> None:
    rng = np.random.default_rng(0)
    q = rng.normal(size=(8, 4))
    rewards, dones = rng.normal(size=8), rng.random(8) < 0.3
    np.testing.assert_allclose(
        REFERENCE.reference(rewards, q, q, dones, 0.99, True),
        REFERENCE.reference(rewards, q, q, dones, 0.99, False),
    )


def test_double_never_exceeds_dqn() -> None:
    """Q_target(s', argmax Q_online) <= max Q_target: double DQN's target is never higher."""
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        rewards, online, target, dones, gamma, _ = case.args
        double = REFERENCE.reference(rewards, online, target, dones, gamma, True)
        single = REFERENCE.reference(rewards, online, target, dones, gamma, False)
        assert (double <= single + 1e-12).all(), case.name


def test_double_estimator_removes_the_max_bias() -> None:
    rng = np.random.default_rng(1)
    n = 20_000
    online, target = rng.normal(size=(n, 6)), rng.normal(size=(n, 6))  # true values all 0
    rewards, dones = np.zeros(n), np.zeros(n, dtype=bool)
    single = REFERENCE.reference(rewards, online, target, dones, 1.0, False).mean()
    double = REFERENCE.reference(rewards, online, target, dones, 1.0, True).mean()
    assert single == pytest.approx(1.267, abs=0.03)  # E[max of 6 N(0,1)]
    assert abs(double) < 0.03


def test_mismatched_shapes_raise() -> None:
    with pytest.raises(ValueError):
        REFERENCE.reference(
            np.zeros(2), np.zeros((2, 3)), np.zeros((2, 4)), np.zeros(2, bool), 0.9, False
        )


def test_random_cases_have_ties_and_terminals() -> None:
    cases = EX.random_cases(0)
    assert any(c.args[3].any() for c in cases)
    assert any(
        c.args[5] and any(len(set(row)) < len(row) for row in c.args[1].tolist()) for c in cases
    )


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_gather.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
