"""Checks of the perceptron_step reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch, outcome, uses_torch

EX = ExerciseUnderTest.load("perceptron_step", "q08_perceptron.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("case", REFERENCE.edge_cases(), ids=lambda c: c.name)
def test_oracle_agrees_on_edge_case(case: Case) -> None:
    assert REFERENCE.oracle is not None
    assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case))


@pytest.mark.parametrize("seed", EX.seeds)
def test_oracle_agrees_on_random_cases(seed: int) -> None:
    assert REFERENCE.oracle is not None
    for case in EX.random_cases(seed):
        assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case)), case.name


def test_random_cases_are_reproducible() -> None:
    first, second = EX.random_cases(3), EX.random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        EX.close(outcome(REFERENCE.reference, c), EX.expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_mutant_files_match_the_yaml() -> None:
    on_disk = {p.stem for p in EX.mutant_dir.glob("*.py")}
    assert on_disk == {m.name for m in EX.spec.mutants}
    assert len(on_disk) >= 3


@pytest.mark.parametrize("name", [m.name for m in EX.spec.mutants])
def test_mutant_is_caught_by_an_edge_case(name: str) -> None:
    mutant = EX.entry_of(EX.mutant_path(name))
    caught = [
        c.name for c in REFERENCE.edge_cases() if not EX.close(outcome(mutant, c), EX.expected(c))
    ]
    assert caught, f"{name} passes every edge case"


def test_mutants_are_distinguishable() -> None:
    cases = EX.every_case()
    signatures = {}
    for mutant in EX.spec.mutants:
        function = EX.entry_of(EX.mutant_path(mutant.name))
        signatures[mutant.name] = [outcome(function, c) for c in cases]
    names = list(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert any(
                not EX.close(a, b) or not EX.close(b, a)
                for a, b in zip(signatures[first], signatures[second], strict=True)
            ), f"mutants {first} and {second} behave the same on every case"


def test_there_are_alternative_solutions() -> None:
    assert len(EX.solutions) >= 2
    assert any(uses_torch(p) for p in EX.solutions)


@pytest.mark.parametrize("path", EX.solutions, ids=lambda p: p.stem)
def test_alternative_solution_passes(path: Path) -> None:
    function = EX.entry_of(path)
    for case in EX.every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert EX.close(actual, EX.expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


def test_starter_fails() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(EX.spec.starter, "starter.py", "exec"), namespace)
    case = REFERENCE.edge_cases()[0]
    assert not EX.close(outcome(namespace[EX.spec.function], case), EX.expected(case))


# Facts about the perceptron rule itself.


def test_activation_exactly_zero_predicts_one() -> None:
    w, b = REFERENCE.reference(np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 0, 0.5)
    np.testing.assert_array_equal(w, [0.0, -2.0])
    assert b == -0.5
    w, b = REFERENCE.reference(np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 1, 0.5)
    np.testing.assert_array_equal(w, [1.0, -1.0])
    assert b == 0.0


def test_correct_prediction_changes_nothing_and_inputs_are_not_modified() -> None:
    w = np.array([2.0, -1.0, 0.5])
    x = np.array([1.0, 0.5, 2.0])
    w_new, b_new = REFERENCE.reference(w, 0.5, x, 1, 0.5)
    np.testing.assert_array_equal(w_new, w)
    assert b_new == 0.5
    w_new, _ = REFERENCE.reference(w, 0.5, x, 0, 0.5)
    np.testing.assert_array_equal(w, [2.0, -1.0, 0.5])
    assert w_new is not w


def test_returns_an_array_and_a_python_float() -> None:
    for case in REFERENCE.edge_cases():
        w_new, b_new = REFERENCE.reference(*case.args)
        assert isinstance(w_new, np.ndarray) and w_new.shape == case.args[0].shape
        assert type(b_new) is float


def test_repeated_steps_learn_a_separable_function() -> None:
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    labels = [0, 1, 1, 1]  # OR
    w, b = np.zeros(2), 0.0
    for _ in range(20):
        for x, y in zip(inputs, labels, strict=True):
            w, b = REFERENCE.reference(w, b, x, y, 1.0)
    assert [int(w @ x + b >= 0) for x in inputs] == labels


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name
