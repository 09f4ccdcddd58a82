"""Checks of the binary_cross_entropy_with_logits reference: facts about the logistic loss."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("binary_cross_entropy_with_logits", "q60_logistic_regression.yaml")
REFERENCE = EX.reference


def test_huge_logits_give_the_exact_loss() -> None:
    assert REFERENCE.reference(np.array([1000.0, -1000.0]), np.array([1.0, 0.0])) == 0.0
    wrong = REFERENCE.reference(np.array([1000.0, -1000.0]), np.array([0.0, 1.0]))
    assert wrong == pytest.approx(1000.0, rel=1e-12)


def test_matches_the_textbook_formula_where_it_is_safe() -> None:
    rng = np.random.default_rng(1)
    z, y = rng.normal(size=50), rng.random(size=50)
    p = 1 / (1 + np.exp(-z))
    textbook = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert REFERENCE.reference(z, y) == pytest.approx(textbook, rel=1e-12)


def test_soft_targets_bottom_out_at_their_entropy() -> None:
    y = np.array([0.3, 0.5, 0.9])
    best = REFERENCE.reference(np.log(y / (1 - y)), y)
    assert best == pytest.approx(-np.mean(y * np.log(y) + (1 - y) * np.log(1 - y)))
    assert best < REFERENCE.reference(np.log(y / (1 - y)) + 0.1, y)


def test_returns_a_python_float() -> None:
    for case in EX.every_case(range(2)):
        assert type(REFERENCE.reference(*case.args)) is float, case.name


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
