"""Checks of the select_architecture reference: the one-standard-error rule worked by hand, what
the chosen configuration must satisfy, and that the random cases exercise the rule."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("select_architecture", "q18_choosing_layer_sizes.yaml")
REFERENCE = EX.reference


def test_the_quiz_example_by_hand() -> None:
    """Means 10, 11 and 10.5 with the best's standard error exactly 1: the smallest model,
    exactly at the edge of the band, is chosen."""
    best_folds = [7.0, 9.0, 10.0, 11.0, 13.0]
    assert np.std(best_folds, ddof=1) / np.sqrt(5) == 1.0
    index, threshold = REFERENCE.reference(
        np.array([90_000, 1_000, 20_000]), np.array([best_folds, [11.0] * 5, [10.5] * 5])
    )
    assert (index, threshold) == (1, 11.0)
    assert type(index) is int and type(threshold) is float


def test_the_choice_is_the_simplest_inside_the_band() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        params, losses = case.args
        index, threshold = REFERENCE.reference(params, losses)
        means = losses.mean(axis=1)
        best = int(np.argmin(means))
        assert np.isclose(
            threshold, means[best] + np.std(losses[best], ddof=1) / np.sqrt(losses.shape[1])
        )
        inside = means <= threshold
        assert inside[index] and inside[best], case.name
        assert params[index] == params[inside].min(), case.name
        assert not (inside[:index] & (params[:index] == params[index])).any(), case.name
        assert params[index] <= params[best]


def test_standard_error_is_torch_std_over_sqrt_k() -> None:
    import torch

    losses = np.random.default_rng(1).normal(size=(4, 7))
    _, threshold = REFERENCE.reference(np.arange(4, 0, -1), losses)
    means = losses.mean(axis=1)
    best = int(np.argmin(means))
    se = torch.std(torch.from_numpy(losses[best])).item() / np.sqrt(7)
    assert np.isclose(threshold, means[best] + se)
    population = np.std(losses[best]) / np.sqrt(7)
    assert not np.isclose(threshold, means[best] + population)


def test_random_cases_exercise_the_rule() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    moved = [
        c
        for c in cases
        if REFERENCE.reference(*c.args)[0] != int(np.argmin(c.args[1].mean(axis=1)))
    ]
    kept = [c for c in cases if c not in moved]
    assert len(moved) >= len(cases) // 5 and len(kept) >= len(cases) // 5
    assert any(len(set(c.args[0].tolist())) < len(c.args[0]) for c in cases)
    assert {c.args[1].shape[1] for c in cases} >= {2, 5, 10}


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
