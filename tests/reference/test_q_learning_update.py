"""Checks of the q_learning_update reference: terminal steps, copying, and convergence."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("q_learning_update", "q07_types_of_learning.yaml")
REFERENCE = EX.reference


def test_worked_example_and_terminal_step() -> None:
    Q = np.array([[2.0, 0.0], [3.0, -1.0]])
    assert REFERENCE.reference(Q, 0, 0, 1.0, 1, False, 0.5, 0.9)[0, 0] == 2.85
    assert REFERENCE.reference(Q, 0, 0, 1.0, 1, True, 0.5, 0.9)[0, 0] == 1.5


def test_only_q_s_a_changes_and_the_input_is_left_alone() -> None:
    for case in EX.every_case(range(3)):
        Q, s, a = case.args[:3]
        before = Q.copy()
        Q_new = REFERENCE.reference(*case.args)
        np.testing.assert_array_equal(Q, before)
        changed = np.argwhere(Q_new != Q)
        assert all(tuple(position) == (s, a) for position in changed), case.name


def test_oracle_detaches_the_target() -> None:
    """With a self-loop, a gradient through max Q[s_next] would change the result."""
    Q = np.array([[1.0, 0.5]])
    expected = REFERENCE.reference(Q, 0, 0, 0.0, 0, False, 0.5, 0.9)
    np.testing.assert_allclose(REFERENCE.oracle(Q, 0, 0, 0.0, 0, False, 0.5, 0.9), expected)


def test_repeated_updates_converge_to_the_bellman_fixed_point() -> None:
    """One state that loops to itself with reward 1: Q* = 1 / (1 - gamma)."""
    Q = np.zeros((1, 1))
    for _ in range(1000):
        Q = REFERENCE.reference(Q, 0, 0, 1.0, 0, False, 0.5, 0.9)
    assert abs(Q[0, 0] - 10.0) < 1e-9
