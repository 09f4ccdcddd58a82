"""Checks of the cross_entropy reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("cross_entropy", "q22_cross_entropy.yaml")
REFERENCE = EX.reference


# Facts about cross-entropy.


def test_huge_logits_give_finite_losses_equal_to_torch() -> None:
    import torch
    import torch.nn.functional as F

    logits = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    right = REFERENCE.reference(logits, np.array([0, 1]))
    wrong = REFERENCE.reference(logits, np.array([1, 0]))
    assert right == 0.0
    assert np.isfinite(wrong) and wrong == pytest.approx(2000.0)
    torch_wrong = F.cross_entropy(torch.from_numpy(logits), torch.tensor([1, 0])).item()
    assert wrong == pytest.approx(torch_wrong)


def test_uniform_logits_give_log_k() -> None:
    for n, k in [(1, 2), (3, 10), (5, 4)]:
        for value in [0.0, 800.0, -1000.0]:
            loss = REFERENCE.reference(np.full((n, k), value), np.arange(n) % k)
            assert loss == pytest.approx(np.log(k), rel=1e-12)


def test_is_a_mean_over_the_batch() -> None:
    rng = np.random.default_rng(0)
    logits, targets = rng.normal(size=(6, 4)), np.array([0, 1, 2, 3, 0, 1])
    per_sample = [REFERENCE.reference(logits[i : i + 1], targets[i : i + 1]) for i in range(6)]
    assert REFERENCE.reference(logits, targets) == pytest.approx(np.mean(per_sample))


def test_returns_a_python_float() -> None:
    for case in REFERENCE.cases(0, 10):
        assert type(REFERENCE.reference(*case.args)) is float


def test_edge_cases_break_the_unstable_formula() -> None:
    naive = EX.entry_of(EX.mutant_path("naive_softmax"))
    broken = [c.name for c in REFERENCE.edge_cases() if not np.isfinite(naive(*c.args))]
    assert len(broken) >= 3


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
