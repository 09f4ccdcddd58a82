"""Checks of the topk_predictions reference: the tie rule, and why torch.topk is not its oracle."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("topk_predictions", "q57_topk_accuracy.yaml")
REFERENCE = EX.reference


def test_ties_come_lower_index_first() -> None:
    values, indices = REFERENCE.reference(np.array([[1.0, 3.0, 3.0, 2.0, 3.0]]), 4)
    np.testing.assert_array_equal(indices, [[1, 2, 4, 3]])
    np.testing.assert_array_equal(values, [[3.0, 3.0, 3.0, 2.0]])
    assert indices.dtype == np.int64


def test_agrees_with_torch_topk_wherever_the_scores_are_distinct() -> None:
    import torch

    for case in EX.every_case(range(5)):
        logits, k = case.args
        distinct_rows = all(len(set(row)) == len(row) for row in logits.tolist())
        if case.raises or not distinct_rows:
            continue
        values, indices = torch.topk(torch.from_numpy(logits), k, dim=1)
        want_values, want_indices = REFERENCE.reference(logits, k)
        np.testing.assert_array_equal(indices.numpy(), want_indices)
        np.testing.assert_array_equal(values.numpy(), want_values)


def test_top_k_accuracy_built_on_it_grows_with_k() -> None:
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(size=(50, 10)), rng.integers(0, 10, size=50)
    accuracies = [
        (REFERENCE.reference(logits, k)[1] == labels[:, None]).any(axis=1).mean()
        for k in range(1, 11)
    ]
    assert all(a <= b for a, b in itertools.pairwise(accuracies))
    assert accuracies[-1] == 1.0


def test_random_cases_have_ties() -> None:
    tied = [c for c in EX.random_cases(0) if any(len(set(r)) < len(r) for r in c.args[0].tolist())]
    assert len(tied) >= 3


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
